"""The counter sale driven like a clerk, offline from the counter's leases and ranges:
a walk-in with the keyboard only, an agreement customer on account, a GP official."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from gui_support import TODAY
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from counter_app.gui.main_window import MainWindow
from counter_app.gui.pages.sale import SalePage
from counter_app.printing.spool import JobRef, Printer
from counter_app.storage.models import NumberRange, OutboxEntry, Ticket


class Keys:
    """Counts the keys a clerk presses (typing a name or ID counts separately)."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.count = 0

    def press(self, widget: QWidget, key: Qt.Key,
              modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.count += 1
        self.qtbot.keyClick(widget, key, modifier)

    def type(self, widget: QWidget, text: str) -> None:
        self.count += len(text)
        self.qtbot.keyClicks(widget, text)


class _Printer:
    """The receipt printer (the edge of the world): keeps the titles it was sent."""

    def __init__(self, printed: list[str]) -> None:
        self.printed = printed

    def printers(self) -> list[Printer]:
        return [Printer("Receipt-LQ", "Receipt printer", True, "idle", True)]

    def submit(self, pdf: bytes, *, printer: str, title: str, copies: int = 1,
               media: str | None = None) -> JobRef:
        self.printed.append(title)
        return JobRef(printer, str(len(self.printed)))

    def job_state(self, ref: JobRef) -> str:
        return "completed"


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


@pytest.fixture
def window(selling: Path, counter, log_in) -> MainWindow:  # type: ignore[no-untyped-def]
    return log_in()


def test_walk_in_sale_by_keyboard_alone(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    finder, sale = window.flight_finder, window.sale
    keys = Keys(qtbot)
    day = TODAY + timedelta(days=5)
    finder.date_edit.setDate(QDate(day.year, day.month, day.day))  # the date picker
    keys.type(finder.origin, "het")
    keys.press(finder.origin, Qt.Key.Key_Return)
    keys.type(finder.destination, "pek")
    keys.press(finder.destination, Qt.Key.Key_Return)
    keys.press(finder.date_edit, Qt.Key.Key_Return)  # search
    qtbot.waitUntil(lambda: finder.flights_model.rowCount() > 0, timeout=5000)
    finder.flights_view.setFocus()
    keys.count += 1  # Tab from the date to the results
    keys.press(finder.flights_view, Qt.Key.Key_Return)  # on to the classes
    keys.press(finder.classes_view, Qt.Key.Key_Return)  # sell the cheapest open class
    qtbot.waitUntil(lambda: window.pages.currentWidget() is sale, timeout=2000)
    assert len(sale.segments) == 1
    # The name (Chinese: typed through the input method) and the ID number.
    sale.name_edit.setFocus()
    sale.name_edit.setText("张伟")
    keys.press(sale.name_edit, Qt.Key.Key_Return)
    assert sale.id_edit.hasFocus()
    qtbot.keyClicks(sale.id_edit, "110105194912310021"[:17])
    sale.id_edit.setText("11010519491231002X")  # a valid check character
    keys.press(sale.id_edit, Qt.Key.Key_Return)
    assert [p.name for p in sale.passengers] == ["张伟"]
    keys.press(focused(), Qt.Key.Key_F6)  # quote
    qtbot.waitUntil(lambda: sale.quote is not None, timeout=5000)
    keys.press(focused(), Qt.Key.Key_F7)  # book
    qtbot.waitUntil(lambda: sale.held is not None, timeout=5000)
    assert len(sale.held.pnr) == 6
    keys.press(focused(), Qt.Key.Key_F8)  # cash, the exact amount
    qtbot.waitUntil(lambda: sale.issued is not None, timeout=5000)
    issued = sale.issued
    assert len(issued.tickets) == 1
    assert issued.tickets[0].ticket_number in sale.tickets_label.text()
    assert keys.count < 40, keys.count
    # The itinerary receipt: one more key, straight to this workstation's receipt printer.
    with window.ctx.store.unit_of_work() as session:  # the serials head office granted
        session.add(NumberRange(range_id="range-receipt", kind="receipt", prefix="",
                                first=3_000_100, last=3_000_199, next_number=3_000_100))
    printed: list[str] = []
    spooler = _Printer(printed)
    window.desk.queue.set_spooler(spooler)  # type: ignore[arg-type]
    window.prefs.set_printer_for("receipt", "Receipt-LQ")
    keys.press(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(printed) == 1, timeout=10000)
    assert issued.tickets[0].ticket_number in printed[0]
    assert sale.receipt_serials == {issued.tickets[0].ticket_number: "0003000100"}
    store = window.ctx.store
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 1
        kinds = list(session.scalars(select(OutboxEntry.kind)))
    assert "sale.issue" in kinds or any(k.startswith("sale") for k in kinds)
    print(f"keystrokes beyond name and ID, receipt printed: {keys.count}")
    window.resize(1366, 768)
    window.grab().save("/tmp/shots/sale_done.png")


def test_bad_passenger_input_is_named_and_kept(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sale: SalePage = window.sale
    window.show_page(sale)
    sale.name_edit.setText("王五")
    qtbot.keyClicks(sale.id_edit, "110105194912310021")  # wrong check character
    assert "校验位" in sale.id_hint.text()  # said as typed, before Enter
    qtbot.keyClick(sale.id_edit, Qt.Key.Key_Return)
    assert sale.message.text().startswith("证件号码")
    assert sale.name_edit.text() == "王五"
    assert sale.id_edit.text() == "110105194912310021"
    assert sale.passengers == []


def test_agreement_customer_on_account_over_the_limit_needs_a_supervisor(
    qtbot, window: MainWindow  # type: ignore[no-untyped-def]
) -> None:
    finder, sale = window.flight_finder, window.sale
    day = TODAY + timedelta(days=4)
    finder.origin.setText("HET")
    finder.destination.setText("PEK")
    finder.date_edit.setDate(QDate(day.year, day.month, day.day))
    finder.search()
    qtbot.waitUntil(lambda: finder.flights_model.rowCount() > 0, timeout=5000)
    finder.flights_view.selectRow(0)
    y = next(i for i, c in enumerate(finder.classes_model.rows()) if c.code == "Y")
    finder.classes_view.selectRow(y)
    finder.choose_class()
    sale.kind_combo.setCurrentIndex(sale.kind_combo.findData("agreement"))
    from counter_app.services.customers import find_customers

    with window.ctx.store.read() as session:
        customer = next(c for c in find_customers(session, "", "agreement")
                        if c.settlement == "monthly" and c.credit_limit == Decimal("50000.00"))
    sale.choose_customer(customer)
    qtbot.waitUntil(lambda: "credit" in sale.customer_info.text()
                    or "信用" in sale.customer_info.text(), timeout=5000)
    sale.name_edit.setText("刘洋")
    sale.id_edit.setText("11010519491231002X")
    sale.add_passenger()
    sale.request_quote()
    qtbot.waitUntil(lambda: sale.quote is not None, timeout=5000)
    sale.book()
    qtbot.waitUntil(lambda: sale.held is not None, timeout=5000)
    sale.method_combo.setCurrentIndex(sale.method_combo.findData("on_account"))
    assert sale.method_combo.currentData() == "on_account"
    sale.ticket()
    qtbot.waitUntil(lambda: sale.issued is not None, timeout=5000)
    assert sale.issued.paid[0][0] == "on_account"
