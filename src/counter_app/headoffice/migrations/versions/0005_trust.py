"""Head office trusts no counter: policies (quotas), customer grants, enrollment attempts,
token families, disabled counters, revoked leases

Revision ID: 0005_trust
Revises: 0004_invoice_requests
Create Date: 2026-12-04 17:30:00

New tables, and new columns with a server default (or nullable), so existing rows need no
rewrite and SQLite needs no batch mode.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_trust"
down_revision = "0004_invoice_requests"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policies",
        sa.Column("name", sa.String(length=48), nullable=False),
        sa.Column("outlet_code", sa.String(length=16), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("name", "outlet_code", name=op.f("pk_policies")),
    )
    op.create_table(
        "customer_grants",
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("outlet_code", sa.String(length=16), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_customer_grants_customer_id_customers")),
        sa.ForeignKeyConstraint(["outlet_code"], ["outlets.code"],
                                name=op.f("fk_customer_grants_outlet_code_outlets")),
        sa.PrimaryKeyConstraint("customer_id", "outlet_code", name=op.f("pk_customer_grants")),
    )
    op.create_table(
        "enroll_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("attempted_at", sa.DateTime(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enroll_attempts")),
    )
    op.create_index(op.f("ix_enroll_attempts_source"), "enroll_attempts", ["source"],
                    unique=False)
    op.create_index(op.f("ix_enroll_attempts_attempted_at"), "enroll_attempts",
                    ["attempted_at"], unique=False)
    op.add_column("tokens", sa.Column("family", sa.String(length=36), nullable=True))
    op.add_column("tokens", sa.Column("rotated_at", sa.DateTime(), nullable=True))
    op.create_index(op.f("ix_tokens_family"), "tokens", ["family"], unique=False)
    op.add_column("counters", sa.Column("disabled_at", sa.DateTime(), nullable=True))
    op.add_column("counters", sa.Column("disabled_reason", sa.String(length=128),
                                        nullable=False, server_default=""))
    op.add_column("leases", sa.Column("ended_reason", sa.String(length=128), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("leases") as batch:
        batch.drop_column("ended_reason")
    with op.batch_alter_table("counters") as batch:
        batch.drop_column("disabled_reason")
        batch.drop_column("disabled_at")
    op.drop_index(op.f("ix_tokens_family"), table_name="tokens")
    with op.batch_alter_table("tokens") as batch:
        batch.drop_column("rotated_at")
        batch.drop_column("family")
    op.drop_index(op.f("ix_enroll_attempts_attempted_at"), table_name="enroll_attempts")
    op.drop_index(op.f("ix_enroll_attempts_source"), table_name="enroll_attempts")
    op.drop_table("enroll_attempts")
    op.drop_table("customer_grants")
    op.drop_table("policies")
