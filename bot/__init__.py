"""The Telegram front end: aiogram routers and dialogs over the cabinet's services."""
