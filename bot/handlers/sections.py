"""The cabinet's sections in menu order, one line each: the main menu's buttons and the sections'
routers both come from here (`bot.handlers.routers.create_routers`). A new section is a package under
`bot/handlers/` whose entry module has `create_router()` (and, with a menu button,
`open_section(...)`), plus its line below.

An entry module is named, not imported, so that the menu's keyboard, which every section uses,
can read this list without importing the sections that import it."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol, cast

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from core.cabinet import Cabinet
from core.users.views import UserView


class SectionModule(Protocol):
    def create_router(self) -> Router: ...


class MenuSectionModule(SectionModule, Protocol):
    async def open_section(
        self, message: Message, state: FSMContext, cabinet: Cabinet, user: UserView | None
    ) -> None: ...


@dataclass(frozen=True)
class Section:
    name: str
    module: str  # the entry module: `create_router()`, and `open_section(...)` with a button
    button: str | None = None  # its main-menu button's text key; None: reached from others
    for_everyone: bool = False  # opened for someone not signed in too (else they sign in first)

    def entry(self) -> SectionModule:
        return cast(SectionModule, importlib.import_module(self.module))

    def menu_entry(self) -> MenuSectionModule:
        return cast(MenuSectionModule, importlib.import_module(self.module))


# Menu order first (the keyboard's order, two buttons a row), then the sections opened from
# other sections' buttons. Each section's handlers answer only in its own states and to its own
# buttons, so this order decides nothing but which router is asked first: readings, the most
# used job, comes early.
SECTIONS: tuple[Section, ...] = (
    Section("home", "bot.handlers.home.router", "menu.home"),
    Section("readings", "bot.handlers.readings.router", "menu.readings"),
    Section("payments", "bot.handlers.payments.router", "menu.payment"),
    Section("history", "bot.handlers.history.router", "menu.history"),
    Section("support", "bot.handlers.support.router", "menu.messages"),
    Section("profile", "bot.handlers.profile.router", "menu.profile"),
    Section("documents", "bot.handlers.documents.router", "documents.menu"),
    Section("outages", "bot.handlers.outages.customer", "outages.menu"),
    Section("help", "bot.handlers.help.router", "help.menu", for_everyone=True),
    Section("linking", "bot.handlers.linking.router"),
    Section("notifications", "bot.handlers.notifications.buttons"),
    Section("bills", "bot.handlers.bills.router"),  # «Квитанция» under cards and notifications
    Section("services", "bot.handlers.services.router"),
)

MENU_SECTIONS: tuple[Section, ...] = tuple(s for s in SECTIONS if s.button is not None)
MENU_BUTTON_KEYS: tuple[str, ...] = tuple(s.button for s in MENU_SECTIONS if s.button is not None)
