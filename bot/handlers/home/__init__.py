"""«Главная»: the cards of the customer's accounts and their buttons."""
