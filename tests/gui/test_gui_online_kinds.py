"""The counter sale per customer kind ONLINE: each test with its own demo head office (a real
process, real HTTP; the ``connected`` pattern of test_sync_gui.py), the counter enrolled
for the outlet whose customers it sells to. The sale page leases its seats from head office
by itself; every step is waited for in head office's database, then the queue is empty and
nothing waits for attention.

* an agreement customer of HET001 (wangli) on account, changed to another day, refunded;
* a GP official at the GP counter SZX001 (linxiaoyu): GP easy refund, and a second GP
  ticket changed to another day."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from counter_app.domain.ids import resident_id_check_char
from counter_app.gui.app import CounterApp, build_context
from counter_app.gui.main_window import MainWindow
from counter_app.gui.pages.after_sale import AfterSalePage
from counter_app.gui.pages.sale import SalePage
from counter_app.gui.settings import Preferences
from counter_app.kernel.clock import SHANGHAI, SystemClock
from counter_app.services.customers import CustomerRow, find_customers, travellers_of
from counter_app.services.flights import ClassOffer
from counter_app.sync.credentials import MemoryCredentialStore
from counter_app.sync.status import SyncStatus, read_status

FLIGHT = "CA1144"  # HET→PEK 12:10 every day of the demo schedule
HO = 40000  # ms: a push or pull to head office, with the engine's own pace


def resident_id(birth: date, serial: str) -> str:
    first17 = f"150102{birth:%Y%m%d}{serial}"
    return first17 + resident_id_check_char(first17)


class Online:
    """A logged-in counter of one outlet beside its own demo head office."""

    def __init__(self, app: CounterApp, window: MainWindow, ho: Engine) -> None:
        self.app, self.window, self.ho = app, window, ho

    def today(self) -> date:
        return self.window.ctx.clock.now().astimezone(SHANGHAI).date()

    def scalar(self, sql: str, **params: Any) -> Any:
        with self.ho.connect() as conn:
            return conn.execute(text(sql), params).scalar()

    def tickets(self, number: str) -> int:
        return int(self.scalar("SELECT count(*) FROM sale_tickets WHERE ticket_number = :n",
                               n=number) or 0)

    def after_sales(self, kind: str, number: str) -> int:
        return int(self.scalar("SELECT count(*) FROM after_sales WHERE kind = :k "
                               "AND ticket_number = :n", k=kind, n=number) or 0)

    def coupon_status(self, number: str) -> str | None:
        value = self.scalar("SELECT status FROM sale_coupons WHERE ticket_number = :n "
                            "AND seq = 1", n=number)
        return None if value is None else str(value)

    def ticket_status(self, number: str) -> str | None:
        value = self.scalar("SELECT status FROM sale_tickets WHERE ticket_number = :n",
                            n=number)
        return None if value is None else str(value)


@pytest.fixture
def online(qtbot, tmp_path: Path) -> Iterator[Callable[[str, str], Online]]:  # type: ignore[no-untyped-def]
    """Start ``counter-app --demo`` enrolled for the outlet, log the clerk in, wait online."""
    made: list[tuple[CounterApp, Engine]] = []

    def start(outlet: str, login: str) -> Online:
        folder = tmp_path / "counter"
        ctx = build_context(folder, demo=True, clock=SystemClock())
        ctx.connected_demo = True
        ctx.credentials = MemoryCredentialStore()
        app = CounterApp(ctx, Preferences(folder))
        app.demo_outlet = outlet  # counter-app --demo --outlet OUTLET
        app.start()
        qtbot.addWidget(app.login_dialog)
        qtbot.waitUntil(lambda: ctx.store is not None or app.start_error is not None,
                        timeout=120000)
        assert app.start_error is None, app.start_error
        assert app.head_office is not None
        ho = create_engine(app.head_office.database_url)
        made.append((app, ho))
        dialog = app.login_dialog
        assert dialog is not None
        dialog.login_edit.setText(login)
        dialog.password_edit.setText("demo1234")
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: app.main_window is not None, timeout=30000)
        window = app.main_window
        assert window is not None
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: "在线" in window.sync_indicator.text(), timeout=20000)
        return Online(app, window, ho)

    yield start
    for app, ho in made:
        ho.dispose()
        if app.main_window is not None:
            app.main_window.close()
        app.shutdown()
        assert app.head_office is not None
        assert app.head_office.process.poll() is not None


# -- driving the pages ------------------------------------------------------------------------


def search(qtbot, window: MainWindow, day: date, flight_no: str = FLIGHT,  # type: ignore[no-untyped-def]
           class_code: str = "Y") -> ClassOffer:
    """Search HET→PEK on the day (live seats from head office), select flight and class."""
    window.show_page(window.flight_finder)
    finder = window.flight_finder
    finder.origin.setText("HET")
    finder.destination.setText("PEK")
    finder.date_edit.setDate(QDate(day.year, day.month, day.day))
    finder.search()
    qtbot.waitUntil(lambda: finder.flights_model.rowCount() > 0
                    and finder.flights_model.rows()[0].dep_date == day
                    and "实时" in finder.message.text(), timeout=20000)
    row = next(i for i, o in enumerate(finder.flights_model.rows()) if o.flight_no == flight_no)
    finder.flights_view.selectRow(row)
    classes = finder.classes_model.rows()
    index = next(i for i, c in enumerate(classes) if c.code == class_code)
    finder.classes_view.selectRow(index)
    return classes[index]


def sell_flight(qtbot, window: MainWindow, day: date) -> ClassOffer:  # type: ignore[no-untyped-def]
    offer = search(qtbot, window, day)
    window.flight_finder.choose_class()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.sale, timeout=30000)
    return offer


def choose_customer(qtbot, sale: SalePage, kind: str, customer: CustomerRow) -> None:  # type: ignore[no-untyped-def]
    sale.kind_combo.setCurrentIndex(sale.kind_combo.findData(kind))
    sale.choose_customer(customer)
    qtbot.waitUntil(lambda: customer.name in sale.customer_info.text(), timeout=15000)


def quote_book_ticket(qtbot, sale: SalePage, method: str) -> str:  # type: ignore[no-untyped-def]
    """Quote, book (online: the page leases the seat from head office), pay and ticket."""
    sale.request_quote()
    qtbot.waitUntil(lambda: sale.quote is not None, timeout=30000)
    sale.book()
    try:
        qtbot.waitUntil(lambda: sale.held is not None, timeout=20000)
    except Exception:
        raise AssertionError(sale.message.text()) from None
    sale.method_combo.setCurrentIndex(sale.method_combo.findData(method))
    if method in ("bank_card", "phone_card", "official_card"):
        sale.reference_edit.setText("POS 004218")  # a card payment carries its slip number
    sale.ticket()
    try:
        qtbot.waitUntil(lambda: sale.issued is not None, timeout=30000)
    except Exception:
        raise AssertionError(sale.message.text()) from None
    issued = sale.issued
    assert issued is not None
    assert issued.paid[0][0] == method
    return str(issued.tickets[0].ticket_number)


def open_after_sale(qtbot, window: MainWindow, pnr: str) -> AfterSalePage:  # type: ignore[no-untyped-def]
    page = window.after_sale
    window.show_page(page)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is page, timeout=30000)
    page.search_edit.setFocus()
    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, pnr)
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: [r.summary.pnr for r in page.bookings_model.rows()] == [pnr],
                    timeout=15000)
    qtbot.waitUntil(lambda: page.tickets_model.rowCount() > 0, timeout=15000)
    return page


def select_ticket(qtbot, page: AfterSalePage, number: str) -> None:  # type: ignore[no-untyped-def]
    # The booking's tickets are loaded after the booking is found: wait for this one.
    qtbot.waitUntil(lambda: any(t.ticket_number == number for t in page.tickets_model.rows()),
                    timeout=15000)
    row = next(i for i, t in enumerate(page.tickets_model.rows()) if t.ticket_number == number)
    page.tickets_view.selectRow(row)
    qtbot.waitUntil(lambda: getattr(page.selected_ticket(), "ticket_number", None) == number,
                    timeout=30000)


def try_change(qtbot, page: AfterSalePage, number: str, day: date) -> bool:  # type: ignore[no-untyped-def]
    """Open the change of the ticket to CA1144 Y on the day: True when it can be confirmed,
    False when refused needs_head_office (this counter holds no seats on that flight)."""
    select_ticket(qtbot, page, number)
    qtbot.mouseClick(page.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.change_flights_model.rowCount() > 0, timeout=15000)
    page.last_error = None
    page.change_date.setDate(QDate(day.year, day.month, day.day))
    qtbot.mouseClick(page.change_find, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.change_flights_model.rowCount() > 0
                    and page.change_flights_model.rows()[0].dep_date == day, timeout=15000)
    row = next(i for i, o in enumerate(page.change_flights_model.rows())
               if o.flight_no == FLIGHT)
    page.change_flights_view.selectRow(row)
    page.change_class.setCurrentIndex(page.change_class.findData("Y"))
    try:
        qtbot.waitUntil(lambda: page.change_confirm.isEnabled() or page.last_error is not None,
                        timeout=30000)
    except Exception:
        raise AssertionError(page.message.text()) from None
    if page.change_confirm.isEnabled():
        return True
    assert page.last_error is not None
    assert page.last_error.code == "needs_head_office", page.message.text()
    return False


def change_ticket(qtbot, window: MainWindow, pnr: str, number: str, day: date) -> str:  # type: ignore[no-untyped-def]
    """Change the ticket to the day's CA1144 Y through the after-sale page, first holding
    seats on that flight with the finder's lease button if the counter has none."""
    page = open_after_sale(qtbot, window, pnr)
    if not try_change(qtbot, page, number, day):
        page.close_panel()
        search(qtbot, window, day)
        finder = window.flight_finder
        row = finder.flights_view.currentIndex().row()
        finder.lease_seats.setValue(2)
        qtbot.mouseClick(finder.lease_button, Qt.MouseButton.LeftButton)
        try:
            qtbot.waitUntil(lambda: finder.flights_model.rowCount() > row
                            and finder.flights_model.index(row, 9).data() == "Y 2",
                            timeout=20000)
        except Exception:
            raise AssertionError(finder.message.text()) from None
        page = open_after_sale(qtbot, window, pnr)
        assert try_change(qtbot, page, number, day), page.message.text()
    quote = page._change_quote
    assert quote is not None
    if quote.total_due > 0:
        page.change_payment.setCurrentIndex(page.change_payment.findData("cash"))
    before = page.tickets_model.rowCount()
    qtbot.mouseClick(page.change_confirm, Qt.MouseButton.LeftButton)
    try:
        qtbot.waitUntil(lambda: page.tickets_model.rowCount() == before + 1, timeout=30000)
    except Exception:
        raise AssertionError(page.message.text()) from None
    old = next(t for t in page.tickets_model.rows() if t.ticket_number == number)
    assert old.status == "exchanged"
    new = next(t for t in page.tickets_model.rows() if t.exchanged_from == number)
    assert (new.status, new.coupons[0].dep_date, new.coupons[0].class_code) == ("issued", day, "Y")
    return str(new.ticket_number)


def refund_ticket(qtbot, window: MainWindow, pnr: str, number: str):  # type: ignore[no-untyped-def]
    """Refund the ticket through the after-sale page; the refund line shown is returned."""
    page = open_after_sale(qtbot, window, pnr)
    select_ticket(qtbot, page, number)
    qtbot.mouseClick(page.refund_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.refund_model.rowCount() == 1
                    and page.refund_confirm.isEnabled(), timeout=30000)
    [line] = page.refund_model.rows()
    qtbot.mouseClick(page.refund_confirm, Qt.MouseButton.LeftButton)

    def refunded() -> bool:
        return any(t.ticket_number == number and t.status == "refunded"
                   for t in page.tickets_model.rows())

    try:
        qtbot.waitUntil(refunded, timeout=30000)
    except Exception:
        raise AssertionError(page.message.text()) from None
    return line


def wait_head_office(qtbot, check: Callable[[], bool]) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(check, timeout=HO)


def assert_drained(qtbot, counter: Online) -> None:  # type: ignore[no-untyped-def]
    window = counter.window
    store = window.ctx.store
    assert store is not None

    def stored_status() -> SyncStatus:
        with store.read() as session:
            return read_status(session, window.ctx.clock.now())

    # The store first: the indicator may still show the status from before the last op was
    # queued, and the op's "sent" mark is written on the database worker after the push.
    qtbot.waitUntil(lambda: stored_status().pending == 0, timeout=HO)
    qtbot.waitUntil(lambda: "队列为空" in window.sync_indicator.text(), timeout=HO)
    status = stored_status()
    assert status.pending == 0
    assert status.attention_open == 0, status


# -- agreement customer, HET001 ---------------------------------------------------------------


def test_agreement_on_account_online_changed_then_refunded(qtbot, online) -> None:  # type: ignore[no-untyped-def]
    counter = online("HET001", "wangli")
    window, sale = counter.window, counter.window.sale
    with window.ctx.store.read() as session:
        customers = [c for c in find_customers(session, "", "agreement")
                     if c.settlement == "monthly"]
    assert customers  # pulled from head office: the agreement customers of HET001
    customer = max(customers, key=lambda c: c.credit_limit)
    day = counter.today() + timedelta(days=6)
    sell_flight(qtbot, window, day)
    choose_customer(qtbot, sale, "agreement", customer)
    sale.name_edit.setText("刘洋")
    sale.id_edit.setText(resident_id(date(1985, 6, 15), "023"))
    sale.add_passenger()
    assert len(sale.passengers) == 1, sale.message.text()
    number = quote_book_ticket(qtbot, sale, "on_account")
    pnr = sale.issued.pnr
    wait_head_office(qtbot, lambda: counter.tickets(number) == 1)

    new_day = day + timedelta(days=1)
    new_number = change_ticket(qtbot, window, pnr, number, new_day)
    wait_head_office(qtbot, lambda: counter.tickets(new_number) == 1
                     and counter.after_sales("change", number) == 1)
    assert counter.ticket_status(number) == "exchanged"
    assert counter.coupon_status(number) == "E"
    assert counter.scalar("SELECT new_ticket_number FROM after_sales WHERE kind = 'change' "
                          "AND ticket_number = :n", n=number) == new_number

    line = refund_ticket(qtbot, window, pnr, new_number)
    assert line.amount > 0
    wait_head_office(qtbot, lambda: counter.after_sales("refund", new_number) == 1
                     and counter.coupon_status(new_number) == "R")
    assert counter.ticket_status(new_number) == "refunded"
    assert_drained(qtbot, counter)
    assert counter.tickets(number) == counter.tickets(new_number) == 1  # exactly once
    assert counter.after_sales("change", number) == 1
    assert counter.after_sales("refund", new_number) == 1


# -- GP official, SZX001 ----------------------------------------------------------------------


def gp_sale(qtbot, window: MainWindow, day: date, order_no: str) -> str:  # type: ignore[no-untyped-def]
    sale = window.sale
    sale.new_sale()
    y = sell_flight(qtbot, window, day)
    store = window.ctx.store
    assert store is not None
    with store.read() as session:
        customer = next(c for c in find_customers(session, "", "gp_unit")
                        if any(t.gp_level in ("V3", "V4", "V5")
                               for t in travellers_of(session, c.id)))
    choose_customer(qtbot, sale, "gp_unit", customer)
    qtbot.waitUntil(lambda: sale.official_combo.count() > 0, timeout=15000)
    index = next(i for i, t in enumerate(sale.officials) if t.gp_level in ("V3", "V4", "V5"))
    sale.official_combo.setCurrentIndex(index)
    sale.add_official()
    qtbot.waitUntil(lambda: len(sale.passengers) == 1, timeout=15000)
    sale.gp_order_edit.setText(order_no)
    number = quote_book_ticket(qtbot, sale, "official_card")
    assert sale.quote is not None
    [line] = sale.quote.lines
    assert line.gp_applied
    assert line.fare < y.fare
    return number


def test_gp_official_online_easy_refund_and_change(qtbot, online) -> None:  # type: ignore[no-untyped-def]
    counter = online("SZX001", "linxiaoyu")
    window = counter.window
    day = counter.today() + timedelta(days=5)
    first = gp_sale(qtbot, window, day, "GP2024-000123")
    first_pnr = window.sale.issued.pnr
    wait_head_office(qtbot, lambda: counter.tickets(first) == 1)
    assert counter.scalar("SELECT s.gp_order_no FROM sales s JOIN sale_tickets t "
                          "ON t.sale_id = s.id WHERE t.ticket_number = :n",
                          n=first) == "GP2024-000123"

    line = refund_ticket(qtbot, window, first_pnr, first)
    assert line.fee == 0  # GP easy refund: Y, five days ahead
    wait_head_office(qtbot, lambda: counter.after_sales("refund", first) == 1
                     and counter.coupon_status(first) == "R")
    assert counter.scalar("SELECT fee_fen FROM after_sales WHERE kind = 'refund' "
                          "AND ticket_number = :n", n=first) == 0

    second = gp_sale(qtbot, window, day, "GP2024-000124")
    second_pnr = window.sale.issued.pnr
    wait_head_office(qtbot, lambda: counter.tickets(second) == 1)
    changed = change_ticket(qtbot, window, second_pnr, second, day + timedelta(days=1))
    wait_head_office(qtbot, lambda: counter.tickets(changed) == 1
                     and counter.after_sales("change", second) == 1)
    assert counter.ticket_status(second) == "exchanged"
    assert_drained(qtbot, counter)
    for number in (first, second, changed):
        assert counter.tickets(number) == 1, number  # exactly once
    assert counter.after_sales("refund", first) == 1
    assert counter.after_sales("change", second) == 1
