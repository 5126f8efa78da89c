"""The payment QR of a bill: the ГОСТ Р 56042-2014 string and its picture.

`ST0001` is the format's id and version, the `2` after it says UTF-8; fields follow as `Name=value`
separated by `|`. The five mandatory fields come first, in the standard's order. `Sum` is in
kopecks and `PaymPeriod` is MMYYYY, as the standard defines them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from core.settings import Settings

HEADER = "ST00012"
SEPARATOR = "|"


@dataclass(frozen=True, slots=True)
class Payee:
    name: str
    inn: str
    kpp: str
    account: str
    bank_name: str
    bic: str
    corresp_account: str


def payee_of(settings: Settings) -> Payee:
    return Payee(
        name=settings.payee_name,
        inn=settings.payee_inn,
        kpp=settings.payee_kpp,
        account=settings.payee_account,
        bank_name=settings.payee_bank_name,
        bic=settings.payee_bic,
        corresp_account=settings.payee_corresp_account,
    )


OPTIONAL_FIELDS = frozenset({"KPP"})


def payment_string(
    payee: Payee, *, account_number: str, period: str, purpose: str, sum_kopecks: int
) -> str:
    """`period` is YYYY-MM. Without a positive sum the field is left out: the payer types it."""
    year, month = period.split("-")
    fields = [
        ("Name", payee.name),
        ("PersonalAcc", payee.account),
        ("BankName", payee.bank_name),
        ("BIC", payee.bic),
        ("CorrespAcc", payee.corresp_account),
        ("PayeeINN", payee.inn),
        ("KPP", payee.kpp),
    ]
    if sum_kopecks > 0:
        fields.append(("Sum", str(sum_kopecks)))
    fields += [
        ("Purpose", purpose),
        ("PersAcc", account_number),
        ("PaymPeriod", f"{month}{year}"),
    ]
    # A payee without a KPP leaves the field out: some bank apps refuse `KPP=` with nothing
    # after it. The mandatory fields are always written (settings require them).
    present = [(name, _clean(value)) for name, value in fields]
    kept = [(name, value) for name, value in present if value or name not in OPTIONAL_FIELDS]
    return SEPARATOR.join([HEADER, *(f"{name}={value}" for name, value in kept)])


def _clean(value: str) -> str:
    """`|` would start a new field and a line break ends the string for some readers."""
    for forbidden in (SEPARATOR, "\r", "\n"):
        value = value.replace(forbidden, " ")
    return " ".join(value.split())


def qr_png(text: str, scale: int = 4) -> bytes:
    """The QR code of `text` as a PNG, error correction M, the standard's 4-module margin."""
    import segno  # only bills draw QR codes

    out = io.BytesIO()
    code = segno.make_qr(text, error="m", encoding="utf-8", boost_error=False)
    code.save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
