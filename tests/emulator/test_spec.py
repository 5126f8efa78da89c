"""The request checker against the official spec file, and every accepted parameter real."""

from __future__ import annotations

import inspect
import json
import shutil
from pathlib import Path

import aiogram.methods
import pytest
from aiogram.methods.base import TelegramMethod

import emulator
from emulator.checker import EXTRA_PARAMETERS, Upload, check_call, parameters_of
from emulator.errors import BotApiError
from emulator.methods.registry import METHODS
from emulator.spec import (
    BUNDLED_SPEC,
    SPEC_ENV_VAR,
    SpecUnavailable,
    install_spec,
    load_spec,
    read_spec,
    spec_path,
)


def aiogram_fields() -> dict[str, set[str]]:
    classes = [
        c
        for c in vars(aiogram.methods).values()
        if inspect.isclass(c) and issubclass(c, TelegramMethod) and hasattr(c, "__api_method__")
    ]
    return {c.__api_method__: set(c.model_fields) for c in classes}


def test_the_spec_ships_inside_the_emulator_package_with_its_licence() -> None:
    assert spec_path() == BUNDLED_SPEC
    assert BUNDLED_SPEC.is_relative_to(Path(emulator.__file__ or "").parent)
    assert "MIT License" in BUNDLED_SPEC.with_name("LICENSE").read_text()
    notice = BUNDLED_SPEC.with_name("README.md").read_text()
    spec = load_spec()
    assert spec.version.startswith("Bot API")
    assert f"Version: {spec.version} ({spec.release_date})" in notice


def test_a_newer_spec_file_replaces_the_shipped_one_and_its_version_line(tmp_path: Path) -> None:
    shipped = tmp_path / "bot_api_spec" / "api.json"
    shipped.parent.mkdir()
    shutil.copy(BUNDLED_SPEC, shipped)
    shutil.copy(BUNDLED_SPEC.with_name("README.md"), shipped.with_name("README.md"))
    newer = json.loads(BUNDLED_SPEC.read_text())
    newer.update(version="Bot API 10.9", release_date="March 1, 2027")
    newer["methods"]["sendSmoke"] = {"name": "sendSmoke", "fields": []}
    (tmp_path / "newer.json").write_text(json.dumps(newer))

    spec = install_spec(tmp_path / "newer.json", shipped)

    assert spec.version == "Bot API 10.9" and "sendSmoke" in read_spec(shipped).methods
    assert "Version: Bot API 10.9 (March 1, 2027)" in shipped.with_name("README.md").read_text()


def test_a_file_that_is_no_spec_changes_nothing(tmp_path: Path) -> None:
    shipped = tmp_path / "api.json"
    shutil.copy(BUNDLED_SPEC, shipped)
    (tmp_path / "page.json").write_text('{"version": "Bot API 11.0"}')
    with pytest.raises(SpecUnavailable, match="cannot be read"):
        install_spec(tmp_path / "page.json", shipped)
    assert shipped.read_bytes() == BUNDLED_SPEC.read_bytes()


def test_the_spec_path_can_be_overridden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(SPEC_ENV_VAR, str(tmp_path / "other.json"))
    assert spec_path() == tmp_path / "other.json"


def test_every_served_method_exists_in_the_spec() -> None:
    spec = load_spec()
    assert sorted(set(METHODS) - set(spec.methods)) == []


def test_every_accepted_parameter_is_in_the_spec_or_a_known_aiogram_extra() -> None:
    spec = load_spec()
    aiogram_params = aiogram_fields()
    for method in METHODS:
        accepted = set(parameters_of(spec, method))
        extras = accepted - set(spec.methods[method].params)
        assert extras == set(EXTRA_PARAMETERS.get(method, {})), method
        assert extras <= aiogram_params[method], f"{method}: {extras - aiogram_params[method]}"


def test_extras_are_only_for_served_methods_and_absent_from_the_spec() -> None:
    spec = load_spec()
    for method, params in EXTRA_PARAMETERS.items():
        assert method in METHODS
        assert not set(params) & set(spec.methods[method].params), method


def reject(method: str, raw: dict[str, object], textual: bool = True) -> str:
    with pytest.raises(BotApiError) as error:
        check_call(load_spec(), method, raw, textual=textual)
    assert error.value.error_code == 400
    return error.value.description


def test_form_values_are_typed_by_the_parameter() -> None:
    checked = check_call(
        load_spec(),
        "sendMessage",
        {
            "chat_id": "42",
            "text": "42",
            "disable_notification": "true",
            "reply_markup": '{"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}',
        },
        textual=True,
    )
    assert checked == {
        "chat_id": 42,
        "text": "42",
        "disable_notification": True,
        "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
    }


def test_a_username_stays_a_string_chat_id() -> None:
    checked = check_call(
        load_spec(), "sendMessage", {"chat_id": "@staff", "text": "x"}, textual=True
    )
    assert checked["chat_id"] == "@staff"


def test_missing_required_parameters_are_rejected_as_telegram_words_it() -> None:
    assert reject("sendMessage", {"chat_id": "1"}) == "Bad Request: message text is empty"
    assert reject("sendMessage", {"text": "x"}) == "Bad Request: chat_id is empty"


def test_unknown_parameters_are_rejected() -> None:
    description = reject("sendMessage", {"chat_id": "1", "text": "x", "colour": "red"})
    assert 'unknown parameter "colour"' in description


def test_values_of_a_wrong_type_are_rejected() -> None:
    assert "Boolean" in reject(
        "sendMessage", {"chat_id": "1", "text": "x", "protect_content": "yes"}
    )
    assert "must be Integer" in reject("getUpdates", {"offset": 1.5}, textual=False)


def test_nested_objects_are_checked_field_by_field() -> None:
    unknown_field = reject(
        "sendMessage",
        {"chat_id": 1, "text": "x", "reply_markup": {"inline_keyboard": [[{"txt": "A"}]]}},
        textual=False,
    )
    assert "inline_keyboard[0][0]" in unknown_field
    wrong_media = reject(
        "sendMediaGroup",
        {
            "chat_id": 1,
            "media": [{"type": "sticker", "media": "x"}, {"type": "photo", "media": "y"}],
        },
        textual=False,
    )
    assert "media[0]" in wrong_media


def test_a_malformed_json_parameter_is_rejected() -> None:
    assert "can't parse reply_markup" in reject(
        "sendMessage", {"chat_id": "1", "text": "x", "reply_markup": "{not json"}
    )


def test_attached_files_are_uploads() -> None:
    checked = check_call(
        load_spec(),
        "sendPhoto",
        {"chat_id": "1", "photo": "attach://p1"},
        textual=True,
        uploads={"p1"},
    )
    assert checked["photo"] == Upload("p1")
    direct = check_call(
        load_spec(), "sendDocument", {"chat_id": "1"}, textual=True, uploads={"document"}
    )
    assert direct["document"] == Upload("document")
