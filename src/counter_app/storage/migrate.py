"""Runs the Alembic migrations of the local store at start.

Alembic is imported only when the schema is behind, so a normal start stays quick.
Migrations never drop outbox rows: an old outbox must drain after an upgrade.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text

from counter_app.storage.db import MIGRATIONS_DIR, StoreError

# The newest revision in migrations/versions; a test keeps this equal to Alembic's head.
HEAD_REVISION = "0009_service_requests"


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return None if row is None else str(row[0])


def alembic_config(engine: Engine) -> object:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return {rev.revision for rev in script.walk_revisions()}


def upgrade_to_head(engine: Engine, path: Path) -> None:
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return
    if revision is not None and revision not in known_revisions():
        raise StoreError("newer_schema", path, revision)
    from alembic import command

    command.upgrade(alembic_config(engine), "head")  # type: ignore[arg-type]
