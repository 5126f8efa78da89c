"""The bot's Bot API session sends a request without a file as one JSON body and an upload as
aiogram's multipart form: through the emulator, a message with HTML and an inline keyboard
arrives as sent, an edit that drops the keyboard drops it, and a document arrives whole."""

from __future__ import annotations

from aiogram.methods import SendDocument, SendMessage
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.app import build_bot
from bot.json_session import JsonAiohttpSession
from emulator.kit.harness import EmulatorHarness


async def test_requests_arrive_as_sent_as_json_or_as_a_form(emulator: EmulatorHarness) -> None:
    anna = await emulator.new_user(first_name="Анна")
    bot = build_bot(emulator.token, emulator.api_base)
    session = bot.session
    assert isinstance(session, JsonAiohttpSession)
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="✅ Отправить", callback_data="s:1")]]
    )
    pdf = BufferedInputFile(b"%PDF-1.4 a bill", filename="bill.pdf")
    try:
        ask = SendMessage(chat_id=anna.id, text="<b>Проверьте</b> показания", reply_markup=keyboard)
        assert session.json_body(bot, ask) is not None  # one JSON body
        sent = await bot(ask)
        seen = await anna.expect_message(contains="Проверьте показания")
        assert seen.button_list == ["✅ Отправить"] and seen.message_id == sent.message_id
        assert seen.raw["entities"][0]["type"] == "bold"  # the bot's default parse mode, HTML

        await bot.edit_message_reply_markup(
            chat_id=anna.id, message_id=sent.message_id, reply_markup=None
        )
        assert (await anna.expect_edit()).button_list == []

        upload = SendDocument(chat_id=anna.id, document=pdf, caption="Счёт")
        assert session.json_body(bot, upload) is None  # aiogram's multipart form
        await bot(upload)
        document = await anna.expect_message(contains="Счёт")
        assert document.document is not None and document.document["file_name"] == "bill.pdf"
    finally:
        await session.close()
