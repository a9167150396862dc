"""PostgreSQL for the tests that need it (head office on PostgreSQL, the e2e faults): the
server on 127.0.0.1:5432 when one answers, else a throwaway cluster started from Debian's
``postgresql`` binaries as the ``postgres`` user (``initdb`` refuses root) and removed
afterwards. When neither can be had the tests FAIL, they never skip silently; a developer
without PostgreSQL may set ``COUNTER_SKIP_POSTGRES=1`` to skip them knowingly."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

PG_HOST = "127.0.0.1"
PG_PORT = 5432


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


def answers(host: str, port: int) -> bool:
    try:
        with psycopg.connect(host=host, port=port, user="postgres", dbname="postgres",
                             connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_cluster(prefix: str = "counter-pg-") -> tuple[PgServer, Callable[[], None]]:
    """A throwaway cluster with Debian's initdb/pg_ctl, run as the postgres user."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not bins:
        raise RuntimeError("no PostgreSQL binaries under /usr/lib/postgresql")
    bin_dir = bins[-1]
    root = Path(tempfile.mkdtemp(prefix=prefix))
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


def provide_pg_server(prefix: str = "counter-pg-") -> Iterator[PgServer]:
    """The body of a session fixture: yields the server, stops a cluster it started."""
    if answers(PG_HOST, PG_PORT):
        yield PgServer(PG_HOST, PG_PORT)
        return
    try:
        server, stop = start_cluster(prefix)
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        if os.environ.get("COUNTER_SKIP_POSTGRES") == "1":
            pytest.skip(f"no PostgreSQL (COUNTER_SKIP_POSTGRES=1): {exc}")
        pytest.fail(f"these tests need PostgreSQL: none answers on {PG_HOST}:{PG_PORT} and "
                    f"no throwaway cluster could be started ({exc}); install Debian's "
                    "postgresql (scripts/setup.sh does) or set COUNTER_SKIP_POSTGRES=1")
    try:
        yield server
    finally:
        stop()
