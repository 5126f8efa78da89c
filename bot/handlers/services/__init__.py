"""Service requests: the customer's order of a paid service and its card for the staff."""
