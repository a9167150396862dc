"""The counter's seat choices (services/seating.py): the rules refused at once even offline,
a provisional choice and its op, a moved answer told to the clerk (reprint only if the
printed seat was the old one), a locked seat released only with a supervisor, seats given
back by void, refund and change (a locked seat kept through a change to the same flight),
and check-in on the chosen seat."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sales_support import (
    ADULT,
    ADULT2,
    CHILD,
    INFANT,
    NOW,
    SUPERVISOR,
    TODAY,
    Shop,
    adults,
    at_local,
    snapshot,
)
from sqlalchemy import select, update

from counter_app.domain.errors import DomainError
from counter_app.domain.seatmap import SeatState
from counter_app.services import boarding, seating
from counter_app.services.after_sale import change, quote_change, refund, void_tickets
from counter_app.services.booking import PaymentInput
from counter_app.storage.models import (
    AttentionItem,
    BookingPassenger,
    BookingSegment,
    Coupon,
    Flight,
    OutboxEntry,
    SeatChoice,
    SeatLayout,
)
from counter_app.sync import protocol
from counter_app.sync.seats import seat_op_answered

DURING = at_local(TODAY + timedelta(days=1), 9)  # CA1144 tomorrow 12:10: check-in open
LATE = at_local(TODAY + timedelta(days=1), 11, 40)  # 30 min before departure


def _people(shop: Shop, booking_id: str) -> dict[str, str]:
    """Passenger name -> id."""
    with shop.store.read() as session:
        return {p.name: p.id for p in session.scalars(
            select(BookingPassenger).where(BookingPassenger.booking_id == booking_id))}


def _segment(shop: Shop, booking_id: str, flight_id: str) -> str:
    with shop.store.read() as session:
        return session.scalars(select(BookingSegment.id).where(
            BookingSegment.booking_id == booking_id, BookingSegment.flight_id == flight_id)
            .order_by(BookingSegment.seq.desc())).one()


def _layout(shop: Shop, flight_id: str) -> dict[str, Any]:
    with shop.store.read() as session:
        flight = session.get(Flight, flight_id)
        assert flight is not None
        layout = session.get(SeatLayout, flight.layout_id)
        assert layout is not None
        return dict(layout.definition)


def _y_seat(shop: Shop, flight_id: str, row_offset: int, letter: str = "C") -> str:
    definition = _layout(shop, flight_id)
    [y] = [c for c in definition["cabins"] if c["cabin"] == "Y"]
    return f"{y['rows'][0] + row_offset}{letter}"


def _refused(shop: Shop, code: str, fn) -> DomainError:  # type: ignore[no-untyped-def]
    before = snapshot(shop.store)
    with pytest.raises(DomainError) as caught, shop.store.unit_of_work() as session:
        fn(session)
    assert caught.value.code == code
    assert snapshot(shop.store) == before
    return caught.value


def _choose(shop: Shop, passenger_id: str, segment_id: str, seat: str, now=NOW,  # type: ignore[no-untyped-def]
            **kw: Any) -> protocol.SeatChoose:
    with shop.store.unit_of_work() as session:
        payload = seating.prepare_choice(session, passenger_id, segment_id, seat,
                                         shop.clerk.login, now, **kw)
        seating.record_choice(session, payload, None, now)
    return payload


def _ops(shop: Shop, kind: str) -> list[dict[str, Any]]:
    with shop.store.read() as session:
        return [e.payload for e in session.scalars(
            select(OutboxEntry).where(OutboxEntry.kind == kind).order_by(OutboxEntry.seq))]


def _choice(shop: Shop, choice_id: str) -> SeatChoice:
    with shop.store.read() as session:
        row = session.get(SeatChoice, choice_id)
        assert row is not None
        session.expunge(row)
        return row


def _answer(payload: protocol.SeatChoose, seat: str, status: str = "moved") -> protocol.SeatAnswer:
    return protocol.SeatAnswer.model_validate({
        "choice_id": payload.choice_id, "flight_id": payload.flight_id, "seat": seat,
        "status": status, "moved_from": payload.seat if status == "moved" else "",
        "state": "taken"})


def test_the_seat_rules_are_refused_at_once_and_write_nothing(shop: Shop) -> None:
    out = shop.flight("out")
    sale = shop.sell("out", [ADULT, CHILD, INFANT])
    people = _people(shop, sale.booking_id)
    seg = _segment(shop, sale.booking_id, out)
    definition = _layout(shop, out)
    exit_seat = f"{definition['exit_rows'][0]}A"
    blocked = definition["blocked_seats"][0]
    adult, child, infant = people["张伟"], people["张小明"], people["张宝宝"]

    def prepare(pid: str, seat: str, now=NOW, **kw: Any):  # type: ignore[no-untyped-def]
        return lambda s: seating.prepare_choice(s, pid, seg, seat, "wangli", now, **kw)

    assert _refused(shop, "exit_row_not_allowed", prepare(child, exit_seat)).params[
        "reason"] == "child"
    assert _refused(shop, "exit_row_not_allowed", prepare(adult, exit_seat)).params[
        "reason"] == "with_infant"  # the infant sits on this adult's lap
    _refused(shop, "seat_blocked", prepare(adult, blocked))
    _refused(shop, "infant_no_seat", prepare(infant, "35C"))
    _refused(shop, "seat_format", prepare(adult, "C35"))
    _refused(shop, "seat_not_on_aircraft", prepare(adult, "99C"))
    lacks = _refused(shop, "gp_level_lacks", prepare(adult, "35C", locked=True))
    assert lacks.params["service"] == "lock"
    # Seats can no longer be chosen once check-in has closed.
    soon = shop.sell("tomorrow", [ADULT2])
    soon_seg = _segment(shop, soon.booking_id, shop.flight("tomorrow"))
    late = _people(shop, soon.booking_id)["李娜"]
    _refused(shop, "flight_closed",
             lambda s: seating.prepare_choice(s, late, soon_seg, "35C", "wangli", LATE))

    # The chart says the same, seat by seat, for the passenger being seated.
    with shop.store.read() as session:
        chart = seating.seat_chart(session, seg, child, NOW)
    assert chart.refusals[exit_seat] == "exit_row_not_allowed"
    assert chart.refusals[blocked] == "seat_blocked"
    assert chart.offerable("35C")


def test_an_offline_choice_is_provisional_with_its_op_and_choosing_again_replaces_it(
    shop: Shop,
) -> None:
    out = shop.flight("out")
    sale = shop.sell("out", [ADULT, ADULT2])
    people = _people(shop, sale.booking_id)
    seg = _segment(shop, sale.booking_id, out)
    a, b = people["张伟"], people["李娜"]
    seat = _y_seat(shop, out, 4)
    first = _choose(shop, a, seg, seat)
    row = _choice(shop, first.choice_id)
    assert (row.state, row.seat, row.segment_id, row.passenger_name) == (
        "provisional", seat, seg, "张伟")
    assert row.ticket_number == sale.tickets[0].ticket_number
    [op] = _ops(shop, "seat.choose")
    assert (op["choice_id"], op["seat"], op["holder"]) == (first.choice_id, seat, a)
    assert op["passenger"]["passenger_type"] == "ADT"
    # Taken by this counter's own choice: refused for anyone else, even offline.
    _refused(shop, "seat_taken", lambda s: seating.prepare_choice(
        s, b, seg, seat, "wangli", NOW))
    # Taken in head office's last known map.
    with shop.store.unit_of_work() as session:
        seating.store_snapshot(session, protocol.SeatMapState.model_validate({
            "flight_id": out, "layout_id": "x", "as_of": NOW,
            "seats": [{"seat": _y_seat(shop, out, 5), "state": "locked"}]}))
    _refused(shop, "seat_taken", lambda s: seating.prepare_choice(
        s, b, seg, _y_seat(shop, out, 5), "wangli", NOW))
    # Choosing again replaces the earlier seat: one seat per passenger and flight.
    second = _choose(shop, a, seg, _y_seat(shop, out, 6))
    assert second.replaces == first.choice_id
    assert _choice(shop, first.choice_id).state == "released"
    with shop.store.read() as session:
        rows = seating.choices_for_booking(session, sale.booking_id)
        chart = seating.seat_chart(session, seg, b, NOW)
    assert [(r.seat, r.state) for r in rows] == [(seat, "released"),
                                                 (_y_seat(shop, out, 6), "provisional")]
    assert chart.state(_y_seat(shop, out, 6)) is SeatState.CHOSEN
    assert chart.provisional == frozenset({_y_seat(shop, out, 6)})
    assert chart.state(_y_seat(shop, out, 5)) is SeatState.LOCKED
    assert chart.offerable(seat)  # given back
    _choose(shop, b, seg, seat)  # so another passenger may have it


def test_a_moved_answer_tells_the_clerk_once_and_flags_a_reprint_only_if_printed(
    shop: Shop,
) -> None:
    out = shop.flight("out")
    sale = shop.sell("out", [ADULT, ADULT2])
    people = _people(shop, sale.booking_id)
    seg = _segment(shop, sale.booking_id, out)
    a = _choose(shop, people["张伟"], seg, _y_seat(shop, out, 4, "A"))
    b = _choose(shop, people["李娜"], seg, _y_seat(shop, out, 4, "B"))
    with shop.store.unit_of_work() as session:
        seating.mark_printed(session, a.choice_id, a.seat)
    for _ in range(2):  # the same answer twice (a duplicate push) changes nothing more
        with shop.store.unit_of_work() as session:
            seating.apply_answer(session, _answer(a, _y_seat(shop, out, 7, "A")), NOW)
            seating.apply_answer(session, _answer(b, b.seat, "confirmed"), NOW)
    moved, kept = _choice(shop, a.choice_id), _choice(shop, b.choice_id)
    assert (moved.seat, moved.moved_from, moved.state, moved.reprint) == (
        _y_seat(shop, out, 7, "A"), a.seat, "moved", True)
    assert (kept.seat, kept.state, kept.reprint) == (b.seat, "confirmed", False)
    with shop.store.read() as session:
        items = [(i.kind, i.code, i.message, i.detail["reprint"])
                 for i in session.scalars(select(AttentionItem))]
    [(kind, code, message, reprint)] = items
    assert (kind, code, reprint) == ("seat_moved", "seat_moved", True)
    assert message.startswith(
        f"旅客 张伟 的座位 {a.seat} 已被占用，已改为 {_y_seat(shop, out, 7, 'A')}")
    # Not printed: moved without a reprint.
    with shop.store.unit_of_work() as session:
        seating.apply_answer(session, _answer(b, _y_seat(shop, out, 8, "B")), NOW)
    assert _choice(shop, b.choice_id).reprint is False


def test_a_locked_seat_is_released_only_with_a_supervisor(shop: Shop) -> None:
    out = shop.flight("out")
    sale = shop.sell("out", [ADULT])
    official = _people(shop, sale.booking_id)["张伟"]
    with shop.store.unit_of_work() as session:
        session.execute(update(BookingPassenger).where(BookingPassenger.id == official)
                        .values(gp_level="V4"))
    seg = _segment(shop, sale.booking_id, out)
    locked = _choose(shop, official, seg, _y_seat(shop, out, 3), locked=True)
    assert _ops(shop, "seat.choose")[0]["locked"] is True

    def release(by: str = ""):  # type: ignore[no-untyped-def]
        return lambda s: seating.record_release(s, locked.choice_id, "wangli", NOW, "clerk",
                                                approved_by=by)

    _refused(shop, "lock_needs_supervisor", release())
    _refused(shop, "lock_needs_supervisor", release("liqiang"))  # a plain clerk
    with shop.store.unit_of_work() as session:
        release(SUPERVISOR[0])(session)
    assert _choice(shop, locked.choice_id).state == "released"
    [op] = _ops(shop, "seat.release")
    assert (op["choice_id"], op["approved_by"], op["reason"]) == (
        locked.choice_id, SUPERVISOR[0], "clerk")
    _refused(shop, "seat_not_chosen", release(SUPERVISOR[0]))  # already given back


def test_void_refund_and_change_give_seats_back_but_a_locked_seat_stays_on_its_flight(
    shop: Shop,
) -> None:
    out = shop.flight("out")
    sale = shop.sell("out", [ADULT, ADULT2], class_code="M")
    people = _people(shop, sale.booking_id)
    seg = _segment(shop, sale.booking_id, out)
    with shop.store.unit_of_work() as session:
        session.execute(update(BookingPassenger).where(BookingPassenger.id == people["张伟"])
                        .values(gp_level="V5"))
    kept = _choose(shop, people["张伟"], seg, _y_seat(shop, out, 2), locked=True)
    gone = _choose(shop, people["李娜"], seg, _y_seat(shop, out, 2, "D"))
    number_a, number_b = (t.ticket_number for t in sale.tickets)
    with shop.store.unit_of_work() as session:
        refund(session, number_b, "voluntary", clerk=shop.clerk, now=NOW)
    assert _choice(shop, gone.choice_id).state == "released"
    assert [(op["choice_id"], op["reason"]) for op in _ops(shop, "seat.release")] == [
        (gone.choice_id, "refund")]
    # A change of class on the same flight keeps the locked seat, on the new ticket.
    asked = NOW + timedelta(days=5)
    with shop.store.read() as session:
        due = quote_change(session, number_a, 1, out, "Y", asked).total_due
    with shop.store.unit_of_work() as session:
        done = change(session, number_a, 1, out, "Y", [PaymentInput("cash", due)],
                      clerk=shop.clerk, now=asked)
    row = _choice(shop, kept.choice_id)
    assert (row.state, row.seat, row.ticket_number) == (
        "provisional", kept.seat, done.new_ticket_number)
    assert row.segment_id != seg
    assert len(_ops(shop, "seat.release")) == 1
    # A void gives the seats of the voided tickets back.
    other = shop.sell("out", adults(1))
    [name] = _people(shop, other.booking_id)
    other_seg = _segment(shop, other.booking_id, out)
    voided = _choose(shop, _people(shop, other.booking_id)[name], other_seg,
                     _y_seat(shop, out, 9))
    with shop.store.unit_of_work() as session:
        void_tickets(session, [other.tickets[0].ticket_number], reason="客人取消",
                     clerk=shop.clerk, now=NOW)
    assert _choice(shop, voided.choice_id).state == "released"
    assert _ops(shop, "seat.release")[-1]["reason"] == "void"
    # Each release follows the sale op it comes from in the outbox, so head office has seen
    # the ticket leave the flight first (a locked seat then goes without a supervisor).
    with shop.store.read() as session:
        kinds = [e.kind for e in session.scalars(select(OutboxEntry).where(
            OutboxEntry.kind.in_(["sale.refund", "sale.void", "seat.release"]))
            .order_by(OutboxEntry.seq))]
    assert kinds == ["sale.refund", "seat.release", "sale.void", "seat.release"]


def test_check_in_seats_the_passenger_on_the_chosen_seat(shop: Shop) -> None:
    tomorrow = shop.flight("tomorrow")
    sale = shop.sell("tomorrow", [ADULT, ADULT2, *adults(1)])
    people = _people(shop, sale.booking_id)
    seg = _segment(shop, sale.booking_id, tomorrow)
    numbers = [t.ticket_number for t in sale.tickets]
    chosen = _choose(shop, people["张伟"], seg, _y_seat(shop, tomorrow, 5, "A"))

    def check_in(number: str, seat: str | None):  # type: ignore[no-untyped-def]
        return lambda s: boarding.check_in(s, boarding.coupon_for(s, number, 1), seat,
                                           "wangli", DURING)

    # The chosen seat is taken for everyone else before its passenger checks in.
    _refused(shop, "seat_taken", check_in(numbers[1], chosen.seat))
    _refused(shop, "seat_required", check_in(numbers[2], None))
    with shop.store.unit_of_work() as session:
        coupon = check_in(numbers[0], None)(session)
        assert coupon.seat == chosen.seat
    assert _choice(shop, chosen.choice_id).printed_seat == chosen.seat
    assert len(_ops(shop, "seat.choose")) == 1
    # A seat given at check-in without a choice becomes one, so head office learns of it.
    with shop.store.unit_of_work() as session:
        check_in(numbers[1], _y_seat(shop, tomorrow, 5, "B"))(session)
    ops = _ops(shop, "seat.choose")
    assert [(op["seat"], op["holder"]) for op in ops] == [
        (chosen.seat, people["张伟"]), (_y_seat(shop, tomorrow, 5, "B"), people["李娜"])]
    # Head office moved the first passenger: the boarding pass showed the old seat.
    with shop.store.unit_of_work() as session:
        seating.apply_answer(session, _answer(chosen, _y_seat(shop, tomorrow, 6, "A")), NOW)
    with shop.store.read() as session:
        coupon = boarding.coupon_for(session, numbers[0], 1)
        assert coupon.seat == _y_seat(shop, tomorrow, 6, "A")
        assert session.scalars(select(Coupon.seat).where(Coupon.seat == chosen.seat)).all() \
            == []
    assert _choice(shop, chosen.choice_id).reprint is True


def test_a_refused_choice_gives_the_passenger_back_the_seat_it_was_to_replace(
    shop: Shop,
) -> None:
    out = shop.flight("out")
    sale = shop.sell("out", [ADULT])
    seg = _segment(shop, sale.booking_id, out)
    first = _choose(shop, _people(shop, sale.booking_id)["张伟"], seg, _y_seat(shop, out, 4))
    with shop.store.unit_of_work() as session:
        seating.apply_answer(session, _answer(first, first.seat, "confirmed"), NOW)
    second = _choose(shop, _people(shop, sale.booking_id)["张伟"], seg, _y_seat(shop, out, 5))
    assert _choice(shop, first.choice_id).state == "released"
    with shop.store.unit_of_work() as session:
        entry = session.scalars(select(OutboxEntry).where(
            OutboxEntry.kind == "seat.choose").order_by(OutboxEntry.seq.desc())).first()
        assert entry is not None
        seat_op_answered(session, entry, {}, NOW, refused=True)  # e.g. seat_unavailable
    assert _choice(shop, second.choice_id).state == "refused"
    assert (_choice(shop, first.choice_id).state, _choice(shop, first.choice_id).seat) == (
        "confirmed", first.seat)
