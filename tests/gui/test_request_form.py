"""The GP request form (RequestForm): one widget built from a kind's fields. Every field type
has its widget and gives back its value in wire form; a refusal names the field as labelled
and sits under it with the cursor there, nothing typed is lost; the people table adds and
removes rows; Tab follows the fields' order; a kind made up in data alone builds."""

from __future__ import annotations

from typing import Any

import pytest
from gui_support import TODAY, focused
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
)

from counter_app.domain.errors import DomainError
from counter_app.domain.gp_requests import clean_values, kinds_from_json
from counter_app.gui.widgets.request_form import RequestForm, RowsTable
from counter_app.services.gp_kinds import request_kinds


def _field(key: str, kind: str, zh: str, **more: Any) -> dict[str, Any]:
    return {"key": key, "type": kind, "label_zh": zh, "label_en": key.title(), **more}


MADE_UP = {
    "blocks": {},
    "kinds": [{
        "code": "kite_permit", "label_zh": "风筝许可", "label_en": "Kite permit",
        "entitlements": ["ticket_consultation"],
        "fields": [
            _field("pilot", "text", "放飞人", required=True),
            _field("phone", "phone", "电话"),
            _field("field_code", "airport", "场地"),
            _field("story", "multiline", "说明"),
            _field("day", "date", "日期", required=True),
            _field("at", "time", "时间"),
            _field("window", "datetime", "时段"),
            _field("colour", "choice", "颜色", options=[["red", "红", "Red"],
                                                       ["blue", "蓝", "Blue"]]),
            _field("extras", "choices", "附加", options=[["tail", "尾巴", "Tail"],
                                                        ["light", "灯", "Light"],
                                                        ["reel", "线轴", "Reel"]]),
            _field("kites", "int", "数量", minimum=1, maximum=5),
            _field("night", "bool", "夜间"),
            _field("spots", "list", "地点", max_items=3),
            _field("crew", "people", "人员", max_items=2),
            _field("permit_no", "text", "许可号", readonly=True),
        ],
    }],
}
FULL = {
    "pilot": "张三", "phone": "13800138000", "field_code": "SZX", "story": "第一行\n第二行",
    "day": "2027-01-15", "at": "09:30", "window": "2027-01-15T10:45", "colour": "blue",
    "extras": ["tail", "reel"], "kites": 3, "night": True, "spots": ["南山", "福田"],
    "crew": [{"name": "李四", "title": "处长", "id_type": "NI", "id_number": "X1",
              "relation": "同事", "phone": "13900139000"}],
    "permit_no": "P-7",
}


@pytest.fixture
def made_up() -> Any:
    return kinds_from_json(MADE_UP)["kite_permit"]


def form_of(qtbot, kind: Any, language: str = "zh_CN") -> RequestForm:  # type: ignore[no-untyped-def]
    form = RequestForm(kind, language, today=TODAY)
    qtbot.addWidget(form)
    form.resize(640, 900)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form


def test_a_kind_made_up_in_data_builds_a_widget_per_field_type(qtbot, made_up) -> None:  # type: ignore[no-untyped-def]
    form = form_of(qtbot, made_up)
    expected = {"text": QLineEdit, "phone": QLineEdit, "airport": QLineEdit,
                "multiline": QPlainTextEdit, "date": QDateEdit, "time": QTimeEdit,
                "datetime": QDateTimeEdit, "choice": QComboBox, "int": QSpinBox,
                "bool": QCheckBox, "list": RowsTable, "people": RowsTable}
    for spec in made_up.fields:
        widget = form.widgets[spec.key]
        if spec.type == "choices":
            assert len(widget.findChildren(QCheckBox)) == 3
        else:
            assert isinstance(widget, expected[spec.type]), spec.key
    assert form.values() == {}  # nothing set: blank dates, numbers, choices
    assert form.labels["pilot"].text() == "放飞人 *"  # required
    assert form.labels["phone"].text() == "电话"
    people = form.widgets["crew"]
    assert isinstance(people, RowsTable)
    titles = [people.table.horizontalHeaderItem(c).text() for c in range(6)]
    assert titles == ["姓名", "职务", "证件类型", "证件号码", "关系", "电话"]


def test_every_value_comes_back_in_wire_form_and_is_clean(qtbot, made_up) -> None:  # type: ignore[no-untyped-def]
    form = form_of(qtbot, made_up)
    form.set_values(FULL)
    assert form.values() == FULL
    assert clean_values(made_up, form.values()) == FULL
    form.set_values({})
    assert form.values() == {}


def test_labels_follow_the_interface_language(qtbot, made_up) -> None:  # type: ignore[no-untyped-def]
    form = form_of(qtbot, made_up, "en")
    assert form.labels["pilot"].text() == "Pilot *"
    combo = form.widgets["colour"]
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == ["", "Red", "Blue"]


def test_a_read_only_field_cannot_be_typed_into(qtbot, made_up) -> None:  # type: ignore[no-untyped-def]
    form = form_of(qtbot, made_up)
    form.set_values({"permit_no": "P-7"})
    edit = form.widgets["permit_no"]
    assert isinstance(edit, QLineEdit)
    assert edit.isReadOnly()
    qtbot.keyClicks(edit, "99")
    assert form.values()["permit_no"] == "P-7"


def test_a_blank_date_time_and_number_are_typed_from_the_first_digit(qtbot, made_up) -> None:  # type: ignore[no-untyped-def]
    form = form_of(qtbot, made_up)
    for key, typed in (("day", "2027-01-20"), ("at", "08:15"), ("window", "202701201330"),
                       ("kites", "4")):
        widget = form.widgets[key]
        widget.setFocus()
        qtbot.keyClicks(widget, typed)
    assert form.values() == {"day": "2027-01-20", "at": "08:15", "window": "2027-01-20T13:30",
                             "kites": 4}
    form.set_values({})
    form.widgets["day"].setFocus()
    qtbot.keyClicks(form.widgets["day"], "2027-3-5")  # a short part ends at its separator
    assert form.values() == {"day": "2027-03-05"}


def test_a_refusal_names_the_field_sits_under_it_and_nothing_is_lost(qtbot, made_up) -> None:  # type: ignore[no-untyped-def]
    form = form_of(qtbot, made_up)
    typed = {k: v for k, v in FULL.items() if k != "pilot"}
    form.set_values(typed)
    with pytest.raises(DomainError) as refused:
        clean_values(made_up, form.values())
    assert refused.value.field == "pilot"
    assert form.show_error(refused.value)
    assert form.error_text("pilot").startswith("放飞人: ")
    assert "必填" in form.error_text("pilot")
    assert focused() is form.widgets["pilot"]
    assert form.values() == typed  # nothing typed is lost
    assert form.error_text("day") == ""
    # a field the form does not have: for the caller's own line
    assert not form.show_error(DomainError("gp_level_not_entitled", field="kind"))
    assert form.error_text("pilot") == ""


def test_too_many_people_are_refused_naming_the_table(qtbot, made_up) -> None:  # type: ignore[no-untyped-def]
    form = form_of(qtbot, made_up)
    people = form.widgets["crew"]
    assert isinstance(people, RowsTable)
    for name in ("甲", "乙", "丙"):
        qtbot.mouseClick(people.add_button, Qt.MouseButton.LeftButton)
        people.table.item(people.table.rowCount() - 1, 0).setText(name)
    assert [p["name"] for p in form.values()["crew"]] == ["甲", "乙", "丙"]
    with pytest.raises(DomainError) as refused:
        clean_values(made_up, {**FULL, "crew": form.values()["crew"]})
    assert form.show_error(refused.value)
    assert form.error_text("crew").startswith("人员: ")
    assert focused() is people.table
    people.table.setCurrentCell(1, 0)
    qtbot.mouseClick(people.remove_button, Qt.MouseButton.LeftButton)
    assert [p["name"] for p in form.values()["crew"]] == ["甲", "丙"]
    qtbot.mouseClick(people.add_button, Qt.MouseButton.LeftButton)  # an empty row is no one
    assert len(form.values()["crew"]) == 2


def test_tab_goes_through_the_fields_in_their_order(qtbot) -> None:  # type: ignore[no-untyped-def]
    kind = request_kinds()["ground_transfer"]
    form = form_of(qtbot, kind)
    first = form.widgets[kind.fields[0].key]
    first.setFocus()
    seen = [kind.fields[0].key]
    owners = {w: k for k, w in form.widgets.items()}
    for _ in range(len(kind.fields) * 4):  # a date's Tab walks its sections first
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        widget = focused()
        while widget is not None and widget not in owners:
            widget = widget.parentWidget()
        if widget is not None and owners[widget] != seen[-1]:
            seen.append(owners[widget])
    assert seen[:len(kind.fields)] == list(kind.keys)


def test_every_kind_of_the_standard_builds_and_keeps_its_values(qtbot) -> None:  # type: ignore[no-untyped-def]
    for kind in request_kinds().values():
        form = form_of(qtbot, kind)
        assert list(form.widgets) == list(kind.keys)
        values = {"official_name": "赵国华", "flight_date": "2027-01-15", "origin": "SZX"}
        form.set_values(values)
        got = form.values()
        assert {k: got[k] for k in values if k in kind.keys} == {
            k: v for k, v in values.items() if k in kind.keys}
