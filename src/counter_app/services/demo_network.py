"""The demo's own head office: started beside the counter so a newcomer sees sync working
without setting anything up (``bash scripts/demo``).

The head office runs as a separate process (``counter-headoffice serve``) on SQLite in the
demo data folder; on first start it is initialised with the demo data, and the counter is
enrolled for the 呼和浩特 post office with a one-time code it asks the CLI for, exactly as
a real counter would be enrolled by hand.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import httpx

from counter_app.storage.db import Store
from counter_app.sync.credentials import CredentialStore
from counter_app.sync.status import BASE_URL, COUNTER_ID, get_setting, set_setting

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


def _cli(database_url: str, *args: str, log: Path) -> str:
    with log.open("ab") as sink:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "counter_app.headoffice.cli",
                *args,
                "--database-url",
                database_url,
            ],
            stdout=subprocess.PIPE,
            stderr=sink,
            check=False,
            timeout=600,
        )
    if done.returncode != 0:
        raise DemoHeadOfficeError(f"counter-headoffice {args[0]} failed; see {log}")
    return done.stdout.decode()


def _free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise DemoHeadOfficeError("no free port for the demo head office")


def start_demo_head_office(folder: Path, today: date, timeout: float = 60.0) -> DemoHeadOffice:
    """Initialise (first time) and start the demo head office; returns when it answers."""
    folder.mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{folder / 'headoffice.sqlite3'}"
    log = folder / "headoffice.log"
    marker = folder / "demo-loaded"
    if not marker.exists():
        _cli(database_url, "init-db", log=log)
        _cli(database_url, "load", "--demo", "--today", today.isoformat(), log=log)
        marker.write_text(today.isoformat())
    port = _free_port(DEMO_PORT)
    sink = log.open("ab")
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
        ],
        stdout=sink,
        stderr=sink,
    )
    sink.close()
    base_url = f"http://127.0.0.1:{port}"
    head_office = DemoHeadOffice(process, base_url, database_url, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DemoHeadOfficeError(f"the demo head office stopped; see {log}")
        try:
            if httpx.get(f"{base_url}/api/v1/health", timeout=1.0).status_code == 200:
                return head_office
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    head_office.stop()
    raise DemoHeadOfficeError(f"the demo head office did not answer in time; see {log}")


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
    output = _cli(head_office.database_url, "enroll", "--outlet", outlet, log=head_office.log_path)
    code = output.strip().splitlines()[-1].strip()
    with HeadOfficeClient(head_office.base_url, credentials) as client:
        enroll_counter(store, client, code, counter_name, head_office.base_url, credentials, now)
