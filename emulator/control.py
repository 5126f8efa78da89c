"""The control API (`/_emu/...`, see CONTROL_API.md): the world's state, people's actions and
the Server-Sent Events stream the web chat and the test kit wait on."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import BodyPartReader, web

from emulator import actions
from emulator.actions import ActionError
from emulator.botapi import WORLD_KEY
from emulator.errors import BotApiError
from emulator.events import EVENTS_KEY, SHUTDOWN
from emulator.world import World

MEMBER_STATUSES = {"creator", "administrator", "member", "left", "kicked"}
JsonHandler = Callable[[web.Request], Awaitable[Any]]


def ok(result: Any) -> web.Response:
    return web.json_response(
        {"ok": True, "result": result}, dumps=lambda v: json.dumps(v, ensure_ascii=False)
    )


def failure(message: str, status: int) -> web.Response:
    return web.json_response({"ok": False, "error": message}, status=status)


def json_endpoint(handler: JsonHandler) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def wrapped(request: web.Request) -> web.Response:
        try:
            return ok(await handler(request))
        except ActionError as error:
            return failure(str(error), error.status)
        except BotApiError as error:
            return failure(error.description, 400)
        except (KeyError, TypeError, ValueError) as error:
            return failure(f"bad request: {error!r}", 400)

    return wrapped


async def body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    data = await request.json()
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


def world_of(request: web.Request) -> World:
    return request.app[WORLD_KEY]


def user_id_of(request: web.Request) -> int:
    return int(request.match_info["user_id"])


def optional_int(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


async def get_state(request: web.Request) -> Any:
    return world_of(request).state()


async def post_settings(request: web.Request) -> Any:
    world = world_of(request)
    data = await body(request)
    if "flood_limits" in data:
        world.flood_limits = bool(data["flood_limits"])
        world.flood.reset()
    return {"flood_limits": world.flood_limits}


async def post_reset(request: web.Request) -> Any:
    world = world_of(request)
    await world.updates.close()
    world.reset()
    world.events.publish({"type": "reset"})
    return True


async def post_user(request: web.Request) -> Any:
    data = await body(request)
    details = {
        k: data[k]
        for k in ("last_name", "username", "language_code", "phone_number")
        if data.get(k)
    }
    person = world_of(request).add_person(str(data["first_name"]), **details)
    return {**person.as_user(), "phone_number": person.phone_number}


async def post_staff(request: web.Request) -> Any:
    world = world_of(request)
    data = await body(request)
    chat_id = int(data.get("chat_id") or world.config.staff_chat_id or -1001000000001)
    return world.create_staff(str(data.get("title") or "Staff"), chat_id).as_chat()


async def post_member(request: web.Request) -> Any:
    world = world_of(request)
    chat = world.chat(int(request.match_info["chat_id"]))
    data = await body(request)
    status = str(data["status"])
    if status not in MEMBER_STATUSES or not chat.is_group:
        raise ActionError(f"status must be one of {sorted(MEMBER_STATUSES)}, in a group")
    user_id = int(data["user_id"])
    if user_id != world.bot_user["id"]:
        actions.person_of(world, user_id)
    chat.members[user_id] = status
    world.events.publish({"type": "chat", "chat_id": chat.id, "chat": chat.state()})
    return chat.state()


async def get_messages(request: web.Request) -> Any:
    world = world_of(request)
    chat = world.chat(int(request.match_info["chat_id"]))
    after_id = int(request.query.get("after_id") or 0)
    thread_id = optional_int(request.query.get("message_thread_id"))
    return [
        stored.listing()
        for message_id, stored in sorted(chat.messages.items())
        if message_id > after_id
        and (thread_id is None or stored.data.get("message_thread_id") == thread_id)
    ]


async def get_file(request: web.Request) -> web.StreamResponse:
    stored = world_of(request).files.get(request.match_info["file_id"])
    if stored is None:
        return failure("file not found", 404)
    return web.Response(
        body=stored.data, content_type=stored.mime_type or "application/octet-stream"
    )


async def get_callback(request: web.Request) -> Any:
    query = world_of(request).callbacks.get(request.match_info["callback_query_id"])
    if query is None:
        raise ActionError("callback query not found", 404)
    return query.answer_json()


async def get_events(request: web.Request) -> web.StreamResponse:
    bus = request.app[EVENTS_KEY]
    queue = bus.listen()
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    try:
        await response.prepare(request)
        await response.write(b'data: {"type": "hello"}\n\n')
        while (event := await queue.get()) is not SHUTDOWN:
            await response.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
    except (ConnectionResetError, RuntimeError):
        pass  # the browser or the kit went away
    finally:
        bus.forget(queue)
    return response


async def post_send(request: web.Request) -> Any:
    data = await body(request)
    return await actions.send_text(
        world_of(request),
        user_id_of(request),
        str(data["text"]),
        chat_id=optional_int(data.get("chat_id")),
        thread_id=optional_int(data.get("message_thread_id")),
        reply_to=optional_int(data.get("reply_to_message_id")),
    )


async def post_location(request: web.Request) -> Any:
    data = await body(request)
    try:
        latitude, longitude = float(data["latitude"]), float(data["longitude"])
    except (KeyError, TypeError, ValueError):
        raise ActionError("latitude and longitude are numbers") from None
    return await actions.share_location(
        world_of(request),
        user_id_of(request),
        latitude,
        longitude,
        chat_id=optional_int(data.get("chat_id")),
    )


async def post_contact(request: web.Request) -> Any:
    data = await body(request)
    extra: dict[str, Any] = {}
    if "owner_user_id" in data:
        extra["owner_user_id"] = optional_int(data["owner_user_id"])
    return await actions.share_contact(
        world_of(request),
        user_id_of(request),
        chat_id=optional_int(data.get("chat_id")),
        phone_number=data.get("phone_number"),
        forwarded=bool(data.get("forwarded", False)),
        **extra,
    )


async def read_upload(request: web.Request) -> tuple[dict[str, str], bytes, str | None, str | None]:
    fields: dict[str, str] = {}
    data: bytes | None = None
    file_name: str | None = None
    content_type: str | None = None
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        if part.name == "file":
            data = bytes(await part.read())
            file_name = part.filename
            content_type = part.headers.get("Content-Type")
        else:
            fields[part.name] = await part.text()
    if data is None:
        raise ActionError("the multipart body needs a part named file")
    return fields, data, file_name, content_type


def upload_endpoint(kind: str) -> JsonHandler:
    async def upload(request: web.Request) -> Any:
        fields, data, file_name, content_type = await read_upload(request)
        return await actions.send_file(
            world_of(request),
            user_id_of(request),
            kind,
            data,
            file_name=file_name,
            mime_type=content_type,
            caption=fields.get("caption") or None,
            chat_id=optional_int(fields.get("chat_id")),
            thread_id=optional_int(fields.get("message_thread_id")),
            media_group_id=fields.get("media_group_id") or None,
        )

    return upload


async def post_click(request: web.Request) -> Any:
    data = await body(request)
    return await actions.click(
        world_of(request),
        user_id_of(request),
        int(data["chat_id"]),
        int(data["message_id"]),
        str(data["callback_data"]),
        crafted=bool(data.get("crafted", False)),
    )


async def post_forward(request: web.Request) -> Any:
    data = await body(request)
    return await actions.forward(
        world_of(request),
        user_id_of(request),
        int(data["from_chat_id"]),
        int(data["message_id"]),
        chat_id=optional_int(data.get("chat_id")),
    )


async def post_block(request: web.Request) -> Any:
    data = await body(request)
    return await actions.block(
        world_of(request), user_id_of(request), bool(data.get("blocked", True))
    )


async def post_pay(request: web.Request) -> Any:
    data = await body(request)
    return await actions.pay(
        world_of(request),
        user_id_of(request),
        chat_id=optional_int(data.get("chat_id")),
        message_id=optional_int(data.get("message_id")),
        invoice_link=data.get("invoice_link"),
    )


async def post_as_channel(request: web.Request) -> Any:
    data = await body(request)
    return await actions.send_as_channel(
        world_of(request),
        int(request.match_info["chat_id"]),
        str(data["text"]),
        thread_id=optional_int(data.get("message_thread_id")),
    )


def setup_control(app: web.Application) -> None:
    routes = app.router
    routes.add_get("/_emu/state", json_endpoint(get_state))
    routes.add_post("/_emu/settings", json_endpoint(post_settings))
    routes.add_post("/_emu/reset", json_endpoint(post_reset))
    routes.add_post("/_emu/users", json_endpoint(post_user))
    routes.add_post("/_emu/staff", json_endpoint(post_staff))
    routes.add_post("/_emu/chats/{chat_id}/members", json_endpoint(post_member))
    routes.add_get("/_emu/chats/{chat_id}/messages", json_endpoint(get_messages))
    routes.add_post("/_emu/chats/{chat_id}/send_as_channel", json_endpoint(post_as_channel))
    routes.add_get("/_emu/files/{file_id}", get_file)
    routes.add_get("/_emu/callbacks/{callback_query_id}", json_endpoint(get_callback))
    routes.add_get("/_emu/events", get_events)
    routes.add_post("/_emu/users/{user_id}/send", json_endpoint(post_send))
    routes.add_post("/_emu/users/{user_id}/contact", json_endpoint(post_contact))
    routes.add_post("/_emu/users/{user_id}/location", json_endpoint(post_location))
    routes.add_post("/_emu/users/{user_id}/photo", json_endpoint(upload_endpoint("photo")))
    routes.add_post("/_emu/users/{user_id}/document", json_endpoint(upload_endpoint("document")))
    routes.add_post("/_emu/users/{user_id}/click", json_endpoint(post_click))
    routes.add_post("/_emu/users/{user_id}/forward", json_endpoint(post_forward))
    routes.add_post("/_emu/users/{user_id}/block", json_endpoint(post_block))
    routes.add_post("/_emu/users/{user_id}/pay", json_endpoint(post_pay))
