"""Ops are validated where the counter builds them: a service whose op does not validate as
its kind's model (counter_app.sync.protocol.ops) is refused before anything is written, the
unit of work rolling back; and the standalone demo's own leases have ids the protocol takes
(36 characters at most), so its sales validate."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError
from sales_support import ADULT, ADULT2, NOW, Shop, snapshot
from sqlalchemy import func, select, update

from counter_app.services.after_sale import void_sale
from counter_app.services.booking import PaymentInput, SegmentChoice, book, ticket_booking
from counter_app.services.leases import release_lease
from counter_app.services.number_ranges import skip_number
from counter_app.storage.db import Store
from counter_app.storage.demo import demo_lease_id, grant_demo_allotments, grant_demo_stock
from counter_app.storage.models import Booking, BookingSegment, Lease, NumberRange, OutboxEntry
from counter_app.sync.outbox import enqueue
from counter_app.sync.protocol import LeaseRelease, NumberVoid, SaleIssue, SaleVoid

SRC = Path(__file__).resolve().parents[3] / "src" / "counter_app"


def old_demo_lease_id(flight_id: str, cabin: str) -> str:
    """How the standalone demo named its leases before (43 characters)."""
    return f"demo-{flight_id}-{cabin}"


def rename_lease(shop: Shop, old: str, new: str) -> None:
    with shop.store.unit_of_work() as session:
        for model in (Lease, Booking, BookingSegment):
            session.execute(update(model).where(model.lease_id == old).values(lease_id=new))


def test_no_service_builds_an_op_without_validating_it() -> None:
    files = [*sorted((SRC / "services").rglob("*.py")), SRC / "sync" / "outbox.py"]
    assert [str(f) for f in files if "model_construct" in f.read_text(encoding="utf-8")] == []


def test_the_outbox_refuses_an_op_built_without_validation(shop: Shop) -> None:
    unchecked = LeaseRelease.model_construct(lease_id=old_demo_lease_id(shop.flight("out"), "Y"))
    before = snapshot(shop.store)
    with pytest.raises(ValidationError, match="lease_id"), shop.store.unit_of_work() as session:
        enqueue(session, unchecked, shop.clerk.login, NOW)
    assert snapshot(shop.store) == before


def test_a_sale_whose_op_does_not_validate_is_refused_with_nothing_written(shop: Shop) -> None:
    with shop.store.unit_of_work() as session:
        held = book(session, segments=[SegmentChoice(shop.flight("out"), "Y")],
                    passengers=[ADULT], customer_id=None, clerk=shop.clerk, now=NOW)
    too_long = old_demo_lease_id(shop.flight("out"), "Y")
    assert len(too_long) > 36
    rename_lease(shop, shop.lease_ids["out"], too_long)
    before = snapshot(shop.store)
    with pytest.raises(ValidationError, match="lease_id"), shop.store.unit_of_work() as session:
        ticket_booking(session, held.booking_id, [PaymentInput("cash", held.quote.total)],
                       clerk=shop.clerk, now=NOW + timedelta(minutes=5))
    # No ticket, coupon, payment, number taken or outbox entry: the booking is still held.
    assert snapshot(shop.store) == before
    with shop.store.read() as session:
        booking = session.get(Booking, held.booking_id)
        assert booking is not None
        assert booking.status == "held"
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 0


def test_a_lease_release_that_does_not_validate_leaves_the_lease_selling(shop: Shop) -> None:
    too_long = old_demo_lease_id(shop.flight("later"), "Y")
    rename_lease(shop, shop.lease_ids["later"], too_long)
    before = snapshot(shop.store)
    with pytest.raises(ValidationError, match="lease_id"), shop.store.unit_of_work() as session:
        release_lease(session, too_long, clerk_login=shop.clerk.login, now=NOW)
    assert snapshot(shop.store) == before
    with shop.store.read() as session:
        lease = session.get(Lease, too_long)
        assert lease is not None
        assert lease.status == "active"


def test_the_demo_grants_ids_the_protocol_takes_and_grants_each_lease_once(
    populated_store: Store,
) -> None:
    with populated_store.unit_of_work() as session:
        granted = grant_demo_stock(session, NOW)
    assert granted["demo_leases"] > 0
    assert granted["demo_ranges"] > 0
    with populated_store.unit_of_work() as session:
        leases = session.execute(select(Lease.lease_id, Lease.flight_id, Lease.cabin)).all()
        assert len(leases) == granted["demo_leases"]
        assert all(lease_id == demo_lease_id(flight_id, cabin)
                   for lease_id, flight_id, cabin in leases)
        assert max(len(lease_id) for lease_id, _, _ in leases) == 36
        assert max(len(r) for r in session.scalars(select(NumberRange.range_id))) <= 36
        # The next day's grant finds every lease it made before by its id.
        assert grant_demo_allotments(session, NOW + timedelta(days=1)) == 0


def test_a_lease_an_earlier_demo_granted_is_renamed_and_sells_again(shop: Shop) -> None:
    first = shop.sell("out", [ADULT])
    out = shop.flight("out")
    rename_lease(shop, shop.lease_ids["out"], old_demo_lease_id(out, "Y"))
    with shop.store.unit_of_work() as session:
        grant_demo_stock(session, NOW)
    new_id = demo_lease_id(out, "Y")
    with shop.store.read() as session:
        [lease] = session.scalars(select(Lease).where(Lease.flight_id == out,
                                                      Lease.cabin == "Y")).all()
        assert (lease.lease_id, lease.used_local, lease.granted) == (new_id, 1, 9)
        assert session.scalars(
            select(Lease.lease_id).where(Lease.lease_id.like("demo-%"))).all() == []
        booking = session.get(Booking, first.booking_id)
        assert booking is not None
        assert booking.lease_id == new_id
        assert session.scalars(select(BookingSegment.lease_id).where(
            BookingSegment.booking_id == first.booking_id)).all() == [new_id]
    second = shop.sell("out", [ADULT2])
    with shop.store.read() as session:
        entry = session.scalars(select(OutboxEntry).where(OutboxEntry.op_id == second.op_id)).one()
        assert SaleIssue.model_validate(entry.payload).lease_id == new_id
        lease_after = session.get(Lease, new_id)
        assert lease_after is not None
        assert lease_after.used_local == 2


def test_a_long_reason_reaches_head_office_as_its_first_128_characters(shop: Shop) -> None:
    """As void_tickets and spoil_serial send it (the op's reason holds 128)."""
    sale = shop.sell("out", [ADULT])
    reason = "旅客行程取消，" * 30
    with shop.store.unit_of_work() as session:
        voided = void_sale(session, sale.booking_id, reason=reason, clerk_login="wangli",
                           clerk_id=shop.clerk.clerk_id, now=NOW, server_now=NOW)
        skipped = skip_number(session, kind="ticket", prefix="999", reason=reason,
                              clerk_login="wangli", now=NOW)
    with shop.store.read() as session:
        payloads = {e.op_id: e.payload for e in session.scalars(select(OutboxEntry))}
        [number_void_entry] = session.scalars(
            select(OutboxEntry).where(OutboxEntry.kind == "number.void")).all()
        number_void = NumberVoid.model_validate(number_void_entry.payload)
    assert SaleVoid.model_validate(payloads[voided.op_id]).reason == reason[:128]
    assert (number_void.number, number_void.reason) == (skipped, reason[:128])
