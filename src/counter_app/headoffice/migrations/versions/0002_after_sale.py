"""after the sale: coupons of sold tickets (seat source and status per segment), refunds,
changes and name corrections, day closes; GP order number and commission on sales

Revision ID: 0002_after_sale
Revises: 0001_initial
Create Date: 2026-11-26 09:00:00

Existing sales get one coupon per ticket (seq 1, the sale's flight, cabin, lease and seat
source), so every sale, old or new, is refunded and changed coupon by coupon.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_after_sale"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sales", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("gp_order_no", sa.String(length=32), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("commission_fen", sa.BigInteger(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("sale_tickets", schema=None) as batch_op:
        batch_op.alter_column(
            "status", existing_type=sa.String(length=8), type_=sa.String(length=16),
            existing_nullable=False,
        )
        batch_op.add_column(
            sa.Column("service_fee_fen", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("issued_at_counter", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("exchanged_from", sa.String(length=14), nullable=True))

    op.create_table(
        "sale_coupons",
        sa.Column("ticket_number", sa.String(length=14), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("flight_id", sa.String(length=36), nullable=False),
        sa.Column("cabin", sa.String(length=1), nullable=False),
        sa.Column("class_code", sa.String(length=1), nullable=False),
        sa.Column("lease_id", sa.String(length=36), nullable=True),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=1), nullable=False),
        sa.Column("fare_fen", sa.BigInteger(), nullable=False),
        sa.Column("cn_fund_fen", sa.BigInteger(), nullable=False),
        sa.Column("fuel_fen", sa.BigInteger(), nullable=False),
        sa.Column("insurance_fen", sa.BigInteger(), nullable=False),
        sa.Column("service_fee_fen", sa.BigInteger(), nullable=False),
        sa.Column("insurance_policy_no", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(
            ["flight_id"], ["flights.id"], name=op.f("fk_sale_coupons_flight_id_flights")
        ),
        sa.ForeignKeyConstraint(
            ["sale_id"], ["sales.id"], name=op.f("fk_sale_coupons_sale_id_sales")
        ),
        sa.PrimaryKeyConstraint("ticket_number", "seq", name=op.f("pk_sale_coupons")),
    )
    op.create_index(op.f("ix_sale_coupons_sale_id"), "sale_coupons", ["sale_id"], unique=False)
    op.create_index(
        op.f("ix_sale_coupons_flight_id"), "sale_coupons", ["flight_id"], unique=False
    )
    op.execute(
        "INSERT INTO sale_coupons (ticket_number, seq, sale_id, flight_id, cabin, class_code, "
        "lease_id, source, status, fare_fen, cn_fund_fen, fuel_fen, insurance_fen, "
        "service_fee_fen, insurance_policy_no) "
        "SELECT t.ticket_number, 1, s.id, s.flight_id, s.cabin, s.class_code, s.lease_id, "
        "CASE WHEN t.passenger_type = 'INF' THEN 'none' ELSE s.source END, "
        "CASE WHEN t.status = 'void' THEN 'V' ELSE 'O' END, "
        "t.fare_fen, t.cn_fund_fen, t.fuel_fen, t.insurance_fen, 0, '' "
        "FROM sale_tickets t JOIN sales s ON s.id = t.sale_id"
    )

    op.create_table(
        "after_sales",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("counter_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("ticket_number", sa.String(length=14), nullable=False),
        sa.Column("new_ticket_number", sa.String(length=14), nullable=True),
        sa.Column("fee_fen", sa.BigInteger(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("clerk_login", sa.String(length=32), nullable=False),
        sa.Column("at_counter", sa.DateTime(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counters.id"], name=op.f("fk_after_sales_counter_id_counters")
        ),
        sa.ForeignKeyConstraint(
            ["sale_id"], ["sales.id"], name=op.f("fk_after_sales_sale_id_sales")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_after_sales")),
    )
    op.create_index(
        op.f("ix_after_sales_counter_id"), "after_sales", ["counter_id"], unique=False
    )
    op.create_index(op.f("ix_after_sales_sale_id"), "after_sales", ["sale_id"], unique=False)

    op.create_table(
        "day_closes",
        sa.Column("counter_id", sa.String(length=36), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("close_id", sa.String(length=36), nullable=False),
        sa.Column("outlet_code", sa.String(length=16), nullable=False),
        sa.Column("clerk_login", sa.String(length=32), nullable=False),
        sa.Column("totals", sa.JSON(), nullable=False),
        sa.Column("closed_at_counter", sa.DateTime(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counters.id"], name=op.f("fk_day_closes_counter_id_counters")
        ),
        sa.PrimaryKeyConstraint("counter_id", "business_date", name=op.f("pk_day_closes")),
    )


def downgrade() -> None:
    op.drop_table("day_closes")
    op.drop_index(op.f("ix_after_sales_sale_id"), table_name="after_sales")
    op.drop_index(op.f("ix_after_sales_counter_id"), table_name="after_sales")
    op.drop_table("after_sales")
    op.drop_index(op.f("ix_sale_coupons_flight_id"), table_name="sale_coupons")
    op.drop_index(op.f("ix_sale_coupons_sale_id"), table_name="sale_coupons")
    op.drop_table("sale_coupons")
    with op.batch_alter_table("sale_tickets", schema=None) as batch_op:
        batch_op.drop_column("exchanged_from")
        batch_op.drop_column("issued_at_counter")
        batch_op.drop_column("service_fee_fen")
        batch_op.alter_column(
            "status", existing_type=sa.String(length=16), type_=sa.String(length=8),
            existing_nullable=False,
        )
    with op.batch_alter_table("sales", schema=None) as batch_op:
        batch_op.drop_column("commission_fen")
        batch_op.drop_column("gp_order_no")
