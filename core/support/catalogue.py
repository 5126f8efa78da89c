"""The services a customer may order from «Сообщения» → «Заказать услугу».

Codes are stored in `service_requests.service`; their names are texts of the front end
(`services.name_<code>` in the bot), so the catalogue has no language of its own.
"""

from __future__ import annotations

from enum import StrEnum


class ServiceCode(StrEnum):
    REPLACE_METER = "replace_meter"
    METER_VERIFICATION = "verification"
    SEALING = "sealing"
    CALL_INSPECTOR = "inspector"
    CONTRACT = "contract"


# The order a customer sees them in.
CATALOGUE: tuple[ServiceCode, ...] = tuple(ServiceCode)


def service_of(code: str) -> ServiceCode | None:
    try:
        return ServiceCode(code)
    except ValueError:
        return None
