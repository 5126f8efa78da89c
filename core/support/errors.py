"""What can go wrong at the support desk, in words a front end can translate."""

from __future__ import annotations

from datetime import date

from core.errors import CabinetError


class NotACustomerTopic(CabinetError):
    code = "support_not_a_customer_topic"

    def __init__(self, topic_id: int | None) -> None:
        super().__init__(f"Topic {topic_id} is not a customer's dialog", topic_id=topic_id)


class EmptySupportMessage(CabinetError):
    code = "support_empty_message"

    def __init__(self) -> None:
        super().__init__("A message needs a text, a photo or a document")


class SupportMessageTooLong(CabinetError):
    code = "support_message_too_long"

    def __init__(self, limit: int) -> None:
        super().__init__(f"A message is at most {limit} characters", limit=limit)


class AddressTooShort(CabinetError):
    code = "service_address_too_short"

    def __init__(self, min_length: int) -> None:
        super().__init__(
            f"The address needs a locality, a street and a house ({min_length}+ characters)",
            min_length=min_length,
        )


class MeterNotOfAccount(CabinetError):
    code = "service_meter_not_of_account"

    def __init__(self, meter_id: int) -> None:
        super().__init__(f"Meter {meter_id} is not of the request's account", meter_id=meter_id)


class UnknownService(CabinetError):
    code = "service_unknown"

    def __init__(self, service: str) -> None:
        super().__init__(f"No service {service!r} in the catalogue", service=service)


class ServiceRequestNotFound(CabinetError):
    """Also for someone else's request: whether it exists is not theirs to learn."""

    code = "service_request_not_found"

    def __init__(self, request_id: int) -> None:
        super().__init__(f"No service request {request_id}", request_id=request_id)


class ServiceRequestAlreadyDecided(CabinetError):
    code = "service_request_already_decided"

    def __init__(self, request_id: int, status: str) -> None:
        super().__init__(
            f"Service request {request_id} is {status}; that change does not apply",
            request_id=request_id,
            status=status,
        )


class PreferredDateOutOfRange(CabinetError):
    code = "service_date_out_of_range"

    def __init__(self, earliest: date, latest: date) -> None:
        super().__init__(
            f"The date must be from {earliest.isoformat()} to {latest.isoformat()}",
            earliest=earliest,
            latest=latest,
        )


class CommentTooLong(CabinetError):
    code = "service_comment_too_long"

    def __init__(self, limit: int) -> None:
        super().__init__(f"A comment is at most {limit} characters", limit=limit)


class ReasonRequired(CabinetError):
    code = "service_reason_required"

    def __init__(self, limit: int) -> None:
        super().__init__(f"A refusal needs a reason of at most {limit} characters", limit=limit)
