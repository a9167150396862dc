"""Head office's inbox over real HTTP (``/api/v1/inbox*``): the filters one by one, the
order work is due in, the counts per state; a request worked through its whole workflow
with its history (who, when, note) reaching the outlet's counters by the pull; a reject
without a reason, a step the workflow does not allow, a stale version, an assignment, an
edit whose field a counter changed meanwhile."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from ho_support import HeadOfficeHarness
from inbox_support import StaffClient, add_person, add_request, logged_in, lounge_values

from clock_support import NOON_BEIJING, TODAY
from counter_app.headoffice import service_requests
from counter_app.headoffice.request_models import ServiceRequestRow


def _refused(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    assert body["code"] == code
    return body


def _ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


def _step(staff: StaffClient, request_id: str, action: str, version: int,
          note: str = "") -> httpx.Response:
    return staff.post(f"/api/v1/inbox/{request_id}/step",
                      {"action": action, "version": version, "note": note})


# --- the list ------------------------------------------------------------------------------


def test_each_filter_of_the_inbox(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    staff = logged_in(ho)
    add_person(ho, "zongbu2", name="总部乙")
    d2, d3, d5 = (TODAY + timedelta(days=n) for n in (2, 3, 5))
    a = add_request(ho, official="张建国", unit="市发改委", flight_no="CA1111", flight_date=d2,
                    origin="HET", destination="PEK", level="V4", assignee="zongbu1")
    b = add_request(ho, kind="meal_preorder", state="accepted", official="李红",
                    unit="市财政局", flight_no="MU2222", flight_date=d3, origin="PEK",
                    destination="HET", level="V3", assignee="zongbu2")
    c = add_request(ho, kind="priority_baggage", state="arranged", official="王伟",
                    unit="深圳市政府", flight_no="ZH9999", flight_date=d5, origin="SZX",
                    destination="PEK", level="V5", outlet="SZX001")
    d = add_request(ho, state="done", official="赵敏", unit="市发改委", flight_no="CA1111",
                    flight_date=d2, origin="HET", destination="SHA", level="V4")
    every = staff.page()
    assert every["total"] == 4
    assert every["counts"] == {"submitted": 1, "accepted": 1, "arranged": 1, "done": 1}
    assert sorted(_ids(every)) == sorted([a, b, c, d])

    def ids(**params: Any) -> set[str]:
        return set(_ids(staff.page(**params)))

    assert ids(state="submitted") == {a}
    assert ids(state=["accepted", "arranged"]) == {b, c}  # repeatable
    assert ids(kind="meal_preorder") == {b}
    assert ids(airport="HET") == {a, b, d}  # origin or destination
    assert ids(airport="szx") == {c}
    assert ids(airport="SHA") == {d}
    assert ids(date_from=d3.isoformat()) == {b, c}
    assert ids(date_to=d3.isoformat()) == {a, b, d}
    assert ids(date_from=d3.isoformat(), date_to=d3.isoformat()) == {b}
    assert ids(level="V5") == {c}
    assert ids(level="v4") == {a, d}
    assert ids(assignee="me") == {a}
    assert ids(assignee="zongbu2") == {b}
    assert ids(assignee="none") == {c, d}
    assert ids(q="李红") == {b}  # the official's name
    assert ids(q="发改") == {a, d}  # the unit's name, a part of it
    assert ids(q="zh99") == {c}  # the flight number, any case
    assert ids(q="100%") == set()  # a LIKE wildcard is a plain character
    # together, and the counts apply every filter but the state
    page = staff.page(state="submitted", airport="HET")
    assert _ids(page) == [a]
    assert page["total"] == 1
    assert page["counts"] == {"submitted": 1, "accepted": 1, "done": 1}
    # a filter the route refuses
    _refused(staff.get("/api/v1/inbox", state="sent"), 422, "invalid_request")
    _refused(staff.get("/api/v1/inbox", limit=201), 422, "invalid_request")


def test_the_inbox_is_in_order_of_what_is_due_and_pages(ho: HeadOfficeHarness) -> None:
    staff = logged_in(ho)
    d2, d4 = TODAY + timedelta(days=2), TODAY + timedelta(days=4)
    soon = NOON_BEIJING + timedelta(hours=1)
    no_due_early = add_request(ho, no_due=True, flight_date=d2)
    no_due_late = add_request(ho, no_due=True, flight_date=d4)
    later = add_request(ho, due=soon + timedelta(hours=5), flight_date=d2)
    first = add_request(ho, due=soon, flight_date=d4)
    overdue = add_request(ho, due=NOON_BEIJING - timedelta(minutes=1), flight_date=d2)
    page = staff.page()
    assert _ids(page) == [overdue, first, later, no_due_early, no_due_late]
    late = {item["id"]: item["late"] for item in page["items"]}
    assert late == {overdue: True, first: False, later: False, no_due_early: False,
                    no_due_late: False}
    # the clock moves past a deadline: the inbox says so
    ho.clock.set(soon + timedelta(minutes=1))
    assert [i["late"] for i in staff.page()["items"]][:3] == [True, True, False]
    two = staff.page(limit=2, offset=2)
    assert _ids(two) == [later, no_due_early]
    assert two["total"] == 5


def test_the_staff_list_names_the_active_head_office_people(ho: HeadOfficeHarness) -> None:
    staff = logged_in(ho, "zongbu1", "总部甲")
    add_person(ho, "zongbu2", name="总部乙")
    add_person(ho, "zongbu3", name="总部丙", active=False)
    add_person(ho, "guitai9", role="clerk")
    r = staff.get("/api/v1/inbox/staff")
    assert r.status_code == 200, r.text
    people = r.json()
    # (the demo data may hold head-office people of its own)
    assert [p for p in people if p["login"].startswith(("zongbu", "guitai"))] == [
        {"login": "zongbu1", "name_zh": "总部甲"}, {"login": "zongbu2", "name_zh": "总部乙"}]
    assert [p["login"] for p in people] == sorted(p["login"] for p in people)


# --- one request -----------------------------------------------------------------------------


def test_the_whole_workflow_with_its_history_reaches_the_counters(
        any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    staff = logged_in(ho, "zongbu1", "总部甲")
    outlet_counter = ho.enroll("HET001", "outlet desk")
    request_id = add_request(ho)
    r = staff.get(f"/api/v1/inbox/{request_id}")
    assert r.status_code == 200, r.text
    view = r.json()
    assert view["values"] == lounge_values()
    assert [s["action"] for s in view["steps"]] == ["submit"]
    stamps = [NOON_BEIJING + timedelta(minutes=n) for n in (5, 10, 15)]
    version = view["version"]
    for action, note, at in zip(("accept", "arrange", "done"),
                                ("收到", "已安排贵宾室 3 号厅", ""), stamps, strict=True):
        ho.clock.set(at)
        r = _step(staff, request_id, action, version, note)
        assert r.status_code == 200, r.text
        assert r.json()["version"] == version + 1
        version += 1
    view = r.json()
    assert view["state"] == "done"
    history = [(s["action"], s["state"], s["by_login"], s["by_name"], s["side"], s["at"],
                s["note"]) for s in view["steps"][1:]]
    assert history == [
        ("accept", "accepted", "zongbu1", "总部甲", "head_office",
         stamps[0].isoformat().replace("+00:00", "Z"), "收到"),
        ("arrange", "arranged", "zongbu1", "总部甲", "head_office",
         stamps[1].isoformat().replace("+00:00", "Z"), "已安排贵宾室 3 号厅"),
        ("done", "done", "zongbu1", "总部甲", "head_office",
         stamps[2].isoformat().replace("+00:00", "Z"), ""),
    ]
    assert staff.get(f"/api/v1/inbox/{request_id}").json() == view
    # every step was logged for the outlet's counters; the last one holds the request now
    pulled = [c for c in outlet_counter.pull_all() if c["entity"] == "service_request"
              and c["key"] == request_id]
    assert pulled
    assert pulled[-1]["data"]["state"] == "done"
    assert pulled[-1]["data"]["version"] == version
    # a finished request takes no more step
    body = _refused(_step(staff, request_id, "cancel", version), 422,
                    "request_step_not_allowed")
    assert body["detail"]["state"] == "done"


def test_a_reject_needs_a_reason(ho: HeadOfficeHarness) -> None:
    staff = logged_in(ho)
    request_id = add_request(ho)
    body = _refused(_step(staff, request_id, "reject", 1, "   "), 422,
                    "reject_reason_required")
    assert body["detail"]["field"] == "note"
    assert staff.get(f"/api/v1/inbox/{request_id}").json()["state"] == "submitted"
    r = _step(staff, request_id, "reject", 1, "该航班无贵宾室")
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "rejected"
    assert r.json()["steps"][-1]["note"] == "该航班无贵宾室"


def test_a_step_the_workflow_does_not_allow(ho: HeadOfficeHarness) -> None:
    staff = logged_in(ho)
    request_id = add_request(ho)
    body = _refused(_step(staff, request_id, "done", 1), 422, "request_step_not_allowed")
    assert body["detail"] == {"field": "state", "state": "submitted", "action": "done"}
    _refused(_step(staff, request_id, "submit", 1), 422, "invalid_request")  # not a HO step


def test_a_stale_version_is_refused(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    staff = logged_in(ho, "zongbu1")
    other = logged_in(ho, "zongbu2", "总部乙", counter=staff.counter)
    request_id = add_request(ho)
    assert _step(staff, request_id, "accept", 1).status_code == 200
    # the other person still sees version 1
    body = _refused(_step(other, request_id, "reject", 1, "重复申请"), 409, "version_conflict")
    assert body["detail"] == {"version": 2}
    body = _refused(other.post(f"/api/v1/inbox/{request_id}/assign",
                               {"assignee": "zongbu2", "version": 1}), 409, "version_conflict")
    assert body["detail"] == {"version": 2}
    view = staff.get(f"/api/v1/inbox/{request_id}").json()
    assert view["state"] == "accepted"
    assert view["assignee"] == ""


def test_an_unknown_request(ho: HeadOfficeHarness) -> None:
    staff = logged_in(ho)
    _refused(staff.get("/api/v1/inbox/no-such-id"), 404, "request_unknown")
    _refused(_step(staff, "no-such-id", "accept", 1), 404, "request_unknown")


def test_assign_to_a_head_office_person(ho: HeadOfficeHarness) -> None:
    staff = logged_in(ho, "zongbu1", "总部甲")
    add_person(ho, "zongbu2", name="总部乙")
    add_person(ho, "zongbu3", name="总部丙", active=False)
    outlet_counter = ho.enroll("HET001", "outlet desk")
    request_id = add_request(ho)

    def assign(who: str, version: int) -> httpx.Response:
        return staff.post(f"/api/v1/inbox/{request_id}/assign",
                          {"assignee": who, "version": version})

    r = assign("zongbu2", 1)
    assert r.status_code == 200, r.text
    view = r.json()
    assert (view["assignee"], view["assignee_name"], view["version"]) == ("zongbu2", "总部乙", 2)
    assert view["state"] == "submitted"
    last = view["steps"][-1]
    assert (last["action"], last["by_login"], last["note"]) == ("assign", "zongbu1", "zongbu2")
    assert _ids(staff.page(assignee="zongbu2")) == [request_id]
    for who in ("wangli", "zongbu3", "nobody"):  # a counter clerk, inactive, unknown
        body = _refused(assign(who, 2), 422, "assignee_unknown")
        assert body["detail"]["field"] == "assignee"
    r = assign("", 2)  # to nobody
    assert r.status_code == 200, r.text
    assert r.json()["assignee"] == ""
    assert _ids(staff.page(assignee="none")) == [request_id]
    pulled = [c["data"] for c in outlet_counter.pull_all() if c["key"] == request_id]
    assert [d["assignee"] for d in pulled][-2:] == ["zongbu2", ""]


def test_an_edit_merges_and_names_the_field_a_counter_changed_meanwhile(
        any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    staff = logged_in(ho)
    request_id = add_request(ho)
    base = staff.get(f"/api/v1/inbox/{request_id}").json()
    # Meanwhile the counter's update (as head office applies service_request.update).
    with ho.db.write() as session:
        row = session.get(ServiceRequestRow, request_id)
        assert row is not None
        applied, conflicts = service_requests.merge_edit(
            session, row, base["values"], {"contact_phone": "13911112222"}, side="counter",
            by_login="wangli", now=NOON_BEIJING, base_version=1)
        assert (applied, conflicts) == (["contact_phone"], [])
    r = staff.post(f"/api/v1/inbox/{request_id}/edit", {
        "base_version": 1, "base": base["values"],
        "changes": {"contact_phone": "13700000000", "arrival_at": "08:30",
                    "notes": "走 VIP 通道"}})
    assert r.status_code == 200, r.text
    assert r.headers["X-Request-Conflicts"] == "contact_phone"
    view = r.json()
    assert view["version"] == 3
    assert view["values"]["contact_phone"] == "13911112222"  # the counter's, changed first
    assert view["values"]["arrival_at"] == "08:30"
    assert view["values"]["notes"] == "走 VIP 通道"
    last = view["steps"][-1]
    assert (last["action"], last["side"], last["by_login"]) == ("edit", "head_office", "zongbu1")
    # an edit against the current version conflicts with nothing
    r = staff.post(f"/api/v1/inbox/{request_id}/edit", {
        "base_version": 3, "base": view["values"], "changes": {"contact_phone": "13700000000"}})
    assert r.status_code == 200, r.text
    assert "X-Request-Conflicts" not in r.headers
    assert r.json()["values"]["contact_phone"] == "13700000000"
    # a field the kind does not have, a version not yet there
    body = _refused(staff.post(f"/api/v1/inbox/{request_id}/edit", {
        "base_version": 4, "base": {}, "changes": {"shoe_size": "42"}}), 422,
        "request_field_unknown")
    assert body["detail"]["field"] == "shoe_size"
    body = _refused(staff.post(f"/api/v1/inbox/{request_id}/edit", {
        "base_version": 9, "base": {}, "changes": {"notes": "x"}}), 409, "version_conflict")
    assert body["detail"] == {"version": 4}
