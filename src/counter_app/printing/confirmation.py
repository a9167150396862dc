"""The customer's booking confirmation and sales receipt (订座确认单 / 销售凭证) as PDF.

Three papers: A4 and A5 portrait (office printers; a long booking flows onto more pages,
each numbered "第 n 页 / 共 m 页") and an 80 mm thermal roll (72 mm printable, one column,
the page as tall as the content: a roll has no page breaks).

What it says: the outlet and the title; PNR, status, customer, GP order number, the
ticketing deadline of a held booking; the segments (flight, date, from → to, times,
class/cabin, aircraft); per passenger the name, type, ID as given, ticket number and the
amounts (fare, CAAC development fund, fuel surcharge, insurance, service fee, total); the
total; the payments (method, amount, reference, cash tendered and change); the change and
refund rules of each segment, wrapped; the notices; the counter, the clerk and when it was
issued. Amounts are right-aligned in their column.

The page flow (blocks, tables, pages) is :mod:`.flow`.
"""

from __future__ import annotations

from reportlab.lib.units import mm

from counter_app.printing import fonts
from counter_app.printing.flow import (
    CELL_PAD_MM,
    MUTED,
    SHEETS,
    Cell,
    Column,
    Flow,
    Paper,
    amount,
    day,
    hm,
    render_blocks,
    stamp,
)
from counter_app.printing.model import Confirmation, ConfirmationPassenger, Document

# --- the confirmation --------------------------------------------------------------------------

TITLE = "订座确认单 / 销售凭证"
TITLE_EN = "BOOKING CONFIRMATION / SALES RECEIPT"
AMOUNT_LABELS = ("票价", "民航发展基金", "燃油附加费", "保险费", "服务费", "合计")


def _amounts(p: ConfirmationPassenger) -> list[str]:
    return [amount(v) for v in (p.fare, p.cn_fund, p.fuel_surcharge, p.insurance,
                                p.service_fee, p.total)]


def _route(origin: str, destination: str) -> str:
    return f"{origin} → {destination}"


def _head(flow: Flow, c: Confirmation, wide: bool) -> None:
    s = flow.sheet.size_pt
    middle = flow.left + flow.width / 2
    flow.line([Cell(middle, c.outlet_name, "center", s + 2.5, width_mm=flow.width)])
    flow.line([Cell(middle, TITLE, "center", s + 5, width_mm=flow.width)])
    flow.line([Cell(middle, TITLE_EN, "center", s - 1.5, width_mm=flow.width, ink=MUTED)])
    flow.space(1.5)
    facts = [("订座记录 PNR", c.pnr), ("状态", c.status), ("客户", c.customer),
             ("GP单号", c.gp_order_no),
             ("出票时限", "" if c.ticketing_deadline is None else stamp(c.ticketing_deadline))]
    if wide:
        flow.pairs(facts, 2, label_share=0.3)
    else:
        for label, value in facts:
            if value:
                flow.line([Cell(flow.left, label, ink=MUTED),
                           Cell(flow.left + 20, value, width_mm=flow.width - 20)])


def _wide(flow: Flow, c: Confirmation) -> None:
    s = flow.sheet.size_pt
    _head(flow, c, wide=True)
    flow.heading("航班信息")
    flow.table(
        [[Column("航班", 11), Column("日期", 14), Column("航程", 40), Column("起飞", 8),
          Column("到达", 8), Column("舱位", 13), Column("机型", 8)]],
        [[[seg.flight_no, day(seg.dep_date), _route(seg.origin, seg.destination),
           hm(seg.dep_time), hm(seg.arr_time), f"{seg.class_code} {seg.cabin_name}",
           seg.aircraft]] for seg in c.segments])
    flow.heading("旅客与票价（元）")
    amount_cols = [Column(label, 1, "right") for label in AMOUNT_LABELS]
    flow.table(
        [[Column("姓名", 1), Column("类型", 1), Column("证件号码", 2, font=fonts.MONO),
          Column("电子客票号", 2, font=fonts.MONO)], amount_cols],
        [[[p.name, p.passenger_type, p.id_number, p.ticket_number], _amounts(p)]
         for p in c.passengers])
    flow.space(1.0)
    total = f"CNY {amount(c.total)}"
    total_w = fonts.text_width(total, s + 1.5) / mm
    flow.line([Cell(flow.right - CELL_PAD_MM - total_w - 4, "应收合计 TOTAL", "right", s + 1),
               Cell(flow.right - CELL_PAD_MM, total, "right", s + 1.5)])
    if c.payments:
        flow.heading("付款")
        flow.table(
            [[Column("付款方式", 2.0), Column("参考号", 3.0), Column("金额", 1.3, "right"),
              Column("实收", 1.3, "right"), Column("找零", 1.3, "right")]],
            [[[pay.method, pay.reference, amount(pay.amount),
               "" if pay.tendered is None else amount(pay.tendered),
               "" if pay.change is None else amount(pay.change)]] for pay in c.payments])
    _rules_and_notes(flow, c)
    flow.space(3.0)
    flow.pairs([("售票柜台", f"{c.outlet_name}（{c.outlet_code}）"),
                ("经办人", f"{c.clerk_name}（{c.clerk_login}）"),
                ("打印时间", stamp(c.issued_at))], 1, label_share=0.14)


def _rules_and_notes(flow: Flow, c: Confirmation) -> None:
    s = flow.sheet.size_pt
    if c.extra_seats:
        flow.heading("额外座位 EXST")
        for line in c.extra_seats:
            flow.text(line, s - 0.5)
    if any(seg.rules for seg in c.segments):
        flow.heading("退改规则")
        for seg in c.segments:
            if not seg.rules:
                continue
            flow.line([Cell(flow.left, f"{seg.flight_no} {_route(seg.origin, seg.destination)}"
                            f" {seg.class_code}舱", width_mm=flow.width)], keep_with_next=True)
            flow.text(seg.rules, s - 0.5, indent=3.0)
    if c.notes:
        flow.heading("注意事项")
        for i, note in enumerate(c.notes, 1):
            flow.text(f"{i}. {note}", s - 0.5)


def _narrow(flow: Flow, c: Confirmation) -> None:
    s = flow.sheet.size_pt
    _head(flow, c, wide=False)
    flow.separator()
    flow.line([Cell(flow.left, "航班信息", size=s + 1)])
    for seg in c.segments:
        flow.line([Cell(flow.left, seg.flight_no, size=s + 1),
                   Cell(flow.right, day(seg.dep_date), "right", s + 1)])
        flow.text(_route(seg.origin, seg.destination))
        flow.line([Cell(flow.left, f"{hm(seg.dep_time)} - {hm(seg.arr_time)}"),
                   Cell(flow.left + 26, f"{seg.class_code} {seg.cabin_name}"),
                   Cell(flow.right, seg.aircraft, "right")])
        flow.space(1.0)
    flow.separator()
    flow.line([Cell(flow.left, "旅客与票价（元）", size=s + 1)])
    for p in c.passengers:
        flow.line([Cell(flow.left, p.name, size=s + 1, width_mm=flow.width - 14),
                   Cell(flow.right, p.passenger_type, "right")])
        flow.line([Cell(flow.left, "证件", ink=MUTED),
                   Cell(flow.left + 12, p.id_number, font=fonts.MONO, width_mm=flow.width - 12)])
        flow.line([Cell(flow.left, "票号", ink=MUTED),
                   Cell(flow.left + 12, p.ticket_number, font=fonts.MONO,
                        width_mm=flow.width - 12)])
        for label, value in zip(AMOUNT_LABELS, _amounts(p), strict=True):
            flow.amount_line(label, value, indent=2.0)
        flow.space(1.0)
    flow.separator(dash=False)
    flow.amount_line("应收合计 TOTAL", f"CNY {amount(c.total)}", s + 2)
    if c.payments:
        flow.separator()
        flow.line([Cell(flow.left, "付款", size=s + 1)])
        for pay in c.payments:
            flow.amount_line(pay.method, amount(pay.amount))
            if pay.reference:
                flow.line([Cell(flow.left + 2, "参考号", ink=MUTED),
                           Cell(flow.right, pay.reference, "right", width_mm=flow.width - 16)])
            if pay.tendered is not None:
                flow.amount_line("实收", amount(pay.tendered), indent=2.0)
            if pay.change is not None:
                flow.amount_line("找零", amount(pay.change), indent=2.0)
    flow.separator()
    _rules_and_notes(flow, c)
    flow.separator()
    flow.text(f"售票柜台 {c.outlet_name}（{c.outlet_code}）")
    flow.text(f"经办人 {c.clerk_name}（{c.clerk_login}）")
    flow.text(f"打印时间 {stamp(c.issued_at)}")


def confirmation_blocks(c: Confirmation, paper: Paper) -> Flow:
    """The confirmation laid out for ``paper``, before pagination."""
    if paper not in SHEETS:
        raise ValueError(f"未知纸型 (unknown paper): {paper!r}")
    flow = Flow(SHEETS[paper])
    if paper == "80mm":
        _narrow(flow, c)
    else:
        _wide(flow, c)
    return flow


def _title(c: Confirmation) -> str:
    return f"订座确认单 {c.pnr}"


def _render(c: Confirmation, paper: Paper) -> tuple[bytes, float]:
    flow = confirmation_blocks(c, paper)
    return render_blocks(flow.blocks, flow.sheet, _title(c),
                         footer_left=f"{c.pnr} {stamp(c.issued_at)}")


def render_confirmation(c: Confirmation, *, paper: Paper = "A4") -> bytes:
    """The confirmation as PDF on A4 or A5 portrait (paged) or an 80 mm roll (one page)."""
    return _render(c, paper)[0]


def confirmation_document(c: Confirmation, paper: Paper = "A4") -> Document:
    """The confirmation as a :class:`~.model.Document`; a roll's page height is the grown
    height of this document."""
    pdf, height = _render(c, paper)
    return Document(title=_title(c), pdf=pdf, page_width_mm=SHEETS[paper].width_mm,
                    page_height_mm=height, kind="confirmation",
                    meta={"pnr": c.pnr, "paper": paper})
