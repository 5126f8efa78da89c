"""outages: power cuts by address, and accounts' address keys to match them

Revision ID: c4d5e6f7a8b9
Revises: b7e1c2d3a4f5
Create Date: 2026-12-10 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types
from core.outages.address import account_address_keys

revision: str = "c4d5e6f7a8b9"
down_revision: str | None = "b7e1c2d3a4f5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL_CHUNK = 20_000


def upgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("addr_locality", sa.String(length=150), nullable=True))
        batch_op.add_column(sa.Column("addr_street", sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column("addr_house", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("addr_house_suffix", sa.String(length=40), nullable=True))
    _backfill_address_keys()
    op.create_index(
        "ix_accounts_address",
        "accounts",
        ["addr_locality", "addr_street", "branch", "addr_house", "addr_house_suffix", "id"],
    )
    op.create_table(
        "outages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=60), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("branch", sa.String(length=150), nullable=False),
        sa.Column("locality", sa.String(length=150), nullable=False),
        sa.Column("street", sa.String(length=150), nullable=True),
        sa.Column("houses", sa.String(length=500), nullable=False),
        sa.Column("locality_key", sa.String(length=150), nullable=False),
        sa.Column("street_key", sa.String(length=160), nullable=False),
        sa.Column("starts_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("closed_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("told_stage", sa.String(length=10), nullable=True),
        sa.Column("told_starts_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("told_ends_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("told_closed", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outages")),
        sa.UniqueConstraint("external_id", name=op.f("uq_outages_external_id")),
    )
    op.create_index("ix_outages_place", "outages", ["locality_key", "street_key"])
    op.create_index("ix_outages_status", "outages", ["status", "ends_at"])


def _backfill_address_keys() -> None:
    """The keys of the accounts already there, a chunk at a time in id order."""
    connection = op.get_bind()
    accounts = sa.table(
        "accounts",
        sa.column("id", sa.Integer),
        sa.column("locality", sa.String),
        sa.column("street", sa.String),
        sa.column("house", sa.String),
        sa.column("letter", sa.String),
        sa.column("addr_locality", sa.String),
        sa.column("addr_street", sa.String),
        sa.column("addr_house", sa.Integer),
        sa.column("addr_house_suffix", sa.String),
    )
    update = (
        accounts.update()
        .where(accounts.c.id == sa.bindparam("row_id"))
        .values(
            addr_locality=sa.bindparam("l"),
            addr_street=sa.bindparam("s"),
            addr_house=sa.bindparam("h"),
            addr_house_suffix=sa.bindparam("x"),
        )
    )
    after = 0
    while True:
        rows = connection.execute(
            sa.select(
                accounts.c.id,
                accounts.c.locality,
                accounts.c.street,
                accounts.c.house,
                accounts.c.letter,
            )
            .where(accounts.c.id > after)
            .order_by(accounts.c.id)
            .limit(BACKFILL_CHUNK)
        ).all()
        if not rows:
            return
        values = []
        for row_id, locality, street, house, letter in rows:
            keys = account_address_keys(locality, street, house, letter)
            values.append(
                {"row_id": row_id, "l": keys[0], "s": keys[1], "h": keys[2], "x": keys[3]}
            )
        connection.execute(update, values)
        after = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_outages_status", table_name="outages")
    op.drop_index("ix_outages_place", table_name="outages")
    op.drop_table("outages")
    op.drop_index("ix_accounts_address", table_name="accounts")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("addr_house_suffix")
        batch_op.drop_column("addr_house")
        batch_op.drop_column("addr_street")
        batch_op.drop_column("addr_locality")
