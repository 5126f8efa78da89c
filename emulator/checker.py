"""Checks a Bot API call against the spec file: known method and parameters, required ones
present, every value of an allowed type (nested objects included, discriminators honoured).

aiogram sends multipart forms where strings are raw and everything else is JSON, so a textual
value is read by the types its parameter allows. Limits that live only in descriptions (text
length, callback_data bytes) are the methods' business, not this module's.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from emulator.errors import BotApiError, bad_request
from emulator.spec import ApiSpec, Field, TypeSpec

# Parameters not in the 10.1 spec file that Telegram accepts and aiogram 3.31 sends when asked.
# Deprecated but still served by Telegram (aiogram keeps them as aliases of reply_parameters and
# link_preview_options). Bot API 10.2/10.3 additions (callback_query_id, receiver_user_id,
# ephemeral_message_parameters) stay rejected: the emulator does not model them.
EXTRA_PARAMETERS: dict[str, dict[str, tuple[str, ...]]] = {
    method: {"reply_to_message_id": ("Integer",), "allow_sending_without_reply": ("Boolean",)}
    for method in (
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendMediaGroup",
        "copyMessage",
        "sendInvoice",
    )
}
EXTRA_PARAMETERS["sendMessage"]["disable_web_page_preview"] = ("Boolean",)
EXTRA_PARAMETERS["editMessageText"] = {"disable_web_page_preview": ("Boolean",)}

EMPTY_MESSAGES = {"text": "message text is empty"}


@dataclass(frozen=True)
class Upload:
    """A multipart part that carries a file (`attach://name` or the parameter's own part)."""

    part: str


class _Mismatch(Exception):
    pass


def parameters_of(spec: ApiSpec, method: str) -> dict[str, Field]:
    params = dict(spec.methods[method].params)
    for name, types in EXTRA_PARAMETERS.get(method, {}).items():
        params[name] = Field(name, types, False, "not in the spec file; see EXTRA_PARAMETERS")
    return params


def check_call(
    spec: ApiSpec,
    method: str,
    raw: Mapping[str, Any],
    *,
    textual: bool,
    uploads: Collection[str] = (),
) -> dict[str, Any]:
    """The call's parameters, typed; raises Telegram's 400 for what Telegram would reject."""
    params = parameters_of(spec, method)
    for name in raw:
        if name not in params:
            raise bad_request(f'unknown parameter "{name}" in method {method}')
    checked: dict[str, Any] = {}
    for name, field in params.items():
        if name in uploads and name not in raw:
            value: Any = Upload(name)
        elif name in raw:
            value = _read(raw[name], field, uploads) if textual else raw[name]
        else:
            if field.required:
                raise bad_request(EMPTY_MESSAGES.get(name, f"{name} is empty"))
            continue
        checked[name] = _checked(spec, name, value, field.types, uploads)
    return checked


def _read(value: Any, field: Field, uploads: Collection[str]) -> Any:
    if not isinstance(value, str):
        return value
    simple = [t for t in field.types if t in {"Integer", "Float", "Boolean", "String", "InputFile"}]
    for kind in simple:
        try:
            return _read_scalar(value, kind, uploads)
        except ValueError:
            continue
    if len(simple) == len(field.types):
        raise bad_request(f'field "{field.name}" must be of type {" or ".join(field.types)}')
    try:
        return json.loads(value)
    except ValueError:
        raise bad_request(f"can't parse {field.name} JSON object") from None


def _read_scalar(value: str, kind: str, uploads: Collection[str]) -> Any:
    if kind == "Integer":
        return int(value)
    if kind == "Float":
        return float(value)
    if kind == "Boolean":
        lowered = value.lower()
        if lowered in {"true", "1"}:
            return True
        if lowered in {"false", "0"}:
            return False
        raise ValueError(value)
    if kind == "InputFile":
        if value.startswith("attach://") and value.removeprefix("attach://") in uploads:
            return Upload(value.removeprefix("attach://"))
        raise ValueError(value)
    return value


def _checked(
    spec: ApiSpec, name: str, value: Any, types: tuple[str, ...], uploads: Collection[str]
) -> Any:
    try:
        _match_any(spec, value, types, name, uploads)
    except _Mismatch as mismatch:
        raise bad_request(f"can't parse {name}: {mismatch}") from None
    return value


def _match_any(
    spec: ApiSpec, value: Any, types: tuple[str, ...], path: str, uploads: Collection[str]
) -> None:
    if len(types) > 1 and all(kind.startswith("Array of ") for kind in types):
        # "Array of A or Array of B": items are checked against A or B; the method says
        # which mixes it refuses (sendMediaGroup: documents only with documents).
        if not isinstance(value, list):
            raise _Mismatch(f"{path} must be an array")
        items = tuple(kind.removeprefix("Array of ") for kind in types)
        for index, item in enumerate(value):
            _match_any(spec, item, items, f"{path}[{index}]", uploads)
        return
    problems: list[str] = []
    for kind in types:
        try:
            _match(spec, value, kind, path, uploads)
            return
        except _Mismatch as mismatch:
            problems.append(str(mismatch))
    deeper = [p for p in problems if p.startswith((f"{path}.", f"{path}["))]
    if len(problems) == 1 or deeper:
        raise _Mismatch((deeper or problems)[0])
    raise _Mismatch(f"{path} must be {' or '.join(types)}")


def _match(spec: ApiSpec, value: Any, kind: str, path: str, uploads: Collection[str]) -> None:
    if kind.startswith("Array of "):
        if not isinstance(value, list):
            raise _Mismatch(f"{path} must be an array")
        for index, item in enumerate(value):
            _match(spec, item, kind.removeprefix("Array of "), f"{path}[{index}]", uploads)
        return
    scalar_ok = {
        "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "Float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "String": lambda v: isinstance(v, str),
        "Boolean": lambda v: isinstance(v, bool),
        "InputFile": lambda v: isinstance(v, Upload),
    }
    if kind in scalar_ok:
        if not scalar_ok[kind](value):
            raise _Mismatch(f"{path} must be {kind}")
        return
    type_spec = spec.types.get(kind)
    if type_spec is None:
        raise _Mismatch(f"{path}: unknown type {kind}")
    if type_spec.subtypes:
        _match_any(spec, value, type_spec.subtypes, path, uploads)
        return
    _match_object(spec, value, type_spec, path, uploads)


def _match_object(
    spec: ApiSpec, value: Any, type_spec: TypeSpec, path: str, uploads: Collection[str]
) -> None:
    if not isinstance(value, dict):
        raise _Mismatch(f"{path} must be a {type_spec.name} object")
    for key in value:
        if key not in type_spec.fields:
            raise _Mismatch(f'{path} has unknown field "{key}" for {type_spec.name}')
    for field in type_spec.fields.values():
        if field.name not in value:
            if field.required:
                raise _Mismatch(f'{path} misses field "{field.name}" of {type_spec.name}')
            continue
        item = value[field.name]
        if field.constant is not None and item != field.constant:
            raise _Mismatch(f'{path}.{field.name} must be "{field.constant}"')
        _match_any(spec, item, field.types, f"{path}.{field.name}", uploads)


def is_upload_reference(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("attach://")


__all__ = ["BotApiError", "Upload", "check_call", "is_upload_reference", "parameters_of"]
