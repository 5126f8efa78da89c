"""answerCallbackQuery."""

from __future__ import annotations

from emulator.errors import bad_request
from emulator.methods.call import Call, Handler

MAX_ANSWER_TEXT = 200
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"


async def answer_callback_query(call: Call) -> bool:
    world = call.world
    query = world.callbacks.get(call.get("callback_query_id"))
    if query is None or query.answered:
        raise bad_request(QUERY_TOO_OLD)
    if world.monotonic() - query.created > world.config.callback_query_timeout:
        raise bad_request(QUERY_TOO_OLD)
    text = call.get("text")
    if text is not None and len(text) > MAX_ANSWER_TEXT:
        raise bad_request("MESSAGE_TOO_LONG")
    query.answered = True
    query.text = text
    query.show_alert = bool(call.get("show_alert", False))
    query.url = call.get("url")
    world.events.publish(
        {
            "type": "callback_answer",
            "chat_id": query.chat_id,
            "callback_query_id": query.id,
            "text": query.text,
            "show_alert": query.show_alert,
            "url": query.url,
        }
    )
    return True


HANDLERS: dict[str, Handler] = {"answerCallbackQuery": answer_callback_query}
