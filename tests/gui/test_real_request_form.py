"""The GP request dialog on a real keyboard: the counter in a real X window (Xvfb) at the
Shenzhen GP counter, keys sent by xdotool through the X server (tests/gui/
test_real_keyboard.py's ``display`` and ``Clerk``), no Qt test events.

From the GP page (公务服务) with the booking SZ7001 found: the official's name typed into the
search (typed, not counted, as names are in the README), found as typed, Enter opens the request
dialog, ↓↓ chooses the ground transfer (易行), whose form comes filled from the official, the
unit and the booking; Enter on it puts the cursor on the first field the form could not fill,
and the clerk fills direction, address (typed, not counted), time, passengers and car, then
Ctrl+Enter submits. The keys are counted; screenshots of the real screen at 1280×800 and
1600×1000 are kept in the ``shots`` folder to be looked at.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from test_real_keyboard import (  # noqa: F401  (the fixture is imported to be used)
    Clerk,
    State,
    display,
)

HERE = Path(__file__).resolve().parent
OFFICIAL = "陈志远"  # V5
ADDRESS = "深圳市福田区市民中心"


@pytest.fixture
def start(display: str, data_dir: Path, tmp_path: Path) -> Iterator[object]:  # noqa: F811
    """``start(width, height)``: the counter up in its window on the GP page, the booking
    found, the cursor in the official search; returns the clerk at its keyboard."""
    apps: list[subprocess.Popen[str]] = []

    def run(width: int, height: int) -> Clerk:
        state_file = tmp_path / f"request-{width}.json"
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        apps.append(subprocess.Popen(
            [sys.executable, str(HERE / "real_request_window.py"), str(data_dir),
             str(state_file), str(width), str(height)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
        clerk = Clerk(display, state_file)
        clerk.wait("the GP page up, the booking found, the cursor in the official search",
                   lambda s: s.get("active") is True and s.get("focus") == "officialSearch"
                   and s.get("booking") == "SZ7001", timeout=60)
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


def values(state: State) -> dict[str, object]:
    found = state.get("values")
    assert isinstance(found, dict), state
    return found


def shoot(clerk: Clerk, path: Path) -> None:
    clerk.state_file.with_suffix(".shoot").write_text(str(path), encoding="utf-8")
    clerk.wait(f"the screenshot {path.name}", lambda s: str(path) in (s.get("shots") or []))


@pytest.mark.parametrize("size", [(1280, 800), (1600, 1000)])
def test_a_prefilled_ground_transfer_submitted_by_keyboard(  # type: ignore[no-untyped-def]
    start, shots: Path, size: tuple[int, int]
) -> None:
    clerk: Clerk = start(*size)
    clerk.type(OFFICIAL, counted=False)
    # Found as typed (a quarter of a second after the last character): Enter then opens.
    clerk.wait("the official found", lambda s: s.get("officials") == [OFFICIAL])
    time.sleep(0.5)  # a part of the name may have found them: the whole name's search is due
    clerk.key("Return")
    clerk.wait("the dialog open on the first kind, the keyboard on the kinds",
               lambda s: s.get("dialog") is True and s.get("loaded") is True
               and s.get("focus") == "requestKinds" and s.get("dialog_active") is True)
    clerk.key("Down", "Down")
    state = clerk.wait("the ground transfer's form, filled in",
                       lambda s: s.get("kind") == "ground_transfer" and s.get("loaded") is True
                       and values(s).get("official_name") == OFFICIAL)
    filled = values(state)
    assert filled["official_level"] == "V5"
    assert filled["unit_name"] == "深圳市委办公厅"
    assert filled["origin"] == "SZX"
    assert (filled["contact_name"], filled["contact_phone"]) == ("秘书处王强", "0755-88880001")
    for key in ("direction", "address", "transfer_at", "passenger_count", "car"):
        assert key not in filled  # what the clerk types
    shoot(clerk, shots / f"real_request_{size[0]}x{size[1]}_filled.png")

    clerk.key("Return")  # Enter on the kind: the cursor to the first field to fill
    clerk.wait("the first empty field", lambda s: s.get("focus") == "field_direction")
    clerk.key("Down")  # 接机 (pick-up): the first choice after the blank
    clerk.wait("a direction", lambda s: values(s).get("direction") == "pickup")
    clerk.key("Tab")
    clerk.wait("the address", lambda s: s.get("focus") == "field_address")
    clerk.type(ADDRESS, counted=False)
    clerk.wait("the address typed", lambda s: values(s).get("address") == ADDRESS)
    clerk.key("Tab")
    clerk.wait("the time", lambda s: s.get("focus") == "field_transfer_at")
    departure = datetime.fromisoformat(f"{filled['flight_date']}T{filled['departure_time']}")
    at = departure - timedelta(hours=3)
    clerk.type(at.strftime("%Y%m%d%H%M"))
    clerk.wait("the time typed", lambda s: values(s).get("transfer_at") == at.isoformat(
        timespec="minutes"))
    clerk.key("Tab")
    clerk.wait("the passengers", lambda s: s.get("focus") == "field_passenger_count")
    clerk.type("2")
    clerk.wait("two passengers", lambda s: values(s).get("passenger_count") == 2)
    clerk.key("Tab")
    clerk.wait("the car", lambda s: s.get("focus") == "field_car")
    clerk.key("Down")
    clerk.wait("a car", lambda s: values(s).get("car") == "sedan")
    clerk.key("ctrl+Return")
    state = clerk.wait("submitted: head office will see it at the next sync",
                       lambda s: s.get("state") == "submitted" and s.get("busy") is False)
    assert not state.get("errors"), state
    shoot(clerk, shots / f"real_request_{size[0]}x{size[1]}_submitted.png")

    counted = len(clerk.pressed)
    print(f"{size[0]}x{size[1]}: {counted} keys; pressed {clerk.pressed}")
    # Enter on the kind puts the cursor on 接/送, the first required field the form could
    # not fill from the official and the booking (before: 15 Tabs through the buttons, the
    # form's frame and ten filled fields, 39 keys with a second Enter to find).
    assert counted == 24, clerk.pressed
