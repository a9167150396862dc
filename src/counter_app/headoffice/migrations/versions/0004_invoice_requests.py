"""e-invoice requests from counters (电子发票申请), with their red reversal (红冲)

Revision ID: 0004_invoice_requests
Revises: 0003_requests
Create Date: 2026-12-02 09:00:00

Only adds a table; plain ``op.create_index`` so PostgreSQL needs no batch mode. Receipt
prints (``receipt.print``) need no table of their own: they use ``used_numbers`` and
``sale_tickets.receipt_serial``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_invoice_requests"
down_revision = "0003_requests"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "invoice_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("counter_id", sa.String(length=36), nullable=False),
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("ticket_number", sa.String(length=14), nullable=False),
        sa.Column("buyer_name", sa.String(length=100), nullable=False),
        sa.Column("buyer_uscc", sa.String(length=18), nullable=True),
        sa.Column("buyer_kind", sa.String(length=16), nullable=False),
        sa.Column("email", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("invoice_no", sa.String(length=32), nullable=True),
        sa.Column("original_invoice_no", sa.String(length=32), nullable=True),
        sa.Column("reversed_reason", sa.String(length=128), nullable=False),
        sa.Column("clerk_login", sa.String(length=32), nullable=False),
        sa.Column("reversed_by", sa.String(length=32), nullable=True),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("reversed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counters.id"],
            name=op.f("fk_invoice_requests_counter_id_counters"),
        ),
        sa.ForeignKeyConstraint(
            ["sale_id"], ["sales.id"], name=op.f("fk_invoice_requests_sale_id_sales")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_requests")),
    )
    op.create_index(op.f("ix_invoice_requests_counter_id"), "invoice_requests", ["counter_id"],
                    unique=False)
    op.create_index(op.f("ix_invoice_requests_ticket_number"), "invoice_requests",
                    ["ticket_number"], unique=False)
    op.create_index(op.f("ix_invoice_requests_status"), "invoice_requests", ["status"],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_invoice_requests_status"), table_name="invoice_requests")
    op.drop_index(op.f("ix_invoice_requests_ticket_number"), table_name="invoice_requests")
    op.drop_index(op.f("ix_invoice_requests_counter_id"), table_name="invoice_requests")
    op.drop_table("invoice_requests")
