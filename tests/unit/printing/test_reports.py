"""The day close and the agreement customer's statement read back from the PDF: fields, the
receipt ledger's balance line, the statement's running balance row by row, and a long
statement's pages with their repeated table header and page numbers."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import doc_samples as samples
import pytest

from counter_app.printing.reports import (
    day_close_document,
    ledger_difference,
    render_day_close,
    render_statement,
    running_balances,
    statement_document,
)

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
AMOUNT = re.compile(r"-?\d+\.\d\d")


# --- day close ---------------------------------------------------------------------------------


def test_day_close_fields_read_back(tmp_path: Path) -> None:
    r = samples.day_close()
    pages = samples.read_pages(render_day_close(r), tmp_path)
    assert len(pages) == 1
    assert (pages[0].width_mm, pages[0].height_mm) == pytest.approx((210.0, 297.0), abs=0.2)
    text = samples.squash(samples.plain_text(render_day_close(r), tmp_path))
    expected = [
        "柜台日结报表", "呼和浩特市邮政局新华大街营业厅（HET001）", "营业日期", "2026-11-23",
        "日结时间", "2026-11-2318:30", "经办人", "李娜",
        "出票（张）", "作废（张）", "退票（张）",
        "现金", "2155.00", "银行卡", "现金（退款）", "-180.00", "净额合计", "1975.00",
        "行程单领用存", "0000123401", "0000123450", "0000200001", "0000200050",
        "领用", "已用", "作废", "损坏", "结存",
        "作废/损坏行程单明细", "0000123402", "打印错位，换开", "0000123404", "卡纸损坏",
        "2026-11-2315:40",
        "票务明细", "784-2090171140", "张三", "SZX-PEK", "1410.00", "王𠮷", "745.00",
        "999-2090171150", "李四", "HET-PEK", "退票", "731-2090171151", "赵五",
        "经办人签字", "复核（主管）签字", "第1页/共1页",
    ]
    for value in expected:
        assert samples.squash(value) in text, value
    assert "预览" not in text


def _counts_line(page: samples.Page) -> list[str]:
    lines = page.lines()
    caption = next(i for i, line in enumerate(lines) if [w.text for w in line] == [
        "领用", "已用", "作废", "损坏", "结存"])
    return [w.text for w in lines[caption + 1]]


def test_ledger_that_balances_says_so(tmp_path: Path) -> None:
    r = samples.day_close()
    assert r.ledger.balanced
    [page] = samples.read_pages(render_day_close(r), tmp_path)
    assert _counts_line(page) == ["100", "2", "1", "1", "96"]
    text = samples.squash(page.text())
    assert "核对结果：账实相符" in text
    assert "不平" not in text


def test_ledger_that_does_not_balance_warns_with_the_difference(tmp_path: Path) -> None:
    r = samples.unbalanced_day_close()
    assert not r.ledger.balanced
    assert ledger_difference(r.ledger) == 2
    [page] = samples.read_pages(render_day_close(r), tmp_path)
    assert _counts_line(page) == ["100", "2", "1", "1", "94"]
    text = samples.squash(page.text())
    assert "账实相符" not in text
    assert "核对结果：不平！差额+2张（短少2张）" in text
    assert "已用+作废+损坏+结存=98" in text
    # a preview says so where the close time goes, and on every page's foot
    assert "日结时间预览（未日结）" in text
    assert "本报表为日结前预览" in text


def test_ledger_with_more_serials_than_received_warns_too(tmp_path: Path) -> None:
    r = samples.day_close()
    r = replace(r, ledger=replace(r.ledger, left=97))
    text = samples.squash(samples.plain_text(render_day_close(r), tmp_path))
    assert "不平！差额-1张（多出1张）" in text


def test_a_long_day_spans_pages_with_the_ticket_table_header(tmp_path: Path) -> None:
    r = samples.day_close()
    lines = tuple(replace(r.lines[0], ticket_number=f"784-20909{i:05d}") for i in range(90))
    pages = samples.read_pages(render_day_close(replace(r, lines=lines)), tmp_path)
    assert len(pages) >= 2
    for n, page in enumerate(pages, 1):
        assert f"第 {n} 页 / 共 {len(pages)} 页" in page.text()
    assert "行程单序号" in pages[-1].text()  # the header repeated over the rows
    numbers = [w.text for p in pages for w in p.words if w.text.startswith("784-20909")]
    assert numbers == [line.ticket_number for line in lines]


def test_day_close_document() -> None:
    doc = day_close_document(samples.unbalanced_day_close())
    assert doc.kind == "day_close"
    assert (doc.page_width_mm, doc.page_height_mm) == (210.0, 297.0)
    assert doc.meta["preview"] == "yes"
    assert doc.meta["balanced"] == "no"


# --- statement ---------------------------------------------------------------------------------


def statement_rows(pages: list[samples.Page]) -> list[list[str]]:
    """The statement's table rows in order: a line that starts with a date."""
    rows = []
    for page in pages:
        for line in page.lines():
            words = [w.text for w in line]
            if DATE.fullmatch(words[0]) and AMOUNT.fullmatch(words[-1]):
                rows.append(words)
    return rows


def test_statement_fields_read_back(tmp_path: Path) -> None:
    s = samples.statement(12)
    text = samples.squash(samples.plain_text(render_statement(s), tmp_path))
    for value in ("协议客户月结对账单", s.outlet_name, s.customer_name, "C0001",
                  "91150000114124101X", "2026-11-01至2026-11-30", "期初余额", "5230.00",
                  "期末余额", f"{s.closing_balance:.2f}", "信用额度", "200000.00", "编制人",
                  "李娜", "2026-12-0109:30", "0471-6961234", "第1页/共1页"):
        assert samples.squash(value) in text, value


@pytest.mark.parametrize("count", [12, 120])
def test_running_balance_row_by_row(count: int, tmp_path: Path) -> None:
    s = samples.statement(count)
    pages = samples.read_pages(render_statement(s), tmp_path)
    rows = statement_rows(pages)
    assert len(rows) == count
    balance = s.opening_balance
    for row, line in zip(rows, s.lines, strict=True):
        assert row[0] == line.day.isoformat()
        assert Decimal(row[-2]) == line.amount
        balance += line.amount
        assert Decimal(row[-1]) == balance, row
    assert balance == s.closing_balance
    assert running_balances(s)[-1] == s.closing_balance
    closing = [line for p in pages for line in p.lines() if line[0].text == "期末余额"]
    assert len(closing) == 1
    assert Decimal(closing[0][-1].text) == s.closing_balance


def test_long_statement_repeats_the_header_and_numbers_its_pages(tmp_path: Path) -> None:
    s = samples.statement(120)
    pages = samples.read_pages(render_statement(s), tmp_path)
    assert len(pages) >= 3
    header = ["日期", "类型", "电子客票号", "旅客", "航程", "金额", "余额"]
    for n, page in enumerate(pages, 1):
        assert (page.width_mm, page.height_mm) == pytest.approx((210.0, 297.0), abs=0.2)
        lines = [[w.text for w in line] for line in page.lines()]
        assert f"第 {n} 页 / 共 {len(pages)} 页" in page.text()
        if any(DATE.fullmatch(line[0]) for line in lines):
            assert header in lines, n
            first_row = next(i for i, line in enumerate(lines) if DATE.fullmatch(line[0]))
            assert lines.index(header) == first_row - 1  # right above the rows
        for w in page.words:
            assert w.bottom <= 297.0 - 8.0, w


def test_statement_closing_that_does_not_add_up_is_flagged(tmp_path: Path) -> None:
    s = samples.statement(6)
    wrong = replace(s, closing_balance=s.closing_balance + Decimal("10.00"))
    text = samples.squash(samples.plain_text(render_statement(wrong), tmp_path))
    assert "与期末余额不符" in text
    assert "与期末余额不符" not in samples.squash(samples.plain_text(render_statement(s),
                                                                  tmp_path))


def test_statement_document() -> None:
    doc = statement_document(samples.statement(3))
    assert doc.kind == "statement"
    assert (doc.page_width_mm, doc.page_height_mm) == (210.0, 297.0)
    assert doc.meta["customer"] == "C0001"
