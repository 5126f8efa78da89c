"""The bank's callback checksum: sorted names, `name;value;`, HMAC-SHA256, any case."""

from __future__ import annotations

import hashlib
import hmac

from core.payments.checksum import checksum, checksum_valid, signed_text

KEY = "demo-callback-key"
PARAMS = {"mdOrder": "ab-12", "orderNumber": "LK1", "operation": "deposited", "status": "1"}


def signed(params: dict[str, str], key: str = KEY) -> dict[str, str]:
    text = "".join(f"{name};{params[name]};" for name in sorted(params))
    digest = hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest().upper()
    return {**params, "checksum": digest}


def test_the_signed_text_is_sorted_by_name_without_the_checksum() -> None:
    text = signed_text({**PARAMS, "checksum": "X", "sign_alias": "k1"})
    assert text == "mdOrder;ab-12;operation;deposited;orderNumber;LK1;status;1;"


def test_a_correct_checksum_passes_in_either_case() -> None:
    params = signed(PARAMS)
    assert checksum(PARAMS, KEY) == params["checksum"]
    assert checksum_valid(params, KEY)
    assert checksum_valid({**params, "checksum": params["checksum"].lower()}, KEY)


def test_the_order_params_arrive_in_does_not_matter() -> None:
    params = signed(PARAMS)
    assert checksum_valid(dict(reversed(list(params.items()))), KEY)


def test_a_changed_value_a_wrong_key_or_a_missing_checksum_fail() -> None:
    params = signed(PARAMS)
    assert not checksum_valid({**params, "status": "0"}, KEY)
    assert not checksum_valid(params, "another-key")
    assert not checksum_valid(PARAMS, KEY)
    assert not checksum_valid({**params, "checksum": ""}, KEY)
    assert not checksum_valid({**params, "checksum": "я" * 64}, KEY)
    assert not checksum_valid(params, "")
