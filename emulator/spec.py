"""The official Bot API described as data (`shared/telegram-bot-api/api.json`), loaded once."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SPEC_ENV_VAR = "TELEGRAM_API_SPEC"


def spec_path() -> Path:
    """The spec file: `$TELEGRAM_API_SPEC`, else `shared/` beside the checkout."""
    override = os.environ.get(SPEC_ENV_VAR)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "shared/telegram-bot-api/api.json"


@dataclass(frozen=True)
class Field:
    name: str
    types: tuple[str, ...]
    required: bool
    description: str

    @property
    def constant(self) -> str | None:
        """The one value a discriminator field takes ("type ... must be photo")."""
        if self.name not in {"type", "source", "status"}:
            return None
        match = re.search(r"must be (\w+)", self.description)
        return match.group(1) if match else None


@dataclass(frozen=True)
class TypeSpec:
    name: str
    fields: dict[str, Field]
    subtypes: tuple[str, ...]


@dataclass(frozen=True)
class MethodSpec:
    name: str
    params: dict[str, Field]


@dataclass(frozen=True)
class ApiSpec:
    version: str
    methods: dict[str, MethodSpec]
    types: dict[str, TypeSpec]


def _fields(raw: list[dict[str, object]]) -> dict[str, Field]:
    return {
        str(f["name"]): Field(
            name=str(f["name"]),
            types=tuple(str(t) for t in f["types"]),  # type: ignore[attr-defined]
            required=bool(f["required"]),
            description=str(f.get("description", "")),
        )
        for f in raw
    }


@cache
def load_spec(path: Path | None = None) -> ApiSpec:
    data = json.loads((path or spec_path()).read_text(encoding="utf-8"))
    methods = {
        name: MethodSpec(name, _fields(m.get("fields", []))) for name, m in data["methods"].items()
    }
    types = {
        name: TypeSpec(name, _fields(t.get("fields", [])), tuple(t.get("subtypes", [])))
        for name, t in data["types"].items()
    }
    return ApiSpec(version=data["version"], methods=methods, types=types)
