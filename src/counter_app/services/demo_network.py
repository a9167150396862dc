"""The demo's own head office: started beside the counter so a newcomer sees sync working
without setting anything up (``bash scripts/demo``).

The head office runs as a separate process (``counter-headoffice serve``) on SQLite in the
demo data folder; on first start the same process loads the demo data before it serves, and
the counter is enrolled for the 呼和浩特 post office with a one-time code made as
``counter-headoffice enroll`` makes it, as a real counter would be enrolled by hand.

The head office lives only as long as the counter: the counter stops it when it quits
(Ctrl+Q, or SIGTERM/SIGHUP/SIGINT, which the window turns into a clean quit), and the head
office watches the counter's process id and stops itself when the counter is gone without
a word (SIGKILL, a crash).
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import httpx

from counter_app.storage.db import Store
from counter_app.sync.credentials import CredentialStore
from counter_app.sync.status import BASE_URL, COUNTER_ID, get_setting, set_setting

log = logging.getLogger(__name__)

DEMO_OUTLET = "HET001"
DEMO_PORT = 8765


class DemoHeadOfficeError(RuntimeError):
    """The demo head office did not start; the message says where its log is."""


@dataclass
class DemoHeadOffice:
    process: subprocess.Popen[bytes]
    base_url: str
    database_url: str
    log_path: Path

    def stop(self, timeout: float = 10.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)


def _free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise DemoHeadOfficeError("no free port for the demo head office")


def start_demo_head_office(
    folder: Path,
    today: date,
    timeout: float = 300.0,
    on_started: Callable[[DemoHeadOffice, bool], None] | None = None,
) -> DemoHeadOffice:
    """Start the demo head office (the first time, loading its demo data first); returns
    when it answers. ``on_started(head_office, loading)`` is called as soon as the process
    runs, so the caller can stop it even before it answers."""
    folder.mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{folder / 'headoffice.sqlite3'}"
    log_path = folder / "headoffice.log"
    marker = folder / "demo-loaded"
    loading = not marker.exists()
    load = ["--load-demo", "--today", today.isoformat()] if loading else []
    port = _free_port(DEMO_PORT)
    sink = log_path.open("ab")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "counter_app.headoffice.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--database-url",
            database_url,
            "--log-level",
            "warning",
            "--parent-pid",
            str(os.getpid()),
            *load,
        ],
        stdout=sink,
        stderr=sink,
    )
    sink.close()
    base_url = f"http://127.0.0.1:{port}"
    head_office = DemoHeadOffice(process, base_url, database_url, log_path)
    log.info("demo head office pid %s at %s%s", process.pid, base_url,
             " (loading its demo data)" if loading else "")
    if on_started is not None:
        on_started(head_office, loading)
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=1.0) as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise DemoHeadOfficeError(f"the demo head office stopped; see {log_path}")
            try:
                if http.get(f"{base_url}/api/v1/health").status_code == 200:
                    if loading:
                        marker.write_text(today.isoformat())
                    return head_office
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
    head_office.stop()
    raise DemoHeadOfficeError(f"the demo head office did not answer in time; see {log_path}")


def enrollment_code(head_office: DemoHeadOffice, outlet: str, now: datetime) -> str:
    """A one-time code for ``outlet``, made as ``counter-headoffice enroll`` makes it, in
    this process (the command line would cost a second more of Python start-up)."""
    from counter_app.headoffice import auth
    from counter_app.headoffice.db import Database

    db = Database.from_url(head_office.database_url)
    try:
        with db.write() as session:
            return auth.create_enrollment_code(session, outlet, now)
    finally:
        db.dispose()


def ensure_enrolled(
    store: Store,
    head_office: DemoHeadOffice,
    credentials: CredentialStore,
    now: datetime,
    counter_name: str = "演示柜台",
    outlet: str = DEMO_OUTLET,
) -> None:
    """Enroll the demo counter once (for ``outlet``); later starts only point it at this
    run's port."""
    from counter_app.sync.client import HeadOfficeClient
    from counter_app.sync.enroll import enroll_counter

    with store.read() as session:
        enrolled = get_setting(session, COUNTER_ID) is not None
    existing = credentials.load() if enrolled else None
    if existing is not None:
        if existing.base_url != head_office.base_url:
            from dataclasses import replace

            credentials.save(replace(existing, base_url=head_office.base_url))
            with store.unit_of_work() as session:
                set_setting(session, BASE_URL, head_office.base_url)
        return
    code = enrollment_code(head_office, outlet, now)
    with HeadOfficeClient(head_office.base_url, credentials) as client:
        enroll_counter(store, client, code, counter_name, head_office.base_url, credentials, now)
