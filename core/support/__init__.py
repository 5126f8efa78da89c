"""«Сообщения»: each customer's one dialog with the company, and orders of services."""
