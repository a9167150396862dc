"""Op handlers of the sale family: ``sale.issue`` (op by op, also for multi-segment sales),
``sale.void``, ``number.void`` and ``lease.release``; and the rows of a sale, which the bulk
path (:mod:`.bulk_sales`) writes too. Payloads and refusal codes: the docstring of
``counter_app.headoffice.apply``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from counter_app.domain.money import money
from counter_app.domain.tickets import TicketNumber
from counter_app.headoffice import records, seat_returns
from counter_app.headoffice.db import bulk_insert, table_of
from counter_app.headoffice.inventory import (
    change_cabin,
    end_lease,
    lock_cabin,
    lock_lease,
    set_lease,
)
from counter_app.headoffice.models import Flight, Sale, SaleCoupon, SaleTicket, UsedNumber
from counter_app.headoffice.ops.batch import Batch, RefusalError, fen, parse_ticket
from counter_app.headoffice.ops.customers import CustomerAccess
from counter_app.headoffice.ops.rules import money_rules, read_customers, read_flights
from counter_app.headoffice.ops.seats import coupons_of, day_closed, give_back, own_sale, seats_of
from counter_app.sync.protocol import (
    LeaseRelease,
    NumberVoid,
    SaleIssue,
    SaleVoid,
    SegmentLine,
    TicketLine,
)


def sale_issue(batch: Batch, p: SaleIssue) -> dict[str, Any]:
    s = batch.session
    me = batch.counter.counter_id
    if s.get(Sale, p.sale_id) is not None:
        raise RefusalError("sale_exists", f"sale {p.sale_id} is already recorded")
    segments = segments_of(p)
    known = set(s.scalars(select(Flight.id).where(
        Flight.id.in_([g.flight_id for g in segments]))))
    for g in segments:
        if g.flight_id not in known:
            raise RefusalError("flight_unknown", f"no flight {g.flight_id}")
    CustomerAccess(s, batch.counter.outlet_code).check_sale(p.customer_id, p.gp_order_no)
    money_rules(s, batch.now).check_sale(p, segments, read_flights(s, known),
                                         read_customers(s, [p.customer_id]))
    tickets = [(t, parse_ticket(t.ticket_number)) for t in p.tickets]
    numbers = [("ticket", num.prefix, num.serial, str(num)) for _, num in tickets]
    numbers += [("receipt", "", int(t.receipt_serial), f"receipt {t.receipt_serial}")
                for t, _ in tickets if t.receipt_serial is not None]
    batch.check_numbers(numbers)
    seats = sum(1 for t in p.tickets if t.passenger_type != "INF")
    ticket_rows, total = ticket_rows_of(p, tickets)
    coupon_check = coupon_rows(p, tickets, segments, {g.seq: "stock" for g in segments})
    del coupon_check  # refuses a malformed multi-segment sale before any seat moves

    # Leases first, then cabins, each in a fixed order: no two batches wait in a cycle.
    leases = {lease_id: lock_lease(s, lease_id)
              for lease_id in sorted({g.lease_id for g in segments if g.lease_id is not None})}
    sources: dict[int, str] = {}
    for g in segments:
        source = "stock"
        if g.lease_id is not None:
            lease = leases[g.lease_id]
            if (lease is None or lease.counter_id != me or lease.flight_id != g.flight_id
                    or lease.cabin != g.cabin):
                raise RefusalError("lease_invalid",
                              "the lease is not this counter's lease for this flight and cabin")
            if lease.status == "active" and lease.used + seats <= lease.granted:
                set_lease(s, lease, used=lease.used + seats)
                source = "lease"
        sources[g.seq] = source
    for g in sorted((g for g in segments if sources[g.seq] == "stock"),
                    key=lambda g: (g.flight_id, g.cabin)):
        if not seats:
            continue
        cab = lock_cabin(s, g.flight_id, g.cabin)
        if cab is None or cab.free < seats:
            left = 0 if cab is None else max(cab.free, 0)
            raise RefusalError("no_seats", f"{seats} seats wanted, {left} left in cabin {g.cabin}")
        change_cabin(s, g.flight_id, g.cabin, sold=seats)

    me_clerk = batch.op.clerk_login if batch.op else ""
    s.execute(table_of(Sale).insert(), [sale_row(p, me, me_clerk, seats, sources[1], total,
                                                 batch.now)])
    bulk_insert(s, SaleTicket, ticket_rows)
    bulk_insert(s, SaleCoupon, coupon_rows(p, tickets, segments, sources))
    bulk_insert(s, UsedNumber, [
        {"kind": kind, "prefix": prefix, "number": number, "counter_id": me, "status": "used",
         "sale_id": p.sale_id, "reason": "", "recorded_at": batch.now}
        for kind, prefix, number, _ in numbers
    ])
    result: dict[str, Any] = {"sale_id": p.sale_id, "seats": seats, "source": sources[1]}
    if len(segments) > 1:
        result["sources"] = [sources[g.seq] for g in segments]
    return result


def segments_of(p: SaleIssue) -> list[SegmentLine]:
    """The sale's segments; a one-segment sale may leave ``segments`` out."""
    first = SegmentLine(seq=1, flight_id=p.flight_id, cabin=p.cabin, class_code=p.class_code,
                        lease_id=p.lease_id)
    if not p.segments:
        return [first]
    head = p.segments[0]
    if (head.flight_id, head.cabin, head.class_code, head.lease_id) != (
        p.flight_id, p.cabin, p.class_code, p.lease_id
    ):
        raise RefusalError("invalid_payload", "segments[0] must repeat the sale's flight")
    if len({g.seq for g in p.segments}) != len(p.segments):
        raise RefusalError("invalid_payload", "a segment number appears twice")
    return list(p.segments)


def coupon_rows(
    p: SaleIssue, tickets: list[tuple[TicketLine, TicketNumber]], segments: list[SegmentLine],
    sources: dict[int, str],
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for t, num in tickets:
        given = {c.seq: c for c in t.coupons}
        for g in segments:
            c = given.get(g.seq)
            if c is None and len(segments) > 1:
                raise RefusalError("invalid_payload",
                                   f"ticket {num} has no coupon for segment {g.seq}")
            rows.append({
                "ticket_number": str(num), "seq": g.seq, "sale_id": p.sale_id,
                "flight_id": g.flight_id, "cabin": g.cabin, "class_code": g.class_code,
                "lease_id": g.lease_id,
                "source": "none" if t.passenger_type == "INF" else sources[g.seq],
                "status": "O",
                "fare_fen": fen(c.fare if c else t.fare),
                "cn_fund_fen": fen(c.cn_fund if c else t.cn_fund),
                "fuel_fen": fen(c.fuel if c else t.fuel),
                "insurance_fen": fen(c.insurance if c else t.insurance),
                "service_fee_fen": fen(c.service_fee if c else t.service_fee),
                "insurance_policy_no": c.insurance_policy_no if c else "",
            })
    return rows


def ticket_rows_of(
    p: SaleIssue, tickets: list[tuple[TicketLine, TicketNumber]]
) -> tuple[list[dict[str, Any]], int]:
    rows: list[dict[str, Any]] = []
    total = 0
    for t, num in tickets:
        row: dict[str, Any] = {
            "ticket_number": str(num), "sale_id": p.sale_id,
            "passenger_name": t.passenger_name, "passenger_type": t.passenger_type,
            "id_type": t.id_type, "id_number": t.id_number, "fare_fen": fen(t.fare),
            "cn_fund_fen": fen(t.cn_fund), "fuel_fen": fen(t.fuel),
            "insurance_fen": fen(t.insurance), "total_fen": fen(t.total),
            "receipt_serial": t.receipt_serial, "status": "issued", "void_reason": "",
            "service_fee_fen": fen(t.service_fee), "issued_at_counter": None,
            "exchanged_from": None,
        }
        total += row["total_fen"]
        rows.append(row)
    return rows, total


def sale_row(p: SaleIssue, counter_id: str, clerk: str, seats: int, source: str, total: int,
             now: datetime) -> dict[str, Any]:
    return {
        "id": p.sale_id, "counter_id": counter_id, "clerk_login": clerk, "pnr": p.pnr,
        "flight_id": p.flight_id, "cabin": p.cabin, "class_code": p.class_code,
        "lease_id": p.lease_id, "customer_id": p.customer_id, "seats": seats,
        "source": source, "total_fen": total,
        "payments": [{"method": pay.method, "amount": str(money(pay.amount))}
                     for pay in p.payments],
        "status": "issued", "issued_at_counter": records.naive_utc(p.issued_at),
        "received_at": now, "gp_order_no": p.gp_order_no, "commission_fen": fen(p.commission),
    }


def sale_void(batch: Batch, p: SaleVoid) -> dict[str, Any]:
    s = batch.session
    numbers = [str(parse_ticket(n)) for n in p.ticket_numbers]
    if len(set(numbers)) != len(numbers):
        raise RefusalError("invalid_payload", "a ticket number appears twice")
    sale, rows = own_sale(batch, p.sale_id, numbers)
    for number in numbers:
        if rows[number].status == "void":
            raise RefusalError("already_void", f"ticket {number} is already void")
        if rows[number].status != "issued":
            raise RefusalError("ticket_not_open", f"ticket {number} is {rows[number].status}")
        issued = rows[number].issued_at_counter or sale.issued_at_counter
        closed = day_closed(s, batch.counter.counter_id, issued)
        if closed is not None:
            raise RefusalError("void_after_day_close",
                               f"ticket {number} was issued on {closed}, a closed day")
    coupons = [c for c in coupons_of(s, numbers) if c.status == "O"]
    infants = {n for n in numbers if rows[n].passenger_type == "INF"}
    seats = sum(1 for n in numbers if rows[n].passenger_type != "INF")
    back_to = give_back(s, seats_of(coupons, infants))
    s.execute(
        update(SaleTicket).where(SaleTicket.ticket_number.in_(numbers))
        .values(status="void", void_reason=p.reason)
    )
    s.execute(update(SaleCoupon).where(SaleCoupon.ticket_number.in_(numbers),
                                       SaleCoupon.status == "O").values(status="V"))
    # Their seats on the flights go too, whether or not the counter's seat.release follows.
    seat_returns.release_for_coupons(s, coupons, "void",
                                       batch.op.clerk_login if batch.op else "", batch.now)
    left = s.scalar(
        select(SaleTicket.ticket_number)
        .where(SaleTicket.sale_id == p.sale_id, SaleTicket.status != "void").limit(1)
    )
    if left is None:
        s.execute(update(Sale).where(Sale.id == p.sale_id).values(status="void"))
    return {"sale_id": p.sale_id, "voided": numbers, "seats": seats,
            "returned_to": "stock" if back_to == "none" else back_to}


def number_void(batch: Batch, p: NumberVoid) -> dict[str, Any]:
    if p.kind == "ticket" and not p.prefix:
        raise RefusalError("invalid_payload", "a ticket number needs its airline prefix")
    if p.kind == "receipt" and p.prefix:
        raise RefusalError("invalid_payload", "receipt serials have no prefix")
    number = int(p.number)
    label = f"{p.prefix}-{number:010d}" if p.kind == "ticket" else f"receipt {number:010d}"
    batch.check_numbers([(p.kind, p.prefix, number, label)])
    batch.session.execute(insert(UsedNumber).values(
        kind=p.kind, prefix=p.prefix, number=number, counter_id=batch.counter.counter_id,
        status="void", sale_id=None, reason=p.reason, recorded_at=batch.now,
    ))
    return {"kind": p.kind, "prefix": p.prefix, "number": number, "status": "void"}


def lease_release(batch: Batch, p: LeaseRelease) -> dict[str, Any]:
    lease = lock_lease(batch.session, p.lease_id)
    if lease is None or lease.counter_id != batch.counter.counter_id:
        raise RefusalError("lease_unknown", f"no lease {p.lease_id} of this counter")
    returned = 0
    if lease.status == "active":
        returned = lease.granted - lease.used
        end_lease(batch.session, lease, "released")
    return {"lease_id": lease.id, "status": lease.status, "returned": returned}
