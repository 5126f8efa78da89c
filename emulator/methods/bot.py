"""getMe, setMyCommands, getMyCommands, deleteMyCommands, getUpdates, setWebhook,
deleteWebhook, getWebhookInfo."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from emulator.errors import bad_request
from emulator.methods.call import Call, Handler
from emulator.webhook_delivery import Webhook, max_connections_in_range
from emulator.world import JsonDict

COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
MAX_POLLING_TIMEOUT = 50
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


async def get_me(call: Call) -> JsonDict:
    return {
        **call.world.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


def commands_key(call: Call) -> str:
    scope = call.get("scope") or {"type": "default"}
    return f"{scope.get('type')}:{scope.get('chat_id', '')}:{call.get('language_code', '')}"


async def set_my_commands(call: Call) -> bool:
    commands: list[JsonDict] = call.get("commands")
    if len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    for command in commands:
        if not COMMAND.match(command["command"]):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(command["description"]) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    call.world.commands_by_scope[commands_key(call)] = commands
    return True


async def get_my_commands(call: Call) -> list[JsonDict]:
    return call.world.commands_by_scope.get(commands_key(call), [])


async def delete_my_commands(call: Call) -> bool:
    call.world.commands_by_scope.pop(commands_key(call), None)
    return True


async def get_updates(call: Call) -> list[dict[str, Any]]:
    return await call.world.updates.get_updates(
        offset=call.get("offset", 0),
        limit=call.get("limit", 100),
        wait_seconds=min(max(call.get("timeout", 0), 0), MAX_POLLING_TIMEOUT),
        allowed_updates=call.get("allowed_updates"),
    )


async def set_webhook(call: Call) -> bool:
    url: str = call.get("url")
    updates = call.world.updates
    if call.get("drop_pending_updates"):
        updates.drop_pending()
    if not url:
        await updates.delete_webhook()
        return True
    parts = urlsplit(url)
    # Telegram wants HTTPS; the emulator also takes plain HTTP to a loopback address.
    if parts.scheme != "https" and not (
        parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
    ):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = call.get("secret_token")
    if secret is not None and not SECRET_TOKEN.match(secret):
        raise bad_request("secret token contains unallowed characters")
    webhook = Webhook(url, secret, max_connections_in_range(call.get("max_connections")))
    await updates.set_webhook(webhook, call.get("allowed_updates"))
    return True


async def delete_webhook(call: Call) -> bool:
    if call.get("drop_pending_updates"):
        call.world.updates.drop_pending()
    await call.world.updates.delete_webhook()
    return True


async def get_webhook_info(call: Call) -> JsonDict:
    return call.world.updates.webhook_info()


HANDLERS: dict[str, Handler] = {
    "getMe": get_me,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
}
