"""GP seat services between the counter and the real head office over real HTTP: a locked
seat is confirmed live as ``locked``, taken by no other counter, and released only with a
supervisor's approval (head office refuses a release without one too); head office refuses a
lock for a V3 (``gp_level_lacks``); the privacy seat is confirmed live as ``extra`` beside
the official; and once one of an official's ticketed holds is flown the other is released
and its refund-fee waiver request reaches head office."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sync_support import NOW, TODAY, Counter, HeadOffice, resident_id

from counter_app.domain.errors import DomainError
from counter_app.headoffice import models as ho
from counter_app.headoffice.seat_models import SeatAssignment
from counter_app.kernel.clock import FixedClock
from counter_app.services import gp_holds, gp_seats, seating
from counter_app.services.booking import (
    PassengerInput,
    PaymentInput,
    SegmentChoice,
    book,
    ticket_booking,
)
from counter_app.services.identity import ClerkSession, Role
from counter_app.services.payments import Override
from counter_app.storage.db import open_store
from counter_app.storage.models import (
    BookingPassenger,
    BookingSegment,
    CabinInventory,
    Clerk,
    Coupon,
    Flight,
)
from counter_app.sync.client import HeadOfficeClient, Refused
from counter_app.sync.credentials import MemoryCredentialStore
from counter_app.sync.engine import SyncEngine
from counter_app.sync.enroll import enroll_counter

OFFICIAL = PassengerInput("赵国华", "NI", resident_id(date(1967, 9, 9), "113"))


@pytest.fixture
def other(head_office: HeadOffice, tmp_path: Path) -> Iterator[Counter]:
    """A second counter of the same outlet."""
    store = open_store(tmp_path / "other" / "counter.sqlite3")
    credentials = MemoryCredentialStore()
    client = HeadOfficeClient(head_office.url, credentials, timeout=5.0)
    clock = FixedClock(NOW)
    try:
        answer = enroll_counter(store, client, head_office.enrollment_code(), "柜台二",
                                head_office.url, credentials, clock.now())
        engine = SyncEngine(store, client, clock, checksum_every=timedelta(0))
        yield Counter(store, credentials, None, client, engine, clock,  # type: ignore[arg-type]
                      answer.counter_id)
    finally:
        client.close()
        store.close()


def _clerk(c: Counter) -> ClerkSession:
    with c.store.read() as session:
        row = session.scalars(select(Clerk).where(Clerk.login == "wangli")).one()
        return ClerkSession(row.id, row.login, row.name_zh, Role(row.role), row.outlet_code,
                            "", "")


def _flight(c: Counter, skip: int = 0) -> str:
    assert c.engine.cycle().ok
    with c.store.read() as session:
        flight_id = session.scalar(
            select(Flight.id).join(CabinInventory, CabinInventory.flight_id == Flight.id)
            .where(Flight.dep_date == TODAY + timedelta(days=2), CabinInventory.cabin == "Y",
                   CabinInventory.capacity - CabinInventory.sold >= 10)
            .order_by(Flight.flight_no).offset(skip).limit(1))
    assert flight_id is not None
    return str(flight_id)


def _official(c: Counter, flight_id: str, level: str) -> tuple[str, str]:
    """A ticketed booking of one official of ``level`` on the flight: (passenger, segment)."""
    assert c.engine.cycle().ok
    c.engine.request_lease(flight_id, "Y", 1)
    clerk = _clerk(c)
    with c.store.unit_of_work() as session:
        held = book(session, segments=[SegmentChoice(flight_id, "Y")], passengers=[OFFICIAL],
                    customer_id=None, clerk=clerk, now=NOW)
        ticket_booking(session, held.booking_id, [PaymentInput("cash", held.quote.total)],
                       clerk=clerk, now=NOW)
        passenger = session.scalars(select(BookingPassenger.id).where(
            BookingPassenger.booking_id == held.booking_id)).one()
        # The official's level as the GP unit's traveller list gives it at the sale.
        session.execute(update(BookingPassenger).where(BookingPassenger.id == passenger)
                        .values(gp_level=level))
        segment = session.scalars(select(BookingSegment.id).where(
            BookingSegment.booking_id == held.booking_id)).one()
    return passenger, segment


def _seat(c: Counter, segment: str, passenger: str) -> str:
    """A free window seat, not in an exit row, whose neighbour is free too."""
    with c.store.read() as session:
        chart = seating.seat_chart(session, segment, passenger, NOW)
    for s in chart.seat_map.seats(chart.cabin):
        if s.position == "window" and not s.exit_row and chart.offerable(s.code):
            row = next(r for r in chart.seat_map.rows(chart.cabin) if r.number == s.row)
            letters = [x.letter for x in row.seats if x is not None]
            beside = letters[1] if letters[0] == s.letter else letters[-2]
            if chart.offerable(f"{s.row}{beside}"):
                return s.code
    raise AssertionError("no window seat with a free neighbour")


def test_a_locked_seat_is_kept_and_released_only_with_a_supervisor(
    head_office: HeadOffice, counter: Counter, other: Counter
) -> None:
    flight_id = _flight(counter)
    passenger, segment = _official(counter, flight_id, "V4")
    seat = _seat(counter, segment, passenger)
    with counter.store.read() as session:
        payload = gp_seats.prepare_lock(session, passenger, segment, seat, "wangli", NOW)
    answer = counter.engine.choose_seat(payload)
    assert (answer.seat, answer.state) == (seat, "locked")
    seen = {s.seat: s.state for s in other.engine.seat_map(flight_id).seats}
    assert seen[seat] == "locked"

    clerk = _clerk(counter)
    with counter.store.unit_of_work() as session, pytest.raises(DomainError) as refused:
        gp_seats.prepare_unlock(session, payload.choice_id, clerk=clerk, now=NOW)
    assert refused.value.code == "lock_needs_supervisor"
    # Head office refuses a clerk's release of a locked seat too.
    with counter.store.read() as session:
        bare = seating.prepare_release(session, payload.choice_id, "wangli", NOW,
                                       reason="change")
    with pytest.raises(Refused) as at_head_office:
        counter.client.release_seat(bare.model_copy(update={"reason": "clerk"}))
    assert at_head_office.value.code == "lock_needs_supervisor"
    assert seat in {s.seat for s in other.engine.seat_map(flight_id).seats}

    with counter.store.unit_of_work() as session:
        release = gp_seats.prepare_unlock(session, payload.choice_id, clerk=clerk, now=NOW,
                                          override=Override("chenhong", "super1234"))
    assert release.approved_by == "chenhong"
    assert counter.engine.release_seat(release).status == "released"
    assert seat not in {s.seat for s in other.engine.seat_map(flight_id).seats}


def test_head_office_refuses_a_lock_for_a_v3(head_office: HeadOffice,
                                            counter: Counter) -> None:
    flight_id = _flight(counter)
    passenger, segment = _official(counter, flight_id, "V3")
    seat = _seat(counter, segment, passenger)
    with counter.store.read() as session, pytest.raises(DomainError) as local:
        gp_seats.prepare_lock(session, passenger, segment, seat, "wangli", NOW)
    assert (local.value.code, local.value.params["service"]) == ("gp_level_lacks", "lock")
    with counter.store.read() as session:
        plain = seating.prepare_choice(session, passenger, segment, seat, "wangli", NOW)
    with pytest.raises(Refused) as refused:
        counter.engine.choose_seat(plain.model_copy(update={"locked": True}))
    assert refused.value.code == "gp_level_lacks"


def test_the_privacy_seat_is_confirmed_live_beside_the_official(
    head_office: HeadOffice, counter: Counter, other: Counter
) -> None:
    flight_id = _flight(counter)
    passenger, segment = _official(counter, flight_id, "V5")
    seat = _seat(counter, segment, passenger)
    with counter.store.read() as session:
        own = seating.prepare_choice(session, passenger, segment, seat, "wangli", NOW)
    counter.engine.choose_seat(own)
    with counter.store.read() as session:
        plan = gp_seats.prepare_privacy(session, own.choice_id, "wangli", NOW)
    answer = counter.engine.choose_seat(plan.payload)
    with counter.store.unit_of_work() as session:
        gp_seats.record_privacy(session, plan, answer, NOW)
    assert (answer.state, answer.status) == ("extra", "confirmed")
    seen = {s.seat: s.state for s in other.engine.seat_map(flight_id).seats}
    assert seen[plan.payload.seat] == "extra"
    with head_office.db.read() as session:
        row = session.get(SeatAssignment, plan.payload.choice_id)
        assert row is not None
        assert (row.kind, row.beside) == ("extra", own.choice_id)


def test_a_flown_hold_sends_the_others_back_and_the_waiver_reaches_head_office(
    head_office: HeadOffice, counter: Counter
) -> None:
    """The official holds tickets on two flights; the first is flown (checked in): the hold
    on the second is released and its refund-fee waiver request reaches head office."""
    flown_flight, spare_flight = _flight(counter), _flight(counter, 1)
    flown = _official(counter, flown_flight, "V4")
    spare = _official(counter, spare_flight, "V4")
    until = NOW + timedelta(hours=20)
    with counter.store.unit_of_work() as session:
        holds = gp_holds.prepare_holds(session, [
            gp_holds.HoldRequest(p, s, _seat(counter, s, p), until) for p, s in (flown, spare)
        ], "wangli", NOW)
        for payload in holds:
            seating.record_choice(session, payload, None, NOW)
    assert counter.engine.cycle().ok  # the holds reach head office
    with head_office.db.read() as session:
        assert {r.kind for r in session.scalars(select(SeatAssignment).where(
            SeatAssignment.choice_id.in_([h.choice_id for h in holds])))} == {"hold"}
    with counter.store.unit_of_work() as session:
        session.execute(update(Coupon).where(Coupon.segment_id == flown[1]).values(status="C"))
    with counter.store.unit_of_work() as session:
        [settled] = gp_holds.settle_holds(session, clerk=_clerk(counter), now=NOW)
    assert settled.released == (holds[1].choice_id,)
    report = counter.engine.cycle()
    assert report.ok, report.error
    with head_office.db.read() as session:
        [request] = session.scalars(select(ho.HeadOfficeRequestRow)).all()
        assert request.action == "refund"
        assert request.note.startswith(gp_holds.WAIVER_NOTE)
        left = set(session.scalars(select(SeatAssignment.choice_id).where(
            SeatAssignment.choice_id.in_([h.choice_id for h in holds]))))
    assert left == {holds[0].choice_id}  # the unused hold's seat is free again
