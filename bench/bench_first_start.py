"""The connected demo's first start, as a newcomer meets it: ``counter-app --demo`` into an
empty data folder (offscreen), timed from the command to

* head office answering (its demo data loaded: the start moves on to enrolling),
* enrolled (the pull starts),
* pulled (every change of the first sync applied),
* login usable (the window's Log in button enabled),

read from the steps the application logs as it goes. A second start on the same folder
(head office already loaded, counter already enrolled, only new changes to pull) is timed
too. Prints the figures; ``--runs N`` repeats the first start N times on fresh folders.

    .venv/bin/python bench/bench_first_start.py [--runs 1]
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

MARKS = {
    "start: enroll": "head office answering",
    "start: pull": "enrolled",
    "start: ready": "pulled",
    "counter ready: login open": "login usable",
}


def timed_start(folder: Path, timeout: float = 600.0) -> dict[str, float]:
    """Seconds from the command to each mark, for one start of the demo in ``folder``."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",  # as on a headless box
    }
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "counter_app", "--demo", "--data-dir", str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", env=env,
    )
    lines: queue.Queue[tuple[float, str]] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put((time.perf_counter(), line))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    found: dict[str, float] = {}
    try:
        while "login usable" not in found:
            try:
                at, line = lines.get(timeout=timeout)
            except queue.Empty:
                raise SystemExit("the demo did not reach its login in time") from None
            for mark, name in MARKS.items():
                if mark in line and name not in found:
                    found[name] = at - started
    finally:
        process.terminate()  # quits cleanly, head office with it
        process.wait(timeout=60)
        reader.join(timeout=10)
        assert process.stdout is not None
        process.stdout.close()
    return found


def show(title: str, figures: list[dict[str, float]]) -> None:
    print(title)
    for name in MARKS.values():
        values = [f[name] for f in figures if name in f]
        if not values:
            print(f"  {name:24s}  -")
            continue
        extra = f" (min {min(values):.1f}, max {max(values):.1f})" if len(values) > 1 else ""
        print(f"  {name:24s} {statistics.median(values):6.1f} s{extra}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    first: list[dict[str, float]] = []
    second: list[dict[str, float]] = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="bench-first-start-") as tmp:
            folder = Path(tmp) / "demo"
            first.append(timed_start(folder))
            second.append(timed_start(folder))
    print(f"cpus: {os.cpu_count()}, runs: {args.runs}")
    show("first start (empty folder):", first)
    show("second start (same folder):", second)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
