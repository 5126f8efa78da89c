"""The profile's dialogs read what the version before their typed data saved."""

from __future__ import annotations

import pytest

from bot.fsm.dialog_data import DialogDataLost
from bot.fsm.profile import (
    EMAIL_CHANGE,
    FIELD_EDIT,
    PASSWORD_CHANGE,
    EmailDialog,
    FieldEdit,
    PasswordDialog,
)
from core.users.profile_fields import ProfileField


def test_the_data_saved_before_reads_as_the_dialogs() -> None:
    field = next(iter(ProfileField))
    assert FIELD_EDIT.of({"field": field.value}) == FieldEdit(field)
    assert PASSWORD_CHANGE.of({"proof": "p", "new_hash": "h"}) == PasswordDialog("p", "h")
    assert PASSWORD_CHANGE.of({"new_hash": "h"}).new() == "h"  # the first password: no proof
    assert EMAIL_CHANGE.of({"email": "anna@example.org"}) == EmailDialog("anna@example.org")
    assert FIELD_EDIT.to_data(FieldEdit(field)) == {"field": field.value}


def test_a_shape_they_cannot_read_is_lost_data() -> None:
    with pytest.raises(DialogDataLost):
        FIELD_EDIT.of({"field": "nonsense"})
    with pytest.raises(DialogDataLost):
        FIELD_EDIT.of({})
    with pytest.raises(DialogDataLost):
        PASSWORD_CHANGE.of({"proof": "p"}).new()
