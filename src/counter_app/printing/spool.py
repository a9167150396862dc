"""Handing a finished PDF to the system's print path (打印队列) and following the job.

On Linux and macOS that path is CUPS, driven through its command-line tools (``lpstat``,
``lp``), which every CUPS installation has and which need no Python binding. On Windows the
GUI prints through Qt's ``QPrinter`` to the Windows spooler instead, so
:func:`system_spooler` returns ``None`` there.

Every failure a clerk can meet comes back as a :class:`PrintError` with a stable ``code``
(the GUI turns it into a translated message) and the printer it concerns:

- ``spooler_unavailable``: no ``lp``/``lpstat`` on the machine, or the CUPS server does not
  answer (in time);
- ``printer_missing``: no queue of that name;
- ``printer_stopped``: the queue is disabled, holding new jobs, or not accepting jobs;
- ``submit_failed``: ``lp`` refused the job (``detail`` holds what it said);
- ``job_failed``: the system aborted or cancelled the job after it was queued.

The tools run in the C locale so their output is the untranslated English this module
parses; names and descriptions still come through as UTF-8.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

SPOOLER_UNAVAILABLE = "spooler_unavailable"
PRINTER_MISSING = "printer_missing"
PRINTER_STOPPED = "printer_stopped"
SUBMIT_FAILED = "submit_failed"
JOB_FAILED = "job_failed"
ERROR_CODES = frozenset(
    {SPOOLER_UNAVAILABLE, PRINTER_MISSING, PRINTER_STOPPED, SUBMIT_FAILED, JOB_FAILED}
)

PRINTER_STATES = ("idle", "printing", "stopped", "unknown")
JOB_STATES = ("pending", "processing", "completed", "failed", "unknown")


@dataclass(frozen=True, slots=True)
class Printer:
    """A print queue as the spooler reports it."""

    name: str
    description: str
    is_default: bool
    state: str  # "idle" | "printing" | "stopped" | "unknown"
    accepting: bool


class PrintError(Exception):
    """A print failure the clerk must hear about; ``code`` is one of :data:`ERROR_CODES`."""

    def __init__(self, code: str, *, printer: str = "", detail: str = "") -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown print error code {code!r}")
        self.code = code
        self.printer = printer
        self.detail = detail
        text = code
        if printer:
            text += f" ({printer})"
        if detail:
            text += f": {detail}"
        super().__init__(text)


@dataclass(frozen=True, slots=True)
class JobRef:
    """A submitted job: the queue and the spooler's id for it (for CUPS the request id that
    ``lp`` printed and ``cancel`` takes, such as ``CounterPDF-42``)."""

    printer: str
    job_id: str


class Spooler(Protocol):
    """The print path the GUI's print queue talks to."""

    def printers(self) -> list[Printer]: ...

    def submit(
        self,
        pdf: bytes,
        *,
        printer: str,
        title: str,
        copies: int = 1,
        media: str | None = None,
    ) -> JobRef: ...

    def job_state(self, ref: JobRef) -> str: ...


# --- page sizes -------------------------------------------------------------------------------

# ISO sizes a counter printer is likely to have loaded (width x height, portrait, mm).
_NAMED_MEDIA = (("A4", 210.0, 297.0), ("A5", 148.0, 210.0))
_SIZE_TOLERANCE_MM = 1.0


def media_for(width_mm: float, height_mm: float) -> str:
    """The CUPS ``media`` option value for a document page of this size.

    A4 and A5 (in either orientation) get their names; anything else is a custom size in
    CUPS's ``Custom.WIDTHxLENGTHmm`` syntax, for example ``Custom.238x106.6mm`` for the
    itinerary receipt form, in the order given (the form's width across the printer).
    """
    for value in (width_mm, height_mm):
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"page size must be positive, got {width_mm} x {height_mm} mm")
    for name, short, long in _NAMED_MEDIA:
        for w, h in ((short, long), (long, short)):
            if abs(width_mm - w) <= _SIZE_TOLERANCE_MM and abs(height_mm - h) <= _SIZE_TOLERANCE_MM:
                return name
    return f"Custom.{_mm(width_mm)}x{_mm(height_mm)}mm"


def _mm(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


# --- parsing lpstat / lp output (C locale) --------------------------------------------------

_PRINTER_LINE = re.compile(
    r"^printer (?P<name>\S+) (?:(?P<idle>is idle\.)|(?P<holding>is holding new jobs\.)"
    r"|(?P<printing>now printing \S+\.)|(?P<disabled>disabled since\b))"
)
_OTHER_PRINTER_LINE = re.compile(r"^printer (?P<name>\S+) ")
_ACCEPTING_LINE = re.compile(r"^(?P<name>\S+) (?P<not>not )?accepting requests since\b")
_DEFAULT_LINE = re.compile(r"^system default destination: (?P<name>[^/\s]+)")
_DESCRIPTION_LINE = re.compile(r"^\s+Description: ?(?P<text>.*)$")
_REQUEST_ID = re.compile(r"\brequest id is (?P<id>\S+)")
_JOB_LINE = re.compile(r"^(?P<id>\S+-\d+)\s")
_ALERTS_LINE = re.compile(r"^\s+Alerts: ?(?P<reasons>.*)$")
_STATUS_LINE = re.compile(r"^\s+Status: ?(?P<text>.*)$")


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """What ``lpstat -l -p -d -a`` says about one queue, with the operator's reason (the
    line under a disabled or rejecting queue) that :class:`Printer` does not carry."""

    printer: Printer
    reason: str = ""


def parse_printers(text: str) -> list[PrinterStatus]:
    """Parse the output of ``lpstat -l -p -d -a`` (also without ``-l``, ``-d`` or ``-a``).

    Queues appear in the order ``lpstat -p`` lists them; a destination only ``-a`` knows
    (a class) comes after them with state ``unknown``.
    """
    order: list[str] = []
    state: dict[str, str] = {}
    description: dict[str, str] = {}
    reason: dict[str, str] = {}
    accepting: dict[str, bool] = {}
    default = ""
    current = ""  # the queue the indented lines below belong to
    want_reason = False
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line:
            continue
        if not line[0].isspace():
            want_reason = False
            current = ""
            if m := _PRINTER_LINE.match(line):
                current = m["name"]
                if m["idle"]:
                    state[current] = "idle"
                elif m["printing"]:
                    state[current] = "printing"
                else:  # disabled, or holding new jobs: nothing queued will come out
                    state[current] = "stopped"
                    # lpstat always prints a reason line under "disabled since ... -"
                    want_reason = bool(m["disabled"])
            elif m := _OTHER_PRINTER_LINE.match(line):
                current = m["name"]
                state[current] = "unknown"
            elif m := _DEFAULT_LINE.match(line):
                default = m["name"]
                continue
            elif m := _ACCEPTING_LINE.match(line):
                name = m["name"]
                accepting[name] = not m["not"]
                if m["not"]:
                    current = name
                    want_reason = True
                else:
                    continue
            else:
                continue
            if current not in order:
                order.append(current)
            continue
        if not current:
            continue
        if m := _DESCRIPTION_LINE.match(line):
            description[current] = m["text"].strip()
        elif want_reason:
            # lpstat prints the state message (or "reason unknown") right under the line
            # of a disabled or rejecting queue.
            text_line = line.strip()
            if text_line != "reason unknown" and not reason.get(current):
                reason[current] = text_line
        want_reason = False
    printers = [n for n in order if n in state] + [n for n in order if n not in state]
    return [
        PrinterStatus(
            Printer(
                name=name,
                description=description.get(name, ""),
                is_default=name.casefold() == default.casefold() if default else False,
                state=state.get(name, "unknown"),
                accepting=accepting.get(name, True),
            ),
            reason=reason.get(name, ""),
        )
        for name in printers
    ]


def parse_destinations(text: str) -> list[str]:
    """Parse ``lpstat -e``: one destination name a line (``name/instance`` for instances)."""
    names: list[str] = []
    for line in text.splitlines():
        name = line.strip().split("/", 1)[0]
        if name and " " not in name and name not in names:
            names.append(name)
    return names


def parse_request_id(text: str) -> str | None:
    """The request id in ``lp``'s answer (``request id is CounterPDF-42 (0 file(s))``)."""
    m = _REQUEST_ID.search(text)
    return m["id"] if m else None


@dataclass(frozen=True, slots=True)
class JobStatus:
    """One job of ``lpstat -l -o``: its request id, ``job-state-reasons`` and status text."""

    job_id: str
    reasons: tuple[str, ...]
    status: str = ""


def parse_jobs(text: str) -> dict[str, JobStatus]:
    """Parse ``lpstat -l -W ... -o`` into jobs by request id."""
    jobs: dict[str, JobStatus] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line:
            continue
        if not line[0].isspace():
            m = _JOB_LINE.match(line)
            current = m["id"] if m else ""
            if current:
                jobs[current] = JobStatus(current, ())
            continue
        if not current:
            continue
        job = jobs[current]
        if m := _ALERTS_LINE.match(line):
            reasons = tuple(r for r in m["reasons"].split() if r != "none")
            jobs[current] = JobStatus(current, reasons, job.status)
        elif m := _STATUS_LINE.match(line):
            jobs[current] = JobStatus(current, job.reasons, m["text"].strip())
    return jobs


# job-state-reasons (RFC 8011 and CUPS) that mean the job will not come out as sent.
_FAILED_REASONS = frozenset(
    {
        "aborted-by-system",
        "job-aborted-by-system",
        "job-canceled-by-user",
        "job-canceled-by-operator",
        "job-canceled-at-device",
        "job-completed-with-errors",
        "document-format-error",
        "document-unprintable-error",
        "document-access-error",
        "unsupported-document-format",
        "unsupported-compression",
        "compression-error",
    }
)


def _active_state(job: JobStatus) -> str:
    if _FAILED_REASONS.intersection(job.reasons):
        return "failed"
    if "job-printing" in job.reasons or "job-transforming" in job.reasons:
        return "processing"
    return "pending"


_IPP_JOB_STATES = {
    "pending": "pending",
    "pending-held": "pending",
    "processing": "processing",
    "processing-stopped": "pending",
    "canceled": "failed",
    "aborted": "failed",
    "completed": "completed",
}
_IPP_JOB_STATE_LINE = re.compile(r"^\s*job-state \(enum\) = (?P<state>\S+)", re.MULTILINE)

# A Get-Job-Attributes request for ipptool (a CUPS tool too): lpstat does not show a
# finished job's state, and CUPS 2.4 leaves the same job-state-reasons on completed and
# cancelled jobs, so ipptool is asked when it is installed.
_IPPTOOL_TEST = """{
    NAME "job state"
    OPERATION Get-Job-Attributes
    GROUP operation-attributes-tag
    ATTR charset attributes-charset utf-8
    ATTR naturalLanguage attributes-natural-language en
    ATTR uri job-uri $uri
    ATTR name requesting-user-name $user
    ATTR keyword requested-attributes job-state,job-state-reasons
    EXPECT job-state
}
"""

# What lpstat/lp print when they cannot reach the server at all.
_UNREACHABLE = re.compile(
    r"Scheduler is not running|Unable to connect|Connection refused|Connection timed out"
    r"|No such file or directory|Name or service not known|No route to host"
    r"|Network is unreachable|Temporary failure in name resolution|Bad file descriptor",
    re.IGNORECASE,
)
_NO_DESTINATIONS = "No destinations added"


# --- the CUPS spooler -------------------------------------------------------------------------


class CupsSpooler:
    """:class:`Spooler` through the CUPS command-line tools.

    ``server`` is ``host:port`` or the path of the server's domain socket; ``None`` means
    the machine's configured server (``/etc/cups/client.conf``, ``CUPS_SERVER``). Every
    command runs with ``timeout_s``: a server that does not answer in time is
    ``spooler_unavailable``, never a hang.
    """

    def __init__(self, server: str | None = None, timeout_s: float = 10.0) -> None:
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self.server = server
        self.timeout_s = timeout_s

    # --- running the tools

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
        env.pop("LANGUAGE", None)
        env["LC_ALL"] = "C"
        env["LANG"] = "C"
        if self.server:
            env["CUPS_SERVER"] = self.server
        return env

    def _run(
        self, tool: str, args: Sequence[str], *, stdin: bytes | None = None
    ) -> subprocess.CompletedProcess[str]:
        env = self._env()
        exe = shutil.which(tool, path=env.get("PATH", os.defpath))
        if exe is None:
            raise PrintError(SPOOLER_UNAVAILABLE, detail=f"{tool} not found (is CUPS installed?)")
        cmd = [exe, *(["-h", self.server] if self.server else []), *args]
        try:
            done = subprocess.run(
                cmd,
                input=stdin if stdin is not None else b"",
                capture_output=True,
                env=env,
                timeout=self.timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise PrintError(
                SPOOLER_UNAVAILABLE,
                detail=f"{tool} got no answer from the print server in {self.timeout_s:g} s",
            ) from exc
        except OSError as exc:
            raise PrintError(SPOOLER_UNAVAILABLE, detail=f"{tool}: {exc}") from exc
        return subprocess.CompletedProcess(
            done.args,
            done.returncode,
            done.stdout.decode("utf-8", "replace"),
            done.stderr.decode("utf-8", "replace"),
        )

    def _lpstat(self, *args: str) -> str:
        done = self._run("lpstat", args)
        err = done.stderr.strip()
        if _UNREACHABLE.search(err):
            raise PrintError(SPOOLER_UNAVAILABLE, detail=err)
        if done.returncode != 0 and err and _NO_DESTINATIONS not in err:
            raise PrintError(SPOOLER_UNAVAILABLE, detail=err)
        return done.stdout

    # --- Spooler

    def statuses(self) -> list[PrinterStatus]:
        """The queues with the operator's reason for a stopped one."""
        found = parse_printers(self._lpstat("-l", "-p", "-d", "-a"))
        known = {s.printer.name.casefold() for s in found}
        # Destinations CUPS can print to without a local queue yet (IPP Everywhere printers
        # on the network: macOS lists them this way). Their state is known only once used.
        try:
            extra = parse_destinations(self._lpstat("-e"))
        except PrintError:
            extra = []
        for name in extra:
            if name.casefold() not in known:
                known.add(name.casefold())
                found.append(PrinterStatus(Printer(name, "", False, "unknown", True)))
        return found

    def printers(self) -> list[Printer]:
        return [s.printer for s in self.statuses()]

    def submit(
        self,
        pdf: bytes,
        *,
        printer: str,
        title: str,
        copies: int = 1,
        media: str | None = None,
    ) -> JobRef:
        if not pdf.startswith(b"%PDF-"):
            raise ValueError("submit takes the bytes of a PDF document")
        if copies < 1:
            raise ValueError(f"copies must be at least 1, got {copies}")
        status = self._find(printer)
        name = status.printer.name
        if status.printer.state == "stopped" or not status.printer.accepting:
            raise PrintError(PRINTER_STOPPED, printer=name, detail=status.reason)
        # Documents are drawn at their true size (a receipt on pre-printed stock must land
        # where calibrated): the driver must not shrink or enlarge them.
        args = ["-d", name, "-t", _clean_title(title), "-n", str(copies),
                "-o", "print-scaling=none"]
        if media:
            args += ["-o", f"media={media}"]
        done = self._run("lp", args, stdin=pdf)
        err = done.stderr.strip()
        if done.returncode != 0:
            if "does not exist" in err:
                raise PrintError(PRINTER_MISSING, printer=name, detail=err)
            if "not accepting" in err:
                raise PrintError(PRINTER_STOPPED, printer=name, detail=err)
            if _UNREACHABLE.search(err):
                raise PrintError(SPOOLER_UNAVAILABLE, printer=name, detail=err)
            raise PrintError(SUBMIT_FAILED, printer=name, detail=err or done.stdout.strip())
        request_id = parse_request_id(done.stdout)
        if request_id is None:
            raise PrintError(
                SUBMIT_FAILED, printer=name, detail=(done.stdout + "\n" + err).strip()
            )
        return JobRef(printer=name, job_id=request_id)

    def _find(self, printer: str) -> PrinterStatus:
        for status in self.statuses():
            if status.printer.name.casefold() == printer.casefold():
                return status
        raise PrintError(PRINTER_MISSING, printer=printer)

    def job_state(self, ref: JobRef) -> str:
        # Active jobs first: a job only ever moves from the active list to the finished one,
        # so asking in this order cannot miss it in between.
        active = parse_jobs(self._lpstat("-l", "-W", "not-completed", "-o"))
        if ref.job_id in active:
            return _active_state(active[ref.job_id])
        ipp_state = self._ipp_job_state(ref)
        if ipp_state is not None:
            return ipp_state
        done = parse_jobs(self._lpstat("-l", "-W", "completed", "-o"))
        if ref.job_id in done:
            return "failed" if _FAILED_REASONS.intersection(done[ref.job_id].reasons) else (
                "completed"
            )
        return "unknown"

    def _ipp_job_state(self, ref: JobRef) -> str | None:
        """The finished job's ``job-state`` through ``ipptool``, or ``None`` when ipptool
        is not installed or cannot say (then ``lpstat``'s reasons decide)."""
        number = ref.job_id.rsplit("-", 1)[-1]
        if not number.isdigit():
            return None
        env = self._env()
        exe = shutil.which("ipptool", path=env.get("PATH", os.defpath))
        if exe is None:
            return None
        uri = f"ipp://{_ipp_host(self.server)}/jobs/{number}"
        with tempfile.TemporaryDirectory(prefix="counter-ipp-") as folder:
            test = Path(folder) / "job-state.test"
            test.write_text(_IPPTOOL_TEST, encoding="utf-8")
            try:
                done = subprocess.run(
                    [exe, "-t", "-v", uri, str(test)],
                    capture_output=True,
                    env=env,
                    timeout=self.timeout_s,
                    check=False,
                    stdin=subprocess.DEVNULL,
                )
            except (subprocess.TimeoutExpired, OSError):
                return None
        m = _IPP_JOB_STATE_LINE.search(done.stdout.decode("utf-8", "replace"))
        return _IPP_JOB_STATES.get(m["state"]) if m else None


def _ipp_host(server: str | None) -> str:
    if not server:
        server = os.environ.get("CUPS_SERVER") or "localhost:631"
    if server.startswith("/"):
        # ipptool reaches a domain socket given as the percent-encoded path in the host part
        return server.replace("%", "%25").replace("/", "%2F")
    return server if ":" in server.rsplit("]", 1)[-1] else f"{server}:631"


def _clean_title(title: str) -> str:
    # A job title is one line of text; control characters would garble lpstat's listing.
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in title).split())
    return cleaned[:200] or "Counter"


def follow_job(
    spooler: Spooler,
    ref: JobRef,
    *,
    timeout_s: float = 60.0,
    poll_s: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> str:
    """Poll ``ref`` until it is completed (returns ``"completed"``) or fails (raises
    ``PrintError("job_failed")``). After ``timeout_s`` it returns the last state seen
    (``pending``/``processing``/``unknown``): a job waiting for paper has not failed."""
    deadline = clock() + timeout_s
    while True:
        state = spooler.job_state(ref)
        if state == "completed":
            return state
        if state == "failed":
            raise PrintError(JOB_FAILED, printer=ref.printer, detail=ref.job_id)
        if clock() >= deadline:
            return state
        sleep(poll_s)


def system_spooler(server: str | None = None) -> Spooler | None:
    """The machine's print path: CUPS where its ``lp`` exists (Linux, macOS), else ``None``
    (Windows, where the GUI prints through ``QPrinter``)."""
    if shutil.which("lp") is None:
        return None
    return CupsSpooler(server=server)
