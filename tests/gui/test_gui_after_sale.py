"""The after-sale page (售后) driven like a clerk, on sales made through the real services:
find a booking, void, refund with its fee, change with fee and fare difference, name
correction, held bookings cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from gui_support import NOW, TODAY
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from counter_app.domain.ids import resident_id_check_char
from counter_app.gui.app import CounterApp
from counter_app.gui.pages.after_sale import AfterSalePage
from counter_app.kernel.clock import FixedClock
from counter_app.services.after_sale import change, day_close, quote_change
from counter_app.services.booking import (
    HeldBooking,
    IssuedBooking,
    PassengerInput,
    PaymentInput,
    SegmentChoice,
    book,
    ticket_booking,
)
from counter_app.services.identity import ClerkSession
from counter_app.storage.db import Store
from counter_app.storage.models import (
    Airline,
    Booking,
    Flight,
    HeadOfficeRequest,
    Lease,
    NumberRange,
    OutboxEntry,
)

OUT_DAY = TODAY + timedelta(days=3)  # CA1144 12:10: 75 h ahead, the 48 h–7 d fee window


def resident_id(birth: date, serial: str) -> str:
    first17 = f"150102{birth:%Y%m%d}{serial}"
    return first17 + resident_id_check_char(first17)


ZHANG = PassengerInput("张伟", "NI", resident_id(date(1980, 1, 1), "011"), mobile="13800000001")


@dataclass
class Counter:
    page: AfterSalePage
    store: Store
    clerk: ClerkSession
    flights: dict[int, str]  # days after OUT_DAY -> CA1144's flight id

    def hold(self, class_code: str = "Y", day: int = 0) -> HeldBooking:
        with self.store.unit_of_work() as session:
            return book(session, segments=[SegmentChoice(self.flights[day], class_code)],
                        passengers=[ZHANG], customer_id=None, clerk=self.clerk, now=NOW)

    def sell(self, class_code: str = "Y") -> IssuedBooking:
        held = self.hold(class_code)
        with self.store.unit_of_work() as session:
            return ticket_booking(session, held.booking_id,
                                  [PaymentInput("cash", held.quote.total)],
                                  clerk=self.clerk, now=NOW)


@pytest.fixture
def counter_page(qtbot, counter: CounterApp, log_in) -> Counter:  # type: ignore[no-untyped-def]
    """Logged in as wangli (HET001); the counter holds what head office would have granted
    it: Y seats on CA1144 HET→PEK on OUT_DAY and the day after, ticket-number ranges."""
    window = log_in()
    ctx = counter.ctx
    store, clerk = ctx.store, ctx.clerk
    assert store is not None
    assert clerk is not None
    flights: dict[int, str] = {}
    with store.unit_of_work() as session:
        for offset in (0, 1, 2):
            flights[offset] = session.scalars(
                select(Flight.id).where(Flight.flight_no == "CA1144",
                                        Flight.dep_date == OUT_DAY + timedelta(days=offset))
            ).one()
        expires = NOW.replace(tzinfo=None) + timedelta(days=30)
        for offset in (0, 1):  # none on the third day: outside the allotment
            session.add(Lease(lease_id=f"lease-{offset}", flight_id=flights[offset], cabin="Y",
                              granted=9, used_local=0, expires_at=expires, status="active"))
        for prefix in sorted(set(session.scalars(select(Airline.prefix)))):
            session.add(NumberRange(range_id=f"range-{prefix}", kind="ticket", prefix=prefix,
                                    first=2_090_000_000, last=2_090_000_999,
                                    next_number=2_090_000_000))
    page = AfterSalePage(window.desk_ctx)
    qtbot.addWidget(page)
    page.resize(1180, 760)
    page.show()
    qtbot.waitExposed(page)
    return Counter(page, store, clerk, flights)


def find(qtbot, page: AfterSalePage, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type the text (keys for ASCII; Chinese set as an input method would) and Enter."""
    page.search_edit.setFocus()
    page.search_edit.clear()
    if text.isascii():
        qtbot.keyClicks(page.search_edit, text)
    else:
        page.search_edit.setText(text)
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.bookings_model.rowCount() > 0, timeout=5000)
    qtbot.waitUntil(lambda: page.tickets_model.rowCount() > 0, timeout=5000)


def coupons_text(page: AfterSalePage, row: int = 0) -> str:
    return str(page.tickets_model.index(row, 6).data())


def booking_status(store: Store, pnr: str) -> str:
    with store.read() as session:
        return str(session.scalars(select(Booking.status).where(Booking.pnr == pnr)).one())


def test_find_a_booking_by_locator_ticket_number_and_name(qtbot, counter_page: Counter) -> None:  # type: ignore[no-untyped-def]
    page = counter_page.page
    sale = counter_page.sell()
    number = sale.tickets[0].ticket_number
    for text in (sale.pnr.lower(), number.replace("-", ""), "张伟", "zhangwei"):
        find(qtbot, page, text)
        assert [r.summary.pnr for r in page.bookings_model.rows()] == [sale.pnr], text
    row = page.bookings_model.rows()[0]
    assert row.total == sale.total
    assert page.bookings_model.index(0, 6).data() == number  # the tickets column, last
    assert page.tickets_model.index(0, 0).data() == number
    assert "CA1144 HET-PEK" in coupons_text(page)
    assert coupons_text(page).endswith("[O]")
    assert sale.pnr in page.detail_title.text()
    # Filtering as the clerk types: no Enter needed.
    page.search_edit.setText("nobody")
    qtbot.waitUntil(lambda: page.bookings_model.rowCount() == 0, timeout=3000)
    assert page.tickets_model.rowCount() == 0
    assert not page.void_button.isEnabled()


def test_void_the_same_day_with_f8(qtbot, counter_page: Counter) -> None:  # type: ignore[no-untyped-def]
    page = counter_page.page
    sale = counter_page.sell()
    find(qtbot, page, sale.pnr)
    page.activateWindow()
    page.tickets_view.setFocus()
    qtbot.keyClick(page.tickets_view, Qt.Key.Key_F8)
    if not page.void_reason.isVisible():  # no active window on some platforms: the button
        qtbot.mouseClick(page.void_button, Qt.MouseButton.LeftButton)
    assert page.void_reason.isVisible()
    qtbot.keyClick(page.void_reason, Qt.Key.Key_Return)  # no reason: refused, field named
    qtbot.waitUntil(lambda: page.last_error is not None, timeout=5000)
    assert page.last_error is not None
    assert page.last_error.code == "void_reason_required"
    qtbot.keyClicks(page.void_reason, "passenger cancelled")
    qtbot.keyClick(page.void_reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: coupons_text(page).endswith("[V]"), timeout=5000)
    assert booking_status(counter_page.store, sale.pnr) == "void"
    assert format(sale.total, ",.2f") in page.message.text()
    assert not page.void_button.isEnabled()  # the ticket is void now


def test_void_after_the_day_close_is_refused(qtbot, counter_page: Counter) -> None:  # type: ignore[no-untyped-def]
    page = counter_page.page
    sale = counter_page.sell()
    with counter_page.store.unit_of_work() as session:
        day_close(session, counter_page.clerk, NOW + timedelta(minutes=5))
    find(qtbot, page, sale.tickets[0].ticket_number)
    qtbot.mouseClick(page.void_button, Qt.MouseButton.LeftButton)
    page.void_reason.setText("晚了")
    qtbot.mouseClick(page.void_confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.last_error is not None, timeout=5000)
    assert page.last_error is not None
    assert page.last_error.code == "void_after_day_close"
    assert page.message.text().startswith("票号")  # the field is named
    assert booking_status(counter_page.store, sale.pnr) == "ticketed"
    assert coupons_text(page).endswith("[O]")


def test_refund_shows_the_fee_then_refunds(qtbot, counter_page: Counter) -> None:  # type: ignore[no-untyped-def]
    page = counter_page.page
    sale = counter_page.sell("Y")
    find(qtbot, page, sale.pnr)
    qtbot.mouseClick(page.refund_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.refund_model.rowCount() == 1, timeout=5000)
    [line] = page.refund_model.rows()
    # fee_rules.json, the default "full" ladder: 5 % of the face fare from 48 h to 7 days
    # before departure, rounded to whole yuan.
    fee = (line.face_fare * Decimal("0.05")).quantize(Decimal("1"), ROUND_HALF_UP)
    assert line.fee == fee > 0
    assert (line.cn_fund_back, line.fuel_back) == (50, 10)
    assert line.amount == line.face_fare - fee + 60
    fee_cell = str(page.refund_model.index(0, 4).data())
    assert f"¥{fee:,.2f}" in fee_cell
    assert "5%" in fee_cell
    summary = page.refund_summary.text()
    assert f"¥{fee:,.2f}" in summary
    assert f"¥{line.amount:,.2f}" in summary
    assert page.methods["cash"] in summary  # back by the way it was paid
    # Involuntary: free.
    page.refund_reason.setCurrentIndex(1)
    qtbot.waitUntil(lambda: bool(page.refund_model.rows())
                    and page.refund_model.rows()[0].fee == 0, timeout=5000)
    page.refund_reason.setCurrentIndex(0)
    qtbot.waitUntil(lambda: bool(page.refund_model.rows())
                    and page.refund_model.rows()[0].fee == fee, timeout=5000)
    qtbot.mouseClick(page.refund_confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: coupons_text(page).endswith("[R]"), timeout=5000)
    assert page.tickets_model.rows()[0].status == "refunded"
    assert booking_status(counter_page.store, sale.pnr) == "refunded"
    assert f"¥{line.amount:,.2f}" in page.message.text()
    # The refund slip (退票单) is offered at once, in the preview; and again from the button.
    desk = page.ctx.desk
    assert desk is not None
    qtbot.waitUntil(lambda: len(desk.previews) == 1, timeout=10000)
    preview = desk.previews[0]
    assert preview.document.kind == "refund_slip"
    assert sale.tickets[0].ticket_number in preview.document.title
    qtbot.waitUntil(lambda: preview.page_count == 1, timeout=10000)
    preview.reject()
    qtbot.waitUntil(lambda: not desk.previews, timeout=5000)
    assert page.refund_slip_button.isEnabled()
    qtbot.mouseClick(page.refund_slip_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(desk.previews) == 1, timeout=10000)
    assert desk.previews[0].document.meta["ticket_number"] == sale.tickets[0].ticket_number
    desk.previews[0].reject()


def test_change_to_the_next_day_pays_fee_and_difference(qtbot, counter_page: Counter) -> None:  # type: ignore[no-untyped-def]
    page = counter_page.page
    sale = counter_page.sell("M")
    number = sale.tickets[0].ticket_number
    find(qtbot, page, number)
    qtbot.mouseClick(page.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.change_flights_model.rowCount() > 0, timeout=5000)
    assert {o.flight_no[:2] for o in page.change_flights_model.rows()} == {"CA"}

    # Two days later: no seats of this counter's allotment, only head office can.
    two = OUT_DAY + timedelta(days=2)
    page.change_date.setDate(QDate(two.year, two.month, two.day))
    qtbot.mouseClick(page.change_find, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.change_flights_model.rows()[0].dep_date == two, timeout=5000)
    page.change_class.setCurrentIndex(page.change_class.findData("Y"))
    qtbot.waitUntil(lambda: page.last_error is not None, timeout=5000)
    assert page.last_error is not None
    assert page.last_error.code == "needs_head_office"
    assert page.head_office_box.isVisible()
    assert not page.change_confirm.isEnabled()
    # Queue a request for head office instead: a local row and its outbox op.
    queue = page.findChild(QPushButton, "queueRequestButton")
    assert queue is page.queue_request_button
    assert queue.isVisible()
    assert queue.isEnabled()
    page.head_office_note.setText("passenger wants CA1144 two days later")
    qtbot.mouseClick(queue, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.last_request_id is not None, timeout=5000)
    assert page.message.text() == page.head_office_box.tr(
        "Request queued; it reaches head office with the next sync.")
    assert not page.head_office_box.isVisible()
    with counter_page.store.read() as session:
        [op] = session.scalars(select(OutboxEntry).where(
            OutboxEntry.kind == "request.head_office")).all()
        request = session.get(HeadOfficeRequest, page.last_request_id)
        assert request is not None
        assert (op.state, op.payload["request_id"]) == ("pending", request.id)
        assert (request.action, request.ticket_number, request.flight_no, request.pnr) == (
            "change", number, "CA1144", sale.pnr)
        assert request.note == op.payload["note"] == "passenger wants CA1144 two days later"
        assert (request.status, request.clerk_login) == ("queued", counter_page.clerk.login)

    nxt = OUT_DAY + timedelta(days=1)
    page.change_date.setDate(QDate(nxt.year, nxt.month, nxt.day))
    qtbot.mouseClick(page.change_find, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.change_flights_model.rows()[0].dep_date == nxt, timeout=5000)
    page.change_class.setCurrentIndex(page.change_class.findData("Y"))
    qtbot.waitUntil(lambda: page.change_confirm.isEnabled(), timeout=5000)
    quote = page._change_quote
    assert quote is not None
    assert not page.head_office_box.isVisible()
    # The CA discount ladder: 5 % change fee 48 h–7 d ahead, plus the fare difference M→Y.
    fee = (quote.old_face_fare * Decimal("0.05")).quantize(Decimal("1"), ROUND_HALF_UP)
    assert quote.fee.amount == fee > 0
    assert quote.fee.fare_difference == quote.new_face_fare - quote.old_face_fare > 0
    summary = page.change_summary.text()
    for amount in (fee, quote.fee.fare_difference, quote.total_due):
        assert f"¥{amount:,.2f}" in summary
    page.change_payment.setCurrentIndex(page.change_payment.findData("bank_card"))
    qtbot.mouseClick(page.change_confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.tickets_model.rowCount() == 2, timeout=5000)
    new, old = page.tickets_model.rows()  # the ticket in force first
    assert (old.ticket_number, old.status, old.coupons[0].status) == (number, "exchanged", "E")
    assert (new.exchanged_from, new.status, new.coupons[0].status) == (number, "issued", "O")
    assert (new.coupons[0].dep_date, new.coupons[0].class_code) == (nxt, "Y")
    assert new.ticket_number in page.message.text()
    assert page.tickets_view.currentIndex().row() == 0  # the new ticket is selected


def test_name_correction_refused_for_another_person_then_a_typo_approved(
    qtbot, counter_page: Counter  # type: ignore[no-untyped-def]
) -> None:
    page = counter_page.page
    sale = counter_page.sell()
    find(qtbot, page, sale.pnr)
    qtbot.mouseClick(page.name_button, Qt.MouseButton.LeftButton)
    assert page.new_name.text() == "张伟"
    page.new_name.setText("王五")
    qtbot.keyClick(page.new_name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last_error is not None, timeout=5000)
    assert page.last_error is not None
    assert page.last_error.code == "name_change_refused"
    assert page.last_error.params["reason"] == "change_of_person"
    assert "\n" in page.message.text()  # the reason in the clerk's words under the message

    page.new_name.setText("章伟")  # one wrong character: a supervisor must approve
    qtbot.mouseClick(page.name_confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.last_error is not None
                    and page.last_error.code == "override_required", timeout=5000)
    assert page.approver_login.hasFocus() or not page.isActiveWindow()
    page.approver_login.setText("chenhong")
    page.approver_password.setText("super1234")
    page.approval_reason.setText("同音字录入错误")
    qtbot.keyClick(page.approval_reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.tickets_model.rowCount() > 0
                    and page.tickets_model.rows()[0].passenger_name == "章伟", timeout=10000)
    assert "chenhong" in page.message.text()


def test_held_booking_listed_then_cancelled(qtbot, counter_page: Counter) -> None:  # type: ignore[no-untyped-def]
    page = counter_page.page
    held = counter_page.hold()
    page.tabs.setCurrentIndex(1)  # the list is read again when its tab is shown
    qtbot.waitUntil(lambda: page.held_model.rowCount() == 1, timeout=5000)
    [row] = page.held_model.rows()
    assert row.pnr == held.pnr
    assert not row.expired
    assert row.minutes_left > 0
    assert "(1)" in page.tabs.tabText(1)
    assert page.held_model.index(0, 5).data() != page.held.tr("expired")
    # Found by the search too, with the quoted total.
    find_text = held.pnr
    page.search_edit.setText(find_text)
    qtbot.waitUntil(lambda: page.bookings_model.rowCount() == 1, timeout=5000)
    assert page.bookings_model.rows()[0].total == held.quote.total
    # Past the ticketing deadline: marked expired (and still cancellable by hand).
    clock = page.ctx.clock
    assert isinstance(clock, FixedClock)
    clock.set(held.ticketing_deadline + timedelta(minutes=1))
    page.refresh_held()
    qtbot.waitUntil(lambda: page.held_model.rows()[0].expired, timeout=5000)
    assert page.held_model.index(0, 5).data() == page.held.tr("expired")
    assert page.held.tr("%1 expired").replace("%1", "1") in page.tabs.tabText(1)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert held.pnr in page.cancel_label.text()
    qtbot.mouseClick(page.cancel_confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.held_model.rowCount() == 0, timeout=5000)
    assert booking_status(counter_page.store, held.pnr) == "cancelled"
    with counter_page.store.read() as session:
        lease = session.get(Lease, "lease-0")
        assert lease is not None
        assert lease.used_local == 0


BABY = PassengerInput("张宝宝", "NI", resident_id(TODAY - timedelta(days=300), "041"))


def test_an_adult_and_the_infant_on_their_lap_change_together(qtbot, counter_page: Counter) -> None:  # type: ignore[no-untyped-def]
    page, store, clerk = counter_page.page, counter_page.store, counter_page.clerk
    with store.unit_of_work() as session:
        held = book(session, segments=[SegmentChoice(counter_page.flights[0], "Y")],
                    passengers=[ZHANG, BABY], customer_id=None, clerk=clerk, now=NOW)
    with store.unit_of_work() as session:
        sale = ticket_booking(session, held.booking_id, [PaymentInput("cash", held.quote.total)],
                              clerk=clerk, now=NOW)
    adult, infant = (t.ticket_number for t in sale.tickets)
    nxt = OUT_DAY + timedelta(days=1)

    def change_to_next_day() -> None:
        qtbot.keyClick(page.tickets_view, Qt.Key.Key_F7)
        qtbot.waitUntil(lambda: page.change_flights_model.rowCount() > 0, timeout=5000)
        page.change_date.setDate(QDate(nxt.year, nxt.month, nxt.day))
        qtbot.mouseClick(page.change_find, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.change_flights_model.rows()[0].dep_date == nxt,
                        timeout=5000)

    # The infant alone: refused, saying to change the adult's ticket instead.
    find(qtbot, page, infant)
    page.tickets_view.selectRow(1)
    assert page.selected_ticket().ticket_number == infant  # type: ignore[union-attr]
    change_to_next_day()
    assert not page.change_with_infant.isVisible()
    qtbot.waitUntil(lambda: page.last_error is not None, timeout=5000)
    assert page.last_error.code == "infant_change_alone"  # type: ignore[union-attr]
    assert "张伟" in page.message.text()
    assert not page.change_confirm.isEnabled()
    qtbot.keyClick(page.tickets_view, Qt.Key.Key_Escape)

    # The adult: the infant goes too, one quote and one payment for both.
    page.tickets_view.selectRow(0)
    change_to_next_day()
    assert page.change_with_infant.isVisible()
    assert page.change_with_infant.isChecked()
    qtbot.waitUntil(lambda: page.change_confirm.isEnabled(), timeout=5000)
    quote = page._change_quote
    assert quote is not None
    assert quote.infant is not None
    assert quote.infant.ticket_number == infant
    assert "张宝宝" in page.change_summary.text()
    assert f"¥{quote.total_due:,.2f}" in page.change_summary.text()
    # Unticked, the adult alone is refused with what to do.
    page.change_with_infant.setChecked(False)
    qtbot.waitUntil(lambda: page.last_error is not None, timeout=5000)
    assert page.last_error.code == "change_with_infant"  # type: ignore[union-attr]
    assert not page.change_confirm.isEnabled()
    page.change_with_infant.setChecked(True)
    qtbot.waitUntil(lambda: page.change_confirm.isEnabled(), timeout=5000)
    qtbot.mouseClick(page.change_confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.tickets_model.rowCount() == 4, timeout=5000)
    valid = [t for t in page.tickets_model.rows() if t.status == "issued"]
    assert sorted((t.exchanged_from, t.coupons[0].dep_date) for t in valid) == sorted(
        [(adult, nxt), (infant, nxt)])
    assert "张宝宝" in page.message.text()
    # The booking list names the flight in force only, not the one exchanged away.
    qtbot.waitUntil(lambda: page.bookings_model.rows()[0].summary.flights == (
        f"CA1144 HET-PEK {nxt}",), timeout=5000)
    with store.read() as session:
        kinds = [(op.kind, op.payload["old_ticket_number"]) for op in session.scalars(
            select(OutboxEntry).where(OutboxEntry.kind == "sale.change")
            .order_by(OutboxEntry.seq))]
    assert kinds == [("sale.change", adult), ("sale.change", infant)]


LI = PassengerInput("李娜", "NI", resident_id(date(1985, 6, 15), "022"))


@pytest.mark.parametrize("size", [(1280, 800), (1600, 1000)])
def test_five_tickets_all_show_in_force_first_and_the_total_stays_on_screen(  # type: ignore[no-untyped-def]
    qtbot, counter_page: Counter, counter: CounterApp, size: tuple[int, int]
) -> None:
    store, clerk, flights = counter_page.store, counter_page.clerk, counter_page.flights
    with store.unit_of_work() as session:
        held = book(session, segments=[SegmentChoice(flights[0], "Y")],
                    passengers=[ZHANG, BABY, LI], customer_id=None, clerk=clerk, now=NOW)
    with store.unit_of_work() as session:
        sale = ticket_booking(session, held.booking_id, [PaymentInput("cash", held.quote.total)],
                              clerk=clerk, now=NOW)
    adult = sale.tickets[0].ticket_number
    with store.read() as session:
        due = quote_change(session, adult, 1, flights[1], "Y", NOW, with_infant=True).total_due
    with store.unit_of_work() as session:
        change(session, adult, 1, flights[1], "Y", [PaymentInput("cash", due)] if due else [],
               clerk=clerk, now=NOW, with_infant=True)
    window = counter.main_window
    assert window is not None
    window.resize(*size)
    window.show()
    window.show_page(window.after_sale)
    page = window.after_sale
    qtbot.waitUntil(lambda: page.isVisible(), timeout=5000)
    find(qtbot, page, sale.pnr)
    qtbot.waitUntil(lambda: page.tickets_model.rowCount() == 5, timeout=5000)
    qtbot.wait(50)
    # In force first (the new exchange tickets and the one never changed), then exchanged.
    assert [t.status for t in page.tickets_model.rows()] == ["issued"] * 3 + ["exchanged"] * 2
    view = page.tickets_view
    assert not view.verticalScrollBar().isVisible()
    bottom = view.viewport().height()
    for row in range(5):
        rect = view.visualRect(page.tickets_model.index(row, 0))
        assert rect.top() >= 0, (row, rect)
        assert rect.bottom() <= bottom, (row, rect, bottom)
    # The action panel keeps its room under them.
    assert page.panels.height() >= 200
    # The booking's total is on screen, whatever the flights and tickets cells hold.
    bookings = page.bookings_view
    header = bookings.horizontalHeader()
    total = 2
    assert page.bookings_model.headerData(total, Qt.Orientation.Horizontal) == page.finder.tr(
        "Total")
    right = header.sectionViewportPosition(total) + header.sectionSize(total)
    assert right <= bookings.viewport().width()
    # Paid: the sale and the change.
    assert page.bookings_model.index(0, total).data() == f"¥{sale.total + due:,.2f}"
