"""A real first run: a counter that is not enrolled, in an empty data folder, beside a real
head-office process (``counter-headoffice serve`` on its own loaded database).

It opens on its enrollment over the login window (nobody can log in yet); the connection
test answers; the one-time code from ``counter-headoffice enroll`` enrolls it; the first pull
shows how far it has got; then the outlet's clerk logs in, and the start-up text is gone.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from gui_support import NOW, TODAY
from PySide6.QtCore import Qt

from counter_app.gui.app import CounterApp, build_context
from counter_app.gui.settings import Preferences
from counter_app.kernel.clock import FixedClock

pytestmark = pytest.mark.slow


def _cli(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "counter_app.headoffice.cli", *args],
        capture_output=True, text=True, encoding="utf-8", timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def head_office(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(address, database URL) of a running head office with the demo data (3 days)."""
    url = f"sqlite:///{tmp_path / 'ho.sqlite3'}"
    _cli("load", "--demo", "--today", TODAY.isoformat(), "--days", "3", "--database-url", url)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = (tmp_path / "ho.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "counter_app.headoffice.cli", "serve", "--port", str(port),
         "--database-url", url, "--log-level", "warning"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "ho.log").read_text()
            try:
                if httpx.get(address + "/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "head office did not answer"
            time.sleep(0.1)
        yield address, url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_first_run_enrolls_pulls_then_the_outlets_clerk_logs_in(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, head_office: tuple[str, str]
) -> None:
    address, database_url = head_office
    code = _cli("enroll", "--outlet", "HET001", "--database-url", database_url).split()[-1]
    folder = tmp_path / "counter"
    ctx = build_context(folder, demo=False, clock=FixedClock(NOW))
    app = CounterApp(ctx, Preferences(folder))
    app.start()
    try:
        login = app.login_dialog
        assert login is not None
        qtbot.addWidget(login)
        # Not enrolled: it opens on the enrollment, and nobody can log in yet.
        qtbot.waitUntil(lambda: app.enroll_dialog is not None, timeout=30000)
        enroll = app.enroll_dialog
        assert enroll is not None
        qtbot.waitUntil(enroll.isVisible, timeout=5000)
        assert not login.login_button.isEnabled()
        assert login.enroll_button.isVisible()
        assert "尚未登记" in login.message.text()

        enroll.url_edit.setText(address)
        qtbot.mouseClick(enroll.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "总部已响应" in enroll.message.text(), timeout=10000)

        enroll.code_edit.setText(code)
        enroll.name_edit.setText("First counter")
        enroll.file_choice.setChecked(True)  # no OS keyring on a test machine
        enroll.passphrase_edit.setText("first-run-passphrase")
        steps: list[str] = []
        app.ctx.runner._progress.connect(lambda _t, done, total, step: steps.append(step))
        qtbot.mouseClick(enroll.enroll_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not enroll.isVisible(), timeout=20000)

        # The first pull, with how far it has got, then the login.
        qtbot.waitUntil(login.login_button.isEnabled, timeout=120000)
        assert "pull" in steps
        assert steps[-1] == "ready"
        assert login.message.text() == ""  # no start-up text left behind
        assert not login.progress.isVisible()
        assert not login.enroll_button.isVisible()
        assert app.ctx.places is not None
        assert app.ctx.places.airport("HET") is not None

        login.login_edit.setText("wangli")
        login.password_edit.setText("demo1234")
        qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: app.main_window is not None, timeout=20000)
        window = app.main_window
        assert window is not None
        qtbot.addWidget(window)
        assert app.ctx.clerk is not None
        assert app.ctx.clerk.outlet_code == "HET001"
        window.close()
    finally:
        app.shutdown()


def test_a_counter_not_enrolled_can_reopen_its_enrollment(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "counter"
    ctx = build_context(folder, demo=False, clock=FixedClock(NOW))
    app = CounterApp(ctx, Preferences(folder))
    app.start()
    try:
        login = app.login_dialog
        assert login is not None
        qtbot.addWidget(login)
        qtbot.waitUntil(lambda: app.enroll_dialog is not None, timeout=30000)
        first = app.enroll_dialog
        assert first is not None
        qtbot.waitUntil(first.isVisible, timeout=5000)
        first.reject()  # closed without enrolling
        assert not login.login_button.isEnabled()
        qtbot.mouseClick(login.enroll_button, Qt.MouseButton.LeftButton)
        again = app.enroll_dialog
        assert again is not None
        assert again is not first
        qtbot.waitUntil(again.isVisible, timeout=5000)
        again.reject()
    finally:
        app.shutdown()
