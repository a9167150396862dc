"""The counter's GP page (公务服务, F10) and the request dialog at the Shenzhen GP counter, on
the test clock: the board lists what waits on us, on head office, is due today and is late
(made through services/gp_requests); Enter on a line opens its request; a kind the official's
level is not entitled to is grey with its reason and says it when chosen; a refusal sits
under its field with nothing lost; submitting moves the line to "waiting on head office";
a booking's requests by its PNR; Esc asks before losing what was typed; screenshots at
1280×800 and 1600×1000."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from gui_support import NOW, TODAY, focused
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget
from sqlalchemy import select

from counter_app.gui.main_window import MainWindow
from counter_app.gui.pages.gp_page import GpPage
from counter_app.gui.request_dialog import RequestDialog
from counter_app.services import gp_requests
from counter_app.services.identity import ClerkSession
from counter_app.storage.models import (
    Booking,
    BookingPassenger,
    BookingSegment,
    Customer,
    Flight,
    OutboxEntry,
    Traveller,
)
from counter_app.sync.status import SyncStatus

UNIT = "GP-SZ-001"
V5, V1 = "陈志远", "黄晓敏"
PNR = "SZ7001"


@dataclass
class Desk:
    window: MainWindow
    page: GpPage
    clerk: ClerkSession
    officials: dict[str, str]  # name -> traveller id
    booking_id: str


@pytest.fixture(autouse=True)
def questions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The dialog's questions (discard? cancel?) answered yes, never a modal box."""
    asked: list[str] = []
    monkeypatch.setattr(RequestDialog, "confirm",
                        lambda _self, question: asked.append(question) or True)
    return asked


@pytest.fixture
def desk(qtbot, counter, log_in) -> Desk:  # type: ignore[no-untyped-def]
    window: MainWindow = log_in("linxiaoyu", "demo1234")  # SZX001, the GP counter
    window.resize(1280, 800)
    store, clerk = window.ctx.store, window.ctx.clerk
    assert store is not None
    assert clerk is not None
    with store.unit_of_work() as session:
        unit = session.scalars(select(Customer).where(Customer.code == UNIT)).one()
        unit.contact_name, unit.contact_phone = "秘书处王强", "0755-88880001"
        people = {t.name: t for t in session.scalars(
            select(Traveller).where(Traveller.customer_id == unit.id))}
        flight = session.scalars(select(Flight).where(
            Flight.dep_date == TODAY + timedelta(days=10), Flight.origin == "SZX")
            .order_by(Flight.flight_no).limit(1)).one()
        booking = Booking(pnr=PNR, status="ticketed", customer_id=unit.id,
                          clerk_id=clerk.clerk_id, outlet_code="SZX001", gp_order_no="GP-1",
                          customer_kind="gp_unit", created_at=NOW.replace(tzinfo=None))
        session.add(booking)
        session.flush()
        session.add(BookingSegment(booking_id=booking.id, seq=1, flight_id=flight.id,
                                   class_code="Y", cabin="Y", seats=2))
        for person in (people[V5], people[V1]):
            session.add(BookingPassenger(
                booking_id=booking.id, traveller_id=person.id, name=person.name,
                passenger_type="ADT", id_type=person.id_type, id_number=person.id_number,
                mobile=person.mobile, gp_level=person.gp_level))
        officials = {name: t.id for name, t in people.items()}
        booking_id = booking.id
    page = window.gp
    window.show_page(page)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return Desk(window, page, clerk, officials, booking_id)


def write(desk: Desk, fn: Any, *args: Any, **kwargs: Any) -> Any:
    store = desk.window.ctx.store
    assert store is not None
    with store.unit_of_work() as session:
        return fn(session, *args, clerk=desk.clerk, now=NOW, **kwargs)


def prefilled(desk: Desk, kind: str, official: str = V5) -> dict[str, Any]:
    store = desk.window.ctx.store
    assert store is not None
    with store.read() as session:
        form = gp_requests.prefill(session, kind, official_id=desk.officials[official],
                                   booking_id=desk.booking_id, clerk=desk.clerk, now=NOW)
    return dict(form.values)


TRANSFER = {"direction": "pickup", "address": "深圳市福田区市民中心",
            "transfer_at": f"{TODAY + timedelta(days=10)}T07:00", "passenger_count": 2,
            "car": "business"}


def shown(page: GpPage, key: str) -> list[str]:
    return [line.id for line in page.tables[key].lines]


def refreshed(qtbot, page: GpPage, key: str, wanted: int) -> None:  # type: ignore[no-untyped-def]
    """The board read again until table ``key`` has ``wanted`` lines (a read asked before the
    test wrote its requests may still come back first)."""
    page.refresh()
    qtbot.waitUntil(lambda: len(page.tables[key].lines) == wanted, timeout=5000)


def dialog_ready(qtbot, dialog: RequestDialog) -> RequestDialog:  # type: ignore[no-untyped-def]
    """The page's dialog (the page owns it and deletes the one before) once filled."""
    qtbot.waitUntil(lambda: dialog.loaded and dialog.form is not None, timeout=5000)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_the_board_lists_what_waits_on_whom_and_what_is_late(  # type: ignore[no-untyped-def]
        qtbot, desk: Desk, monkeypatch) -> None:
    lounge = prefilled(desk, "lounge")
    draft = write(desk, gp_requests.save_draft, lounge, kind="lounge",
                  official_id=desk.officials[V5], booking_id=desk.booking_id)
    sent = write(desk, gp_requests.submit, None, {**prefilled(desk, "ground_transfer"),
                                                  **TRANSFER},
                 kind="ground_transfer", official_id=desk.officials[V5],
                 booking_id=desk.booking_id)
    # A draft whose flight leaves tomorrow at 08:00: a VIP/CIP guarantee was due 24 h before.
    soon = {**prefilled(desk, "vip_cip"), "flight_date": (TODAY + timedelta(days=1)).isoformat(),
            "departure_time": "08:00"}
    late = write(desk, gp_requests.save_draft, soon, kind="vip_cip",
                 official_id=desk.officials[V5], booking_id=None)
    refreshed(qtbot, desk.page, "counter", 2)
    page = desk.page
    assert set(shown(page, "counter")) == {draft, late}
    assert shown(page, "head_office") == [sent]
    assert shown(page, "late") == [late]
    assert late in shown(page, "today")  # due today
    table = page.tables["late"]
    assert table.item(0, 0).text().startswith("⚠ ")  # marked, not by colour only
    assert table.item(0, 6).text().startswith("⚠ ")
    assert table.item(0, 1).text() == V5
    assert table.item(0, 2).text() == "V5"
    assert page.tabs.tabText(3) == "⚠ 已逾期（1）" or "1" in page.tabs.tabText(3)
    # Enter on a line opens its request, with its steps.
    page.tabs.setCurrentWidget(page.tables["head_office"])
    page.tables["head_office"].setFocus()
    qtbot.keyClick(page.tables["head_office"], Qt.Key.Key_Return)
    assert page.dialog is not None
    dialog = dialog_ready(qtbot, page.dialog)
    qtbot.waitUntil(lambda: dialog.steps.rowCount() == 1, timeout=5000)
    assert dialog.request_id == sent
    assert dialog.steps.item(0, 1).text().startswith("林")  # who: the clerk
    assert not dialog.kind_list.isEnabled()
    assert not dialog.submit_button.isEnabled()  # head office has it
    assert dialog.cancel_button.isEnabled()
    printed: list[str] = []
    monkeypatch.setattr(desk.window.desk, "service_request",
                        lambda rid, _on_error, language=None: printed.append(rid))
    qtbot.keyClick(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printed == [sent]


def test_the_board_is_read_again_after_a_sync_cycle_and_a_late_one_warns(  # type: ignore[no-untyped-def]
        qtbot, desk: Desk) -> None:
    page = desk.page
    qtbot.waitUntil(lambda: page.board is not None, timeout=5000)
    qtbot.wait(300)  # every read the showing asked for has come back
    soon = {**prefilled(desk, "vip_cip"), "flight_date": (TODAY + timedelta(days=1)).isoformat(),
            "departure_time": "08:00"}
    late = write(desk, gp_requests.save_draft, soon, kind="vip_cip",
                 official_id=desk.officials[V5], booking_id=None)  # as if the pull wrote it
    status = SyncStatus(online=True, pending=0, oldest_pending_age=None,
                        last_success_at=NOW.replace(tzinfo=None), last_error="",
                        attention_open=0, stalled=False, server_offset=None, enrolled=True)
    qtbot.wait(300)
    assert shown(page, "late") == []  # not read again on its own
    desk.window.sync.statusChanged.emit(status)
    qtbot.waitUntil(lambda: shown(page, "late") == [late], timeout=5000)
    page.tabs.setCurrentWidget(page.tables["late"])
    page.tables["late"].setFocus()
    qtbot.keyClick(page.tables["late"], Qt.Key.Key_Return)
    assert page.dialog is not None
    dialog = dialog_ready(qtbot, page.dialog)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=5000)
    assert dialog.late_line.text().startswith("⚠ ")
    assert dialog.state_line.text().startswith("状态：草稿")
    assert "截止" in dialog.state_line.text()


def test_a_kind_the_level_is_not_entitled_to_is_grey_and_says_why(qtbot, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    page = desk.page
    page.official_edit.setText(V1)
    page._find_officials()
    qtbot.waitUntil(lambda: page.current_official() is not None, timeout=5000)
    assert "V1" in page.level_line.text()
    labels = [page.entitlement_list.item(i).text()
              for i in range(page.entitlement_list.count())]
    assert "易行地面交通预订" in labels
    assert "贵宾室服务" not in labels
    page.booking_edit.setText(PNR)
    page._find_booking()
    qtbot.waitUntil(lambda: page.booking is not None, timeout=5000)
    dialog = page.new_request("ground_transfer")
    assert dialog is not None
    dialog_ready(qtbot, dialog)
    assert dialog.form is not None
    assert dialog.form.values()["official_name"] == V1
    assert dialog.submit_button.isEnabled()
    lounge_row = list(dialog.kinds).index("lounge")
    assert dialog.refusals["lounge"] is not None
    assert "V4" in dialog.kind_list.item(lounge_row).toolTip()
    assert dialog.refusals["ground_transfer"] is None
    dialog.kind_list.setCurrentRow(lounge_row)
    qtbot.waitUntil(lambda: dialog.loaded and dialog.kind is not None
                    and dialog.kind.code == "lounge", timeout=5000)
    assert dialog.error_line.is_error
    assert "V4" in dialog.error_line.text()
    assert "V1" in dialog.error_line.text()
    assert not dialog.submit_button.isEnabled()
    assert not dialog.draft_button.isEnabled()


def test_submit_with_a_refusal_then_the_line_moves_to_head_office(qtbot, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    page = desk.page
    draft = write(desk, gp_requests.save_draft, prefilled(desk, "ground_transfer"),
                  kind="ground_transfer", official_id=desk.officials[V5],
                  booking_id=desk.booking_id)
    refreshed(qtbot, page, "counter", 1)
    assert shown(page, "counter") == [draft]
    dialog = dialog_ready(qtbot, page.open_request(draft))
    form = dialog.form
    assert form is not None
    assert dialog.submit_button.isEnabled()
    # Enter in the notes makes a new line, never submits.
    notes = form.widgets["notes"]
    assert isinstance(notes, QPlainTextEdit)
    notes.setFocus()
    qtbot.keyClicks(notes, "ab")
    qtbot.keyClick(notes, Qt.Key.Key_Return)
    qtbot.keyClicks(notes, "cd")
    assert notes.toPlainText() == "ab\ncd"
    assert dialog.state() is not None
    assert dialog.state().value == "draft"
    # Pick-up or drop-off is required: submitting without it is refused under the field.
    values = form.values()
    assert "direction" not in values
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.error_text("direction") != "", timeout=5000)
    assert form.error_text("direction").startswith("接送类型") or \
        form.error_text("direction").startswith(form.labels["direction"].text().rstrip(" *"))
    assert focused() is form.widgets["direction"]
    assert form.values() == values  # nothing lost
    assert dialog.state().value == "draft"
    form.set_values({**form.values(), **TRANSFER})
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.state() is not None and dialog.state().value == "submitted",
                    timeout=5000)
    assert dialog.error_line.text() in ("已提交总部。", "Submitted to head office.")
    qtbot.waitUntil(lambda: shown(page, "head_office") == [draft], timeout=5000)
    assert shown(page, "counter") == []
    store = desk.window.ctx.store
    assert store is not None
    with store.read() as session:
        kinds = list(session.scalars(select(OutboxEntry.kind)))
    assert "service_request.submit" in kinds


def test_a_new_request_is_saved_as_draft_and_esc_asks_first(qtbot, desk: Desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = desk.page
    page.official_edit.setText(V5)
    page._find_officials()
    qtbot.waitUntil(lambda: page.current_official() is not None, timeout=5000)
    dialog = page.new_request("meal_preorder")  # how fast: bench/bench_request_form.py
    assert dialog is not None
    dialog_ready(qtbot, dialog)
    form = dialog.form
    assert form is not None
    assert form.values()["official_name"] == V5
    assert form.values()["official_level"] == "V5"
    asked: list[bool] = []
    monkeypatch.setattr(dialog, "confirm_discard", lambda: asked.append(True) or False)
    form.widgets["official_title"].setFocus()
    qtbot.keyClicks(form.widgets["official_title"], "A")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert asked == [True]
    assert dialog.isVisible()  # kept: the clerk said no
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.request_id is not None and dialog.detail is not None,
                    timeout=5000)
    assert not dialog.dirty
    qtbot.waitUntil(lambda: dialog.request_id in shown(page, "counter"), timeout=5000)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert asked == [True]  # nothing unsaved: closes without asking
    assert not dialog.isVisible()


def test_the_requests_of_a_booking_by_its_pnr(qtbot, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    one = write(desk, gp_requests.save_draft, prefilled(desk, "lounge"), kind="lounge",
                official_id=desk.officials[V5], booking_id=desk.booking_id)
    other = write(desk, gp_requests.save_draft, prefilled(desk, "meal_preorder"),
                  kind="meal_preorder", official_id=desk.officials[V5], booking_id=None)
    page = desk.page
    page.booking_edit.setFocus()
    qtbot.keyClicks(page.booking_edit, PNR.lower())
    qtbot.keyClick(page.booking_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shown(page, "booking") == [one], timeout=5000)
    assert other not in shown(page, "booking")
    assert page.tabs.currentWidget() is page.tables["booking"]
    assert PNR in page.booking_line.text()
    page.show_booking(desk.booking_id)  # the public way in
    qtbot.waitUntil(lambda: shown(page, "booking") == [one], timeout=5000)


def test_an_outlet_that_is_not_a_gp_counter_sees_why(qtbot, counter, log_in) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = log_in()
    window.show_page(window.gp)
    assert window.gp.why.isVisibleTo(window.gp)
    assert "公务" in window.gp.why.text()
    assert not window.gp.tabs.isVisibleTo(window.gp)


def _grab(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    assert widget.grab().save(str(path))


@pytest.mark.parametrize("size", [(1280, 800), (1600, 1000)])
def test_screenshots(qtbot, desk: Desk, shots: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    write(desk, gp_requests.submit, None, {**prefilled(desk, "ground_transfer"), **TRANSFER},
          kind="ground_transfer", official_id=desk.officials[V5], booking_id=desk.booking_id)
    write(desk, gp_requests.save_draft, prefilled(desk, "lounge"), kind="lounge",
          official_id=desk.officials[V5], booking_id=desk.booking_id)
    desk.window.resize(*size)
    page = desk.page
    refreshed(qtbot, page, "head_office", 1)
    page.official_edit.setText(V5)
    page._find_officials()
    qtbot.waitUntil(lambda: page.current_official() is not None, timeout=5000)
    page.booking_edit.setText(PNR)
    page._find_booking()
    qtbot.waitUntil(lambda: len(page.tables["booking"].lines) == 2, timeout=5000)
    _grab(desk.window, shots / f"gp_page_{size[0]}x{size[1]}.png")
    dialog = page.new_request("vip_cip")
    assert dialog is not None
    dialog_ready(qtbot, dialog)
    dialog.resize(min(size[0] - 80, 1200), size[1] - 80)
    assert dialog.form is not None
    assert dialog.form.values()["flight_no"]  # filled from the booking
    _grab(dialog, shots / f"gp_request_{size[0]}x{size[1]}.png")
    kept = page.open_request(page.tables["booking"].lines[0].id)
    dialog_ready(qtbot, kept)
    qtbot.waitUntil(lambda: kept.steps.rowCount() > 0, timeout=5000)
    kept.resize(min(size[0] - 80, 1200), size[1] - 80)
    _grab(kept, shots / f"gp_kept_request_{size[0]}x{size[1]}.png")


def test_a_submitted_request_is_changed_then_cancelled(qtbot, desk: Desk, questions) -> None:  # type: ignore[no-untyped-def]
    sent = write(desk, gp_requests.submit, None, {**prefilled(desk, "ground_transfer"),
                                                  **TRANSFER},
                 kind="ground_transfer", official_id=desk.officials[V5],
                 booking_id=desk.booking_id)
    page = desk.page
    dialog = dialog_ready(qtbot, page.open_request(sent))
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=5000)
    form = dialog.form
    assert form is not None
    address = form.widgets["address"]
    address.setFocus()
    address.selectAll()
    qtbot.keyClicks(address, "Terminal 3")
    assert dialog.dirty
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.steps.rowCount() == 2, timeout=5000)
    assert dialog.error_line.text() == "修改已发送总部。"
    assert not dialog.dirty
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert questions[-1] == "取消此申请？将通知总部。"
    qtbot.waitUntil(lambda: dialog.state() is not None and dialog.state().value == "cancelled",
                    timeout=5000)
    assert not dialog.form.isEnabled()  # closed: nothing more to change
    assert not dialog.cancel_button.isEnabled()
    store = desk.window.ctx.store
    assert store is not None
    with store.read() as session:
        ops = [(e.kind, e.payload) for e in session.scalars(
            select(OutboxEntry).order_by(OutboxEntry.seq))]
    kinds = [kind for kind, _ in ops if kind.startswith("service_request")]
    assert kinds == ["service_request.submit", "service_request.update",
                     "service_request.cancel"]
    update = next(payload for kind, payload in ops if kind == "service_request.update")
    assert update["changes"] == {"address": "Terminal 3"}
    assert update["base"] == {"address": TRANSFER["address"]}
