"""The test kit: drive the emulator as customers and staff do, and wait for the bot's replies."""

from emulator.kit.chatlog import ExpectationFailed
from emulator.kit.clients import GroupClient, UserClient
from emulator.kit.harness import EmulatorHarness, KitError
from emulator.kit.messages import SeenMessage

__all__ = [
    "EmulatorHarness",
    "ExpectationFailed",
    "GroupClient",
    "KitError",
    "SeenMessage",
    "UserClient",
]
