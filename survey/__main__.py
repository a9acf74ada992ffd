"""`python -m survey` runs the `thuocdo` command."""
from survey.cli import main

main()
