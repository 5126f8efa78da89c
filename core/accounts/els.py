"""Comparing a typed ЕЛС (единый лицевой счёт ГИС ЖКХ, e.g. "77МН000000") with billing's."""

from __future__ import annotations

import hmac

# ЕЛС letters are Cyrillic; people type the Latin letters that look the same.
_LATIN_TO_CYRILLIC = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")


def normalise_els(els: str) -> str:
    """Upper case, no spaces or dashes, look-alike Latin letters read as Cyrillic."""
    compact = "".join(ch for ch in els if not ch.isspace() and ch != "-")
    return compact.upper().translate(_LATIN_TO_CYRILLIC)


def els_matches(typed: str, on_record: str | None) -> bool:
    """Constant-time, so the time taken tells nothing about how much of a guess was right."""
    expected = normalise_els(on_record or "").encode()
    given = normalise_els(typed).encode()
    return hmac.compare_digest(given, expected) and bool(expected)
