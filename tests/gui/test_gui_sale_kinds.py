"""The sale page for each kind of customer, driven like a clerk, offline from the counter's
leases and ranges (the ``selling`` fixture): a GP official with a GP easy refund afterwards,
a GP booking without its order number, a walk-in changed to the next day, an agreement
customer on account refunded back to the account, refused passenger mixes, and a credit
limit overridden by a supervisor."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from gui_support import NOW, TODAY
from PySide6.QtCore import QDate, Qt
from sqlalchemy import func, select

from counter_app.domain.ids import resident_id_check_char
from counter_app.domain.types import PassengerType
from counter_app.gui.main_window import MainWindow
from counter_app.gui.pages.after_sale import AfterSalePage
from counter_app.gui.pages.sale import SalePage
from counter_app.kernel.clock import SHANGHAI
from counter_app.services.booking import PassengerInput
from counter_app.services.customers import CustomerRow, find_customers
from counter_app.services.flights import ClassOffer
from counter_app.storage.models import AuditEntry, Booking, Customer

FLIGHT = "CA1144"  # HET→PEK 12:10 every day of the demo schedule


def resident_id(birth: date, serial: str) -> str:
    first17 = f"150102{birth:%Y%m%d}{serial}"
    return first17 + resident_id_check_char(first17)


def years_ago(years: int, days: int = 0) -> date:
    return TODAY.replace(year=TODAY.year - years) - timedelta(days=days)


@pytest.fixture
def window(selling: Path, counter, log_in) -> MainWindow:  # type: ignore[no-untyped-def]
    return log_in()


def sell_flight(qtbot, window: MainWindow, day: date, class_code: str = "Y",  # type: ignore[no-untyped-def]
                flight_no: str = FLIGHT) -> ClassOffer:
    """Search HET→PEK on the day, pick the flight and class and send them to the sale page."""
    finder, sale = window.flight_finder, window.sale
    finder.origin.setText("HET")
    finder.destination.setText("PEK")
    finder.date_edit.setDate(QDate(day.year, day.month, day.day))
    finder.search()
    qtbot.waitUntil(lambda: finder.flights_model.rowCount() > 0
                    and finder.flights_model.rows()[0].dep_date == day, timeout=5000)
    row = next(i for i, o in enumerate(finder.flights_model.rows()) if o.flight_no == flight_no)
    finder.flights_view.selectRow(row)
    classes = finder.classes_model.rows()
    index = next(i for i, c in enumerate(classes) if c.code == class_code)
    finder.classes_view.selectRow(index)
    finder.choose_class()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is sale, timeout=2000)
    assert [s.class_code for s in sale.segments] == [class_code]
    return classes[index]


def add_typed_passenger(sale: SalePage, name: str, id_number: str) -> None:
    sale.name_edit.setText(name)  # Chinese: as the input method would set it
    sale.id_edit.setText(id_number)
    sale.add_passenger()


def quote_and_book(qtbot, sale: SalePage) -> None:  # type: ignore[no-untyped-def]
    sale.request_quote()
    qtbot.waitUntil(lambda: sale.quote is not None, timeout=5000)
    sale.book()
    qtbot.waitUntil(lambda: sale.held is not None, timeout=5000)


def choose_customer(qtbot, sale: SalePage, kind: str, customer: CustomerRow) -> None:  # type: ignore[no-untyped-def]
    sale.kind_combo.setCurrentIndex(sale.kind_combo.findData(kind))
    sale.choose_customer(customer)
    qtbot.waitUntil(lambda: customer.name in sale.customer_info.text(), timeout=5000)


def pay_and_ticket(qtbot, sale: SalePage, method: str) -> None:  # type: ignore[no-untyped-def]
    index = sale.method_combo.findData(method)
    assert index >= 0, method
    sale.method_combo.setCurrentIndex(index)
    if method in ("bank_card", "phone_card", "official_card"):
        sale.reference_edit.setText("POS 004217")  # the card slip's number
    sale.ticket()
    qtbot.waitUntil(lambda: sale.issued is not None, timeout=5000)
    assert sale.issued.paid[0][0] == method


def open_after_sale(qtbot, window: MainWindow, pnr: str) -> AfterSalePage:  # type: ignore[no-untyped-def]
    page = window.after_sale
    window.show_page(page)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is page, timeout=2000)
    page.search_edit.setFocus()
    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, pnr)
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: [r.summary.pnr for r in page.bookings_model.rows()] == [pnr],
                    timeout=5000)
    qtbot.waitUntil(lambda: page.tickets_model.rowCount() > 0, timeout=5000)
    return page


def open_refund(qtbot, page: AfterSalePage) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.refund_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.refund_model.rowCount() == 1
                    and page.refund_confirm.isEnabled(), timeout=5000)


def coupons_text(page: AfterSalePage, row: int = 0) -> str:
    return str(page.tickets_model.index(row, 6).data())


def bookings_count(window: MainWindow) -> int:
    with window.ctx.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(Booking)) or 0)


# -- GP ------------------------------------------------------------------------------------


def gp_customer_with_senior_official(window: MainWindow) -> CustomerRow:
    from counter_app.services.customers import travellers_of

    with window.ctx.store.read() as session:
        for c in find_customers(session, "", "gp_unit"):
            levels = [t.gp_level for t in travellers_of(session, c.id)]
            if any(level in ("V3", "V4", "V5") for level in levels):
                return c
    raise AssertionError("no GP unit with a V3+ official in the demo data")


def start_gp_sale(qtbot, window: MainWindow) -> tuple[SalePage, ClassOffer]:  # type: ignore[no-untyped-def]
    sale = window.sale
    y = sell_flight(qtbot, window, TODAY + timedelta(days=5), "Y")
    customer = gp_customer_with_senior_official(window)
    choose_customer(qtbot, sale, "gp_unit", customer)
    qtbot.waitUntil(lambda: sale.official_combo.count() > 0, timeout=5000)
    assert sale.gp_order_edit.isVisibleTo(sale)
    assert sale.official_combo.isVisibleTo(sale)
    index = next(i for i, t in enumerate(sale.officials) if t.gp_level in ("V3", "V4", "V5"))
    sale.official_combo.setCurrentIndex(index)
    official = sale.officials[index]
    sale.add_official()
    qtbot.waitUntil(lambda: len(sale.passengers) == 1, timeout=5000)
    assert sale.passengers[0].traveller_id == official.id
    return sale, y


def test_gp_official_sold_at_the_gp_fare_then_refunded_free(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sale, y = start_gp_sale(qtbot, window)
    sale.gp_order_edit.setText("GP2024-000123")
    sale.request_quote()
    qtbot.waitUntil(lambda: sale.quote is not None, timeout=5000)
    [line] = sale.quote.lines
    assert line.gp_applied
    assert line.fare < y.fare  # Y is a full-fare class: the GP rate applies
    fare_cell = str(sale.quote_model.index(0, 3).data())
    assert sale.quote_panel.tr("(GP)") in fare_cell
    assert f"{line.fare:,.2f}" in fare_cell
    assert sale.rules_label.text()
    sale.book()
    qtbot.waitUntil(lambda: sale.held is not None, timeout=5000)
    pnr = sale.held.pnr
    pay_and_ticket(qtbot, sale, "official_card")
    with window.ctx.store.read() as session:
        booking = session.scalars(select(Booking).where(Booking.pnr == pnr)).one()
        assert booking.status == "ticketed"

    page = open_after_sale(qtbot, window, pnr)
    open_refund(qtbot, page)
    [refund_line] = page.refund_model.rows()
    assert refund_line.fee == 0  # GP easy refund: Y (100 % ≥ 80 %), 5 days ahead (≥ 2 h)
    assert refund_line.face_fare == line.fare
    assert "¥0.00" in str(page.refund_model.index(0, 4).data())
    summary = page.refund_summary.text()
    assert "¥0.00" in summary
    assert page.methods["official_card"] in summary  # back to the official card
    qtbot.mouseClick(page.refund_confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: coupons_text(page).endswith("[R]"), timeout=5000)
    assert page.tickets_model.rows()[0].status == "refunded"
    assert "¥0.00" in page.message.text()


def test_gp_booking_without_the_order_number_is_refused(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sale, _y = start_gp_sale(qtbot, window)
    assert sale.gp_order_edit.text() == ""
    sale.request_quote()
    qtbot.waitUntil(lambda: sale.quote is not None, timeout=5000)
    sale.book()
    qtbot.waitUntil(lambda: sale.message.text().startswith("GP单号"), timeout=5000)
    assert sale.held is None
    assert bookings_count(window) == 0
    assert sale.book_button.isEnabled()  # nothing lost: type the number and book again
    sale.gp_order_edit.setText("GP2024-000124")
    sale.book()
    qtbot.waitUntil(lambda: sale.held is not None, timeout=5000)


# -- walk-in changed ------------------------------------------------------------------------


def _hours_before(dep: datetime) -> float:
    return (dep - NOW).total_seconds() / 3600


def test_walk_in_sale_changed_to_the_next_day(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sale = window.sale
    day = TODAY + timedelta(days=4)
    y = sell_flight(qtbot, window, day, "Y")
    add_typed_passenger(sale, "张伟", resident_id(date(1980, 1, 1), "011"))
    assert len(sale.passengers) == 1
    quote_and_book(qtbot, sale)
    rules = sale.quote.rules
    pay_and_ticket(qtbot, sale, "cash")
    old_number = sale.issued.tickets[0].ticket_number
    pnr = sale.issued.pnr

    page = open_after_sale(qtbot, window, pnr)
    qtbot.mouseClick(page.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.change_flights_model.rowCount() > 0, timeout=5000)
    nxt = day + timedelta(days=1)
    page.change_date.setDate(QDate(nxt.year, nxt.month, nxt.day))
    qtbot.mouseClick(page.change_find, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.change_flights_model.rowCount() > 0
                    and page.change_flights_model.rows()[0].dep_date == nxt, timeout=5000)
    offer = page.change_flights_model.rows()[page.change_flights_view.currentIndex().row()]
    assert offer.flight_no == FLIGHT  # the same flight is chosen on the new day
    page.change_class.setCurrentIndex(page.change_class.findData("Y"))
    qtbot.waitUntil(lambda: page.change_confirm.isEnabled(), timeout=5000)
    quote = page._change_quote
    assert quote is not None
    # The fee of the rules shown at the sale, for the window the old departure is in.
    dep = datetime.combine(day, offer.dep_time, tzinfo=SHANGHAI)
    hours = _hours_before(dep)
    window_line = next(r for r in rules[0].lines if r.to_hours is None or hours >= r.to_hours)
    assert quote.fee.amount == window_line.change_fee
    assert quote.old_face_fare == y.fare
    assert quote.fee.fare_difference == quote.new_face_fare - quote.old_face_fare
    assert quote.total_due == quote.fee.amount + quote.fee.fare_difference
    summary = page.change_summary.text()
    assert f"¥{quote.total_due:,.2f}" in summary
    if quote.total_due > 0:
        page.change_payment.setCurrentIndex(page.change_payment.findData("cash"))
    qtbot.mouseClick(page.change_confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.tickets_model.rowCount() == 2, timeout=5000)
    # Whatever order the list shows them in (valid tickets first): the old and the new.
    rows = page.tickets_model.rows()
    old = next(t for t in rows if t.ticket_number == old_number)
    new = next(t for t in rows if t.ticket_number != old_number)
    assert (old.ticket_number, old.status, old.coupons[0].status) == (old_number, "exchanged", "E")
    assert new.ticket_number != old_number
    assert (new.exchanged_from, new.status, new.coupons[0].status) == (old_number, "issued", "O")
    assert (new.coupons[0].dep_date, new.coupons[0].class_code) == (nxt, "Y")
    assert new.ticket_number in page.message.text()


# -- agreement on account -------------------------------------------------------------------


def monthly_customers(window: MainWindow) -> list[CustomerRow]:
    with window.ctx.store.read() as session:
        rows = [c for c in find_customers(session, "", "agreement") if c.settlement == "monthly"]
    assert rows
    return rows


def test_agreement_customer_on_account_refunded_back_to_the_account(
    qtbot, window: MainWindow  # type: ignore[no-untyped-def]
) -> None:
    sale = window.sale
    customer = max(monthly_customers(window), key=lambda c: c.credit_limit)
    sell_flight(qtbot, window, TODAY + timedelta(days=6), "Y")
    choose_customer(qtbot, sale, "agreement", customer)
    add_typed_passenger(sale, "刘洋", resident_id(date(1985, 6, 15), "023"))
    quote_and_book(qtbot, sale)
    pay_and_ticket(qtbot, sale, "on_account")
    pnr = sale.issued.pnr
    total = sale.issued.total

    page = open_after_sale(qtbot, window, pnr)
    open_refund(qtbot, page)
    assert page.refund_reason.currentData() == "voluntary"
    quote = page._refund_quote
    assert quote is not None
    assert [m for m, _ in quote.channels] == ["on_account"]
    assert 0 < quote.amount < total
    summary = page.refund_summary.text()
    on_account = page.methods["on_account"]
    assert "月结" in on_account
    assert f"{on_account} ¥{quote.amount:,.2f}" in summary
    qtbot.mouseClick(page.refund_confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: coupons_text(page).endswith("[R]"), timeout=5000)
    assert on_account in page.message.text()
    with window.ctx.store.read() as session:
        assert session.scalars(select(Booking.status).where(Booking.pnr == pnr)).one() \
            == "refunded"


# -- refused passenger mixes ----------------------------------------------------------------


def test_child_on_an_adult_fare_and_two_infants_on_one_adult_are_refused(
    qtbot, window: MainWindow  # type: ignore[no-untyped-def]
) -> None:
    sale = window.sale
    sell_flight(qtbot, window, TODAY + timedelta(days=3), "Y")
    # A five-year-old sold as an adult. The form has no fare-type choice (the type follows
    # the ID's birth date), so the passenger is put in as a fare-type choice would be.
    child_id = resident_id(years_ago(5), "034")
    sale._append_passenger(PassengerInput("王小明", "NI", child_id,
                                          birth_date=years_ago(5),
                                          passenger_type=PassengerType.ADULT))
    sale.request_quote()
    qtbot.waitUntil(lambda: sale.message.text().startswith("旅客类型"), timeout=5000)
    assert sale.quote is None
    sale.book()  # nothing to book without a quote
    qtbot.wait(50)
    assert sale.held is None

    sale.new_sale()
    sell_flight(qtbot, window, TODAY + timedelta(days=3), "Y")
    add_typed_passenger(sale, "李娜", resident_id(date(1990, 3, 3), "042"))
    add_typed_passenger(sale, "李小一", resident_id(years_ago(1), "051"))
    add_typed_passenger(sale, "李小二", resident_id(years_ago(1, days=30), "062"))
    assert len(sale.passengers) == 3, sale.message.text()
    sale.request_quote()
    qtbot.waitUntil(lambda: sale.message.text().startswith("旅客"), timeout=5000)
    assert not sale.message.text().startswith("旅客类型")
    assert sale.quote is None
    assert sale.held is None
    assert [p.name for p in sale.passengers] == ["李娜", "李小一", "李小二"]  # kept
    assert bookings_count(window) == 0


# -- credit limit ---------------------------------------------------------------------------


def test_credit_limit_exceeded_needs_a_supervisor(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sale = window.sale
    customer = min(monthly_customers(window), key=lambda c: c.credit_limit)
    with window.ctx.store.unit_of_work() as session:
        row = session.get(Customer, customer.id)
        assert row is not None
        row.credit_limit_fen = 100_00  # ¥100: less than any fare
    sell_flight(qtbot, window, TODAY + timedelta(days=7), "Y")
    choose_customer(qtbot, sale, "agreement", customer)
    add_typed_passenger(sale, "赵磊", resident_id(date(1975, 9, 9), "071"))
    quote_and_book(qtbot, sale)
    sale.method_combo.setCurrentIndex(sale.method_combo.findData("on_account"))
    assert not sale.override_row.isVisible()
    sale.ticket()
    qtbot.waitUntil(lambda: sale.override_row.isVisible(), timeout=5000)
    assert sale.issued is None
    assert sale.message.text().startswith("金额")  # the amount field, as labelled
    assert sale.approver_edit.hasFocus() or not sale.isActiveWindow()

    # A plain clerk cannot approve.
    sale.approver_edit.setText("wangli")
    sale.approver_password.setText("demo1234")
    sale.override_reason.setText("老客户，月底结清")
    sale.ticket()
    qtbot.waitUntil(lambda: sale.message.text().startswith("主管授权"), timeout=5000)
    assert sale.issued is None
    assert sale.override_row.isVisible()

    sale.approver_edit.setText("chenhong")
    sale.approver_password.setText("super1234")
    sale.ticket()
    qtbot.waitUntil(lambda: sale.issued is not None, timeout=5000)
    assert sale.issued.override_by == "chenhong"
    assert sale.issued.paid[0][0] == "on_account"
    assert not sale.override_row.isVisible()
    with window.ctx.store.read() as session:
        audits = [(a.clerk_login, dict(a.detail)) for a in session.scalars(
            select(AuditEntry).where(AuditEntry.action == "override"))]
    assert [(login, detail.get("kind")) for login, detail in audits] == [
        ("chenhong", "credit_limit")
    ]
    detail = audits[0][1]
    assert Decimal(str(detail["needed"])) == sale.issued.total
    assert detail["customer"] == customer.code
    assert detail["reason"] == "老客户，月底结清"
