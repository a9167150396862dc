"""The print queue (打印队列): documents handed to the spooler off the GUI thread, and
failed jobs kept until they print or the clerk discards them.

A job goes ``queued`` → ``sending`` → ``sent`` and, when the spooler can tell, ``done``;
or it ends ``failed`` with a code and a message in the clerk's language that names the
printer. A failed job keeps its PDF in ``<data_dir>/print-jobs/`` (one ``.pdf`` and one
``.json`` per job), so a restart does not lose it: a receipt whose serial is consumed
must still reach paper. A new queue on the same folder reloads them.

A job may name no printer (``printer == ""``): it goes to the printer the print system
calls its default (else its first) when it is sent. A receipt whose serial is taken while no
print system answers waits like this, as a failed job. Jobs that failed because no print
system answered (``spooler_unavailable``) or because no printer existed yet are sent again
by themselves once the print system answers with a printer (checked every ``wait_ms``), on
the same serial; a stopped or missing *named* printer still waits for the clerk's retry.

The spooler is injected: CUPS (``printing.spool.system_spooler()``), the Qt printer
backend on Windows, ``None`` where the computer has no print system, or a fake in tests.
Everything that talks to the spooler or the disk runs on the task runner's pool.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.gui.tasks import Done, Failed, Task, TaskRunner
from counter_app.kernel.ids import new_id
from counter_app.printing.model import Document
from counter_app.printing.spool import JobRef, Printer, PrintError, Spooler

log = logging.getLogger(__name__)

T = TypeVar("T")

JOBS_FOLDER = "print-jobs"
QUEUED, SENDING, SENT, DONE, FAILED = "queued", "sending", "sent", "done", "failed"
POLL_MS = 3000
POLL_GIVE_UP_S = 30 * 60  # a job the spooler still holds after this stays "sent"
WAIT_MS = 15_000  # how often jobs waiting for a print system look for one


@dataclass(eq=False)
class PrintJob:
    """One document on its way to a printer."""

    job_id: str
    document: Document
    printer: str
    copies: int
    created_at: datetime  # UTC
    state: str = QUEUED
    code: str = ""  # the PrintError code of a failure
    detail: str = ""  # what the spooler said, as it said it
    message: str = ""  # the clerk's message for a failure
    ref: JobRef | None = None
    attempts: int = 0
    sent_at: datetime | None = None

    @property
    def title(self) -> str:
        return self.document.title

    @property
    def failed(self) -> bool:
        return self.state == FAILED


@dataclass
class _Saved:
    jobs: list[PrintJob] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)


class PrintQueue(QObject):
    """Emits ``jobChanged(job)`` on every state change, ``jobFailed(job)`` when a job fails,
    ``jobRemoved(job_id)`` when one leaves the queue, ``status(text)`` with a sentence for
    the status bar, and ``loaded()`` once the failed jobs of an earlier run are back."""

    jobChanged = Signal(object)
    jobFailed = Signal(object)
    jobRemoved = Signal(str)
    status = Signal(str)
    loaded = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        spooler: Spooler | None,
        data_dir: Path,
        parent: QObject | None = None,
        *,
        poll_ms: int = POLL_MS,
        wait_ms: int = WAIT_MS,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.spooler = spooler
        self.folder = data_dir / JOBS_FOLDER
        self._jobs: dict[str, PrintJob] = {}
        self._tasks: set[Task] = set()
        self.is_loaded = False
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self._poll_sent)
        self._polling = False
        # Jobs that wait for a print system to answer look for one now and then.
        self._wait = QTimer(self)
        self._wait.setInterval(wait_ms)
        self._wait.timeout.connect(self.look_for_printer)
        self._looking = False
        self._start_load()

    # -- reading ------------------------------------------------------------------------

    def jobs(self) -> list[PrintJob]:
        """Every job still in the queue, oldest first."""
        return sorted(self._jobs.values(), key=lambda j: (j.created_at, j.job_id))

    def job(self, job_id: str) -> PrintJob | None:
        return self._jobs.get(job_id)

    def failed_jobs(self) -> list[PrintJob]:
        return [j for j in self.jobs() if j.failed]

    def set_spooler(self, spooler: Spooler | None) -> None:
        """Use another print system from now on (jobs already sent keep their refs)."""
        self.spooler = spooler

    def waiting_jobs(self) -> list[PrintJob]:
        """Failed jobs that print by themselves once a printer answers: no print system
        answered, or no printer was there for a job that names none."""
        return [j for j in self.failed_jobs() if _waits_for_printer(j)]

    # -- submitting ---------------------------------------------------------------------

    def submit(self, document: Document, printer: str, copies: int = 1) -> str:
        """Queue ``document`` for ``printer``; returns the job id at once."""
        job = PrintJob(
            job_id=new_id(),
            document=document,
            printer=printer,
            copies=max(1, int(copies)),
            created_at=datetime.now(UTC),
        )
        self._jobs[job.job_id] = job
        self._changed(job)
        self._send(job)
        return job.job_id

    def retry(self, job_id: str, printer: str | None = None) -> bool:
        """Send a failed job again, to ``printer`` when given; False if it cannot be."""
        job = self._jobs.get(job_id)
        if job is None or job.state != FAILED:
            return False
        if printer:
            job.printer = printer
        job.state = QUEUED
        job.code = job.detail = job.message = ""
        self._changed(job)
        self._send(job)
        return True

    def discard(self, job_id: str) -> bool:
        """Drop a job that is not on its way (failed, sent or done) and its saved files."""
        job = self._jobs.get(job_id)
        if job is None or job.state in (QUEUED, SENDING):
            return False
        del self._jobs[job_id]
        folder = self.folder
        self._run("print-discard", lambda: _remove_saved(folder, job_id))
        self.jobRemoved.emit(job_id)
        return True

    def _send(self, job: PrintJob) -> None:
        spooler = self.spooler
        folder = self.folder
        document, printer, copies = job.document, job.printer, job.copies
        job.attempts += 1
        job.state = SENDING
        self._changed(job)

        def work() -> JobRef:
            try:
                if spooler is None:
                    raise PrintError("spooler_unavailable", printer=printer, detail="")
                from counter_app.printing.spool import media_for

                media = media_for(document.page_width_mm, document.page_height_mm)
                ref = spooler.submit(
                    document.pdf,
                    printer=printer or _default_printer(spooler),
                    title=document.title,
                    copies=copies,
                    media=media,
                )
            except BaseException as exc:
                # Saved here, on the pool, before the GUI hears of it: a crash right after
                # a failure must not lose the document.
                try:
                    _save(folder, job, _error_code(exc), _error_detail(exc))
                except OSError:
                    log.exception("cannot keep failed print job %s", job.job_id)
                raise
            _remove_saved(folder, job.job_id)
            return ref

        def done(ref: JobRef) -> None:
            job.ref = ref
            job.printer = ref.printer or job.printer
            job.state = SENT
            job.sent_at = datetime.now(UTC)
            self._changed(job)
            self._start_polling()

        def failed(error: BaseException) -> None:
            self._fail(job, _error_code(error), _error_detail(error))

        self._run(f"print {job.title}", work, done, failed)

    def _fail(self, job: PrintJob, code: str, detail: str) -> None:
        job.state = FAILED
        job.code = code
        job.detail = detail
        job.message = self.failure_message(code, job.printer, detail)
        self._changed(job)
        self.jobFailed.emit(job)
        self._start_waiting()

    # -- jobs waiting for a print system --------------------------------------------------

    def _start_waiting(self) -> None:
        if self.waiting_jobs() and not self._wait.isActive():
            self._wait.start()

    def look_for_printer(self) -> None:
        """Ask the print system (off the GUI thread) whether a printer answers; if one
        does, send every waiting job again, each with the document (and serial) it has."""
        if not self.waiting_jobs():
            self._wait.stop()
            return
        spooler = self.spooler
        if spooler is None or self._looking:
            return
        self._looking = True

        def done(printers: list[Printer]) -> None:
            self._looking = False
            if not printers:
                return
            for job in self.waiting_jobs():
                self.retry(job.job_id)

        def failed(error: BaseException) -> None:
            self._looking = False  # still no print system: keep waiting

        self._run("print-wait", spooler.printers, done, failed)

    # -- following sent jobs ------------------------------------------------------------

    def _start_polling(self) -> None:
        if not self._poll.isActive():
            self._poll.start()

    def _poll_sent(self) -> None:
        now = datetime.now(UTC)
        sent = [
            j
            for j in self._jobs.values()
            if j.state == SENT
            and j.ref is not None
            and j.sent_at is not None
            and (now - j.sent_at).total_seconds() < POLL_GIVE_UP_S
        ]
        if not sent:
            self._poll.stop()
            return
        if self._polling or self.spooler is None:
            return
        spooler = self.spooler
        self._polling = True
        refs = [(j, j.ref) for j in sent]

        def work() -> list[tuple[PrintJob, str]]:
            states = []
            for job, ref in refs:
                assert ref is not None
                try:
                    states.append((job, spooler.job_state(ref)))
                except Exception:
                    states.append((job, "unknown"))
            return states

        def done(states: list[tuple[PrintJob, str]]) -> None:
            self._polling = False
            for job, state in states:
                if job.state != SENT or self._jobs.get(job.job_id) is not job:
                    continue
                if state == "completed":
                    job.state = DONE
                    self._changed(job)
                elif state == "failed":
                    self._run("print-keep", partial(_save, self.folder, job, "job_failed", ""))
                    self._fail(job, "job_failed", "")
                elif state == "unknown":
                    job.sent_at = None  # the spooler cannot tell; it stays "sent"

        def failed(error: BaseException) -> None:
            self._polling = False

        self._run("print-poll", work, done, failed)

    # -- words ----------------------------------------------------------------------------

    def failure_message(self, code: str, printer: str, detail: str = "") -> str:
        """The clerk's sentence for a failed job, naming the printer."""
        texts = {
            "printer_missing": self.tr(
                "Printer “%1” is not installed on this computer. Choose another printer, "
                "or ask for it to be set up, then retry; the document is kept."
            ),
            "printer_stopped": self.tr(
                "Printer “%1” is stopped or paused. Check paper and power, start it again "
                "in the system's printer settings, then retry; the document is kept."
            ),
            "spooler_unavailable": self.tr(
                "No print system answers on this computer, so nothing can go to printer "
                "“%1”. Save the document as PDF, or retry once printing works."
            ),
            "submit_failed": self.tr(
                "The print system refused the job for printer “%1”: %2. Retry, or choose "
                "another printer."
            ),
            "job_failed": self.tr(
                "Printer “%1” could not print the job: %2. Check the printer, then retry."
            ),
        }
        if not printer:
            texts = {
                "spooler_unavailable": self.tr(
                    "No print system answers on this computer. The document waits in the "
                    "print queue (Ctrl+J) and prints by itself, unchanged, as soon as a "
                    "printer answers."
                ),
                "printer_missing": self.tr(
                    "No printer is installed on this computer. The document waits in the "
                    "print queue (Ctrl+J) and prints by itself, unchanged, once a printer is "
                    "set up."
                ),
            }
        text = texts.get(code) or self.tr("Printing on “%1” failed unexpectedly: %2")
        reason = detail or self.tr("no reason given")
        return text.replace("%1", printer).replace("%2", reason)

    def describe(self, job: PrintJob) -> str:
        """A sentence for the status bar about where ``job`` is."""
        if job.state == QUEUED:
            text = self.tr("“%1” is waiting to print on %2.")
        elif job.state == SENDING:
            text = self.tr("Sending “%1” to %2…")
        elif job.state == SENT:
            text = self.tr("“%1” was handed to printer %2.")
        elif job.state == DONE:
            text = self.tr("“%1” printed on %2.")
        else:
            return self.tr("“%1” did not print: %2").replace("%1", job.title).replace(
                "%2", job.message
            )
        return text.replace("%1", job.title).replace("%2", job.printer)

    def state_label(self, state: str) -> str:
        labels = {
            QUEUED: self.tr("Waiting"),
            SENDING: self.tr("Sending"),
            SENT: self.tr("Sent to printer"),
            DONE: self.tr("Printed"),
            FAILED: self.tr("Failed"),
        }
        return labels.get(state, state)

    # -- plumbing -------------------------------------------------------------------------

    def _changed(self, job: PrintJob) -> None:
        self.jobChanged.emit(job)
        self.status.emit(self.describe(job))

    def _run(
        self,
        name: str,
        fn: Callable[[], T],
        on_done: Done[T] | None = None,
        on_error: Failed | None = None,
    ) -> None:
        def done(result: T) -> None:
            self._tasks.discard(task)
            if on_done is not None:
                on_done(result)

        def failed(error: BaseException) -> None:
            self._tasks.discard(task)
            if on_error is not None:
                on_error(error)
            else:
                log.warning("print queue task %s failed: %r", name, error)

        task = self.runner.run_io(name, fn, done, failed)
        self._tasks.add(task)

    @property
    def busy(self) -> bool:
        """True while something of the queue runs on the pool."""
        return bool(self._tasks)

    def _start_load(self) -> None:
        folder = self.folder

        def done(saved: _Saved) -> None:
            for job in saved.jobs:
                if job.job_id in self._jobs:
                    continue
                job.message = self.failure_message(job.code, job.printer, job.detail)
                self._jobs[job.job_id] = job
                self.jobChanged.emit(job)
            for name in saved.broken:
                log.warning("unreadable saved print job %s left in %s", name, folder)
            self.is_loaded = True
            self.loaded.emit()
            self._start_waiting()

        def failed(error: BaseException) -> None:
            log.warning("cannot read saved print jobs in %s: %r", folder, error)
            self.is_loaded = True
            self.loaded.emit()

        self._run("print-jobs-load", lambda: _load(folder), done, failed)

    def stop(self) -> None:
        """Stop following sent jobs and drop pending deliveries (shutdown, tests)."""
        self._poll.stop()
        self._wait.stop()
        for task in list(self._tasks):
            task.cancel()
        self._tasks.clear()


def _waits_for_printer(job: PrintJob) -> bool:
    return job.code == "spooler_unavailable" or (not job.printer and job.code == "printer_missing")


def _default_printer(spooler: Spooler) -> str:
    """The print system's default printer, else its first (on the pool)."""
    printers = spooler.printers()
    if not printers:
        raise PrintError("printer_missing", printer="", detail="")
    return next((p.name for p in printers if p.is_default), printers[0].name)


# -- on the pool: the saved failed jobs -----------------------------------------------------


def _error_code(error: BaseException) -> str:
    if isinstance(error, PrintError):
        return str(error.code)
    return "submit_failed" if isinstance(error, OSError) else "unexpected"


def _error_detail(error: BaseException) -> str:
    if isinstance(error, PrintError):
        return str(getattr(error, "detail", "") or "")
    return str(error) or type(error).__name__


def _save(folder: Path, job: PrintJob, code: str, detail: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    doc = job.document
    pdf_path = folder / f"{job.job_id}.pdf"
    if not pdf_path.exists():
        _write_atomic(pdf_path, doc.pdf)
    record = {
        "job_id": job.job_id,
        "title": doc.title,
        "kind": doc.kind,
        "page_width_mm": doc.page_width_mm,
        "page_height_mm": doc.page_height_mm,
        "meta": dict(doc.meta),
        "printer": job.printer,
        "copies": job.copies,
        "created_at": job.created_at.isoformat(),
        "attempts": job.attempts,
        "code": code,
        "detail": detail,
    }
    _write_atomic(
        folder / f"{job.job_id}.json", json.dumps(record, ensure_ascii=False).encode("utf-8")
    )


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def _remove_saved(folder: Path, job_id: str) -> None:
    for suffix in (".json", ".pdf"):
        (folder / f"{job_id}{suffix}").unlink(missing_ok=True)


def _load(folder: Path) -> _Saved:
    saved = _Saved()
    if not folder.is_dir():
        return saved
    for record_path in sorted(folder.glob("*.json")):
        try:
            record = json.loads(record_path.read_text("utf-8"))
            pdf = (folder / f"{record['job_id']}.pdf").read_bytes()
            document = Document(
                title=str(record["title"]),
                pdf=pdf,
                page_width_mm=float(record["page_width_mm"]),
                page_height_mm=float(record["page_height_mm"]),
                kind=str(record.get("kind", "")),
                meta={str(k): str(v) for k, v in dict(record.get("meta", {})).items()},
            )
            saved.jobs.append(
                PrintJob(
                    job_id=str(record["job_id"]),
                    document=document,
                    printer=str(record["printer"]),
                    copies=int(record.get("copies", 1)),
                    created_at=datetime.fromisoformat(record["created_at"]),
                    state=FAILED,
                    code=str(record.get("code", "")),
                    detail=str(record.get("detail", "")),
                    attempts=int(record.get("attempts", 0)),
                )
            )
        except (OSError, ValueError, KeyError, TypeError):
            saved.broken.append(record_path.name)
    return saved
