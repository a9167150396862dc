"""The seat dialog on a real keyboard: the counter in a real X window (Xvfb), keys sent by
xdotool through the X server (tests/gui/test_real_keyboard.py's ``display`` and ``Clerk``),
no Qt test events. It counts the keys: two passengers seated from the Sale page (Ctrl+E,
``32A``, Enter, →, Enter, Esc: 8 keys, and Tab to the list and back to the map on the way),
and a family seated together by the proposed block (Ctrl+E, Ctrl+T, Enter, Esc: 4 keys).
After Esc the keyboard is back on the Sale page."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_real_keyboard import (  # noqa: F401  (the fixture is imported to be used)
    Clerk,
    State,
    display,
)

HERE = Path(__file__).resolve().parent


@pytest.fixture
def start(display: str, selling: Path, tmp_path: Path) -> Iterator[object]:  # noqa: F811
    """``start("two"|"family")``: the counter up in its window, the booking on the Sale
    page; returns the clerk at its keyboard."""
    apps: list[subprocess.Popen[str]] = []

    def run(booking: str) -> Clerk:
        state_file = tmp_path / f"seats-{booking}.json"
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        apps.append(subprocess.Popen(
            [sys.executable, str(HERE / "real_seat_window.py"), str(selling), str(state_file),
             booking], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
        clerk = Clerk(display, state_file)
        clerk.wait("the Sale page up with the booking",
                   lambda s: s.get("active") is True and "seats_label" in s, timeout=60)
        return clerk

    yield run
    for app in apps:
        app.terminate()
        try:
            output, _ = app.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            app.kill()
            output, _ = app.communicate()
        if "Traceback" in output:
            print(output)


def rows(state: State) -> list[list[str]]:
    value = state["rows"]
    assert isinstance(value, list)
    return value


def idle(state: State) -> bool:
    return state.get("busy") is False


def test_two_passengers_seated_by_keyboard(start) -> None:  # type: ignore[no-untyped-def]
    clerk: Clerk = start("two")
    clerk.key("ctrl+e")
    clerk.wait("the dialog, the map with the keyboard, the first passenger selected",
               lambda s: s.get("dialog") is True and s.get("focus") == "seatMap"
               and s.get("selected") == "张伟" and idle(s))
    clerk.type("32a")
    clerk.wait("the current seat 32A", lambda s: s.get("current") == "32A")
    clerk.key("Return")
    clerk.wait("张伟 on 32A, the next passenger selected, the map keeps the keyboard",
               lambda s: rows(s)[0][1] == "32A" and s.get("selected") == "李娜"
               and s.get("focus") == "seatMap" and idle(s))
    clerk.key("Right")
    clerk.key("Return")
    state = clerk.wait("李娜 on 32B", lambda s: rows(s)[1][1] == "32B" and idle(s))
    assert rows(state) == [["张伟", "32A", "待确认"], ["李娜", "32B", "待确认"]]
    assert "离线" in str(state["message"])
    clerk.key("Tab")
    clerk.wait("Tab: the passenger list", lambda s: s.get("focus") == "seatPassengers")
    clerk.key("Tab")
    clerk.wait("Tab: the map again", lambda s: s.get("focus") == "seatMap")
    clerk.key("Escape")
    state = clerk.wait("closed, the seats on the Sale page, the keyboard back there",
                       lambda s: s.get("dialog") is False and s.get("active") is True
                       and s.get("focus") == "seatsButton")
    assert "张伟 32A（待确认）" in str(state["seats_label"])
    assert "李娜 32B（待确认）" in str(state["seats_label"])
    counted = [k for k in clerk.pressed if k != "Tab"]
    assert len(counted) == 8, clerk.pressed


def test_a_family_seated_together_in_four_keys(start) -> None:  # type: ignore[no-untyped-def]
    clerk: Clerk = start("family")
    clerk.key("ctrl+e")
    clerk.wait("the dialog", lambda s: s.get("dialog") is True
               and s.get("focus") == "seatMap" and idle(s))
    clerk.key("ctrl+t")
    state = clerk.wait("three seats proposed together",
                       lambda s: len(s.get("proposal") or []) == 3 and idle(s))
    proposed = state["proposal"]
    assert isinstance(proposed, list)
    assert len({seat[:-1] for seat in proposed}) == 1  # one row
    clerk.key("Return")
    state = clerk.wait("the family seated", lambda s: [r[1] for r in rows(s)][:3] == proposed
                       and idle(s))
    assert rows(state)[3][1] == "怀抱"  # the infant on the lap
    clerk.key("Escape")
    clerk.wait("closed", lambda s: s.get("dialog") is False and s.get("active") is True)
    assert len(clerk.pressed) == 4, clerk.pressed
