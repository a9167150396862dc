"""Seats of coupons going back (void, refund, change) and a counter's own sale: where a
coupon's seat came from (lease or stock), giving seats back to an active lease or to stock
under the row locks, and whether a ticket is this counter's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.headoffice import records
from counter_app.headoffice.inventory import change_cabin, lock_cabin, lock_lease, set_lease
from counter_app.headoffice.models import DayCloseRow, Sale, SaleCoupon, SaleTicket
from counter_app.headoffice.ops.batch import Batch, RefusalError
from counter_app.kernel.clock import SHANGHAI


@dataclass(frozen=True, slots=True)
class Seat:
    """Seats of coupons of one flight cabin that came from one place."""

    flight_id: str
    cabin: str
    lease_id: str | None
    source: str


def seats_of(coupons: list[Any], infants: set[str]) -> dict[Seat, int]:
    out: dict[Seat, int] = {}
    for c in coupons:
        if c.source == "none" or c.ticket_number in infants:
            continue
        key = Seat(c.flight_id, c.cabin, c.lease_id if c.source == "lease" else None, c.source)
        out[key] = out.get(key, 0) + 1
    return out


def give_back(s: Session, seats: dict[Seat, int]) -> str:
    """Seats back to the lease they came from while it is active; otherwise to stock (an
    ended lease keeps in ``granted`` only what it used, so that shrinks too). Leases are
    locked before cabins, each in a fixed order. Returns where they went: lease, stock,
    mixed or none."""
    leases = {lease_id: lock_lease(s, lease_id)
              for lease_id in sorted({k.lease_id for k in seats if k.lease_id is not None})}
    cabins: dict[tuple[str, str], tuple[int, int]] = {}
    places: set[str] = set()
    for key, n in sorted(seats.items(), key=lambda kv: (kv[0].flight_id, kv[0].cabin)):
        if n <= 0:
            continue
        lease = leases.get(key.lease_id) if key.lease_id is not None else None
        sold, granted = cabins.get((key.flight_id, key.cabin), (0, 0))
        if lease is not None:
            set_lease(s, lease, used=lease.used - n)
            if lease.status == "active":
                places.add("lease")
                continue
            granted -= n
        else:
            sold -= n
        places.add("stock")
        cabins[(key.flight_id, key.cabin)] = (sold, granted)
    for (flight_id, cabin), (sold, granted) in sorted(cabins.items()):
        lock_cabin(s, flight_id, cabin)
        change_cabin(s, flight_id, cabin, sold=sold, granted=granted)
    if not places:
        return "none"
    return places.pop() if len(places) == 1 else "mixed"


def coupons_of(s: Session, numbers: list[str]) -> list[Any]:
    return list(s.execute(
        select(SaleCoupon.ticket_number, SaleCoupon.seq, SaleCoupon.flight_id,
               SaleCoupon.cabin, SaleCoupon.class_code, SaleCoupon.lease_id,
               SaleCoupon.source, SaleCoupon.status, SaleCoupon.fare_fen,
               SaleCoupon.cn_fund_fen, SaleCoupon.fuel_fen, SaleCoupon.insurance_fen,
               SaleCoupon.service_fee_fen)
        .where(SaleCoupon.ticket_number.in_(numbers))
        .order_by(SaleCoupon.ticket_number, SaleCoupon.seq)
    ))


def day_closed(s: Session, counter_id: str, issued: datetime) -> date | None:
    """The business date of ``issued`` (naive UTC) when the counter has closed it."""
    day = records.aware(issued).astimezone(SHANGHAI).date()
    closed = s.scalar(select(DayCloseRow.business_date).where(
        DayCloseRow.counter_id == counter_id, DayCloseRow.business_date == day))
    return day if closed is not None else None


def own_sale(batch: Batch, sale_id: str, numbers: list[str]) -> tuple[Any, dict[str, Any]]:
    """The sale and its tickets ``numbers``: ``ticket_unknown`` unless every one is in the
    sale, ``not_your_ticket`` unless this counter sold it."""
    s = batch.session
    rows = {
        r.ticket_number: r
        for r in s.execute(
            select(SaleTicket.ticket_number, SaleTicket.sale_id, SaleTicket.status,
                   SaleTicket.passenger_type, SaleTicket.issued_at_counter,
                   SaleTicket.passenger_name, SaleTicket.id_type, SaleTicket.id_number,
                   SaleTicket.receipt_serial)
            .where(SaleTicket.ticket_number.in_(numbers))
        )
    }
    sale = s.execute(
        select(Sale.id, Sale.counter_id, Sale.flight_id, Sale.cabin, Sale.lease_id, Sale.source,
               Sale.issued_at_counter, Sale.customer_id)
        .where(Sale.id == sale_id)
    ).first()
    for number in numbers:
        row = rows.get(number)
        if row is None or sale is None or row.sale_id != sale_id:
            raise RefusalError("ticket_unknown", f"ticket {number} is not in sale {sale_id}")
    assert sale is not None
    if sale.counter_id != batch.counter.counter_id:
        raise RefusalError("not_your_ticket", "these tickets were issued by another counter")
    return sale, rows
