"""The kiosk's screens other than the seat map: the ID number with its keypad, the coupons
open for check-in, the boarding pass printing, the staff PIN pad, and the notice shown while
the kiosk starts or refuses to. Each screen has ``clear()`` (nothing of the last traveller
stays) and ``retranslate()`` (the language switch)."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app.gui.kiosk.keypad import CLEAR, Keypad, apply_key, big_field, keypad_block
from counter_app.gui.messages import ERROR_STYLE
from counter_app.services.kiosk import PIN_MAX, KioskCoupon

ID_MAX = 20


def place_names(c: KioskCoupon) -> tuple[str, str]:
    """The coupon's cities in the language on screen (Chinese unless English is chosen)."""
    if QLocale().language() == QLocale.Language.English:
        return c.origin_name_en, c.destination_name_en
    return c.origin_name, c.destination_name


def _title(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setProperty("role", "title")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


def _message(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    return label


def _button(parent: QWidget, name: str, primary: bool = False) -> QPushButton:
    button = QPushButton(parent)
    button.setObjectName(name)
    button.setMinimumHeight(72)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if primary:
        button.setProperty("role", "primary")
    return button


class IdScreen(QWidget):
    """The start: the ID number typed on the keypad or by a scanner (which types and ends
    with Enter). ``submitted(text)``."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskIdScreen")
        self.title = _title(self, "idTitle")
        self.hint = QLabel(self)
        self.hint.setObjectName("idHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field = big_field(self, "idField", ID_MAX)
        self.field.returnPressed.connect(self._submit)
        self.message = _message(self, "idMessage")
        self.keypad = Keypad(self)
        self.keypad.pressed.connect(self._key)
        self.search = _button(self, "idSearch", primary=True)
        self.search.clicked.connect(self._submit)
        self.clear_button = _button(self, "idClear")
        self.clear_button.clicked.connect(lambda: self._key(CLEAR))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.field)
        layout.addWidget(self.message)
        layout.addLayout(keypad_block(self.keypad, (self.clear_button, 1), (self.search, 2)), 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Self check-in"))
        self.hint.setText(self.tr("Type your ID number on the keypad, or scan your ID card."))
        self.field.setPlaceholderText(self.tr("ID number"))
        self.search.setText(self.tr("Find my flights"))
        self.clear_button.setText(self.tr("Clear"))
        self.keypad.retranslate()

    def _key(self, key: str) -> None:
        self.field.setText(apply_key(self.field.text(), key, ID_MAX))
        self.message.clear()
        self.field.setFocus()

    def _submit(self) -> None:
        text = self.field.text().strip()
        if not text:
            self.message.setText(self.tr("Type your ID number first."))
            return
        self.submitted.emit(text)

    def set_busy(self, busy: bool) -> None:
        self.search.setEnabled(not busy)
        self.keypad.setEnabled(not busy)

    def clear(self) -> None:
        self.field.clear()
        self.message.clear()
        self.set_busy(False)


class CouponsScreen(QWidget):
    """The traveller's coupons open for check-in, one big button each.
    ``chosen(coupon)``, ``cancelled()``."""

    chosen = Signal(object)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskCouponsScreen")
        self.title = _title(self, "couponsTitle")
        self.list_host = QWidget(self)
        self.list_host.setObjectName("couponList")
        self.list_layout = QVBoxLayout(self.list_host)
        self.list_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.list_host)
        self.message = _message(self, "couponsMessage")
        self.cancel = _button(self, "couponsCancel")
        self.cancel.clicked.connect(self.cancelled)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.cancel)
        self.coupons: list[KioskCoupon] = []
        self.buttons: list[QPushButton] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Choose the flight to check in"))
        self.cancel.setText(self.tr("Cancel and start again"))
        self.show_coupons(self.coupons)

    def describe(self, c: KioskCoupon) -> str:
        cabin = {"F": self.tr("First"), "C": self.tr("Business"), "Y": self.tr("Economy")}
        text = self.tr("%1  %2 → %3\n%4 %5 departs  ·  %6  ·  %7")
        origin, destination = place_names(c)
        text = (text.replace("%1", c.flight_no).replace("%2", origin)
                .replace("%3", destination).replace("%4", f"{c.dep_date:%Y-%m-%d}")
                .replace("%5", f"{c.dep_time:%H:%M}").replace("%6", c.masked_name)
                .replace("%7", cabin.get(c.cabin, c.cabin)))
        if c.seat:
            text += "\n" + self.tr("Checked in, seat %1: touch to print the pass again"
                                   ).replace("%1", c.seat)
        return text

    def show_coupons(self, coupons: list[KioskCoupon]) -> None:
        for button in self.buttons:  # gone at once, not at the next turn of the loop
            self.list_layout.removeWidget(button)
            button.hide()
            button.setParent(None)
            button.deleteLater()
        self.buttons = []
        self.coupons = list(coupons)
        for i, c in enumerate(self.coupons):
            button = _button(self.list_host, f"coupon_{i}", primary=not c.seat)
            button.setMinimumHeight(120)
            button.setText(self.describe(c))
            button.clicked.connect(lambda _=False, c=c: self.chosen.emit(c))
            self.list_layout.insertWidget(i, button)
            self.buttons.append(button)
        self.message.clear()

    def clear(self) -> None:
        self.show_coupons([])


class DoneScreen(QWidget):
    """The boarding pass on its way: printing, then take it, or collect it at the counter
    when the printer is not there. ``finished()``."""

    finished = Signal()

    PRINTING, PRINTED, AT_COUNTER = "printing", "printed", "at_counter"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskDoneScreen")
        self.title = _title(self, "doneTitle")
        self.detail = QLabel(self)
        self.detail.setObjectName("doneDetail")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        self.done = _button(self, "doneButton", primary=True)
        self.done.clicked.connect(self.finished)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        layout.addWidget(self.done)
        self.state = ""
        self.seat = ""
        self.flight_no = ""
        self.retranslate()

    def show_state(self, state: str, flight_no: str = "", seat: str = "") -> None:
        self.state = state
        if flight_no or seat:
            self.flight_no, self.seat = flight_no, seat
        self.retranslate()

    def retranslate(self) -> None:
        self.done.setText(self.tr("Done"))
        titles = {
            self.PRINTING: self.tr("Printing your boarding pass…"),
            self.PRINTED: self.tr("Please take your boarding pass."),
            # the sentence the civic centre's staff agreed on: say it exactly
            self.AT_COUNTER: self.tr("Please collect your boarding pass at the counter."),
        }
        self.title.setText(titles.get(self.state, ""))
        if self.seat:
            self.detail.setText(self.tr("Flight %1, seat %2. Have a good flight!")
                                .replace("%1", self.flight_no).replace("%2", self.seat))
        else:
            self.detail.clear()
        self.done.setEnabled(self.state != self.PRINTING)

    def clear(self) -> None:
        self.state = self.seat = self.flight_no = ""
        self.retranslate()


class PinScreen(QWidget):
    """The staff PIN pad (reached by Ctrl+Shift+Q or a long press on the top left corner).
    ``entered(pin)``, ``cancelled()``."""

    entered = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskPinScreen")
        self.title = _title(self, "pinTitle")
        self.field = big_field(self, "pinField", PIN_MAX)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.returnPressed.connect(self._submit)
        self.message = _message(self, "pinMessage")
        self.keypad = Keypad(self, with_x=False)
        self.keypad.pressed.connect(self._key)
        self.ok = _button(self, "pinOk", primary=True)
        self.ok.clicked.connect(self._submit)
        self.cancel = _button(self, "pinCancel")
        self.cancel.clicked.connect(self.cancelled)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.field)
        layout.addWidget(self.message)
        layout.addLayout(keypad_block(self.keypad, (self.cancel, 0), (self.ok, 0)), 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Staff only: enter the kiosk PIN to leave self check-in"))
        self.ok.setText(self.tr("Leave"))
        self.cancel.setText(self.tr("Back"))
        self.keypad.retranslate()

    def _key(self, key: str) -> None:
        self.field.setText(apply_key(self.field.text(), key, PIN_MAX))
        self.message.clear()
        self.field.setFocus()

    def _submit(self) -> None:
        if self.field.text():
            self.ok.setEnabled(False)
            self.entered.emit(self.field.text())

    def refused(self, text: str) -> None:
        self.field.clear()
        self.ok.setEnabled(True)
        self.message.setText(text)

    def clear(self) -> None:
        self.field.clear()
        self.message.clear()
        self.ok.setEnabled(True)


class NoticeScreen(QWidget):
    """What the kiosk says while it starts, or why it will not (no staff PIN set)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskNoticeScreen")
        self.title = _title(self, "noticeTitle")
        self.detail = QLabel(self)
        self.detail.setObjectName("noticeDetail")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quit = _button(self, "noticeQuit")
        self.quit.hide()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        layout.addWidget(self.quit)
        self.kind = "starting"
        self.error = ""
        self.retranslate()

    def show_kind(self, kind: str, error: str = "") -> None:
        """``starting``, ``no_pin``, ``not_enrolled`` or ``failed`` (with the error)."""
        self.kind, self.error = kind, error
        self.quit.setVisible(kind != "starting")
        self.retranslate()

    def retranslate(self) -> None:
        self.quit.setText(self.tr("Close"))
        if self.kind == "no_pin":
            self.title.setText(self.tr("Self check-in cannot start: no staff PIN is set."))
            self.detail.setText(self.tr(
                "A supervisor sets the kiosk PIN with the command\n"
                "counter-app --set-kiosk-pin\n(with the same --data-dir), then starts "
                "counter-app --kiosk again."))
        elif self.kind == "not_enrolled":
            self.title.setText(self.tr("Self check-in cannot start."))
            self.detail.setText(self.tr(
                "This counter is not enrolled with head office yet: start counter-app, "
                "enroll it, then start the kiosk."))
        elif self.kind == "failed":
            self.title.setText(self.tr("Self check-in cannot start."))
            self.detail.setText(self.error)
        else:
            self.title.setText(self.tr("Self check-in is starting…"))
            self.detail.clear()
