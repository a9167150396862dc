"""The head-office inbox page (总部待办) against a REAL head office over HTTP: the demo head
office as its own process, the counter enrolled for the head office's outlet HET000 and
logged in as zhaojun (role head_office). Requests are put into head office's database as
counters would have sent them; every step is then taken in the page and checked in head
office's database.

* the page is in the navigation only for a head-office clerk; the login refuses a wrong
  password with a message, then opens the inbox;
* filters by state and airport, late requests marked;
* accept → arrange → done with notes, each step in the history; a reject without a reason
  is refused naming 驳回原因, with one it goes through; assign to a person;
* a step on a version someone else changed meanwhile reloads the request and says so.
Screenshots at 1280×800 and 1600×1000 (the ``shots`` fixture)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from counter_app.gui.app import CounterApp, build_context
from counter_app.gui.inbox import page as inbox_page
from counter_app.gui.inbox.page import HeadOfficeInboxPage
from counter_app.gui.main_window import MainWindow
from counter_app.gui.messages import ERROR_COLOR
from counter_app.gui.settings import Preferences
from counter_app.headoffice.request_models import ServiceRequestRow, ServiceRequestStepRow
from counter_app.kernel.clock import SHANGHAI, SystemClock
from counter_app.sync.client import HeadOfficeClient
from counter_app.sync.credentials import MemoryCredentialStore
from counter_app.sync.inbox import InboxClient
from counter_app.sync.protocol.inbox import InboxAssign

HO = 20000  # ms: an answer of head office


class Office:
    """The counter of HET000 logged in as zhaojun, beside its own demo head office."""

    def __init__(self, app: CounterApp, window: MainWindow, ho: Engine) -> None:
        self.app, self.window, self.ho = app, window, ho
        self.now = window.ctx.clock.now()
        self.today = self.now.astimezone(SHANGHAI).date()

    @property
    def page(self) -> HeadOfficeInboxPage:
        return self.window.inbox

    def add(self, *, kind: str = "lounge", state: str = "submitted", origin: str = "SZX",
            destination: str = "PEK", outlet: str = "SZX001", official: str = "林晓雨",
            level: str = "V4", days: int = 3, due_hours: float = 48,
            values: dict[str, Any] | None = None) -> str:
        """A request as a counter sent it (submitted, one step in the history)."""
        request_id = str(uuid.uuid4())
        now = self.now.replace(tzinfo=None) - timedelta(hours=1)
        flight_date = self.today + timedelta(days=days)
        with Session(self.ho) as session, session.begin():
            session.add(ServiceRequestRow(
                id=request_id, kind=kind, state=state, version=1, outlet_code=outlet,
                unit_name="深圳市发展和改革委员会", official_name=official, gp_level=level,
                pnr="HX7K2P", flight_no="CZ3101", flight_date=flight_date, origin=origin,
                destination=destination, departure_at=now + timedelta(days=days),
                due_at=now + timedelta(hours=due_hours), assignee="",
                values=values or {
                    "official_name": official, "official_level": level, "flight_no": "CZ3101",
                    "flight_date": flight_date.isoformat(), "origin": origin,
                    "destination": destination, "arrival_at": "08:30", "companions": [],
                    "contact_name": "刘洋", "contact_phone": "13800138000"},
                field_versions={}, note="请安排贵宾室", created_by="linxiaoyu",
                submitted_at=now, updated_at=now))
            session.flush()
            session.add(ServiceRequestStepRow(
                request_id=request_id, action="submit", state="submitted",
                by_login="linxiaoyu", by_name="林晓雨", side="counter", at=now, note=""))
        return request_id

    def row(self, request_id: str) -> dict[str, Any]:
        with self.ho.connect() as conn:
            found = conn.execute(text("SELECT state, version, assignee FROM service_requests "
                                      "WHERE id = :i"), {"i": request_id}).mappings().one()
            return dict(found)

    def steps(self, request_id: str) -> list[tuple[str, str, str]]:
        with self.ho.connect() as conn:
            rows = conn.execute(text(
                "SELECT action, side, note FROM service_request_steps WHERE request_id = :i "
                "ORDER BY id"), {"i": request_id})
            return [(str(a), str(s), str(n)) for a, s, n in rows]


@pytest.fixture
def office(qtbot, tmp_path: Path) -> Iterator[Callable[[], Office]]:  # type: ignore[no-untyped-def]
    """``counter-app --demo`` enrolled for HET000 with its own head office, zhaojun logged
    in at the counter, online."""
    made: list[tuple[CounterApp, Engine]] = []

    def start() -> Office:
        folder = tmp_path / "counter"
        ctx = build_context(folder, demo=True, clock=SystemClock())
        ctx.connected_demo = True
        ctx.credentials = MemoryCredentialStore()
        app = CounterApp(ctx, Preferences(folder))
        app.demo_outlet = "HET000"  # counter-app --demo --outlet HET000
        app.start()
        qtbot.addWidget(app.login_dialog)
        qtbot.waitUntil(lambda: ctx.store is not None or app.start_error is not None,
                        timeout=120000)
        assert app.start_error is None, app.start_error
        assert app.head_office is not None
        ho = create_engine(app.head_office.database_url)
        made.append((app, ho))
        dialog = app.login_dialog
        assert dialog is not None
        dialog.login_edit.setText("zhaojun")
        dialog.password_edit.setText("office1234")
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: app.main_window is not None, timeout=30000)
        window = app.main_window
        assert window is not None
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: "在线" in window.sync_indicator.text(), timeout=60000)
        return Office(app, window, ho)

    yield start
    for app, ho in made:
        ho.dispose()
        if app.main_window is not None:
            app.main_window.close()
        app.shutdown()


def log_in(qtbot, office: Office, password: str = "office1234") -> None:  # type: ignore[no-untyped-def]
    panel = office.page.login_panel
    panel.password_edit.setText(password)
    qtbot.mouseClick(panel.login_button, Qt.MouseButton.LeftButton)


def rows_shown(qtbot, page: HeadOfficeInboxPage, count: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == count,
                    timeout=HO)


def select(qtbot, page: HeadOfficeInboxPage, request_id: str) -> None:  # type: ignore[no-untyped-def]
    row = next(i for i, item in enumerate(page.model.rows()) if item.id == request_id)
    page.table.selectRow(row)
    qtbot.waitUntil(lambda: page.detail.view is not None and page.detail.view.id == request_id,
                    timeout=HO)


def step(qtbot, office: Office, action: str, note: str, state: str) -> None:  # type: ignore[no-untyped-def]
    detail = office.page.detail
    detail.note.setText(note)
    qtbot.mouseClick(detail.buttons[action], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.view is not None and detail.view.state == state,
                    timeout=HO)


def edit_notes(qtbot, ho: Office) -> None:  # type: ignore[no-untyped-def]
    """修改: a required field emptied is refused under it; the notes changed are saved."""
    from PySide6.QtWidgets import QPlainTextEdit, QTimeEdit

    detail = ho.page.detail
    assert detail.edit_button.isEnabled()
    qtbot.mouseClick(detail.edit_button, Qt.MouseButton.LeftButton)
    dialog = ho.page.edit_dialog
    assert dialog is not None
    arrival = dialog.form.widgets["arrival_at"]
    assert isinstance(arrival, QTimeEdit)
    arrival.setTime(arrival.minimumTime())
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.form.error_text("arrival_at") != "", timeout=HO)
    assert dialog.isVisible()
    dialog.form.set_values({**dialog.view.values})
    notes = dialog.form.widgets["notes"]
    assert isinstance(notes, QPlainTextEdit)
    notes.setPlainText("改为下午两点到达")
    version = dialog.view.version
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (detail.view is not None and detail.view.version > version)
                    or dialog.message.is_error, timeout=HO)
    errors = {k: dialog.form.error_text(k) for k in dialog.form.widgets}
    assert not dialog.isVisible(), (dialog.message.text(), dialog.changes(), errors)
    assert detail.view is not None
    assert detail.view.values["notes"] == "改为下午两点到达"
    assert detail.view.values["arrival_at"] == "08:30"


def shoot(qtbot, window: MainWindow, shots: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    for width, height in ((1280, 800), (1600, 1000)):
        window.resize(width, height)
        window.show()
        qtbot.wait(150)
        QApplication.processEvents()
        assert window.grab().save(str(shots / f"{name}_{width}x{height}.png"))


def test_login_then_filters_by_state_and_airport(qtbot, office, shots: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ho = office()
    window, page = ho.window, ho.page
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert any("总部待办" in t and "Ctrl+I" in t for t in titles), titles
    late = ho.add(kind="vip_cip", due_hours=-3, official="王建国", level="V5")
    szx = ho.add(days=5, values={"arrival_at": "09:00", "companions": [
        {"name": "李明", "title": "秘书", "id_type": "NI", "id_number": "", "relation": "",
         "phone": ""}]})
    het = ho.add(origin="HET", destination="PEK", outlet="HET001", official="张伟",
                 level="V3", kind="meal_preorder", values={"meal": "清真餐"})
    done = ho.add(state="done", kind="ground_transfer")
    general = ho.add(kind="general", level="", official="", origin="HET", outlet="HET001",
                     values={"action": "refund", "ticket_number": "784-2090000001",
                             "pnr": "HX7K2P", "note": "旅客因病退票"})
    window.show_page(page)
    assert page.stack.currentWidget() is page.login_panel
    assert page.login_panel.login_edit.text() == "zhaojun"

    log_in(qtbot, ho, "wrong-password")
    qtbot.waitUntil(lambda: page.login_panel.message.is_error
                    and "密码" in page.login_panel.message.text(), timeout=HO)
    assert page.stack.currentWidget() is page.login_panel
    log_in(qtbot, ho)
    qtbot.waitUntil(lambda: page.staff_session is not None, timeout=HO)
    rows_shown(qtbot, page, 4)  # the open states by default: the done one is not shown
    ids = [item.id for item in page.model.rows()]
    assert ids[0] == late
    assert done not in ids
    assert {szx, het, general} <= set(ids)
    assert page.model.rows()[0].late
    assert "⚠" in page.model.data(page.model.index(0, 7))
    red = page.model.data(page.model.index(0, 1), Qt.ItemDataRole.ForegroundRole)
    assert red is not None
    assert red.name() == ERROR_COLOR
    assert page.model.data(page.model.index(1, 1), Qt.ItemDataRole.ForegroundRole) is None
    assert "共" in page.filters.count_label.text() or "4" in page.filters.count_label.text()
    assert "(1)" in page.filters.state_boxes["done"].text()
    shoot(qtbot, window, shots, "inbox_list")

    page.filters.airport.setText("het")
    rows_shown(qtbot, page, 2)
    assert {item.id for item in page.model.rows()} == {het, general}
    select(qtbot, page, general)
    texts = [page.detail.fields.itemAt(i).widget().text()
             for i in range(page.detail.fields.count()) if page.detail.fields.itemAt(i).widget()]
    assert "退票" in texts
    assert "784-2090000001" in texts
    assert "旅客因病退票" in texts
    page.filters.airport.clear()
    page.filters.state_boxes["done"].setChecked(True)
    for code in ("submitted", "accepted", "arranged"):
        page.filters.state_boxes[code].setChecked(False)
    rows_shown(qtbot, page, 1)
    assert page.model.rows()[0].id == done
    page.filters.state_boxes["submitted"].setChecked(True)
    page.filters.level.setCurrentIndex(page.filters.level.findData("V5"))
    rows_shown(qtbot, page, 1)
    assert page.model.rows()[0].id == late
    select(qtbot, page, late)
    shoot(qtbot, window, shots, "inbox_detail")

    # paging: two a page over the four open requests
    monkeypatch.setattr(inbox_page, "PAGE_SIZE", 2)
    page.filters.level.setCurrentIndex(0)
    for code in ("accepted", "arranged"):
        page.filters.state_boxes[code].setChecked(True)
    page.filters.state_boxes["done"].setChecked(False)
    rows_shown(qtbot, page, 2)
    first = [item.id for item in page.model.rows()]
    assert page.next_button.isEnabled()
    assert not page.prev_button.isEnabled()
    assert "4" in page.page_label.text()
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.loading and page.offset == 2
                    and page.model.rowCount() == 2 and page.model.rows()[0].id not in first,
                    timeout=HO)
    assert not page.next_button.isEnabled()
    assert page.prev_button.isEnabled()

    # a request arriving meanwhile shows at the next minute's reading
    ho.add(official="陈静", days=9)
    page._poll.timeout.emit()
    qtbot.waitUntil(lambda: not page.loading and "共 5 条" in page.page_label.text(),
                    timeout=HO)

    # head office ends the session (revoked): the next call brings the login back
    with ho.ho.begin() as conn:
        conn.execute(text("UPDATE staff_sessions SET revoked_at = :t"),
                     {"t": ho.now.replace(tzinfo=None)})
    qtbot.mouseClick(page.findChild(QPushButton, "inboxRefresh"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.login_panel, timeout=HO)
    assert "重新登录" in page.login_panel.message.text()
    assert page.inbox is not None
    assert not page.inbox.logged_in


def test_workflow_reject_assign_and_a_stale_version(qtbot, office, shots: Path) -> None:  # type: ignore[no-untyped-def]
    ho = office()
    window, page = ho.window, ho.page
    worked = ho.add(official="林晓雨")
    rejected = ho.add(official="周敏", days=6)
    window.show_page(page)
    log_in(qtbot, ho)
    rows_shown(qtbot, page, 2)
    select(qtbot, page, worked)
    detail = page.detail
    assert detail.buttons["accept"].isEnabled()
    assert not detail.buttons["done"].isEnabled()

    step(qtbot, ho, "accept", "已受理，联系贵宾室", "accepted")
    edit_notes(qtbot, ho)
    step(qtbot, ho, "arrange", "贵宾室已预留", "arranged")
    assert not detail.buttons["accept"].isEnabled()
    assert detail.buttons["done"].isEnabled()
    step(qtbot, ho, "done", "服务完成", "done")
    assert ho.row(worked)["state"] == "done"
    assert [s[:2] for s in ho.steps(worked)][2] == ("edit", "head_office")
    assert ho.steps(worked)[1:2] + ho.steps(worked)[3:] == [
        ("accept", "head_office", "已受理，联系贵宾室"), ("arrange", "head_office", "贵宾室已预留"),
        ("done", "head_office", "服务完成")]
    history = [[detail.history_model.data(detail.history_model.index(r, c))
                for c in range(6)] for r in range(detail.history_model.rowCount())]
    assert len(history) == 5
    assert "赵军" in history[1][1]
    assert history[2][3] == "修改"
    assert history[4][5] == "服务完成"
    assert all(b.isEnabled() is False for b in detail.buttons.values())

    page.filters.state_boxes["done"].setChecked(False)
    rows_shown(qtbot, page, 1)
    select(qtbot, page, rejected)
    detail.note.clear()
    qtbot.mouseClick(detail.buttons["reject"], Qt.MouseButton.LeftButton)
    assert detail.message.is_error
    assert "驳回原因" in detail.message.text()
    qtbot.wait(300)
    assert ho.row(rejected)["state"] == "submitted"

    qtbot.waitUntil(lambda: detail.assignee.count() > 1, timeout=HO)
    detail.assignee.setCurrentIndex(detail.assignee.findData("zhaojun"))
    qtbot.mouseClick(detail.assign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ho.row(rejected)["assignee"] == "zhaojun", timeout=HO)
    qtbot.waitUntil(lambda: detail.view is not None and detail.view.assignee == "zhaojun",
                    timeout=HO)

    # someone else (another head-office login) changes it meanwhile
    seen = detail.view
    assert seen is not None
    other = HeadOfficeClient(ho.app.head_office.base_url, window.ctx.credentials)
    with other:
        inbox = InboxClient(other)
        inbox.login("zhaojun", "office1234")
        inbox.assign(rejected, InboxAssign(assignee="", version=seen.version))
    detail.note.setText("航班已满")
    qtbot.mouseClick(detail.buttons["reject"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "其他人" in detail.message.text()
                    or "别人" in detail.message.text(), timeout=HO)
    qtbot.waitUntil(lambda: detail.view is not None and detail.view.version > seen.version,
                    timeout=HO)
    assert ho.row(rejected)["state"] == "submitted"
    assert detail.view is not None
    assert detail.view.assignee == ""
    detail.note.setText("航班已满，无法安排")
    step(qtbot, ho, "reject", "航班已满，无法安排", "rejected")
    assert ho.row(rejected)["state"] == "rejected"
    assert ho.steps(rejected)[-1] == ("reject", "head_office", "航班已满，无法安排")
    shoot(qtbot, window, shots, "inbox_rejected")


def test_no_inbox_for_a_counter_clerk(qtbot, log_in) -> None:  # type: ignore[no-untyped-def]
    window = log_in()
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert not any("Ctrl+I" in t for t in titles)
    assert not hasattr(window, "inbox")


def test_offline_the_login_says_it_needs_the_link(qtbot, log_in) -> None:  # type: ignore[no-untyped-def]
    window = log_in("zhaojun", "office1234")  # a counter never enrolled: no head office
    page = window.inbox
    window.show_page(page)
    panel = page.login_panel
    assert panel.login_edit.text() == "zhaojun"
    assert not panel.login_button.isEnabled()
    assert panel.message.is_error
    assert "未连接总部" in panel.message.text()
    panel.password_edit.setText("office1234")
    panel.password_edit.returnPressed.emit()
    assert page.staff_session is None
    assert page.stack.currentWidget() is panel
