"""requests to head office: steps only head office can take (a refund of a ticket sold
elsewhere, a flight outside the allotment), queued at the counter

Revision ID: 0004_requests
Revises: 0003_counter_sale
Create Date: 2026-11-28 09:00:00

Only adds a table, so every outbox row survives and drains.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_requests"
down_revision = "0003_counter_sale"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "head_office_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("ticket_number", sa.String(length=14), nullable=True),
        sa.Column("flight_no", sa.String(length=8), nullable=True),
        sa.Column("pnr", sa.String(length=8), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("clerk_login", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_head_office_requests")),
    )
    op.create_index(
        "ix_head_office_requests_status", "head_office_requests", ["status", "created_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_head_office_requests_status", table_name="head_office_requests")
    op.drop_table("head_office_requests")
