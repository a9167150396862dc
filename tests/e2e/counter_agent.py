"""A counter without its GUI, run as its own process by the end-to-end tests.

``python tests/e2e/counter_agent.py COMMAND --data-dir D --base-url U [options]``

The agent opens the counter's store (``D/counter.sqlite3``, migrated by ``open_store``) and
keeps its device credentials in an encrypted file in ``D`` (a fixed test passphrase), so a
counter killed with SIGKILL comes back as the same enrolled counter. It talks to head office
only through the real client and sync engine, over real HTTP.

Commands (each ends with one ``RESULT {json}`` line on stdout):

``enroll --code C``        enroll with a one-time code, then sync (the first pull); with
                           ``--flight-id`` also lease ``--seats`` on that flight
``sync``                   one sync cycle (``--cycles N``); ``--until-empty`` repeats them until
                           a cycle succeeds with the outbox empty
``lease``                  ask head office for seats (online), kept as the engine keeps them
``sell``                   issue sales offline, each in its own unit of work; after each commit
                           prints ``COMMITTED i sale_id op_id tickets``, then the receipt
                           (``PRINTED i sale_id ...``: stdout stands in for the printer);
                           ``--hold-after before-commit|commit|print`` then blocks on stdin so
                           a test can kill the process at a known point
``sell-plan``              many sales from a JSON plan ``[[flight_id, count], ...]`` (the week
                           offline), with ``--fixed-clock``/``--step-s`` a stepping clock
``edit-customer``          customer fields edited at the counter (``--set field=value``)
``status``                 what the counter holds, as JSON (no network)
``check``                  for every ``--data-dir``: sync until the outbox is empty and the
                           checksums were compared, then ``status``

The module is also imported by the tests (``open_counter``) for counters run as threads.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from counter_app.domain.errors import DomainError
from counter_app.domain.ids import resident_id_check_char
from counter_app.services.booking import (
    PassengerInput,
    PaymentInput,
    SegmentChoice,
    book,
    ticket_booking,
)
from counter_app.services.customer_edits import edit_customer
from counter_app.services.identity import ClerkSession, Role
from counter_app.storage.db import Store, open_store
from counter_app.storage.models import Clerk
from counter_app.sync.client import HeadOfficeClient, SyncError
from counter_app.sync.credentials import EncryptedFileCredentialStore
from counter_app.sync.engine import CycleReport, SyncEngine
from counter_app.sync.enroll import enroll_counter
from counter_app.sync.status import OUTLET_CODE, get_setting

PASSPHRASE = "e2e-test-passphrase"
SCRYPT_N = 2**14  # the tests' credential files; lighter than the product's default
STORE_NAME = "counter.sqlite3"
CREDENTIALS_NAME = "credentials.bin"
CLERK_LOGIN = "wangli"  # a clerk of outlet HET001


# --- clocks ---------------------------------------------------------------------------------


class OffsetClock:
    """The system clock shifted by a fixed offset: a counter whose clock is wrong."""

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


class SteppingClock:
    """Starts at ``start`` and moves on by ``step`` each time :meth:`tick` is called."""

    def __init__(self, start: datetime, step: timedelta) -> None:
        self._at = start
        self.step = step

    def now(self) -> datetime:
        return self._at

    def tick(self) -> None:
        self._at += self.step


# --- one counter ----------------------------------------------------------------------------


@dataclass
class CounterHandle:
    data_dir: Path
    store: Store
    credentials: EncryptedFileCredentialStore
    client: HeadOfficeClient
    engine: SyncEngine
    clock: Any
    max_pages: int = 0  # PRAGMA max_page_count for sales (0: no limit)

    def close(self) -> None:
        self.client.close()
        self.store.close()


def credentials_store(data_dir: Path) -> EncryptedFileCredentialStore:
    return EncryptedFileCredentialStore(
        data_dir / CREDENTIALS_NAME, PASSPHRASE, scrypt_n=SCRYPT_N
    )


def open_counter(
    data_dir: Path,
    base_url: str,
    *,
    clock: Any = None,
    batch: int = 500,
    timeout: float = 10.0,
) -> CounterHandle:
    data_dir.mkdir(parents=True, exist_ok=True)
    store = open_store(data_dir / STORE_NAME)
    credentials = credentials_store(data_dir)
    client = HeadOfficeClient(base_url, credentials, timeout=timeout)
    clock = clock or OffsetClock(timedelta(0))
    engine = SyncEngine(store, client, clock, batch=batch, interval=0.1)
    return CounterHandle(data_dir, store, credentials, client, engine, clock)


@contextmanager
def counter(data_dir: Path, base_url: str, **kwargs: Any) -> Iterator[CounterHandle]:
    handle = open_counter(data_dir, base_url, **kwargs)
    try:
        yield handle
    finally:
        handle.close()


def enroll(handle: CounterHandle, code: str, name: str) -> str:
    answer = enroll_counter(
        handle.store, handle.client, code, name, handle.client.base_url,
        handle.credentials, handle.clock.now(),
    )
    return answer.counter_id


def report_json(report: CycleReport) -> dict[str, Any]:
    data = asdict(report)
    data["started_at"] = report.started_at.isoformat()
    data["finished_at"] = report.finished_at.isoformat() if report.finished_at else None
    return data


def pending_count(store: Store) -> int:
    with store.read() as session:
        return int(session.execute(
            text("SELECT count(*) FROM outbox WHERE state = 'pending'")).scalar_one())


def sync_until_empty(
    handle: CounterHandle,
    *,
    max_seconds: float = 60.0,
    max_cycles: int = 10_000,
    pause: float = 0.05,
    need_checksum: bool = False,
    echo: bool = False,
) -> list[dict[str, Any]]:
    """Cycle until a cycle succeeds with nothing pending (and, with ``need_checksum``, the
    checksums were compared in it), or the time or cycle budget is spent."""
    reports: list[dict[str, Any]] = []
    deadline = time.monotonic() + max_seconds
    while len(reports) < max_cycles and time.monotonic() < deadline:
        report = handle.engine.cycle()
        reports.append(report_json(report))
        if echo:
            print("CYCLE " + json.dumps(reports[-1], ensure_ascii=False), flush=True)
        if report.ok and pending_count(handle.store) == 0 and (
            not need_checksum or report.checksum_ok is not None
        ):
            break
        if not report.ok:
            time.sleep(pause)
    return reports


# --- selling ----------------------------------------------------------------------------------


def resident_id(n: int) -> str:
    """A valid resident ID of an adult, different for every ``n`` below 10**6."""
    birth = date(1960 + n % 40, 1 + n % 12, 1 + n % 28)
    first17 = f"150102{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + resident_id_check_char(first17)


NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强")


def passengers_for(n: int, count: int) -> list[PassengerInput]:
    return [
        PassengerInput(NAMES[(n + i) % len(NAMES)], "NI", resident_id(n * 10 + i))
        for i in range(count)
    ]


def clerk_session(store: Store, login: str = CLERK_LOGIN) -> ClerkSession:
    """The clerk as logged in at this counter's outlet."""
    with store.read() as session:
        row = session.scalars(select(Clerk).where(Clerk.login == login)).one()
        outlet = get_setting(session, OUTLET_CODE) or "HET001"
        return ClerkSession(row.id, row.login, row.name_zh, Role(row.role), outlet, "", "")


def sell_one(
    handle: CounterHandle,
    flight_id: str,
    n: int,
    *,
    passengers: int = 1,
    class_code: str = "Y",
    login: str = CLERK_LOGIN,
    hold_before_commit: bool = False,
    known: dict[Any, Any] | None = None,
) -> dict[str, Any]:
    """One sale of one flight in its own unit of work, held and ticketed (paid in cash) as
    the counter sells; returns what was committed. ``known`` caches the clerk for long
    runs."""
    known = {} if known is None else known
    party = passengers_for(n, passengers)
    if ("clerk", login) not in known:
        known[("clerk", login)] = clerk_session(handle.store, login)
    clerk = known[("clerk", login)]
    with handle.store.unit_of_work() as session:
        if handle.max_pages:
            session.execute(text(f"PRAGMA max_page_count = {handle.max_pages}"))
        now = handle.clock.now()
        try:
            held = book(session, segments=[SegmentChoice(flight_id, class_code)],
                        passengers=party, customer_id=None, clerk=clerk, now=now)
        except DomainError as exc:
            if exc.code != "needs_head_office":
                raise
            # No live lease: the tests read why (no_lease, lease_expired), the code the
            # one-flight sale refused with.
            raise DomainError(str(exc.params.get("reason", exc.code)), exc.field,
                              **exc.params) from exc
        sale = ticket_booking(session, held.booking_id,
                              [PaymentInput("cash", held.quote.total)], clerk=clerk, now=now)
        if hold_before_commit:
            print(f"UNCOMMITTED {n} {sale.booking_id} {sale.op_id}", flush=True)
            sys.stdin.readline()  # killed here by the test
    return {"n": n, "sale_id": sale.booking_id, "op_id": sale.op_id,
            "tickets": [t.ticket_number for t in sale.tickets], "total": str(sale.total)}


def print_receipt(n: int, sale: dict[str, Any]) -> None:
    """The receipt, printed only after the sale committed (stdout stands in for paper)."""
    print(f"PRINTED {n} {sale['sale_id']} tickets {' '.join(sale['tickets'])} "
          f"total {sale['total']}", flush=True)


# --- status -------------------------------------------------------------------------------------


def status(data_dir: Path) -> dict[str, Any]:
    """Everything the tests check, read straight from the counter's SQLite file."""
    conn = sqlite3.connect(data_dir / STORE_NAME)
    conn.row_factory = sqlite3.Row
    try:
        settings = dict(conn.execute("SELECT key, value FROM local_settings").fetchall())
        outbox = []
        for r in conn.execute("SELECT seq, op_id, kind, state, last_code, payload, "
                              "payload_hash, created_at, attempts FROM outbox ORDER BY seq"):
            payload = json.loads(r["payload"])
            outbox.append({
                "seq": r["seq"], "op_id": r["op_id"], "kind": r["kind"], "state": r["state"],
                "last_code": r["last_code"], "payload_hash": r["payload_hash"],
                "sale_id": payload.get("sale_id"), "created_at": r["created_at"],
                "attempts": r["attempts"],
                "tickets": [t["ticket_number"] for t in payload.get("tickets", [])],
            })
        tickets: dict[str, list[str]] = {}
        for r in conn.execute("SELECT booking_id, ticket_number FROM tickets "
                              "ORDER BY ticket_number"):
            tickets.setdefault(r["booking_id"], []).append(r["ticket_number"])
        bookings = [
            {"id": r["id"], "pnr": r["pnr"], "status": r["status"], "lease_id": r["lease_id"],
             "tickets": tickets.get(r["id"], [])}
            for r in conn.execute("SELECT id, pnr, status, lease_id FROM bookings ORDER BY id")
        ]
        leases = [dict(r) for r in conn.execute(
            "SELECT lease_id, flight_id, cabin, granted, used_local, status, expires_at "
            "FROM leases ORDER BY lease_id")]
        attention = [
            {"kind": r["kind"], "code": r["code"], "op_id": r["op_id"],
             "message": r["message"], "open": r["resolved_at"] is None,
             "detail": json.loads(r["detail"] or "{}")}
            for r in conn.execute("SELECT kind, code, op_id, message, resolved_at, detail "
                                  "FROM attention_items ORDER BY created_at, id")
        ]
        cycles = [dict(r) for r in conn.execute(
            "SELECT pushed, applied, duplicates, rejected, pulled, ok, error FROM sync_cycles "
            "ORDER BY id")]
    finally:
        conn.close()
    pending = sum(1 for e in outbox if e["state"] == "pending")
    return {
        "data_dir": str(data_dir),
        "counter_id": settings.get("sync:counter_id"),
        "outlet_code": settings.get("sync:outlet_code"),
        "cursor": int(settings.get("sync:cursor") or 0),
        "server_offset_s": settings.get("sync:server_offset_s"),
        "pending": pending,
        "outbox": outbox,
        "bookings": bookings,
        "leases": leases,
        "attention": attention,
        "cycles": cycles,
    }


# --- commands ---------------------------------------------------------------------------------


def _clock(args: argparse.Namespace) -> Any:
    if args.fixed_clock:
        start = datetime.fromisoformat(args.fixed_clock)
        return SteppingClock(start, timedelta(seconds=args.step_s))
    return OffsetClock(timedelta(seconds=args.clock_offset_s))


def _handle(args: argparse.Namespace, data_dir: Path | None = None) -> CounterHandle:
    handle = open_counter(data_dir or args.data_dir[0], args.base_url, clock=_clock(args),
                          batch=args.batch, timeout=args.timeout)
    if args.max_pages_extra:
        with handle.store.read() as session:
            pages = int(session.execute(text("PRAGMA page_count")).scalar_one())
        handle.max_pages = pages + args.max_pages_extra
    return handle


def cmd_enroll(args: argparse.Namespace) -> dict[str, Any]:
    handle = _handle(args)
    try:
        counter_id = enroll(handle, args.code, args.name)
        reports = [] if args.no_sync else sync_until_empty(handle, max_seconds=30,
                                                           need_checksum=True)
        result: dict[str, Any] = {"counter_id": counter_id, "cycles": reports}
        if args.flight_id:
            lease = handle.engine.request_lease(args.flight_id, args.cabin, args.seats,
                                                args.hours)
            result["lease"] = lease.model_dump(mode="json")
        return result
    finally:
        handle.close()


def cmd_sync(args: argparse.Namespace) -> dict[str, Any]:
    handle = _handle(args)
    try:
        if args.until_empty:
            reports = sync_until_empty(handle, max_seconds=args.max_seconds,
                                       max_cycles=args.max_cycles, pause=args.pause,
                                       echo=args.echo)
        else:
            reports = []
            for _ in range(args.cycles):
                reports.append(report_json(handle.engine.cycle()))
                if args.echo:
                    print("CYCLE " + json.dumps(reports[-1], ensure_ascii=False), flush=True)
        return {"cycles": reports, "pending": pending_count(handle.store)}
    finally:
        handle.close()


def cmd_lease(args: argparse.Namespace) -> dict[str, Any]:
    handle = _handle(args)
    try:
        try:
            lease = handle.engine.request_lease(args.flight_id, args.cabin, args.seats,
                                                args.hours)
        except SyncError as exc:
            return {"error": exc.code or exc.__class__.__name__, "message": exc.message}
        return {"lease": lease.model_dump(mode="json")}
    finally:
        handle.close()


def cmd_sell(args: argparse.Namespace) -> dict[str, Any]:
    handle = _handle(args)
    sold: list[dict[str, Any]] = []
    outcome: dict[str, Any] = {"sold": sold}
    try:
        for i in range(args.count):
            n = args.start + i
            try:
                sale = sell_one(handle, args.flight_id, n, passengers=args.passengers,
                                class_code=args.class_code,
                                hold_before_commit=args.hold_after == "before-commit")
            except DomainError as exc:
                code = exc.code
                print(f"REFUSED {n} {code}", flush=True)
                outcome["refused"] = code
                break
            except Exception as exc:  # the disk filling up, a locked database...
                print(f"FAILED {n} {exc.__class__.__name__}", flush=True)
                outcome["failed"] = f"{exc.__class__.__name__}: {exc}"
                break
            sold.append(sale)
            print(f"COMMITTED {n} {sale['sale_id']} {sale['op_id']} "
                  f"{','.join(sale['tickets'])}", flush=True)
            if args.hold_after == "commit":
                sys.stdin.readline()  # killed here: committed, no receipt yet
            print_receipt(n, sale)
            if args.hold_after == "print":
                sys.stdin.readline()  # killed here: printed, not pushed
            if isinstance(handle.clock, SteppingClock):
                handle.clock.tick()
        return outcome
    finally:
        handle.close()


def cmd_sell_plan(args: argparse.Namespace) -> dict[str, Any]:
    """Sales from a plan ``[[flight_id, count], ...]``: no per-sale lines, a progress line
    every thousand, the clock stepped after every sale."""
    plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
    handle = _handle(args)
    done = 0
    started = time.perf_counter()
    known: dict[Any, Any] = {}
    try:
        for flight_id, count in plan:
            for _ in range(count):
                sell_one(handle, flight_id, args.start + done, known=known)
                done += 1
                if isinstance(handle.clock, SteppingClock):
                    handle.clock.tick()
                if done % 1000 == 0:
                    print(f"PROGRESS {done} {time.perf_counter() - started:.1f}", flush=True)
        return {"sold": done, "seconds": round(time.perf_counter() - started, 2)}
    finally:
        handle.close()


def cmd_edit_customer(args: argparse.Namespace) -> dict[str, Any]:
    changes = dict(item.split("=", 1) for item in args.set)
    handle = _handle(args)
    try:
        with handle.store.unit_of_work() as session:
            entry = edit_customer(session, args.customer_id, changes,
                                  clerk_login=CLERK_LOGIN, now=handle.clock.now())
            return {"op_id": None if entry is None else entry.op_id}
    finally:
        handle.close()


def cmd_status(args: argparse.Namespace) -> dict[str, Any]:
    return status(args.data_dir[0])


def cmd_check(args: argparse.Namespace) -> dict[str, Any]:
    counters = []
    for data_dir in args.data_dir:
        handle = _handle(args, data_dir)
        try:
            reports = sync_until_empty(handle, max_seconds=args.max_seconds,
                                       need_checksum=True)
        finally:
            handle.close()
        found = status(data_dir)
        found["final_cycles"] = reports
        counters.append(found)
    return {"counters": counters}


COMMANDS = {
    "enroll": cmd_enroll,
    "sync": cmd_sync,
    "lease": cmd_lease,
    "sell": cmd_sell,
    "sell-plan": cmd_sell_plan,
    "edit-customer": cmd_edit_customer,
    "status": cmd_status,
    "check": cmd_check,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("--data-dir", type=Path, action="append", required=True)
    parser.add_argument("--base-url", default="http://127.0.0.1:9")
    parser.add_argument("--clock-offset-s", type=float, default=0.0)
    parser.add_argument("--fixed-clock", default="", help="ISO start of a stepping clock")
    parser.add_argument("--step-s", type=float, default=0.0)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--timeout", type=float, default=10.0)
    # enroll
    parser.add_argument("--code", default="")
    parser.add_argument("--name", default="e2e counter")
    parser.add_argument("--no-sync", action="store_true")
    # sync / check
    parser.add_argument("--until-empty", action="store_true")
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument("--max-cycles", type=int, default=10_000)
    parser.add_argument("--cycles", type=int, default=1, help="without --until-empty")
    parser.add_argument("--pause", type=float, default=0.05)
    parser.add_argument("--echo", action="store_true", help="print a CYCLE line per cycle")
    # lease / sell
    parser.add_argument("--flight-id", default="")
    parser.add_argument("--cabin", default="Y")
    parser.add_argument("--seats", type=int, default=1)
    parser.add_argument("--hours", type=int, default=48)
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="first passenger number")
    parser.add_argument("--passengers", type=int, default=1)
    parser.add_argument("--class-code", default="Y")
    parser.add_argument("--hold-after", choices=("before-commit", "commit", "print"),
                        default=None)
    parser.add_argument("--plan", default="")
    # edit-customer
    parser.add_argument("--customer-id", default="")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE")
    # a full disk without a small filesystem: the store may grow by this many pages only
    parser.add_argument("--max-pages-extra", type=int, default=0)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result = COMMANDS[args.command](args)
    print("RESULT " + json.dumps(result, ensure_ascii=False, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
