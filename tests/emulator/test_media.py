"""Photos and documents both ways, getFile and download, media groups, captions, sizes."""

from __future__ import annotations

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramEntityTooLarge, TelegramServerError
from aiogram.types import BufferedInputFile, InputMediaDocument, InputMediaPhoto

from emulator.files import image_size
from emulator.kit import EmulatorHarness, KitError, UserClient
from tests.emulator.helpers import jpeg_header, png_bytes


def test_image_sizes_are_read_from_png_and_jpeg_headers() -> None:
    assert image_size(png_bytes(64, 48)) == (64, 48)
    assert image_size(jpeg_header(1280, 960)) == (1280, 960)
    assert image_size(b"%PDF-1.7") is None


async def test_a_customers_photo_round_trips_to_the_bot(bot: Bot, customer: UserClient) -> None:
    photo = png_bytes(320, 240)
    sent = await customer.send_photo(photo, caption="Счётчик")
    size = sent.photo[-1] if sent.photo else {}
    assert (size["width"], size["height"]) == (320, 240)
    file = await bot.get_file(size["file_id"])
    assert file.file_size == len(photo) and file.file_path
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None and downloaded.read() == photo


async def test_a_customers_document_keeps_its_name(bot: Bot, customer: UserClient) -> None:
    sent = await customer.send_document(
        b"%PDF-1.7 bill", file_name="bill.pdf", mime_type="application/pdf"
    )
    document = sent.document or {}
    assert document["file_name"] == "bill.pdf" and document["mime_type"] == "application/pdf"
    file = await bot.get_file(document["file_id"])
    assert file.file_path is not None
    assert (await bot.download_file(file.file_path)).read() == b"%PDF-1.7 bill"  # type: ignore[union-attr]


async def test_a_download_can_be_refused_on_demand_and_only_downloads_are(
    emulator: EmulatorHarness, bot: Bot, customer: UserClient
) -> None:
    sent = await customer.send_photo(png_bytes(32, 32))
    file_id = sent.photo[-1]["file_id"] if sent.photo else ""
    await emulator.inject_fault(404, method="file")
    await emulator.inject_fault(500, method=None)  # any Bot API method: not a download

    with pytest.raises(TelegramServerError):
        await bot.get_file(file_id)
    file = await bot.get_file(file_id)
    assert file.file_path is not None
    with pytest.raises(aiohttp.ClientResponseError) as refused:
        await bot.download_file(file.file_path)
    assert refused.value.status == 404
    assert await bot.download_file(file.file_path) is not None  # one fault, one refusal


async def test_a_non_image_is_not_a_photo(customer: UserClient) -> None:
    with pytest.raises(KitError, match="PNG or JPEG"):
        await customer.send_photo(b"not an image")


async def test_uploads_are_bounded_at_20_mb(
    emulator: EmulatorHarness, bot: Bot, customer: UserClient
) -> None:
    too_big = b"x" * (20 * 1024 * 1024 + 1)
    with pytest.raises(KitError, match="over"):
        await customer.send_document(too_big, file_name="big.bin")
    with pytest.raises(TelegramEntityTooLarge):
        await bot.send_document(customer.id, BufferedInputFile(too_big, "big.bin"))


async def test_the_bot_sends_a_photo_and_a_document(bot: Bot, customer: UserClient) -> None:
    photo = await bot.send_photo(
        customer.id, BufferedInputFile(png_bytes(10, 20), "m.png"), caption="<b>Фото</b>"
    )
    assert photo.photo is not None and (photo.photo[-1].width, photo.photo[-1].height) == (10, 20)
    assert photo.caption == "Фото" and photo.caption_entities
    seen = await customer.expect_message(contains="Фото")
    assert seen.photo is not None

    document = await bot.send_document(
        customer.id, BufferedInputFile(b"a;b\n1;2\n", "readings.csv")
    )
    assert document.document is not None and document.document.file_name == "readings.csv"
    assert document.document.mime_type == "text/csv"
    again = await bot.send_document(customer.id, document.document.file_id)
    assert (
        again.document is not None
        and again.document.file_unique_id == document.document.file_unique_id
    )


async def test_captions_are_at_most_1024_characters(bot: Bot, customer: UserClient) -> None:
    image = BufferedInputFile(png_bytes(4, 4), "m.png")
    await bot.send_photo(customer.id, image, caption="я" * 1024)
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_photo(customer.id, image, caption="я" * 1025)


async def test_a_wrong_file_id_and_a_document_as_a_photo(bot: Bot, customer: UserClient) -> None:
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_photo(customer.id, "no-such-file")
    with pytest.raises(TelegramBadRequest, match="invalid file_id"):
        await bot.get_file("no-such-file")
    document = await bot.send_document(customer.id, BufferedInputFile(b"x", "x.txt"))
    assert document.document is not None
    with pytest.raises(TelegramBadRequest, match="Document as Photo"):
        await bot.send_photo(customer.id, document.document.file_id)


async def test_media_groups(bot: Bot, customer: UserClient) -> None:
    album = await bot.send_media_group(
        customer.id,
        [
            InputMediaPhoto(media=BufferedInputFile(png_bytes(2, 2), "a.png"), caption="Первое"),
            InputMediaPhoto(media=BufferedInputFile(png_bytes(3, 3), "b.png")),
        ],
    )
    assert len(album) == 2 and album[0].media_group_id == album[1].media_group_id
    assert (await customer.expect_message()).text == "Первое"
    with pytest.raises(TelegramBadRequest, match="can't be mixed"):
        await bot.send_media_group(
            customer.id,
            [
                InputMediaPhoto(media=BufferedInputFile(png_bytes(2, 2), "a.png")),
                InputMediaDocument(media=BufferedInputFile(b"d", "d.txt")),
            ],
        )


async def test_files_are_served_to_the_web_chat_and_not_to_strangers(
    emulator: EmulatorHarness, customer: UserClient
) -> None:
    sent = await customer.send_document(b"hello", file_name="a.txt")
    file_id = (sent.document or {})["file_id"]
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{emulator.base_url}/_emu/files/{file_id}") as response:
            assert await response.read() == b"hello"
        async with http.get(
            f"{emulator.base_url}/file/bot{emulator.token}/documents/nothing"
        ) as response:
            assert response.status == 404
        async with http.get(
            f"{emulator.base_url}/file/bot1:wrong/documents/file_0.txt"
        ) as response:
            assert response.status == 401
