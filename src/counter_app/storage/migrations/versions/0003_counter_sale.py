"""counter sale: held bookings with quotes and lease links, coupon amounts and insurance
policy numbers, payment details (tendered, change, override), refunds, changes, day closes

Revision ID: 0003_counter_sale
Revises: 0002_sync
Create Date: 2026-11-26 09:00:00

Only adds: new tables, new indexes, and new columns with server defaults (SQLite
``ALTER TABLE ... ADD COLUMN``, no table copy), so every outbox row survives and drains.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_counter_sale"
down_revision = "0002_sync"
branch_labels = None
depends_on = None


def _int(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=False, server_default="0")


def _text(name: str, length: int) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=length), nullable=False, server_default="")


def upgrade() -> None:
    # Plain ADD COLUMN (no copy-and-swap): existing rows, the outbox's above all, stay.
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "customer_kind", sa.String(length=16), nullable=False, server_default="walk_in"
            )
        )
        batch_op.add_column(_int("commission_fen"))
        batch_op.add_column(sa.Column("ticketed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(), nullable=True))
        batch_op.create_index(
            "ix_bookings_status_deadline", ["status", "ticketing_deadline"], unique=False
        )

    with op.batch_alter_table("booking_passengers", schema=None) as batch_op:
        batch_op.add_column(_text("name_pinyin", 128))
        batch_op.add_column(_int("insurance_units"))
        batch_op.add_column(sa.Column("gp_level", sa.String(length=2), nullable=True))
        batch_op.create_index("ix_booking_passengers_id_number", ["id_number"], unique=False)
        batch_op.create_index("ix_booking_passengers_booking", ["booking_id"], unique=False)

    with op.batch_alter_table("booking_segments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_id", sa.String(length=64), nullable=True))
        batch_op.add_column(_int("seats"))
        batch_op.create_index("ix_booking_segments_booking", ["booking_id"], unique=False)

    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exchanged_from_id", sa.String(length=36), nullable=True))
        batch_op.create_index("ix_tickets_booking", ["booking_id"], unique=False)

    with op.batch_alter_table("coupons", schema=None) as batch_op:
        for name in ("fare_fen", "cn_fund_fen", "fuel_fen", "insurance_units", "insurance_fen",
                     "service_fee_fen"):
            batch_op.add_column(_int(name))
        batch_op.add_column(_text("insurance_policy_no", 24))
        batch_op.create_index("ix_coupons_ticket", ["ticket_id"], unique=False)

    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), nullable=False, server_default="sale")
        )
        batch_op.add_column(_text("ticket_number", 14))
        batch_op.add_column(sa.Column("tendered_fen", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("change_fen", sa.Integer(), nullable=True))
        batch_op.add_column(_text("override_by", 32))
        batch_op.create_index("ix_payments_booking", ["booking_id"], unique=False)

    op.create_table(
        "booking_quotes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("booking_id", sa.String(length=36), nullable=False),
        sa.Column("passenger_id", sa.String(length=36), nullable=False),
        sa.Column("segment_id", sa.String(length=36), nullable=False),
        sa.Column("published_fare_fen", sa.Integer(), nullable=False),
        sa.Column("fare_fen", sa.Integer(), nullable=False),
        sa.Column("cn_fund_fen", sa.Integer(), nullable=False),
        sa.Column("fuel_fen", sa.Integer(), nullable=False),
        sa.Column("insurance_units", sa.Integer(), nullable=False),
        sa.Column("insurance_fen", sa.Integer(), nullable=False),
        sa.Column("service_fee_fen", sa.Integer(), nullable=False),
        sa.Column("total_fen", sa.Integer(), nullable=False),
        sa.Column("gp_applied", sa.Boolean(), nullable=False),
        sa.Column("ticketing_date", sa.Date(), nullable=False),
        sa.Column("quoted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"],
            name=op.f("fk_booking_quotes_booking_id_bookings"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["passenger_id"], ["booking_passengers.id"],
            name=op.f("fk_booking_quotes_passenger_id_booking_passengers"),
        ),
        sa.ForeignKeyConstraint(
            ["segment_id"], ["booking_segments.id"],
            name=op.f("fk_booking_quotes_segment_id_booking_segments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_quotes")),
        sa.UniqueConstraint(
            "passenger_id", "segment_id", name="uq_booking_quotes_passenger_segment"
        ),
    )
    with op.batch_alter_table("booking_quotes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_booking_quotes_booking_id"), ["booking_id"], unique=False
        )

    op.create_table(
        "refunds",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("booking_id", sa.String(length=36), nullable=False),
        sa.Column("ticket_id", sa.String(length=36), nullable=False),
        sa.Column("ticket_number", sa.String(length=14), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("coupon_seqs", sa.JSON(), nullable=False),
        sa.Column("fee_fen", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("clerk_id", sa.String(length=36), nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name=op.f("fk_refunds_booking_id_bookings")
        ),
        sa.ForeignKeyConstraint(
            ["clerk_id"], ["clerks.id"], name=op.f("fk_refunds_clerk_id_clerks")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_refunds_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refunds")),
    )
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_refunds_booking_id"), ["booking_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_refunds_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "ticket_changes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("booking_id", sa.String(length=36), nullable=False),
        sa.Column("old_ticket_id", sa.String(length=36), nullable=False),
        sa.Column("new_ticket_id", sa.String(length=36), nullable=False),
        sa.Column("coupon_seq", sa.Integer(), nullable=False),
        sa.Column("old_segment_id", sa.String(length=36), nullable=False),
        sa.Column("new_segment_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("fee_fen", sa.Integer(), nullable=False),
        sa.Column("fare_difference_fen", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("clerk_id", sa.String(length=36), nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name=op.f("fk_ticket_changes_booking_id_bookings")
        ),
        sa.ForeignKeyConstraint(
            ["clerk_id"], ["clerks.id"], name=op.f("fk_ticket_changes_clerk_id_clerks")
        ),
        sa.ForeignKeyConstraint(
            ["new_ticket_id"], ["tickets.id"],
            name=op.f("fk_ticket_changes_new_ticket_id_tickets"),
        ),
        sa.ForeignKeyConstraint(
            ["old_ticket_id"], ["tickets.id"],
            name=op.f("fk_ticket_changes_old_ticket_id_tickets"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_changes")),
    )
    with op.batch_alter_table("ticket_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ticket_changes_booking_id"), ["booking_id"], unique=False
        )

    op.create_table(
        "day_closes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("outlet_code", sa.String(length=16), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.Column("clerk_login", sa.String(length=32), nullable=False),
        sa.Column("totals", sa.JSON(), nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_day_closes")),
        sa.UniqueConstraint("outlet_code", "business_date", name="uq_day_closes_outlet_date"),
    )


def downgrade() -> None:
    op.drop_table("day_closes")
    with op.batch_alter_table("ticket_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ticket_changes_booking_id"))
    op.drop_table("ticket_changes")
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refunds_ticket_id"))
        batch_op.drop_index(batch_op.f("ix_refunds_booking_id"))
    op.drop_table("refunds")
    with op.batch_alter_table("booking_quotes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booking_quotes_booking_id"))
    op.drop_table("booking_quotes")
    # Dropping columns copies each table with its rows; the outbox is not touched.
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index("ix_payments_booking")
        for name in ("override_by", "change_fen", "tendered_fen", "ticket_number", "kind"):
            batch_op.drop_column(name)
    with op.batch_alter_table("coupons", schema=None) as batch_op:
        batch_op.drop_index("ix_coupons_ticket")
        for name in ("insurance_policy_no", "service_fee_fen", "insurance_fen",
                     "insurance_units", "fuel_fen", "cn_fund_fen", "fare_fen"):
            batch_op.drop_column(name)
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_booking")
        batch_op.drop_column("exchanged_from_id")
    with op.batch_alter_table("booking_segments", schema=None) as batch_op:
        batch_op.drop_index("ix_booking_segments_booking")
        batch_op.drop_column("seats")
        batch_op.drop_column("lease_id")
    with op.batch_alter_table("booking_passengers", schema=None) as batch_op:
        batch_op.drop_index("ix_booking_passengers_booking")
        batch_op.drop_index("ix_booking_passengers_id_number")
        batch_op.drop_column("gp_level")
        batch_op.drop_column("insurance_units")
        batch_op.drop_column("name_pinyin")
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_index("ix_bookings_status_deadline")
        batch_op.drop_column("cancelled_at")
        batch_op.drop_column("ticketed_at")
        batch_op.drop_column("commission_fen")
        batch_op.drop_column("customer_kind")
