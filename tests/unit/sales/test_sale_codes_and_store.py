"""The message table covers every refusal of the sale services; migration 0003 keeps an old
store's outbox; a one-flight ticket refunds and changes per coupon."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from sales_support import ADULT, NOW, Shop
from sqlalchemy import text, update

from counter_app.domain.errors import DomainError
from counter_app.services import (
    after_sale,
    boarding,
    booking,
    documents,
    flights,
    invoices,
    payments,
    receipts,
)
from counter_app.services.after_sale import quote_change, refund
from counter_app.services.booking import PaymentInput, SegmentChoice, book, ticket_booking
from counter_app.services.sale_messages import SALE_ERROR_BY_CODE, SALE_ERRORS
from counter_app.storage.db import make_engine, open_store
from counter_app.storage.migrate import HEAD_REVISION, alembic_config, current_revision
from counter_app.storage.models import Lease

# All of counter_app (booking was a module when this was parents[1]): a code the table
# lists, written in quotes only by the domain, the services or the GUI, is not stale.
SRC = Path(booking.__file__).resolve().parents[2]
_RAISED = re.compile(r'DomainError\(\s*"([a-z_]+)"')
# Raised by the domain rules the services call (ids, names, fares, taxes, tickets, gp).
DOMAIN_CODES = {"id_length", "id_chars", "id_check", "id_birth_date", "passport_format",
                "document_format", "name_empty", "name_chars", "name_format", "name_length",
                "birth_after_date", "fare_type_mismatch", "unknown_fare_class",
                "cabin_not_offered", "insurance_units", "no_rule_in_force", "ticket_format",
                "gp_companions", "flight_not_found", "id_type", "birth_date_required",
                "duplicate_passenger", "no_passengers", "too_many_passengers",
                "offline_seats_exhausted", "ticket_range_exhausted", "unknown_airline",
                "customer_not_found", "uscc_length", "uscc_chars", "uscc_check"}


def test_every_code_the_sale_services_raise_has_a_message_entry() -> None:
    raised: set[str] = set()
    for module in (booking, payments, after_sale, flights, receipts, invoices, boarding,
                   documents):
        path = Path(module.__file__)  # a package: every module in it
        for source in (path.parent.glob("*.py") if path.name == "__init__.py" else [path]):
            raised |= set(_RAISED.findall(source.read_text(encoding="utf-8")))
    missing = (raised | DOMAIN_CODES) - set(SALE_ERROR_BY_CODE)
    assert not missing
    assert len(SALE_ERRORS) == len(SALE_ERROR_BY_CODE)  # no code listed twice
    everything = "".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    stale = {e.code for e in SALE_ERRORS if f'"{e.code}"' not in everything}
    assert not stale
    for spec in SALE_ERRORS:
        assert spec.field
        assert spec.meaning


def test_migration_0003_keeps_an_old_outbox_and_matches_the_models(tmp_path: Path) -> None:
    path = tmp_path / "counter.sqlite3"
    engine = make_engine(path)
    command.upgrade(alembic_config(engine), "0002_sync")  # type: ignore[arg-type]
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO outbox (op_id, kind, schema_version, payload, payload_hash, clerk_id, "
            "created_at, state, attempts, last_error, clerk_login, last_code) VALUES "
            "('op-old-0002', 'sale.issue', 1, '{}', :h, NULL, '2026-11-20 08:00:00', "
            "'pending', 2, 'offline', 'wangli', '')"), {"h": "0" * 64})
    engine.dispose()
    store = open_store(path)
    try:
        assert current_revision(store.engine) == HEAD_REVISION == "0009_service_requests"
    finally:
        store.close()
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT op_id, state, attempts, clerk_login FROM outbox").fetchall()
    finally:
        conn.close()
    assert rows == [("op-old-0002", "pending", 2, "wangli")]
    engine = make_engine(path)
    try:
        command.downgrade(alembic_config(engine), "0002_sync")  # type: ignore[arg-type]
        with engine.connect() as c:
            assert c.execute(text("SELECT op_id FROM outbox")).all() == [("op-old-0002",)]
    finally:
        engine.dispose()


def test_a_one_flight_ticket_refunds_and_changes_per_coupon(shop: Shop) -> None:
    sale = shop.sell("out", [ADULT])
    total = sale.total
    [number] = [t.ticket_number for t in sale.tickets]
    with shop.store.read() as session:
        q = quote_change(session, number, 1, shop.flight("later"), "Y", NOW)
        assert q.old_face_fare == total - 60
    with shop.store.unit_of_work() as session:
        done = refund(session, number, "voluntary", clerk=shop.clerk, now=NOW)
    assert done.quote.amount == total  # ten days out, Y: no fee
    assert done.seats_released == 1


def test_a_hold_whose_lease_ended_cannot_be_ticketed_offline(shop: Shop) -> None:
    with shop.store.unit_of_work() as session:
        held = book(session, segments=[SegmentChoice(shop.flight("out"), "Y")],
                    passengers=[ADULT], customer_id=None, clerk=shop.clerk, now=NOW)
        session.execute(update(Lease).where(Lease.lease_id == "lease-out")
                        .values(expires_at=NOW.replace(tzinfo=None) + timedelta(minutes=5)))
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as caught:
        ticket_booking(session, held.booking_id, [PaymentInput("cash", held.quote.total)],
                       clerk=shop.clerk, now=NOW + timedelta(minutes=10))
    assert caught.value.code == "lease_expired"
    assert caught.value.params["queue_request"] is True
