"""«Сообщения»: the customer's dialog with support, a forum topic per customer in the staff group."""
