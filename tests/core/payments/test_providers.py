"""PAYMENT_PROVIDER is checked when settings load and picks the gateway."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from core.payments.providers import build_gateway
from core.payments.sberbank import SberbankGateway
from core.payments.telegram import TelegramGateway
from core.settings import Settings


def test_an_unknown_provider_fails_at_settings_load() -> None:
    with pytest.raises(ValidationError) as failed:
        Settings(_env_file=None, payment_provider="paypal")
    assert "payment_provider" in str(failed.value) and "'sberbank' or 'telegram'" in str(
        failed.value
    )


def test_the_provider_picks_the_gateway() -> None:
    assert isinstance(build_gateway(Settings(_env_file=None)), SberbankGateway)
    telegram = build_gateway(Settings(_env_file=None, payment_provider="telegram"))
    assert isinstance(telegram, TelegramGateway) and not telegram.pays_on_page
