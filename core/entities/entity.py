"""The base of core's records: plain classes with annotated attributes, built from keywords."""

from __future__ import annotations

from typing import Any

_attributes_of: dict[type, frozenset[str]] = {}


class Entity:
    """A record of the cabinet. The store maps each subclass onto its table; core reads, sets
    and constructs them. An attribute left out of the constructor is unset, as it is for a new
    row: its default is filled in when the record is written."""

    def __init__(self, **values: Any) -> None:
        cls = type(self)
        known = _attributes_of.get(cls)
        if known is None:
            known = _attributes_of[cls] = _annotated(cls)
        for name, value in values.items():
            if name not in known:
                raise TypeError(f"{name!r} is an invalid keyword argument for {cls.__name__}")
            setattr(self, name, value)


def _annotated(cls: type) -> frozenset[str]:
    names: set[str] = set()
    for klass in cls.__mro__:
        names.update(vars(klass).get("__annotations__", {}))
    return frozenset(names)
