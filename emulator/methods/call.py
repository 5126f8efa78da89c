"""One Bot API call as the handlers see it: the world, checked parameters, uploaded parts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from emulator.checker import Upload
from emulator.errors import BotApiError, bad_request
from emulator.world import World


@dataclass(frozen=True)
class UploadedPart:
    data: bytes
    filename: str | None
    content_type: str | None


@dataclass
class Call:
    world: World
    method: str
    params: dict[str, Any]
    parts: dict[str, UploadedPart] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)

    def upload(self, value: Upload) -> UploadedPart:
        part = self.parts.get(value.part)
        if part is None:
            raise bad_request(f"file {value.part} was not uploaded")
        return part

    def chat_id(self, name: str = "chat_id") -> int | str:
        value = self.params.get(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        if not isinstance(value, int | str):
            raise BotApiError(400, f"Bad Request: wrong {name}")
        return value


Handler = Callable[[Call], Awaitable[Any]]
