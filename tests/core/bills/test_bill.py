from __future__ import annotations

from pathlib import Path

import pytest

from core.accounts.errors import NotAccountOwner
from core.bills.errors import NoBill
from core.bills.service import BillsService
from core.entities.bills import Bill
from core.settings import Settings
from storage.uow import UnitOfWorkFactory
from tests.core.accounts.seed import Seed
from tests.core.bills.scene import (
    CHARGED,
    DEBT_BEFORE,
    HOLDER,
    NUMBER,
    PAID,
    PERIOD,
    TOTAL,
    bill_scene,
    decode_qr,
    pdf_images,
    pdf_text,
)


async def test_the_pdf_holds_payer_account_period_and_totals_to_the_kopeck(
    bills: BillsService, seed: Seed
) -> None:
    scene = await bill_scene(seed)

    document = await bills.bill(scene.user_id, scene.account_id, PERIOD)

    assert document.file_name == f"kvitanciya_{NUMBER}_{PERIOD}.pdf"
    assert document.content.startswith(b"%PDF")
    assert document.total_kopecks == TOTAL == 99_986_705
    text = pdf_text(document.content)
    assert HOLDER in text
    assert f"Лицевой счёт: {NUMBER}" in text
    assert "октябрь 2026" in text
    assert "999 900,08" in text  # debt at the start: 1 000 000,07 − 3 × 33,33
    assert "0,30" in text  # charged: 0,10 + 0,20
    assert "33,33" in text  # paid in October (00:30 on 1 October in Moscow)
    assert "ВСЕГО К ОПЛАТЕ" in text and "999 867,05" in text
    assert "29114" in text and "29425" in text and "311" in text  # readings and consumption
    assert (DEBT_BEFORE, CHARGED, PAID) == (99_990_008, 30, 3333)


async def test_the_qr_inside_the_pdf_decodes_to_the_gost_string(
    bills: BillsService, seed: Seed, bill_settings: Settings
) -> None:
    scene = await bill_scene(seed)

    document = await bills.bill(scene.user_id, scene.account_id, PERIOD)

    images = pdf_images(document.content)
    assert len(images) == 1
    expected = (
        f"ST00012|Name={bill_settings.payee_name}|PersonalAcc={bill_settings.payee_account}"
        f"|BankName={bill_settings.payee_bank_name}|BIC={bill_settings.payee_bic}"
        f"|CorrespAcc={bill_settings.payee_corresp_account}|PayeeINN={bill_settings.payee_inn}"
        f"|KPP={bill_settings.payee_kpp}|Sum=99986705|Purpose=Оплата за электроэнергию"
        f"|PersAcc={NUMBER}|PaymPeriod=102026"
    )
    assert decode_qr(images[0]) == expected


async def test_the_latest_period_by_default_and_no_bill_without_charges(
    bills: BillsService, seed: Seed
) -> None:
    scene = await bill_scene(seed)

    latest = await bills.bill(scene.user_id, scene.account_id)

    assert latest.period == PERIOD
    with pytest.raises(NoBill):
        await bills.bill(scene.user_id, scene.account_id, "2020-01")


async def test_only_the_holder_gets_the_bill(bills: BillsService, seed: Seed) -> None:
    scene = await bill_scene(seed)
    stranger = await seed.user()

    with pytest.raises(NotAccountOwner):
        await bills.bill(stranger, scene.account_id, PERIOD)


async def test_the_file_is_kept_and_redrawn_when_a_figure_changes(
    bills: BillsService,
    seed: Seed,
    uow_factory: UnitOfWorkFactory,
    bill_settings: Settings,
) -> None:
    scene = await bill_scene(seed)
    first = await bills.bill(scene.user_id, scene.account_id, PERIOD)
    again = await bills.bill(scene.user_id, scene.account_id, PERIOD)
    files = sorted((Path(bill_settings.files_dir) / "bills").rglob("*.pdf"))
    assert again.content == first.content and len(files) == 1

    await seed.charge(scene.account_id, PERIOD, 100, service="Пени", tariff_rub=None)
    changed = await bills.bill(scene.user_id, scene.account_id, PERIOD)

    assert changed.total_kopecks == TOTAL + 100
    assert "999 868,05" in pdf_text(changed.content)
    assert len(sorted((Path(bill_settings.files_dir) / "bills").rglob("*.pdf"))) == 2
    async with uow_factory() as uow:
        stored = await uow.bills.bill(scene.account_id, PERIOD)
        assert isinstance(stored, Bill)
        assert (stored.charged_kopecks, stored.debt_before_kopecks) == (CHARGED + 100, DEBT_BEFORE)
        assert (stored.paid_kopecks, stored.total_kopecks) == (PAID, TOTAL + 100)
        assert stored.file_path is not None and stored.file_path.endswith(".pdf")
