"""Getting in: /start, consent, the ways to sign in, passwords and the customer's own contact."""
