"""The customers page: customers found as the clerk types, and a customer's travellers."""

from __future__ import annotations

from counter_app.gui.operations import Done, Failed, OnWorker, submit
from counter_app.gui.tasks import Task
from counter_app.services import customers
from counter_app.services.customers import CustomerRow, TravellerRow


def find_customers(
    ctx: OnWorker, text: str, kind: str | None, done: Done[list[CustomerRow]],
    failed: Failed | None = None,
) -> Task:
    return submit(ctx, "find_customers",
                  lambda ws: ws.read(customers.find_customers, text, kind), done, failed)


def travellers_of(
    ctx: OnWorker, customer_id: str, done: Done[list[TravellerRow]],
    failed: Failed | None = None,
) -> Task:
    return submit(ctx, "travellers", lambda ws: ws.read(customers.travellers_of, customer_id),
                  done, failed)
