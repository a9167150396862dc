"""Seats going back with their tickets (随票退座): a ``sale.void`` or ``sale.refund`` applied
at head office gives back the seats chosen on those coupons, whatever the counter sends
after it (its own ``seat.release`` of such a choice is answered ``released``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.headoffice.db import table_of
from counter_app.headoffice.models import SaleTicket
from counter_app.headoffice.seat_models import SeatAssignment
from counter_app.headoffice.seats import release_with_extras

__all__ = ["MAX_EXCHANGES", "release_for_coupons"]

# How many changes (换开) back a void or refund looks for seats chosen on earlier tickets.
MAX_EXCHANGES = 10
SEATS = table_of(SeatAssignment)


def release_for_coupons(session: Session, coupons: list[Any], reason: str, clerk: str,
                        now: datetime) -> int:
    """A ``sale.void`` or ``sale.refund`` gives back the seats chosen on these coupons (rows
    with ``ticket_number``, ``seq``, ``flight_id``), held, locked or extra beside them alike:
    the ticket is gone, so no supervisor is asked. A seat locked through a change still
    names the ticket it was chosen on: the tickets a coupon's ticket was exchanged from
    count, on the same flight. The counter's own ``seat.release`` of such a choice, arriving
    later, is answered ``released``. Returns how many choices went."""
    if not coupons:
        return 0
    # A seat locked through a change (座位锁定) still names the ticket it was chosen on: the
    # tickets this one was exchanged from count as this one, coupon for coupon.
    alias = {c.ticket_number: c.ticket_number for c in coupons}
    todo = list(alias)
    for _depth in range(MAX_EXCHANGES):
        earlier = session.execute(select(SaleTicket.ticket_number, SaleTicket.exchanged_from)
                                  .where(SaleTicket.ticket_number.in_(todo),
                                         SaleTicket.exchanged_from.is_not(None))).all()
        todo = [str(r.exchanged_from) for r in earlier if r.exchanged_from not in alias]
        alias.update({str(r.exchanged_from): alias[r.ticket_number] for r in earlier})
        if not todo:
            break
    gone = {(c.ticket_number, c.seq) for c in coupons}
    flights = {(c.ticket_number, c.flight_id) for c in coupons}
    rows = session.connection().execute(select(SEATS).where(
        SEATS.c.ticket_number.in_(sorted(alias)), SEATS.c.kind != "extra")).all()
    released = 0
    for row in rows:
        number = alias[row.ticket_number]
        if ((number, row.coupon_seq) in gone if row.coupon_seq is not None
                else (number, row.flight_id) in flights) and (number, row.flight_id) in flights:
            release_with_extras(session, row, reason, clerk, "", now)
            released += 1
    return released
