"""The way in reads what the version before its typed data saved."""

from __future__ import annotations

from bot.fsm.onboarding import CODEC, OnboardingDialog


def test_the_data_saved_before_reads_as_the_dialog() -> None:
    saved_before = {"consented": True, "login": "+79280000001", "reset_by_phone": True}

    dialog = CODEC.of(saved_before)

    assert dialog == OnboardingDialog(consented=True, login="+79280000001", reset_by_phone=True)
    assert CODEC.of({}) == OnboardingDialog()
    assert CODEC.of(CODEC.to_data(dialog)) == dialog
