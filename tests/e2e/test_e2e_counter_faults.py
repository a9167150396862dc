"""Faults at the counter, head office on SQLite: the counter killed between commit, print
and push; the disk full during a sale; an upgrade with a non-empty outbox; the counter's
clock hours off, then set back mid-shift; the access token expiring while offline."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import counter_agent
from alembic import command
from e2e_support import (
    HOLD_RESPONSE,
    AgentProcess,
    HeadOffice,
    Proxy,
    assert_consistent,
    once,
    run_agent,
    wait_applied,
)
from sqlalchemy import Engine, select, text

from counter_app.domain.money import amount_text, from_fen, to_fen
from counter_app.domain.taxes import cn_fund, fuel_surcharge, parse_tax_tables
from counter_app.domain.types import PassengerType
from counter_app.headoffice.models import Flight, NumberRangeRow, RuleDocument, Token
from counter_app.kernel.clock import SHANGHAI
from counter_app.kernel.ids import new_id
from counter_app.storage.db import make_engine
from counter_app.storage.migrate import HEAD_REVISION, alembic_config, current_revision
from counter_app.sync import protocol
from counter_app.sync.client import HeadOfficeClient
from counter_app.sync.credentials import Credentials
from counter_app.sync.status import BASE_URL, COUNTER_ID, OUTLET_CODE, OUTLET_NAME


def test_counter_killed_between_commit_print_and_push(
    ho: HeadOffice, tmp_path: Path, make_proxy: type
) -> None:
    """SIGKILL the counter at each step of a sale's life: inside the sale's transaction
    (nothing kept, nothing printed), after the commit (kept, not printed), after the
    receipt (kept, printed, not pushed), and while its push is in flight (head office has
    it, the counter does not know). Started again, it pushes what it kept, exactly once."""
    proxy: Proxy = make_proxy(ho.process.port)
    counter = tmp_path / "counter"
    flight = ho.db.flight(10)
    counter_id = ho.enroll(counter, proxy.base_url, lease=(flight, 6))

    def sell_and_kill(hold: str, start: int, marker: str) -> str:
        agent = AgentProcess("sell", counter, proxy.base_url, "--flight-id", flight,
                             "--hold-after", hold, "--start", str(start))
        try:
            line = agent.wait_for(marker)
            printed = [s for s in agent.seen if s.startswith("PRINTED")]
        finally:
            agent.kill()
        return line + ("" if not printed else " +receipt")

    inside = sell_and_kill("before-commit", 0, "UNCOMMITTED")
    committed = sell_and_kill("commit", 1, "COMMITTED")
    printed = sell_and_kill("print", 2, "PRINTED")
    assert not committed.endswith("+receipt")
    assert printed.endswith("+receipt")
    gone, kept_unprinted = inside.split()[2], committed.split()[2]
    kept_printed = printed.split()[2]

    status = run_agent("status", counter, proxy.base_url)
    assert {b["id"] for b in status["bookings"]} == {kept_unprinted, kept_printed}
    assert gone not in {e["sale_id"] for e in status["outbox"]}
    assert status["pending"] == 2
    [lease] = status["leases"]
    assert lease["used_local"] == 2  # the killed transaction took no seat

    proxy.decide = once(HOLD_RESPONSE, "/sync/push")
    pushing = AgentProcess("sync", counter, proxy.base_url)
    try:
        wait_applied(ho.db, counter_id, 2, pushing)
    finally:
        pushing.kill()
        proxy.released.set()
    assert run_agent("status", counter, proxy.base_url)["pending"] == 2

    again = run_agent("sync", counter, proxy.base_url)["cycles"][0]
    assert again["ok"], again
    assert (again["applied"], again["duplicates"]) == (0, 2)
    assert_consistent(ho.database_url, [counter], ho.base_url)
    assert set(ho.db.sales(counter_id)) == {kept_unprinted, kept_printed}


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "48m") -> Iterator[bool]:
    """A real filesystem of its own that can fill up (tmpfs); False when mounting is not
    allowed here."""
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                              str(folder)], capture_output=True, check=False).returncode == 0
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], capture_output=True, check=False)


def test_disk_full_during_a_sale(ho: HeadOffice, tmp_path: Path) -> None:
    """The counter's disk fills up in the middle of a run of sales. The sale that does not
    fit raises before anything is printed and leaves nothing half-written (no booking,
    ticket or outbox row, the lease's seat count unchanged); with room again, selling and
    syncing go on."""
    source = tmp_path / "counter"
    flight = ho.db.flight(20)
    counter_id = ho.enroll(source, lease=(flight, 20))
    with small_disk(tmp_path / "disk") as mounted:
        counter = tmp_path / "disk" / "counter" if mounted else source
        limit: list[str] = []
        if mounted:
            shutil.copytree(source, counter)
            filler = tmp_path / "disk" / "filler"
            free = os.statvfs(counter).f_bavail * os.statvfs(counter).f_frsize
            with open(filler, "wb") as handle:
                os.posix_fallocate(handle.fileno(), 0, max(0, free - 96 * 1024))
        else:  # no mount allowed: SQLite's own page limit stands in for the disk
            limit = ["--max-pages-extra", "24"]
        before = run_agent("status", counter, ho.base_url)
        agent = AgentProcess("sell", counter, ho.base_url, "--flight-id", flight, "--count",
                             "15", *limit)
        result = agent.finish()
        assert "failed" in result, result  # the disk did fill up
        assert "full" in result["failed"], result["failed"]
        committed = [s for s in agent.seen if s.startswith("COMMITTED")]
        printed = [s for s in agent.seen if s.startswith("PRINTED")]
        failed = [s for s in agent.seen if s.startswith("FAILED")]
        assert len(failed) == 1
        assert len(printed) == len(committed) == len(result["sold"]) < 15
        if mounted:
            filler.unlink()
        after = run_agent("status", counter, ho.base_url)
        new_bookings = {b["id"] for b in after["bookings"]} - {b["id"] for b in
                                                                before["bookings"]}
        assert new_bookings == {s["sale_id"] for s in result["sold"]}
        assert len(after["outbox"]) == len(before["outbox"]) + len(committed)
        assert after["leases"][0]["used_local"] == len(committed)
        with contextlib.closing(sqlite3.connect(counter / counter_agent.STORE_NAME)) as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tickets = [t for b in after["bookings"] for t in b["tickets"]]
        assert sorted(tickets) == sorted(t for s in result["sold"] for t in s["tickets"])

        more = run_agent("sell", counter, ho.base_url, "--flight-id", flight, "--start", "50")
        assert len(more["sold"]) == 1
        run_agent("sync", counter, ho.base_url)
        assert_consistent(ho.database_url, [counter], ho.base_url)
        assert len(ho.db.sales(counter_id)) == len(committed) + 1
        print("disk full simulated with", "tmpfs" if mounted else "PRAGMA max_page_count")


def test_upgrade_with_a_non_empty_outbox(ho: HeadOffice, tmp_path: Path) -> None:
    """A counter's store at revision 0001 with operations queued the way version 1 wrote
    them (no clerk login, no answer columns) is opened by this version: the migration keeps
    every row, and they all drain to head office, which accepts their op schema version."""
    counter = tmp_path / "counter"
    counter.mkdir()
    path = counter / counter_agent.STORE_NAME
    engine = make_engine(path)
    command.upgrade(alembic_config(engine), "0001_initial")  # type: ignore[arg-type]
    assert current_revision(engine) == "0001_initial"
    counter_id = _enroll_old_store(ho, counter, engine)
    flight_id, carrier, _free = ho.db.flights(5)[0]
    prefix = ho.db.prefix_of(carrier)
    with ho.db.db.read() as session:
        first = session.scalar(select(NumberRangeRow.first).where(
            NumberRangeRow.counter_id == counter_id, NumberRangeRow.kind == "ticket",
            NumberRangeRow.prefix == prefix))
    assert first is not None
    stamp = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=2)
    queued = _write_version_1_outbox(engine, flight_id, prefix, int(first), stamp,
                                     _class_y_price(ho, flight_id, stamp))
    engine.dispose()
    assert protocol.OP_SCHEMA_VERSION in protocol.ACCEPTED_OP_SCHEMA_VERSIONS

    cycles = run_agent("sync", counter, ho.base_url, "--until-empty")["cycles"]
    assert current_revision(make_engine(path)) == HEAD_REVISION
    assert sum(c["applied"] for c in cycles) == len(queued), json.dumps(cycles)
    assert sum(c["rejected"] for c in cycles) == 0, cycles
    status = assert_consistent(ho.database_url, [counter], ho.base_url)[0]
    assert {e["op_id"]: e["state"] for e in status["outbox"]} == dict.fromkeys(queued, "done")
    assert len(ho.db.sales(counter_id)) == 3


def _enroll_old_store(ho: HeadOffice, counter: Path, engine: Engine) -> str:
    """Enroll the old store's counter: the tokens saved as the agent keeps them, the
    identity written where ``enroll_counter`` writes it (its own code needs the new schema)."""
    credentials = counter_agent.credentials_store(counter)
    with HeadOfficeClient(ho.base_url, credentials) as client:
        answer = client.enroll(ho.db.enrollment_code(), "old counter")
    tokens = answer.tokens
    credentials.save(Credentials(
        counter_id=answer.counter_id, base_url=ho.base_url,
        access_token=tokens.access_token, access_expires_at=tokens.access_expires_at,
        refresh_token=tokens.refresh_token, refresh_expires_at=tokens.refresh_expires_at,
    ))
    settings = {COUNTER_ID: answer.counter_id, OUTLET_CODE: answer.outlet_code,
                OUTLET_NAME: answer.outlet_name, BASE_URL: ho.base_url}
    with engine.begin() as conn:
        for key, value in settings.items():
            conn.execute(text("INSERT INTO local_settings (key, value) VALUES (:k, :v)"),
                         {"k": key, "v": value})
    return answer.counter_id


def _class_y_price(ho: HeadOffice, flight_id: str, stamp: datetime) -> dict[str, str]:
    """An adult's class Y ticket on the flight as a counter priced it at ``stamp`` (naive
    UTC): the Y fare, CN fund and fuel surcharge by head office's rule documents (head
    office prices every sale again)."""
    on = stamp.replace(tzinfo=UTC).astimezone(SHANGHAI).date()
    with ho.db.db.read() as session:
        flight = session.get(Flight, flight_id)
        doc = session.get(RuleDocument, "taxes")
        assert flight is not None
        assert doc is not None
        taxes = parse_tax_tables(doc.payload)
        fare = from_fen(flight.y_fare_fen)
        cn = cn_fund(taxes, on, PassengerType.ADULT, flight.feeder)
        fuel = fuel_surcharge(taxes, on, flight.distance_km, PassengerType.ADULT)
    return {"fare": amount_text(fare), "cn_fund": amount_text(cn), "fuel": amount_text(fuel),
            "total": amount_text(fare + cn + fuel)}


def _write_version_1_outbox(engine: Engine, flight_id: str, prefix: str,
                            first: int, stamp: datetime, price: dict[str, str]) -> list[str]:
    """Three sales and a spoiled ticket number, as a version-1 counter stored them."""
    clerk_id = new_id()
    ops: list[str] = []
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO outlets (code, name_zh, kind, region_zh, office_code, agent_code) "
            "VALUES ('HET001', '呼和浩特新华大街邮政网点', 'post_office', '', '', '')"))
        conn.execute(text(
            "INSERT INTO clerks (id, login, name_zh, role, outlet_code, password_hash, "
            "failed_attempts, locked_until, active) VALUES (:id, 'wangli', '王丽', 'clerk', "
            "'HET001', 'x', 0, NULL, 1)"), {"id": clerk_id})

        def outbox(kind: str, payload: dict[str, object]) -> None:
            op_id = new_id()
            conn.execute(text(
                "INSERT INTO outbox (op_id, kind, schema_version, payload, payload_hash, "
                "clerk_id, created_at, state, attempts, last_error) VALUES (:op_id, :kind, 1, "
                ":payload, :hash, :clerk, :at, 'pending', 2, 'head office unreachable')"),
                {"op_id": op_id, "kind": kind, "payload": json.dumps(payload),
                 "hash": protocol.payload_hash(payload), "clerk": clerk_id, "at": stamp})
            ops.append(op_id)

        for i in range(3):
            sale_id, passenger_id, number = new_id(), new_id(), f"{prefix}-{first + i:010d}"
            pnr = f"V1{i:04d}"
            conn.execute(text(
                "INSERT INTO bookings (id, pnr, status, customer_id, clerk_id, outlet_code, "
                "gp_order_no, contact_mobile, created_at, ticketing_deadline) VALUES (:id, "
                ":pnr, 'ticketed', NULL, :clerk, 'HET001', '', '', :at, NULL)"),
                {"id": sale_id, "pnr": pnr, "clerk": clerk_id, "at": stamp})
            conn.execute(text(
                "INSERT INTO booking_passengers (id, booking_id, traveller_id, name, "
                "passenger_type, id_type, id_number, birth_date, mobile, ffp_number, "
                "infant_of) VALUES (:id, :booking, NULL, '张伟', 'ADT', 'NI', :number, "
                "'1980-01-01', '', '', NULL)"),
                {"id": passenger_id, "booking": sale_id,
                 "number": counter_agent.resident_id(i)})
            conn.execute(text(
                "INSERT INTO tickets (id, ticket_number, booking_id, passenger_id, status, "
                "fare_fen, cn_fund_fen, fuel_fen, insurance_fen, service_fee_fen, total_fen, "
                "issued_at, clerk_id) VALUES (:id, :number, :booking, :passenger, 'issued', "
                ":fare, :cn, :fuel, 0, 0, :total, :at, :clerk)"),
                {"id": new_id(), "number": number, "booking": sale_id,
                 "passenger": passenger_id, "at": stamp, "clerk": clerk_id,
                 **{k: to_fen(Decimal(price[v])) for k, v in (
                     ("fare", "fare"), ("cn", "cn_fund"), ("fuel", "fuel"),
                     ("total", "total"))}})
            outbox("sale.issue", {
                "sale_id": sale_id, "pnr": pnr, "flight_id": flight_id, "cabin": "Y",
                "class_code": "Y", "lease_id": None, "customer_id": None,
                "tickets": [{
                    "ticket_number": number, "passenger_name": "张伟",
                    "passenger_type": "ADT", "id_type": "NI",
                    "id_number": counter_agent.resident_id(i), **price,
                    "insurance": "0.00", "receipt_serial": None,
                }],
                "payments": [{"method": "cash", "amount": price["total"]}],
                "issued_at": stamp.replace(tzinfo=UTC).isoformat(),
            })
        outbox("number.void", {"kind": "ticket", "prefix": prefix, "number": first + 3,
                               "reason": "打印机卡纸"})
    return ops


def test_clock_skewed_by_hours_then_set_back_mid_shift(ho: HeadOffice, tmp_path: Path) -> None:
    """The counter's clock is five hours fast: the handshake puts a clock_skew item on the
    attention list and sales go on (leases and ticketing dates follow head office's time).
    Mid-shift the clock is set back two hours: later sales carry earlier timestamps, yet they
    are pushed and applied after the earlier ones, in the counter's own order."""
    counter = tmp_path / "counter"
    flight = ho.db.flight(10)
    counter_id = ho.enroll(counter, lease=(flight, 8))
    fast, set_back = str(5 * 3600), str(3 * 3600)

    skewed = run_agent("sync", counter, ho.base_url, "--clock-offset-s", fast)["cycles"][0]
    assert skewed["ok"], skewed
    first = run_agent("sell", counter, ho.base_url, "--flight-id", flight, "--count", "3",
                      "--clock-offset-s", fast)["sold"]
    later = run_agent("sell", counter, ho.base_url, "--flight-id", flight, "--count", "3",
                      "--start", "3", "--clock-offset-s", set_back)["sold"]
    assert len(first) == len(later) == 3

    status = run_agent("status", counter, ho.base_url)
    skew = [a for a in status["attention"] if a["kind"] == "clock_skew"]
    assert len(skew) == 1
    assert skew[0]["open"]
    assert abs(skew[0]["detail"]["offset_s"] + 5 * 3600) < 120
    created = [e["created_at"] for e in status["outbox"]]
    assert created[3] < created[2]  # the clock went back...
    seqs = [e["seq"] for e in status["outbox"]]
    assert seqs == sorted(seqs)  # ...the local order did not

    pushed = run_agent("sync", counter, ho.base_url, "--clock-offset-s", set_back,
                       "--batch", "1")["cycles"][0]
    assert pushed["ok"], pushed
    assert pushed["applied"] == 6
    applied = ho.db.applied_ops(counter_id)
    in_order = sorted(applied, key=lambda op_id: applied[op_id].applied_at)
    assert in_order == [s["op_id"] for s in first + later]
    numbers = [s["tickets"][0] for s in first + later]
    assert numbers == sorted(numbers)

    status = run_agent("status", counter, ho.base_url)
    skew = [a for a in status["attention"] if a["kind"] == "clock_skew"]
    [now_open] = [a for a in skew if a["open"]]  # the new skew replaced the old one
    assert len(skew) == 2
    assert abs(now_open["detail"]["offset_s"] + 3 * 3600) < 120
    final = assert_consistent(ho.database_url, [counter], ho.base_url)[0]
    assert not [a for a in final["attention"] if a["kind"] == "clock_skew" and a["open"]]


def test_token_expiring_while_offline(ho: HeadOffice, tmp_path: Path, make_proxy: type) -> None:
    """The link is down for longer than the access token lives; sales go on offline. Back
    online, head office answers 401 token_expired, the counter refreshes its tokens and its
    queue drains."""
    proxy: Proxy = make_proxy(ho.process.port)
    counter = tmp_path / "counter"
    flight = ho.db.flight(10)
    counter_id = ho.enroll(counter, proxy.base_url, lease=(flight, 4))
    before = counter_agent.credentials_store(counter).load()
    assert before is not None

    proxy.refuse = True
    run_agent("sell", counter, proxy.base_url, "--flight-id", flight, "--count", "3")
    offline = run_agent("sync", counter, proxy.base_url)["cycles"][0]
    assert offline["error_kind"] == "offline"
    assert ho.db.expire_access_tokens(counter_id) == 1

    proxy.refuse = False
    back = run_agent("sync", counter, proxy.base_url)["cycles"][0]
    assert back["ok"], back
    assert back["applied"] == 3
    after = counter_agent.credentials_store(counter).load()
    assert after is not None
    assert after.access_token != before.access_token
    assert after.refresh_token != before.refresh_token
    with ho.db.db.read() as session:
        tokens = session.execute(select(Token.kind, Token.revoked, Token.rotated_at).where(
            Token.counter_id == counter_id)).all()
    # The old access token is revoked; the old refresh token is marked exchanged (shown
    # again once the new pair is in use, it is a replay that revokes the family), the new
    # refresh token is not.
    assert sorted((kind, revoked) for kind, revoked, _ in tokens) == [
        ("access", False), ("access", True), ("refresh", False), ("refresh", False)]
    assert sorted(at is None for kind, _, at in tokens if kind == "refresh") == [False, True]
    assert_consistent(ho.database_url, [counter], proxy.base_url)

