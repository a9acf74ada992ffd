"""Business operations with explicit arguments, shared by the pages, the API and the CLI."""
