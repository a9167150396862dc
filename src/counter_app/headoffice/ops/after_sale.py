"""Op handlers after the sale: ``sale.refund`` (退票), ``sale.change`` (改签, the ticket
re-issued) and ``ticket.name`` (姓名更正), each recorded in ``after_sales``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from counter_app.domain.money import money
from counter_app.headoffice import records
from counter_app.headoffice.db import bulk_insert
from counter_app.headoffice.inventory import change_cabin, lock_cabin, lock_lease, set_lease
from counter_app.headoffice.models import (
    AfterSale,
    Clerk,
    Flight,
    Sale,
    SaleCoupon,
    SaleTicket,
    UsedNumber,
)
from counter_app.headoffice.ops.batch import Batch, RefusalError, fen, parse_ticket
from counter_app.headoffice.ops.rules import WALK_IN, money_rules, read_customers, read_flights
from counter_app.headoffice.ops.seats import coupons_of, give_back, own_sale, seats_of
from counter_app.kernel.ids import new_id
from counter_app.sync.protocol import SaleChange, SaleRefund, TicketName

# Roles whose login approves a name correction (as the counter's own APPROVER_ROLES):
# 主管, 柜台主任, 票务中心 — an active clerk of the counter's outlet in one of them.
APPROVER_ROLES = ("supervisor", "director", "head_office")


def _after_sale_row(batch: Batch, id_: str, kind: str, sale_id: str, ticket: str,
                    at: datetime, **fields: Any) -> dict[str, Any]:
    return {
        "id": id_, "counter_id": batch.counter.counter_id, "kind": kind, "sale_id": sale_id,
        "ticket_number": ticket, "new_ticket_number": fields.pop("new_ticket_number", None),
        "fee_fen": fields.pop("fee_fen", 0), "amount_fen": fields.pop("amount_fen", 0),
        "detail": fields.pop("detail", {}),
        "clerk_login": batch.op.clerk_login if batch.op else "",
        "at_counter": records.naive_utc(at), "recorded_at": batch.now,
    }


def _customer_kind(batch: Batch, customer_id: str | None) -> str:
    found = read_customers(batch.session, [customer_id]).get(customer_id or "")
    return WALK_IN if found is None else found.kind


def _coupon_refusal(number: str, seq: int, status: str) -> RefusalError:
    if status == "R":
        return RefusalError("already_refunded", f"coupon {seq} of {number} is already refunded")
    return RefusalError("coupon_not_open", f"coupon {seq} of {number} has status {status}")


def sale_refund(batch: Batch, p: SaleRefund) -> dict[str, Any]:
    s = batch.session
    number = str(parse_ticket(p.ticket_number))
    if s.get(AfterSale, p.refund_id) is not None:
        raise RefusalError("refund_exists", f"refund {p.refund_id} is already recorded")
    sale, rows = own_sale(batch, p.sale_id, [number])
    if rows[number].status == "void":
        raise RefusalError("ticket_void", f"ticket {number} is void")
    coupons = {c.seq: c for c in coupons_of(s, [number])}
    wanted = sorted(set(p.coupons))
    for seq in wanted:
        c = coupons.get(seq)
        if c is None:
            raise RefusalError("coupon_unknown", f"ticket {number} has no coupon {seq}")
        if c.status != "O":
            raise _coupon_refusal(number, seq, c.status)
    money_rules(s, batch.now).check_refund(
        coupons=[coupons[q] for q in wanted],
        flights=read_flights(s, (coupons[q].flight_id for q in wanted)),
        issued_at=sale.issued_at_counter, customer_kind=_customer_kind(batch, sale.customer_id),
        passenger_type=rows[number].passenger_type, reason=p.reason, fee=p.fee,
        amount=p.amount, payments=p.payments, refunded_at=p.refunded_at,
    )
    infants = {number} if rows[number].passenger_type == "INF" else set()
    back_to = give_back(s, seats_of([coupons[q] for q in wanted], infants))
    s.execute(update(SaleCoupon).where(SaleCoupon.ticket_number == number,
                                       SaleCoupon.seq.in_(wanted)).values(status="R"))
    # The refunded coupons' seats go too (a locked one as well: the ticket is gone).
    from counter_app.headoffice import seat_returns  # seats imports this module
    seat_returns.release_for_coupons(s, [coupons[q] for q in wanted], "refund",
                                       batch.op.clerk_login if batch.op else "", batch.now)
    still_open = s.scalar(select(SaleCoupon.seq).where(
        SaleCoupon.ticket_number == number, SaleCoupon.status == "O").limit(1))
    if still_open is None:
        s.execute(update(SaleTicket).where(SaleTicket.ticket_number == number)
                  .values(status="refunded"))
        if s.scalar(select(SaleTicket.ticket_number).where(
                SaleTicket.sale_id == p.sale_id, SaleTicket.status == "issued").limit(1)) is None:
            s.execute(update(Sale).where(Sale.id == p.sale_id, Sale.status == "issued")
                      .values(status="refunded"))
    s.execute(insert(AfterSale).values(**_after_sale_row(
        batch, p.refund_id, "refund", p.sale_id, number, p.refunded_at,
        fee_fen=fen(p.fee), amount_fen=fen(p.amount),
        detail={"coupons": wanted, "reason": p.reason,
                "payments": [{"method": x.method, "amount": str(money(x.amount))}
                             for x in p.payments]},
    )))
    seats = 0 if infants else len(wanted)
    return {"refund_id": p.refund_id, "ticket_number": number, "coupons": wanted,
            "seats": seats, "returned_to": back_to}


def sale_change(batch: Batch, p: SaleChange) -> dict[str, Any]:
    s = batch.session
    me = batch.counter.counter_id
    old_number = str(parse_ticket(p.old_ticket_number))
    new_num = parse_ticket(p.new_ticket_number)
    new_number = str(new_num)
    if s.get(AfterSale, p.change_id) is not None:
        raise RefusalError("change_exists", f"change {p.change_id} is already recorded")
    sale, rows = own_sale(batch, p.sale_id, [old_number])
    old = rows[old_number]
    if old.status != "issued":
        raise RefusalError("ticket_not_open", f"ticket {old_number} is {old.status}")
    coupons = {c.seq: c for c in coupons_of(s, [old_number])}
    moved = coupons.get(p.coupon_seq)
    if moved is None:
        raise RefusalError("coupon_unknown", f"ticket {old_number} has no coupon {p.coupon_seq}")
    if moved.status != "O":
        raise _coupon_refusal(old_number, p.coupon_seq, moved.status)
    for c in p.coupons:
        if not c.moved and (c.seq not in coupons or coupons[c.seq].status != "O"):
            raise RefusalError("coupon_not_open",
                               f"coupon {c.seq} of {old_number} cannot be carried over")
    g = p.new_segment
    if s.scalar(select(Flight.id).where(Flight.id == g.flight_id)) is None:
        raise RefusalError("flight_unknown", f"no flight {g.flight_id}")
    batch.check_numbers([("ticket", new_num.prefix, new_num.serial, new_number)])
    money_rules(s, batch.now).check_change(
        p, old={seq: c for seq, c in coupons.items() if c.status == "O"},
        flights=read_flights(s, {c.flight_id for c in coupons.values()} | {g.flight_id}),
        issued_at=sale.issued_at_counter, customer_kind=_customer_kind(batch, sale.customer_id),
    )

    infant = p.passenger_type == "INF"
    source, lease_id = "none", g.lease_id
    if infant:
        pass
    elif g.same_seat:
        if (moved.flight_id, moved.cabin) != (g.flight_id, g.cabin):
            raise RefusalError("invalid_payload", "same_seat needs the same flight and cabin")
        source, lease_id = moved.source, moved.lease_id
    else:
        # Leases before cabins, in a fixed order, as everywhere else.
        ids = sorted({x for x in (moved.lease_id, g.lease_id) if x is not None})
        locked = {lease_id_: lock_lease(s, lease_id_) for lease_id_ in ids}
        new_lease = locked.get(g.lease_id) if g.lease_id is not None else None
        if g.lease_id is not None and (
            new_lease is None or new_lease.counter_id != me
            or new_lease.flight_id != g.flight_id or new_lease.cabin != g.cabin
        ):
            raise RefusalError("lease_invalid",
                               "the lease is not this counter's lease for this flight and cabin")
        # Both cabins, in order, before either changes (the old seat may go back to stock).
        cabs = {key: lock_cabin(s, *key)
                for key in sorted({(moved.flight_id, moved.cabin), (g.flight_id, g.cabin)})}
        source = "stock"
        if new_lease is not None and new_lease.status == "active" and (
            new_lease.used + 1 <= new_lease.granted
        ):
            source = "lease"
        else:
            cab = cabs[(g.flight_id, g.cabin)]
            if cab is None or cab.free < 1:
                raise RefusalError("no_seats", f"no seat left in cabin {g.cabin}")
        give_back(s, seats_of([moved], set()))
        if source == "lease":
            assert new_lease is not None
            fresh = lock_lease(s, new_lease.id)
            assert fresh is not None
            set_lease(s, fresh, used=fresh.used + 1)
        else:
            change_cabin(s, g.flight_id, g.cabin, sold=1)
            lease_id = g.lease_id

    new_rows: list[dict[str, Any]] = []
    for c in p.coupons:
        before = coupons.get(c.seq)
        carried = not c.moved and before is not None
        new_rows.append({
            "ticket_number": new_number, "seq": c.seq, "sale_id": p.sale_id,
            "flight_id": before.flight_id if carried and before else g.flight_id,
            "cabin": before.cabin if carried and before else g.cabin,
            "class_code": c.class_code,
            "lease_id": before.lease_id if carried and before else lease_id,
            "source": "none" if infant else (before.source if carried and before else source),
            "status": "O", "fare_fen": fen(c.fare), "cn_fund_fen": fen(c.cn_fund),
            "fuel_fen": fen(c.fuel), "insurance_fen": fen(c.insurance),
            "service_fee_fen": fen(c.service_fee),
            "insurance_policy_no": c.insurance_policy_no,
        })
    fare = sum(r["fare_fen"] for r in new_rows)
    taxes = sum(r["cn_fund_fen"] + r["fuel_fen"] for r in new_rows)
    insurance = sum(r["insurance_fen"] for r in new_rows)
    fees = sum(r["service_fee_fen"] for r in new_rows)
    s.execute(update(SaleCoupon).where(SaleCoupon.ticket_number == old_number,
                                       SaleCoupon.status == "O").values(status="E"))
    s.execute(update(SaleTicket).where(SaleTicket.ticket_number == old_number)
              .values(status="exchanged"))
    s.execute(insert(SaleTicket).values(
        ticket_number=new_number, sale_id=p.sale_id, passenger_name=old.passenger_name,
        passenger_type=old.passenger_type, id_type=old.id_type, id_number=old.id_number,
        fare_fen=fare, cn_fund_fen=sum(r["cn_fund_fen"] for r in new_rows),
        fuel_fen=sum(r["fuel_fen"] for r in new_rows), insurance_fen=insurance,
        total_fen=fare + taxes + insurance + fees, receipt_serial=None, status="issued",
        void_reason="", service_fee_fen=fees,
        issued_at_counter=records.naive_utc(p.changed_at), exchanged_from=old_number,
    ))
    bulk_insert(s, SaleCoupon, new_rows)
    s.execute(insert(UsedNumber).values(
        kind="ticket", prefix=new_num.prefix, number=new_num.serial, counter_id=me,
        status="used", sale_id=p.sale_id, reason="", recorded_at=batch.now,
    ))
    s.execute(insert(AfterSale).values(**_after_sale_row(
        batch, p.change_id, "change", p.sale_id, old_number, p.changed_at,
        new_ticket_number=new_number, fee_fen=fen(p.fee),
        amount_fen=fen(p.fee) + fen(p.fare_difference),
        detail={"coupon_seq": p.coupon_seq, "reason": p.reason,
                "fare_difference": str(money(p.fare_difference)),
                "flight_id": g.flight_id, "class_code": g.class_code,
                "payments": [{"method": x.method, "amount": str(money(x.amount))}
                             for x in p.payments]},
    )))
    return {"change_id": p.change_id, "old_ticket_number": old_number,
            "new_ticket_number": new_number, "source": source}


def ticket_name(batch: Batch, p: TicketName) -> dict[str, Any]:
    number = str(parse_ticket(p.ticket_number))
    _sale, rows = own_sale(batch, p.sale_id, [number])
    if rows[number].status != "issued":
        raise RefusalError("ticket_not_open", f"ticket {number} is {rows[number].status}")
    if rows[number].passenger_name != p.old_name:
        raise RefusalError("name_mismatch", f"ticket {number} is not in the name {p.old_name}")
    s = batch.session
    approver = s.scalar(select(Clerk.login).where(
        Clerk.login == p.approved_by, Clerk.outlet_code == batch.counter.outlet_code,
        Clerk.active.is_(True), Clerk.role.in_(APPROVER_ROLES)))
    if approver is None:
        raise RefusalError("approval_invalid",
                           f"approved_by: {p.approved_by!r} is not an active supervisor of "
                           f"outlet {batch.counter.outlet_code}")
    s.execute(update(SaleTicket).where(SaleTicket.ticket_number == number)
              .values(passenger_name=p.new_name))
    op_id = batch.op.op_id if batch.op else new_id()
    s.execute(insert(AfterSale).values(**_after_sale_row(
        batch, op_id[:36], "name", p.sale_id, number, batch.now,
        detail={"old": p.old_name, "new": p.new_name, "approved_by": p.approved_by,
                "code": p.code},
    )))
    return {"ticket_number": number, "name": p.new_name}
