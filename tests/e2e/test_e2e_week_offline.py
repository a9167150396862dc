"""A week offline: 10,000 sales queued at one counter (a stepping clock spreads them over
seven days), then drained to head office and the counter killed with SIGKILL halfway
through the drain; started again, it drains the rest, and every sale is on head office
exactly once."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from e2e_support import AgentProcess, HeadOffice, assert_consistent, run_agent, wait_applied

OPS = 10_000


@pytest.mark.slow
def test_week_offline_10000_ops_drained_with_kill_9(ho: HeadOffice, tmp_path: Path) -> None:
    timings: dict[str, float] = {}
    counter = tmp_path / "counter"
    counter_id = ho.enroll(counter)
    plan = ho.stock(counter_id, OPS)
    run_agent("sync", counter, ho.base_url)  # the leases and ticket ranges
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    week = timedelta(days=7)
    start = datetime.now(UTC) - week

    t0 = time.perf_counter()
    sold = run_agent("sell-plan", counter, ho.base_url, "--plan", str(plan_file),
                     "--fixed-clock", start.isoformat(),
                     "--step-s", str(week.total_seconds() / OPS), timeout=900)
    timings["queue 10,000 sales"] = time.perf_counter() - t0
    assert sold["sold"] == OPS
    queued = run_agent("status", counter, ho.base_url)
    assert queued["pending"] == OPS
    first, last = queued["outbox"][0]["created_at"], queued["outbox"][-1]["created_at"]
    spread = datetime.fromisoformat(last) - datetime.fromisoformat(first)
    assert spread > timedelta(days=6, hours=23)

    t0 = time.perf_counter()
    drain = AgentProcess("sync", counter, ho.base_url, "--until-empty", "--batch", "500",
                         "--max-seconds", "600")
    try:
        wait_applied(ho.db, counter_id, OPS // 2, drain)
        drain.kill()
    finally:
        drain.kill()
    at_kill = ho.db.applied_count(counter_id)
    left = run_agent("status", counter, ho.base_url)["pending"]
    assert OPS // 2 <= at_kill < OPS
    assert 0 < left <= OPS - at_kill + 500  # at most one batch applied but not yet marked

    rest = run_agent("sync", counter, ho.base_url, "--until-empty", "--batch", "500",
                     "--max-seconds", "600", timeout=600)
    timings["drain (both runs)"] = time.perf_counter() - t0
    assert rest["pending"] == 0
    moved = sum(c["applied"] + c["duplicates"] for c in rest["cycles"])
    assert moved == left
    assert_consistent(ho.database_url, [counter], ho.base_url)
    assert len(ho.db.sales(counter_id)) == OPS
    print("week offline:", {k: round(v, 1) for k, v in timings.items()},
          f"killed at {at_kill} applied, {left} left pending")
