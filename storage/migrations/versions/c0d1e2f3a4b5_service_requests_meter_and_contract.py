"""Service requests: the meter one is for (an account card's «Заменить счётчик»), and a contract
for someone with no account yet (no account; the address, the holder's name and a phone).

Revision ID: c0d1e2f3a4b5
Revises: b9c0d1e2f3a4
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "c0d1e2f3a4b5"
down_revision: str | None = "b9c0d1e2f3a4"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("service_requests") as batch:
        batch.alter_column("account_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("meter_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("address", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("holder_name", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("contact_phone", sa.String(length=16), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_service_requests_meter_id_meters"),
            "meters",
            ["meter_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    op.execute("DELETE FROM service_requests WHERE account_id IS NULL")
    with op.batch_alter_table("service_requests") as batch:
        batch.drop_constraint(batch.f("fk_service_requests_meter_id_meters"), type_="foreignkey")
        batch.drop_column("contact_phone")
        batch.drop_column("holder_name")
        batch.drop_column("address")
        batch.drop_column("meter_id")
        batch.alter_column("account_id", existing_type=sa.Integer(), nullable=False)
