"""The official Bot API described as data, loaded once.

The description ships inside this package (`emulator/bot_api_spec/api.json`, with its licence);
`TELEGRAM_API_SPEC` points at another file instead. `install_spec` replaces the shipped copy with
a newer one (`cabinet bot-api-spec FILE`)."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SPEC_ENV_VAR = "TELEGRAM_API_SPEC"
BUNDLED_SPEC = Path(__file__).resolve().with_name("bot_api_spec") / "api.json"
_VERSION_LINE = re.compile(r"^Version: .*$", re.MULTILINE)


class SpecUnavailable(RuntimeError):
    """The Bot API description cannot be read: the emulator cannot check requests without it."""


def spec_path() -> Path:
    """The spec file: `$TELEGRAM_API_SPEC`, else the copy shipped in this package."""
    override = os.environ.get(SPEC_ENV_VAR)
    if override:
        return Path(override)
    return BUNDLED_SPEC


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
    release_date: str = ""


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
    return read_spec(path or spec_path())


def read_spec(source: Path) -> ApiSpec:
    try:
        return parse_spec(json.loads(source.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SpecUnavailable(_why_unreadable(source, error)) from error


def _why_unreadable(source: Path, error: Exception) -> str:
    reason = "no such file" if isinstance(error, FileNotFoundError) else type(error).__name__
    if source == BUNDLED_SPEC:
        advice = "the package is incomplete: reinstall it (`make demo` does)"
    else:
        advice = f"fix or unset {SPEC_ENV_VAR} to use the description shipped with the emulator"
    return f"the Bot API description {source} cannot be read ({reason}): {advice}"


def parse_spec(data: dict[str, object]) -> ApiSpec:
    raw_methods: dict[str, dict[str, Any]] = data["methods"]  # type: ignore[assignment]
    raw_types: dict[str, dict[str, Any]] = data["types"]  # type: ignore[assignment]
    methods = {
        name: MethodSpec(name, _fields(m.get("fields", []))) for name, m in raw_methods.items()
    }
    types = {
        name: TypeSpec(name, _fields(t.get("fields", [])), tuple(t.get("subtypes", [])))
        for name, t in raw_types.items()
    }
    if not methods or not types:
        raise ValueError("a Bot API description lists methods and types")
    return ApiSpec(
        version=str(data["version"]),
        methods=methods,
        types=types,
        release_date=str(data.get("release_date", "")),
    )


def install_spec(source: Path, target: Path = BUNDLED_SPEC) -> ApiSpec:
    """Checks `source` and makes it the shipped description; the README beside it names the
    version. Raises `SpecUnavailable` (and changes nothing) when `source` is not a description."""
    spec = read_spec(source)
    staged = target.with_suffix(".json.new")
    staged.write_bytes(source.read_bytes())
    staged.replace(target)
    readme = target.with_name("README.md")
    line = f"Version: {spec.version} ({spec.release_date})"
    readme.write_text(_VERSION_LINE.sub(line, readme.read_text(encoding="utf-8")), encoding="utf-8")
    load_spec.cache_clear()
    return spec
