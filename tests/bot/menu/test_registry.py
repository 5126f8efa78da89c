"""The registry of sections is the one list behind the main menu's keyboard and the routers."""

from __future__ import annotations

from aiogram import Router

from bot.handlers.menu.keyboard import main_menu
from bot.handlers.routers import create_routers
from bot.handlers.sections import MENU_SECTIONS, SECTIONS
from bot.i18n import build_i18n

# The routers whose place is a rule, around the sections.
BEFORE_SECTIONS = ["errors", "start", "payments_telegram", "menu", "help_commands"]
AFTER_SECTIONS = ["staff_desk", "question_offer", "fallback"]


def test_every_menu_button_is_a_registered_section_in_its_order() -> None:
    i18n = build_i18n()
    with i18n.context(), i18n.use_locale("ru"):
        keyboard = main_menu()
        expected = [i18n.gettext(section.button or "") for section in MENU_SECTIONS]
    shown = [button.text for row in keyboard.keyboard for button in row]
    assert shown == expected
    assert all(len(row) == 2 for row in keyboard.keyboard[:-1])  # two a row


def test_every_section_has_its_router_once_in_registry_order() -> None:
    names = [router.name for router in create_routers()]
    sections = [section.entry().create_router().name for section in SECTIONS]
    assert names == [*BEFORE_SECTIONS, *sections, *AFTER_SECTIONS]
    assert len(set(names)) == len(names)


def test_every_menu_section_opens() -> None:
    for section in MENU_SECTIONS:
        assert callable(section.menu_entry().open_section), section.name
    assert {section.name for section in SECTIONS} >= {section.name for section in MENU_SECTIONS}


def test_no_router_is_included_twice_anywhere() -> None:
    seen: list[str] = []

    def walk(router: Router) -> None:
        seen.append(router.name)
        for child in router.sub_routers:
            walk(child)

    for router in create_routers():
        walk(router)
    assert len(seen) == len(set(seen)), sorted(name for name in seen if seen.count(name) > 1)
