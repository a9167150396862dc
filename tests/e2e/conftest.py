"""Fixtures of the end-to-end fault tests: head office as its own process on a fresh
database per test, and proxies between counters and head office.

Loading the demo data takes seconds, so it is loaded once per session with the real command
line (``init-db``, ``load --demo``) into a template: a SQLite file each test copies, or a
PostgreSQL database each test clones with ``CREATE DATABASE ... TEMPLATE``. PostgreSQL comes
from ``pg_support`` (the local server, else a throwaway cluster; never a silent skip).
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from e2e_support import (
    LOAD_DAY,
    HeadOffice,
    HeadOfficeDb,
    HeadOfficeProcess,
    Proxy,
    build_head_office_database,
)

from pg_support import PgServer, provide_pg_server

# --- SQLite -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def ho_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ho-template") / "headoffice.sqlite3"
    build_head_office_database(f"sqlite:///{path}", LOAD_DAY)
    for suffix in ("-wal", "-shm"):
        assert not path.with_name(path.name + suffix).exists(), "template not checkpointed"
    return path


def _head_office(url: str, log_dir: Path) -> Iterator[HeadOffice]:
    log_dir.mkdir(parents=True, exist_ok=True)
    process = HeadOfficeProcess(url, log_dir)
    db = HeadOfficeDb(url)
    try:
        process.start()
        yield HeadOffice(url, process, db)
    finally:
        process.stop()
        db.close()


@pytest.fixture
def ho(ho_template: Path, tmp_path: Path) -> Iterator[HeadOffice]:
    """Head office (``counter-headoffice serve``) on its own copy of the loaded database."""
    folder = tmp_path / "ho"
    folder.mkdir()
    path = folder / "headoffice.sqlite3"
    shutil.copyfile(ho_template, path)
    yield from _head_office(f"sqlite:///{path}", folder)


# --- PostgreSQL ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    yield from provide_pg_server("e2e-pg-")


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> Iterator[str]:
    name = f"e2e_tmpl_{uuid.uuid4().hex[:10]}"
    with pg_server.admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        build_head_office_database(pg_server.url(name), LOAD_DAY)
        yield name
    finally:
        with pg_server.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_ho(pg_server: PgServer, pg_template: str, tmp_path: Path) -> Iterator[HeadOffice]:
    """Head office on its own PostgreSQL database (a clone of the loaded template)."""
    name = f"e2e_test_{uuid.uuid4().hex[:10]}"
    with pg_server.admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    try:
        yield from _head_office(pg_server.url(name), tmp_path / "ho")
    finally:
        with pg_server.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the line between counter and head office -------------------------------------------------


@pytest.fixture
def make_proxy() -> Iterator[Callable[..., Proxy]]:
    """``make_proxy(upstream_port, decide=None)``: a proxy closed after the test."""
    made: list[Proxy] = []

    def make(upstream_port: int, decide: Any = None) -> Proxy:
        proxy = Proxy(upstream_port, decide)
        made.append(proxy)
        return proxy

    yield make
    for proxy in made:
        proxy.close()
