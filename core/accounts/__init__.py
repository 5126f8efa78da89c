"""Personal accounts (лицевые счета): lookup, linking to users, ownership and the dashboard."""
