"""Printing ONLINE, beside a real demo head office process: the receipt serials the counter
takes come from the range head office granted at enrollment, and head office learns of each
receipt, its replacement and the day close with its serial ledger, exactly once."""

from __future__ import annotations

import json
from datetime import date, timedelta

from test_gui_online_kinds import (  # noqa: F401  (the fixture is imported to be used)
    assert_drained,
    online,
    open_after_sale,
    quote_book_ticket,
    resident_id,
    select_ticket,
    sell_flight,
    wait_head_office,
)
from test_gui_printing import RECEIPT_PRINTER, RecordingSpooler


def test_receipt_replacement_and_day_close_reach_head_office(qtbot, online) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    counter = online("HET001", "wangli")
    window, sale = counter.window, counter.window.sale
    spooler = RecordingSpooler()
    window.desk.spooler = spooler  # type: ignore[assignment]
    window.desk.queue.set_spooler(spooler)  # type: ignore[arg-type]
    window.prefs.set_printer_for("receipt", RECEIPT_PRINTER)

    sell_flight(qtbot, window, counter.today() + timedelta(days=4))
    sale.name_edit.setText("王𠮷")
    sale.id_edit.setText(resident_id(date(1979, 9, 9), "015"))
    sale.add_passenger()
    number = quote_book_ticket(qtbot, sale, "cash")
    sale.print_receipts()
    qtbot.waitUntil(lambda: len(spooler.jobs) == 1, timeout=20000)
    first = sale.receipt_serials[number]
    granted = counter.scalar("SELECT count(*) FROM number_ranges WHERE kind = 'receipt' "
                             "AND :n BETWEEN first AND last", n=int(first))
    assert granted == 1  # the serial lies in the range head office gave this counter

    window.sync.wake()
    wait_head_office(qtbot, lambda: counter.scalar(
        "SELECT receipt_serial FROM sale_tickets WHERE ticket_number = :n", n=number) == first)
    assert counter.scalar("SELECT status FROM used_numbers WHERE kind = 'receipt' "
                          "AND number = :n", n=int(first)) == "used"

    page = open_after_sale(qtbot, window, sale.issued.pnr)
    select_ticket(qtbot, page, number)
    page.print_receipt(replace_reason="打印机卡纸")
    qtbot.waitUntil(lambda: len(spooler.jobs) == 2, timeout=20000)
    second = f"{int(first) + 1:010d}"
    window.sync.wake()
    wait_head_office(qtbot, lambda: counter.scalar(
        "SELECT receipt_serial FROM sale_tickets WHERE ticket_number = :n", n=number) == second)
    assert counter.scalar("SELECT status FROM used_numbers WHERE kind = 'receipt' "
                          "AND number = :n", n=int(first)) == "void"
    assert counter.scalar("SELECT count(*) FROM used_numbers WHERE kind = 'receipt'") == 2

    window.desk.day_close(lambda e: (_ for _ in ()).throw(AssertionError(repr(e))), close=True)
    qtbot.waitUntil(lambda: len(window.desk.previews) == 1, timeout=20000)
    window.desk.previews[0].reject()
    window.sync.wake()
    wait_head_office(qtbot, lambda: counter.scalar("SELECT count(*) FROM day_closes") == 1)
    totals = counter.scalar("SELECT totals FROM day_closes")
    receipts = (json.loads(totals) if isinstance(totals, str) else totals)["receipts"]
    assert (receipts["used"], receipts["voided"], receipts["balanced"]) == (1, 1, True)
    assert_drained(qtbot, counter)
