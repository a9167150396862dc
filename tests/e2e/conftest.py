"""Fixtures of the end-to-end fault tests: head office as its own process on a fresh
database per test, and proxies between counters and head office.

Loading the demo data takes seconds, so it is loaded once per session with the real command
line (``init-db``, ``load --demo``) into a template: a SQLite file each test copies, or a
PostgreSQL database each test clones with ``CREATE DATABASE ... TEMPLATE``. PostgreSQL is
the one on 127.0.0.1:5432 when it answers, else a throwaway cluster; on CI (``CI=true``) a
test that needs it fails rather than skips when neither can be had.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from e2e_support import (
    LOAD_DAY,
    HeadOffice,
    HeadOfficeDb,
    HeadOfficeProcess,
    Proxy,
    build_head_office_database,
    free_port,
)

PG_HOST = "127.0.0.1"
PG_PORT = 5432


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


@dataclass
class PgServer:
    host: str
    port: int
    user: str = "postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"

    def admin(self) -> psycopg.Connection[Any]:
        return psycopg.connect(host=self.host, port=self.port, user=self.user,
                               dbname="postgres", autocommit=True)


def _answers(host: str, port: int) -> bool:
    try:
        with psycopg.connect(host=host, port=port, user="postgres", dbname="postgres",
                             connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def _start_cluster() -> tuple[PgServer, Callable[[], None]]:
    """A throwaway cluster with Debian's initdb/pg_ctl, run as the postgres user."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not bins:
        raise RuntimeError("no PostgreSQL binaries under /usr/lib/postgresql")
    bin_dir = bins[-1]
    root = Path(tempfile.mkdtemp(prefix="e2e-pg-"))
    shutil.chown(root, "postgres", "postgres")
    data = root / "data"
    port = free_port()

    def as_postgres(*cmd: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *cmd], check=True,
                       capture_output=True, timeout=120)

    as_postgres(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
    as_postgres(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w",
                "-o", f"-p {port} -k {root} -h 127.0.0.1", "start")

    def stop() -> None:
        as_postgres(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)

    return PgServer("127.0.0.1", port), stop


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    if _answers(PG_HOST, PG_PORT):
        yield PgServer(PG_HOST, PG_PORT)
        return
    try:
        server, stop = _start_cluster()
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL needed on CI and none could be started: {exc}")
        pytest.skip(f"no PostgreSQL: {exc}")
    try:
        yield server
    finally:
        stop()


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
