"""GP service requests at the counter over a real store (services/gp_requests.py and
services/gp_board.py): every kind's form filled from a GP booking at the Shenzhen GP counter,
each refusal writing nothing (no row, no op), the ops of a draft submitted, edited and
cancelled in order, and the board."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from clock_support import NOW, TODAY
from counter_app.domain.errors import DomainError
from counter_app.domain.gp_requests import LOCAL_TZ
from counter_app.services import gp_board, gp_requests
from counter_app.services.gp_kinds import request_kind, request_kinds
from counter_app.services.identity import ClerkSession, Role
from counter_app.storage.db import Store
from counter_app.storage.models import (
    Booking,
    BookingPassenger,
    BookingSegment,
    Clerk,
    Customer,
    Flight,
    OutboxEntry,
    SeatChoice,
    Traveller,
)
from counter_app.storage.request_models import ServiceRequest

UNIT = "GP-SZ-001"
V5, V3, V1 = "陈志远", "林海涛", "黄晓敏"


@dataclass
class Gp:
    """The populated store as the Shenzhen GP counter holds it: a GP booking of the V5
    official with two colleagues on a flight from SZX ten days out (seat 2A chosen)."""

    store: Store
    clerk: ClerkSession
    officials: dict[str, str]  # name -> traveller id
    unit_id: str
    booking_id: str
    segment_id: str
    flight: Flight

    def departure(self) -> datetime:
        return datetime.combine(self.flight.dep_date, self.flight.dep_time, LOCAL_TZ)


def _flight(session: Session, *, szx: bool, day: date) -> Flight:
    query = select(Flight).where(Flight.dep_date == day)
    if szx:
        query = query.where(Flight.origin == "SZX")
    else:
        query = query.where(Flight.origin != "SZX", Flight.destination != "SZX")
    return session.scalars(query.order_by(Flight.flight_no).limit(1)).one()


def _booking(session: Session, unit_id: str, flight: Flight, people: list[Traveller],
             clerk_id: str, pnr: str) -> tuple[str, str]:
    booking = Booking(pnr=pnr, status="ticketed", customer_id=unit_id, clerk_id=clerk_id,
                      outlet_code="SZX001", gp_order_no="GP-1", customer_kind="gp_unit",
                      created_at=NOW.replace(tzinfo=None))
    session.add(booking)
    session.flush()
    segment = BookingSegment(booking_id=booking.id, seq=1, flight_id=flight.id, class_code="Y",
                             cabin="Y", seats=len(people))
    session.add(segment)
    for person in people:
        session.add(BookingPassenger(booking_id=booking.id, traveller_id=person.id,
                                     name=person.name, passenger_type="ADT",
                                     id_type=person.id_type, id_number=person.id_number,
                                     mobile=person.mobile, gp_level=person.gp_level))
    session.flush()
    return booking.id, segment.id


@pytest.fixture
def gp(populated_store: Store) -> Gp:
    store = populated_store
    with store.unit_of_work() as session:
        clerk = session.scalars(select(Clerk).where(Clerk.login == "linxiaoyu")).one()
        me = ClerkSession(clerk.id, clerk.login, clerk.name_zh, Role(clerk.role), "SZX001",
                          "深圳公务柜台", "gp_counter")
        unit = session.scalars(select(Customer).where(Customer.code == UNIT)).one()
        unit.contact_name, unit.contact_phone = "秘书处王强", "0755-88880001"
        people = {t.name: t for t in session.scalars(
            select(Traveller).where(Traveller.customer_id == unit.id))}
        people[V5].attributes = {"meal_pref": "vegetarian", "seat_pref": "window"}
        flight = _flight(session, szx=True, day=TODAY + timedelta(days=10))
        booking_id, segment_id = _booking(session, unit.id, flight,
                                          [people[V5], people[V3], people[V1]], clerk.id,
                                          "SZ1001")
        mine = session.scalars(select(BookingPassenger.id).where(
            BookingPassenger.booking_id == booking_id,
            BookingPassenger.traveller_id == people[V5].id)).one()
        session.add(SeatChoice(booking_id=booking_id, passenger_id=mine, segment_id=segment_id,
                               flight_id=flight.id, cabin="Y", seat="2A", state="confirmed",
                               clerk_login=clerk.login, created_at=NOW.replace(tzinfo=None)))
        officials = {name: t.id for name, t in people.items()}
        session.expunge(flight)
        return Gp(store, me, officials, unit.id, booking_id, segment_id, flight)


def _counts(store: Store) -> dict[str, int]:
    with store.read() as session:
        return {t: int(session.scalar(text(f'SELECT count(*) FROM "{t}"')) or 0)
                for t in ("service_requests", "outbox")}


def _ops(store: Store) -> list[tuple[str, dict[str, Any]]]:
    with store.read() as session:
        return [(e.kind, e.payload) for e in session.scalars(
            select(OutboxEntry).where(OutboxEntry.kind.like("service_request.%"))
            .order_by(OutboxEntry.seq))]


def _row(store: Store, request_id: str) -> ServiceRequest:
    with store.read() as session:
        row = session.get(ServiceRequest, request_id)
        assert row is not None
        session.expunge(row)
        return row


# What a clerk types into each kind's fields that nothing prefilled.
TYPED: dict[str, dict[str, Any]] = {
    "vip_cip": {"services": ["lounge", "security"], "arrival_at": "13:00"},
    "group_vip": {"group_size": 3, "services": []},
    "ground_transfer": {"direction": "dropoff", "address": "福田区深南大道1号",
                        "passenger_count": 2, "car": "sedan"},
    "meal_preorder": {"meal_count": 1},
    "lounge": {"arrival_at": "13:00"},
    "secretary": {"touch_points": [], "arrival_at": "13:00"},
    "priority_baggage": {"bag_count": 2},
    "holiday_seat": {"seats": 2},
    "family_spare_seats": {"family": [{"name": "陈小远", "relation": "子女"}]},
    "paid_vacation": {"product": "海南五日游"},
    "priority_seat": {"seats": 1, "reason": "公务紧急"},
    "refund_waiver": {"flown_flight": "ZH9101", "tickets": ["7812090000001"],
                      "reason": "行程变更"},
}


def _complete(kind_code: str, values: dict[str, Any], departure: datetime) -> dict[str, Any]:
    """The prefilled values with what the clerk types, every option field given its first
    option, dates and times around the flight: a complete form."""
    kind = request_kind(kind_code)
    filled = {**values, **TYPED[kind_code]}
    for spec in kind.fields:
        if spec.type == "choice" and spec.key not in filled:
            filled[spec.key] = spec.options[0].code
        elif spec.type == "choices" and not filled.get(spec.key):
            filled[spec.key] = [spec.options[0].code]
        elif spec.type == "datetime" and spec.key not in filled:
            filled[spec.key] = (departure - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
        elif spec.type == "date" and spec.key not in filled:
            filled[spec.key] = (departure.date() + timedelta(days=1)).isoformat()
    return filled


@pytest.mark.parametrize("kind_code", list(request_kinds()))
def test_each_kind_is_prefilled_from_the_gp_booking(gp: Gp, kind_code: str) -> None:
    with gp.store.read() as session:
        form = gp_requests.prefill(session, kind_code, official_id=gp.officials[V5],
                                   booking_id=gp.booking_id, clerk=gp.clerk, now=NOW)
    kind = request_kind(kind_code)
    assert form.kind is kind
    assert (form.official.name, form.official.level, form.official.title) == (
        V5, "V5", "市委常委、秘书长")
    assert form.unit.name == "深圳市委办公厅"
    assert (form.entitled, form.refusal) == (True, None)
    assert form.pnr == "SZ1001"
    values = form.values
    assert values["official_name"] == V5
    assert values["official_level"] == "V5"
    assert values["unit_name"] == "深圳市委办公厅"
    keys = set(kind.keys)
    if "flight_no" in keys:
        assert values["flight_no"] == gp.flight.flight_no
        assert values["flight_date"] == gp.flight.dep_date.isoformat()
        assert values["departure_time"] == gp.flight.dep_time.strftime("%H:%M")
        assert (values["origin"], values["destination"]) == ("SZX", gp.flight.destination)
    if "contact_name" in keys:
        assert (values["contact_name"], values["contact_phone"]) == ("秘书处王强",
                                                                     "0755-88880001")
    if "cabin" in keys:
        assert values["cabin"] == "Y"
    if "seat" in keys:
        assert values["seat"] == "2A"
    if "meal" in keys:
        assert values["meal"] == "vegetarian"
    if "companions" in keys:
        assert {p["name"] for p in values["companions"]} == {V3, V1}
        assert all(p["id_number"] for p in values["companions"])
    if kind.lead_hours is not None and kind.needs_flight:
        assert form.due_at == gp.departure() - timedelta(hours=kind.lead_hours)
    assert form.late is False
    # The prefilled form completed by the clerk is submitted as it stands.
    with gp.store.unit_of_work() as session:
        request_id = gp_requests.submit(
            session, None, _complete(kind_code, values, gp.departure()), kind=kind_code,
            official_id=gp.officials[V5], booking_id=gp.booking_id, clerk=gp.clerk, now=NOW)
    [(op, payload)] = _ops(gp.store)
    assert op == "service_request.submit"
    assert (payload["request_id"], payload["kind"]) == (request_id, kind_code)
    assert payload["official_id"] == gp.officials[V5]
    assert _row(gp.store, request_id).state == "submitted"


def test_a_form_for_a_level_not_entitled_says_why(gp: Gp) -> None:
    with gp.store.read() as session:
        form = gp_requests.prefill(session, "vip_cip", official_id=gp.officials[V1],
                                   booking_id=gp.booking_id, clerk=gp.clerk, now=NOW)
    assert form.entitled is False
    assert form.refusal is not None
    assert form.refusal.code == "gp_level_not_entitled"
    assert (form.refusal.params["level"], form.refusal.params["minimum"]) == ("V1", "V4")
    # The V1 official's companions are the other two.
    assert {p["name"] for p in form.values["companions"]} == {V5, V3}


def test_an_unknown_kind_is_refused(gp: Gp) -> None:
    with gp.store.read() as session, pytest.raises(DomainError) as refused:
        gp_requests.prefill(session, "no_such_kind", official_id=gp.officials[V5],
                            clerk=gp.clerk, now=NOW)
    assert (refused.value.code, refused.value.field) == ("request_kind_unknown", "kind")


def _form(gp: Gp, kind_code: str, name: str = V5, booking_id: str | None = None,
          now: datetime = NOW) -> dict[str, Any]:
    with gp.store.read() as session:
        form = gp_requests.prefill(session, kind_code, official_id=gp.officials[name],
                                   booking_id=booking_id or gp.booking_id, clerk=gp.clerk,
                                   now=now)
    return _complete(kind_code, form.values, gp.departure())


def _refused(gp: Gp, values: dict[str, Any], *, kind: str, name: str = V5,
             booking_id: str | None = None, now: datetime = NOW) -> DomainError:
    before = _counts(gp.store)
    with pytest.raises(DomainError) as refused, gp.store.unit_of_work() as session:
        gp_requests.submit(session, None, values, kind=kind, official_id=gp.officials[name],
                           booking_id=booking_id or gp.booking_id, clerk=gp.clerk, now=now)
    assert _counts(gp.store) == before  # no row, no op
    return refused.value


def test_a_level_not_entitled_is_refused_and_nothing_is_written(gp: Gp) -> None:
    error = _refused(gp, _form(gp, "vip_cip", V1), kind="vip_cip", name=V1)
    assert (error.code, error.field) == ("gp_level_not_entitled", "kind")
    assert error.params["minimum"] == "V4"


def test_priority_baggage_is_for_shenzhen_only(gp: Gp) -> None:
    with gp.store.unit_of_work() as session:
        flight = _flight(session, szx=False, day=TODAY + timedelta(days=10))
        official = session.get(Traveller, gp.officials[V5])
        assert official is not None
        booking_id, _ = _booking(session, gp.unit_id, flight, [official], gp.clerk.clerk_id,
                                 "SZ1002")
    values = _form(gp, "priority_baggage", booking_id=booking_id)
    assert "SZX" not in (values["origin"], values["destination"])
    error = _refused(gp, values, kind="priority_baggage", booking_id=booking_id)
    assert (error.code, error.field) == ("service_airport", "origin")
    assert error.params["airports"] == "SZX"


def test_nine_companions_are_refused(gp: Gp) -> None:
    values = _form(gp, "vip_cip")
    values["companions"] = [{"name": f"随员{i}"} for i in range(9)]
    error = _refused(gp, values, kind="vip_cip")
    assert (error.code, error.field) == ("gp_companions", "companions")
    assert (error.params["max"], error.params["count"]) == (8, 9)


def test_a_request_after_its_deadline_is_refused(gp: Gp) -> None:
    late = (gp.departure() - timedelta(hours=5)).astimezone(UTC)  # the lounge needs 6 hours
    error = _refused(gp, _form(gp, "lounge", now=late), kind="lounge", now=late)
    assert (error.code, error.field) == ("request_too_late", "flight_date")
    assert error.params["hours"] == 6


def test_a_request_for_a_cancelled_booking_is_refused(gp: Gp) -> None:
    values = _form(gp, "lounge")
    with gp.store.unit_of_work() as session:
        booking = session.get(Booking, gp.booking_id)
        assert booking is not None
        booking.status = "cancelled"
    error = _refused(gp, values, kind="lounge")
    assert (error.code, error.field) == ("booking_cancelled", "pnr")


def test_a_required_field_left_empty_is_named(gp: Gp) -> None:
    values = _form(gp, "vip_cip")
    del values["arrival_at"]
    error = _refused(gp, values, kind="vip_cip")
    assert (error.code, error.field) == ("request_field_required", "arrival_at")
    assert error.params["label"] == "预计到达航站楼时间"


def test_draft_submit_edit_cancel_queue_their_ops_in_order(gp: Gp) -> None:
    values = _form(gp, "vip_cip")
    partial = {k: v for k, v in values.items() if k != "arrival_at"}
    with gp.store.unit_of_work() as session:
        request_id = gp_requests.save_draft(session, partial, kind="vip_cip",
                                            official_id=gp.officials[V5],
                                            booking_id=gp.booking_id, clerk=gp.clerk, now=NOW)
    draft = _row(gp.store, request_id)
    assert (draft.state, draft.version, draft.pnr) == ("draft", 0, "SZ1001")
    assert draft.flight_id == gp.flight.id
    assert draft.due_at == (gp.departure() - timedelta(hours=24)).astimezone(UTC).replace(
        tzinfo=None)
    assert _ops(gp.store) == []  # a draft stays here
    with gp.store.unit_of_work() as session:  # a draft is just saved again
        assert gp_requests.edit(session, request_id, {"staff": "李秘书"}, clerk=gp.clerk,
                                now=NOW) is True
    assert _ops(gp.store) == []
    # Submitting the draft as it is names the empty required field; nothing changes.
    with pytest.raises(DomainError) as refused, gp.store.unit_of_work() as session:
        gp_requests.submit(session, request_id, _row(gp.store, request_id).values,
                           clerk=gp.clerk, now=NOW)
    assert refused.value.field == "arrival_at"
    assert _row(gp.store, request_id).state == "draft"

    later = NOW + timedelta(minutes=5)
    with gp.store.unit_of_work() as session:
        gp_requests.submit(session, request_id, {**_row(gp.store, request_id).values,
                                                 "arrival_at": "13:00"},
                           note="请提前安排", clerk=gp.clerk, now=later)
    with gp.store.unit_of_work() as session:
        assert gp_requests.edit(session, request_id, {"arrival_at": "13:00"}, clerk=gp.clerk,
                                now=later) is False  # nothing changed: no op
        assert gp_requests.edit(session, request_id, {"arrival_at": "12:30", "vehicle_plate":
                                                      "粤B12345"}, clerk=gp.clerk,
                                now=later) is True
    with gp.store.unit_of_work() as session:
        gp_requests.cancel(session, request_id, "行程取消", clerk=gp.clerk, now=later)

    ops = _ops(gp.store)
    assert [kind for kind, _ in ops] == ["service_request.submit", "service_request.update",
                                         "service_request.cancel"]
    submitted, update, cancelled = (payload for _, payload in ops)
    assert submitted["values"]["arrival_at"] == "13:00"
    assert submitted["values"]["staff"] == "李秘书"
    assert submitted["note"] == "请提前安排"
    assert submitted["pnr"] == "SZ1001"
    assert submitted["flight_id"] == gp.flight.id
    assert update["base_version"] == 1
    assert update["changes"] == {"arrival_at": "12:30", "vehicle_plate": "粤B12345"}
    assert update["base"] == {"arrival_at": "13:00", "vehicle_plate": None}
    assert cancelled["note"] == "行程取消"
    row = _row(gp.store, request_id)
    assert row.state == "cancelled"
    assert [s["action"] for s in row.steps] == ["submit", "edit", "cancel"]
    assert all(s["side"] == "counter" and s["by_login"] == "linxiaoyu" for s in row.steps)
    # A cancelled request is closed.
    for work in (lambda s: gp_requests.edit(s, request_id, {"staff": "x"}, clerk=gp.clerk,
                                            now=later),
                 lambda s: gp_requests.cancel(s, request_id, clerk=gp.clerk, now=later)):
        with pytest.raises(DomainError) as closed, gp.store.unit_of_work() as session:
            work(session)
        assert closed.value.code == "request_closed"
    assert len(_ops(gp.store)) == 3


def test_an_edit_that_empties_a_required_field_is_refused(gp: Gp) -> None:
    with gp.store.unit_of_work() as session:
        request_id = gp_requests.submit(session, None, _form(gp, "lounge"), kind="lounge",
                                        official_id=gp.officials[V5],
                                        booking_id=gp.booking_id, clerk=gp.clerk, now=NOW)
    before = _counts(gp.store)
    with pytest.raises(DomainError) as refused, gp.store.unit_of_work() as session:
        gp_requests.edit(session, request_id, {"arrival_at": ""}, clerk=gp.clerk, now=NOW)
    assert (refused.value.code, refused.value.field) == ("request_field_required",
                                                          "arrival_at")
    assert _counts(gp.store) == before
    assert _row(gp.store, request_id).values["arrival_at"] == "13:00"


def test_a_draft_is_cancelled_here_without_an_op(gp: Gp) -> None:
    with gp.store.unit_of_work() as session:
        request_id = gp_requests.save_draft(session, {}, kind="lounge",
                                            official_id=gp.officials[V5], booking_id=None,
                                            clerk=gp.clerk, now=NOW)
        gp_requests.cancel(session, request_id, clerk=gp.clerk, now=NOW)
    assert _row(gp.store, request_id).state == "cancelled"
    assert _ops(gp.store) == []


def _at_local(day: date, hh: int) -> datetime:
    return datetime.combine(day, time(hh), LOCAL_TZ).astimezone(UTC)


def test_the_board_sorts_requests_by_whose_move_it_is(gp: Gp) -> None:
    with gp.store.unit_of_work() as session:
        partial = {k: v for k, v in _form(gp, "lounge").items() if k != "arrival_at"}
        draft = gp_requests.save_draft(session, partial, kind="lounge",
                                       official_id=gp.officials[V5], booking_id=gp.booking_id,
                                       clerk=gp.clerk, now=NOW)
        sent = gp_requests.submit(session, None, _form(gp, "vip_cip"), kind="vip_cip",
                                  official_id=gp.officials[V5], booking_id=gp.booking_id,
                                  clerk=gp.clerk, now=NOW)
        done = gp_requests.submit(session, None, _form(gp, "ground_transfer"),
                                  kind="ground_transfer", official_id=gp.officials[V5],
                                  booking_id=gp.booking_id, clerk=gp.clerk, now=NOW)
        row = session.get(ServiceRequest, done)
        assert row is not None
        row.state = "done"
    # The clock moves on to the day of the flight, after the guarantee's 24-hour deadline.
    flight_day = _at_local(gp.flight.dep_date, 0) + timedelta(minutes=1)
    draft_late = gp.departure() - timedelta(hours=6) < flight_day  # the lounge: 6 hours
    with gp.store.read() as session:
        board = gp_board.board(session, flight_day)
        early = gp_board.board(session, NOW)
        mine = gp_board.for_booking(session, gp.booking_id, NOW)
        his = gp_board.for_official(session, gp.officials[V5], NOW)
        nobody = gp_board.for_official(session, gp.officials[V1], NOW)
        detail = gp_board.request_detail(session, sent, NOW)
    assert [i.id for i in early.waiting_counter] == [draft]
    assert [i.id for i in early.waiting_head_office] == [sent]
    assert (early.due_today, early.late) == ((), ())
    assert {i.id for i in board.due_today} == {draft, sent}
    assert {i.id for i in board.late} == {sent} | ({draft} if draft_late else set())
    late = next(i for i in board.late if i.id == sent)
    assert (late.kind_zh, late.kind_en) == ("要客保障申请(VIP/CIP)", "VIP/CIP guarantee")
    assert (late.official_name, late.gp_level, late.flight_no) == (V5, "V5",
                                                                    gp.flight.flight_no)
    assert (late.state, late.waiting_on, late.late) == ("submitted", "head_office", True)
    assert late.due_at == gp.departure() - timedelta(hours=24)
    assert {i.id for i in mine} == {draft, sent, done} == {i.id for i in his}
    assert nobody == ()
    assert detail.values["services"] == ["lounge", "security"]
    assert [s.action for s in detail.steps] == ["submit"]
    assert detail.steps[0].at == NOW
    assert detail.actions == ("cancel", "edit")
    with gp.store.read() as session, pytest.raises(DomainError) as unknown:
        gp_board.request_detail(session, "no-such-request")
    assert unknown.value.code == "request_unknown"


def test_a_recent_rejection_waits_on_the_counter(gp: Gp) -> None:
    with gp.store.unit_of_work() as session:
        rejected = gp_requests.submit(session, None, _form(gp, "lounge"), kind="lounge",
                                      official_id=gp.officials[V5], booking_id=gp.booking_id,
                                      clerk=gp.clerk, now=NOW)
        row = session.get(ServiceRequest, rejected)
        assert row is not None
        row.state = "rejected"
    with gp.store.read() as session:
        now = gp_board.board(session, NOW + timedelta(days=1))
        later = gp_board.board(session, NOW + timedelta(days=4))
    assert [i.id for i in now.waiting_counter] == [rejected]
    assert now.waiting_counter[0].waiting_on is None
    assert later.waiting_counter == ()


def test_a_request_without_a_known_official_is_refused(gp: Gp) -> None:
    values = _form(gp, "lounge")
    before = _counts(gp.store)
    with pytest.raises(DomainError) as refused, gp.store.unit_of_work() as session:
        gp_requests.submit(session, None, values, kind="lounge", official_id="no-such-person",
                           clerk=gp.clerk, now=NOW)
    assert (refused.value.code, refused.value.field) == ("gp_official_required", "official")
    assert refused.value.params["kind"] == "贵宾室服务"
    assert _counts(gp.store) == before
