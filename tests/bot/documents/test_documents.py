"""«📄 Документы»: billing's documents by account, a PDF on a press (uploaded once, then sent by
Telegram's file id), crafted presses refused; a bad documents file names its lines and loads
nothing; staff attach a PDF in the customer's topic and the customer is told."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.handlers.documents.keyboards import DocumentsAction, DocumentsButton
from core.exchange.problems import ImportRejected
from tests.bot.kit import BotWorld
from tests.bot.signed_in import linked_account, press_crafted, signed_in_customer
from tests.bot.support.test_scene import (
    PDF,
    customer_with_account,
    first_message,
    staff_member,
    upload,
)
from tests.core.accounts.seed import Seed

HEADER = "account_number,document_id,kind,title,issued_on,file\n"


def documents_file(folder: Path, rows: str, files: dict[str, bytes]) -> Path:
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    path = folder / "documents.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


async def test_a_customer_gets_the_contract_of_their_account(
    world: BotWorld, seed: Seed, tmp_path: Path
) -> None:
    anna = await signed_in_customer(world)
    await linked_account(world, seed, anna.user.id, "110000001")
    path = documents_file(
        tmp_path,
        "110000001,Д-1,contract,Договор энергоснабжения,2020-02-01,pdf/contract.pdf\n"
        "110000001,А-7,act,Акт сверки за 2025 год,2026-01-15,pdf/act.pdf\n",
        {"pdf/contract.pdf": PDF, "pdf/act.pdf": PDF + b"act"},
    )
    loaded = await world.cabinet.documents.import_file(path)
    assert (loaded.rows, loaded.inserted, loaded.updated) == (2, 2, 0)

    await anna.client.send("📄 Документы")
    listing = await anna.client.expect_message(contains="Документы по лицевому счёту 110000001")
    assert listing.button_list == [
        "📄 Акт: Акт сверки за 2025 год · 15.01.2026",
        "📄 Договор: Договор энергоснабжения · 01.02.2020",
    ]
    await anna.client.click("📄 Договор: Договор энергоснабжения · 01.02.2020")
    sent = await anna.client.expect_message()
    assert sent.document is not None and sent.document["file_name"] == "contract.pdf"
    await anna.client.click("📄 Договор: Договор энергоснабжения · 01.02.2020", message=listing)
    again = await anna.client.expect_message()
    assert again.document is not None
    assert again.document["file_unique_id"] == sent.document["file_unique_id"]  # not uploaded again

    again_loaded = await world.cabinet.documents.import_file(path)  # the same file: updates
    assert (again_loaded.inserted, again_loaded.updated) == (0, 2)


async def test_several_accounts_a_choice_and_crafted_presses_refused(
    world: BotWorld, seed: Seed, tmp_path: Path
) -> None:
    anna = await signed_in_customer(world)
    boris = await signed_in_customer(world, phone="+79280000002", first_name="Борис")
    await linked_account(world, seed, anna.user.id, "110000001")
    await linked_account(world, seed, anna.user.id, "110000003")
    borises = await linked_account(world, seed, boris.user.id, "110000002")
    path = documents_file(
        tmp_path,
        "110000002,Д-2,contract,Договор Бориса,2021-03-01,boris.pdf\n",
        {"boris.pdf": PDF},
    )
    await world.cabinet.documents.import_file(path)

    await anna.client.send("📄 Документы")
    choice = await anna.client.expect_message(contains="Выберите лицевой счёт")
    assert choice.button_list == ["№ 110000001", "№ 110000003"]
    await anna.client.click("№ 110000003")
    empty = await anna.client.expect_message(contains="110000003")
    assert "Документов пока нет" in empty.text
    assert empty.button_list == ["🔁 Другой лицевой счёт"]

    crafted = DocumentsButton(action=DocumentsAction.ACCOUNT, account_id=borises).pack()
    await press_crafted(anna.client, choice, crafted)
    refusal = await anna.client.expect_callback_answer()
    assert "недоступен" in (refusal.get("text") or "")
    [document] = await world.cabinet.documents.of_account(boris.user.id, borises)
    crafted = DocumentsButton(action=DocumentsAction.OPEN, document_id=document.id).pack()
    await press_crafted(anna.client, choice, crafted)
    refusal = await anna.client.expect_callback_answer()
    assert "недоступен" in (refusal.get("text") or "")
    await anna.client.expect_no_message(within=0.3)  # Boris's contract never reached her


async def test_a_bad_documents_file_names_its_lines_and_loads_nothing(
    world: BotWorld, seed: Seed, tmp_path: Path
) -> None:
    await seed.account("110000001")
    path = documents_file(
        tmp_path,
        "110000001,Д-1,contract,Договор,2020-02-01,ok.pdf\n"
        "119999999,Д-2,act,Акт,2020-02-01,ok.pdf\n"
        "110000001,Д-3,act,Акт,2020-02-01,missing.pdf\n"
        "110000001,Д-4,letter,Письмо,2020-02-01,picture.pdf\n"
        "110000001,Д-5,memo,Письмо,2020-02-01,ok.pdf\n",
        {"ok.pdf": PDF, "picture.pdf": b"\xff\xd8\xff not a pdf"},
    )
    with pytest.raises(ImportRejected) as rejected:
        await world.cabinet.documents.import_file(path)
    assert [(p.line, p.message) for p in rejected.value.problems] == [
        (3, "account 119999999 is unknown"),
        (4, "file: missing.pdf cannot be read"),
        (5, "file: picture.pdf: The file is not a PDF document"),
        (6, "kind: contract, act, letter or other"),
    ]
    async with world.cabinet.uow_factory() as uow:
        assert not await uow.documents.by_external_ids(["Д-1"])


async def test_staff_attach_a_pdf_in_the_topic_and_the_customer_is_told(
    support_world: BotWorld,
) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000003", "Анна", "110000003")
    olga = await staff_member(world)
    topic, _ = await first_message(world, anna.client, "Пришлите, пожалуйста, акт сверки")

    await upload(
        olga,
        "document",
        PDF,
        caption="/document Акт сверки за ноябрь",
        file_name="akt.pdf",
        mime_type="application/pdf",
        chat_id=world.emu.staff.chat_id,
        thread_id=topic,
    )
    done = await world.emu.staff.expect_message(thread_id=topic)
    assert "добавлен к лицевому счёту 110000003" in done.text
    told = await anna.client.expect_message(contains="Новый документ")
    assert "Акт сверки за ноябрь" in told.text and "Ответ службы поддержки" not in told.text
    await anna.client.click("Открыть")
    sent = await anna.client.expect_message()
    assert sent.document is not None and sent.document["file_name"] == "akt.pdf"

    await upload(
        olga,
        "document",
        b"not a pdf",
        caption="/document Что-то",
        file_name="x.pdf",
        chat_id=world.emu.staff.chat_id,
        thread_id=topic,
    )
    refused = await world.emu.staff.expect_message(thread_id=topic)
    assert "Это не PDF" in refused.text
    await world.emu.staff.send(olga, "/document", thread_id=topic)
    usage = await world.emu.staff.expect_message(thread_id=topic)
    assert "PDF-файл с подписью" in usage.text
    await anna.client.expect_no_message(within=0.3)
