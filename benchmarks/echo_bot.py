"""The baseline bot of the benchmarks, in a process of its own: a bare aiogram bot that answers
each text with the same text (one sendMessage per update), polling as aiogram polls.

`python -m benchmarks.echo_bot` with BOT_TOKEN and TELEGRAM_API_URL set; SIGTERM stops it."""

from __future__ import annotations

import asyncio
import os

from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import Message


def echo_dispatcher() -> Dispatcher:
    router = Router()

    @router.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher


def bot_from_env() -> Bot:
    """A Bot as `cabinet run` builds one: HTML by default, on the given Bot API server."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"]))
    html = DefaultBotProperties(parse_mode=ParseMode.HTML)
    return Bot(os.environ["BOT_TOKEN"], session=session, default=html)


async def serve(dispatcher: Dispatcher) -> None:
    bot = bot_from_env()
    try:
        await dispatcher.start_polling(bot, polling_timeout=30, handle_signals=True)
    finally:
        await bot.session.close()


if __name__ == "__main__":
    asyncio.run(serve(echo_dispatcher()))
