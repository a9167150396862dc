"""The shell around the pages: fonts, translations, navigation, settings, task runner."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QRawFont
from PySide6.QtWidgets import QApplication, QLabel

from counter_app.gui.settings import Preferences
from counter_app.gui.settings_dialog import SettingsDialog
from counter_app.gui.tasks import TaskRunner
from counter_app.resources import resource

ROOT = Path(__file__).resolve().parents[2]


def test_bundled_fonts_cover_rare_name_characters(qapp: QApplication) -> None:
    families = QFont(qapp.font()).families()
    assert families[0] == "WenQuanYi Zen Hei"
    assert "HanaMinB" in families
    zen = QRawFont(str(resource("fonts", "wqy-zenhei.ttc")), 12)
    hana = QRawFont(str(resource("fonts", "HanaMinB-ExtB.ttf")), 12)
    assert zen.supportsCharacter(0x36C3)  # 㛃, Extension A
    assert hana.supportsCharacter(0x20BB7)  # 𠮷, Extension B
    label = QLabel("王𠮷 陈㛃")
    label.resize(200, 40)
    assert QFontMetrics(label.font()).horizontalAdvance("王𠮷") > 0
    image = label.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, 200, 2) for y in range(0, 40, 2)}
    assert len(colours) > 2  # something was drawn, not an empty box


def test_translations_are_complete_and_compiled(tmp_path: Path) -> None:
    ts = (ROOT / "resources" / "i18n" / "counter_zh_CN.ts").read_text(encoding="utf-8")
    assert 'type="unfinished"' not in ts
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    out = tmp_path / "check.qm"
    subprocess.run(
        [str(lrelease), "-silent", str(ROOT / "resources/i18n/counter_zh_CN.ts"), "-qm", str(out)],
        check=True,
    )
    shipped = ROOT / "resources" / "i18n" / "counter_zh_CN.qm"
    assert out.read_bytes() == shipped.read_bytes(), "run tools/build_translations.py"


def test_function_keys_switch_work_areas(qtbot, counter, log_in) -> None:  # type: ignore[no-untyped-def]
    window = log_in()
    qtbot.keyClick(window, Qt.Key.Key_F12)
    assert window.pages.currentWidget() is window.customers
    qtbot.waitUntil(lambda: window.customers.customers_model.rowCount() > 0, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert window.pages.currentWidget() is window.flight_finder


def test_customers_filter_as_you_type(qtbot, counter, log_in) -> None:  # type: ignore[no-untyped-def]
    window = log_in()
    window.show_page(window.customers)
    page = window.customers
    qtbot.waitUntil(lambda: page.customers_model.rowCount() > 0, timeout=5000)
    everyone = page.customers_model.rowCount()
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("gp_unit"))
    qtbot.waitUntil(lambda: 0 < page.customers_model.rowCount() < everyone, timeout=5000)
    assert all(c.kind == "gp_unit" for c in page.customers_model.rows())
    qtbot.waitUntil(lambda: page.travellers_model.rowCount() > 0, timeout=5000)
    levels = {t.gp_level for t in page.travellers_model.rows()}
    assert levels <= {"V1", "V2", "V3", "V4", "V5"}
    assert levels
    assert all("*" in t.id_number for t in page.travellers_model.rows())


def test_settings_are_saved(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    prefs = Preferences(tmp_path)
    dialog = SettingsDialog(prefs, str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.font_size.setValue(14)
    dialog.accept()
    again = Preferences(tmp_path)
    assert again.language == "en"
    assert again.font_size == 14


def test_task_runner_keeps_work_off_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    gui_thread = threading.get_ident()
    seen: list[tuple[str, int]] = []
    order: list[int] = []

    def job(n: int) -> int:
        order.append(n)
        return threading.get_ident()

    for n in range(5):
        runner.run_db(
            f"job{n}", lambda n=n: job(n), lambda worker, n=n: seen.append((f"done{n}", worker))
        )
    qtbot.waitUntil(lambda: len(seen) == 5, timeout=5000)
    assert order == [0, 1, 2, 3, 4]  # the database worker is serial
    assert all(worker != gui_thread for _, worker in seen)
    assert len({worker for _, worker in seen}) == 1
    errors: list[BaseException] = []
    runner.run_io("fails", lambda: 1 / 0, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ZeroDivisionError)
    gate = threading.Event()
    runner.run_db("blocker", gate.wait)
    delivered: list[object] = []
    cancelled = runner.run_db("cancelled", lambda: "late", delivered.append)
    cancelled.cancel()
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert delivered == []
    runner.shutdown()
    # A debounce timer firing while the window closes submits after the shutdown: the
    # work is dropped, nothing raises in the event loop, and nothing is delivered.
    late = runner.run_db("after shutdown", lambda: "late", delivered.append)
    assert late.cancelled
    assert late.finished
    assert not runner.busy
    qtbot.wait(50)
    assert delivered == []


@pytest.mark.parametrize(("language", "button"), [("zh_CN", "登录"), ("en", "Log in")])
def test_language_choice(tmp_path: Path, language: str, button: str) -> None:
    """A fresh process per language: translators are process-wide."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from counter_app.gui.i18n import install_translators\n"
        "from counter_app.gui.app import build_context\n"
        "from counter_app.gui.login_dialog import LoginDialog\n"
        "from pathlib import Path\n"
        "app = QApplication([])\n"
        f"t = install_translators(app, {language!r})\n"
        f"d = LoginDialog(build_context(Path({str(tmp_path)!r}), demo=False))\n"
        "print(d.login_button.text())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.stdout.strip() == button
