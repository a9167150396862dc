"""Shared by the seat dialog's GUI tests: a family's booking made through the real services
on the demo store (the counter holds leases on HET→PEK, see the ``selling`` fixture), the
seat dialog opened from the Sale page by its shortcut, and waiting for what it shows."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

from gui_support import TODAY
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from counter_app.domain.ids import resident_id_check_char
from counter_app.gui.main_window import MainWindow
from counter_app.gui.seat_dialog import SeatDialog
from counter_app.printing.spool import JobRef, Printer
from counter_app.services.booking import (
    HeldBooking,
    IssuedBooking,
    PassengerInput,
    PaymentInput,
    SegmentChoice,
    book,
    ticket_booking,
)
from counter_app.storage.models import Flight, OutboxEntry, SeatChoice

OUT_DAY = TODAY + timedelta(days=3)  # CA1144 HET→PEK 12:10, an A321 (CA-A321: exit rows 44-45)


def resident_id(birth: date, serial: str) -> str:
    first17 = f"150102{birth:%Y%m%d}{serial}"
    return first17 + resident_id_check_char(first17)


ZHANG = PassengerInput("张伟", "NI", resident_id(date(1980, 1, 1), "011"), mobile="13800000001")
LI = PassengerInput("李娜", "NI", resident_id(date(1982, 5, 6), "022"))
CHILD = PassengerInput("张小明", "NI", resident_id(TODAY.replace(year=TODAY.year - 8)
                                                 - timedelta(days=30), "031"))
TEEN = PassengerInput("张小红", "NI", resident_id(TODAY.replace(year=TODAY.year - 13)
                                                - timedelta(days=30), "042"))
INFANT = PassengerInput("张宝宝", "NI", resident_id(TODAY - timedelta(days=200), "051"),
                        infant_of=0)


def flight_id(window: MainWindow, day: date = OUT_DAY, flight_no: str = "CA1144") -> str:
    store = window.ctx.store
    assert store is not None
    with store.read() as session:
        return str(session.scalars(select(Flight.id).where(
            Flight.flight_no == flight_no, Flight.dep_date == day)).one())


def hold(window: MainWindow, passengers: list[PassengerInput], day: date = OUT_DAY,
         flight_no: str = "CA1144") -> HeldBooking:
    """The passengers booked on the flight (held), at the counter's clock."""
    store, clerk = window.ctx.store, window.ctx.clerk
    assert store is not None
    assert clerk is not None
    fid = flight_id(window, day, flight_no)
    with store.unit_of_work() as session:
        return book(session, segments=[SegmentChoice(fid, "Y")], passengers=passengers,
                    customer_id=None, clerk=clerk, now=window.ctx.clock.now())


def sell(window: MainWindow, passengers: list[PassengerInput], day: date = OUT_DAY,
         flight_no: str = "CA1144") -> IssuedBooking:
    held = hold(window, passengers, day, flight_no)
    store, clerk = window.ctx.store, window.ctx.clerk
    assert store is not None
    assert clerk is not None
    with store.unit_of_work() as session:
        return ticket_booking(session, held.booking_id, [PaymentInput("cash", held.quote.total)],
                              clerk=clerk, now=window.ctx.clock.now())


def open_from_sale(qtbot, window: MainWindow, held: HeldBooking) -> SeatDialog:  # type: ignore[no-untyped-def]
    """The booking held on the Sale page (as F7 leaves it), then Ctrl+E: the seat dialog."""
    page = window.sale
    window.show_page(page)
    page.state.booking.held = held
    page._refresh_state()
    assert page.seats_bar.button.isEnabled()
    before = page.seats_bar.dialog
    window.activateWindow()  # a shortcut works in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.seats_bar.dialog not in (None, before), timeout=5000)
    dialog = page.seats_bar.dialog
    assert dialog is not None
    ready(qtbot, dialog)
    return dialog


def ready(qtbot, dialog: SeatDialog) -> None:  # type: ignore[no-untyped-def]
    """The dialog shows its passengers and map, and the map has the keyboard."""
    qtbot.waitUntil(lambda: dialog.shown is not None and dialog.roster.model.rowCount() > 0,
                    timeout=10000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.map, timeout=5000)


def settled(qtbot, dialog: SeatDialog) -> None:  # type: ignore[no-untyped-def]
    """No choice on its way and no read pending."""
    qtbot.waitUntil(lambda: not dialog._busy and all(t.finished for t in dialog._tasks),
                    timeout=20000)


def seats_of(window: MainWindow, booking_id: str) -> dict[str, tuple[str, str]]:
    """passenger name -> (seat, state) of the booking's live choices, from the store."""
    from counter_app.storage.models import BookingPassenger

    store = window.ctx.store
    assert store is not None
    with store.read() as session:
        rows = session.execute(
            select(BookingPassenger.name, SeatChoice.seat, SeatChoice.state)
            .join(BookingPassenger, BookingPassenger.id == SeatChoice.passenger_id)
            .where(SeatChoice.booking_id == booking_id,
                   SeatChoice.state.in_(("provisional", "confirmed", "moved")))).all()
    return {name: (seat, state) for name, seat, state in rows}


def seat_ops(window: MainWindow) -> list[str]:
    store = window.ctx.store
    assert store is not None
    with store.read() as session:
        return [str(e.payload.get("seat", "")) for e in session.scalars(
            select(OutboxEntry).where(OutboxEntry.kind == "seat.choose")
            .order_by(OutboxEntry.seq))]


def type_seat(qtbot, dialog: SeatDialog, seat: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``32A`` on the map: it jumps there."""
    qtbot.keyClicks(dialog.map, seat)
    qtbot.waitUntil(lambda: dialog.map.current() == seat.upper(), timeout=2000)


BOARDING_PRINTER = "Receipt-LQ"


class PdfPrinter:
    """The boarding-pass printer (the edge of the world): keeps each job's PDF."""

    def __init__(self) -> None:
        self.jobs: list[bytes] = []

    def printers(self) -> list[Printer]:
        return [Printer(BOARDING_PRINTER, "Receipt printer", True, "idle", True)]

    def submit(self, pdf: bytes, *, printer: str, title: str, copies: int = 1,
               media: str | None = None) -> JobRef:
        self.jobs.append(pdf)
        return JobRef(printer, str(len(self.jobs)))

    def job_state(self, ref: JobRef) -> str:
        return "completed"


def pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "printed.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
