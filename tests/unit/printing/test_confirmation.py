"""The booking confirmation / sales receipt read back from the PDF on A4, A5 and the 80 mm
roll: every field, page sizes, flowing onto more pages with their numbers, amounts
right-aligned, long rules wrapped inside the page."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import doc_samples as samples
import pytest

from counter_app.printing.confirmation import confirmation_document, render_confirmation
from counter_app.printing.flow import SHEETS, Paper, wrap
from counter_app.printing.model import Confirmation

PAPERS: list[Paper] = ["A4", "A5", "80mm"]
AMOUNT = re.compile(r"-?\d+\.\d\d")


def expected_fields(c: Confirmation) -> list[str]:
    """Every value the confirmation must show, as it is printed."""
    out = [c.outlet_name, "订座确认单 / 销售凭证", c.pnr, c.status, c.customer,
           f"CNY {c.total:.2f}", f"{c.outlet_name}（{c.outlet_code}）",
           f"{c.clerk_name}（{c.clerk_login}）", c.issued_at.strftime("%Y-%m-%d %H:%M")]
    if c.gp_order_no:
        out.append(c.gp_order_no)
    if c.ticketing_deadline is not None:
        out.append(c.ticketing_deadline.strftime("%Y-%m-%d %H:%M"))
    for seg in c.segments:
        out += [seg.flight_no, seg.dep_date.isoformat(), f"{seg.origin} → {seg.destination}",
                seg.dep_time.strftime("%H:%M"), seg.arr_time.strftime("%H:%M"),
                f"{seg.class_code} {seg.cabin_name}", seg.aircraft, seg.rules]
    for p in c.passengers:
        out += [p.name, p.passenger_type, p.id_number, p.ticket_number]
        out += [f"{v:.2f}" for v in (p.fare, p.cn_fund, p.fuel_surcharge, p.insurance,
                                     p.service_fee, p.total)]
    for pay in c.payments:
        out += [pay.method, f"{pay.amount:.2f}", pay.reference]
        if pay.tendered is not None:
            out.append(f"{pay.tendered:.2f}")
        if pay.change is not None:
            out.append(f"{pay.change:.2f}")
    out += list(c.notes)
    return [v for v in out if v]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("build", [samples.confirmation, samples.gp_confirmation],
                         ids=["cash_sale", "gp_held"])
def test_every_field_reads_back(build: object, paper: Paper, tmp_path: Path) -> None:
    assert callable(build)
    c = build()
    text = samples.squash(samples.plain_text(render_confirmation(c, paper=paper), tmp_path))
    for value in expected_fields(c):
        assert samples.squash(value) in text, value
    for label in ("订座记录", "状态", "客户", "票价", "民航发展基金", "燃油附加费", "保险费",
                  "服务费", "合计", "退改规则", "注意事项", "售票柜台", "经办人", "打印时间"):
        assert label in text, label


def test_change_and_tendered_are_printed_for_cash(tmp_path: Path) -> None:
    c = samples.confirmation()
    [pay] = c.payments
    assert (pay.tendered, pay.change) == (Decimal("2200.00"), Decimal("85.00"))
    for paper in PAPERS:
        text = samples.plain_text(render_confirmation(c, paper=paper), tmp_path)
        assert "2200.00" in text
        assert "85.00" in text


@pytest.mark.parametrize(("paper", "size"), [("A4", (210.0, 297.0)), ("A5", (148.0, 210.0))])
def test_office_papers_are_portrait_pages(paper: Paper, size: tuple[float, float],
                                          tmp_path: Path) -> None:
    sizes = samples.page_sizes_mm(render_confirmation(samples.confirmation(), paper=paper),
                                  tmp_path)
    assert len(sizes) == 1
    assert sizes[0] == pytest.approx(size, abs=0.2)


def test_roll_is_80mm_wide_and_as_tall_as_its_content(tmp_path: Path) -> None:
    heights = []
    for c in (samples.confirmation(), samples.big_confirmation()):
        pdf = render_confirmation(c, paper="80mm")
        sizes = samples.page_sizes_mm(pdf, tmp_path)
        assert len(sizes) == 1  # a roll has no page breaks
        width, height = sizes[0]
        assert width == pytest.approx(80.0, abs=0.1)
        [page] = samples.read_pages(pdf, tmp_path)
        last = max(w.bottom for w in page.words)
        first = min(w.top for w in page.words)
        assert first >= 3.0
        assert height - 10.0 <= last <= height - 4.0  # nothing cut, no long blank tail
        for w in page.words:  # one column inside the 72 mm printable width
            assert w.x0 >= 3.8, w
            assert w.x1 <= 76.2, w
        assert "页" not in page.text()
        doc = confirmation_document(c, "80mm")
        assert doc.page_height_mm == pytest.approx(height, abs=0.1)
        heights.append(height)
    assert heights[1] > heights[0] + 150  # nine passengers make a much longer slip


def test_nine_passengers_on_a5_flow_onto_a_second_page(tmp_path: Path) -> None:
    c = samples.big_confirmation(9)
    pages = samples.read_pages(render_confirmation(c, paper="A5"), tmp_path)
    assert len(pages) >= 2
    count = len(pages)
    for n, page in enumerate(pages, 1):
        assert (page.width_mm, page.height_mm) == pytest.approx((148.0, 210.0), abs=0.2)
        assert f"第 {n} 页 / 共 {count} 页" in page.text()
        for w in page.words:  # nothing runs into the footer or off the sheet
            assert w.bottom <= 210.0 - 6.0, w
    everything = samples.squash(" ".join(p.text() for p in pages))
    for value in expected_fields(c):
        assert samples.squash(value) in everything, value
    single = samples.read_pages(render_confirmation(samples.confirmation(), paper="A5"),
                                tmp_path)
    assert "第 1 页 / 共 1 页" in single[0].text()


def _columns_of(page: samples.Page, values: list[str], below: float) -> list[samples.Word]:
    return [w for w in page.words if w.text in values and w.top > below]


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_amounts_are_right_aligned_in_their_columns(paper: Paper, tmp_path: Path) -> None:
    c = samples.big_confirmation(3)
    [page] = samples.read_pages(render_confirmation(c, paper=paper), tmp_path)
    lines = page.lines()
    # the amount line of each passenger: six amounts, one per column
    amount_lines = [line for line in lines
                    if len(line) == 6 and all(AMOUNT.fullmatch(w.text) for w in line)]
    assert len(amount_lines) == 3
    for column in range(6):
        edges = [line[column].x1 for line in amount_lines]
        assert max(edges) - min(edges) <= 0.5, (column, edges)
    assert [w.text for w in amount_lines[0]] == [
        "1230.00", "50.00", "80.00", "20.00", "30.00", "1410.00"]
    # the grand total ends where the passengers' totals end; the amounts where their
    # captions end
    total = next(w for w in page.words if w.text == f"{c.total:.2f}")
    assert abs(total.x1 - amount_lines[0][5].x1) <= 0.5
    caption = next(w for w in page.words if w.text == "服务费")
    assert abs(caption.x1 - amount_lines[0][4].x1) <= 0.5
    sheet = SHEETS[paper]
    assert amount_lines[0][5].x1 <= sheet.content_right_mm


def test_roll_amounts_end_on_the_printable_edge(tmp_path: Path) -> None:
    [page] = samples.read_pages(
        render_confirmation(samples.confirmation(), paper="80mm"), tmp_path)
    amounts = [w for w in page.words if AMOUNT.fullmatch(w.text)]
    assert len(amounts) >= 12 + 3
    edges = [w.x1 for w in amounts]
    assert max(edges) - min(edges) <= 0.5
    assert max(edges) == pytest.approx(76.0, abs=0.5)


LONG_RULES = ("本票为特价客票，不得签转、不得更改航班及日期、不得退票；如旅客因病不能成行，"
              "凭二级甲等以上医院诊断证明可申请退票，按票面价的 20% 收取退票费。"
              "Non-endorsable non-refundable non-reroutable; reissue subject to "
              "CZ fare rules www.csair.com/cn/tourguide/booking/rules_and_regulations "
              "and applicable taxes.") * 3


@pytest.mark.parametrize("paper", PAPERS)
def test_long_rules_wrap_inside_the_page(paper: Paper, tmp_path: Path) -> None:
    base = samples.confirmation()
    c = replace(base, segments=(replace(base.segments[0], rules=LONG_RULES),))
    pages = samples.read_pages(render_confirmation(c, paper=paper), tmp_path)
    sheet = SHEETS[paper]
    for page in pages:
        for w in page.words:
            assert w.x0 >= sheet.left_mm - 0.3, w
            assert w.x1 <= sheet.content_right_mm + 0.3, w
    everything = samples.squash(" ".join(p.text() for p in pages))
    assert samples.squash(LONG_RULES) in everything


def test_wrap_keeps_numbers_and_words_whole_and_punctuation_off_line_starts() -> None:
    lines = wrap("起飞前168小时(含)以上：退票费1230元，改期费62元；" * 4, 40.0, 9.0)
    assert len(lines) > 2
    joined = "".join(lines)
    assert joined == "起飞前168小时(含)以上：退票费1230元，改期费62元；" * 4
    for line in lines:
        assert line[0] not in "，。；：）"
    for left, right in itertools.pairwise(lines):
        assert not (left[-1].isdigit() and right[0].isdigit())


def test_unknown_paper_is_refused() -> None:
    with pytest.raises(ValueError, match="paper"):
        render_confirmation(samples.confirmation(), paper="B5")  # type: ignore[arg-type]


def test_document_sizes() -> None:
    c = samples.confirmation()
    assert (confirmation_document(c, "A4").page_width_mm,
            confirmation_document(c, "A4").page_height_mm) == (210.0, 297.0)
    a5 = confirmation_document(c, "A5")
    assert (a5.page_width_mm, a5.page_height_mm, a5.kind) == (148.0, 210.0, "confirmation")
    roll = confirmation_document(c, "80mm")
    assert roll.page_width_mm == 80.0
    assert roll.page_height_mm > 200.0
    assert roll.meta == {"pnr": "HX4K2P", "paper": "80mm"}
