"""printing: the itinerary-receipt serial ledger, e-invoice requests, and the seat and
check-in sequence of a coupon checked in at the counter (for the boarding pass)

Revision ID: 0005_printing
Revises: 0004_requests
Create Date: 2026-11-23 20:00:00

Adds two tables and three nullable columns, so every outbox row survives and drains.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_printing"
down_revision = "0004_requests"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "receipt_serials",
        sa.Column("serial", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("ticket_id", sa.String(length=36), nullable=True),
        sa.Column("ticket_number", sa.String(length=14), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("clerk_login", sa.String(length=32), nullable=False),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("replaced_by", sa.String(length=10), nullable=True),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"],
                                name=op.f("fk_receipt_serials_ticket_id_tickets")),
        sa.PrimaryKeyConstraint("serial", name=op.f("pk_receipt_serials")),
    )
    op.create_index("ix_receipt_serials_ticket", "receipt_serials", ["ticket_id"])
    op.create_index("ix_receipt_serials_at", "receipt_serials", ["at"])
    op.create_table(
        "invoice_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("ticket_id", sa.String(length=36), nullable=False),
        sa.Column("ticket_number", sa.String(length=14), nullable=False),
        sa.Column("buyer_kind", sa.String(length=12), nullable=False),
        sa.Column("buyer_name", sa.String(length=100), nullable=False),
        sa.Column("buyer_uscc", sa.String(length=18), nullable=True),
        sa.Column("email", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("invoice_no", sa.String(length=32), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("clerk_login", sa.String(length=32), nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("reversed_at", sa.DateTime(), nullable=True),
        sa.Column("reversed_reason", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"],
                                name=op.f("fk_invoice_requests_ticket_id_tickets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_requests")),
    )
    op.create_index("ix_invoice_requests_ticket", "invoice_requests", ["ticket_id"])
    with op.batch_alter_table("coupons") as batch:
        batch.add_column(sa.Column("seat", sa.String(length=4), nullable=True))
        batch.add_column(sa.Column("checkin_seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("checked_in_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("coupons") as batch:
        batch.drop_column("checked_in_at")
        batch.drop_column("checkin_seq")
        batch.drop_column("seat")
    op.drop_index("ix_invoice_requests_ticket", table_name="invoice_requests")
    op.drop_table("invoice_requests")
    op.drop_index("ix_receipt_serials_at", table_name="receipt_serials")
    op.drop_index("ix_receipt_serials_ticket", table_name="receipt_serials")
    op.drop_table("receipt_serials")
