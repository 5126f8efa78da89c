"""The `cabinet` command line."""
