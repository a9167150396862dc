"""A flapping link between counter and head office, a token refresh whose answer the link
loses, and a customer field edited on both sides while the counter was offline (head
office on SQLite)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from e2e_support import (
    DROP_REQUEST,
    LOSE_RESPONSE,
    TRUNCATE_RESPONSE,
    AgentProcess,
    HeadOffice,
    Proxy,
    assert_consistent,
    flapping,
    once,
    run_agent,
)
from sqlalchemy import select

from counter_app.headoffice import changes, records
from counter_app.headoffice.models import Customer
from counter_app.sync.protocol import Scope

SEED = 20261111  # drop, loss and truncation all within the first six requests


def test_flapping_link(ho: HeadOffice, tmp_path: Path, make_proxy: type) -> None:
    """A third of all requests meet a fault (seeded): dropped before head office sees them,
    answered after it committed but the answer lost, or the answer cut in half. The
    counter keeps selling while it syncs in small batches through that line; in the end
    everything is on head office exactly once."""
    proxy: Proxy = make_proxy(ho.process.port, flapping(SEED, p_fault=0.35))
    counter = tmp_path / "counter"
    flight = ho.db.flight(50)
    counter_id = ho.enroll(counter, lease=(flight, 50))  # enrolled over a good line
    run_agent("sell", counter, ho.base_url, "--flight-id", flight, "--count", "25")

    syncing = AgentProcess("sync", counter, proxy.base_url, "--until-empty", "--batch", "3",
                           "--pause", "0.02", "--max-seconds", "90", "--timeout", "5")
    try:
        more = run_agent("sell", counter, ho.base_url, "--flight-id", flight, "--count",
                         "15", "--start", "100")  # the clerk sells on meanwhile
        first = syncing.finish(timeout=120)
    finally:
        syncing.kill()
    assert len(more["sold"]) == 15
    second = run_agent("sync", counter, proxy.base_url, "--until-empty", "--batch", "3",
                       "--pause", "0.02", "--max-seconds", "90", "--timeout", "5")
    assert second["pending"] == 0
    cycles = first["cycles"] + second["cycles"]
    fates = proxy.fates()
    for fault in (DROP_REQUEST, LOSE_RESPONSE, TRUNCATE_RESPONSE):
        assert fates[fault], fates
    assert any(not c["ok"] for c in cycles)
    assert sum(c["applied"] for c in cycles) + sum(c["duplicates"] for c in cycles) >= 40
    assert_consistent(ho.database_url, [counter], ho.base_url)
    assert len(ho.db.sales(counter_id)) == 40
    print(f"flapping: {len(cycles)} cycles, {sum(not c['ok'] for c in cycles)} failed, "
          f"duplicates {sum(c['duplicates'] for c in cycles)}, faults {dict(fates)}")


def test_field_edited_on_both_sides(ho: HeadOffice, tmp_path: Path) -> None:
    """Offline, the clerk changes a customer's notes and phone; head office changes the same
    customer's notes meanwhile. On sync the phone (changed only at the counter) is taken,
    the notes keep head office's value, the conflict reaches the clerk's attention list,
    and both copies end up equal."""
    counter = tmp_path / "counter"
    counter_id = ho.enroll(counter)
    with ho.db.db.read() as session:
        customer_id = session.scalars(
            select(Customer.id).where(Customer.outlet_code == "HET001").order_by(Customer.code)
        ).first()
    assert customer_id is not None

    edited = run_agent("edit-customer", counter, ho.base_url, "--customer-id", customer_id,
                       "--set", "notes=柜台：月结改为现结", "--set", "contact_phone=13912345678")
    assert edited["op_id"]
    with ho.db.db.write() as session:
        row = session.get(Customer, customer_id)
        assert row is not None
        row.notes = "总部：信用额度已调整"
        row.version += 1
        row.field_versions = {**(row.field_versions or {}), "notes": row.version}
        session.flush()
        changes.log_change(session, Scope.PEOPLE, records.CUSTOMER, row.id,
                           records.customer_data(row), outlet_code=row.outlet_code)

    cycle = run_agent("sync", counter, ho.base_url)["cycles"][0]
    assert cycle["ok"], cycle
    assert cycle["applied"] == 1
    status = assert_consistent(ho.database_url, [counter], ho.base_url)[0]
    with ho.db.db.read() as session:
        there = session.get(Customer, customer_id)
        assert there is not None
        assert (there.notes, there.contact_phone) == ("总部：信用额度已调整", "13912345678")
    here = _local_customer(counter, customer_id)
    assert here == ("总部：信用额度已调整", "13912345678")
    [conflict] = [a for a in status["attention"] if a["kind"] == "conflict"]
    assert conflict["open"]
    assert conflict["detail"]["field"] == "notes"
    assert conflict["detail"]["counter_value"] == "柜台：月结改为现结"
    assert ho.db.applied_ops(counter_id)[edited["op_id"]].result["conflicts"] == ["notes"]


def _local_customer(counter: Path, customer_id: str) -> tuple[str, str]:
    conn = sqlite3.connect(counter / "counter.sqlite3")
    try:
        notes, phone = conn.execute("SELECT notes, contact_phone FROM customers WHERE id = ?",
                                    (customer_id,)).fetchone()
    finally:
        conn.close()
    return str(notes), str(phone)


def test_refresh_answer_lost_on_a_flapping_link(
    ho: HeadOffice, tmp_path: Path, make_proxy: type
) -> None:
    """The access token has expired; the counter refreshes it over a bad line and the
    answer is lost after head office rotated the tokens. The counter should still get
    back in and drain its queue."""
    proxy: Proxy = make_proxy(ho.process.port, once(LOSE_RESPONSE, "/token/refresh"))
    counter = tmp_path / "counter"
    flight = ho.db.flight(10)
    counter_id = ho.enroll(counter, proxy.base_url, lease=(flight, 2))
    run_agent("sell", counter, proxy.base_url, "--flight-id", flight, "--count", "2")
    assert ho.db.expire_access_tokens(counter_id) == 1
    lost = run_agent("sync", counter, proxy.base_url)["cycles"][0]
    assert lost["error_kind"] == "offline"
    assert proxy.fates()[LOSE_RESPONSE] == 1
    again = run_agent("sync", counter, proxy.base_url)["cycles"][0]
    assert again["ok"], again["error"]
    assert_consistent(ho.database_url, [counter], ho.base_url)
