"""«История»: readings, charges and payments of an account, newest first, a page at a time."""
