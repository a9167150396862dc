"""Several connected demo counters share ONE demo head office (``counter-app --demo
--outlet CODE``): the first start runs the head office and records it in its folder
(``running.json``), a later start for another outlet finds it answering and uses it, only
the counter that started it stops it; a stale record is ignored. (The command line,
``--outlet`` and the folders: tests/gui/test_demo_outlet_args.py.)

Real head-office processes; the head office's database is loaded beforehand with 3 days of
flights (not the demo's 65), so each start is a few seconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from clock_support import NOW, TODAY
from counter_app.kernel.clock import FixedClock
from counter_app.services.demo_network import (
    RUNNING_FILE,
    DemoHeadOffice,
    record_running,
    running_head_office,
    start_demo_head_office,
)
from counter_app.services.startup import StartupResult, start_connected_demo
from counter_app.storage.models import Clerk
from counter_app.sync.credentials import MemoryCredentialStore

ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def _answers(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/api/v1/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="module")
def loaded_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo head office folder whose database already holds the demo data (3 days of
    flights), marked as loaded so that the demo does not load it again."""
    folder = tmp_path_factory.mktemp("one_demo") / "headoffice"
    folder.mkdir()
    url = f"sqlite:///{folder / 'headoffice.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-m", "counter_app.headoffice.cli", "load", "--demo", "--today",
         TODAY.isoformat(), "--days", "3", "--database-url", url],
        capture_output=True, text=True, encoding="utf-8", timeout=300, check=False, env=ENV,
    )
    assert done.returncode == 0, done.stderr
    (folder / "demo-loaded").write_text(TODAY.isoformat())
    return folder


@pytest.fixture
def stopped_after() -> Iterator[list[DemoHeadOffice]]:
    """Head offices to stop whatever the test did (a failed assertion included)."""
    started: list[DemoHeadOffice] = []
    yield started
    for head_office in started:
        head_office.stop()


def test_second_start_reuses_the_running_head_office_and_only_the_first_stops_it(
    loaded_folder: Path, stopped_after: list[DemoHeadOffice]
) -> None:
    first = start_demo_head_office(loaded_folder, TODAY)
    stopped_after.append(first)
    assert first.owned
    assert first.process is not None
    recorded = json.loads((loaded_folder / RUNNING_FILE).read_text(encoding="utf-8"))
    assert recorded == {"base_url": first.base_url, "pid": first.process.pid}

    second = start_demo_head_office(loaded_folder, TODAY)
    assert not second.owned
    assert second.process is None
    assert (second.base_url, second.pid) == (first.base_url, first.process.pid)

    second.stop()  # the reusing counter quits: the head office goes on
    assert first.process.poll() is None
    assert _answers(first.base_url)
    assert (loaded_folder / RUNNING_FILE).exists()

    first.stop()  # the counter that started it quits: it stops, and its record goes
    assert first.process.poll() is not None
    assert not (loaded_folder / RUNNING_FILE).exists()
    assert running_head_office(loaded_folder) is None


def test_a_stale_record_is_ignored(
    loaded_folder: Path, stopped_after: list[DemoHeadOffice]
) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    record_running(loaded_folder, "http://127.0.0.1:9", gone.pid)  # dead process
    assert running_head_office(loaded_folder) is None
    record_running(loaded_folder, "http://127.0.0.1:9", os.getpid())  # alive, not answering
    assert running_head_office(loaded_folder) is None
    (loaded_folder / RUNNING_FILE).write_text("{not json", encoding="utf-8")
    assert running_head_office(loaded_folder) is None

    fresh = start_demo_head_office(loaded_folder, TODAY)
    stopped_after.append(fresh)
    assert fresh.owned
    assert fresh.process is not None
    found = running_head_office(loaded_folder)
    assert found is not None
    assert found.pid == fresh.process.pid
    fresh.stop()
    assert not (loaded_folder / RUNNING_FILE).exists()


def _clerks(result: StartupResult) -> set[str]:
    with result.store.read() as session:
        return set(session.scalars(select(Clerk.login)))


def test_het001_and_szx001_counters_share_one_head_office(
    loaded_folder: Path, tmp_path: Path, stopped_after: list[DemoHeadOffice]
) -> None:
    clock = FixedClock(NOW)
    handed: list[DemoHeadOffice] = []
    first = start_connected_demo(
        tmp_path / "demo", TODAY, MemoryCredentialStore(), clock,
        on_head_office=handed.append, head_office_dir=loaded_folder,
    )
    try:
        assert first.head_office is not None
        assert first.head_office.owned
        stopped_after.append(first.head_office)
        second = start_connected_demo(
            tmp_path / "demo-SZX001", TODAY, MemoryCredentialStore(), clock,
            outlet="SZX001", on_head_office=handed.append, head_office_dir=loaded_folder,
        )
        try:
            assert second.head_office is not None
            assert not second.head_office.owned
            assert second.head_office.base_url == first.head_office.base_url
            assert [h.base_url for h in handed] == [first.head_office.base_url] * 2
            assert second.notes == []
            assert first.notes == []
            # Each counter is enrolled for its own outlet and pulled that outlet's clerks.
            assert "wangli" in _clerks(first)
            assert "linxiaoyu" not in _clerks(first)
            assert {"linxiaoyu", "huangwei"} <= _clerks(second)
            assert "wangli" not in _clerks(second)
        finally:
            second.store.close()
        second.head_office.stop()  # the GP counter quits
        assert first.head_office.process is not None
        assert first.head_office.process.poll() is None
        assert _answers(first.head_office.base_url)
    finally:
        first.store.close()
    first.head_office.stop()
    assert first.head_office.process.poll() is not None
    assert not (loaded_folder / RUNNING_FILE).exists()
