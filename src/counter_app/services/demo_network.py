"""The demo's own head office: started beside the counter so a newcomer sees sync working
without setting anything up (``bash scripts/demo``).

The head office runs as a separate process (``counter-headoffice serve``) on SQLite in the
demo data folder; on first start the same process loads the demo data before it serves, and
the counter is enrolled for the 呼和浩特 post office with a one-time code made as
``counter-headoffice enroll`` makes it, as a real counter would be enrolled by hand.

The head office lives only as long as the counter that started it: that counter stops it
when it quits (Ctrl+Q, or SIGTERM/SIGHUP/SIGINT, which the window turns into a clean quit),
and the head office watches that counter's process id and stops itself when the counter is
gone without a word (SIGKILL, a crash).

Several demo counters (``counter-app --demo --outlet SZX001``, ``--outlet HET000`` ...) share
ONE head office folder. Once the head office answers, the counter that started it writes
``running.json`` (its URL and process id) into the folder and removes it when it stops the
head office. A counter starting later finds that file, checks the process lives and answers
``/health``, and then uses that head office instead of starting a second one; it does not
stop it when it quits. A stale file (the process gone, or not answering) is ignored and
overwritten. Two counters started in the very same second may still both start one: the
file is a convenience, not a lock.
"""

from __future__ import annotations

import json
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


RUNNING_FILE = "running.json"


@dataclass
class DemoHeadOffice:
    """A demo head office this counter talks to. ``process`` is None when another demo
    counter started it (found through ``running.json``): then ``stop`` leaves it running."""

    process: subprocess.Popen[bytes] | None
    base_url: str
    database_url: str
    log_path: Path
    pid: int = 0

    @property
    def owned(self) -> bool:
        """Started by this counter (which stops it when it quits)."""
        return self.process is not None

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None:
            return  # another counter's: that counter stops it
        forget_running(self.log_path.parent, self.process.pid)
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)


def _database_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'headoffice.sqlite3'}"


def record_running(folder: Path, base_url: str, pid: int) -> None:
    """Say in ``folder`` that its head office runs at ``base_url`` as process ``pid``."""
    path = folder / RUNNING_FILE
    spare = path.with_suffix(".tmp")
    spare.write_text(json.dumps({"base_url": base_url, "pid": pid}), encoding="utf-8")
    spare.replace(path)


def forget_running(folder: Path, pid: int) -> None:
    """Remove ``running.json`` when it names process ``pid`` (not a later head office's)."""
    path = folder / RUNNING_FILE
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == pid:
            path.unlink()
    except (OSError, ValueError, AttributeError):
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def running_head_office(folder: Path, timeout: float = 2.0) -> DemoHeadOffice | None:
    """The head office another demo counter started for ``folder``, when its
    ``running.json`` names a live process that answers ``/health``; else None (a stale
    file is ignored)."""
    try:
        found = json.loads((folder / RUNNING_FILE).read_text(encoding="utf-8"))
        base_url, pid = str(found["base_url"]), int(found["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if pid <= 0 or not _alive(pid) or not base_url.startswith("http://127.0.0.1:"):
        return None
    try:
        with httpx.Client(timeout=timeout) as http:
            if http.get(f"{base_url}/api/v1/health").status_code != 200:
                return None
    except httpx.HTTPError:
        return None
    return DemoHeadOffice(None, base_url, _database_url(folder), folder / "headoffice.log", pid)


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
    runs, so the caller can stop it even before it answers. When another demo counter's
    head office already runs for ``folder``, that one is returned (not owned; no
    ``on_started``)."""
    folder.mkdir(parents=True, exist_ok=True)
    shared = running_head_office(folder)
    if shared is not None:
        log.info("demo head office pid %s at %s (started by another counter)",
                 shared.pid, shared.base_url)
        return shared
    database_url = _database_url(folder)
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
    head_office = DemoHeadOffice(process, base_url, database_url, log_path, process.pid)
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
                    record_running(folder, base_url, process.pid)
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
