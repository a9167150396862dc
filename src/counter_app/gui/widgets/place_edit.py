"""A line edit for a city or airport that offers matches as the clerk types.

Typing ``sz``, ``shenzhen``, ``深圳`` or ``SZX`` offers 深圳 SZX; Down/Enter or a click picks
it. The lookup is the pure :class:`~counter_app.domain.places.PlaceIndex` (well under a
millisecond), so it runs right on the keystroke without a worker.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._index: PlaceIndex | None = None
        self._place: Place | None = None
        self._matches: list[Place] = []
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

    def _hide_popup(self) -> None:
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()
