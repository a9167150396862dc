"""The printed service request (服务申请单) read back from its PDF: every kind of the data
file prints its fields as labelled with their values (choices as their labels, people as a
table, lists joined), the title by the official's level, the deadline and its 逾期 mark, the
history in Beijing time and the signature lines; empty fields as blanks to fill by hand; nine
people and long notes flow onto a second page inside the margins; a kind made up here prints
without a code change; and the counter's stored request becomes a printable one."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import doc_samples as samples
import pytest
import request_samples as rs
from sqlalchemy import select

from clock_support import NOW, TODAY
from counter_app.domain.errors import DomainError
from counter_app.domain.gp_requests import FieldSpec, RequestKind, clean_values, kinds_from_json
from counter_app.printing.service_request import (
    PrintableRequest,
    PrintedStep,
    request_number,
    request_title,
    service_request_document,
    service_request_pdf,
)
from counter_app.services.gp_kinds import request_kinds
from counter_app.services.request_print import printable_request
from counter_app.storage.db import Store
from counter_app.storage.models import Clerk, Outlet, Traveller
from counter_app.storage.request_models import ServiceRequest

KINDS = request_kinds()
A4 = (210.0, 297.0)
# left, right and bottom of the body (mm): the footer (page number) stands below the bottom
MARGINS = (15.0, 195.0, 297.0 - 12.0 - 7.0)


def text_of(req: PrintableRequest, tmp_path: Path, language: str = "zh") -> str:
    return samples.squash(samples.plain_text(service_request_pdf(req, language), tmp_path))


def lines_of(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's lines as drawn (words grouped by baseline), squashed, one per line: for
    what must stand on one line (plain text reads a two-column line in its own order)."""
    return "\n".join(samples.squash("".join(w.text for w in line))
                     for page in samples.read_pages(pdf, tmp_path) for line in page.lines())


def printed(spec: FieldSpec, value: Any, language: str = "zh") -> list[str]:
    """What the form should show for one value (people: each person's facts)."""
    sep = "、" if language == "zh" else ", "
    if spec.type == "people":
        return [v for p in value for k, v in p.items() if k != "id_type"]
    if spec.type == "choice":
        return [spec.option_label(value, language)]
    if spec.type == "choices":
        return [sep.join(spec.option_label(v, language) for v in value)]
    if spec.type == "list":
        return [sep.join(value)]
    if spec.type == "datetime":
        return [value.replace("T", " ")]
    return [str(value)]


def test_all_twelve_kinds_of_the_data_are_printed() -> None:
    assert len(KINDS) == 12


@pytest.mark.parametrize("code", list(KINDS))
def test_every_kind_prints_its_fields_as_labelled_with_their_values(
        code: str, tmp_path: Path) -> None:
    kind = KINDS[code]
    req = rs.request(kind)
    pdf = service_request_pdf(req)
    assert samples.page_sizes_mm(pdf, tmp_path) == [pytest.approx(A4, abs=0.2)]
    text = samples.squash(samples.plain_text(pdf, tmp_path))
    expected = [request_title(req), "申请单号", "3F2A9C1B", "状态", "已受理", "单位",
                "内蒙古自治区发展和改革委员会", "官员", "王𠮷，副局长", "服务等级", "V5",
                "截止时间", f"{rs.utc(4, 8, 30):%Y-%m-%d}08:30", "呼和浩特市民中心GP柜台",
                "申请内容", "办理记录", f"{TODAY:%Y-%m-%d}09:05", "提交", "已提交", "柜台",
                "王丽（wangli）", f"{TODAY:%Y-%m-%d}10:30", "受理", "总部", "赵总部（zhaohq）",
                "备注：已受理，安排地服对接。", "申请人：王丽", "审批人：赵总部", "签字：",
                "日期：", f"打印时间{TODAY:%Y-%m-%d}11:00", "第1页/共1页", f"3F2A9C1B{code}"]
    for spec in kind.fields:
        expected.append(spec.label_zh)
        expected += printed(spec, req.values[spec.key])
    for value in expected:
        assert samples.squash(value) in text, (code, value)
    assert "逾期" not in text
    assert "□" not in text  # every field has a value: no box left to tick


def test_the_guarantee_form_is_vip_for_a_v5_official_and_cip_for_v4(tmp_path: Path) -> None:
    kind = KINDS["vip_cip"]
    assert request_title(rs.request(kind, level="V5")) == "VIP保障申请单"
    assert request_title(rs.request(kind, level="V4")) == "CIP保障申请单"
    assert request_title(rs.request(kind, level="V4"), "en") == "VIP/CIP guarantee (CIP) request"
    assert request_title(rs.request(KINDS["ground_transfer"])) == "易行地面交通申请单"
    assert request_title(rs.request(KINDS["vip_cip"], level="")) == "要客保障(VIP/CIP)申请单"
    text = text_of(rs.request(kind, level="V4"), tmp_path)
    assert "CIP保障申请单" in text
    assert "VIP保障申请单" not in text


def test_in_english_the_labels_options_states_and_sides_are_english(tmp_path: Path) -> None:
    kind = KINDS["vip_cip"]
    req = rs.request(kind)
    text = text_of(req, tmp_path, "en")
    for spec in kind.fields:
        assert samples.squash(spec.label_en) in text, spec.key
        for value in printed(spec, req.values[spec.key], "en"):
            assert samples.squash(value) in text, (spec.key, value)
    for value in ["VIP/CIP guarantee (VIP) request", "Request no.", "Accepted", "Submitted",
                  "Counter", "Head office", "Applicant: 王丽", "Approved by: 赵总部",
                  "Lounge, Dedicated check-in, Security lane", "Economy"]:
        assert samples.squash(value) in text, value
    assert "官员姓名" not in text


def test_empty_fields_print_as_blanks_and_boxes_to_fill_by_hand(tmp_path: Path) -> None:
    kind = KINDS["vip_cip"]
    req = rs.request(kind, values={"official_name": "王𠮷"}, state="draft", steps=(),
                     applied_by="", approved_by="", printed_at=None)
    pdf = service_request_pdf(req)
    text = lines_of(pdf, tmp_path)
    for spec in kind.fields:
        assert samples.squash(spec.label_zh) in text, spec.key
    # a choice as its options with a box each; the people table's columns with blank rows
    for value in ["□头等舱□公务舱□经济舱", "□贵宾室□专用值机柜台□专用安检通道", "□全程陪同",
                  "序号姓名职务证件类型证件号码关系电话", "草稿", "暂无办理记录",
                  "申请人：______________", "审批人：______________"]:
        assert value in text, value
    for value in ["CA1144", "SZX", "07:05", "李四", "张丽", "打印时间"]:
        assert value not in text, value
    # a blank's label stands alone on its line (or beside another blank's label)
    for value in ["航班号航班日期", "座位", "预计到达航站楼时间车牌号", "备注"]:
        assert value in text.split("\n"), value


def test_a_late_request_carries_the_mark_beside_its_deadline(tmp_path: Path) -> None:
    req = rs.request(KINDS["lounge"], late=True, state="submitted")
    pdf = service_request_pdf(req)
    page = samples.read_pages(pdf, tmp_path)[0]
    lines = [samples.squash("".join(w.text for w in line)) for line in page.lines()]
    due = next(line for line in lines if "截止时间" in line)
    assert due.endswith(f"{rs.utc(4, 8, 30):%Y-%m-%d}08:30逾期"), due
    no_deadline = rs.request(KINDS["refund_waiver"], due_at=None)
    assert "截止时间不限" in text_of(no_deadline, tmp_path)


def test_nine_people_and_long_notes_flow_onto_pages_inside_the_margins(tmp_path: Path) -> None:
    kind = KINDS["family_spare_seats"]
    family = [dict(rs.PEOPLE[i % 2], name=f"亲属{i}号") for i in range(1, 10)]
    note = "请于起飞前两小时在贵宾室门口迎候，并协助办理值机与行李托运手续（含轮椅）。" * 12
    values = {**rs.sample_values(kind), "family": family, "notes": note[:500]}
    steps = rs.steps(note[:480]) * 6
    req = rs.request(kind, values=values, steps=steps)
    pdf = service_request_pdf(req)
    pages = samples.read_pages(pdf, tmp_path)
    assert len(pages) >= 2
    left, right, bottom = MARGINS
    for number, page in enumerate(pages, 1):
        assert (page.width_mm, page.height_mm) == pytest.approx(A4, abs=0.2)
        body = [w for w in page.words if w.bottom <= bottom + 0.5]
        footer = samples.squash("".join(w.text for w in page.words if w not in body))
        assert footer == f"3F2A9C1Bfamily_spare_seats第{number}页/共{len(pages)}页"
        for word in page.words:
            assert word.x0 >= left - 0.5, (number, word)
            assert word.x1 <= right + 0.5, (number, word)
    text = samples.squash(samples.plain_text(pdf, tmp_path))
    assert "直系亲属（9人）" in text
    for person in family:
        assert text.count(person["name"]) == 1, person["name"]
    assert samples.squash(note[:500]) in text  # the notes field, whole, wrapped
    assert text.count(samples.squash(note[:480])) == len(steps) // 2  # each step's note
    # the history's columns come back at the top of the pages it carries on to
    carried = [page for page in pages[1:] if "已受理" in page.text()]
    assert carried
    for page in carried:
        assert "经办方" in page.text()
    assert "申请人：王丽" in text


def test_a_kind_made_up_here_prints_without_a_code_change(tmp_path: Path) -> None:
    doc = {"blocks": {"who": [{"key": "guest", "type": "text", "label_zh": "宾客",
                               "label_en": "Guest", "required": True}]},
           "kinds": [{
               "code": "tea_break", "label_zh": "茶歇服务", "label_en": "Tea break",
               "entitlements": ["vip_lounge"], "lead_hours": 3, "blocks": ["who"],
               "fields": [
                   {"key": "drinks", "type": "choices", "label_zh": "饮品", "label_en": "Drinks",
                    "options": [["tea", "红茶", "Black tea"], ["coffee", "咖啡", "Coffee"],
                                ["milk", "牛奶", "Milk"]]},
                   {"key": "hot", "type": "bool", "label_zh": "热饮", "label_en": "Hot"},
                   {"key": "cups", "type": "int", "label_zh": "杯数", "label_en": "Cups",
                    "minimum": 1, "maximum": 20},
                   {"key": "snacks", "type": "list", "label_zh": "点心", "label_en": "Snacks"},
                   {"key": "served_at", "type": "datetime", "label_zh": "送达时间",
                    "label_en": "Served at"},
                   {"key": "guests", "type": "people", "label_zh": "同行宾客",
                    "label_en": "Guests"},
                   {"key": "remark", "type": "multiline", "label_zh": "特别说明",
                    "label_en": "Remarks"},
                   {"key": "room", "type": "choice", "label_zh": "房间", "label_en": "Room",
                    "options": [["a", "一号厅", "Hall 1"], ["b", "二号厅", "Hall 2"]]}]}]}
    kind: RequestKind = kinds_from_json(doc)["tea_break"]
    values = {"guest": "钱七", "drinks": ["milk", "tea"], "hot": True, "cups": 3,
              "snacks": ["桂花糕", "奶皮子"], "served_at": f"{TODAY.isoformat()}T15:30",
              "guests": [rs.PEOPLE[0]], "remark": "少糖\n不要冰"}
    req = rs.request(kind, values=clean_values(kind, values), level="V4")
    text = text_of(req, tmp_path)
    for value in ["茶歇服务申请单", "宾客", "钱七", "饮品", "红茶、牛奶", "热饮", "是", "杯数", "3",
                  "点心", "桂花糕、奶皮子", "送达时间", f"{TODAY:%Y-%m-%d}15:30", "同行宾客（1人）",
                  "李四", "150102198001012345", "居民身份证", "特别说明", "少糖不要冰", "房间",
                  "□一号厅□二号厅"]:
        assert samples.squash(value) in text, value
    english = text_of(req, tmp_path, "en")
    for value in ["Tea break request", "Drinks", "Black tea, Milk", "Hot", "yes", "Guests (1)",
                  "ID card", "□ Hall 1", "Hall 2"]:
        assert samples.squash(value) in english, value


def test_the_document_is_a4_and_named_by_its_kind_and_number() -> None:
    req = rs.request(KINDS["ground_transfer"])
    doc = service_request_document(req)
    assert (doc.kind, doc.title) == ("service_request", "易行地面交通申请单 3F2A9C1B")
    assert (doc.page_width_mm, doc.page_height_mm) == A4
    assert doc.meta == {"request_id": rs.REQUEST_ID, "kind": "ground_transfer"}
    assert doc.pdf.startswith(b"%PDF-")
    assert request_number("0a1b2c3d-0000") == "0A1B2C3D"
    assert service_request_document(req, "en").title == \
        "Ground transfer (Yixing) request 3F2A9C1B"


# --- from the counter's store -------------------------------------------------------------


def _stored(store: Store, **changes: Any) -> str:
    kind = KINDS["meal_preorder"]
    with store.unit_of_work() as session:
        clerk = session.scalars(select(Clerk).order_by(Clerk.login)).first()
        assert clerk is not None
        outlet = session.get(Outlet, clerk.outlet_code)
        assert outlet is not None
        row = ServiceRequest(
            id=rs.REQUEST_ID, kind=kind.code, state="accepted", version=3,
            unit_name="内蒙古自治区发展和改革委员会", official_name="王𠮷", gp_level="V3",
            flight_no="CA1144", due_at=rs.utc(4, 8, 30).replace(tzinfo=None),
            values=rs.sample_values(kind), created_by=clerk.login,
            created_at=NOW.replace(tzinfo=None), updated_at=NOW.replace(tzinfo=None),
            steps=[{"action": "submit", "state": "submitted", "by_login": clerk.login,
                    "by_name": clerk.name_zh, "side": "counter",
                    "at": rs.utc(0, 9, 5).isoformat()},
                   {"action": "accept", "state": "accepted", "by_login": "zhaohq",
                    "by_name": "赵总部", "side": "head_office",
                    "at": rs.utc(0, 10, 30).replace(tzinfo=None).isoformat(),
                    "note": "已受理"}])
        for key, value in changes.items():
            setattr(row, key, value)
        session.add(row)
        return f"{clerk.name_zh}（{clerk.login}）|{outlet.name_zh}"


def test_a_stored_request_becomes_printable(populated_store: Store, tmp_path: Path) -> None:
    applicant, outlet = _stored(populated_store).split("|")
    with populated_store.read() as session:
        req = printable_request(session, rs.REQUEST_ID, NOW)
    assert (req.kind.code, req.state, req.level, req.official, req.official_title) == (
        "meal_preorder", "accepted", "V3", "王𠮷", "副局长")
    assert (req.applied_by, req.approved_by, req.outlet) == (applicant, "赵总部（zhaohq）", outlet)
    assert req.due_at == rs.utc(4, 8, 30)
    assert not req.late
    assert [(s.action, s.side, s.at) for s in req.steps] == [
        ("submit", "counter", rs.utc(0, 9, 5)), ("accept", "head_office", rs.utc(0, 10, 30))]
    text = text_of(req, tmp_path)
    for value in ["机上餐食预订申请单", "低盐餐", f"申请人：{applicant}",
                  "审批人：赵总部（zhaohq）", f"{TODAY:%Y-%m-%d}10:30", outlet]:
        assert samples.squash(value) in text, value
    with populated_store.read() as session:
        late = printable_request(session, rs.REQUEST_ID, rs.utc(4, 9, 0))
    assert late.late
    assert "逾期" in text_of(late, tmp_path)


def test_without_a_title_on_the_form_the_officials_own_is_printed(
        populated_store: Store) -> None:
    with populated_store.read() as session:
        official = session.scalars(select(Traveller).where(Traveller.title_zh != "")
                                   .order_by(Traveller.name)).first()
        assert official is not None
        official_id, title = official.id, official.title_zh
    values = {k: v for k, v in rs.sample_values(KINDS["meal_preorder"]).items()
              if k != "official_title"}
    _stored(populated_store, official_id=official_id, values=values)
    with populated_store.read() as session:
        req = printable_request(session, rs.REQUEST_ID, NOW)
    assert req.official_title == title


def test_an_unknown_request_or_a_general_one_is_refused(populated_store: Store) -> None:
    _stored(populated_store, kind="general")
    with populated_store.read() as session:
        with pytest.raises(DomainError) as unknown:
            printable_request(session, "no-such-request", NOW)
        with pytest.raises(DomainError) as general:
            printable_request(session, rs.REQUEST_ID, NOW)
    assert unknown.value.code == "request_unknown"
    assert general.value.code == "request_kind_unknown"


def test_a_step_without_a_time_prints_without_one(tmp_path: Path) -> None:
    step = PrintedStep("submit", "submitted", "counter", "wangli", "", None)
    req = replace(rs.request(KINDS["lounge"]), steps=(step,), applied_by="wangli",
                  approved_by="", printed_at=NOW)
    text = text_of(req, tmp_path)
    assert "提交已提交柜台wangli" in text
    assert "审批人：______________" in text
