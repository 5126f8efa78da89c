"""The bot's command menu in Telegram (`setMyCommands`): /start, /help, /cancel, in Russian for
everyone and in English for English-speaking users."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand

from bot.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, PoCatalogI18n

logger = logging.getLogger("cabinet.bot")
COMMANDS = ("start", "help", "cancel")


async def publish_commands(bot: Bot, i18n: PoCatalogI18n) -> None:
    """Sets the menu for the default language and for each of the bot's; a Bot API failure is
    logged, not raised: the bot works without its menu."""
    try:
        await bot.set_my_commands(_commands(i18n, DEFAULT_LOCALE))
        for locale in SUPPORTED_LOCALES:
            await bot.set_my_commands(_commands(i18n, locale), language_code=locale)
    except TelegramAPIError as failed:
        logger.warning("command menu not set", extra={"error": type(failed).__name__})


def _commands(i18n: PoCatalogI18n, locale: str) -> list[BotCommand]:
    return [
        BotCommand(command=name, description=i18n.gettext(f"help.command_{name}", locale=locale))
        for name in COMMANDS
    ]
