"""Service requests worked in the head-office inbox (service_requests and their steps),
head-office staff sessions, and an official's preferences on travellers (attributes,
version, field_versions)

Revision ID: 0009_service_requests
Revises: 0008_seat_holder
Create Date: 2026-12-04 23:45:37

Three new tables; travellers gain three columns with defaults, so existing rows stay valid.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_service_requests"
down_revision = "0008_seat_holder"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "service_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("outlet_code", sa.String(length=16), nullable=False),
        sa.Column("counter_id", sa.String(length=36), nullable=True),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("unit_name", sa.String(length=128), nullable=False),
        sa.Column("official_id", sa.String(length=36), nullable=True),
        sa.Column("official_name", sa.String(length=64), nullable=False),
        sa.Column("gp_level", sa.String(length=2), nullable=True),
        sa.Column("pnr", sa.String(length=8), nullable=True),
        sa.Column("booking_id", sa.String(length=36), nullable=True),
        sa.Column("flight_id", sa.String(length=36), nullable=True),
        sa.Column("flight_no", sa.String(length=8), nullable=False),
        sa.Column("flight_date", sa.Date(), nullable=True),
        sa.Column("origin", sa.String(length=3), nullable=False),
        sa.Column("destination", sa.String(length=3), nullable=False),
        sa.Column("departure_at", sa.DateTime(), nullable=True),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("assignee", sa.String(length=32), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("field_versions", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["outlet_code"], ["outlets.code"], name=op.f("fk_service_requests_outlet_code_outlets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_requests")),
    )
    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.create_index("ix_service_requests_due_at", ["due_at"], unique=False)
        batch_op.create_index("ix_service_requests_origin", ["origin"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_service_requests_outlet_code"), ["outlet_code"], unique=False
        )
        batch_op.create_index(
            "ix_service_requests_state_flight_date", ["state", "flight_date"], unique=False
        )
        batch_op.create_index("ix_service_requests_updated_at", ["updated_at"], unique=False)

    op.create_table(
        "service_request_steps",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("by_login", sa.String(length=32), nullable=False),
        sa.Column("by_name", sa.String(length=32), nullable=False),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["service_requests.id"],
            name=op.f("fk_service_request_steps_request_id_service_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_request_steps")),
    )
    with op.batch_alter_table("service_request_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_request_steps_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "staff_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("login", sa.String(length=32), nullable=False),
        sa.Column("counter_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counters.id"], name=op.f("fk_staff_sessions_counter_id_counters")
        ),
        sa.ForeignKeyConstraint(
            ["login"], ["clerks.login"], name=op.f("fk_staff_sessions_login_clerks")
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_staff_sessions")),
    )
    with op.batch_alter_table("staff_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_sessions_login"), ["login"], unique=False)

    with op.batch_alter_table("travellers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("attributes", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )
        batch_op.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
        batch_op.add_column(
            sa.Column("field_versions", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("travellers", schema=None) as batch_op:
        batch_op.drop_column("field_versions")
        batch_op.drop_column("version")
        batch_op.drop_column("attributes")

    with op.batch_alter_table("staff_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_sessions_login"))

    op.drop_table("staff_sessions")
    with op.batch_alter_table("service_request_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_request_steps_request_id"))

    op.drop_table("service_request_steps")
    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_service_requests_updated_at")
        batch_op.drop_index("ix_service_requests_state_flight_date")
        batch_op.drop_index(batch_op.f("ix_service_requests_outlet_code"))
        batch_op.drop_index("ix_service_requests_origin")
        batch_op.drop_index("ix_service_requests_due_at")

    op.drop_table("service_requests")
