"""The bulk path of runs of one-segment ``sale.issue`` ops (:class:`SalesRun`): decided in
memory against rows read and locked once per run, written with one ``executemany`` per
table; the same rules as :func:`.sales.sale_issue`, in the same order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DataError, IntegrityError

from counter_app.domain.errors import DomainError
from counter_app.domain.tickets import TicketNumber
from counter_app.headoffice import changes
from counter_app.headoffice.db import table_of
from counter_app.headoffice.inventory import (
    LEASES_TABLE,
    CabinRow,
    LeaseRow,
    change_cabin,
    lock_cabin,
    log_lease,
)
from counter_app.headoffice.models import (
    AppliedOp,
    Sale,
    SaleCoupon,
    SaleTicket,
    UsedNumber,
)
from counter_app.headoffice.ops.batch import Batch, RefusalError, parse, parse_ticket
from counter_app.headoffice.ops.customers import CustomerAccess
from counter_app.headoffice.ops.rules import MoneyRules, money_rules, read_customers, read_flights
from counter_app.headoffice.ops.sales import coupon_rows, sale_row, segments_of, ticket_rows_of
from counter_app.headoffice.ops.stored import Stored, checked_envelope
from counter_app.sync.protocol import Op, OpResult, OpStatus, SaleIssue, storable

# Core statements built once (SQLAlchemy compiles each once and reuses it; IN lists are
# expanding parameters, so a batch of any size is the same statement).
_SALES = table_of(Sale)
_USED = table_of(UsedNumber)
_EXISTING_SALES = select(_SALES.c.id).where(_SALES.c.id.in_(bindparam("ids", expanding=True)))
_LOCK_LEASES = (
    select(*(LEASES_TABLE.c[name] for name in LeaseRow.__slots__))
    .where(LEASES_TABLE.c.id.in_(bindparam("ids", expanding=True)))
    .order_by(LEASES_TABLE.c.id).with_for_update()
)
_USED_STRETCH = select(_USED.c.kind, _USED.c.prefix, _USED.c.number).where(
    _USED.c.kind == bindparam("kind"), _USED.c.prefix == bindparam("prefix"),
    _USED.c.number.between(bindparam("low"), bindparam("high")),
)
_INSERTS = {model: table_of(model).insert()
            for model in (Sale, SaleTicket, SaleCoupon, UsedNumber, AppliedOp)}
_SET_LEASE_USED = (update(LEASES_TABLE).where(LEASES_TABLE.c.id == bindparam("lease_id"))
                   .values(used=bindparam("new_used")))


class SalesRun:
    """Consecutive ``sale.issue`` ops decided in memory and written in bulk (see
    :func:`apply_batch`). The same rules as :func:`sale_issue`, in the same order."""

    def __init__(self, batch: Batch, ops: list[Op], stored: dict[str, Stored]) -> None:
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
                parsed[op.op_id] = parse(SaleIssue, op.payload)
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
        checked = checked_envelope(op, self.stored)
        if checked is not None:
            return checked
        if op.clerk_login not in self.batch.clerks:
            result = self._remember(
                op, OpStatus.REJECTED, "clerk_not_in_outlet",
                f"{op.clerk_login} is not an active clerk of outlet "
                f"{self.batch.counter.outlet_code}")
            return result
        return None

    def _remember(self, op: Op, status: OpStatus, code: str = "", message: str = "",
                  result: dict[str, Any] | None = None) -> OpResult:
        message = storable(message)
        self.applied.append({
            "counter_id": self.me, "op_id": op.op_id, "payload_hash": op.payload_hash,
            "kind": str(op.kind), "status": status.value, "code": code, "message": message,
            "result": result or {}, "applied_at": self.batch.now,
        })
        self.stored[op.op_id] = Stored(op.payload_hash, status.value, code, message,
                                       result or {}, str(op.kind))
        return OpResult(op_id=op.op_id, status=status, code=code, message=message,
                        result=result or {})

    def _prefetch(self, payloads: list[SaleIssue]) -> None:
        s = self.session
        conn = s.connection()
        sale_ids = [p.sale_id for p in payloads]
        self.existing_sales: set[str] = set()
        for chunk in _chunks(sale_ids):
            self.existing_sales.update(conn.execute(_EXISTING_SALES, {"ids": chunk}).scalars())
        self.flights = read_flights(s, (p.flight_id for p in payloads))
        self.money: MoneyRules | RefusalError
        try:
            self.money = money_rules(s, self.batch.now)
        except RefusalError as refusal:
            self.money = refusal
        self.customer_facts = read_customers(s, (p.customer_id for p in payloads))
        self.customers = CustomerAccess(s, self.batch.counter.outlet_code)
        self.customers.prefetch(p.customer_id for p in payloads)
        lease_ids = sorted({p.lease_id for p in payloads if p.lease_id is not None})
        for lease_id in lease_ids:
            self.leases[lease_id] = None
        for chunk in _chunks(lease_ids):
            for row in conn.execute(_LOCK_LEASES, {"ids": chunk}):
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
                (k, pr, n) for k, pr, n in conn.execute(
                    _USED_STRETCH, {"kind": kind, "prefix": prefix, "low": low, "high": high})
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
        self.customers.check_sale(p.customer_id, p.gp_order_no)
        if isinstance(self.money, RefusalError):
            raise self.money
        segments = segments_of(p)
        self.money.check_sale(p, segments, self.flights, self.customer_facts)
        known = self.parsed_numbers
        tickets = [(t, known.get(t.ticket_number) or parse_ticket(t.ticket_number))
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
        ticket_rows, total = ticket_rows_of(p, tickets)
        seats = sum(1 for t in p.tickets if t.passenger_type != "INF")

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
        self.sales.append(sale_row(p, self.me, op.clerk_login, seats, source, total,
                                   self.batch.now))
        self.tickets.extend(ticket_rows)
        self.coupons.extend(coupon_rows(p, tickets, segments, {1: source}))
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
            conn = s.connection()  # (emits the SAVEPOINT: the ORM begins it lazily)
            for model, rows in ((Sale, self.sales), (SaleTicket, self.tickets),
                                (SaleCoupon, self.coupons), (UsedNumber, self.numbers),
                                (AppliedOp, self.applied)):
                _insert(conn, model, rows)
            leases = [lease for lease_id in sorted(self.dirty_leases)
                      if (lease := self.leases[lease_id]) is not None]
            if leases:
                conn.execute(
                    _SET_LEASE_USED,
                    [{"lease_id": lease.id, "new_used": lease.used} for lease in leases],
                )
                for lease in leases:
                    log_lease(s, lease)
            for (flight_id, cabin), sold in sorted(self.sold.items()):
                change_cabin(s, flight_id, cabin, sold=sold)
            savepoint.commit()
            return True
        except (IntegrityError, DataError):  # redone op by op, where each op answers alone
            savepoint.rollback()
            changes.restore(s, point)
            for op_id in {row["op_id"] for row in self.applied}:
                self.stored.pop(op_id, None)
            return False


def _insert(conn: Connection, model: Any, rows: list[dict[str, Any]],
            chunk: int = 5000) -> None:
    """Rows through Core ``executemany`` on the session's connection (as ``bulk_insert``)."""
    for start in range(0, len(rows), chunk):
        conn.execute(_INSERTS[model], rows[start:start + chunk])


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
