"""Payments: the debts an account can pay, payment intents, the acquiring gateways."""
