"""An account with a bill to draw: a linked holder, a meter with readings of two periods,
charges and payments whose sums floats would get wrong; and the tools to read a bill back
(its text through pypdf, its QR through zbar)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest
from pypdf import PdfReader

from core.entities.accounts import AccountLink
from core.enums import LinkMethod, LinkStatus
from storage.uow import UnitOfWorkFactory
from tests.core.accounts.seed import Seed

PERIOD = "2026-10"
NUMBER = "110000001"
HOLDER = "Иванов Иван Александрович"
# Charged before October: 1 000 000,07 ₽; paid before October: 3 × 33,33 ₽;
# charged in October: 0,10 + 0,20 ₽ (two services); paid in October: 33,33 ₽.
DEBT_BEFORE = 100_000_007 - 3 * 3333
CHARGED = 10 + 20
PAID = 3333
TOTAL = DEBT_BEFORE + CHARGED - PAID  # 999 867,05 ₽: 99_986_705 kopecks


@dataclass(frozen=True)
class BillScene:
    account_id: int
    user_id: int


async def link(uow_factory: UnitOfWorkFactory, user_id: int, account_id: int) -> None:
    async with uow_factory() as uow:
        uow.accounts.add_link(
            AccountLink(
                user_id=user_id,
                account_id=account_id,
                status=LinkStatus.ACTIVE.value,
                method=LinkMethod.ELS.value,
                created_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
        )
        await uow.commit()


async def bill_scene(seed: Seed, user_id: int | None = None, number: str = NUMBER) -> BillScene:
    account = await seed.account(number=number, holder_name=HOLDER)
    user_id = user_id if user_id is not None else await seed.user()
    await link(seed.uow_factory, user_id, account.id)
    await seed_money(seed, account.id)
    return BillScene(account.id, user_id)


async def seed_money(seed: Seed, account_id: int) -> None:
    meter_id = await seed.meter(account_id)
    await seed.reading(meter_id, "29114", datetime(2026, 9, 20, 9, tzinfo=UTC), "2026-09")
    await seed.reading(meter_id, "29425", datetime(2026, 10, 20, 9, tzinfo=UTC), PERIOD)
    await seed.charge(account_id, "2026-09", 100_000_007, tariff_rub="4.63")
    await seed.charge(account_id, PERIOD, 10, tariff_rub="4.63")
    await seed.charge(account_id, PERIOD, 20, service="Вывоз ТКО", tariff_rub=None)
    for day in (5, 15, 25):
        await seed.payment(account_id, 3333, datetime(2026, 9, day, 9, tzinfo=UTC))
    # 1 October 00:30 in Moscow is still 30 September in UTC: it counts in October.
    await seed.payment(account_id, 3333, datetime(2026, 9, 30, 21, 30, tzinfo=UTC))
    # Paid after October ended: not on October's bill.
    await seed.payment(account_id, 5000, datetime(2026, 11, 2, 9, tzinfo=UTC))


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_images(content: bytes) -> list[bytes]:
    """Every image of the PDF, as PNG."""
    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for image in page.images:
            assert image.image is not None
            out = io.BytesIO()
            image.image.save(out, format="PNG")
            found.append(out.getvalue())
    return found


def decode_qr(png: bytes) -> str:
    """The text of the QR code in a PNG, read by zbar (`zbarimg`), as a bank app reads it."""
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        if os.environ.get("CI") == "true":
            pytest.fail("zbarimg is not installed; CI must install zbar-tools")
        pytest.skip("zbarimg is not installed (Debian: zbar-tools)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "qr.png"
        path.write_bytes(png)
        done = subprocess.run(
            [zbarimg, "--raw", "-q", str(path)], capture_output=True, check=False, timeout=30
        )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout.decode().rstrip("\n")


async def downloaded(api_base: str, file_id: str) -> bytes:
    """A file the bot sent, fetched from the emulator's file API as a client would."""
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{api_base}/_emu/files/{file_id}") as response,
    ):
        assert response.status == 200, await response.text()
        return await response.read()
