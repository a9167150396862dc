"""The seat map (座位图): a flight's aircraft as the carrier numbers it, painted, and chosen
from by keyboard or mouse; and its legend (图例).

What it shows comes whole from a :class:`~counter_app.domain.seatmap.SeatChart`: the cabins
(头等舱 / 公务舱 / 经济舱) each with its header and column letters, the rows with their
numbers on both sides (a skipped row is simply absent, a missing seat a gap), the aisle,
the fuselage wall beside the window seats, exit rows (出口, a mark at both ends), the rows
over the wing (a band beside them), galleys and lavatories (厨房 / 洗手间, a strip between
rows) and each seat's state. Every state differs by a shape or pattern as well as by its
colour (a cross, a hatch, a clock, a padlock, a plus, a label, a dashed outline, a star,
a barred circle), so the map reads without colour too.

Keyboard: the arrows move the current seat (gaps and the aisle skipped, across cabins to
the nearest seat of the next row), Home/End go to the first/last row, PageUp/PageDown
several rows, Enter or Space chooses, and typing a seat (``32A``, ``5c``) jumps to it; the
typed characters wait :data:`TYPE_PAUSE_MS` for the next one. A click chooses too; the
tooltip says the seat, its position (靠窗/中间/过道), the exit row, its state and, when the
current passenger may not have it, why. Choosing a seat the chart does not offer emits
:attr:`SeatMapWidget.seat_refused` with the refusal code instead of ``seat_chosen``.

Sizes: rows 26 px high for the counter's dialogs (an A321 scrolls inside a 700 px dialog),
``large=True`` for the kiosk's touch screen (about 56 px targets). The widget gives its
whole size as ``sizeHint`` and ``minimumSize``, so it sits in a ``QScrollArea``, which it
scrolls to keep the current seat visible (:meth:`SeatMapWidget.seat_rect`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QBrush,
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QShowEvent,
)
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QToolTip, QWidget

from counter_app.domain.errors import DomainError
from counter_app.gui.messages import domain_message

if TYPE_CHECKING:
    from counter_app.domain.seatmap import Seat, SeatChart, SeatMap

translate = QCoreApplication.translate

TYPE_PAUSE_MS = 1200  # a clerk types "32A" well within this; a later key starts afresh
PAGE_ROWS = 10  # PageUp/PageDown

# Looks, in the order the legend lists them: the seat states, then what overlays them.
LOOKS = (
    "free", "taken", "blocked", "held", "locked", "extra", "chosen", "provisional",
    "proposal", "refused", "current",
)
MARKS = ("exit", "wing", "galley", "lavatory")


def look_names() -> dict[str, str]:
    """Every look and mark of the map by its name in the interface's language."""
    return {
        "free": translate("SeatMap", "Free"),
        "taken": translate("SeatMap", "Taken"),
        "blocked": translate("SeatMap", "Blocked by the airline"),
        "held": translate("SeatMap", "Held"),
        "locked": translate("SeatMap", "Locked"),
        "extra": translate("SeatMap", "Extra seat (EXST)"),
        "chosen": translate("SeatMap", "Chosen"),
        "provisional": translate("SeatMap", "Chosen offline, to be confirmed"),
        "proposal": translate("SeatMap", "Proposed"),
        "refused": translate("SeatMap", "Not for this passenger"),
        "current": translate("SeatMap", "Current seat"),
        "exit": translate("SeatMap", "Exit row"),
        "wing": translate("SeatMap", "Over the wing"),
        "galley": translate("SeatMap", "Galley"),
        "lavatory": translate("SeatMap", "Lavatory"),
    }


def cabin_name(cabin: str) -> str:
    names = {
        "F": translate("SeatMap", "First class"),
        "C": translate("SeatMap", "Business class"),
        "J": translate("SeatMap", "Business class"),
        "W": translate("SeatMap", "Premium economy"),
        "Y": translate("SeatMap", "Economy class"),
    }
    return names.get(cabin, translate("SeatMap", "Cabin %1").replace("%1", cabin))


def position_name(position: str) -> str:
    names = {
        "window": translate("SeatMap", "Window"),
        "middle": translate("SeatMap", "Middle"),
        "aisle": translate("SeatMap", "Aisle"),
    }
    return names.get(str(position), str(position))


def refusal_text(code: str, seat: str, exit_reason: str | None = None) -> str:
    """Why a seat is not offered, in the words of gui/messages.py (the one catalogue), and
    for an exit row who the passenger is that may not sit there."""
    text = domain_message(DomainError(code, seat=seat))
    reasons = {
        "child": translate("SeatMap", "a child"),
        "infant": translate("SeatMap", "an infant"),
        "under_15": translate("SeatMap", "under 15"),
        "with_infant": translate("SeatMap", "holding an infant"),
    }
    if code == "exit_row_not_allowed" and exit_reason in reasons:
        text = translate("SeatMap", "%1 (This passenger: %2.)").replace(
            "%2", reasons[exit_reason]).replace("%1", text)
    return text


def _refusal_of_state(state: str) -> str:
    """The refusal code for choosing a seat the chart does not offer and gives no reason
    for: what its state says (a chosen seat of another passenger is taken for this one)."""
    return "seat_blocked" if state == "blocked" else "seat_taken"


# -- sizes and colours ---------------------------------------------------------------------


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes of one map: the counter's (``NORMAL``) or the kiosk's (``LARGE``)."""

    seat_w: int
    seat_h: int
    row_h: int
    gap: int  # between two seats side by side
    aisle_w: int
    number_w: int
    exit_w: int
    wing_w: int
    header_h: int
    letters_h: int
    facility_h: int
    font_px: int
    small_px: int
    margin: int


NORMAL = Metrics(seat_w=30, seat_h=21, row_h=26, gap=4, aisle_w=28, number_w=26, exit_w=30,
                 wing_w=10, header_h=24, letters_h=20, facility_h=20, font_px=12,
                 small_px=10, margin=6)
LARGE = Metrics(seat_w=56, seat_h=50, row_h=58, gap=6, aisle_w=48, number_w=44, exit_w=48,
                wing_w=16, header_h=40, letters_h=32, facility_h=30, font_px=20,
                small_px=15, margin=10)


@dataclass(frozen=True)
class Look:
    fill: str
    border: str
    ink: str  # the label or symbol drawn on the seat


STYLE = {
    "free": Look("#ffffff", "#2e7d32", "#78909c"),
    "taken": Look("#9e9e9e", "#616161", "#ffffff"),
    "blocked": Look("#455a64", "#263238", "#b0bec5"),
    "held": Look("#ffe0b2", "#e65100", "#e65100"),
    "locked": Look("#d1c4e9", "#4527a0", "#4527a0"),
    "extra": Look("#b2dfdb", "#00695c", "#00695c"),
    "chosen": Look("#1565c0", "#0d47a1", "#ffffff"),
    "provisional": Look("#bbdefb", "#0d47a1", "#0d47a1"),
    "proposal": Look("#fff176", "#f57f17", "#e65100"),
    "refused": Look("#eeeeee", "#bdbdbd", "#b00020"),
}
EXIT_COLOR = "#e65100"
WING_COLOR = "#90a4ae"
WALL_COLOR = "#546e7a"
FOCUS_COLOR = "#000000"
HEADER_FILL = "#eceff1"
FACILITY_FILL = {"galley": "#d7ccc8", "lavatory": "#cfd8dc"}


# -- where everything goes ------------------------------------------------------------------


@dataclass(frozen=True)
class RowBox:
    number: int
    cabin: str
    top: int
    exit_row: bool
    wing: bool


@dataclass(frozen=True)
class Strip:
    """A band across the map: a cabin's header and letters, or galleys/lavatories."""

    kind: str  # "cabin" or "facility"
    top: int
    height: int
    cabin: str
    letters: tuple[tuple[str, int], ...]  # (letter, x centre) under a cabin header
    aisles: tuple[int, ...]  # x centres of the aisles
    facilities: tuple[str, ...]


def _aligned(letters: str, seats: Sequence[Any]) -> list[tuple[str, Any]]:
    """Pair each column letter with its seat (None where there is none). ``seats`` runs
    either along ``letters`` including the aisle's blank, or along its letters only."""
    if len(seats) == len(letters):
        return [(ch, seat) for ch, seat in zip(letters, seats, strict=True) if ch != " "]
    plain = letters.replace(" ", "")
    padded = list(seats) + [None] * (len(plain) - len(seats))
    return list(zip(plain, padded, strict=False))


class SeatGeometry:
    """Where each part of a seat map is drawn, for one set of :class:`Metrics`; also the
    order the keyboard moves in (rows top to bottom, seats left to right)."""

    def __init__(self, seat_map: SeatMap, metrics: Metrics) -> None:
        m = self.metrics = metrics
        self.seat_map = seat_map
        cabins = list(seat_map.cabins)
        pitch = m.seat_w + m.gap
        widths = [len(letters.replace(" ", "")) * pitch + letters.count(" ") * m.aisle_w
                  for _, letters, _ in cabins]
        self.seats_w = max(widths, default=6 * pitch)
        self.left = m.margin + m.wing_w + m.exit_w + m.number_w + m.gap
        self.width = self.left + self.seats_w + m.gap + m.number_w + m.exit_w + m.wing_w + m.margin
        self.cells: dict[str, QRect] = {}
        self.seats: dict[str, Seat] = {}
        self.rows: list[RowBox] = []
        self.strips: list[Strip] = []
        self.lines: list[list[tuple[int, str]]] = []  # per row: (x centre, code), by x
        self.line_of: dict[str, int] = {}
        self.reveal: list[tuple[int, int]] = []  # per line: from the strips above to below
        y = m.margin
        for cabin, letters, rows in cabins:
            columns, aisles, seat_w = self._columns(letters)
            above: int | None = y
            self.strips.append(Strip("cabin", y, m.header_h + m.letters_h, cabin,
                                     tuple((ch, x + seat_w // 2) for ch, x in columns.items()),
                                     tuple(aisles), ()))
            y += m.header_h + m.letters_h
            for row in rows:
                before = tuple(getattr(row, "facilities_before", ()) or ())
                if before:
                    self.strips.append(Strip("facility", y, m.facility_h, cabin, (), (), before))
                    above = y if above is None else above
                    y += m.facility_h
                if self._add_row(row, cabin, letters, columns, seat_w, y):
                    self.reveal.append((y if above is None else above, y + m.row_h))
                    above = None
                y += m.row_h
        after = tuple(getattr(seat_map, "facilities_after", ()) or ())
        if after:
            self.strips.append(Strip("facility", y, m.facility_h, "", (), (), after))
            y += m.facility_h
        self.height = y + m.margin
        if self.reveal:  # the last row shows what is behind it
            self.reveal[-1] = (self.reveal[-1][0], self.height)

    def _columns(self, letters: str) -> tuple[dict[str, int], list[int], int]:
        """Each letter's left x, the aisles' centres and the seat width in this cabin: a
        cabin of fewer seats abreast spreads them (wider seats) over the map's width."""
        m = self.metrics
        count = len(letters.replace(" ", "")) or 1
        pitch = (self.seats_w - letters.count(" ") * m.aisle_w) / count
        seat_w = max(m.seat_w, int(pitch) - m.gap)
        columns: dict[str, int] = {}
        aisles: list[int] = []
        x = float(self.left)
        for ch in letters:
            if ch == " ":
                aisles.append(int(x + m.aisle_w / 2))
                x += m.aisle_w
            else:
                columns[ch] = int(x + (pitch - seat_w) / 2)
                x += pitch
        return columns, aisles, seat_w

    def _add_row(self, row: Any, cabin: str, letters: str, columns: dict[str, int],
                 seat_w: int, top: int) -> bool:
        """Place one row; False when it has no seat to move to (nothing to reveal)."""
        m = self.metrics
        self.rows.append(RowBox(int(row.number), cabin, top, bool(row.exit_row),
                                bool(getattr(row, "wing", False))))
        line: list[tuple[int, str]] = []
        seat_top = top + (m.row_h - m.seat_h) // 2
        for letter, seat in _aligned(letters, row.seats):
            if seat is None or letter not in columns:
                continue
            rect = QRect(columns[letter], seat_top, seat_w, m.seat_h)
            self.cells[seat.code] = rect
            self.seats[seat.code] = seat
            line.append((rect.center().x(), seat.code))
        if line:
            line.sort()
            for _, code in line:
                self.line_of[code] = len(self.lines)
            self.lines.append(line)
        return bool(line)

    def code_at(self, point: QPoint) -> str | None:
        """The seat under ``point`` (widget coordinates before centring), if any."""
        for code, rect in self.cells.items():
            if rect.adjusted(-2, -2, 2, 2).contains(point):
                return code
        return None

    def nearest_in_line(self, index: int, x: int) -> str:
        """The seat of keyboard line ``index`` nearest to ``x`` (left first on a tie)."""
        return min(self.lines[index], key=lambda item: (abs(item[0] - x), item[0]))[1]

    def code_of(self, number: int, letter: str) -> str | None:
        for code, seat in self.seats.items():
            if int(seat.row) == number and seat.letter == letter:
                return code
        return None

    def line_of_row(self, number: int) -> int | None:
        for index, line in enumerate(self.lines):
            if int(self.seats[line[0][1]].row) == number:
                return index
        return None


# -- painting --------------------------------------------------------------------------------


def _font(px: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(px)
    font.setBold(bold)
    return font


def paint_seat(painter: QPainter, rect: QRect, look: str, label: str = "", *,
               provisional: bool = False, current: bool = False, small_px: int = 10) -> None:
    """One seat in ``look`` (a key of :data:`STYLE`), with its label (the passenger's
    number on a chosen seat, the letter on a free one), a dashed outline when chosen
    offline, and the focus ring when it is the current seat."""
    style = STYLE["provisional" if provisional and look == "chosen" else look]
    painter.save()
    radius = max(3.0, rect.height() / 6)
    pen = QPen(QColor(style.border), 2 if look in ("proposal", "chosen") or provisional else 1.2)
    if provisional:
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setWidthF(2.2)
    elif look == "refused":
        pen.setStyle(Qt.PenStyle.DotLine)
    painter.setPen(pen)
    painter.setBrush(QColor(style.fill))
    painter.drawRoundedRect(rect, radius, radius)
    if look == "blocked":
        hatch = QBrush(QColor(style.ink), Qt.BrushStyle.BDiagPattern)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(hatch)
        painter.drawRoundedRect(rect, radius, radius)
    _paint_symbol(painter, rect, look, label, style.ink, small_px)
    if current:
        ring = rect.adjusted(-3, -3, 3, 3)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor("#ffffff"), 4))
        painter.drawRoundedRect(ring, radius + 2, radius + 2)
        painter.setPen(QPen(QColor(FOCUS_COLOR), 2.5))
        painter.drawRoundedRect(ring, radius + 2, radius + 2)
    painter.restore()


def _paint_symbol(painter: QPainter, rect: QRect, look: str, label: str, ink: str,
                  small_px: int) -> None:
    """The shape that tells a look apart without its colour."""
    pen = QPen(QColor(ink), max(1.5, rect.height() / 12))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    side = min(rect.width(), rect.height()) * 0.55
    box = QRect(0, 0, int(side), int(side))
    box.moveCenter(rect.center())
    if label and look in ("chosen", "free", "provisional", "proposal"):
        painter.setFont(_font(small_px + (2 if look != "free" else 0), bold=look != "free"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        return
    if look == "taken":
        painter.drawLine(box.topLeft(), box.bottomRight())
        painter.drawLine(box.topRight(), box.bottomLeft())
    elif look == "held":  # a clock: held until a deadline
        painter.drawEllipse(box)
        c = box.center()
        painter.drawLine(c, QPoint(c.x(), box.top() + box.height() // 4))
        painter.drawLine(c, QPoint(c.x() + box.width() // 4, c.y()))
    elif look == "locked":  # a padlock
        half = box.height() // 2
        body = QRect(box.left(), box.top() + half - 1, box.width(), half + 1)
        painter.drawRect(body)
        arc = QRect(box.left() + box.width() // 5, box.top(), box.width() * 3 // 5,
                    box.height() * 2 // 3)
        painter.drawArc(arc, 0, 180 * 16)
    elif look == "extra":  # a plus: a seat booked on top of the passenger's own
        c = box.center()
        painter.drawLine(QPoint(box.left(), c.y()), QPoint(box.right(), c.y()))
        painter.drawLine(QPoint(c.x(), box.top()), QPoint(c.x(), box.bottom()))
    elif look == "chosen":  # a tick
        painter.drawPolyline(QPolygonF([
            QPointF(box.left(), box.center().y()),
            QPointF(box.left() + box.width() * 0.4, box.bottom()),
            QPointF(box.right(), box.top()),
        ]))
    elif look == "proposal":
        painter.setBrush(QColor(ink))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawPolygon(_star(box))
    elif look == "refused":  # a barred circle
        painter.drawEllipse(box)
        painter.drawLine(box.topRight() + QPoint(-box.width() // 7, box.height() // 7),
                         box.bottomLeft() + QPoint(box.width() // 7, -box.height() // 7))


def _star(box: QRect) -> QPolygonF:
    c = QPointF(box.center())
    outer, inner = box.width() / 2, box.width() / 5
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(QPointF(c.x() + radius * math.cos(angle), c.y() + radius * math.sin(angle)))
    return QPolygonF(points)


def paint_exit(painter: QPainter, rect: QRect, text: str, small_px: int) -> None:
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(EXIT_COLOR))
    painter.drawRoundedRect(rect, 3, 3)
    painter.setPen(QColor("#ffffff"))
    painter.setFont(_font(small_px, bold=True))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def paint_wing(painter: QPainter, rect: QRect) -> None:
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#cfd8dc"))
    painter.drawRect(rect)
    painter.setBrush(QBrush(QColor(WING_COLOR), Qt.BrushStyle.Dense5Pattern))
    painter.drawRect(rect)
    painter.restore()


def paint_facility(painter: QPainter, rect: QRect, kind: str, text: str, small_px: int) -> None:
    painter.save()
    painter.setPen(QPen(QColor("#8d6e63" if kind == "galley" else "#78909c"), 1))
    painter.setBrush(QColor(FACILITY_FILL.get(kind, "#e0e0e0")))
    painter.drawRect(rect)
    painter.setPen(QColor("#37474f"))
    painter.setFont(_font(small_px))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def look_of(chart: SeatChart, code: str) -> tuple[str, str, bool]:
    """(look, label, provisional) of one seat on ``chart``."""
    state = str(chart.state(code))
    label = str(chart.labels.get(code, ""))
    provisional = code in chart.provisional
    if state == "free":
        if code in chart.proposal:
            return "proposal", label, provisional
        if code in chart.refusals or not chart.offerable(code):
            return "refused", label, provisional
        return "free", label, provisional
    return state, label, provisional


# -- the widget -----------------------------------------------------------------------------


class SeatMapWidget(QWidget):
    """The painted seat map of one :class:`SeatChart`; see the module's docstring."""

    seat_chosen = Signal(str)
    seat_refused = Signal(str, str)  # seat, refusal code
    current_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, large: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("seat_map")
        self.metrics = LARGE if large else NORMAL
        self.large = large
        self._chart: SeatChart | None = None
        self._geometry: SeatGeometry | None = None
        self._current: str | None = None
        self._typed = ""
        self._type_timer = QTimer(self)
        self._type_timer.setSingleShot(True)
        self._type_timer.setInterval(TYPE_PAUSE_MS)
        self._type_timer.timeout.connect(self._forget_typed)
        self._watched: QScrollArea | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName(translate("SeatMap", "Seat map"))

    # -- what it shows

    def set_chart(self, chart: SeatChart) -> None:
        """Show ``chart``; the current seat stays where it was if the aircraft is the same,
        else goes to the first chosen, proposed or offered seat."""
        same = self._geometry is not None and (
            self._geometry.seat_map is chart.seat_map or self._geometry.seat_map == chart.seat_map)
        self._chart = chart
        self._watch_scrolling()
        if not same:
            self._geometry = SeatGeometry(chart.seat_map, self.metrics)
            size = QSize(self._geometry.width, self._geometry.height)
            self.setMinimumSize(size)
            self.resize(size)  # a scroll area that does not resize its widget (a smaller
            self.updateGeometry()  # aircraft after a larger one); one that does, overrides
        if self._current is None or self._current not in self._cells():
            self._current = None
            start = self._start_seat(chart)
            if start is not None:
                self.set_current(start)
        else:
            self._describe()
        self.update()

    def chart(self) -> SeatChart | None:
        return self._chart

    def _cells(self) -> dict[str, QRect]:
        return self._geometry.cells if self._geometry is not None else {}

    def _start_seat(self, chart: SeatChart) -> str | None:
        cells = self._cells()
        for code in (*(c for c, s in chart.states.items() if str(s) == "chosen"), *chart.proposal):
            if code in cells:
                return code
        in_cabin = [c for c in cells if self._seat(c).cabin == chart.cabin]
        return next((c for c in in_cabin if chart.offerable(c)),
                    next(iter(in_cabin or cells), None))

    def _seat(self, code: str) -> Seat:
        assert self._geometry is not None
        return self._geometry.seats[code]

    def sizeHint(self) -> QSize:
        if self._geometry is None:
            return QSize(360, 240)
        return QSize(self._geometry.width, self._geometry.height)

    def _offset(self) -> QPoint:
        """The map is centred when the widget is wider than it."""
        if self._geometry is None:
            return QPoint(0, 0)
        return QPoint(max(0, (self.width() - self._geometry.width) // 2), 0)

    def seat_rect(self, code: str) -> QRect:
        """Where seat ``code`` is drawn, in this widget's coordinates (empty if absent)."""
        rect = self._cells().get(code)
        return rect.translated(self._offset()) if rect is not None else QRect()

    def seat_at(self, point: QPoint) -> str | None:
        if self._geometry is None:
            return None
        return self._geometry.code_at(point - self._offset())

    # -- the current seat

    def current(self) -> str | None:
        return self._current

    def set_current(self, code: str | None) -> None:
        """Make ``code`` the current seat (ignored when the map has no such seat)."""
        if code is None or code not in self._cells() or code == self._current:
            return
        old = self._current
        self._current = code
        for seat in (old, code):
            if seat is not None:
                self.update(self.seat_rect(seat).adjusted(-5, -5, 5, 5))
        self._describe()
        self._ensure_visible(code)
        self.current_changed.emit(code)

    def _scroll_area(self) -> QScrollArea | None:
        viewport = self.parentWidget()
        area = viewport.parentWidget() if viewport is not None else None
        return area if isinstance(area, QScrollArea) and area.widget() is self else None

    def _watch_scrolling(self) -> None:
        """Repaint what shows after a scroll, so the pinned column letters move along."""
        area = self._scroll_area()
        if area is not None and area is not self._watched:
            area.verticalScrollBar().valueChanged.connect(self._scrolled)
            self._watched = area

    def _scrolled(self) -> None:
        self.update(self.visibleRegion().boundingRect())

    def showEvent(self, event: QShowEvent) -> None:
        self._watch_scrolling()
        super().showEvent(event)

    def _ensure_visible(self, code: str) -> None:
        area = self._scroll_area()
        if area is not None and self._geometry is not None:
            # The row with a row's room around it, and what sits above it (its cabin's
            # header, a galley) or, for the last row, behind it; the seat itself wins.
            x, margin = self.seat_rect(code).center().x(), self.metrics.row_h
            top, bottom = self._geometry.reveal[self._geometry.line_of[code]]
            area.ensureVisible(x, bottom, margin, margin)
            area.ensureVisible(x, top, margin, margin)
            area.ensureVisible(x, self.seat_rect(code).center().y(), margin, margin)

    def _describe(self) -> None:
        code = self._current
        self.setAccessibleDescription(self.describe(code) if code else "")
        if QAccessible.isActive():  # a screen reader reads the new seat out
            QAccessible.updateAccessibility(
                QAccessibleEvent(self, QAccessible.Event.DescriptionChanged))

    def describe(self, code: str) -> str:
        """The seat in words: what the tooltip and a screen reader say."""
        if self._chart is None or code not in self._cells():
            return ""
        seat, chart = self._seat(code), self._chart
        look, _, provisional = look_of(chart, code)
        names = look_names()
        where = translate("SeatMap", "Seat %1, %2")
        parts = [where.replace("%1", code).replace("%2", cabin_name(seat.cabin)),
                 position_name(seat.position)]
        if seat.exit_row:
            parts.append(names["exit"])
        if getattr(seat, "wing", False):
            parts.append(names["wing"])
        state = "provisional" if provisional else str(chart.state(code))
        parts.append(translate("SeatMap", "State: %1").replace("%1", names.get(state, state)))
        if look == "proposal":
            parts.append(names["proposal"])
        refusal = self.refusal(code)
        if refusal is not None and state == "free":
            parts.append(translate("SeatMap", "Not offered: %1").replace("%1", refusal_text(
                refusal, code, getattr(chart, "exit_reason", None))))
        label = chart.labels.get(code)
        if label:
            parts.append(translate("SeatMap", "Passenger %1").replace("%1", str(label)))
        return "\n".join(parts)

    def refusal(self, code: str) -> str | None:
        """Why the current passenger may not have ``code`` (None when it is offered)."""
        chart = self._chart
        if chart is None:
            return None
        if code in chart.refusals:
            return str(chart.refusals[code])
        state = str(chart.state(code))
        if chart.offerable(code) or state == "chosen":
            return None
        return _refusal_of_state(state)

    # -- choosing

    def choose(self, code: str | None = None) -> None:
        """Choose ``code`` (the current seat when None): ``seat_chosen`` if the chart offers
        it or it is already this booking's (``chosen``: the dialog decides what choosing it
        again means), else ``seat_refused`` with the reason."""
        code = code or self._current
        if code is None or self._chart is None or code not in self._cells():
            return
        refusal = self.refusal(code)
        if refusal is None:
            self.seat_chosen.emit(code)
        else:
            self.seat_refused.emit(code, refusal)

    def move_current(self, lines: int = 0, seats: int = 0) -> None:
        """Move the current seat ``lines`` rows down (up if negative, stopping at the ends)
        and ``seats`` seats right in its row."""
        geometry, code = self._geometry, self._current
        if geometry is None or not geometry.lines:
            return
        if code is None:
            self.set_current(geometry.lines[0][0][1])
            return
        index = geometry.line_of[code]
        line = geometry.lines[index]
        x = self._cells()[code].center().x()
        if seats:
            at = [c for _, c in line].index(code)
            self.set_current(line[max(0, min(len(line) - 1, at + seats))][1])
        if lines:
            target = max(0, min(len(geometry.lines) - 1, index + lines))
            self.set_current(geometry.nearest_in_line(target, x))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        keys = Qt.Key
        moves: dict[int, tuple[int, int]] = {
            keys.Key_Up: (-1, 0), keys.Key_Down: (1, 0), keys.Key_Left: (0, -1),
            keys.Key_Right: (0, 1), keys.Key_PageUp: (-PAGE_ROWS, 0),
            keys.Key_PageDown: (PAGE_ROWS, 0),
        }
        count = len(self._geometry.lines) if self._geometry is not None else 0
        held = Qt.KeyboardModifier
        if event.modifiers() & (held.ControlModifier | held.AltModifier | held.MetaModifier):
            super().keyPressEvent(event)  # the dialog's shortcuts (Ctrl+Enter, Alt+mnemonic)
            return
        if key in moves:
            self._forget_typed()
            self.move_current(*moves[key])
        elif key in (keys.Key_Home, keys.Key_End):
            self._forget_typed()
            self.move_current(-count if key == keys.Key_Home else count)
        elif key in (keys.Key_Return, keys.Key_Enter, keys.Key_Space):
            self._forget_typed()
            self.choose()
        elif key == keys.Key_Backspace and self._typed:
            self._typed = self._typed[:-1]
        elif key == keys.Key_Escape and self._typed:
            self._forget_typed()
        elif event.text() and event.text().isascii() and event.text().isalnum():
            self._type(event.text().upper())
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _type(self, char: str) -> None:
        """A typed character of a seat: ``32`` jumps to row 32, ``32A`` to its seat A, a
        letter alone to that seat of the current row."""
        geometry = self._geometry
        if geometry is None:
            return
        self._type_timer.start()
        typed = self._typed + char
        if not re.fullmatch(r"\d{1,3}[A-Z]?", typed):
            typed = char
        self._typed = typed
        match = re.fullmatch(r"(\d{1,3})([A-Z]?)", typed)
        current_row = self._seat(self._current).row if self._current else None
        if match is None:  # a letter alone
            self._typed = ""
            if current_row is not None:
                self.set_current(geometry.code_of(int(current_row), typed))
            return
        number, letter = int(match.group(1)), match.group(2)
        if letter:
            self._typed = ""
            self.set_current(geometry.code_of(number, letter))
            return
        line = geometry.line_of_row(number)
        if line is not None:
            x = self._cells()[self._current].center().x() if self._current else 0
            self.set_current(geometry.nearest_in_line(line, x))

    def _forget_typed(self) -> None:
        self._typed = ""
        self._type_timer.stop()

    def typed(self) -> str:
        """What has been typed towards a seat so far."""
        return self._typed

    # -- mouse and tooltip

    def mousePressEvent(self, event: QMouseEvent) -> None:
        code = self.seat_at(event.position().toPoint())
        if event.button() != Qt.MouseButton.LeftButton or code is None:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._forget_typed()
        self.set_current(code)
        self.choose(code)
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            code = self.seat_at(event.pos())
            if code is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.describe(code), self,
                                  self.seat_rect(code))
            return True
        return super().event(event)

    # -- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("#fafafa"))
        geometry, chart = self._geometry, self._chart
        if geometry is None or chart is None:
            painter.setPen(QColor("#616161"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             translate("SeatMap", "No seat map"))
            painter.end()
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(self._offset())
        clip = event.rect().translated(-self._offset())
        drawn = MapPainter(self, painter, geometry, chart)
        drawn.paint(clip, self._current)
        drawn.pin(self.visibleRegion().boundingRect().top())
        painter.end()


class MapPainter:
    """Paints the parts of a map that meet ``clip``: the fuselage walls, strips, rows with
    their numbers, exit marks and wing bands, then the seats."""

    def __init__(self, owner: QWidget, painter: QPainter, geometry: SeatGeometry,
                 chart: SeatChart) -> None:
        self.owner, self.p, self.g, self.chart = owner, painter, geometry, chart
        self.m = geometry.metrics
        self.names = look_names()

    def paint(self, clip: QRect, current: str | None) -> None:
        g, m, p = self.g, self.m, self.p
        walls_x = (g.left - m.gap // 2 - 1, g.left + g.seats_w + m.gap // 2)
        p.setPen(QPen(QColor(WALL_COLOR), 3))
        for x in walls_x if g.rows else ():  # the fuselage: the window seats sit against it
            p.drawLine(x, m.margin + m.header_h, x, g.height - m.margin)
        for strip in g.strips:
            if strip.top <= clip.bottom() and strip.top + strip.height >= clip.top():
                self._strip(strip)
        for row in g.rows:
            if row.top <= clip.bottom() and row.top + m.row_h >= clip.top():
                self._row(row)
        for code, rect in g.cells.items():
            if rect.intersects(clip.adjusted(-5, -5, 5, 5)):
                look, label, provisional = look_of(self.chart, code)
                if look == "free" and not label:
                    label = g.seats[code].letter
                paint_seat(p, rect, look, label, provisional=provisional,
                           current=code == current, small_px=m.small_px)

    def _strip(self, strip: Strip) -> None:
        g, m, p = self.g, self.m, self.p
        left = g.left - m.number_w
        width = g.seats_w + 2 * m.number_w
        if strip.kind == "facility":
            boxes = len(strip.facilities)
            each = (g.seats_w - (boxes - 1) * m.gap) // boxes
            for i, kind in enumerate(strip.facilities):
                rect = QRect(g.left + i * (each + m.gap), strip.top + 2, each, strip.height - 4)
                paint_facility(p, rect, kind, self.names.get(kind, kind), m.small_px)
            return
        header = QRect(left, strip.top + 2, width, m.header_h - 4)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(HEADER_FILL))
        p.drawRoundedRect(header, 4, 4)
        p.setPen(QColor("#263238"))
        p.setFont(_font(m.font_px, bold=True))
        p.drawText(header, Qt.AlignmentFlag.AlignCenter, f"{cabin_name(strip.cabin)} {strip.cabin}")
        self._letters(strip, strip.top + m.header_h)

    def pin(self, top: int) -> None:
        """Keep the column letters of the cabin in view at ``top`` (the top of what the
        scroll area shows) once the cabin's own letters are scrolled away."""
        m, p = self.m, self.p
        cabins = [s for s in self.g.strips if s.kind == "cabin" and s.top <= top]
        if not cabins or top <= cabins[-1].top + m.header_h:
            return
        band = QRect(0, top, self.g.width, m.letters_h + 2)
        p.fillRect(band, QColor(HEADER_FILL))
        p.setPen(QPen(QColor(WALL_COLOR), 1))
        p.drawLine(band.bottomLeft(), band.bottomRight())
        self._letters(cabins[-1], top + 1)
        p.setPen(QColor("#263238"))
        p.setFont(_font(m.small_px, bold=True))
        p.drawText(QRect(m.margin, top, m.wing_w + m.exit_w, m.letters_h + 2),
                   Qt.AlignmentFlag.AlignCenter, cabins[-1].cabin)

    def _letters(self, strip: Strip, top: int) -> None:
        """A cabin's column letters, with 靠窗 beside the window columns and 过道 over the
        aisle, in the band from ``top``."""
        g, m, p = self.g, self.m, self.p
        p.setFont(_font(m.font_px, bold=True))
        p.setPen(QColor("#37474f"))
        for letter, x in strip.letters:
            p.drawText(QRect(x - 15, top, 30, m.letters_h), Qt.AlignmentFlag.AlignCenter, letter)
        p.setFont(_font(m.small_px))
        p.setPen(QColor("#78909c"))
        window = translate("SeatMap", "Window")
        centre = Qt.AlignmentFlag.AlignVCenter
        p.drawText(QRect(g.left - m.gap - m.number_w - m.exit_w, top, m.number_w + m.exit_w,
                         m.letters_h), centre | Qt.AlignmentFlag.AlignRight, window)
        p.drawText(QRect(g.left + g.seats_w + m.gap + 2, top, m.number_w + m.exit_w,
                         m.letters_h), centre | Qt.AlignmentFlag.AlignLeft, window)
        aisle = translate("SeatMap", "Aisle")
        for x in strip.aisles:
            p.drawText(QRect(x - m.aisle_w // 2, top, m.aisle_w, m.letters_h),
                       Qt.AlignmentFlag.AlignCenter, aisle)

    def _row(self, row: RowBox) -> None:
        g, m, p = self.g, self.m, self.p
        outer_left = m.margin
        outer_right = g.width - m.margin - m.wing_w
        if row.wing:
            paint_wing(p, QRect(outer_left, row.top, m.wing_w, m.row_h))
            paint_wing(p, QRect(outer_right, row.top, m.wing_w, m.row_h))
        if row.exit_row:
            text = self.names["exit"]
            short = translate("SeatMap", "Exit")
            for x in (outer_left + m.wing_w + 2, outer_right - m.exit_w + 0):
                rect = QRect(x, row.top + 2, m.exit_w - 4, m.row_h - 4)
                paint_exit(p, rect, short if short else text, m.small_px)
        p.setPen(QColor("#37474f"))
        p.setFont(_font(m.font_px))
        number = str(row.number)
        left = QRect(g.left - m.gap - m.number_w, row.top, m.number_w - 4, m.row_h)
        right = QRect(g.left + g.seats_w + m.gap + 4, row.top, m.number_w - 4, m.row_h)
        p.drawText(left, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, number)
        p.drawText(right, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, number)


# -- the legend -----------------------------------------------------------------------------


class _Swatch(QWidget):
    """One sample of a look or mark, painted as the map paints it."""

    def __init__(self, key: str, metrics: Metrics, parent: QWidget) -> None:
        super().__init__(parent)
        self.key, self.metrics = key, metrics
        self.setFixedSize(metrics.seat_w + 12, metrics.row_h)

    def paintEvent(self, event: QPaintEvent) -> None:
        m, key = self.metrics, self.key
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRect(6, (m.row_h - m.seat_h) // 2, m.seat_w, m.seat_h)
        if key == "exit":
            paint_exit(painter, rect, translate("SeatMap", "Exit"), m.small_px)
        elif key == "wing":
            paint_wing(painter, rect.adjusted(m.seat_w // 3, -2, -m.seat_w // 3, 2))
        elif key in FACILITY_FILL:
            paint_facility(painter, rect, key, "", m.small_px)
        elif key == "current":
            paint_seat(painter, rect, "free", "", current=True, small_px=m.small_px)
        elif key == "provisional":
            paint_seat(painter, rect, "chosen", "1", provisional=True, small_px=m.small_px)
        else:
            paint_seat(painter, rect, key, "1" if key == "chosen" else "", small_px=m.small_px)
        painter.end()


class SeatLegend(QWidget):
    """Every look of the map (seat states and what overlays them) and its marks, each
    with a sample and its name, in ``columns`` columns."""

    def __init__(self, parent: QWidget | None = None, *, large: bool = False,
                 columns: int = 2) -> None:
        super().__init__(parent)
        self.setObjectName("seat_legend")
        metrics = LARGE if large else NORMAL
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        self.labels: dict[str, QLabel] = {}
        font = _font(metrics.font_px)
        for i, (key, name) in enumerate(look_names().items()):
            row, column = divmod(i, columns)
            grid.addWidget(_Swatch(key, metrics, self), row, column * 2)
            label = QLabel(name, self)
            label.setObjectName(f"legend_{key}")
            label.setFont(font)
            grid.addWidget(label, row, column * 2 + 1)
            self.labels[key] = label
        grid.setColumnStretch(columns * 2 - 1, 1)
        grid.setRowStretch(len(self.labels) // columns + 1, 1)  # rows close, room below

    def entries(self) -> list[tuple[str, str]]:
        """(key, name shown) of every entry, in order."""
        return [(key, label.text()) for key, label in self.labels.items()]


def looks_of(chart: SeatChart, codes: Iterable[str]) -> dict[str, str]:
    """The look of each seat of ``codes`` (for tests and the kiosk's summary)."""
    return {code: look_of(chart, code)[0] for code in codes}
