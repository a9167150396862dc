"""Seats between the counter and the real head office (``create_app`` served by uvicorn over
real HTTP): a seat chosen live is seen taken by another counter at once (never whose); a
seat not free is refused 409 ``seat_taken`` with the suggested seat reaching the caller; a
live release frees it; a choice stored offline is confirmed on push, or moved when another
counter took the seat meanwhile (the clerk told on the attention list); and a live answer
lost on the way back, sent again as an op, is one choice."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sync_support import NOW, TODAY, Counter, HeadOffice, resident_id

from counter_app.domain.errors import DomainError
from counter_app.headoffice.seat_models import SeatAssignment
from counter_app.kernel.clock import FixedClock
from counter_app.services import seating
from counter_app.services.booking import (
    PassengerInput,
    PaymentInput,
    SegmentChoice,
    book,
    ticket_booking,
)
from counter_app.services.identity import ClerkSession, Role
from counter_app.storage.db import open_store
from counter_app.storage.models import (
    BookingPassenger,
    BookingSegment,
    CabinInventory,
    Clerk,
    Flight,
    OutboxEntry,
    SeatChoice,
)
from counter_app.sync import protocol
from counter_app.sync.client import HeadOfficeClient, Offline, Refused
from counter_app.sync.credentials import MemoryCredentialStore
from counter_app.sync.engine import SyncEngine
from counter_app.sync.enroll import enroll_counter
from counter_app.sync.status import open_attention

ADULT = PassengerInput("张伟", "NI", resident_id(date(1980, 1, 1), "011"))
ADULT2 = PassengerInput("李娜", "NI", resident_id(date(1985, 6, 15), "022"))


@dataclass
class Desk:
    """One counter with a ticketed booking of two adults on the flight."""

    store_counter: Counter
    booking_id: str
    segment_id: str
    passengers: list[str]  # ids, in booking order

    @property
    def engine(self) -> SyncEngine:
        return self.store_counter.engine


def _flight(c: Counter) -> str:
    """A flight two days out with a Y cabin that has seats, from the counter's own copy."""
    assert c.engine.cycle().ok
    with c.store.read() as session:
        flight_id = session.scalar(
            select(Flight.id).join(CabinInventory, CabinInventory.flight_id == Flight.id)
            .where(Flight.dep_date == TODAY + timedelta(days=2), CabinInventory.cabin == "Y",
                   CabinInventory.capacity - CabinInventory.sold >= 10)
            .order_by(Flight.flight_no).limit(1))
    assert flight_id is not None
    return str(flight_id)


def _desk(c: Counter, flight_id: str) -> Desk:
    assert c.engine.cycle().ok
    c.engine.request_lease(flight_id, "Y", 2)
    with c.store.unit_of_work() as session:
        row = session.scalars(select(Clerk).where(Clerk.login == "wangli")).one()
        clerk = ClerkSession(row.id, row.login, row.name_zh, Role(row.role), row.outlet_code,
                             "", "")
        held = book(session, segments=[SegmentChoice(flight_id, "Y")],
                    passengers=[ADULT, ADULT2], customer_id=None, clerk=clerk, now=NOW)
        ticket_booking(session, held.booking_id, [PaymentInput("cash", held.quote.total)],
                       clerk=clerk, now=NOW)
        segment_id = session.scalars(select(BookingSegment.id).where(
            BookingSegment.booking_id == held.booking_id)).one()
        passengers = list(session.scalars(select(BookingPassenger.id).where(
            BookingPassenger.booking_id == held.booking_id).order_by(BookingPassenger.name)))
    return Desk(c, held.booking_id, segment_id, passengers)


@pytest.fixture
def other(head_office: HeadOffice, tmp_path: Path) -> Iterator[Counter]:
    """A second counter of the same outlet, enrolled at the same head office."""
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


def _prepare(desk: Desk, who: int, seat: str) -> protocol.SeatChoose:
    with desk.store_counter.store.read() as session:
        return seating.prepare_choice(session, desk.passengers[who], desk.segment_id, seat,
                                      "wangli", NOW)


def _store_offline(desk: Desk, payload: protocol.SeatChoose) -> None:
    with desk.store_counter.store.unit_of_work() as session:
        seating.record_choice(session, payload, None, NOW)


def _choice(desk: Desk, choice_id: str) -> tuple[str, str, str]:
    with desk.store_counter.store.read() as session:
        row = session.get(SeatChoice, choice_id)
        assert row is not None
        return row.state, row.seat, row.moved_from


def _ops(desk: Desk, kind: str) -> list[str]:
    with desk.store_counter.store.read() as session:
        return list(session.scalars(select(OutboxEntry.state).where(OutboxEntry.kind == kind)))


def _held_at_head_office(head_office: HeadOffice, flight_id: str) -> list[str]:
    with head_office.db.read() as session:
        return list(session.scalars(select(SeatAssignment.seat).where(
            SeatAssignment.flight_id == flight_id).order_by(SeatAssignment.seat)))


def test_a_live_choice_is_seen_taken_by_another_counter_and_a_taken_seat_refused_409(
    head_office: HeadOffice, counter: Counter, other: Counter
) -> None:
    flight_id = _flight(counter)
    mine, theirs = _desk(counter, flight_id), _desk(other, flight_id)
    payload = _prepare(mine, 0, "35C")
    answer = mine.engine.choose_seat(payload)
    assert (answer.choice_id, answer.seat, answer.status) == (payload.choice_id, "35C",
                                                              "confirmed")
    assert _choice(mine, payload.choice_id) == ("confirmed", "35C", "")
    assert _ops(mine, "seat.choose") == []  # confirmed live: no op to push
    # The other counter sees it taken at once, and never whose.
    seen = theirs.engine.seat_map(flight_id)
    [taken] = [s for s in seen.seats if s.seat == "35C"]
    assert (taken.state, taken.mine, taken.choice_id) == ("taken", False, "")
    own = {s.seat: s for s in mine.engine.seat_map(flight_id).seats}
    assert (own["35C"].mine, own["35C"].choice_id) == (True, payload.choice_id)
    # ... and refuses it at once from its cached map, even before asking head office.
    with pytest.raises(DomainError) as local:
        _prepare(theirs, 0, "35C")
    assert local.value.code == "seat_taken"
    # Asked anyway (the map was stale): 409 seat_taken, the suggested seat reaches the caller.
    stale = _prepare(theirs, 0, "35D").model_copy(update={"seat": "35C"})
    with pytest.raises(Refused) as refused:
        theirs.engine.choose_seat(stale)
    assert (refused.value.status, refused.value.code) == (409, "seat_taken")
    assert refused.value.detail["seat"] == "35C"
    suggested = refused.value.detail["suggested"]
    assert isinstance(suggested, str)
    assert suggested != "35C"
    with theirs.store_counter.store.read() as session:
        assert session.get(SeatChoice, stale.choice_id) is None  # nothing kept of a refusal
    # Given back live: free again for the other counter.
    with mine.store_counter.store.read() as session:
        release = seating.prepare_release(session, payload.choice_id, "wangli", NOW)
    assert mine.engine.release_seat(release).status == "released"
    assert _choice(mine, payload.choice_id)[0] == "released"
    assert "35C" not in {s.seat for s in theirs.engine.seat_map(flight_id).seats}
    assert theirs.engine.choose_seat(_prepare(theirs, 0, "35C")).status == "confirmed"
    assert _held_at_head_office(head_office, flight_id) == ["35C"]


def test_offline_choices_are_confirmed_or_moved_on_push_and_the_clerk_is_told(
    head_office: HeadOffice, counter: Counter, other: Counter
) -> None:
    flight_id = _flight(counter)
    mine, theirs = _desk(counter, flight_id), _desk(other, flight_id)
    # Offline here: two provisional choices, one of which another counter takes live first.
    kept, lost = _prepare(mine, 0, "36A"), _prepare(mine, 1, "36C")
    _store_offline(mine, kept)
    _store_offline(mine, lost)
    assert theirs.engine.choose_seat(_prepare(theirs, 0, "36C")).status == "confirmed"
    report = mine.engine.cycle()
    assert report.ok, report.error
    assert _ops(mine, "seat.choose") == ["done", "done"]
    assert _choice(mine, kept.choice_id) == ("confirmed", "36A", "")
    state, seat, moved_from = _choice(mine, lost.choice_id)
    assert (state, moved_from) == ("moved", "36C")
    assert seat not in ("36A", "36C")
    with mine.store_counter.store.read() as session:
        [item] = open_attention(session, "seat_moved")
    assert item.message.startswith(f"旅客 李娜 的座位 36C 已被占用，已改为 {seat}")
    held = _held_at_head_office(head_office, flight_id)
    assert sorted(held) == sorted(["36A", "36C", seat])  # each seat once, nothing lost
    # Another cycle changes nothing more.
    assert mine.engine.cycle().ok
    with mine.store_counter.store.read() as session:
        assert len(open_attention(session, "seat_moved")) == 1


def test_a_live_answer_lost_then_sent_as_an_op_is_one_choice(
    head_office: HeadOffice, counter: Counter
) -> None:
    flight_id = _flight(counter)
    mine = _desk(counter, flight_id)
    payload = _prepare(mine, 0, "37A")
    counter.transport.lose_next = "/seats"
    with pytest.raises(Offline):
        mine.engine.choose_seat(payload)  # head office took it; the answer was lost
    _store_offline(mine, payload)  # the caller's fallback: provisional, same choice id
    assert mine.engine.cycle().ok
    assert _choice(mine, payload.choice_id) == ("confirmed", "37A", "")
    with head_office.db.read() as session:
        assert session.scalar(select(func.count()).select_from(SeatAssignment).where(
            SeatAssignment.choice_id == payload.choice_id)) == 1
    assert _held_at_head_office(head_office, flight_id) == ["37A"]
