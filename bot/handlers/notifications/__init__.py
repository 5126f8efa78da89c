"""The buttons under the notifications the bot sends (pay, send readings)."""
