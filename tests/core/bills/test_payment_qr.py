from __future__ import annotations

from dataclasses import replace

from core.bills.payment_qr import Payee, payment_string, qr_png
from tests.core.bills.scene import decode_qr

PAYEE = Payee(
    name='ПАО "Ставропольэнергосбыт"',
    inn="2626033550",
    kpp="263201001",
    account="40702810460100100614",
    bank_name='ПАО "Сбербанк"',
    bic="040702615",
    corresp_account="30101810907020000615",
)
EXPECTED = (
    'ST00012|Name=ПАО "Ставропольэнергосбыт"|PersonalAcc=40702810460100100614'
    '|BankName=ПАО "Сбербанк"|BIC=040702615|CorrespAcc=30101810907020000615'
    "|PayeeINN=2626033550|KPP=263201001|Sum=100000007|Purpose=Оплата за электроэнергию"
    "|PersAcc=110000001|PaymPeriod=102026"
)


def test_the_string_follows_gost_r_56042_with_the_sum_in_kopecks() -> None:
    text = payment_string(
        PAYEE,
        account_number="110000001",
        period="2026-10",
        purpose="Оплата за электроэнергию",
        sum_kopecks=100_000_007,
    )

    assert text == EXPECTED


def test_a_bar_or_a_line_break_in_a_value_cannot_start_a_field() -> None:
    payee = replace(PAYEE, name="ООО |Свет|\nи тепло")
    text = payment_string(
        PAYEE,
        account_number="110000001",
        period="2026-01",
        purpose="Электроэнергия|Sum=1\r\nещё",
        sum_kopecks=0,
    )

    assert text.count("|") == 10  # eleven fields, no Sum: nothing to pay
    assert "Purpose=Электроэнергия Sum=1 ещё|" in text
    assert text.endswith("|PaymPeriod=012026")
    named = payment_string(
        payee, account_number="1", period="2026-01", purpose="Электроэнергия", sum_kopecks=1
    )
    assert "|Name=ООО Свет и тепло|" in named


def test_a_payee_without_a_kpp_has_no_empty_kpp_field() -> None:
    text = payment_string(
        replace(PAYEE, kpp=" "),
        account_number="110000001",
        period="2026-10",
        purpose="Оплата за электроэнергию",
        sum_kopecks=100_000_007,
    )

    assert text == EXPECTED.replace("|KPP=263201001", "")


def test_zbar_reads_the_picture_back_to_the_same_string() -> None:
    assert decode_qr(qr_png(EXPECTED)) == EXPECTED
