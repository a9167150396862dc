"""requests from counters: steps only head office can take (a refund of a ticket sold
elsewhere, a flight outside the allotment)

Revision ID: 0003_requests
Revises: 0002_after_sale
Create Date: 2026-11-28 09:00:00

Only adds a table; plain ``op.create_index`` so PostgreSQL needs no batch mode.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_requests"
down_revision = "0002_after_sale"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("counter_id", sa.String(length=36), nullable=False),
        sa.Column("outlet_code", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("ticket_number", sa.String(length=14), nullable=True),
        sa.Column("flight_no", sa.String(length=8), nullable=True),
        sa.Column("pnr", sa.String(length=8), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("clerk_login", sa.String(length=32), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counters.id"], name=op.f("fk_requests_counter_id_counters")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests")),
    )
    op.create_index(op.f("ix_requests_counter_id"), "requests", ["counter_id"], unique=False)
    op.create_index(op.f("ix_requests_status"), "requests", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_requests_status"), table_name="requests")
    op.drop_index(op.f("ix_requests_counter_id"), table_name="requests")
    op.drop_table("requests")
