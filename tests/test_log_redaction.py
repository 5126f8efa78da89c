"""The CLI's logging (`cabinet run`, `cabinet demo`): JSON lines through a filter that keeps bot
tokens out of every line, and phones and e-mails out of exceptions' texts."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from cli.log_redaction import RedactSecrets
from cli.logging_setup import JsonLineFormatter, configure_logging

TOKEN = "7012345678:AAH-real_looking_token_0123456789abcdef"
SECRET = TOKEN.partition(":")[2]


@pytest.fixture
def cli_logging() -> Iterator[None]:
    """The root logger as `configure_logging` leaves it, restored afterwards. Set up in the test
    itself: the handler writes to the standard error of the moment, which `capsys` reads."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def lines(err: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in err.splitlines() if line.strip()]


def test_the_cli_writes_json_lines_through_the_filter(cli_logging: None) -> None:
    configure_logging()
    ours = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonLineFormatter)]
    assert len(ours) == 1  # beside pytest's own
    assert any(isinstance(f, RedactSecrets) for f in ours[0].filters)


def test_a_token_is_redacted_from_the_message_its_arguments_and_its_fields(
    cli_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging()
    log = logging.getLogger("cabinet.test")

    log.info("fetching https://api.telegram.org/file/bot%s/photos/1.jpg", TOKEN)
    log.warning(f"token {TOKEN} in the text itself")
    log.info("a field", extra={"url": f"/bot{TOKEN}/getMe", "user_id": 5123456789})
    log.warning("gateway error", extra={"reason": "error 5: bad email anna@example.ru"})

    written = capsys.readouterr().err
    assert SECRET not in written
    first, second, third, fourth = lines(written)
    assert first["message"] == "fetching https://api.telegram.org/file/bot[token]/photos/1.jpg"
    assert second["message"] == "token [token] in the text itself"
    assert third["url"] == "/bot[token]/getMe"
    assert third["user_id"] == 5123456789  # ids stay: a log line is worth little without them
    assert fourth["reason"] == "error 5: bad email [e-mail]"  # a text field, as in a traceback


def test_an_exceptions_text_loses_tokens_phones_and_e_mails(
    cli_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging()
    log = logging.getLogger("cabinet.test")
    try:
        raise RuntimeError(
            f"404, url='http://127.0.0.1/file/bot{TOKEN}/x.jpg' "
            "[parameters: ('+79283456789', 'anna.petrova@example.ru', '8 (928) 345-67-89')]"
        )
    except RuntimeError:
        log.exception("update failed", extra={"update_id": 1002})

    written = capsys.readouterr().err
    [line] = lines(written)
    exception = str(line["exception"])
    assert "Traceback" in exception and "RuntimeError" in exception
    for secret in (SECRET, "79283456789", "anna.petrova", "345-67-89"):
        assert secret not in written
    assert "bot[token]/x.jpg" in exception
    assert "('[phone]', '[e-mail]', '[phone]')" in exception
    assert line["update_id"] == 1002


def test_a_message_keeps_its_numbers(cli_logging: None, capsys: pytest.CaptureFixture[str]) -> None:
    """Phones are looked for in exceptions only: a message's numbers are ids the code chose."""
    configure_logging()
    logging.getLogger("cabinet.test").info("update from %s", 9281234567)

    [line] = lines(capsys.readouterr().err)
    assert line["message"] == "update from 9281234567"
