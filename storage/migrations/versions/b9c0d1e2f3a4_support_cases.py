"""«Обращение №N»: the stretches of a support dialog between its closings, numbered. Each dialog
that has messages becomes one case (open or closed as the dialog is), subject its first text.

Revision ID: b9c0d1e2f3a4
Revises: a8b9c0d1e2f3
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "b9c0d1e2f3a4"
down_revision: str | None = "a8b9c0d1e2f3"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "support_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("opened_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("closed_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["support_threads.id"],
            name=op.f("fk_support_cases_thread_id_support_threads"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_support_cases_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_cases")),
    )
    op.create_index("ix_support_cases_user", "support_cases", ["user_id", "id"])
    op.create_index("ix_support_cases_thread", "support_cases", ["thread_id", "status"])
    op.execute(
        """
        INSERT INTO support_cases (thread_id, user_id, subject, status, opened_at, closed_at)
        SELECT t.id, t.user_id,
               (SELECT substr(m.text, 1, 100) FROM support_messages m
                 WHERE m.thread_id = t.id AND m.direction = 'from_customer'
                   AND m.text IS NOT NULL ORDER BY m.id LIMIT 1),
               t.status,
               (SELECT min(m.created_at) FROM support_messages m WHERE m.thread_id = t.id),
               t.closed_at
        FROM support_threads t
        WHERE EXISTS (SELECT 1 FROM support_messages m WHERE m.thread_id = t.id)
        ORDER BY t.id
        """
    )


def downgrade() -> None:
    op.drop_index("ix_support_cases_thread", table_name="support_cases")
    op.drop_index("ix_support_cases_user", table_name="support_cases")
    op.drop_table("support_cases")
