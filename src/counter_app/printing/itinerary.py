"""The itinerary receipt (航空运输电子客票行程单) as PDF, and its calibration grid.

Two ways to print one receipt:

- ``overlay`` (套打): on pre-printed stock. The page is the stock's size as this workstation's
  printer feeds it (:class:`~.model.Calibration`) and only the values are printed, each at
  its :data:`~.layout.RECEIPT_SLOTS` position shifted by the workstation's offsets.
- ``plain``: on plain A4 paper, landscape. The whole form is drawn (frame, ruled lines,
  bilingual captions, title) with the values in the same slots, near the top of the sheet,
  centred, with light cut marks at the form's corners. The offsets apply here too.

How values are written: money with two decimals, the fare and the total with the currency
("CNY 1230.00"), the CAAC fund and the fuel surcharge with their tax codes ("CN 50.00",
"YQ 0.00"), other taxes and insurance as bare amounts ("0.00"); every date as 2026-11-23,
times as 08:00. A value wider than its slot is drawn smaller, never into the next field.

:func:`render_test_grid` prints a millimetre grid of the form's size with the offsets
applied; the clerk prints it on stock and reads off how far this printer is out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, time
from io import BytesIO
from typing import Literal

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.domain.money import amount_text
from counter_app.printing import fonts, text
from counter_app.printing.layout import (
    FORM_HEIGHT_MM,
    FORM_LABELS,
    FORM_RULES,
    FORM_WIDTH_MM,
    MAX_SEGMENTS,
    RECEIPT_SLOTS,
    REFERENCE_SLOTS,
    TITLE_EN,
    TITLE_EN_SIZE,
    TITLE_EN_Y,
    TITLE_SIZE,
    TITLE_X,
    TITLE_Y,
    TITLE_ZH,
    TWO_LINE_MAX_PT,
    TWO_LINE_PITCH,
    Align,
    Label,
    Slot,
)
from counter_app.printing.model import Calibration, Document, ItineraryReceipt

Mode = Literal["overlay", "plain"]

A4_LANDSCAPE_MM = (297.0, 210.0)
PLAIN_TOP_MM = 14.0  # the form's top edge on the plain sheet
CUT_MARK_MM = 5.0
CUT_GAP_MM = 1.5

FORM_INK = (0.13, 0.24, 0.45)  # captions and rules of the plain form
VALUE_INK = (0.0, 0.0, 0.0)
CUT_INK = (0.6, 0.6, 0.6)


# --- values ----------------------------------------------------------------------------------


def _date(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _time(value: time) -> str:
    return value.strftime("%H:%M")


def _check_segments(receipt: ItineraryReceipt) -> None:
    count = len(receipt.segments)
    if count > MAX_SEGMENTS:
        raise ValueError(
            f"客票 {receipt.ticket_number} 有 {count} 个航段，一张行程单最多打印 {MAX_SEGMENTS} "
            f"个航段，请按联程客票分张打印 (a receipt holds at most {MAX_SEGMENTS} segments, "
            f"got {count})"
        )
    if count == 0:
        raise ValueError(f"客票 {receipt.ticket_number} 没有航段，无法打印行程单 (no segments)")


def receipt_values(receipt: ItineraryReceipt) -> dict[str, str]:
    """The text printed in each slot of :data:`~.layout.RECEIPT_SLOTS` (empty values are left
    out). Raises ValueError for more than four segments or none."""
    _check_segments(receipt)
    values: dict[str, str] = {
        "serial": receipt.serial,
        "passenger_name": receipt.passenger_name,
        "id_number": receipt.id_number,
        "endorsements": receipt.endorsements,
    }
    if receipt.gp_order_no:
        values["gp_order_no"] = f"GP单号 {receipt.gp_order_no}"
    segments = receipt.segments
    values["from"] = segments[0].origin
    for n, seg in enumerate(segments, start=1):
        prefix = f"seg{n}_"
        values.update({
            prefix + "carrier": seg.carrier,
            prefix + "flight": seg.flight_no,
            prefix + "class": seg.class_code,
            prefix + "date": _date(seg.dep_date),
            prefix + "time": _time(seg.dep_time),
            prefix + "fare_basis": seg.fare_basis,
            prefix + "not_valid_before": _date(seg.not_valid_before),
            prefix + "not_valid_after": _date(seg.not_valid_after),
            prefix + "baggage": seg.baggage,
        })
        point = seg.destination
        if n < len(segments) and segments[n].origin != seg.destination:
            # a surface sector: the next coupon leaves from elsewhere, show both points
            point = f"{seg.destination} / {segments[n].origin}"
        values[f"to{n}"] = point
    for n in range(len(segments) + 1, MAX_SEGMENTS + 1):
        values[f"to{n}"] = "VOID"
    values.update({
        "fare": f"{receipt.currency} {amount_text(receipt.fare)}",
        "cn_fund": f"CN {amount_text(receipt.cn_fund)}",
        "fuel_surcharge": f"YQ {amount_text(receipt.fuel_surcharge)}",
        "other_taxes": amount_text(receipt.other_taxes),
        "total": f"{receipt.currency} {amount_text(receipt.total)}",
        "ticket_number": receipt.ticket_number,
        "check_code": receipt.check_code,
        "notices": receipt.notices,
        "insurance": amount_text(receipt.insurance),
        "agent_code": receipt.agent_code,
        "issued_by": receipt.issued_by,
        "issue_date": _date(receipt.issue_date),
    })
    return {name: value for name, value in values.items() if value}


# --- geometry --------------------------------------------------------------------------------


def _check_mode(mode: str) -> None:
    if mode not in ("overlay", "plain"):
        raise ValueError(f"unknown receipt print mode {mode!r} (overlay or plain)")


def page_size_mm(mode: Mode, calibration: Calibration) -> tuple[float, float]:
    """(width, height) of the page a receipt is printed on in ``mode``."""
    _check_mode(mode)
    if mode == "overlay":
        return calibration.page_width_mm, calibration.page_length_mm
    return A4_LANDSCAPE_MM


def form_origin_mm(mode: Mode, calibration: Calibration) -> tuple[float, float]:
    """Where the form's top-left corner lands on the page, offsets included."""
    _check_mode(mode)
    x, y = calibration.offset_x_mm, calibration.offset_y_mm
    if mode == "plain":
        x += (A4_LANDSCAPE_MM[0] - FORM_WIDTH_MM) / 2
        y += PLAIN_TOP_MM
    return x, y


def placements(
    receipt: ItineraryReceipt,
    *,
    mode: Mode = "plain",
    calibration: Calibration = Calibration(),  # noqa: B008 - frozen, safe to share
) -> dict[str, tuple[float, float]]:
    """Where each printed value's anchor lands, in millimetres from the page's top-left:
    the slot's anchor x (left edge for left-aligned slots) and its baseline (a long value
    wrapped onto two lines is centred on that baseline). Raises ValueError as rendering does."""
    x0, y0 = form_origin_mm(mode, calibration)
    return {name: (x0 + RECEIPT_SLOTS[name].anchor_x_mm, y0 + RECEIPT_SLOTS[name].y_mm)
            for name in receipt_values(receipt)}


# --- drawing ---------------------------------------------------------------------------------


def _fitted_size(value: str, size: float, font: str, width_mm: float) -> float:
    """The largest size up to ``size`` at which ``value`` fits in ``width_mm`` (text.draw
    stops shrinking at 60 %, a receipt field must not spill over at any length)."""
    width = fonts.text_width(value, size, font)
    limit = float(width_mm * mm)
    if width <= limit:
        return size
    return float(size * limit / width * 0.999)


def fit_value(value: str, slot: Slot) -> tuple[float, list[str]]:
    """The size and lines ``value`` is printed in within ``slot``: its own size when it fits,
    else smaller; a two-line slot wraps a text that would drop below 75 % of its size onto
    two lines (up to :data:`~.layout.TWO_LINE_MAX_PT`) before shrinking it further."""
    one_line = _fitted_size(value, slot.size_pt, slot.font, slot.width_mm)
    if slot.lines < 2 or one_line >= slot.size_pt * 0.75:
        return one_line, [value]
    size = min(slot.size_pt * 0.8, TWO_LINE_MAX_PT)
    while size > one_line:
        lines = text.wrap(value, slot.width_mm, size, slot.font)
        if len(lines) <= 2:
            return size, lines
        size -= 0.25
    return one_line, [value]


def _draw_values(canvas: Canvas, values: dict[str, str], x0: float, y0: float,
                 page_h: float) -> None:
    canvas.setFillColorRGB(*VALUE_INK)
    for name, value in values.items():
        slot = RECEIPT_SLOTS[name]
        size, lines = fit_value(value, slot)
        y = y0 + slot.y_mm - (len(lines) - 1) * TWO_LINE_PITCH / 2
        for line in lines:
            text.draw(canvas, x0 + slot.anchor_x_mm, y, line, size, font=slot.font,
                      page_height_mm=page_h, align=slot.align, max_width_mm=slot.width_mm)
            y += TWO_LINE_PITCH


def _draw_label(canvas: Canvas, label: Label, x0: float, y0: float, page_h: float) -> None:
    en_size = label.size_pt * 0.8
    if label.stacked:
        for line, size, dy in ((label.zh, label.size_pt, 0.0),
                               (label.en, en_size, label.size_pt * 0.42)):
            fitted = _fitted_size(line, size, fonts.MAIN, label.width_mm)
            text.draw(canvas, x0 + label.x_mm, y0 + label.y_mm + dy, line, fitted,
                      page_height_mm=page_h, align=label.align)
        return
    gap_mm = 1.0
    zh_w = fonts.text_width(label.zh, label.size_pt) / mm
    en_w = fonts.text_width(label.en, en_size) / mm
    scale = min(1.0, label.width_mm / (zh_w + gap_mm + en_w))
    x = x0 + label.x_mm
    if label.align == "center":
        x -= (zh_w + gap_mm + en_w) * scale / 2
    y = y0 + label.y_mm
    drawn = text.draw(canvas, x, y, label.zh, label.size_pt * scale, page_height_mm=page_h)
    text.draw(canvas, x + drawn + gap_mm * scale, y, label.en, en_size * scale,
              page_height_mm=page_h)


def _line(canvas: Canvas, page_h: float, x1: float, y1: float, x2: float, y2: float) -> None:
    canvas.line(x1 * mm, (page_h - y1) * mm, x2 * mm, (page_h - y2) * mm)


def _draw_form(canvas: Canvas, x0: float, y0: float, page_h: float) -> None:
    """Frame, ruled lines, captions and title of the plain-paper form."""
    canvas.setStrokeColorRGB(*FORM_INK)
    canvas.setFillColorRGB(*FORM_INK)
    for rule in FORM_RULES:
        canvas.setLineWidth(rule.weight_pt)
        _line(canvas, page_h, x0 + rule.x1_mm, y0 + rule.y1_mm, x0 + rule.x2_mm,
              y0 + rule.y2_mm)
    text.draw(canvas, x0 + TITLE_X, y0 + TITLE_Y, TITLE_ZH, TITLE_SIZE, page_height_mm=page_h,
              align="center")
    text.draw(canvas, x0 + TITLE_X, y0 + TITLE_EN_Y, TITLE_EN, TITLE_EN_SIZE,
              page_height_mm=page_h, align="center")
    for label in FORM_LABELS:
        _draw_label(canvas, label, x0, y0, page_h)


def _draw_cut_marks(canvas: Canvas, x0: float, y0: float, page_h: float) -> None:
    canvas.setStrokeColorRGB(*CUT_INK)
    canvas.setLineWidth(0.3)
    for cx, dx in ((x0, -1.0), (x0 + FORM_WIDTH_MM, 1.0)):
        for cy, dy in ((y0, -1.0), (y0 + FORM_HEIGHT_MM, 1.0)):
            _line(canvas, page_h, cx + dx * CUT_GAP_MM, cy,
                  cx + dx * (CUT_GAP_MM + CUT_MARK_MM), cy)
            _line(canvas, page_h, cx, cy + dy * CUT_GAP_MM,
                  cx, cy + dy * (CUT_GAP_MM + CUT_MARK_MM))


def _draw_receipt_page(canvas: Canvas, receipt: ItineraryReceipt, mode: Mode,
                       calibration: Calibration) -> None:
    values = receipt_values(receipt)
    page_w, page_h = page_size_mm(mode, calibration)
    canvas.setPageSize((page_w * mm, page_h * mm))
    x0, y0 = form_origin_mm(mode, calibration)
    if mode == "plain":
        _draw_cut_marks(canvas, x0, y0, page_h)
        _draw_form(canvas, x0, y0, page_h)
    _draw_values(canvas, values, x0, y0, page_h)
    canvas.showPage()


def _new_canvas(buffer: BytesIO, title: str, size_mm: tuple[float, float]) -> Canvas:
    fonts.register()
    canvas = Canvas(buffer, pagesize=(size_mm[0] * mm, size_mm[1] * mm), pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("Counter")
    canvas.setAuthor("Counter")
    return canvas


def _render(receipts: Iterable[ItineraryReceipt], mode: Mode, calibration: Calibration,
            title: str) -> bytes:
    buffer = BytesIO()
    canvas = _new_canvas(buffer, title, page_size_mm(mode, calibration))
    for receipt in receipts:
        _draw_receipt_page(canvas, receipt, mode, calibration)
    canvas.save()
    return buffer.getvalue()


def render_receipt(
    receipt: ItineraryReceipt,
    *,
    mode: Mode = "plain",
    calibration: Calibration = Calibration(),  # noqa: B008 - frozen, safe to share
) -> bytes:
    """One receipt as a one-page PDF. Raises ValueError for more than four segments (the
    service splits a conjunction ticket over several forms)."""
    return _render((receipt,), mode, calibration, _title(receipt))


def render_receipts(
    receipts: Sequence[ItineraryReceipt],
    *,
    mode: Mode = "plain",
    calibration: Calibration = Calibration(),  # noqa: B008 - frozen, safe to share
) -> bytes:
    """Several receipts in one PDF, one page each, in order (batch printing). Every receipt
    is checked before anything is drawn, so a bad one fails the batch with its number."""
    if not receipts:
        raise ValueError("没有要打印的行程单 (no receipts to print)")
    _check_mode(mode)
    for receipt in receipts:
        _check_segments(receipt)
    title = f"行程单 {len(receipts)} 张" if len(receipts) > 1 else _title(receipts[0])
    return _render(receipts, mode, calibration, title)


def _title(receipt: ItineraryReceipt) -> str:
    return f"行程单 {receipt.ticket_number}"


def receipt_document(
    receipt: ItineraryReceipt,
    *,
    mode: Mode = "plain",
    calibration: Calibration = Calibration(),  # noqa: B008 - frozen, safe to share
) -> Document:
    """The receipt as a :class:`~.model.Document` for preview and printing."""
    pdf = render_receipt(receipt, mode=mode, calibration=calibration)
    width, height = page_size_mm(mode, calibration)
    return Document(
        title=_title(receipt),
        pdf=pdf,
        page_width_mm=width,
        page_height_mm=height,
        kind="receipt",
        meta={"serial": receipt.serial, "ticket_number": receipt.ticket_number,
              "mode": mode},
    )


# --- calibration grid ------------------------------------------------------------------------

GRID_FINE = (0.72, 0.72, 0.72)
GRID_BOLD = (0.35, 0.35, 0.35)
GRID_MARK = (0.8, 0.0, 0.0)


def _signed(value: float) -> str:
    return f"{value:+.1f}"


def grid_lines(calibration: Calibration) -> list[str]:
    """The lines of text printed in the middle of the grid (offsets and page size)."""
    return [
        "行程单套打校准页 ITINERARY RECEIPT CALIBRATION",
        f"水平偏移 OFFSET X: {_signed(calibration.offset_x_mm)} mm    "
        f"垂直偏移 OFFSET Y: {_signed(calibration.offset_y_mm)} mm",
        f"纸长 PAGE LENGTH: {calibration.page_length_mm:.1f} mm    "
        f"纸宽 PAGE WIDTH: {calibration.page_width_mm:.1f} mm",
        "向右、向下为正；量出十字与预印表格栏位的距离，加到偏移上",
        "right and down are positive: add what you measure between a cross and its field",
    ]


def _patched_text(canvas: Canvas, x: float, y: float, words: str, size: float, align: Align,
                  ink: tuple[float, float, float], page_h: float) -> None:
    """Text on a white patch, so the grid lines under it do not hide it."""
    width = fonts.text_width(words, size) / mm
    left = x - width / 2 if align == "center" else x - width if align == "right" else x
    height = size * 0.353
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect((left - 0.3) * mm, (page_h - y - height * 0.25) * mm, (width + 0.6) * mm,
                height * 1.2 * mm, stroke=0, fill=1)
    canvas.setFillColorRGB(*ink)
    text.draw(canvas, x, y, words, size, page_height_mm=page_h, align=align)


def _grid_number(canvas: Canvas, x: float, y: float, number: str, align: Align,
                 page_h: float) -> None:
    _patched_text(canvas, x, y, number, 5.5, align, GRID_BOLD, page_h)


def _draw_grid(canvas: Canvas, calibration: Calibration) -> None:
    page_w, page_h = calibration.page_width_mm, calibration.page_length_mm
    canvas.setPageSize((page_w * mm, page_h * mm))
    x0, y0 = calibration.offset_x_mm, calibration.offset_y_mm
    # millimetre grid: thin every 5 mm, darker and numbered every 10 mm
    for step in range(0, int(FORM_WIDTH_MM) + 1, 5):
        bold = step % 10 == 0
        canvas.setStrokeColorRGB(*(GRID_BOLD if bold else GRID_FINE))
        canvas.setLineWidth(0.35 if bold else 0.15)
        _line(canvas, page_h, x0 + step, y0, x0 + step, y0 + FORM_HEIGHT_MM)
    for step in range(0, int(FORM_HEIGHT_MM) + 1, 5):
        bold = step % 10 == 0
        canvas.setStrokeColorRGB(*(GRID_BOLD if bold else GRID_FINE))
        canvas.setLineWidth(0.35 if bold else 0.15)
        _line(canvas, page_h, x0, y0 + step, x0 + FORM_WIDTH_MM, y0 + step)
    # numbers at every 10 mm on all four edges, on a white patch so the lines stay clear
    for step in range(10, int(FORM_WIDTH_MM) + 1, 10):
        for y in (y0 + 4.4, y0 + FORM_HEIGHT_MM - 1.4):
            _grid_number(canvas, x0 + step, y, str(step), "center", page_h)
    for step in range(10, int(FORM_HEIGHT_MM) + 1, 10):
        _grid_number(canvas, x0 + 1.0, y0 + step + 0.7, str(step), "left", page_h)
        _grid_number(canvas, x0 + FORM_WIDTH_MM - 5.5, y0 + step + 0.7, str(step), "right",
                     page_h)
    # the form's outline
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.8)
    canvas.rect(x0 * mm, (page_h - y0 - FORM_HEIGHT_MM) * mm, FORM_WIDTH_MM * mm,
                FORM_HEIGHT_MM * mm, stroke=1, fill=0)
    # crosshairs at the reference slots
    for name, caption in REFERENCE_SLOTS:
        slot = RECEIPT_SLOTS[name]
        cx, cy = x0 + slot.anchor_x_mm, y0 + slot.y_mm
        canvas.setStrokeColorRGB(*GRID_MARK)
        canvas.setLineWidth(0.5)
        _line(canvas, page_h, cx - 4, cy, cx + 4, cy)
        _line(canvas, page_h, cx, cy - 4, cx, cy + 4)
        canvas.circle(cx * mm, (page_h - cy) * mm, 1.2 * mm, stroke=1, fill=0)
        words = f"{caption} ({slot.anchor_x_mm:.1f}, {slot.y_mm:.1f})"
        if slot.anchor_x_mm > FORM_WIDTH_MM / 2:
            _patched_text(canvas, cx - 2.0, cy - 1.6, words, 6.0, "right", GRID_MARK, page_h)
        else:
            _patched_text(canvas, cx + 2.0, cy - 1.6, words, 6.0, "left", GRID_MARK, page_h)
    # offsets and page length in a clear box in the middle
    box_w, box_h = 128.0, 27.0
    bx, by = x0 + (FORM_WIDTH_MM - box_w) / 2, y0 + 36.0
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.5)
    canvas.rect(bx * mm, (page_h - by - box_h) * mm, box_w * mm, box_h * mm, stroke=1, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    centre = x0 + FORM_WIDTH_MM / 2
    lines = grid_lines(calibration)
    sizes = (9.0, 9.0, 9.0, 6.5, 6.0)
    y = by + 5.0
    for line, size in zip(lines, sizes, strict=True):
        text.draw(canvas, centre, y, line, size, page_height_mm=page_h, align="center",
                  max_width_mm=box_w - 4)
        y += size * 0.353 + 1.6
    # paper feed direction: the top edge of the form enters the printer first
    ax, ay = x0 + FORM_WIDTH_MM - 14.0, y0 + 62.0
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.8)
    _line(canvas, page_h, ax, ay, ax, ay - 18.0)
    _line(canvas, page_h, ax, ay - 18.0, ax - 2.0, ay - 14.5)
    _line(canvas, page_h, ax, ay - 18.0, ax + 2.0, ay - 14.5)
    text.draw(canvas, ax, ay + 3.2, "进纸方向", 7.0, page_height_mm=page_h, align="center")
    text.draw(canvas, ax, ay + 6.0, "PAPER FEED", 5.5, page_height_mm=page_h, align="center")
    canvas.showPage()


def render_test_grid(calibration: Calibration) -> bytes:
    """The calibration page: the form's size with the offsets applied, a millimetre grid,
    the form's outline, crosshairs at reference slots, the offsets and page length in the
    middle and the paper feed direction."""
    buffer = BytesIO()
    canvas = _new_canvas(buffer, "行程单套打校准页",
                         (calibration.page_width_mm, calibration.page_length_mm))
    _draw_grid(canvas, calibration)
    canvas.save()
    return buffer.getvalue()


def grid_document(calibration: Calibration) -> Document:
    """The calibration page as a :class:`~.model.Document` (kind ``receipt_grid``)."""
    return Document(
        title="行程单套打校准页",
        pdf=render_test_grid(calibration),
        page_width_mm=calibration.page_width_mm,
        page_height_mm=calibration.page_length_mm,
        kind="receipt_grid",
        meta={"offset_x_mm": f"{calibration.offset_x_mm:.1f}",
              "offset_y_mm": f"{calibration.offset_y_mm:.1f}",
              "page_length_mm": f"{calibration.page_length_mm:.1f}"},
    )
