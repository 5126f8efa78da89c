"""What is wrong with an import file, line by line, and the error that carries it."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import CabinetError


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    message: str


class ImportRejected(CabinetError):
    """The file has bad rows; nothing was loaded. `problems` holds the first of them in order."""

    code = "import_rejected"

    def __init__(self, problems: list[RowProblem], total: int) -> None:
        super().__init__(f"{total} bad rows; nothing loaded", total=total)
        self.problems = problems
        self.total = total
