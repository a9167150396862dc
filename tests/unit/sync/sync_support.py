"""Helpers for the sync tests: a real head office served over real HTTP in a thread, a small
scripted HTTP server for the client's error mapping, a transport that loses responses, and
valid resident ID numbers."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import uvicorn

import clock_support
from counter_app.domain.ids import resident_id_check_char
from counter_app.headoffice import auth
from counter_app.headoffice.db import Database
from counter_app.kernel.clock import FixedClock
from counter_app.storage.db import Store
from counter_app.sync.client import HeadOfficeClient
from counter_app.sync.credentials import MemoryCredentialStore
from counter_app.sync.engine import SyncEngine

# The suite's one "today" (tests/clock_support.py): 09:00 Beijing on the real date.
NOW = clock_support.NOW
TODAY = clock_support.TODAY
OUTLET = "HET001"
CLERK_LOGIN = "wangli"  # a clerk of HET001


def resident_id(birth: date, serial: str = "001", region: str = "150102") -> str:
    """A valid 18-character resident ID number for someone born on ``birth``."""
    first17 = f"{region}{birth:%Y%m%d}{serial}"
    return first17 + resident_id_check_char(first17)


# --- a real ASGI app on a real socket ---------------------------------------------------


class AppServer:
    """Serves an ASGI app with uvicorn on 127.0.0.1 in a daemon thread; can be stopped and
    started again on the same port (a head office going down and coming back)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app, log_level="warning", lifespan="off", ws="none", access_log=False
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("head office did not start")
            time.sleep(0.01)
        self._server, self._thread = server, thread

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
        self._server = self._thread = None


# --- a scripted plain HTTP server ------------------------------------------------------------


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    delay: float = 0.0
    raw: bytes | None = None


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class ScriptedServer:
    """Answers each request with the next scripted :class:`Reply` (or a callable of the
    request), and records what it received."""

    replies: list[Reply | Callable[[Seen], Reply]] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        script = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                request = Seen(
                    self.command,
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    json.loads(raw) if raw else None,
                )
                script.seen.append(request)
                step = script.replies.pop(0) if script.replies else Reply(500, {"code": "x"})
                reply = step(request) if callable(step) else step
                if reply.delay:
                    time.sleep(reply.delay)
                data = reply.raw if reply.raw is not None else json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = _answer  # noqa: N815
            do_POST = _answer  # noqa: N815

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def free_port() -> int:
    """A port nothing listens on (bound and released at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- a transport that can lose answers -----------------------------------------------------


class LossyTransport(httpx.HTTPTransport):
    """Real HTTP, but can be told to lose the answer of the next request whose path ends
    with a given suffix: head office has done the work, the counter sees a timeout (the
    classic way duplicates are born)."""

    def __init__(self) -> None:
        super().__init__()
        self.lose_next: str | None = None
        self.lost = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if self.lose_next is not None and request.url.path.endswith(self.lose_next):
            self.lose_next = None
            self.lost += 1
            response.read()
            response.close()
            raise httpx.ReadTimeout("answer lost on the way back", request=request)
        return response


# --- what the fixtures hand to tests ------------------------------------------------------


@dataclass
class SaleSetup:
    store: Store
    flight_id: str
    carrier: str
    prefix: str
    lease_id: str
    clerk_id: str
    clerk_login: str
    outlet_code: str
    first_number: int


@dataclass
class HeadOffice:
    db: Database
    clock: FixedClock
    server: AppServer

    @property
    def url(self) -> str:
        return self.server.url

    def enrollment_code(self, outlet: str = OUTLET) -> str:
        with self.db.write() as session:
            return auth.create_enrollment_code(session, outlet, self.clock.now())


@dataclass
class Counter:
    store: Store
    credentials: MemoryCredentialStore
    transport: LossyTransport
    client: HeadOfficeClient
    engine: SyncEngine
    clock: FixedClock
    counter_id: str
