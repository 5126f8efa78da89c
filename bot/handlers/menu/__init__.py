"""The main menu: its keyboard and the router that opens a section from any state."""
