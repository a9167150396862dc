"""Cold start of the counter to its login window, against a bare PySide6 window.

Builds the demo data folder once (the first start opens, migrates and loads it on a worker
thread after the window shows), then times N interleaved runs of

* the app: ``python -m counter_app --demo --standalone --data-dir DIR --startup-probe`` (it prints
  ``login_shown_s=<seconds>`` measured from ``main()`` start, then quits), and
* a bare baseline: QApplication + a QWidget with a QLabel, shown, then quit,

each by wall time from ``Popen`` until the process prints that its window is on screen (the
first event-loop turn after ``show()``), which is what the clerk waits for. Reports the
medians and their ratio (target: app / bare ≤ 2.0); the time to process exit is shown too,
for information (the app's exit waits for the worker that opens the store). Not a test:
run it by hand from the repo root.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 2.0

BARE_SCRIPT = """\
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

app = QApplication(sys.argv[:1])
window = QWidget()
layout = QVBoxLayout(window)
layout.addWidget(QLabel("Counter"))
window.show()


def shown() -> None:
    print("login_shown_s=0", flush=True)
    app.quit()


QTimer.singleShot(0, shown)
sys.exit(app.exec())
"""


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    src = str(Path(__file__).resolve().parent.parent / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    return env


def timed_run(cmd: list[str], env: dict[str, str]) -> tuple[float, float | None, str]:
    """Wall seconds from Popen to exit, from Popen to the probe line, and the child's stdout.

    stdout is read line by line as it arrives (the probe flushes), stderr goes to a file so a
    chatty child cannot block on a full pipe."""
    with tempfile.TemporaryFile() as err_file:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=err_file, text=True)
        assert proc.stdout is not None
        seen: float | None = None
        lines: list[str] = []
        for line in proc.stdout:
            if seen is None and line.startswith("login_shown_s="):
                seen = time.perf_counter() - started
            lines.append(line)
        code = proc.wait()
        elapsed = time.perf_counter() - started
        if code != 0:
            err_file.seek(0)
            tail = err_file.read()[-2000:].decode("utf-8", "replace")
            raise SystemExit(f"{cmd!r} exited {code}:\n{tail}")
    return elapsed, seen, "".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each (default 9)")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="demo data folder (default: a temp dir)"
    )
    args = parser.parse_args()
    env = child_env()

    with tempfile.TemporaryDirectory(prefix="counter-bench-") as tmp:
        data_dir = args.data_dir or Path(tmp) / "demo"
        bare_path = Path(tmp) / "bare_window.py"
        bare_path.write_text(BARE_SCRIPT, encoding="utf-8")
        app_cmd = [
            sys.executable,
            "-m",
            "counter_app",
            "--demo",
            "--standalone",  # no head office: the login window is what is measured
            "--data-dir",
            str(data_dir),
            "--startup-probe",
        ]
        bare_cmd = [sys.executable, str(bare_path)]

        first, first_seen, _ = timed_run(app_cmd, env)
        print(
            f"first start (builds the data folder): exit {first:.3f} s, "
            f"window at {first_seen} s  [not counted]"
        )
        timed_run(bare_cmd, env)  # warm the OS file cache for both equally

        app_shown: list[float] = []
        bare_shown: list[float] = []
        app_wall: list[float] = []
        bare_wall: list[float] = []
        for i in range(args.runs):
            wall, seen, _ = timed_run(app_cmd, env)
            bwall, bseen, _ = timed_run(bare_cmd, env)
            if seen is None or bseen is None:
                raise SystemExit("a run did not print its window-shown line")
            app_shown.append(seen)
            bare_shown.append(bseen)
            app_wall.append(wall)
            bare_wall.append(bwall)
            print(
                f"  run {i + 1:2d}: app shown {seen:6.3f} s (exit {wall:6.3f})"
                f"   bare shown {bseen:6.3f} s (exit {bwall:6.3f})"
            )

    rows = [
        ("app, launch → login window (s)", app_shown),
        ("bare, launch → window (s)", bare_shown),
        ("app, launch → exit (s)", app_wall),
        ("bare, launch → exit (s)", bare_wall),
    ]
    print()
    print(f"{'measure':<34}{'median':>10}{'min':>10}{'max':>10}")
    for label, values in rows:
        print(
            f"{label:<34}{statistics.median(values):>10.3f}{min(values):>10.3f}{max(values):>10.3f}"
        )
    med_app = statistics.median(app_shown)
    med_bare = statistics.median(bare_shown)
    ratio = med_app / med_bare
    verdict = "OK" if ratio <= TARGET_RATIO else "MISSES TARGET"
    print()
    print(
        f"startup: login window {med_app:.3f} s / bare window {med_bare:.3f} s = ratio "
        f"{ratio:.2f} (target ≤ {TARGET_RATIO:.1f}, {verdict}); runs={args.runs}"
    )


if __name__ == "__main__":
    main()
