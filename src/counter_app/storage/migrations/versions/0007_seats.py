"""seats: the counter's seat choices (选座, keyed by the choice id head office keys them by)
and its cache of each flight's seats that are not free, for the seat map shown offline

Revision ID: 0007_seats
Revises: 0006_search_indexes
Create Date: 2026-12-04 21:00:00

Adds two tables, so every existing row, outbox included, stays as it was.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_seats"
down_revision = "0006_search_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seat_choices",
        sa.Column("choice_id", sa.String(length=36), nullable=False),
        sa.Column("booking_id", sa.String(length=36), nullable=True),
        sa.Column("passenger_id", sa.String(length=36), nullable=True),
        sa.Column("segment_id", sa.String(length=36), nullable=True),
        sa.Column("flight_id", sa.String(length=36), nullable=False),
        sa.Column("cabin", sa.String(length=1), nullable=False),
        sa.Column("seat", sa.String(length=4), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("hold_until", sa.DateTime(), nullable=True),
        sa.Column("hold_group", sa.String(length=36), nullable=False),
        sa.Column("beside", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("moved_from", sa.String(length=4), nullable=False),
        sa.Column("printed_seat", sa.String(length=4), nullable=False),
        sa.Column("reprint", sa.Boolean(), nullable=False),
        sa.Column("passenger_name", sa.String(length=64), nullable=False),
        sa.Column("ticket_number", sa.String(length=14), nullable=True),
        sa.Column("coupon_seq", sa.Integer(), nullable=True),
        sa.Column("clerk_login", sa.String(length=32), nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("released_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("choice_id", name=op.f("pk_seat_choices")),
    )
    op.create_index("ix_seat_choices_segment_passenger", "seat_choices",
                    ["segment_id", "passenger_id"])
    op.create_index("ix_seat_choices_flight", "seat_choices", ["flight_id", "state"])
    op.create_index("ix_seat_choices_booking", "seat_choices", ["booking_id"])
    op.create_table(
        "seat_map_cache",
        sa.Column("flight_id", sa.String(length=36), nullable=False),
        sa.Column("seats", sa.JSON(), nullable=False),
        sa.Column("as_of", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("flight_id", name=op.f("pk_seat_map_cache")),
    )


def downgrade() -> None:
    op.drop_table("seat_map_cache")
    op.drop_index("ix_seat_choices_booking", table_name="seat_choices")
    op.drop_index("ix_seat_choices_flight", table_name="seat_choices")
    op.drop_index("ix_seat_choices_segment_passenger", table_name="seat_choices")
    op.drop_table("seat_choices")
