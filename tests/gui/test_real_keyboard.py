"""The walk-in sale on a real keyboard: the counter in a real X window (Xvfb), keys sent by
xdotool through the X server, as a clerk's keyboard sends them; no Qt test events.

The offscreen tests send each key straight to a widget, so they cannot see what the window
system does: the city drop-down holds the keyboard, keys typed ahead arrive late, the date
edit steps through its sections. This test counts every key from the first one in the
flight finder to the issued ticket and its printed itinerary receipt; the passenger's name
and ID number are typed too (the name's Chinese characters through xdotool's keysym
mapping) but not counted, as in the README.

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
from datetime import timedelta
from pathlib import Path

import pytest
from gui_support import NOW, TODAY
from sqlalchemy import select

from counter_app.paths import database_path
from counter_app.storage.db import open_store
from counter_app.storage.models import Flight, Lease, NumberRange

HERE = Path(__file__).resolve().parent
KEY_DELAY_MS = 40  # faster than any clerk (a fast typist needs 60 ms or more a key)
State = dict[str, object]


def items(state: State, key: str) -> list[object]:
    value = state[key]
    assert isinstance(value, list), (key, value)
    return value


def number(state: State, key: str) -> int:
    return int(str(state[key]))


@pytest.fixture
def display() -> Iterator[str]:
    """A fresh X server of its own (Xvfb picks a free display number)."""
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("COUNTER_SKIP_XVFB") == "1":
            pytest.skip(f"no {', '.join(missing)} (COUNTER_SKIP_XVFB=1)")
        pytest.fail(f"this test needs {' and '.join(missing)}: install Debian's xvfb and "
                    "xdotool, or set COUNTER_SKIP_XVFB=1")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
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


@pytest.fixture
def counter_data(selling: Path) -> Path:
    """The selling counter of conftest, holding seats in every cabin of tomorrow's HET→PEK
    flights (near the day the cheapest seat left may be in first class), and a range of
    itinerary receipt serials."""
    store = open_store(database_path(selling))
    try:
        with store.unit_of_work() as session:
            expires = NOW.replace(tzinfo=None) + timedelta(days=30)
            tomorrow = session.scalars(
                select(Flight).where(Flight.origin == "HET", Flight.destination == "PEK",
                                     Flight.dep_date == TODAY + timedelta(days=1))
            ).all()
            for f in tomorrow:
                for cabin in ("F", "C"):
                    session.add(Lease(lease_id=cabin + f.id[1:], flight_id=f.id,
                                      cabin=cabin, granted=9, used_local=0,
                                      expires_at=expires, status="active"))
            session.add(NumberRange(range_id="range-receipt", kind="receipt", prefix="",
                                    first=3_000_100, last=3_000_199, next_number=3_000_100))
    finally:
        store.close()
    return selling


class Clerk:
    """Presses keys on the real keyboard (xdotool) and counts those that count."""

    def __init__(self, display: str, state_file: Path) -> None:
        self.env = {**os.environ, "DISPLAY": display}
        self.state_file = state_file
        self.pressed: list[str] = []

    def key(self, *names: str) -> None:
        self.pressed.extend(names)
        self._xdotool("key", *names)

    def type(self, text: str, *, counted: bool = True) -> None:
        if counted:
            self.pressed.extend(text)
        if text.isascii():
            self._xdotool("type", text)
            return
        # A Chinese character has no key: xdotool maps its keysym onto a spare keycode for
        # the moment, which the X server takes a while to announce; one at a time, slowly.
        for char in text:
            subprocess.run(["xdotool", "type", "--delay", "150", char],
                           env=self.env, check=True, timeout=30)
            time.sleep(0.15)

    def click(self, x: int, y: int) -> None:
        self._xdotool("mousemove", str(x), str(y))
        self._xdotool("click", "1")

    def _xdotool(self, command: str, *args: str) -> None:
        delay = ["--delay", str(KEY_DELAY_MS)] if command in ("key", "type") else []
        subprocess.run(["xdotool", command, *delay, *args],
                       env=self.env, check=True, timeout=30)

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


@pytest.fixture
def clerk(display: str, counter_data: Path, tmp_path: Path) -> Iterator[Clerk]:
    """The counter running in a real window on the display, the clerk logged in."""
    state_file = tmp_path / "window-state.json"
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    app = subprocess.Popen(
        [sys.executable, str(HERE / "real_window.py"), str(counter_data), str(state_file)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        clerk = Clerk(display, state_file)
        clerk.wait("the main window is up and active, the cursor in From",
                   lambda s: s.get("active") is True and s.get("focus") == "originEdit",
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


def test_walk_in_cash_sale_on_a_real_keyboard(clerk: Clerk) -> None:
    # Typed ahead without waiting for the drop-downs: each Enter takes the match and moves on.
    clerk.type("het")
    clerk.key("Return")
    clerk.type("pek")
    clerk.key("Return")
    state = clerk.wait("the cursor in Date", lambda s: s["focus"] == "dateEdit")
    assert state["origin"] == ["HET"]
    assert state["origin_text"] == "呼和浩特 HET"
    assert state["destination"] == ["PEK"]
    # Tomorrow's flights: Ctrl+→ searches the day after, and the flights take the cursor
    # (for today's, Enter on the date does the same).
    clerk.key("ctrl+Right")
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    state = clerk.wait("tomorrow's flights, with the cursor",
                       lambda s: s["focus"] == "flightsView" and s["date"] == tomorrow)
    assert number(state, "flights") > 0
    clerk.key("Return")  # on to the flight's classes, the cheapest open one chosen
    clerk.wait("the cursor in the classes", lambda s: s["focus"] == "classesView")
    clerk.key("Return")  # sell it
    clerk.wait("the sale, the cursor in Name",
               lambda s: s["page"] == "salePage" and s["focus"] == "passengerName")
    clerk.type("张伟", counted=False)
    clerk.wait("the name typed", lambda s: s["name_text"] == "张伟")
    clerk.key("Return")
    clerk.wait("the cursor in the ID number", lambda s: s["focus"] == "idNumberEdit")
    clerk.type("11010519491231002X", counted=False)
    clerk.key("Return")  # the passenger added
    clerk.wait("the passenger listed", lambda s: s["passengers"] == ["张伟"])
    clerk.key("F6")  # quote
    clerk.wait("quoted", lambda s: s["quoted"] is True)
    clerk.key("F7")  # book
    state = clerk.wait("booked", lambda s: bool(s["pnr"]) or "F7" not in str(s["sale_message"]))
    assert state["pnr"], state["sale_message"]
    clerk.key("F8")  # cash, the exact amount: the ticket
    state = clerk.wait("the ticket issued", lambda s: len(items(s, "tickets")) == 1)
    (ticket,) = items(state, "tickets")
    sale_keys = len(clerk.pressed)
    clerk.key("ctrl+p")  # the itinerary receipt, to this workstation's receipt printer
    state = clerk.wait("the receipt printed", lambda s: len(items(s, "printed")) == 1)
    (title,) = items(state, "printed")
    assert str(ticket) in str(title)

    assert clerk.pressed == [
        "h", "e", "t", "Return", "p", "e", "k", "Return", "ctrl+Right", "Return", "Return",
        "Return", "Return", "F6", "F7", "F8", "ctrl+p",
    ]
    assert (sale_keys, len(clerk.pressed)) == (16, 17)
    print(f"real keyboard, walk-in cash sale: {sale_keys} keys besides name and ID number, "
          f"{len(clerk.pressed)} with the receipt printed: {' '.join(clerk.pressed)}")


def test_keys_typed_ahead_reach_the_next_field(clerk: Clerk) -> None:
    """The clerk does not wait for the drop-down: each Enter still moves on, and what is
    typed after it goes to the next field, never onto the end of the city before."""
    clerk.type("sz")
    clerk.key("Return")
    clerk.type("beijing")
    clerk.key("Return", "Return")  # To, then the date: search
    state = clerk.wait("the flights, with the cursor",
                       lambda s: s["focus"] == "flightsView" and number(s, "flights") > 0)
    assert state["origin_text"] == "深圳 SZX"
    assert state["destination"] == ["PEK", "PKX"]


def test_day_keys_and_swap_from_a_city_field(clerk: Clerk) -> None:
    clerk.type("het")
    clerk.key("Return")
    clerk.type("pek")
    clerk.key("Return")
    clerk.wait("the cursor in Date", lambda s: s["focus"] == "dateEdit")
    clerk.key("shift+Tab")  # back into To: Ctrl+→ still means the day after
    clerk.wait("the cursor in To", lambda s: s["focus"] == "destinationEdit")
    clerk.key("ctrl+Right")
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    clerk.wait("tomorrow searched", lambda s: s["date"] == tomorrow and number(s, "flights") > 0)
    clerk.key("ctrl+Left")
    clerk.wait("today searched", lambda s: s["date"] == TODAY.isoformat())
    clerk.key("shift+Tab")
    clerk.key("ctrl+s")
    state = clerk.wait("from and to swapped", lambda s: s["origin"] == ["PEK"])
    assert state["destination"] == ["HET"]


def test_unknown_city_and_past_date_are_said_at_the_field(clerk: Clerk) -> None:
    clerk.type("het")
    clerk.key("Return")
    clerk.type("pek")
    clerk.key("Return", "Return")
    clerk.wait("the flights", lambda s: s["focus"] == "flightsView" and number(s, "flights") > 0)
    # Back into To with the mouse (in the flights, Tab moves from cell to cell).
    x, y = (int(str(v)) for v in items(clerk.state(), "destination_at"))
    clerk.click(x, y)
    clerk.wait("the cursor in To", lambda s: s["focus"] == "destinationEdit")
    clerk.key("ctrl+a")
    clerk.type("zzq")
    clerk.key("Tab")  # leaving the field says it, and the old flights go
    state = clerk.wait("the unknown city said", lambda s: "zzq" in str(s["finder_message"]))
    assert str(state["finder_message"]).startswith("到达")
    assert state["flights"] == 0
    assert state["destination_text"] == "zzq"
    # A past date typed into the date field: said, naming the field, and kept as typed.
    clerk.wait("the cursor in Date", lambda s: s["focus"] == "dateEdit")
    yesterday = TODAY - timedelta(days=1)
    clerk.type(yesterday.strftime("%Y%m%d"))  # the year is selected: the digits fill it in
    state = clerk.wait("the past date said",
                       lambda s: yesterday.isoformat() in str(s["finder_message"]))
    assert str(state["finder_message"]).startswith("日期")
    assert str(state["date_text"]).startswith(yesterday.isoformat())
    clerk.key("Return")  # no search: the form's first fault (To) is said, the date kept
    state = clerk.wait("the search refused", lambda s: s["focus"] == "destinationEdit")
    assert str(state["date_text"]).startswith(yesterday.isoformat())
    assert str(state["finder_message"]).startswith("到达")
    assert state["flights"] == 0
