"""GP units and their officials are logged for GP counters only

Revision ID: 0006_gp_audience
Revises: 0005_trust
Create Date: 2026-12-04 18:00:00

No schema change. The change-log rows (and entity versions) of shared GP units (customers of
kind ``gp_unit`` with no outlet) and of their travellers were logged with no outlet, so every
counter pulled the officials' names, ID numbers, levels and titles. They now carry the GP
audience ``*gp`` (``changes.GP_AUDIENCE``), which only counters of GP outlets see. Seqs are
kept: a GP counter's checksums do not move; a post office counter that pulled them sees its
PEOPLE checksum differ once and pulls that scope again.
"""

from __future__ import annotations

from alembic import op

revision = "0006_gp_audience"
down_revision = "0005_trust"
branch_labels = None
depends_on = None

GP_AUDIENCE = "*gp"  # changes.GP_AUDIENCE, as it was when this migration was written
_UNITS = "SELECT id FROM customers WHERE kind = 'gp_unit' AND outlet_code IS NULL"
_OFFICIALS = f"SELECT id FROM travellers WHERE customer_id IN ({_UNITS})"


def upgrade() -> None:
    for table in ("change_log", "entity_versions"):
        for entity, keys in (("customer", _UNITS), ("traveller", _OFFICIALS)):
            op.execute(
                f"UPDATE {table} SET outlet_code = '{GP_AUDIENCE}' "
                f"WHERE scope = 'people' AND entity = '{entity}' AND outlet_code IS NULL "
                f"AND key IN ({keys})"
            )


def downgrade() -> None:
    for table in ("change_log", "entity_versions"):
        op.execute(
            f"UPDATE {table} SET outlet_code = NULL "
            f"WHERE scope = 'people' AND outlet_code = '{GP_AUDIENCE}'"
        )
