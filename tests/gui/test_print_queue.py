"""The print queue and the Qt printer backend: jobs go to the spooler on the pool, failed
jobs stay (on disk too) with a message naming the printer until retried or discarded, and
QtPrinterSpooler prints a PDF through QPrinter with the right pages and page size.

The spooler is the edge of the world: a fake one here records calls or raises
``PrintError``; the real CUPS path is covered by the printing e2e tests.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.gui.printing.print_queue import JOBS_FOLDER, PrintQueue
from counter_app.gui.printing.qt_printer import QtPrinterSpooler
from counter_app.gui.tasks import TaskRunner
from counter_app.printing import text
from counter_app.printing.model import Document
from counter_app.printing.spool import CupsSpooler, JobRef, Printer, PrintError

pytestmark = pytest.mark.gui

RECEIPT_W, RECEIPT_H = 238.0, 106.6


def make_pdf(pages: int, width_mm: float = RECEIPT_W, height_mm: float = RECEIPT_H) -> bytes:
    """``pages`` pages; each has a black 30 × 15 mm box whose top-left corner is at
    (20 + 10·page, 10) mm from the page's top-left, and its number in Chinese."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width_mm * mm, height_mm * mm))
    for page in range(pages):
        left = 20 + 10 * page
        canvas.setFillColorRGB(0, 0, 0)
        canvas.rect(left * mm, (height_mm - 10 - 15) * mm, 30 * mm, 15 * mm, fill=1, stroke=0)
        text.draw(canvas, 20, 40, f"第 {page + 1} 页 行程单", 14, page_height_mm=height_mm)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def receipt(pages: int = 1, title: str = "行程单 784-2090171140") -> Document:
    return Document(
        title=title,
        pdf=make_pdf(pages),
        page_width_mm=RECEIPT_W,
        page_height_mm=RECEIPT_H,
        kind="receipt",
        meta={"ticket": "784-2090171140"},
    )


class FakeSpooler:
    """Records every submit (and the thread it ran on); fails with ``error_code`` while it
    is set; reports ``state`` for every job."""

    def __init__(self, names: tuple[str, ...] = ("Front-Desk", "Back-Office")) -> None:
        self.names = names
        self.error_code: str | None = None
        self.detail = ""
        self.state = "completed"
        self.calls: list[dict[str, object]] = []
        self.threads: list[threading.Thread] = []

    def printers(self) -> list[Printer]:
        return [
            Printer(name=n, description=n, is_default=i == 0, state="idle", accepting=True)
            for i, n in enumerate(self.names)
        ]

    def submit(
        self,
        pdf: bytes,
        *,
        printer: str,
        title: str,
        copies: int = 1,
        media: str | None = None,
    ) -> JobRef:
        self.threads.append(threading.current_thread())
        if self.error_code is not None:
            raise PrintError(self.error_code, printer=printer, detail=self.detail)
        self.calls.append(
            {"pdf": pdf, "printer": printer, "title": title, "copies": copies, "media": media}
        )
        return JobRef(printer=printer, job_id=str(len(self.calls)))

    def job_state(self, ref: JobRef) -> str:
        return self.state


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


def new_queue(qtbot, runner: TaskRunner, spooler: object, folder: Path) -> PrintQueue:  # type: ignore[no-untyped-def]
    queue = PrintQueue(runner, spooler, folder, poll_ms=50)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: queue.is_loaded, timeout=5000)
    return queue


def test_job_is_sent_on_the_pool_and_followed_to_done(qtbot, runner: TaskRunner,
                                                      tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spooler = FakeSpooler()
    queue = new_queue(qtbot, runner, spooler, tmp_path)
    states: list[str] = []
    queue.jobChanged.connect(lambda job: states.append(job.state))
    document = receipt(2)

    job_id = queue.submit(document, "Back-Office", copies=2)

    qtbot.waitUntil(lambda: queue.job(job_id).state == "done", timeout=5000)
    assert states[:2] == ["queued", "sending"]
    assert "sent" in states
    assert states[-1] == "done"
    assert spooler.threads
    assert threading.main_thread() not in spooler.threads
    (call,) = spooler.calls
    assert call["pdf"] == document.pdf
    assert call["printer"] == "Back-Office"
    assert call["title"] == document.title
    assert call["copies"] == 2
    assert call["media"]  # the document's size, named for the spooler
    assert not (tmp_path / JOBS_FOLDER).exists() or not any((tmp_path / JOBS_FOLDER).iterdir())
    queue.stop()


def test_missing_printer_keeps_the_job_failed_until_retried(qtbot, runner: TaskRunner,
                                                            tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spooler = FakeSpooler()
    spooler.error_code = "printer_missing"
    queue = new_queue(qtbot, runner, spooler, tmp_path)
    failures: list[object] = []
    queue.jobFailed.connect(failures.append)
    document = receipt()

    job_id = queue.submit(document, "Counter-3")

    qtbot.waitUntil(lambda: queue.job(job_id).state == "failed", timeout=5000)
    job = queue.job(job_id)
    assert job is not None
    assert failures == [job]
    assert job.code == "printer_missing"
    assert "Counter-3" in job.message
    assert "未安装" in job.message or "not installed" in job.message
    assert queue.failed_jobs() == [job]
    saved = tmp_path / JOBS_FOLDER
    assert (saved / f"{job_id}.pdf").read_bytes() == document.pdf
    assert (saved / f"{job_id}.json").exists()
    assert spooler.calls == []

    spooler.error_code = None  # the printer was set up
    assert queue.retry(job_id)
    qtbot.waitUntil(lambda: queue.job(job_id).state == "done", timeout=5000)
    assert [c["printer"] for c in spooler.calls] == ["Counter-3"]
    assert spooler.calls[0]["pdf"] == document.pdf
    qtbot.waitUntil(lambda: not (saved / f"{job_id}.pdf").exists(), timeout=5000)
    assert not (saved / f"{job_id}.json").exists()
    assert job.attempts == 2
    queue.stop()


def test_retry_on_another_printer(qtbot, runner: TaskRunner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spooler = FakeSpooler()
    spooler.error_code = "printer_stopped"
    queue = new_queue(qtbot, runner, spooler, tmp_path)
    job_id = queue.submit(receipt(), "Front-Desk")
    qtbot.waitUntil(lambda: queue.job(job_id).state == "failed", timeout=5000)
    assert "Front-Desk" in queue.job(job_id).message
    assert not queue.retry("no-such-job")

    spooler.error_code = None
    assert queue.retry(job_id, printer="Back-Office")
    assert not queue.retry(job_id)  # already on its way
    qtbot.waitUntil(lambda: queue.job(job_id).state == "done", timeout=5000)
    assert [c["printer"] for c in spooler.calls] == ["Back-Office"]
    queue.stop()


def test_failed_jobs_survive_a_restart(qtbot, runner: TaskRunner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spooler = FakeSpooler()
    spooler.error_code = "printer_missing"
    first = new_queue(qtbot, runner, spooler, tmp_path)
    document = receipt(3)
    job_id = first.submit(document, "Counter-3", copies=2)
    qtbot.waitUntil(lambda: first.job(job_id).state == "failed", timeout=5000)
    first.stop()

    fixed = FakeSpooler()
    second = new_queue(qtbot, runner, fixed, tmp_path)
    (job,) = second.jobs()
    assert job.job_id == job_id
    assert job.state == "failed"
    assert job.code == "printer_missing"
    assert job.printer == "Counter-3"
    assert job.copies == 2
    assert "Counter-3" in job.message
    assert job.document.pdf == document.pdf
    assert job.document.title == document.title
    assert job.document.kind == "receipt"
    assert job.document.meta == {"ticket": "784-2090171140"}
    assert (job.document.page_width_mm, job.document.page_height_mm) == (RECEIPT_W, RECEIPT_H)

    assert second.retry(job_id)
    qtbot.waitUntil(lambda: second.job(job_id).state == "done", timeout=5000)
    assert fixed.calls[0]["pdf"] == document.pdf
    assert fixed.calls[0]["copies"] == 2
    second.stop()
    third = new_queue(qtbot, runner, fixed, tmp_path)
    assert third.jobs() == []  # printed: nothing left to reload
    third.stop()


def test_discard_drops_the_job_and_its_files(qtbot, runner: TaskRunner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spooler = FakeSpooler()
    spooler.error_code = "submit_failed"
    spooler.detail = "client-error-document-format-not-supported"
    queue = new_queue(qtbot, runner, spooler, tmp_path)
    removed: list[str] = []
    queue.jobRemoved.connect(removed.append)
    job_id = queue.submit(receipt(), "Front-Desk")
    qtbot.waitUntil(lambda: queue.job(job_id).state == "failed", timeout=5000)
    message = queue.job(job_id).message
    assert "Front-Desk" in message
    assert "client-error-document-format-not-supported" in message

    assert queue.discard(job_id)
    assert removed == [job_id]
    assert queue.jobs() == []
    saved = tmp_path / JOBS_FOLDER
    qtbot.waitUntil(lambda: not any(saved.iterdir()), timeout=5000)
    queue.stop()


def test_no_print_system_fails_with_a_clear_message(qtbot, runner: TaskRunner,
                                                   tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    queue = new_queue(qtbot, runner, None, tmp_path)
    job_id = queue.submit(receipt(), "Front-Desk")
    qtbot.waitUntil(lambda: queue.job(job_id).state == "failed", timeout=5000)
    job = queue.job(job_id)
    assert job.code == "spooler_unavailable"
    assert "Front-Desk" in job.message
    assert "PDF" in job.message

    spooler = FakeSpooler()
    queue.set_spooler(spooler)
    queue.retry(job_id)
    qtbot.waitUntil(lambda: queue.job(job_id).state == "done", timeout=5000)
    queue.stop()


def test_failure_messages_name_the_printer(qtbot, runner: TaskRunner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    queue = new_queue(qtbot, runner, FakeSpooler(), tmp_path)
    texts = {
        code: queue.failure_message(code, "HP-LaserJet-407", "out of paper")
        for code in ("printer_missing", "printer_stopped", "spooler_unavailable",
                     "submit_failed", "job_failed", "something_new")
    }
    for code, message in texts.items():
        assert "HP-LaserJet-407" in message, code
    assert len(set(texts.values())) == len(texts)  # each says something different
    assert "out of paper" in texts["job_failed"]
    queue.stop()


# --- QtPrinterSpooler -------------------------------------------------------------------


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    fields = {}
    for line in out.stdout.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def page_image(path: Path, page: int, tmp_path: Path) -> Image.Image:
    prefix = tmp_path / f"render-{path.stem}-{page}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", str(page), "-l", str(page), "-singlefile",
         str(path), str(prefix)],
        check=True,
    )
    return Image.open(f"{prefix}.png").convert("L")


def dark(image: Image.Image, x_mm: float, y_mm: float, dpi: float = 50) -> bool:
    return int(image.getpixel((round(x_mm / 25.4 * dpi), round(y_mm / 25.4 * dpi)))) < 80


def test_qt_printer_prints_every_page_at_the_document_size(tmp_path: Path) -> None:
    out = tmp_path / "printed"
    spooler = QtPrinterSpooler(pdf_printers={"PDF-Out": out}, max_dpi=300)
    assert "PDF-Out" in [p.name for p in spooler.printers()]
    source = make_pdf(2)
    result: dict[str, object] = {}

    def work() -> None:  # on a worker thread, as the print queue runs it
        result["ref"] = spooler.submit(source, printer="PDF-Out", title="行程单")

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(60)
    ref = result["ref"]
    assert isinstance(ref, JobRef)
    assert spooler.job_state(ref) == "unknown"
    printed = out / f"{ref.job_id}.pdf"
    info = pdfinfo(printed)
    assert info["Pages"] == "2"
    # 238 × 106.6 mm = 674.6 × 302.2 pt; Qt rounds to whole points.
    assert info["Page size"].startswith("675 x 302 pts")
    assert info["Page rot"] == "0"
    # The pages are where they were: page 1's box at x 20–50 mm, page 2's at 30–60 mm.
    first, second = page_image(printed, 1, tmp_path), page_image(printed, 2, tmp_path)
    assert dark(first, 25, 17)
    assert not dark(first, 55, 17)
    assert dark(second, 55, 17)
    assert not dark(second, 25, 17)
    assert not dark(first, 200, 90)


def test_qt_printer_copies_and_mixed_sizes(tmp_path: Path) -> None:
    out = tmp_path / "printed"
    spooler = QtPrinterSpooler(pdf_printers={"PDF-Out": out}, max_dpi=150)
    ref = spooler.submit(make_pdf(2), printer="PDF-Out", title="copies", copies=2)
    assert pdfinfo(out / f"{ref.job_id}.pdf")["Pages"] == "4"  # a PDF file makes no copies

    # A receipt page then an A4 page in one job: each sheet takes its page's size.
    mixed = io.BytesIO()
    canvas = Canvas(mixed, pagesize=(RECEIPT_W * mm, RECEIPT_H * mm))
    canvas.drawString(30, 30, "receipt")
    canvas.showPage()
    canvas.setPageSize((210 * mm, 297 * mm))
    canvas.drawString(30, 30, "A4")
    canvas.showPage()
    canvas.save()
    ref = spooler.submit(mixed.getvalue(), printer="PDF-Out", title="mixed")
    printed = out / f"{ref.job_id}.pdf"
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", "2", str(printed)], capture_output=True,
                           text=True, check=True).stdout
    assert "Page    1 size:  675 x 302 pts" in sizes
    assert "Page    2 size:  595 x 842 pts" in sizes


def test_qt_printer_refuses_a_printer_that_is_not_there(tmp_path: Path) -> None:
    spooler = QtPrinterSpooler()
    with pytest.raises(PrintError) as caught:
        spooler.submit(make_pdf(1), printer="No-Such-Printer", title="x")
    assert caught.value.code == "printer_missing"


def test_queue_prints_through_the_qt_printer(qtbot, runner: TaskRunner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "printed"
    spooler = QtPrinterSpooler(pdf_printers={"PDF-Out": out}, max_dpi=150)
    queue = new_queue(qtbot, runner, spooler, tmp_path)
    job_id = queue.submit(receipt(2), "PDF-Out")
    qtbot.waitUntil(lambda: queue.job(job_id).state == "sent", timeout=30000)
    ref = queue.job(job_id).ref
    assert pdfinfo(out / f"{ref.job_id}.pdf")["Pages"] == "2"

    missing = queue.submit(receipt(), "Windows-Printer-Gone")
    qtbot.waitUntil(lambda: queue.job(missing).state == "failed", timeout=30000)
    assert "Windows-Printer-Gone" in queue.job(missing).message
    queue.stop()


def test_signals_of_the_queue_do_not_drain_true(qtbot, runner: TaskRunner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12.0's ``emit()`` drops a reference to ``True`` per call, which aborts the
    interpreter after a few thousand (pyproject.toml excludes that version): the queue's
    signals must leave ``True`` alone."""
    import sys

    queue = new_queue(qtbot, runner, FakeSpooler(), tmp_path)
    job_id = queue.submit(receipt(), "Front-Desk")
    qtbot.waitUntil(lambda: queue.job(job_id).state == "done", timeout=5000)
    job = queue.job(job_id)
    before = sys.getrefcount(True)
    for _ in range(1000):
        queue._changed(job)  # two signals each
    assert sys.getrefcount(True) - before > -50
    queue.stop()


def test_a_job_for_no_printer_waits_through_a_restart_then_prints_by_itself(  # type: ignore[no-untyped-def]
    qtbot, runner: TaskRunner, tmp_path: Path
) -> None:
    """A receipt whose serial is used while no print system answers: the real CUPS tools
    against a server socket nobody listens on (no cupsd), then a printer appears."""
    if shutil.which("lp") is None:
        pytest.fail("the CUPS client tools (lp, lpstat) are needed: apt-get install cups-client")
    no_cupsd = CupsSpooler(server=str(tmp_path / "no-cupsd.sock"), timeout_s=5)
    queue = PrintQueue(runner, no_cupsd, tmp_path, poll_ms=50, wait_ms=100)
    qtbot.waitUntil(lambda: queue.is_loaded, timeout=5000)
    document = receipt()
    job_id = queue.submit(document, "")
    qtbot.waitUntil(lambda: queue.job(job_id).state == "failed", timeout=10000)
    job = queue.job(job_id)
    assert (job.code, job.printer) == ("spooler_unavailable", "")
    assert "Ctrl+J" in job.message
    assert queue.waiting_jobs() == [job]
    assert (tmp_path / "print-jobs" / f"{job_id}.pdf").read_bytes() == document.pdf
    qtbot.wait(400)  # looks for a printer a few times: still none, it keeps waiting
    assert queue.job(job_id).state == "failed"
    queue.stop()

    # The counter restarts; later a printer answers: the job goes to the default printer
    # by itself, the very same document.
    spooler = FakeSpooler()
    again = PrintQueue(runner, no_cupsd, tmp_path, poll_ms=50, wait_ms=100)
    qtbot.waitUntil(lambda: again.is_loaded and again.job(job_id) is not None, timeout=5000)
    qtbot.wait(300)
    assert again.job(job_id).failed
    again.set_spooler(spooler)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: again.job(job_id) is not None
                    and again.job(job_id).state == "done", timeout=5000)
    assert [(c["printer"], c["pdf"]) for c in spooler.calls] == [("Front-Desk", document.pdf)]
    assert again.job(job_id).printer == "Front-Desk"
    assert not (tmp_path / "print-jobs" / f"{job_id}.pdf").exists()
    assert again.waiting_jobs() == []
    again.stop()


def test_a_stopped_named_printer_still_waits_for_the_clerk(  # type: ignore[no-untyped-def]
    qtbot, runner: TaskRunner, tmp_path: Path
) -> None:
    spooler = FakeSpooler()
    spooler.error_code = "printer_stopped"
    queue = PrintQueue(runner, spooler, tmp_path, poll_ms=50, wait_ms=50)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: queue.is_loaded, timeout=5000)
    job_id = queue.submit(receipt(), "Front-Desk")
    qtbot.waitUntil(lambda: queue.job(job_id).state == "failed", timeout=5000)
    spooler.error_code = None
    qtbot.wait(300)
    assert queue.job(job_id).state == "failed"  # paper and power are the clerk's to check
    assert queue.waiting_jobs() == []
    queue.stop()
