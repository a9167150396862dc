"""Counter reports as PDF, A4 portrait, paged with "第 n 页 / 共 m 页":

- :func:`render_day_close`: the day close (柜台日结): outlet, business date, when it was
  closed (or "预览（未日结）" before the close), clerk; tickets issued, voided, refunded;
  payments by method and their net total; the receipt serial ledger (行程单领用存) with its
  balance check ("账实相符", or a red "不平" warning with the difference) and the voided and
  spoiled serials with their reasons; the ticket lines; signature lines.
- :func:`render_statement`: an agreement customer's monthly statement (协议客户月结对账单):
  the customer, its code and unified social credit code, the period, opening balance, the
  lines with a running balance (the table header repeats on every page), closing balance,
  credit limit, outlet, who prepared it and when, the contact.

Both are built with the page flow of :mod:`.confirmation`.
"""

from __future__ import annotations

from decimal import Decimal

from counter_app.printing import fonts
from counter_app.printing.flow import (
    MUTED,
    SHEETS,
    WARN_INK,
    Cell,
    Column,
    Flow,
    amount,
    day,
    render_paged,
    sheet_document,
    stamp,
)
from counter_app.printing.model import DayCloseReport, Document, ReceiptLedger, Statement

A4 = SHEETS["A4"]
PREVIEW = "预览（未日结）"
BALANCED = "账实相符"
UNBALANCED = "不平"
STATUS_NAMES = {"used": "已用", "voided": "作废", "spoiled": "损坏"}


def _title_block(flow: Flow, title: str, subtitle: str) -> None:
    s = flow.sheet.size_pt
    middle = flow.left + flow.width / 2
    flow.line([Cell(middle, subtitle, "center", s + 2, width_mm=flow.width)])
    flow.line([Cell(middle, title, "center", s + 6, width_mm=flow.width)])
    flow.space(2.0)


# --- day close -----------------------------------------------------------------------------


def ledger_difference(ledger: ReceiptLedger) -> int:
    """Received minus accounted for (used, voided, spoiled, left): 0 when balanced, positive
    when serials are missing, negative when more are accounted for than were received."""
    return ledger.received_count - (ledger.used + ledger.voided + ledger.spoiled + ledger.left)


def balance_text(ledger: ReceiptLedger) -> str:
    """The ledger's balance line as printed."""
    accounted = ledger.used + ledger.voided + ledger.spoiled + ledger.left
    if ledger.balanced:
        return f"核对结果：{BALANCED}（领用 {ledger.received_count} = 已用 + 作废 + 损坏 + 结存）"
    diff = ledger_difference(ledger)
    what = f"短少 {diff} 张" if diff > 0 else f"多出 {-diff} 张"
    return (f"核对结果：{UNBALANCED}！差额 {diff:+d} 张（{what}）：领用 {ledger.received_count}，"
            f"已用 + 作废 + 损坏 + 结存 = {accounted}，请立即核查并报告主管")


def _day_close(flow: Flow, r: DayCloseReport) -> None:
    s = flow.sheet.size_pt
    _title_block(flow, "柜台日结报表", r.outlet_name)
    closed = PREVIEW if r.closed_at is None else stamp(r.closed_at)
    flow.pairs([("营业网点", f"{r.outlet_name}（{r.outlet_code}）"),
                ("营业日期", day(r.business_date)),
                ("日结时间", closed), ("经办人", r.clerk_name)], 2, label_share=0.25)
    if r.closed_at is None:
        flow.text("本报表为日结前预览，数据以正式日结为准。", ink=WARN_INK)

    flow.heading("票务统计")
    flow.table([[Column("出票（张）", 1, "right"), Column("作废（张）", 1, "right"),
                 Column("退票（张）", 1, "right")]],
               [[[str(r.tickets_issued), str(r.tickets_voided), str(r.refunds)]]])

    flow.heading("收款汇总（元）")
    net = sum((value for _, value in r.payments), Decimal(0))
    flow.table([[Column("付款方式", 3), Column("金额", 1.2, "right")]],
               [[[method, amount(value)]] for method, value in r.payments])
    flow.line([Cell(flow.left + 1.2, "净额合计", size=s + 1),
               Cell(flow.left + flow.width - 1.2, amount(net), "right", s + 1)])

    ledger = r.ledger
    flow.heading("行程单领用存")
    flow.table([[Column("领用号段 起", 1.4, font=fonts.MONO),
                 Column("领用号段 止", 1.4, font=fonts.MONO), Column("张数", 1, "right")]],
               [[[first, last, str(int(last) - int(first) + 1)]] for first, last in
                ledger.received])
    flow.space(1.0)
    flow.table([[Column("领用", 1, "right"), Column("已用", 1, "right"),
                 Column("作废", 1, "right"), Column("损坏", 1, "right"),
                 Column("结存", 1, "right")]],
               [[[str(ledger.received_count), str(ledger.used), str(ledger.voided),
                  str(ledger.spoiled), str(ledger.left)]]])
    flow.space(1.0)
    flow.text(balance_text(ledger), s + 1, ink=(0.0, 0.45, 0.1) if ledger.balanced else WARN_INK)
    problems = [e for e in ledger.events if e.status in ("voided", "spoiled")]
    if problems:
        flow.heading("作废 / 损坏行程单明细")
        flow.table([[Column("印刷序号", 1.5, font=fonts.MONO), Column("状态", 0.7),
                     Column("电子客票号", 1.8, font=fonts.MONO), Column("原因", 2.6),
                     Column("时间", 1.4), Column("经办", 0.9)]],
                   [[[e.serial, STATUS_NAMES.get(e.status, e.status), e.ticket_number, e.reason,
                      "" if e.at is None else stamp(e.at), e.clerk]] for e in problems])

    flow.heading("票务明细")
    flow.table([[Column("电子客票号", 1.8, font=fonts.MONO), Column("旅客", 1.4),
                 Column("航程", 1.2), Column("状态", 0.8),
                 Column("行程单序号", 1.6, font=fonts.MONO), Column("金额", 1.2, "right")]],
               [[[line.ticket_number, line.passenger_name, line.route, line.status,
                  line.receipt_serial, amount(line.amount)]] for line in r.lines])

    flow.space(12.0)
    flow.sign_line("经办人签字：________________", "复核（主管）签字：________________", s + 1)
    flow.space(4.0)
    flow.sign_line("日期：________________", "日期：________________", s + 1)


def _day_close_title(r: DayCloseReport) -> str:
    return f"日结报表 {r.outlet_code} {day(r.business_date)}"


def render_day_close(r: DayCloseReport) -> bytes:
    """The day close report on A4 portrait."""
    foot = f"{r.outlet_code} {day(r.business_date)}" + (f" {PREVIEW}" if r.closed_at is None
                                                         else "")
    return render_paged(A4, _day_close_title(r), foot, lambda flow: _day_close(flow, r))


def day_close_document(r: DayCloseReport) -> Document:
    return sheet_document(A4, _day_close_title(r), render_day_close(r), "day_close",
                          {"outlet": r.outlet_code, "business_date": day(r.business_date),
                           "preview": "yes" if r.closed_at is None else "no",
                           "balanced": "yes" if r.ledger.balanced else "no"})


# --- statement -----------------------------------------------------------------------------


def running_balances(s: Statement) -> list[Decimal]:
    """The balance after each line: opening balance plus the lines so far."""
    out = []
    balance = s.opening_balance
    for line in s.lines:
        balance += line.amount
        out.append(balance)
    return out


def _statement(flow: Flow, s: Statement) -> None:
    size = flow.sheet.size_pt
    _title_block(flow, "协议客户月结对账单", s.outlet_name)
    flow.pairs([("客户名称", s.customer_name), ("客户编号", s.customer_code),
                ("统一社会信用代码", s.uscc),
                ("对账期间", f"{day(s.period_start)} 至 {day(s.period_end)}"),
                ("信用额度", amount(s.credit_limit)), ("币种", "人民币（元）")], 2,
               label_share=0.36)
    flow.space(1.5)
    right = flow.left + flow.width - 1.2
    flow.line([Cell(flow.left + 1.2, "期初余额", size=size + 1),
               Cell(right, amount(s.opening_balance), "right", size + 1)])
    balances = running_balances(s)
    flow.table([[Column("日期", 1.2), Column("类型", 0.7), Column("电子客票号", 1.7,
                                                                font=fonts.MONO),
                 Column("旅客", 1.2), Column("航程", 1.0), Column("金额", 1.2, "right"),
                 Column("余额", 1.3, "right")]],
               [[[day(line.day), line.kind, line.ticket_number, line.passenger_name,
                  line.route, amount(line.amount), amount(balance)]]
                for line, balance in zip(s.lines, balances, strict=True)])
    flow.space(1.0)
    charges = sum((line.amount for line in s.lines if line.amount > 0), Decimal(0))
    credits = sum((line.amount for line in s.lines if line.amount < 0), Decimal(0))
    flow.line([Cell(flow.left + 1.2, f"本期应收 {amount(charges)}"),
               Cell(flow.left + flow.width / 3, f"本期冲减/收款 {amount(credits)}")])
    flow.line([Cell(flow.left + 1.2, "期末余额", size=size + 1),
               Cell(right, amount(s.closing_balance), "right", size + 1)], keep_with_next=True)
    available = s.credit_limit - s.closing_balance
    flow.line([Cell(flow.left + 1.2, f"信用额度 {amount(s.credit_limit)}"),
               Cell(flow.left + flow.width / 3, f"可用额度 {amount(available)}")])
    if balances and balances[-1] != s.closing_balance:
        flow.text(f"注意：期初余额加本期发生额为 {amount(balances[-1])}，与期末余额不符，"
                  "请核查。", ink=WARN_INK)
    flow.space(3.0)
    flow.text("请于收到本对账单后 7 日内核对，如有疑问请与我们联系；逾期未回复视为无误。",
              ink=MUTED)
    flow.space(2.0)
    flow.pairs([("编制单位", s.outlet_name), ("编制人", s.prepared_by),
                ("编制时间", stamp(s.prepared_at)), ("联系方式", s.contact)], 2,
               label_share=0.25)
    flow.space(10.0)
    flow.sign_line("客户确认（盖章）：________________", "日期：________________", size + 1)


def _statement_title(s: Statement) -> str:
    return f"对账单 {s.customer_code} {day(s.period_start)}~{day(s.period_end)}"


def render_statement(s: Statement) -> bytes:
    """The monthly statement on A4 portrait, as many pages as its lines need."""
    foot = f"{s.customer_name} {day(s.period_start)} 至 {day(s.period_end)}"
    return render_paged(A4, _statement_title(s), foot, lambda flow: _statement(flow, s))


def statement_document(s: Statement) -> Document:
    return sheet_document(A4, _statement_title(s), render_statement(s), "statement",
                          {"customer": s.customer_code, "period_start": day(s.period_start),
                           "period_end": day(s.period_end)})
