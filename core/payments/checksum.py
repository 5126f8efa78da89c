"""The acquiring bank's callback checksum: HMAC-SHA256 over the other parameters sorted by name,
each written as `name;value;`, in upper-case hex."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

CHECKSUM_PARAM = "checksum"
# The bank adds it to say which key signed; it is not part of the signed text.
UNSIGNED_PARAMS = frozenset({CHECKSUM_PARAM, "sign_alias"})


def signed_text(params: Mapping[str, str]) -> str:
    names = sorted(name for name in params if name not in UNSIGNED_PARAMS)
    return "".join(f"{name};{params[name]};" for name in names)


def checksum(params: Mapping[str, str], key: str) -> str:
    digest = hmac.new(key.encode(), signed_text(params).encode(), hashlib.sha256)
    return digest.hexdigest().upper()


def checksum_valid(params: Mapping[str, str], key: str) -> bool:
    """Whether `params["checksum"]` is the right one; case-insensitive, in constant time."""
    given = params.get(CHECKSUM_PARAM)
    if not given or not key:
        return False
    expected = checksum(params, key)
    try:
        given_bytes = given.upper().encode("ascii")
    except UnicodeEncodeError:
        return False
    return hmac.compare_digest(expected.encode("ascii"), given_bytes)
