"""Print preview (打印预览) and the list of print jobs.

:class:`PreviewDialog` shows a document's pages (rendered on the pool, scaled to fit the
width, zoomable), lets the clerk choose the printer and the copies, hands the job to the
:class:`~counter_app.gui.printing.print_queue.PrintQueue` and closes; or saves the PDF to
a file. With no printer installed it still saves.

:class:`PrintJobsPanel` lists the queue's jobs with their state and error, with Retry,
Retry on another printer and Discard; the main window puts it in its status area.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QSize, QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.gui.messages import ERROR_STYLE
from counter_app.gui.printing.page_view import PageView
from counter_app.gui.printing.print_queue import FAILED, PrintJob, PrintQueue
from counter_app.gui.settings import Preferences
from counter_app.gui.tasks import Done, Failed, Task
from counter_app.gui.widgets.named import named, named_button
from counter_app.printing.model import Document
from counter_app.printing.spool import Printer, PrintError, Spooler

AskSavePath = Callable[[QWidget, str], str]
"""Asks for a file name to save under (given a suggestion); an empty answer cancels."""
ChoosePrinter = Callable[[QWidget, list[str], str], str]
"""Asks for one of the printer names (given the current one); empty cancels."""
Confirm = Callable[[QWidget, str], bool]

T = TypeVar("T")


def documents_folder() -> Path:
    """The clerk's documents folder (QStandardPaths.DocumentsLocation), where a first "save
    as PDF" starts; the home folder when the system has none."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if folder and Path(folder).is_dir():
        return Path(folder)
    return Path.home()


def save_dialog(parent: QWidget, suggested: str) -> QFileDialog:
    """The "save as PDF" file dialog, in the UI's language: our caption and filter in a
    context of their own (a ``parent.tr`` would look them up under the dialog's class), the
    rest from Qt's own translations (qtbase, installed by :mod:`counter_app.gui.i18n`)."""
    dialog = QFileDialog(
        parent,
        QCoreApplication.translate("SavePdfDialog", "Save as PDF"),
        suggested,
        QCoreApplication.translate("SavePdfDialog", "PDF files (*.pdf)"),
    )
    dialog.setObjectName("savePdfDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix("pdf")
    # qtbase_zh_CN (Qt 6.11) lacks "&Look in:" and "Files of &type:": the widget dialog's
    # labels are set from our own translations so none stays in English.
    label = QFileDialog.DialogLabel
    for which, words in (
        (label.LookIn, QCoreApplication.translate("SavePdfDialog", "Look in:")),
        (label.FileName, QCoreApplication.translate("SavePdfDialog", "File name:")),
        (label.FileType, QCoreApplication.translate("SavePdfDialog", "Save as type:")),
        (label.Accept, QCoreApplication.translate("SavePdfDialog", "Save")),
        (label.Reject, QCoreApplication.translate("SavePdfDialog", "Cancel")),
    ):
        dialog.setLabelText(which, words)
    return dialog


def _ask_save_path(parent: QWidget, suggested: str) -> str:
    dialog = save_dialog(parent, suggested)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]


def _choose_printer(parent: QWidget, names: list[str], current: str) -> str:
    index = names.index(current) if current in names else 0
    name, ok = QInputDialog.getItem(
        parent,
        parent.tr("Retry on another printer"),
        parent.tr("Printer"),
        names,
        index,
        False,
    )
    return str(name) if ok else ""


def _confirm(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, parent.tr("Discard print job"), text)
    return answer == QMessageBox.StandardButton.Yes


def file_name_for(title: str) -> str:
    """A file name made of the document's title (characters Windows refuses replaced)."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", title).strip(" ._") or "document"
    return name[:120] + ".pdf"


class Note(QLabel):
    """The word-wrapped line under the preview and the print queue: what went wrong (in the
    error colour) or what was done; hidden while it says nothing."""

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        self.hide()

    def error(self, text: str) -> None:
        self.say(text, error=True)

    def say(self, text: str, *, error: bool = False) -> None:
        self.setStyleSheet(ERROR_STYLE if error else "")
        self.setText(text)
        self.setVisible(bool(text))


class PreviewDialog(QDialog):
    """Emits ``jobSubmitted(job_id)`` when the document went to the queue (the dialog then
    closes; the queue's ``jobChanged``/``status`` tell how it goes) and ``status(text)``
    with a sentence for the parent's status bar."""

    jobSubmitted = Signal(str)
    status = Signal(str)

    def __init__(
        self,
        document: Document,
        queue: PrintQueue,
        spooler: Spooler | None,
        preferences: Preferences,
        parent: QWidget | None = None,
        *,
        ask_save_path: AskSavePath | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.queue = queue
        self.spooler = spooler
        self.prefs = preferences
        self.runner = queue.runner
        self._ask_save_path = ask_save_path or _ask_save_path
        self._tasks: set[Task] = set()
        self._closed = False
        # Outcomes arriving after the dialog was deleted (its parent closed) are dropped;
        # the flag lives outside the wrapper, which may outlive its C++ object.
        alive = self._alive = [True]
        self.destroyed.connect(lambda *_: alive.__setitem__(0, False))
        self.printers: list[Printer] = []
        self.saved_to: Path | None = None
        self.setObjectName("previewDialog")
        self.setWindowTitle(self.tr("Print preview — %1").replace("%1", document.title))
        self.resize(920, 720)
        self.view = PageView(document, self._run, lambda text: self.note.error(text), self)
        view = self.view
        self.zoom_out_button, self.zoom_in_button = view.zoom_out_button, view.zoom_in_button
        self.fit_button, self.zoom_label = view.fit_button, view.zoom_label
        self.pages_label, self.size_label = view.pages_label, view.size_label
        self.scroll_area = view.scroll_area

        # -- printer, copies, actions
        self.printer_combo = named(QComboBox(self), "printerCombo")
        self.printer_combo.setMinimumWidth(260)
        self.printer_combo.addItem(self.tr("Looking for printers…"))
        self.printer_combo.setEnabled(False)
        self.copies_spin = named(QSpinBox(self), "copiesSpin")
        self.copies_spin.setRange(1, 20)
        self.copies_spin.setValue(1)
        self.note = Note(self, "previewNote")
        self.save_button = named_button(self.tr("Save as PDF…"), "saveButton", self)
        self.save_button.setToolTip(self.tr("Save as PDF (Ctrl+S)"))
        self.save_button.setAutoDefault(False)
        self.print_button = named_button(self.tr("Print"), "printButton", self)
        self.print_button.setToolTip(self.tr("Print (Ctrl+P)"))
        self.print_button.setEnabled(False)
        self.print_button.setDefault(True)
        self.close_button = named_button(self.tr("Close"), "closeButton", self)
        self.close_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_as_pdf)
        self.print_button.clicked.connect(self.print_document)
        self.close_button.clicked.connect(self.reject)

        bottom = QHBoxLayout()
        printer_label = QLabel(self.tr("Printer"), self)
        printer_label.setBuddy(self.printer_combo)
        copies_label = QLabel(self.tr("Copies"), self)
        copies_label.setBuddy(self.copies_spin)
        bottom.addWidget(printer_label)
        bottom.addWidget(self.printer_combo, 1)
        bottom.addSpacing(12)
        bottom.addWidget(copies_label)
        bottom.addWidget(self.copies_spin)
        bottom.addSpacing(24)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(view, 1)
        layout.addWidget(self.note)
        layout.addLayout(bottom)

        for keys, slot in (
            (("Ctrl+=", "Ctrl++", QKeySequence.StandardKey.ZoomIn), view.zoom_in),
            (("Ctrl+-", QKeySequence.StandardKey.ZoomOut), view.zoom_out),
            (("Ctrl+0",), view.fit_width),
            (("Ctrl+P", QKeySequence.StandardKey.Print), self.print_document),
            (("Ctrl+S", QKeySequence.StandardKey.Save), self.save_as_pdf),
        ):
            sequences: list[QKeySequence] = []
            for key in keys:  # the platform's zoom keys may be ours already: no duplicates
                for sequence in QKeySequence.keyBindings(key) if not isinstance(key, str) else [
                    QKeySequence(key)
                ]:
                    if sequence not in sequences:
                        sequences.append(sequence)
            action = QAction(self)
            action.setShortcuts(sequences)
            action.triggered.connect(slot)
            self.addAction(action)

        self._load_printers()

    # -- pages (the view's) ---------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return self.view.page_count

    @property
    def zoom(self) -> float:
        return self.view.zoom

    @property
    def page_labels(self) -> list[QLabel]:
        return self.view.page_labels

    def shown_page_size(self, index: int = 0) -> QSize:
        """The size of page ``index`` as shown now, in device-independent pixels."""
        return self.view.shown_page_size(index)

    # -- printers -------------------------------------------------------------------------

    def _load_printers(self) -> None:
        spooler = self.spooler
        if spooler is None:
            self._no_printers(
                self.tr(
                    "This computer has no print system, so nothing can be printed here. "
                    "The document can still be saved as PDF."
                )
            )
            return

        def failed(error: BaseException) -> None:
            if isinstance(error, PrintError) and error.code == "spooler_unavailable":
                text = self.tr(
                    "The print system does not answer, so nothing can be printed now. "
                    "The document can still be saved as PDF."
                )
            else:
                text = self.tr(
                    "The printers cannot be listed (%1). The document can still be saved "
                    "as PDF."
                ).replace("%1", str(error) or type(error).__name__)
            self._no_printers(text)

        self._run("printers", spooler.printers, self._show_printers, failed)

    def _show_printers(self, printers: list[Printer]) -> None:
        self.printers = list(printers)
        self.printer_combo.clear()
        if not printers:
            self._no_printers(
                self.tr(
                    "No printer is installed on this computer. The document can still be "
                    "saved as PDF."
                )
            )
            return
        for printer in printers:
            self.printer_combo.addItem(self._printer_text(printer), printer.name)
        remembered = self.prefs.printer_for(self.document.kind)
        names = [p.name for p in printers]
        default = next((p.name for p in printers if p.is_default), names[0])
        chosen = remembered if remembered in names else default
        self.printer_combo.setCurrentIndex(names.index(chosen))
        self.printer_combo.setEnabled(True)
        self.print_button.setEnabled(True)
        self.printer_combo.currentIndexChanged.connect(self._printer_changed)
        self._printer_changed()

    def _printer_text(self, printer: Printer) -> str:
        text = printer.name
        if printer.description and printer.description != printer.name:
            text += f" — {printer.description}"
        marks = []
        if printer.is_default:
            marks.append(self.tr("default"))
        if printer.state == "stopped":
            marks.append(self.tr("stopped"))
        if not printer.accepting:
            marks.append(self.tr("not accepting jobs"))
        if marks:
            text += " (" + ", ".join(marks) + ")"
        return text

    def _printer_changed(self) -> None:
        name = self.selected_printer()
        printer = next((p for p in self.printers if p.name == name), None)
        if printer is not None and (printer.state == "stopped" or not printer.accepting):
            self.note.error(
                self.tr(
                    "Printer “%1” is stopped or refuses jobs; a job sent now waits in the "
                    "queue as failed until it is retried."
                ).replace("%1", name)
            )
        else:
            self.note.say("")

    def _no_printers(self, text: str) -> None:
        self.printers = []
        self.printer_combo.clear()
        self.printer_combo.addItem(self.tr("No printer"))
        self.printer_combo.setEnabled(False)
        self.print_button.setEnabled(False)
        self.copies_spin.setEnabled(False)
        self.note.error(text)

    def selected_printer(self) -> str:
        data = self.printer_combo.currentData()
        return str(data) if data else ""

    # -- print and save -------------------------------------------------------------------

    def print_document(self) -> None:
        printer = self.selected_printer()
        if not printer or not self.print_button.isEnabled():
            return
        self.prefs.set_printer_for(self.document.kind, printer)
        self.prefs.sync()
        job_id = self.queue.submit(self.document, printer, self.copies_spin.value())
        self.jobSubmitted.emit(job_id)
        self.accept()

    def save_as_pdf(self) -> None:
        if not self.save_button.isEnabled():
            return
        # The folder saved to last, else the clerk's documents (never the program's folder).
        folder = self.prefs.pdf_folder
        start = Path(folder) if folder and Path(folder).is_dir() else documents_folder()
        suggested = str(start / file_name_for(self.document.title))
        answer = self._ask_save_path(self, suggested)
        if not answer:
            return
        path = Path(answer)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        data = self.document.pdf
        self.save_button.setEnabled(False)
        self.note.say(self.tr("Saving %1…").replace("%1", str(path)))

        def work() -> None:
            path.write_bytes(data)

        def done(_: object) -> None:
            self.save_button.setEnabled(True)
            self.saved_to = path
            self.prefs.pdf_folder = str(path.parent)
            self.prefs.sync()
            text = self.tr("Saved as %1.").replace("%1", str(path))
            self.note.say(text)
            self.status.emit(text)

        def failed(error: BaseException) -> None:
            self.save_button.setEnabled(True)
            self.note.error(
                self.tr("The PDF could not be saved as %1: %2. Choose another folder.")
                .replace("%1", str(path))
                .replace("%2", self._os_reason(error))
            )

        self._run("save-pdf", work, done, failed)

    def _os_reason(self, error: BaseException) -> str:
        if isinstance(error, PermissionError):
            return self.tr("this folder may not be written to")
        if isinstance(error, IsADirectoryError):
            return self.tr("a folder has that name")
        if isinstance(error, FileNotFoundError):
            return self.tr("the folder does not exist")
        if isinstance(error, OSError) and error.errno == errno.ENOSPC:
            return self.tr("the disk is full")
        if isinstance(error, OSError) and error.strerror:
            return error.strerror
        return str(error) or type(error).__name__

    # -- plumbing -------------------------------------------------------------------------

    def _run(self, name: str, fn: Callable[[], T], on_done: Done[T], on_error: Failed) -> None:
        alive = self._alive

        def finish(result: T) -> None:
            self._tasks.discard(task)
            if alive[0] and not self._closed:
                on_done(result)

        def fail(error: BaseException) -> None:
            self._tasks.discard(task)
            if alive[0] and not self._closed:
                on_error(error)

        task = self.runner.run_io(name, fn, finish, fail)
        self._tasks.add(task)

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def done(self, result: int) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        self._tasks.clear()
        super().done(result)


class PrintJobsPanel(QWidget):
    """The print queue's jobs: document, printer, state and problem, with Retry, Retry on
    another printer… and Discard for the selected job."""

    def __init__(
        self,
        queue: PrintQueue,
        parent: QWidget | None = None,
        *,
        choose_printer: ChoosePrinter | None = None,
        confirm: Confirm | None = None,
    ) -> None:
        super().__init__(parent)
        self.queue = queue
        self._choose_printer = choose_printer or _choose_printer
        self._confirm = confirm or _confirm
        self._listing: Task | None = None
        self.setObjectName("printJobsPanel")
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("printJobsTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Document"), self.tr("Printer"), self.tr("State"), self.tr("Problem")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # Wrapped problems need their rows re-measured whenever the column's width changes.
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.retry_button = named_button(self.tr("Retry"), "retryButton", self)
        self.retry_other_button = named_button(
            self.tr("Retry on another printer…"), "retryOtherButton", self
        )
        self.discard_button = named_button(self.tr("Discard"), "discardButton", self)
        self.note = Note(self, "printJobsNote")
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.retry_other_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.retry_button.clicked.connect(self.retry_selected)
        self.retry_other_button.clicked.connect(self.retry_selected_elsewhere)
        self.discard_button.clicked.connect(self.discard_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        queue.jobChanged.connect(self._job_changed)
        queue.jobRemoved.connect(lambda _job_id: self.refresh())
        queue.loaded.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        selected = self.selected_job_id()
        jobs = self.queue.jobs()
        self.table.setRowCount(len(jobs))
        for row, job in enumerate(jobs):
            self._fill_row(row, job)
            if job.job_id == selected:
                self.table.selectRow(row)
        if selected is None and jobs:
            failed = next((r for r, j in enumerate(jobs) if j.failed), None)
            if failed is not None:
                self.table.selectRow(failed)
        self.table.resizeRowsToContents()
        self._update_buttons()

    def _fill_row(self, row: int, job: PrintJob) -> None:
        values = [
            job.title,
            job.printer or self.tr("(the first printer that answers)"),
            self.queue.state_label(job.state),
            job.message if job.failed else "",
        ]
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(Qt.ItemDataRole.UserRole, job.job_id)
            if job.failed:
                item.setForeground(Qt.GlobalColor.darkRed)
            if column == 3:
                item.setToolTip(value)
            self.table.setItem(row, column, item)

    def _job_changed(self, job: PrintJob) -> None:
        self.refresh()

    def selected_job_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def select_job(self, job_id: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == job_id:
                self.table.selectRow(row)
                return

    def _selected_job(self) -> PrintJob | None:
        job_id = self.selected_job_id()
        return self.queue.job(job_id) if job_id else None

    def _update_buttons(self) -> None:
        job = self._selected_job()
        failed = job is not None and job.state == FAILED
        self.retry_button.setEnabled(failed)
        self.retry_other_button.setEnabled(failed and self._listing is None)
        self.discard_button.setEnabled(job is not None and job.state not in ("queued", "sending"))

    def retry_selected(self) -> None:
        job = self._selected_job()
        if job is not None:
            self.note.say("")
            self.queue.retry(job.job_id)

    def retry_selected_elsewhere(self) -> None:
        job = self._selected_job()
        spooler = self.queue.spooler
        if job is None or not job.failed:
            return
        if spooler is None:
            self.note.error(self.tr("This computer has no print system; no other printer to try."))
            return
        job_id, current = job.job_id, job.printer

        def done(printers: list[Printer]) -> None:
            self._listing = None
            self._update_buttons()
            names = [p.name for p in printers]
            if not names:
                self.note.error(self.tr("No printer is installed on this computer."))
                return
            name = self._choose_printer(self, names, current)
            if name:
                self.note.say("")
                self.queue.retry(job_id, name)

        def failed(error: BaseException) -> None:
            self._listing = None
            self._update_buttons()
            self.note.error(
                self.tr("The printers cannot be listed (%1).").replace(
                    "%1", str(error) or type(error).__name__
                )
            )

        self._listing = self.queue.runner.run_io("printers", spooler.printers, done, failed)
        self._update_buttons()

    def discard_selected(self) -> None:
        job = self._selected_job()
        if job is None:
            return
        if job.failed and not self._confirm(
            self,
            self.tr("“%1” has not been printed. Discard it for good?").replace("%1", job.title),
        ):
            return
        self.queue.discard(job.job_id)

    def sizeHint(self) -> QSize:
        return QSize(640, 220)
