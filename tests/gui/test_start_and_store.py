"""Starting with a damaged or unusable data folder: a clear message, nothing lost."""

from __future__ import annotations

import os
from pathlib import Path

from gui_support import NOW
from PySide6.QtWidgets import QMessageBox

from counter_app.gui.app import CounterApp, build_context
from counter_app.gui.settings import Preferences
from counter_app.kernel.clock import FixedClock
from counter_app.paths import database_path
from counter_app.sync.credentials import MemoryCredentialStore


def start(qtbot, folder: Path) -> CounterApp:  # type: ignore[no-untyped-def]
    ctx = build_context(folder, demo=True, clock=FixedClock(NOW))
    ctx.credentials = MemoryCredentialStore()
    app = CounterApp(ctx, Preferences(folder))
    app.start()
    qtbot.addWidget(app.login_dialog)
    qtbot.waitUntil(lambda: ctx.store is not None or app.start_error is not None, timeout=20000)
    return app


def test_corrupt_database_is_explained_kept_and_replaced_on_request(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "counter"
    folder.mkdir()
    damaged = os.urandom(8192)
    database_path(folder).write_bytes(damaged)
    app = start(qtbot, folder)
    try:
        dialog = app.login_dialog
        assert dialog is not None
        assert app.ctx.store is None
        assert "已损坏" in dialog.message.text()
        assert str(database_path(folder)) in dialog.message.text()
        assert not dialog.login_button.isEnabled()
        box = app.corrupt_box
        assert box is not None
        assert box.isVisible()
        assert database_path(folder).read_bytes() == damaged  # untouched until the clerk says
        fresh = next(
            b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
        )
        fresh.click()
        qtbot.waitUntil(lambda: app.ctx.store is not None, timeout=20000)
        kept = [p for p in folder.iterdir() if ".damaged-" in p.name]
        assert len(kept) == 1
        assert kept[0].read_bytes() == damaged
        assert dialog.login_button.isEnabled()
    finally:
        app.shutdown()


def test_data_folder_that_is_a_file_is_named(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("keep me")
    app = start(qtbot, blocker / "counter")
    try:
        dialog = app.login_dialog
        assert dialog is not None
        assert "数据文件夹" in dialog.message.text()
        assert "无法写入" in dialog.message.text()
        assert blocker.read_text() == "keep me"
        assert not dialog.login_button.isEnabled()
    finally:
        app.shutdown()
