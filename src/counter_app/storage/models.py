"""Typed SQLAlchemy 2.0 models of the counter's local cache.

Money is integer fen (``*_fen``); timestamps are UTC; flight dates and times are local
airport time, as printed on the ticket. Rows made at the counter have UUIDv7 string keys
(:func:`counter_app.kernel.ids.new_id`) so head office never collides with them.
Reference rows (airports, airlines, flights, rule documents) come from head office (or the
bundled demo set) and are only replaced, never edited, at the counter.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
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
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from counter_app.kernel import schema
from counter_app.kernel.ids import new_id
from counter_app.kernel.naming import NAMING


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


# --- reference data (pull only) -------------------------------------------------------


class Airport(schema.AirportColumns, Base):
    """A civil airport (机场) with the names a clerk may type."""

    __tablename__ = "airports"


class Airline(schema.AirlineColumns, Base):
    """A carrier (航空公司) and its 3-digit ticket prefix."""

    __tablename__ = "airlines"


class SeatLayout(schema.SeatLayoutColumns, Base):
    """A seat map for one aircraft type of one carrier; the map itself is a JSON document."""

    __tablename__ = "seat_layouts"


class RuleDocument(schema.RuleDocumentColumns, Base):
    """A table of rules that change (fare classes, taxes, fees, commissions): effective-dated
    data loaded from head office, parsed by the domain layer."""

    __tablename__ = "rule_documents"


class Flight(schema.FlightColumns, Base):
    """One dated flight (航班) with its published full fares."""

    __tablename__ = "flights"
    __table_args__ = (
        UniqueConstraint("flight_no", "dep_date", name="uq_flights_flight_no_dep_date"),
        Index("ix_flights_route_date", "origin", "destination", "dep_date"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    layout_id: Mapped[str] = mapped_column(ForeignKey("seat_layouts.id"))
    y_fare_fen: Mapped[int] = mapped_column(Integer)
    c_fare_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    f_fare_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)

    cabins: Mapped[list[CabinInventory]] = relationship(
        back_populates="flight", cascade="all, delete-orphan", lazy="selectin"
    )


class CabinInventory(Base):
    """Seats of one cabin of one flight as the counter last knew them.

    ``closed_classes`` lists the booking classes head office has closed (letters), so a
    class's availability is ``capacity - sold`` unless it is closed.
    """

    __tablename__ = "cabin_inventory"

    flight_id: Mapped[str] = mapped_column(
        ForeignKey("flights.id", ondelete="CASCADE"), primary_key=True
    )
    cabin: Mapped[str] = mapped_column(String(1), primary_key=True)
    capacity: Mapped[int] = mapped_column(Integer)
    sold: Mapped[int] = mapped_column(Integer, default=0)
    closed_classes: Mapped[str] = mapped_column(String(32), default="")

    flight: Mapped[Flight] = relationship(back_populates="cabins")


# --- organisation and people ---------------------------------------------------------


class Outlet(schema.OutletColumns, Base):
    """A selling place: post-office outlet (邮政网点), franchise, call centre, GP counter."""

    __tablename__ = "outlets"


class Clerk(Base):
    """A person who logs in (营业员, 主管, 柜台主任, 票务中心)."""

    __tablename__ = "clerks"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    login: Mapped[str] = mapped_column(String(32), unique=True)
    name_zh: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(16))
    outlet_code: Mapped[str] = mapped_column(ForeignKey("outlets.code"))
    password_hash: Mapped[str] = mapped_column(String(128))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Customer(schema.CustomerColumns, Base):
    """Who pays: walk-in (散客), agreement customer (协议大客户), GP unit, distributor."""

    __tablename__ = "customers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    outlet_code: Mapped[str | None] = mapped_column(ForeignKey("outlets.code"), nullable=True)
    credit_limit_fen: Mapped[int] = mapped_column(Integer, default=0)
    contact_name: Mapped[str] = mapped_column(String(64), default="")
    # The mergeable fields as last pulled from head office and the version they had: the
    # base of a field-level merge (customer.update sends base and changes).
    base: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    base_version: Mapped[int | None] = mapped_column(Integer, nullable=True)

    travellers: Mapped[list[Traveller]] = relationship(
        back_populates="customer", cascade="all, delete-orphan"
    )


class Traveller(schema.TravellerColumns, Base):
    """A person who flies (旅客). GP officials carry their level and title."""

    __tablename__ = "travellers"
    __table_args__ = (
        Index("ix_travellers_id_number", "id_number"),
        # The Sale page's completer finds a customer's traveller by mobile or name start.
        Index("ix_travellers_mobile", "mobile"),
        Index("ix_travellers_name", "name"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    customer_id: Mapped[str | None] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), nullable=True
    )
    # An official's preferences and companions (seat_pref, meal_pref, companions, notes)
    # and head office's version of the record (0: made here, not yet pulled back).
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=0)

    customer: Mapped[Customer | None] = relationship(back_populates="travellers")


# --- sales (counter creates, head office validates) ----------------------------------


class Booking(Base):
    """A PNR (旅客订座记录) made at this counter."""

    __tablename__ = "bookings"
    __table_args__ = (
        Index("ix_bookings_status_deadline", "status", "ticketing_deadline"),
        Index("ix_bookings_contact_mobile", "contact_mobile"),  # the after-sale search
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    pnr: Mapped[str] = mapped_column(String(6), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="held")
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"), nullable=True)
    clerk_id: Mapped[str] = mapped_column(ForeignKey("clerks.id"))
    outlet_code: Mapped[str] = mapped_column(ForeignKey("outlets.code"))
    gp_order_no: Mapped[str] = mapped_column(String(32), default="")
    contact_mobile: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    ticketing_deadline: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # The allotment lease the seats were sold from (offline sales); a void gives them back.
    lease_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    # Who the customer was when booked (walk_in, agreement, gp_unit, distributor): the
    # price rules and payment options followed from it.
    customer_kind: Mapped[str] = mapped_column(String(16), default="walk_in")
    # A distributor's commission (二级分销佣金) on this booking: computed and kept, not charged.
    commission_fen: Mapped[int] = mapped_column(Integer, default=0)
    ticketed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class BookingPassenger(Base):
    __tablename__ = "booking_passengers"
    __table_args__ = (
        Index("ix_booking_passengers_id_number", "id_number"),
        Index("ix_booking_passengers_booking", "booking_id"),
        # Searches by mobile and by the start of the name or its pinyin (services/lookup.py).
        Index("ix_booking_passengers_mobile", "mobile"),
        Index("ix_booking_passengers_name", "name"),
        Index("ix_booking_passengers_name_pinyin", "name_pinyin"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"))
    traveller_id: Mapped[str | None] = mapped_column(ForeignKey("travellers.id"), nullable=True)
    name: Mapped[str] = mapped_column(String(64))
    passenger_type: Mapped[str] = mapped_column(String(3))
    id_type: Mapped[str] = mapped_column(String(2))
    id_number: Mapped[str] = mapped_column(String(32))
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    mobile: Mapped[str] = mapped_column(String(20), default="")
    ffp_number: Mapped[str] = mapped_column(String(20), default="")
    infant_of: Mapped[str | None] = mapped_column(String(36), nullable=True)
    # Pinyin (or latin letters) of the name without spaces, to find the traveller again.
    name_pinyin: Mapped[str] = mapped_column(String(128), default="")
    insurance_units: Mapped[int] = mapped_column(Integer, default=0)
    # The GP level (V1..V5) of an official travelling on a GP booking, else None.
    gp_level: Mapped[str | None] = mapped_column(String(2), nullable=True)


class BookingSegment(Base):
    __tablename__ = "booking_segments"
    __table_args__ = (Index("ix_booking_segments_booking", "booking_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    flight_id: Mapped[str] = mapped_column(ForeignKey("flights.id"))
    class_code: Mapped[str] = mapped_column(String(1))
    cabin: Mapped[str] = mapped_column(String(1))
    status: Mapped[str] = mapped_column(String(4), default="HK")
    # The lease the segment's seats are held or sold from, and how many it took.
    lease_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    seats: Mapped[int] = mapped_column(Integer, default=0)


class BookingQuote(Base):
    """What one passenger was quoted for one segment when booked (报价), kept so that a fare
    that changed before ticketing is noticed instead of charged silently."""

    __tablename__ = "booking_quotes"
    __table_args__ = (
        UniqueConstraint("passenger_id", "segment_id", name="uq_booking_quotes_passenger_segment"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    booking_id: Mapped[str] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), index=True
    )
    passenger_id: Mapped[str] = mapped_column(ForeignKey("booking_passengers.id"))
    segment_id: Mapped[str] = mapped_column(ForeignKey("booking_segments.id"))
    published_fare_fen: Mapped[int] = mapped_column(Integer)
    fare_fen: Mapped[int] = mapped_column(Integer)
    cn_fund_fen: Mapped[int] = mapped_column(Integer, default=0)
    fuel_fen: Mapped[int] = mapped_column(Integer, default=0)
    insurance_units: Mapped[int] = mapped_column(Integer, default=0)
    insurance_fen: Mapped[int] = mapped_column(Integer, default=0)
    service_fee_fen: Mapped[int] = mapped_column(Integer, default=0)
    total_fen: Mapped[int] = mapped_column(Integer)
    gp_applied: Mapped[bool] = mapped_column(Boolean, default=False)
    ticketing_date: Mapped[date] = mapped_column(Date)
    quoted_at: Mapped[datetime] = mapped_column(DateTime)


class Ticket(Base):
    """An e-ticket (电子客票) for one passenger; coupons are its segments."""

    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_booking", "booking_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    ticket_number: Mapped[str] = mapped_column(String(14), unique=True)
    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id"))
    passenger_id: Mapped[str] = mapped_column(ForeignKey("booking_passengers.id"))
    status: Mapped[str] = mapped_column(String(16), default="issued")
    fare_fen: Mapped[int] = mapped_column(Integer)
    cn_fund_fen: Mapped[int] = mapped_column(Integer, default=0)
    fuel_fen: Mapped[int] = mapped_column(Integer, default=0)
    insurance_fen: Mapped[int] = mapped_column(Integer, default=0)
    service_fee_fen: Mapped[int] = mapped_column(Integer, default=0)
    total_fen: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    clerk_id: Mapped[str] = mapped_column(ForeignKey("clerks.id"))
    # A ticket re-issued by a change (换开) points at the ticket it replaced.
    exchanged_from_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class Coupon(Base):
    __tablename__ = "coupons"
    __table_args__ = (Index("ix_coupons_ticket", "ticket_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    segment_id: Mapped[str] = mapped_column(ForeignKey("booking_segments.id"))
    status: Mapped[str] = mapped_column(String(1), default="O")
    fare_basis: Mapped[str] = mapped_column(String(16), default="")
    # The coupon's share of the ticket (refunds and changes are per coupon).
    fare_fen: Mapped[int] = mapped_column(Integer, default=0)
    cn_fund_fen: Mapped[int] = mapped_column(Integer, default=0)
    fuel_fen: Mapped[int] = mapped_column(Integer, default=0)
    insurance_units: Mapped[int] = mapped_column(Integer, default=0)
    insurance_fen: Mapped[int] = mapped_column(Integer, default=0)
    service_fee_fen: Mapped[int] = mapped_column(Integer, default=0)
    # 航意险 policy number, "" without insurance.
    insurance_policy_no: Mapped[str] = mapped_column(String(24), default="")
    # Check-in at the counter (值机): the seat given and the check-in sequence number, both
    # printed on the boarding pass; None until checked in.
    seat: Mapped[str | None] = mapped_column(String(4), nullable=True)
    checkin_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

class Payment(Base):
    """Money taken or returned (refunds are negative), append-only."""

    __tablename__ = "payments"
    __table_args__ = (Index("ix_payments_booking", "booking_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id"))
    method: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    clerk_id: Mapped[str] = mapped_column(ForeignKey("clerks.id"))
    # sale | void | refund | change: what the money was for.
    kind: Mapped[str] = mapped_column(String(16), default="sale")
    ticket_number: Mapped[str] = mapped_column(String(14), default="")
    # Cash: what the traveller handed over and the change given back.
    tendered_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    change_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The supervisor who approved going over the credit limit, "" when none was needed.
    override_by: Mapped[str] = mapped_column(String(32), default="")


class Refund(Base):
    """A refund (退票) of some coupons of a ticket: the fee by the rules in force and the
    amount returned."""

    __tablename__ = "refunds"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id"), index=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"), index=True)
    ticket_number: Mapped[str] = mapped_column(String(14))
    reason: Mapped[str] = mapped_column(String(16))
    coupon_seqs: Mapped[list[Any]] = mapped_column(JSON)
    fee_fen: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(Integer)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    clerk_id: Mapped[str] = mapped_column(ForeignKey("clerks.id"))
    op_id: Mapped[str] = mapped_column(String(36), default="")


class TicketChange(Base):
    """A change (改期/变更舱位) of one coupon onto another flight or class: the old ticket is
    exchanged for a new one; the fee and the fare difference were paid."""

    __tablename__ = "ticket_changes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id"), index=True)
    old_ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"))
    new_ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"))
    coupon_seq: Mapped[int] = mapped_column(Integer)
    old_segment_id: Mapped[str] = mapped_column(String(36))
    new_segment_id: Mapped[str] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(String(16))
    fee_fen: Mapped[int] = mapped_column(Integer)
    fare_difference_fen: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    clerk_id: Mapped[str] = mapped_column(ForeignKey("clerks.id"))
    op_id: Mapped[str] = mapped_column(String(36), default="")


class DayClose(Base):
    """The day close (日结) of an outlet's counter for one business date (Asia/Shanghai):
    after it, that day's tickets can no longer be voided here."""

    __tablename__ = "day_closes"
    __table_args__ = (
        UniqueConstraint("outlet_code", "business_date", name="uq_day_closes_outlet_date"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    outlet_code: Mapped[str] = mapped_column(String(16))
    business_date: Mapped[date] = mapped_column(Date)
    closed_at: Mapped[datetime] = mapped_column(DateTime)
    clerk_login: Mapped[str] = mapped_column(String(32))
    totals: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    op_id: Mapped[str] = mapped_column(String(36), default="")


# --- seats (head office is the authority; these are the counter's choices) ----------


class SeatChoice(Base):
    """One seat choice (选座) of one passenger on one flight, keyed by the counter-made
    ``choice_id`` that head office keys it by too (``seat.choose`` / ``POST /seats``).

    ``kind``: ``seat`` (the passenger's own), ``extra`` (an EXST seat kept empty beside a
    V4/V5 official, 隐私座), ``hold`` (压座 until ``hold_until``). ``state``: ``provisional``
    (chosen offline, its op not yet answered), ``confirmed``, ``moved`` (head office gave the
    nearest equivalent seat; ``moved_from`` is the one asked for), ``released``, ``refused``.
    ``printed_seat`` is the seat on the last document printed for it, so a move flags a
    reprint (``reprint``) only when that document showed the old seat.
    """

    __tablename__ = "seat_choices"
    __table_args__ = (
        Index("ix_seat_choices_segment_passenger", "segment_id", "passenger_id"),
        Index("ix_seat_choices_flight", "flight_id", "state"),
        Index("ix_seat_choices_booking", "booking_id"),
    )

    choice_id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    booking_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    passenger_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    segment_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    flight_id: Mapped[str] = mapped_column(String(36))
    cabin: Mapped[str] = mapped_column(String(1))
    seat: Mapped[str] = mapped_column(String(4))
    kind: Mapped[str] = mapped_column(String(8), default="seat")
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    hold_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    hold_group: Mapped[str] = mapped_column(String(36), default="")
    beside: Mapped[str] = mapped_column(String(36), default="")
    state: Mapped[str] = mapped_column(String(12), default="provisional")
    moved_from: Mapped[str] = mapped_column(String(4), default="")
    printed_seat: Mapped[str] = mapped_column(String(4), default="")
    reprint: Mapped[bool] = mapped_column(Boolean, default=False)
    passenger_name: Mapped[str] = mapped_column(String(64), default="")
    ticket_number: Mapped[str | None] = mapped_column(String(14), nullable=True)
    coupon_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    clerk_login: Mapped[str] = mapped_column(String(32))
    op_id: Mapped[str] = mapped_column(String(36), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    released_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class SeatMapCache(Base):
    """A flight's seats that are not free as head office last said (``GET /seats``): the
    list of ``SeatTaken`` dicts at ``as_of`` (naive UTC), for the map shown offline."""

    __tablename__ = "seat_map_cache"

    flight_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seats: Mapped[list[Any]] = mapped_column(JSON)
    as_of: Mapped[datetime] = mapped_column(DateTime)


class ExtraSeat(Base):
    """A privacy seat (隐私座) on a booking: the extra seat (``EXST``) kept empty beside a
    V4/V5 official, the :class:`SeatChoice` ``choice_id`` of kind ``extra``, with its fare
    as the airline's rule in force said when it was booked (``fare_basis``: ``free``,
    ``published_fare`` or ``paid_fare``; ``rule_from`` the rule's effective date)."""

    __tablename__ = "extra_seats"
    __table_args__ = (Index("ix_extra_seats_booking", "booking_id"),)

    choice_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    booking_id: Mapped[str] = mapped_column(String(36))
    segment_id: Mapped[str] = mapped_column(String(36))
    passenger_id: Mapped[str] = mapped_column(String(36))
    fare_fen: Mapped[int] = mapped_column(Integer, default=0)
    fare_basis: Mapped[str] = mapped_column(String(16))
    rule_from: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)


# --- printed documents ----------------------------------------------------------------


class ReceiptSerial(Base):
    """One itinerary-receipt serial (印刷序号) taken from this counter's receipt ranges: the
    ledger of the serial stock (行程单领用存). ``used`` by a ticket's receipt, ``voided`` when
    that receipt was replaced (the reason says why), ``spoiled`` when the blank form was
    ruined before use. Serials are taken in order, so received = used + voided + spoiled +
    left at all times."""

    __tablename__ = "receipt_serials"
    __table_args__ = (Index("ix_receipt_serials_ticket", "ticket_id"),
                      Index("ix_receipt_serials_at", "at"))

    serial: Mapped[str] = mapped_column(String(10), primary_key=True)
    status: Mapped[str] = mapped_column(String(8))  # used | voided | spoiled
    ticket_id: Mapped[str | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    ticket_number: Mapped[str] = mapped_column(String(14), default="")
    mode: Mapped[str] = mapped_column(String(8), default="")  # overlay | plain
    reason: Mapped[str] = mapped_column(String(128), default="")
    at: Mapped[datetime] = mapped_column(DateTime)  # taken (UTC)
    clerk_login: Mapped[str] = mapped_column(String(32))
    voided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    replaced_by: Mapped[str | None] = mapped_column(String(10), nullable=True)
    op_id: Mapped[str] = mapped_column(String(36), default="")


class InvoiceRequest(Base):
    """An e-invoice request (电子发票(航空运输电子客票行程单)申请) for one ticket, to a buyer
    name and unified social credit code; tracked until issued, red-reversed (红冲) when the
    ticket is refunded afterwards."""

    __tablename__ = "invoice_requests"
    __table_args__ = (Index("ix_invoice_requests_ticket", "ticket_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"))
    ticket_number: Mapped[str] = mapped_column(String(14))
    buyer_kind: Mapped[str] = mapped_column(String(12))  # company | individual
    buyer_name: Mapped[str] = mapped_column(String(100))
    buyer_uscc: Mapped[str | None] = mapped_column(String(18), nullable=True)
    email: Mapped[str] = mapped_column(String(100), default="")
    # queued (in the outbox) | received (head office has it) | issued | red_reversed | refused
    status: Mapped[str] = mapped_column(String(16), default="queued")
    invoice_no: Mapped[str] = mapped_column(String(32), default="")
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    clerk_login: Mapped[str] = mapped_column(String(32))
    op_id: Mapped[str] = mapped_column(String(36), default="")
    reversed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    reversed_reason: Mapped[str] = mapped_column(String(128), default="")


# --- sync and audit --------------------------------------------------------------------


class OutboxEntry(Base):
    """An operation head office must learn of, written in the same transaction as the
    change itself (see docs/architecture.md, "Sync")."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_seq", "state", "seq"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(32))
    schema_version: Mapped[int] = mapped_column(Integer, default=1)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    payload_hash: Mapped[str] = mapped_column(String(64))
    clerk_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # Who made the change (every op names its clerk), when head office answered and what.
    clerk_login: Mapped[str] = mapped_column(String(32), default="")
    last_code: Mapped[str] = mapped_column(String(64), default="")
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class HeadOfficeRequest(Base):
    """A step only head office can take (a refund of a ticket sold elsewhere, a flight
    outside the allotment), queued by the clerk; it travels as a ``request.head_office`` op
    written in the same transaction (总部申请)."""

    __tablename__ = "head_office_requests"
    __table_args__ = (Index("ix_head_office_requests_status", "status", "created_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    action: Mapped[str] = mapped_column(String(16))  # refund | void | change | book | name
    ticket_number: Mapped[str | None] = mapped_column(String(14), nullable=True)
    flight_no: Mapped[str | None] = mapped_column(String(8), nullable=True)
    pnr: Mapped[str | None] = mapped_column(String(8), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    clerk_login: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # queued (in the outbox) | received (head office has it) | done | refused
    status: Mapped[str] = mapped_column(String(16), default="queued")
    answer: Mapped[str] = mapped_column(Text, default="")


class AuditEntry(Base):
    """Who did what when: logins, lockouts, overrides."""

    __tablename__ = "audit_log"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    at: Mapped[datetime] = mapped_column(DateTime)
    clerk_login: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class LocalSetting(Base):
    """Small key/value facts about this cache (loaded data versions, demo window...)."""

    __tablename__ = "local_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Lease(Base):
    """An allotment lease (座位配额): seats head office granted this counter on one flight
    cabin, sold offline until ``expires_at`` (naive UTC, head office time).

    ``used_local`` counts the seats this counter sold from it, including sales head office
    has not heard of yet, so it never goes below what head office last reported.
    """

    __tablename__ = "leases"
    __table_args__ = (Index("ix_leases_flight_cabin", "flight_id", "cabin"),)

    lease_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    flight_id: Mapped[str] = mapped_column(String(36))
    cabin: Mapped[str] = mapped_column(String(1))
    granted: Mapped[int] = mapped_column(Integer)
    used_local: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="active")


class NumberRange(Base):
    """A range of ticket numbers (per airline prefix) or receipt serials head office gave
    this counter; consumed in order from ``next_number`` up to ``last`` inclusive."""

    __tablename__ = "number_ranges"
    __table_args__ = (Index("ix_number_ranges_kind_prefix", "kind", "prefix", "first"),)

    range_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    prefix: Mapped[str] = mapped_column(String(3), default="")
    first: Mapped[int] = mapped_column(BigInteger)
    last: Mapped[int] = mapped_column(BigInteger)
    next_number: Mapped[int] = mapped_column(BigInteger)


class PulledVersion(Base):
    """What the counter holds of each pulled key, for the per-scope checksum: the ``seq``
    of the last change applied to it."""

    __tablename__ = "pulled_versions"

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


class AttentionItem(Base):
    """Something the clerk must look at (待处理事项): a rejected operation, a merge conflict,
    a skewed clock, a stalled queue, lost credentials, checksum drift."""

    __tablename__ = "attention_items"
    __table_args__ = (Index("ix_attention_items_open", "resolved_at", "created_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(16))
    op_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    code: Mapped[str] = mapped_column(String(64), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Where it came from when it can arrive twice (a conflict pulled again): unique.
    source: Mapped[str | None] = mapped_column(String(100), nullable=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_by: Mapped[str] = mapped_column(String(32), default="")


class SyncCycle(Base):
    """One sync cycle and what it moved, for the sync log screen and support."""

    __tablename__ = "sync_cycles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime] = mapped_column(DateTime)
    pushed: Mapped[int] = mapped_column(Integer, default=0)
    applied: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    pulled: Mapped[int] = mapped_column(Integer, default=0)
    ok: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str] = mapped_column(Text, default="")


# The service requests' table lives in its own module; imported here so that the metadata
# (migrations, the schema comparison) always has it.
from counter_app.storage import request_models as _request_models  # noqa: E402,F401
