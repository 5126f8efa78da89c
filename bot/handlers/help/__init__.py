"""«❓ Помощь» and /help: how to use the bot, the common questions, the offices and the contact
centre, the nearest office from a shared location (`router`), their keyboards and texts; the
bot's command menu is `bot/command_menu.py`."""
