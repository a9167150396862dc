"""The request dialog (服务申请单): one official's GP service request, new or kept.

On the left every kind of the GP standard; the ones the official's level is not entitled to
(or not offered at this flight's airports) are grey with the reason as tooltip, and the
reason is shown on the error line when one is chosen. On the right the form of the chosen
kind, filled from the official, their unit and the booking (``services.gp_requests.prefill``),
the request's state, deadline (a late one warned with ⚠, not by colour only) and its steps
(who, when, note).

Keys: Ctrl+S keeps a draft (or saves the changes of a submitted request), Ctrl+Enter
submits, Ctrl+P prints (when the document desk can), Esc closes and asks first when
something typed is not saved. Enter never submits (no default button; a multiline field
takes it as a new line). A refusal goes under the field it names, or on the error line;
nothing typed is lost.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.domain.gp import GpLevel
from counter_app.domain.gp_requests import LOCAL_TZ, TERMINAL, RequestKind, RequestState
from counter_app.domain.gp_requests import check_entitled as entitled_here
from counter_app.gui.context import DeskContext
from counter_app.gui.messages import ERROR_STYLE, domain_message, request_state_name
from counter_app.gui.operations import gp_requests as ops
from counter_app.gui.widgets.message_line import MessageLine
from counter_app.gui.widgets.named import fit_to_screen, name_dialog, named, named_button
from counter_app.gui.widgets.request_form import RequestForm
from counter_app.kernel.clock import beijing_minute
from counter_app.services.gp_board import RequestDetail
from counter_app.services.gp_kinds import request_kinds
from counter_app.services.gp_requests import RequestForm as Prefilled

GREY = QColor("#888888")


def refusal_of(kind: RequestKind, level: str | None, origin: str,
               destination: str) -> DomainError | None:
    """Why the official may not have ``kind`` on this flight (None: entitled)."""
    try:
        gp_level = GpLevel(level) if level else None
    except ValueError:
        gp_level = None
    try:
        entitled_here(kind, gp_level, origin, destination)
    except DomainError as error:
        return error
    return None


class StepsTable(QTableWidget):
    """The request's history: when, who, the step, the state after it, the note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setObjectName("requestSteps")
        self.setHorizontalHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("Step"),
                                        self.tr("State"), self.tr("Note")])
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setMaximumHeight(130)
        self.setTabKeyNavigation(False)

    def action_name(self, action: str) -> str:
        names = {"submit": self.tr("submitted"), "accept": self.tr("accepted"),
                 "arrange": self.tr("arranged"), "done": self.tr("done"),
                 "reject": self.tr("rejected"), "cancel": self.tr("cancelled"),
                 "edit": self.tr("edited"), "assign": self.tr("assigned")}
        return names.get(action, action)

    def show_steps(self, detail: RequestDetail | None) -> None:
        steps = detail.steps if detail is not None else ()
        self.setVisible(bool(steps))  # a new request has none: the form takes the room
        self.setRowCount(len(steps))
        for row, step in enumerate(steps):
            side = self.tr("head office") if step.side == "head_office" else self.tr("counter")
            cells = [beijing_minute(step.at), f"{step.by_name or step.by_login} ({side})",
                     self.action_name(step.action),
                     request_state_name(step.state), step.note]
            for column, text in enumerate(cells):
                self.setItem(row, column, QTableWidgetItem(text))
        self.resizeColumnsToContents()


class RequestDialog(QDialog):
    """``saved(request_id)`` after every change written (draft, submit, edit, cancel)."""

    saved = Signal(str)

    def __init__(self, ctx: DeskContext, official_id: str | None, booking_id: str | None = None, *,
                 request_id: str | None = None, kind: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_dialog(self, "requestDialog", self.tr("GP service request"), 980)
        fit_to_screen(self, 1100, 720)
        self.ctx = ctx
        self.official_id = official_id
        self.booking_id = booking_id
        self.request_id = request_id
        self.language = ctx.app.language
        self.kinds = request_kinds()
        self.kind: RequestKind | None = None
        self.prefilled: Prefilled | None = None
        self.detail: RequestDetail | None = None
        self.form: RequestForm | None = None
        self.dirty = False
        self.busy = False
        self.loaded = False  # the form of the chosen kind (or the kept request) is shown
        self.to_form = False  # Enter on a kind: the cursor goes to the form once it is filled
        self.refusals: dict[str, DomainError | None] = {}  # why a kind is greyed, by code

        self.kind_list = named(QListWidget(self), "requestKinds")
        self.kind_list.setMinimumWidth(220)
        for code, one in self.kinds.items():
            item = QListWidgetItem(one.label(self.language))
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.kind_list.addItem(item)
        self.header = named(QLabel(self), "requestHeader")
        self.header.setWordWrap(True)
        self.state_line = named(QLabel(self), "requestState")
        self.late_line = named(QLabel(self), "requestLate")
        self.late_line.setStyleSheet(ERROR_STYLE)
        self.form_box = QVBoxLayout()
        self.steps = StepsTable(self)
        self.error_line = MessageLine(self, "requestError")
        self.draft_button = named_button(self.tr("Save draft (Ctrl+S)"), "draftButton", self)
        self.submit_button = named_button(self.tr("Submit (Ctrl+Enter)"), "submitButton", self)
        self.print_button = named_button(self.tr("Print (Ctrl+P)"), "printButton", self)
        self.cancel_button = named_button(self.tr("Cancel request"), "cancelRequestButton", self)
        self.close_button = named_button(self.tr("Close (Esc)"), "closeButton", self)
        self._layout()
        self._keys()
        self.kind_list.currentRowChanged.connect(self._kind_chosen)
        self.kind_list.itemActivated.connect(lambda _item: self.go_to_form())
        self._refresh_buttons()
        if request_id is not None:
            self.reload()
        else:
            first = kind if kind in self.kinds else next(iter(self.kinds))
            self.kind_list.setCurrentRow(list(self.kinds).index(first))

    def _layout(self) -> None:
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.addWidget(self.header)
        status = QHBoxLayout()
        status.addWidget(self.state_line, 1)
        status.addWidget(self.late_line)
        column.addLayout(status)
        column.addLayout(self.form_box, 1)
        column.addWidget(self.steps)
        column.addWidget(self.error_line)
        buttons = QHBoxLayout()
        for button in (self.draft_button, self.submit_button, self.print_button,
                       self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        column.addLayout(buttons)
        split = QSplitter(self)
        split.addWidget(self.kind_list)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        outer = QVBoxLayout(self)
        outer.addWidget(split)

    def _keys(self) -> None:
        for button in (self.draft_button, self.submit_button, self.print_button,
                       self.cancel_button, self.close_button):
            button.setAutoDefault(False)  # Enter in a field never presses a button
            button.setDefault(False)
        self.draft_button.clicked.connect(self.save)
        self.submit_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.cancel_request)
        self.close_button.clicked.connect(self.reject)
        self.print_button.clicked.connect(self.print_form)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.submit)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.submit)
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_form)

    # -- what is shown --------------------------------------------------------------------

    def state(self) -> RequestState | None:
        return RequestState(self.detail.item.state) if self.detail is not None else None

    def _kind_chosen(self, row: int) -> None:
        if self.request_id is not None or self.official_id is None or row < 0:
            return
        if self.dirty and not self.confirm_discard():
            self.kind_list.blockSignals(True)
            self.kind_list.setCurrentRow(list(self.kinds).index(self.kind.code)
                                         if self.kind else -1)
            self.kind_list.blockSignals(False)
            return
        code = str(self.kind_list.item(row).data(Qt.ItemDataRole.UserRole))
        self.loaded = False
        self.error_line.show_info(self.tr("Filling in the form…"))
        ops.prefill(self.ctx, code, self.official_id, self.booking_id, self._prefilled,
                    self._failed)

    def _prefilled(self, prefilled: Prefilled) -> None:
        self.prefilled = prefilled
        self._show_form(prefilled.kind, prefilled.values)
        self._grey_kinds(prefilled.official.level, str(prefilled.values.get("origin") or ""),
                         str(prefilled.values.get("destination") or ""))
        official = prefilled.official
        self._header(official.name, official.level, official.title, prefilled.unit.name,
                     prefilled.pnr)
        self.state_line.setText(self.tr("New request (not saved)") + self._due(
            prefilled.due_at))
        self._late(prefilled.late)
        self.steps.show_steps(None)
        if prefilled.refusal is not None:
            self.error_line.show_error(domain_message(prefilled.refusal))
        else:
            self.error_line.show_info("")
        self.loaded = True
        self._refresh_buttons()

    def _show_form(self, kind: RequestKind, values: dict[str, Any]) -> None:
        if self.form is not None:
            self.form.hide()
            self.form.deleteLater()
        self.kind = kind
        self.form = RequestForm(kind, self.language, self,
                                today=self.ctx.clock.now().astimezone(LOCAL_TZ).date())
        self.form.set_values(values)
        self.form.changed.connect(self._changed)
        self.form_box.addWidget(self.form)
        if self.form.tab_chain:  # kinds, then the fields, then the buttons
            QWidget.setTabOrder(self.kind_list, self.form.tab_chain[0])
            QWidget.setTabOrder(self.form.tab_chain[-1], self.draft_button)
        self.dirty = False
        if self.to_form:
            self.to_form = False
            self.form.focus_first_to_fill()

    def go_to_form(self) -> None:
        """Enter on a kind: the cursor to the first field to fill, now or once filled."""
        if self.loaded and self.form is not None:
            self.form.focus_first_to_fill()
        else:
            self.to_form = True

    def _grey_kinds(self, level: str | None, origin: str, destination: str) -> None:
        for row, (code, kind) in enumerate(self.kinds.items()):
            item = self.kind_list.item(row)
            refusal = refusal_of(kind, level, origin, destination)
            item.setToolTip("" if refusal is None else domain_message(refusal))
            item.setForeground(QBrush(GREY) if refusal is not None else QBrush())
            self.refusals[code] = refusal

    def _header(self, name: str, level: str | None, title: str, unit: str,
                pnr: str | None) -> None:
        parts = [f"<b>{name}</b>", level or self.tr("no GP level"), title, unit]
        if pnr:
            parts.append(self.tr("Booking %1").replace("%1", pnr))
        self.header.setText(" · ".join(p for p in parts if p))

    def _due(self, due: datetime | None) -> str:
        return "" if due is None else self.tr(" · due %1").replace("%1", beijing_minute(due))

    def _late(self, late: bool) -> None:
        self.late_line.setText(self.tr("⚠ Late: past its deadline") if late else "")

    def reload(self) -> None:
        """Read the kept request again (after a save, or when the sync brought a change)."""
        if self.request_id is not None:
            ops.detail(self.ctx, self.request_id, self._detail, self._failed)

    def _detail(self, detail: RequestDetail) -> None:
        self.detail = detail
        item = detail.item
        kind = self.kinds.get(item.kind)
        if kind is not None:
            self.kind_list.blockSignals(True)
            self.kind_list.setCurrentRow(list(self.kinds).index(kind.code))
            self.kind_list.blockSignals(False)
            if self.form is None or self.kind is not kind or not self.dirty:
                self._show_form(kind, detail.values)
        self.kind_list.setEnabled(False)
        self._header(item.official_name, item.gp_level, "", item.unit_name, item.pnr)
        self.state_line.setText(self.tr("State: %1").replace(
            "%1", request_state_name(item.state)) + self._due(item.due_at))
        self._late(item.late)
        self.steps.show_steps(detail)
        if self.form is not None:
            self.form.setEnabled(RequestState(item.state) not in TERMINAL)
        self.loaded = True
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        state = self.state()
        entitled = self.prefilled is None or self.prefilled.entitled or self.detail is not None
        ready = self.loaded and not self.busy and self.form is not None
        self.draft_button.setEnabled(ready and entitled and state not in TERMINAL)
        self.submit_button.setEnabled(ready and entitled and state in (None,
                                                                       RequestState.DRAFT))
        self.cancel_button.setEnabled(ready and state is not None and state not in TERMINAL)
        self.print_button.setEnabled(ready and self.request_id is not None)

    def _changed(self) -> None:
        self.dirty = True
        if self.form is not None:
            self.form.clear_errors()

    # -- steps ----------------------------------------------------------------------------

    def _start(self) -> bool:
        if self.busy or not self.loaded or self.form is None or self.kind is None:
            return False
        self.busy = True
        self._refresh_buttons()
        self.error_line.show_info(self.tr("Saving…"))
        return True

    def save(self) -> None:
        """A new or draft request kept as a draft; a submitted one's changes sent."""
        if not self.draft_button.isEnabled() or not self._start():
            return
        assert self.form is not None
        assert self.kind is not None
        values = self.form.values()
        if self.request_id is not None and self.detail is not None:
            kept = self.detail.values
            changes = {k: values.get(k) for k in self.kind.keys if values.get(k) != kept.get(k)}
            text = (self.tr("Draft saved.") if self.state() is RequestState.DRAFT
                    else self.tr("Changes sent to head office."))
            ops.edit(self.ctx, self.request_id, changes, lambda _changed: self._written(text),
                     self._failed)
            return
        ops.save_draft(self.ctx, values, self.request_id, kind=self.kind.code,
                       official_id=self.official_id or "", booking_id=self.booking_id,
                       done=lambda rid: self._written(self.tr("Draft saved."), rid),
                       failed=self._failed)

    def submit(self) -> None:
        """Send the request to head office."""
        if not self.submit_button.isEnabled() or not self._start():
            return
        assert self.form is not None
        assert self.kind is not None
        ops.send(self.ctx, self.form.values(), self.request_id, kind=self.kind.code,
                 official_id=self.official_id or "", booking_id=self.booking_id,
                 done=lambda rid: self._written(self.tr("Submitted to head office."), rid),
                 failed=self._failed)

    def cancel_request(self) -> None:
        """Withdraw the request (asks first)."""
        if not self.cancel_button.isEnabled() or self.request_id is None:
            return
        if not self.confirm(self.tr("Cancel this request? Head office is told.")):
            return
        if not self._start():
            return
        ops.cancel(self.ctx, self.request_id, "",
                   lambda _none: self._written(self.tr("Request cancelled.")), self._failed)

    def print_form(self) -> None:
        """The request's form (服务申请单) in the print preview, as kept (save first)."""
        if self.request_id is None or not self.print_button.isEnabled():
            return
        self.ctx.desk.service_request(self.request_id, self._failed, language=self.language)

    def _written(self, text: str, request_id: str | None = None) -> None:
        self.busy = False
        if request_id is not None:
            self.request_id = request_id
        self.dirty = False
        self.error_line.show_ok(text)
        if self.request_id is not None:
            self.saved.emit(self.request_id)
        self.reload()
        self._refresh_buttons()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, DomainError):
            if self.form is None or not self.form.show_error(error):
                self.error_line.show_error(domain_message(error))
            else:
                self.error_line.show_error(self.tr("Not saved: see the field marked."))
        else:
            self.error_line.show_error(str(error))
        self._refresh_buttons()

    # -- closing --------------------------------------------------------------------------

    def confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.windowTitle(), question)
        return answer == QMessageBox.StandardButton.Yes

    def confirm_discard(self) -> bool:
        return self.confirm(self.tr("Discard what was typed and not saved?"))

    def reject(self) -> None:
        """Esc or Close: asks first when something typed is not saved."""
        if self.dirty and not self.confirm_discard():
            return
        super().reject()
