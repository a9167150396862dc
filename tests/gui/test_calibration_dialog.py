"""The receipt printer calibration dialog: values bounded by the spin boxes, the test grid
request carrying the values now in the boxes, and a round trip through Preferences."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from counter_app.gui.printing.calibration_dialog import CalibrationDialog
from counter_app.gui.settings import Preferences
from counter_app.printing.model import Calibration

pytestmark = pytest.mark.gui


def test_values_round_trip_through_preferences(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    prefs = Preferences(tmp_path)
    assert prefs.calibration == Calibration()  # nothing saved yet: no offset, 106.6 mm
    assert prefs.receipt_print_mode == "overlay"
    prefs.calibration = Calibration(offset_x_mm=1.5, offset_y_mm=-2.3, page_length_mm=104.0)
    prefs.sync()

    dialog = CalibrationDialog.from_preferences(Preferences(tmp_path))
    qtbot.addWidget(dialog)
    assert dialog.offset_x.value() == pytest.approx(1.5)
    assert dialog.offset_y.value() == pytest.approx(-2.3)
    assert dialog.page_length.value() == pytest.approx(104.0)
    assert dialog.overlay_choice.isChecked()
    assert dialog.note.text() == ""

    dialog.offset_x.setValue(-3.7)
    dialog.offset_y.setValue(0.4)
    dialog.page_length.setValue(101.6)
    dialog.plain_choice.setChecked(True)
    dialog.ok_button.click()

    assert dialog.result() == CalibrationDialog.DialogCode.Accepted
    assert dialog.calibration() == Calibration(-3.7, 0.4, 101.6, 238.0)
    assert dialog.mode() == "plain"
    fresh = Preferences(tmp_path)  # read back from settings.ini
    assert fresh.calibration == Calibration(-3.7, 0.4, 101.6)
    assert fresh.receipt_print_mode == "plain"
    assert "offset_x_mm=-3.7" in (tmp_path / "settings.ini").read_text()


def test_cancel_keeps_the_saved_values(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    prefs = Preferences(tmp_path)
    prefs.calibration = Calibration(offset_x_mm=2.0)
    dialog = CalibrationDialog.from_preferences(prefs)
    qtbot.addWidget(dialog)
    dialog.offset_x.setValue(9.9)
    dialog.plain_choice.setChecked(True)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert Preferences(tmp_path).calibration.offset_x_mm == pytest.approx(2.0)
    assert Preferences(tmp_path).receipt_print_mode == "overlay"


def test_test_grid_request_carries_the_values_in_the_boxes(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = CalibrationDialog(Calibration(page_width_mm=240.0), mode="plain")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.plain_choice.isChecked()
    dialog.offset_x.setValue(1.2)
    dialog.offset_y.setValue(-0.8)
    dialog.page_length.setValue(108.0)
    with qtbot.waitSignal(dialog.testGridRequested, timeout=1000) as grid:
        dialog.test_button.click()
    assert grid.args == [Calibration(1.2, -0.8, 108.0, 240.0)]
    assert dialog.isVisible()  # the dialog stays for the next try

    dialog.offset_x.setValue(1.5)
    with qtbot.waitSignal(dialog.testGridRequested, timeout=1000) as grid:
        dialog.test_button.click()
    assert grid.args[0].offset_x_mm == pytest.approx(1.5)

    dialog.reset_button.click()
    assert dialog.calibration() == Calibration(page_width_mm=240.0)


def test_spin_boxes_bound_the_values(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = CalibrationDialog(Calibration())
    qtbot.addWidget(dialog)
    dialog.offset_x.setValue(25.0)
    dialog.offset_y.setValue(-31.0)
    dialog.page_length.setValue(130.0)
    assert dialog.calibration() == Calibration(20.0, -20.0, 120.0)
    dialog.page_length.setValue(50.0)
    assert dialog.calibration().page_length_mm == 90.0
    dialog.offset_x.setValue(1.26)
    assert dialog.calibration().offset_x_mm == pytest.approx(1.3)  # one decimal
    assert dialog.offset_x.suffix() == " mm"

    # Typing goes through the same bounds.
    dialog.offset_y.selectAll()
    qtbot.keyClicks(dialog.offset_y, "-7.5")
    assert dialog.offset_y.value() == pytest.approx(-7.5)
    dialog.offset_y.selectAll()
    qtbot.keyClicks(dialog.offset_y, "99")
    assert dialog.offset_y.value() <= 20.0


def test_out_of_range_saved_values_are_brought_in_and_named(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = CalibrationDialog(Calibration(offset_x_mm=35.0, page_length_mm=80.0))
    qtbot.addWidget(dialog)
    assert dialog.calibration() == Calibration(20.0, 0.0, 90.0)
    note = dialog.note.text()
    assert note
    assert dialog.tr("Horizontal offset") in note
    assert dialog.tr("Page length") in note
    assert dialog.tr("Vertical offset") not in note
    # Preferences never hand out such values, even from a hand-edited settings.ini.
    (tmp_path / "settings.ini").write_text(
        "[printing]\noffset_x_mm=88\noffset_y_mm=abc\npage_length_mm=nan\nreceipt_mode=odd\n"
    )
    prefs = Preferences(tmp_path)
    assert prefs.calibration == Calibration(20.0, 0.0, 106.6)
    assert prefs.receipt_print_mode == "overlay"
