"""Printing through a real CUPS queue: :class:`CupsSpooler` against a private ``cupsd`` with
a cups-pdf printer (see ``cups_support``), reading back what the "printer" produced."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cups_support import CupsUnavailableError, PrivateCups, free_port, start_private_cups
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.printing import text
from counter_app.printing.spool import (
    CupsSpooler,
    JobRef,
    PrintError,
    follow_job,
    media_for,
)

QUEUE = "CounterPDF"
QUEUE_DESCRIPTION = "柜台 PDF 打印机"
WIDTH_MM, HEIGHT_MM = 238.0, 106.6  # the itinerary receipt form
# One line only: through cups-pdf's PostScript step Ghostscript turns the Latin glyphs of a
# busier page into a Type 3 font without Unicode, and pdftotext could not read them back.
KNOWN_TEXT = "行程单 王𠮷 784-2090171140"
DEADLINE_S = 30.0

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the private CUPS server needs Linux")


@pytest.fixture(scope="session")
def cups() -> Iterator[PrivateCups]:
    """A private cupsd for the session with the cups-pdf queue ``CounterPDF``."""
    try:
        server = start_private_cups()
    except CupsUnavailableError as exc:
        pytest.fail(f"cannot start the private CUPS server: {exc}")
    try:
        server.add_pdf_queue(QUEUE, QUEUE_DESCRIPTION)
        yield server
    finally:
        server.stop()


@pytest.fixture
def spooler(cups: PrivateCups) -> CupsSpooler:
    return CupsSpooler(server=cups.address)


def receipt_pdf() -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(WIDTH_MM * mm, HEIGHT_MM * mm))
    text.draw(canvas, 20, 30, KNOWN_TEXT, 14, page_height_mm=HEIGHT_MM)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def broken_pdf() -> bytes:
    return b"%PDF-1.4\n" + b"this is no PDF body\n" * 200


def wait_for_state(spooler: CupsSpooler, ref: JobRef, wanted: set[str]) -> list[str]:
    """Poll until the job reaches one of ``wanted``; the states seen, in order."""
    seen: list[str] = []
    deadline = time.monotonic() + DEADLINE_S
    while True:
        state = spooler.job_state(ref)
        if not seen or seen[-1] != state:
            seen.append(state)
        if state in wanted:
            return seen
        assert time.monotonic() < deadline, f"job {ref.job_id} stuck: states {seen}"
        time.sleep(0.1)


def wait_for_output(cups: PrivateCups, ref: JobRef) -> Path:
    deadline = time.monotonic() + DEADLINE_S
    while (path := cups.output_for(ref.job_id)) is None:
        assert time.monotonic() < deadline, (
            f"no cups-pdf output for {ref.job_id} in {DEADLINE_S:g} s: "
            f"{sorted(p.name for p in cups.out_dir.glob('*'))}\n{cups.log_tail()}"
        )
        time.sleep(0.1)
    return path


def poppler(tool: str, *args: str) -> str:
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True,
                          timeout=60).stdout


def queued_jobs(cups: PrivateCups, queue: str) -> list[str]:
    listing = cups.run("lpstat", "-W", "not-completed", "-o").stdout
    return [line.split()[0] for line in listing.splitlines()
            if line.startswith(f"{queue}-")]


# --- (a) a receipt goes through CUPS and comes out with its text ------------------------------


def test_receipt_prints_through_cups_with_its_text(cups: PrivateCups,
                                                    spooler: CupsSpooler) -> None:
    ref = spooler.submit(receipt_pdf(), printer=QUEUE, title="行程单 784-2090171140",
                         media=media_for(WIDTH_MM, HEIGHT_MM))
    assert ref.printer == QUEUE
    assert re.fullmatch(rf"{QUEUE}-\d+", ref.job_id)

    states = wait_for_state(spooler, ref, {"completed", "failed"})
    assert states[-1] == "completed", f"states {states}\n{cups.log_tail()}"
    assert set(states) <= {"pending", "processing", "completed"}
    assert follow_job(spooler, ref, timeout_s=1) == "completed"

    out = wait_for_output(cups, ref)
    info = poppler("pdfinfo", str(out))
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE), info
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
    assert size, info
    # the custom media reached the printer: the page is the receipt form, not A4 (cups-pdf
    # may store it portrait with /Rotate 90)
    width, height = sorted((float(size[1]), float(size[2])), reverse=True)
    assert width == pytest.approx(WIDTH_MM / 25.4 * 72, abs=2)
    assert height == pytest.approx(HEIGHT_MM / 25.4 * 72, abs=2)

    words = poppler("pdftotext", str(out), "-").split()
    assert words[0] == "行程单", words
    assert words[1] in {"王", "王𠮷"}, words
    assert words[-1] == "784-2090171140", words
    # 𠮷 (Extension B) is drawn from its own font; its text does not survive PostScript
    # (see cups_support) but the glyph does, in that font.
    assert "HanaMinB" in poppler("pdffonts", str(out))


def test_job_the_system_cannot_print_is_failed(cups: PrivateCups,
                                              spooler: CupsSpooler) -> None:
    ref = spooler.submit(broken_pdf(), printer=QUEUE, title="broken")
    with pytest.raises(PrintError) as err:
        follow_job(spooler, ref, timeout_s=DEADLINE_S, poll_s=0.1)
    assert err.value.code == "job_failed"
    assert err.value.printer == QUEUE


def test_cancelled_job_is_failed(cups: PrivateCups, spooler: CupsSpooler) -> None:
    queue = "CounterCancel"
    cups.add_pdf_queue(queue)
    cups.run("cupsdisable", queue)
    # queued behind the stopped queue (with lp itself: submit() refuses a stopped queue)
    pdf = io.BytesIO(receipt_pdf())
    done = subprocess.run(["lp", "-h", cups.address, "-d", queue, "-t", "cancel me"],
                          input=pdf.getvalue(), capture_output=True, check=True, timeout=30)
    job_id = done.stdout.decode().split("request id is ", 1)[1].split()[0]
    ref = JobRef(queue, job_id)
    assert spooler.job_state(ref) == "pending"
    cups.run("cancel", job_id)
    assert spooler.job_state(ref) == "failed"


# --- (b) a queue that does not exist ----------------------------------------------------------


def test_missing_queue_is_printer_missing(cups: PrivateCups, spooler: CupsSpooler) -> None:
    with pytest.raises(PrintError) as err:
        spooler.submit(receipt_pdf(), printer="NoSuchQueue", title="x")
    assert err.value.code == "printer_missing"
    assert err.value.printer == "NoSuchQueue"
    assert spooler.job_state(JobRef("NoSuchQueue", "NoSuchQueue-99999")) == "unknown"


# --- (c) a disabled or rejecting queue -------------------------------------------------------


def test_stopped_or_rejecting_queue_is_printer_stopped(cups: PrivateCups,
                                                       spooler: CupsSpooler) -> None:
    queue = "CounterPaused"
    cups.add_pdf_queue(queue)

    cups.run("cupsdisable", "-r", "缺纸 out of paper", queue)
    [printer] = [p for p in spooler.printers() if p.name == queue]
    assert (printer.state, printer.accepting) == ("stopped", True)
    with pytest.raises(PrintError) as err:
        spooler.submit(receipt_pdf(), printer=queue, title="x")
    assert (err.value.code, err.value.printer) == ("printer_stopped", queue)
    assert err.value.detail == "缺纸 out of paper"

    cups.run("cupsenable", queue)
    cups.run("cupsreject", "-r", "维护中", queue)
    [printer] = [p for p in spooler.printers() if p.name == queue]
    assert (printer.state, printer.accepting) == ("idle", False)
    with pytest.raises(PrintError) as err:
        spooler.submit(receipt_pdf(), printer=queue, title="x")
    assert (err.value.code, err.value.detail) == ("printer_stopped", "维护中")

    assert queued_jobs(cups, queue) == []  # nothing was handed to lp

    cups.run("cupsaccept", queue)
    ref = spooler.submit(receipt_pdf(), printer=queue, title="back")
    assert wait_for_state(spooler, ref, {"completed", "failed"})[-1] == "completed"


# --- (d) the list of printers ---------------------------------------------------------------


def test_printers_lists_the_queue_with_its_state(cups: PrivateCups) -> None:
    for server in (cups.address, str(cups.socket_path)):
        found = {p.name: p for p in CupsSpooler(server=server).printers()}
        assert QUEUE in found, found
        printer = found[QUEUE]
        assert printer.description == QUEUE_DESCRIPTION
        assert printer.state in {"idle", "printing"}
        assert printer.accepting
    cups.run("lpadmin", "-d", QUEUE)
    defaults = [p.name for p in CupsSpooler(server=cups.address).printers() if p.is_default]
    assert defaults == [QUEUE]


# --- (e) no server --------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["port", "socket"])
def test_server_not_running_is_spooler_unavailable(tmp_path: Path, where: str) -> None:
    server = f"127.0.0.1:{free_port()}" if where == "port" else str(tmp_path / "cups.sock")
    spooler = CupsSpooler(server=server, timeout_s=10)
    started = time.monotonic()
    with pytest.raises(PrintError) as err:
        spooler.printers()
    assert err.value.code == "spooler_unavailable"
    with pytest.raises(PrintError) as err:
        spooler.submit(receipt_pdf(), printer=QUEUE, title="x")
    assert err.value.code == "spooler_unavailable"
    assert time.monotonic() - started < 3


def test_a_batch_of_calibrated_receipts_prints_one_form_each(cups: PrivateCups,
                                                              spooler: CupsSpooler) -> None:
    """Three itinerary receipts on pre-printed stock whose printer feeds 101.6 mm per form:
    one page each, every page the calibrated size (nothing scaled to A4)."""
    from datetime import date, time
    from decimal import Decimal

    from counter_app.printing.itinerary import render_receipts
    from counter_app.printing.model import Calibration, ItineraryReceipt, ReceiptSegment

    segment = ReceiptSegment("呼和浩特 HET", "北京 PEK", "CA", "CA1144", "Y",
                             date(2026, 11, 28), time(12, 10), "Y")
    receipts = [
        ItineraryReceipt(f"旅客{n}", "11010519491231002X", "不得签转", (segment,),
                         Decimal("1230.00"), Decimal("50.00"), Decimal("80.00"), Decimal("0"),
                         Decimal("0"), Decimal("1360.00"), f"999-209000000{n}",
                         f"000300010{n}", "08312345", "呼和浩特新华大街邮政网点",
                         date(2026, 11, 23))
        for n in range(3)
    ]
    calibration = Calibration(offset_x_mm=2.5, offset_y_mm=-1.5, page_length_mm=101.6)
    pdf = render_receipts(receipts, mode="overlay", calibration=calibration)
    ref = spooler.submit(pdf, printer=QUEUE, title="行程单 3 张",
                         media=media_for(calibration.page_width_mm, calibration.page_length_mm))
    states = wait_for_state(spooler, ref, {"completed", "failed"})
    assert states[-1] == "completed", f"states {states}\n{cups.log_tail()}"
    info = poppler("pdfinfo", str(wait_for_output(cups, ref)))
    assert re.search(r"^Pages:\s+3$", info, re.MULTILINE), info
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
    assert size, info
    width, height = sorted((float(size[1]), float(size[2])), reverse=True)
    assert width == pytest.approx(238.0 / 25.4 * 72, abs=2)
    assert height == pytest.approx(101.6 / 25.4 * 72, abs=2)
