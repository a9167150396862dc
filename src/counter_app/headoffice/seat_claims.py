"""What head office itself knows of a seat choice's passenger (旅客事实核对): a counter's
passenger facts in ``seat.choose`` are claims, judged against the sale head office holds.

When a choice names its ticket (``ticket_number``, once issued):

- the ticket must be a sale of the counter's outlet (``not_your_ticket``). A ticket head
  office has never heard of is refused when pushed as an op (the counter's outbox sends its
  ``sale.issue`` before any ``seat.choose`` naming the ticket); live it is judged on the
  claims alone, as a choice made before issue is, since the sale may still be in the
  counter's outbox;
- the coupon must be an open coupon of that ticket on the choice's flight
  (``coupon_not_on_flight``; ``coupon_seq`` left out: any open coupon of the ticket on it);
- the seat rules use the stricter of what the counter claims and what the sale says: the
  ticket's passenger type (INF before CHD before ADT) and, for a resident ID (居民身份证),
  the age on the day of the flight from the birth date in its number (the lower of the two
  ages). An adult claimed for a ticket sold as a child is a child in the exit row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.ids import IdType, age_on, parse_resident_id
from counter_app.domain.seatmap import SeatFacts
from counter_app.headoffice.auth import CounterIdentity
from counter_app.headoffice.models import Counter, Sale, SaleCoupon, SaleTicket
from counter_app.headoffice.ops.batch import RefusalError
from counter_app.sync.protocol import SeatChoose

# The stricter a passenger type, the fewer seats it may have.
_STRICTNESS = {"ADT": 0, "CHD": 1, "INF": 2}


@dataclass(frozen=True, slots=True)
class KnownPassenger:
    """A ticket's passenger as the sale says: type and, from a resident ID, birth date."""

    passenger_type: str
    birth: date | None


def _birth(id_type: str, id_number: str) -> date | None:
    if id_type != IdType.RESIDENT.value:
        return None
    try:
        return parse_resident_id(id_number).birth_date
    except DomainError:
        return None  # an ID the sale took with a wrong check digit tells no birth date


def known_passenger(session: Session, me: CounterIdentity, p: SeatChoose,
                    *, live: bool) -> KnownPassenger | None:
    """The passenger of the choice's ticket, after checking the ticket is the outlet's and
    its coupon is open on the flight; None when the choice names no ticket (or, live, one
    head office does not know yet)."""
    if p.ticket_number is None:
        return None
    found = session.execute(
        select(SaleTicket.passenger_type, SaleTicket.id_type, SaleTicket.id_number,
               Counter.outlet_code)
        .join(Sale, Sale.id == SaleTicket.sale_id)
        .join(Counter, Counter.id == Sale.counter_id)
        .where(SaleTicket.ticket_number == p.ticket_number)).first()
    if found is None:
        if live:
            return None
        raise RefusalError("not_your_ticket", f"ticket {p.ticket_number} is no sale of outlet "
                           f"{me.outlet_code} known to head office")
    if found.outlet_code != me.outlet_code:
        raise RefusalError("not_your_ticket", f"ticket {p.ticket_number} was sold by another "
                           "outlet")
    on_flight = select(SaleCoupon.seq).where(
        SaleCoupon.ticket_number == p.ticket_number, SaleCoupon.flight_id == p.flight_id,
        SaleCoupon.status == "O")
    if p.coupon_seq is not None:
        on_flight = on_flight.where(SaleCoupon.seq == p.coupon_seq)
    if session.execute(on_flight.limit(1)).first() is None:
        coupon = "" if p.coupon_seq is None else f" coupon {p.coupon_seq}"
        raise RefusalError("coupon_not_on_flight", f"ticket {p.ticket_number}{coupon} has no "
                           "open coupon on this flight")
    return KnownPassenger(found.passenger_type, _birth(found.id_type, found.id_number))


def stricter_facts(p: SeatChoose, known: KnownPassenger | None, flight_day: date,
                   gp_level: str | None) -> SeatFacts:
    """The facts the seat rules judge by: the claims, made stricter by what is known."""
    claimed = p.passenger
    ptype: str = claimed.passenger_type
    age = claimed.age
    if known is not None:
        if _STRICTNESS.get(known.passenger_type, 0) > _STRICTNESS.get(ptype, 0):
            ptype = known.passenger_type
        if known.birth is not None and known.birth <= flight_day:
            known_age = age_on(known.birth, flight_day)
            age = known_age if age is None else min(age, known_age)
    return SeatFacts(passenger_type=ptype, age=age, with_infant=claimed.with_infant,
                     gp_level=gp_level)
