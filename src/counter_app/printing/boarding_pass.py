"""The boarding pass (登机牌) printed at the counter, as PDF.

One page the size of the standard ATB boarding-pass card, 203 × 82.5 mm landscape, with the
tear-off stub (副联) right of the perforation. The main part carries the passenger's name
(Chinese and Latin), flight, date, departure time, from/to (code and Chinese name),
class/cabin, gate and boarding time ("—" / "以登机口信息为准" while unknown), sequence
number, seat (large), ticket number, PNR, the frequent-flyer number, a priority mark for a
GP level, and a QR code carrying the IATA BCBP "M1" string (docs/domain.md §8 allows QR; reportlab
has no PDF417). The stub repeats what the gate agent tears off: name, flight, date, route,
gate, boarding time, seat and sequence.

Every position is data (:data:`SLOTS`, :data:`QR_BOX`), in millimetres from the card's
top-left, so a test can check where each value prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import Literal

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.printing import fonts, text
from counter_app.printing.model import BoardingPass, Document

CARD_WIDTH_MM = 203.0
CARD_HEIGHT_MM = 82.5
PERFORATION_X_MM = 151.0  # the stub is right of this line
UNKNOWN_GATE = "—"
UNKNOWN_BOARDING = "以登机口信息为准"
GATE_NOTICE = ("登机口于起飞前15分钟关闭，登机口如有变更以机场广播为准  "
               "Gate closes 15 min before departure")

Align = Literal["left", "center", "right"]

CAPTION_INK = (0.25, 0.33, 0.5)
LINE_INK = (0.5, 0.5, 0.5)
PT_MM = 25.4 / 72


@dataclass(frozen=True, slots=True)
class BoardingSlot:
    """Where one value prints: ``x_mm`` the left edge of its box, ``y_mm`` the baseline,
    ``width_mm`` the room it has (a longer value is drawn smaller); ``caption`` is printed
    above the value (Chinese and English)."""

    x_mm: float
    y_mm: float
    width_mm: float
    size_pt: float
    caption: str = ""
    font: str = fonts.MAIN


S = BoardingSlot
# main part: four rows of captioned values left of the QR code; the seat under the code
SLOTS: dict[str, BoardingSlot] = {
    "title": S(8.0, 9.0, 70.0, 14.0),
    "gp_mark": S(100.0, 9.0, 46.0, 11.0),
    "passenger_name": S(8.0, 22.0, 56.0, 13.0, "姓名 NAME"),
    "name_latin": S(8.0, 27.0, 56.0, 9.0),
    "flight_no": S(66.0, 22.0, 24.0, 13.0, "航班 FLIGHT"),
    "dep_date": S(92.0, 22.0, 24.0, 11.0, "日期 DATE"),
    "origin": S(8.0, 40.0, 24.0, 18.0, "始发 FROM"),
    "origin_name": S(8.0, 45.5, 26.0, 8.5),
    "destination": S(38.0, 40.0, 24.0, 18.0, "到达 TO"),
    "destination_name": S(38.0, 45.5, 26.0, 8.5),
    "dep_time": S(66.0, 40.0, 24.0, 13.0, "起飞时间 DEP"),
    "cabin": S(92.0, 40.0, 24.0, 11.0, "舱位 CLASS"),
    "gate": S(8.0, 59.0, 24.0, 13.0, "登机口 GATE"),
    "boarding_time": S(34.0, 59.0, 30.0, 13.0, "登机时间 BOARDING"),
    "sequence": S(66.0, 59.0, 24.0, 13.0, "序号 SEQ"),
    "ffp_number": S(92.0, 59.0, 24.0, 8.5, "常旅客 FFP"),
    "ticket_number": S(8.0, 72.0, 40.0, 9.0, "电子客票号 E-TICKET", fonts.MONO),
    "pnr": S(50.0, 72.0, 20.0, 9.0, "订座记录 PNR", fonts.MONO),
    "seat": S(119.0, 69.0, 28.0, 28.0, "座位 SEAT"),
    "notice": S(8.0, 79.5, 108.0, 6.0),
    # stub
    "stub_title": S(155.0, 9.0, 44.0, 11.0),
    "stub_passenger_name": S(155.0, 19.5, 44.0, 10.0, "姓名 NAME"),
    "stub_name_latin": S(155.0, 23.5, 44.0, 7.0),
    "stub_flight_no": S(155.0, 32.0, 20.0, 10.0, "航班 FLIGHT"),
    "stub_dep_date": S(177.0, 32.0, 22.0, 9.0, "日期 DATE"),
    "stub_route": S(155.0, 41.0, 44.0, 11.0, "航程 FROM/TO"),
    "stub_route_names": S(155.0, 45.0, 44.0, 7.0),
    "stub_gate": S(155.0, 54.0, 14.0, 10.0, "登机口 GATE"),
    "stub_boarding_time": S(171.0, 54.0, 28.0, 10.0, "登机时间 BOARDING"),
    "stub_seat": S(155.0, 71.0, 24.0, 22.0, "座位 SEAT"),
    "stub_sequence": S(181.0, 68.0, 18.0, 11.0, "序号 SEQ"),
}
OPTIONAL_SLOTS = frozenset({"gp_mark", "ffp_number"})  # caption only with a value
NOTE_PT = 9.0  # "以登机口信息为准" is a note, not a time: smaller than the values around it
# the QR code's square (left, top, side), quiet zone included
QR_BOX = (119.0, 13.0, 28.0)


def slot_values(bp: BoardingPass) -> dict[str, str]:
    """What prints in each slot."""
    gate = bp.gate or UNKNOWN_GATE
    boarding = UNKNOWN_BOARDING if bp.boarding_time is None else bp.boarding_time.strftime(
        "%H:%M")
    dep_date = bp.dep_date.isoformat()
    return {
        "title": "登机牌 BOARDING PASS",
        "gp_mark": f"{bp.gp_level} 优先 PRIORITY" if bp.gp_level else "",
        "passenger_name": bp.passenger_name,
        "name_latin": bp.name_latin,
        "flight_no": bp.flight_no,
        "dep_date": dep_date,
        "origin": bp.origin,
        "origin_name": bp.origin_name,
        "destination": bp.destination,
        "destination_name": bp.destination_name,
        "dep_time": bp.dep_time.strftime("%H:%M"),
        "cabin": f"{bp.class_code} {bp.cabin_name}",
        "gate": gate,
        "boarding_time": boarding,
        "sequence": f"{bp.sequence:03d}",
        "ffp_number": bp.ffp_number,
        "ticket_number": bp.ticket_number,
        "pnr": bp.pnr,
        "seat": bp.seat,
        "notice": GATE_NOTICE,
        "stub_title": "登机牌 副联",
        "stub_passenger_name": bp.passenger_name,
        "stub_name_latin": bp.name_latin,
        "stub_flight_no": bp.flight_no,
        "stub_dep_date": dep_date,
        "stub_route": f"{bp.origin} → {bp.destination}",
        "stub_route_names": f"{bp.origin_name} → {bp.destination_name}",
        "stub_gate": gate,
        "stub_boarding_time": boarding,
        "stub_seat": bp.seat,
        "stub_sequence": f"{bp.sequence:03d}",
    }


def _y(value_mm: float) -> float:
    return float((CARD_HEIGHT_MM - value_mm) * mm)


def _draw_qr(canvas: Canvas, payload: str) -> None:
    left, top, side = QR_BOX
    widget = QrCodeWidget(payload, barLevel="M", barBorder=2)
    x0, y0, x1, y1 = widget.getBounds()
    width, height = x1 - x0, y1 - y0
    drawing = Drawing(side * mm, side * mm,
                      transform=[side * mm / width, 0, 0, side * mm / height, 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, left * mm, _y(top + side))


def _draw_frame(canvas: Canvas, bp: BoardingPass) -> None:
    canvas.saveState()
    canvas.setStrokeColorRGB(*LINE_INK)
    canvas.setLineWidth(0.5)
    canvas.roundRect(2 * mm, 2 * mm, (CARD_WIDTH_MM - 4) * mm, (CARD_HEIGHT_MM - 4) * mm,
                     2.5 * mm)
    canvas.setDash(1.5, 1.5)
    canvas.line(PERFORATION_X_MM * mm, _y(3), PERFORATION_X_MM * mm, _y(CARD_HEIGHT_MM - 3))
    canvas.setDash()
    canvas.setLineWidth(0.4)
    canvas.line(6 * mm, _y(12), (PERFORATION_X_MM - 4) * mm, _y(12))
    canvas.line((PERFORATION_X_MM + 4) * mm, _y(12), (CARD_WIDTH_MM - 4) * mm, _y(12))
    if bp.gp_level:
        slot = SLOTS["gp_mark"]
        canvas.setStrokeColorRGB(0.7, 0.1, 0.1)
        canvas.setLineWidth(1.0)
        canvas.rect((slot.x_mm - 1.5) * mm, _y(slot.y_mm + 1.6), (slot.width_mm + 1.5) * mm,
                    (slot.size_pt * PT_MM + 2.4) * mm)
    canvas.restoreState()


def _draw_slots(canvas: Canvas, values: dict[str, str]) -> None:
    for name, slot in SLOTS.items():
        value = values.get(name, "")
        if name in OPTIONAL_SLOTS and not value:
            continue
        if slot.caption:
            canvas.setFillColorRGB(*CAPTION_INK)
            text.draw(canvas, slot.x_mm, slot.y_mm - slot.size_pt * PT_MM * 0.85 - 1.4,
                      slot.caption, 6.0, page_height_mm=CARD_HEIGHT_MM,
                      max_width_mm=slot.width_mm)
        if value:
            ink = (0.7, 0.1, 0.1) if name == "gp_mark" else (0.0, 0.0, 0.0)
            canvas.setFillColorRGB(*ink)
            size = min(slot.size_pt, NOTE_PT) if value == UNKNOWN_BOARDING else slot.size_pt
            text.draw(canvas, slot.x_mm, slot.y_mm, value, size, font=slot.font,
                      page_height_mm=CARD_HEIGHT_MM, max_width_mm=slot.width_mm)
    canvas.setFillColorRGB(0, 0, 0)


def _title(bp: BoardingPass) -> str:
    return f"登机牌 {bp.flight_no} {bp.dep_date.isoformat()} {bp.seat}"


def render_boarding_pass(bp: BoardingPass) -> bytes:
    """The boarding pass on one 203 × 82.5 mm landscape page."""
    if not bp.bcbp:
        raise ValueError("登机牌缺少条码数据 (bcbp is empty)")
    fonts.register()
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(CARD_WIDTH_MM * mm, CARD_HEIGHT_MM * mm),
                    pageCompression=1)
    canvas.setTitle(_title(bp))
    canvas.setCreator("Counter")
    canvas.setAuthor("Counter")
    _draw_frame(canvas, bp)
    _draw_slots(canvas, slot_values(bp))
    _draw_qr(canvas, bp.bcbp)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def boarding_pass_document(bp: BoardingPass) -> Document:
    """The boarding pass as a :class:`~.model.Document` for preview and printing."""
    return Document(title=_title(bp), pdf=render_boarding_pass(bp),
                    page_width_mm=CARD_WIDTH_MM, page_height_mm=CARD_HEIGHT_MM,
                    kind="boarding_pass",
                    meta={"ticket_number": bp.ticket_number, "flight_no": bp.flight_no,
                          "seat": bp.seat, "sequence": str(bp.sequence)})
