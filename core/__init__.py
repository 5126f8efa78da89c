"""The cabinet: services and rules over storage. Knows nothing of Telegram."""
