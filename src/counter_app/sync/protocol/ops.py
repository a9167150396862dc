"""The op payloads (上传操作的内容): one pydantic model per :class:`OpKind`.

A counter builds one of these models for each change head office must learn of and stores
its canonical JSON (:func:`op_payload`) in the outbox; head office parses each pushed op's
payload with the same class (:func:`parse_payload`), one op at a time, so a payload that
does not validate is that op's refusal, never the batch's. What head office does with each
kind, and the codes it refuses with, is in the docstring of
``counter_app.headoffice.apply``.

The wire format is the one counters wrote before these models existed, byte for byte:
field names, money as strings of yuan with fen (``"1480.00"``), timestamps as Python's
``isoformat()`` (``"2026-12-04T02:15:00.123456+00:00"``), dates as ``"2026-12-04"``, and
only the fields that were given (:func:`op_payload` leaves out a field left to its
default), so the payload hash of an op does not depend on whether it was built as a dict
or as a model.

:data:`TypedOp` is the op envelope with its payload typed: a union discriminated on
``kind`` (:func:`typed_op` turns a plain :class:`Op` into one). The HTTP push keeps
``payload`` as plain JSON (:class:`Op`), so one bad payload cannot fail a whole batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, PlainSerializer, StringConstraints, TypeAdapter
from pydantic_core import PydanticCustomError

from counter_app.sync.protocol.messages import (
    FreeText,
    Line,
    Op,
    OpEnvelope,
    OpKind,
    Strict,
)

Money = Annotated[str, StringConstraints(pattern=r"^-?\d{1,10}(\.\d{1,2})?$")]
Text64 = Annotated[str, StringConstraints(max_length=64), Line]
Policy = Annotated[str, StringConstraints(max_length=24), Line]
Seq = Annotated[int, Field(ge=1, le=16)]
Cabin = Literal["F", "C", "Y"]
ClassCode = Annotated[str, StringConstraints(min_length=1, max_length=1), Line]
Id36 = Annotated[str, StringConstraints(max_length=36), Line]
NewId = Annotated[str, StringConstraints(min_length=8, max_length=36), Line]
TicketNo = Annotated[str, StringConstraints(max_length=20), Line]
ReceiptSerial = Annotated[str, StringConstraints(pattern=r"^\d{1,10}$")]
Reason = Annotated[str, StringConstraints(max_length=128), FreeText]
# A ticket number's or receipt serial's 10 digits.
SerialNumber = Annotated[int, Field(ge=0, le=9_999_999_999)]
PassengerType = Literal["ADT", "CHD", "INF"]
RefundReason = Literal["voluntary", "involuntary"]
FIRST_YEAR, LAST_YEAR = 1970, 9998


def _instant(at: datetime) -> datetime:
    """A time whose UTC instant lies in years :data:`FIRST_YEAR` to :data:`LAST_YEAR` (at
    the calendar's edges an offset would carry it out of range)."""
    try:
        year = at.astimezone(UTC).year if at.tzinfo is not None else at.year
    except OverflowError:
        year = 0
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PydanticCustomError(
            "timestamp_range", f"a time from {FIRST_YEAR} to {LAST_YEAR} (UTC) is expected")
    return at


# Parsed as a datetime, written back exactly as the counter's ``isoformat()`` wrote it.
Timestamp = Annotated[
    datetime, AfterValidator(_instant),
    PlainSerializer(lambda at: at.isoformat(), return_type=str, when_used="json"),
]


class OpPayload(Strict):
    """What every payload model is: strict (an unknown field is refused) and frozen."""




# --- sales ---------------------------------------------------------------------------------


class CouponLine(OpPayload):
    """One coupon's share of a ticket (multi-segment sales send one per segment)."""

    seq: Seq
    fare: Money
    cn_fund: Money = "0.00"
    fuel: Money = "0.00"
    insurance: Money = "0.00"
    service_fee: Money = "0.00"
    insurance_policy_no: Policy = ""


class TicketLine(OpPayload):
    """One passenger's ticket in a sale."""

    ticket_number: Annotated[str, StringConstraints(min_length=13, max_length=20), Line]
    passenger_name: Text64
    passenger_type: PassengerType
    id_type: Annotated[str, StringConstraints(max_length=2), Line]
    id_number: Annotated[str, StringConstraints(max_length=32), Line]
    fare: Money
    cn_fund: Money = "0.00"
    fuel: Money = "0.00"
    insurance: Money = "0.00"
    total: Money
    receipt_serial: ReceiptSerial | None = None
    service_fee: Money = "0.00"
    coupons: Annotated[list[CouponLine], Field(max_length=16)] = Field(default_factory=list)


class SegmentLine(OpPayload):
    """One flight of a multi-segment sale and the lease its seats come from."""

    seq: Seq
    flight_id: Id36
    cabin: Cabin
    class_code: ClassCode
    lease_id: Id36 | None = None


class PaymentLine(OpPayload):
    method: Annotated[str, StringConstraints(min_length=1, max_length=16), Line]
    amount: Money


class SaleIssue(OpPayload):
    """``sale.issue``: tickets sold from a lease, numbers from the counter's ranges."""

    sale_id: NewId
    pnr: Annotated[str, StringConstraints(max_length=8), Line]
    flight_id: Id36
    cabin: Cabin
    class_code: ClassCode
    lease_id: Id36 | None = None
    customer_id: Id36 | None = None
    tickets: Annotated[list[TicketLine], Field(min_length=1, max_length=20)]
    payments: Annotated[list[PaymentLine], Field(max_length=10)] = Field(default_factory=list)
    issued_at: Timestamp
    # Multi-segment sales (return, connection): every segment, the first one repeating the
    # top-level flight, cabin, class and lease. Older counters send none (one segment).
    segments: Annotated[list[SegmentLine], Field(max_length=16)] = Field(default_factory=list)
    gp_order_no: Annotated[str, StringConstraints(max_length=32), Line] = ""
    commission: Money = "0.00"


class SaleVoid(OpPayload):
    """``sale.void``: a same-day void (作废) of tickets this counter issued."""

    sale_id: Id36
    ticket_numbers: Annotated[list[TicketNo], Field(min_length=1, max_length=20)]
    reason: Reason = ""


class NumberVoid(OpPayload):
    """``number.void``: a ticket number or receipt serial skipped (a gap)."""

    kind: Literal["ticket", "receipt"]
    prefix: Annotated[str, StringConstraints(pattern=r"^[0-9]{3}$|^$")] = ""
    number: SerialNumber | ReceiptSerial
    reason: Reason = ""


class LeaseRelease(OpPayload):
    """``lease.release``: a lease given back; seats not sold return to stock."""

    lease_id: Id36


# --- after the sale ------------------------------------------------------------------------


class SaleRefund(OpPayload):
    """``sale.refund``: coupons of a ticket this counter issued refunded (退票)."""

    refund_id: NewId
    sale_id: Id36
    ticket_number: TicketNo
    coupons: Annotated[list[Seq], Field(min_length=1, max_length=16)]
    reason: RefundReason
    fee: Money
    amount: Money
    payments: Annotated[list[PaymentLine], Field(max_length=10)] = Field(default_factory=list)
    refunded_at: Timestamp


class NewSegment(OpPayload):
    """The flight a changed coupon moves to."""

    flight_id: Id36
    cabin: Cabin
    class_code: ClassCode
    lease_id: Id36 | None = None
    same_seat: bool = False


class ChangedCoupon(CouponLine):
    """A coupon of the re-issued ticket: the moved one, or one carried over unchanged; its
    share of the ticket as a :class:`CouponLine`, and its flight."""

    flight_id: Id36
    cabin: Cabin
    class_code: ClassCode
    moved: bool = False


class SaleChange(OpPayload):
    """``sale.change``: one coupon moved to another flight or class; the ticket re-issued."""

    change_id: NewId
    sale_id: Id36
    old_ticket_number: TicketNo
    new_ticket_number: TicketNo
    coupon_seq: Seq
    passenger_type: PassengerType
    reason: RefundReason
    fee: Money
    fare_difference: Money
    new_segment: NewSegment
    coupons: Annotated[list[ChangedCoupon], Field(min_length=1, max_length=16)]
    payments: Annotated[list[PaymentLine], Field(max_length=10)] = Field(default_factory=list)
    changed_at: Timestamp


class TicketName(OpPayload):
    """``ticket.name``: a typo in a passenger's name corrected (姓名更正)."""

    sale_id: Id36
    ticket_number: TicketNo
    old_name: Text64
    new_name: Text64
    approved_by: Annotated[str, StringConstraints(max_length=32), Line]
    code: Annotated[str, StringConstraints(max_length=32), Line] = ""


class DayClose(OpPayload):
    """``day.close``: the counter closed its business day (日结)."""

    close_id: NewId
    outlet_code: Annotated[str, StringConstraints(max_length=16), Line]
    business_date: date
    closed_at: Timestamp
    totals: dict[str, Any] = Field(default_factory=dict)


class HeadOfficeRequest(OpPayload):
    """``request.head_office``: a step only head office can take (总部申请)."""

    request_id: NewId
    action: Literal["refund", "void", "change", "book", "name"]
    ticket_number: Annotated[str, StringConstraints(max_length=14), Line] | None = None
    flight_no: Annotated[str, StringConstraints(max_length=8), Line] | None = None
    pnr: Annotated[str, StringConstraints(max_length=8), Line] | None = None
    note: Annotated[str, StringConstraints(max_length=2000), FreeText] = ""
    requested_at: Timestamp


# --- documents -----------------------------------------------------------------------------


class ReceiptPrint(OpPayload):
    """``receipt.print``: an itinerary receipt printed on a serial (行程单打印)."""

    print_id: Annotated[str, StringConstraints(min_length=1, max_length=36), Line]
    sale_id: Id36
    ticket_number: TicketNo
    serial: ReceiptSerial
    replaces: ReceiptSerial | None = None
    reason: Reason = ""
    mode: Literal["overlay", "plain"]
    printed_at: Timestamp


class InvoiceRequest(OpPayload):
    """``invoice.request``: an e-invoice requested for a ticket (电子发票申请)."""

    request_id: NewId
    sale_id: Id36
    ticket_number: TicketNo
    buyer_name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                 max_length=100), Line]
    # Checked with the domain's GB 32100 rule by head office, so the refusal names the fault.
    buyer_uscc: Annotated[str, StringConstraints(max_length=32), Line] | None = None
    buyer_kind: Literal["company", "individual"]
    email: Annotated[str, StringConstraints(max_length=100), Line] = ""
    requested_at: Timestamp


class InvoiceReverse(OpPayload):
    """``invoice.reverse``: a requested e-invoice red-reversed (红冲), e.g. after a refund."""

    request_id: NewId
    reason: Reason = ""
    reversed_at: Timestamp


# --- seats ---------------------------------------------------------------------------------

SeatCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,3}[A-K]$")]
GpLevelCode = Literal["V1", "V2", "V3", "V4", "V5"]
Login = Annotated[str, StringConstraints(max_length=32), Line]
# What a seat is taken as: a passenger's seat, an extra seat kept empty beside a V4/V5
# official (EXST, 隐私座), or a seat held for an official on one of several flights (压座)
# until a deadline.
SeatKind = Literal["seat", "extra", "hold"]


class SeatPassenger(OpPayload):
    """What head office needs to judge a seat for a passenger: an exit-row seat is for an
    adult of 15 or older who holds no infant (docs/domain.md §9)."""

    passenger_type: PassengerType
    age: Annotated[int, Field(ge=0, le=150)] | None = None
    with_infant: bool = False
    gp_level: GpLevelCode | None = None


class SeatChoose(OpPayload):
    """``seat.choose`` (and the body of a live ``POST /seats``): a seat on a flight for one
    passenger. ``choice_id`` is made by the counter and is the choice's key at both ends: a
    choice sent live and then, its answer lost, again as an op is one choice."""

    choice_id: NewId
    flight_id: Id36
    cabin: Cabin
    seat: SeatCode
    kind: SeatKind = "seat"
    # Who sits there: the counter's passenger id (UUIDv7) and, once issued, the coupon.
    holder: NewId
    passenger_name: Text64
    passenger: SeatPassenger
    ticket_number: TicketNo | None = None
    coupon_seq: Seq | None = None
    # Seat lock (座位锁定, V4+): kept through changes, released only with a supervisor.
    locked: bool = False
    # A hold's deadline (压座, V4+); other kinds leave it None.
    hold_until: Timestamp | None = None
    # Holds of one official on several flights share a group: ticketing one releases the rest.
    hold_group: Annotated[str, StringConstraints(max_length=36), Line] = ""
    # For kind ``extra``: the choice id of the official the seat is kept empty beside.
    beside: Annotated[str, StringConstraints(max_length=36), Line] = ""
    # The choice this one replaces (a passenger moving seats), released in the same step.
    replaces: Annotated[str, StringConstraints(max_length=36), Line] = ""
    clerk_login: Login
    chosen_at: Timestamp


class SeatRelease(OpPayload):
    """``seat.release``: a choice given back (void, refund, change, the clerk's undo, a hold
    not needed). A locked seat needs ``approved_by``, a supervisor of the counter's outlet."""

    choice_id: NewId
    reason: Literal["clerk", "void", "refund", "change", "hold_released", "hold_ticketed",
                    "expired"] = "clerk"
    approved_by: Login = ""
    clerk_login: Login
    released_at: Timestamp


# --- customers -----------------------------------------------------------------------------

# A GP unit's bureau, level of government and account manager live in its attributes.
CUSTOMER_FIELDS = ("name_zh", "uscc", "settlement", "credit_limit", "contact_name",
                   "contact_phone", "notes", "bureau", "gov_level", "account_manager")
CustomerField = Literal["name_zh", "uscc", "settlement", "credit_limit", "contact_name",
                        "contact_phone", "notes", "bureau", "gov_level", "account_manager"]
CustomerValue = Annotated[str, StringConstraints(max_length=2000), FreeText] | None


class CustomerUpdate(OpPayload):
    """``customer.update``: a field-level edit against the version the counter last saw."""

    customer_id: Id36
    base_version: Annotated[int, Field(ge=0, le=2**31 - 1)] = 0
    base: dict[CustomerField, CustomerValue] = Field(default_factory=dict)
    changes: Annotated[dict[CustomerField, CustomerValue], Field(min_length=1)]


# --- GP service requests (公务服务申请单) -------------------------------------------------

RequestKindCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
FieldKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
ShortText = Annotated[str, StringConstraints(max_length=64), Line]


class ServicePerson(OpPayload):
    """A person on a request: a companion, a family member."""

    name: ShortText
    title: ShortText = ""
    id_type: ShortText = ""
    id_number: ShortText = ""
    relation: ShortText = ""
    phone: ShortText = ""


# A form field's value: text, number, yes/no, codes or texts, people. Checked against the
# kind's field (``domain/gp_requests.py``) at both ends.
ServiceValue = (Annotated[str, StringConstraints(max_length=2000), FreeText] | bool | int
                | Annotated[list[ShortText], Field(max_length=20)]
                | Annotated[list[ServicePerson], Field(max_length=20)] | None)
ServiceValues = Annotated[dict[FieldKey, ServiceValue], Field(max_length=80)]


class ServiceRequestSubmit(OpPayload):
    """``service_request.submit``: a GP service request form sent to head office. Head
    office checks the kind against the official's level as head office knows it, the
    airport, the deadline against its own flight and clock, and every field."""

    request_id: NewId
    kind: RequestKindCode
    customer_id: Id36 | None = None  # the GP unit
    official_id: Id36 | None = None  # the official (a traveller of the unit)
    booking_id: Id36 | None = None
    pnr: Annotated[str, StringConstraints(max_length=8), Line] | None = None
    flight_id: Id36 | None = None
    values: ServiceValues
    note: Annotated[str, StringConstraints(max_length=500), FreeText] = ""
    submitted_at: Timestamp


class ServiceRequestUpdate(OpPayload):
    """``service_request.update``: fields of a submitted request edited at the counter,
    against the version it last saw; merged field by field at head office."""

    request_id: NewId
    base_version: Annotated[int, Field(ge=1, le=2**31 - 1)]
    base: ServiceValues
    changes: Annotated[dict[FieldKey, ServiceValue], Field(min_length=1, max_length=80)]
    updated_at: Timestamp


class ServiceRequestCancel(OpPayload):
    """``service_request.cancel``: the counter withdraws a request (the official will not
    fly, the booking was cancelled)."""

    request_id: NewId
    note: Annotated[str, StringConstraints(max_length=500), FreeText] = ""
    cancelled_at: Timestamp


OfficialField = Literal["name", "id_type", "id_number", "mobile", "gp_level", "title_zh",
                        "seat_pref", "meal_pref", "companions", "notes"]
OfficialValue = (Annotated[str, StringConstraints(max_length=500), FreeText]
                 | Annotated[list[ServicePerson], Field(max_length=8)] | None)


class GpOfficialSave(OpPayload):
    """``gp_official.save``: an official of a GP unit created (``base_version`` 0) or edited
    at the counter, field by field against the version last pulled. Head office refuses a
    level the counter's clerk may not set."""

    official_id: NewId
    customer_id: Id36
    base_version: Annotated[int, Field(ge=0, le=2**31 - 1)] = 0
    base: dict[OfficialField, OfficialValue] = Field(default_factory=dict)
    changes: Annotated[dict[OfficialField, OfficialValue], Field(min_length=1)]


# --- kinds, models and the typed envelope ---------------------------------------------------

OP_MODELS: Mapping[OpKind, type[OpPayload]] = MappingProxyType({
    OpKind.SALE_ISSUE: SaleIssue,
    OpKind.SALE_VOID: SaleVoid,
    OpKind.NUMBER_VOID: NumberVoid,
    OpKind.LEASE_RELEASE: LeaseRelease,
    OpKind.CUSTOMER_UPDATE: CustomerUpdate,
    OpKind.SALE_REFUND: SaleRefund,
    OpKind.SALE_CHANGE: SaleChange,
    OpKind.DAY_CLOSE: DayClose,
    OpKind.TICKET_NAME: TicketName,
    OpKind.REQUEST_HEAD_OFFICE: HeadOfficeRequest,
    OpKind.RECEIPT_PRINT: ReceiptPrint,
    OpKind.INVOICE_REQUEST: InvoiceRequest,
    OpKind.INVOICE_REVERSE: InvoiceReverse,
    OpKind.SEAT_CHOOSE: SeatChoose,
    OpKind.SEAT_RELEASE: SeatRelease,
    OpKind.SERVICE_REQUEST_SUBMIT: ServiceRequestSubmit,
    OpKind.SERVICE_REQUEST_UPDATE: ServiceRequestUpdate,
    OpKind.SERVICE_REQUEST_CANCEL: ServiceRequestCancel,
    OpKind.GP_OFFICIAL_SAVE: GpOfficialSave,
})
_KINDS: Mapping[type[OpPayload], OpKind] = MappingProxyType(
    {model: kind for kind, model in OP_MODELS.items()})


def kind_of(payload: OpPayload) -> OpKind:
    """The op kind whose payload this is (a part of a payload, such as a
    :class:`TicketLine`, is none: KeyError)."""
    return _KINDS[type(payload)]


def op_payload(payload: OpPayload) -> dict[str, Any]:
    """The payload's canonical JSON as the outbox stores, hashes and sends it: plain JSON
    values, only the fields that were given (see the module docstring)."""
    if type(payload) not in _KINDS:
        raise TypeError(f"{type(payload).__name__} is not the payload of an op kind")
    return payload.model_dump(mode="json", exclude_unset=True)


def parse_payload(kind: OpKind, payload: dict[str, Any]) -> OpPayload:
    """The model of ``kind`` read from a plain payload; pydantic's ValidationError when it
    does not validate."""
    return OP_MODELS[kind].model_validate(payload)


class SaleIssueOp(OpEnvelope):
    kind: Literal[OpKind.SALE_ISSUE]
    payload: SaleIssue


class SaleVoidOp(OpEnvelope):
    kind: Literal[OpKind.SALE_VOID]
    payload: SaleVoid


class NumberVoidOp(OpEnvelope):
    kind: Literal[OpKind.NUMBER_VOID]
    payload: NumberVoid


class LeaseReleaseOp(OpEnvelope):
    kind: Literal[OpKind.LEASE_RELEASE]
    payload: LeaseRelease


class CustomerUpdateOp(OpEnvelope):
    kind: Literal[OpKind.CUSTOMER_UPDATE]
    payload: CustomerUpdate


class SaleRefundOp(OpEnvelope):
    kind: Literal[OpKind.SALE_REFUND]
    payload: SaleRefund


class SaleChangeOp(OpEnvelope):
    kind: Literal[OpKind.SALE_CHANGE]
    payload: SaleChange


class DayCloseOp(OpEnvelope):
    kind: Literal[OpKind.DAY_CLOSE]
    payload: DayClose


class TicketNameOp(OpEnvelope):
    kind: Literal[OpKind.TICKET_NAME]
    payload: TicketName


class HeadOfficeRequestOp(OpEnvelope):
    kind: Literal[OpKind.REQUEST_HEAD_OFFICE]
    payload: HeadOfficeRequest


class ReceiptPrintOp(OpEnvelope):
    kind: Literal[OpKind.RECEIPT_PRINT]
    payload: ReceiptPrint


class InvoiceRequestOp(OpEnvelope):
    kind: Literal[OpKind.INVOICE_REQUEST]
    payload: InvoiceRequest


class InvoiceReverseOp(OpEnvelope):
    kind: Literal[OpKind.INVOICE_REVERSE]
    payload: InvoiceReverse


class SeatChooseOp(OpEnvelope):
    kind: Literal[OpKind.SEAT_CHOOSE]
    payload: SeatChoose


class SeatReleaseOp(OpEnvelope):
    kind: Literal[OpKind.SEAT_RELEASE]
    payload: SeatRelease


class ServiceRequestSubmitOp(OpEnvelope):
    kind: Literal[OpKind.SERVICE_REQUEST_SUBMIT]
    payload: ServiceRequestSubmit


class ServiceRequestUpdateOp(OpEnvelope):
    kind: Literal[OpKind.SERVICE_REQUEST_UPDATE]
    payload: ServiceRequestUpdate


class ServiceRequestCancelOp(OpEnvelope):
    kind: Literal[OpKind.SERVICE_REQUEST_CANCEL]
    payload: ServiceRequestCancel


class GpOfficialSaveOp(OpEnvelope):
    kind: Literal[OpKind.GP_OFFICIAL_SAVE]
    payload: GpOfficialSave


TypedOp = Annotated[
    SaleIssueOp | SaleVoidOp | NumberVoidOp | LeaseReleaseOp | CustomerUpdateOp
    | SaleRefundOp | SaleChangeOp | DayCloseOp | TicketNameOp | HeadOfficeRequestOp
    | ReceiptPrintOp | InvoiceRequestOp | InvoiceReverseOp | SeatChooseOp | SeatReleaseOp
    | ServiceRequestSubmitOp | ServiceRequestUpdateOp | ServiceRequestCancelOp
    | GpOfficialSaveOp,
    Field(discriminator="kind"),
]
TYPED_OP: TypeAdapter[TypedOp] = TypeAdapter(TypedOp)


def typed_op(op: Op) -> TypedOp:
    """``op`` with its payload parsed by its kind's model (ValidationError otherwise)."""
    return TYPED_OP.validate_python(op.model_dump())
