"""GUI test fixtures: a Qt application set up like the real one (bundled fonts, Chinese
translations), and a counter data folder with the demo data, fresh for every test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_support import NOW, TODAY
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.gui.app import CounterApp, build_context
from counter_app.gui.collector import GarbageCollector
from counter_app.gui.fonts import register_fonts
from counter_app.gui.i18n import install_translators
from counter_app.gui.main_window import MainWindow
from counter_app.gui.settings import Preferences
from counter_app.kernel.clock import FixedClock
from counter_app.paths import database_path
from counter_app.sync.credentials import MemoryCredentialStore


@pytest.fixture(scope="session", autouse=True)
def _qt_setup(qapp: QApplication) -> Iterator[None]:
    translators = install_translators(qapp, "zh_CN")
    register_fonts(qapp)
    collector = GarbageCollector(qapp)  # as the application does: collect on the GUI thread
    yield
    collector.stop()
    for t in translators:
        qapp.removeTranslator(t)


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo database built once per session (passwords hashed, schedule loaded)."""
    from counter_app.services.startup import start_counter

    folder = tmp_path_factory.mktemp("demo-template")
    result = start_counter(folder, demo=True, today=TODAY)
    result.store.close()
    return database_path(folder)


@pytest.fixture
def data_dir(tmp_path: Path, demo_database: Path) -> Path:
    """A fresh copy of the demo database for this test."""
    folder = tmp_path / "counter"
    folder.mkdir()
    shutil.copy(demo_database, database_path(folder))
    return folder


@pytest.fixture
def counter(qtbot, data_dir: Path, clock: FixedClock) -> Iterator[CounterApp]:  # type: ignore[no-untyped-def]
    """The counter started as ``counter-app --demo`` would, waiting at the login dialog."""
    ctx = build_context(data_dir, demo=True, clock=clock)
    ctx.credentials = MemoryCredentialStore()  # the OS keyring is the edge of the world
    app = CounterApp(ctx, Preferences(data_dir))
    app.start()
    assert app.login_dialog is not None
    qtbot.addWidget(app.login_dialog)
    qtbot.waitUntil(lambda: ctx.store is not None or app.start_error is not None, timeout=20000)
    yield app
    if app.main_window is not None:
        app.main_window.close()
    app.shutdown()


@pytest.fixture
def log_in(qtbot, counter: CounterApp):  # type: ignore[no-untyped-def]
    """Log in through the dialog like a clerk; returns the main window."""

    def do(login: str = "wangli", password: str = "demo1234") -> MainWindow:
        dialog = counter.login_dialog
        assert dialog is not None
        dialog.login_edit.setText(login)
        dialog.password_edit.setText(password)
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: counter.main_window is not None, timeout=10000)
        window = counter.main_window
        assert window is not None
        qtbot.addWidget(window)
        return window

    return do


@pytest.fixture
def selling(data_dir: Path) -> Path:
    """The demo store as a HET001 counter holds it after a sync: leases of 9 economy seats
    on every HET→PEK flight of the next two weeks and a ticket range per airline prefix
    (head office grants them; here they are written straight into the copy)."""
    from datetime import timedelta

    from sqlalchemy import select

    from counter_app.storage.db import open_store
    from counter_app.storage.models import Airline, Flight, Lease, NumberRange

    store = open_store(database_path(data_dir))
    try:
        with store.unit_of_work() as session:
            expires = NOW.replace(tzinfo=None) + timedelta(days=30)
            flights = session.scalars(
                select(Flight).where(
                    Flight.origin == "HET",
                    Flight.destination == "PEK",
                    Flight.dep_date > TODAY,
                    Flight.dep_date <= TODAY + timedelta(days=14),
                )
            ).all()
            for f in flights:
                session.add(Lease(lease_id=f.id, flight_id=f.id, cabin="Y",
                                  granted=9, used_local=0, expires_at=expires,
                                  status="active"))
            for prefix in sorted(set(session.scalars(select(Airline.prefix)))):
                session.add(NumberRange(range_id=f"range-{prefix}", kind="ticket",
                                        prefix=prefix, first=2_090_000_000,
                                        last=2_090_000_999, next_number=2_090_000_000))
    finally:
        store.close()
    return data_dir


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where a test saves the screenshots a person looks at: ``$COUNTER_SHOTS`` when set
    (a folder outside the clone), else the test's own temporary folder."""
    where = Path(os.environ["COUNTER_SHOTS"]) if os.environ.get("COUNTER_SHOTS") else (
        tmp_path / "shots")
    where.mkdir(parents=True, exist_ok=True)
    return where
