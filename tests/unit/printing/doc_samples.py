"""Sample documents for the printing tests (import it, do not change it in place:
``dataclasses.replace`` a sample for a variant).

- :func:`boarding_pass`: 张三 on CZ3101 深圳 → 北京, seat 32A, sequence 1, gate unknown;
- :func:`confirmation` / :func:`gp_confirmation` / :func:`big_confirmation`: a walk-in sale
  paid in cash with change, a held GP booking, nine passengers;
- :func:`day_close` / :func:`unbalanced_day_close`: a closed day whose receipt ledger
  balances, and a preview where two serials are missing;
- :func:`statement`: an agreement customer's month, ``lines`` long.

It also reads a PDF back for the tests: :func:`read_pages` (words and their boxes in mm,
from ``pdftotext -bbox``), :func:`plain_text`, :func:`page_sizes_mm` (pdfinfo).
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from counter_app.domain.bcbp import encode_m1
from counter_app.printing.model import (
    BoardingPass,
    Confirmation,
    ConfirmationPassenger,
    ConfirmationSegment,
    DayCloseReport,
    DayCloseTicketLine,
    PaymentLine,
    ReceiptLedger,
    SerialEvent,
    Statement,
    StatementLine,
)

D = Decimal


def at(text: str) -> datetime:
    """A local (Asia/Shanghai) wall-clock time as the documents carry it: naive."""
    return datetime.fromisoformat(text)

# --- boarding pass -----------------------------------------------------------------------------


def boarding_pass(**changes: object) -> BoardingPass:
    code = encode_m1(name_latin="ZHANG/SAN", pnr="HX4K2P", origin="SZX", destination="PEK",
                     carrier="CZ", flight_number="3101", flight_date=date(2026, 11, 23),
                     compartment="Y", seat="32A", sequence=1)
    bp = BoardingPass(
        passenger_name="张三",
        name_latin="ZHANG/SAN",
        ticket_number="784-2090171140",
        pnr="HX4K2P",
        flight_no="CZ3101",
        carrier="CZ",
        dep_date=date(2026, 11, 23),
        dep_time=time(8, 0),
        origin="SZX",
        origin_name="深圳宝安",
        destination="PEK",
        destination_name="北京首都",
        class_code="Y",
        cabin_name="经济舱",
        seat="32A",
        sequence=1,
        bcbp=code,
    )
    return replace(bp, **changes)  # type: ignore[arg-type]


def gp_boarding_pass() -> BoardingPass:
    """A GP official with gate and boarding time known, a rare-character name."""
    code = encode_m1(name_latin="WANG/JI", pnr="KQ7M3A", origin="HET", destination="PEK",
                     carrier="CA", flight_number="1144", flight_date=date(2028, 2, 29),
                     compartment="C", seat="3C", sequence=57)
    return boarding_pass(
        passenger_name="王𠮷", name_latin="WANG/JI", ticket_number="999-2090171199",
        pnr="KQ7M3A", flight_no="CA1144", carrier="CA", dep_date=date(2028, 2, 29),
        dep_time=time(9, 35), origin="HET", origin_name="呼和浩特白塔", destination="PEK",
        destination_name="北京首都", class_code="C", cabin_name="公务舱", seat="3C",
        sequence=57, bcbp=code, gate="12", boarding_time=time(8, 55), gp_level="V3",
        ffp_number="CA012345678")


# --- confirmation ------------------------------------------------------------------------------

RULES_Y = ("起飞前168小时(含)以上：退票费0元，改期费0元；起飞前168小时至48小时：退票费123元，"
           "改期费62元；起飞前48小时至4小时：退票费246元，改期费123元；起飞前4小时以内及起飞后："
           "退票费369元，改期费185元")
NOTES = (
    "请携带订票时所用的有效身份证件原件乘机。",
    "国内航班于起飞前 45 分钟停止办理乘机手续，请预留充足时间。",
    "退票、改期请凭本确认单到原售票柜台办理，费用按所列规则收取。",
)
SZX_PEK = ConfirmationSegment(
    flight_no="CZ3101", origin="深圳宝安 SZX", destination="北京首都 PEK",
    dep_date=date(2026, 11, 23), dep_time=time(8, 0), arr_time=time(11, 20),
    class_code="Y", cabin_name="经济舱", aircraft="738", rules=RULES_Y)
PEK_SZX = ConfirmationSegment(
    flight_no="CZ3102", origin="北京首都 PEK", destination="深圳宝安 SZX",
    dep_date=date(2026, 11, 27), dep_time=time(19, 35), arr_time=time(23, 5),
    class_code="M", cabin_name="经济舱", aircraft="321",
    rules="起飞前48小时(含)以上：退票费186元，改期费93元；起飞前48小时以内及起飞后：退票费372元，"
          "改期费186元")


def passenger(name: str, kind: str, id_number: str, ticket: str, fare: str,
              insurance: str = "20.00", service_fee: str = "30.00") -> ConfirmationPassenger:
    f, cn, fuel, ins, fee = D(fare), D("50.00"), D("80.00"), D(insurance), D(service_fee)
    if kind != "成人":
        cn = D("0.00")
        fuel = D("40.00")
    return ConfirmationPassenger(
        name=name, passenger_type=kind, id_number=id_number, ticket_number=ticket, fare=f,
        cn_fund=cn, fuel_surcharge=fuel, insurance=ins, service_fee=fee,
        total=f + cn + fuel + ins + fee)


def confirmation() -> Confirmation:
    pax = (
        passenger("张三", "成人", "440304198001010015", "784-2090171140", "1230.00"),
        passenger("王𠮷", "儿童", "440304201503070026", "784-2090171141", "615.00"),
    )
    total = sum((p.total for p in pax), D(0))
    return Confirmation(
        pnr="HX4K2P",
        status="已出票",
        customer="散客",
        segments=(SZX_PEK,),
        passengers=pax,
        payments=(PaymentLine("现金", total, "", tendered=D("2200.00"),
                              change=D("2200.00") - total),),
        total=total,
        outlet_name="呼和浩特市邮政局新华大街营业厅",
        outlet_code="HET001",
        clerk_name="李娜",
        clerk_login="lina",
        issued_at=at("2026-11-20 14:32"),
        notes=NOTES,
    )


def gp_confirmation() -> Confirmation:
    pax = (passenger("阿卜杜拉·买买提", "成人", "650102197503150031", "784-2090171142",
                     "2337.50", insurance="0.00", service_fee="0.00"),)
    total = pax[0].total
    return replace(
        confirmation(), pnr="KQ7M3A", status="已订座", customer="内蒙古自治区财政厅",
        segments=(SZX_PEK, PEK_SZX), passengers=pax,
        payments=(PaymentLine("公务卡", total, "POS 000123 参考号 612345678901"),),
        total=total, gp_order_no="GP2026112300017",
        ticketing_deadline=at("2026-11-21 12:00"))


def big_confirmation(count: int = 9) -> Confirmation:
    """``count`` adults on a return trip, paid by two methods."""
    pax = tuple(
        passenger(f"旅客{i:02d}", "成人", f"44030419800101{i:04d}", f"784-20901712{i:02d}",
                  "1230.00")
        for i in range(1, count + 1))
    total = sum((p.total for p in pax), D(0))
    return replace(confirmation(), pnr="MX9Q2B", segments=(SZX_PEK, PEK_SZX), passengers=pax,
                   payments=(PaymentLine("银行卡", total - D("1000.00"), "6222****1234"),
                             PaymentLine("现金", D("1000.00"), "", D("1000.00"), D("0.00"))),
                   total=total)


# --- day close ---------------------------------------------------------------------------------


def day_close() -> DayCloseReport:
    events = (
        SerialEvent("0000123401", "used", "784-2090171140", at=at("2026-11-23 09:12"),
                    clerk="lina"),
        SerialEvent("0000123402", "voided", "784-2090171141", "打印错位，换开",
                    at("2026-11-23 10:05"), "lina"),
        SerialEvent("0000123403", "used", "784-2090171141", at=at("2026-11-23 10:06"),
                    clerk="lina"),
        SerialEvent("0000123404", "spoiled", "", "卡纸损坏", at("2026-11-23 15:40"),
                    "lina"),
    )
    ledger = ReceiptLedger(
        received=(("0000123401", "0000123450"), ("0000200001", "0000200050")),
        received_count=100, used=2, voided=1, spoiled=1, left=96, events=events)
    lines = (
        DayCloseTicketLine("784-2090171140", "张三", "SZX-PEK", D("1410.00"), "出票",
                           "0000123401"),
        DayCloseTicketLine("784-2090171141", "王𠮷", "SZX-PEK", D("745.00"), "出票",
                           "0000123403"),
        DayCloseTicketLine("999-2090171150", "李四", "HET-PEK", D("-180.00"), "退票"),
        DayCloseTicketLine("731-2090171151", "赵五", "HET-SHA", D("0.00"), "作废"),
    )
    return DayCloseReport(
        outlet_name="呼和浩特市邮政局新华大街营业厅",
        outlet_code="HET001",
        business_date=date(2026, 11, 23),
        closed_at=at("2026-11-23 18:30"),
        clerk_name="李娜",
        tickets_issued=2,
        tickets_voided=1,
        refunds=1,
        payments=(("现金", D("2155.00")), ("银行卡", D("0.00")), ("现金（退款）", D("-180.00"))),
        ledger=ledger,
        lines=lines,
    )


def unbalanced_day_close() -> DayCloseReport:
    report = day_close()
    return replace(report, closed_at=None, ledger=replace(report.ledger, left=94))


# --- statement ---------------------------------------------------------------------------------

KINDS = ("出票", "出票", "出票", "改期", "退票", "收款")


def statement(lines: int = 12) -> Statement:
    rows = []
    start = date(2026, 11, 1)
    for i in range(lines):
        kind = KINDS[i % len(KINDS)]
        amount = {"出票": D("1360.00") + i, "改期": D("120.00"), "退票": D("-980.50"),
                  "收款": D("-3000.00")}[kind]
        rows.append(StatementLine(
            day=start + timedelta(days=(i * 29) // max(lines, 1)),
            kind=kind,
            ticket_number="" if kind == "收款" else f"784-2090{171000 + i:06d}",
            passenger_name="" if kind == "收款" else f"员工{i:03d}",
            route="" if kind == "收款" else ("HET-PEK", "PEK-HET", "HET-SHA")[i % 3],
            amount=amount,
        ))
    opening = D("5230.00")
    closing = opening + sum((r.amount for r in rows), D(0))
    return Statement(
        customer_name="内蒙古伊利实业集团股份有限公司",
        customer_code="C0001",
        uscc="91150000114124101X",
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
        opening_balance=opening,
        lines=tuple(rows),
        closing_balance=closing,
        credit_limit=D("200000.00"),
        outlet_name="呼和浩特市邮政局新华大街营业厅",
        prepared_by="李娜",
        prepared_at=at("2026-12-01 09:30"),
        contact="0471-6961234 李娜",
    )


# --- reading a PDF back (pdftotext -bbox, pdfinfo) ------------------------------------------

MM = 72 / 25.4  # points per millimetre
DESCENT_EM = 0.2  # a word box's bottom is one descent (0.2 em) below the baseline


@dataclass(frozen=True)
class Word:
    text: str
    x0: float  # mm from the page's left edge
    x1: float
    top: float  # mm from the page's top edge
    bottom: float

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

    def lines(self, tolerance: float = 0.6) -> list[list[Word]]:
        """Words grouped by baseline, top to bottom, each line left to right."""
        out: list[list[Word]] = []
        for word in sorted(self.words, key=lambda w: (w.baseline, w.x0)):
            if out and abs(out[-1][0].baseline - word.baseline) <= tolerance:
                out[-1].append(word)
            else:
                out.append([word])
        return [sorted(line, key=lambda w: w.x0) for line in out]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>')


def read_pages(pdf: bytes, tmp_path: Path) -> list[Page]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                         check=True, text=True).stdout
    return [Page(float(w) / MM, float(h) / MM, tuple(
        Word(html.unescape(t), float(a) / MM, float(c) / MM, float(b) / MM, float(d) / MM)
        for a, b, c, d, t in _WORD.findall(body))) for w, h, body in _PAGE.findall(out)]


def plain_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "plain.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


def page_sizes_mm(pdf: bytes, tmp_path: Path) -> list[tuple[float, float]]:
    """Every page's size from pdfinfo, in millimetres."""
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True,
                          check=True, text=True).stdout
    return [(float(w) / MM, float(h) / MM)
            for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)]


def squash(value: str) -> str:
    """A text without any whitespace, to compare what pdftotext reads with what was meant
    (line breaks and spacing between words are the reader's choice)."""
    return re.sub(r"\s+", "", value)
