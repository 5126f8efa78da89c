"""Every error the users' services raise has its own code, for the bot to map to a text."""

from __future__ import annotations

import inspect
from types import ModuleType

import core.mail.errors
import core.users.errors
import core.validation.errors
from core.errors import CabinetError


def error_classes(*modules: ModuleType) -> list[type[CabinetError]]:
    return [
        cls
        for module in modules
        for _name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, CabinetError) and cls.__module__ == module.__name__
    ]


def test_each_error_has_a_distinct_code() -> None:
    classes = error_classes(core.users.errors, core.validation.errors, core.mail.errors)
    codes = [cls.code for cls in classes]

    assert len(classes) > 20
    assert len(set(codes)) == len(codes)
    assert CabinetError.code not in codes
