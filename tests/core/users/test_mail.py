"""Letters go out over real SMTP, in the user's language, with the code readable."""

from __future__ import annotations

import pytest

from core.enums import CodePurpose
from core.mail.code_letters import code_letter
from core.mail.errors import MailNotSent
from core.mail.smtp import SmtpMailer
from emulator.kit.ports import free_port
from tests.core.users.conftest import SENDER, Inbox


async def test_a_letter_arrives_with_text_and_html(mailer: SmtpMailer, inbox: Inbox) -> None:
    await mailer.send("ivan@example.ru", "Код", "Ваш код: 123456", "<p>Ваш код: <b>123456</b></p>")

    mail = inbox.last_to("ivan@example.ru")
    assert mail.sender == SENDER
    assert mail.subject == "Код"
    assert mail.text.strip() == "Ваш код: 123456"
    assert mail.html is not None and "<b>123456</b>" in mail.html


async def test_an_unreachable_relay_is_a_mail_error() -> None:
    mailer = SmtpMailer("127.0.0.1", free_port(), SENDER, timeout=2)

    with pytest.raises(MailNotSent):
        await mailer.send("ivan@example.ru", "Код", "123456")


@pytest.mark.parametrize("purpose", list(CodePurpose))
def test_code_letters_are_russian_unless_english_is_chosen(purpose: CodePurpose) -> None:
    russian = code_letter(purpose, "042917", "ru", 15)
    english = code_letter(purpose, "042917", "en", 15)

    assert "042917" in russian.text and "15 минут" in russian.text
    assert "042917" in english.text and "15 minutes" in english.text
    assert russian.subject != english.subject
    assert "<b" in russian.html and "042917" in russian.html
