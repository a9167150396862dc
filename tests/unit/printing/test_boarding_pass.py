"""The boarding pass read back from the PDF: every value in its slot, the stub right of the
perforation, the card's size, and the QR code decoded from a 300 dpi rendering back to the
exact BCBP string."""

from __future__ import annotations

import subprocess
from pathlib import Path

import doc_samples as samples
import pytest
import zxingcpp
from PIL import Image

from counter_app.domain.bcbp import decode_m1
from counter_app.printing.boarding_pass import (
    CARD_HEIGHT_MM,
    CARD_WIDTH_MM,
    PERFORATION_X_MM,
    QR_BOX,
    SLOTS,
    UNKNOWN_BOARDING,
    UNKNOWN_GATE,
    boarding_pass_document,
    render_boarding_pass,
    slot_values,
)
from counter_app.printing.model import BoardingPass

TOLERANCE_MM = 0.5


def read_slots(bp: BoardingPass, tmp_path: Path) -> tuple[samples.Page, dict[str, str]]:
    pages = samples.read_pages(render_boarding_pass(bp), tmp_path)
    assert len(pages) == 1
    page = pages[0]
    found = {}
    for name, slot in SLOTS.items():
        words = sorted((w for w in page.words
                        if slot.x_mm - TOLERANCE_MM <= w.x0 <= slot.x_mm + slot.width_mm
                        and abs(w.baseline - slot.y_mm) <= 0.8), key=lambda w: w.x0)
        for w in words:  # nothing spills out of its box
            assert w.x1 <= slot.x_mm + slot.width_mm + TOLERANCE_MM, (name, w)
        found[name] = " ".join(w.text for w in words)
    return page, found


PLAIN_EXPECTED = {
    "title": "登机牌 BOARDING PASS",
    "gp_mark": "",
    "passenger_name": "张三",
    "name_latin": "ZHANG/SAN",
    "flight_no": "CZ3101",
    "dep_date": "2026-11-23",
    "origin": "SZX",
    "origin_name": "深圳宝安",
    "destination": "PEK",
    "destination_name": "北京首都",
    "dep_time": "08:00",
    "cabin": "Y 经济舱",
    "gate": "—",
    "boarding_time": "以登机口信息为准",
    "sequence": "001",
    "ffp_number": "",
    "ticket_number": "784-2090171140",
    "pnr": "HX4K2P",
    "seat": "32A",
    "stub_title": "登机牌 副联",
    "stub_passenger_name": "张三",
    "stub_name_latin": "ZHANG/SAN",
    "stub_flight_no": "CZ3101",
    "stub_dep_date": "2026-11-23",
    "stub_route": "SZX → PEK",
    "stub_route_names": "深圳宝安 → 北京首都",
    "stub_gate": "—",
    "stub_boarding_time": "以登机口信息为准",
    "stub_seat": "32A",
    "stub_sequence": "001",
}

GP_EXPECTED = {
    **PLAIN_EXPECTED,
    "gp_mark": "V3 优先 PRIORITY",
    "passenger_name": "王𠮷",
    "name_latin": "WANG/JI",
    "flight_no": "CA1144",
    "dep_date": "2028-02-29",
    "origin": "HET",
    "origin_name": "呼和浩特白塔",
    "dep_time": "09:35",
    "cabin": "C 公务舱",
    "gate": "12",
    "boarding_time": "08:55",
    "sequence": "057",
    "ffp_number": "CA012345678",
    "ticket_number": "999-2090171199",
    "pnr": "KQ7M3A",
    "seat": "3C",
    "stub_passenger_name": "王𠮷",
    "stub_name_latin": "WANG/JI",
    "stub_flight_no": "CA1144",
    "stub_dep_date": "2028-02-29",
    "stub_route": "HET → PEK",
    "stub_route_names": "呼和浩特白塔 → 北京首都",
    "stub_gate": "12",
    "stub_boarding_time": "08:55",
    "stub_seat": "3C",
    "stub_sequence": "057",
}


@pytest.mark.parametrize(("build", "expected"), [
    (samples.boarding_pass, PLAIN_EXPECTED),
    (samples.gp_boarding_pass, GP_EXPECTED),
], ids=["gate_unknown", "gp_gate_known"])
def test_every_field_reads_back_in_its_slot(build: object, expected: dict[str, str],
                                            tmp_path: Path) -> None:
    assert callable(build)
    bp = build()
    page, found = read_slots(bp, tmp_path)
    assert (round(page.width_mm, 1), round(page.height_mm, 1)) == (CARD_WIDTH_MM, CARD_HEIGHT_MM)
    for name, value in expected.items():
        assert found[name] == value, name
    assert "登机口于起飞前15分钟关闭" in found["notice"]
    # every caption is printed above its value
    text = page.text()
    for caption in ("姓名 NAME", "航班 FLIGHT", "始发 FROM", "到达 TO", "座位 SEAT", "序号 SEQ",
                    "登机口 GATE", "登机时间 BOARDING", "订座记录 PNR", "电子客票号 E-TICKET"):
        assert caption in text


def test_unknown_gate_and_boarding_time_print_their_placeholders() -> None:
    values = slot_values(samples.boarding_pass())
    assert (values["gate"], values["boarding_time"]) == (UNKNOWN_GATE, UNKNOWN_BOARDING)


def test_seat_prints_large() -> None:
    assert SLOTS["seat"].size_pt >= 2 * SLOTS["flight_no"].size_pt
    assert SLOTS["stub_seat"].size_pt >= 2 * SLOTS["stub_flight_no"].size_pt


def test_stub_is_right_of_the_perforation_and_the_main_part_left_of_it() -> None:
    for name, slot in SLOTS.items():
        if name.startswith("stub_"):
            assert slot.x_mm > PERFORATION_X_MM + 2, name
            assert slot.x_mm + slot.width_mm <= CARD_WIDTH_MM - 3, name
        else:
            assert slot.x_mm + slot.width_mm < PERFORATION_X_MM, name
        assert 3 < slot.y_mm < CARD_HEIGHT_MM - 2, name
    left, top, side = QR_BOX
    assert left + side < PERFORATION_X_MM
    assert top + side < SLOTS["seat"].y_mm - SLOTS["seat"].size_pt * 25.4 / 72


def _decode(pdf: bytes, tmp_path: Path) -> list[zxingcpp.Result]:
    path = tmp_path / "bp.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(path),
                    str(tmp_path / "bp")], check=True)
    with Image.open(tmp_path / "bp.png") as image:
        return list(zxingcpp.read_barcodes(image))


@pytest.mark.parametrize("build", [samples.boarding_pass, samples.gp_boarding_pass],
                         ids=["plain", "gp"])
def test_the_barcode_carries_the_exact_bcbp_string(build: object, tmp_path: Path) -> None:
    assert callable(build)
    bp = build()
    assert isinstance(bp, BoardingPass)
    results = _decode(render_boarding_pass(bp), tmp_path)
    assert len(results) == 1
    result = results[0]
    assert result.format == zxingcpp.BarcodeFormat.QRCode
    assert result.text == bp.bcbp
    leg = decode_m1(result.text)
    assert leg.carrier + leg.flight_number.lstrip("0") == bp.flight_no
    assert leg.seat == bp.seat
    assert leg.sequence == bp.sequence
    assert (leg.origin, leg.destination, leg.pnr) == (bp.origin, bp.destination, bp.pnr)
    assert leg.flight_date(bp.dep_date.year) == bp.dep_date
    # the code is where QR_BOX says (300 dpi: 11.81 px per mm)
    px = 300 / 25.4
    left, top, side = QR_BOX
    corners = [result.position.top_left, result.position.top_right,
               result.position.bottom_left, result.position.bottom_right]
    for corner in corners:
        assert left - 0.5 <= corner.x / px <= left + side + 0.5
        assert top - 0.5 <= corner.y / px <= top + side + 0.5


def test_document() -> None:
    bp = samples.boarding_pass()
    doc = boarding_pass_document(bp)
    assert doc.kind == "boarding_pass"
    assert (doc.page_width_mm, doc.page_height_mm) == (203.0, 82.5)
    assert doc.pdf.startswith(b"%PDF")
    assert doc.meta["seat"] == "32A"
    assert "CZ3101" in doc.title


def test_a_boarding_pass_without_its_barcode_is_refused() -> None:
    with pytest.raises(ValueError, match="bcbp"):
        render_boarding_pass(samples.boarding_pass(bcbp=""))
