"""Bad text is refused where it is typed: every service that takes free text from the clerk
and builds an outbox op refuses a control character or a lone surrogate with
``invalid_text`` naming the field, before anything is written (no outbox op, no row), so a
counter never queues an op head office cannot keep."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sync_support import NOW, SaleSetup
from test_sync_engine import ADULT, sell_in

from counter_app.domain.errors import DomainError
from counter_app.services.after_sale import void_tickets
from counter_app.services.booking import SegmentChoice, book
from counter_app.services.customer_edits import edit_customer
from counter_app.services.identity import ClerkSession, Role
from counter_app.services.invoices import request_invoice
from counter_app.services.number_ranges import skip_number
from counter_app.services.receipts import print_receipt, spoil_serial
from counter_app.services.requests import queue_request
from counter_app.storage.models import Booking, Clerk, Customer, OutboxEntry, Ticket

BAD = ["请改签\x00谢谢", "原因\x1b[2J", "坏\ud800字"]


def clerk_of(session: Session, login: str = "wangli") -> ClerkSession:
    row = session.scalars(select(Clerk).where(Clerk.login == login)).one()
    return ClerkSession(row.id, row.login, row.name_zh, Role(row.role), row.outlet_code, "", "")


def count(session: Session, model: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def ticket_number(session: Session, sale_id: str) -> str:
    return str(session.scalars(select(Ticket.ticket_number).where(
        Ticket.booking_id == sale_id)).first())


def customer_id(session: Session) -> str:
    return str(session.scalars(select(Customer.id).order_by(Customer.id)).first())


# Each case: (the field named, a call of the service with the bad text ``text``).
Case = Callable[[Session, SaleSetup, str, str], object]
CASES: dict[str, tuple[str, Case]] = {
    "request note": ("note", lambda s, setup, sale, text: queue_request(
        s, action="refund", ticket_number=ticket_number(s, sale), note=text,
        clerk=clerk_of(s), now=NOW)),
    "request booking": ("pnr", lambda s, setup, sale, text: queue_request(
        s, action="book", pnr=text, note="加座", clerk=clerk_of(s), now=NOW)),
    "void reason": ("reason", lambda s, setup, sale, text: void_tickets(
        s, [ticket_number(s, sale)], reason=text, clerk=clerk_of(s), now=NOW)),
    "skipped number": ("reason", lambda s, setup, sale, text: skip_number(
        s, kind="ticket", prefix=setup.prefix, reason=text, clerk_login="wangli", now=NOW)),
    "spoiled serial": ("reason", lambda s, setup, sale, text: spoil_serial(
        s, clerk_of(s), text, NOW)),
    "receipt replaced": ("reason", lambda s, setup, sale, text: print_receipt(
        s, clerk_of(s), ticket_number(s, sale), mode="plain", now=NOW, replace_reason=text)),
    "invoice buyer": ("buyer_name", lambda s, setup, sale, text: request_invoice(
        s, clerk_of(s), ticket_number(s, sale), buyer_kind="individual", buyer_name=text,
        now=NOW)),
    "invoice USCC": ("uscc", lambda s, setup, sale, text: request_invoice(
        s, clerk_of(s), ticket_number(s, sale), buyer_kind="company", buyer_name="某公司",
        buyer_uscc=text, now=NOW)),
    "invoice e-mail": ("email", lambda s, setup, sale, text: request_invoice(
        s, clerk_of(s), ticket_number(s, sale), buyer_kind="individual", buyer_name="张三",
        email=text + "@example.com", now=NOW)),
    "customer notes": ("notes", lambda s, setup, sale, text: edit_customer(
        s, customer_id(s), {"notes": text}, clerk_login="wangli", now=NOW)),
    "customer contact": ("contact_name", lambda s, setup, sale, text: edit_customer(
        s, customer_id(s), {"contact_name": text}, clerk_login="wangli", now=NOW)),
    "customer name": ("name", lambda s, setup, sale, text: edit_customer(
        s, customer_id(s), {"name_zh": text}, clerk_login="wangli", now=NOW)),
    "GP order number": ("gp_order_no", lambda s, setup, sale, text: book(
        s, segments=[SegmentChoice(setup.flight_id, "Y")], passengers=[ADULT],
        customer_id=None, clerk=clerk_of(s), now=NOW, gp_order_no=text)),
}


@pytest.mark.parametrize("text", BAD, ids=["nul", "esc", "surrogate"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_text_is_refused_naming_the_field_and_nothing_is_queued(
    sale_setup: SaleSetup, case: str, text: str
) -> None:
    field, call = CASES[case]
    store = sale_setup.store
    with store.unit_of_work() as session:
        sale = sell_in(session, sale_setup.flight_id, [ADULT], "wangli", NOW)
    with store.read() as session:
        ops, bookings = count(session, OutboxEntry), count(session, Booking)
    with pytest.raises(DomainError) as caught, store.unit_of_work() as session:
        call(session, sale_setup, sale, text)
    error = caught.value
    assert (error.code, error.field) == ("invalid_text", field), error
    assert error.params["char"] in str(error)
    with store.read() as session:
        assert (count(session, OutboxEntry), count(session, Booking)) == (ops, bookings)
