"""What the sale services queue is what head office parses: every op a sale, a change, a
refund, a name correction, a void, a request and the day close put in the outbox reads back
as its kind's model (the services build the models without validating them, so this holds
that what they build is valid)."""

from __future__ import annotations

from datetime import timedelta

from sales_support import ADULT, ADULT2, NOW, SUPERVISOR, Shop
from sqlalchemy import select

from counter_app.services.after_sale import (
    change,
    correct_name,
    day_close,
    quote_change,
    refund,
    void_tickets,
)
from counter_app.services.payments import Override, PaymentInput
from counter_app.services.requests import queue_request
from counter_app.storage.models import OutboxEntry
from counter_app.sync import protocol
from counter_app.sync.outbox import to_op


def test_every_op_the_sale_services_queue_parses_as_its_kind(shop: Shop) -> None:
    sale = shop.sell("out", [ADULT, ADULT2])
    first, second = (t.ticket_number for t in sale.tickets)
    with shop.store.read() as session:
        due = quote_change(session, first, 1, shop.flight("later"), "Y", NOW).total_due
    with shop.store.unit_of_work() as session:
        changed = change(session, first, 1, shop.flight("later"), "Y",
                         [PaymentInput("cash", due)] if due else [], clerk=shop.clerk, now=NOW)
        correct_name(session, changed.new_ticket_number, "章伟", clerk=shop.clerk, now=NOW,
                     override=Override(*SUPERVISOR, reason="同音字录入错误"))
        refund(session, second, "voluntary", clerk=shop.clerk, now=NOW)
    other = shop.sell("out", [ADULT])
    with shop.store.unit_of_work() as session:
        void_tickets(session, [other.tickets[0].ticket_number], reason="旅客取消",
                     clerk=shop.clerk, now=NOW)
        queue_request(session, action="refund", ticket_number="999-2091234567",
                      note="外站出票", clerk=shop.clerk, now=NOW)
    with shop.store.unit_of_work() as session:
        day_close(session, shop.clerk, NOW + timedelta(hours=1))
    with shop.store.read() as session:
        ops = [to_op(entry) for entry in session.scalars(
            select(OutboxEntry).order_by(OutboxEntry.seq))]
    assert [op.kind.value for op in ops] == [
        "sale.issue", "sale.change", "ticket.name", "sale.refund", "sale.issue", "sale.void",
        "request.head_office", "day.close",
    ]
    for op in ops:
        typed = protocol.typed_op(op)
        assert type(typed.payload) is protocol.OP_MODELS[op.kind]
        assert protocol.op_payload(typed.payload) == op.payload  # the same fields, no more
        assert protocol.payload_hash(protocol.op_payload(typed.payload)) == op.payload_hash
