"""gp_seats: the privacy seats (隐私座, EXST) booked beside V4/V5 officials, with their fare

Revision ID: 0008_gp_seats
Revises: 0007_seats
Create Date: 2026-12-04 21:05:00

Adds one table, so every existing row, outbox included, stays as it was.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_gp_seats"
down_revision = "0007_seats"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "extra_seats",
        sa.Column("choice_id", sa.String(length=36), nullable=False),
        sa.Column("booking_id", sa.String(length=36), nullable=False),
        sa.Column("segment_id", sa.String(length=36), nullable=False),
        sa.Column("passenger_id", sa.String(length=36), nullable=False),
        sa.Column("fare_fen", sa.Integer(), nullable=False),
        sa.Column("fare_basis", sa.String(length=16), nullable=False),
        sa.Column("rule_from", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("choice_id", name=op.f("pk_extra_seats")),
    )
    op.create_index("ix_extra_seats_booking", "extra_seats", ["booking_id"])


def downgrade() -> None:
    op.drop_index("ix_extra_seats_booking", table_name="extra_seats")
    op.drop_table("extra_seats")
