"""Migration 0002 (sync): an old store's outbox survives the upgrade (and a downgrade), and
the migrated schema is exactly what the models describe."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from counter_app.storage.db import Store, make_engine, open_store
from counter_app.storage.migrate import HEAD_REVISION, alembic_config, current_revision
from counter_app.storage.models import Base


def test_upgrade_from_0001_keeps_every_outbox_row(tmp_path: Path) -> None:
    path = tmp_path / "counter.sqlite3"
    engine = make_engine(path)
    command.upgrade(alembic_config(engine), "0001_initial")  # type: ignore[arg-type]
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO outbox (op_id, kind, schema_version, payload, payload_hash, clerk_id, "
            "created_at, state, attempts, last_error) VALUES ('op-old-0001', 'sale.issue', 1, "
            "'{\"sale_id\": \"s\"}', :h, NULL, '2026-11-01 08:00:00', 'pending', 3, 'timeout')"
        ), {"h": "0" * 64})
        conn.execute(text(
            "INSERT INTO outlets (code, name_zh, kind, region_zh, office_code, agent_code) "
            "VALUES ('O1', '网点', 'post_office', '', '', '')"
        ))
        conn.execute(text(
            "INSERT INTO customers (id, code, kind, name_zh, name_pinyin, name_initials, "
            "settlement, credit_limit_fen, attributes, version) VALUES ('c1', 'AG1', "
            "'agreement', '客户', '', '', 'monthly', 100, '{}', 4)"
        ))
    engine.dispose()
    store = open_store(path)
    try:
        assert current_revision(store.engine) == HEAD_REVISION == "0009_service_requests"
    finally:
        store.close()
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(
            "SELECT op_id, state, attempts, last_error, clerk_login, last_code, result "
            "FROM outbox"
        ).fetchall()
        customer = conn.execute(
            "SELECT contact_name, notes, base, base_version, version FROM customers"
        ).fetchall()
    finally:
        conn.close()
    assert row == [("op-old-0001", "pending", 3, "timeout", "", "", None)]
    assert customer == [("", "", None, None, 4)]
    # A downgrade copies the outbox table to drop the new columns: the rows come along.
    engine = make_engine(path)
    try:
        command.downgrade(alembic_config(engine), "0001_initial")  # type: ignore[arg-type]
        with engine.connect() as c:
            assert c.execute(text("SELECT op_id, attempts FROM outbox")).all() == [
                ("op-old-0001", 3)
            ]
    finally:
        engine.dispose()


def test_migrated_schema_matches_the_models(empty_store: Store) -> None:
    with empty_store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
