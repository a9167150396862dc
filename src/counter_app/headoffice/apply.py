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
   refusal is repeated as ``rejected`` with the same code); the same op id and payload
   under another kind → ``rejected`` ``op_id_reused`` (NOT stored; the first op stays).
   An unknown schema version (``schema_version_unsupported``), a payload head office
   cannot hash or keep (``protocol.payload_fault``: ``invalid_text`` for a string or key
   holding a NUL, another C0 control but TAB/LF/CR, or a lone surrogate;
   ``invalid_payload`` for nesting deeper than ``MAX_PAYLOAD_DEPTH``, an integer outside
   64 bits, or a number that is not finite; the message names the field and describes
   the character, never quotes it) or a payload whose hash is not ``payload_hash`` says
   (``payload_hash_mismatch``) is rejected and NOT stored: the envelope was wrong, nothing
   was decided. A clerk who is not an active clerk of the counter's outlet →
   ``clerk_not_in_outlet`` (stored). Otherwise the op runs inside a SAVEPOINT: success →
   ``applied`` and its result stored in ``applied_ops`` in the same transaction; a business
   refusal → rollback to the savepoint, ``rejected`` (code, message) stored so a replay
   says the same (a payload its model refuses is ``invalid_payload``, or ``invalid_text``
   for a one-line field holding TAB, LF or CR); a lock timeout, deadlock or serialization
   failure → rollback to the savepoint and this op and every later one of the batch answer
   ``retry`` (not stored; later ops may depend on it); a value the database refuses (a
   data exception, SQLSTATE class 22) → rollback to the savepoint, ``rejected``
   ``invalid_payload`` naming the SQLSTATE (not stored). A lost database connection ends the
   whole unit of work: ``HeadOffice.write`` does it again on a new connection, and after
   its last attempt answers 503 ``unavailable`` with ``Retry-After``.
4. One COMMIT at the end, with the change-log seq step (``changes.py``).

Runs of consecutive ``sale.issue`` ops (the bulk of any outbox) are decided in memory
against rows read and locked once per run, and written with one ``executemany`` per table;
a refusal writes nothing for its op, just as a rolled-back savepoint would. If those bulk
writes still fail, the run is redone op by op with savepoints (see
:class:`~counter_app.headoffice.ops.bulk_sales.SalesRun`).

This module is the batch; each op kind's handler is in ``counter_app.headoffice.ops``
(:data:`HANDLERS`), and takes the op's payload parsed one op at a time into its model of
``counter_app.sync.protocol.ops`` (a payload that does not validate is that op's
``invalid_payload`` refusal, stored like any other).

Op payloads (money as strings of yuan with fen; the models are the exact schema):

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
    ``customer_id`` must be a customer (``customer_unknown``) this outlet may bill: its own,
    a shared one (no outlet; a GP unit only at a GP counter) or one granted to it
    (``not_your_customer``); a ``gp_order_no`` only at a GP counter (``gp_not_allowed``).
    The money and passengers are priced again by the rule documents
    (``counter_app.headoffice.ops.rules``), on both paths: ``amount_negative``,
    ``amount_mismatch`` (a total, or a ticket's part, not the sum of its coupons'),
    ``fare_mismatch`` (the fare of the class and passenger type, the GP fare only for a GP
    unit's adult; a class not of the carrier or not in the cabin), ``tax_mismatch`` (CN
    fund, fuel), ``insurance_mismatch``, ``service_fee_mismatch``,
    ``payment_total_mismatch`` (payments must sum to the sale's total),
    ``commission_mismatch``, ``gp_order_required`` (a GP unit's sale), ``passenger_invalid``
    (name and document by ``check_passenger``, the type by a resident ID's age) and
    ``flight_departed`` (departure at or before ``issued_at``, or before head office's now
    for a segment sold from no lease).
``sale.void``
    ``{"sale_id", "ticket_numbers": [...], "reason"}``: ``ticket_unknown``,
    ``not_your_ticket``, ``already_void``, ``ticket_not_open`` (refunded or exchanged),
    ``void_after_day_close`` (the counter closed the day of issue); each open coupon's seat
    goes back to its lease while it is active, otherwise to stock, and the seats chosen on
    the coupons (``seat_assignments`` naming the ticket, locked ones too) are released.
``sale.refund``
    ``{"refund_id", "sale_id", "ticket_number", "coupons": [seq], "reason", "fee",
    "amount", "payments": [{"method", "amount"}], "refunded_at"}``: ``refund_exists``,
    ``ticket_unknown``, ``not_your_ticket``, ``ticket_void``, ``coupon_unknown``,
    ``already_refunded``, ``coupon_not_open``; ``amount_negative``, ``fee_out_of_rules``
    (the ladder's fee of the issue date at ``refunded_at``; 0 only involuntary or GP easy),
    ``refund_amount_mismatch`` (fare less fee, plus CN fund, fuel and, before departure,
    insurance of the refunded coupons), ``payment_total_mismatch`` (payments sum to the
    amount). Coupons ``R``, seats back (lease if active,
    else stock), the seats chosen on the coupons released (locked ones too), the ticket
    ``refunded`` once no coupon is open; recorded in
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
    ``coupon_unknown``, ``already_refunded``, ``coupon_not_open``, ``flight_unknown``;
    ``amount_negative``, ``flight_departed`` (the new flight), ``fee_out_of_rules`` (the
    ladder's change fee; 0 only involuntary or GP easy), ``fare_mismatch`` (the fare
    difference is the new face fare over the old, 0 involuntary; the moved coupon's fare
    the old one plus it), ``amount_mismatch`` (a coupon's taxes, insurance or service fee
    changed), ``payment_total_mismatch`` (payments short of fee plus difference; an infant
    changed with its adult may send none).
``day.close``
    ``{"close_id", "outlet_code", "business_date", "closed_at", "totals"}``: recorded once
    per counter and date (``day_already_closed``, ``not_your_outlet``).
``ticket.name``
    ``{"sale_id", "ticket_number", "old_name", "new_name", "approved_by", "code"}``: a
    typo corrected with a supervisor's approval (``ticket_unknown``, ``not_your_ticket``,
    ``ticket_not_open``, ``name_mismatch``); ``approved_by`` must be the login of an active
    clerk of the counter's outlet with role supervisor, director or head_office
    (``approval_invalid``).
``request.head_office``
    ``{"request_id", "action": "refund"|"void"|"change"|"book"|"name", "ticket_number" |
    null, "flight_no" | null, "pnr" | null, "note", "requested_at"}``: a step only head
    office can take, recorded once in ``requests`` with status ``received``
    (``request_exists`` if the id is already taken). Result ``{"request_id", "status":
    "received"}``. It is also a service request of kind ``general`` (same id) in the
    head-office inbox.
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
``seat.choose``
    ``protocol.SeatChoose``: a seat of a flight for one passenger, chosen offline (the same
    body as a live ``POST /seats``), judged by ``headoffice/seats.py`` (its docstring lists
    the refusals). A seat taken meanwhile moves the choice to the nearest equivalent seat
    (a privacy seat to the seat beside its official); nothing equivalent free →
    ``seat_unavailable``. Result ``protocol.SeatAnswer`` (``status`` ``confirmed`` or
    ``moved`` with ``moved_from``). The ``choice_id`` is the choice's key across the live
    and the op path: a choice already made is answered as then, another under its id is
    ``choice_reused``; one replaced (``replaces``) before it arrived is ``choice_replaced``.
    A passenger with a seat on the flight already → ``passenger_has_seat``; a ticket not
    the outlet's sale → ``not_your_ticket``, no open coupon of it on the flight →
    ``coupon_not_on_flight`` (``headoffice/seat_claims.py``).
``seat.release``
    ``protocol.SeatRelease``: a choice of the counter's outlet given back
    (``not_your_choice``), a locked one only with ``approved_by`` a supervisor of the outlet
    (``lock_needs_supervisor``). Result ``{"choice_id", "status": "released"|"unknown"}``.
``service_request.submit``
    ``protocol.ServiceRequestSubmit``: a GP service request form
    (``headoffice/ops/service_requests.py``), judged on head office's rows only:
    ``gp_not_allowed`` (not a GP counter), ``request_exists``, ``request_kind_unknown``,
    ``official_unknown`` (not a traveller of the unit), ``customer_unknown`` /
    ``not_your_customer``, ``gp_official_required``, ``gp_level_not_entitled`` (head
    office's level of the official, not the counter's), ``service_airport``, the field
    codes (``request_field_*``, ``request_person_name``, ``gp_companions``,
    ``invalid_text``), ``request_too_late`` / ``flight_departed`` (head office's flight and
    clock), ``request_note_too_long``, ``booking_cancelled`` (every ticket of the PNR void
    or refunded). Stored ``submitted`` with a ``submit`` step; the outlet's counters pull it
    (entity ``service_request``). Result ``{"request_id", "state", "version",
    "gp_level"}``.
``service_request.update``
    ``protocol.ServiceRequestUpdate``: fields merged one by one against ``base_version``
    (``request_unknown``, ``not_your_request``, ``request_closed``, the field codes); a
    field head office changed meanwhile keeps its value and a ``request_conflict`` change
    goes to the counter. Result ``{"request_id", "version", "applied", "conflicts"}``.
``service_request.cancel``
    ``protocol.ServiceRequestCancel``: the outlet's request cancelled (``request_unknown``,
    ``not_your_request``, ``request_closed``). Result ``{"request_id", "state",
    "version"}``.
``gp_official.save``
    ``protocol.GpOfficialSave``: an official of a GP unit created or edited
    (``headoffice/ops/officials.py``): ``gp_not_allowed`` (not a GP counter),
    ``customer_unknown`` / ``not_your_customer``, ``customer_not_gp_unit``,
    ``official_unknown``, ``gp_level_needs_director`` (a new official or a level change by
    a clerk who is no director as head office knows the op's clerk), the field codes
    (``domain/gp_officials.py``). Merged field by field against the base; a field head
    office changed meanwhile keeps its value and a ``conflict`` change (field
    ``official.<name>``) goes to the counter. Logged as a ``traveller`` change with its
    attributes and version. Result ``{"official_id", "applied", "conflicts", "version"}``.
``customer.update``
    ``{"customer_id", "base_version", "base": {field: value}, "changes": {field: value}}``
    for name_zh, uscc, settlement, credit_limit, contact_name, contact_phone, notes, and a
    GP unit's bureau, gov_level and account_manager (kept in its attributes). Per field:
    head office value == base → take the new value; == new → nothing; otherwise a conflict:
    head office keeps its value and a ``conflicts`` row goes to the counter. The
    op is ``applied`` with ``{"applied": [...], "conflicts": [...], "version": n}``; no such
    customer → ``customer_unknown``; a customer of another outlet, or a shared one (no
    outlet), unless head office granted this outlet (``customer_grants``) →
    ``not_your_customer``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from counter_app.headoffice import changes, records
from counter_app.headoffice.auth import CounterIdentity, active_clerks
from counter_app.headoffice.db import is_disconnect, is_transient, lock_key, table_of
from counter_app.headoffice.inventory import expire_leases
from counter_app.headoffice.models import Counter
from counter_app.headoffice.ops import (
    after_sale,
    customers,
    day_close,
    documents,
    officials,
    requests,
    sales,
    seat_ops,
    service_requests,
)
from counter_app.headoffice.ops.batch import Batch, RefusalError, parse
from counter_app.headoffice.ops.bulk_sales import SalesRun
from counter_app.headoffice.ops.stored import (
    Stored,
    lookup,
    precheck,
    replayed,
    reused,
    store,
    stored_result,
)
from counter_app.sync.protocol import OP_MODELS, Op, OpKind, OpResult, OpStatus, PushResponse

log = logging.getLogger(__name__)

_COUNTERS = table_of(Counter)
_PUSHED = (update(_COUNTERS).where(_COUNTERS.c.id == bindparam("counter_id"))
           .values(last_push_at=bindparam("stamp"), last_seen_at=bindparam("stamp")))

HANDLERS: Mapping[OpKind, Callable[[Batch, Any], dict[str, Any]]] = {
    OpKind.SALE_ISSUE: sales.sale_issue,
    OpKind.SALE_VOID: sales.sale_void,
    OpKind.NUMBER_VOID: sales.number_void,
    OpKind.LEASE_RELEASE: sales.lease_release,
    OpKind.CUSTOMER_UPDATE: customers.customer_update,
    OpKind.SALE_REFUND: after_sale.sale_refund,
    OpKind.SALE_CHANGE: after_sale.sale_change,
    OpKind.DAY_CLOSE: day_close.day_close,
    OpKind.TICKET_NAME: after_sale.ticket_name,
    OpKind.REQUEST_HEAD_OFFICE: requests.head_office_request,
    OpKind.RECEIPT_PRINT: documents.receipt_print,
    OpKind.INVOICE_REQUEST: documents.invoice_request,
    OpKind.INVOICE_REVERSE: documents.invoice_reverse,
    OpKind.SEAT_CHOOSE: seat_ops.seat_choose,
    OpKind.SEAT_RELEASE: seat_ops.seat_release,
    OpKind.GP_OFFICIAL_SAVE: officials.gp_official_save,
    OpKind.SERVICE_REQUEST_SUBMIT: service_requests.service_request_submit,
    OpKind.SERVICE_REQUEST_UPDATE: service_requests.service_request_update,
    OpKind.SERVICE_REQUEST_CANCEL: service_requests.service_request_cancel,
}


def apply_batch(
    session: Session, counter: CounterIdentity, ops: list[Op], now: datetime,
    grace: timedelta = timedelta(0),
) -> PushResponse:
    """Apply one pushed batch in the caller's write transaction (see the module docstring).
    Raises :class:`ApiError` 409 ``op_id_reused`` before anything is applied.

    Runs of consecutive ``sale.issue`` ops take a fast path (:class:`SalesRun`): every
    check is made in memory against rows read (and locked) once for the whole run, and the
    rows are written with one ``executemany`` per table. A refusal there writes nothing for
    that op, exactly as a rolled-back savepoint would; should the writes still fail, the run
    is redone op by op with savepoints."""
    lock_key(session, f"push:{counter.counter_id}")
    stamp = records.naive_utc(now)
    batch = Batch(session, counter, stamp)
    stored = lookup(session, counter.counter_id, list({op.op_id for op in ops}))
    first_hash: dict[str, str] = {}
    for op in ops:
        earlier = stored.get(op.op_id)
        if earlier is not None and earlier.payload_hash != op.payload_hash:
            raise reused(op.op_id)
        if first_hash.setdefault(op.op_id, op.payload_hash) != op.payload_hash:
            raise reused(op.op_id)
    expire_leases(session, now, grace)
    batch.clerks = active_clerks(session, counter.outlet_code)
    results: list[OpResult] = []
    index = 0
    while index < len(ops):
        if _fast_sale(ops[index]):
            end = index
            while end < len(ops) and _fast_sale(ops[end]):
                end += 1
            run = SalesRun(batch, ops[index:end], stored).apply()
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
    session.connection().execute(_PUSHED, {"counter_id": counter.counter_id, "stamp": stamp})
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


def _apply_slowly(batch: Batch, ops: list[Op], stored: dict[str, Stored]) -> list[OpResult]:
    """Op by op, each in a savepoint; stops after a ``retry``."""
    results: list[OpResult] = []
    for op in ops:
        pre = precheck(batch, op, stored)
        if pre is not None:
            results.append(pre)
            continue
        outcome = _apply_one(batch, op)
        if outcome is None:  # transient: this op and every later one must be sent again
            results.append(_retry(op))
            return results
        if isinstance(outcome, Stored):
            stored[op.op_id] = outcome
            results.append(
                OpResult(op_id=op.op_id, status=OpStatus.APPLIED, result=outcome.result)
                if outcome.status == OpStatus.APPLIED.value
                else stored_result(outcome, op.op_id)
            )
        else:
            results.append(outcome)
    return results


def _apply_one(batch: Batch, op: Op) -> Stored | OpResult | None:
    session = batch.session
    batch.op = op
    point = changes.mark(session)
    savepoint = session.begin_nested()
    try:
        result = HANDLERS[op.kind](batch, parse(OP_MODELS[op.kind], op.payload))
        stored = store(batch, op, OpStatus.APPLIED, result=result)
        savepoint.commit()
        return stored
    except RefusalError as refusal:
        savepoint.rollback()
        changes.restore(session, point)
        return store(batch, op, OpStatus.REJECTED, refusal.code, refusal.message)
    except IntegrityError:
        # Someone else recorded the same thing meanwhile (a second delivery of this op, or
        # the same number/sale from another op): decide again from what is stored now.
        savepoint.rollback()
        changes.restore(session, point)
        again = lookup(session, batch.counter.counter_id, [op.op_id]).get(op.op_id)
        if again is not None:
            if again.payload_hash != op.payload_hash:
                raise reused(op.op_id) from None
            return replayed(again, op)
        return store(batch, op, OpStatus.REJECTED, "conflict",
                     "this op collides with data already recorded (a number or sale id)")
    except DataError as exc:
        # A value that passed every check and that the database refuses (SQLSTATE class
        # 22): this op's refusal, not stored; the ops behind it go on.
        savepoint.rollback()
        changes.restore(session, point)
        sqlstate = getattr(exc.orig, "sqlstate", None) or "22000"
        log.warning("op %s (%s) refused by the database: SQLSTATE %s", op.op_id, op.kind,
                    sqlstate)
        return OpResult(op_id=op.op_id, status=OpStatus.REJECTED, code="invalid_payload",
                        message=f"a value of this op cannot be stored (SQLSTATE {sqlstate})")
    except DBAPIError as exc:
        if is_disconnect(exc):
            raise  # the connection and its transaction are gone: the whole batch is redone
        savepoint.rollback()
        changes.restore(session, point)
        if is_transient(exc):
            return None
        raise
