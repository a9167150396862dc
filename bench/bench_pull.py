"""Initial pull of 100,000 reference rows into an empty counter (首次全量下载).

Builds 100,000 synthetic flight changes (the bulkiest pulled entity; their airports,
airline and seat layout first) as head office would page them (5,000 per page, the
protocol's maximum), then:

* **counter**: ``apply_page`` per page, each page and its cursor in its own unit of work,
  as the sync engine does (rows + ``pulled_versions`` + cursor), into a freshly migrated
  counter store;
* **counter + parse**: the same, starting from each page's JSON bytes
  (``PullResponse.model_validate_json``), i.e. everything after the HTTP read;
* **bare**: the same 100,000 rows, already converted, inserted with one plain
  ``sqlite3`` ``executemany`` in one transaction into the ``flights`` table of another
  freshly migrated store (same indexes), the floor any pull could reach.

Prints rows/s for each, the ratio counter / bare (target ≤ 3×), and peak memory
(``tracemalloc`` peak of Python allocations during the apply, and the process's max RSS).
Runs are interleaved and the best of ``--runs`` is kept. Not a test: run it by hand from the
repository root.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from counter_app.storage.db import open_store
from counter_app.sync import protocol
from counter_app.sync.pull import apply_page

TARGET_RATIO = 3.0
PAGE = protocol.MAX_PULL_LIMIT
# The pull's server time and the flights' days follow the real date: the bench runs on any.
NOW = datetime.now(UTC).replace(microsecond=0)
FIRST_DAY = NOW.date() - timedelta(days=3)


def airport(code: str) -> dict[str, Any]:
    return {"iata": code, "icao": "Z" + code, "name_zh": f"{code}机场", "city_zh": f"{code}市",
            "province_zh": "", "name_en": code, "city_en": code, "city_pinyin": code.lower(),
            "city_initials": code[:1].lower(), "lat": 40.8, "lon": 111.8,
            "tz": "Asia/Shanghai", "domestic": True}


def parents() -> list[protocol.Change]:
    reference = protocol.Scope.REFERENCE
    data = [
        ("airport", "AAA", airport("AAA")),
        ("airport", "BBB", airport("BBB")),
        ("airline", "ZZ", {"code": "ZZ", "icao": "ZZZ", "prefix": "999", "name_zh": "测试航空",
                           "name_en": "Test Air"}),
        ("layout", "ZZ-320", {"id": "ZZ-320", "aircraft": "320", "carrier": "ZZ", "rows": []}),
    ]
    return [protocol.Change(seq=i + 1, scope=reference, entity=e, key=k, op="upsert", data=d)
            for i, (e, k, d) in enumerate(data)]


def flight_data(i: int) -> dict[str, Any]:
    day = (FIRST_DAY + timedelta(days=i // 1500)).isoformat()
    return {"id": f"f{i:07d}-0000-7000-8000-000000000000", "flight_no": f"ZZ{i % 10000:04d}",
            "carrier": "ZZ", "origin": "AAA" if i % 2 else "BBB",
            "destination": "BBB" if i % 2 else "AAA", "dep_date": day,
            "dep_time": f"{6 + i % 16:02d}:{(i * 5) % 60:02d}", "arr_date": day,
            "arr_time": "23:10", "aircraft": "320", "layout_id": "ZZ-320",
            "distance_km": 500 + i % 2500, "feeder": i % 17 == 0,
            "fares": {"Y": f"{800 + i % 2000}.00", "C": None, "F": f"{3000 + i % 3000}.00"},
            "status": "scheduled"}


def flight_changes(n: int, first_seq: int) -> list[protocol.Change]:
    return [
        protocol.Change(seq=first_seq + i, scope=protocol.Scope.FLIGHTS, entity="flight",
                        key=d["id"], op="upsert", data=d)
        for i, d in ((i, flight_data(i)) for i in range(n))
    ]


def pages(changes: list[protocol.Change]) -> list[list[protocol.Change]]:
    return [changes[i : i + PAGE] for i in range(0, len(changes), PAGE)]


def fresh_store(folder: Path, name: str) -> Any:
    store = open_store(folder / name / "counter.sqlite3")
    with store.unit_of_work() as session:
        apply_page(session, parents(), 4)
    return store


def run_counter(folder: Path, changes: list[protocol.Change], trace: bool = False) -> (
    tuple[float, int]
):
    """Seconds to apply every page (and, with ``trace``, the tracemalloc peak in bytes; the
    tracing slows Python down, so traced runs are not timed)."""
    store = fresh_store(folder, "counter-traced" if trace else "counter")
    try:
        gc.collect()
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        for page in pages(changes):
            with store.unit_of_work() as session:
                apply_page(session, page, page[-1].seq, NOW)
        elapsed = time.perf_counter() - started
        peak = 0
        if trace:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    finally:
        store.close()
    return elapsed, peak


def run_counter_parse(folder: Path, bodies: list[bytes]) -> float:
    store = fresh_store(folder, "counter-parse")
    try:
        gc.collect()
        started = time.perf_counter()
        for body in bodies:
            page = protocol.PullResponse.model_validate_json(body)
            with store.unit_of_work() as session:
                apply_page(session, page.changes, page.next_cursor, NOW)
        return time.perf_counter() - started
    finally:
        store.close()


def bare_rows(changes: list[protocol.Change]) -> list[tuple[Any, ...]]:
    rows = []
    for c in changes:
        d = c.data or {}
        rows.append((d["id"], d["flight_no"], d["carrier"], d["origin"], d["destination"],
                     d["dep_date"], d["dep_time"] + ":00.000000", d["arr_date"],
                     d["arr_time"] + ":00.000000", d["aircraft"], d["layout_id"],
                     d["distance_km"], int(d["feeder"]), int(d["fares"]["Y"][:-3]) * 100, None,
                     int(d["fares"]["F"][:-3]) * 100, d["status"]))
    return rows


def run_bare(folder: Path, rows: list[tuple[Any, ...]]) -> float:
    store = fresh_store(folder, "bare")
    path = store.path
    store.close()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        gc.collect()
        started = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO flights (id, flight_no, carrier, origin, destination, dep_date, "
            "dep_time, arr_date, arr_time, aircraft, layout_id, distance_km, feeder, "
            "y_fare_fen, c_fare_fen, f_fare_fen, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute("COMMIT")
        elapsed = time.perf_counter() - started
        assert conn.execute("SELECT count(*) FROM flights").fetchone()[0] == len(rows)
        return elapsed
    finally:
        conn.close()


def best(runs: int, fn: Callable[[int], float]) -> float:
    return min(fn(i) for i in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="interleaved runs, best kept")
    args = parser.parse_args()

    t = time.perf_counter()
    changes = flight_changes(args.rows, first_seq=5)
    bodies = [
        protocol.PullResponse(changes=page, next_cursor=page[-1].seq, has_more=True,
                              server_time=NOW).model_dump_json().encode()
        for page in pages(changes)
    ]
    rows = bare_rows(changes)
    print(f"built {len(changes)} changes in {len(bodies)} pages of {PAGE} "
          f"({sum(map(len, bodies)) / 1e6:.1f} MB of JSON) in {time.perf_counter() - t:.1f} s")

    counter_s: list[float] = []
    parse_s: list[float] = []
    bare_s: list[float] = []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="counter-bench-pull-") as tmp:
            folder = Path(tmp)
            bare_s.append(run_bare(folder, rows))
            counter_s.append(run_counter(folder, changes)[0])
            parse_s.append(run_counter_parse(folder, bodies))
        print(f"run {run + 1}: bare {bare_s[-1]:.2f} s, counter {counter_s[-1]:.2f} s, "
              f"counter+parse {parse_s[-1]:.2f} s", flush=True)

    with tempfile.TemporaryDirectory(prefix="counter-bench-pull-") as tmp:
        peak = run_counter(Path(tmp), changes, trace=True)[1]
    n = args.rows
    b, c, p = min(bare_s), min(counter_s), min(parse_s)
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":
        rss_kib //= 1024
    print()
    print(f"{'path':<34}{'best s':>9}{'rows/s':>11}{'× bare':>9}")
    print(f"{'bare sqlite3 executemany':<34}{b:>9.2f}{n / b:>11,.0f}{1:>9.2f}")
    print(f"{'counter apply_page (+versions)':<34}{c:>9.2f}{n / c:>11,.0f}{c / b:>9.2f}")
    print(f"{'counter parse JSON + apply_page':<34}{p:>9.2f}{n / p:>11,.0f}{p / b:>9.2f}")
    print(f"peak Python allocations during apply (tracemalloc): {peak / 1e6:.1f} MB; "
          f"process max RSS: {rss_kib / 1024:.0f} MB (includes the {n} prebuilt changes)")
    verdict = "OK" if c / b <= TARGET_RATIO else "MISSES TARGET"
    print(f"initial pull: {n} rows in {c:.2f} s = {n / c:,.0f} rows/s, {c / b:.2f}× a bare "
          f"executemany of the same rows (target ≤ {TARGET_RATIO:.0f}×, {verdict}); "
          f"with JSON parsing {p / b:.2f}×")


if __name__ == "__main__":
    main()
