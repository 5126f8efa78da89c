"""Addresses as outages and accounts are compared: normalized keys and house-number ranges.

Billing and the grid company write one address in many ways («ул. Мира», «улица Мира», «Мира
ул», «УЛ.МИРА»; «Ставрополь», «г. Ставрополь»; «Вёшенская», «Вешенская»; «7 А», «7а»). Both sides
are brought to the same keys before they meet, and the account's keys are stored on the account
when billing imports it, so an outage is matched by an indexed query:

- **Locality**: lower case, «ё» as «е», punctuation and repeated spaces dropped, and the type
  word (г., город, с., село, ст-ца, станица, п., пос., посёлок, пгт, х., хутор, аул, …) left
  out, at the start or at the end: «г. Ставрополь» = «Ставрополь» = «СТАВРОПОЛЬ Г.». Localities
  of one name in one branch are not told apart by their type.
- **Street**: the same, but the type is kept, in one spelling («улица», «ул» → «ул»; «переулок»,
  «пер» → «пер»; «проспект», «просп», «пр-кт», «пр» → «пр-кт»; …), so «ул. Мира» ≠ «пер. Мира».
  A street written without a type is an «улица». No street (a village's houses numbered along
  the locality) is the empty key.
- **House**: its leading number and what follows it (a letter, a fraction), lower case, spaces
  and a dash before the letter dropped, a building written into it («15к2») left out; the
  account's `letter` column is appended: house «7»
  letter «А» = «7а» = «7 А» = «7-а». The building (корпус) is not part of the house: a cut of
  the house cuts every building of it. A house without a leading number is matched only by
  «все».

An outage's `houses` is a list separated by commas or semicolons:

- `все` — every house of the street (alone in the list);
- `7` — house 7, and 7/1, 7/2 (a corner house's second number is the other street's), but
  not 7а or 7б, which are houses of their own; `7а` — 7а (and 7а/1); `12/1` — exactly 12/1;
- `1-15` — every house numbered 1 to 15, with its letters and fractions (7а, 15б included);
  `2-20 чёт` / `1-19 нечёт` — the even / odd numbers of the range («чет», «четн.», «чётные»,
  «(чёт.)» alike).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

_PUNCTUATION = re.compile(r"[.,;:«»\"'()№]+")
_SPACES = re.compile(r"\s+")

LOCALITY_TYPES = frozenset(
    {
        "г", "город", "гор",
        "с", "село",
        "ст", "ст-ца", "станица",
        "п", "пос", "поселок", "пгт", "рп", "кп",
        "х", "хут", "хутор",
        "а", "аул",
        "д", "дер", "деревня",
        "сл", "слобода",
        "нп",
    }
)  # fmt: skip

STREET_TYPES = {
    "ул": "ул", "улица": "ул",
    "пер": "пер", "переулок": "пер",
    "пр-кт": "пр-кт", "пр-т": "пр-кт", "просп": "пр-кт", "проспект": "пр-кт", "пр": "пр-кт",
    "пр-д": "пр-д", "проезд": "пр-д",
    "пл": "пл", "площадь": "пл",
    "б-р": "б-р", "бул": "б-р", "бульвар": "б-р",
    "ш": "ш", "шоссе": "ш",
    "туп": "туп", "тупик": "туп",
    "наб": "наб", "набережная": "наб",
    "мкр": "мкр", "микрорайон": "мкр",
    "кв-л": "кв-л", "квартал": "кв-л",
    "проулок": "проулок",
    "аллея": "аллея",
    "линия": "линия",
    "тракт": "тракт",
    "спуск": "спуск",
}  # fmt: skip
DEFAULT_STREET_TYPE = "ул"


def _words(text: str | None) -> list[str]:
    if not text:
        return []
    text = text.lower().replace("ё", "е")
    text = _PUNCTUATION.sub(" ", text)
    return _SPACES.sub(" ", text).strip().split(" ") if text.strip() else []


def locality_key(locality: str | None) -> str:
    words = _words(locality)
    if len(words) > 1 and words[0] in LOCALITY_TYPES:
        words = words[1:]
    if len(words) > 1 and words[-1] in LOCALITY_TYPES:
        words = words[:-1]
    return " ".join(words)


def street_key(street: str | None) -> str:
    words = _words(street)
    if not words:
        return ""
    kind = DEFAULT_STREET_TYPE
    if len(words) > 1 and words[0] in STREET_TYPES:
        kind, words = STREET_TYPES[words[0]], words[1:]
    elif len(words) > 1 and words[-1] in STREET_TYPES:
        kind, words = STREET_TYPES[words[-1]], words[:-1]
    return f"{kind} {' '.join(words)}"


_HOUSE = re.compile(r"^(?:д\.?|дом)?\s*([0-9]+)\s*-?\s*(.*)$")
# A building written into the house («15к2», «15 корп. 2», «15 стр 1»): not part of the house.
_BUILDING = re.compile(r"(?:к|корп|корпус|стр|строение)\.?[0-9]+[а-я]?$")


@dataclass(frozen=True, slots=True)
class House:
    """A house as matched: its number (None when it has none) and the rest («а», «/1», «а/2»)."""

    number: int | None
    suffix: str


def house_key(house: str | None, letter: str | None = None) -> House:
    text = (house or "").strip().lower().replace("ё", "е")
    extra = _SPACES.sub("", (letter or "").lower().replace("ё", "е")).lstrip("-")
    match = _HOUSE.match(text)
    if match is None:
        return House(None, _SPACES.sub("", text) + extra)
    rest = _BUILDING.sub("", _SPACES.sub("", match.group(2)))
    return House(int(match.group(1)), rest + extra)


class Parity(StrEnum):
    EVEN = "even"
    ODD = "odd"


@dataclass(frozen=True, slots=True)
class HouseRange:
    first: int
    last: int
    parity: Parity | None = None

    def contains(self, house: House) -> bool:
        number = house.number
        if number is None or not self.first <= number <= self.last:
            return False
        if self.parity is Parity.EVEN:
            return number % 2 == 0
        if self.parity is Parity.ODD:
            return number % 2 == 1
        return True


@dataclass(frozen=True, slots=True)
class OneHouse:
    number: int
    suffix: str  # "" for the plain number; «а», «/1», «а/1»

    def contains(self, house: House) -> bool:
        if house.number != self.number:
            return False
        if house.suffix == self.suffix:
            return True
        return "/" not in self.suffix and house.suffix.startswith(self.suffix + "/")


@dataclass(frozen=True, slots=True)
class Houses:
    """What an outage's `houses` names: every house (`everything`), or these items."""

    everything: bool
    items: tuple[HouseRange | OneHouse, ...] = ()

    def contains(self, house: House) -> bool:
        return self.everything or any(item.contains(house) for item in self.items)


class HousesError(ValueError):
    """`houses` that cannot be read; the message says what is expected."""


_EVERY = {"все", "всё"}
_RANGE = re.compile(r"^([0-9]+)\s*[-–—]\s*([0-9]+)\s*\(?\s*([а-яё]+)?\.?\s*\)?$")
_ONE = re.compile(r"^([0-9]+)\s*-?\s*([а-я]?)\s*(?:/\s*([0-9]+\s*[а-я]?))?$")
_EVEN = {"чет", "четн", "четные", "четная", "четный", "ч"}
_ODD = {"нечет", "нечетн", "нечетные", "нечетная", "нечетный", "неч", "н"}
MAX_HOUSE = 100_000


def parse_houses(text: str) -> Houses:
    """`все`, or a list of houses and ranges (see the module's text); HousesError otherwise."""
    parts = [p.strip() for p in re.split(r"[,;]", text.lower().replace("ё", "е"))]
    parts = [p for p in parts if p]
    if not parts:
        raise HousesError("houses is empty (a list such as 1-15, 2-20 чёт, 7а, or все)")
    if any(p in _EVERY for p in parts):
        if len(parts) > 1:
            raise HousesError("houses: «все» goes alone")
        return Houses(everything=True)
    return Houses(everything=False, items=tuple(_item(p) for p in parts))


def _item(part: str) -> HouseRange | OneHouse:
    ranged = _RANGE.match(part)
    if ranged:
        first, last, word = int(ranged.group(1)), int(ranged.group(2)), ranged.group(3)
        if first > last:
            raise HousesError(f"houses {part!r}: the range ends before it starts")
        if last > MAX_HOUSE:
            raise HousesError(f"houses {part!r}: no house has so high a number")
        parity: Parity | None = None
        if word is not None:
            word = word.replace("ё", "е")
            if word in _EVEN:
                parity = Parity.EVEN
            elif word in _ODD:
                parity = Parity.ODD
            else:
                raise HousesError(f"houses {part!r}: «{word}» is not чёт or нечёт")
        return HouseRange(first, last, parity)
    one = _ONE.match(part)
    if one:
        number = int(one.group(1))
        if number > MAX_HOUSE:
            raise HousesError(f"houses {part!r}: no house has so high a number")
        fraction = _SPACES.sub("", one.group(3) or "")
        return OneHouse(number, one.group(2) + (f"/{fraction}" if fraction else ""))
    raise HousesError(
        f"houses {part!r} is not a house (7, 7а, 12/1), a range (1-15, 2-20 чёт) or все"
    )


@dataclass(frozen=True, slots=True)
class Place:
    """An outage's place as matched: locality and street keys, and its houses. No street with
    every house is the whole locality."""

    locality: str
    street: str
    houses: Houses

    @property
    def whole_locality(self) -> bool:
        return self.street == "" and self.houses.everything


def place_of(locality: str, street: str | None, houses: str) -> Place:
    return Place(locality_key(locality), street_key(street), parse_houses(houses))


def in_place(place: Place, locality: str, street: str | None, house: House) -> bool:
    """Whether an account's address (locality, street, house as given) is in the place."""
    if locality_key(locality) != place.locality:
        return False
    if place.whole_locality:
        return True
    return street_key(street) == place.street and place.houses.contains(house)


AddressKeys = tuple[str, str, int | None, str]
"""An account's (addr_locality, addr_street, addr_house, addr_house_suffix)."""


@lru_cache(maxsize=65536)
def account_address_keys(
    locality: str | None, street: str | None, house: str | None, letter: str | None
) -> AddressKeys:
    """The keys stored on an account for its address columns (cached: a region's million
    accounts share a few thousand streets and houses)."""
    number = house_key(house, letter)
    return (
        _cached_locality(locality),
        _cached_street(street),
        number.number,
        number.suffix,
    )


@lru_cache(maxsize=16384)
def _cached_locality(locality: str | None) -> str:
    return locality_key(locality)


@lru_cache(maxsize=65536)
def _cached_street(street: str | None) -> str:
    return street_key(street)
