"""Calibration of the receipt printer (行程单打印校准) for this workstation.

Counters print itinerary receipts on pre-printed stock (套打), and every printer puts the
form's origin a little elsewhere. The clerk prints the test grid, measures how far the
grid sits from the printed boxes and enters the shift here; positive moves the print
right and down. The page length is how far the printer feeds per form. The spin boxes
bound every value (±20 mm, 90–120 mm, one decimal), so nothing out of range can be
entered. Values are kept per workstation in :class:`~counter_app.gui.settings.Preferences`.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.gui.messages import ERROR_STYLE
from counter_app.gui.settings import Preferences
from counter_app.gui.widgets.named import form_of, name_dialog, named, named_button
from counter_app.printing.model import Calibration

OVERLAY, PLAIN = "overlay", "plain"
OFFSET_LIMIT_MM = 20.0
PAGE_LENGTH_RANGE_MM = (90.0, 120.0)


class CalibrationDialog(QDialog):
    """Emits ``testGridRequested(Calibration)`` with the values now in the boxes; after OK,
    :meth:`calibration` and :meth:`mode` hold the result (and ``preferences``, when given,
    have been updated)."""

    testGridRequested = Signal(object)

    def __init__(
        self,
        calibration: Calibration,
        parent: QWidget | None = None,
        *,
        mode: str = OVERLAY,
        preferences: Preferences | None = None,
    ) -> None:
        super().__init__(parent)
        self._original = calibration
        self.prefs = preferences
        name_dialog(self, "calibrationDialog", self.tr("Receipt printer calibration"), 500)

        intro = QLabel(
            self.tr(
                "Print the test grid on a receipt form and measure how far the grid sits "
                "from the printed boxes. Enter that shift below: positive values move the "
                "print right and down, negative values left and up."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setObjectName("calibrationIntro")

        self.offset_x = self._spin(
            "offsetXSpin", -OFFSET_LIMIT_MM, OFFSET_LIMIT_MM, calibration.offset_x_mm
        )
        self.offset_y = self._spin(
            "offsetYSpin", -OFFSET_LIMIT_MM, OFFSET_LIMIT_MM, calibration.offset_y_mm
        )
        self.page_length = self._spin(
            "pageLengthSpin", *PAGE_LENGTH_RANGE_MM, calibration.page_length_mm
        )
        self.offset_x.setToolTip(self.tr("Positive moves the print right (−20 to +20 mm)"))
        self.offset_y.setToolTip(self.tr("Positive moves the print down (−20 to +20 mm)"))
        self.page_length.setToolTip(
            self.tr("How far the printer feeds per form (90 to 120 mm; the form is 106.6 mm)")
        )

        self.overlay_choice = QRadioButton(
            self.tr("Pre-printed stock: only the data is printed"), self
        )
        self.overlay_choice.setObjectName("overlayChoice")
        self.plain_choice = QRadioButton(
            self.tr("Plain paper: the form's lines and labels are printed too"), self
        )
        self.plain_choice.setObjectName("plainChoice")
        group = QButtonGroup(self)
        group.addButton(self.overlay_choice)
        group.addButton(self.plain_choice)
        (self.plain_choice if mode == PLAIN else self.overlay_choice).setChecked(True)

        form = form_of(
            (self.tr("Horizontal offset"), self.offset_x),
            (self.tr("Vertical offset"), self.offset_y),
            (self.tr("Page length"), self.page_length),
            (self.tr("Print on"), self.overlay_choice),
            ("", self.plain_choice),
        )

        self.note = named(QLabel(self), "calibrationNote")
        self.note.setWordWrap(True)
        clamped = self._clamped_fields(calibration)
        if clamped:
            self.note.setStyleSheet(ERROR_STYLE)
            self.note.setText(
                self.tr(
                    "%1: the saved value was out of range and was brought to the nearest "
                    "allowed one; check it and press OK."
                ).replace("%1", ", ".join(clamped))
            )

        self.test_button = named_button(self.tr("Print test grid"), "testGridButton", self)
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.request_test_grid)
        self.reset_button = named_button(self.tr("Reset to zero"), "resetButton", self)
        self.reset_button.setAutoDefault(False)
        self.reset_button.clicked.connect(self.reset)
        self.test_button.setToolTip(
            self.tr("Prints the grid with the values now in the boxes; nothing is saved yet")
        )
        tools = QHBoxLayout()
        tools.addWidget(self.test_button)
        tools.addWidget(self.reset_button)
        tools.addStretch(1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addLayout(tools)
        layout.addWidget(self.note)
        layout.addStretch(1)
        layout.addWidget(buttons)

    @classmethod
    def from_preferences(
        cls, preferences: Preferences, parent: QWidget | None = None
    ) -> CalibrationDialog:
        """The dialog on this workstation's saved values; OK saves them back."""
        return cls(
            preferences.calibration,
            parent,
            mode=preferences.receipt_print_mode,
            preferences=preferences,
        )

    def _spin(self, name: str, low: float, high: float, value: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setObjectName(name)
        spin.setDecimals(1)
        spin.setRange(low, high)
        spin.setSingleStep(0.1)
        spin.setSuffix(" mm")
        spin.setValue(value)
        spin.setMinimumWidth(120)
        spin.setMaximumWidth(180)
        return spin

    def _clamped_fields(self, calibration: Calibration) -> list[str]:
        fields = []
        if round(calibration.offset_x_mm, 1) != self.offset_x.value():
            fields.append(self.tr("Horizontal offset"))
        if round(calibration.offset_y_mm, 1) != self.offset_y.value():
            fields.append(self.tr("Vertical offset"))
        if round(calibration.page_length_mm, 1) != self.page_length.value():
            fields.append(self.tr("Page length"))
        return fields

    def calibration(self) -> Calibration:
        """The values now in the boxes (the page width is kept as it was)."""
        return replace(
            self._original,
            offset_x_mm=round(self.offset_x.value(), 1),
            offset_y_mm=round(self.offset_y.value(), 1),
            page_length_mm=round(self.page_length.value(), 1),
        )

    def mode(self) -> str:
        """``overlay`` (pre-printed stock, 套打) or ``plain`` (plain paper)."""
        return PLAIN if self.plain_choice.isChecked() else OVERLAY

    def request_test_grid(self) -> None:
        self.testGridRequested.emit(self.calibration())

    def reset(self) -> None:
        self.offset_x.setValue(0.0)
        self.offset_y.setValue(0.0)
        self.page_length.setValue(Calibration().page_length_mm)

    def accept(self) -> None:
        if self.prefs is not None:
            self.prefs.calibration = self.calibration()
            self.prefs.receipt_print_mode = self.mode()
            self.prefs.sync()
        super().accept()
