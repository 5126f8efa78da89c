"""The cabinet: services and rules over a unit of work it defines. Knows nothing of Telegram."""
