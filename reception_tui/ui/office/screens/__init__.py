"""The office workbench's screens."""
