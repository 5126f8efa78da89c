"""Where the bot's web app takes the bank's callback and the customer's return (light to import:
the emulator's command line names the callback too)."""

CALLBACK_PATH = "/payments/sberbank/callback"
RETURN_PATH = "/payments/return"
