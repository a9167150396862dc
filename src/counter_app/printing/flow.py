"""A small page-flow engine for the counter's paper documents (confirmation, day close,
statement, and the forms to come): a document is a list of :class:`Block` s (a line of text,
a table row, a rule) stacked top to bottom in millimetres; :func:`paginate` cuts them into
pages (repeating a table's header at the top of a page a row starts) and
:func:`render_blocks` draws them with the page numbers "第 n 页 / 共 m 页". A roll
(:func:`roll_height`) has no page breaks: its page is as tall as the content. Also the
printed formats of amounts, dates and times.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from typing import Literal

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.printing import fonts, text
from counter_app.printing.model import Document

Paper = Literal["A4", "A5", "80mm"]
Align = Literal["left", "center", "right"]

PT_MM = 25.4 / 72  # one typographic point in millimetres
LINE_FACTOR = 1.45  # line pitch as a multiple of the font size
ASCENT_EM = 0.8  # baseline below the top of a line box (the faces' ascent is 0.8 em)
CELL_PAD_MM = 1.2  # text inset from a table column's edges
FOOTER_MM = 7.0  # room kept at the bottom of a page for the page number

INK = (0.0, 0.0, 0.0)
MUTED = (0.35, 0.35, 0.35)
RULE_INK = (0.55, 0.55, 0.55)
WARN_INK = (0.78, 0.0, 0.0)


# --- page flow (shared with reports) ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sheet:
    """A paper and its margins, in millimetres. ``height_mm`` 0 is a roll: one page grown
    to the content."""

    paper: str
    width_mm: float
    height_mm: float
    top_mm: float
    right_mm: float
    bottom_mm: float
    left_mm: float
    size_pt: float  # body text

    @property
    def roll(self) -> bool:
        return self.height_mm == 0

    @property
    def content_width_mm(self) -> float:
        return self.width_mm - self.left_mm - self.right_mm

    @property
    def content_right_mm(self) -> float:
        return self.width_mm - self.right_mm


SHEETS: dict[str, Sheet] = {
    "A4": Sheet("A4", 210.0, 297.0, 14.0, 15.0, 12.0, 15.0, 9.0),
    "A5": Sheet("A5", 148.0, 210.0, 10.0, 9.0, 9.0, 9.0, 7.5),
    "80mm": Sheet("80mm", 80.0, 0.0, 5.0, 4.0, 8.0, 4.0, 8.0),
}

Draw = Callable[[Canvas, float, float], None]  # (canvas, top of the block, page height) in mm


@dataclass(frozen=True, slots=True)
class Block:
    """One unbreakable strip of the document: ``draw`` paints it below ``top`` (mm).

    A table row names its table's ``header``, which is drawn again at the top of a page the
    row starts; ``keep_with_next`` keeps a heading off the bottom of a page; a ``space`` is
    dropped at the top of a page."""

    height_mm: float
    draw: Draw
    header: Block | None = None
    keep_with_next: bool = False
    space: bool = False


@dataclass(frozen=True, slots=True)
class Cell:
    """A text on a line: ``x_mm`` is its left edge, centre or right edge (``align``); a text
    wider than ``width_mm`` is drawn smaller."""

    x_mm: float
    value: str
    align: Align = "left"
    size: float | None = None
    font: str = fonts.MAIN
    width_mm: float | None = None
    ink: tuple[float, float, float] = INK


_UNBROKEN = re.compile(r"[A-Za-z0-9.,:%()/@_+\-]+|\s+|.", re.S)
_NO_LINE_START = frozenset("，。、；：？！）》」』】,.;:?!)%")


def wrap(value: str, width_mm: float, size: float, font: str = fonts.MAIN) -> list[str]:
    """Break ``value`` into lines no wider than ``width_mm``: between Chinese characters, at
    spaces, never inside a number or a Latin word (unless it alone is too wide), and never
    with a closing punctuation mark at the start of a line."""
    limit = width_mm * mm
    lines: list[str] = []
    for para in value.split("\n"):
        tokens = _UNBROKEN.findall(para)
        line = ""
        for token in tokens:
            candidate = line + token
            if not line or fonts.text_width(candidate, size, font) <= limit:
                line = candidate
                continue
            if token.isspace():
                lines.append(line.rstrip())
                line = ""
                continue
            if token in _NO_LINE_START and len(line) > 1:
                # carry the last character down with the punctuation
                lines.append(line[:-1].rstrip())
                line = line[-1] + token
                continue
            lines.append(line.rstrip())
            line = token
            if fonts.text_width(line, size, font) > limit:
                pieces = text.wrap(line, width_mm, size, font)
                lines.extend(pieces[:-1])
                line = pieces[-1]
        lines.append(line.rstrip())
    return lines


def line_height(size: float) -> float:
    return size * LINE_FACTOR * PT_MM


def draw_cells(canvas: Canvas, cells: Sequence[Cell], baseline: float, page_h: float,
               size: float) -> None:
    for cell in cells:
        if not cell.value:
            continue
        canvas.setFillColorRGB(*cell.ink)
        text.draw(canvas, cell.x_mm, baseline, cell.value, cell.size or size, font=cell.font,
                  page_height_mm=page_h, align=cell.align, max_width_mm=cell.width_mm)
    canvas.setFillColorRGB(*INK)


def rule(canvas: Canvas, x1: float, x2: float, y: float, page_h: float, weight: float = 0.5,
         ink: tuple[float, float, float] = RULE_INK, dash: bool = False) -> None:
    canvas.saveState()
    canvas.setStrokeColorRGB(*ink)
    canvas.setLineWidth(weight)
    if dash:
        canvas.setDash(2, 1.5)
    canvas.line(x1 * mm, (page_h - y) * mm, x2 * mm, (page_h - y) * mm)
    canvas.restoreState()


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its caption, its share of the table width, its alignment."""

    title: str
    share: float
    align: Align = "left"
    font: str = fonts.MAIN


@dataclass
class Flow:
    """A document being built: blocks on a sheet."""

    sheet: Sheet
    blocks: list[Block] = field(default_factory=list)

    @property
    def left(self) -> float:
        return self.sheet.left_mm

    @property
    def right(self) -> float:
        return self.sheet.content_right_mm

    @property
    def width(self) -> float:
        return self.sheet.content_width_mm

    def add(self, block: Block) -> None:
        self.blocks.append(block)

    def space(self, height_mm: float) -> None:
        self.add(Block(height_mm, lambda c, y, h: None, space=True))

    def line(self, cells: Sequence[Cell], size: float | None = None, *,
             keep_with_next: bool = False, underline: bool = False,
             pitch: float = LINE_FACTOR) -> None:
        """One line of text cells; its height follows its largest cell."""
        body = size or self.sheet.size_pt
        biggest = max([body, *(c.size or body for c in cells)])
        height = biggest * pitch * PT_MM
        baseline = biggest * (ASCENT_EM + (pitch - 1) / 2) * PT_MM
        left, right = self.left, self.right
        frozen = tuple(cells)

        def draw(canvas: Canvas, top: float, page_h: float) -> None:
            draw_cells(canvas, frozen, top + baseline, page_h, body)
            if underline:
                rule(canvas, left, right, top + height - 0.3, page_h, 0.6, INK)

        self.add(Block(height, draw, keep_with_next=keep_with_next))

    def sign_line(self, left: str, right: str, size: float) -> None:
        """Two blanks to sign or date side by side, the second from the middle of the line."""
        half = self.width / 2
        self.line([Cell(self.left, left, size=size), Cell(self.left + half, right, size=size)])

    def text(self, value: str, size: float | None = None, *, indent: float = 0.0,
             align: Align = "left", ink: tuple[float, float, float] = INK) -> None:
        """A paragraph wrapped to the printable width, one block per line (so it can break
        between pages)."""
        body = size or self.sheet.size_pt
        width = self.width - indent
        x = {"left": self.left + indent, "center": self.left + indent + width / 2,
             "right": self.right}[align]
        for piece in wrap(value, width, body):
            self.line([Cell(x, piece, align, body, ink=ink)], body)

    def heading(self, title: str, size: float | None = None) -> None:
        body = (size or self.sheet.size_pt) + 1.5
        self.space(1.5)
        self.line([Cell(self.left, title, size=body)], body, keep_with_next=True,
                  underline=True)
        self.space(0.8)

    def separator(self, dash: bool = True) -> None:
        left, right = self.left, self.right
        self.add(Block(2.4, lambda c, y, h: rule(c, left, right, y + 1.2, h, 0.6, MUTED, dash)))

    def pairs(self, items: Sequence[tuple[str, str]], columns: int, size: float | None = None,
              label_share: float = 0.36) -> None:
        """Label/value pairs laid out ``columns`` to a line."""
        body = size or self.sheet.size_pt
        span = self.width / columns
        items = [(k, v) for k, v in items if v]
        for start in range(0, len(items), columns):
            cells: list[Cell] = []
            for i, (label, value) in enumerate(items[start:start + columns]):
                x = self.left + i * span
                label_w = span * label_share
                cells.append(Cell(x, label, width_mm=label_w - 1, ink=MUTED))
                cells.append(Cell(x + label_w, value, width_mm=span - label_w - 1.5))
            self.line(cells, body)

    def amount_line(self, label: str, value: str, size: float | None = None,
                    indent: float = 0.0) -> None:
        """A label on the left and an amount right-aligned on the printable edge (the roll's
        layout)."""
        body = size or self.sheet.size_pt
        value_w = fonts.text_width(value, body) / mm
        self.line([Cell(self.left + indent, label, width_mm=self.width - indent - value_w - 2),
                   Cell(self.right, value, "right")], body)

    def table(self, lines: Sequence[Sequence[Column]], rows: Sequence[Sequence[Sequence[str]]],
              size: float | None = None, *, ruled: bool = True) -> None:
        """A table whose rows may have several text lines, each with its own columns
        (``lines[k]`` are the columns of line k; ``rows[i][k]`` the texts of line k of row i).
        The header repeats at the top of every page a row starts."""
        body = size or self.sheet.size_pt
        pitch = line_height(body)
        pad = 0.8
        geometry = [self._columns(cols) for cols in lines]
        n = len(lines)
        left, right = self.left, self.right

        def cells_of(k: int, values: Sequence[str], ink: tuple[float, float, float],
                     header: bool) -> list[Cell]:
            out = []
            for (x0, x1, col), value in zip(geometry[k], values, strict=False):
                align: Align = col.align
                x = {"left": x0 + CELL_PAD_MM, "center": (x0 + x1) / 2,
                     "right": x1 - CELL_PAD_MM}[align]
                out.append(Cell(x, value, align, font=fonts.MAIN if header else col.font,
                                width_mm=x1 - x0 - 2 * CELL_PAD_MM, ink=ink))
            return out

        height = n * pitch + 2 * pad
        baseline = body * (ASCENT_EM + (LINE_FACTOR - 1) / 2) * PT_MM
        head_cells = [cells_of(k, [c.title for c in cols], MUTED, True)
                      for k, cols in enumerate(lines)]

        def draw_header(canvas: Canvas, top: float, page_h: float) -> None:
            rule(canvas, left, right, top, page_h, 0.8, INK)
            for k, cells in enumerate(head_cells):
                draw_cells(canvas, cells, top + pad + k * pitch + baseline, page_h, body)
            rule(canvas, left, right, top + height, page_h, 0.6, INK)

        header = Block(height, draw_header)
        self.add(Block(header.height_mm, header.draw, keep_with_next=True))
        for row in rows:
            row_cells = [cells_of(k, values, INK, False) for k, values in enumerate(row)]

            def draw_row(canvas: Canvas, top: float, page_h: float,
                         row_cells: list[list[Cell]] = row_cells) -> None:
                for k, cells in enumerate(row_cells):
                    draw_cells(canvas, cells, top + pad + k * pitch + baseline, page_h, body)
                if ruled:
                    rule(canvas, left, right, top + height, page_h, 0.3)

            self.add(Block(height, draw_row, header=header))

    def _columns(self, cols: Sequence[Column]) -> list[tuple[float, float, Column]]:
        total = sum(c.share for c in cols)
        out = []
        x = self.left
        for col in cols:
            w = self.width * col.share / total
            out.append((x, x + w, col))
            x += w
        return out


def paginate(blocks: Sequence[Block], sheet: Sheet) -> list[list[tuple[Block, float]]]:
    """Blocks placed on pages: (block, top in mm) per page."""
    top = sheet.top_mm
    bottom = sheet.height_mm - sheet.bottom_mm - FOOTER_MM
    pages: list[list[tuple[Block, float]]] = [[]]
    y = top
    for i, block in enumerate(blocks):
        if block.space and y == top and pages[-1]:
            continue
        # a heading (and the spaces around it) goes with the first block after it
        need = block.height_mm
        j = i
        while (blocks[j].keep_with_next or blocks[j].space) and j + 1 < len(blocks):
            j += 1
            need += blocks[j].height_mm
        if pages[-1] and y + need > bottom:
            pages.append([])
            y = top
            if block.space:
                continue
            if block.header is not None:
                pages[-1].append((block.header, y))
                y += block.header.height_mm
        pages[-1].append((block, y))
        y += block.height_mm
    return pages


def roll_height(blocks: Sequence[Block], sheet: Sheet) -> float:
    """The page height of a roll document: all its blocks and the margins, whole mm."""
    content = sum(b.height_mm for b in blocks)
    return float(int(sheet.top_mm + content + sheet.bottom_mm) + 1)


def new_canvas(buffer: BytesIO, title: str, width_mm: float, height_mm: float) -> Canvas:
    fonts.register()
    canvas = Canvas(buffer, pagesize=(width_mm * mm, height_mm * mm), pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("Counter")
    canvas.setAuthor("Counter")
    return canvas


def page_label(number: int, count: int) -> str:
    return f"第 {number} 页 / 共 {count} 页"


def render_blocks(blocks: Sequence[Block], sheet: Sheet, title: str,
                  footer_left: str = "") -> tuple[bytes, float]:
    """Draw the blocks; returns the PDF and the page height in mm (a roll's grown height).
    Paged sheets get "第 n 页 / 共 m 页" centred at the foot of every page."""
    buffer = BytesIO()
    if sheet.roll:
        page_h = roll_height(blocks, sheet)
        pages: list[list[tuple[Block, float]]] = [[]]
        y = sheet.top_mm
        for block in blocks:
            pages[0].append((block, y))
            y += block.height_mm
    else:
        page_h = sheet.height_mm
        pages = paginate(blocks, sheet)
    canvas = new_canvas(buffer, title, sheet.width_mm, page_h)
    for number, page in enumerate(pages, 1):
        canvas.setPageSize((sheet.width_mm * mm, page_h * mm))
        for block, top in page:
            block.draw(canvas, top, page_h)
        if not sheet.roll:
            foot = page_h - sheet.bottom_mm
            size = max(sheet.size_pt - 1.5, 6.5)
            canvas.setFillColorRGB(*MUTED)
            text.draw(canvas, sheet.width_mm / 2, foot, page_label(number, len(pages)), size,
                      page_height_mm=page_h, align="center")
            if footer_left:
                text.draw(canvas, sheet.left_mm, foot, footer_left, size, page_height_mm=page_h,
                          max_width_mm=sheet.content_width_mm / 2 - 22)
            canvas.setFillColorRGB(*INK)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue(), page_h


def render_paged(sheet: Sheet, title: str, footer_left: str,
                 fill: Callable[[Flow], None]) -> bytes:
    """The PDF of a paged ``sheet`` whose blocks ``fill`` adds to a new :class:`Flow`."""
    flow = Flow(sheet)
    fill(flow)
    return render_blocks(flow.blocks, sheet, title, footer_left)[0]


def sheet_document(sheet: Sheet, title: str, pdf: bytes, kind: str,
                   meta: dict[str, str]) -> Document:
    """A rendered ``pdf`` of one paged ``sheet`` as a :class:`Document`."""
    return Document(title=title, pdf=pdf, page_width_mm=sheet.width_mm,
                    page_height_mm=sheet.height_mm, kind=kind, meta=meta)


# --- formats -------------------------------------------------------------------------------

_CENT = Decimal("0.01")


def amount(value: Decimal) -> str:
    """Money as printed: two decimals, no grouping ("1230.00", "-50.00")."""
    return f"{value.quantize(_CENT, rounding=ROUND_HALF_UP):f}"


def day(value: date) -> str:
    return value.isoformat()


def hm(value: time) -> str:
    return value.strftime("%H:%M")


def stamp(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")
