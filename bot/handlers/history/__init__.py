"""«История»: readings, charges and payments of an account, page by page."""
