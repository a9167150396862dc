"""End-to-end sync throughput with every party in its own process: a counter (the e2e
test agent, ``tests/e2e/counter_agent.py``) queues N offline sales through the real
``book`` and ``ticket_booking`` (one unit of work each), then drains them to
``counter-headoffice serve`` over HTTP with the real sync engine; optionally SIGKILLs the
drain halfway and resumes it.

Setup (not timed): a head-office database built with the command line (``init-db``,
``load --demo --days 3``), SQLite in a temp dir or ``--database-url`` (PostgreSQL: give an
empty database); head office served on a free port; one counter enrolled and given leases
over enough flights, and ticket ranges, for N sales.

Prints sales/s of the queueing, ops/s of the drain, and what the kill cost (ops head office
had applied but the counter had not yet marked: sent again, answered ``duplicate``). Not a
test: run by hand from the repo root: ``python bench/bench_sync_e2e.py [--ops 10000]
[--batch 500] [--kill-at 0.5]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

# The e2e helpers, and the suite's clock (tests/clock_support.py) that they take "today" from.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))

from e2e_support import (  # the e2e helpers live with the tests
    LOAD_DAY,
    AgentProcess,
    HeadOffice,
    HeadOfficeDb,
    HeadOfficeProcess,
    build_head_office_database,
    run_agent,
    wait_applied,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--kill-at", type=float, default=0.5,
                        help="fraction applied at which the drain is killed (0: never)")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-sync-e2e-") as tmp:
        root = Path(tmp)
        url = args.database_url or f"sqlite:///{root / 'headoffice.sqlite3'}"
        t0 = time.perf_counter()
        build_head_office_database(url, LOAD_DAY)
        process = HeadOfficeProcess(url, root)
        db = HeadOfficeDb(url)
        process.start()
        try:
            ho = HeadOffice(url, process, db)
            counter = root / "counter"
            counter_id = ho.enroll(counter)
            plan = ho.stock(counter_id, args.ops)
            run_agent("sync", counter, ho.base_url)
            plan_file = root / "plan.json"
            plan_file.write_text(json.dumps(plan), encoding="utf-8")
            print(f"setup {time.perf_counter() - t0:.1f} s ({len(plan)} leased flights)")

            start = datetime.now(UTC) - timedelta(days=7)
            t0 = time.perf_counter()
            run_agent("sell-plan", counter, ho.base_url, "--plan", str(plan_file),
                      "--fixed-clock", start.isoformat(),
                      "--step-s", str(7 * 86400 / args.ops), timeout=3600)
            queue_s = time.perf_counter() - t0

            t0 = time.perf_counter()
            killed_at, resent = 0, 0
            if args.kill_at > 0:
                drain = AgentProcess("sync", counter, ho.base_url, "--until-empty", "--batch",
                                     str(args.batch), "--max-seconds", "3600")
                try:
                    wait_applied(db, counter_id, int(args.ops * args.kill_at), drain)
                finally:
                    drain.kill()
                killed_at = db.applied_count(counter_id)
            rest = run_agent("sync", counter, ho.base_url, "--until-empty", "--batch",
                             str(args.batch), "--max-seconds", "3600", timeout=3600)
            drain_s = time.perf_counter() - t0
            resent = sum(c["duplicates"] for c in rest["cycles"])
            assert rest["pending"] == 0, rest["pending"]
            assert db.applied_count(counter_id) == args.ops
        finally:
            process.stop()
            db.close()

    print(f"queue: {args.ops} sales in {queue_s:.1f} s = {args.ops / queue_s:.0f} sales/s")
    kill = f", killed at {killed_at} applied, {resent} sent again" if args.kill_at else ""
    print(f"drain: {args.ops} ops in {drain_s:.1f} s = {args.ops / drain_s:.0f} ops/s "
          f"(batches of {args.batch}{kill})")
    print(f"sync e2e: queue {args.ops / queue_s:.0f} sales/s, drain {args.ops / drain_s:.0f} "
          f"ops/s; ops={args.ops}")


if __name__ == "__main__":
    main()
