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
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

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
    return hashlib.sha256(canonical_json(payload)).hexdigest()


# --- enrollment and tokens -------------------------------------------------------------


class EnrollRequest(Strict):
    """A counter's first contact: the one-time code printed by ``counter-headoffice enroll``."""

    code: Annotated[str, StringConstraints(min_length=6, max_length=64)]
    counter_name: Annotated[str, StringConstraints(min_length=1, max_length=64)]
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
    counter_id: str
    refresh_token: Annotated[str, StringConstraints(min_length=16, max_length=256)]


# --- handshake ---------------------------------------------------------------------------


class HandshakeRequest(Strict):
    protocol_version: int
    op_schema_version: int
    app_version: Annotated[str, StringConstraints(max_length=32)]
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
    local_seq: int = Field(ge=1)


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

    flight_id: str
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


class ErrorBody(Reply):
    """Every 4xx/5xx body: a stable code and a sentence."""

    code: str
    message: str
    # Machine-readable particulars, e.g. {"op_id": ...} for ``op_id_reused`` (added for the
    # head office; optional, so older readers ignore it).
    detail: dict[str, Any] | None = None
