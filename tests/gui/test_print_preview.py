"""The print preview: pages rendered off the GUI thread and zoomable, printing through the
queue on the pool, saving as PDF (and failing to, clearly), no printer at all; and the
print jobs panel with retry and discard.

The spooler is the edge of the world: a fake one lists printers, records submits with the
thread they ran on, or raises ``PrintError``.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QFileDialog, QLabel, QWidget

from counter_app.gui.printing.preview import (
    PreviewDialog,
    PrintJobsPanel,
    documents_folder,
    file_name_for,
    save_dialog,
)
from counter_app.gui.printing.print_queue import PrintQueue
from counter_app.gui.settings import Preferences
from counter_app.gui.tasks import TaskRunner
from counter_app.printing import text
from counter_app.printing.model import Document
from counter_app.printing.spool import JobRef, Printer, PrintError

pytestmark = pytest.mark.gui

A4_W, A4_H = 210.0, 297.0
RECEIPT_W, RECEIPT_H = 238.0, 106.6


def pages_pdf(pages: int, width_mm: float, height_mm: float) -> bytes:
    """``pages`` pages with a heading, a few lines of Chinese text and a black bar."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width_mm * mm, height_mm * mm))
    for page in range(pages):
        text.draw(canvas, 15, 20, f"协议客户月结对账单 第 {page + 1} 页", 16,
                  page_height_mm=height_mm)
        for line in range(5):
            text.draw(canvas, 15, 35 + 8 * line,
                      f"784-20901711{line}0  张三  SZX-PEK  ¥1,280.00", 10,
                      page_height_mm=height_mm)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.rect(15 * mm, (height_mm - 85) * mm, 60 * mm, 4 * mm, fill=1, stroke=0)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def statement(pages: int = 3) -> Document:
    return Document(
        title="月结对账单 2026-10",
        pdf=pages_pdf(pages, A4_W, A4_H),
        page_width_mm=A4_W,
        page_height_mm=A4_H,
        kind="statement",
    )


class FakeSpooler:
    def __init__(self, names: tuple[str, ...] = ("Front-Desk", "Back-Office"),
                 default: str = "Back-Office") -> None:
        self.names = names
        self.default = default
        self.error_code: str | None = None
        self.calls: list[dict[str, object]] = []
        self.threads: list[threading.Thread] = []
        self.listed_on: list[threading.Thread] = []

    def printers(self) -> list[Printer]:
        self.listed_on.append(threading.current_thread())
        return [
            Printer(name=n, description=f"{n} laser", is_default=n == self.default,
                    state="idle", accepting=True)
            for n in self.names
        ]

    def submit(self, pdf: bytes, *, printer: str, title: str, copies: int = 1,
               media: str | None = None) -> JobRef:
        self.threads.append(threading.current_thread())
        if self.error_code is not None:
            raise PrintError(self.error_code, printer=printer, detail="")
        self.calls.append({"pdf": pdf, "printer": printer, "title": title, "copies": copies})
        return JobRef(printer=printer, job_id=str(len(self.calls)))

    def job_state(self, ref: JobRef) -> str:
        return "processing"


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


@pytest.fixture
def prefs(tmp_path: Path) -> Preferences:
    return Preferences(tmp_path)


@pytest.fixture
def spooler() -> FakeSpooler:
    return FakeSpooler()


@pytest.fixture
def queue(qtbot, runner: TaskRunner, spooler: FakeSpooler, tmp_path: Path) -> Iterator[PrintQueue]:  # type: ignore[no-untyped-def]
    q = PrintQueue(runner, spooler, tmp_path / "data", poll_ms=50)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: q.is_loaded, timeout=5000)
    yield q
    q.stop()


def open_preview(qtbot, document: Document, queue: PrintQueue, spooler: object,  # type: ignore[no-untyped-def]
                 prefs: Preferences, **options: object) -> PreviewDialog:
    dialog = PreviewDialog(document, queue, spooler, prefs, **options)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.page_count > 0 and not dialog.busy, timeout=20000)
    return dialog


def test_preview_shows_every_page_and_zooms(qtbot, queue: PrintQueue, spooler: FakeSpooler,  # type: ignore[no-untyped-def]
                                           prefs: Preferences) -> None:
    dialog = open_preview(qtbot, statement(3), queue, spooler, prefs)

    assert dialog.page_count == 3
    assert len(dialog.page_labels) == 3
    assert "3" in dialog.pages_label.text()
    assert threading.main_thread() not in spooler.listed_on  # printers listed on the pool
    first = dialog.shown_page_size(0)
    # Fitted to the width, in the page's own proportions.
    viewport = dialog.scroll_area.viewport().width()
    assert viewport * 0.8 < first.width() <= viewport
    assert first.height() / first.width() == pytest.approx(A4_H / A4_W, rel=0.01)
    # The page is drawn: the black bar is there, the margin is white.
    image = dialog.page_labels[0].pixmap().toImage()
    scale = image.width() / A4_W
    assert image.pixelColor(round(40 * scale), round(83 * scale)).lightness() < 60
    assert image.pixelColor(round(150 * scale), round(250 * scale)).lightness() > 240

    dialog.zoom_in_button.click()
    zoomed = dialog.shown_page_size(0)
    assert zoomed.width() == pytest.approx(first.width() * 1.25, abs=2)
    qtbot.keyClick(dialog, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert dialog.shown_page_size(0).width() == pytest.approx(first.width() * 1.25**2, abs=3)
    for _ in range(3):
        qtbot.keyClick(dialog, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert dialog.shown_page_size(0).width() == pytest.approx(first.width() / 1.25, abs=2)
    dialog.fit_button.click()
    assert dialog.shown_page_size(0) == first
    assert dialog.zoom_label.text().endswith("%")
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)


def test_print_goes_through_the_queue_off_the_gui_thread(  # type: ignore[no-untyped-def]
    qtbot, queue: PrintQueue, spooler: FakeSpooler, prefs: Preferences
) -> None:
    document = statement(2)
    dialog = open_preview(qtbot, document, queue, spooler, prefs)
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=5000)
    assert dialog.selected_printer() == "Back-Office"  # the system's default
    assert "Back-Office" in dialog.printer_combo.currentText()
    dialog.printer_combo.setCurrentIndex(dialog.printer_combo.findData("Front-Desk"))
    dialog.copies_spin.setValue(2)
    submitted: list[str] = []
    dialog.jobSubmitted.connect(submitted.append)
    statuses: list[str] = []
    queue.status.connect(statuses.append)

    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    (job_id,) = submitted
    qtbot.waitUntil(lambda: queue.job(job_id).state == "sent", timeout=5000)
    assert spooler.threads
    assert threading.main_thread() not in spooler.threads
    (call,) = spooler.calls
    assert call == {"pdf": document.pdf, "printer": "Front-Desk", "title": document.title,
                    "copies": 2}
    assert any("Front-Desk" in s for s in statuses)
    # The choice is remembered for this kind of document.
    assert prefs.printer_for("statement") == "Front-Desk"
    again = open_preview(qtbot, statement(1), queue, spooler, prefs)
    qtbot.waitUntil(lambda: again.print_button.isEnabled(), timeout=5000)
    assert again.selected_printer() == "Front-Desk"
    again.reject()


def test_missing_printer_leaves_the_job_failed_then_retry_prints_it(  # type: ignore[no-untyped-def]
    qtbot, queue: PrintQueue, spooler: FakeSpooler, prefs: Preferences
) -> None:
    spooler.error_code = "printer_missing"
    dialog = open_preview(qtbot, statement(1), queue, spooler, prefs)
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=5000)
    with qtbot.waitSignal(queue.jobFailed, timeout=5000) as failed:
        dialog.print_button.click()
    job = failed.args[0]
    assert job.state == "failed"
    assert "Back-Office" in job.message

    panel = PrintJobsPanel(queue, choose_printer=lambda parent, names, current: "Front-Desk")
    qtbot.addWidget(panel)
    panel.show()
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 1).text() == "Back-Office"
    assert panel.table.item(0, 3).text() == job.message
    assert panel.selected_job_id() == job.job_id
    assert panel.retry_button.isEnabled()

    spooler.error_code = None
    panel.retry_other_button.click()
    qtbot.waitUntil(lambda: queue.job(job.job_id).state == "sent", timeout=5000)
    assert [c["printer"] for c in spooler.calls] == ["Front-Desk"]
    assert panel.table.item(0, 1).text() == "Front-Desk"
    assert panel.table.item(0, 3).text() == ""
    assert not panel.retry_button.isEnabled()
    panel.discard_button.click()  # a sent job leaves the list without a question
    assert panel.table.rowCount() == 0


def test_discard_from_the_panel_asks_first(qtbot, queue: PrintQueue, spooler: FakeSpooler) -> None:  # type: ignore[no-untyped-def]
    spooler.error_code = "printer_stopped"
    job_id = queue.submit(statement(1), "Front-Desk")
    qtbot.waitUntil(lambda: queue.job(job_id).state == "failed", timeout=5000)
    answers = [False, True]
    asked: list[str] = []

    def confirm(parent: object, question: str) -> bool:
        asked.append(question)
        return answers.pop(0)

    panel = PrintJobsPanel(queue, confirm=confirm)
    qtbot.addWidget(panel)
    assert "Front-Desk" in panel.table.item(0, 3).text()
    panel.discard_button.click()
    assert queue.job(job_id) is not None  # said no
    panel.discard_button.click()
    assert queue.job(job_id) is None
    assert panel.table.rowCount() == 0
    assert len(asked) == 2
    assert "月结对账单" in asked[0]


def test_save_as_pdf_writes_the_exact_bytes(qtbot, queue: PrintQueue, spooler: FakeSpooler,  # type: ignore[no-untyped-def]
                                            prefs: Preferences, tmp_path: Path) -> None:
    document = statement(2)
    target = tmp_path / "out" / "对账单"
    target.parent.mkdir()
    suggestions: list[str] = []

    def ask(parent: object, suggested: str) -> str:
        suggestions.append(suggested)
        return str(target)

    dialog = open_preview(qtbot, document, queue, spooler, prefs, ask_save_path=ask)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = target.with_name("对账单.pdf")
    qtbot.waitUntil(lambda: dialog.saved_to is not None, timeout=5000)
    assert dialog.saved_to == saved
    assert saved.read_bytes() == document.pdf
    # The first save starts in the clerk's documents folder, not the program's folder.
    assert suggestions == [str(documents_folder() / "月结对账单 2026-10.pdf")]
    assert dialog.isVisible()  # saving does not close the preview
    assert str(saved) in dialog.note.text()
    assert prefs.pdf_folder == str(saved.parent)
    assert spooler.calls == []
    # The next save starts where the last one went.
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert suggestions[1] == str(saved.parent / "月结对账单 2026-10.pdf")


def test_save_dialog_starts_in_the_documents_folder_in_chinese(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path / "clerk"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    assert documents_folder() == home / "Documents"
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = save_dialog(parent, str(documents_folder() / "退票单 999-2090000001.pdf"))
    # The GUI tests run with the Chinese UI installed (counter_zh_CN and Qt's qtbase_zh_CN).
    assert dialog.windowTitle() == "另存为 PDF"
    assert dialog.nameFilters() == ["PDF 文件 (*.pdf)"]
    assert Path(dialog.directory().absolutePath()) == home / "Documents"
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    label = QFileDialog.DialogLabel
    assert [dialog.labelText(x) for x in (label.LookIn, label.FileName, label.FileType,
                                          label.Accept, label.Reject)] == [
        "查找范围：", "文件名：", "保存类型：", "保存", "取消"]
    # Everything else the widget dialog shows (tool tips, the file list's columns) comes
    # from Qt's own Chinese, installed with the UI: no English word left on it.
    dialog.show()
    qtbot.waitExposed(dialog)
    shown = [w.text() for w in dialog.findChildren(QLabel)] + [
        b.text() or b.toolTip() for b in dialog.findChildren(QAbstractButton)]
    english = [t for t in shown if re.search(r"[A-Za-z]{3,}", t.replace("PDF", ""))]
    assert english == []
    dialog.reject()
    assert QCoreApplication.translate("QFileDialog", "File &name:") == "文件名称(&N)："
    assert QCoreApplication.translate("QFileSystemModel", "Name") == "名称"
    # Without a documents folder, the home folder; never the program's working folder.
    (home / "Documents").rmdir()
    assert documents_folder() == home


def _make_read_only(folder: Path) -> list[str]:
    """Make ``folder`` unwritable even for root (chattr +i); returns the undo command."""
    os.chmod(folder, 0o555)
    probe = folder / "probe"
    try:
        probe.write_bytes(b"")
    except OSError:
        return []
    probe.unlink()
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a read-only folder")
    result = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if result.returncode != 0:
        pytest.skip("running as root and chattr +i is not permitted here")
    return ["chattr", "-i", str(folder)]


def test_save_to_a_read_only_folder_says_so_and_stays_open(  # type: ignore[no-untyped-def]
    qtbot, queue: PrintQueue, spooler: FakeSpooler, prefs: Preferences, tmp_path: Path
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    undo = _make_read_only(folder)
    try:
        target = folder / "statement.pdf"
        dialog = open_preview(qtbot, statement(1), queue, spooler, prefs,
                              ask_save_path=lambda parent, suggested: str(target))
        dialog.save_button.click()
        qtbot.waitUntil(lambda: dialog.save_button.isEnabled() and not dialog.busy,
                        timeout=5000)
        assert dialog.isVisible()
        assert dialog.saved_to is None
        assert not target.exists()
        note = dialog.note.text()
        assert str(target) in note
        assert "不可写入" in note or "may not be written" in note
        assert "b00020" in dialog.note.styleSheet()  # shown as an error
        # A second try elsewhere works from the same dialog.
        dialog._ask_save_path = lambda parent, suggested: str(tmp_path / "ok.pdf")
        dialog.save_button.click()
        qtbot.waitUntil(lambda: dialog.saved_to is not None, timeout=5000)
        assert (tmp_path / "ok.pdf").read_bytes() == dialog.document.pdf
    finally:
        if undo:
            subprocess.run(undo, check=False)
        os.chmod(folder, 0o755)


@pytest.mark.parametrize("spooler_kind", ["no printers", "no print system"])
def test_no_printer_disables_print_but_save_works(  # type: ignore[no-untyped-def]
    qtbot, runner: TaskRunner, prefs: Preferences, tmp_path: Path, spooler_kind: str
) -> None:
    empty = FakeSpooler(names=()) if spooler_kind == "no printers" else None
    queue = PrintQueue(runner, empty, tmp_path / "data")  # type: ignore[arg-type]
    target = tmp_path / "receipt.pdf"
    document = Document("行程单 784-2090171140", pages_pdf(1, RECEIPT_W, RECEIPT_H),
                        RECEIPT_W, RECEIPT_H, kind="receipt")
    dialog = open_preview(qtbot, document, queue, empty, prefs,
                          ask_save_path=lambda parent, suggested: str(target))
    qtbot.waitUntil(lambda: dialog.note.text() != "", timeout=5000)
    assert not dialog.print_button.isEnabled()
    assert not dialog.printer_combo.isEnabled()
    assert "PDF" in dialog.note.text()
    dialog.print_document()  # Ctrl+P does nothing either
    assert queue.jobs() == []
    assert dialog.isVisible()

    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved_to is not None, timeout=5000)
    assert target.read_bytes() == document.pdf
    # A wide receipt is fitted to the width too.
    size = dialog.shown_page_size(0)
    assert size.width() / size.height() == pytest.approx(RECEIPT_W / RECEIPT_H, rel=0.01)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    queue.stop()


def test_file_name_for_titles() -> None:
    assert file_name_for("行程单 784-2090171140") == "行程单 784-2090171140.pdf"
    assert file_name_for('a/b:c*d?"e"<f>|g') == "a_b_c_d_e_f_g.pdf"
    assert file_name_for("...") == "document.pdf"


def test_preview_deleted_while_rendering_drops_the_result(  # type: ignore[no-untyped-def]
    qtbot, runner: TaskRunner, queue: PrintQueue, spooler: FakeSpooler, prefs: Preferences
) -> None:
    import shiboken6

    dialog = PreviewDialog(statement(3), queue, spooler, prefs)  # type: ignore[arg-type]
    assert dialog.busy  # rendering and listing printers on the pool
    shiboken6.delete(dialog)  # its parent window went away
    qtbot.waitUntil(lambda: not runner.busy, timeout=20000)
    qtbot.wait(50)  # any late delivery would raise here, and pytest-qt would fail the test
