"""Printing through Qt where the system has no CUPS (the Windows spooler).

:class:`QtPrinterSpooler` follows the :class:`counter_app.printing.spool.Spooler` protocol:
it lists the printers Qt knows (``QPrinterInfo``) and prints a PDF by rendering each page
with pypdfium2 at the printer's resolution (at most 600 dpi: more only makes the job
bigger) and painting the image over the whole sheet, at the page's own size in
millimetres, with no margins. The sheet is set up with the page's width across and its
length down, in portrait orientation, as a continuous form feeds (238 × 106.6 mm for the
itinerary receipt); the driver gets the exact custom size and prints it unrotated.

Threads: the print queue calls :meth:`submit` on the task runner's pool. Qt allows
``QPainter`` on a ``QPrinter`` (and a ``QImage``) outside the GUI thread — "Painting in
threads" in Qt's threading documentation — and this module relies on exactly that: the
``QPrinter``, the ``QPainter`` and the images are created, used and destroyed in the
worker, and nothing is painted on a widget or a pixmap there. The print-support plugin
behind ``QPrinterInfo`` is not documented as thread-safe, so every call into Qt's print
support goes through one lock and jobs print one at a time.

Qt does not report what happens to a job after the spooler took it: :meth:`job_state`
answers ``unknown`` and the queue keeps such a job as *sent*.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from counter_app.gui.printing import PDFIUM_LOCK
from counter_app.printing.spool import JobRef, Printer, PrintError

MAX_DPI = 600
POINTS_PER_MM = 72 / 25.4

_QT_LOCK = threading.Lock()
_job_numbers = itertools.count(1)


def _state(info: QPrinterInfo) -> str:
    state = info.state()
    if state == QPrinter.PrinterState.Idle:
        return "idle"
    if state == QPrinter.PrinterState.Active:
        return "printing"
    if state in (QPrinter.PrinterState.Aborted, QPrinter.PrinterState.Error):
        return "stopped"
    return "unknown"


def page_sizes_mm(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height in millimetres of every page of ``pdf``."""
    import pypdfium2

    with PDFIUM_LOCK:
        doc = pypdfium2.PdfDocument(pdf)
        try:
            sizes = []
            for i in range(len(doc)):
                width, height = doc.get_page_size(i)
                sizes.append((width / POINTS_PER_MM, height / POINTS_PER_MM))
            return sizes
        finally:
            doc.close()


def render_page(pdf: bytes, index: int, dpi: float) -> QImage:
    """Page ``index`` of ``pdf`` as an RGB image at ``dpi`` (any thread; holds the lock)."""
    import pypdfium2

    with PDFIUM_LOCK:
        doc = pypdfium2.PdfDocument(pdf)
        try:
            page = doc[index]
            # RGBx: four bytes a pixel in this order on every platform, as Qt's RGBX8888.
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True)
            pixels = memoryview(bitmap.buffer)
            image = QImage(
                pixels, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888
            )
            # copy(): the image must own its pixels; pdfium's buffer goes with the bitmap.
            image = image.copy()
            del pixels
            bitmap.close()
            page.close()
            return image
        finally:
            doc.close()


def paint_pdf(printer: QPrinter, pdf: bytes, copies: int = 1, max_dpi: int = MAX_DPI) -> int:
    """Print ``pdf`` on a set-up ``printer`` page by page; returns the sheets painted.

    Each page gets the sheet size of its own PDF page. When the printer cannot make
    copies itself (a PDF file, a printer without driver support) the pages are painted
    ``copies`` times, collated.
    """
    sizes = page_sizes_mm(pdf)
    if not sizes:
        raise PrintError("submit_failed", printer=printer.printerName(), detail="empty PDF")
    own_copies = copies > 1 and printer.supportsMultipleCopies()
    rounds = 1 if own_copies else max(1, copies)
    if own_copies:
        printer.setCopyCount(copies)
        printer.setCollateCopies(True)
    printer.setFullPage(True)
    _set_sheet(printer, *sizes[0])
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(
            "submit_failed", printer=printer.printerName(), detail="the printer did not start"
        )
    painted = 0
    try:
        dpi = float(min(printer.resolution(), max_dpi))
        for _ in range(rounds):
            for index, (width, height) in enumerate(sizes):
                if painted:
                    _set_sheet(printer, width, height)
                    if not printer.newPage():
                        raise PrintError(
                            "submit_failed",
                            printer=printer.printerName(),
                            detail="the printer refused a new page",
                        )
                image = render_page(pdf, index, dpi)
                target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
                painter.drawImage(target, image)
                painted += 1
    finally:
        painter.end()
    if printer.printerState() in (QPrinter.PrinterState.Aborted, QPrinter.PrinterState.Error):
        raise PrintError(
            "job_failed", printer=printer.printerName(), detail="the print engine reported an error"
        )
    return painted


def _set_sheet(printer: QPrinter, width_mm: float, height_mm: float) -> None:
    size = QPageSize(
        QSizeF(width_mm, height_mm),
        QPageSize.Unit.Millimeter,
        f"{width_mm:.1f} x {height_mm:.1f} mm",
        QPageSize.SizeMatchPolicy.ExactMatch,
    )
    layout = QPageLayout(
        size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter
    )
    printer.setPageLayout(layout)


class QtPrinterSpooler:
    """The :class:`~counter_app.printing.spool.Spooler` of systems without CUPS.

    ``pdf_printers`` adds named printers that write each job to a PDF file in a folder
    (``<folder>/<job id>.pdf``), as "Microsoft Print to PDF" does; tests print through
    them and read the result back.
    """

    def __init__(
        self, *, pdf_printers: Mapping[str, Path] | None = None, max_dpi: int = MAX_DPI
    ) -> None:
        self._pdf_printers = dict(pdf_printers or {})
        self.max_dpi = max_dpi

    def printers(self) -> list[Printer]:
        with _QT_LOCK:
            default = QPrinterInfo.defaultPrinterName()
            found = [
                Printer(
                    name=info.printerName(),
                    description=info.description() or info.printerName(),
                    is_default=info.printerName() == default,
                    state=_state(info),
                    accepting=info.state() != QPrinter.PrinterState.Error,
                )
                for info in QPrinterInfo.availablePrinters()
            ]
        for name in self._pdf_printers:
            found.append(
                Printer(
                    name=name,
                    description=name,
                    is_default=not default and not found,
                    state="idle",
                    accepting=True,
                )
            )
        return found

    def submit(
        self,
        pdf: bytes,
        *,
        printer: str,
        title: str,
        copies: int = 1,
        media: str | None = None,  # the page size comes from the PDF itself
    ) -> JobRef:
        job_id = f"qt-{next(_job_numbers)}"
        with _QT_LOCK:
            if printer in self._pdf_printers:
                device = QPrinter(QPrinter.PrinterMode.HighResolution)
                device.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
                folder = self._pdf_printers[printer]
                folder.mkdir(parents=True, exist_ok=True)
                device.setOutputFileName(str(folder / f"{job_id}.pdf"))
            else:
                info = QPrinterInfo.printerInfo(printer)
                if info.isNull():
                    raise PrintError("printer_missing", printer=printer, detail="")
                if info.state() == QPrinter.PrinterState.Error:
                    raise PrintError("printer_stopped", printer=printer, detail="")
                device = QPrinter(info, QPrinter.PrinterMode.HighResolution)
            device.setDocName(title)
            try:
                paint_pdf(device, pdf, copies, self.max_dpi)
            except PrintError:
                raise
            except Exception as exc:  # a driver or render error: the job did not go
                raise PrintError("submit_failed", printer=printer, detail=str(exc)) from exc
        return JobRef(printer=printer, job_id=job_id)

    def job_state(self, ref: JobRef) -> str:
        return "unknown"
