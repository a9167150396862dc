"""The whole counter sale offline, then through sync to a real head office: a return trip
held and ticketed, a change, a refund, a void and the day close are each applied there, and
the seat counts of both sides agree afterwards."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session
from sync_support import NOW, TODAY, Counter, HeadOffice, resident_id

from counter_app.headoffice import models as ho
from counter_app.services.after_sale import (
    change,
    day_close,
    quote_change,
    refund,
    void_tickets,
)
from counter_app.services.booking import (
    PassengerInput,
    PaymentInput,
    SegmentChoice,
    book,
    ticket_booking,
)
from counter_app.services.identity import ClerkSession, Role
from counter_app.storage.models import CabinInventory, Clerk, Flight, Lease, OutboxEntry

ADULT = PassengerInput("张伟", "NI", resident_id(date(1980, 1, 1), "011"))
ADULT2 = PassengerInput("李娜", "NI", resident_id(date(1985, 6, 15), "022"))
ADULT3 = PassengerInput("王芳", "NI", resident_id(date(1990, 2, 2), "033"))


def clerk_of(c: Counter, login: str = "wangli") -> ClerkSession:
    with c.store.read() as session:
        row = session.scalars(select(Clerk).where(Clerk.login == login)).one()
        return ClerkSession(row.id, row.login, row.name_zh, Role(row.role), row.outlet_code,
                            "", "")


def free(session: Session, flight_id: str) -> int:
    cabin = session.get(CabinInventory, (flight_id, "Y"))
    return 0 if cabin is None else cabin.capacity - cabin.sold


def route_flights(c: Counter) -> tuple[str, str, str]:
    """An outbound tomorrow, the way back the day after, and the outbound's flight the day
    after (same number) to change onto."""
    with c.store.read() as session:
        outs = session.scalars(
            select(Flight).where(Flight.dep_date == TODAY + timedelta(days=1),
                                 Flight.feeder.is_(False))
            .order_by(Flight.flight_no)
        ).all()
        for out in outs:
            back = session.scalars(select(Flight).where(
                Flight.origin == out.destination, Flight.destination == out.origin,
                Flight.dep_date == TODAY + timedelta(days=2))).first()
            later = session.scalars(select(Flight).where(
                Flight.flight_no == out.flight_no,
                Flight.dep_date == TODAY + timedelta(days=2))).first()
            if back is None or later is None:
                continue
            if all(free(session, f.id) >= 10 for f in (out, back, later)):
                return out.id, back.id, later.id
    raise AssertionError("no return route in the demo schedule")


def test_a_day_of_offline_selling_reaches_head_office(
    head_office: HeadOffice, counter: Counter
) -> None:
    assert counter.engine.cycle().ok
    out, back, later = route_flights(counter)
    leases = {f: counter.engine.request_lease(f, "Y", 4, hours=72).lease_id
              for f in (out, back, later)}
    me = clerk_of(counter)
    head_office.server.stop()  # the line goes down for the rest of the day

    with counter.store.unit_of_work() as session:
        held = book(session, segments=[SegmentChoice(out, "Y"), SegmentChoice(back, "Y")],
                    passengers=[ADULT, ADULT2], customer_id=None, clerk=me, now=NOW)
    with counter.store.unit_of_work() as session:
        trip = ticket_booking(session, held.booking_id, [PaymentInput("cash", held.quote.total)],
                              clerk=me, now=NOW)
    first, second = (t.ticket_number for t in trip.tickets)
    with counter.store.read() as session:
        due = quote_change(session, first, 1, later, "Y", NOW).total_due
    with counter.store.unit_of_work() as session:
        changed = change(session, first, 1, later, "Y",
                         [PaymentInput("bank_card", due)] if due else [], clerk=me, now=NOW)
    with counter.store.unit_of_work() as session:
        refunded = refund(session, second, "voluntary", clerk=me, now=NOW)
    with counter.store.unit_of_work() as session:
        held = book(session, segments=[SegmentChoice(out, "Y")], passengers=[ADULT3],
                    customer_id=None, clerk=me, now=NOW)
    with counter.store.unit_of_work() as session:
        extra = ticket_booking(session, held.booking_id,
                               [PaymentInput("cash", held.quote.total, tendered=Decimal(2000))],
                               clerk=me, now=NOW)
    with counter.store.unit_of_work() as session:
        void_tickets(session, [extra.tickets[0].ticket_number], reason="旅客改主意",
                     clerk=me, now=NOW)
    with counter.store.unit_of_work() as session:
        day_close(session, me, NOW + timedelta(hours=9))

    head_office.server.start()
    report = counter.engine.cycle()
    assert report.ok, report.error
    with counter.store.read() as session:
        states = [(e.kind, e.state, e.last_code) for e in session.scalars(
            select(OutboxEntry).order_by(OutboxEntry.seq))]
        local = {f: session.get(Lease, lease_id) for f, lease_id in leases.items()}
        used_here = {f: lease.used_local for f, lease in local.items() if lease is not None}
    assert states == [
        ("sale.issue", "done", ""), ("sale.change", "done", ""), ("sale.refund", "done", ""),
        ("sale.issue", "done", ""), ("sale.void", "done", ""), ("day.close", "done", ""),
    ]
    assert report.checksum_ok is True
    with head_office.db.read() as session:
        used_there = {f: session.get(ho.SeatLease, lease_id).used  # type: ignore[union-attr]
                      for f, lease_id in leases.items()}
        status = {t.ticket_number: t.status for t in session.scalars(select(ho.SaleTicket))}
        coupons = {(c.ticket_number, c.seq): c.status
                   for c in session.scalars(select(ho.SaleCoupon))}
        refunds = session.scalars(select(ho.AfterSale.kind)).all()
        closes = session.scalars(select(ho.DayCloseRow.business_date)).all()
    # out: 2 sold, 1 changed away, 1 refunded, 1 sold and voided; back: 2 sold, 1 refunded;
    # later: the changed passenger.
    assert used_there == used_here == {out: 0, back: 1, later: 1}
    assert status == {first: "exchanged", changed.new_ticket_number: "issued",
                      second: "refunded", extra.tickets[0].ticket_number: "void"}
    assert coupons[(changed.new_ticket_number, 1)] == "O"
    assert coupons[(changed.new_ticket_number, 2)] == "O"
    assert coupons[(second, 1)] == coupons[(second, 2)] == "R"
    assert sorted(refunds) == ["change", "refund"]
    assert refunded.quote.amount > 0
    assert closes == [NOW.date()]


def test_an_adult_and_infant_changed_together_reach_head_office(
    head_office: HeadOffice, counter: Counter
) -> None:
    """The joint change (婴儿随同改签) goes as two sale.change ops, the adult's first; head
    office applies both with its own checks: one seat moves, the infant takes none."""
    assert counter.engine.cycle().ok
    out, _back, later = route_flights(counter)
    leases = {f: counter.engine.request_lease(f, "Y", 2, hours=72).lease_id
              for f in (out, later)}
    me = clerk_of(counter)
    baby = PassengerInput("张宝宝", "NI", resident_id(TODAY - timedelta(days=300), "041"))
    with counter.store.unit_of_work() as session:
        held = book(session, segments=[SegmentChoice(out, "Y")], passengers=[ADULT, baby],
                    customer_id=None, clerk=me, now=NOW)
    with counter.store.unit_of_work() as session:
        sale = ticket_booking(session, held.booking_id, [PaymentInput("cash", held.quote.total)],
                              clerk=me, now=NOW)
    adult, infant = (t.ticket_number for t in sale.tickets)
    with counter.store.read() as session:
        due = quote_change(session, adult, 1, later, "Y", NOW, with_infant=True).total_due
    with counter.store.unit_of_work() as session:
        done = change(session, adult, 1, later, "Y", [PaymentInput("cash", due)] if due else [],
                      clerk=me, now=NOW, with_infant=True)
    assert done.infant is not None
    report = counter.engine.cycle()
    assert report.ok, report.error
    with counter.store.read() as session:
        states = [(e.kind, e.state, e.last_code) for e in session.scalars(
            select(OutboxEntry).where(OutboxEntry.kind.in_(["sale.issue", "sale.change"]))
            .order_by(OutboxEntry.seq))]
    assert states == [("sale.issue", "done", ""), ("sale.change", "done", ""),
                      ("sale.change", "done", "")]
    with head_office.db.read() as session:
        status = {t.ticket_number: t.status for t in session.scalars(select(ho.SaleTicket))}
        sources = {c.ticket_number: (c.flight_id, c.status, c.source)
                   for c in session.scalars(select(ho.SaleCoupon))}
        used = {f: session.get(ho.SeatLease, lease_id).used  # type: ignore[union-attr]
                for f, lease_id in leases.items()}
    assert status == {adult: "exchanged", infant: "exchanged",
                      done.new_ticket_number: "issued", done.infant.new_ticket_number: "issued"}
    assert sources[done.new_ticket_number][:2] == (later, "O")
    assert sources[done.infant.new_ticket_number] == (later, "O", "none")
    assert used == {out: 0, later: 1}
