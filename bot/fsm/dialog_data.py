"""What every dialog's typed data shares: the error for data the code cannot read (saved by an
older version, or by none), which the errors router answers by starting over politely."""

from __future__ import annotations


class DialogDataLost(Exception):
    """The FSM data does not have the shape this dialog keeps (`bot.handlers.common.errors`
    clears the dialog and says to begin again)."""
