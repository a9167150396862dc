"""A line edit for a city or airport that offers matches as the clerk types.

Typing ``sz``, ``shenzhen``, ``深圳`` or ``SZX`` offers 深圳 SZX; Down/Enter or a click picks
it. The lookup is the pure :class:`~counter_app.domain.places.PlaceIndex` (well under a
millisecond), so it runs right on the keystroke without a worker.

Enter is reported as :attr:`PlaceEdit.entered` from the widget itself: while the drop-down
is open, the completer hands the key straight to the widget (``QWidget::event``), past any
event filter, so a page that watched for Enter from outside saw only the second one.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QCompleter, QLineEdit, QWidget

from counter_app.domain.places import Place, PlaceIndex

ROLE_INDEX = Qt.ItemDataRole.UserRole + 1


def place_text(place: Place) -> str:
    """How a chosen place reads in the field: ``深圳 SZX`` or ``北京 (PEK/PKX)``."""
    if place.is_city:
        return f"{place.city_zh} ({'/'.join(place.codes)})"
    return f"{place.city_zh} {place.code}"


def place_choice(place: Place) -> str:
    """A line of the drop-down: code, city and the airport's full name."""
    if place.is_city:
        return f"{place.city_zh} ({'/'.join(place.codes)})  {place.city_en}"
    return f"{place.code}  {place.city_zh}  {place.label_zh}  {place.city_en}"


class PlaceEdit(QLineEdit):
    """Holds a :class:`Place` once the clerk has picked or typed an unambiguous one."""

    placeChanged = Signal(object)
    #: Enter or Return, after the drop-down's highlighted line (if any) was taken.
    entered = Signal()
    #: The clerk moved on (Tab, Shift+Tab, a click elsewhere, a shortcut).
    left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._index: PlaceIndex | None = None
        self._place: Place | None = None
        self._matches: list[Place] = []
        # Where Enter moved the cursor on to: keys still arriving here were typed ahead.
        self._handed_to: QWidget | None = None
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(12)
        self._completer.setWidget(self)
        self._completer.activated[QModelIndex].connect(self._picked)  # type: ignore[index]
        self.textEdited.connect(self._on_edited)
        self.setClearButtonEnabled(True)

    # -- data ---------------------------------------------------------------------------

    def set_index(self, index: PlaceIndex) -> None:
        self._index = index

    def place(self) -> Place | None:
        return self._place

    def set_place(self, place: Place | None) -> None:
        self._place = place
        self.setText(place_text(place) if place else "")
        self.placeChanged.emit(place)

    def matches(self) -> list[Place]:
        """What the drop-down offers now (for tests and for Enter without a pick)."""
        return list(self._matches)

    def resolve(self) -> Place | None:
        """Settle the typed text: the picked place, or the one place it unambiguously means."""
        if self._place is not None and self.text() == place_text(self._place):
            return self._place
        if self._index is None:
            return None
        place = self._index.resolve(self.text())
        if place is not None:
            self.set_place(place)
        return place

    # -- reacting -----------------------------------------------------------------------

    def _on_edited(self, text: str) -> None:
        self._place = None
        self.placeChanged.emit(None)
        if self._index is None:
            return
        self._matches = self._index.lookup(text)
        self._model.setStringList([place_choice(p) for p in self._matches])
        if self._matches:
            self._completer.complete()
        else:
            self._hide_popup()

    def _picked(self, index: QModelIndex) -> None:
        row = index.row()
        if 0 <= row < len(self._matches):
            self.set_place(self._matches[row])

    def pick_first(self) -> bool:
        """Take the best match (Enter with the list open but nothing highlighted)."""
        if self._matches:
            self.set_place(self._matches[0])
            self._hide_popup()
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        target = self._handed_to
        if target is not None and not self.hasFocus() and target.isVisible():
            # Typed ahead: the drop-down held the keyboard when these keys were typed, so
            # the X server addressed them to it (whose focus is this field), and they arrive
            # after Enter closed it and moved the cursor on. They belong where the cursor is.
            QApplication.sendEvent(
                target,
                QKeyEvent(
                    event.type(),
                    event.key(),
                    event.modifiers(),
                    event.text(),
                    event.isAutoRepeat(),
                    event.count(),
                ),
            )
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # With the drop-down open the completer offers the key here first: take its
            # highlighted line (the best match unless the clerk moved down), then the page
            # moves the cursor on, which closes the drop-down; keys typed ahead then reach
            # the next field, not this one.
            popup = self._completer.popup()
            if popup is not None and popup.isVisible() and popup.currentIndex().isValid():
                self._picked(popup.currentIndex())
            event.accept()
            self.entered.emit()
            focus = QApplication.focusWidget()
            self._handed_to = focus if focus is not None and focus is not self else None
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        target = self._handed_to
        if (
            target is not None
            and event.reason() == Qt.FocusReason.ActiveWindowFocusReason
            and target.isVisible()
        ):
            # The window system's late answer to the closed drop-down's keyboard grab
            # re-activates the window with the cursor here; the clerk had moved on.
            super().focusInEvent(event)
            target.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
            return
        self._handed_to = None
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        # The drop-down opening or the window losing focus is not the clerk moving on.
        if event.reason() not in (
            Qt.FocusReason.PopupFocusReason,
            Qt.FocusReason.ActiveWindowFocusReason,
        ):
            self.left.emit()

    def _hide_popup(self) -> None:
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()
