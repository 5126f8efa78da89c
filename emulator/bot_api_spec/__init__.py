"""The Telegram Bot API described as data (`api.json`), shipped with the emulator: see README.md."""
