"""``counter-headoffice``: run and administer the head office.

Every subcommand takes ``--database-url`` (else ``COUNTER_HO_DATABASE_URL``, else the
SQLite file ``./headoffice-data/headoffice.sqlite3``)::

    counter-headoffice init-db
    counter-headoffice load [--demo] [--today YYYY-MM-DD] [--days 62]
    counter-headoffice enroll --outlet HET001            # the one-time code is the last line
    counter-headoffice grant-range --counter ID --kind ticket --prefix 876 --size 1000
    counter-headoffice grant-lease --counter ID --flight-no CA1301 --date 2026-11-25 \\
        --cabin Y --seats 10 --hours 168
    counter-headoffice expire-leases
    counter-headoffice leases | revoke-lease ID | revoke-leases --counter ID | policy ...
    counter-headoffice counters list | disable --counter ID --reason TEXT | enable | revoke
    counter-headoffice grant-customer --customer CODE --outlet CODE [--revoke]
    counter-headoffice status
    counter-headoffice requests [--status received]
    counter-headoffice invoices [--status received|issued|red_reversed]
    counter-headoffice issue-invoice --request ID --invoice-no 2611000012345678
    counter-headoffice serve --host 127.0.0.1 --port 8765 [--parent-pid PID] \\
        [--load-demo --today YYYY-MM-DD] [--workers N]

``load`` without ``--demo`` loads the reference data only; with it also the demo people and
the demo schedule (flights for ``[today - 3, today + days)``). ``enroll`` makes a code valid
24 hours; the counter that uses it also gets a receipt range and a ticket range per airline
prefix (1000 numbers each), so it can sell at once. Commands that need the schema migrate
it first.
"""

from __future__ import annotations

import argparse
import inspect
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from counter_app.headoffice import (
    admin_counters,
    admin_inventory,
    admin_people,
    auth,
    changes,
    inventory,
    loader,
    records,
)
from counter_app.headoffice.db import Database, database_url, upgrade
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.models import (
    AppliedOp,
    Counter,
    Flight,
    HeadOfficeRequestRow,
    InvoiceRequestRow,
    NumberRangeRow,
    SeatLease,
    UsedNumber,
)
from counter_app.kernel.clock import SHANGHAI
from counter_app.sync.protocol import Scope

T = TypeVar("T")
WORKER_HEALTHCHECK_SECONDS = 60

def _now() -> datetime:
    return datetime.now(UTC)


def _today() -> date:
    return _now().astimezone(SHANGHAI).date()


def _open(args: argparse.Namespace) -> Database:
    db = Database.from_url(database_url(args.database_url))
    upgrade(db.engine)
    return db


def cmd_init_db(args: argparse.Namespace) -> int:
    db = _open(args)
    print(f"schema ready: {db.engine.url.render_as_string(hide_password=True)}")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    db = _open(args)
    today = date.fromisoformat(args.today) if args.today else _today()
    with db.write() as session:
        counts = loader.load_all(session, today, demo=args.demo, days_ahead=args.days)
    for name, count in counts.items():
        print(f"{name}: {count}")
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    db = _open(args)
    with db.write() as session:
        code = auth.create_enrollment_code(session, args.outlet, _now())
    print(f"One-time enrollment code for outlet {args.outlet} (valid 24 hours, shown once):")
    print(code)
    return 0


def cmd_grant_range(args: argparse.Namespace) -> int:
    db = _open(args)
    with db.write() as session:
        if session.get(Counter, args.counter) is None:
            raise ApiError(404, "counter_unknown", f"no counter {args.counter}")
        granted = inventory.allocate_range(
            session, args.counter, args.kind, args.prefix, args.size, _now()
        )
    print(f"range {granted.range_id}: {granted.kind} {granted.prefix or '-'} "
          f"{granted.first}..{granted.last}")
    return 0


def cmd_grant_lease(args: argparse.Namespace) -> int:
    db = _open(args)
    day = date.fromisoformat(args.date)
    with db.write() as session:
        if session.get(Counter, args.counter) is None:
            raise ApiError(404, "counter_unknown", f"no counter {args.counter}")
        flight_id = session.scalar(
            select(Flight.id).where(Flight.flight_no == args.flight_no, Flight.dep_date == day)
        )
        if flight_id is None:
            raise ApiError(404, "flight_unknown", f"no flight {args.flight_no} on {day}")
        now = _now()
        inventory.expire_leases(session, now)
        lease = inventory.grant_lease(
            session, args.counter, flight_id, args.cabin, args.seats, args.hours, now
        )
    print(f"lease {lease.lease_id}: {args.flight_no} {day} {lease.cabin} x{lease.granted} "
          f"until {lease.expires_at.isoformat()}")
    return 0


def cmd_expire_leases(args: argparse.Namespace) -> int:
    db = _open(args)
    with db.write() as session:
        count = inventory.expire_leases(session, _now(), timedelta(minutes=args.grace_minutes))
    print(f"expired leases: {count}")
    return 0


def _fmt(at: datetime | None) -> str:
    return "-" if at is None else at.strftime("%Y-%m-%d %H:%M:%SZ")


def cmd_status(args: argparse.Namespace) -> int:
    db = _open(args)
    with db.read() as session:
        counters = list(session.scalars(select(Counter).order_by(Counter.outlet_code,
                                                                  Counter.enrolled_at)))
        if not counters:
            print("no counters enrolled")
            return 0
        ops = {
            (c, s): n for c, s, n in session.execute(
                select(AppliedOp.counter_id, AppliedOp.status, func.count())
                .group_by(AppliedOp.counter_id, AppliedOp.status)
            )
        }
        leases = {
            c: (n, int(left or 0)) for c, n, left in session.execute(
                select(SeatLease.counter_id, func.count(),
                       func.sum(SeatLease.granted - SeatLease.used))
                .where(SeatLease.status == "active").group_by(SeatLease.counter_id)
            )
        }
        used = {
            (c, k): n for c, k, n in session.execute(
                select(UsedNumber.counter_id, UsedNumber.kind, func.count())
                .group_by(UsedNumber.counter_id, UsedNumber.kind)
            )
        }
        ranges = {
            (c, k): (n, int(size or 0)) for c, k, n, size in session.execute(
                select(NumberRangeRow.counter_id, NumberRangeRow.kind, func.count(),
                       func.sum(NumberRangeRow.last - NumberRangeRow.first + 1))
                .group_by(NumberRangeRow.counter_id, NumberRangeRow.kind)
            )
        }
        for c in counters:
            print(f"counter {c.id}  {c.name}  outlet {c.outlet_code}  [{c.status}]  "
                  f"app {c.app_version or '-'}")
            print(f"  last seen {_fmt(c.last_seen_at)}   last push {_fmt(c.last_push_at)}")
            print(f"  ops applied {ops.get((c.id, 'applied'), 0)}, "
                  f"rejected {ops.get((c.id, 'rejected'), 0)}")
            n, left = leases.get(c.id, (0, 0))
            print(f"  active leases {n}, seats left {left}")
            for kind in ("ticket", "receipt"):
                count, size = ranges.get((c.id, kind), (0, 0))
                print(f"  {kind} ranges {count}, numbers left "
                      f"{size - used.get((c.id, kind), 0)} of {size}")
    return 0


def _listed(session: Session, query: Select[T], status_column: Any, status: str | None,
            what: str) -> list[T]:
    """The rows of ``query`` with ``status`` (all without one), in its order; "no <what>"
    is printed when there are none."""
    if status:
        query = query.where(status_column == status)
    rows = list(session.scalars(query))
    if not rows:
        print(f"no {what}" + (f" with status {status}" if status else ""))
    return rows


def cmd_requests(args: argparse.Namespace) -> int:
    db = _open(args)
    with db.read() as session:
        query = select(HeadOfficeRequestRow).order_by(HeadOfficeRequestRow.received_at,
                                                      HeadOfficeRequestRow.id)
        for r in _listed(session, query, HeadOfficeRequestRow.status, args.status, "requests"):
            subject = "  ".join(
                f"{label} {value}" for label, value in
                (("ticket", r.ticket_number), ("flight", r.flight_no), ("pnr", r.pnr)) if value
            )
            print(f"request {r.id}  [{r.status}]  {r.action}  {subject or '-'}")
            print(f"  outlet {r.outlet_code}  counter {r.counter_id}  clerk {r.clerk_login}  "
                  f"requested {_fmt(r.requested_at)}  received {_fmt(r.received_at)}")
            if r.note:
                print(f"  note: {r.note}")
    return 0


def cmd_invoices(args: argparse.Namespace) -> int:
    db = _open(args)
    with db.read() as session:
        query = select(InvoiceRequestRow).order_by(InvoiceRequestRow.recorded_at,
                                                   InvoiceRequestRow.id)
        for r in _listed(session, query, InvoiceRequestRow.status, args.status,
                         "invoice requests"):
            buyer = f"{r.buyer_name} {r.buyer_uscc}" if r.buyer_uscc else r.buyer_name
            print(f"invoice request {r.id}  [{r.status}]  ticket {r.ticket_number}  "
                  f"{r.buyer_kind} {buyer}")
            print(f"  counter {r.counter_id}  clerk {r.clerk_login}  "
                  f"requested {_fmt(r.requested_at)}  received {_fmt(r.recorded_at)}"
                  + (f"  email {r.email}" if r.email else ""))
            if r.invoice_no:
                print(f"  invoice {r.invoice_no}")
            if r.status == "red_reversed":
                original = (f"  original invoice {r.original_invoice_no}"
                            if r.original_invoice_no else "")
                print(f"  red-reversed {_fmt(r.reversed_at)} by {r.reversed_by or '-'}"
                      f"{original}: {r.reversed_reason or '-'}")
    return 0


def cmd_issue_invoice(args: argparse.Namespace) -> int:
    """Record the number the tax platform gave an e-invoice; its counter learns it on pull."""
    db = _open(args)
    number = args.invoice_no.strip()
    if not number.isdigit() or not 8 <= len(number) <= 32:
        raise ApiError(422, "invalid_request", "an invoice number is 8 to 32 digits")
    with db.write() as session:
        row = session.get(InvoiceRequestRow, args.request)
        if row is None:
            raise ApiError(404, "invoice_unknown", f"no invoice request {args.request}")
        if row.status != "received":
            raise ApiError(409, "invoice_not_open",
                           f"invoice request {args.request} is {row.status}")
        row.status = "issued"
        row.invoice_no = number
        session.flush()
        changes.log_change(session, Scope.COUNTER, records.INVOICE, row.id,
                           records.invoice_data(row), counter_id=row.counter_id)
    print(f"invoice request {args.request} issued as {number}")
    return 0


def watch_parent(parent_pid: int, interval: float = 0.5) -> threading.Thread:
    """End this process when ``parent_pid`` is gone, however it ended (even SIGKILL, which
    it cannot pass on): the demo's head office lives only as long as its counter. A
    reparented process sees another ``getppid()``; a SIGTERM lets uvicorn stop cleanly, and
    if that does not end the process in 10 s it exits hard."""

    def alive() -> bool:
        if os.getppid() != parent_pid:
            return False
        if sys.platform == "win32":  # there os.kill(pid, 0) would end the parent
            return True
        try:
            os.kill(parent_pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def watch() -> None:
        while alive():
            time.sleep(interval)
        print(f"parent process {parent_pid} is gone: stopping", file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(10)
        os._exit(1)

    thread = threading.Thread(target=watch, name="parent-watch", daemon=True)
    thread.start()
    return thread


def cmd_serve(args: argparse.Namespace) -> int:
    """One process, or with ``--workers N`` (PostgreSQL only) N processes on one port, each
    built by ``app.app_from_env`` with its share of the connections and its write slots."""
    import uvicorn

    from counter_app.headoffice import app as ho_app
    from counter_app.headoffice import logs
    from counter_app.headoffice.db import ENV_DATABASE_URL

    url = database_url(args.database_url)
    if args.workers > 1 and url.startswith("sqlite"):
        raise ApiError(422, "invalid_request",
                       "--workers above 1 needs PostgreSQL: SQLite has one writer, so more "
                       "processes would only wait for each other; serve SQLite with one")
    if args.workers < 1 or args.write_slots < 1:
        raise ApiError(422, "invalid_request", "--workers and --write-slots are at least 1")
    if args.parent_pid:
        watch_parent(args.parent_pid)
    db = _open(args)
    if args.load_demo:
        # The demo's first start: load in this process rather than in one more before it.
        today = date.fromisoformat(args.today) if args.today else _today()
        with db.write() as session:
            loader.load_all(session, today, demo=True, days_ahead=args.days)
    if args.workers == 1:
        app = ho_app.create_app(
            db, lease_grace=timedelta(minutes=args.grace_minutes),
            write_slots=0 if db.is_sqlite else args.write_slots,
            auth_cache=ho_app.AUTH_CACHE_TTL)
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level,
                    log_config=logs.uvicorn_log_config())
        return 0
    db.dispose()
    os.environ[ENV_DATABASE_URL] = url
    os.environ[ho_app.ENV_WORKERS] = str(args.workers)
    os.environ[ho_app.ENV_WRITE_SLOTS] = str(args.write_slots)
    os.environ[ho_app.ENV_LEASE_GRACE_MINUTES] = str(args.grace_minutes)
    # uvicorn restarts a worker that does not answer its health check in time (5 s by
    # default): a worker still importing on a busy machine, or one busy with requests,
    # must not be killed in the middle of them.
    patience: dict[str, Any] = (
        {"timeout_worker_healthcheck": WORKER_HEALTHCHECK_SECONDS}
        if "timeout_worker_healthcheck" in inspect.signature(uvicorn.Config).parameters
        else {})
    uvicorn.run("counter_app.headoffice.app:app_from_env", factory=True, workers=args.workers,
                host=args.host, port=args.port, log_level=args.log_level,
                log_config=logs.uvicorn_log_config(), **patience)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counter-headoffice", description="Head office of the Counter ticketing app."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--database-url", default=None,
                       help="SQLAlchemy URL (default: $COUNTER_HO_DATABASE_URL or "
                            "./headoffice-data/headoffice.sqlite3)")
        return p

    command("init-db", "create or migrate the schema").set_defaults(func=cmd_init_db)

    p = command("load", "load reference data (and with --demo the demo people and schedule)")
    p.add_argument("--demo", action="store_true", help="also demo people and flights")
    p.add_argument("--today", default=None, help="YYYY-MM-DD (default: today in Beijing)")
    p.add_argument("--days", type=int, default=loader.DEFAULT_DAYS_AHEAD,
                   help="days of flights ahead of today")
    p.set_defaults(func=cmd_load)

    p = command("enroll", "make a one-time enrollment code for an outlet")
    p.add_argument("--outlet", required=True)
    p.set_defaults(func=cmd_enroll)

    p = command("grant-range", "give a counter a block of ticket numbers or receipt serials")
    p.add_argument("--counter", required=True)
    p.add_argument("--kind", choices=("ticket", "receipt"), required=True)
    p.add_argument("--prefix", default="")
    p.add_argument("--size", type=int, default=1000)
    p.set_defaults(func=cmd_grant_range)

    p = command("grant-lease", "lease seats of a flight cabin to a counter")
    p.add_argument("--counter", required=True)
    p.add_argument("--flight-no", required=True)
    p.add_argument("--date", required=True, help="departure date YYYY-MM-DD")
    p.add_argument("--cabin", choices=("F", "C", "Y"), required=True)
    p.add_argument("--seats", type=int, required=True)
    p.add_argument("--hours", type=int, default=168)
    p.set_defaults(func=cmd_grant_lease)

    p = command("expire-leases", "end leases past their expiry; unused seats back to stock")
    p.add_argument("--grace-minutes", type=int, default=0)
    p.set_defaults(func=cmd_expire_leases)

    command("status", "counters, their sync state, leases and ranges").set_defaults(
        func=cmd_status)

    p = command("requests", "requests counters queued for head office (refunds of tickets "
                            "sold elsewhere, flights outside an allotment)")
    p.add_argument("--status", default=None, choices=("received", "done", "refused"),
                   help="only requests with this status")
    p.set_defaults(func=cmd_requests)

    p = command("invoices", "e-invoice requests counters recorded (电子发票申请), with their "
                            "red reversals")
    p.add_argument("--status", default=None, choices=("received", "issued", "red_reversed"),
                   help="only requests with this status")
    p.set_defaults(func=cmd_invoices)

    p = command("issue-invoice", "record the number an e-invoice was issued under; the "
                                 "counter that asked sees it after its next sync")
    p.add_argument("--request", required=True, help="the invoice request id")
    p.add_argument("--invoice-no", required=True, help="the e-invoice number (digits)")
    p.set_defaults(func=cmd_issue_invoice)

    p = command("serve", "migrate, then serve HTTP")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--grace-minutes", type=int, default=0,
                   help="minutes a lease stays usable after it expires")
    p.add_argument("--log-level", default="info")
    p.add_argument("--parent-pid", type=int, default=None,
                   help="stop when this process ends (the demo counter that started it)")
    p.add_argument("--load-demo", action="store_true",
                   help="first load the demo data, as 'load --demo' does")
    p.add_argument("--today", default=None, help="with --load-demo: YYYY-MM-DD")
    p.add_argument("--days", type=int, default=loader.DEFAULT_DAYS_AHEAD,
                   help="with --load-demo: days of flights ahead of today")
    p.add_argument("--workers", type=int, default=1,
                   help="serving processes on the one port (above 1 needs PostgreSQL; "
                        "each gets its share of connections and write slots)")
    p.add_argument("--write-slots", type=int, default=4,
                   help="PostgreSQL: write units of work each process admits at once")
    p.set_defaults(func=cmd_serve)
    admin_counters.add_commands(command)  # counters list, disable, enable, revoke

    admin_inventory.add_commands(command)  # leases, revoke-lease(s), policy
    admin_people.add_commands(command)  # grant-customer
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except ApiError as exc:
        print(f"error: {exc.message} ({exc.code})", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":
    sys.exit(main())
