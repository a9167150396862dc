"""Typed SQLAlchemy 2.0 models of the head office's own database (总部数据库).

A separate :class:`~sqlalchemy.MetaData` from the counter's local cache: the two programs
share the domain rules and the sync protocol, never their tables.

Conventions: money is integer fen (``*_fen``); timestamps are naive UTC; flight dates and
times are local airport time. Ids made at a counter (sales, ops) are kept as sent; ids made
here are UUIDv7 strings (:func:`counter_app.kernel.ids.new_id`).

The seat invariant ``sold + granted <= capacity`` of :class:`CabinInventory` is also a CHECK
constraint, so no code path (nor a hand-written UPDATE) can oversell a cabin.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from counter_app.kernel import schema

# The same constraint names as the counter's store, so both migrate alike.
from counter_app.kernel.naming import NAMING


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        list[Any]: JSON,
        datetime: DateTime,
    }


# --- organisation and people -----------------------------------------------------------


class Outlet(schema.OutletColumns, Base):
    """A selling place (邮政网点, 加盟店, 11185, GP 柜台 ...)."""

    __tablename__ = "outlets"


class Clerk(Base):
    """A person who logs in at a counter of an outlet (营业员, 主管 ...)."""

    __tablename__ = "clerks"

    login: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(16))
    outlet_code: Mapped[str] = mapped_column(ForeignKey("outlets.code"), index=True)
    password_hash: Mapped[str] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Customer(schema.CustomerColumns, Base):
    """Who pays: walk-in, agreement customer, GP unit, distributor. ``version`` counts edits;
    ``field_versions`` remembers the version at which each field last changed (merge)."""

    __tablename__ = "customers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    outlet_code: Mapped[str | None] = mapped_column(
        ForeignKey("outlets.code"), nullable=True, index=True
    )
    credit_limit_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    contact_name: Mapped[str] = mapped_column(String(32), default="")
    field_versions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Traveller(schema.TravellerColumns, Base):
    """A person who flies (旅客); GP officials carry their level and title."""

    __tablename__ = "travellers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    customer_id: Mapped[str | None] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), nullable=True, index=True
    )
    # An official's preferences and companions (seat_pref, meal_pref, companions, notes).
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    field_versions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# --- counters and their credentials --------------------------------------------------------


class Counter(Base):
    """An enrolled counter (柜台终端): one desktop installation at an outlet."""

    __tablename__ = "counters"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    outlet_code: Mapped[str] = mapped_column(ForeignKey("outlets.code"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_push_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    app_version: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | disabled
    # Why and when head office staff disabled it (``counter-headoffice counters disable``).
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    disabled_reason: Mapped[str] = mapped_column(String(128), default="")


class EnrollmentCode(Base):
    """A one-time enrollment code (开通码); only its SHA-256 is kept."""

    __tablename__ = "enrollment_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    outlet_code: Mapped[str] = mapped_column(ForeignKey("outlets.code"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    counter_id: Mapped[str | None] = mapped_column(ForeignKey("counters.id"), nullable=True)


class Token(Base):
    """A device token (access or refresh); only its SHA-256 is kept."""

    __tablename__ = "tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    counter_id: Mapped[str] = mapped_column(ForeignKey("counters.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # access | refresh
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    # The chain of refresh rotations this token belongs to (the enrollment's pair starts
    # one); ``rotated_at`` is set on a refresh token once it has been exchanged, so a second
    # use of it is a replay and locks the whole family; on an access token it is its first
    # use (its pair is in use: see ``auth``'s docstring).
    family: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    rotated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class EnrollAttempt(Base):
    """One try of an enrollment code, kept so wrong codes can be throttled across every
    server process (``source`` is the client address)."""

    __tablename__ = "enroll_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(64), index=True)
    attempted_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ok: Mapped[bool] = mapped_column(Boolean, default=False)


class Policy(Base):
    """A number head office staff set (配额与规则): lease and range quotas and the like.
    ``outlet_code`` ``""`` is the value for every outlet; a row for one outlet overrides it.
    Names and defaults: ``counter_app.headoffice.policy``."""

    __tablename__ = "policies"

    name: Mapped[str] = mapped_column(String(48), primary_key=True)
    outlet_code: Mapped[str] = mapped_column(String(16), primary_key=True, default="")
    value: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(32), default="")


class CustomerGrant(Base):
    """Head office lets one outlet change a customer it does not own (a shared agreement
    customer, say): without a grant another outlet's or a shared customer is read-only."""

    __tablename__ = "customer_grants"

    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    outlet_code: Mapped[str] = mapped_column(ForeignKey("outlets.code"), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(DateTime)


# --- reference data ------------------------------------------------------------------------


class Airport(schema.AirportColumns, Base):
    __tablename__ = "airports"


class Airline(schema.AirlineColumns, Base):
    __tablename__ = "airlines"


class Layout(schema.SeatLayoutColumns, Base):
    """A seat map (座位图) for one aircraft type of one carrier, kept as the JSON document."""

    __tablename__ = "layouts"


class RuleDocument(schema.RuleDocumentColumns, Base):
    """An effective-dated rule table (fare classes, taxes, fees, commissions)."""

    __tablename__ = "rule_documents"


# --- flights and seats ----------------------------------------------------------------------


class Flight(schema.FlightColumns, Base):
    """One dated flight (航班) with its published full fares."""

    __tablename__ = "flights"
    __table_args__ = (
        UniqueConstraint("flight_no", "dep_date", name="uq_flights_flight_no_dep_date"),
        Index("ix_flights_dep_date", "dep_date"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    layout_id: Mapped[str] = mapped_column(ForeignKey("layouts.id"))
    y_fare_fen: Mapped[int] = mapped_column(BigInteger)
    c_fare_fen: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    f_fare_fen: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class CabinInventory(Base):
    """Seats of one cabin of one flight. ``sold`` are seats sold from free stock (online,
    or by a counter whose lease could not cover a sale); ``granted`` are seats held by
    counters' leases (active leases count in full, ended ones only what they used)."""

    __tablename__ = "cabin_inventory"
    __table_args__ = (
        CheckConstraint(
            "sold >= 0 AND granted >= 0 AND sold + granted <= capacity", name="seats"
        ),
    )

    flight_id: Mapped[str] = mapped_column(
        ForeignKey("flights.id", ondelete="CASCADE"), primary_key=True
    )
    cabin: Mapped[str] = mapped_column(String(1), primary_key=True)
    capacity: Mapped[int] = mapped_column(Integer)
    sold: Mapped[int] = mapped_column(Integer, default=0)
    granted: Mapped[int] = mapped_column(Integer, default=0)
    closed_classes: Mapped[str] = mapped_column(String(32), default="")


class SeatLease(Base):
    """An allotment lease (座位配额): seats on one flight cabin a counter may sell offline."""

    __tablename__ = "leases"
    __table_args__ = (
        CheckConstraint("used >= 0 AND used <= granted", name="used"),
        Index("ix_leases_status_expires_at", "status", "expires_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    counter_id: Mapped[str] = mapped_column(ForeignKey("counters.id"), index=True)
    flight_id: Mapped[str] = mapped_column(ForeignKey("flights.id"))
    cabin: Mapped[str] = mapped_column(String(1))
    granted: Mapped[int] = mapped_column(Integer)
    used: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active|ended|revoked
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Why it ended early: a release, or head office staff revoking it (and who).
    ended_reason: Mapped[str] = mapped_column(String(128), default="")


# --- number ranges -------------------------------------------------------------------------


class NumberRangeRow(Base):
    """A block of ticket serials (per airline prefix) or receipt serials (prefix "") that
    one counter consumes in order (号段)."""

    __tablename__ = "number_ranges"
    __table_args__ = (Index("ix_number_ranges_kind_prefix", "kind", "prefix"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    counter_id: Mapped[str] = mapped_column(ForeignKey("counters.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # ticket | receipt
    prefix: Mapped[str] = mapped_column(String(3), default="")
    first: Mapped[int] = mapped_column(BigInteger)
    last: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class UsedNumber(Base):
    """A ticket number or receipt serial consumed (``used``) or skipped (``void``)."""

    __tablename__ = "used_numbers"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(3), primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    counter_id: Mapped[str] = mapped_column(ForeignKey("counters.id"))
    status: Mapped[str] = mapped_column(String(8))  # used | void
    sale_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    reason: Mapped[str] = mapped_column(String(128), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


# --- sales ---------------------------------------------------------------------------------


class Sale(Base):
    """The master copy of a sale made at a counter (id = the counter's sale id).

    ``source`` says where its seats came from: ``lease`` (the counter's allotment) or
    ``stock`` (free seats taken under the cabin row lock)."""

    __tablename__ = "sales"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    counter_id: Mapped[str] = mapped_column(ForeignKey("counters.id"), index=True)
    clerk_login: Mapped[str] = mapped_column(String(32))
    pnr: Mapped[str] = mapped_column(String(8))
    flight_id: Mapped[str] = mapped_column(ForeignKey("flights.id"), index=True)
    cabin: Mapped[str] = mapped_column(String(1))
    class_code: Mapped[str] = mapped_column(String(1))
    lease_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    customer_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    seats: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(8))
    total_fen: Mapped[int] = mapped_column(BigInteger)
    payments: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="issued")
    issued_at_counter: Mapped[datetime] = mapped_column(DateTime)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    gp_order_no: Mapped[str] = mapped_column(String(32), default="")
    # A secondary distributor's commission on the sale (computed at the counter, not charged).
    commission_fen: Mapped[int] = mapped_column(BigInteger, default=0)


class SaleTicket(Base):
    __tablename__ = "sale_tickets"

    ticket_number: Mapped[str] = mapped_column(String(14), primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), index=True)
    passenger_name: Mapped[str] = mapped_column(String(64))
    passenger_type: Mapped[str] = mapped_column(String(3))
    id_type: Mapped[str] = mapped_column(String(2))
    id_number: Mapped[str] = mapped_column(String(32))
    fare_fen: Mapped[int] = mapped_column(BigInteger)
    cn_fund_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    fuel_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    insurance_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    total_fen: Mapped[int] = mapped_column(BigInteger)
    receipt_serial: Mapped[str | None] = mapped_column(String(10), nullable=True)
    # issued | void | refunded | exchanged
    status: Mapped[str] = mapped_column(String(16), default="issued")
    void_reason: Mapped[str] = mapped_column(String(128), default="")
    service_fee_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    # Set on a ticket re-issued by a change (换开): when, and the ticket it replaced.
    issued_at_counter: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    exchanged_from: Mapped[str | None] = mapped_column(String(14), nullable=True)


class SaleCoupon(Base):
    """One flight coupon of a sold ticket: where its seat came from, what it cost, and its
    status (O open, R refunded, E exchanged, V void). Infants' coupons hold no seat
    (``source`` ``none``)."""

    __tablename__ = "sale_coupons"

    ticket_number: Mapped[str] = mapped_column(String(14), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), index=True)
    flight_id: Mapped[str] = mapped_column(ForeignKey("flights.id"), index=True)
    cabin: Mapped[str] = mapped_column(String(1))
    class_code: Mapped[str] = mapped_column(String(1))
    lease_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    source: Mapped[str] = mapped_column(String(8))  # lease | stock | none
    status: Mapped[str] = mapped_column(String(1), default="O")
    fare_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    cn_fund_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    fuel_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    insurance_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    service_fee_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    insurance_policy_no: Mapped[str] = mapped_column(String(24), default="")


class AfterSale(Base):
    """A refund, change or name correction a counter made on one of its tickets (售后)."""

    __tablename__ = "after_sales"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the counter's id
    counter_id: Mapped[str] = mapped_column(ForeignKey("counters.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # refund | change | name
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), index=True)
    ticket_number: Mapped[str] = mapped_column(String(14))
    new_ticket_number: Mapped[str | None] = mapped_column(String(14), nullable=True)
    fee_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    amount_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    clerk_login: Mapped[str] = mapped_column(String(32))
    at_counter: Mapped[datetime] = mapped_column(DateTime)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class DayCloseRow(Base):
    """A counter's day close (日结) for one business date (Asia/Shanghai)."""

    __tablename__ = "day_closes"

    counter_id: Mapped[str] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    business_date: Mapped[date] = mapped_column(Date, primary_key=True)
    close_id: Mapped[str] = mapped_column(String(36))
    outlet_code: Mapped[str] = mapped_column(String(16))
    clerk_login: Mapped[str] = mapped_column(String(32))
    totals: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    closed_at_counter: Mapped[datetime] = mapped_column(DateTime)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class HeadOfficeRequestRow(Base):
    """A counter's request for a step only head office can take (总部申请): a refund of a
    ticket sold elsewhere, a flight outside the allotment. Stored once per request id."""

    __tablename__ = "requests"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the counter's request_id
    counter_id: Mapped[str] = mapped_column(ForeignKey("counters.id"), index=True)
    outlet_code: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))  # refund | void | change | book | name
    ticket_number: Mapped[str | None] = mapped_column(String(14), nullable=True)
    flight_no: Mapped[str | None] = mapped_column(String(8), nullable=True)
    pnr: Mapped[str | None] = mapped_column(String(8), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    clerk_login: Mapped[str] = mapped_column(String(32))
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="received", index=True)


class InvoiceRequestRow(Base):
    """A traveller's or company's request for the digital e-invoice of a ticket
    (电子发票(航空运输电子客票行程单)申请), recorded at the counter that sold it.

    ``status``: ``received`` when recorded, ``issued`` once head office's invoicing gives it
    an ``invoice_no``, ``red_reversed`` (红冲) when the counter reverses it (a refund, a wrong
    buyer). A reversal moves any invoice number to ``original_invoice_no`` (原发票号码) and
    clears ``invoice_no``, which then belongs to the red-letter invoice once one is issued.
    A ticket has at most one request that is not red-reversed (checked when applying)."""

    __tablename__ = "invoice_requests"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the counter's request_id
    counter_id: Mapped[str] = mapped_column(ForeignKey("counters.id"), index=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"))
    ticket_number: Mapped[str] = mapped_column(String(14), index=True)
    buyer_name: Mapped[str] = mapped_column(String(100))
    buyer_uscc: Mapped[str | None] = mapped_column(String(18), nullable=True)
    buyer_kind: Mapped[str] = mapped_column(String(16))  # company | individual
    email: Mapped[str] = mapped_column(String(100), default="")
    # received | issued | red_reversed
    status: Mapped[str] = mapped_column(String(16), default="received", index=True)
    invoice_no: Mapped[str | None] = mapped_column(String(32), nullable=True)
    original_invoice_no: Mapped[str | None] = mapped_column(String(32), nullable=True)
    reversed_reason: Mapped[str] = mapped_column(String(128), default="")
    clerk_login: Mapped[str] = mapped_column(String(32))
    reversed_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    requested_at: Mapped[datetime] = mapped_column(DateTime)  # the counter's clock
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    reversed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class MergeConflict(Base):
    """A field both head office and a counter changed (合并冲突): head office kept its value;
    the clerk sees this on the attention list."""

    __tablename__ = "conflicts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    counter_id: Mapped[str] = mapped_column(ForeignKey("counters.id"), index=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"))
    field: Mapped[str] = mapped_column(String(32))
    base: Mapped[Any] = mapped_column(JSON, nullable=True)
    counter_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    server_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    op_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)


# --- sync bookkeeping ----------------------------------------------------------------------


class AppliedOp(Base):
    """The stored outcome of a counter's op (idempotency key = (counter, op_id))."""

    __tablename__ = "applied_ops"

    counter_id: Mapped[str] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    op_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    payload_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))  # applied | rejected
    code: Mapped[str] = mapped_column(String(64), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    applied_at: Mapped[datetime] = mapped_column(DateTime)


class ChangeLogRow(Base):
    """One change a counter pulls; ``seq`` is assigned at commit (see ``changes.py``)."""

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    scope: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64))
    op: Mapped[str] = mapped_column(String(8))
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    outlet_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    counter_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    committed_at: Mapped[datetime] = mapped_column(DateTime)


class ChangeSeq(Base):
    """The single-row sequence of the change log; its row lock orders commits."""

    __tablename__ = "change_seq"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class EntityVersion(Base):
    """The latest change of every entity, for the per-scope checksums."""

    __tablename__ = "entity_versions"
    __table_args__ = (Index("ix_entity_versions_scope", "scope"),)

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    outlet_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    counter_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


# The seat authority's tables live in their own module; imported here so that the metadata
# (migrations, the schema comparison) always has them.
from counter_app.headoffice import request_models as _request_models  # noqa: E402,F401
from counter_app.headoffice import seat_models as _seat_models  # noqa: E402,F401
