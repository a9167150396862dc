"""The counter sale driven like a clerk, offline from the counter's leases and ranges:
a walk-in with the keyboard only, an agreement customer on account, a GP official."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from gui_support import TODAY, KeptPrinter, focused
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import func, select

from counter_app.domain.ids import resident_id_check_char
from counter_app.gui.main_window import MainWindow
from counter_app.gui.pages.sale import SalePage
from counter_app.storage.models import NumberRange, OutboxEntry, Ticket


class Keys:
    """Counts the keys a clerk presses (typing a name or ID counts separately)."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.count = 0

    def press(self, widget: QWidget, key: Qt.Key,
              modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.count += 1
        self.qtbot.keyClick(widget, key, modifier)

    def type(self, widget: QWidget, text: str) -> None:
        self.count += len(text)
        self.qtbot.keyClicks(widget, text)


@pytest.fixture
def window(selling: Path, counter, log_in) -> MainWindow:  # type: ignore[no-untyped-def]
    return log_in()


def test_walk_in_sale_by_keyboard_alone(qtbot, window: MainWindow, shots: Path) -> None:  # type: ignore[no-untyped-def]
    finder, sale = window.flight_finder, window.sale
    keys = Keys(qtbot)
    day = TODAY + timedelta(days=5)
    finder.date_edit.setDate(QDate(day.year, day.month, day.day))  # the date picker
    keys.type(finder.origin, "het")
    keys.press(finder.origin, Qt.Key.Key_Return)
    keys.type(finder.destination, "pek")
    keys.press(finder.destination, Qt.Key.Key_Return)
    keys.press(finder.date_edit, Qt.Key.Key_Return)  # search
    qtbot.waitUntil(lambda: finder.flights_model.rowCount() > 0, timeout=5000)
    qtbot.waitUntil(finder.flights_view.hasFocus, timeout=2000)  # the results take the cursor
    keys.press(finder.flights_view, Qt.Key.Key_Return)  # on to the classes
    keys.press(finder.classes_view, Qt.Key.Key_Return)  # sell the cheapest open class
    qtbot.waitUntil(lambda: window.pages.currentWidget() is sale, timeout=2000)
    assert len(sale.segments) == 1
    # The name (Chinese: typed through the input method) and the ID number.
    sale.name_edit.setFocus()
    sale.name_edit.setText("张伟")
    keys.press(sale.name_edit, Qt.Key.Key_Return)
    assert sale.id_edit.hasFocus()
    qtbot.keyClicks(sale.id_edit, "110105194912310021"[:17])
    sale.id_edit.setText("11010519491231002X")  # a valid check character
    keys.press(sale.id_edit, Qt.Key.Key_Return)
    assert [p.name for p in sale.passengers] == ["张伟"]
    keys.press(focused(), Qt.Key.Key_F6)  # quote
    qtbot.waitUntil(lambda: sale.quote is not None, timeout=5000)
    keys.press(focused(), Qt.Key.Key_F7)  # book
    qtbot.waitUntil(lambda: sale.held is not None, timeout=5000)
    assert len(sale.held.pnr) == 6
    keys.press(focused(), Qt.Key.Key_F8)  # cash, the exact amount
    qtbot.waitUntil(lambda: sale.issued is not None, timeout=5000)
    issued = sale.issued
    assert len(issued.tickets) == 1
    assert issued.tickets[0].ticket_number in sale.tickets_label.text()
    assert keys.count < 40, keys.count
    # The itinerary receipt: one more key, straight to this workstation's receipt printer.
    with window.ctx.store.unit_of_work() as session:  # the serials head office granted
        session.add(NumberRange(range_id="range-receipt", kind="receipt", prefix="",
                                first=3_000_100, last=3_000_199, next_number=3_000_100))
    printed: list[str] = []
    spooler = KeptPrinter(printed)
    window.desk.queue.set_spooler(spooler)  # type: ignore[arg-type]
    window.prefs.set_printer_for("receipt", "Receipt-LQ")
    keys.press(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(printed) == 1, timeout=10000)
    assert issued.tickets[0].ticket_number in printed[0]
    assert sale.receipt_serials == {issued.tickets[0].ticket_number: "0003000100"}
    store = window.ctx.store
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 1
        kinds = list(session.scalars(select(OutboxEntry.kind)))
    assert "sale.issue" in kinds or any(k.startswith("sale") for k in kinds)
    print(f"keystrokes beyond name and ID, receipt printed: {keys.count}")
    window.resize(1366, 768)
    window.grab().save(str(shots / "sale_done.png"))


def test_bad_passenger_input_is_named_and_kept(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sale: SalePage = window.sale
    window.show_page(sale)
    sale.name_edit.setText("王五")
    qtbot.keyClicks(sale.id_edit, "110105194912310021")  # wrong check character
    assert "校验位" in sale.id_hint.text()  # said as typed, before Enter
    qtbot.keyClick(sale.id_edit, Qt.Key.Key_Return)
    assert sale.message.text().startswith("证件号码")
    assert sale.name_edit.text() == "王五"
    assert sale.id_edit.text() == "110105194912310021"
    assert sale.passengers == []


def test_agreement_customer_on_account_over_the_limit_needs_a_supervisor(
    qtbot, window: MainWindow  # type: ignore[no-untyped-def]
) -> None:
    finder, sale = window.flight_finder, window.sale
    day = TODAY + timedelta(days=4)
    finder.origin.setText("HET")
    finder.destination.setText("PEK")
    finder.date_edit.setDate(QDate(day.year, day.month, day.day))
    finder.search()
    qtbot.waitUntil(lambda: finder.flights_model.rowCount() > 0, timeout=5000)
    finder.flights_view.selectRow(0)
    y = next(i for i, c in enumerate(finder.classes_model.rows()) if c.code == "Y")
    finder.classes_view.selectRow(y)
    finder.choose_class()
    sale.kind_combo.setCurrentIndex(sale.kind_combo.findData("agreement"))
    from counter_app.services.customers import find_customers

    with window.ctx.store.read() as session:
        customer = next(c for c in find_customers(session, "", "agreement")
                        if c.settlement == "monthly" and c.credit_limit == Decimal("50000.00"))
    sale.choose_customer(customer)
    qtbot.waitUntil(lambda: "credit" in sale.customer_info.text()
                    or "信用" in sale.customer_info.text(), timeout=5000)
    sale.name_edit.setText("刘洋")
    sale.id_edit.setText("11010519491231002X")
    sale.add_passenger()
    sale.request_quote()
    qtbot.waitUntil(lambda: sale.quote is not None, timeout=5000)
    sale.book()
    qtbot.waitUntil(lambda: sale.held is not None, timeout=5000)
    sale.method_combo.setCurrentIndex(sale.method_combo.findData("on_account"))
    assert sale.method_combo.currentData() == "on_account"
    sale.ticket()
    qtbot.waitUntil(lambda: sale.issued is not None, timeout=5000)
    assert sale.issued.paid[0][0] == "on_account"


# -- what the clerk reads on the sale page ---------------------------------------------------


def resident_id(birth: date, serial: str) -> str:
    first17 = f"150102{birth:%Y%m%d}{serial}"
    return first17 + resident_id_check_char(first17)


def years_ago(years: int, days: int = 0) -> date:
    return TODAY.replace(year=TODAY.year - years) - timedelta(days=days)


def to_sale(qtbot, window: MainWindow, days_ahead: int = 5) -> SalePage:  # type: ignore[no-untyped-def]
    """HET→PEK on CA1144, class Y, sent to the sale page."""
    finder, sale = window.flight_finder, window.sale
    day = TODAY + timedelta(days=days_ahead)
    finder.origin.setText("HET")
    finder.destination.setText("PEK")
    finder.date_edit.setDate(QDate(day.year, day.month, day.day))
    finder.search()
    qtbot.waitUntil(lambda: finder.flights_model.rowCount() > 0
                    and finder.flights_model.rows()[0].dep_date == day, timeout=5000)
    row = next(i for i, o in enumerate(finder.flights_model.rows()) if o.flight_no == "CA1144")
    finder.flights_view.selectRow(row)
    y = next(i for i, c in enumerate(finder.classes_model.rows()) if c.code == "Y")
    finder.classes_view.selectRow(y)
    finder.choose_class()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is sale, timeout=2000)
    return sale


def type_passenger(sale: SalePage, name: str, id_number: str, mobile: str = "") -> None:
    sale.name_edit.setText(name)  # Chinese: as the input method would set it
    sale.id_edit.setText(id_number)
    sale.mobile_edit.setText(mobile)
    sale.add_passenger()


def cells(model, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(model.index(r, column).data()) for r in range(model.rowCount())]


def header(model, title: str) -> int:  # type: ignore[no-untyped-def]
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return titles.index(title)


def test_each_passenger_type_shows_in_the_passenger_table_and_the_quote(
    qtbot, window: MainWindow  # type: ignore[no-untyped-def]
) -> None:
    sale = to_sale(qtbot, window)
    type_passenger(sale, "李娜", resident_id(date(1985, 3, 3), "042"))
    type_passenger(sale, "李小明", resident_id(years_ago(6), "033"))
    type_passenger(sale, "李小一", resident_id(years_ago(1), "051"))
    assert len(sale.passengers) == 3, sale.message.text()
    column = header(sale.passengers_model, "旅客类型")
    assert cells(sale.passengers_model, column) == ["成人", "儿童", "婴儿"]
    sale.request_quote()
    qtbot.waitUntil(lambda: sale.quote is not None, timeout=5000)
    names = cells(sale.quote_model, header(sale.quote_model, "旅客"))
    column = header(sale.quote_model, "旅客类型")
    types = cells(sale.quote_model, column)
    assert list(zip(names, types, strict=True)) == [
        ("李娜", "成人"), ("李小明", "儿童"), ("李小一", "婴儿")]
    laps = [sale.quote_model.index(r, column).data(Qt.ItemDataRole.ToolTipRole)
            for r in range(3)]
    assert laps == ["", "", "由李娜怀抱"]  # the adult the infant travels with
    # The fares differ by type, as the table says: the infant pays 10 %, the child 50 %.
    fares = {p.passenger_type.value: sale.quote.passenger_total(p.index)
             for p in sale.quote.passengers}
    assert fares["INF"] < fares["CHD"] < fares["ADT"]


def test_one_id_number_under_two_names_is_flagged_at_the_id_field(
    qtbot, window: MainWindow  # type: ignore[no-untyped-def]
) -> None:
    from counter_app.storage.models import Traveller

    sale = to_sale(qtbot, window)
    number = resident_id(date(1985, 3, 3), "042")
    type_passenger(sale, "李娜", number)
    # The same number again, under another name: refused, named at the field, kept.
    type_passenger(sale, "王芳", number)
    assert sale.message.text() == "证件号码: 该证件号码已用于本订座的旅客 李娜。"
    assert sale.id_edit.hasFocus()
    assert (sale.name_edit.text(), sale.id_edit.text()) == ("王芳", number)
    assert [p.name for p in sale.passengers] == ["李娜"]

    # A number a customer's traveller list holds under another name: flagged, not refused
    # (the clerk has the document in hand and decides).
    with window.ctx.store.read() as session:
        on_file = session.scalars(select(Traveller).where(Traveller.id_type == "NI")).first()
        assert on_file is not None
        known_name, known_number = on_file.name, on_file.id_number
    sale.name_edit.clear()
    type_passenger(sale, "赵六", known_number)
    assert [p.name for p in sale.passengers] == ["李娜", "赵六"]
    qtbot.waitUntil(lambda: ("NI", known_number) in sale.id_conflicts, timeout=5000)
    assert sale.message.text().startswith("证件号码: ")
    assert known_name in sale.message.text()
    assert "赵六" in sale.message.text()
    id_column = header(sale.passengers_model, "证件号码")
    cell = sale.passengers_model.index(1, id_column)
    assert known_name in str(cell.data(Qt.ItemDataRole.ToolTipRole))
    assert cell.data(Qt.ItemDataRole.ForegroundRole) is not None  # shown in red
    assert sale.passengers_model.index(0, id_column).data(Qt.ItemDataRole.ForegroundRole) is None
    # Removed (Delete on the row) and typed again under the name on file: no flag left.
    sale.passengers_view.setFocus()
    sale.passengers_view.selectRow(1)
    qtbot.keyClick(sale.passengers_view, Qt.Key.Key_Delete)
    assert [p.name for p in sale.passengers] == ["李娜"]
    assert sale.id_conflicts == {}
    type_passenger(sale, known_name, known_number)
    qtbot.wait(300)  # the lookup answers: nothing to flag
    assert sale.id_conflicts == {}


def test_after_the_sale_nothing_stale_is_left_on_the_page(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sale = to_sale(qtbot, window)
    hint = sale.amount_edit.placeholderText()
    type_passenger(sale, "张伟", "11010519491231002X", mobile="138-0013-8000")
    assert sale.passengers[0].mobile == "13800138000"  # one mobile rule: dashes are taken
    sale.request_quote()
    qtbot.waitUntil(lambda: sale.quote is not None, timeout=5000)
    total = f"¥{sale.quote.total:,.2f}"
    assert sale.amount_edit.placeholderText() == total
    sale.book()
    qtbot.waitUntil(lambda: sale.held is not None, timeout=5000)
    qtbot.keyClicks(sale.tendered_edit, "2000")  # typed: the page shows what is left
    assert "未付" in sale.payments_label.text()
    sale.ticket()
    qtbot.waitUntil(lambda: sale.issued is not None, timeout=5000)
    assert "未付" not in sale.payments_label.text()
    assert sale.payments_label.text() == f"已收 现金 {total} · 已付清"
    assert sale.tendered_edit.text() == ""
    qtbot.keyClick(sale, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert sale.issued is None
    assert sale.amount_edit.placeholderText() == hint  # not the last sale's total
    assert sale.payments_label.text() == ""


def test_a_refusal_is_not_replaced_by_the_traveller_finder(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sale = to_sale(qtbot, window)
    # A traveller sold to before.
    type_passenger(sale, "张伟", "11010519491231002X")
    sale.request_quote()
    qtbot.waitUntil(lambda: sale.quote is not None, timeout=5000)
    sale.book()
    qtbot.waitUntil(lambda: sale.held is not None, timeout=5000)
    sale.ticket()
    qtbot.waitUntil(lambda: sale.issued is not None, timeout=5000)
    sale.new_sale()
    sale = to_sale(qtbot, window, days_ahead=6)
    window.activateWindow()
    popup = sale._traveller_completer.popup()

    # Typed with the list in view: the page says what it found.
    sale.id_edit.setFocus()
    qtbot.keyClicks(sale.id_edit, "11010519")
    qtbot.waitUntil(lambda: "老旅客" in sale.message.text(), timeout=5000)
    assert popup.isVisible()

    # Enter with no name: the refusal stays, however late the finder answers.
    popup.hide()
    sale.show_info("")
    sale.id_edit.clear()
    qtbot.keyClicks(sale.id_edit, "110105194")
    qtbot.keyClick(sale.id_edit, Qt.Key.Key_Return)
    refusal = "姓名: 请输入旅客姓名。"
    assert sale.message.text() == refusal
    qtbot.wait(1000)  # the finder's lookup has long answered
    assert sale.message.text() == refusal
    assert not popup.isVisible()
    assert sale.name_edit.hasFocus()


def test_card_payments_need_their_slip_reference(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from counter_app.storage.models import Payment

    sale = to_sale(qtbot, window)
    type_passenger(sale, "张伟", "11010519491231002X")
    sale.request_quote()
    qtbot.waitUntil(lambda: sale.quote is not None, timeout=5000)
    sale.book()
    qtbot.waitUntil(lambda: sale.held is not None, timeout=5000)
    for method, name in (("bank_card", "银行卡"), ("phone_card", "电话刷卡（11185）")):
        sale.method_combo.setCurrentIndex(sale.method_combo.findData(method))
        sale.amount_edit.setText("100")
        qtbot.keyClick(sale.amount_edit, Qt.Key.Key_Return)
        assert sale.message.text() == f"凭证号: {name}付款须填写签购单号或授权号。"
        assert sale.reference_edit.hasFocus()
        assert sale.amount_edit.text() == "100"  # kept
        assert sale.issued is None
    sale.amount_edit.clear()
    qtbot.keyClicks(sale.reference_edit, "POS 004217")
    qtbot.keyClick(sale.reference_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sale.issued is not None, timeout=5000)
    with window.ctx.store.read() as session:
        [(method, reference)] = session.execute(select(Payment.method, Payment.reference)).all()
    assert (method, reference) == ("phone_card", "POS 004217")


REFUSALS_AT_FIELDS = [
    # (how the clerk gets it wrong, the widget it is about)
    ("name_empty", "name_edit"),
    ("id_check", "id_edit"),
    ("birth_date_format", "birth_edit"),
    ("mobile_format", "mobile_edit"),
    ("amount_format", "amount_edit"),
    ("tendered_format", "tendered_edit"),
    ("reference", "reference_edit"),
]


def test_every_message_names_the_field_as_it_is_labelled(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The label texts are read from the page's widgets (QLabel buddies), in Chinese."""
    from PySide6.QtWidgets import QLabel

    from counter_app.domain.errors import DomainError
    from counter_app.services.sale_messages import SALE_ERRORS

    sale = to_sale(qtbot, window)
    labels = {label.buddy(): label.text() for label in sale.findChildren(QLabel)
              if label.buddy() is not None}
    assert labels[sale.tendered_edit] == "实收"
    assert labels[sale.amount_edit] == "金额"
    # Every sale refusal that points at a labelled field starts with that label.
    for spec in SALE_ERRORS:
        error = DomainError(spec.code, field=spec.field, **{p: "X" for p in spec.params})
        widget = sale.error_widget(error)
        if widget in labels:
            assert sale.message_for(error).startswith(labels[widget] + ": "), spec.code
        assert not sale.message_for(error).startswith(("收取现金", "支付:")), spec.code

    def wrong(case: str) -> None:
        sale.show_info("")
        if case == "name_empty":
            sale.name_edit.clear()
            sale.id_edit.setText("11010519491231002X")
            sale.add_passenger()
        elif case == "id_check":
            sale.name_edit.setText("王五")
            sale.id_edit.setText("110105194912310021")
            sale.add_passenger()
        elif case == "birth_date_format":
            sale.id_type_combo.setCurrentIndex(sale.id_type_combo.findData("PP"))
            sale.name_edit.setText("SMITH/JOHN")
            sale.id_edit.setText("E12345678")
            sale.birth_edit.setText("1.2.2020")
            sale.add_passenger()
            sale.birth_edit.clear()
            sale.id_type_combo.setCurrentIndex(sale.id_type_combo.findData("NI"))
        elif case == "mobile_format":
            sale.name_edit.setText("王五")
            sale.id_edit.setText("11010519491231002X")
            sale.mobile_edit.setText("12345")
            sale.add_passenger()
            sale.mobile_edit.clear()
        elif case == "amount_format":
            sale.amount_edit.setText("12,0.0.1")
            sale.ticket()
            sale.amount_edit.clear()
        elif case == "tendered_format":
            sale.tendered_edit.setText("两千")
            sale.ticket()
            sale.tendered_edit.clear()
        elif case == "reference":
            sale.method_combo.setCurrentIndex(sale.method_combo.findData("bank_card"))
            sale.ticket()
            sale.method_combo.setCurrentIndex(sale.method_combo.findData("cash"))

    for case, attribute in REFUSALS_AT_FIELDS:
        if case == "amount_format":  # the payment fields take input once booked
            type_passenger(sale, "张伟", "11010519491231002X")
            sale.request_quote()
            qtbot.waitUntil(lambda: sale.quote is not None, timeout=5000)
            sale.book()
            qtbot.waitUntil(lambda: sale.held is not None, timeout=5000)
        wrong(case)
        widget = getattr(sale, attribute)
        assert sale.message.text().startswith(labels[widget] + ": "), (case, sale.message.text())


def test_the_gp_counter_starts_each_sale_with_a_gp_unit(  # type: ignore[no-untyped-def]
    qtbot, counter, log_in
) -> None:
    window = log_in("linxiaoyu", "demo1234")  # SZX001, a GP counter
    sale = window.sale
    assert window.ctx.clerk is not None
    assert window.ctx.clerk.outlet_kind == "gp_counter"
    assert sale.kind_combo.currentData() == "gp_unit"
    assert sale.gp_order_edit.isVisibleTo(sale)
    assert sale.official_combo.isVisibleTo(sale)
    from counter_app.services.customers import find_customers

    with window.ctx.store.read() as session:
        unit = find_customers(session, "", "gp_unit")[0]
    sale.choose_customer(unit)
    qtbot.waitUntil(lambda: sale.official_combo.count() > 0, timeout=5000)
    assert sale.method_combo.currentData() == "official_card"  # the GP unit's own method
    # Each official's entitlements, by their level, where the clerk picks them.
    for i in range(sale.official_combo.count()):
        level = re.search(r" (V[1-5])\b", sale.official_combo.itemText(i))
        assert level is not None, sale.official_combo.itemText(i)
        tip = str(sale.official_combo.itemData(i, Qt.ItemDataRole.ToolTipRole)).splitlines()
        assert "易行地面交通预订" in tip  # every level
        assert ("机上餐食预订" in tip) == (level[1] in ("V3", "V4", "V5"))
        assert ("VIP保障" in tip) == (level[1] == "V5")
    sale.new_sale()  # Ctrl+N: the next sale is a GP unit's again, its unit still to choose
    assert sale.kind_combo.currentData() == "gp_unit"
    assert sale.customer is None
    assert sale.customer_edit.text() == ""
    assert sale.official_combo.count() == 0
    # A walk-in can still be sold at the GP counter: the kind is a choice, not a lock.
    sale.kind_combo.setCurrentIndex(sale.kind_combo.findData("walk_in"))
    assert not sale.gp_order_edit.isVisibleTo(sale)
    assert not sale.gp_order_label.isVisibleTo(sale)


def test_a_post_office_counter_starts_with_the_walk_in(window: MainWindow) -> None:
    assert window.ctx.clerk is not None
    assert window.ctx.clerk.outlet_kind != "gp_counter"
    assert window.sale.kind_combo.currentData() == "walk_in"
    assert not window.sale.gp_order_label.isVisibleTo(window.sale)  # no GP fields for a walk-in


def test_a_customer_is_picked_from_what_the_clerk_types(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sale = to_sale(qtbot, window)
    window.activateWindow()
    sale.kind_combo.setCurrentIndex(sale.kind_combo.findData("agreement"))
    sale.customer_edit.setFocus()
    qtbot.keyClicks(sale.customer_edit, "baotou")
    popup = sale.customer_panel.completer.popup()
    qtbot.waitUntil(lambda: popup.isVisible() and popup.model().rowCount() == 1, timeout=5000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert sale.customer_edit.text() == "AC-0002  包头市鹿城电力工程有限公司"
    assert sale.customer is not None
    assert sale.customer.code == "AC-0002"
    qtbot.waitUntil(lambda: "包头市鹿城电力工程有限公司" in sale.customer_info.text(), timeout=5000)
    assert sale.method_combo.findData("on_account") >= 0  # its terms: on account, monthly
