"""Defence in depth for the logs: no bot token reaches a log line, and no phone or e-mail
reaches one through an exception's text.

The sources keep such values out already (the engine hides statements' values, a failed
download is logged by its type and status); this filter catches what a library or a later
change lets through. Tokens are redacted everywhere in a record (the message, its fields, the
traceback). Phones and e-mails in the traceback and in text fields (`extra` strings such as an
error's `reason`), where they come unasked: an error's text may quote anything. Not in the
message, whose numbers (ids, amounts) the code that logs chose and which would look like phones.
"""

from __future__ import annotations

import logging
import re

# `\d` would also take other scripts' digits; a token, a phone and an e-mail use ASCII ones.
BOT_TOKEN = re.compile(r"[0-9]{5,}:[A-Za-z0-9_-]{30,}")
_PHONE = re.compile(
    r"(?<![\w.])(?:"
    r"\+?[78]?[\s(-]{0,2}[0-9]{3}[\s)-]{0,2}[0-9]{3}[\s-]?[0-9]{2}[\s-]?[0-9]{2}"  # Russian
    r"|\+[0-9]{10,15}"  # any other country's, written as E.164
    r")(?![\w.])"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

TOKEN_MARK = "[token]"
PHONE_MARK = "[phone]"
EMAIL_MARK = "[e-mail]"

_TRACEBACKS = logging.Formatter()
# What every record has; anything else came in `extra`.
RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def without_tokens(text: str) -> str:
    return BOT_TOKEN.sub(TOKEN_MARK, text)


def without_personal_data(text: str) -> str:
    """No token, phone or e-mail."""
    return _PHONE.sub(PHONE_MARK, _EMAIL.sub(EMAIL_MARK, without_tokens(text)))


class RedactSecrets(logging.Filter):
    """A handler's filter: it edits the record in place and never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if without_tokens(message) != message:
            record.msg, record.args = without_tokens(message), None
        for name, value in list(vars(record).items()):
            if isinstance(value, str) and name != "exc_text":
                clean = without_tokens if name in RECORD_FIELDS else without_personal_data
                setattr(record, name, clean(value))
        if record.exc_info:
            # Formatted here, from the exception itself: formatters use the text cached on the
            # record rather than formatting the exception again.
            record.exc_text = _TRACEBACKS.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = without_personal_data(record.exc_text)
        return True
