"""The head office's database: engine from a URL, units of work, migrations.

PostgreSQL in production; SQLite as the embedded default (``./headoffice-data/
headoffice.sqlite3``), so a demo or one small office needs no database server. The URL comes
from ``--database-url``, else ``COUNTER_HO_DATABASE_URL``, else the default file.

SQLite is set up for many request threads: WAL (readers never wait for the writer),
foreign keys on, a long ``busy_timeout``, and every *write* unit of work starts with
``BEGIN IMMEDIATE``. Taking the write lock at the start, instead of upgrading a read lock
on the first INSERT, is what keeps two writers from deadlocking on "database is locked":
the second one simply waits its turn in ``BEGIN``. Read units of work start a plain
``BEGIN`` and see one consistent snapshot.

On PostgreSQL units of work run at READ COMMITTED with a ``lock_timeout`` (set once per
connection when it is opened, not per transaction: one round trip less per write); rows
that must not be oversold are taken ``FOR UPDATE`` by the code that changes them.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

ENV_DATABASE_URL = "COUNTER_HO_DATABASE_URL"
DEFAULT_SQLITE_PATH = Path("headoffice-data") / "headoffice.sqlite3"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
PG_LOCK_TIMEOUT = "10s"
# Connections one process may hold on PostgreSQL (a pool of 10 kept open, the rest opened
# when needed). With several processes (``serve --workers N``) each gets
# ``pg_connections_per_process(N)`` so that all of them together stay within
# ``PG_CONNECTION_BUDGET``, well under PostgreSQL's default ``max_connections`` of 100.
PG_CONNECTIONS = 50
PG_POOL_KEPT = 10
PG_CONNECTION_BUDGET = 60

# SQLSTATEs that mean "try again": serialization failure, deadlock, lock timeout.
_TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
# SQLSTATEs that mean the connection is gone: the server shut it down (terminated backend,
# crash, restart) or cannot take it yet; and class 08, connection exceptions.
_DISCONNECT_SQLSTATES = frozenset({"57P01", "57P02", "57P03"})


def database_url(explicit: str | None = None) -> str:
    """``explicit``, else the environment, else the default SQLite file (folder created)."""
    if explicit:
        return explicit
    from_env = os.environ.get(ENV_DATABASE_URL)
    if from_env:
        return from_env
    DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def _sqlite_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # SQLAlchemy emits BEGIN itself (see _sqlite_begin); the driver must not.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    if conn.get_execution_options().get("ho_write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def pg_connections_per_process(processes: int) -> int:
    """Connections each of ``processes`` serving processes may open on PostgreSQL."""
    if processes <= 1:
        return PG_CONNECTIONS
    return max(5, PG_CONNECTION_BUDGET // processes)


def make_engine(url: str, connections: int | None = None) -> Engine:
    """An engine for ``url`` with the SQLite hooks above when it is SQLite. On PostgreSQL
    the pool opens at most ``connections`` (default :data:`PG_CONNECTIONS`)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            pool_size=8,
            max_overflow=32,
            hide_parameters=True,  # errors and logs carry no ID numbers
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    limit = max(1, connections or PG_CONNECTIONS)
    kept = min(PG_POOL_KEPT, limit)
    options = " ".join(filter(None, [str(parsed.query.get("options") or ""),
                                     f"-c lock_timeout={PG_LOCK_TIMEOUT}"]))
    return create_engine(url, pool_size=kept, max_overflow=limit - kept, pool_pre_ping=True,
                         connect_args={"options": options},
                         hide_parameters=True)  # errors and logs carry no ID numbers


def is_disconnect(exc: BaseException) -> bool:
    """The database connection was lost (e.g. its PostgreSQL backend was terminated): the
    transaction is gone with it, and the pool has dropped the connection, so the whole unit
    of work may be done again on a new one."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    sqlstate = getattr(exc.orig, "sqlstate", None) or ""
    return sqlstate in _DISCONNECT_SQLSTATES or sqlstate.startswith("08")


def is_transient(exc: BaseException) -> bool:
    """A lock timeout, deadlock or serialization failure, or a lost connection
    (:func:`is_disconnect`): the same work may succeed later."""
    if not isinstance(exc, DBAPIError):
        return False
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in _TRANSIENT_SQLSTATES or is_disconnect(exc):
        return True
    message = str(exc.orig).lower()
    return "database is locked" in message or "database is busy" in message


class Database:
    """An engine and two session factories: read (plain BEGIN) and write (BEGIN IMMEDIATE on
    SQLite; a lock timeout on PostgreSQL). Write units of work commit through
    :func:`changes.commit_with_changes`, so the change log is always written."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_postgres = engine.dialect.name == "postgresql"
        self.is_sqlite = engine.dialect.name == "sqlite"
        write_engine = engine.execution_options(ho_write=True)
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(write_engine, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str, connections: int | None = None) -> Database:
        return cls(make_engine(url, connections))

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work whose changes (and change-log rows) commit together or not at all."""
        from counter_app.headoffice import changes  # (changes uses this module's helpers)

        session = self._write()
        try:
            if not self.is_postgres:  # (PostgreSQL's connections have their lock_timeout)
                session.connection()  # BEGIN IMMEDIATE now, before the first read
            yield session
            changes.commit_with_changes(session)
        except BaseException:
            changes.discard(session)
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading one consistent state; nothing is committed."""
        session = self._read()
        try:
            yield session
        finally:
            session.close()  # ends the transaction; loaded rows stay readable, detached

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def opened(url: str | None) -> Iterator[Database]:
    """The migrated database for one staff command (``url`` as :func:`database_url` takes
    it), its connections closed when the command ends."""
    db = Database.from_url(database_url(url))
    try:
        upgrade(db.engine)
        yield db
    finally:
        db.dispose()


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision (a no-op when it is there)."""
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


def table_of(model: Any) -> Table:
    """The Core table of a mapped class (statements on it skip the ORM's bookkeeping)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def bulk_insert(session: Session, table: Any, rows: list[dict[str, Any]],
                chunk: int = 5000) -> None:
    """Insert many rows through Core ``executemany`` (no ORM bookkeeping) in the session's
    transaction. ``table`` is a Table or a mapped class."""
    target = table if isinstance(table, Table) else table_of(table)
    for start in range(0, len(rows), chunk):
        session.execute(target.insert(), rows[start : start + chunk])


_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(hashtext(:name))")


def lock_key(session: Session, name: str) -> None:
    """Serialise a critical section across processes on PostgreSQL (a transaction-scoped
    advisory lock); on SQLite the write transaction already holds the only write lock."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().execute(_ADVISORY_LOCK, {"name": name})
