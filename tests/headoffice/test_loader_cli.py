"""The loader (idempotent, every row logged), the migrations on both databases, and the
``counter-headoffice`` command line, including ``serve`` as a real process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from ho_support import DAYS_AHEAD, TODAY, Served
from sqlalchemy import func, select

from counter_app.headoffice import loader
from counter_app.headoffice.changes import current_seq
from counter_app.headoffice.cli import main
from counter_app.headoffice.db import Database, upgrade
from counter_app.headoffice.models import (
    Airport,
    Base,
    CabinInventory,
    ChangeLogRow,
    Clerk,
    Counter,
    Customer,
    EntityVersion,
    Flight,
    NumberRangeRow,
    SeatLease,
    Traveller,
)


def rows(db: Database, model: object) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[arg-type]


def test_every_loaded_row_is_logged_and_a_second_load_changes_nothing(sqlite_url: str) -> None:
    db = Database.from_url(sqlite_url)
    try:
        with db.read() as session:
            seq = current_seq(session)
        flights, cabins = rows(db, Flight), rows(db, CabinInventory)
        people = rows(db, Clerk) + rows(db, Customer) + rows(db, Traveller)
        assert rows(db, ChangeLogRow) == seq == rows(db, EntityVersion)
        assert seq == (rows(db, Airport) + 24 + 19 + 4 + 9 + people + flights + cabins)
        assert flights > 1500
        with db.read() as session:
            gp = session.scalars(select(Customer).where(Customer.kind == "gp_unit")).all()
            assert gp
            assert all(c.outlet_code is None for c in gp)
            clerk = session.get(Clerk, "wangli")
            assert clerk is not None
            assert clerk.password_hash.startswith("$argon2")
            first, last = session.execute(
                select(func.min(Flight.dep_date), func.max(Flight.dep_date))).one()
            assert (first, last) == (TODAY - timedelta(days=3),
                                     TODAY + timedelta(days=DAYS_AHEAD - 1))
        with db.write() as session:
            counts = loader.load_all(session, TODAY, demo=True, days_ahead=DAYS_AHEAD)
        assert set(counts.values()) == {0}
        with db.read() as session:
            assert current_seq(session) == seq
    finally:
        db.dispose()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres",
                                                            marks=pytest.mark.postgres)])
def test_migrations_match_the_models(backend: str, tmp_path: Path,
                                     request: pytest.FixtureRequest) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    else:
        server = request.getfixturevalue("pg_server")
        name = f"counter_test_mig_{os.getpid()}_{time.monotonic_ns() % 10**8}"
        with server.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with server.admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        request.addfinalizer(drop)
        url = server.url(name)
    db = Database.from_url(url)
    try:
        upgrade(db.engine)
        upgrade(db.engine)  # a second run is a no-op
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
            assert conn.exec_driver_sql("SELECT value FROM change_seq").scalar_one() == 0
    finally:
        db.dispose()


def test_cli_enroll_ranges_leases_and_status(
    sqlite_url: str, served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    db_arg = ["--database-url", sqlite_url]
    assert main(["init-db", *db_arg]) == 0
    assert main(["load", "--demo", "--today", TODAY.isoformat(), "--days", str(DAYS_AHEAD),
                 *db_arg]) == 0
    out = capsys.readouterr().out
    assert "flights: 0" in out
    assert main(["enroll", "--outlet", "HET001", *db_arg]) == 0
    code = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(code) == 10
    assert main(["enroll", "--outlet", "NOPE", *db_arg]) == 2
    assert "outlet_unknown" in capsys.readouterr().err

    db = Database.from_url(sqlite_url)
    try:
        app_http = _enroll_over_http(served, sqlite_url, code)
        counter_id = app_http["counter_id"]
        assert main(["grant-range", "--counter", counter_id, "--kind", "ticket",
                     "--prefix", "876", "--size", "500", *db_arg]) == 0
        assert "ticket 876" in capsys.readouterr().out
        with db.read() as session:
            # A flight after today whose economy cabin has the three seats to lease (the
            # demo fills some cabins, depending on the date).
            flight = session.execute(
                select(Flight.flight_no, Flight.dep_date)
                .join(CabinInventory, CabinInventory.flight_id == Flight.id)
                .where(Flight.dep_date > TODAY, CabinInventory.cabin == "Y",
                       CabinInventory.capacity - CabinInventory.sold - CabinInventory.granted
                       >= 3)
                .order_by(Flight.flight_no, Flight.dep_date).limit(1)).one()
        assert main(["grant-lease", "--counter", counter_id, "--flight-no", flight.flight_no,
                     "--date", flight.dep_date.isoformat(), "--cabin", "Y", "--seats", "3",
                     "--hours", "1", *db_arg]) == 0
        assert "x3" in capsys.readouterr().out
        assert main(["expire-leases", *db_arg]) == 0
        assert "expired leases: 0" in capsys.readouterr().out
        assert main(["status", *db_arg]) == 0
        status = capsys.readouterr().out
        assert counter_id in status
        assert "active leases 1, seats left 3" in status
        assert "ticket ranges 25, numbers left 24500 of 24500" in status
        with db.read() as session:
            assert session.scalar(select(func.count()).select_from(NumberRangeRow).where(
                NumberRangeRow.counter_id == counter_id)) == 26
            assert session.scalar(select(func.count()).select_from(SeatLease)) == 1
            assert session.get(Counter, counter_id) is not None
    finally:
        db.dispose()


def _enroll_over_http(served: Served, url: str, code: str) -> dict[str, str]:
    from counter_app.headoffice.app import create_app

    db = Database.from_url(url)
    served.switch.app = create_app(db)
    try:
        r = httpx.post(f"{served.base_url}/api/v1/enroll",
                       json={"code": code, "counter_name": "cli"})
        assert r.status_code == 200, r.text
        body: dict[str, str] = r.json()
        return body
    finally:
        served.switch.app = None
        db.dispose()


def test_serve_runs_migrations_and_answers(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "counter_app.headoffice.cli", "serve", "--port", str(port),
         "--database-url", url, "--log-level", "warning"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        assert r.status_code == 200
        assert r.json()["database"] == "sqlite"
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
