"""Sync in the window: the connected demo (a real head office process, real HTTP), the
status bar, the sync page, and the enrollment dialog's refusals."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from concurrent.futures import CancelledError
from pathlib import Path

import pytest
from gui_support import NOW
from PySide6.QtCore import Qt

from counter_app.gui.app import CounterApp, build_context
from counter_app.gui.enroll_dialog import EnrollDialog
from counter_app.gui.settings import Preferences
from counter_app.gui.sync_controller import DatabaseWorkerWriter
from counter_app.gui.tasks import TaskRunner
from counter_app.kernel.clock import FixedClock, SystemClock
from counter_app.sync.credentials import MemoryCredentialStore


@pytest.fixture
def connected(qtbot, tmp_path: Path) -> Iterator[CounterApp]:  # type: ignore[no-untyped-def]
    """``counter-app --demo``: head office process started beside, enrolled, first sync."""
    folder = tmp_path / "counter"
    ctx = build_context(folder, demo=True, clock=SystemClock())
    ctx.connected_demo = True
    ctx.credentials = MemoryCredentialStore()
    app = CounterApp(ctx, Preferences(folder))
    app.start()
    qtbot.addWidget(app.login_dialog)
    qtbot.waitUntil(lambda: ctx.store is not None or app.start_error is not None, timeout=120000)
    assert app.start_error is None, app.start_error
    yield app
    if app.main_window is not None:
        app.main_window.close()
    app.shutdown()
    assert app.head_office is not None
    assert app.head_office.process.poll() is not None  # the demo head office stopped too


def test_connected_demo_syncs_and_shows_online(qtbot, connected: CounterApp) -> None:  # type: ignore[no-untyped-def]
    # One writer (docs/architecture.md rule 1): from here on, every commit to the counter's
    # store (the engine's pulls, pushes, lease and cycle rows among them) runs on the task
    # runner's database worker, none on the sync thread or the pool.
    from sqlalchemy import event

    assert connected.ctx.store is not None
    store_engine = connected.ctx.store.engine
    committed_on: list[str] = []

    def committed(_conn: object) -> None:
        committed_on.append(threading.current_thread().name)

    event.listen(store_engine, "commit", committed)
    dialog = connected.login_dialog
    assert dialog is not None
    dialog.login_edit.setText("wangli")
    dialog.password_edit.setText("demo1234")  # pulled from head office, outlet HET001
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: connected.main_window is not None, timeout=10000)
    window = connected.main_window
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "在线" in window.sync_indicator.text(), timeout=20000)
    assert "队列为空" in window.sync_indicator.text()
    assert window.data_label.text() == "演示总部"
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert window.pages.currentWidget() is window.sync_page
    qtbot.waitUntil(lambda: window.sync_page.cycles_model.rowCount() > 0, timeout=20000)
    assert window.sync_page.cycles_model.rows()[0].ok
    # Flights come from the local cache at once, then their seats live from head office.
    qtbot.keyClick(window, Qt.Key.Key_F2)
    finder = window.flight_finder
    finder.origin.setText("HET")
    finder.destination.setText("PEK")
    day = finder.date_edit.date().addDays(3)
    finder.date_edit.setDate(day)
    finder.search()
    qtbot.waitUntil(lambda: "实时" in finder.message.text(), timeout=20000)
    offers = finder.flights_model.rows()
    assert offers
    assert all(o.live for o in offers if not o.departed)
    assert finder.flights_model.index(0, 9).data() == "—"  # no offline seats held yet
    # Hold five economy seats for offline sale: head office grants a lease.
    finder.flights_view.selectRow(0)
    economy = next(i for i, c in enumerate(finder.classes_model.rows()) if c.cabin.value == "Y")
    finder.classes_view.selectRow(economy)
    finder.lease_seats.setValue(5)
    qtbot.mouseClick(finder.lease_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: finder.flights_model.index(0, 9).data() == "Y 5", timeout=20000)
    # Sell on the last flight, which this counter holds no seats on: online, the sale asks
    # head office for a lease by itself, tickets, and the sale drains to head office.
    last = finder.flights_model.rowCount() - 1
    finder.flights_view.selectRow(last)
    economy = next(i for i, c in enumerate(finder.classes_model.rows()) if c.code == "Y")
    finder.classes_view.selectRow(economy)
    finder.choose_class()
    sale = window.sale
    assert window.pages.currentWidget() is sale
    sale.name_edit.setText("张伟")
    sale.id_edit.setText("11010519491231002X")
    sale.add_passenger()
    sale.request_quote()
    qtbot.waitUntil(lambda: sale.quote is not None, timeout=10000)
    sale.book()
    try:
        qtbot.waitUntil(lambda: sale.held is not None, timeout=20000)
    except Exception:
        raise AssertionError(sale.message.text()) from None
    sale.ticket()
    qtbot.waitUntil(lambda: sale.issued is not None, timeout=10000)
    from sqlalchemy import create_engine, text

    assert connected.head_office is not None
    ho = create_engine(connected.head_office.database_url)
    issued = sale.issued
    assert issued is not None
    number = issued.tickets[0].ticket_number

    def on_head_office() -> int:
        with ho.connect() as conn:
            return int(
                conn.execute(
                    text("SELECT count(*) FROM sale_tickets WHERE ticket_number = :n"),
                    {"n": number},
                ).scalar()
                or 0
            )

    try:
        qtbot.waitUntil(lambda: on_head_office() == 1, timeout=40000)  # pushed by itself
        qtbot.waitUntil(lambda: "队列为空" in window.sync_indicator.text(), timeout=10000)
        assert on_head_office() == 1  # exactly once
    finally:
        ho.dispose()
        event.remove(store_engine, "commit", committed)
    sync = connected.sync
    assert sync is not None
    assert sync.engine is not None
    assert sync.engine.writer is sync.writer
    assert len(committed_on) > 3  # the sale, the lease, the push marks, the cycle rows
    assert {name.split("_")[0] for name in committed_on} == {"counter-db"}, committed_on


def test_enroll_dialog_names_each_bad_field(qtbot, counter, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = EnrollDialog(counter.ctx, Preferences(tmp_path))
    qtbot.addWidget(dialog)
    dialog.url_edit.setText("ftp://nowhere")
    qtbot.mouseClick(dialog.enroll_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("总部地址")
    dialog.url_edit.setText("http://127.0.0.1:9")
    dialog.code_edit.setText("AB")
    qtbot.mouseClick(dialog.enroll_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("登记码")
    dialog.code_edit.setText("ABCDEF2345")
    dialog.file_choice.setChecked(True)
    dialog.passphrase_edit.setText("short")
    qtbot.mouseClick(dialog.enroll_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("口令")
    assert dialog.code_edit.text() == "ABCDEF2345"  # nothing typed is lost


def test_enroll_against_an_address_nobody_answers(qtbot, counter, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again at once: nothing listens there
    dialog = EnrollDialog(counter.ctx, Preferences(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.url_edit.setText(f"http://127.0.0.1:{port}")
    dialog.code_edit.setText("ABCDEF2345")
    dialog.keyring_choice.setChecked(True)
    counter.ctx.clock = FixedClock(NOW)
    qtbot.mouseClick(dialog.enroll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "没有响应" in dialog.message.text(), timeout=20000)
    assert dialog.enroll_button.isEnabled()
    assert dialog.isVisible()  # still open, with everything typed, for another try
    assert dialog.code_edit.text() == "ABCDEF2345"


def test_the_database_worker_writer_runs_on_the_worker_and_waits(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The sync engine's writer in the GUI: from another thread, the function runs on the
    runner's database worker and its result or exception comes back; on the worker itself
    it runs at once (no deadlock); the GUI thread is refused; a write the runner drops at
    shutdown raises instead of hanging."""
    runner = TaskRunner()
    writer = DatabaseWorkerWriter(runner)
    seen: dict[str, object] = {}

    def off_the_gui() -> None:
        seen["ran_on"] = writer(lambda: threading.current_thread().name)
        seen["nested"] = writer(lambda: writer(lambda: threading.current_thread().name))
        try:
            writer(lambda: int("x"))
        except ValueError as exc:
            seen["raised"] = exc

    engine_thread = threading.Thread(target=off_the_gui)
    engine_thread.start()
    engine_thread.join(10)
    assert not engine_thread.is_alive()
    assert str(seen["ran_on"]).startswith("counter-db")
    assert seen["nested"] == seen["ran_on"]
    assert isinstance(seen["raised"], ValueError)
    with pytest.raises(RuntimeError, match="GUI thread"):
        writer(lambda: None)

    gate = threading.Event()
    runner.run_db("blocker", lambda: gate.wait(10))
    dropped: list[BaseException] = []

    def queued_behind() -> None:
        try:
            writer(lambda: "written")
        except CancelledError as exc:
            dropped.append(exc)

    late = threading.Thread(target=queued_behind)
    late.start()
    qtbot.wait(200)  # its write is queued behind the blocker
    runner.shutdown(wait=False)
    gate.set()
    late.join(10)
    assert not late.is_alive()
    assert len(dropped) == 1
