"""sendVenue and sendLocation: a place on the map, as Telegram shows it in the chat."""

from __future__ import annotations

from emulator.errors import bad_request
from emulator.methods.call import Call, Handler
from emulator.methods.common import post
from emulator.world import JsonDict


def _location(call: Call) -> JsonDict:
    latitude, longitude = call.get("latitude"), call.get("longitude")
    if not isinstance(latitude, int | float) or not -90 <= latitude <= 90:
        raise bad_request("wrong latitude")
    if not isinstance(longitude, int | float) or not -180 <= longitude <= 180:
        raise bad_request("wrong longitude")
    return {"latitude": float(latitude), "longitude": float(longitude)}


async def send_venue(call: Call) -> JsonDict:
    chat = call.world.writable_chat(call.chat_id())
    location = _location(call)
    title, address = call.get("title"), call.get("address")
    if not title or not address:
        raise bad_request("venue title and address must be non-empty")
    venue = {"location": location, "title": title, "address": address}
    return post(call, chat, {"venue": venue, "location": location}).data


async def send_location(call: Call) -> JsonDict:
    chat = call.world.writable_chat(call.chat_id())
    return post(call, chat, {"location": _location(call)}).data


HANDLERS: dict[str, Handler] = {"sendVenue": send_venue, "sendLocation": send_location}
