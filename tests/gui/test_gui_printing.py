"""Printing from the counter's pages, like a clerk: the itinerary receipt right after
ticketing (one serial per ticket, recorded before it prints), a replacement with its
reason, the e-invoice request with a bad credit code, and the day close report.

The printer is the edge of the world here: a recording spooler stands in for the receipt
printer (the real CUPS path has its own end-to-end test)."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from gui_support import NOW, TODAY
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from counter_app.gui.main_window import MainWindow
from counter_app.paths import database_path
from counter_app.printing.spool import CupsSpooler, JobRef, Printer
from counter_app.storage.db import open_store
from counter_app.storage.models import InvoiceRequest, NumberRange, OutboxEntry, ReceiptSerial

RECEIPT_PRINTER = "Receipt-LQ"


class RecordingSpooler:
    """A receipt printer that keeps what it was sent."""

    def __init__(self) -> None:
        self.jobs: list[tuple[str, str, bytes]] = []

    def printers(self) -> list[Printer]:
        return [Printer(RECEIPT_PRINTER, "Receipt printer", True, "idle", True)]

    def submit(self, pdf: bytes, *, printer: str, title: str, copies: int = 1,
               media: str | None = None) -> JobRef:
        self.jobs.append((printer, title, pdf))
        return JobRef(printer, str(len(self.jobs)))

    def job_state(self, ref: JobRef) -> str:
        return "completed"


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture
def window(selling: Path, counter, log_in) -> MainWindow:  # type: ignore[no-untyped-def]
    store = open_store(database_path(selling))
    try:
        with store.unit_of_work() as session:
            session.add(NumberRange(range_id="range-receipt", kind="receipt", prefix="",
                                    first=3_000_100, last=3_000_199, next_number=3_000_100))
    finally:
        store.close()
    win: MainWindow = log_in()
    spooler = RecordingSpooler()
    win.desk.spooler = spooler  # type: ignore[assignment]
    win.desk.queue.set_spooler(spooler)  # type: ignore[arg-type]
    win.spooler = spooler  # type: ignore[attr-defined]
    return win


def sell(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
         passengers: tuple[tuple[str, str], ...] = (("王𠮷", "11010519491231002X"),)) -> str:
    finder, sale = window.flight_finder, window.sale
    day = TODAY + timedelta(days=5)
    finder.date_edit.setDate(QDate(day.year, day.month, day.day))
    qtbot.keyClicks(finder.origin, "het")
    qtbot.keyClick(finder.origin, Qt.Key.Key_Return)
    qtbot.keyClicks(finder.destination, "pek")
    qtbot.keyClick(finder.destination, Qt.Key.Key_Return)
    qtbot.keyClick(finder.date_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: finder.flights_model.rowCount() > 0, timeout=5000)
    finder.flights_view.setFocus()
    qtbot.keyClick(finder.flights_view, Qt.Key.Key_Return)
    qtbot.keyClick(finder.classes_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is sale, timeout=2000)
    for name, id_number in passengers:
        sale.name_edit.setText(name)
        sale.id_edit.setText(id_number)
        qtbot.keyClick(sale.id_edit, Qt.Key.Key_Return)
    assert len(sale.passengers) == len(passengers), sale.message.text()
    qtbot.keyClick(sale.quote_button, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: sale.quote is not None, timeout=5000)
    qtbot.keyClick(sale.quote_button, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: sale.held is not None, timeout=5000)
    qtbot.keyClick(sale.quote_button, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: sale.issued is not None, timeout=5000)
    return sale.issued.tickets[0].ticket_number  # type: ignore[union-attr]


def test_receipt_after_ticketing_goes_to_the_receipt_printer_with_its_serial(
        qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.prefs.set_printer_for("receipt", RECEIPT_PRINTER)
    number = sell(qtbot, window)
    sale = window.sale
    qtbot.keyClick(sale.quote_button, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    spooler = window.spooler  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(spooler.jobs) == 1, timeout=10000)
    printer, title, pdf = spooler.jobs[0]
    assert printer == RECEIPT_PRINTER
    assert number in title
    text = pdf_text(pdf, tmp_path)
    assert "王𠮷" in text
    assert number in text
    assert "0003000100" in text
    assert sale.receipt_serials == {number: "0003000100"}
    assert not sale.receipts_button.isEnabled()  # printed once per ticket
    store = window.ctx.store
    assert store is not None
    with store.read() as session:
        row = session.get(ReceiptSerial, "0003000100")
        assert row is not None
        assert row.ticket_number == number
        assert row.status == "used"
        kinds = list(session.scalars(select(OutboxEntry.kind)))
    assert "receipt.print" in kinds


def test_without_a_receipt_printer_the_receipt_opens_in_the_preview(
        qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    number = sell(qtbot, window)
    window.sale.print_receipts()
    qtbot.waitUntil(lambda: len(window.desk.previews) == 1, timeout=10000)
    preview = window.desk.previews[0]
    assert number in preview.document.title
    qtbot.waitUntil(lambda: preview.page_count == 1, timeout=10000)
    preview.reject()


def test_after_sale_receipt_once_then_a_replacement_with_its_reason(
        qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.prefs.set_printer_for("receipt", RECEIPT_PRINTER)
    number = sell(qtbot, window)
    page = window.after_sale
    window.show_page(page)
    page.search_edit.setText(number)
    page.search()
    qtbot.waitUntil(lambda: page.tickets_model.rowCount() == 1, timeout=5000)
    page.tickets_view.selectRow(0)
    qtbot.waitUntil(lambda: page.receipt_button.isEnabled(), timeout=2000)
    page.print_receipt()
    spooler = window.spooler  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(spooler.jobs) == 1, timeout=10000)
    page.print_receipt()  # a second time: refused, says which serial it has
    qtbot.waitUntil(lambda: "0003000100" in page.message.text(), timeout=5000)
    page.print_receipt(replace_reason="打印机卡纸")
    qtbot.waitUntil(lambda: len(spooler.jobs) == 2, timeout=10000)
    store = window.ctx.store
    assert store is not None
    with store.read() as session:
        first = session.get(ReceiptSerial, "0003000100")
        second = session.get(ReceiptSerial, "0003000101")
        assert first is not None
        assert second is not None
        assert (first.status, first.reason) == ("voided", "打印机卡纸")
        assert second.status == "used"


def test_invoice_request_names_the_bad_credit_code_and_keeps_the_typing(
        qtbot, window: MainWindow, clock) -> None:  # type: ignore[no-untyped-def]
    number = sell(qtbot, window)
    clock.set(NOW + timedelta(days=6))  # the flight has flown
    page = window.after_sale
    window.show_page(page)
    page.search_edit.setText(number)
    page.search()
    qtbot.waitUntil(lambda: page.tickets_model.rowCount() == 1, timeout=5000)
    page.tickets_view.selectRow(0)
    page.open_invoice()
    dialog = page.invoice_dialog
    qtbot.waitUntil(lambda: "Eligible" in dialog.state_label.text()
                    or "可" in dialog.state_label.text(), timeout=5000)
    dialog.name_edit.setText("呼和浩特市某某科技有限公司")
    dialog.uscc_edit.setText("91350100M000100Y44")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=5000)
    assert dialog.uscc_edit.hasFocus() or dialog.message.text()
    assert dialog.name_edit.text() == "呼和浩特市某某科技有限公司"  # nothing lost
    dialog.uscc_edit.setText("91350100M000100Y43")
    with qtbot.waitSignal(dialog.requested, timeout=5000):
        dialog.submit()
    store = window.ctx.store
    assert store is not None
    with store.read() as session:
        row = session.scalars(select(InvoiceRequest)).one()
        assert (row.ticket_number, row.buyer_uscc, row.status) == (
            number, "91350100M000100Y43", "queued")


def test_day_close_report_shows_the_receipt_ledger(
        qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.prefs.set_printer_for("receipt", RECEIPT_PRINTER)
    sell(qtbot, window)
    window.sale.print_receipts()
    spooler = window.spooler  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(spooler.jobs) == 1, timeout=10000)
    window.desk.day_close(lambda e: pytest.fail(repr(e)), close=True)
    qtbot.waitUntil(lambda: len(window.desk.previews) == 1, timeout=10000)
    document = window.desk.previews[0].document
    text = pdf_text(document.pdf, tmp_path)
    assert "0003000100" in text
    assert "账实相符" in text
    window.desk.previews[0].reject()


def test_boarding_pass_after_check_in_on_the_after_sale_page(
        qtbot, window: MainWindow, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from counter_app.domain.bcbp import decode_m1
    from counter_app.storage.models import BookingSegment, Coupon, Flight, Ticket

    window.prefs.set_printer_for("boarding_pass", RECEIPT_PRINTER)
    number = sell(qtbot, window)
    store = window.ctx.store
    assert store is not None
    with store.read() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.ticket_number == number)).one()
        coupon = session.scalars(select(Coupon).where(Coupon.ticket_id == ticket.id)).one()
        coupon_id = coupon.id
        seg = session.get(BookingSegment, coupon.segment_id)
        assert seg is not None
        flight = session.get(Flight, seg.flight_id)
        assert flight is not None
        departure = datetime.combine(flight.dep_date, flight.dep_time, tzinfo=UTC) - timedelta(
            hours=8)
        flight_no = flight.flight_no
    page = window.after_sale
    window.show_page(page)
    page.search_edit.setText(number)
    page.search()
    qtbot.waitUntil(lambda: page.tickets_model.rowCount() == 1, timeout=5000)
    page.tickets_view.selectRow(0)
    page.boarding_pass("32A")  # five days before: check-in is not open
    qtbot.waitUntil(lambda: page.message.text() != "", timeout=5000)
    assert flight_no in page.message.text()
    clock.set(departure - timedelta(hours=3))
    page.boarding_pass("32a")
    spooler = window.spooler  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(spooler.jobs) == 1, timeout=10000)
    text = pdf_text(spooler.jobs[0][2], tmp_path)
    assert "32A" in text
    assert flight_no in text
    with store.read() as session:
        checked = session.get(Coupon, coupon_id)
        assert checked is not None
        assert (checked.seat, checked.checkin_seq) == ("32A", 1)
    code = documents_bcbp(store, coupon_id)
    assert "032A" in code  # the seat field of the M1 string: 3-digit row and the letter
    assert decode_m1(code).seat == "32A"


def documents_bcbp(store, coupon_id: str) -> str:  # type: ignore[no-untyped-def]
    from counter_app.services.documents import boarding_pass
    from counter_app.storage.models import Coupon

    with store.read() as session:
        coupon = session.get(Coupon, coupon_id)
        return boarding_pass(session, coupon).bcbp


def test_statement_of_an_agreement_customer_from_the_customers_page(
        qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = window.customers
    window.show_page(page)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("agreement"))
    qtbot.waitUntil(lambda: page.customers_model.rowCount() > 0, timeout=5000)
    page.customers_view.selectRow(0)
    qtbot.waitUntil(lambda: page.statement_button.isEnabled(), timeout=5000)
    name = page.selected_customer().name  # type: ignore[union-attr]
    qtbot.mouseClick(page.statement_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.desk.previews) == 1, timeout=10000)
    preview = window.desk.previews[0]
    assert preview.document.kind == "statement"
    assert name in pdf_text(preview.document.pdf, tmp_path)
    preview.reject()


def test_confirmation_on_the_paper_chosen_for_this_workstation(
        qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    number = sell(qtbot, window)
    window.prefs.confirmation_paper = "80mm"
    qtbot.keyClick(window.sale.quote_button, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(window.desk.previews) == 1, timeout=10000)
    document = window.desk.previews[0].document
    assert document.kind == "confirmation"
    assert round(document.page_width_mm) == 80
    text = pdf_text(document.pdf, tmp_path)
    assert number in text
    assert "王𠮷" in text
    window.desk.previews[0].reject()


def test_stock_running_out_half_way_loses_nothing(
        qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Two tickets, one serial left: the first prints, the second is refused with the
    reason; once head office's new range is in, Ctrl+P prints only the second."""
    store = window.ctx.store
    assert store is not None
    with store.unit_of_work() as session:
        stock = session.get(NumberRange, "range-receipt")
        assert stock is not None
        stock.next_number = stock.last  # one serial left
    window.prefs.set_printer_for("receipt", RECEIPT_PRINTER)
    sell(qtbot, window, (("王𠮷", "11010519491231002X"), ("李娜", "110105198506150225")))
    sale = window.sale
    first, second = (t.ticket_number for t in sale.issued.tickets)  # type: ignore[union-attr]
    sale.print_receipts()
    spooler = window.spooler  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(spooler.jobs) == 1 and sale.receipts_button.isEnabled(),
                    timeout=10000)
    assert "行程单印刷序号已用完" in sale.message.text() or "No itinerary" in sale.message.text()
    assert sale.receipt_serials == {first: "0003000199"}
    with store.unit_of_work() as session:  # the range head office grants at the next sync
        session.add(NumberRange(range_id="range-receipt-2", kind="receipt", prefix="",
                                first=3_000_500, last=3_000_599, next_number=3_000_500))
    qtbot.keyClick(sale.quote_button, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(spooler.jobs) == 2, timeout=10000)
    qtbot.waitUntil(lambda: second in sale.receipt_serials, timeout=5000)
    assert sale.receipt_serials == {first: "0003000199", second: "0003000500"}
    assert second in spooler.jobs[1][1]


class BrokenSpooler(RecordingSpooler):
    """The receipt printer switched off: the system says it is stopped."""

    def submit(self, pdf: bytes, *, printer: str, title: str, copies: int = 1,
               media: str | None = None) -> JobRef:
        from counter_app.printing.spool import PrintError

        raise PrintError("printer_stopped", printer=printer, detail="缺纸")


def test_a_failed_receipt_job_is_kept_shown_and_retried(
        qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.prefs.set_printer_for("receipt", RECEIPT_PRINTER)
    broken = BrokenSpooler()
    window.desk.queue.set_spooler(broken)  # type: ignore[arg-type]
    number = sell(qtbot, window)
    window.sale.print_receipts()
    queue = window.desk.queue
    qtbot.waitUntil(lambda: len(queue.failed_jobs()) == 1, timeout=10000)
    qtbot.waitUntil(lambda: window.print_failures.isVisible(), timeout=5000)
    job = queue.failed_jobs()[0]
    assert RECEIPT_PRINTER in job.message
    assert number in job.document.title
    working = window.spooler  # type: ignore[attr-defined]
    queue.set_spooler(working)
    assert queue.retry(job.job_id)
    qtbot.waitUntil(lambda: len(working.jobs) == 1, timeout=10000)
    assert working.jobs[0][2] == job.document.pdf  # the same receipt, the same serial
    qtbot.waitUntil(lambda: not window.print_failures.isVisible(), timeout=10000)


def test_with_no_print_system_the_receipt_waits_then_prints_on_its_serial(
        qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """No receipt printer chosen and no print system answering (the real CUPS tools, no
    cupsd): Ctrl+P takes the serial, and the receipt waits in the print queue, not in a
    preview that cannot print; once a printer answers it prints, the same serial."""
    no_cupsd = CupsSpooler(server=str(tmp_path / "no-cupsd.sock"), timeout_s=5)
    window.desk.spooler = no_cupsd
    queue = window.desk.queue
    queue.set_spooler(no_cupsd)
    number = sell(qtbot, window)
    sale = window.sale
    qtbot.keyClick(sale.quote_button, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(queue.failed_jobs()) == 1, timeout=10000)
    assert window.desk.previews == []
    job = queue.failed_jobs()[0]
    assert (job.code, job.printer) == ("spooler_unavailable", "")
    assert number in job.document.title
    assert "0003000100" in pdf_text(job.document.pdf, tmp_path)
    assert sale.receipt_serials == {number: "0003000100"}
    assert not sale.receipts_button.isEnabled()  # its serial is used: it waits in the queue
    qtbot.waitUntil(lambda: window.print_failures.isVisible(), timeout=5000)
    assert "Ctrl+J" in job.message

    working = window.spooler  # type: ignore[attr-defined]
    queue.set_spooler(working)
    queue.look_for_printer()  # what its timer does every few seconds
    qtbot.waitUntil(lambda: len(working.jobs) == 1, timeout=10000)
    printer, _title, pdf = working.jobs[0]
    assert (printer, pdf) == (RECEIPT_PRINTER, job.document.pdf)
    qtbot.waitUntil(lambda: not window.print_failures.isVisible(), timeout=10000)
    store = window.ctx.store
    assert store is not None
    with store.read() as session:
        serials = session.scalars(select(ReceiptSerial)).all()
        assert [(r.serial, r.ticket_number, r.status) for r in serials] == [
            ("0003000100", number, "used")]  # nothing spoiled, nothing taken twice
