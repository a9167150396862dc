"""Head office is the seat authority: seat_assignments (one seat of a flight per counter's
choice, UNIQUE(flight_id, seat)) and seat_releases (choices given back)

Revision ID: 0007_seats
Revises: 0006_gp_audience
Create Date: 2026-12-04 21:00:00

Two new tables; nothing existing changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_seats"
down_revision = "0006_gp_audience"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seat_assignments",
        sa.Column("choice_id", sa.String(length=36), nullable=False),
        sa.Column("flight_id", sa.String(length=36), nullable=False),
        sa.Column("seat", sa.String(length=4), nullable=False),
        sa.Column("counter_id", sa.String(length=36), nullable=False),
        sa.Column("outlet_code", sa.String(length=16), nullable=False),
        sa.Column("holder", sa.String(length=36), nullable=False),
        sa.Column("passenger_name", sa.String(length=64), nullable=False),
        sa.Column("passenger_type", sa.String(length=3), nullable=False),
        sa.Column("ticket_number", sa.String(length=14), nullable=True),
        sa.Column("coupon_seq", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("hold_until", sa.DateTime(), nullable=True),
        sa.Column("hold_group", sa.String(length=36), nullable=False),
        sa.Column("beside", sa.String(length=36), nullable=False),
        sa.Column("gp_level", sa.String(length=2), nullable=True),
        sa.Column("clerk_login", sa.String(length=32), nullable=False),
        sa.Column("requested_seat", sa.String(length=4), nullable=False),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["counter_id"], ["counters.id"],
                                name=op.f("fk_seat_assignments_counter_id_counters")),
        sa.ForeignKeyConstraint(["flight_id"], ["flights.id"],
                                name=op.f("fk_seat_assignments_flight_id_flights")),
        sa.PrimaryKeyConstraint("choice_id", name=op.f("pk_seat_assignments")),
        sa.UniqueConstraint("flight_id", "seat", name="uq_seat_assignments_flight_id_seat"),
    )
    op.create_index(op.f("ix_seat_assignments_counter_id"), "seat_assignments",
                    ["counter_id"], unique=False)
    op.create_table(
        "seat_releases",
        sa.Column("choice_id", sa.String(length=36), nullable=False),
        sa.Column("flight_id", sa.String(length=36), nullable=False),
        sa.Column("seat", sa.String(length=4), nullable=False),
        sa.Column("counter_id", sa.String(length=36), nullable=False),
        sa.Column("outlet_code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("approved_by", sa.String(length=32), nullable=False),
        sa.Column("clerk_login", sa.String(length=32), nullable=False),
        sa.Column("released_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("choice_id", name=op.f("pk_seat_releases")),
    )
    op.create_index(op.f("ix_seat_releases_flight_id"), "seat_releases", ["flight_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_seat_releases_flight_id"), table_name="seat_releases")
    op.drop_table("seat_releases")
    op.drop_index(op.f("ix_seat_assignments_counter_id"), table_name="seat_assignments")
    op.drop_table("seat_assignments")
