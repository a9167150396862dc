"""The itinerary receipt (行程单) read back from the PDF: every value in its slot, in both modes,
positions on pre-printed stock with and without calibration offsets, long texts kept inside
their boxes, batches, the calibration grid, and the layout tables themselves.

Positions come from ``pdftotext -bbox`` (points, top-left origin): a word's box is the font's
full height, its baseline one descent (0.2 em for the bundled faces) above the bottom.
"""

from __future__ import annotations

import html
import itertools
import re
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import receipt_samples as samples
from reportlab.lib.units import mm

from counter_app.printing import itinerary
from counter_app.printing.layout import (
    FORM_HEIGHT_MM,
    FORM_LABELS,
    FORM_RULES,
    FORM_WIDTH_MM,
    RECEIPT_SLOTS,
    Slot,
)
from counter_app.printing.model import Calibration, ItineraryReceipt

OFFSETS = Calibration(offset_x_mm=3.5, offset_y_mm=-2.0)
TOLERANCE_MM = 0.5
DESCENT_EM = 0.2

# the captions of the plain form, as the brief and the paper form have them
PLAIN_LABELS = (
    "航空运输电子客票行程单", "ITINERARY/RECEIPT OF E-TICKET FOR AIR TRANSPORT",
    "旅客姓名", "NAME OF PASSENGER", "有效身份证件号码", "ID.NO.",
    "签注", "ENDORSEMENTS/RESTRICTIONS (CARBON)", "印刷序号", "SERIAL NUMBER",
    "自", "FROM", "至", "TO",
    "承运人", "CARRIER", "航班号", "FLIGHT", "座位等级", "CLASS", "日期", "DATE",
    "时间", "TIME", "客票级别/客票类别", "FARE BASIS", "客票生效日期", "NOT VALID BEFORE",
    "有效截止日期", "NOT VALID AFTER", "免费行李", "ALLOW",
    "票价", "FARE", "民航发展基金", "CAAC DEVELOPMENT FUND", "燃油附加费", "FUEL SURCHARGE",
    "其他税费", "OTHER TAXES", "合计", "TOTAL",
    "电子客票号码", "E-TICKET NO.", "验证码", "CK.", "提示信息", "INFORMATION",
    "保险费", "INSURANCE", "销售单位代号", "AGENT CODE", "填开单位", "ISSUED BY",
    "填开日期", "DATE OF ISSUE",
)

ONE_WAY_FIELDS = {
    "serial": "0000123456",
    "passenger_name": "王𠮷",
    "id_number": "440304198001010015",
    "endorsements": "不得签转 变更退票按规定收费",
    "from": "深圳 SZX",
    "seg1_carrier": "CZ",
    "seg1_flight": "CZ3101",
    "seg1_class": "Y",
    "seg1_date": "2026-11-23",
    "seg1_time": "08:00",
    "seg1_fare_basis": "Y",
    "seg1_not_valid_before": "2026-11-23",
    "seg1_not_valid_after": "2026-11-23",
    "seg1_baggage": "20K",
    "to1": "北京 PEK",
    "to2": "VOID",
    "to3": "VOID",
    "to4": "VOID",
    "fare": "CNY 1230.00",
    "cn_fund": "CN 50.00",
    "fuel_surcharge": "YQ 80.00",
    "other_taxes": "0.00",
    "total": "CNY 1360.00",
    "ticket_number": "784-2090171140",
    "check_code": "3456",
    "notices": "验真请登录 www.travelsky.com.cn 或致电 4008158888",
    "insurance": "20.00",
    "agent_code": "HET001",
    "issued_by": "呼和浩特市邮政局新华大街营业厅",
    "issue_date": "2026-11-20",
}

GP_RETURN_FIELDS = {
    **ONE_WAY_FIELDS,
    "serial": "0000123457",
    "check_code": "3457",
    "gp_order_no": "GP单号 GP2026112300017",
    "passenger_name": "阿卜杜拉·买买提",
    "id_number": "650102197503150031",
    "endorsements": "GP公务客票 不得签转 退改按公务规定",
    "seg2_carrier": "CZ",
    "seg2_flight": "CZ3102",
    "seg2_class": "M",
    "seg2_date": "2026-11-27",
    "seg2_time": "19:35",
    "seg2_fare_basis": "MGP95",
    "seg2_not_valid_before": "2026-11-27",
    "seg2_not_valid_after": "2026-11-27",
    "seg2_baggage": "20K",
    "to2": "深圳 SZX",
    "fare": "CNY 2337.50",
    "cn_fund": "CN 100.00",
    "fuel_surcharge": "YQ 160.00",
    "total": "CNY 2597.50",
    "insurance": "0.00",
    "ticket_number": "784-2090171141",
}

FOUR_SEGMENT_FIELDS = {
    **ONE_WAY_FIELDS,
    "serial": "0000123458",
    "check_code": "3458",
    "to1": "北京 PEK",
    "seg2_carrier": "CA", "seg2_flight": "CA1103", "seg2_class": "B",
    "seg2_date": "2026-11-24", "seg2_time": "07:05", "seg2_fare_basis": "B",
    "seg2_baggage": "20K",
    "to2": "呼和浩特 HET / 包头 BAV",  # surface sector: the next coupon leaves from 包头
    "seg3_carrier": "MU", "seg3_flight": "MU5604", "seg3_class": "C",
    "seg3_date": "2026-11-26", "seg3_time": "13:50", "seg3_fare_basis": "C",
    "seg3_baggage": "30K",
    "to3": "上海 SHA",
    "seg4_carrier": "ZH", "seg4_flight": "ZH9508", "seg4_class": "F",
    "seg4_date": "2026-11-30", "seg4_time": "21:10", "seg4_fare_basis": "F",
    "seg4_not_valid_before": "2026-11-30", "seg4_not_valid_after": "2027-11-23",
    "seg4_baggage": "40K",
    "to4": "深圳 SZX",
    "fare": "CNY 5870.00",
    "cn_fund": "CN 200.00",
    "fuel_surcharge": "YQ 320.00",
    "other_taxes": "12.50",
    "total": "CNY 6402.50",
    "ticket_number": "999-2090171142",
}


# --- reading the PDF back ----------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str
    x0: float  # mm from the page's left edge
    x1: float
    top: float  # mm from the page's top edge
    bottom: float

    @property
    def size_pt(self) -> float:
        return (self.bottom - self.top) * mm

    @property
    def baseline(self) -> float:
        return self.bottom - DESCENT_EM * (self.bottom - self.top)


@dataclass(frozen=True)
class Page:
    width_mm: float
    height_mm: float
    words: tuple[Word, ...]

    def text(self) -> str:
        return " ".join(w.text for w in self.words)


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>')


def read_pages(pdf: bytes, tmp_path: Path) -> list[Page]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                         check=True, text=True).stdout
    pages = []
    for width, height, body in _PAGE.findall(out):
        words = tuple(
            Word(html.unescape(t), float(a) / mm, float(c) / mm, float(b) / mm, float(d) / mm)
            for a, b, c, d, t in _WORD.findall(body))
        pages.append(Page(float(width) / mm, float(height) / mm, words))
    return pages


def layout_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "layout.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, text=True).stdout


def pdf_pages(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True,
                          text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert match is not None
    return int(match.group(1))


def origin(mode: itinerary.Mode, calibration: Calibration) -> tuple[float, float]:
    """Where the form's corner should be: the offsets on stock; on A4 landscape the form is
    centred across the sheet, ``PLAIN_TOP_MM`` from its top."""
    x, y = calibration.offset_x_mm, calibration.offset_y_mm
    if mode == "plain":
        return x + (297.0 - FORM_WIDTH_MM) / 2, y + itinerary.PLAIN_TOP_MM
    return x, y


def slot_words(page: Page, slot: Slot, x0: float, y0: float, lines: int = 1) -> list[Word]:
    """The words printed in ``slot`` of a form whose corner is at (x0, y0): starting inside
    the box, baseline on the slot's line (or either line of a two-line value)."""
    left = x0 + slot.x_mm
    base = y0 + slot.y_mm
    reach = 0.8 if lines == 1 else 2.6
    return sorted((w for w in page.words
                   if left - TOLERANCE_MM <= w.x0 <= left + slot.width_mm
                   and abs(w.baseline - base) <= reach),
                  key=lambda w: (round(w.baseline), w.x0))


def read_fields(page: Page, names: list[str], x0: float, y0: float) -> dict[str, str]:
    return {name: " ".join(w.text for w in slot_words(page, RECEIPT_SLOTS[name], x0, y0))
            for name in names}


def render_one(receipt: ItineraryReceipt, mode: itinerary.Mode, calibration: Calibration,
               tmp_path: Path) -> Page:
    pages = read_pages(itinerary.render_receipt(receipt, mode=mode, calibration=calibration),
                       tmp_path)
    assert len(pages) == 1
    return pages[0]


# --- every value, field by field -----------------------------------------------------------


@pytest.mark.parametrize("mode", ["overlay", "plain"])
@pytest.mark.parametrize(("build", "expected"), [
    (samples.one_way, ONE_WAY_FIELDS),
    (samples.gp_return, GP_RETURN_FIELDS),
    (samples.four_segments, FOUR_SEGMENT_FIELDS),
], ids=["one_way", "gp_return", "four_segments"])
def test_every_field_reads_back_in_its_slot(
    build: object, expected: dict[str, str], mode: itinerary.Mode, tmp_path: Path
) -> None:
    assert callable(build)
    receipt = build()
    for calibration in (Calibration(), OFFSETS):
        page = render_one(receipt, mode, calibration, tmp_path)
        x0, y0 = origin(mode, calibration)
        assert read_fields(page, list(expected), x0, y0) == expected
        if mode == "overlay":
            # nothing but the values on pre-printed stock: every word belongs to a field
            used = {id(w) for name in expected
                    for w in slot_words(page, RECEIPT_SLOTS[name], x0, y0)}
            stray = [w.text for w in page.words if id(w) not in used]
            assert stray == []


def test_names_and_check_code_read_back_exactly_with_layout(tmp_path: Path) -> None:
    for receipt, name in ((samples.one_way(), "王𠮷"), (samples.gp_return(), "阿卜杜拉·买买提")):
        for mode in ("overlay", "plain"):
            pdf = itinerary.render_receipt(receipt, mode=mode)
            lines = layout_text(pdf, tmp_path).splitlines()
            name_line = next(line for line in lines if receipt.id_number in line)
            assert name_line.split()[0] == name
            ticket_line = next(line for line in lines if receipt.ticket_number in line)
            words = ticket_line.split()
            check = words[words.index(receipt.ticket_number) + 1]
            assert check == receipt.serial[-4:]


def test_unused_rows_print_void_and_nothing_else(tmp_path: Path) -> None:
    page = render_one(samples.one_way(), "overlay", Calibration(), tmp_path)
    assert [w.text for w in page.words].count("VOID") == 3
    x0, y0 = origin("overlay", Calibration())
    for n in (2, 3, 4):
        for column in ("carrier", "flight", "date", "time", "baggage"):
            assert slot_words(page, RECEIPT_SLOTS[f"seg{n}_{column}"], x0, y0) == []
    full = render_one(samples.four_segments(), "overlay", Calibration(), tmp_path)
    assert "VOID" not in [w.text for w in full.words]


def test_gp_order_number_only_on_gp_receipts(tmp_path: Path) -> None:
    gp = layout_text(itinerary.render_receipt(samples.gp_return(), mode="plain"), tmp_path)
    assert "GP单号 GP2026112300017" in " ".join(gp.split())
    walk_in = layout_text(itinerary.render_receipt(samples.one_way(), mode="plain"), tmp_path)
    assert "GP单号" not in walk_in


# --- positions on pre-printed stock -----------------------------------------------------------


@pytest.mark.parametrize("calibration", [Calibration(), OFFSETS], ids=["zero", "offset"])
def test_overlay_values_land_at_slot_plus_offset(calibration: Calibration,
                                                 tmp_path: Path) -> None:
    receipt = samples.one_way()
    page = render_one(receipt, "overlay", calibration, tmp_path)
    assert page.width_mm == pytest.approx(calibration.page_width_mm, abs=0.05)
    assert page.height_mm == pytest.approx(calibration.page_length_mm, abs=0.05)
    where = itinerary.placements(receipt, mode="overlay", calibration=calibration)
    expected_text = {"passenger_name": "王𠮷", "serial": "0000123456",
                     "total": "CNY", "ticket_number": "784-2090171140"}
    for name, first_word in expected_text.items():
        slot = RECEIPT_SLOTS[name]
        want_x = slot.x_mm + calibration.offset_x_mm
        want_y = slot.y_mm + calibration.offset_y_mm
        assert where[name] == pytest.approx((want_x, want_y))
        word = min((w for w in page.words if w.text == first_word),
                   key=lambda w: abs(w.x0 - want_x) + abs(w.baseline - want_y))
        assert abs(word.x0 - want_x) <= TOLERANCE_MM, name
        assert abs(word.baseline - want_y) <= TOLERANCE_MM, name


def test_overlay_page_follows_the_calibrated_length(tmp_path: Path) -> None:
    calibration = Calibration(offset_x_mm=-1.0, offset_y_mm=1.5, page_length_mm=101.6,
                              page_width_mm=240.0)
    page = render_one(samples.one_way(), "overlay", calibration, tmp_path)
    assert (page.width_mm, page.height_mm) == (pytest.approx(240.0, abs=0.05),
                                               pytest.approx(101.6, abs=0.05))
    word = next(w for w in page.words if w.text == "784-2090171140")
    slot = RECEIPT_SLOTS["ticket_number"]
    assert abs(word.x0 - (slot.x_mm - 1.0)) <= TOLERANCE_MM
    assert abs(word.baseline - (slot.y_mm + 1.5)) <= TOLERANCE_MM


def test_every_placement_matches_the_pdf(tmp_path: Path) -> None:
    receipt = samples.four_segments()
    for mode in ("overlay", "plain"):
        page = render_one(receipt, mode, OFFSETS, tmp_path)
        where = itinerary.placements(receipt, mode=mode, calibration=OFFSETS)
        assert set(where) == set(FOUR_SEGMENT_FIELDS)
        for name, (x, y) in where.items():
            first = FOUR_SEGMENT_FIELDS[name].split()[0]
            near = [w for w in page.words if w.text == first
                    and abs(w.x0 - x) <= TOLERANCE_MM and abs(w.baseline - y) <= TOLERANCE_MM]
            assert near, f"{name} not at {(x, y)}"


def test_plain_form_sits_centred_near_the_top_of_a4_landscape(tmp_path: Path) -> None:
    page = render_one(samples.one_way(), "plain", Calibration(), tmp_path)
    assert (page.width_mm, page.height_mm) == (pytest.approx(297.0, abs=0.05),
                                               pytest.approx(210.0, abs=0.05))
    title = next(w for w in page.words if w.text == "航空运输电子客票行程单")
    assert (title.x0 + title.x1) / 2 == pytest.approx(297.0 / 2, abs=0.5)
    assert title.top < 30.0


def test_overlay_has_no_labels_plain_has_them_all(tmp_path: Path) -> None:
    receipt = samples.gp_return()
    overlay = layout_text(itinerary.render_receipt(receipt, mode="overlay"), tmp_path)
    plain = " ".join(layout_text(itinerary.render_receipt(receipt, mode="plain"),
                                 tmp_path).split())
    for label in PLAIN_LABELS:
        assert label in plain, label
        if len(label) > 2:  # "自", "至", "TO" … also occur inside values
            assert label not in overlay, label
    for label in FORM_LABELS:
        assert label.zh in plain
        assert label.en in plain


# --- long texts stay in their boxes ---------------------------------------------------------


@pytest.mark.parametrize("mode", ["overlay", "plain"])
def test_long_texts_stay_inside_their_slots(mode: itinerary.Mode, tmp_path: Path) -> None:
    receipt = samples.long_texts()
    page = render_one(receipt, mode, OFFSETS, tmp_path)
    x0, y0 = origin(mode, OFFSETS)
    for name, value in (("passenger_name", receipt.passenger_name),
                        ("endorsements", receipt.endorsements),
                        ("notices", receipt.notices), ("issued_by", receipt.issued_by)):
        slot = RECEIPT_SLOTS[name]
        words = slot_words(page, slot, x0, y0, lines=2)
        assert "".join(w.text for w in words) == value.replace(" ", ""), name
        right = x0 + slot.right_mm
        assert max(w.x1 for w in words) <= right + 0.05, name
        assert min(w.x0 for w in words) >= x0 + slot.x_mm - 0.05, name
        assert min(w.size_pt for w in words) >= 5.0, f"{name} shrunk out of legibility"
    # the field to the right of the name starts where it always does, unharmed
    fields = read_fields(page, ["id_number"], x0, y0)
    assert fields == {"id_number": receipt.id_number}


def test_a_long_single_line_value_shrinks_instead_of_overflowing(tmp_path: Path) -> None:
    receipt = replace(samples.one_way(), agent_code="HET00123456789012345678901234567890")
    page = render_one(receipt, "overlay", Calibration(), tmp_path)
    slot = RECEIPT_SLOTS["agent_code"]
    word = next(w for w in page.words if w.text == receipt.agent_code)
    assert word.x1 <= slot.right_mm + 0.05
    assert word.size_pt < slot.size_pt


# --- errors and batches ---------------------------------------------------------------------


def test_five_segments_do_not_fit_one_form() -> None:
    with pytest.raises(ValueError, match="最多打印 4 个航段"):
        itinerary.render_receipt(samples.five_segments())
    with pytest.raises(ValueError, match="999-2090171142"):
        itinerary.render_receipts([samples.one_way(), samples.five_segments()],
                                  mode="overlay", calibration=Calibration())
    with pytest.raises(ValueError, match="4"):
        itinerary.placements(samples.five_segments())


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="print mode"):
        itinerary.render_receipt(samples.one_way(), mode="carbon")  # type: ignore[arg-type]


def test_batch_prints_one_page_per_receipt_in_order(tmp_path: Path) -> None:
    receipts = [replace(samples.one_way(), serial=f"00001235{n:02d}",
                        ticket_number=f"784-20901712{n:02d}") for n in range(7)]
    receipts[3] = samples.gp_return()
    for mode in ("overlay", "plain"):
        pdf = itinerary.render_receipts(receipts, mode=mode, calibration=OFFSETS)
        assert pdf_pages(pdf, tmp_path) == len(receipts)
        pages = read_pages(pdf, tmp_path)
        x0, y0 = origin(mode, OFFSETS)
        for page, receipt in zip(pages, receipts, strict=True):
            fields = read_fields(page, ["serial", "ticket_number", "check_code"], x0, y0)
            assert fields == {"serial": receipt.serial, "ticket_number": receipt.ticket_number,
                              "check_code": receipt.serial[-4:]}
    with pytest.raises(ValueError, match="no receipts"):
        itinerary.render_receipts([], mode="plain", calibration=Calibration())


def test_receipt_document_describes_the_pdf(tmp_path: Path) -> None:
    doc = itinerary.receipt_document(samples.one_way(), mode="overlay", calibration=OFFSETS)
    assert doc.title == "行程单 784-2090171140"
    assert doc.kind == "receipt"
    assert (doc.page_width_mm, doc.page_height_mm) == (238.0, 106.6)
    assert doc.meta["serial"] == "0000123456"
    assert doc.meta["ticket_number"] == "784-2090171140"
    assert doc.pdf.startswith(b"%PDF")
    page = read_pages(doc.pdf, tmp_path)[0]
    assert page.height_mm == pytest.approx(106.6, abs=0.05)
    plain = itinerary.receipt_document(samples.one_way())
    assert (plain.page_width_mm, plain.page_height_mm) == (297.0, 210.0)


# --- calibration grid -------------------------------------------------------------------------


def test_grid_prints_offsets_and_page_length(tmp_path: Path) -> None:
    calibration = Calibration(offset_x_mm=3.5, offset_y_mm=-2.0, page_length_mm=101.6)
    pdf = itinerary.render_test_grid(calibration)
    (page,) = read_pages(pdf, tmp_path)
    assert page.height_mm == pytest.approx(101.6, abs=0.05)
    assert page.width_mm == pytest.approx(238.0, abs=0.05)
    flat = " ".join(layout_text(pdf, tmp_path).split())
    assert "OFFSET X: +3.5 mm" in flat
    assert "OFFSET Y: -2.0 mm" in flat
    assert "PAGE LENGTH: 101.6 mm" in flat
    assert "进纸方向" in flat
    for caption in ("旅客姓名", "印刷序号", "合计", "电子客票号码"):
        assert caption in flat


def test_grid_text_moves_with_the_offsets(tmp_path: Path) -> None:
    still = read_pages(itinerary.render_test_grid(Calibration()), tmp_path)[0]
    moved = read_pages(itinerary.render_test_grid(OFFSETS), tmp_path)[0]

    def first(page: Page, text: str) -> Word:
        return next(w for w in page.words if w.text == text)

    for text in ("旅客姓名", "印刷序号", "合计", "电子客票号码", "进纸方向", "CALIBRATION"):
        a, b = first(still, text), first(moved, text)
        assert b.x0 - a.x0 == pytest.approx(3.5, abs=0.05), text
        assert b.baseline - a.baseline == pytest.approx(-2.0, abs=0.05), text
    # the name crosshair's caption sits just right of the slot's anchor
    slot = RECEIPT_SLOTS["passenger_name"]
    caption = first(moved, "旅客姓名")
    assert caption.x0 == pytest.approx(slot.x_mm + 3.5 + 2.0, abs=TOLERANCE_MM)


def test_grid_document() -> None:
    doc = itinerary.grid_document(OFFSETS)
    assert doc.kind == "receipt_grid"
    assert (doc.page_width_mm, doc.page_height_mm) == (238.0, 106.6)
    assert doc.meta["offset_x_mm"] == "3.5"


# --- the layout is data ------------------------------------------------------------------------


def test_slots_on_one_line_do_not_overlap() -> None:
    lines: dict[float, list[Slot]] = {}
    for slot in RECEIPT_SLOTS.values():
        lines.setdefault(round(slot.y_mm, 2), []).append(slot)
    assert len(lines) >= 10
    for row in lines.values():
        row.sort(key=lambda s: s.x_mm)
        for left, right in itertools.pairwise(row):
            assert left.right_mm <= right.x_mm, f"{left.name} overlaps {right.name}"


def test_slots_labels_and_rules_lie_inside_the_form() -> None:
    assert (FORM_WIDTH_MM, FORM_HEIGHT_MM) == (238.0, 106.6)
    for slot in RECEIPT_SLOTS.values():
        assert slot.x_mm >= 0, slot.name
        assert slot.right_mm <= FORM_WIDTH_MM, slot.name
        cap_height = slot.size_pt / mm * 0.8
        assert cap_height <= slot.y_mm <= FORM_HEIGHT_MM - 1.0, slot.name
        assert slot.width_mm > 0
        assert slot.size_pt > 0
    for label in FORM_LABELS:
        assert 0 <= label.x_mm <= FORM_WIDTH_MM
        assert 0 < label.y_mm < FORM_HEIGHT_MM
    for rule in FORM_RULES:
        for x, y in ((rule.x1_mm, rule.y1_mm), (rule.x2_mm, rule.y2_mm)):
            assert 0 <= x <= FORM_WIDTH_MM
            assert 0 <= y <= FORM_HEIGHT_MM


def test_every_value_of_the_form_has_a_slot() -> None:
    wanted = {"passenger_name", "id_number", "endorsements", "gp_order_no", "serial", "from",
              "fare", "cn_fund", "fuel_surcharge", "other_taxes", "total", "insurance",
              "ticket_number", "check_code", "notices", "agent_code", "issued_by",
              "issue_date"}
    wanted |= {f"to{n}" for n in range(1, 5)}
    wanted |= {f"seg{n}_{c}" for n in range(1, 5)
               for c in ("carrier", "flight", "class", "date", "time", "fare_basis",
                         "not_valid_before", "not_valid_after", "baggage")}
    assert set(RECEIPT_SLOTS) == wanted
