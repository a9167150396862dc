"""GP seat services over a real store (services/gp_seats.py): the level's services, seat
lock released only with a supervisor, the privacy seat (EXST) with its fare by the rule in
data, and multi-flight holds with their deadlines, settled once one is ticketed."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sales_support import NOW, OTHER_CLERK, SUPERVISOR, Shop, customer_id, snapshot, traveller
from sqlalchemy import select

from counter_app.domain.errors import DomainError
from counter_app.domain.money import from_fen
from counter_app.printing.confirmation import render_confirmation
from counter_app.printing.itinerary import render_receipt
from counter_app.services import documents, gp_holds, gp_seats, seating
from counter_app.services.booking import PaymentInput, SegmentChoice, book, ticket_booking
from counter_app.services.payments import Override
from counter_app.storage.models import (
    BookingPassenger,
    BookingQuote,
    BookingSegment,
    Coupon,
    ExtraSeat,
    HeadOfficeRequest,
    OutboxEntry,
    SeatChoice,
    Ticket,
)

UNIT = "GP-SZ-005"  # 赵国华 V4, 罗文静 V3
V4, V3 = "赵国华", "罗文静"


def _book(shop: Shop, label: str, *names: str) -> tuple[str, dict[str, str], str]:
    """Hold a GP booking on a flight: (booking id, name -> passenger id, segment id)."""
    with shop.store.unit_of_work() as session:
        unit = customer_id(session, UNIT)
        people = [traveller(session, n) for n in names]
        held = book(session, segments=[SegmentChoice(shop.flight(label), "Y")],
                    passengers=people, customer_id=unit, gp_order_no=f"GP-{label}",
                    clerk=shop.clerk, now=NOW)
        ids = {p.name: p.id for p in session.scalars(select(BookingPassenger).where(
            BookingPassenger.booking_id == held.booking_id))}
        segment = session.scalars(select(BookingSegment.id).where(
            BookingSegment.booking_id == held.booking_id)).one()
    return held.booking_id, ids, segment


def _ticket(shop: Shop, booking_id: str) -> None:
    with shop.store.read() as session:
        total = from_fen(sum(session.scalars(select(BookingQuote.total_fen).where(
            BookingQuote.booking_id == booking_id))))
    with shop.store.unit_of_work() as session:
        ticket_booking(session, booking_id, [PaymentInput("cash", total)], clerk=shop.clerk,
                       now=NOW)


def _window_with_neighbour(shop: Shop, segment: str, passenger: str) -> tuple[str, str]:
    """A free window seat whose neighbour is free, and that neighbour."""
    with shop.store.read() as session:
        chart = seating.seat_chart(session, segment, passenger, NOW)
    for seat in chart.seat_map.seats(chart.cabin):
        if seat.position == "window" and chart.offerable(seat.code) and not seat.exit_row:
            row = chart.seat_map.rows(chart.cabin)
            letters = [s.letter for r in row if r.number == seat.row for s in r.seats if s]
            nxt = letters[1] if letters[0] == seat.letter else letters[-2]
            code = f"{seat.row}{nxt}"
            if chart.offerable(code):
                return seat.code, code
    raise AssertionError("no window seat with a free neighbour")


def _ops(shop: Shop, kind: str) -> list[dict[str, object]]:
    with shop.store.read() as session:
        return [e.payload for e in session.scalars(
            select(OutboxEntry).where(OutboxEntry.kind == kind).order_by(OutboxEntry.seq))]


def test_the_panel_facts_show_the_level_and_its_seat_services(shop: Shop) -> None:
    _, ids, segment = _book(shop, "out", V4, V3)
    with shop.store.read() as session:
        v4 = gp_seats.gp_seat_services(session, ids[V4], segment, NOW)
        v3 = gp_seats.gp_seat_services(session, ids[V3], segment, NOW)
    assert v4.level == "V4"
    assert all(v4.offer(s).allowed for s in ("lock", "privacy", "hold"))
    assert v4.privacy_fare == Decimal("0.00")  # free for V4 by the bundled rule
    assert {e.label_zh for e in v4.entitlements if e.seat} >= {"机上座位锁定", "多航班压座",
                                                               "预选座位"}
    assert v3.level == "V3"
    assert not any(v3.offer(s).allowed for s in ("lock", "privacy", "hold"))
    assert v3.offer("privacy").needs == "V4"
    assert v3.privacy_fare is None
    assert "机上座位锁定" not in {e.label_zh for e in v3.entitlements}


def test_a_lock_is_refused_for_a_v3_and_released_only_with_a_supervisor(shop: Shop) -> None:
    _, ids, segment = _book(shop, "out", V4, V3)
    seat, _ = _window_with_neighbour(shop, segment, ids[V4])
    before = snapshot(shop.store)
    with shop.store.unit_of_work() as session, pytest.raises(DomainError) as refused:
        gp_seats.prepare_lock(session, ids[V3], segment, seat, shop.clerk.login, NOW)
    assert refused.value.code == "gp_level_lacks"
    assert refused.value.params["service"] == "lock"
    assert refused.value.params["level"] == "V3"
    assert snapshot(shop.store) == before

    with shop.store.unit_of_work() as session:
        payload = gp_seats.prepare_lock(session, ids[V4], segment, seat, shop.clerk.login, NOW)
        row = seating.record_choice(session, payload, None, NOW)
    assert (row.seat, row.locked, row.state) == (seat, True, "provisional")

    before = snapshot(shop.store)
    for override, code in ((None, "lock_needs_supervisor"),
                           (Override(*OTHER_CLERK), "override_refused")):
        with shop.store.unit_of_work() as session, pytest.raises(DomainError) as refused:
            gp_seats.release_choice(session, row.choice_id, clerk=shop.clerk, now=NOW,
                                    override=override)
        assert refused.value.code == code
    with shop.store.read() as session:
        kept = session.get(SeatChoice, row.choice_id)
        assert kept is not None
        assert kept.state == "provisional"
    assert _ops(shop, "seat.release") == []
    assert snapshot(shop.store)["seat_choices"] == before["seat_choices"]

    with shop.store.unit_of_work() as session:
        sent = gp_seats.release_choice(session, row.choice_id, clerk=shop.clerk, now=NOW,
                                       override=Override(*SUPERVISOR, reason="行程取消"))
    assert sent.approved_by == SUPERVISOR[0]
    [release] = _ops(shop, "seat.release")
    assert (release["choice_id"], release["approved_by"]) == (row.choice_id, SUPERVISOR[0])


def test_a_privacy_seat_beside_a_v4_is_an_extra_seat_with_its_fare(shop: Shop) -> None:
    booking, ids, segment = _book(shop, "out", V4, V3)
    seat, beside = _window_with_neighbour(shop, segment, ids[V4])
    with shop.store.unit_of_work() as session:
        own = seating.record_choice(session, seating.prepare_choice(
            session, ids[V4], segment, seat, shop.clerk.login, NOW), None, NOW)
        plan = gp_seats.prepare_privacy(session, own.choice_id, shop.clerk.login, NOW)
        extra = gp_seats.record_privacy(session, plan, None, NOW)
    assert (extra.seat, extra.kind) == (beside, "extra")
    assert (plan.fare, plan.basis) == (Decimal("0.00"), "free")
    [op] = [p for p in _ops(shop, "seat.choose") if p["kind"] == "extra"]
    assert (op["seat"], op["beside"]) == (beside, own.choice_id)
    with shop.store.read() as session:
        lines = gp_seats.extra_seat_lines(session, booking)
        stored = session.get(ExtraSeat, extra.choice_id)
        assert stored is not None
        assert (stored.fare_fen, stored.fare_basis) == (0, "free")
        services = gp_seats.gp_seat_services(session, ids[V4], segment, NOW)
        chart = seating.seat_chart(session, segment, ids[V4], NOW)
    assert [line.text for line in lines] == [f"EXST {beside} 隐私座"]
    assert lines[0].beside_seat == seat
    assert services.privacy_seat == beside
    assert not chart.offerable(beside)  # the map shows it as not free

    # A second privacy seat, or one for a V3, is refused and nothing is written.
    with shop.store.unit_of_work() as session:
        v3_seat = seating.record_choice(session, seating.prepare_choice(
            session, ids[V3], segment, _window_with_neighbour(shop, segment, ids[V3])[0],
            shop.clerk.login, NOW), None, NOW)
    before = snapshot(shop.store)
    for choice_id, code in ((own.choice_id, "seat_taken"), (v3_seat.choice_id,
                                                             "gp_level_lacks")):
        with shop.store.unit_of_work() as session, pytest.raises(DomainError) as refused:
            gp_seats.prepare_privacy(session, choice_id, shop.clerk.login, NOW)
        assert refused.value.code == code
    assert refused.value.params["service"] == "privacy"
    assert snapshot(shop.store) == before


def test_holds_on_several_flights_with_time_left_and_deadlines(shop: Shop) -> None:
    _, out_ids, out_seg = _book(shop, "out", V4, V3)
    _, later_ids, later_seg = _book(shop, "later", V4)
    out_seat, _ = _window_with_neighbour(shop, out_seg, out_ids[V4])
    later_seat, _ = _window_with_neighbour(shop, later_seg, later_ids[V4])
    until = NOW + timedelta(hours=2, minutes=15)
    before = snapshot(shop.store)
    refusals = [
        ([gp_holds.HoldRequest(out_ids[V3], out_seg, out_seat, until)], "gp_level_lacks"),
        ([gp_holds.HoldRequest(out_ids[V4], out_seg, out_seat, NOW - timedelta(minutes=1))],
         "hold_deadline"),
        ([gp_holds.HoldRequest(out_ids[V4], out_seg, out_seat, NOW + timedelta(days=60))],
         "hold_deadline"),
    ]
    for requests, code in refusals:
        with shop.store.unit_of_work() as session, pytest.raises(DomainError) as refused:
            gp_holds.prepare_holds(session, requests, shop.clerk.login, NOW)
        assert refused.value.code == code
    assert snapshot(shop.store) == before

    with shop.store.unit_of_work() as session:
        payloads = gp_holds.prepare_holds(session, [
            gp_holds.HoldRequest(out_ids[V4], out_seg, out_seat, until),
            gp_holds.HoldRequest(later_ids[V4], later_seg, later_seat, until + timedelta(hours=1)),
        ], shop.clerk.login, NOW)
        for payload in payloads:
            seating.record_choice(session, payload, None, NOW)
    assert len({p.hold_group for p in payloads}) == 1
    with shop.store.read() as session:
        rows = gp_holds.list_holds(session, NOW + timedelta(minutes=30))
    assert [(r.seat, r.state, r.remaining) for r in rows] == [
        (out_seat, "held", timedelta(hours=1, minutes=45)),
        (later_seat, "held", timedelta(hours=2, minutes=45))]
    with shop.store.read() as session:
        late = gp_holds.list_holds(session, until + timedelta(minutes=1))
    assert [r.state for r in late] == ["expired", "held"]
    # A hold asked for later, on another flight, joins the official's group.
    _, hop_ids, hop_seg = _book(shop, "hop", V4)
    with shop.store.read() as session:
        [joined] = gp_holds.prepare_holds(session, [gp_holds.HoldRequest(
            hop_ids[V4], hop_seg, _window_with_neighbour(shop, hop_seg, hop_ids[V4])[0],
            until)], shop.clerk.login, NOW)
    assert joined.hold_group == payloads[0].hold_group


def _hold(shop: Shop, wanted: list[tuple[dict[str, str], str]]) -> list[str]:
    """Seats held for the V4 official on these (passenger ids, segment), 3 h ahead."""
    until = NOW + timedelta(hours=3)
    with shop.store.unit_of_work() as session:
        payloads = gp_holds.prepare_holds(session, [
            gp_holds.HoldRequest(ids[V4], seg, _window_with_neighbour(shop, seg, ids[V4])[0],
                                 until)
            for ids, seg in wanted], shop.clerk.login, NOW)
        for payload in payloads:
            seating.record_choice(session, payload, None, NOW)
    return [p.choice_id for p in payloads]


def _state(shop: Shop, choice_id: str) -> str:
    with shop.store.read() as session:
        choice = session.get(SeatChoice, choice_id)
        assert choice is not None
        return choice.state


def test_ticketing_one_hold_releases_the_others_at_once(shop: Shop) -> None:
    out_booking, out_ids, out_seg = _book(shop, "out", V4)
    _, later_ids, later_seg = _book(shop, "later", V4)
    out_choice, later_choice = _hold(shop, [(out_ids, out_seg), (later_ids, later_seg)])
    _ticket(shop, out_booking)  # the sale's own unit of work settles the group
    assert _state(shop, out_choice) != "released"
    assert _state(shop, later_choice) == "released"
    assert [(r["choice_id"], r["reason"]) for r in _ops(shop, "seat.release")] == [
        (later_choice, "hold_ticketed")]
    assert _ops(shop, "request.head_office") == []  # nothing ticketed to waive
    with shop.store.read() as session:
        assert [r.state for r in gp_holds.list_holds(session, NOW)] == ["ticketed"]


def test_a_flown_hold_releases_the_others_and_asks_a_waiver_for_ticketed_ones(
    shop: Shop,
) -> None:
    # The official holds tickets on two flights (and a seat on a third) and flies one.
    out_booking, out_ids, out_seg = _book(shop, "out", V4)
    later_booking, later_ids, later_seg = _book(shop, "later", V4)
    _, hop_ids, hop_seg = _book(shop, "hop", V4)
    _ticket(shop, out_booking)
    _ticket(shop, later_booking)
    out_choice, later_choice, hop_choice = _hold(
        shop, [(out_ids, out_seg), (later_ids, later_seg), (hop_ids, hop_seg)])
    with shop.store.unit_of_work() as session:
        [settled] = gp_holds.settle_holds(session, clerk=shop.clerk, now=NOW)
    assert (settled.released, settled.waivers) == ((hop_choice,), ())  # tickets wait
    with shop.store.unit_of_work() as session:
        coupon = session.scalars(select(Coupon).join(Ticket, Ticket.id == Coupon.ticket_id)
                                 .where(Ticket.booking_id == out_booking)).one()
        coupon.status = "C"  # checked in on the first flight: that is the one flown
    with shop.store.unit_of_work() as session:
        [settled] = gp_holds.settle_holds(session, clerk=shop.clerk, now=NOW)
    assert (settled.kept, settled.released) == (out_choice, (later_choice,))
    assert {(r["choice_id"], r["reason"]) for r in _ops(shop, "seat.release")} == {
        (later_choice, "hold_ticketed"), (hop_choice, "hold_ticketed")}
    with shop.store.read() as session:
        [request] = session.scalars(select(HeadOfficeRequest)).all()
        later_ticket = session.scalars(select(Ticket.ticket_number).where(
            Ticket.booking_id == later_booking)).one()
        rows = gp_holds.list_holds(session, NOW)
        request_id, action = request.id, request.action
        number, note = request.ticket_number, request.note
    assert request_id in settled.waivers
    assert action == "refund"
    assert note.startswith(gp_holds.WAIVER_NOTE)
    assert number == later_ticket  # the unused, ticketed hold; the hop hold had no ticket
    assert later_ticket in note
    assert [(r.choice_id, r.state) for r in rows] == [(out_choice, "flown")]
    # Settling again finds nothing more to do.
    with shop.store.unit_of_work() as session:
        assert gp_holds.settle_holds(session, clerk=shop.clerk, now=NOW) == []


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout
    return re.sub(r"\s+", "", text)


def test_the_privacy_seat_is_on_the_receipt_and_the_confirmation(shop: Shop,
                                                                 tmp_path: Path) -> None:
    booking, ids, segment = _book(shop, "out", V4, V3)
    seat, beside = _window_with_neighbour(shop, segment, ids[V4])
    with shop.store.unit_of_work() as session:
        own = seating.record_choice(session, seating.prepare_choice(
            session, ids[V4], segment, seat, shop.clerk.login, NOW), None, NOW)
        gp_seats.record_privacy(session, gp_seats.prepare_privacy(
            session, own.choice_id, shop.clerk.login, NOW), None, NOW)
    _ticket(shop, booking)
    with shop.store.read() as session:
        tickets = {t.passenger_id: t for t in session.scalars(
            select(Ticket).where(Ticket.booking_id == booking))}
        official = documents.itinerary_receipt(session, tickets[ids[V4]], "0000000001")
        other = documents.itinerary_receipt(session, tickets[ids[V3]], "0000000002")
        confirmation = documents.confirmation(session, booking)
    assert f"EXST {beside} 隐私座" in official.endorsements
    assert "EXST" not in other.endorsements  # only the official's receipt says it
    assert confirmation.extra_seats == (
        f"{official.segments[0].flight_no} EXST {beside} 隐私座（{V4} {seat} 旁，免费）",)
    receipt_text = _pdf_text(render_receipt(official), tmp_path)
    assert f"EXST{beside}隐私座" in receipt_text
    printed = _pdf_text(render_confirmation(confirmation), tmp_path)
    assert f"EXST{beside}隐私座" in printed
    assert "额外座位" in printed


def test_the_privacy_seat_goes_with_its_official(shop: Shop) -> None:
    booking, ids, segment = _book(shop, "out", V4)
    seat, beside = _window_with_neighbour(shop, segment, ids[V4])
    with shop.store.unit_of_work() as session:
        own = seating.record_choice(session, seating.prepare_choice(
            session, ids[V4], segment, seat, shop.clerk.login, NOW), None, NOW)
        extra = gp_seats.record_privacy(session, gp_seats.prepare_privacy(
            session, own.choice_id, shop.clerk.login, NOW), None, NOW)
    with shop.store.unit_of_work() as session:
        gp_seats.release_choice(session, own.choice_id, clerk=shop.clerk, now=NOW)
    assert _state(shop, extra.choice_id) == "released"
    # Head office releases the extra seat with its official: one op, the official's.
    assert [r["choice_id"] for r in _ops(shop, "seat.release")] == [own.choice_id]
    with shop.store.read() as session:
        assert gp_seats.extra_seat_lines(session, booking) == []
        chart = seating.seat_chart(session, segment, ids[V4], NOW)
    assert chart.offerable(beside)
