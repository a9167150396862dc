"""The unit dialog (修改单位资料) from the Customers page (F12) at the Shenzhen GP counter: the
unit's own fields edited and saved queue customer.update with base and changes and the
unit line shows the new values; a refusal is said under the field it names with nothing
lost; the dialog says before saving that head office must have granted this outlet the
shared unit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from counter_app.gui.main_window import MainWindow
from counter_app.gui.pages.customers import CustomersPage
from counter_app.gui.unit_dialog import UnitDialog
from counter_app.storage.models import Customer, OutboxEntry
from counter_app.sync import protocol

UNIT = "GP-SZ-001"


def customers_page(qtbot, window: MainWindow) -> CustomersPage:  # type: ignore[no-untyped-def]
    store = window.ctx.store
    assert store is not None
    with store.unit_of_work() as session:
        unit = session.scalars(select(Customer).where(Customer.code == UNIT)).one()
        unit.contact_name, unit.contact_phone = "秘书处王强", "0755-88880001"
        unit.attributes = {**unit.attributes, "account_manager": "陈经理",
                           "gov_level": "municipal", "bureau": ""}
    page: CustomersPage = window.customers
    window.show_page(page)
    page.filter_edit.setText(UNIT)
    page.refresh()
    qtbot.waitUntil(lambda: page.customers_model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: page.unit_panel.unit is not None, timeout=5000)
    return page


def open_unit(qtbot, page: CustomersPage) -> UnitDialog:  # type: ignore[no-untyped-def]
    assert page.unit_panel.unit_button.isVisibleTo(page.unit_panel)
    page.unit_panel.unit_button.click()
    dialog = page.unit_panel.unit_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    return dialog


def updates(window: MainWindow) -> list[dict[str, Any]]:
    """The payloads of the customer.update ops queued."""
    store = window.ctx.store
    assert store is not None
    with store.read() as session:
        return [dict(e.payload) for e in session.scalars(select(OutboxEntry).where(
            OutboxEntry.kind == protocol.OpKind.CUSTOMER_UPDATE.value))]


def test_the_unit_is_edited_and_the_line_shows_the_new_values(  # type: ignore[no-untyped-def]
        qtbot, log_in, shots: Path) -> None:
    window = log_in("linxiaoyu", "demo1234")
    page = customers_page(qtbot, window)
    dialog = open_unit(qtbot, page)
    assert dialog.contact_name.text() == "秘书处王强"
    assert dialog.contact_phone.text() == "0755-88880001"
    assert dialog.account_manager.text() == "陈经理"
    assert dialog.gov_level.currentData() == "municipal"
    assert dialog.gov_level.currentText() == "市级"
    assert [dialog.gov_level.itemData(i) for i in range(dialog.gov_level.count())] == [
        "", "central", "provincial", "municipal", "district"]
    # A GP unit is shared: the dialog says before saving that head office must grant it.
    assert dialog.grant_note.isVisibleTo(dialog)
    assert "授权" in dialog.grant_note.text()
    dialog.contact_name.setText("办公室李娜")
    dialog.contact_phone.setText("0755-88880002")
    dialog.account_manager.setText("周经理")
    dialog.bureau.setText("市财政局")
    dialog.gov_level.setCurrentIndex(dialog.gov_level.findData("provincial"))
    dialog.notes.setText("月结，发票寄秘书处")
    window.resize(1280, 800)
    window.show()
    dialog.show()
    dialog.grab().save(str(shots / "unit_dialog.png"))
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    [entry] = updates(window)
    assert entry["changes"] == {
        "contact_name": "办公室李娜", "contact_phone": "0755-88880002",
        "account_manager": "周经理", "bureau": "市财政局", "gov_level": "provincial",
        "notes": "月结，发票寄秘书处"}
    assert entry["base"]["contact_name"] == "秘书处王强"
    assert entry["base"]["gov_level"] == "municipal"
    assert entry["base"]["bureau"] == ""
    assert set(entry["base"]) == set(entry["changes"])
    # The unit line shows the new values.
    label = page.unit_panel.label
    qtbot.waitUntil(lambda: "办公室李娜" in label.text(), timeout=5000)
    for text in ("0755-88880002", "周经理", "市财政局", "省级"):
        assert text in label.text()
    window.grab().save(str(shots / "customers_gp_unit_edited.png"))
    # Opened again with nothing changed: saving queues nothing.
    again = open_unit(qtbot, page)
    assert again.contact_name.text() == "办公室李娜"
    again.save()
    qtbot.waitUntil(lambda: not again.isVisible(), timeout=5000)
    assert len(updates(window)) == 1


def test_a_bad_phone_is_refused_under_the_phone_with_nothing_lost(  # type: ignore[no-untyped-def]
        qtbot, log_in, shots: Path) -> None:
    window = log_in("linxiaoyu", "demo1234")
    page = customers_page(qtbot, window)
    dialog = open_unit(qtbot, page)
    dialog.contact_name.setText("办公室李娜")
    dialog.contact_phone.setText("0755\x0788880002")  # a bell pasted into the number
    dialog.save()
    error = dialog.errors["contact_phone"]
    qtbot.waitUntil(lambda: bool(error.text()), timeout=5000)
    assert "联系电话" in error.text()
    assert error.isVisibleTo(dialog)
    dialog.show()
    dialog.grab().save(str(shots / "unit_dialog_refused.png"))
    assert not dialog.errors["contact_name"].text()
    assert dialog.isVisible()
    assert dialog.contact_name.text() == "办公室李娜"
    assert dialog.contact_phone.text() == "0755\x0788880002"
    assert dialog.save_button.isEnabled()
    assert updates(window) == []
    store = window.ctx.store
    assert store is not None
    with store.read() as session:
        unit = session.scalars(select(Customer).where(Customer.code == UNIT)).one()
        assert unit.contact_name == "秘书处王强"  # nothing half-saved
    dialog.contact_phone.setText("0755-88880002")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    [entry] = updates(window)
    assert entry["changes"] == {"contact_name": "办公室李娜", "contact_phone": "0755-88880002"}


def test_the_field_lengths_are_those_the_service_accepts(  # type: ignore[no-untyped-def]
        qtbot, log_in) -> None:
    window = log_in("linxiaoyu", "demo1234")
    dialog = open_unit(qtbot, customers_page(qtbot, window))
    assert dialog.contact_phone.maxLength() == 32
    assert dialog.account_manager.maxLength() == 32
    assert dialog.bureau.maxLength() == 64
    assert dialog.notes.maxLength() == 2000


def test_no_grant_note_for_a_unit_of_this_outlet(  # type: ignore[no-untyped-def]
        qtbot, log_in) -> None:
    window = log_in("linxiaoyu", "demo1234")
    store = window.ctx.store
    assert store is not None
    with store.unit_of_work() as session:
        unit = session.scalars(select(Customer).where(Customer.code == UNIT)).one()
        unit.outlet_code = window.ctx.clerk.outlet_code
    dialog = open_unit(qtbot, customers_page(qtbot, window))
    assert not dialog.grant_note.isVisibleTo(dialog)
    assert not dialog.grant_note.text()
