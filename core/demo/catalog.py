"""Meters and tariffs of the demo: models in use in the region and household prices."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class MeterModel:
    name: str
    digits: int
    zones: str
    serial_length: int


METER_MODELS = (
    MeterModel("Меркурий 201.5", 6, "T", 8),
    MeterModel("Нева 103", 6, "T", 8),
    MeterModel("СЕ 102", 6, "T", 12),
    MeterModel("Энергомера ЦЭ6807Б", 5, "T", 12),
    MeterModel("Меркурий 231", 6, "T1;T2", 8),
    MeterModel("Меркурий 200.02", 6, "T1;T2", 8),
    MeterModel("Нева МТ 114", 6, "T1;T2;T3", 8),
    MeterModel("СЕ 102М", 6, "T1;T2;T3", 12),
)

# The consumption each zone takes: day/night, and peak/night/semi-peak.
ZONE_SHARES = {
    "T": {"T": Decimal(1)},
    "T1;T2": {"T1": Decimal("0.68"), "T2": Decimal("0.32")},
    "T1;T2;T3": {"T1": Decimal("0.30"), "T2": Decimal("0.25"), "T3": Decimal("0.45")},
}

SERVICE_OF_ZONE: dict[str, dict[str, str]] = {
    "T": {"T": "Электроэнергия"},
    "T1;T2": {"T1": "Электроэнергия (день)", "T2": "Электроэнергия (ночь)"},
    "T1;T2;T3": {
        "T1": "Электроэнергия (пик)",
        "T2": "Электроэнергия (ночь)",
        "T3": "Электроэнергия (полупик)",
    },
}

TOWN_TARIFF = "городской"
VILLAGE_TARIFF = "сельский"

# Town prices, ₽/kWh, for the year from each 1 July; villages pay 0.7 of them.
TOWN_PRICES = {
    2023: {
        "T": Decimal("5.49"),
        "day": Decimal("6.28"),
        "night": Decimal("3.29"),
        "peak": Decimal("6.59"),
        "semi": Decimal("5.49"),
    },
    2024: {
        "T": Decimal("6.07"),
        "day": Decimal("6.95"),
        "night": Decimal("3.64"),
        "peak": Decimal("7.28"),
        "semi": Decimal("6.07"),
    },
    2025: {
        "T": Decimal("6.83"),
        "day": Decimal("7.82"),
        "night": Decimal("4.10"),
        "peak": Decimal("8.19"),
        "semi": Decimal("6.83"),
    },
    2026: {
        "T": Decimal("7.51"),
        "day": Decimal("8.60"),
        "night": Decimal("4.51"),
        "peak": Decimal("9.01"),
        "semi": Decimal("7.51"),
    },
}
VILLAGE_FACTOR = Decimal("0.7")

PRICE_OF_ZONE = {
    "T": {"T": "T"},
    "T1;T2": {"T1": "day", "T2": "night"},
    "T1;T2;T3": {"T1": "peak", "T2": "night", "T3": "semi"},
}


def service_name(zones: str, zone: str) -> str:
    return SERVICE_OF_ZONE[zones][zone]


def price(year: int, month: int, zones: str, zone: str, village: bool) -> Decimal:
    """The household price of a zone in a month, ₽/kWh, to the kopeck."""
    tariff_year = year if month >= 7 else year - 1
    table = TOWN_PRICES[min(max(tariff_year, min(TOWN_PRICES)), max(TOWN_PRICES))]
    town = table[PRICE_OF_ZONE[zones][zone]]
    return (town * VILLAGE_FACTOR).quantize(Decimal("0.01")) if village else town
