"""Logging in through the real dialog: readiness, wrong passwords, lockout, success."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from counter_app.gui.app import CounterApp


def test_dialog_opens_in_chinese_and_enables_login_when_store_ready(counter: CounterApp) -> None:
    dialog = counter.login_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.windowTitle() == "柜台售票系统 — 登录"
    assert dialog.login_button.text() == "登录"
    assert dialog.login_button.isEnabled()
    assert "演示模式" in dialog.findChild(QLabel, "demoHint").text()


def test_wrong_password_keeps_login_and_counts_down(qtbot, counter: CounterApp) -> None:  # type: ignore[no-untyped-def]
    dialog = counter.login_dialog
    assert dialog is not None
    dialog.login_edit.setText("wangli")
    for left in (4, 3):
        dialog.password_edit.setText("wrong")
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda n=left: f"再错 {n} 次" in dialog.message.text(), timeout=5000)
        assert dialog.login_edit.text() == "wangli"  # nothing the clerk typed is lost
        assert dialog.password_edit.selectedText() == "wrong"  # ready to be retyped
    assert counter.main_window is None


def test_lockout_after_five_failures(qtbot, counter: CounterApp) -> None:  # type: ignore[no-untyped-def]
    dialog = counter.login_dialog
    assert dialog is not None
    dialog.login_edit.setText("liqiang")
    for _ in range(5):
        dialog.password_edit.setText("nope")
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.login_button.isEnabled(), timeout=5000)
    assert "锁定" in dialog.message.text()
    dialog.password_edit.setText("demo1234")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.login_button.isEnabled(), timeout=5000)
    assert "锁定" in dialog.message.text()
    assert counter.main_window is None


def test_empty_fields_are_named(qtbot, counter: CounterApp) -> None:  # type: ignore[no-untyped-def]
    dialog = counter.login_dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("工号")
    dialog.login_edit.setText("wangli")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("密码")


def test_login_opens_main_window_with_clerk_in_status_bar(counter: CounterApp, log_in) -> None:  # type: ignore[no-untyped-def]
    window = log_in("wangji", "demo1234")
    assert window.isVisible()
    assert "王𠮷" in window.clerk_label.text()
    assert window.nav.item(0).text().startswith("航班查询")
    assert counter.ctx.clerk is not None
    assert counter.ctx.clerk.login == "wangji"


def test_a_long_message_grows_the_dialog_instead_of_squeezing_the_fields(  # type: ignore[no-untyped-def]
    qtbot, counter: CounterApp
) -> None:
    dialog = counter.login_dialog
    assert dialog is not None
    before = dialog.height()
    dialog.set_enroll_needed(True)  # a three-line note and the enroll button appear
    qtbot.waitUntil(lambda: dialog.enroll_button.isVisible(), timeout=2000)
    qtbot.wait(50)
    assert dialog.height() > before
    for field in (dialog.login_edit, dialog.password_edit, dialog.enroll_button):
        assert field.height() >= field.sizeHint().height(), field.objectName()
    assert dialog.message.height() >= dialog.message.heightForWidth(dialog.message.width())
