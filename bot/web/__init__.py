"""The bot's aiohttp app: health, webhook and (later) payment callbacks and return pages."""
