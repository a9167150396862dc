"""The Qt side of printing: preview, the print queue, the Qt printer backend and the
receipt calibration dialog.

- :mod:`.preview`: :class:`PreviewDialog` (pages, zoom, printer, copies, print, save as PDF)
  and :class:`PrintJobsPanel` (the queue's jobs with retry and discard).
- :mod:`.print_queue`: :class:`PrintQueue`, which hands documents to a spooler on the task
  runner's pool and keeps failed jobs (on disk too) until printed or discarded.
- :mod:`.qt_printer`: :class:`QtPrinterSpooler`, printing through ``QPrinter`` where there
  is no CUPS (the Windows spooler).
- :mod:`.calibration_dialog`: offsets, page length and print mode of the receipt printer.

pypdfium2 renders PDF pages for the preview and the Qt printer. It is not safe to use from
two threads at once, and both run on the pool, so every use holds :data:`PDFIUM_LOCK`.
"""

from __future__ import annotations

import threading

PDFIUM_LOCK = threading.Lock()
"""Held around every pypdfium2 call in this process's GUI (preview renders, Qt printing)."""
