"""The consumption chart: kWh per month as bars and roubles charged as a line, as a PNG.

matplotlib is imported on the first chart (it takes a while) and drawn through its object API
with the Agg canvas: no pyplot, so no global state shared between threads.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """`kwh` and `charged_kopecks` are None for a month without charges."""

    period: str
    kwh: Decimal | None
    charged_kopecks: int | None


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """Texts in the reader's language: the title, the axes, and short month names (12)."""

    title: str
    kwh_axis: str
    rub_axis: str
    months: Sequence[str]


def render_chart(months: Sequence[MonthFigures], labels: ChartLabels) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(10, 5), dpi=100)
    FigureCanvasAgg(figure)
    bars = figure.add_subplot()
    places = list(range(len(months)))
    names = [_month_label(month.period, labels) for month in months]
    used = [float(month.kwh or 0) for month in months]  # drawing only: never money
    bars.bar(places, used, color="#4a90d9", label=labels.kwh_axis)
    bars.set_ylabel(labels.kwh_axis)
    bars.set_xticks(places, names, rotation=60, fontsize=8)
    line = bars.twinx()
    charged = [
        month.charged_kopecks / 100 if month.charged_kopecks is not None else float("nan")
        for month in months
    ]
    line.plot(places, charged, color="#d9534f", marker="o", label=labels.rub_axis)
    line.set_ylabel(labels.rub_axis)
    line.set_ylim(bottom=0)
    bars.set_title(labels.title)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _month_label(period: str, labels: ChartLabels) -> str:
    year, month = period.split("-")
    return f"{labels.months[int(month) - 1]} {year[2:]}"
