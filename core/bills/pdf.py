"""The bill (квитанция) as a PDF, laid out like the company's paper one: the payee and its bank
details, the payer and the account, the charges of the period, the meters' readings, the money
(debt at the start, charged, paid, ВСЕГО К ОПЛАТЕ) and the payment QR.

DejaVu Sans comes with matplotlib (a dependency already): a font with Cyrillic that ships in a
Python package, found without importing matplotlib itself.
"""

from __future__ import annotations

import importlib.util
import io
from decimal import Decimal
from pathlib import Path

from core.bills.calendar import period_words_ru
from core.bills.figures import BillFigures
from core.bills.payment_qr import Payee

FONT = "DejaVu"
ROW = 6.0


def font_dir() -> Path:
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib (its DejaVu fonts) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


def money(kopecks: int) -> str:
    """12345678 → "123 456,78" (roubles, as the paper bill prints them)."""
    sign = "-" if kopecks < 0 else ""
    whole, cents = divmod(abs(kopecks), 100)
    return f"{sign}{whole:,}".replace(",", " ") + f",{cents:02d}"


def number(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def render_bill(figures: BillFigures, payee: Payee, qr_png: bytes) -> bytes:
    from fpdf import FPDF  # only bills need it
    from fpdf.enums import XPos, YPos

    fonts = font_dir()
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(f"Квитанция {figures.account_number} {figures.period}")
    pdf.set_author(payee.name)
    pdf.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    width = pdf.epw

    def line(text: str, size: float = 9, bold: bool = False) -> None:
        pdf.set_font(FONT, "B" if bold else "", size)
        pdf.multi_cell(width, ROW - 1, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def row(cells: list[tuple[str, float, str]], bold: bool = False) -> None:
        pdf.set_font(FONT, "B" if bold else "", 8.5)
        for text, share, align in cells:
            pdf.cell(
                width * share, ROW, text, border=1, align=align, new_x=XPos.RIGHT, new_y=YPos.TOP
            )
        pdf.ln(ROW)

    period = period_words_ru(figures.period)
    line(f"КВИТАНЦИЯ на оплату за электрическую энергию за {period}", 12, bold=True)
    pdf.ln(1)
    line(f"Получатель платежа: {payee.name}", bold=True)
    line(f"ИНН {payee.inn}  КПП {payee.kpp}  Р/сч {payee.account}")
    line(f"Банк: {payee.bank_name}  БИК {payee.bic}  К/сч {payee.corresp_account}")
    pdf.ln(2)
    line(f"Плательщик: {figures.payer}", bold=True)
    line(f"Адрес: {figures.address}")
    line(f"Лицевой счёт: {figures.account_number}", bold=True)
    if figures.els:
        line(f"Единый лицевой счёт ГИС ЖКХ: {figures.els}")
    line(f"Расчётный период: {period}    Тариф: {figures.tariff}")
    pdf.ln(2)

    if figures.meters:
        line("Данные приборов учёта", 10, bold=True)
        shares = [0.24, 0.2, 0.2, 0.2, 0.16]
        heads = ["Прибор учёта", "Зона", "Предыдущие", "Текущие", "Расход, кВт·ч"]
        row([(h, s, "C") for h, s in zip(heads, shares, strict=True)], bold=True)
        for meter in figures.meters:
            values = [
                meter.serial,
                meter.zone_name,
                number(meter.previous),
                number(meter.current),
                number(meter.consumption),
            ]
            aligns = ["L", "L", "R", "R", "R"]
            row(list(zip(values, shares, aligns, strict=True)))
        pdf.ln(2)

    line("Расчёт размера оплаты за расчётный период", 10, bold=True)
    shares = [0.4, 0.2, 0.2, 0.2]
    heads = ["Услуга", "Расход, кВт·ч", "Тариф, руб.", "Начислено, руб."]
    row([(h, s, "C") for h, s in zip(heads, shares, strict=True)], bold=True)
    for charge in figures.services:
        values = [
            charge.service,
            number(charge.consumption_kwh),
            number(charge.tariff_rub),
            money(charge.amount_kopecks),
        ]
        row(list(zip(values, shares, ["L", "R", "R", "R"], strict=True)))
    pdf.ln(2)

    sums = figures.money
    totals = [
        ("Задолженность на начало периода, руб.:", sums.debt_before_kopecks),
        ("Итого начислено за расчётный период, руб.:", sums.charged_kopecks),
        ("Оплачено в расчётном периоде, руб.:", sums.paid_kopecks),
    ]
    for label, kopecks in totals:
        pdf.set_font(FONT, "", 9)
        pdf.cell(width * 0.75, ROW, label, align="R", new_x=XPos.RIGHT, new_y=YPos.TOP)
        pdf.cell(width * 0.25, ROW, money(kopecks), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(
        width * 0.75, ROW + 2, "ВСЕГО К ОПЛАТЕ, руб.:", align="R", new_x=XPos.RIGHT, new_y=YPos.TOP
    )
    pdf.cell(
        width * 0.25,
        ROW + 2,
        money(max(sums.total_kopecks, 0)),
        align="R",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    if sums.total_kopecks < 0:
        line(f"Переплата, руб.: {money(-sums.total_kopecks)}")
    pdf.ln(3)

    side = 42.0
    if pdf.get_y() + side + 12 > pdf.h - pdf.b_margin:
        pdf.add_page()
    top = pdf.get_y()
    pdf.image(io.BytesIO(qr_png), x=pdf.l_margin, y=top, w=side, h=side)
    pdf.set_xy(pdf.l_margin + side + 4, top + 4)
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(
        width - side - 4,
        ROW - 1,
        "Уважаемый абонент! Этот QR-код предназначен для оплаты в мобильном приложении "
        "любого банка и в устройствах самообслуживания: наведите камеру, реквизиты и сумма "
        "заполнятся сами.",
        align="L",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    return bytes(pdf.output())
