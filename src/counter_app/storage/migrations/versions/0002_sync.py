"""sync with head office: leases, number ranges, pulled versions, attention list, cycle
log; customer contact fields and merge base; outbox clerk login and answer

Revision ID: 0002_sync
Revises: 0001_initial
Create Date: 2026-11-24 09:00:00

Only adds: new tables, and new columns with server defaults (SQLite ``ALTER TABLE ... ADD
COLUMN``, no table copy), so every outbox row written by 0001 survives and drains.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_sync"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leases",
        sa.Column("lease_id", sa.String(length=64), nullable=False),
        sa.Column("flight_id", sa.String(length=36), nullable=False),
        sa.Column("cabin", sa.String(length=1), nullable=False),
        sa.Column("granted", sa.Integer(), nullable=False),
        sa.Column("used_local", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("lease_id", name=op.f("pk_leases")),
    )
    with op.batch_alter_table("leases", schema=None) as batch_op:
        batch_op.create_index("ix_leases_flight_cabin", ["flight_id", "cabin"], unique=False)

    op.create_table(
        "number_ranges",
        sa.Column("range_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("prefix", sa.String(length=3), nullable=False),
        sa.Column("first", sa.BigInteger(), nullable=False),
        sa.Column("last", sa.BigInteger(), nullable=False),
        sa.Column("next_number", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("range_id", name=op.f("pk_number_ranges")),
    )
    with op.batch_alter_table("number_ranges", schema=None) as batch_op:
        batch_op.create_index(
            "ix_number_ranges_kind_prefix", ["kind", "prefix", "first"], unique=False
        )

    op.create_table(
        "pulled_versions",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "entity", "key", name=op.f("pk_pulled_versions")),
    )

    op.create_table(
        "attention_items",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("op_id", sa.String(length=64), nullable=True),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.Column("resolved_by", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attention_items")),
        sa.UniqueConstraint("source", name=op.f("uq_attention_items_source")),
    )
    with op.batch_alter_table("attention_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attention_items_open", ["resolved_at", "created_at"], unique=False
        )

    op.create_table(
        "sync_cycles",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=False),
        sa.Column("pushed", sa.Integer(), nullable=False),
        sa.Column("applied", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("pulled", sa.Integer(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_cycles")),
    )

    # Plain ADD COLUMN (no copy-and-swap): existing rows, the outbox's above all, stay.
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("contact_name", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("contact_phone", sa.String(length=32), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("base", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("base_version", sa.Integer(), nullable=True))

    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_id", sa.String(length=36), nullable=True))

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("clerk_login", sa.String(length=32), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("last_code", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("finished_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("result", sa.JSON(), nullable=True))
    # Every op names its clerk by login; 0001 rows only have the clerk's local id. Without
    # the login they would be pushed as "unknown" and refused (clerk_not_in_outlet).
    op.execute(
        "UPDATE outbox SET clerk_login = COALESCE("
        "(SELECT clerks.login FROM clerks WHERE clerks.id = outbox.clerk_id), '') "
        "WHERE clerk_login = '' AND clerk_id IS NOT NULL"
    )


def downgrade() -> None:
    # The outbox keeps its rows: dropping a column copies the table, rows and all.
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("result")
        batch_op.drop_column("finished_at")
        batch_op.drop_column("last_code")
        batch_op.drop_column("clerk_login")
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_column("lease_id")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_column("base_version")
        batch_op.drop_column("base")
        batch_op.drop_column("notes")
        batch_op.drop_column("contact_phone")
        batch_op.drop_column("contact_name")
    op.drop_table("sync_cycles")
    with op.batch_alter_table("attention_items", schema=None) as batch_op:
        batch_op.drop_index("ix_attention_items_open")
    op.drop_table("attention_items")
    op.drop_table("pulled_versions")
    with op.batch_alter_table("number_ranges", schema=None) as batch_op:
        batch_op.drop_index("ix_number_ranges_kind_prefix")
    op.drop_table("number_ranges")
    with op.batch_alter_table("leases", schema=None) as batch_op:
        batch_op.drop_index("ix_leases_flight_cabin")
    op.drop_table("leases")
