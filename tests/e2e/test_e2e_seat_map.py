"""Two counters choose the same seat offline, head office on its own process: each counter
(its own process, the seat dialog's path without the GUI: ``seat_agent.py``) sells a ticket
and chooses one seat while its link is down, so both choices are provisional with their
``seat.choose`` ops. The link comes back and both sync at once: one keeps the seat, the
other is moved to the nearest equivalent seat and its attention list says so; head office
holds both choices, no seat twice, and every other check of the fault tests holds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from e2e_support import (
    SUBPROCESS_ENV,
    HeadOffice,
    Proxy,
    assert_consistent,
    run_agent,
    run_agents,
)
from sqlalchemy import select

from counter_app.domain.seatmap import Position, seat_map
from counter_app.headoffice.models import Flight, Layout
from counter_app.headoffice.seat_models import SeatAssignment

SEAT_AGENT = Path(__file__).resolve().with_name("seat_agent.py")


def seat_agent(command: str, data_dir: Path, base_url: str, *extra: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(SEAT_AGENT), command, "--data-dir", str(data_dir),
         "--base-url", base_url, *extra],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
        env=SUBPROCESS_ENV)
    assert done.returncode == 0, f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    [line] = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")]
    found: dict[str, Any] = json.loads(line[len("RESULT "):])
    return found


def plain_seat(ho: HeadOffice, flight_id: str) -> str:
    """A window seat of Y anyone may have (not blocked, not in an exit row)."""
    with ho.db.db.read() as session:
        flight = session.get(Flight, flight_id)
        assert flight is not None
        layout = session.scalar(select(Layout).where(Layout.id == flight.layout_id))
        assert layout is not None
        aircraft = seat_map(layout.definition, layout.id)
    return next(s.code for s in aircraft.seats("Y")
                if not s.blocked and not s.exit_row and s.position == Position.WINDOW)


def test_two_counters_choose_one_seat_offline_one_keeps_it_the_other_is_moved(
    ho: HeadOffice, tmp_path: Path, make_proxy: type
) -> None:
    flight = ho.db.flight(10)
    counters = [tmp_path / "a", tmp_path / "b"]
    proxies: list[Proxy] = [make_proxy(ho.process.port) for _ in counters]
    for counter, proxy in zip(counters, proxies, strict=True):
        ho.enroll(counter, proxy.base_url, lease=(flight, 1))
    seat = plain_seat(ho, flight)

    # The links go down; each counter sells a ticket and chooses the same seat for it.
    for proxy in proxies:
        proxy.refuse = True
    for counter, proxy in zip(counters, proxies, strict=True):
        assert len(run_agent("sell", counter, proxy.base_url, "--flight-id", flight)[
            "sold"]) == 1
    chosen = [seat_agent("choose-seat", c, p.base_url, "--seat", seat)
              for c, p in zip(counters, proxies, strict=True)]
    assert [(c["seat"], c["state"], c["live"]) for c in chosen] == [
        (seat, "provisional", False)] * 2

    # The links come back; both sync at once.
    for proxy in proxies:
        proxy.refuse = False
    results = run_agents(*[("sync", c, p.base_url, "--until-empty")
                           for c, p in zip(counters, proxies, strict=True)])
    for result in results:
        assert result["pending"] == 0, result
    seats = [seat_agent("seats", c, p.base_url)["seats"]
             for c, p in zip(counters, proxies, strict=True)]
    assert [len(s) for s in seats] == [1, 1]
    by_state = {s[0]["state"]: s[0] for s in seats}
    assert set(by_state) == {"confirmed", "moved"}, seats
    kept, moved = by_state["confirmed"], by_state["moved"]
    assert kept["seat"] == seat
    assert moved["moved_from"] == seat
    assert moved["seat"] != seat
    assert moved["reprint"] is False  # nothing showing the seat was printed

    # The moved counter's clerk is told, in words naming both seats; the other is not.
    statuses = assert_consistent(ho.database_url, counters, ho.base_url)
    told = [[a for a in s["attention"] if a["kind"] == "seat_moved"] for s in statuses]
    moved_at = 0 if seats[0][0]["state"] == "moved" else 1
    assert told[1 - moved_at] == []
    [item] = told[moved_at]
    assert item["open"]
    assert f"{seat} 已被占用，已改为 {moved['seat']}" in item["message"]
    assert item["detail"]["choice_id"] == moved["choice_id"]

    # Head office holds both choices, each seat once.
    with ho.db.db.read() as session:
        held = {row.choice_id: row.seat for row in session.scalars(
            select(SeatAssignment).where(SeatAssignment.flight_id == flight))}
    assert held == {kept["choice_id"]: seat, moved["choice_id"]: moved["seat"]}
    assert [r["cycles"][-1]["ok"] for r in results] == [True, True]
