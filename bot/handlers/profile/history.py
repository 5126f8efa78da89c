"""«История аккаунта»: the audit log, ten events a page, newest first, actions named in words."""

from __future__ import annotations

from datetime import tzinfo

from aiogram import F, Router, html
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import gettext as _

from bot.formatting import local_datetime
from bot.handlers.profile.keyboards import (
    HistoryPageButton,
    ProfileButton,
    ProfileScreen,
    field_label,
    history_keyboard,
)
from bot.handlers.profile.screens import show
from core.audit import AuditEventView
from core.cabinet import Cabinet
from core.enums import AuditAction
from core.pagination import Page
from core.users.profile_fields import ProfileField
from core.users.views import UserView

_KNOWN_FIELDS = frozenset(field.value for field in ProfileField)


async def first_page(
    query: CallbackQuery, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    await state.clear()
    await _show_page(query, cabinet, user, 1)


async def other_page(
    query: CallbackQuery, callback_data: HistoryPageButton, cabinet: Cabinet, user: UserView
) -> None:
    await _show_page(query, cabinet, user, callback_data.page)


async def _show_page(query: CallbackQuery, cabinet: Cabinet, user: UserView, number: int) -> None:
    # The page comes from the user's own log only; a crafted page number just clamps.
    page = await cabinet.users.history(user.id, number)
    await show(query, _page_text(page, cabinet.settings.tz), history_keyboard(page))


def _page_text(page: Page[AuditEventView], zone: tzinfo) -> str:
    if not page.items:
        return _("profile.history_empty")
    lines = [_("profile.history_title").format(page=page.page, pages=page.pages)]
    lines += [_row(event, zone) for event in page.items]
    return "\n".join(lines)


def _row(event: AuditEventView, zone: tzinfo) -> str:
    """Дата / Лицевой счёт / Операция, as the web cabinet's table has them."""
    when = local_datetime(event.created_at, zone)
    if event.account_number is None:
        return _("profile.history_row").format(time=when, action=_event(event))
    return _("profile.history_row_account").format(
        time=when, number=html.quote(event.account_number), action=_event(event)
    )


def _event(event: AuditEventView) -> str:
    words = _(f"profile.action_{event.action.value}")
    if event.action is AuditAction.PROFILE_CHANGED:
        names = [
            field_label(ProfileField(name))
            for name in event.details.get("fields", [])
            if name in _KNOWN_FIELDS
        ]
        if names:
            return f"{words}: {', '.join(names)}"
    return words


def create_router() -> Router:
    router = Router(name="profile_history")
    router.callback_query.register(
        first_page, ProfileButton.filter(F.screen == ProfileScreen.HISTORY)
    )
    router.callback_query.register(other_page, HistoryPageButton.filter())
    return router
