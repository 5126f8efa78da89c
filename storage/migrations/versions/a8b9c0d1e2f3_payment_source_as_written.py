"""Payments: the source as billing writes it («Сбербанк Онлайн», «Почта России»), up to 100
characters, besides the bot's own codes.

Revision ID: a8b9c0d1e2f3
Revises: f7a8b9c0d1e2
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "a8b9c0d1e2f3"
down_revision: str | None = "f7a8b9c0d1e2"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("payments") as batch:
        batch.alter_column(
            "source", existing_type=sa.String(length=10), type_=sa.String(length=100)
        )


def downgrade() -> None:
    # Names longer than a code do not fit back: they become the generic «import».
    op.execute("UPDATE payments SET source = 'import' WHERE length(source) > 10")
    with op.batch_alter_table("payments") as batch:
        batch.alter_column(
            "source", existing_type=sa.String(length=100), type_=sa.String(length=10)
        )
