"""The after-sale bookings list a page at a time (售后查询分页): the newest bookings first,
"More bookings" adds the older ones under them, and a row's detail is read on selection."""

from __future__ import annotations

from datetime import timedelta

import pytest
from gui_support import NOW, TODAY
from PySide6.QtCore import Qt
from sqlalchemy import select

from counter_app.gui.app import CounterApp
from counter_app.gui.pages.after_sale import AfterSalePage
from counter_app.services.booking import (
    PassengerInput,
    PaymentInput,
    SegmentChoice,
    book,
    ticket_booking,
)
from counter_app.storage.models import Airline, Flight, Lease, NumberRange

ZHANG = PassengerInput("张伟", "NI", "11010519491231002X", mobile="13800000001")


@pytest.fixture
def page_with_sales(qtbot, counter: CounterApp, log_in) -> tuple[AfterSalePage, list[str]]:  # type: ignore[no-untyped-def]
    """Logged in as wangli (HET001), three bookings of 张伟 on CA1144, a minute apart;
    returns the page and their locators, oldest first."""
    window = log_in()
    ctx = counter.ctx
    store, clerk = ctx.store, ctx.clerk
    assert store is not None
    assert clerk is not None
    with store.unit_of_work() as session:
        flight = session.scalars(select(Flight.id).where(
            Flight.flight_no == "CA1144", Flight.dep_date == TODAY + timedelta(days=3))).one()
        session.add(Lease(lease_id="lease-pages", flight_id=flight, cabin="Y", granted=9,
                          used_local=0, expires_at=NOW.replace(tzinfo=None) + timedelta(days=30),
                          status="active"))
        for prefix in sorted(set(session.scalars(select(Airline.prefix)))):
            session.add(NumberRange(range_id=f"range-{prefix}", kind="ticket", prefix=prefix,
                                    first=2_090_000_000, last=2_090_000_999,
                                    next_number=2_090_000_000))
    pnrs = []
    for minute in range(3):
        now = NOW + timedelta(minutes=minute)
        with store.unit_of_work() as session:
            held = book(session, segments=[SegmentChoice(flight, "Y")], passengers=[ZHANG],
                        customer_id=None, clerk=clerk, now=now)
        with store.unit_of_work() as session:
            ticket_booking(session, held.booking_id, [PaymentInput("cash", held.quote.total)],
                           clerk=clerk, now=now)
        pnrs.append(held.pnr)
    page = AfterSalePage(window.desk_ctx)
    qtbot.addWidget(page)
    page.resize(1180, 760)
    page.show()
    qtbot.waitExposed(page)
    return page, pnrs


def test_more_bookings_adds_the_older_ones_under_the_newest(qtbot, page_with_sales) -> None:  # type: ignore[no-untyped-def]
    page, pnrs = page_with_sales
    page.page_size = 2
    page.search_edit.setText("张伟")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.bookings_model.rowCount() == 2, timeout=5000)
    assert [r.summary.pnr for r in page.bookings_model.rows()] == [pnrs[2], pnrs[1]]
    assert page.more_button.isVisible()
    assert page.count_label.text() == page.finder.tr("latest %1 bookings").replace("%1", "2")
    qtbot.waitUntil(lambda: page.tickets_model.rowCount() > 0, timeout=5000)  # the first's
    assert page.detail_title.text().startswith(pnrs[2])
    rows = page.bookings_model.rows()
    assert all(r.total == rows[0].total and r.total is not None and r.total > 0 for r in rows)

    qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.bookings_model.rowCount() == 3, timeout=5000)
    assert [r.summary.pnr for r in page.bookings_model.rows()] == pnrs[::-1]
    assert not page.more_button.isVisible()
    assert page.count_label.text() == page.finder.tr("%1 bookings").replace("%1", "3")
    assert page.detail_title.text().startswith(pnrs[2])  # the selection stays

    page.search_edit.setText(pnrs[0])  # a new search starts again from its first page
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.bookings_model.rowCount() == 1, timeout=5000)
    assert not page.more_button.isVisible()
