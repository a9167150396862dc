"""Time to render itinerary receipts (行程单) to PDF.

Measures, in one fresh process: the first receipt (cold: font registration, reading the
bundled TTC and the first document included), then ``--runs`` single receipts rendered one
by one with ``render_receipt`` (median, p95, max, per mode), then a batch of ``--batch``
receipts rendered with ``render_receipts`` into one PDF (total, per page, file size). The
receipts vary: one-way, return and four-coupon tickets, Chinese, Uyghur and Extension-B names
(𠮷), a GP order number on every third one, each with its own serial and ticket number.
Target: ≤ 30 ms per receipt after the first (judged on the median of plain-paper singles,
the heavier mode). Not a test: run it by hand, ``python bench/bench_receipt.py``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, timedelta
from datetime import time as clock
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from counter_app.printing.model import ItineraryReceipt

TARGET_MS = 30.0

NAMES = ("王𠮷", "阿卜杜拉·买买提", "张三", "欧阳娜娜", "李㛃", "司马相如")
LEGS = (
    ("深圳 SZX", "北京 PEK", "CZ", "CZ3101"),
    ("北京 PEK", "呼和浩特 HET", "CA", "CA1103"),
    ("呼和浩特 HET", "上海 SHA", "MU", "MU5604"),
    ("上海 SHA", "深圳 SZX", "ZH", "ZH9508"),
)


def percentile(sorted_values: list[float], pct: float) -> float:
    k = min(len(sorted_values) - 1, max(0, round(pct / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def make_receipts(count: int) -> list[ItineraryReceipt]:
    """``count`` receipts, each a little different (built here so the bench needs no tests)."""
    from counter_app.printing.model import ItineraryReceipt, ReceiptSegment

    out: list[ItineraryReceipt] = []
    for n in range(count):
        legs = LEGS[: (1, 2, 4)[n % 3]]
        day = date(2026, 11, 23) + timedelta(days=n % 30)
        segments = tuple(
            ReceiptSegment(origin=o, destination=d, carrier=c, flight_no=f,
                           class_code="Y", dep_date=day + timedelta(days=i),
                           dep_time=clock(7 + i, 5 * (n % 12)), fare_basis="Y",
                           not_valid_before=day, not_valid_after=day + timedelta(days=365))
            for i, (o, d, c, f) in enumerate(legs))
        fare = Decimal(1000 + 10 * (n % 50)) * len(segments)
        cn, yq = Decimal(50) * len(segments), Decimal(80) * len(segments)
        out.append(ItineraryReceipt(
            passenger_name=NAMES[n % len(NAMES)],
            id_number=f"44030419800101{n % 10000:04d}",
            endorsements="不得签转 变更退票按规定收费",
            segments=segments,
            fare=fare, cn_fund=cn, fuel_surcharge=yq, other_taxes=Decimal(0),
            insurance=Decimal(20), total=fare + cn + yq,
            ticket_number=f"784-{2090171140 + n}",
            serial=f"{123456 + n:010d}",
            agent_code="HET001",
            issued_by="呼和浩特市邮政局新华大街营业厅",
            issue_date=date(2026, 11, 20),
            notices="验真请登录 www.travelsky.com.cn 或致电 4008158888",
            gp_order_no=f"GP20261123{n:05d}" if n % 3 == 0 else "",
        ))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="single receipts per mode")
    parser.add_argument("--batch", type=int, default=200, help="receipts in the batch PDF")
    args = parser.parse_args()

    t0 = time.perf_counter()
    from counter_app.printing import itinerary
    from counter_app.printing.model import Calibration
    import_ms = (time.perf_counter() - t0) * 1000
    calibration = Calibration(offset_x_mm=1.5, offset_y_mm=-0.5)
    receipts = make_receipts(max(args.runs, args.batch) + 1)

    t0 = time.perf_counter()
    first = itinerary.render_receipt(receipts[0], mode="plain")
    cold_ms = (time.perf_counter() - t0) * 1000
    print(f"import itinerary: {import_ms:.0f} ms; first receipt (cold, fonts registered "
          f"on the way): {cold_ms:.0f} ms, {len(first) / 1024:.1f} KiB")

    medians: dict[str, float] = {}
    print(f"{'single receipts':<24}{'runs':>6}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}"
          f"{'KiB/PDF':>9}")
    modes: tuple[itinerary.Mode, ...] = ("plain", "overlay")
    for mode in modes:
        samples: list[float] = []
        size = 0
        for receipt in receipts[1 : args.runs + 1]:
            start = time.perf_counter_ns()
            pdf = itinerary.render_receipt(receipt, mode=mode, calibration=calibration)
            samples.append((time.perf_counter_ns() - start) / 1e6)
            size += len(pdf)
        ordered = sorted(samples)
        medians[mode] = statistics.median(ordered)
        print(f"{mode:<24}{len(samples):>6}{medians[mode]:>11.1f}"
              f"{percentile(ordered, 95):>9.1f}{ordered[-1]:>9.1f}"
              f"{size / len(samples) / 1024:>9.1f}")

    print()
    batch = receipts[: args.batch]
    for mode in modes:
        t = time.perf_counter()
        pdf = itinerary.render_receipts(batch, mode=mode, calibration=calibration)
        total_s = time.perf_counter() - t
        print(f"batch {mode:<8} {len(batch)} receipts in one PDF: {total_s:.2f} s, "
              f"{total_s * 1000 / len(batch):.1f} ms/page, {len(pdf) / 1024:.0f} KiB "
              f"({len(pdf) / len(batch) / 1024:.1f} KiB/page)")

    t = time.perf_counter()
    grid = itinerary.render_test_grid(calibration)
    print(f"calibration grid: {(time.perf_counter() - t) * 1000:.1f} ms, "
          f"{len(grid) / 1024:.1f} KiB")

    verdict = "OK" if medians["plain"] <= TARGET_MS else "MISSES TARGET"
    print()
    print(f"receipt: median {medians['plain']:.1f} ms plain, {medians['overlay']:.1f} ms "
          f"overlay per receipt after the first ({cold_ms:.0f} ms cold); "
          f"target ≤ {TARGET_MS:.0f} ms, {verdict}")


if __name__ == "__main__":
    main()
