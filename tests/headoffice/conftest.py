"""Fixtures for the head-office tests: a fresh database per test (SQLite file, or a
throwaway PostgreSQL database), the real app served by uvicorn on 127.0.0.1, and helpers
that enroll counters and build ops.

Loading the demo data takes seconds, so it is loaded once per session into a template
(a SQLite file that each test copies; a PostgreSQL template database that each test clones
with ``CREATE DATABASE ... TEMPLATE``). The uvicorn server lives for a test module and
forwards to the current test's app.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from ho_support import DAYS_AHEAD, NOON_BEIJING, TODAY, HeadOfficeHarness, Served, Switch

from counter_app.headoffice import loader
from counter_app.headoffice.app import create_app
from counter_app.headoffice.db import Database, upgrade
from counter_app.kernel.clock import FixedClock
from pg_support import PgServer, provide_pg_server

# --- databases ---------------------------------------------------------------------------------


def _load_template(url: str) -> None:
    db = Database.from_url(url)
    try:
        upgrade(db.engine)
        with db.write() as session:
            loader.load_all(session, TODAY, demo=True, days_ahead=DAYS_AHEAD)
        if db.is_sqlite:
            with db.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "headoffice.sqlite3"
    _load_template(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    yield from provide_pg_server("ho-pg-")


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> Iterator[str]:
    name = f"counter_tmpl_{uuid.uuid4().hex[:10]}"
    with pg_server.admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        _load_template(pg_server.url(name))
        yield name
    finally:
        with pg_server.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "headoffice.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def pg_url(pg_server: PgServer, pg_template: str) -> Iterator[str]:
    name = f"counter_test_{uuid.uuid4().hex[:10]}"
    with pg_server.admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    try:
        yield pg_server.url(name)
    finally:
        with pg_server.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the server ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    switch = Switch()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(switch, lifespan="off", ws="none", http="h11",
                            log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield Served(switch, f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _harness(url: str, served: Served) -> Iterator[HeadOfficeHarness]:
    db = Database.from_url(url)
    clock = FixedClock(NOON_BEIJING)
    served.switch.app = create_app(db, clock)
    with httpx.Client(base_url=served.base_url, timeout=60) as http:
        yield HeadOfficeHarness(db, clock, http)
    served.switch.app = None
    db.dispose()


@pytest.fixture
def ho(sqlite_url: str, served: Served) -> Iterator[HeadOfficeHarness]:
    """The head office on a fresh SQLite database."""
    yield from _harness(sqlite_url, served)


@pytest.fixture
def pg_ho(pg_url: str, served: Served) -> Iterator[HeadOfficeHarness]:
    """The head office on a fresh PostgreSQL database."""
    yield from _harness(pg_url, served)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_ho(request: pytest.FixtureRequest, served: Served) -> Iterator[HeadOfficeHarness]:
    """The head office on SQLite, then on PostgreSQL."""
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    yield from _harness(url, served)
