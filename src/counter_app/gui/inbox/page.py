"""The head-office inbox page (总部待办, Ctrl+I): shown in the navigation only for a clerk of role
``head_office``, at a counter enrolled for the head office's outlet.

Without a staff session it shows the small login (head office checks the password; offline
it says it needs the link). Then: the filters (applied after a pause, never blocking), the
requests in the order work is due (late ones ⚠ and red), the counts per state, paging, and
the chosen request's detail with its steps; the list is read again every minute while the
page is shown. 单位与官员… (Ctrl+U) opens head office's GP units and officials (``units.py``).
Every call to head office runs on the network pool (``gui/operations/inbox.py``). A step
on a request someone else changed meanwhile (409 ``version_conflict``) reloads it and says
so; a session head office no longer knows brings the login back.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.gui.inbox.detail import RequestDetail
from counter_app.gui.inbox.edit_dialog import RequestEditDialog
from counter_app.gui.inbox.filters import InboxFilterBar
from counter_app.gui.inbox.labels import (
    action_label,
    day,
    kind_label,
    language,
    state_label,
)
from counter_app.gui.inbox.login import StaffLoginPanel
from counter_app.gui.inbox.units import UnitsDialog
from counter_app.gui.messages import domain_message, sync_error_message
from counter_app.gui.models import Column, RowsModel
from counter_app.gui.operations import inbox as ops
from counter_app.gui.tasks import Task
from counter_app.gui.widgets.message_line import MessageLine
from counter_app.gui.widgets.tables import make_table
from counter_app.kernel.clock import SHANGHAI, beijing_minute
from counter_app.services.gp_kinds import request_kind
from counter_app.sync.client import Refused
from counter_app.sync.inbox import InboxClient, StaffLoginNeeded, VersionConflict
from counter_app.sync.protocol.inbox import (
    InboxAssign,
    InboxEdit,
    InboxItem,
    InboxPage,
    InboxStep,
    ServiceRequestView,
    StaffMember,
    StaffSession,
)

if TYPE_CHECKING:
    from counter_app.gui.context import DeskContext

PAGE_SIZE = 50
POLL_MS = 60_000


class HeadOfficeInboxPage(QWidget):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inboxPage")
        self.ctx = ctx
        self.inbox: InboxClient | None = None
        self.staff_session: StaffSession | None = None
        self.current: InboxPage | None = None
        self.offset = 0
        self._page_task: Task | None = None
        self._detail_task: Task | None = None
        self._sized = False
        self.stack = QStackedWidget(self)
        self.login_panel = StaffLoginPanel(ctx.clerk.login, self)
        self.login_panel.loginWanted.connect(self.login)
        self.stack.addWidget(self.login_panel)
        self.stack.addWidget(self._build_work())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        ctx.sync.statusChanged.connect(self._sync_status)
        self._sync_status()
        self._poll = QTimer(self)  # new requests arrive while the page is open
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._poll_now)
        self._poll.start()

    def _poll_now(self) -> None:
        if self.isVisible() and self.staff_session is not None and not self.loading:
            self.reload()

    def _build_work(self) -> QWidget:
        work = QWidget(self)
        self.who = QLabel(work)
        self.who.setObjectName("inboxWho")
        refresh = QPushButton(self.tr("Refresh"), work)
        refresh.setObjectName("inboxRefresh")
        refresh.clicked.connect(self.reload)
        logout = QPushButton(self.tr("Log out of head office"), work)
        logout.setObjectName("inboxLogout")
        logout.clicked.connect(self.logout)
        units = QPushButton(self.tr("Units and officials…"), work)
        units.setObjectName("inboxUnits")
        QShortcut(QKeySequence("Ctrl+U"), self, self.open_units)
        units.clicked.connect(self.open_units)
        self.units_dialog: UnitsDialog | None = None
        top = QHBoxLayout()
        top.addWidget(self.who, 1)
        top.addWidget(units)
        top.addWidget(refresh)
        top.addWidget(logout)
        self.filters = InboxFilterBar(work)
        self.filters.changed.connect(self.first_page)
        self.model: RowsModel[InboxItem] = RowsModel(self._columns(), work)
        self.table = make_table(work, self.model, "inboxTable")
        unit = self.table.horizontalHeader()
        unit.setSectionResizeMode(3, unit.ResizeMode.Interactive)  # a long unit's name elides
        unit.resizeSection(3, 96)
        self.table.selectionModel().selectionChanged.connect(self._chosen)
        self.prev_button = QPushButton(self.tr("◀ Previous"), work)
        self.prev_button.setObjectName("inboxPrev")
        self.prev_button.clicked.connect(lambda: self._turn(-1))
        self.next_button = QPushButton(self.tr("Next ▶"), work)
        self.next_button.setObjectName("inboxNext")
        self.next_button.clicked.connect(lambda: self._turn(1))
        self.page_label = QLabel(work)
        self.page_label.setObjectName("inboxPageLabel")
        pager = QHBoxLayout()
        pager.addWidget(self.prev_button)
        pager.addWidget(self.page_label)
        pager.addWidget(self.next_button)
        pager.addStretch(1)
        self.message = MessageLine(work, "inboxMessage")
        left = QWidget(work)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(pager)
        left_layout.addWidget(self.message)
        self.detail = RequestDetail(work)
        self.detail.stepWanted.connect(self.take_step)
        self.detail.assignWanted.connect(self.assign)
        self.detail.editWanted.connect(self.open_edit)
        self.edit_dialog: RequestEditDialog | None = None
        split = QSplitter(Qt.Orientation.Horizontal, work)
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setChildrenCollapsible(False)
        self.split = split
        layout = QVBoxLayout(work)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(split, 1)
        return work

    def _columns(self) -> list[Column[InboxItem]]:
        def late(item: InboxItem) -> bool:
            return item.late

        def due(item: InboxItem) -> str:
            text = beijing_minute(item.due_at)[5:]  # MM-DD HH:MM: the year is this one or next
            return f"⚠ {text}" if item.late else text

        def flight_day(item: InboxItem) -> str:
            return day(item.flight_date)[5:]

        return [Column(header, text, alert=late) for header, text in (
            (self.tr("Kind"), lambda i: kind_label(i.kind)),
            (self.tr("Official"), lambda i: i.official_name),
            (self.tr("Level"), lambda i: i.gp_level or ""),
            (self.tr("Unit"), lambda i: i.unit_name),
            (self.tr("Flight"), lambda i: i.flight_no),
            (self.tr("Date"), flight_day),
            (self.tr("From/to"), lambda i: f"{i.origin}–{i.destination}"
             if i.origin or i.destination else ""),
            (self.tr("Due"), due),
            (self.tr("State"), lambda i: state_label(i.state)),
            (self.tr("Assigned to"), lambda i: i.assignee),
        )]

    # -- session -----------------------------------------------------------------------

    def _client(self) -> InboxClient | None:
        if self.inbox is None:
            self.inbox = ops.inbox_client(self.ctx)
        return self.inbox

    def _sync_status(self, *_args: object) -> None:
        self.login_panel.set_online(self.ctx.sync.online)

    def login(self, user: str, password: str) -> None:
        inbox = self._client()
        if inbox is None or not self.ctx.sync.online:
            self.login_panel.set_online(False)
            return
        self.login_panel.set_busy(True)
        ops.login(self.ctx, inbox, user, password, self._logged_in, self._login_failed)

    def _logged_in(self, session: StaffSession) -> None:
        self.staff_session = session
        self.login_panel.set_busy(False)
        self.login_panel.password_edit.clear()
        self.login_panel.message.clear()
        self.who.setText(self.tr("Head office: %1 (%2)").replace("%1", session.name_zh)
                         .replace("%2", session.login))
        self.stack.setCurrentIndex(1)
        inbox = self._client()
        if inbox is not None:
            ops.staff(self.ctx, inbox, self._got_staff, self._failed)
        self.first_page()

    def _login_failed(self, error: BaseException) -> None:
        self.login_panel.set_busy(False)
        if isinstance(error, Refused) and error.code == "bad_credentials":
            text = self.tr("Wrong login or password (checked by head office).")
        elif isinstance(error, Refused) and error.code == "staff_login_throttled":
            text = self.tr("Too many wrong passwords for this login: head office lets it try "
                           "again 15 minutes after the first of them.")
        elif isinstance(error, Refused) and error.code == "not_head_office":
            text = self.tr("Only a head-office person of this outlet may work the inbox.")
        else:
            text = self._error_text(error)
        self.login_panel.failed(text)

    def logout(self) -> None:
        if self.inbox is not None:
            self.inbox.logout()
        self._to_login(self.tr("Logged out of head office."))

    def _to_login(self, text: str) -> None:
        self.staff_session = None
        self.model.set_rows([])
        self.detail.show_request(None)
        self.stack.setCurrentIndex(0)
        self.login_panel.message.show_info(text)
        self.login_panel.password_edit.setFocus()

    def open_units(self) -> None:
        """The GP units and their officials, edited at head office."""
        inbox = self._client()
        if inbox is None or self.staff_session is None:
            return
        if self.units_dialog is None:  # one dialog, opened again with its search
            self.units_dialog = UnitsDialog(self.ctx, inbox, self)
        else:
            self.units_dialog.reload()
        self.units_dialog.open()

    def _got_staff(self, staff: list[StaffMember]) -> None:
        self.detail.set_staff(staff)

    # -- the list ----------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        """The list does not show the filters yet (a change pauses, or a page is on its
        way)."""
        return self.filters.pending or self._page_task is not None

    def first_page(self) -> None:
        self.offset = 0
        self.reload()

    def _turn(self, step: int) -> None:
        self.offset = max(0, self.offset + step * PAGE_SIZE)
        self.reload()

    def reload(self) -> None:
        inbox = self._client()
        if inbox is None or self.staff_session is None:
            return
        if self._page_task is not None:
            self._page_task.cancel()  # an answer to older filters is no longer wanted
        wanted = replace(self.filters.filters(), limit=PAGE_SIZE, offset=self.offset)
        self._page_task = ops.page(self.ctx, inbox, wanted, self._got_page, self._failed)

    def _got_page(self, page: InboxPage) -> None:
        self._page_task = None
        self.current = page
        chosen = self.detail.view.id if self.detail.view is not None else None
        self.model.set_rows(page.items)
        self.filters.show_counts(page.counts, page.total)
        first = self.offset + 1 if page.items else 0
        last = self.offset + len(page.items)
        self.page_label.setText(
            self.tr("%1–%2 of %3").replace("%1", str(first)).replace("%2", str(last))
            .replace("%3", str(page.total)) if page.items else self.tr("No requests"))
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(last < page.total)
        rows = [i for i, item in enumerate(page.items) if item.id == chosen]
        if rows:
            self.table.selectRow(rows[0])
        elif page.items and chosen is None:
            self.table.selectRow(0)

    def _chosen(self, *_args: object) -> None:
        rows = self.table.selectionModel().selectedRows()
        item = self.model.row_at(rows[0].row()) if rows else None
        if item is not None:
            self.open_request(item.id)

    def open_request(self, request_id: str) -> None:
        inbox = self._client()
        if inbox is None:
            return
        if self._detail_task is not None:
            self._detail_task.cancel()
        self._detail_task = ops.detail(self.ctx, inbox, request_id, self._got_detail,
                                       self._failed)

    def _got_detail(self, view: ServiceRequestView) -> None:
        self._detail_task = None
        self.detail.show_request(view)

    # -- acting ------------------------------------------------------------------------

    def take_step(self, action: str, note: str) -> None:
        view, inbox = self.detail.view, self._client()
        if view is None or inbox is None:
            return
        body = InboxStep.model_validate({"action": action, "note": note,
                                         "version": view.version})
        self.detail.set_busy(True)
        ops.step(self.ctx, inbox, view.id, body,
                 lambda new: self._acted(new, action_label(action)), self._act_failed)

    def assign(self, login: str) -> None:
        view, inbox = self.detail.view, self._client()
        if view is None or inbox is None:
            return
        body = InboxAssign(assignee=login, version=view.version)
        self.detail.set_busy(True)
        ops.assign(self.ctx, inbox, view.id, body,
                   lambda new: self._acted(new, self.tr("Assigned")), self._act_failed)

    def open_edit(self) -> None:
        view = self.detail.view
        if view is None:
            return
        today = self.ctx.clock.now().astimezone(SHANGHAI).date()
        dialog = RequestEditDialog(request_kind(view.kind), view, self.ctx.app.language,
                                   today, self)
        dialog.editWanted.connect(self._send_edit)
        self.edit_dialog = dialog
        dialog.open()

    def _send_edit(self, body: InboxEdit) -> None:
        dialog, inbox = self.edit_dialog, self._client()
        if dialog is None or inbox is None:
            return

        def edited(answer: tuple[ServiceRequestView, list[str]]) -> None:
            view, conflicts = answer
            dialog.accept()
            self._acted(view, self.tr("Edit"))
            if conflicts:
                kind = request_kind(view.kind)
                names = "、".join(kind.field(k).label(language()) if k in kind.keys else k
                                 for k in conflicts)
                self.detail.show_error(self.tr(
                    "Changed at the counter meanwhile, so the counter's value was kept: %1")
                    .replace("%1", names))

        def refused(error: BaseException) -> None:
            if isinstance(error, StaffLoginNeeded | VersionConflict):
                dialog.reject()
                self._act_failed(error)
                return
            domain = error if isinstance(error, DomainError) else None
            dialog.refused(domain, self._error_text(error))

        ops.edit(self.ctx, inbox, dialog.view.id, body, edited, refused)

    def _acted(self, view: ServiceRequestView, what: str) -> None:
        self.detail.set_busy(False)
        self.detail.show_request(view)
        self.detail.show_ok(self.tr("%1: saved; the counter sees it at its next sync.")
                            .replace("%1", what))
        self.reload()

    def _act_failed(self, error: BaseException) -> None:
        self.detail.set_busy(False)
        view = self.detail.view
        if isinstance(error, VersionConflict) and view is not None:
            self.open_request(view.id)
            self.reload()
            self.detail.show_error(self.tr(
                "Someone else changed this request meanwhile; it is shown again as it is "
                "now. Check it, then try again."))
            return
        if isinstance(error, StaffLoginNeeded):
            self._to_login(self.tr("Your head-office session has ended; log in again."))
            return
        self.detail.show_error(self._error_text(error))

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, StaffLoginNeeded):
            self._to_login(self.tr("Your head-office session has ended; log in again."))
            return
        self.message.show_error(self._error_text(error))

    def _error_text(self, error: BaseException) -> str:
        if isinstance(error, DomainError):
            return domain_message(error)
        return sync_error_message(error)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # list and detail 55:45 of the width, then as the clerk drags
            self._sized = True
            width = max(self.split.width(), 900)
            self.split.setSizes([width * 55 // 100, width * 45 // 100])
        self._sync_status()
        if self.staff_session is not None:
            self.reload()
        else:
            self.login_panel.password_edit.setFocus()
