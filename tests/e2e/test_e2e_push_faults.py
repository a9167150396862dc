"""Faults on the way up (push), head office on SQLite: head office killed mid-push, the
answer lost after head office committed, the same batch delivered twice, one op id reused
with another payload, and one op refused while the independent ones drain.

Head office is ``counter-headoffice serve`` in its own process; counters are
``counter_agent.py`` processes; a TCP proxy in the test loses what it is told to."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import counter_agent
import httpx
from e2e_support import (
    LOSE_RESPONSE,
    PASS,
    AgentProcess,
    HeadOffice,
    Proxy,
    assert_consistent,
    once,
    run_agent,
)
from sqlalchemy import select

from counter_app.headoffice.models import SaleTicket, UsedNumber
from counter_app.storage.db import open_store
from counter_app.storage.models import OutboxEntry
from counter_app.sync import protocol
from counter_app.sync.outbox import to_op
from counter_app.sync.protocol import OpStatus


def test_head_office_killed_mid_push(ho: HeadOffice, tmp_path: Path, make_proxy: type) -> None:
    """SIGKILL head office while it handles a push: a counter drains 600 ops in batches of
    50 and head office is killed 20 ms after the fourth batch reached it. Start it again on
    the same database: every batch was all-or-nothing, the counter kept retrying, and in the
    end every op is there exactly once."""
    reached = threading.Event()
    pushes = 0

    def watch(_method: str, path: str) -> str:
        nonlocal pushes
        if path.endswith("/sync/push"):
            pushes += 1
            if pushes == 4:
                reached.set()
        return PASS

    proxy: Proxy = make_proxy(ho.process.port, watch)
    counter = tmp_path / "counter"
    counter_id = ho.enroll(counter)
    plan = ho.stock(counter_id, 600, per_flight=15)
    run_agent("sync", counter, ho.base_url)  # pull the leases and ranges
    assert run_agent("sell-plan", counter, ho.base_url, "--plan", _plan(tmp_path, plan))[
        "sold"] == 600

    drain = AgentProcess("sync", counter, proxy.base_url, "--until-empty", "--batch", "50",
                         "--max-seconds", "300", "--pause", "0.1")
    try:
        assert reached.wait(timeout=120), "the fourth push never came"
        time.sleep(0.02)
        ho.process.kill()
        at_kill = ho.db.applied_count(counter_id)
        assert at_kill in (150, 200), f"not whole batches: {at_kill}"
        time.sleep(1.0)  # the counter meets a dead head office a few times
        ho.process.start()
        result = drain.finish(timeout=300)
    finally:
        drain.kill()
    kinds = {c["error_kind"] for c in result["cycles"] if not c["ok"]}
    assert "offline" in kinds, result["cycles"][:3]
    assert result["pending"] == 0
    assert_consistent(ho.database_url, [counter], ho.base_url)
    assert len(ho.db.sales(counter_id)) == 600
    print(f"killed mid-push: {at_kill} ops were on head office at the kill")


def test_response_lost_after_commit(ho: HeadOffice, tmp_path: Path, make_proxy: type) -> None:
    """Head office commits a batch, then the connection dies before its answer arrives. The
    counter sends the batch again and is told ``duplicate`` with the stored results."""
    proxy: Proxy = make_proxy(ho.process.port, once(LOSE_RESPONSE, "/sync/push"))
    counter = tmp_path / "counter"
    flight = ho.db.flight(10)
    counter_id = ho.enroll(counter, proxy.base_url, lease=(flight, 5))
    run_agent("sell", counter, proxy.base_url, "--flight-id", flight, "--count", "5")

    lost = run_agent("sync", counter, proxy.base_url)
    assert lost["cycles"][0]["error_kind"] == "offline"
    assert lost["pending"] == 5
    assert ho.db.applied_count(counter_id) == 5  # committed there, unknown here
    assert proxy.fates()[LOSE_RESPONSE] == 1

    again = run_agent("sync", counter, proxy.base_url)["cycles"][0]
    assert again["ok"], again
    assert (again["applied"], again["duplicates"]) == (0, 5)
    assert_consistent(ho.database_url, [counter], ho.base_url)


def test_same_batch_sent_twice(ho: HeadOffice, tmp_path: Path) -> None:
    """After a batch drained, the very same batch arrives again (a retry from a stale
    queue): every op answers ``duplicate`` with the result stored the first time, and
    nothing is recorded twice."""
    counter = tmp_path / "counter"
    flight = ho.db.flight(10)
    code = ho.db.enrollment_code_cli()  # the operator's way
    counter_id = ho.enroll(counter, lease=(flight, 6), code=code)
    run_agent("sell", counter, ho.base_url, "--flight-id", flight, "--count", "6")
    first = run_agent("sync", counter, ho.base_url)["cycles"][0]
    assert first["applied"] == 6
    ops = _outbox_ops(counter)
    stored = {op_id: row.result for op_id, row in ho.db.applied_ops(counter_id).items()}

    with counter_agent.counter(counter, ho.base_url) as c:
        answer = c.client.push(ops)
    assert [r.status for r in answer.results] == [OpStatus.DUPLICATE] * 6
    assert {r.op_id: r.result for r in answer.results} == stored
    assert len(ho.db.sales(counter_id)) == 6
    assert_consistent(ho.database_url, [counter], ho.base_url)


def test_same_op_id_with_another_payload(
    ho: HeadOffice, tmp_path: Path, make_proxy: type
) -> None:
    """An op reaches head office, its answer is lost, and before it is sent again something
    at the counter rewrites its payload (a botched upgrade): head office refuses the batch
    with 409 ``op_id_reused`` and keeps the original; the counter marks that op rejected,
    tells the clerk, and the rest of the batch still drains."""
    proxy: Proxy = make_proxy(ho.process.port, once(LOSE_RESPONSE, "/sync/push"))
    counter = tmp_path / "counter"
    flight = ho.db.flight(10)
    counter_id = ho.enroll(counter, proxy.base_url, lease=(flight, 6))
    sold = run_agent("sell", counter, proxy.base_url, "--flight-id", flight, "--count",
                     "3")["sold"]
    assert run_agent("sync", counter, proxy.base_url)["pending"] == 3  # answer lost
    original = ho.db.sales(counter_id)[sold[1]["sale_id"]]
    assert original.status == "issued"

    reused = sold[1]["op_id"]
    with sqlite3.connect(counter / "counter.sqlite3") as conn:
        (raw,) = conn.execute("SELECT payload FROM outbox WHERE op_id = ?", (reused,)).fetchone()
        payload = json.loads(raw)
        payload["tickets"][0]["passenger_name"] = "篡改"
        conn.execute("UPDATE outbox SET payload = ?, payload_hash = ? WHERE op_id = ?",
                     (json.dumps(payload, ensure_ascii=False), protocol.payload_hash(payload),
                      reused))
    conn.close()
    run_agent("sell", counter, proxy.base_url, "--flight-id", flight, "--count", "2",
              "--start", "10")

    cycle = run_agent("sync", counter, proxy.base_url)["cycles"][0]
    assert cycle["ok"], cycle
    assert (cycle["rejected"], cycle["duplicates"], cycle["applied"]) == (1, 2, 2)
    [entry] = [e for e in run_agent("status", counter, proxy.base_url)["outbox"]
               if e["op_id"] == reused]
    assert (entry["state"], entry["last_code"]) == ("rejected", "op_id_reused")
    status = assert_consistent(ho.database_url, [counter], ho.base_url)[0]
    [told] = [a for a in status["attention"] if a["op_id"] == reused]
    assert told["open"]
    assert told["code"] == "op_id_reused"
    assert "原始记录" in told["message"]
    with counter_agent.counter(counter, ho.base_url) as c:
        credentials = c.credentials.load()
    assert credentials is not None
    [tampered] = [op for op in _outbox_ops(counter) if op.op_id == reused]
    with httpx.Client(base_url=ho.base_url) as http:
        refused = http.post("/api/v1/sync/push", json={"ops": [tampered.model_dump(mode="json")]},
                            headers={"Authorization": f"Bearer {credentials.access_token}"})
    assert refused.status_code == 409
    assert refused.json()["code"] == "op_id_reused"
    assert refused.json()["detail"] == {"op_id": reused}
    kept = ho.db.sales(counter_id)[sold[1]["sale_id"]]
    assert kept.received_at == original.received_at  # head office kept the original
    assert _ticket_names(ho, sold[1]["sale_id"]) == [counter_agent.NAMES[1]]


def test_one_op_rejected_while_independent_ones_drain(ho: HeadOffice, tmp_path: Path) -> None:
    """Head office refuses one sale (its ticket number was voided there meanwhile); the four
    around it are applied in the same push, and the refused one goes to the attention list."""
    counter = tmp_path / "counter"
    flight = ho.db.flight(10)
    counter_id = ho.enroll(counter, lease=(flight, 5))
    sold = run_agent("sell", counter, ho.base_url, "--flight-id", flight, "--count", "5")["sold"]
    bad = sold[2]
    prefix, serial = bad["tickets"][0].split("-")
    with ho.db.db.write() as session:
        session.add(UsedNumber(kind="ticket", prefix=prefix, number=int(serial),
                               counter_id=counter_id, status="void", sale_id=None,
                               reason="spoiled at head office",
                               recorded_at=datetime.now(UTC).replace(tzinfo=None)))
    cycle = run_agent("sync", counter, ho.base_url)["cycles"][0]
    assert cycle["ok"], cycle
    assert (cycle["applied"], cycle["rejected"]) == (4, 1)
    status = assert_consistent(ho.database_url, [counter], ho.base_url)[0]
    states = {e["op_id"]: (e["state"], e["last_code"]) for e in status["outbox"]}
    assert states[bad["op_id"]] == ("rejected", "number_used")
    assert all(states[s["op_id"]] == ("done", "") for s in sold if s is not bad)
    [item] = [a for a in status["attention"] if a["kind"] == "rejected_op"]
    assert item["op_id"] == bad["op_id"]
    assert item["open"]
    assert set(ho.db.sales(counter_id)) == {s["sale_id"] for s in sold if s is not bad}


# --- helpers ---------------------------------------------------------------------------------


def _plan(tmp_path: Path, plan: list[list[object]]) -> str:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    return str(path)


def _outbox_ops(counter: Path) -> list[protocol.Op]:
    store = open_store(counter / "counter.sqlite3")
    try:
        with store.read() as session:
            entries = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
            return [to_op(e) for e in entries]
    finally:
        store.close()


def _ticket_names(ho: HeadOffice, sale_id: str) -> list[str]:
    with ho.db.db.read() as session:
        return list(session.scalars(
            select(SaleTicket.passenger_name).where(SaleTicket.sale_id == sale_id)))

