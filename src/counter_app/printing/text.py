"""Drawing text on a reportlab canvas with the per-character font fallback of
:mod:`.fonts`, in millimetre coordinates from the top-left of the page (as forms are
measured), fitted into a box when it is too long."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.printing import fonts


def draw(
    canvas: Canvas,
    x_mm: float,
    y_mm: float,
    text: str,
    size: float = 9.0,
    *,
    font: str = fonts.MAIN,
    page_height_mm: float,
    align: str = "left",
    max_width_mm: float | None = None,
) -> float:
    """Draw ``text`` with its baseline at ``y_mm`` below the top edge; ``x_mm`` is the left
    edge (``align="left"``), the centre (``"center"``) or the right edge (``"right"``).

    A text wider than ``max_width_mm`` is drawn smaller (down to 60 % of ``size``), never
    cut: a name or an amount must stay whole. Returns the width drawn, in millimetres.
    """
    if not text:
        return 0.0
    width = fonts.text_width(text, size, font)
    if max_width_mm is not None and width > max_width_mm * mm:
        size = max(size * 0.6, size * (max_width_mm * mm) / width)
        width = fonts.text_width(text, size, font)
    x = x_mm * mm
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    y = (page_height_mm - y_mm) * mm
    for name, piece in fonts.runs(text, font):
        canvas.setFont(name, size)
        canvas.drawString(x, y, piece)
        x += canvas.stringWidth(piece, name, size)
    return float(width / mm)


def wrap(text: str, width_mm: float, size: float, font: str = fonts.MAIN) -> list[str]:
    """Break ``text`` into lines no wider than ``width_mm`` (character by character, as
    Chinese text breaks; an explicit newline always breaks)."""
    lines: list[str] = []
    limit = width_mm * mm
    for para in text.split("\n"):
        line = ""
        for ch in para:
            if line and fonts.text_width(line + ch, size, font) > limit:
                lines.append(line)
                line = ch.lstrip() if ch == " " else ch
            else:
                line += ch
        lines.append(line)
    return lines
