"""search indexes: the after-sale search and the Sale page's traveller completer find a
booking or a traveller through an index with a year of sales in the store

Revision ID: 0006_search_indexes
Revises: 0005_printing
Create Date: 2026-12-04 12:00:00

Only adds indexes (passengers' mobile, name and pinyin; bookings' contact mobile;
customers' travellers' mobile and name), so every row, outbox included, stays as it was.
Building them on a store with a year of one outlet's sales (bench/bench_year.py: 50,001
tickets) took 2 s on a busy 2-core machine.
"""

from __future__ import annotations

from alembic import op

revision = "0006_search_indexes"
down_revision = "0005_printing"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_booking_passengers_mobile", "booking_passengers", ["mobile"]),
    ("ix_booking_passengers_name", "booking_passengers", ["name"]),
    ("ix_booking_passengers_name_pinyin", "booking_passengers", ["name_pinyin"]),
    ("ix_bookings_contact_mobile", "bookings", ["contact_mobile"]),
    ("ix_travellers_mobile", "travellers", ["mobile"]),
    ("ix_travellers_name", "travellers", ["name"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
