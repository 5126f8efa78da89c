"""What can go wrong with a document, in words a front end can translate."""

from __future__ import annotations

from core.errors import CabinetError


class DocumentNotFound(CabinetError):
    """No such document among the accounts the user holds (or a crafted id)."""

    code = "document_not_found"

    def __init__(self, document_id: int) -> None:
        super().__init__(f"No document {document_id} for this user", document_id=document_id)


class AccountToName(CabinetError):
    """The customer holds several accounts: staff must say which one the document is for."""

    code = "document_account_to_name"

    def __init__(self, numbers: list[str]) -> None:
        super().__init__("Name one of the customer's accounts", numbers=", ".join(numbers))
        self.numbers = numbers


class NotAPdf(CabinetError):
    code = "document_not_a_pdf"

    def __init__(self) -> None:
        super().__init__("The file is not a PDF document")


class DocumentTooLarge(CabinetError):
    code = "document_too_large"

    def __init__(self, max_mb: int) -> None:
        super().__init__(f"A document may be {max_mb} MB at most", max_mb=max_mb)
