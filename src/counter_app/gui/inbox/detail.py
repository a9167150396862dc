"""One request in the inbox: every field with its label, the steps so far (who, on which
side, when in Beijing time, the state after, the note), and the steps head office may take
now — each button enabled only when ``domain.gp_requests.allowed_actions(state,
"head_office")`` has it. A rejection needs a reason (the note); it is refused here before
anything is sent."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.domain.gp_requests import (
    TERMINAL,
    RequestState,
    StepAction,
    allowed_actions,
    check_note,
)
from counter_app.gui.inbox.labels import (
    action_label,
    day,
    field_rows,
    kind_label,
    side_label,
    state_label,
)
from counter_app.gui.messages import domain_message
from counter_app.gui.models import Column, RowsModel
from counter_app.gui.widgets.message_line import MessageLine
from counter_app.gui.widgets.tables import make_table
from counter_app.kernel.clock import beijing_minute
from counter_app.services.gp_kinds import request_kinds
from counter_app.sync.protocol.inbox import RequestStep, ServiceRequestView, StaffMember

ACTIONS = ("accept", "arrange", "done", "reject", "cancel")


class RequestDetail(QWidget):
    """Emits ``stepWanted(action, note)`` and ``assignWanted(login)``; the page sends them."""

    stepWanted = Signal(str, str)
    assignWanted = Signal(str)
    editWanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inboxDetail")
        self.view: ServiceRequestView | None = None
        self._busy = False
        self.title = QLabel(self.tr("Choose a request on the left."), self)
        self.title.setObjectName("inboxTitle")
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.title.setWordWrap(True)
        self.fields_box = QWidget(self)
        self.fields = QFormLayout(self.fields_box)
        self.fields.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields_box)
        self.history_model: RowsModel[RequestStep] = RowsModel(self._history_columns(), self)
        self.history = make_table(self, self.history_model, "inboxHistory")

        self.note = QLineEdit(self)
        self.note.setObjectName("inboxNote")
        self.note.setMaxLength(500)
        self.note.setPlaceholderText(self.tr("Note to the counter; a rejection's reason"))
        self.buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        for action in ACTIONS:
            button = QPushButton(action_label(action), self)
            button.setObjectName(f"inbox_{action}")
            button.clicked.connect(lambda _checked=False, a=action: self._step(a))
            self.buttons[action] = button
            buttons.addWidget(button)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setObjectName("inbox_edit")
        self.edit_button.clicked.connect(self.editWanted.emit)
        buttons.addStretch(1)
        people = QHBoxLayout()  # a second row: the page is narrow at 1280 pixels
        people.addWidget(self.edit_button)
        people.addStretch(1)
        self.assignee = QComboBox(self)
        self.assignee.setObjectName("inboxAssigneeChoice")
        self.assignee.setMinimumWidth(120)
        self.assign_button = QPushButton(self.tr("Assign to…"), self)
        self.assign_button.setObjectName("inboxAssign")
        self.assign_button.clicked.connect(self._assign)
        people.addWidget(self.assignee)
        people.addWidget(self.assign_button)
        self.message = MessageLine(self, "inboxDetailMessage")

        self.history.setMinimumHeight(110)
        self.history.setMaximumHeight(190)  # the fields take the height left
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)
        layout.addWidget(QLabel(self.tr("Steps"), self))
        layout.addWidget(self.history)
        note_row = QHBoxLayout()
        note_row.addWidget(QLabel(self.tr("Note / reason:"), self))
        note_row.addWidget(self.note, 1)
        layout.addLayout(note_row)
        layout.addLayout(buttons)
        layout.addLayout(people)
        layout.addWidget(self.message)
        self._enable()

    def _history_columns(self) -> list[Column[RequestStep]]:
        return [
            Column(self.tr("When"), lambda s: beijing_minute(s.at)),
            Column(self.tr("Who"), lambda s: f"{s.by_name} ({s.by_login})" if s.by_name
                   else s.by_login),
            Column(self.tr("Side"), lambda s: side_label(s.side)),
            Column(self.tr("Step"), lambda s: action_label(s.action)),
            Column(self.tr("State"), lambda s: state_label(s.state)),
            Column(self.tr("Note"), lambda s: s.note),
        ]

    # -- showing -----------------------------------------------------------------------

    def show_request(self, view: ServiceRequestView | None) -> None:
        """Show ``view`` (None: nothing chosen); the note is kept only for the same
        request."""
        same = view is not None and self.view is not None and view.id == self.view.id
        self.view = view
        if not same:
            self.note.clear()
            self.message.clear()
        # The rows' widgets go with deleteLater, not removeRow's delete at once: this runs
        # from a task's delivery, and deleting a label there crashed PySide now and then.
        while self.fields.rowCount():
            row = self.fields.takeRow(0)
            for item in (row.labelItem, row.fieldItem):
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.hide()
                    widget.deleteLater()
        if view is None:
            self.title.setText(self.tr("Choose a request on the left."))
            self.history_model.set_rows([])
            self._enable()
            return
        self.title.setText(f"{kind_label(view.kind)} · {state_label(view.state)}")
        facts = [(label, text) for label, text in self._facts(view) if text]
        fields = field_rows(view.kind, view.values)
        rows = fields + facts if view.kind in request_kinds() else facts + fields
        for label, text in rows:
            value = QLabel(text, self.fields_box)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields.addRow(label, value)
        self.history_model.set_rows(view.steps)
        self._select_assignee(view.assignee)
        self._enable()

    def _facts(self, view: ServiceRequestView) -> list[tuple[str, str]]:
        route = f"{view.origin}–{view.destination}" if view.origin or view.destination else ""
        due = beijing_minute(view.due_at)
        # a GP form's own fields name the official and the flight; a generic request's not
        about = [] if view.kind in request_kinds() else [
            (self.tr("Official"), view.official_name),
            (self.tr("GP level"), view.gp_level or ""),
            (self.tr("Unit"), view.unit_name),
            (self.tr("Flight"), view.flight_no),
            (self.tr("Flight date"), day(view.flight_date)),
            (self.tr("From / to"), route),
        ]
        return [
            *about,
            (self.tr("Departure"), beijing_minute(view.departure_at)),
            (self.tr("Due"), due),
            (self.tr("Booking reference"), view.pnr or ""),
            (self.tr("Outlet"), view.outlet_code),
            (self.tr("Assigned to"), view.assignee_name or view.assignee),
            (self.tr("Submitted"), beijing_minute(view.submitted_at)),
            (self.tr("Counter's note"), view.note),
        ]

    def set_staff(self, staff: list[StaffMember]) -> None:
        current = self.view.assignee if self.view is not None else ""
        self.assignee.clear()
        self.assignee.addItem(self.tr("(nobody)"), "")
        for member in staff:
            self.assignee.addItem(f"{member.name_zh} ({member.login})", member.login)
        self._select_assignee(current)

    def _select_assignee(self, login: str) -> None:
        index = self.assignee.findData(login)
        self.assignee.setCurrentIndex(max(index, 0))

    def set_busy(self, busy: bool) -> None:
        """While a step is on its way, no second one."""
        self._busy = busy
        self._enable()

    def _enable(self) -> None:
        allowed: set[str] = set()
        if self.view is not None and not self._busy:
            state = RequestState(self.view.state)
            allowed = {a.value for a in allowed_actions(state, "head_office")}
        for action, button in self.buttons.items():
            button.setEnabled(action in allowed)
        can_assign = self.view is not None and not self._busy
        self.assign_button.setEnabled(can_assign)
        self.assignee.setEnabled(can_assign)
        open_form = (self.view is not None and self.view.kind in request_kinds()
                     and RequestState(self.view.state) not in TERMINAL)
        self.edit_button.setEnabled(open_form and not self._busy)

    # -- acting ------------------------------------------------------------------------

    def _step(self, action: str) -> None:
        if self.view is None:
            return
        try:
            note = check_note(self.note.text(), required=action == StepAction.REJECT)
        except DomainError as error:
            label = self.tr("Reject reason") if error.code == "reject_reason_required" else None
            self.message.show_error(domain_message(error, label), self.note)
            return
        self.stepWanted.emit(action, note)

    def _assign(self) -> None:
        if self.view is not None:
            self.assignWanted.emit(str(self.assignee.currentData() or ""))

    def show_error(self, text: str) -> None:
        self.message.show_error(text)

    def show_ok(self, text: str) -> None:
        self.message.show_ok(text)
        self.note.clear()


__all__ = ["ACTIONS", "RequestDetail"]
