"""The base of core's records: plain classes with annotated attributes, built from keywords."""

from __future__ import annotations

from typing import Any


class Entity:
    """A record of the cabinet. Storage maps each subclass onto its table; core only reads,
    sets and constructs them. An attribute left out of the constructor is unset, as it is for
    a new row: its default is filled in when the record is written."""

    def __init__(self, **values: Any) -> None:
        known = _attributes(type(self))
        for name, value in values.items():
            if name not in known:
                raise TypeError(
                    f"{name!r} is an invalid keyword argument for {type(self).__name__}"
                )
            setattr(self, name, value)


def _attributes(cls: type) -> set[str]:
    names: set[str] = set()
    for klass in cls.__mro__:
        names.update(vars(klass).get("__annotations__", {}))
    return names
