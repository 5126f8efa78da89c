"""«❓ Помощь» as a customer meets it, signed in or not: the guide, the common questions and the
offices from the company's files, an office on the map, the nearest offices from a shared
location, English, a crafted button; and the command menu Telegram shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.types import BotCommandScopeDefault

from bot.command_menu import publish_commands
from bot.handlers.help.keyboards import HelpAction, HelpButton
from bot.i18n import build_i18n
from core.demo.seeding import DEMO_FILES
from core.exchange.problems import ImportRejected
from tests.bot.kit import BotWorld
from tests.bot.signed_in import press_crafted

OFFICES = (DEMO_FILES / "offices.csv").read_text(encoding="utf-8")
FAQ = (DEMO_FILES / "faq.md").read_text(encoding="utf-8")


@pytest.fixture
async def loaded(world: BotWorld) -> BotWorld:
    await world.cabinet.help.import_offices(OFFICES)
    await world.cabinet.help.import_questions(FAQ)
    return world


async def test_a_visitor_reads_the_guide_and_a_common_question(loaded: BotWorld) -> None:
    visitor = await loaded.customer()  # never signed in
    await visitor.send("/help")
    screen = await visitor.expect_message(contains="Помощь")
    assert screen.button_list == [
        "📋 Как пользоваться ботом",
        "❔ Частые вопросы",
        "🏢 Офисы и контакт-центр",
        "📍 Ближайший офис",
    ]
    await visitor.click("📋 Как пользоваться ботом")
    guide = await visitor.expect_message(contains="Как пользоваться ботом")
    assert "Приём открыт с 15 по 25 число" in guide.text and "/cancel" in guide.text

    await visitor.click("❔ Частые вопросы")
    questions = await visitor.expect_message(contains="Частые вопросы")
    assert questions.button_list[0] == "Когда передавать показания?"
    assert len(questions.button_list) == 5  # four questions and the way back
    await visitor.click("Как оплатить без комиссии?")
    answer = await visitor.expect_message(contains="Как оплатить без комиссии?")
    assert "на странице банка" in answer.text
    assert answer.button_list == ["‹ Все вопросы"]


async def test_the_offices_with_the_contact_centre_first_and_one_on_the_map(
    loaded: BotWorld,
) -> None:
    visitor = await loaded.customer()
    await visitor.send("/help")
    await visitor.expect_message(contains="Помощь")
    await visitor.click("🏢 Офисы и контакт-центр")
    offices = await visitor.expect_message(contains="Контакт-центр (демо)")
    assert offices.text.index("Контакт-центр") < offices.text.index("Ставропольский офис")
    assert "г. Ессентуки, ул. Большевистская, 59А" in offices.text
    assert "8 (87961) 6-61-06" in offices.text
    assert "📍 Ессентукский офис (демо)" in offices.button_list

    await visitor.click("📍 Ессентукский офис (демо)")
    venue = await visitor.expect_message()
    assert venue.venue is not None
    assert venue.venue["title"] == "Ессентукский офис (демо)"
    assert venue.venue["location"] == {"latitude": 44.0446, "longitude": 42.8589}


async def test_the_nearest_offices_from_a_shared_location(loaded: BotWorld) -> None:
    visitor = await loaded.customer()
    await visitor.send("❓ Помощь")  # the menu's button works signed in or not
    await visitor.expect_message(contains="Помощь")
    await visitor.click("📍 Ближайший офис")
    prompt = await visitor.expect_message(contains="геопозицию")
    assert prompt.reply_keyboard == [["📍 Отправить геопозицию"]]

    await visitor.share_location(44.0401, 43.0702)  # in Pyatigorsk
    nearest = await visitor.expect_message(contains="Ближайшие офисы")
    lines = nearest.text
    assert lines.index("Пятигорский") < lines.index("Ессентукский") < lines.index("Кисловодский")
    assert "1. Пятигорский офис (демо) — 1,3 км" in lines  # 0.0085° north, 0.0108° east
    assert "Ставропольский" not in lines  # three nearest only
    venue = await visitor.expect_message()
    assert venue.venue is not None and venue.venue["title"] == "Пятигорский офис (демо)"

    await visitor.click("📍 Ближайший офис")
    await visitor.expect_message(contains="геопозицию")
    await visitor.send("📍 Отправить геопозицию")  # the button: the phone's own location
    nearest = await visitor.expect_message(contains="Ближайшие офисы")
    assert "1. Ставропольский офис (демо)" in nearest.text


async def test_in_english_and_without_files(world: BotWorld) -> None:
    john = await world.customer(first_name="John", language_code="en")
    await john.send("/help")
    await john.expect_message(contains="Help")
    await john.click("❔ Common questions")
    await john.expect_message(contains="not loaded yet")
    await john.click("🏢 Offices and contact centre")
    await john.expect_message(contains="list of offices is not loaded yet")

    await world.cabinet.help.import_questions(FAQ)
    await john.click("❔ Common questions")
    questions = await john.expect_message(contains="Common questions")
    assert questions.button_list[0] == "When do I send readings?"


async def test_a_crafted_or_stale_question_is_refused(loaded: BotWorld) -> None:
    visitor = await loaded.customer()
    await visitor.send("/help")
    screen = await visitor.expect_message(contains="Помощь")
    crafted = HelpButton(action=HelpAction.QUESTION, question=10_000).pack()
    await press_crafted(visitor, screen, crafted)
    answer = await visitor.expect_callback_answer()
    assert "устарела" in (answer.get("text") or "")
    crafted = HelpButton(action=HelpAction.VENUE, office="nowhere").pack()
    await press_crafted(visitor, screen, crafted)
    answer = await visitor.expect_callback_answer()
    assert "устарела" in (answer.get("text") or "")


async def test_a_bad_offices_or_faq_file_loads_nothing_and_names_its_line(
    loaded: BotWorld,
) -> None:
    bad = OFFICES + "broken,office,Офис,Адрес,часы,not a phone,44.1,43.2\n"
    with pytest.raises(ImportRejected) as rejected:
        await loaded.cabinet.help.import_offices(bad)
    [problem] = rejected.value.problems
    assert problem.line == 8 and "phone" in problem.message
    assert len(await loaded.cabinet.help.offices()) == 6  # the previous list stands

    with pytest.raises(ImportRejected) as rejected:
        await loaded.cabinet.help.import_questions("# ru\n## Вопрос без ответа\n\n# de\n")
    assert [(p.line, p.message) for p in rejected.value.problems] == [
        (2, "a question without an answer"),
        (4, "a language of ru, en"),
    ]
    assert len(await loaded.cabinet.help.questions("ru")) == 4


async def test_the_command_menu_in_both_languages(world: BotWorld) -> None:
    bot: Bot = world.emu.make_bot()
    try:
        await publish_commands(bot, build_i18n())
        russian = await bot.get_my_commands(scope=BotCommandScopeDefault())
        english = await bot.get_my_commands(language_code="en")
    finally:
        await bot.session.close()
    assert [c.command for c in russian] == ["start", "help", "cancel"]
    assert russian[1].description == "Помощь, частые вопросы, офисы"
    assert english[1].description == "Help, common questions, offices"


def test_the_demo_files_are_shipped_inside_the_package() -> None:
    assert Path(DEMO_FILES).is_relative_to(Path(__file__).parents[3] / "core")
