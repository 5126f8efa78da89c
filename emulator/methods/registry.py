"""`METHODS`: every Bot API method the emulator serves, by name, with its handler."""

from __future__ import annotations

from emulator.methods.bot import HANDLERS as BOT
from emulator.methods.call import Handler
from emulator.methods.callbacks import HANDLERS as CALLBACKS
from emulator.methods.chats import HANDLERS as CHATS
from emulator.methods.media import HANDLERS as MEDIA
from emulator.methods.messages import HANDLERS as MESSAGES
from emulator.methods.payments import HANDLERS as PAYMENTS
from emulator.methods.places import HANDLERS as PLACES

METHODS: dict[str, Handler] = {
    **BOT,
    **MESSAGES,
    **MEDIA,
    **CALLBACKS,
    **CHATS,
    **PAYMENTS,
    **PLACES,
}
