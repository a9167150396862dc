"""The main window: navigation of the work areas on the left, the current page on the
right, the clerk, outlet and data state in the status bar.

Work areas are added as pages; F2, F3 ... jump to them in navigation order. Held
bookings whose ticketing deadline has passed are released at start and every minute.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from counter_app.gui.context import AppContext, DeskContext
from counter_app.gui.documents import DocumentDesk
from counter_app.gui.enroll_dialog import EnrollDialog
from counter_app.gui.messages import ERROR_STYLE
from counter_app.gui.operations import holds
from counter_app.gui.pages.after_sale import AfterSalePage
from counter_app.gui.pages.customers import CustomersPage
from counter_app.gui.pages.flight_finder import FlightFinderPage
from counter_app.gui.pages.gp_page import GpPage
from counter_app.gui.pages.sale import SalePage
from counter_app.gui.pages.sync_page import SyncPage
from counter_app.gui.settings import Preferences
from counter_app.gui.settings_dialog import SettingsDialog, data_dir_description
from counter_app.gui.sync_controller import SyncController, credential_store
from counter_app.gui.widgets.named import named
from counter_app.gui.widgets.sync_indicator import SyncIndicator
from counter_app.kernel.clock import SHANGHAI
from counter_app.services.flights import ClassOffer, FlightOffer


class MainWindow(QMainWindow):
    """Emits ``logoutRequested`` when the clerk logs out (the app shows the login again)."""

    logoutRequested = Signal()

    def __init__(
        self,
        ctx: AppContext,
        prefs: Preferences,
        sync: SyncController,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.prefs = prefs
        self.sync = sync
        self._releasing = False
        self._closed = False
        self.released_pnrs: list[str] = []
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Counter — air-ticket counter"))
        self.resize(1280, 780)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(170)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 12pt; } QListWidget::item { padding: 8px; }"
        )
        self.pages = QStackedWidget(self)
        session = ctx.logged_in(sync)
        self.desk = DocumentDesk(session, prefs, self)
        # What the pages share: workspace, places, clerk, sync and desk, none of them None.
        self.desk_ctx: DeskContext = session.at_desk(self.desk)
        self.desk.status.connect(lambda text: self.statusBar().showMessage(text, 15000))

        self.flight_finder = FlightFinderPage(self.desk_ctx, self)
        self.customers = CustomersPage(self.desk_ctx, self)
        self.sale = SalePage(self.desk_ctx, self)
        self.after_sale = AfterSalePage(self.desk_ctx, self)
        self._add_page(self.tr("Flights"), self.flight_finder, "F2")
        self._add_page(self.tr("Sale"), self.sale, "F3")
        self._add_page(self.tr("After sale"), self.after_sale, "F4")
        self.flight_finder.segmentChosen.connect(self._add_segment)
        self.flight_finder.itineraryChosen.connect(lambda: self.show_page(self.sale))
        self.sale.status.connect(self.statusBar().showMessage)
        self.desk.receiptPrinted.connect(self.sale._receipt_printed)
        self.sale.changed.connect(self.sync.wake)
        self.sync_page = SyncPage(self.desk_ctx, self)
        self._add_page(self.tr("Customers"), self.customers, "F12")
        self._add_page(self.tr("Sync"), self.sync_page, "F9")
        self.gp = GpPage(self.desk_ctx, self)  # F6 is the Sale page's quote, After sale's refund
        self._add_page(self.tr("GP services"), self.gp, "F10")
        if self.desk_ctx.clerk.role == "head_office":  # the inbox, for head office only
            from counter_app.gui.inbox.page import HeadOfficeInboxPage
            self.inbox = HeadOfficeInboxPage(self.desk_ctx, self)
            self._add_page(self.tr("Head-office inbox"), self.inbox, "Ctrl+I")  # F7 is book/change
        self.flight_finder.status.connect(self.statusBar().showMessage)

        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._switch)
        self.nav.setCurrentRow(0)

        self._build_menus()
        self._build_status_bar()

    def _add_page(self, title: str, page: QWidget, key: str) -> None:
        item = QListWidgetItem(f"{title}  ({key})")
        self.nav.addItem(item)
        self.pages.addWidget(page)
        row = self.nav.count() - 1
        action = QAction(title, self)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda: self.nav.setCurrentRow(row))
        self.addAction(action)

    def show_page(self, page: QWidget) -> None:
        self.nav.setCurrentRow(self.pages.indexOf(page))

    def _add_segment(self, offer: FlightOffer, chosen: ClassOffer) -> None:
        self.sale.add_segment(offer, chosen)

    # -- held bookings past their deadline ----------------------------------------------

    def release_expired_bookings(self) -> None:
        """Cancel the held bookings past their ticketing deadline (seats go back to the
        leases), on the database worker; the status bar names the PNRs released."""
        if self._releasing or self._closed:
            return
        self._releasing = True

        def done(pnrs: list[str]) -> None:
            self._releasing = False
            self.released_pnrs.extend(pnrs)
            if not pnrs or self._closed:
                return
            self.statusBar().showMessage(
                self.tr("Held bookings past their ticketing deadline released: %1")
                .replace("%1", ", ".join(pnrs)),
                30000,
            )
            self.sync.wake()

        def failed(error: BaseException) -> None:
            self._releasing = False
            if self._closed:
                return
            self.statusBar().showMessage(
                self.tr("Releasing expired bookings failed: %1").replace("%1", str(error)),
                10000,
            )

        holds.release_expired(self.desk_ctx, self.ctx.clock.now(), done, failed)

    def _switch(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        page = self.pages.currentWidget()
        focus = self.flight_finder.origin if page is self.flight_finder else page
        if page is self.sale and self.sale.passengers:
            focus = self.sale.quote_button
        if focus is not None:
            focus.setFocus()

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Counter"))
        settings = QAction(self.tr("&Settings…"), self)
        settings.setShortcut(QKeySequence("Ctrl+,"))
        settings.triggered.connect(self.open_settings)
        menu.addAction(settings)
        enroll = QAction(self.tr("&Enroll with head office…"), self)
        enroll.triggered.connect(self.open_enroll)
        menu.addAction(enroll)
        logout = QAction(self.tr("Log &out"), self)
        logout.setShortcut(QKeySequence("Ctrl+L"))
        logout.triggered.connect(self._logout)
        menu.addAction(logout)
        menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        printing = self.menuBar().addMenu(self.tr("&Printing"))
        for text, slot, key in (
            (self.tr("Receipt printer &calibration…"), self.open_calibration, ""),
            (self.tr("Print &jobs…"), self.open_print_jobs, "Ctrl+J"),
            (self.tr("Record a &spoiled receipt form…"), self.spoil_receipt_form, ""),
            (self.tr("Today's &report (preview)"), self.preview_day_report, ""),
            (self.tr("&Close the day and print the report…"), self.close_day, ""),
        ):
            action = QAction(text, self)
            if key:
                action.setShortcut(QKeySequence(key))
            action.triggered.connect(slot)
            printing.addAction(action)
        papers = printing.addMenu(self.tr("Confirmation &paper"))
        group = QActionGroup(self)
        group.setExclusive(True)
        for code, label in (("A4", self.tr("A4")), ("A5", self.tr("A5")),
                            ("80mm", self.tr("80 mm roll (thermal)"))):
            action = QAction(label, self)
            action.setCheckable(True)
            action.setChecked(self.prefs.confirmation_paper == code)
            action.setData(code)
            action.triggered.connect(
                lambda _checked=False, c=code: setattr(self.prefs, "confirmation_paper", c))
            group.addAction(action)
            papers.addAction(action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About Counter"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        clerk = self.desk_ctx.clerk
        who = f"{clerk.name} ({clerk.login}) · {clerk.outlet_name}"
        self.clerk_label = named(QLabel(who, self), "clerkLabel")
        if self.ctx.connected_demo:
            mode = self.tr("Demo head office")
        elif self.ctx.demo:
            mode = self.tr("Demo data, no head office")
        else:
            mode = ""
        self.data_label = QLabel(mode, self)
        self.clock_label = QLabel(self)
        self.sync_indicator = SyncIndicator(self)
        self.sync_indicator.clicked.connect(lambda: self.show_page(self.sync_page))
        self.sync.statusChanged.connect(self.sync_indicator.show_status)
        self.sync_indicator.show_status(self.sync.last_status)
        self.print_failures = QPushButton(self)
        self.print_failures.setObjectName("printFailures")
        self.print_failures.setFlat(True)
        self.print_failures.setStyleSheet(ERROR_STYLE)
        self.print_failures.clicked.connect(self.open_print_jobs)
        self.print_failures.hide()
        for signal in (self.desk.queue.jobChanged, self.desk.queue.jobRemoved,
                       self.desk.queue.loaded):
            signal.connect(self._show_print_failures)
        bar = self.statusBar()
        bar.addPermanentWidget(self.print_failures)
        bar.addPermanentWidget(self.sync_indicator)
        bar.addPermanentWidget(self.clerk_label)
        bar.addPermanentWidget(self.data_label)
        bar.addPermanentWidget(self.clock_label)
        self._tick()
        self._clock_timer = QTimer(self)
        self._clock_timer.timeout.connect(self._tick)
        self._clock_timer.start(15_000)
        self._release_timer = QTimer(self)
        self._release_timer.setObjectName("releaseTimer")
        self._release_timer.timeout.connect(self.release_expired_bookings)
        self._release_timer.start(60_000)
        QTimer.singleShot(0, self.release_expired_bookings)

    def _tick(self) -> None:
        local = self.ctx.clock.now().astimezone(SHANGHAI)
        self.clock_label.setText(local.strftime("%Y-%m-%d %H:%M"))

    def open_settings(self) -> None:
        SettingsDialog(self.prefs, data_dir_description(self.ctx.data_dir), self,
                       kiosk_pin=self.open_kiosk_pin).exec()

    def open_kiosk_pin(self) -> None:
        from counter_app.gui.kiosk.pin_dialog import KioskPinDialog

        # over the settings dialog when it is open (the newest modal window takes input)
        parent = QApplication.activeModalWidget() or self
        KioskPinDialog(self.desk_ctx, parent).open()

    def open_enroll(self) -> None:
        dialog = EnrollDialog(self.ctx, self.prefs, self)
        dialog.enrolled.connect(self._enrolled)
        self.enroll_dialog = dialog
        dialog.open()

    def _enrolled(self, outlet_name: str) -> None:
        self.sync.credentials = credential_store(
            self.ctx.data_dir, self.prefs.credentials_backend, self.ctx.passphrase
        )
        self.sync.start()
        self.statusBar().showMessage(
            self.tr("Enrolled with head office for %1.").replace("%1", outlet_name), 10000
        )

    # -- printing -----------------------------------------------------------------------

    def _print_failed(self, error: BaseException) -> None:
        from counter_app.domain.errors import DomainError
        from counter_app.gui.messages import domain_message

        text = domain_message(error) if isinstance(error, DomainError) else str(error)
        self.statusBar().showMessage(text, 20000)
        QMessageBox.warning(self, self.tr("Printing"), text)

    def open_calibration(self) -> None:
        from counter_app.gui.printing.calibration_dialog import CalibrationDialog

        dialog = CalibrationDialog.from_preferences(self.prefs, self)
        dialog.testGridRequested.connect(
            lambda calibration: self.desk.print_test_grid(calibration, self._print_failed))
        self.calibration_dialog = dialog
        dialog.open()

    def _show_print_failures(self, *_args: object) -> None:
        failed = len(self.desk.queue.failed_jobs())
        self.print_failures.setText(self.tr("%1 print job(s) failed (Ctrl+J)")
                                    .replace("%1", str(failed)))
        self.print_failures.setVisible(failed > 0)

    def open_print_jobs(self) -> None:
        from PySide6.QtWidgets import QDialog, QVBoxLayout

        from counter_app.gui.printing.preview import PrintJobsPanel

        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Print jobs"))
        layout = QVBoxLayout(dialog)
        layout.addWidget(PrintJobsPanel(self.desk.queue, dialog))
        dialog.resize(720, 360)
        self.jobs_dialog = dialog
        dialog.open()

    def spoil_receipt_form(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        reason, ok = QInputDialog.getText(
            self, self.tr("Spoiled receipt form"),
            self.tr("Why is the next blank receipt form unusable (jammed, torn…)?"))
        if ok:
            self.desk.spoil_next_form(reason, self._print_failed)

    def preview_day_report(self) -> None:
        self.desk.day_close(self._print_failed, close=False)

    def close_day(self) -> None:
        answer = QMessageBox.question(
            self, self.tr("Close the day"),
            self.tr("Close today's business (日结)? Today's tickets can no longer be voided "
                    "here afterwards."))
        if answer == QMessageBox.StandardButton.Yes:
            self.desk.day_close(self._print_failed, close=True)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Counter"),
            self.tr(
                "Counter, the air-ticket counter application.\n"
                "Airport data derived from OpenFlights (ODbL 1.0)."
            ),
        )

    def _logout(self) -> None:
        self.ctx.clerk = None
        self.logoutRequested.emit()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        self._clock_timer.stop()
        self._release_timer.stop()
        self.desk.queue.stop()
        super().closeEvent(event)
