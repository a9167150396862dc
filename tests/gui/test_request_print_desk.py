"""The document desk prints a GP service request (服务申请单): read on the database worker,
rendered off the GUI thread, shown in the preview on A4, in the interface's language or
the one asked for; a request the counter does not have is refused through ``on_error``
and opens nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from gui_support import NOW

from counter_app.domain.errors import DomainError
from counter_app.gui.main_window import MainWindow
from counter_app.services.gp_kinds import request_kinds
from counter_app.storage.request_models import ServiceRequest

REQUEST_ID = "5e6f7a8b-1111-4222-8333-944445555666"


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "request.pdf"
    path.write_bytes(pdf)
    return "".join(subprocess.run(["pdftotext", str(path), "-"], check=True,
                                  capture_output=True, text=True).stdout.split())


@pytest.fixture
def window(counter, log_in) -> MainWindow:  # type: ignore[no-untyped-def]
    win: MainWindow = log_in()
    store = counter.ctx.store
    assert store is not None
    with store.unit_of_work() as session:
        session.add(ServiceRequest(
            id=REQUEST_ID, kind="ground_transfer", state="submitted", version=1,
            unit_name="呼和浩特市财政局", official_name="王𠮷", gp_level="V2",
            values={"official_name": "王𠮷", "direction": "pickup", "car": "business",
                    "address": "呼和浩特市新城区新华大街1号", "passenger_count": 2},
            created_by="wangli", created_at=NOW.replace(tzinfo=None),
            updated_at=NOW.replace(tzinfo=None),
            steps=[{"action": "submit", "state": "submitted", "by_login": "wangli",
                    "by_name": "王丽", "side": "counter", "at": NOW.isoformat()}]))
    return win


def test_the_desk_shows_the_request_in_the_preview(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    desk = window.desk
    errors: list[BaseException] = []
    desk.service_request(REQUEST_ID, errors.append)
    qtbot.waitUntil(lambda: len(desk.previews) == 1 or bool(errors), timeout=10000)
    assert not errors
    preview = desk.previews[0]
    document = preview.document
    assert (document.kind, document.title) == ("service_request", "易行地面交通申请单 5E6F7A8B")
    assert (document.page_width_mm, document.page_height_mm) == (210.0, 297.0)
    assert document.meta == {"request_id": REQUEST_ID, "kind": "ground_transfer"}
    qtbot.waitUntil(lambda: preview.page_count == 1, timeout=10000)
    text = pdf_text(document.pdf, tmp_path)
    kind = request_kinds()["ground_transfer"]
    for value in ["已提交", "呼和浩特市财政局", "接机", "商务车", "申请人：王丽（wangli）",
                  *(spec.label_zh for spec in kind.fields)]:
        assert value in text, value
    preview.reject()
    qtbot.waitUntil(lambda: not desk.previews, timeout=5000)

    desk.service_request(REQUEST_ID, errors.append, language="en")
    qtbot.waitUntil(lambda: len(desk.previews) == 1 or bool(errors), timeout=10000)
    english = desk.previews[0].document
    assert english.title == "Ground transfer (Yixing) request 5E6F7A8B"
    assert "Pick-up" in pdf_text(english.pdf, tmp_path)
    desk.previews[0].reject()


def test_a_request_the_counter_does_not_have_is_refused(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow) -> None:
    desk = window.desk
    errors: list[BaseException] = []
    desk.service_request("no-such-request", errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    assert isinstance(errors[0], DomainError)
    assert errors[0].code == "request_unknown"
    assert not desk.previews
