"""The «Оплата» listing: every account with what is owed per service, each with «Оплатить»."""

from __future__ import annotations

from aiogram import html
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.formatting import rubles
from bot.fsm.payments import Pay, PaymentDialog, save
from bot.handlers.payments.keyboards import accounts_keyboard
from core.cabinet import Cabinet
from core.payments.views import PayableAccount


async def show_accounts(
    message: Message, state: FSMContext, cabinet: Cabinet, user_id: int
) -> None:
    accounts = await cabinet.payments.payable.accounts(user_id)
    await save(state, Pay.account, PaymentDialog())
    await message.answer(accounts_text(accounts), reply_markup=accounts_keyboard(accounts))


def accounts_text(accounts: list[PayableAccount]) -> str:
    if not accounts:
        return _("payments.no_accounts")
    blocks = [_("payments.title")]
    for account in accounts:
        lines = [
            _("payments.account_line").format(
                number=html.quote(account.number), address=html.quote(account.address)
            )
        ]
        for debt in account.services:
            key = "payments.debt_line" if debt.debt_kopecks > 0 else "payments.no_debt_line"
            lines.append(
                _(key).format(
                    service=html.quote(debt.service),
                    amount=rubles(max(debt.debt_kopecks, 0)),
                    balance=rubles(-debt.debt_kopecks),
                )
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
