"""service_requests: the outlet's GP service request forms (drafts, submitted, as head
office answered them); travellers gain an official's preferences (attributes) and head
office's version

Revision ID: 0009_service_requests
Revises: 0008_gp_seats
Create Date: 2026-12-04 23:50:00

Adds one table and two columns with defaults, so every existing row, outbox included,
stays as it was.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_service_requests"
down_revision = "0008_gp_seats"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "service_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("unit_name", sa.String(length=128), nullable=False),
        sa.Column("official_id", sa.String(length=36), nullable=True),
        sa.Column("official_name", sa.String(length=64), nullable=False),
        sa.Column("gp_level", sa.String(length=2), nullable=True),
        sa.Column("booking_id", sa.String(length=36), nullable=True),
        sa.Column("pnr", sa.String(length=8), nullable=True),
        sa.Column("flight_id", sa.String(length=36), nullable=True),
        sa.Column("flight_no", sa.String(length=8), nullable=False),
        sa.Column("flight_date", sa.Date(), nullable=True),
        sa.Column("origin", sa.String(length=3), nullable=False),
        sa.Column("destination", sa.String(length=3), nullable=False),
        sa.Column("departure_at", sa.DateTime(), nullable=True),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("base", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("assignee", sa.String(length=32), nullable=False),
        sa.Column("assignee_name", sa.String(length=32), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_requests")),
    )
    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.create_index("ix_service_requests_booking_id", ["booking_id"], unique=False)
        batch_op.create_index("ix_service_requests_due_at", ["due_at"], unique=False)
        batch_op.create_index("ix_service_requests_official_id", ["official_id"], unique=False)
        batch_op.create_index("ix_service_requests_pnr", ["pnr"], unique=False)
        batch_op.create_index("ix_service_requests_state", ["state"], unique=False)

    with op.batch_alter_table("travellers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("attributes", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )
        batch_op.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )


def downgrade() -> None:
    with op.batch_alter_table("travellers", schema=None) as batch_op:
        batch_op.drop_column("version")
        batch_op.drop_column("attributes")

    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_service_requests_state")
        batch_op.drop_index("ix_service_requests_pnr")
        batch_op.drop_index("ix_service_requests_official_id")
        batch_op.drop_index("ix_service_requests_due_at")
        batch_op.drop_index("ix_service_requests_booking_id")

    op.drop_table("service_requests")
