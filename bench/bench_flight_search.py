"""Flight search latency against a real local store (航班查询).

Builds a store in a temp folder with ``start_counter(data_dir, demo=True, today=...)``
(reference data plus the 65-day demo schedule), then times ``search_flights`` for several
city pairs over the next 30 days, each search in a fresh ``with store.read() as session:``
block as the GUI does. Target: ≤ 20 ms per search. Not a test: run it by hand.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from counter_app.kernel.clock import SHANGHAI
from counter_app.services.flights import search_flights
from counter_app.services.startup import start_counter
from counter_app.storage.models import Flight

TARGET_MS = 20.0
PAIRS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("PEK",), ("SZX",)),
    (("PEK", "PKX"), ("SHA", "PVG")),
    (("HET",), ("PEK",)),
    (("CTU",), ("CAN",)),
    (("SZX",), ("HET",)),
]


def percentile(sorted_values: list[float], pct: float) -> float:
    k = min(len(sorted_values) - 1, max(0, round(pct / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30, help="days ahead to search (default 30)")
    parser.add_argument("--rounds", type=int, default=2, help="passes over pairs x days")
    args = parser.parse_args()

    today = datetime.now(SHANGHAI).date()
    with tempfile.TemporaryDirectory(prefix="counter-bench-") as tmp:
        t0 = time.perf_counter()
        started = start_counter(Path(tmp), demo=True, today=today)
        build_s = time.perf_counter() - t0
        store = started.store
        try:
            with store.read() as session:
                n_flights = session.scalar(select(func.count()).select_from(Flight))
            print(
                f"store built in {build_s:.1f} s: {n_flights} flights, "
                f"{len(started.places)} airports"
            )

            times_ms: list[float] = []
            per_pair: dict[str, list[float]] = {}
            found: dict[str, list[int]] = {}
            for _ in range(args.rounds):
                for origins, destinations in PAIRS:
                    label = f"{'/'.join(origins)}→{'/'.join(destinations)}"
                    for offset in range(args.days):
                        day = today + timedelta(days=offset)
                        now = datetime.now(UTC)
                        t = time.perf_counter_ns()
                        with store.read() as session:
                            offers = search_flights(session, origins, destinations, day, now)
                        ms = (time.perf_counter_ns() - t) / 1e6
                        times_ms.append(ms)
                        per_pair.setdefault(label, []).append(ms)
                        found.setdefault(label, []).append(len(offers))
        finally:
            store.close()

    print(f"{'pair':<16}{'searches':>9}{'median ms':>11}{'p95 ms':>9}{'flights/search':>16}")
    for label, values in per_pair.items():
        ordered = sorted(values)
        print(
            f"{label:<16}{len(values):>9}{statistics.median(ordered):>11.2f}"
            f"{percentile(ordered, 95):>9.2f}{statistics.mean(found[label]):>16.1f}"
        )
    ordered = sorted(times_ms)
    med = statistics.median(ordered)
    p95 = percentile(ordered, 95)
    mean_found = statistics.mean(n for v in found.values() for n in v)
    verdict = "OK" if p95 <= TARGET_MS else "MISSES TARGET"
    print()
    print(
        f"flight search: median {med:.2f} ms, p95 {p95:.2f} ms, max {ordered[-1]:.2f} ms over "
        f"{len(times_ms)} searches, {mean_found:.1f} flights/search "
        f"(target ≤ {TARGET_MS:.0f} ms, {verdict})"
    )


if __name__ == "__main__":
    main()
