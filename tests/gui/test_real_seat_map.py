"""The seat map on a real keyboard and mouse: the map in a real X window (Xvfb, Qt's xcb
plugin), keys and clicks sent by xdotool through the X server as a clerk's keyboard and
mouse send them; no Qt test events. Typing ``32A`` then Enter chooses 32A; an arrow moves,
End scrolls to the last row, a click on 40B chooses it and one on the taken 33C is refused.

Xvfb and xdotool are needed (Debian: ``xvfb``, ``xdotool``). Without them the test fails
with what to install; a developer without an X server may set ``COUNTER_SKIP_XVFB=1`` to
skip it knowingly.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
State = dict[str, object]


@pytest.fixture
def display() -> Iterator[str]:
    """A fresh X server of its own at 1280x800 (Xvfb picks a free display number)."""
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("COUNTER_SKIP_XVFB") == "1":
            pytest.skip(f"no {', '.join(missing)} (COUNTER_SKIP_XVFB=1)")
        pytest.fail(f"this test needs {' and '.join(missing)}: install Debian's xvfb and "
                    "xdotool, or set COUNTER_SKIP_XVFB=1")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as answer:
        number = answer.readline().strip()
    try:
        assert number, "Xvfb did not say which display it took"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


class Desk:
    """The seat map's window on the display: xdotool's keys and clicks, and its state."""

    def __init__(self, display: str, state_file: Path) -> None:
        self.env = {**os.environ, "DISPLAY": display}
        self.state_file = state_file

    def xdotool(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True, timeout=30)

    def state(self) -> State:
        try:
            return dict(json.loads(self.state_file.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return {}

    def wait(self, what: str, done: Callable[[State], bool], timeout: float = 15.0) -> State:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.state()
            if state and done(state):
                return state
            time.sleep(0.05)
        raise AssertionError(f"{what}: not so after {timeout} s; the window shows {self.state()}")

    def click(self, at: object) -> None:
        assert isinstance(at, list)
        self.xdotool("mousemove", str(at[0]), str(at[1]))
        self.xdotool("click", "1")


@pytest.fixture
def desk(display: str, tmp_path: Path) -> Iterator[Desk]:
    state_file = tmp_path / "seat-map-state.json"
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    app = subprocess.Popen(
        [sys.executable, str(HERE / "seat_map_window.py"), str(state_file)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        desk = Desk(display, state_file)
        desk.wait("the map's window is active and the map has the keyboard",
                  lambda s: s.get("active") is True and s.get("focus") == "seat_map",
                  timeout=60)
        yield desk
    finally:
        app.terminate()
        try:
            output, _ = app.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            app.kill()
            output, _ = app.communicate()
        assert "Traceback" not in output, output


def test_typing_32a_and_enter_chooses_32a_on_a_real_keyboard(desk: Desk) -> None:
    desk.xdotool("type", "--delay", "40", "32A")
    desk.wait("32A is the current seat", lambda s: s["current"] == "32A")
    desk.xdotool("key", "Return")
    state = desk.wait("32A chosen", lambda s: s["chosen"] == ["32A"])
    assert state["refused"] == []
    desk.xdotool("key", "Right", "Right", "Right")  # B, C, then across the aisle
    desk.wait("32D is the current seat", lambda s: s["current"] == "32D")
    desk.xdotool("key", "End")
    state = desk.wait("the last row, scrolled to", lambda s: s["current"] == "59E")
    assert isinstance(state["scroll"], int)
    assert state["scroll"] > 0
    desk.xdotool("key", "Home")
    desk.wait("back at the front", lambda s: s["current"] == "1D" and s["scroll"] == 0)
    desk.xdotool("type", "--delay", "40", "40b")
    state = desk.wait("40B shown", lambda s: s["current"] == "40B")
    desk.click(state["seat_40B"])
    desk.wait("40B chosen by a click", lambda s: s["chosen"] == ["32A", "40B"])
