"""Linking an account to the customer: by number and meter, by ЕЛС, or by a meter photo the staff review."""
