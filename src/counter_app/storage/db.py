"""The counter's SQLite file: opening it safely, migrating it, and units of work.

SQLite runs in WAL mode with foreign keys on and ``synchronous=FULL`` (a committed sale
survives a power cut). Opening checks the folder and the file first
so a read-only folder or a damaged file gets a clear :class:`StoreError` instead of a
traceback, and a damaged file is never overwritten: it is moved aside, kept for support.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from counter_app.kernel.errors import StoreError

__all__ = ["Store", "StoreError", "Writer", "move_aside", "open_store", "write_here"]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

T = TypeVar("T")


class Writer(Protocol):
    """Runs ``fn`` (which opens its own unit of work) where the store is written, waits
    for it and returns what it returned, or raises what it raised.

    SQLite has one writer: in the GUI that is the task runner's database worker, so code
    that runs on another thread (the sync engine's) hands its writes to a writer instead of
    committing beside the worker. Headless, and in tests, :func:`write_here` is the writer.
    """

    def __call__(self, fn: Callable[[], T], /) -> T: ...


def write_here(fn: Callable[[], T], /) -> T:
    """The writer of a program whose database work runs on the calling thread."""
    return fn()


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: every commit is synced to the disk before it returns, so a sale committed (and
    # its receipt printed) survives a power cut too. NORMAL in WAL mode survives a crash of
    # the program but may lose the last transactions to a power cut. What it costs per sale
    # is measured by bench/bench_sale.py (bench/README.md).
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _on_connect)
    return engine


def _check_location(path: Path) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError("folder_unwritable", folder, str(exc)) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError("folder_unwritable", folder)
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreError("file_unwritable", path)


def _check_integrity(engine: Engine, path: Path) -> None:
    try:
        with engine.connect() as conn:
            result = conn.execute(text("PRAGMA quick_check(1)")).scalar()
    except (DatabaseError, OperationalError) as exc:
        message = str(exc.orig) if exc.orig is not None else str(exc)
        if "readonly" in message or "unable to open" in message:
            raise StoreError("folder_unwritable", path.parent, message) from exc
        raise StoreError("corrupt", path, message) from exc
    if result != "ok":
        raise StoreError("corrupt", path, str(result))


def move_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged database (and its WAL files) out of the way; returns the new name."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target


class Store:
    """The opened local store: an engine and a session factory (one session per unit of
    work, used on the database worker thread only)."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A session whose changes commit together at the end, or not at all."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def write(self, work: Callable[[Session], T], /) -> T:
        """``work(session)`` in a unit of work of its own; returns what ``work`` returned."""
        with self.unit_of_work() as session:
            return work(session)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading only; nothing it does is committed."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def open_store(path: Path, migrate: bool = True) -> Store:
    """Open (creating when missing) and migrate the counter's database at ``path``."""
    _check_location(path)
    engine = make_engine(path)
    try:
        _check_integrity(engine, path)
        if migrate:
            from counter_app.storage.migrate import upgrade_to_head

            upgrade_to_head(engine, path)
    except BaseException:
        engine.dispose()
        raise
    return Store(path, engine)
