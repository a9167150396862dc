"""The GP counter's service requests without the GUI, run as its own process by the
request e2e tests (``test_e2e_service_requests.py``).

``python tests/e2e/request_agent.py COMMAND --data-dir D --base-url U [options]``

It opens the counter as ``counter_agent.py`` does (same store, same encrypted credentials,
the real client and sync engine over real HTTP), works as the GP counter's clerk
(``linxiaoyu`` of SZX001) through the counter's own use cases
(``services.gp_requests``), and ends with one ``RESULT {json}`` line.

``sell-gp --flight-id F --name N [--name N ...]``  hold and ticket one GP booking of the unit
                           GP-SZ-001 for these officials (cash, a GP order number), from
                           the counter's lease, as the sale page sells it
``submit --kind K --official N [--booking-id B] [--set key=JSON ...]``  the form filled from
                           the booking and the official (``prefill``), the ``--set`` values
                           typed over it, then submitted (row + ``service_request.submit``)
``edit --request-id R --set key=JSON ...``   fields of a request changed at the counter
``cancel --request-id R --note T``           the counter withdraws a request
``ask --action A --ticket T --note T``       a generic request to head office (refund,
                           booking ...), queued as the after-sale page queues it
``set-level --official N --level V``         the counter's copy of an official's level
                           changed behind the app's back (a tampered or stale store)
``requests``               the counter's requests, its outbox and attention items (no
                           network)

Every command but ``requests`` works offline; ``--sync`` adds a sync until the outbox is
empty after the command (before it, for ``requests``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from counter_agent import (
    CounterHandle,
    clerk_session,
    open_counter,
    status,
    sync_until_empty,
)
from sqlalchemy import select, update

from counter_app.domain.errors import DomainError
from counter_app.services import gp_requests
from counter_app.services.booking import (
    PassengerInput,
    PaymentInput,
    SegmentChoice,
    book,
    ticket_booking,
)
from counter_app.services.requests import queue_request
from counter_app.storage.models import Booking, Customer, HeadOfficeRequest, Traveller
from counter_app.storage.request_models import ServiceRequest

GP_CLERK = "linxiaoyu"  # a clerk of the GP counter SZX001
GP_UNIT = "GP-SZ-001"  # 深圳市委办公厅: 陈志远 V5, 林海涛 V3, 黄晓敏 V1


def _official_id(handle: CounterHandle, name: str) -> str:
    with handle.store.read() as session:
        return str(session.scalars(select(Traveller.id).where(Traveller.name == name)).one())


def _values(items: list[str]) -> dict[str, Any]:
    """``key=JSON`` pairs (a bare word that is not JSON is taken as text)."""
    values: dict[str, Any] = {}
    for item in items:
        key, _, raw = item.partition("=")
        try:
            values[key] = json.loads(raw)
        except ValueError:
            values[key] = raw
    return values


def _refusal(exc: DomainError) -> dict[str, Any]:
    return {"refused": exc.code, "field": exc.field,
            "params": {k: str(v) for k, v in exc.params.items()}}


def cmd_sell_gp(args: argparse.Namespace, handle: CounterHandle) -> dict[str, Any]:
    clerk = clerk_session(handle.store, GP_CLERK)
    now = handle.clock.now()
    with handle.store.unit_of_work() as session:
        unit = session.scalars(select(Customer.id).where(Customer.code == GP_UNIT)).one()
        people = []
        for name in args.name:
            t = session.scalars(select(Traveller).where(Traveller.name == name)).one()
            people.append(PassengerInput(t.name, t.id_type, t.id_number, traveller_id=t.id,
                                         mobile=t.mobile))
        held = book(session, segments=[SegmentChoice(args.flight_id, "Y")],
                    passengers=people, customer_id=unit, clerk=clerk, now=now,
                    gp_order_no="GP-E2E-0001")
        sale = ticket_booking(session, held.booking_id,
                              [PaymentInput("cash", held.quote.total)], clerk=clerk, now=now)
        booking = session.get(Booking, held.booking_id)
        assert booking is not None
        pnr = booking.pnr
    return {"booking_id": held.booking_id, "pnr": pnr,
            "tickets": [t.ticket_number for t in sale.tickets]}


def cmd_submit(args: argparse.Namespace, handle: CounterHandle) -> dict[str, Any]:
    clerk = clerk_session(handle.store, GP_CLERK)
    official_id = _official_id(handle, args.official)
    now = handle.clock.now()
    with handle.store.unit_of_work() as session:
        form = gp_requests.prefill(session, args.kind, official_id=official_id,
                                   booking_id=args.booking_id or None, clerk=clerk)
        prefilled = dict(form.values)
        values = {**prefilled, **_values(args.set)}
        try:
            request_id = gp_requests.submit(
                session, None, values, kind=args.kind, official_id=official_id,
                booking_id=args.booking_id or None, clerk=clerk, now=now)
        except DomainError as exc:
            return {"prefilled": prefilled, "entitled": form.entitled, **_refusal(exc)}
    return {"request_id": request_id, "prefilled": prefilled, "entitled": form.entitled}


def cmd_edit(args: argparse.Namespace, handle: CounterHandle) -> dict[str, Any]:
    clerk = clerk_session(handle.store, GP_CLERK)
    with handle.store.unit_of_work() as session:
        try:
            gp_requests.edit(session, args.request_id, _values(args.set), clerk=clerk,
                             now=handle.clock.now())
        except DomainError as exc:
            return _refusal(exc)
    return {"request_id": args.request_id}


def cmd_cancel(args: argparse.Namespace, handle: CounterHandle) -> dict[str, Any]:
    clerk = clerk_session(handle.store, GP_CLERK)
    with handle.store.unit_of_work() as session:
        try:
            gp_requests.cancel(session, args.request_id, args.note, clerk=clerk,
                               now=handle.clock.now())
        except DomainError as exc:
            return _refusal(exc)
    return {"request_id": args.request_id}


def cmd_ask(args: argparse.Namespace, handle: CounterHandle) -> dict[str, Any]:
    clerk = clerk_session(handle.store, GP_CLERK)
    with handle.store.unit_of_work() as session:
        request_id = queue_request(session, action=args.action,
                                   ticket_number=args.ticket or None, note=args.note,
                                   clerk=clerk, now=handle.clock.now())
    return {"request_id": request_id}


def cmd_set_level(args: argparse.Namespace, handle: CounterHandle) -> dict[str, Any]:
    with handle.store.unit_of_work() as session:
        session.execute(update(Traveller).where(Traveller.name == args.official)
                        .values(gp_level=args.level))
    return {"official": args.official, "level": args.level}


def asked_of(handle: CounterHandle) -> list[dict[str, Any]]:
    """The counter's generic requests to head office (head_office_requests)."""
    with handle.store.read() as session:
        rows = session.scalars(select(HeadOfficeRequest)
                               .order_by(HeadOfficeRequest.created_at))
        return [{"id": r.id, "action": r.action, "ticket_number": r.ticket_number,
                 "status": r.status, "answer": r.answer} for r in rows]


def requests_of(handle: CounterHandle) -> list[dict[str, Any]]:
    with handle.store.read() as session:
        rows = session.scalars(select(ServiceRequest).order_by(ServiceRequest.created_at))
        return [{
            "id": r.id, "kind": r.kind, "state": r.state, "version": r.version,
            "official_name": r.official_name, "gp_level": r.gp_level, "pnr": r.pnr,
            "flight_no": r.flight_no, "origin": r.origin, "destination": r.destination,
            "values": r.values, "base": r.base, "steps": r.steps, "note": r.note,
            "assignee": r.assignee, "due_at": r.due_at,
        } for r in rows]


def cmd_requests(_args: argparse.Namespace, _handle: CounterHandle) -> dict[str, Any]:
    return {}  # main adds the requests, the outbox and the attention items


COMMANDS = {"sell-gp": cmd_sell_gp, "submit": cmd_submit, "edit": cmd_edit,
            "cancel": cmd_cancel, "ask": cmd_ask, "set-level": cmd_set_level,
            "requests": cmd_requests}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--base-url", default="http://127.0.0.1:9")
    parser.add_argument("--sync", action="store_true")
    parser.add_argument("--flight-id", default="")
    parser.add_argument("--name", action="append", default=[])
    parser.add_argument("--kind", default="")
    parser.add_argument("--official", default="")
    parser.add_argument("--booking-id", default="")
    parser.add_argument("--request-id", default="")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=JSON")
    parser.add_argument("--note", default="")
    parser.add_argument("--level", default="")
    parser.add_argument("--action", default="refund")
    parser.add_argument("--ticket", default="")
    args = parser.parse_args(argv)
    handle = open_counter(args.data_dir, args.base_url)
    try:
        cycles: list[dict[str, Any]] = []
        if args.sync and args.command == "requests":
            cycles = sync_until_empty(handle, max_seconds=30)
        result = COMMANDS[args.command](args, handle)
        if args.sync and args.command != "requests":
            cycles = sync_until_empty(handle, max_seconds=30)
        result["cycles"] = cycles
        result["requests"] = requests_of(handle)
        result["asked"] = asked_of(handle)
    finally:
        handle.close()
    found = status(args.data_dir)
    result["outbox"] = found["outbox"]
    result["attention"] = found["attention"]
    print("RESULT " + json.dumps(result, ensure_ascii=False, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

