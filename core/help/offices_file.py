"""The offices file (CSV, UTF-8, a header row): one row per office or contact centre.

    office_id,kind,name,address,hours,phone,latitude,longitude

`kind` is `office` or `contact_centre`; `latitude` and `longitude` are decimal degrees (empty
for the contact centre, or for an office that should not be offered as the nearest one). The file
is the whole list: importing it replaces the previous one. A bad row loads nothing and is named
by its line."""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.exchange.csv_source import read_csv_text
from core.exchange.problems import ImportRejected, RowProblem
from core.help.views import Office, OfficeKind

COLUMNS = ("office_id", "kind", "name", "address", "hours", "phone", "latitude", "longitude")
OFFICE_ID = re.compile(r"[0-9A-Za-z_.-]{1,40}")
PHONE = re.compile(r"\+?[0-9][0-9 ()\-]{4,38}[0-9]")
LIMITS = {"name": 200, "address": 300, "hours": 300}


class RowError(ValueError):
    pass


def parse_offices(text: str) -> list[Office]:
    """Every office of the file, in its order; ImportRejected naming each bad line."""
    offices: list[Office] = []
    problems: list[RowProblem] = []
    seen: set[str] = set()
    for row in read_csv_text(text, COLUMNS):
        if isinstance(row, RowProblem):
            problems.append(row)
            continue
        line, values = row
        try:
            office = _office(values)
            if office.code in seen:
                raise RowError(f"office_id {office.code!r} is given twice")
        except RowError as error:
            problems.append(RowProblem(line, str(error)))
            continue
        seen.add(office.code)
        offices.append(office)
    if problems:
        raise ImportRejected(problems, len(problems))
    if not offices:
        raise ImportRejected([RowProblem(1, "the file names no office")], 1)
    return offices


def _office(values: Sequence[str]) -> Office:
    code, kind, name, address, hours, phone, latitude, longitude = (v.strip() for v in values)
    if not OFFICE_ID.fullmatch(code):
        raise RowError("office_id: 1 to 40 Latin letters, digits, '_', '.', '-'")
    try:
        office_kind = OfficeKind(kind)
    except ValueError:
        raise RowError("kind: office or contact_centre") from None
    for column, value in (("name", name), ("address", address), ("hours", hours)):
        if not value and not (column == "address" and office_kind is OfficeKind.CONTACT_CENTRE):
            raise RowError(f"{column}: empty")
        if len(value) > LIMITS[column]:
            raise RowError(f"{column}: longer than {LIMITS[column]} characters")
    if not PHONE.fullmatch(phone):
        raise RowError("phone: digits, spaces, '(', ')', '-' and a leading '+'")
    lat, lon = _coordinate(latitude, "latitude", 90), _coordinate(longitude, "longitude", 180)
    if (lat is None) != (lon is None):
        raise RowError("latitude and longitude: both or neither")
    return Office(code, office_kind, name, address, hours, phone, lat, lon)


def _coordinate(text: str, column: str, limit: float) -> float | None:
    if not text:
        return None
    if not re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]{1,8})?", text):
        raise RowError(f"{column}: decimal degrees like 44.0446")
    value = float(text)
    if abs(value) > limit:
        raise RowError(f"{column}: beyond ±{limit:g}")
    return value
