"""Op handlers of documents: ``receipt.print`` (行程单, one receipt per ticket, a
replacement voids the serial it replaces), ``invoice.request`` (电子发票申请) and
``invoice.reverse`` (红冲)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update

from counter_app.domain.errors import DomainError
from counter_app.domain.ids import validate_uscc
from counter_app.headoffice import changes, records
from counter_app.headoffice.models import InvoiceRequestRow, SaleTicket, UsedNumber
from counter_app.headoffice.ops.batch import Batch, RefusalError, parse_ticket
from counter_app.headoffice.ops.seats import own_sale
from counter_app.sync.protocol import InvoiceRequest, InvoiceReverse, ReceiptPrint, Scope


def receipt_print(batch: Batch, p: ReceiptPrint) -> dict[str, Any]:
    """An itinerary receipt (行程单) printed on a serial: one receipt per ticket; a
    replacement (换开) names the serial it replaces, which becomes void."""
    reason = p.reason.strip()
    serial_no = int(p.serial)
    serial = f"{serial_no:010d}"
    if p.replaces is not None:
        if not reason:
            raise RefusalError("invalid_payload",
                               "reason: a replacement must say why the first receipt was replaced")
        if int(p.replaces) == serial_no:
            raise RefusalError("invalid_payload", "replaces: a receipt cannot replace itself")
    number = str(parse_ticket(p.ticket_number))
    _sale, rows = own_sale(batch, p.sale_id, [number])
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


def invoice_request(batch: Batch, p: InvoiceRequest) -> dict[str, Any]:
    """An e-invoice request (电子发票申请) for one of this counter's tickets; one request per
    ticket that is not red-reversed."""
    uscc = _buyer_uscc(p)
    number = str(parse_ticket(p.ticket_number))
    s = batch.session
    earlier = s.execute(select(InvoiceRequestRow.ticket_number)
                        .where(InvoiceRequestRow.id == p.request_id)).first()
    if earlier is not None:
        raise RefusalError("request_exists", f"invoice request {p.request_id} is already "
                           f"recorded for ticket {earlier.ticket_number}")
    _sale, rows = own_sale(batch, p.sale_id, [number])
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


def invoice_reverse(batch: Batch, p: InvoiceReverse) -> dict[str, Any]:
    """A recorded e-invoice request red-reversed (红冲): after a refund, or a wrong buyer."""
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
