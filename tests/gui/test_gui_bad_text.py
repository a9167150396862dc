"""Bad text is refused where it is typed: a note for head office holding a NUL (pasted from
somewhere) is refused by the service with a message naming the field as the screen labels
it (the Chinese UI), nothing is queued for head office, and what was typed stays in the
field for the clerk to correct."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, Qt
from sqlalchemy import func, select
from test_gui_after_sale import OUT_DAY, Counter, counter_page, find  # noqa: F401 - fixture

from counter_app.storage.models import HeadOfficeRequest, OutboxEntry

NOTE = "请改签\x00谢谢"


def test_a_nul_in_the_note_for_head_office_is_refused_and_kept(  # type: ignore[no-untyped-def]
    qtbot, counter_page: Counter  # noqa: F811 - the fixture imported above
) -> None:
    page = counter_page.page
    number = counter_page.sell("M").tickets[0].ticket_number
    find(qtbot, page, number)
    qtbot.mouseClick(page.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.change_flights_model.rowCount() > 0, timeout=5000)
    two = OUT_DAY + timedelta(days=2)  # outside this counter's allotment: head office only
    page.change_date.setDate(QDate(two.year, two.month, two.day))
    qtbot.mouseClick(page.change_find, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.change_flights_model.rows()[0].dep_date == two, timeout=5000)
    page.change_class.setCurrentIndex(page.change_class.findData("Y"))
    qtbot.waitUntil(lambda: page.head_office_box.isVisible(), timeout=5000)
    with counter_page.store.read() as session:
        queued_before = session.scalar(select(func.count()).select_from(OutboxEntry))

    page.head_office_note.setText(NOTE)
    qtbot.mouseClick(page.queue_request_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.queue_request_button.isEnabled()  # refused
                    or page.last_request_id is not None, timeout=5000)  # or queued

    message = page.message.text()
    assert message.startswith("给总部的备注（旅客的要求）"), message  # the field, as labelled
    assert "U+0000 NUL" in message, message  # which character …
    assert "4" in message, message  # … and where
    assert page.last_request_id is None
    assert page.head_office_box.isVisible()
    assert page.head_office_note.text() == NOTE  # nothing lost of what was typed
    with counter_page.store.read() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == queued_before
        assert session.scalar(select(func.count()).select_from(HeadOfficeRequest)) == 0
