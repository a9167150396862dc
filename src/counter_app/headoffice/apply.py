"""Applying a counter's pushed ops (上传操作的入账).

A batch is applied in ONE database transaction:

1. A per-counter lock (a PostgreSQL advisory lock; SQLite's ``BEGIN IMMEDIATE`` already
   serialises writers), so two deliveries of the same batch cannot interleave, then leases
   past their expiry are expired.
2. The stored ``(counter, op_id)`` rows of the whole batch are looked up; if any stored
   payload hash differs from the op's (or one op_id appears twice with different
   payloads), the whole batch is refused with HTTP 409 ``op_id_reused`` (ErrorBody with
   ``detail = {"op_id": ...}``) and nothing of it is applied.
3. Each op, in order: stored before → ``duplicate`` with the stored result (a stored
   refusal is repeated as ``rejected`` with the same code). An unknown schema version
   (``schema_version_unsupported``) or a payload whose hash is not ``payload_hash`` says
   (``payload_hash_mismatch``) is rejected and NOT stored: the envelope was wrong, nothing
   was decided. A clerk who is not an active clerk of the counter's outlet →
   ``clerk_not_in_outlet`` (stored). Otherwise the op runs inside a SAVEPOINT: success →
   ``applied`` and its result stored in ``applied_ops`` in the same transaction; a business
   refusal → rollback to the savepoint, ``rejected`` (code, message) stored so a replay
   says the same; a lock timeout, deadlock or serialization failure → rollback to the
   savepoint and this op and every later one of the batch answer ``retry`` (not stored;
   later ops may depend on it).
4. One COMMIT at the end, with the change-log seq step (``changes.py``).

Runs of consecutive ``sale.issue`` ops (the bulk of any outbox) are decided in memory
against rows read and locked once per run, and written with one ``executemany`` per table;
a refusal writes nothing for its op, just as a rolled-back savepoint would. If those bulk
writes still fail, the run is redone op by op with savepoints (see :class:`_SalesRun`).

Op payloads (money as strings of yuan with fen):

``sale.issue``
    ``{"sale_id", "pnr", "flight_id", "cabin", "class_code", "lease_id" | null,
    "customer_id" | null, "tickets": [{"ticket_number": "876-2090171140",
    "passenger_name", "passenger_type": "ADT|CHD|INF", "id_type", "id_number", "fare",
    "cn_fund", "fuel", "insurance", "total", "receipt_serial": null | "0000123456"}],
    "payments": [{"method", "amount"}], "issued_at"}``. Seats = tickets that are not INF.
    The lease must be this counter's and match flight and cabin (``lease_invalid``). An
    active lease with room → ``used += seats``; otherwise (lease ended or exhausted, or no
    lease) the seats come from free stock under the cabin row lock, else ``no_seats``.
    Ticket numbers must lie in one of this counter's ticket ranges with the same prefix
    (``number_out_of_range``) and be unused (``number_used``); receipt serials likewise
    (kind receipt, prefix ""). Result ``{"sale_id", "seats", "source": "lease"|"stock"}``.
    Multi-segment sales (return, connection) add ``"segments": [{"seq", "flight_id",
    "cabin", "class_code", "lease_id"}]`` (the first repeating the top-level flight) and
    per ticket ``"coupons": [{"seq", "fare", "cn_fund", "fuel", "insurance",
    "service_fee", "insurance_policy_no"}]``; each segment's seats come from its lease or
    stock as above (result ``"sources"`` per segment); they take the op-by-op path. Optional
    ``"gp_order_no"``, ``"commission"`` and per ticket ``"service_fee"``. Every ticket gets
    one ``sale_coupons`` row per segment (status ``O``) recording where its seat came from.
``sale.void``
    ``{"sale_id", "ticket_numbers": [...], "reason"}``: ``ticket_unknown``,
    ``not_your_ticket``, ``already_void``, ``ticket_not_open`` (refunded or exchanged),
    ``void_after_day_close`` (the counter closed the day of issue); each open coupon's seat
    goes back to its lease while it is active, otherwise to stock.
``sale.refund``
    ``{"refund_id", "sale_id", "ticket_number", "coupons": [seq], "reason", "fee",
    "amount", "payments": [{"method", "amount"}], "refunded_at"}``: ``refund_exists``,
    ``ticket_unknown``, ``not_your_ticket``, ``ticket_void``, ``coupon_unknown``,
    ``already_refunded``, ``coupon_not_open``. Coupons ``R``, seats back (lease if active,
    else stock), the ticket ``refunded`` once no coupon is open; recorded in
    ``after_sales``. Result ``{"refund_id", "ticket_number", "coupons", "seats",
    "returned_to"}``.
``sale.change``
    ``{"change_id", "sale_id", "old_ticket_number", "new_ticket_number", "coupon_seq",
    "passenger_type", "reason", "fee", "fare_difference", "new_segment": {"flight_id",
    "cabin", "class_code", "lease_id", "same_seat"}, "coupons": [{"seq", "flight_id",
    "cabin", "class_code", "fare", ..., "moved"}], "payments", "changed_at"}``: the old
    ticket ``exchanged`` (open coupons ``E``), the new number checked against this
    counter's ranges (``number_out_of_range``, ``number_used``), the moved coupon's seat
    back to its source and a seat taken on the new flight from the lease (active with
    room) or stock (``no_seats``, ``lease_invalid``); carried coupons keep their seats.
    Also ``change_exists``, ``ticket_unknown``, ``not_your_ticket``, ``ticket_not_open``,
    ``coupon_unknown``, ``already_refunded``, ``coupon_not_open``, ``flight_unknown``.
``day.close``
    ``{"close_id", "outlet_code", "business_date", "closed_at", "totals"}``: recorded once
    per counter and date (``day_already_closed``, ``not_your_outlet``).
``ticket.name``
    ``{"sale_id", "ticket_number", "old_name", "new_name", "approved_by", "code"}``: a
    typo corrected with a supervisor's approval (``ticket_unknown``, ``not_your_ticket``,
    ``ticket_not_open``, ``name_mismatch``).
``request.head_office``
    ``{"request_id", "action": "refund"|"void"|"change"|"book"|"name", "ticket_number" |
    null, "flight_no" | null, "pnr" | null, "note", "requested_at"}``: a step only head
    office can take, recorded once in ``requests`` with status ``received``
    (``request_exists`` if the id is already taken). Result ``{"request_id", "status":
    "received"}``.
``receipt.print``
    ``{"print_id", "sale_id", "ticket_number", "serial": "0000123456", "replaces": null |
    "0000123455", "reason", "mode": "overlay"|"plain", "printed_at"}``: an itinerary receipt
    (行程单) printed for one of this counter's tickets (``ticket_unknown``,
    ``not_your_ticket``, ``ticket_void``; refunded and exchanged tickets may still get one).
    One receipt per ticket: without ``replaces`` a ticket that has one is refused
    ``receipt_exists``; a replacement (换开) names the ticket's current serial
    (``receipt_mismatch``) and a non-empty ``reason``, and that serial's ``used_numbers``
    row becomes ``void`` with reason ``replaced: <reason>``. The serial is checked against
    this counter's receipt ranges (``number_out_of_range``, ``number_used``), recorded used
    (``receipt for <ticket>``) and becomes the ticket's ``receipt_serial``. Result
    ``{"print_id", "ticket_number", "serial", "replaced": serial | null}``.
``invoice.request``
    ``{"request_id", "sale_id", "ticket_number", "buyer_name", "buyer_uscc": null | 18
    characters, "buyer_kind": "company"|"individual", "email", "requested_at"}``: an
    e-invoice request (电子发票申请) stored in ``invoice_requests`` with status ``received``.
    A company's code is checked by GB 32100 (``invalid_uscc``, the message names the fault:
    length, a character, the check character); an individual sends none. ``request_exists``
    (the id is taken), ``ticket_unknown``, ``not_your_ticket``, ``ticket_void``,
    ``invoice_exists`` (the ticket has a request that is not red-reversed). Result
    ``{"request_id", "status": "received"}``.
``invoice.reverse``
    ``{"request_id", "reason", "reversed_at"}``: this counter's request red-reversed (红冲)
    (``invoice_unknown``, ``invoice_already_reversed``): status ``red_reversed`` with the
    reason; an invoice number already given moves to ``original_invoice_no``. The ticket may
    then get a new request. Result ``{"request_id", "status": "red_reversed"}``.
``number.void``
    ``{"kind": "ticket"|"receipt", "prefix", "number", "reason"}``: a skipped number (a
    gap) recorded void (``number_out_of_range``, ``number_used``).
``lease.release``
    ``{"lease_id"}``: the unused seats go back to stock (``lease_unknown``; an ended lease
    is applied with nothing to do).
``customer.update``
    ``{"customer_id", "base_version", "base": {field: value}, "changes": {field: value}}``
    for name_zh, uscc, settlement, credit_limit, contact_name, contact_phone, notes. Per
    field: head office value == base → take the new value; == new → nothing; otherwise a
    conflict: head office keeps its value and a ``conflicts`` row goes to the counter. The
    op is ``applied`` with ``{"applied": [...], "conflicts": [...], "version": n}``; a
    customer of another outlet → ``not_your_customer``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import bindparam, insert, select, tuple_, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.ids import validate_uscc
from counter_app.domain.money import MoneyError, money, to_fen
from counter_app.domain.tickets import TicketNumber
from counter_app.headoffice import changes, records
from counter_app.headoffice.auth import CounterIdentity, active_clerks
from counter_app.headoffice.db import bulk_insert, is_transient, lock_key, table_of
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.inventory import (
    LEASE_COLUMNS,
    CabinRow,
    LeaseRow,
    change_cabin,
    end_lease,
    expire_leases,
    lock_cabin,
    lock_lease,
    log_lease,
    set_lease,
)
from counter_app.headoffice.models import (
    AfterSale,
    AppliedOp,
    Counter,
    Customer,
    DayCloseRow,
    Flight,
    HeadOfficeRequestRow,
    InvoiceRequestRow,
    MergeConflict,
    NumberRangeRow,
    Sale,
    SaleCoupon,
    SaleTicket,
    SeatLease,
    UsedNumber,
)
from counter_app.kernel.clock import SHANGHAI
from counter_app.kernel.ids import new_id
from counter_app.sync.protocol import (
    ACCEPTED_OP_SCHEMA_VERSIONS,
    CUSTOMER_FIELDS,
    CustomerUpdate,
    DayClose,
    HeadOfficeRequest,
    InvoiceRequest,
    InvoiceReverse,
    LeaseRelease,
    NumberVoid,
    Op,
    OpKind,
    OpPayload,
    OpResult,
    OpStatus,
    PushResponse,
    ReceiptPrint,
    SaleChange,
    SaleIssue,
    SaleRefund,
    SaleVoid,
    Scope,
    SegmentLine,
    TicketLine,
    TicketName,
    payload_hash,
)


class RefusalError(Exception):
    """A business refusal of one op: it will never apply as sent."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


# --- payloads ------------------------------------------------------------------------------

P = TypeVar("P", bound=OpPayload)


def _parse(model: type[P], payload: dict[str, Any]) -> P:
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise RefusalError("invalid_payload", f"{where}: {first.get('msg', 'invalid')}") from None


_PLAIN_MONEY = re.compile(r"(\d{1,10})\.(\d{2})")


def _fen(value: str) -> int:
    plain = _PLAIN_MONEY.fullmatch(value)  # the usual "1480.00": no Decimal needed
    if plain is not None:
        return int(plain.group(1)) * 100 + int(plain.group(2))
    try:
        return to_fen(money(value))
    except MoneyError as exc:
        raise RefusalError("invalid_payload", str(exc)) from None


# --- the batch -----------------------------------------------------------------------------


@dataclass
class Batch:
    """What every op of one batch needs: the session, who is pushing, and caches."""

    session: Session
    counter: CounterIdentity
    now: datetime  # naive UTC
    op: Op | None = None
    clerks: set[str] = field(default_factory=set)
    _ranges: dict[tuple[str, str], list[tuple[int, int]]] | None = field(default=None)

    def ranges(self, kind: str, prefix: str) -> list[tuple[int, int]]:
        if self._ranges is None:
            self._ranges = {}
            rows = self.session.execute(
                select(NumberRangeRow.kind, NumberRangeRow.prefix, NumberRangeRow.first,
                       NumberRangeRow.last)
                .where(NumberRangeRow.counter_id == self.counter.counter_id)
            )
            for r in rows:
                self._ranges.setdefault((r.kind, r.prefix), []).append((r.first, r.last))
        return self._ranges.get((kind, prefix), [])

    def check_numbers(self, numbers: list[tuple[str, str, int, str]]) -> None:
        """Each (kind, prefix, number, label) must be in this counter's ranges and unused."""
        seen: set[tuple[str, str, int]] = set()
        for kind, prefix, number, label in numbers:
            if not any(first <= number <= last for first, last in self.ranges(kind, prefix)):
                raise RefusalError("number_out_of_range",
                              f"{label} is not in a range given to this counter")
            if (kind, prefix, number) in seen:
                raise RefusalError("number_used", f"{label} appears twice")
            seen.add((kind, prefix, number))
        if not numbers:
            return
        used = self.session.execute(
            select(UsedNumber.kind, UsedNumber.prefix, UsedNumber.number).where(
                tuple_(UsedNumber.kind, UsedNumber.prefix, UsedNumber.number).in_(
                    [(k, p, n) for k, p, n, _ in numbers]
                )
            )
        ).first()
        if used is not None:
            label = next(lbl for k, p, n, lbl in numbers if (k, p, n) == tuple(used))
            raise RefusalError("number_used", f"{label} was already used or voided")


# --- handlers ------------------------------------------------------------------------------


def _ticket(text: str) -> TicketNumber:
    try:
        return TicketNumber.parse(text)
    except DomainError:
        raise RefusalError("invalid_payload", f"not a ticket number: {text!r}") from None


def _segments_of(p: SaleIssue) -> list[SegmentLine]:
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


def _coupon_rows(
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
                "fare_fen": _fen(c.fare if c else t.fare),
                "cn_fund_fen": _fen(c.cn_fund if c else t.cn_fund),
                "fuel_fen": _fen(c.fuel if c else t.fuel),
                "insurance_fen": _fen(c.insurance if c else t.insurance),
                "service_fee_fen": _fen(c.service_fee if c else t.service_fee),
                "insurance_policy_no": c.insurance_policy_no if c else "",
            })
    return rows


def sale_issue(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(SaleIssue, payload)
    s = batch.session
    me = batch.counter.counter_id
    if s.get(Sale, p.sale_id) is not None:
        raise RefusalError("sale_exists", f"sale {p.sale_id} is already recorded")
    segments = _segments_of(p)
    known = set(s.scalars(select(Flight.id).where(
        Flight.id.in_([g.flight_id for g in segments]))))
    for g in segments:
        if g.flight_id not in known:
            raise RefusalError("flight_unknown", f"no flight {g.flight_id}")
    tickets = [(t, _ticket(t.ticket_number)) for t in p.tickets]
    numbers = [("ticket", num.prefix, num.serial, str(num)) for _, num in tickets]
    numbers += [("receipt", "", int(t.receipt_serial), f"receipt {t.receipt_serial}")
                for t, _ in tickets if t.receipt_serial is not None]
    batch.check_numbers(numbers)
    seats = sum(1 for t in p.tickets if t.passenger_type != "INF")
    ticket_rows, total = _ticket_rows(p, tickets)
    coupon_check = _coupon_rows(p, tickets, segments, {g.seq: "stock" for g in segments})
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
    s.execute(table_of(Sale).insert(), [_sale_row(p, me, me_clerk, seats, sources[1], total,
                                                  batch.now)])
    bulk_insert(s, SaleTicket, ticket_rows)
    bulk_insert(s, SaleCoupon, _coupon_rows(p, tickets, segments, sources))
    bulk_insert(s, UsedNumber, [
        {"kind": kind, "prefix": prefix, "number": number, "counter_id": me, "status": "used",
         "sale_id": p.sale_id, "reason": "", "recorded_at": batch.now}
        for kind, prefix, number, _ in numbers
    ])
    result: dict[str, Any] = {"sale_id": p.sale_id, "seats": seats, "source": sources[1]}
    if len(segments) > 1:
        result["sources"] = [sources[g.seq] for g in segments]
    return result


# --- seats of coupons going back (void, refund, change) ------------------------------------



@dataclass(frozen=True, slots=True)
class _Seat:
    """Seats of coupons of one flight cabin that came from one place."""

    flight_id: str
    cabin: str
    lease_id: str | None
    source: str


def _seats_of(coupons: list[Any], infants: set[str]) -> dict[_Seat, int]:
    out: dict[_Seat, int] = {}
    for c in coupons:
        if c.source == "none" or c.ticket_number in infants:
            continue
        key = _Seat(c.flight_id, c.cabin, c.lease_id if c.source == "lease" else None, c.source)
        out[key] = out.get(key, 0) + 1
    return out


def _give_back(s: Session, seats: dict[_Seat, int]) -> str:
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


def _coupons_of(s: Session, numbers: list[str]) -> list[Any]:
    return list(s.execute(
        select(SaleCoupon.ticket_number, SaleCoupon.seq, SaleCoupon.flight_id,
               SaleCoupon.cabin, SaleCoupon.class_code, SaleCoupon.lease_id,
               SaleCoupon.source, SaleCoupon.status)
        .where(SaleCoupon.ticket_number.in_(numbers))
        .order_by(SaleCoupon.ticket_number, SaleCoupon.seq)
    ))


def _day_closed(s: Session, counter_id: str, issued: datetime) -> date | None:
    """The business date of ``issued`` (naive UTC) when the counter has closed it."""
    day = records.aware(issued).astimezone(SHANGHAI).date()
    closed = s.scalar(select(DayCloseRow.business_date).where(
        DayCloseRow.counter_id == counter_id, DayCloseRow.business_date == day))
    return day if closed is not None else None


def _own_sale(batch: Batch, sale_id: str, numbers: list[str]) -> tuple[Any, dict[str, Any]]:
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
               Sale.issued_at_counter)
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


def sale_void(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(SaleVoid, payload)
    s = batch.session
    numbers = [str(_ticket(n)) for n in p.ticket_numbers]
    if len(set(numbers)) != len(numbers):
        raise RefusalError("invalid_payload", "a ticket number appears twice")
    sale, rows = _own_sale(batch, p.sale_id, numbers)
    for number in numbers:
        if rows[number].status == "void":
            raise RefusalError("already_void", f"ticket {number} is already void")
        if rows[number].status != "issued":
            raise RefusalError("ticket_not_open", f"ticket {number} is {rows[number].status}")
        issued = rows[number].issued_at_counter or sale.issued_at_counter
        closed = _day_closed(s, batch.counter.counter_id, issued)
        if closed is not None:
            raise RefusalError("void_after_day_close",
                               f"ticket {number} was issued on {closed}, a closed day")
    coupons = [c for c in _coupons_of(s, numbers) if c.status == "O"]
    infants = {n for n in numbers if rows[n].passenger_type == "INF"}
    seats = sum(1 for n in numbers if rows[n].passenger_type != "INF")
    back_to = _give_back(s, _seats_of(coupons, infants))
    s.execute(
        update(SaleTicket).where(SaleTicket.ticket_number.in_(numbers))
        .values(status="void", void_reason=p.reason)
    )
    s.execute(update(SaleCoupon).where(SaleCoupon.ticket_number.in_(numbers),
                                       SaleCoupon.status == "O").values(status="V"))
    left = s.scalar(
        select(SaleTicket.ticket_number)
        .where(SaleTicket.sale_id == p.sale_id, SaleTicket.status != "void").limit(1)
    )
    if left is None:
        s.execute(update(Sale).where(Sale.id == p.sale_id).values(status="void"))
    return {"sale_id": p.sale_id, "voided": numbers, "seats": seats,
            "returned_to": "stock" if back_to == "none" else back_to}


def number_void(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(NumberVoid, payload)
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


def lease_release(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(LeaseRelease, payload)
    lease = lock_lease(batch.session, p.lease_id)
    if lease is None or lease.counter_id != batch.counter.counter_id:
        raise RefusalError("lease_unknown", f"no lease {p.lease_id} of this counter")
    returned = 0
    if lease.status == "active":
        returned = lease.granted - lease.used
        end_lease(batch.session, lease, "released")
    return {"lease_id": lease.id, "status": lease.status, "returned": returned}


def _normalise_field(name: str, value: str | None) -> Any:
    """A customer field as compared and stored (money as a canonical string)."""
    if name == "credit_limit":
        if value is None:
            return None
        try:
            amount = money(value)
        except MoneyError:
            raise RefusalError(
                "invalid_payload", f"credit_limit: not an amount {value!r}"
            ) from None
        return str(amount)
    if name == "uscc":
        return value or None
    return value


def _customer_value(row: Customer, name: str) -> Any:
    if name == "credit_limit":
        return records.yuan(row.credit_limit_fen)
    return getattr(row, name)


def customer_update(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(CustomerUpdate, payload)
    s = batch.session
    row = s.execute(
        select(Customer).where(Customer.id == p.customer_id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if row is None or row.outlet_code not in (None, batch.counter.outlet_code):
        raise RefusalError("not_your_customer", "this customer is not one of this outlet's")
    applied: list[str] = []
    conflicts: list[str] = []
    new_values: dict[str, Any] = {}
    for name in CUSTOMER_FIELDS:
        if name not in p.changes:
            continue
        new = _normalise_field(name, p.changes[name])
        base = _normalise_field(name, p.base.get(name)) if name in p.base else None
        server = _customer_value(row, name)
        if server == new:
            continue
        if name in p.base and server == base:
            _validate_field(name, new)
            new_values[name] = new
            applied.append(name)
            continue
        conflict = MergeConflict(
            id=new_id(), counter_id=batch.counter.counter_id, customer_id=row.id, field=name,
            base=base, counter_value=new, server_value=server,
            op_id=batch.op.op_id if batch.op else "", created_at=batch.now,
        )
        s.add(conflict)
        changes.log_change(s, Scope.COUNTER, records.CONFLICT, conflict.id,
                           records.conflict_data(conflict),
                           counter_id=batch.counter.counter_id)
        conflicts.append(name)
    if new_values:
        row.version += 1
        versions = dict(row.field_versions or {})
        for name, value in new_values.items():
            versions[name] = row.version
            if name == "credit_limit":
                row.credit_limit_fen = to_fen(Decimal(value))
            else:
                setattr(row, name, value)
            if name == "name_zh":
                from counter_app.kernel.pinyin import pinyin_of

                row.name_pinyin, row.name_initials = pinyin_of(value)
        row.field_versions = versions
        changes.log_change(s, Scope.PEOPLE, records.CUSTOMER, row.id,
                           records.customer_data(row), outlet_code=row.outlet_code)
    s.flush()
    return {"applied": applied, "conflicts": conflicts, "version": row.version}


def _validate_field(name: str, value: Any) -> None:
    if name in ("name_zh", "settlement") and not value:
        raise RefusalError("invalid_payload", f"{name} may not be empty")
    if name == "settlement" and value not in ("now", "monthly"):
        raise RefusalError("invalid_payload", "settlement is now or monthly")
    if name == "credit_limit" and (value is None or Decimal(value) < 0):
        raise RefusalError("invalid_payload", "credit_limit must be an amount of 0 or more")
    limits = {"name_zh": 128, "uscc": 18, "contact_name": 32, "contact_phone": 32}
    if isinstance(value, str) and len(value) > limits.get(name, 2000):
        raise RefusalError("invalid_payload", f"{name} is too long")


# --- after the sale ------------------------------------------------------------------------


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


def _coupon_refusal(number: str, seq: int, status: str) -> RefusalError:
    if status == "R":
        return RefusalError("already_refunded", f"coupon {seq} of {number} is already refunded")
    return RefusalError("coupon_not_open", f"coupon {seq} of {number} has status {status}")


def sale_refund(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(SaleRefund, payload)
    s = batch.session
    number = str(_ticket(p.ticket_number))
    if s.get(AfterSale, p.refund_id) is not None:
        raise RefusalError("refund_exists", f"refund {p.refund_id} is already recorded")
    _sale, rows = _own_sale(batch, p.sale_id, [number])
    if rows[number].status == "void":
        raise RefusalError("ticket_void", f"ticket {number} is void")
    coupons = {c.seq: c for c in _coupons_of(s, [number])}
    wanted = sorted(set(p.coupons))
    for seq in wanted:
        c = coupons.get(seq)
        if c is None:
            raise RefusalError("coupon_unknown", f"ticket {number} has no coupon {seq}")
        if c.status != "O":
            raise _coupon_refusal(number, seq, c.status)
    infants = {number} if rows[number].passenger_type == "INF" else set()
    back_to = _give_back(s, _seats_of([coupons[q] for q in wanted], infants))
    s.execute(update(SaleCoupon).where(SaleCoupon.ticket_number == number,
                                       SaleCoupon.seq.in_(wanted)).values(status="R"))
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
        fee_fen=_fen(p.fee), amount_fen=_fen(p.amount),
        detail={"coupons": wanted, "reason": p.reason,
                "payments": [{"method": x.method, "amount": str(money(x.amount))}
                             for x in p.payments]},
    )))
    seats = 0 if infants else len(wanted)
    return {"refund_id": p.refund_id, "ticket_number": number, "coupons": wanted,
            "seats": seats, "returned_to": back_to}


def sale_change(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(SaleChange, payload)
    s = batch.session
    me = batch.counter.counter_id
    old_number = str(_ticket(p.old_ticket_number))
    new_num = _ticket(p.new_ticket_number)
    new_number = str(new_num)
    if s.get(AfterSale, p.change_id) is not None:
        raise RefusalError("change_exists", f"change {p.change_id} is already recorded")
    _sale, rows = _own_sale(batch, p.sale_id, [old_number])
    old = rows[old_number]
    if old.status != "issued":
        raise RefusalError("ticket_not_open", f"ticket {old_number} is {old.status}")
    coupons = {c.seq: c for c in _coupons_of(s, [old_number])}
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
        _give_back(s, _seats_of([moved], set()))
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
            "status": "O", "fare_fen": _fen(c.fare), "cn_fund_fen": _fen(c.cn_fund),
            "fuel_fen": _fen(c.fuel), "insurance_fen": _fen(c.insurance),
            "service_fee_fen": _fen(c.service_fee),
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
        new_ticket_number=new_number, fee_fen=_fen(p.fee),
        amount_fen=_fen(p.fee) + _fen(p.fare_difference),
        detail={"coupon_seq": p.coupon_seq, "reason": p.reason,
                "fare_difference": str(money(p.fare_difference)),
                "flight_id": g.flight_id, "class_code": g.class_code,
                "payments": [{"method": x.method, "amount": str(money(x.amount))}
                             for x in p.payments]},
    )))
    return {"change_id": p.change_id, "old_ticket_number": old_number,
            "new_ticket_number": new_number, "source": source}


def day_close(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(DayClose, payload)
    s = batch.session
    if p.outlet_code != batch.counter.outlet_code:
        raise RefusalError("not_your_outlet", f"this counter is not at outlet {p.outlet_code}")
    me = batch.counter.counter_id
    if s.get(DayCloseRow, (me, p.business_date)) is not None:
        raise RefusalError("day_already_closed", f"{p.business_date} is already closed")
    s.execute(insert(DayCloseRow).values(
        counter_id=me, business_date=p.business_date, close_id=p.close_id,
        outlet_code=p.outlet_code, clerk_login=batch.op.clerk_login if batch.op else "",
        totals=p.totals, closed_at_counter=records.naive_utc(p.closed_at),
        recorded_at=batch.now,
    ))
    return {"business_date": p.business_date.isoformat(), "closed": True}


def ticket_name(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(TicketName, payload)
    number = str(_ticket(p.ticket_number))
    _sale, rows = _own_sale(batch, p.sale_id, [number])
    if rows[number].status != "issued":
        raise RefusalError("ticket_not_open", f"ticket {number} is {rows[number].status}")
    if rows[number].passenger_name != p.old_name:
        raise RefusalError("name_mismatch", f"ticket {number} is not in the name {p.old_name}")
    s = batch.session
    s.execute(update(SaleTicket).where(SaleTicket.ticket_number == number)
              .values(passenger_name=p.new_name))
    op_id = batch.op.op_id if batch.op else new_id()
    s.execute(insert(AfterSale).values(**_after_sale_row(
        batch, op_id[:36], "name", p.sale_id, number, batch.now,
        detail={"old": p.old_name, "new": p.new_name, "approved_by": p.approved_by,
                "code": p.code},
    )))
    return {"ticket_number": number, "name": p.new_name}


def head_office_request(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(HeadOfficeRequest, payload)
    s = batch.session
    if s.get(HeadOfficeRequestRow, p.request_id) is not None:
        raise RefusalError("request_exists", f"request {p.request_id} is already recorded")
    s.execute(insert(HeadOfficeRequestRow).values(
        id=p.request_id, counter_id=batch.counter.counter_id,
        outlet_code=batch.counter.outlet_code, action=p.action,
        ticket_number=p.ticket_number, flight_no=p.flight_no, pnr=p.pnr, note=p.note,
        clerk_login=batch.op.clerk_login if batch.op else "",
        requested_at=records.naive_utc(p.requested_at), received_at=batch.now,
        status="received",
    ))
    return {"request_id": p.request_id, "status": "received"}


# --- documents: itinerary receipts and e-invoices ------------------------------------------


def receipt_print(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    """An itinerary receipt (行程单) printed on a serial: one receipt per ticket; a
    replacement (换开) names the serial it replaces, which becomes void."""
    p = _parse(ReceiptPrint, payload)
    reason = p.reason.strip()
    serial_no = int(p.serial)
    serial = f"{serial_no:010d}"
    if p.replaces is not None:
        if not reason:
            raise RefusalError("invalid_payload",
                               "reason: a replacement must say why the first receipt was replaced")
        if int(p.replaces) == serial_no:
            raise RefusalError("invalid_payload", "replaces: a receipt cannot replace itself")
    number = str(_ticket(p.ticket_number))
    _sale, rows = _own_sale(batch, p.sale_id, [number])
    ticket = rows[number]
    if ticket.status == "void":
        raise RefusalError("ticket_void", f"ticket {number} is void")
    current: str | None = ticket.receipt_serial
    if p.replaces is None:
        if current is not None:
            raise RefusalError(
                "receipt_exists",
                f"ticket {number} already has receipt {current}; a replacement must name it")
    elif current is None or int(current) != int(p.replaces):
        raise RefusalError(
            "receipt_mismatch",
            f"ticket {number} has receipt {current or 'none'}, not {p.replaces}")
    batch.check_numbers([("receipt", "", serial_no, f"receipt {serial}")])
    s = batch.session
    me = batch.counter.counter_id
    replaced: str | None = None
    if current is not None:  # only with replaces, checked above
        replaced = f"{int(current):010d}"
        why = f"replaced: {reason}"[:128]
        key = (UsedNumber.kind == "receipt", UsedNumber.prefix == "",
               UsedNumber.number == int(current))
        if s.scalar(select(UsedNumber.status).where(*key)) is not None:
            s.execute(update(UsedNumber).where(*key).values(status="void", reason=why))
        else:  # a serial the ledger never saw used: record its end all the same
            s.execute(insert(UsedNumber).values(
                kind="receipt", prefix="", number=int(current), counter_id=me, status="void",
                sale_id=p.sale_id, reason=why, recorded_at=batch.now,
            ))
    s.execute(insert(UsedNumber).values(
        kind="receipt", prefix="", number=serial_no, counter_id=me, status="used",
        sale_id=p.sale_id, reason=f"receipt for {number}", recorded_at=batch.now,
    ))
    s.execute(update(SaleTicket).where(SaleTicket.ticket_number == number)
              .values(receipt_serial=serial))
    return {"print_id": p.print_id, "ticket_number": number, "serial": serial,
            "replaced": replaced}


_USCC_FAULTS = {
    "uscc_length": "buyer_uscc: {length} characters; a unified social credit code has 18",
    "uscc_chars": "buyer_uscc: {char!r} is not a unified social credit code character "
                  "(0-9 and A-Z without I, O, S, V, Z)",
    "uscc_check": "buyer_uscc: the check character (校验码) is {got}, {expected} expected",
}


def _buyer_uscc(p: InvoiceRequest) -> str | None:
    """The buyer's unified social credit code (统一社会信用代码, GB 32100-2015), checked:
    a company needs one, an individual has none."""
    if p.buyer_kind == "individual":
        if p.buyer_uscc:
            raise RefusalError("invalid_payload",
                               "buyer_uscc: an individual buyer has no unified social credit code")
        return None
    if not p.buyer_uscc:
        raise RefusalError("invalid_uscc",
                           "buyer_uscc: a company buyer needs its unified social credit code")
    try:
        return validate_uscc(p.buyer_uscc)
    except DomainError as exc:
        text = _USCC_FAULTS.get(exc.code, "buyer_uscc: not a unified social credit code")
        raise RefusalError("invalid_uscc", text.format(**exc.params)) from None


def invoice_request(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    """An e-invoice request (电子发票申请) for one of this counter's tickets; one request per
    ticket that is not red-reversed."""
    p = _parse(InvoiceRequest, payload)
    uscc = _buyer_uscc(p)
    number = str(_ticket(p.ticket_number))
    s = batch.session
    earlier = s.execute(select(InvoiceRequestRow.ticket_number)
                        .where(InvoiceRequestRow.id == p.request_id)).first()
    if earlier is not None:
        raise RefusalError("request_exists", f"invoice request {p.request_id} is already "
                           f"recorded for ticket {earlier.ticket_number}")
    _sale, rows = _own_sale(batch, p.sale_id, [number])
    if rows[number].status == "void":
        raise RefusalError("ticket_void", f"ticket {number} is void")
    open_id = s.scalar(select(InvoiceRequestRow.id).where(
        InvoiceRequestRow.ticket_number == number,
        InvoiceRequestRow.status != "red_reversed").limit(1))
    if open_id is not None:
        raise RefusalError("invoice_exists", f"ticket {number} already has invoice request "
                           f"{open_id}; red-reverse it first")
    s.execute(insert(InvoiceRequestRow).values(
        id=p.request_id, counter_id=batch.counter.counter_id, sale_id=p.sale_id,
        ticket_number=number, buyer_name=p.buyer_name, buyer_uscc=uscc,
        buyer_kind=p.buyer_kind, email=p.email.strip(), status="received", invoice_no=None,
        original_invoice_no=None, reversed_reason="",
        clerk_login=batch.op.clerk_login if batch.op else "", reversed_by=None,
        requested_at=records.naive_utc(p.requested_at), recorded_at=batch.now,
        reversed_at=None,
    ))
    _log_invoice(batch, p.request_id)
    return {"request_id": p.request_id, "status": "received"}


def _log_invoice(batch: Batch, request_id: str) -> None:
    """The request's state goes back to its counter with the next pull."""
    row = batch.session.get(InvoiceRequestRow, request_id, populate_existing=True)
    assert row is not None
    changes.log_change(batch.session, Scope.COUNTER, records.INVOICE, row.id,
                       records.invoice_data(row), counter_id=row.counter_id)


def invoice_reverse(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    """A recorded e-invoice request red-reversed (红冲): after a refund, or a wrong buyer."""
    p = _parse(InvoiceReverse, payload)
    s = batch.session
    row = s.execute(
        select(InvoiceRequestRow.counter_id, InvoiceRequestRow.status,
               InvoiceRequestRow.invoice_no)
        .where(InvoiceRequestRow.id == p.request_id).with_for_update()
    ).first()
    if row is None or row.counter_id != batch.counter.counter_id:
        raise RefusalError("invoice_unknown", f"no invoice request {p.request_id} of this counter")
    if row.status == "red_reversed":
        raise RefusalError("invoice_already_reversed",
                           f"invoice request {p.request_id} is already red-reversed")
    s.execute(update(InvoiceRequestRow).where(InvoiceRequestRow.id == p.request_id).values(
        status="red_reversed", reversed_reason=p.reason.strip(),
        reversed_at=records.naive_utc(p.reversed_at),
        reversed_by=batch.op.clerk_login if batch.op else "",
        original_invoice_no=row.invoice_no, invoice_no=None,
    ))
    _log_invoice(batch, p.request_id)
    return {"request_id": p.request_id, "status": "red_reversed"}


HANDLERS: dict[OpKind, Callable[[Batch, dict[str, Any]], dict[str, Any]]] = {
    OpKind.SALE_ISSUE: sale_issue,
    OpKind.SALE_VOID: sale_void,
    OpKind.NUMBER_VOID: number_void,
    OpKind.LEASE_RELEASE: lease_release,
    OpKind.CUSTOMER_UPDATE: customer_update,
    OpKind.SALE_REFUND: sale_refund,
    OpKind.SALE_CHANGE: sale_change,
    OpKind.DAY_CLOSE: day_close,
    OpKind.TICKET_NAME: ticket_name,
    OpKind.REQUEST_HEAD_OFFICE: head_office_request,
    OpKind.RECEIPT_PRINT: receipt_print,
    OpKind.INVOICE_REQUEST: invoice_request,
    OpKind.INVOICE_REVERSE: invoice_reverse,
}


# --- the push ------------------------------------------------------------------------------


def _stored_result(row: Any, op_id: str) -> OpResult:
    if row.status == OpStatus.APPLIED.value:
        return OpResult(op_id=op_id, status=OpStatus.DUPLICATE, result=dict(row.result or {}))
    return OpResult(op_id=op_id, status=OpStatus.REJECTED, code=row.code, message=row.message)


@dataclass(frozen=True, slots=True)
class _Stored:
    payload_hash: str
    status: str
    code: str
    message: str
    result: dict[str, Any]


def _store(batch: Batch, op: Op, status: OpStatus, code: str = "", message: str = "",
           result: dict[str, Any] | None = None) -> _Stored:
    batch.session.execute(insert(AppliedOp).values(
        counter_id=batch.counter.counter_id, op_id=op.op_id, payload_hash=op.payload_hash,
        kind=str(op.kind), status=status.value, code=code, message=message,
        result=result or {}, applied_at=batch.now,
    ))
    return _Stored(op.payload_hash, status.value, code, message, result or {})


def _lookup(session: Session, counter_id: str, op_ids: list[str]) -> dict[str, _Stored]:
    rows = session.execute(
        select(AppliedOp.op_id, AppliedOp.payload_hash, AppliedOp.status, AppliedOp.code,
               AppliedOp.message, AppliedOp.result)
        .where(AppliedOp.counter_id == counter_id, AppliedOp.op_id.in_(op_ids))
    )
    return {r.op_id: _Stored(r.payload_hash, r.status, r.code, r.message, r.result or {})
            for r in rows}


def _reused(op_id: str) -> ApiError:
    return ApiError(
        409, "op_id_reused",
        f"op {op_id} was already received with another payload; nothing of this batch was "
        "applied",
        {"op_id": op_id},
    )


def apply_batch(
    session: Session, counter: CounterIdentity, ops: list[Op], now: datetime,
    grace: timedelta = timedelta(0),
) -> PushResponse:
    """Apply one pushed batch in the caller's write transaction (see the module docstring).
    Raises :class:`ApiError` 409 ``op_id_reused`` before anything is applied.

    Runs of consecutive ``sale.issue`` ops take a fast path (:class:`_SalesRun`): every
    check is made in memory against rows read (and locked) once for the whole run, and the
    rows are written with one ``executemany`` per table. A refusal there writes nothing for
    that op, exactly as a rolled-back savepoint would; should the writes still fail, the run
    is redone op by op with savepoints."""
    lock_key(session, f"push:{counter.counter_id}")
    stamp = records.naive_utc(now)
    batch = Batch(session, counter, stamp)
    stored = _lookup(session, counter.counter_id, list({op.op_id for op in ops}))
    first_hash: dict[str, str] = {}
    for op in ops:
        earlier = stored.get(op.op_id)
        if earlier is not None and earlier.payload_hash != op.payload_hash:
            raise _reused(op.op_id)
        if first_hash.setdefault(op.op_id, op.payload_hash) != op.payload_hash:
            raise _reused(op.op_id)
    expire_leases(session, now, grace)
    batch.clerks = active_clerks(session, counter.outlet_code)
    results: list[OpResult] = []
    index = 0
    while index < len(ops):
        if _fast_sale(ops[index]):
            end = index
            while end < len(ops) and _fast_sale(ops[end]):
                end += 1
            run = _SalesRun(batch, ops[index:end], stored).apply()
            if run is not None:
                results.extend(run)
                index = end
                continue
            slow = _apply_slowly(batch, ops[index:end], stored)
        else:
            slow = _apply_slowly(batch, ops[index:index + 1], stored)
            end = index + 1
        results.extend(slow)
        if slow and slow[-1].status == OpStatus.RETRY:
            results.extend(_retry(o) for o in ops[index + len(slow):])
            break
        index = end
    session.execute(update(table_of(Counter)).where(Counter.id == counter.counter_id)
                    .values(last_push_at=stamp, last_seen_at=stamp))
    return PushResponse(results=results, server_time=now)


def _fast_sale(op: Op) -> bool:
    """A one-segment ``sale.issue``: the fast path's kind of op (multi-segment sales, rarer,
    take the op-by-op path, which locks every segment's lease and cabin)."""
    if op.kind != OpKind.SALE_ISSUE:
        return False
    segments = op.payload.get("segments")
    return not (isinstance(segments, list) and len(segments) > 1)


def _retry(op: Op) -> OpResult:
    return OpResult(op_id=op.op_id, status=OpStatus.RETRY, code="busy",
                    message="head office was busy; send again")


def _precheck(batch: Batch, op: Op, stored: dict[str, _Stored]) -> OpResult | None:
    """The answer for an op that needs no handler: stored before, a bad envelope, or a
    clerk from elsewhere (that refusal is stored)."""
    earlier = stored.get(op.op_id)
    if earlier is not None:
        return _stored_result(earlier, op.op_id)
    if op.schema_version not in ACCEPTED_OP_SCHEMA_VERSIONS:
        return OpResult(op_id=op.op_id, status=OpStatus.REJECTED,
                        code="schema_version_unsupported",
                        message=f"op schema version {op.schema_version} is not accepted here")
    if payload_hash(op.payload) != op.payload_hash:
        return OpResult(op_id=op.op_id, status=OpStatus.REJECTED, code="payload_hash_mismatch",
                        message="the payload does not match its hash")
    if op.clerk_login not in batch.clerks:
        stored[op.op_id] = _store(
            batch, op, OpStatus.REJECTED, "clerk_not_in_outlet",
            f"{op.clerk_login} is not an active clerk of outlet {batch.counter.outlet_code}")
        return _stored_result(stored[op.op_id], op.op_id)
    return None


def _apply_slowly(batch: Batch, ops: list[Op], stored: dict[str, _Stored]) -> list[OpResult]:
    """Op by op, each in a savepoint; stops after a ``retry``."""
    results: list[OpResult] = []
    for op in ops:
        pre = _precheck(batch, op, stored)
        if pre is not None:
            results.append(pre)
            continue
        outcome = _apply_one(batch, op)
        if outcome is None:  # transient: this op and every later one must be sent again
            results.append(_retry(op))
            return results
        if isinstance(outcome, _Stored):
            stored[op.op_id] = outcome
            results.append(
                OpResult(op_id=op.op_id, status=OpStatus.APPLIED, result=outcome.result)
                if outcome.status == OpStatus.APPLIED.value
                else _stored_result(outcome, op.op_id)
            )
        else:
            results.append(outcome)
    return results


def _stretches(
    numbers: list[tuple[str, str, int]], gap: int = 64
) -> list[tuple[str, str, int, int]]:
    """(kind, prefix, low, high) covering ``numbers``; a new stretch starts after a gap."""
    out: list[tuple[str, str, int, int]] = []
    for kind, prefix, number in sorted(set(numbers)):
        if out and out[-1][:2] == (kind, prefix) and number - out[-1][3] <= gap:
            out[-1] = (kind, prefix, out[-1][2], number)
        else:
            out.append((kind, prefix, number, number))
    return out


def _chunks(items: list[Any], size: int = 300) -> list[list[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


class _SalesRun:
    """Consecutive ``sale.issue`` ops decided in memory and written in bulk (see
    :func:`apply_batch`). The same rules as :func:`sale_issue`, in the same order."""

    def __init__(self, batch: Batch, ops: list[Op], stored: dict[str, _Stored]) -> None:
        self.batch = batch
        self.ops = ops
        self.stored = stored
        self.session = batch.session
        self.me = batch.counter.counter_id
        self.sales: list[dict[str, Any]] = []
        self.tickets: list[dict[str, Any]] = []
        self.coupons: list[dict[str, Any]] = []
        self.numbers: list[dict[str, Any]] = []
        self.applied: list[dict[str, Any]] = []
        self.leases: dict[str, LeaseRow | None] = {}
        self.cabins: dict[tuple[str, str], CabinRow | None] = {}
        self.dirty_leases: set[str] = set()
        self.sold: dict[tuple[str, str], int] = {}

    def apply(self) -> list[OpResult] | None:
        parsed: dict[str, SaleIssue | RefusalError] = {}
        for op in self.ops:
            if op.op_id in parsed:
                continue
            try:
                parsed[op.op_id] = _parse(SaleIssue, op.payload)
            except RefusalError as refusal:
                parsed[op.op_id] = refusal
        payloads = [p for p in parsed.values() if isinstance(p, SaleIssue)]
        self._prefetch(payloads)
        results: list[OpResult] = []
        for op in self.ops:
            pre = self._precheck(op)
            if pre is not None:
                results.append(pre)
                continue
            p = parsed[op.op_id]
            try:
                if isinstance(p, RefusalError):
                    raise p
                result = self._sale(op, p)
            except RefusalError as refusal:
                results.append(self._remember(op, OpStatus.REJECTED, refusal.code,
                                              refusal.message))
                continue
            results.append(self._remember(op, OpStatus.APPLIED, result=result))
        return results if self._write() else None

    def _precheck(self, op: Op) -> OpResult | None:
        earlier = self.stored.get(op.op_id)
        if earlier is not None:
            return _stored_result(earlier, op.op_id)
        if op.schema_version not in ACCEPTED_OP_SCHEMA_VERSIONS:
            return _precheck(self.batch, op, self.stored)
        if payload_hash(op.payload) != op.payload_hash:
            return _precheck(self.batch, op, self.stored)
        if op.clerk_login not in self.batch.clerks:
            result = self._remember(
                op, OpStatus.REJECTED, "clerk_not_in_outlet",
                f"{op.clerk_login} is not an active clerk of outlet "
                f"{self.batch.counter.outlet_code}")
            return result
        return None

    def _remember(self, op: Op, status: OpStatus, code: str = "", message: str = "",
                  result: dict[str, Any] | None = None) -> OpResult:
        self.applied.append({
            "counter_id": self.me, "op_id": op.op_id, "payload_hash": op.payload_hash,
            "kind": str(op.kind), "status": status.value, "code": code, "message": message,
            "result": result or {}, "applied_at": self.batch.now,
        })
        self.stored[op.op_id] = _Stored(op.payload_hash, status.value, code, message,
                                        result or {})
        return OpResult(op_id=op.op_id, status=status, code=code, message=message,
                        result=result or {})

    def _prefetch(self, payloads: list[SaleIssue]) -> None:
        s = self.session
        sale_ids = [p.sale_id for p in payloads]
        self.existing_sales: set[str] = set()
        for chunk in _chunks(sale_ids):
            self.existing_sales.update(s.scalars(select(Sale.id).where(Sale.id.in_(chunk))))
        flight_ids = list({p.flight_id for p in payloads})
        self.flights: set[str] = set()
        for chunk in _chunks(flight_ids):
            self.flights.update(s.scalars(select(Flight.id).where(Flight.id.in_(chunk))))
        lease_ids = sorted({p.lease_id for p in payloads if p.lease_id is not None})
        for lease_id in lease_ids:
            self.leases[lease_id] = None
        for chunk in _chunks(lease_ids):
            for row in s.execute(select(*LEASE_COLUMNS).where(SeatLease.id.in_(chunk))
                                 .order_by(SeatLease.id).with_for_update()):
                self.leases[row.id] = LeaseRow(*row)
        # Cabins a sale may take free seats from, locked now and in one order (as every
        # other path does: leases first, then cabins sorted), so two batches never wait
        # for each other in a cycle. A cabin missed here is locked when first needed.
        room = {lease_id: lease.granted - lease.used for lease_id, lease in self.leases.items()
                if lease is not None and lease.status == "active"}
        stock: set[tuple[str, str]] = set()
        for p in payloads:
            seats = sum(1 for t in p.tickets if t.passenger_type != "INF")
            left = room.get(p.lease_id, 0) if p.lease_id is not None else 0
            if seats > left:
                stock.add((p.flight_id, p.cabin))
            elif p.lease_id is not None:
                room[p.lease_id] = left - seats
        for flight_id, cabin in sorted(stock):
            self._cabin(flight_id, cabin)
        wanted: list[tuple[str, str, int]] = []
        self.parsed_numbers: dict[str, TicketNumber] = {}
        for p in payloads:
            for t in p.tickets:
                try:
                    num = TicketNumber.parse(t.ticket_number)
                except DomainError:
                    continue
                self.parsed_numbers[t.ticket_number] = num
                wanted.append(("ticket", num.prefix, num.serial))
                if t.receipt_serial is not None:
                    wanted.append(("receipt", "", int(t.receipt_serial)))
        self.used: set[tuple[str, str, int]] = set()
        # A counter consumes its numbers in order, so the numbers of a batch sit in a few
        # dense stretches: read each stretch with one index range scan.
        for kind, prefix, low, high in _stretches(wanted):
            self.used.update(
                (k, pr, n) for k, pr, n in s.execute(
                    select(UsedNumber.kind, UsedNumber.prefix, UsedNumber.number).where(
                        UsedNumber.kind == kind, UsedNumber.prefix == prefix,
                        UsedNumber.number.between(low, high),
                    )
                )
            )

    def _cabin(self, flight_id: str, cabin: str) -> CabinRow | None:
        key = (flight_id, cabin)
        if key not in self.cabins:
            self.cabins[key] = lock_cabin(self.session, flight_id, cabin)
        return self.cabins[key]

    def _sale(self, op: Op, p: SaleIssue) -> dict[str, Any]:
        if p.sale_id in self.existing_sales:
            raise RefusalError("sale_exists", f"sale {p.sale_id} is already recorded")
        if p.flight_id not in self.flights:
            raise RefusalError("flight_unknown", f"no flight {p.flight_id}")
        known = self.parsed_numbers
        tickets = [(t, known.get(t.ticket_number) or _ticket(t.ticket_number))
                   for t in p.tickets]
        numbers = [("ticket", num.prefix, num.serial, str(num)) for _, num in tickets]
        numbers += [("receipt", "", int(t.receipt_serial), f"receipt {t.receipt_serial}")
                    for t, _ in tickets if t.receipt_serial is not None]
        seen: set[tuple[str, str, int]] = set()
        for kind, prefix, number, label in numbers:
            ranges = self.batch.ranges(kind, prefix)
            if not any(first <= number <= last for first, last in ranges):
                raise RefusalError("number_out_of_range",
                                   f"{label} is not in a range given to this counter")
            if (kind, prefix, number) in seen:
                raise RefusalError("number_used", f"{label} appears twice")
            seen.add((kind, prefix, number))
        for kind, prefix, number, label in numbers:
            if (kind, prefix, number) in self.used:
                raise RefusalError("number_used", f"{label} was already used or voided")
        ticket_rows, total = _ticket_rows(p, tickets)
        seats = sum(1 for t in p.tickets if t.passenger_type != "INF")
        segments = _segments_of(p)

        source = "stock"
        lease: LeaseRow | None = None
        if p.lease_id is not None:
            lease = self.leases.get(p.lease_id)
            if (lease is None or lease.counter_id != self.me or lease.flight_id != p.flight_id
                    or lease.cabin != p.cabin):
                raise RefusalError(
                    "lease_invalid",
                    "the lease is not this counter's lease for this flight and cabin")
            if lease.status == "active" and lease.used + seats <= lease.granted:
                source = "lease"
        if source == "stock" and seats:
            cab = self._cabin(p.flight_id, p.cabin)
            if cab is None or cab.free < seats:
                left = 0 if cab is None else max(cab.free, 0)
                raise RefusalError("no_seats",
                                   f"{seats} seats wanted, {left} left in cabin {p.cabin}")
            cab.sold += seats
            key = (p.flight_id, p.cabin)
            self.sold[key] = self.sold.get(key, 0) + seats
        elif source == "lease" and lease is not None:
            lease.used += seats
            self.dirty_leases.add(lease.id)

        self.existing_sales.add(p.sale_id)
        self.used.update((k, pr, n) for k, pr, n, _ in numbers)
        self.sales.append(_sale_row(p, self.me, op.clerk_login, seats, source, total,
                                    self.batch.now))
        self.tickets.extend(ticket_rows)
        self.coupons.extend(_coupon_rows(p, tickets, segments, {1: source}))
        self.numbers.extend(
            {"kind": kind, "prefix": prefix, "number": number, "counter_id": self.me,
             "status": "used", "sale_id": p.sale_id, "reason": "",
             "recorded_at": self.batch.now}
            for kind, prefix, number, _ in numbers
        )
        return {"sale_id": p.sale_id, "seats": seats, "source": source}

    def _write(self) -> bool:
        s = self.session
        point = changes.mark(s)
        savepoint = s.begin_nested()
        try:
            bulk_insert(s, Sale, self.sales)
            bulk_insert(s, SaleTicket, self.tickets)
            bulk_insert(s, SaleCoupon, self.coupons)
            bulk_insert(s, UsedNumber, self.numbers)
            bulk_insert(s, AppliedOp, self.applied)
            leases = [lease for lease_id in sorted(self.dirty_leases)
                      if (lease := self.leases[lease_id]) is not None]
            if leases:
                table = table_of(SeatLease)
                s.execute(
                    update(table).where(table.c.id == bindparam("lease_id"))
                    .values(used=bindparam("new_used")),
                    [{"lease_id": lease.id, "new_used": lease.used} for lease in leases],
                )
                for lease in leases:
                    log_lease(s, lease)
            for (flight_id, cabin), sold in sorted(self.sold.items()):
                change_cabin(s, flight_id, cabin, sold=sold)
            savepoint.commit()
            return True
        except IntegrityError:
            savepoint.rollback()
            changes.restore(s, point)
            for op_id in {row["op_id"] for row in self.applied}:
                self.stored.pop(op_id, None)
            return False


def _ticket_rows(
    p: SaleIssue, tickets: list[tuple[TicketLine, TicketNumber]]
) -> tuple[list[dict[str, Any]], int]:
    rows: list[dict[str, Any]] = []
    total = 0
    for t, num in tickets:
        row: dict[str, Any] = {
            "ticket_number": str(num), "sale_id": p.sale_id,
            "passenger_name": t.passenger_name, "passenger_type": t.passenger_type,
            "id_type": t.id_type, "id_number": t.id_number, "fare_fen": _fen(t.fare),
            "cn_fund_fen": _fen(t.cn_fund), "fuel_fen": _fen(t.fuel),
            "insurance_fen": _fen(t.insurance), "total_fen": _fen(t.total),
            "receipt_serial": t.receipt_serial, "status": "issued", "void_reason": "",
            "service_fee_fen": _fen(t.service_fee), "issued_at_counter": None,
            "exchanged_from": None,
        }
        total += row["total_fen"]
        rows.append(row)
    return rows, total


def _sale_row(p: SaleIssue, counter_id: str, clerk: str, seats: int, source: str, total: int,
              now: datetime) -> dict[str, Any]:
    return {
        "id": p.sale_id, "counter_id": counter_id, "clerk_login": clerk, "pnr": p.pnr,
        "flight_id": p.flight_id, "cabin": p.cabin, "class_code": p.class_code,
        "lease_id": p.lease_id, "customer_id": p.customer_id, "seats": seats,
        "source": source, "total_fen": total,
        "payments": [{"method": pay.method, "amount": str(money(pay.amount))}
                     for pay in p.payments],
        "status": "issued", "issued_at_counter": records.naive_utc(p.issued_at),
        "received_at": now, "gp_order_no": p.gp_order_no, "commission_fen": _fen(p.commission),
    }


def _apply_one(batch: Batch, op: Op) -> _Stored | OpResult | None:
    session = batch.session
    batch.op = op
    point = changes.mark(session)
    savepoint = session.begin_nested()
    try:
        result = HANDLERS[op.kind](batch, op.payload)
        stored = _store(batch, op, OpStatus.APPLIED, result=result)
        savepoint.commit()
        return stored
    except RefusalError as refusal:
        savepoint.rollback()
        changes.restore(session, point)
        return _store(batch, op, OpStatus.REJECTED, refusal.code, refusal.message)
    except IntegrityError:
        # Someone else recorded the same thing meanwhile (a second delivery of this op, or
        # the same number/sale from another op): decide again from what is stored now.
        savepoint.rollback()
        changes.restore(session, point)
        again = _lookup(session, batch.counter.counter_id, [op.op_id]).get(op.op_id)
        if again is not None:
            if again.payload_hash != op.payload_hash:
                raise _reused(op.op_id) from None
            return _stored_result(again, op.op_id)
        return _store(batch, op, OpStatus.REJECTED, "conflict",
                      "this op collides with data already recorded (a number or sale id)")
    except DBAPIError as exc:
        savepoint.rollback()
        changes.restore(session, point)
        if is_transient(exc):
            return None
        raise
