"""One passenger, one seat per flight: a partial unique index on seat_assignments
(flight_id, holder) for passengers' seats (kind 'seat'; extra seats and holds are not counted)

Revision ID: 0008_seat_holder
Revises: 0007_seats
Create Date: 2026-12-04 22:00:00

SQLite and PostgreSQL both keep partial indexes; two choices for one passenger arriving at
once cannot both be inserted.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_seat_holder"
down_revision = "0007_seats"
branch_labels = None
depends_on = None

_WHERE = sa.text("kind = 'seat'")


def upgrade() -> None:
    op.create_index("uq_seat_assignments_flight_id_holder", "seat_assignments",
                    ["flight_id", "holder"], unique=True, sqlite_where=_WHERE,
                    postgresql_where=_WHERE)


def downgrade() -> None:
    op.drop_index("uq_seat_assignments_flight_id_holder", table_name="seat_assignments")
