"""The head-office HTTP service: ``create_app(engine_or_url, clock=None) -> FastAPI``.

Thin routers (``routers/``) call the modules that hold the rules (``auth``, ``apply``,
``inventory``, ``changes``). Every 4xx/5xx body is a ``protocol.ErrorBody``; bodies larger
than ``protocol.MAX_BODY_BYTES`` are refused with 413 ``too_large`` before they are read
into memory; the OpenAPI document is at ``/openapi.json``.

Handlers are plain functions run on the server's thread pool; each opens its own unit of
work (``Database.read`` / ``Database.write``), so there is no session shared between
requests. A route names what it needs as typed dependencies (``deps.py``: the
:class:`HeadOffice`, the time now, the authenticated counter).

``serve`` keeps access tokens found valid for :data:`AUTH_CACHE_TTL` (5 s) per process
(:class:`TokenCache`), so most requests do not read the database to authenticate: a token
revoked or expired, or a counter disabled, is refused at most that long after, in every
process. ``create_app`` keeps none unless asked (``auth_cache``).

Several processes (``counter-headoffice serve --workers N``) each build their app with
:func:`app_from_env` from ``COUNTER_HO_*`` variables. Nothing a request depends on is kept
in a process: every rule (seat counts, leases, number ranges, the change-log order, the
per-counter push lock) is held by PostgreSQL rows and locks. What is per process is sized
per process: write admission (``write_slots`` in each process) and the connection pool
(``db.pg_connections_per_process``, so that all the pools together stay within
PostgreSQL's connections).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar
from urllib.parse import unquote_plus

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from counter_app.headoffice.auth import CounterIdentity, sha256
from counter_app.headoffice.db import (
    ENV_DATABASE_URL,
    Database,
    is_disconnect,
    is_transient,
    pg_connections_per_process,
    upgrade,
)
from counter_app.headoffice.errors import ApiError, error_response, install_handlers
from counter_app.kernel.clock import Clock, SystemClock
from counter_app.sync.protocol import MAX_BODY_BYTES, PROTOCOL_VERSION, text_fault

API_PREFIX = "/api/v1"
WRITE_ATTEMPTS = 3
# What a 503 tells the counter: try again in a few seconds.
RETRY_LATER = {"Retry-After": "5"}
PG_WRITE_SLOTS = 4
# What app_from_env reads (``serve`` sets them for its worker processes).
ENV_WORKERS = "COUNTER_HO_WORKERS"
ENV_LEASE_GRACE_MINUTES = "COUNTER_HO_LEASE_GRACE_MINUTES"
ENV_WRITE_SLOTS = "COUNTER_HO_WRITE_SLOTS"
# How long serve trusts an access token it found valid without asking the database again.
AUTH_CACHE_TTL = timedelta(seconds=5)
AUTH_CACHE_SIZE = 10_000

T = TypeVar("T")


class TokenCache:
    """Access tokens (by SHA-256) found valid, with the counter behind them, trusted until
    ``ttl`` has passed on the head office's clock. Per process and bounded (emptied when
    ``size`` entries are reached); ``ttl`` 0 keeps nothing."""

    def __init__(self, ttl: timedelta, size: int = AUTH_CACHE_SIZE) -> None:
        self.ttl = ttl
        self.size = size
        self._entries: dict[str, tuple[datetime, CounterIdentity]] = {}

    def get(self, token: str, now: datetime) -> CounterIdentity | None:
        if not self.ttl:
            return None
        key = sha256(token)
        entry = self._entries.get(key)
        if entry is None:
            return None
        until, identity = entry
        if now >= until:
            self._entries.pop(key, None)
            return None
        return identity

    def put(self, token: str, identity: CounterIdentity, now: datetime,
            expires_at: datetime | None = None) -> None:
        """Trust ``token`` for ``ttl``, and never past its own ``expires_at``."""
        if not self.ttl:
            return
        if len(self._entries) >= self.size:
            self._entries.clear()
        until = now + self.ttl
        if expires_at is not None:
            until = min(until, expires_at)
        self._entries[sha256(token)] = (until, identity)


@dataclass
class HeadOffice:
    """What the routers need: the database, the clock and the settings.

    Write units of work are admitted a few at a time (``write_slots``; one on SQLite,
    which has a single writer anyway). A thread that holds row locks must not then queue
    for the interpreter behind dozens of others: with every request thread writing at
    once, lock hold times (and so everyone's waits) grow with the number of threads.
    Waiting here costs nothing; reads are not limited. The slots are this process's: what
    they protect is this process's interpreter lock, so each of several processes has its
    own (dividing one total among the processes measured worse: uvicorn does not spread
    the counters' connections evenly, and the busiest process then queued behind one or
    two slots; bench/README.md). PostgreSQL's side is bounded by the connection pools."""

    db: Database
    clock: Clock
    lease_grace: timedelta = field(default=timedelta(0))
    write_slots: int = 0
    auth_cache: timedelta = field(default=timedelta(0))

    def __post_init__(self) -> None:
        if self.write_slots <= 0:
            self.write_slots = 1 if self.db.is_sqlite else PG_WRITE_SLOTS
        self._admit = threading.BoundedSemaphore(self.write_slots)
        self.tokens = TokenCache(self.auth_cache)

    def write(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in a write unit of work; a lock timeout, deadlock, "database is
        locked" or a lost database connection is retried, then answered 503 ``busy`` (or
        ``unavailable`` when the connection was lost) with ``Retry-After``."""
        lost = False
        for _attempt in range(WRITE_ATTEMPTS):
            try:
                with self._admit, self.db.write() as session:
                    return work(session)
            except DBAPIError as exc:
                if not is_transient(exc):
                    raise
                lost = is_disconnect(exc)
        raise _unavailable() if lost else ApiError(
            503, "busy", "head office is busy; try again shortly", headers=RETRY_LATER)

    def read(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in a read unit of work; a lost database connection is retried once,
        then answered 503 ``unavailable``."""
        for _attempt in range(2):
            try:
                with self.db.read() as session:
                    return work(session)
            except DBAPIError as exc:
                if not is_disconnect(exc):
                    raise
        raise _unavailable()


def _unavailable() -> ApiError:
    return ApiError(503, "unavailable", "head office lost its database connection; try again "
                    "shortly", headers=RETRY_LATER)


class PlainText:
    """Refuse a request whose path or query string, decoded, holds a NUL, another control
    character or a lone surrogate, with 400 ``bad_request`` naming it (``query: contains a
    NUL character (U+0000) at position 45``): such text would only reach the database,
    which refuses it. Bodies are the models' business (``protocol``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("query_string", b"").decode("latin-1")
            for where, text in (("path", scope.get("path", "")),
                                ("query", unquote_plus(raw, errors="replace"))):
                fault = text_fault(text, one_line=True)
                if fault is not None:
                    response = error_response(400, "bad_request", f"{where}: {fault}")
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413 ``too_large``: at once when
    Content-Length says so, else as soon as the streamed body passes the limit."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > self.limit:
                    await self._refuse(scope, receive, send, declared < 0)
                    return
        seen = 0
        refused = False

        async def limited() -> Message:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    # Answer now and tell the app the client went away, so it stops reading.
                    refused = True
                    await self._refuse(scope, receive, send, False)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not refused:
                await send(message)

        try:
            await self.app(scope, limited, guarded_send)
        except Exception:
            if not refused:
                raise

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, bad: bool) -> None:
        if bad:
            response = error_response(400, "bad_request", "Content-Length is not a number")
        else:
            response = error_response(
                413, "too_large", f"request body over {self.limit} bytes"
            )
        await response(scope, receive, send)


def create_app(
    engine_or_url: Engine | Database | str,
    clock: Clock | None = None,
    *,
    lease_grace: timedelta = timedelta(0),
    migrate: bool = False,
    write_slots: int = 0,
    auth_cache: timedelta = timedelta(0),
) -> FastAPI:
    """The head-office ASGI app on a database (an Engine, a Database or a URL);
    ``write_slots`` 0 is the database's default (:class:`HeadOffice`); ``auth_cache`` is
    how long a valid access token is trusted without the database (0: never)."""
    from counter_app.headoffice.routers import (
        enroll,
        health,
        inbox,
        inventory,
        officials,
        seats,
        sync,
    )

    if isinstance(engine_or_url, Database):
        db = engine_or_url
    elif isinstance(engine_or_url, str):
        db = Database.from_url(engine_or_url)
    else:
        db = Database(engine_or_url)
    if migrate:
        upgrade(db.engine)
    app = FastAPI(
        title="Counter head office",
        version=f"protocol {PROTOCOL_VERSION}",
        description="Sync, seat inventory and number ranges for air-ticket counters.",
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.headoffice = HeadOffice(db=db, clock=clock or SystemClock(),
                                      lease_grace=lease_grace, write_slots=write_slots,
                                      auth_cache=auth_cache)
    install_handlers(app)
    for module in (health, enroll, sync, inventory, seats, inbox, officials):
        app.include_router(module.router, prefix=API_PREFIX)
    app.add_middleware(PlainText)
    app.add_middleware(BodyLimit)
    return app


def app_from_env() -> FastAPI:
    """The app of one serving process, from the environment (the factory ``serve --workers``
    gives uvicorn): ``COUNTER_HO_DATABASE_URL``, ``COUNTER_HO_WORKERS`` (how many processes
    share the database: sizes this one's pool), ``COUNTER_HO_LEASE_GRACE_MINUTES`` and
    ``COUNTER_HO_WRITE_SLOTS`` (this process's). The schema must already be migrated
    (``serve`` does it before). Access tokens are trusted for :data:`AUTH_CACHE_TTL` once
    found valid."""
    url = os.environ.get(ENV_DATABASE_URL)
    if not url:
        raise RuntimeError(f"{ENV_DATABASE_URL} is not set")
    processes = max(1, int(os.environ.get(ENV_WORKERS) or 1))
    db = Database.from_url(url, pg_connections_per_process(processes))
    slots = int(os.environ.get(ENV_WRITE_SLOTS) or PG_WRITE_SLOTS)
    return create_app(
        db, lease_grace=timedelta(minutes=int(os.environ.get(ENV_LEASE_GRACE_MINUTES) or 0)),
        write_slots=0 if db.is_sqlite else slots,
        auth_cache=AUTH_CACHE_TTL,
    )

