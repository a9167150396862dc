"""The flight finder page (航班查询): from, to, date → the day's flights, with seats and
fares per booking class for the chosen flight.

Keyboard: type the cities (Enter takes the best match and moves on), the date, Enter
searches and, when the flights are in, puts the cursor on them; Ctrl+Left/Ctrl+Right search
the day before/after and Ctrl+S swaps from and to, from any field. A city nothing matches is
said at the field as it is left, a past date as it is typed; the old results go then, so they
are never read as the answer to the new question.
Under the direct flights the connections via a hub are listed (Enter takes both flights,
the cheapest open class of each). With "Return" ticked, choosing the outbound searches the
return date the other way round; choosing the return flight completes the itinerary.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from counter_app.domain.errors import DomainError
from counter_app.gui.context import DeskContext
from counter_app.gui.messages import domain_message
from counter_app.gui.operations import flights as ops
from counter_app.gui.pages.finder_form import FinderForm
from counter_app.gui.pages.flight_results import FlightResults
from counter_app.gui.pages.flight_results import availability_line as availability_line
from counter_app.gui.pages.flight_results import fare_text as fare_text
from counter_app.gui.tasks import Task
from counter_app.gui.widgets.message_line import MessageLine
from counter_app.gui.widgets.named import named
from counter_app.gui.widgets.place_edit import PlaceEdit
from counter_app.kernel.clock import SHANGHAI
from counter_app.services.flights import (
    ClassOffer,
    FlightOffer,
    with_live_availability,
)
from counter_app.services.screens import FlightSearch
from counter_app.sync.protocol import Availability


class FlightFinderPage(QWidget):
    """Search the local cache for flights. Emits ``status`` with a line for the status bar."""

    status = Signal(str)
    segmentChosen = Signal(object, object)  # FlightOffer, ClassOffer: sell this
    itineraryChosen = Signal()  # every segment of the trip chosen: on to the sale

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._task: Task | None = None
        # A return trip: the outbound segments wait here while the return is chosen.
        self._pending: list[tuple[FlightOffer, ClassOffer]] = []
        self._return_leg = False
        # The field an error message is about (it goes when that field is put right), and
        # whether the running search was started from the form (its results take focus).
        self._error_field: QWidget | None = None
        self._focus_results = False
        self.setObjectName("flightFinderPage")
        self.form = FinderForm(ctx.places, self._today, self)
        self.message = MessageLine(self, "finderMessage")
        self.leg_hint = named(QLabel(self), "legHint")
        self.leg_hint.setStyleSheet("font-weight: bold; color: #0b5394;")
        self.leg_hint.setVisible(False)
        self.results = FlightResults(ctx, self)
        self._name_parts()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.leg_hint)
        layout.addWidget(self.message)
        layout.addWidget(self.results, 1)
        self._connect_form()
        self._connect_results()
        self._set_tab_order()

    def _name_parts(self) -> None:
        """The form's fields and the result tables, as the page's own (tests and the main
        window reach them here)."""
        form, results = self.form, self.results
        self.origin, self.destination = form.origin, form.destination
        self.date_edit = form.date_edit
        self.return_check, self.return_date_edit = form.return_check, form.return_date_edit
        self.swap_button, self.search_button = form.swap_button, form.search_button
        self.prev_day, self.next_day = form.prev_day, form.next_day
        self.flights_model, self.flights_view = results.flights_model, results.flights_view
        self.classes_model, self.classes_view = results.classes_model, results.classes_view
        self.connections_model = results.connections_model
        self.connections_view = results.connections_view
        self.detail_title = results.detail_title
        self.lease_seats, self.lease_button = results.lease_seats, results.lease_button

    def _connect_form(self) -> None:
        self.search_button.clicked.connect(self.search)
        self.swap_button.clicked.connect(self.swap)
        self.prev_day.clicked.connect(lambda: self.shift_day(-1))
        self.next_day.clicked.connect(lambda: self.shift_day(1))
        self.origin.entered.connect(lambda: self._city_entered(self.origin, self.destination))
        self.destination.entered.connect(
            lambda: self._city_entered(self.destination, self.date_edit)
        )
        self.origin.left.connect(lambda: self._city_left(self.origin, "origin"))
        self.destination.left.connect(lambda: self._city_left(self.destination, "destination"))
        self.origin.placeChanged.connect(lambda p: self._field_fixed(self.origin, p))
        self.destination.placeChanged.connect(lambda p: self._field_fixed(self.destination, p))
        self.date_edit.dateChanged.connect(lambda _d: self._date_typed())
        self.return_check.toggled.connect(self._return_toggled)
        self.date_edit.dateChanged.connect(self._outbound_date_changed)
        for edit in (self.origin, self.destination):
            edit.textEdited.connect(lambda _t: self._reset_trip())
            edit.textEdited.connect(lambda _t, e=edit: self.form.mark(e, None))
        QShortcut(QKeySequence("Ctrl+Left"), self, lambda: self.shift_day(-1))
        QShortcut(QKeySequence("Ctrl+Right"), self, lambda: self.shift_day(1))
        QShortcut(QKeySequence("Ctrl+S"), self, self.swap)

    def _connect_results(self) -> None:
        self.results.leaseRefused.connect(self.show_error)
        self.results.leaseGranted.connect(self._lease_granted)
        self.classes_view.doubleClicked.connect(lambda _i: self.choose_class())
        self.connections_view.doubleClicked.connect(lambda _i: self.choose_connection())
        self.keys = FinderKeys(self)

    def _lease_granted(self, text: str) -> None:
        self.search()
        self.status.emit(text)

    def _set_tab_order(self) -> None:
        order = (self.origin, self.destination, self.date_edit, self.return_check,
                 self.return_date_edit, self.search_button, self.flights_view,
                 self.connections_view, self.classes_view)
        for first, second in pairwise(order):
            self.setTabOrder(first, second)

    # -- helpers ------------------------------------------------------------------------

    def _today(self) -> date:
        return self.ctx.clock.now().astimezone(SHANGHAI).date()

    def selected_date(self) -> date:
        return self.form.selected_date()

    def selected_return_date(self) -> date:
        return self.form.selected_return_date()

    def swap(self) -> None:
        self.form.swap()

    def show_error(self, text: str, widget: QWidget | None = None) -> None:
        self.message.show_error(text, widget)
        self._error_field = None

    def show_info(self, text: str) -> None:
        self.message.show_info(text)
        self._error_field = None

    def _refuse_field(self, text: str, field: QWidget, *, focus: bool = True) -> None:
        """An error about a search field: said at once, the field framed in red with the
        message as its tooltip (it stays so when another message takes the line), and the
        old results go (they answered another question)."""
        self._clear_results()
        self.show_error(text, field if focus else None)
        self._error_field = field
        self.form.mark(field, text)

    def _clear_results(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.results.clear()

    def _field_fixed(self, field: QWidget, place: object) -> None:
        """The clerk put right the field the message is about: the message goes."""
        if place is None:
            return
        self.form.mark(field, None)
        if self._error_field is field:
            self.show_info("")

    # -- actions ------------------------------------------------------------------------

    def shift_day(self, days: int) -> None:
        target = self.date_edit.date().addDays(days)
        if self.form.is_past(target) and days < 0:
            # Said, but the flights shown (of the date still in the field) stay.
            self.show_error(self.form.past_message(target))
            self._error_field = self.date_edit
            return
        self.date_edit.setDate(target)
        if self.origin.place() and self.destination.place():
            self.search()

    def _date_typed(self) -> None:
        """A past date is said as soon as the edit holds one; the typing stays."""
        if self._return_leg:
            return
        day = self.date_edit.date()
        if self.form.is_past(day):
            self._refuse_field(self.form.past_message(day), self.date_edit, focus=False)
            return
        self.form.mark(self.date_edit, None)
        if self._error_field is self.date_edit:
            self.show_info("")

    def _city_entered(self, edit: PlaceEdit, following: QWidget) -> None:
        """Enter in a city field: take the place (the best match if several) and move on;
        a text nothing matches is said here and the cursor stays."""
        if edit.resolve() is None:
            edit.pick_first()
        if edit.place() is None:
            field = "origin" if edit is self.origin else "destination"
            code = "city_required" if not edit.text().strip() else "unknown_city"
            self._refuse_field(
                domain_message(DomainError(code, field=field, text=edit.text())), edit
            )
            return
        following.setFocus(Qt.FocusReason.TabFocusReason)

    def _city_left(self, edit: PlaceEdit, field: str) -> None:
        """Leaving a city field: an unknown or ambiguous text is said now, at the field,
        not at search time above the old results."""
        problem = self.form.unresolved(edit, field)
        if edit.text().strip() and problem is not None:
            self._refuse_field(problem, edit, focus=False)

    def _resolve(self, edit: PlaceEdit, field: str) -> tuple[str, ...] | None:
        problem = self.form.unresolved(edit, field)
        place = edit.resolve()  # settled by the check: the place it names
        if problem is not None or place is None:
            self._refuse_field(problem or "", edit)
            return None
        return place.codes

    def search(self) -> None:
        """Validate the form and search on the database worker."""
        origins = self._resolve(self.origin, "origin")
        if origins is None:
            return
        destinations = self._resolve(self.destination, "destination")
        if destinations is None:
            return
        day = self.selected_date()
        if self.form.is_past(self.date_edit.date()):
            self._refuse_field(self.form.past_message(self.date_edit.date()), self.date_edit)
            return
        now = self.ctx.clock.now()
        if (
            self.return_check.isChecked()
            and not self._return_leg
            and self.selected_return_date() < day
        ):
            self.show_error(
                domain_message(
                    DomainError(
                        "return_before_outbound",
                        field="return_date",
                        day=day.isoformat(),
                        return_day=self.selected_return_date().isoformat(),
                    )
                ),
                self.return_date_edit,
            )
            return
        if self._task is not None:
            self._task.cancel()
        # Searched from the form (Enter on the date, Ctrl+→, the button): the flights take
        # the cursor when they are in, so the next Enter chooses one.
        self._focus_results = QApplication.focusWidget() in self.form.fields()
        self.show_info(self.tr("Searching…"))

        self._task = ops.search(self.ctx, origins, destinations, day, now, self._show,
                                self._failed)

    def _show(self, result: FlightSearch) -> None:
        self._task = None
        offers, linked = result.direct, result.connections
        self.results.set_offers(offers)
        self.results.set_connections(linked)
        if offers:
            text = self.tr("%1 flights on %2, from the local cache.")
            self.show_info(
                text.replace("%1", str(len(offers))).replace("%2", self.selected_date().isoformat())
            )
            self._fetch_live(offers)
        elif linked:
            self.results.clear_classes()
            self.show_info(self.tr("No direct flights on that day; see the connections below."))
        else:
            self.results.clear_classes()
            self.show_info(
                self.tr(
                    "No direct flights on that day. Try the day before or after "
                    "(Ctrl+Left / Ctrl+Right)."
                )
            )
        if linked:
            self.show_info(
                self.message.text()
                + " "
                + self.tr("%1 connections.").replace("%1", str(len(linked)))
            )
        self.status.emit(self.message.text())
        if self._focus_results and QApplication.focusWidget() in self.form.fields():
            if offers:
                self.flights_view.setFocus(Qt.FocusReason.OtherFocusReason)
            elif linked:
                self.connections_view.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus_results = False

    def _fetch_live(self, offers: list[FlightOffer]) -> None:
        """Online, ask head office for the seats as they are now; the table shows the
        cache's copy meanwhile, and stays so when head office does not answer."""
        ids_all = [o.flight_id for o in offers]
        ids = [o.flight_id for o in offers if not o.departed]
        if not ids:
            return

        def done(live: list[Availability]) -> None:
            if [o.flight_id for o in self.flights_model.rows()] != ids_all:
                return  # another search has replaced these results
            updated = with_live_availability(offers, live)
            self.results.set_offers(updated)
            text = self.tr("%1 flights on %2, seats live from head office.")
            self.show_info(
                text.replace("%1", str(len(updated))).replace(
                    "%2", self.selected_date().isoformat()
                )
            )
            self.status.emit(self.message.text())

        # Head office not answering is not an error here: the cache's figures stay shown.
        ops.live_availability(self.ctx, ids, done, lambda _error: None)

    def _failed(self, error: BaseException) -> None:
        self._task = None
        if isinstance(error, DomainError):
            target = {
                "origin": self.origin,
                "destination": self.destination,
                "date": self.date_edit,
            }.get(error.field)
            if target is not None:
                self._refuse_field(domain_message(error), target)
            else:
                self.show_error(domain_message(error))
        else:
            self.show_error(self.tr("The search failed: %1").replace("%1", str(error)))

    # -- return trips and connections ---------------------------------------------------

    def _return_toggled(self, checked: bool) -> None:
        self.return_date_edit.setEnabled(checked)
        self._reset_trip()
        if checked:
            self._outbound_date_changed()

    def _outbound_date_changed(self) -> None:
        if not self._return_leg:
            self.form.keep_return_after_outbound()

    def _reset_trip(self) -> None:
        """Forget a half-chosen return trip (the clerk started over)."""
        if self._return_leg or self._pending:
            self._pending = []
            self._return_leg = False
            self.leg_hint.setVisible(False)
            self.leg_hint.setText("")

    @property
    def choosing_return(self) -> bool:
        return self._return_leg

    def _take(self, chosen: list[tuple[FlightOffer, ClassOffer]]) -> None:
        """The clerk chose these segments: for a return trip's outbound, search the return
        next; otherwise hand the whole itinerary to the sale."""
        if self.return_check.isChecked() and not self._return_leg:
            self._pending = list(chosen)
            self._return_leg = True
            outbound = self.selected_date()
            back = self.selected_return_date()
            self.swap()
            self.form.set_date(back)
            labels = " + ".join(o.flight_no for o, _c in chosen)
            self.leg_hint.setText(
                self.tr("Outbound %1 on %2 chosen. Choose the return flight.")
                .replace("%1", labels)
                .replace("%2", outbound.isoformat())
            )
            self.leg_hint.setVisible(True)
            self.search()
            self.flights_view.setFocus()
            return
        segments = self._pending + list(chosen)
        self._pending = []
        if self._return_leg:
            # Back to the outbound form, ready for the next traveller's search.
            self._return_leg = False
            self.leg_hint.setVisible(False)
            self.leg_hint.setText("")
            self.swap()
            self.form.set_date(segments[0][0].dep_date)
        for offer, cls in segments:
            self.segmentChosen.emit(offer, cls)
        self.itineraryChosen.emit()

    def choose_connection(self) -> None:
        """Sell the selected connection: both flights, the cheapest open class of each."""
        connection = self.results.current_connection()
        if connection is None:
            return
        if connection.departed:
            self.show_error(
                self.tr("%1 has already departed.").replace("%1", connection.first.flight_no),
                self.connections_view,
            )
            return
        chosen: list[tuple[FlightOffer, ClassOffer]] = []
        for offer in (connection.first, connection.second):
            cls = offer.lowest  # the cheapest class with a seat left
            if cls is None:
                self.show_error(
                    self.tr("%1 is full.").replace("%1", offer.flight_no), self.connections_view
                )
                return
            chosen.append((offer, cls))
        self._take(chosen)

    def choose_class(self) -> None:
        """Sell the selected class of the selected flight (Enter in the class table)."""
        offer, chosen = self.results.current_offer(), self.results.current_class()
        if offer is None or chosen is None:
            return
        if offer.departed:
            self.show_error(self.tr("%1 has already departed.").replace("%1", offer.flight_no))
            return
        if chosen.seats <= 0:
            self.show_error(
                self.tr("Class %1 is closed on %2.")
                .replace("%1", chosen.code)
                .replace("%2", offer.flight_no),
                self.classes_view,
            )
            return
        self._take([(offer, chosen)])


class FinderKeys(QObject):
    """The finder's keys on its fields and tables: Ctrl+←/→ and Ctrl+S reach the page's
    shortcuts from any field, and Enter acts where it is pressed (the city fields report
    Enter themselves: PlaceEdit.entered)."""

    def __init__(self, page: FlightFinderPage) -> None:
        super().__init__(page)
        self._fields = (page.origin, page.destination, page.date_edit, page.return_date_edit)
        self._enter: dict[QObject, Callable[[], None]] = {
            page.date_edit: page.search,
            page.flights_view: page.results.take_cheapest_class,  # on to the cheapest class
            page.classes_view: page.choose_class,
            page.connections_view: page.choose_connection,
        }
        for widget in (*self._fields, *self._enter):
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and watched in self._fields
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_S)
        ):
            # A line edit claims Ctrl+←/→ (a word left/right) before the page's shortcuts
            # see them; in the finder they mean the day before/after, from any field.
            event.ignore()
            return True
        enter = self._enter.get(watched)
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and enter is not None
        ):
            enter()
            return True
        return super().eventFilter(watched, event)
