"""Head office recomputes what a counter says about money and passengers (金额与规则复核).

A counter prices a sale with the domain's functions and the rule documents head office
sends it (``rule_documents``); head office prices it again with the same functions and the
same documents and refuses a mismatch, so a stolen or buggy counter cannot record a fare,
a tax, a fee or a refund the rules do not give. What cannot be recomputed exactly is
bounded: a GP fare (公务) is accepted only for a GP unit's sale, a fee of 0 only where the
involuntary or GP easy rules can give it, a distributor's commission up to its highest
tier in force.

Refusal codes (the message names the field, e.g. ``tickets[0].total: 0.01, expected
1530.00``): ``amount_negative``, ``amount_mismatch`` (a total is not the sum of its parts),
``fare_mismatch`` (a fare, a booking class or a fare difference), ``tax_mismatch`` (CN fund,
fuel surcharge), ``insurance_mismatch``, ``service_fee_mismatch``, ``commission_mismatch``,
``gp_order_required``, ``payment_total_mismatch``, ``passenger_invalid`` (the domain's code
of the name, document or passenger type in the message), ``flight_departed``,
``fee_out_of_rules`` (a refund or change fee), ``refund_amount_mismatch``.

Everything here is decided in memory from the rows the caller read (the bulk path reads
them once per run): :class:`MoneyRules` holds the parsed rule documents and caches every
price it computed, keyed by what decides it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.fares import (
    FareClass,
    RouteFares,
    gp_fare,
    passenger_fare,
    percent_of_y,
    select_fare_class_table,
    select_gp_rule,
)
from counter_app.domain.fees import (
    GpEasyContext,
    Reason,
    change_fee,
    refund_fee,
    select_ladder,
)
from counter_app.domain.money import from_fen, to_fen
from counter_app.domain.passengers import PassengerInput, check_passenger
from counter_app.domain.rule_set import Rules, RulesCache, missing_document, parse_rules
from counter_app.domain.service_fees import service_fee
from counter_app.domain.taxes import (
    cn_fund,
    fuel_surcharge,
    insurance_premium,
    insurance_rule,
)
from counter_app.domain.types import PassengerType
from counter_app.headoffice.db import table_of
from counter_app.headoffice.models import Customer, Flight, RuleDocument
from counter_app.headoffice.ops.batch import RefusalError, fen
from counter_app.kernel.clock import SHANGHAI
from counter_app.sync.protocol import PaymentLine, SaleChange, SaleIssue, SegmentLine

WALK_IN = "walk_in"
GP_UNIT = "gp_unit"
DISTRIBUTOR = "distributor"

# --- rule documents --------------------------------------------------------------------------


# The parsed rule documents, by their versions (the counter's quotes use the same Rules).
_tables = RulesCache()
_RULES = table_of(RuleDocument)
_RULE_VERSIONS = select(_RULES.c.name, _RULES.c.version)


def rule_tables(session: Session) -> Rules | None:
    """The parsed rule documents, parsed once per set of versions; None when fare classes,
    taxes or fee rules were never loaded (then nothing can be recomputed)."""
    rows = session.connection().execute(_RULE_VERSIONS).all()
    versions = tuple(sorted((str(n), str(v)) for n, v in rows))
    cached = _tables.get(versions)
    if cached is not None:
        return cached
    docs = {d.name: d.payload for d in session.scalars(select(RuleDocument))}
    if missing_document(docs) is not None:
        return None
    tables = parse_rules(versions, docs)
    _tables.put(tables)
    return tables


# --- flights and customers --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlightFacts:
    """What pricing needs of a flight: carrier, fares, distance, feeder, departure."""

    id: str
    carrier: str
    dep_date: date
    departure: datetime  # aware, Beijing time (Chinese airports are UTC+8)
    distance_km: int
    feeder: bool
    route: RouteFares | None  # None: the stored fares are not valid (nothing can be priced)


FLIGHT_COLUMNS = (Flight.id, Flight.carrier, Flight.dep_date, Flight.dep_time,
                  Flight.distance_km, Flight.feeder, Flight.y_fare_fen, Flight.c_fare_fen,
                  Flight.f_fare_fen)
_FLIGHTS = table_of(Flight)
_READ_FLIGHTS = select(*(_FLIGHTS.c[c.key] for c in FLIGHT_COLUMNS)).where(
    _FLIGHTS.c.id.in_(bindparam("ids", expanding=True)))
_CUSTOMERS = table_of(Customer)
_READ_CUSTOMERS = select(_CUSTOMERS.c.id, _CUSTOMERS.c.kind, _CUSTOMERS.c.attributes).where(
    _CUSTOMERS.c.id.in_(bindparam("ids", expanding=True)))


def flight_facts(row: Any) -> FlightFacts:
    try:
        route: RouteFares | None = RouteFares(
            y=from_fen(row.y_fare_fen),
            c=None if row.c_fare_fen is None else from_fen(row.c_fare_fen),
            f=None if row.f_fare_fen is None else from_fen(row.f_fare_fen),
        )
    except DomainError:
        route = None
    dep_time: time = row.dep_time
    return FlightFacts(row.id, row.carrier, row.dep_date,
                       datetime.combine(row.dep_date, dep_time, tzinfo=SHANGHAI),
                       row.distance_km, bool(row.feeder), route)


def read_flights(session: Session, ids: Iterable[str]) -> dict[str, FlightFacts]:
    wanted = sorted(set(ids))
    out: dict[str, FlightFacts] = {}
    conn = session.connection() if wanted else None
    for i in range(0, len(wanted), 300):
        assert conn is not None
        for row in conn.execute(_READ_FLIGHTS, {"ids": wanted[i:i + 300]}):
            out[row.id] = flight_facts(row)
    return out


@dataclass(frozen=True, slots=True)
class CustomerFacts:
    kind: str
    monthly_tickets: int


def read_customers(session: Session, ids: Iterable[str | None]) -> dict[str, CustomerFacts]:
    wanted = sorted({i for i in ids if i is not None})
    out: dict[str, CustomerFacts] = {}
    for i in range(0, len(wanted), 300):
        for cid, kind, attributes in session.connection().execute(
            _READ_CUSTOMERS, {"ids": wanted[i:i + 300]}
        ):
            monthly = (attributes or {}).get("monthly_tickets", 0)
            out[cid] = CustomerFacts(
                kind, monthly if isinstance(monthly, int) and monthly >= 0 else 0)
    return out


def _refuse_price(where: str, amounts: tuple[int, ...], price: Price | RefusalError) -> None:
    if isinstance(price, RefusalError):
        raise RefusalError(price.code, f"{where}.{price.message}")
    fare, cn, fuel, insurance, fee = amounts[:5]
    _expect("fare_mismatch", f"{where}.fare", fare, price.fares)
    _expect("tax_mismatch", f"{where}.cn_fund", cn, price.cn_fund)
    _expect("tax_mismatch", f"{where}.fuel", fuel, price.fuel)
    _expect("insurance_mismatch", f"{where}.insurance", insurance, price.insurance)
    _expect("service_fee_mismatch", f"{where}.service_fee", fee, price.service_fee)


# --- helpers ---------------------------------------------------------------------------------


def aware_utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None or at.utcoffset() is None else at


def business_date(at: datetime) -> date:
    """The Beijing business day of a moment (the ticketing date of a sale)."""
    return aware_utc(at).astimezone(SHANGHAI).date()


def _yuan(value: int) -> str:
    return f"{from_fen(value):.2f}"


def non_negative(where: str, value: str) -> int:
    amount = fen(value)
    if amount < 0:
        raise RefusalError("amount_negative", f"{where}: {value} is below zero")
    return amount


def _expect(code: str, where: str, got: int, expected: int | Sequence[int]) -> None:
    allowed = (expected,) if isinstance(expected, int) else tuple(expected)
    if got not in allowed:
        said = " or ".join(_yuan(x) for x in sorted(set(allowed)))
        raise RefusalError(code, f"{where}: {_yuan(got)}, expected {said}")


PARTS = ("fare", "cn_fund", "fuel", "insurance", "service_fee")


def amounts_of(where: str, line: Any, names: Sequence[str] = PARTS) -> tuple[int, ...]:
    """The line's amounts ``names`` in fen, each at least 0 (the message is made only for a
    refusal: this runs for every ticket of every sale)."""
    values = tuple(fen(getattr(line, name)) for name in names)
    if values and min(values) < 0:
        name = names[next(k for k, v in enumerate(values) if v < 0)]
        at = f"{where}.{name}" if where else name
        raise RefusalError("amount_negative", f"{at}: {getattr(line, name)} is below zero")
    return values


def payments_total(payments: Sequence[PaymentLine]) -> int:
    return sum(amounts_of(f"payments[{j}]", x, ("amount",))[0] for j, x in enumerate(payments))


@dataclass(frozen=True, slots=True)
class Price:
    """What one passenger of one type pays on one segment, in fen: the fares the rules
    allow (the published one, and the GP one for a GP unit's adult), CN fund, fuel, the
    insurance premiums allowed (0 to the most units) and the service fee."""

    fares: tuple[int, ...]
    cn_fund: int
    fuel: int
    insurance: tuple[int, ...]
    service_fee: int


def money_rules(session: Session, now: datetime) -> MoneyRules:
    """The checker for one batch or run; without rule documents nothing can be priced, and
    a sale is refused rather than believed."""
    tables = rule_tables(session)
    if tables is None:
        raise RefusalError("fare_mismatch", "fare: head office has no rule documents to "
                           "price with")
    return MoneyRules(tables, aware_utc(now))


@dataclass
class MoneyRules:
    """Recomputes and checks the money of ops against the rule documents; every price is
    cached by what decides it, so a run of thousands of sales prices each flight, class and
    passenger type once."""

    tables: Rules
    now: datetime  # head office's time, aware
    _classes: dict[tuple[str, date, str], FareClass | DomainError] = field(default_factory=dict)
    _prices: dict[tuple[Any, ...], Price | RefusalError] = field(default_factory=dict)
    _insurance: dict[date, tuple[int, ...]] = field(default_factory=dict)

    # --- prices ------------------------------------------------------------------------------

    def fare_class(self, carrier: str, on: date, code: str) -> FareClass:
        key = (carrier, on, code)
        found = self._classes.get(key)
        if found is None:
            try:
                table = select_fare_class_table(self.tables.fare_classes, carrier, on)
                found = table.get(code)
            except DomainError as exc:
                found = exc
            self._classes[key] = found
        if isinstance(found, DomainError):
            raise found
        return found

    def _insurance_premiums(self, on: date) -> tuple[int, ...]:
        found = self._insurance.get(on)
        if found is None:
            try:
                most = insurance_rule(self.tables.taxes, on).max_units
                found = tuple(to_fen(insurance_premium(self.tables.taxes, on, u))
                              for u in range(most + 1))
            except DomainError:
                found = (0,)
            self._insurance[on] = found
        return found

    def price(self, flight: FlightFacts, cabin: str, class_code: str, ptype: PassengerType,
              on: date, customer_kind: str) -> Price | RefusalError:
        """The price, or the refusal (its message naming the field of the ticket line) when
        the rules cannot price it."""
        key = (flight.id, cabin, class_code, ptype, on, customer_kind)
        found = self._prices.get(key)
        if found is None:
            try:
                found = self._price(flight, cabin, class_code, ptype, on, customer_kind)
            except RefusalError as refusal:
                found = refusal
            self._prices[key] = found
        return found

    def _price(self, flight: FlightFacts, cabin: str, class_code: str, ptype: PassengerType,
               on: date, customer_kind: str) -> Price:
        t = self.tables
        try:
            fare_class = self.fare_class(flight.carrier, on, class_code)
        except DomainError as exc:
            raise RefusalError("fare_mismatch", f"class_code: {class_code} is not a booking "
                               f"class of {flight.carrier} ({exc.code})") from None
        if fare_class.cabin.value != cabin:
            raise RefusalError("fare_mismatch", f"cabin: {cabin}, but class {class_code} is "
                               f"in cabin {fare_class.cabin.value}")
        if flight.route is None:
            raise RefusalError("fare_mismatch", f"fare: flight {flight.id} has no valid fares")
        try:
            fares = {to_fen(passenger_fare(flight.route, fare_class, ptype))}
            if customer_kind == GP_UNIT and ptype is PassengerType.ADULT and t.gp:
                fares.add(to_fen(gp_fare(flight.route, fare_class, select_gp_rule(t.gp, on),
                                         ptype)))
        except DomainError as exc:
            raise RefusalError("fare_mismatch", f"fare: cannot be priced ({exc.code})") from None
        try:
            cn = to_fen(cn_fund(t.taxes, on, ptype, flight.feeder))
            fuel = to_fen(fuel_surcharge(t.taxes, on, flight.distance_km, ptype))
        except DomainError as exc:
            raise RefusalError("tax_mismatch", f"cn_fund: no tax rule ({exc.code})") from None
        fee = to_fen(service_fee(t.service_fees, customer_kind, on, ptype))
        return Price(tuple(sorted(fares)), cn, fuel, self._insurance_premiums(on), fee)

    # --- sale.issue ------------------------------------------------------------------------

    def check_sale(self, p: SaleIssue, segments: Sequence[SegmentLine],
                   flights: Mapping[str, FlightFacts],
                   customers: Mapping[str, CustomerFacts]) -> None:
        """Refuse a sale whose money or passengers the rules do not give (module docstring).
        ``flights`` holds every segment's flight (checked known by the caller)."""
        on = business_date(p.issued_at)
        issued = aware_utc(p.issued_at)
        customer = customers.get(p.customer_id) if p.customer_id is not None else None
        kind = WALK_IN if customer is None else customer.kind
        for i, g in enumerate(segments):
            flight = flights[g.flight_id]
            if flight.departure <= issued or (flight.departure <= self.now and g.lease_id is None):
                raise RefusalError(
                    "flight_departed",
                    f"segments[{i}].flight_id: flight {g.flight_id} departed at "
                    f"{flight.departure.isoformat()}")
        travel_date = flights[segments[0].flight_id].dep_date
        if kind == GP_UNIT and not p.gp_order_no:
            raise RefusalError("gp_order_required", "gp_order_no: a GP unit's sale needs its "
                               "GP order number")
        total = 0
        fares = 0
        seqs = {g.seq for g in segments}
        for i, t in enumerate(p.tickets):
            ptype = PassengerType(t.passenger_type)
            self.check_passenger(i, t.passenger_name, t.id_type, t.id_number, ptype,
                                 travel_date, on)
            parts = amounts_of(f"tickets[{i}]", t, (*PARTS, "total"))
            coupons = {c.seq: (k, c) for k, c in enumerate(t.coupons)}
            if len(coupons) != len(t.coupons):
                raise RefusalError("invalid_payload", f"tickets[{i}].coupons: a seq appears twice")
            if (coupons or len(segments) > 1) and set(coupons) != seqs:
                raise RefusalError("invalid_payload",
                                   f"tickets[{i}].coupons: one coupon per segment is needed")
            sums = [0] * len(PARTS)
            for g in segments:
                k, c = coupons.get(g.seq, (0, None))
                amounts = parts if c is None else amounts_of(f"tickets[{i}].coupons[{k}]", c)
                price = self.price(flights[g.flight_id], g.cabin, g.class_code, ptype, on, kind)
                fare, cn, fuel, insurance, fee = amounts[:5]
                if isinstance(price, RefusalError) or fare not in price.fares or (
                    cn, fuel, fee) != (price.cn_fund, price.fuel, price.service_fee
                ) or insurance not in price.insurance:
                    _refuse_price(f"tickets[{i}]" if c is None else f"tickets[{i}].coupons[{k}]",
                                  amounts, price)
                for n in range(len(PARTS)):
                    sums[n] += amounts[n]
            if tuple(sums) != parts[:5] or parts[5] != sum(parts[:5]):
                for n, name in enumerate(PARTS):
                    _expect("amount_mismatch", f"tickets[{i}].{name}", parts[n], sums[n])
                _expect("amount_mismatch", f"tickets[{i}].total", parts[5], sum(parts[:5]))
            total += parts[5]
            fares += parts[0]
        paid = payments_total(p.payments)
        if paid != total:
            _expect("payment_total_mismatch", "payments", paid, total)
        commission = amounts_of("", p, ("commission",))[0] if p.commission != "0.00" else 0
        most = 0
        if customer is not None and customer.kind == DISTRIBUTOR and self.tables.commissions:
            try:
                tiers = self.tables.commissions.distributor_tiers_on(on)
                percent = max((x.percent for x in tiers.tiers), default=Decimal(0))
                most = to_fen(from_fen(fares) * percent / 100)
            except DomainError:
                most = 0
        if commission > most:
            raise RefusalError("commission_mismatch",
                               f"commission: {_yuan(commission)}, at most {_yuan(most)}")

    def check_passenger(self, index: int, name: str, id_type: str, id_number: str,
                        ptype: PassengerType, travel_date: date, today: date) -> None:
        """Name and document by :func:`check_passenger`; the passenger type against the age a
        resident ID gives (other documents carry no birth date in the op)."""
        where = f"tickets[{index}]"
        try:
            checked = check_passenger(PassengerInput(name, id_type, id_number), travel_date,
                                      today)
        except DomainError as exc:
            at = exc.field or "passenger"
            at = {"name": "passenger_name", "passenger": "passenger_name"}.get(at, at)
            raise RefusalError("passenger_invalid", f"{where}.{at}: {exc.code}") from None
        if checked.birth_date is not None and checked.passenger_type is not ptype:
            raise RefusalError(
                "passenger_invalid",
                f"{where}.passenger_type: {ptype.value}, but the passenger is "
                f"{checked.passenger_type.value} on {travel_date} (fare_type_mismatch)")

    # --- sale.refund -----------------------------------------------------------------------

    def check_refund(self, *, coupons: Sequence[Any], flights: Mapping[str, FlightFacts],
                     issued_at: datetime, customer_kind: str, passenger_type: str,
                     reason: str, fee: str, amount: str, payments: Sequence[PaymentLine],
                     refunded_at: datetime) -> None:
        """A refund's fee by the ladder in force when the ticket was issued (0 when
        involuntary, or GP easy for a GP unit's adult), its amount the fare less the fee
        plus CN fund and fuel, and insurance before departure; payments sum to it.
        ``coupons`` are the refunded coupons' stored rows (fare, taxes, class, flight)."""
        fee_fen = non_negative("fee", fee)
        amount_fen = non_negative("amount", amount)
        paid = payments_total(payments)
        asked = aware_utc(refunded_at)
        issued_on = business_date(issued_at)
        standard = 0
        easy = 0
        expected = 0
        for c in coupons:
            flight = flights[c.flight_id]
            face = from_fen(c.fare_fen)
            family_fee = self._refund_fees(flight, c.class_code, issued_on, face, asked,
                                           customer_kind, passenger_type)
            standard += family_fee[0]
            easy += family_fee[1]
            expected += c.fare_fen + c.cn_fund_fen + c.fuel_fen
            if asked < flight.departure:
                expected += c.insurance_fen
        allowed = [0] if reason == Reason.INVOLUNTARY.value else [standard, easy]
        _expect("fee_out_of_rules", "fee", fee_fen, allowed)
        _expect("refund_amount_mismatch", "amount", amount_fen, expected - fee_fen)
        _expect("payment_total_mismatch", "payments", paid, amount_fen)

    def _refund_fees(self, flight: FlightFacts, class_code: str, issued_on: date,
                     face: Decimal, asked: datetime, customer_kind: str,
                     passenger_type: str) -> tuple[int, int]:
        """(standard fee, GP easy fee) of one coupon, each at most its face fare."""
        try:
            fare_class = self.fare_class(flight.carrier, issued_on, class_code)
            ladder = select_ladder(self.tables.fee_ladders, flight.carrier, fare_class.family,
                                   issued_on)
            standard = refund_fee(ladder, face, flight.departure, asked, Reason.VOLUNTARY)
            fees = [min(standard.amount, face)] * 2
            gp = self._gp_context(flight, fare_class, issued_on, customer_kind, passenger_type)
            if gp is not None:
                fees[1] = min(refund_fee(ladder, face, flight.departure, asked,
                                         Reason.VOLUNTARY, gp).amount, face)
        except DomainError as exc:
            raise RefusalError("fee_out_of_rules",
                               f"fee: no fee rule for class {class_code} ({exc.code})") from None
        return to_fen(fees[0]), to_fen(fees[1])

    def _gp_context(self, flight: FlightFacts, fare_class: FareClass, on: date,
                    customer_kind: str, passenger_type: str) -> GpEasyContext | None:
        if (customer_kind != GP_UNIT or passenger_type != PassengerType.ADULT.value
                or not self.tables.gp or flight.route is None):
            return None
        return GpEasyContext(select_gp_rule(self.tables.gp, on),
                             percent_of_y(flight.route, fare_class))

    # --- sale.change -----------------------------------------------------------------------

    def check_change(self, p: SaleChange, *, old: Mapping[int, Any],
                     flights: Mapping[str, FlightFacts], issued_at: datetime,
                     customer_kind: str) -> None:
        """A change's fee by the ladder (0 when involuntary, or GP easy), its fare difference
        the new face fare over the old one, the moved coupon's new fare the old plus the
        difference, carried coupons as they were, and payments covering what is due.
        ``old`` holds the old ticket's stored coupons by seq."""
        fee_fen = non_negative("fee", p.fee)
        difference = non_negative("fare_difference", p.fare_difference)
        paid = payments_total(p.payments)
        asked = aware_utc(p.changed_at)
        g = p.new_segment
        new_flight = flights[g.flight_id]
        if new_flight.departure <= asked or (
            new_flight.departure <= self.now and g.lease_id is None and not g.same_seat
        ):
            raise RefusalError("flight_departed",
                               f"new_segment.flight_id: flight {g.flight_id} departed at "
                               f"{new_flight.departure.isoformat()}")
        moved = old[p.coupon_seq]
        old_flight = flights[moved.flight_id]
        issued_on = business_date(issued_at)
        today = business_date(asked)
        ptype = PassengerType(p.passenger_type)
        involuntary = p.reason == Reason.INVOLUNTARY.value
        old_face = from_fen(moved.fare_fen)
        try:
            old_class = self.fare_class(old_flight.carrier, issued_on, moved.class_code)
            new_class = self.fare_class(new_flight.carrier, today, g.class_code)
            if new_class.cabin.value != g.cabin or new_flight.route is None:
                raise DomainError("cabin_not_offered", field="fare_class")
            faces = [passenger_fare(new_flight.route, new_class, ptype)]
            gp = self._gp_context(old_flight, old_class, issued_on, customer_kind, ptype.value)
            if gp is not None:
                faces.append(gp_fare(new_flight.route, new_class,
                                     select_gp_rule(self.tables.gp, today), ptype))
            ladder = select_ladder(self.tables.fee_ladders, old_flight.carrier,
                                   old_class.family, issued_on)
            same = new_class.code == old_class.code
            decisions = [change_fee(ladder, old_face, face, same, old_flight.departure, asked,
                                    Reason(p.reason), ctx)
                         for face in faces for ctx in ((None, gp) if gp else (None,))]
        except (DomainError, ValueError) as exc:
            code = exc.code if isinstance(exc, DomainError) else "reason"
            raise RefusalError("fare_mismatch", f"new_segment.class_code: {g.class_code} "
                               f"cannot be priced ({code})") from None
        _expect("fee_out_of_rules", "fee", fee_fen, [to_fen(d.amount) for d in decisions])
        _expect("fare_mismatch", "fare_difference", difference,
                [0] if involuntary else [to_fen(d.fare_difference) for d in decisions])
        seqs = [c.seq for c in p.coupons]
        if len(set(seqs)) != len(seqs) or p.coupon_seq not in seqs:
            raise RefusalError("invalid_payload", "coupons: each seq once, the moved one too")
        for k, c in enumerate(p.coupons):
            where = f"coupons[{k}]"
            before = old.get(c.seq)
            if before is None:
                continue  # refused by the caller (coupon_not_open)
            fare = before.fare_fen + (difference if c.seq == p.coupon_seq else 0)
            _expect("fare_mismatch", f"{where}.fare", non_negative(f"{where}.fare", c.fare),
                    fare)
            for name in ("cn_fund", "fuel", "insurance", "service_fee"):
                _expect("amount_mismatch", f"{where}.{name}",
                        non_negative(f"{where}.{name}", getattr(c, name)),
                        getattr(before, f"{name}_fen"))
        due = fee_fen + difference
        # An adult's payments also cover the infant changed with it, whose op has none.
        if paid < due and not (not p.payments and ptype is PassengerType.INFANT):
            raise RefusalError("payment_total_mismatch",
                               f"payments: {_yuan(paid)}, expected {_yuan(due)}")
