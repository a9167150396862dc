"""The booking shown: its tickets and coupons (those in force first), what can be done with
the selected ticket (void, refund, change, name correction, its documents), and under them
the panel of the step in progress."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.money import ZERO, format_yuan
from counter_app.gui.models import Column, RowsModel
from counter_app.gui.operations import after_sale as ops
from counter_app.gui.pages.after_sale.change import ChangePanel
from counter_app.gui.pages.after_sale.documents import DocumentsBar
from counter_app.gui.pages.after_sale.names import NamePanel
from counter_app.gui.pages.after_sale.panel import ActionPanel, Host
from counter_app.gui.pages.after_sale.refund import RefundPanel
from counter_app.gui.pages.after_sale.state import PANEL_NONE, coupon_line, ordered_tickets
from counter_app.gui.pages.after_sale.void import VoidPanel
from counter_app.gui.tasks import Task
from counter_app.gui.widgets.named import named, named_button
from counter_app.gui.widgets.tables import make_table
from counter_app.services.booking import BookingDetail, TicketView

# The least height the action panel keeps (the change panel's form and a few flights).
PANEL_MIN_HEIGHT = 260


def rows_height(view: QTableView, rows: int) -> int:
    """The height ``view`` needs to show ``rows`` rows without a vertical scroll bar."""
    view.resizeRowsToContents()
    row = view.verticalHeader().defaultSectionSize()
    shown = sum(view.rowHeight(i) for i in range(min(rows, view.model().rowCount())))
    shown += row * max(0, rows - view.model().rowCount())
    extra = view.horizontalHeader().height() + 2 * view.frameWidth()
    if view.horizontalScrollBar().isVisible():
        extra += view.horizontalScrollBar().height()
    return shown + extra + 2


class TicketsTab(QWidget):
    def __init__(self, host: Host, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self._task: Task | None = None
        words = host.words
        self.model: RowsModel[TicketView] = RowsModel(
            [
                Column(self.tr("Ticket number"), lambda t: t.ticket_number),
                Column(self.tr("Passenger"), lambda t: t.passenger_name),
                Column(self.tr("Type"), lambda t: words.passenger_types.get(t.passenger_type, "")),
                Column(
                    self.tr("Status"),
                    lambda t: words.ticket_status.get(t.status, t.status),
                    muted=lambda t: t.status != "issued",
                ),
                Column(
                    self.tr("Total"), lambda t: format_yuan(t.total), Qt.AlignmentFlag.AlignRight
                ),
                Column(self.tr("Exchanged from"), lambda t: t.exchanged_from or ""),
                Column(
                    self.tr("Coupons"),
                    lambda t: "  ".join(coupon_line(c) for c in t.coupons),
                    tooltip=lambda t: words.coupon_letters,
                ),
            ]
        )
        self.view = make_table(self, self.model, "ticketsView")
        self.title = named(QLabel(self), "detailTitle")
        self.void_button = named_button(self.tr("Void (F8)"), "voidButton", self)
        self.refund_button = named_button(self.tr("Refund (F6)"), "refundButton", self)
        self.change_button = named_button(self.tr("Change (F7)"), "changeButton", self)
        self.name_button = named_button(self.tr("Correct name (F11)"), "nameButton", self)
        actions = QHBoxLayout()
        actions.addWidget(self.title, 1)
        for button in self._action_buttons():
            actions.addWidget(button)
        self.documents = DocumentsBar(host, self)
        self._build_panels()
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.documents)
        # The tickets take the height their rows need (every ticket of a booking shows at
        # 1280×800 and up); the action panel below takes the rest.
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.setObjectName("ticketsSplit")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.view)
        self.split.addWidget(self.panels)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)
        layout.addWidget(self.split, 1)
        self.view.selectionModel().currentRowChanged.connect(self._ticket_chosen)

    def _build_panels(self) -> None:
        self.panels = QStackedWidget(self)
        self.panels.setObjectName("actionPanels")
        hint = QLabel(
            self.tr(
                "Select a ticket, then: F8 void · F6 refund · F7 change · F11 name correction. "
                "Coupon status letters: %1."
            ).replace("%1", self.host.words.coupon_letters),
            self,
        )
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        hint.setStyleSheet("color: #666;")
        self.panels.addWidget(hint)
        self.void_panel = VoidPanel(self.host, self)
        self.refund_panel = RefundPanel(self.host, self)
        self.change_panel = ChangePanel(self.host, self)
        self.name_panel = NamePanel(self.host, self)
        # The panels by their page of the stack (PANEL_VOID, PANEL_REFUND, ...).
        self.action_panels: dict[int, ActionPanel] = {}
        for panel in (self.void_panel, self.refund_panel, self.change_panel, self.name_panel):
            self.action_panels[self.panels.addWidget(panel)] = panel

    def _action_buttons(self) -> tuple[QPushButton, ...]:
        return (self.void_button, self.refund_button, self.change_button, self.name_button)

    def selected_ticket(self) -> TicketView | None:
        return self.model.row_at(self.view.currentIndex().row())

    def show_booking(self, booking_id: str) -> None:
        """Read the booking's detail (another booking than the one shown closes the panel)."""
        state = self.host.state
        if booking_id != state.selected_booking:
            self.close_panel()
        state.selected_booking = booking_id
        if self._task is not None:
            self._task.cancel()
        self._task = ops.detail(self.host.ctx, booking_id, self.set_detail,
                                self.host.failer(None))

    def set_detail(self, detail: BookingDetail | None) -> None:
        self._task = None
        state = self.host.state
        previous = self.selected_ticket()
        state.detail = detail
        self.model.set_rows(ordered_tickets(detail.tickets) if detail is not None else [])
        self.fit()
        if detail is None:
            state.selected_booking = None
            self.title.setText("")
            self.update_actions()
            return
        status = self.host.words.booking_status.get(detail.status, detail.status)
        paid = sum((a for _k, _m, a in detail.payments), ZERO)
        title = self.tr("%1 · %2 · %3 tickets · paid %4")
        self.title.setText(
            title.replace("%1", detail.pnr)
            .replace("%2", status)
            .replace("%3", str(len(detail.tickets)))
            .replace("%4", format_yuan(paid))
        )
        tickets = self.model.rows()
        if tickets:
            # Keep the ticket chosen before (an exchange moves on to its new number).
            index = 0
            if previous is not None:
                same = [i for i, t in enumerate(tickets)
                        if t.ticket_number == previous.ticket_number]
                successor = [i for i, t in enumerate(tickets)
                             if t.exchanged_from == previous.ticket_number]
                index = (successor or same or [0])[0]
            self.view.selectRow(index)
        self.update_actions()

    def _ticket_chosen(self) -> None:
        ticket, acting = self.selected_ticket(), self.host.state.action_ticket
        if acting is not None and ticket is not None and ticket.ticket_number != (
            acting.ticket_number
        ):
            self.close_panel()
        self.update_actions()

    def update_actions(self) -> None:
        ticket = self.selected_ticket()
        open_ticket = ticket is not None and ticket.status == "issued"
        for button in self._action_buttons():
            button.setEnabled(open_ticket)
        self.documents.set_ticket(ticket)

    def fit(self) -> None:
        """Give the tickets all the rows they have (at least two, at most what leaves the
        action panel room for its form), the panel the rest."""
        total = self.split.height()
        if total <= 0:
            return
        wanted = rows_height(self.view, max(2, self.model.rowCount()))
        tickets = min(wanted, max(total - PANEL_MIN_HEIGHT, total // 3))
        self.split.setSizes([tickets, total - tickets])

    def show_panel(self, panel: int, ticket: TicketView) -> None:
        """Open the step ``panel`` (PANEL_VOID, ...) on ``ticket``."""
        self.host.state.action_ticket = ticket
        self.panels.setCurrentIndex(panel)
        self.action_panels[panel].open(ticket)

    def close_panel(self) -> None:
        self.panels.setCurrentIndex(PANEL_NONE)
        self.host.state.action_ticket = None
        self.refund_panel.reset()
        self.change_panel.reset()
