"""Helpers of the end-to-end fault tests: head office as its own process, counter agents as
their own processes, a TCP proxy that can lose what it carries, direct access to head office's
database for what only an operator (or time) can do, and the checks every run ends with.

Counters are the agent (``counter_agent.py``) in a subprocess, or the same code in threads
of the test process when a barrier must start several at once. Head office is always
``counter-headoffice serve`` in its own process, reached over real HTTP.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import httpx
from sqlalchemy import func, select, update

from clock_support import TODAY
from counter_app.headoffice import auth, inventory, policy
from counter_app.headoffice.app import AUTH_CACHE_TTL
from counter_app.headoffice.db import Database
from counter_app.headoffice.models import (
    Airline,
    AppliedOp,
    CabinInventory,
    Flight,
    Sale,
    SaleTicket,
    SeatLease,
    Token,
    UsedNumber,
)

AGENT = Path(__file__).resolve().with_name("counter_agent.py")
HO_DAYS = 3  # days of demo flights ahead: enough to sell on, small enough to pull quickly
OUTLET = "HET001"


# Subprocesses keep their compiled bytecode out of the repository (and do keep it: the
# environment may say PYTHONDONTWRITEBYTECODE, which makes every start compile again).
SUBPROCESS_ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPYCACHEPREFIX": os.path.join(tempfile.gettempdir(), "counter-e2e-pycache"),
    "PYTHONIOENCODING": "utf-8",
}


# The day the session's head-office databases are loaded for: the suite's one TODAY
# (tests/clock_support.py). Flights are picked relative to it, so a run that crosses
# midnight in Beijing still finds the flights it loaded.
LOAD_DAY = TODAY


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cli(*args: str, timeout: float = 120) -> str:
    """Run ``counter-headoffice`` (``python -m counter_app.headoffice.cli``); its stdout."""
    done = subprocess.run(
        [sys.executable, "-m", "counter_app.headoffice.cli", *args],
        capture_output=True, text=True, encoding="utf-8", timeout=timeout, check=False,
        env=SUBPROCESS_ENV,
    )
    assert done.returncode == 0, f"cli {args[0]} failed: {done.stderr}"
    return done.stdout


def build_head_office_database(url: str, today: date) -> None:
    """``init-db`` then ``load --demo`` through the real command line."""
    cli("init-db", "--database-url", url)
    cli("load", "--demo", "--today", today.isoformat(), "--days", str(HO_DAYS),
        "--database-url", url)


# --- head office as a process ---------------------------------------------------------------


class HeadOfficeProcess:
    """``counter-headoffice serve`` in its own process on a fixed port; can be killed with
    SIGKILL and started again on the same database and port."""

    def __init__(self, database_url: str, log_dir: Path, port: int | None = None) -> None:
        self.database_url = database_url
        self.log_dir = log_dir
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self.starts = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        assert self.process is None, "already running"
        self.starts += 1
        self._log = open(self.log_dir / f"headoffice-{self.starts}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "counter_app.headoffice.cli", "serve", "--host",
             "127.0.0.1", "--port", str(self.port), "--database-url", self.database_url,
             "--log-level", "warning"],
            stdout=self._log, stderr=subprocess.STDOUT, env=SUBPROCESS_ENV,
        )
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=2.0) as http:
            while True:
                if self.process.poll() is not None:
                    self._reap()
                    raise RuntimeError(f"head office exited at start:\n{self.log_tail()}")
                try:
                    if http.get(self.base_url + "/api/v1/health").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    self.kill()
                    raise RuntimeError(f"head office did not answer:\n{self.log_tail()}")
                time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no rollback, no goodbye."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGKILL)
            self._reap()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self._reap()

    def _reap(self) -> None:
        assert self.process is not None
        self.process.wait(timeout=30)
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 40) -> str:
        logs = sorted(self.log_dir.glob("headoffice-*.log"))
        if not logs:
            return ""
        text = logs[-1].read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


# --- head office's database, as an operator (or time) changes it ----------------------------


class HeadOfficeDb:
    """Direct access to the head office's database from the test process."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.db = Database.from_url(url)

    def close(self) -> None:
        self.db.dispose()

    def enrollment_code(self, outlet: str = OUTLET) -> str:
        """A one-time code, made as ``counter-headoffice enroll`` makes it (in-process: the
        command line costs a second per code; :meth:`enrollment_code_cli` runs it)."""
        with self.db.write() as session:
            return auth.create_enrollment_code(session, outlet, datetime.now(UTC))

    def enrollment_code_cli(self, outlet: str = OUTLET) -> str:
        """``counter-headoffice enroll --outlet OUTLET``: the code is its last line."""
        return cli("enroll", "--outlet", outlet, "--database-url", self.url).split()[-1]

    def flights(
        self, min_free: int, *, cabin: str = "Y", day: date | None = None, limit: int = 1,
        carrier: str | None = None, exclude: Iterable[str] = (),
    ) -> list[tuple[str, str, int]]:
        """(flight id, carrier, free seats) of flights leaving on ``day`` (default: the day
        after tomorrow) with at least ``min_free`` grantable seats in ``cabin``."""
        free = CabinInventory.capacity - CabinInventory.sold - CabinInventory.granted
        query = (
            select(Flight.id, Flight.carrier, free)
            .join(CabinInventory, CabinInventory.flight_id == Flight.id)
            .where(CabinInventory.cabin == cabin, free >= min_free,
                   Flight.status == "scheduled",
                   Flight.dep_date == (day or LOAD_DAY + timedelta(days=2)))
            .order_by(Flight.flight_no)
        )
        if carrier is not None:
            query = query.where(Flight.carrier == carrier)
        excluded = set(exclude)
        with self.db.read() as session:
            rows = [(str(a), str(b), int(c)) for a, b, c in session.execute(query)]
        return [r for r in rows if r[0] not in excluded][:limit]

    def flight(self, min_free: int = 10, **kwargs: Any) -> str:
        rows = self.flights(min_free, **kwargs)
        assert rows, "no flight with free seats in the demo data"
        return rows[0][0]

    def cabin(self, flight_id: str, cabin: str = "Y") -> tuple[int, int, int]:
        """(capacity, sold, granted)."""
        with self.db.read() as session:
            row = session.get(CabinInventory, (flight_id, cabin))
            assert row is not None
            return row.capacity, row.sold, row.granted

    def set_free(self, flight_id: str, cabin: str, free: int) -> None:
        """Seats sold online by head office meanwhile: exactly ``free`` stay grantable."""
        with self.db.write() as session:
            row = session.get(CabinInventory, (flight_id, cabin))
            assert row is not None
            capacity, sold, granted = row.capacity, row.sold, row.granted
            inventory.lock_cabin(session, flight_id, cabin)
            inventory.change_cabin(session, flight_id, cabin,
                                   sold=(capacity - granted - free) - sold)

    def grant_lease(self, counter_id: str, flight_id: str, seats: int, *, cabin: str = "Y",
                    hours: int = 48, now: datetime | None = None) -> str:
        """What ``counter-headoffice grant-lease`` does (``now`` moves the grant back in
        time, so a lease can end minutes from now)."""
        with self.db.write() as session:
            lease = inventory.grant_lease(session, counter_id, flight_id, cabin, seats, hours,
                                          now or datetime.now(UTC))
        return lease.lease_id

    def lift_lease_quotas(self) -> None:
        """Staff raise every lease quota to its maximum for all outlets (the tests that
        lease a large allotment over HTTP are about faults, not quotas)."""
        with self.db.write() as session:
            for name in inventory.LEASE_POLICIES:
                policy.set_policy(session, name, policy.POLICIES[name].maximum, "", "e2e",
                                  datetime.now(UTC))

    def allocate_range(self, counter_id: str, kind: str, prefix: str, size: int) -> None:
        with self.db.write() as session:
            inventory.allocate_range(session, counter_id, kind, prefix, size,
                                     datetime.now(UTC))

    def prefix_of(self, carrier: str) -> str:
        with self.db.read() as session:
            airline = session.get(Airline, carrier)
            assert airline is not None
            return airline.prefix

    def applied_count(self, counter_id: str | None = None) -> int:
        query = select(func.count()).select_from(AppliedOp)
        if counter_id is not None:
            query = query.where(AppliedOp.counter_id == counter_id)
        with self.db.read() as session:
            return int(session.scalar(query) or 0)

    def end_leases_now(self, lease_ids: Sequence[str]) -> None:
        """Time passes: these leases reach their expiry (head office ends them the next time
        it looks, e.g. at a push)."""
        past = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=1)
        with self.db.write() as session:
            session.execute(update(SeatLease).where(SeatLease.id.in_(list(lease_ids)))
                            .values(expires_at=past))

    def expire_leases(self) -> int:
        """``counter-headoffice expire-leases``."""
        with self.db.write() as session:
            return inventory.expire_leases(session, datetime.now(UTC))

    def expire_access_tokens(self, counter_id: str) -> int:
        """Twelve hours pass: the counter's access tokens are past their expiry. The served
        head office trusts a token it found valid for AUTH_CACHE_TTL without reading the
        database again; twelve hours outlast that, so the wait does too."""
        past = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=5)
        with self.db.write() as session:
            result = session.execute(
                update(Token).where(Token.counter_id == counter_id, Token.kind == "access")
                .values(expires_at=past)
            )
        time.sleep(AUTH_CACHE_TTL.total_seconds() + 0.5)
        return int(getattr(result, "rowcount", 0) or 0)

    def applied_ops(self, counter_id: str) -> dict[str, AppliedOp]:
        with self.db.read() as session:
            rows = session.scalars(select(AppliedOp).where(AppliedOp.counter_id == counter_id))
            return {row.op_id: row for row in rows}

    def sales(self, counter_id: str | None = None) -> dict[str, Sale]:
        query = select(Sale)
        if counter_id is not None:
            query = query.where(Sale.counter_id == counter_id)
        with self.db.read() as session:
            return {row.id: row for row in session.scalars(query)}


@dataclass
class HeadOffice:
    """A head office under test: its process and its database."""

    database_url: str
    process: HeadOfficeProcess
    db: HeadOfficeDb

    @property
    def base_url(self) -> str:
        return self.process.base_url

    def enroll(self, data_dir: Path, base_url: str | None = None, *,
               lease: tuple[str, int] | None = None, code: str | None = None) -> str:
        """Enroll a counter agent in ``data_dir`` and pull everything (then, with ``lease``
        = (flight id, seats), lease seats on that flight); its counter id. The one-time
        code is made in head office's database unless given."""
        return self.enroll_many([data_dir], base_url, lease=lease,
                                codes=None if code is None else [code])[0]

    def enroll_many(self, data_dirs: Sequence[Path], base_url: str | None = None, *,
                    lease: tuple[str, int] | None = None,
                    codes: Sequence[str] | None = None) -> list[str]:
        """:meth:`enroll` for several counters at once (one agent process each)."""
        if lease is not None:
            self.db.lift_lease_quotas()
        calls = []
        for i, data_dir in enumerate(data_dirs):
            code = codes[i] if codes is not None else self.db.enrollment_code()
            extra = ["--code", code, "--name", f"e2e counter {i + 1}"]
            if lease is not None:
                extra += ["--flight-id", lease[0], "--seats", str(lease[1])]
            calls.append(("enroll", data_dir, base_url or self.base_url, *extra))
        ids = []
        for result in run_agents(*calls):
            last = result["cycles"][-1]
            assert last["ok"], result["cycles"]
            assert last["checksum_ok"], result["cycles"]
            if lease is not None:
                assert result["lease"]["granted"] == lease[1], result
            ids.append(str(result["counter_id"]))
        return ids

    def stock(self, counter_id: str, seats: int, *, per_flight: int = 0,
              exclude: Iterable[str] = ()) -> list[list[Any]]:
        """Leases (granted here, as ``grant-lease`` does) over as many flights as it takes
        to hold ``seats``, and ticket numbers enough for them; a sale plan
        ``[[flight_id, count], ...]``. The counter learns of both at its next pull."""
        plan: list[list[Any]] = []
        by_prefix: Counter[str] = Counter()
        left = seats
        candidates = self.db.flights(max(1, per_flight), limit=10_000, exclude=exclude)
        candidates += self.db.flights(max(1, per_flight), limit=10_000, exclude=exclude,
                                      day=LOAD_DAY + timedelta(days=1))
        now = datetime.now(UTC)
        with self.db.db.write() as session:
            prefixes = dict(session.execute(select(Airline.code, Airline.prefix)).all())
            for flight_id, carrier, free in candidates:
                if left <= 0:
                    break
                take = min(left, per_flight or free, free)
                inventory.grant_lease(session, counter_id, flight_id, "Y", take, 48, now)
                plan.append([flight_id, take])
                by_prefix[prefixes[carrier]] += take
                left -= take
            assert left <= 0, f"not enough seats in the demo data for {seats}"
            for prefix, count in by_prefix.items():
                if count > 900:  # enrollment gave 1000 numbers per prefix
                    inventory.allocate_range(session, counter_id, "ticket", prefix, count, now)
        return plan


# --- the counter agent ------------------------------------------------------------------------


def wait_applied(db: HeadOfficeDb, counter_id: str, at_least: int, agent: AgentProcess,
                 stall: float = 60.0) -> int:
    """Wait until head office holds ``at_least`` ops of the counter, for as long as the
    agent is alive and the count keeps moving (a busy machine is slow, not stuck)."""
    seen, moved = -1, time.monotonic()
    while True:
        count = db.applied_count(counter_id)
        if count >= at_least:
            return count
        if count != seen:
            seen, moved = count, time.monotonic()
        assert agent.process.poll() is None, f"the agent ended at {count} applied"
        assert time.monotonic() - moved < stall, f"stuck at {count} applied for {stall} s"
        time.sleep(0.01)


def agent_args(command: str, data_dirs: Sequence[Path] | Path, base_url: str,
               *extra: str) -> list[str]:
    dirs = [data_dirs] if isinstance(data_dirs, Path) else list(data_dirs)
    args = [sys.executable, str(AGENT), command, "--base-url", base_url]
    for d in dirs:
        args += ["--data-dir", str(d)]
    return [*args, *extra]


def _result(stdout: str) -> dict[str, Any]:
    for line in reversed(stdout.splitlines()):
        if line.startswith("RESULT "):
            found: dict[str, Any] = json.loads(line[len("RESULT "):])
            return found
    raise AssertionError(f"no RESULT line in the agent's output:\n{stdout[-3000:]}")


def run_agent(command: str, data_dirs: Sequence[Path] | Path, base_url: str, *extra: str,
              timeout: float = 120) -> dict[str, Any]:
    """Run the agent to completion; its RESULT."""
    done = subprocess.run(agent_args(command, data_dirs, base_url, *extra),
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout,
                          check=False,
                          env=SUBPROCESS_ENV)
    assert done.returncode == 0, (
        f"agent {command} exited {done.returncode}:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    )
    return _result(done.stdout)


def run_agents(*calls: Sequence[Any], timeout: float = 120) -> list[dict[str, Any]]:
    """Run several agents at once (``(command, data_dir, base_url, *extra)`` each); their
    RESULTs in the same order."""
    started = [AgentProcess(*call) for call in calls]
    try:
        return [agent.finish(timeout) for agent in started]
    finally:
        for agent in started:
            agent.kill()


class AgentProcess:
    """The agent running in the background: its output read line by line, so a test can wait
    for a marker and kill it there."""

    def __init__(self, command: str, data_dirs: Sequence[Path] | Path, base_url: str,
                 *extra: str) -> None:
        self.process = subprocess.Popen(
            agent_args(command, data_dirs, base_url, *extra),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            encoding="utf-8",
            env=SUBPROCESS_ENV,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self.stderr = ""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._err_reader = threading.Thread(target=self._read_err, daemon=True)
        self._err_reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def _read_err(self) -> None:
        assert self.process.stderr is not None
        self.stderr = self.process.stderr.read()

    def wait_for(self, prefix: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {prefix!r} from the agent; saw {self.seen[-5:]}")
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                self._reader.join(timeout=5)
                self._err_reader.join(timeout=5)
                raise AssertionError(
                    f"agent ended before {prefix!r}; saw {self.seen[-5:]}\n{self.stderr[-3000:]}"
                )
            self.seen.append(line)
            if line.startswith(prefix):
                return line

    def kill(self) -> None:
        """SIGKILL, as a power cut or the task manager would."""
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGKILL)
        self.close()

    def finish(self, timeout: float = 120.0) -> dict[str, Any]:
        """Wait for the end; its RESULT."""
        try:
            self.process.wait(timeout=timeout)
        finally:
            self.close()
        while True:
            line = self.lines.get(timeout=5)
            if line is None:
                break
            self.seen.append(line)
        assert self.process.returncode == 0, (
            f"agent exited {self.process.returncode}:\n{self.stderr[-4000:]}"
        )
        return _result("\n".join(self.seen))

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.wait(timeout=30)
        self._reader.join(timeout=10)
        self._err_reader.join(timeout=10)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


# --- a TCP proxy between counter and head office -----------------------------------------------

PASS = "pass"
DROP_REQUEST = "drop_request"  # the connection dies before head office sees the request
LOSE_RESPONSE = "lose_response"  # head office did the work; its answer never arrives
TRUNCATE_RESPONSE = "truncate_response"  # half an answer, then the line goes dead
HOLD_RESPONSE = "hold_response"  # the answer waits until released, then is lost
METHODS = (b"GET ", b"POST ", b"PUT ", b"DELETE ", b"PATCH ", b"HEAD ")

Decide = Callable[[str, str], str]


@dataclass
class _Link:
    client: socket.socket
    upstream: socket.socket
    fate: str = PASS
    closed: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def close(self) -> None:
        with self.lock:
            if self.closed:
                return
            self.closed = True
        for sock in (self.client, self.upstream):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()


class Proxy:
    """A TCP proxy on 127.0.0.1 in threads of the test process. ``decide(method, path)`` picks
    the fate of each HTTP request as it starts; ``refuse`` closes new connections at once
    (the link is down). Every decision is recorded in ``events``."""

    def __init__(self, upstream_port: int, decide: Decide | None = None) -> None:
        self.upstream_port = upstream_port
        self.decide: Decide = decide or (lambda _m, _p: PASS)
        self.refuse = False
        self.events: list[tuple[str, str, str]] = []
        self.released = threading.Event()
        self._links: list[_Link] = []
        self._threads: list[threading.Thread] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(128)
        self._listener.settimeout(0.1)
        self.port = int(self._listener.getsockname()[1])
        self._spawn(self._accept)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fates(self) -> Counter[str]:
        with self._lock:
            return Counter(fate for _m, _p, fate in self.events)

    def _spawn(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _addr = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self.refuse:
                with contextlib.suppress(OSError):
                    client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port),
                                                    timeout=5)
            except OSError:
                with contextlib.suppress(OSError):
                    client.close()
                continue
            upstream.settimeout(None)
            link = _Link(client, upstream)
            with self._lock:
                self._links.append(link)
            self._spawn(self._to_upstream, link)
            self._spawn(self._to_client, link)

    def _to_upstream(self, link: _Link) -> None:
        try:
            while True:
                data = link.client.recv(65536)
                if not data:
                    break
                if data.startswith(METHODS):
                    method, _, rest = data.partition(b" ")
                    path = rest.split(b" ", 1)[0].decode("latin-1")
                    fate = self.decide(method.decode(), path)
                    with self._lock:
                        self.events.append((method.decode(), path, fate))
                    link.fate = fate
                    if fate == DROP_REQUEST:
                        break
                link.upstream.sendall(data)
        except OSError:
            pass
        link.close()

    def _to_client(self, link: _Link) -> None:
        try:
            while True:
                data = link.upstream.recv(65536)
                if not data:
                    break
                fate = link.fate
                if fate == LOSE_RESPONSE:
                    break
                if fate == TRUNCATE_RESPONSE:
                    link.client.sendall(data[: max(1, len(data) // 2)])
                    break
                if fate == HOLD_RESPONSE:
                    self.released.wait(timeout=60)
                    break
                link.client.sendall(data)
        except OSError:
            pass
        link.close()

    def drop_all(self) -> None:
        """Cut every open connection (the cable pulled out)."""
        with self._lock:
            links = list(self._links)
        for link in links:
            link.close()

    def close(self) -> None:
        self._stop.set()
        self.released.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        self.drop_all()
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout=5)


def once(fate: str, path_part: str) -> Decide:
    """The first request whose path contains ``path_part`` gets ``fate``; all others pass."""
    used = threading.Event()

    def decide(_method: str, path: str) -> str:
        if path_part in path and not used.is_set():
            used.set()
            return fate
        return PASS

    return decide


def flapping(seed: int, p_fault: float = 0.35) -> Decide:
    """A bad line: each request independently passes or meets one of the faults."""
    rng = random.Random(seed)
    lock = threading.Lock()
    faults = (DROP_REQUEST, LOSE_RESPONSE, TRUNCATE_RESPONSE)

    def decide(_method: str, _path: str) -> str:
        with lock:
            if rng.random() >= p_fault:
                return PASS
            return rng.choice(faults)

    return decide


# --- after every run ----------------------------------------------------------------------------


def assert_consistent(
    ho_url: str, counter_data_dirs: Sequence[Path], base_url: str, *, max_seconds: float = 60
) -> list[dict[str, Any]]:
    """The checks every fault test ends with. A final sync of every counter (the agent, in
    its own process) must leave its outbox empty and its checksums equal to head office's;
    then, comparing the counters' files with head office's database:

    - every op the counter holds as done is on head office exactly once (``applied_ops``
      keyed by counter and op id, same payload hash); every local sale whose op is done is
      one head-office sale with the same ticket numbers, and head office holds no sale of
      the counter that the counter does not hold as done;
    - every op the counter holds as rejected is on its attention list, never silently
      dropped; head office has it as rejected, not at all (a bad envelope), or, for
      ``op_id_reused``, as the original it kept;
    - no cabin is oversold (``sold + granted <= capacity``), no lease uses more than it was
      granted and each lease's ``used`` equals the seats of the live sales made from it;
    - ticket numbers (and receipt serials) are unique at head office and across counters,
      and every ticket of a sale head office took is recorded as used by that counter.

    Returns each counter's status (``counter_agent.status`` plus ``final_cycles``)."""
    result = run_agent("check", list(counter_data_dirs), base_url, "--max-seconds",
                       str(max_seconds), timeout=max_seconds * len(counter_data_dirs) + 60)
    counters: list[dict[str, Any]] = result["counters"]
    ho = Database.from_url(ho_url)
    try:
        all_local_tickets: list[str] = []
        for c in counters:
            where = c["data_dir"]
            cycles = c["final_cycles"]
            assert cycles, f"{where}: no final sync cycle"
            last = cycles[-1]
            assert last["ok"], f"{where}: the final sync failed: {last['error']}"
            assert last["checksum_ok"] is True, f"{where}: checksums differ: {last}"
            assert c["pending"] == 0, f"{where}: {c['pending']} ops still pending"
            counter_id = c["counter_id"]
            assert counter_id, f"{where}: not enrolled"
            _check_counter(ho, c)
            for b in c["bookings"]:
                all_local_tickets.extend(b["tickets"])
        dupes = [n for n, k in Counter(all_local_tickets).items() if k > 1]
        assert not dupes, f"ticket numbers used twice across counters: {dupes[:5]}"
        _check_inventory(ho)
    finally:
        ho.dispose()
    return counters


def _check_counter(ho: Database, c: dict[str, Any]) -> None:
    where = c["data_dir"]
    counter_id = c["counter_id"]
    ops = {e["op_id"]: e for e in c["outbox"]}
    done = {i: e for i, e in ops.items() if e["state"] == "done"}
    rejected = {i: e for i, e in ops.items() if e["state"] == "rejected"}
    assert set(done) | set(rejected) == set(ops), f"{where}: ops in an unknown state"
    for lease in c["leases"]:
        assert 0 <= lease["used_local"] <= lease["granted"], f"{where}: lease {lease}"
    attention_ops = {a["op_id"] for a in c["attention"] if a["kind"] == "rejected_op"}
    missing = set(rejected) - attention_ops
    assert not missing, f"{where}: rejected ops not on the attention list: {missing}"
    with ho.read() as session:
        stored = {
            r.op_id: r for r in session.scalars(
                select(AppliedOp).where(AppliedOp.counter_id == counter_id))
        }
        sales = {s.id: s for s in session.scalars(select(Sale).where(Sale.counter_id ==
                                                                      counter_id))}
        tickets: dict[str, list[str]] = {}
        for sale_id, number in session.execute(
            select(SaleTicket.sale_id, SaleTicket.ticket_number)
            .join(Sale, Sale.id == SaleTicket.sale_id).where(Sale.counter_id == counter_id)
        ):
            tickets.setdefault(sale_id, []).append(number)
        used = {
            (u.prefix, u.number): u.counter_id for u in session.scalars(
                select(UsedNumber).where(UsedNumber.kind == "ticket",
                                         UsedNumber.counter_id == counter_id))
        }
    for op_id, e in done.items():
        row = stored.get(op_id)
        assert row is not None, f"{where}: done op {op_id} ({e['kind']}) unknown at head office"
        assert row.status == "applied", f"{where}: done op {op_id} is {row.status} there"
        assert row.payload_hash == e["payload_hash"], f"{where}: op {op_id} differs there"
    reused: set[str] = set()
    for op_id, e in rejected.items():
        row = stored.get(op_id)
        if row is None:
            continue
        if e["last_code"] == "op_id_reused":
            assert row.payload_hash != e["payload_hash"], f"{where}: {op_id} not a reuse"
            reused.add(op_id)
        else:
            assert row.status == "rejected", f"{where}: rejected op {op_id} applied there"
    applied_there = {op_id for op_id, r in stored.items() if r.status == "applied"}
    assert applied_there == set(done) | reused, (
        f"{where}: head office applied ops the counter does not hold as done: "
        f"{sorted(applied_there - set(done) - reused)[:5]}; "
        f"done here, not applied there: {sorted(set(done) - applied_there)[:5]}"
    )
    # Sales: each committed sale exactly once, with the same tickets.
    issue_ops = [e for e in ops.values() if e["kind"] == "sale.issue"]
    by_sale = Counter(e["sale_id"] for e in issue_ops)
    assert all(k == 1 for k in by_sale.values()), f"{where}: a sale queued twice"
    bookings = {b["id"]: b for b in c["bookings"]}
    assert set(by_sale) == set(bookings), f"{where}: sales and their ops do not match"
    taken = {e["sale_id"] for e in issue_ops if e["op_id"] in done or e["op_id"] in reused}
    assert set(sales) == taken, (
        f"{where}: head office sales {len(sales)} vs sales it took {len(taken)}: "
        f"extra {sorted(set(sales) - taken)[:3]}, missing {sorted(taken - set(sales))[:3]}"
    )
    for sale_id in taken:
        assert sorted(tickets.get(sale_id, [])) == sorted(bookings[sale_id]["tickets"]), (
            f"{where}: sale {sale_id} has other tickets at head office"
        )
        for number in bookings[sale_id]["tickets"]:
            prefix, serial = number.split("-")
            assert used.get((prefix, int(serial))) == counter_id, (
                f"{where}: ticket {number} is not recorded as used by this counter"
            )
    voided = {e["sale_id"] for e in ops.values() if e["kind"] == "sale.void"
              and e["op_id"] in done}
    for sale_id in taken:
        assert (sales[sale_id].status == "void") == (sale_id in voided), (
            f"{where}: sale {sale_id} void here and there disagree"
        )


def _check_inventory(ho: Database) -> None:
    with ho.read() as session:
        oversold = session.execute(
            select(CabinInventory.flight_id, CabinInventory.cabin).where(
                (CabinInventory.sold + CabinInventory.granted > CabinInventory.capacity)
                | (CabinInventory.sold < 0) | (CabinInventory.granted < 0))
        ).all()
        assert not oversold, f"oversold cabins: {oversold[:5]}"
        leases = session.scalars(select(SeatLease)).all()
        seats_from: dict[str, int] = {}
        for lease_id, seats in session.execute(
            select(Sale.lease_id, func.sum(Sale.seats))
            .where(Sale.source == "lease", Sale.status != "void")
            .group_by(Sale.lease_id)
        ):
            seats_from[str(lease_id)] = int(seats or 0)
        for lease in leases:
            assert 0 <= lease.used <= lease.granted, f"lease {lease.id} uses {lease.used}"
            assert lease.used == seats_from.get(lease.id, 0), (
                f"lease {lease.id}: used {lease.used}, live sales from it "
                f"{seats_from.get(lease.id, 0)}"
            )
        # Per cabin: stock sales + what leases hold = sold + granted.
        held: dict[tuple[str, str], int] = {}
        for lease in leases:
            key = (lease.flight_id, lease.cabin)
            held[key] = held.get(key, 0) + (lease.granted if lease.status == "active"
                                            else lease.used)
        for (flight_id, cabin), seats in held.items():
            row = session.get(CabinInventory, (flight_id, cabin))
            assert row is not None
            assert row.granted == seats, (
                f"{flight_id}/{cabin}: granted {row.granted}, leases hold {seats}"
            )
        twice = session.execute(
            select(SaleTicket.receipt_serial, func.count())
            .where(SaleTicket.receipt_serial.is_not(None))
            .group_by(SaleTicket.receipt_serial).having(func.count() > 1)
        ).all()
        assert not twice, f"receipt serials used twice: {twice[:5]}"
