"""The customer's card as staff read it in the customer's topic (Russian: the group's language)."""

from __future__ import annotations

from aiogram import html

from bot.formatting import kwh, rubles
from bot.staff_texts import t
from core.accounts.views import AccountDashboard
from core.support.views import CustomerCard

TOPIC_NAME_LIMIT = 128  # Telegram's limit for a topic's name


def customer_name(card: CustomerCard, telegram_name: str) -> str:
    return card.name or telegram_name or t("support.staff_no_name")


def topic_name(card: CustomerCard, telegram_name: str) -> str:
    name = customer_name(card, telegram_name)
    number = card.main_account
    full = f"{name} · {number}" if number else name
    return full[:TOPIC_NAME_LIMIT]


def card_text(card: CustomerCard, telegram_name: str) -> str:
    lines = [
        t("support.staff_card_title").format(name=html.quote(customer_name(card, telegram_name))),
        t("support.staff_card_contacts").format(
            phone=html.quote(card.phone or "—"), email=html.quote(card.email or "—")
        ),
    ]
    if not card.accounts:
        lines.append(t("support.staff_card_no_accounts"))
    for account in card.accounts:
        lines += ["", *_account_lines(account)]
    return "\n".join(lines)


def _account_lines(account: AccountDashboard) -> list[str]:
    lines = [
        t("support.staff_card_account").format(
            number=html.quote(account.number), address=html.quote(account.address)
        ),
        t("support.staff_card_debt").format(debt=rubles(account.total_debt_kopecks)),
    ]
    for meter in account.meters:
        readings = meter.current_readings or meter.previous_readings
        shown = ", ".join(
            f"{html.quote(r.name)} {kwh(r.value)} ({r.taken_on:%d.%m.%Y})" for r in readings
        )
        lines.append(
            t("support.staff_card_meter").format(
                serial=html.quote(meter.serial), readings=shown or "—"
            )
        )
    return lines
