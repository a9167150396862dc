"""Alembic environment of the head office: migrates the engine in ``config.attributes``
(``db.upgrade`` puts it there), on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from alembic import context

from counter_app.headoffice.models import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = context.config.attributes["engine"]
    with engine.begin() as connection:
        # render_as_batch lets SQLite alter tables by copy-and-swap.
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=engine.dialect.name == "sqlite",
        )
        context.run_migrations()


# Only Alembic's run gives the context a config; a plain import (a test that imports every
# module, say) must not try to migrate.
if hasattr(context, "config"):
    run_migrations_online()
