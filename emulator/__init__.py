"""A local Telegram Bot API server with a web chat and a test kit (one bot per world)."""
