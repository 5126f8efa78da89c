"""What `cabinet demo` runs: the database, demo data, the emulator and the bot in one loop."""

from __future__ import annotations

import asyncio

from pydantic import SecretStr
from sqlalchemy.engine import make_url

from bot.runtime import build_runtime, serve
from cli.emulator import sandbox_fields
from cli.seed import seed_database
from cli.startup import StartupFailed, describe, first_to_end, load_settings, until_ready
from core.demo.generator import DemoAccount
from core.settings import Settings
from emulator.config import DEFAULT_TOKEN, EmulatorConfig
from emulator.sandbox.rest import REST_PATH
from emulator.server import serve as serve_emulator

DEMO_SEED = 2026


def demo_settings(host: str, port: int) -> tuple[Settings, EmulatorConfig]:
    settings = load_settings()
    emulator = EmulatorConfig(
        host=host,
        port=port,
        token=DEFAULT_TOKEN,
        smtp_host=settings.smtp_host,
        smtp_port=settings.smtp_port,
        staff_chat_id=settings.staff_chat_id or EmulatorConfig.staff_chat_id,
        **sandbox_fields(settings),
    )
    settings = settings.model_copy(
        update={
            "bot_token": SecretStr(DEFAULT_TOKEN),
            "telegram_api_url": f"http://{host}:{port}",
            "staff_chat_id": emulator.staff_chat_id,
            "sberbank_api_url": f"http://{host}:{port}{REST_PATH}",
        }
    )
    return settings, emulator


async def run_demo(host: str, port: int, accounts: int) -> None:
    settings, emulator = demo_settings(host, port)
    say("Cabinet Bot demo — everything runs on this machine:")
    say(f"  database   {shown_url(settings.database_url)} (migrated, demo data when empty)")
    say(f"  emulator   http://{host}:{port}/bot<token>/<method> (the Telegram Bot API)")
    say(f"  mailbox    SMTP {emulator.smtp_host}:{emulator.smtp_port}, shown in the web chat")
    say(
        f"  bot        polling the emulator; its web app on {settings.web_host}:{settings.web_port}"
    )
    await seed(settings, accounts)
    parts: dict[str, asyncio.Task[None]] = {}
    try:
        emulator_ready, bot_ready = asyncio.Event(), asyncio.Event()
        parts["the emulator"] = asyncio.create_task(serve_emulator(emulator, emulator_ready))
        await until_ready(parts["the emulator"], emulator_ready, "the emulator")
        parts["the bot"] = asyncio.create_task(serve(build_runtime(settings), ready=bot_ready))
        await until_ready(parts["the bot"], bot_ready, "the bot")
        say(f"\nOpen the web chat: http://{host}:{port}/   (Ctrl+C stops the demo)\n")
        await first_to_end(parts)  # one part ending stops the other, and says why
    finally:
        for part in parts.values():
            part.cancel()
        await asyncio.gather(*parts.values(), return_exceptions=True)


async def seed(settings: Settings, accounts: int) -> None:
    try:
        result = await seed_database(settings, accounts, DEMO_SEED)
    except Exception as error:
        raise StartupFailed(
            f"the demo database {shown_url(settings.database_url)} could not be prepared: "
            f"{describe(error)}"
        ) from error
    if result.seeded:
        say(f"  demo data  {accounts} accounts loaded; link one of these in the bot:")
        for person in result.showcase:
            say(f"             {describe_account(person)}")
    else:
        say("  demo data  already there (cabinet seed-demo --force reloads it)")


def describe_account(person: DemoAccount) -> str:
    return f"account {person.number}  ЕЛС {person.els}  ({person.zones} meter, {person.habit})"


def shown_url(database_url: str) -> str:
    return make_url(database_url).render_as_string(hide_password=True)


def say(line: str) -> None:
    print(line, flush=True)
