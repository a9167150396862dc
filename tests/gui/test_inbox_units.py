"""Head office's GP units and officials (单位与官员, Ctrl+U on the inbox page) against a REAL
head office over HTTP (the demo head office as its own process, the counter of HET000 with
zhaojun logged in, as in ``test_inbox_page.py``): search the units, create one (a code in use
is refused under 代码), edit its contact person and account manager, then create an official
of it and edit the official online — each checked in head office's database. A screenshot
at 1280×800 (the ``shots`` fixture)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import create_engine, text
from test_inbox_page import HO, Office, log_in

from counter_app.gui.app import CounterApp, build_context
from counter_app.gui.inbox.units import UnitsDialog
from counter_app.gui.settings import Preferences
from counter_app.kernel.clock import SystemClock
from counter_app.sync.credentials import MemoryCredentialStore


@pytest.fixture
def office(qtbot, tmp_path: Path) -> Iterator[Office]:  # type: ignore[no-untyped-def]
    """``counter-app --demo --outlet HET000`` with its own head office, zhaojun logged in
    at the counter, online."""
    folder = tmp_path / "counter"
    ctx = build_context(folder, demo=True, clock=SystemClock())
    ctx.connected_demo = True
    ctx.credentials = MemoryCredentialStore()
    app = CounterApp(ctx, Preferences(folder))
    app.demo_outlet = "HET000"
    app.start()
    qtbot.addWidget(app.login_dialog)
    qtbot.waitUntil(lambda: ctx.store is not None or app.start_error is not None,
                    timeout=120000)
    assert app.start_error is None, app.start_error
    assert app.head_office is not None
    ho = create_engine(app.head_office.database_url)
    try:
        dialog = app.login_dialog
        assert dialog is not None
        dialog.login_edit.setText("zhaojun")
        dialog.password_edit.setText("office1234")
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: app.main_window is not None, timeout=30000)
        window = app.main_window
        assert window is not None
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: "在线" in window.sync_indicator.text(), timeout=60000)
        yield Office(app, window, ho)
    finally:
        ho.dispose()
        if app.main_window is not None:
            app.main_window.close()
        app.shutdown()


def ho_row(ho: Office, sql: str, **params: Any) -> dict[str, Any] | None:
    with ho.ho.connect() as conn:
        found = conn.execute(text(sql), params).mappings().first()
        return dict(found) if found is not None else None


def attributes(row: dict[str, Any]) -> dict[str, Any]:
    value = row["attributes"]
    found: dict[str, Any] = json.loads(value) if isinstance(value, str) else value
    return found


def opened(qtbot, ho: Office) -> UnitsDialog:  # type: ignore[no-untyped-def]
    page = ho.page
    log_in(qtbot, ho)
    qtbot.waitUntil(lambda: page.staff_session is not None, timeout=HO)
    ho.window.show()
    ho.window.show_page(page)
    ho.window.activateWindow()  # a shortcut works in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is ho.window, timeout=HO)
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    dialog = page.units_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isVisible() and not dialog.loading
                    and dialog.model.rowCount() > 0, timeout=HO)
    return dialog


def searched(qtbot, dialog: UnitsDialog, wanted: str, count: int) -> None:  # type: ignore[no-untyped-def]
    dialog.search.setText(wanted)
    qtbot.waitUntil(lambda: not dialog.loading and dialog.model.rowCount() == count,
                    timeout=HO)


def test_units_searched_created_edited_and_an_official_made_online(  # type: ignore[no-untyped-def]
        qtbot, office: Office, shots: Path) -> None:
    ho = office
    dialog = opened(qtbot, ho)
    every = dialog.model.rowCount()
    first = ho_row(ho, "SELECT code, name_zh FROM customers WHERE kind = 'gp_unit' "
                       "ORDER BY code LIMIT 1")
    assert first is not None
    total = ho_row(ho, "SELECT count(*) AS n FROM customers WHERE kind = 'gp_unit'")
    assert total is not None
    assert every == total["n"]
    searched(qtbot, dialog, str(first["code"]).lower(), 1)
    dialog.table.selectRow(0)
    assert dialog.editor.unit is not None
    assert dialog.editor.unit["name_zh"] == first["name_zh"]
    assert dialog.editor.edits["code"].isReadOnly()

    # a new unit
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert editor.unit is None
    assert not editor.edits["code"].isReadOnly()
    editor.edits["code"].setText("GP-T-901")
    editor.edits["name_zh"].setText("测试市审计局")
    editor.edits["contact_name"].setText("王秘书")
    editor.edits["contact_phone"].setText("0755-88886666")
    editor.gov_level.setCurrentIndex(editor.gov_level.findData("municipal"))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (editor.unit is not None and editor.unit["code"] == "GP-T-901")
                    or dialog.message.is_error, timeout=HO)
    assert not dialog.message.is_error, dialog.message.text()
    made = ho_row(ho, "SELECT id, kind, outlet_code, contact_name, attributes FROM customers "
                      "WHERE code = 'GP-T-901'")
    assert made is not None
    assert (made["kind"], made["outlet_code"], made["contact_name"]) == ("gp_unit", None,
                                                                         "王秘书")
    assert attributes(made)["gov_level"] == "municipal"
    shown = editor.unit
    assert shown is not None
    assert shown["customer_id"] == made["id"]
    assert not dialog.message.is_error

    # the same code again is refused, the cursor on 代码
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    editor.edits["code"].setText("gp-t-901")
    editor.edits["name_zh"].setText("另一个单位")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.is_error, timeout=HO)
    assert "代码" in dialog.message.text(), dialog.message.text()
    assert ho_row(ho, "SELECT id FROM customers WHERE name_zh = '另一个单位'") is None

    # edit the new unit's contact person and account manager
    searched(qtbot, dialog, "审计", 1)
    dialog.table.selectRow(0)
    assert editor.unit is not None
    editor.edits["contact_name"].setText("李处长")
    editor.edits["account_manager"].setText("陈经理")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.is_error or (
        ho_row(ho, "SELECT contact_name FROM customers WHERE code = 'GP-T-901'")
        == {"contact_name": "李处长"}), timeout=HO)
    assert not dialog.message.is_error, dialog.message.text()
    edited = ho_row(ho, "SELECT attributes, version FROM customers WHERE code = 'GP-T-901'")
    assert edited is not None
    assert attributes(edited)["account_manager"] == "陈经理"
    assert edited["version"] == 2

    # an official of it, created at head office
    qtbot.waitUntil(lambda: not dialog.loading and editor.unit is not None
                    and dialog.new_official.isEnabled(), timeout=HO)
    qtbot.mouseClick(dialog.new_official, Qt.MouseButton.LeftButton)
    official = dialog.official_dialog
    assert official is not None
    qtbot.waitUntil(official.save_button.isEnabled, timeout=HO)
    official.id_number.setText("11010519491231002X")
    qtbot.mouseClick(official.save_button, Qt.MouseButton.LeftButton)  # no name: refused
    qtbot.waitUntil(lambda: official.error.text() != "", timeout=HO)
    assert official.isVisible()
    assert "姓名" in official.error.text(), official.error.text()  # the field named
    assert official.id_number.text() == "11010519491231002X"  # nothing typed is lost
    assert ho_row(ho, "SELECT id FROM travellers WHERE customer_id = :c", c=made["id"]) is None
    official.name_edit.setText("张建国")
    official.id_number.setText("11010519491231002X")
    official.mobile.setText("13811112222")
    official.level.setCurrentIndex(official.level.findData("V4"))
    official.title_edit.setText("处长")
    qtbot.mouseClick(official.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not official.isVisible() or official.error.text() != "",
                    timeout=HO)
    assert official.error.text() == ""
    row = ho_row(ho, "SELECT id, gp_level, title_zh FROM travellers WHERE customer_id = :c",
                 c=made["id"])
    assert row is not None
    assert (row["gp_level"], row["title_zh"]) == ("V4", "处长")
    qtbot.waitUntil(lambda: dialog.officials.count() == 1, timeout=HO)
    assert "张建国" in dialog.officials.item(0).text()
    counted = dialog.model.row_at(0)
    assert counted is not None
    assert counted["officials"] == 1

    # and edited: head office's change applies
    dialog.officials.setCurrentRow(0)
    qtbot.mouseClick(dialog.edit_official, Qt.MouseButton.LeftButton)
    again = dialog.official_dialog
    assert again is not None
    assert again is not official
    qtbot.waitUntil(lambda: again.save_button.isEnabled() and again.name_edit.text() != "",
                    timeout=HO)
    assert again.name_edit.text() == "张建国"
    again.title_edit.setText("副局长")
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not again.isVisible() or again.error.text() != "", timeout=HO)
    assert again.error.text() == ""
    assert ho_row(ho, "SELECT title_zh, version FROM travellers WHERE id = :i",
                  i=row["id"]) == {"title_zh": "副局长", "version": 2}

    dialog.close()  # opened again: the same dialog, read again
    ho.page.open_units()
    assert ho.page.units_dialog is dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and not dialog.loading, timeout=HO)
    ho.window.resize(1280, 800)
    ho.window.show()
    dialog.resize(1280 * 3 // 4, 800 * 3 // 4)
    dialog.table.selectRow(0)
    qtbot.wait(200)
    QApplication.processEvents()
    assert dialog.grab().save(str(shots / "inbox_units_1280x800.png"))
