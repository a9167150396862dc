"""The official dialog (公务人员资料) from the Customers page (F12) at the Shenzhen GP counter:
the unit's contact person and account manager on the page; an official opened with what
the level entitles to, updated as the level changes; a refusal under the form naming the
field with nothing lost; a save queues gp_official.save; a clerk may not change a level or
add an official (the director may); both refusal codes have their own advice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QTableWidgetItem
from sqlalchemy import select

from counter_app.domain.errors import DomainError
from counter_app.gui.main_window import MainWindow
from counter_app.gui.messages import attention_advice, domain_message
from counter_app.gui.official_dialog import OfficialDialog
from counter_app.gui.pages.customers import CustomersPage
from counter_app.storage.models import Customer, OutboxEntry, Traveller
from counter_app.sync import protocol

UNIT = "GP-SZ-001"
V3 = "林海涛"


def customers_page(qtbot, window: MainWindow) -> CustomersPage:  # type: ignore[no-untyped-def]
    store = window.ctx.store
    assert store is not None
    with store.unit_of_work() as session:
        unit = session.scalars(select(Customer).where(Customer.code == UNIT)).one()
        unit.contact_name, unit.contact_phone = "秘书处王强", "0755-88880001"
        unit.attributes = {**unit.attributes, "account_manager": "陈经理",
                           "gov_level": "municipal"}
    page: CustomersPage = window.customers
    window.show_page(page)
    page.filter_edit.setText(UNIT)
    page.refresh()
    qtbot.waitUntil(lambda: page.customers_model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: page.travellers_model.rowCount() > 0, timeout=5000)
    qtbot.waitUntil(lambda: page.unit_panel.unit is not None, timeout=5000)
    return page


def open_official(qtbot, page: CustomersPage, name: str | None) -> OfficialDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.unit_panel.unit is not None, timeout=5000)
    if name is None:
        dialog = page.unit_panel.open_official(None)
    else:
        rows = page.travellers_model.rows()
        index = next(i for i, row in enumerate(rows) if row.name == name)
        page.travellers_view.selectRow(index)
        page.unit_panel.open_selected()
        dialog = page.unit_panel.dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    return dialog


def entitlements(dialog: OfficialDialog) -> list[str]:
    return [dialog.entitlements.item(i).text() for i in range(dialog.entitlements.count())]


def ops_of(window: MainWindow) -> list[dict[str, Any]]:
    """The payloads of the gp_official.save ops queued."""
    store = window.ctx.store
    assert store is not None
    with store.read() as session:
        return [dict(e.payload) for e in session.scalars(select(OutboxEntry).where(
            OutboxEntry.kind == protocol.OpKind.GP_OFFICIAL_SAVE.value))]


def test_the_director_edits_an_official_and_sees_the_entitlements(  # type: ignore[no-untyped-def]
        qtbot, log_in, shots: Path) -> None:
    window = log_in("huangwei", "director1234")
    page = customers_page(qtbot, window)
    text = page.unit_panel.label.text()
    assert "秘书处王强" in text
    assert "陈经理" in text
    assert "市级" in text
    dialog = open_official(qtbot, page, V3)
    assert dialog.name_edit.text() == V3
    assert dialog.level.currentData() == "V3"
    assert dialog.level.isEnabled()
    assert "机上餐食预订" in entitlements(dialog)
    assert "贵宾室服务" not in entitlements(dialog)
    dialog.level.setCurrentIndex(dialog.level.findData("V4"))
    assert "贵宾室服务" in entitlements(dialog)
    # A bad mobile: said under the form, the cursor on the field, nothing lost.
    dialog.mobile.setText("12345")
    dialog.meal.setCurrentIndex(dialog.meal.findData("vegetarian"))
    dialog.add_companion({"name": "李秘书", "title": "秘书"})
    window.resize(1280, 800)
    window.show()
    dialog.show()
    window.grab().save(str(shots / "customers_gp_unit.png"))
    dialog.grab().save(str(shots / "official_dialog.png"))
    dialog.save()
    qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=5000)
    assert "手机" in dialog.error.text()
    assert dialog.isVisible()
    assert dialog.mobile.text() == "12345"
    assert ops_of(window) == []
    dialog.mobile.setText("13900001111")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    [entry] = ops_of(window)
    assert entry["changes"]["gp_level"] == "V4"
    assert entry["changes"]["meal_pref"] == "vegetarian"
    assert entry["changes"]["companions"] == [{"name": "李秘书", "title": "秘书"}]
    store = window.ctx.store
    assert store is not None
    with store.read() as session:
        row = session.scalars(select(Traveller).where(Traveller.name == V3)).one()
        assert (row.gp_level, row.mobile) == ("V4", "13900001111")


def test_a_clerk_may_not_change_a_level_or_add_an_official(  # type: ignore[no-untyped-def]
        qtbot, log_in) -> None:
    window = log_in("linxiaoyu", "demo1234")
    page = customers_page(qtbot, window)
    dialog = open_official(qtbot, page, V3)
    assert not dialog.level.isEnabled()
    assert dialog.level_note.text()
    dialog.seat.setCurrentIndex(dialog.seat.findData("aisle"))
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    [entry] = ops_of(window)
    assert entry["changes"] == {"seat_pref": "aisle"}
    new = open_official(qtbot, page, None)
    new.name_edit.setText("张建国")
    new.id_number.setText("11010519491231002X")
    new.level.setCurrentIndex(new.level.findData("V2"))
    new.companions.insertRow(0)
    new.companions.setItem(0, 0, QTableWidgetItem("随员甲"))
    new.save()
    qtbot.waitUntil(lambda: bool(new.error.text()), timeout=5000)
    assert "主任" in new.error.text() or "director" in new.error.text()
    assert new.isVisible()
    assert len(ops_of(window)) == 1


@pytest.mark.parametrize("code", ["gp_level_needs_director", "customer_not_gp_unit"])
def test_the_refusals_have_their_own_words_and_advice(code: str) -> None:
    live = domain_message(DomainError(code, field="gp_level"))
    assert "Invalid input" not in live
    assert "无效" not in live
    advice = attention_advice("rejected_op", code)
    assert advice != attention_advice("rejected_op", "no_such_code")


def test_a_counter_that_is_no_gp_counter_only_shows_the_unit(  # type: ignore[no-untyped-def]
        qtbot, log_in) -> None:
    window = log_in("wangli", "demo1234")  # HET001, a post office
    page = customers_page(qtbot, window)
    assert "陈经理" in page.unit_panel.label.text()
    assert not page.unit_panel.new_button.isVisibleTo(page.unit_panel)
    assert page.unit_panel.open_official(None) is None
