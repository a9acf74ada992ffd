"""`thuocdo` sub-commands, one module per job; each exposes COMMANDS."""
