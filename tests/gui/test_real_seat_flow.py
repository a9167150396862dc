"""The whole seat flow on a real keyboard, at 1280×800 and at 1600×1000: the counter in a
real X window (an Xvfb screen of that size, so a dialog larger than the screen would show),
keys sent by xdotool through the X server, no Qt test events (tests/gui/real_seat_flow_window.py
runs the counter).

A family (two adults and a child) held on the Sale page: Ctrl+E opens the seats, Ctrl+T
proposes three seats together, Enter accepts them, Esc gives the keyboard back to the Sale
page, F8 issues the three tickets; F4 goes to the after-sale page, the first ticket's number
is typed (not counted, as names and ID numbers are not) and Enter finds it, Ctrl+B opens
its check-in on the seat map with the passenger's seat preselected, Ctrl+P checks in and
prints the boarding pass, Esc closes (10 keys from the Sale page to the pass); Ctrl+E
from the search line opens the ticket's seats again, Esc closes. On the way the
screen is saved as real_<step>_<W>x<H>.png in the ``shots`` folder ($COUNTER_SHOTS), and
at each step the dialog must fit the screen and show no text cut off. Two GP officials:
Ctrl+E, Ctrl+G opens the V4's GP seat services with the keyboard, Esc closes it and the
map has the keyboard again.

Xvfb and xdotool are needed, as for tests/gui/test_real_keyboard.py (its ``Clerk``; the
same skip: only with ``COUNTER_SKIP_XVFB=1``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_real_keyboard import Clerk, State

HERE = Path(__file__).resolve().parent
SIZES = [(1280, 800), (1600, 1000)]


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def screen(request: pytest.FixtureRequest) -> Iterator[tuple[str, int, int]]:
    """A fresh X server of its own whose screen is that size: (display, width, height)."""
    width, height = request.param
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("COUNTER_SKIP_XVFB") == "1":
            pytest.skip(f"no {', '.join(missing)} (COUNTER_SKIP_XVFB=1)")
        pytest.fail(f"this test needs {' and '.join(missing)}: install Debian's xvfb and "
                    "xdotool, or set COUNTER_SKIP_XVFB=1")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as answer:
        number = answer.readline().strip()
    try:
        assert number, "Xvfb did not say which display it took"
        yield f":{number}", width, height
    finally:
        server.terminate()
        server.wait(timeout=10)


class Counter(Clerk):
    """The clerk at the counter's keyboard, who can also have the screen saved."""

    def __init__(self, display: str, state_file: Path, width: int, height: int,
                 shots: Path) -> None:
        super().__init__(display, state_file)
        self.width, self.height, self.shots = width, height, shots

    def shot(self, name: str) -> Path:
        self.state_file.with_suffix(".shot").write_text(name, encoding="utf-8")
        self.wait(f"the screenshot {name}", lambda s: name in (s.get("shots") or []))
        return self.shots / f"real_{name}_{self.width}x{self.height}.png"

    def dialog_fits(self, state: State) -> None:
        """The seat dialog inside the screen, its texts whole."""
        x, y, w, h = state["geometry"]  # type: ignore[misc]
        assert x >= 0, state["geometry"]
        assert y >= 0, state["geometry"]
        assert x + w <= self.width, (state["geometry"], self.width)
        assert y + h <= self.height, (state["geometry"], self.height)
        # As tall as the screen allows, for the map's rows: 720 at 800, 900 at 1000.
        assert h >= max(720, int(self.height * 0.9)) - 2, (state["geometry"], self.height)
        assert state["dialog_cut_off"] == [], state["dialog_cut_off"]


@pytest.fixture
def counter(request: pytest.FixtureRequest, screen: tuple[str, int, int], selling: Path,
            tmp_path: Path, shots: Path) -> Iterator[Counter]:
    """The counter in its window with the booking on the Sale page (``gp`` in the test's
    name: two GP officials)."""
    display, width, height = screen
    state_file = tmp_path / "flow.json"
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    mode = "gp" if "gp" in request.node.name else "family"
    app = subprocess.Popen(
        [sys.executable, str(HERE / "real_seat_flow_window.py"), str(selling), str(state_file),
         str(width), str(height), str(shots), mode],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        clerk = Counter(display, state_file, width, height, shots)
        clerk.wait("the Sale page up with the family's booking",
                   lambda s: s.get("active") is True and s.get("page") == "salePage",
                   timeout=60)
        yield clerk
    finally:
        app.terminate()
        try:
            output, _ = app.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            app.kill()
            output, _ = app.communicate()
        if "Traceback" in output:
            print(output)
        assert "Traceback" not in output


def rows(state: State) -> list[list[str]]:
    value = state["rows"]
    assert isinstance(value, list)
    return value


def idle(state: State) -> bool:
    return state.get("busy") is False


def test_a_family_seated_issued_and_checked_in(counter: Counter) -> None:
    clerk = counter
    clerk.key("ctrl+e")
    state = clerk.wait("the seat dialog, the map with the keyboard",
                       lambda s: s.get("dialog") is True and s.get("focus") == "seatMap"
                       and len(s.get("rows") or []) == 3 and idle(s))
    assert [r[0] for r in rows(state)] == ["张伟", "李娜", "张小明"]
    assert state["gp_enabled"] is False  # nobody here is a GP official
    clerk.dialog_fits(state)
    clerk.shot("sale_seats")
    clerk.key("ctrl+t")
    state = clerk.wait("three seats proposed together",
                       lambda s: len(s.get("proposal") or []) == 3 and idle(s))
    proposed = state["proposal"]
    assert isinstance(proposed, list)
    assert len({seat[:-1] for seat in proposed}) == 1  # one row
    clerk.shot("sale_proposed")
    clerk.key("Return")
    state = clerk.wait("the family seated", lambda s: [r[1] for r in rows(s)] == proposed
                       and idle(s) and not s.get("proposal"))
    assert [r[2] for r in rows(state)] == ["待确认"] * 3
    assert "；" in str(state["message"])
    assert "; " not in str(state["message"])
    clerk.dialog_fits(state)
    clerk.shot("sale_seated")
    clerk.key("Escape")
    state = clerk.wait("closed, the keyboard back on the Sale page",
                       lambda s: s.get("dialog") is False and s.get("active") is True
                       and s.get("focus") == "seatsButton")
    assert all(seat in str(state["seats_label"]) for seat in proposed)
    clerk.key("F8")  # cash, the exact amount: the tickets
    state = clerk.wait("three tickets issued", lambda s: len(s.get("tickets") or []) == 3)
    tickets = state["tickets"]
    assert isinstance(tickets, list)
    assert state["main_cut_off"] == [], state["main_cut_off"]
    clerk.shot("sale_issued")
    clerk.key("F4")
    clerk.wait("the after-sale page, the cursor in its search line",
               lambda s: s.get("page") == "afterSalePage"
               and s.get("focus") == "bookingSearch")
    clerk.type(str(tickets[0]), counted=False)
    clerk.key("Return")
    clerk.wait("the ticket's booking found", lambda s: s.get("after_tickets", 0) == 3)
    clerk.key("ctrl+b")
    state = clerk.wait("the check-in on the seat map, 张伟's seat preselected, printable",
                       lambda s: s.get("dialog") is True and s.get("selected") == "张伟"
                       and s.get("current") == proposed[0] and s.get("print_enabled") is True
                       and s.get("focus") == "seatMap" and idle(s))
    assert "值机" in str(state["title"])
    assert "Ctrl+P" in str(state["mode"])
    assert "。 " not in str(state["mode"])  # Chinese sentences follow without a space
    clerk.dialog_fits(state)
    clerk.shot("checkin")
    clerk.key("ctrl+p")
    state = clerk.wait("checked in, the boarding pass printed",
                       lambda s: s.get("checked_in") == proposed[0] and idle(s)
                       and len(s.get("printed") or []) >= 1)
    state = clerk.wait("the list says 张伟 is checked in, his seat no longer released here",
                       lambda s: "已值机" in rows(s)[0][2] and s.get("release_enabled") is False)
    clerk.shot("checkin_printed")
    clerk.key("Escape")
    clerk.wait("closed, the keyboard back on the after-sale page",
               lambda s: s.get("dialog") is False and s.get("active") is True
               and s.get("page") == "afterSalePage" and s.get("focus") == "bookingSearch")
    # Ctrl+E from the search line: the seats of the ticket (a line edit's "end of line" on
    # X11 would take the key).
    clerk.key("ctrl+e")
    state = clerk.wait("the seat map of the ticket, 张伟 checked in on his seat",
                       lambda s: s.get("dialog") is True and s.get("selected") == "张伟"
                       and s.get("focus") == "seatMap" and idle(s))
    assert "已值机" in rows(state)[0][2]
    assert state["print_enabled"] is False  # not the check-in: no pass printed from here
    clerk.key("Escape")
    clerk.wait("closed", lambda s: s.get("dialog") is False and s.get("active") is True)
    assert len(clerk.pressed) == 12, clerk.pressed


def test_gp_services_by_keyboard(counter: Counter) -> None:
    """Two GP officials: Ctrl+E, Ctrl+G opens the V4's GP seat services, inside the screen
    with its texts whole; Esc closes it and the map has the keyboard again."""
    clerk = counter
    clerk.key("ctrl+e")
    state = clerk.wait("the seat dialog, the V4 official selected",
                       lambda s: s.get("dialog") is True and s.get("focus") == "seatMap"
                       and s.get("selected") == "赵国华" and idle(s))
    assert state["gp_enabled"] is True
    clerk.key("ctrl+g")
    state = clerk.wait("the GP services of 赵国华",
                       lambda s: (s.get("gp_window") or {}).get("passenger") == "赵国华")
    gp = state["gp_window"]
    assert isinstance(gp, dict)
    x, y, w, h = gp["geometry"]
    assert x >= 0, gp
    assert y >= 0, gp
    assert x + w <= clerk.width, gp
    assert y + h <= clerk.height, gp
    assert gp["cut_off"] == [], gp["cut_off"]
    clerk.shot("gp_services")
    clerk.key("Escape")
    clerk.wait("the GP window closed, the map has the keyboard again",
               lambda s: s.get("gp_window") is None and s.get("focus") == "seatMap")
    clerk.key("Escape")
    clerk.wait("the seat dialog closed", lambda s: s.get("dialog") is False)
    assert len(clerk.pressed) == 4, clerk.pressed
