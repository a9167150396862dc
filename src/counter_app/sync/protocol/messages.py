"""The sync protocol between a counter and head office (柜台与总部同步协议).

Pydantic messages shared by both sides, so a message is validated by the same code at
either end. The shape of a sync cycle (docs/architecture.md, "Sync, in one page"):

1. **Handshake** (``POST /api/v1/sync/handshake``): protocol and schema versions; head office
   accepts the current and the previous versions so an old outbox drains before an upgrade
   is forced.
2. **Push** (``POST /api/v1/sync/push``): outbox operations in local order, at most
   :data:`MAX_PUSH_OPS` per batch. Each op has an ``op_id`` made at the counter, its schema
   version and a hash of its payload. Head office stores ``(counter, op_id)`` with the
   result in the same transaction as the effect; a replay returns the stored result
   (``duplicate``); the same id with another payload is refused with HTTP 409.
3. **Pull** (``GET /api/v1/sync/pull?cursor=N``): the change log after the cursor, in commit
   order, filtered to what the counter's outlet may see; the counter applies a page and
   advances its cursor in one transaction.
4. **Checksum** (``GET /api/v1/sync/checksum``): per scope, a digest of ``entity|key|version``
   of everything the counter should hold; the counter compares with its own.

Money travels as strings of yuan with fen (``"1480.00"``), never floats; timestamps are
ISO-8601 UTC; ids made at the counter are UUIDv7 strings.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

import orjson
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

PROTOCOL_VERSION = 1
# Versions of op payloads a head office accepts; the newest is what counters write now.
OP_SCHEMA_VERSION = 1
ACCEPTED_OP_SCHEMA_VERSIONS = frozenset({1})
MIN_PROTOCOL_VERSION = 1

MAX_PUSH_OPS = 500
MAX_PULL_LIMIT = 5000
DEFAULT_PULL_LIMIT = 2000
MAX_BODY_BYTES = 4 * 1024 * 1024

OpId = Annotated[str, StringConstraints(min_length=8, max_length=64, pattern=r"^[0-9A-Za-z-]+$")]
Code = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class Strict(BaseModel):
    """What a counter sends: unknown fields are refused, a forged or garbled message is a
    422, not a guess."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Reply(BaseModel):
    """What head office answers: a counter ignores fields it does not know, so a newer head
    office can add one (as ``PullResponse.newest`` was added) without stopping the counters
    of the previous release, which head office must keep serving until they upgrade."""

    model_config = ConfigDict(extra="ignore", frozen=True)


def canonical_json(value: Any) -> bytes:
    """The bytes a payload hash is taken over: sorted keys, no spaces, UTF-8.

    orjson writes exactly what ``json.dumps(sort_keys=True, separators=(",", ":"),
    ensure_ascii=False)`` writes for the values payloads hold (strings, integers, booleans,
    null, lists, objects; money travels as strings) — a test holds it to that — at a tenth
    of the cost, which matters when head office hashes every op of a 500-op batch.
    """
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def canonical_json_reference(value: Any) -> bytes:
    """The definition :func:`canonical_json` must match, byte for byte."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def payload_hash(payload: dict[str, Any]) -> str:
    """The SHA-256 of :func:`canonical_json`. A payload :func:`payload_fault` finds fault with
    may have none (orjson refuses a lone surrogate, an integer beyond 64 bits and nesting
    deeper than 254 levels with a TypeError)."""
    return hashlib.sha256(canonical_json(payload)).hexdigest()


# --- JSON head office can keep ----------------------------------------------------------------

# Op payloads nest five levels at most (a sale, its tickets, a ticket, its coupons, a coupon).
MAX_PAYLOAD_DEPTH = 32
# Integers are kept in 64-bit columns (and orjson writes no wider ones).
MIN_INT = -(2**63)
MAX_INT = 2**63 - 1
# What no text may hold: NUL and the other C0 controls but TAB, LF and CR, and lone
# surrogates (which have no UTF-8, so can be neither hashed nor stored). PostgreSQL's text
# refuses NUL; the rest is garbage or terminal escapes on a screen or a printed receipt.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# One-line text (names, codes, ids) holds no control character at all.
_NOT_LINE = re.compile(r"[\x00-\x1f\ud800-\udfff]")
_SHOWN_PATH = 6


def _character(char: str) -> str:
    """A character described without writing it (so the description is storable)."""
    code = ord(char)
    if code == 0:
        return "a NUL character (U+0000)"
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate (U+{code:04X})"
    return f"a control character (U+{code:04X})"


def text_fault(value: str, *, one_line: bool = False) -> str | None:
    """Why ``value`` is not text head office keeps, e.g. ``contains a NUL character (U+0000)
    at position 3`` (positions count characters from 0); None when it is. ``one_line``
    refuses TAB, LF and CR as well."""
    found = (_NOT_LINE if one_line else _NOT_TEXT).search(value)
    if found is None:
        return None
    return f"contains {_character(found.group())} at position {found.start()}"


def _line(value: str) -> str:
    fault = text_fault(value, one_line=True)
    if fault is not None:
        raise PydanticCustomError("invalid_text", fault)
    return value


def _text(value: str) -> str:
    fault = text_fault(value)
    if fault is not None:
        raise PydanticCustomError("invalid_text", fault)
    return value


# Every string a counter sends is one of these: one line (no control character at all), or
# free text (TAB, LF and CR allowed); never a NUL, another C0 control or a lone surrogate.
# A refusal is pydantic's error type ``invalid_text`` (head office's refusal code too).
Line = AfterValidator(_line)
FreeText = AfterValidator(_text)


def storable(text: str) -> str:
    """``text`` with every character :func:`text_fault` refuses written as ``\\uXXXX``: what
    head office may store of a message that quotes a counter's input."""
    return _NOT_TEXT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _where(path: list[str | int]) -> str:
    shown = ".".join(str(p) for p in path[:_SHOWN_PATH])
    if len(path) > _SHOWN_PATH:
        shown += "..."
    return shown or "payload"


def _clean(value: Any, depth: int) -> bool:
    """True when nothing in ``value`` (at nesting ``depth``) is at fault; False when
    something may be. Recurses at most :data:`MAX_PAYLOAD_DEPTH` levels deep."""
    kind = type(value)
    if kind is str:
        return _NOT_TEXT.search(value) is None
    if kind is dict:
        if depth > MAX_PAYLOAD_DEPTH:
            return False
        for key, item in value.items():
            if type(key) is not str or _NOT_TEXT.search(key) is not None:
                return False
            if not _clean(item, depth + 1):
                return False
        return True
    if kind is list:
        if depth > MAX_PAYLOAD_DEPTH:
            return False
        return all(_clean(item, depth + 1) for item in value)
    if kind is int:
        return bool(MIN_INT <= value <= MAX_INT)
    if kind is float:
        return math.isfinite(value)
    return value is None or kind is bool


def payload_fault(payload: Any) -> tuple[str, str] | None:
    """The first part of a payload (read from JSON) that head office cannot hash or keep,
    as ``(code, message)`` with the message naming the field the way a refusal does
    (``tickets.0.passenger_name: contains ...``); None when there is none.

    ``invalid_text``: a string or an object key :func:`text_fault` refuses (TAB, LF and CR
    are allowed here; a one-line field's model refuses them). ``invalid_payload``: nesting
    deeper than :data:`MAX_PAYLOAD_DEPTH`, an integer outside 64 bits, a number that is not
    finite (``NaN``, ``Infinity``, ``1e999``). A clean payload (nearly all) costs one quick
    walk; the walk that names the field runs only when that finds something."""
    if _clean(payload, 1):
        return None
    stack: list[tuple[Any, list[str | int]]] = [(payload, [])]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            fault = text_fault(value)
            if fault is not None:
                return "invalid_text", f"{_where(path)}: {fault}"
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if not MIN_INT <= value <= MAX_INT:
                return "invalid_payload", f"{_where(path)}: an integer wider than 64 bits"
        elif isinstance(value, float):
            if not math.isfinite(value):
                return "invalid_payload", f"{_where(path)}: not a finite number"
        elif isinstance(value, dict | list):
            if len(path) >= MAX_PAYLOAD_DEPTH:
                return ("invalid_payload",
                        f"{_where(path)}: nested deeper than {MAX_PAYLOAD_DEPTH} levels")
            if isinstance(value, dict):
                children: list[tuple[Any, list[str | int]]] = []
                for key, item in value.items():
                    fault = text_fault(key) if isinstance(key, str) else None
                    if fault is not None:
                        return "invalid_text", f"{_where(path)}: a key {fault}"
                    children.append((item, [*path, key]))
            else:
                children = [(item, [*path, i]) for i, item in enumerate(value)]
            stack.extend(reversed(children))
    return None


# --- enrollment and tokens -------------------------------------------------------------


class EnrollRequest(Strict):
    """A counter's first contact: the one-time code printed by ``counter-headoffice enroll``."""

    code: Annotated[str, StringConstraints(min_length=6, max_length=64), Line]
    counter_name: Annotated[str, StringConstraints(min_length=1, max_length=64), Line]
    protocol_version: int = PROTOCOL_VERSION


class TokenPair(Reply):
    access_token: str
    access_expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime


class EnrollResponse(Reply):
    counter_id: str
    outlet_code: str
    outlet_name: str
    tokens: TokenPair


class RefreshRequest(Strict):
    counter_id: Annotated[str, StringConstraints(max_length=64), Line]
    refresh_token: Annotated[str, StringConstraints(min_length=16, max_length=256), Line]


# --- handshake ---------------------------------------------------------------------------


class HandshakeRequest(Strict):
    protocol_version: int
    op_schema_version: int
    app_version: Annotated[str, StringConstraints(max_length=32), Line]
    counter_time: datetime


class HandshakeResponse(Reply):
    accepted: bool
    protocol_version: int
    min_protocol_version: int
    accepted_op_schema_versions: list[int]
    server_time: datetime
    counter_id: str
    outlet_code: str
    message: str = ""


# --- push ------------------------------------------------------------------------------


class OpKind(StrEnum):
    """What a counter tells head office. Each kind's payload is one model of
    :mod:`counter_app.sync.protocol.ops` (``OP_MODELS``); what head office does with it is
    in the docstring of ``counter_app.headoffice.apply``."""

    SALE_ISSUE = "sale.issue"  # tickets sold from a lease, numbers from the counter's ranges
    SALE_VOID = "sale.void"  # same-day void (作废) of tickets this counter issued
    NUMBER_VOID = "number.void"  # a ticket number or receipt serial skipped (a gap)
    LEASE_RELEASE = "lease.release"  # a lease given back: seats not sold return to stock
    CUSTOMER_UPDATE = "customer.update"  # field-level edit against a base version
    SALE_REFUND = "sale.refund"  # coupons of a ticket this counter issued refunded (退票)
    SALE_CHANGE = "sale.change"  # one coupon moved to another flight/class; ticket re-issued
    DAY_CLOSE = "day.close"  # the counter closed its business day (日结)
    TICKET_NAME = "ticket.name"  # a typo in a passenger's name corrected (姓名更正)
    REQUEST_HEAD_OFFICE = "request.head_office"  # a step only head office can take (总部申请)
    RECEIPT_PRINT = "receipt.print"  # an itinerary receipt printed on a serial (行程单打印)
    INVOICE_REQUEST = "invoice.request"  # an e-invoice requested for a ticket (电子发票申请)
    INVOICE_REVERSE = "invoice.reverse"  # a requested e-invoice red-reversed (红冲), e.g. refund
    SEAT_CHOOSE = "seat.choose"  # a seat chosen offline (预选座位), confirmed or moved on push
    SEAT_RELEASE = "seat.release"  # a chosen, held or locked seat given back
    SERVICE_REQUEST_SUBMIT = "service_request.submit"  # a GP service request form (公务服务申请)
    SERVICE_REQUEST_UPDATE = "service_request.update"  # its fields edited, merged field by field
    SERVICE_REQUEST_CANCEL = "service_request.cancel"  # withdrawn by the counter
    GP_OFFICIAL_SAVE = "gp_official.save"  # a GP unit's official created or edited


class OpEnvelope(Strict):
    """What every op carries around its payload. :class:`Op` holds the payload as plain
    JSON (what is pushed and hashed); ``ops.TypedOp`` holds it as its kind's model."""

    op_id: OpId
    kind: OpKind
    schema_version: int
    payload: Any
    payload_hash: Annotated[str, StringConstraints(min_length=64, max_length=64)]
    clerk_login: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    counter_time: datetime  # the counter's clock, for audit only
    local_seq: int = Field(ge=1, le=MAX_INT)


class Op(OpEnvelope):
    """An op as pushed: the payload stays plain JSON at the wire, so head office parses
    each op's payload on its own and one bad payload refuses that op, not the batch."""

    payload: dict[str, Any]


class PushRequest(Strict):
    ops: Annotated[list[Op], Field(min_length=1, max_length=MAX_PUSH_OPS)]


class OpStatus(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"  # already applied earlier; ``result`` is the stored one
    REJECTED = "rejected"  # will never apply as sent: the clerk must act
    RETRY = "retry"  # a transient refusal (a lock, a dependency not yet there): send again


class OpResult(Reply):
    op_id: str
    status: OpStatus
    code: str = ""
    message: str = ""
    result: dict[str, Any] = Field(default_factory=dict)


class PushResponse(Reply):
    results: list[OpResult]
    server_time: datetime


# --- pull ------------------------------------------------------------------------------


class Scope(StrEnum):
    """Groups of data a counter pulls; each has its own checksum."""

    REFERENCE = "reference"  # airports, airlines, seat layouts, rule documents
    FLIGHTS = "flights"  # dated flights and their cabin availability
    PEOPLE = "people"  # the outlet's clerks, customers, travellers
    COUNTER = "counter"  # this counter's leases, number ranges, conflicts


class Change(Reply):
    seq: int
    scope: Scope
    entity: Code
    key: Code
    op: Literal["upsert", "delete"]
    data: dict[str, Any] | None = None


class PullResponse(Reply):
    changes: list[Change]
    next_cursor: int
    has_more: bool
    server_time: datetime
    # The newest seq in head office's log when the page was read: how far a first pull has
    # to go (a progress figure; seqs the counter may not see count too).
    newest: int | None = None


class ScopeChecksum(Reply):
    count: int
    digest: str


class ChecksumResponse(Reply):
    cursor: int  # the checksums describe the state up to this change
    scopes: dict[Scope, ScopeChecksum]


def checksum(lines: list[str]) -> ScopeChecksum:
    """Digest of ``entity|key|version`` lines, order-independent."""
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line.encode())
        digest.update(b"\n")
    return ScopeChecksum(count=len(lines), digest=digest.hexdigest())


# --- live inventory (online only) ------------------------------------------------------


class LeaseRequest(Strict):
    """Ask for seats on a flight cabin for this counter (allotment, 座位配额)."""

    flight_id: Annotated[str, StringConstraints(max_length=64), Line]
    cabin: Literal["F", "C", "Y"]
    seats: int = Field(ge=1, le=50)
    hours: int = Field(default=168, ge=1, le=24 * 31)


class Lease(Reply):
    lease_id: str
    flight_id: str
    cabin: str
    granted: int
    used: int
    expires_at: datetime
    status: Literal["active", "released", "expired", "revoked"]  # revoked: by head office staff


class RangeRequest(Strict):
    kind: Literal["ticket", "receipt"]
    prefix: Annotated[str, StringConstraints(pattern=r"^[0-9]{3}$|^$")] = ""
    size: int = Field(default=1000, ge=1, le=100_000)


class NumberRange(Reply):
    range_id: str
    kind: str
    prefix: str
    first: int
    last: int


class Availability(Reply):
    flight_id: str
    cabins: dict[str, int]  # seats head office can still grant, per cabin


class SeatTaken(Reply):
    """One seat that is not free on a flight, as any counter may see it: never whose it is,
    only whether it is this counter's own (``mine``, with its ``choice_id``)."""

    seat: str
    state: Literal["taken", "held", "locked", "extra"]
    mine: bool = False
    choice_id: str = ""


class SeatMapState(Reply):
    """``GET /seats/{flight_id}``: the flight's seats that are not free, at ``as_of``
    (head office time). Seats blocked by the airline are in the layout, not here."""

    flight_id: str
    layout_id: str
    seats: list[SeatTaken]
    as_of: datetime


class SeatAnswer(Reply):
    """Head office's answer to a chosen seat (live ``POST /seats``, or a ``seat.choose`` op's
    ``result``): ``confirmed`` on the seat asked for, or ``moved`` to the nearest equivalent
    seat (``moved_from`` the one asked for) when that one was taken meanwhile."""

    choice_id: str
    flight_id: str
    seat: str
    status: Literal["confirmed", "moved"]
    moved_from: str = ""
    state: Literal["taken", "held", "locked", "extra"]
    hold_until: datetime | None = None


class SeatReleased(Reply):
    """``POST /seats/release``: the choice is given back (``released``) or was already gone."""

    choice_id: str
    status: Literal["released", "unknown"]


class ErrorBody(Reply):
    """Every 4xx/5xx body: a stable code and a sentence."""

    code: str
    message: str
    # Machine-readable particulars, e.g. {"op_id": ...} for ``op_id_reused`` (added for the
    # head office; optional, so older readers ignore it).
    detail: dict[str, Any] | None = None
