"""Per-keystroke cost of the city/airport lookup (城市/机场检索).

Builds ``counter_app.domain.places.PlaceIndex`` from ``resources/data/airports.json`` and
replays a clerk typing queries one keystroke at a time (every prefix of ``shenzhen``,
``深圳``, ``hohhot``, ``ulanqab``…), timing each ``lookup()`` call with
``time.perf_counter_ns``. Target: ≤ 5 ms per keystroke. Not a test: run it by hand.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from counter_app.domain.places import AirportInfo, PlaceIndex

TARGET_MS = 5.0
REPO = Path(__file__).resolve().parent.parent
DEFAULT_AIRPORTS = REPO / "resources" / "data" / "airports.json"
QUERIES = [
    "s",
    "sz",
    "szx",
    "shenzhen",
    "深",
    "深圳",
    "b",
    "bj",
    "beijing",
    "h",
    "hh",
    "hhh",
    "hhht",
    "hohhot",
    "x",
    "xi",
    "xian",
    "u",
    "ul",
    "ula",
    "ulanqab",
]


def keystrokes(queries: list[str]) -> list[str]:
    """Every prefix of every query, in typing order (repeats kept: the clerk retypes)."""
    return [q[:n] for q in queries for n in range(1, len(q) + 1)]


def load_airports(path: Path) -> list[AirportInfo]:
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = data["airports"] if isinstance(data, dict) else data
    return [
        AirportInfo(
            iata=r["iata"],
            name_zh=r["name_zh"],
            city_zh=r["city_zh"],
            province_zh=r.get("province_zh", ""),
            city_en=r.get("city_en", ""),
            city_pinyin=r.get("city_pinyin", ""),
            city_initials=r.get("city_initials", ""),
            airport_pinyin=r.get("airport_pinyin", ""),
            name_en=r.get("name_en", ""),
            weight=0,
        )
        for r in rows
    ]


def percentile(sorted_values: list[float], pct: float) -> float:
    k = min(len(sorted_values) - 1, max(0, round(pct / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--airports", type=Path, default=DEFAULT_AIRPORTS)
    parser.add_argument("--repeat", type=int, default=200, help="timings per keystroke")
    args = parser.parse_args()

    airports = load_airports(args.airports)
    t0 = time.perf_counter()
    index = PlaceIndex(airports)
    build_ms = (time.perf_counter() - t0) * 1000
    strokes = keystrokes(QUERIES)

    samples_ms: list[float] = []
    worst: dict[str, float] = {}
    for _ in range(args.repeat):
        for text in strokes:
            t = time.perf_counter_ns()
            index.lookup(text)
            ms = (time.perf_counter_ns() - t) / 1e6
            samples_ms.append(ms)
            worst[text] = max(worst.get(text, 0.0), ms)

    ordered = sorted(samples_ms)
    med = statistics.median(ordered)
    p95 = percentile(ordered, 95)
    peak = ordered[-1]
    print(f"airports: {len(airports)} ({len(index)} indexed), index built in {build_ms:.1f} ms")
    print(f"keystrokes: {len(strokes)} prefixes x {args.repeat} = {len(samples_ms)} lookups")
    print("slowest keystrokes (max ms):")
    for text, ms in sorted(worst.items(), key=lambda kv: -kv[1])[:5]:
        median_for = statistics.median(
            samples_ms[i] for i in range(len(samples_ms)) if strokes[i % len(strokes)] == text
        )
        print(
            f"  {text!r:<12} max {ms:7.3f}  median {median_for:7.3f}  "
            f"-> {[p.code for p in index.lookup(text)][:5]}"
        )
    verdict = "OK" if p95 <= TARGET_MS else "MISSES TARGET"
    print()
    print(
        f"city lookup: median {med:.3f} ms, p95 {p95:.3f} ms, max {peak:.3f} ms per keystroke "
        f"over {len(airports)} airports (target ≤ {TARGET_MS:.0f} ms, {verdict})"
    )


if __name__ == "__main__":
    main()
