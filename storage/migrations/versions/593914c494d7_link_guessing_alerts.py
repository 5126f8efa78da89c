"""link guessing alerts: when staff were last told of many wrong ЕЛС on an account

Revision ID: 593914c494d7
Revises: 372c857f5562
Create Date: 2026-12-03 18:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "593914c494d7"
down_revision: str | None = "372c857f5562"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "link_guessing_alerts",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("alerted_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_link_guessing_alerts_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_link_guessing_alerts")),
    )


def downgrade() -> None:
    op.drop_table("link_guessing_alerts")
