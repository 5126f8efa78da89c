"""Tariff zones of a meter, stored as "T", "T1;T2" or "T1;T2;T3", and their names on bills."""

from __future__ import annotations

_NAMES: dict[int, dict[str, str]] = {
    1: {"T": "Одноставочная"},
    2: {"T1": "День", "T2": "Ночь"},
    3: {"T1": "Пик", "T2": "Полупик", "T3": "Ночь"},
}


def zones_of(stored: str) -> list[str]:
    return [zone.strip() for zone in stored.split(";") if zone.strip()]


def zone_name(zone: str, zone_count: int) -> str:
    """The name a customer knows the zone by; an unusual code is shown as it is."""
    return _NAMES.get(zone_count, {}).get(zone, zone)
