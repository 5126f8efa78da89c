"""The `cabinet` commands as a user runs them: real processes, real ports, real failures."""
