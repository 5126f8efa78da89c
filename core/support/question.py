"""Whether a text typed outside any dialog could be a question for the company.

Such a text is never answered with «не понял»: the bot offers to send it to support. What cannot
be a question (a number, a lone word, a command, a jumble of symbols) still gets the hint that
says what the bot understands.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W\d_]{2,}")  # two letters or more, in any alphabet
LETTER = re.compile(r"[^\W\d_]")
# What people write in a question besides letters, digits and spaces; anything else is a symbol.
PUNCTUATION = frozenset(".,?!-–—:;()\"'«»„“”№%/+*=@&")
MAX_SYMBOLS_SHARE = 0.05


def could_be_question(text: str | None) -> bool:
    """Two words or more, or any letters with a question mark, with hardly any symbols in
    between; never a command."""
    if text is None:
        return False
    stripped = text.strip()
    if not stripped or stripped.startswith("/"):
        return False
    symbols = sum(
        1 for char in stripped if not (char.isalnum() or char.isspace()) and char not in PUNCTUATION
    )
    if symbols > len(stripped) * MAX_SYMBOLS_SHARE:
        return False
    if "?" in stripped and LETTER.search(stripped):
        return True
    return len(WORD.findall(stripped)) >= 2
