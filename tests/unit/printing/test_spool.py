"""The CUPS spooler without a CUPS server: parsing what lpstat and lp really print (captured
from CUPS 2.4 on Debian 12, in the C locale), the error codes a clerk gets, and page sizes.

Where a test needs the tools to answer, small shell scripts stand in for ``lpstat``/``lp``
on PATH, replaying the captured output: the edge of the world is the command line. The same
paths against a real cupsd are in ``tests/e2e/test_cups_printing.py``.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from counter_app.printing.spool import (
    CupsSpooler,
    JobRef,
    Printer,
    PrintError,
    PrinterStatus,
    media_for,
    parse_destinations,
    parse_jobs,
    parse_printers,
    parse_request_id,
    system_spooler,
)

PDF = b"%PDF-1.4\n% a stand-in: the fake lp only counts the bytes\n%%EOF\n"

# `lpstat -l -p -d -a` with four queues: one printing (default, Chinese description), one
# holding new jobs (cupsdisable --hold), one disabled with a reason, one rejecting jobs.
LPSTAT_PRINTERS = (
    "printer CounterPDF now printing CounterPDF-15.  enabled since Mon Nov 23 19:59:57 2026\n"
    "\tForm mounted:\n"
    "\tContent types: any\n"
    "\tPrinter types: unknown\n"
    "\tDescription: 柜台打印机 1\n"
    "\tAlerts: none\n"
    "\tLocation: 前台\n"
    "\tConnection: direct\n"
    "\tInterface: /etc/cups/ppd/CounterPDF.ppd\n"
    "\tOn fault: no alert\n"
    "\tAfter fault: continue\n"
    "\tUsers allowed:\n"
    "\t\t(all)\n"
    "\tForms allowed:\n"
    "\t\t(none)\n"
    "\tBanner required\n"
    "\tCharset sets:\n"
    "\t\t(none)\n"
    "\tDefault pitch:\n"
    "\tDefault page size:\n"
    "\tDefault port settings:\n"
    "printer Holding is holding new jobs.  enabled since Mon Nov 23 19:59:57 2026\n"
    "\tForm mounted:\n"
    "\tContent types: any\n"
    "\tPrinter types: unknown\n"
    "\tDescription: Holding\n"
    "\tAlerts: hold-new-jobs\n"
    "\tLocation: \n"
    "\tConnection: direct\n"
    "\tInterface: /etc/cups/ppd/Holding.ppd\n"
    "\tOn fault: no alert\n"
    "\tAfter fault: continue\n"
    "\tUsers allowed:\n"
    "\t\t(all)\n"
    "\tForms allowed:\n"
    "\t\t(none)\n"
    "\tBanner required\n"
    "\tCharset sets:\n"
    "\t\t(none)\n"
    "\tDefault pitch:\n"
    "\tDefault page size:\n"
    "\tDefault port settings:\n"
    "printer Paused disabled since Mon Nov 23 19:59:57 2026 -\n"
    "\t缺纸 out of paper\n"
    "\tForm mounted:\n"
    "\tContent types: any\n"
    "\tPrinter types: unknown\n"
    "\tDescription: Paused queue\n"
    "\tAlerts: paused\n"
    "\tLocation: \n"
    "\tConnection: direct\n"
    "\tInterface: /etc/cups/ppd/Paused.ppd\n"
    "\tOn fault: no alert\n"
    "\tAfter fault: continue\n"
    "\tUsers allowed:\n"
    "\t\t(all)\n"
    "\tForms allowed:\n"
    "\t\t(none)\n"
    "\tBanner required\n"
    "\tCharset sets:\n"
    "\t\t(none)\n"
    "\tDefault pitch:\n"
    "\tDefault page size:\n"
    "\tDefault port settings:\n"
    "printer Rejecting is idle.  enabled since Mon Nov 23 19:59:57 2026\n"
    "\tmaintenance\n"
    "\tForm mounted:\n"
    "\tContent types: any\n"
    "\tPrinter types: unknown\n"
    "\tDescription: Rejecting\n"
    "\tAlerts: none\n"
    "\tLocation: \n"
    "\tConnection: direct\n"
    "\tInterface: /etc/cups/ppd/Rejecting.ppd\n"
    "\tOn fault: no alert\n"
    "\tAfter fault: continue\n"
    "\tUsers allowed:\n"
    "\t\t(all)\n"
    "\tForms allowed:\n"
    "\t\t(none)\n"
    "\tBanner required\n"
    "\tCharset sets:\n"
    "\t\t(none)\n"
    "\tDefault pitch:\n"
    "\tDefault page size:\n"
    "\tDefault port settings:\n"
    "system default destination: CounterPDF\n"
    "CounterPDF accepting requests since Mon Nov 23 19:59:57 2026\n"
    "Holding accepting requests since Mon Nov 23 19:59:57 2026\n"
    "Paused accepting requests since Mon Nov 23 19:59:57 2026\n"
    "Rejecting not accepting requests since Mon Nov 23 19:59:57 2026 -\n"
    "\tmaintenance\n"
)

LPSTAT_JOBS_ACTIVE = (
    "CounterPDF-4            root              3072   Mon Nov 23 19:55:51 2026\n"
    "\tStatus: loadFilename failed: /tmp/cupsexp-BP93/spool/d00004-001: unable to find trailer "
    "dictionary while recovering damaged file\n"
    "\tAlerts: job-completed-with-errors\n"
    "\tqueued for CounterPDF\n"
    "Holding-16              root             15360   Mon Nov 23 20:00:04 2026\n"
    "\tAlerts: job-printing\n"
    "\tqueued for Holding\n"
    "Paused-17               root             15360   Mon Nov 23 20:00:04 2026\n"
    "\tAlerts: none\n"
    "\tqueued for Paused\n"
)

LPSTAT_JOBS_DONE = (
    "CounterPDF-15           root             15360   Mon Nov 23 19:59:57 2026\n"
    "\tStatus: \n"
    "\tAlerts: processing-to-stop-point\n"
    "\tqueued for CounterPDF\n"
    "CounterPDF-14           root             15360   Mon Nov 23 19:59:00 2026\n"
    "\tStatus: \n"
    "\tAlerts: processing-to-stop-point\n"
    "\tqueued for CounterPDF\n"
    "\tqueued for CounterPDF\n"
    "CounterPDF-2            root             15360   Mon Nov 23 19:55:50 2026\n"
    "\tAlerts: processing-to-stop-point\n"
    "\tqueued for CounterPDF\n"
    "CounterPDF-1            root             15360   Mon Nov 23 19:54:37 2026\n"
    "\tStatus: \n"
    "\tAlerts: processing-to-stop-point\n"
    "\tqueued for CounterPDF\n"
)

LPSTAT_E = (
    "CounterPDF\n"
    "Holding\n"
    "Paused\n"
    "Rejecting\n"
)

LPSTAT_EMPTY = "no system default destination\n"  # stderr: "lpstat: No destinations added."

LPSTAT_SHORT = (  # `lpstat -p -a` (not long), a disabled queue without a reason
    "printer Front is idle.  enabled since Mon Nov 23 19:59:57 2026\n"
    "printer Back disabled since Mon Nov 23 19:59:57 2026 -\n"
    "\treason unknown\n"
    "Front accepting requests since Mon Nov 23 19:59:57 2026\n"
    "Back accepting requests since Mon Nov 23 19:59:57 2026\n"
)


# --- parsing --------------------------------------------------------------------------------


def test_parse_printers_reads_state_description_default_and_reason() -> None:
    assert parse_printers(LPSTAT_PRINTERS) == [
        PrinterStatus(Printer("CounterPDF", "柜台打印机 1", True, "printing", True)),
        PrinterStatus(Printer("Holding", "Holding", False, "stopped", True)),
        PrinterStatus(Printer("Paused", "Paused queue", False, "stopped", True),
                      reason="缺纸 out of paper"),
        PrinterStatus(Printer("Rejecting", "Rejecting", False, "idle", False),
                      reason="maintenance"),
    ]


def test_parse_printers_of_an_empty_server_and_of_short_output() -> None:
    assert parse_printers(LPSTAT_EMPTY) == []
    assert parse_printers(LPSTAT_SHORT) == [
        PrinterStatus(Printer("Front", "", False, "idle", True)),
        PrinterStatus(Printer("Back", "", False, "stopped", True)),
    ]


def test_parse_destinations_request_id_and_jobs() -> None:
    assert parse_destinations(LPSTAT_E) == ["CounterPDF", "Holding", "Paused", "Rejecting"]
    assert parse_request_id("request id is CounterPDF-18 (0 file(s))\n") == "CounterPDF-18"
    assert parse_request_id("request id is Front-Desk-3 (1 file(s))\n") == "Front-Desk-3"
    assert parse_request_id("lp: Error - The printer or class does not exist.\n") is None

    active = parse_jobs(LPSTAT_JOBS_ACTIVE)
    assert list(active) == ["CounterPDF-4", "Holding-16", "Paused-17"]
    assert active["CounterPDF-4"].reasons == ("job-completed-with-errors",)
    assert active["CounterPDF-4"].status.startswith("loadFilename failed:")
    assert active["Holding-16"].reasons == ("job-printing",)
    assert active["Paused-17"].reasons == ()

    done = parse_jobs(LPSTAT_JOBS_DONE)
    assert list(done) == ["CounterPDF-15", "CounterPDF-14", "CounterPDF-2", "CounterPDF-1"]
    assert done["CounterPDF-2"].reasons == ("processing-to-stop-point",)
    assert done["CounterPDF-2"].status == ""


# --- page sizes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "height", "media"),
    [
        (210, 297, "A4"),
        (297, 210, "A4"),
        (210.4, 296.6, "A4"),
        (148, 210, "A5"),
        (210, 148, "A5"),
        (238, 106.6, "Custom.238x106.6mm"),
        (203.2, 82.55, "Custom.203.2x82.55mm"),
        (215.9, 279.4, "Custom.215.9x279.4mm"),
        (80, 120.004, "Custom.80x120mm"),
    ],
)
def test_media_for(width: float, height: float, media: str) -> None:
    assert media_for(width, height) == media


@pytest.mark.parametrize(("width", "height"), [(0, 100), (100, -1), (float("nan"), 100)])
def test_media_for_rejects_impossible_sizes(width: float, height: float) -> None:
    with pytest.raises(ValueError, match="page size"):
        media_for(width, height)


# --- the tools, replayed --------------------------------------------------------------------


class FakeCups:
    """Shell scripts named lpstat/lp (and ipptool when asked) in a folder that is the whole
    PATH; lpstat answers with the capture for its options, lp says it queued the job."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.dir = folder
        folder.mkdir(exist_ok=True)
        self.answer(printers=LPSTAT_PRINTERS, active=LPSTAT_JOBS_ACTIVE, done=LPSTAT_JOBS_DONE,
                    e=LPSTAT_E)
        self.script("lpstat", f"""
echo "$* | LC_ALL=$LC_ALL LANG=$LANG CUPS_SERVER=$CUPS_SERVER" >> {folder}/lpstat.log
case " $* " in
  *" not-completed "*) f=active ;;
  *" completed "*) f=done ;;
  *" -e "*) f=e ;;
  *) f=printers ;;
esac
[ -f {folder}/$f.err ] && /bin/cat {folder}/$f.err >&2
/bin/cat {folder}/$f.txt
[ -f {folder}/$f.err ] && exit 1
exit 0
""")
        self.script("lp", f"""
echo "$*" > {folder}/lp.args
/bin/cat > {folder}/lp.stdin
if [ -f {folder}/lp.err ]; then /bin/cat {folder}/lp.err >&2; exit 1; fi
echo "request id is CounterPDF-42 (0 file(s))"
""")
        monkeypatch.setenv("PATH", str(folder))

    def script(self, name: str, body: str) -> None:
        path = self.dir / name
        path.write_text("#!/bin/sh\n" + body.lstrip())
        path.chmod(0o755)

    def answer(self, **outputs: str) -> None:
        for name, text in outputs.items():
            (self.dir / f"{name}.txt").write_text(text)

    def fail(self, name: str, stderr: str) -> None:
        (self.dir / f"{name}.err").write_text(stderr)

    @property
    def lp_called(self) -> bool:
        return (self.dir / "lp.args").exists()


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeCups:
    return FakeCups(tmp_path / "bin", monkeypatch)


def test_submit_hands_the_pdf_to_lp(fake: FakeCups) -> None:
    spooler = CupsSpooler(server="127.0.0.1:6310")
    ref = spooler.submit(PDF, printer="counterpdf", title="行程单\n784-2090171140", copies=2,
                         media=media_for(238, 106.6))
    assert ref == JobRef("CounterPDF", "CounterPDF-42")
    assert (fake.dir / "lp.args").read_text().split() == [
        "-h", "127.0.0.1:6310", "-d", "CounterPDF", "-t", "行程单", "784-2090171140",
        "-n", "2", "-o", "print-scaling=none", "-o", "media=Custom.238x106.6mm",
    ]
    assert (fake.dir / "lp.stdin").read_bytes() == PDF
    log = (fake.dir / "lpstat.log").read_text().splitlines()
    assert log[0] == ("-h 127.0.0.1:6310 -l -p -d -a "
                      "| LC_ALL=C LANG=C CUPS_SERVER=127.0.0.1:6310")


def test_missing_printer_is_printer_missing_before_lp(fake: FakeCups) -> None:
    with pytest.raises(PrintError) as err:
        CupsSpooler().submit(PDF, printer="Nope", title="x")
    assert (err.value.code, err.value.printer) == ("printer_missing", "Nope")
    assert not fake.lp_called


@pytest.mark.parametrize(
    ("printer", "detail"),
    [("Paused", "缺纸 out of paper"), ("Holding", ""), ("Rejecting", "maintenance")],
)
def test_stopped_or_rejecting_printer_is_printer_stopped(fake: FakeCups, printer: str,
                                                         detail: str) -> None:
    with pytest.raises(PrintError) as err:
        CupsSpooler().submit(PDF, printer=printer, title="x")
    assert (err.value.code, err.value.printer, err.value.detail) == (
        "printer_stopped", printer, detail)
    assert not fake.lp_called


def test_lp_refusal_is_submit_failed_with_its_message(fake: FakeCups) -> None:
    message = 'lp: Unsupported document-format "application/octet-stream".'
    fake.fail("lp", message + "\n")
    with pytest.raises(PrintError) as err:
        CupsSpooler().submit(PDF, printer="CounterPDF", title="x")
    assert (err.value.code, err.value.detail) == ("submit_failed", message)


def test_lp_saying_the_queue_went_away_is_printer_missing(fake: FakeCups) -> None:
    fake.fail("lp", "lp: Error - The printer or class does not exist.\n")
    with pytest.raises(PrintError) as err:
        CupsSpooler().submit(PDF, printer="CounterPDF", title="x")
    assert err.value.code == "printer_missing"


def test_scheduler_not_running_is_spooler_unavailable(fake: FakeCups) -> None:
    fake.answer(printers=LPSTAT_EMPTY)
    fake.fail("printers", "lpstat: Scheduler is not running.\nlpstat: Scheduler is not running.\n")
    with pytest.raises(PrintError) as err:
        CupsSpooler().printers()
    assert err.value.code == "spooler_unavailable"
    assert "Scheduler is not running" in err.value.detail


def test_empty_server_has_no_printers(fake: FakeCups) -> None:
    fake.answer(printers=LPSTAT_EMPTY, e="")
    fake.fail("printers", "lpstat: No destinations added.\nlpstat: No destinations added.\n")
    assert CupsSpooler().printers() == []


def test_network_destinations_join_the_list(fake: FakeCups) -> None:
    fake.answer(e=LPSTAT_E + "HP_LaserJet_M404\n")
    printers = CupsSpooler().printers()
    assert [p.name for p in printers] == [
        "CounterPDF", "Holding", "Paused", "Rejecting", "HP_LaserJet_M404"]
    assert printers[-1] == Printer("HP_LaserJet_M404", "", False, "unknown", True)


def test_a_hanging_server_is_spooler_unavailable_not_a_hang(fake: FakeCups) -> None:
    fake.script("lpstat", "exec /bin/sleep 30\n")
    started = time.monotonic()
    with pytest.raises(PrintError) as err:
        CupsSpooler(timeout_s=0.5).printers()
    assert err.value.code == "spooler_unavailable"
    assert time.monotonic() - started < 5


def test_job_state_from_lpstat(fake: FakeCups) -> None:
    spooler = CupsSpooler()
    assert spooler.job_state(JobRef("CounterPDF", "CounterPDF-4")) == "failed"
    assert spooler.job_state(JobRef("Holding", "Holding-16")) == "processing"
    assert spooler.job_state(JobRef("Paused", "Paused-17")) == "pending"
    assert spooler.job_state(JobRef("CounterPDF", "CounterPDF-15")) == "completed"
    assert spooler.job_state(JobRef("CounterPDF", "CounterPDF-99")) == "unknown"


def test_job_state_of_a_finished_job_asks_ipptool(fake: FakeCups) -> None:
    # CUPS 2.4 shows the same reasons for a cancelled and a completed job; ipptool tells.
    fake.script("ipptool", 'echo "        job-state (enum) = canceled"\n')
    assert CupsSpooler().job_state(JobRef("CounterPDF", "CounterPDF-2")) == "failed"
    fake.script("ipptool", 'echo "        job-state (enum) = completed"\n')
    assert CupsSpooler().job_state(JobRef("CounterPDF", "CounterPDF-2")) == "completed"


def test_without_lp_there_is_no_system_spooler(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert system_spooler() is None
    spooler = CupsSpooler()
    with pytest.raises(PrintError) as err:
        spooler.printers()
    assert (err.value.code, err.value.detail) == (
        "spooler_unavailable", "lpstat not found (is CUPS installed?)")
    with pytest.raises(PrintError) as err:
        spooler.submit(PDF, printer="P", title="x")
    assert err.value.code == "spooler_unavailable"


def test_submit_rejects_what_is_not_a_print_job(fake: FakeCups) -> None:
    with pytest.raises(ValueError, match="PDF"):
        CupsSpooler().submit(b"hello", printer="CounterPDF", title="x")
    with pytest.raises(ValueError, match="copies"):
        CupsSpooler().submit(PDF, printer="CounterPDF", title="x", copies=0)
    assert not fake.lp_called


def test_print_error_codes_are_closed() -> None:
    err = PrintError("printer_stopped", printer="Front", detail="缺纸")
    assert (err.code, err.printer, err.detail) == ("printer_stopped", "Front", "缺纸")
    assert str(err) == "printer_stopped (Front): 缺纸"
    with pytest.raises(ValueError, match="unknown print error code"):
        PrintError("paper_jam")
