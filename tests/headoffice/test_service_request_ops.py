"""GP service requests pushed as ``service_request.submit|update|cancel`` ops over real HTTP
to a real head office: head office judges every request on its own rows (the official's
level, its flight, its clock, its sales), merges edits field by field, tells the counter
whose edit lost, and gives the requests to the outlet's counters through the pull; a
``request.head_office`` lands in the inbox as a request of kind ``general``."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from ho_support import CounterClient, HeadOfficeHarness, sale, ticket
from sqlalchemy import select

from clock_support import NOON_BEIJING, TODAY
from counter_app.domain.gp_requests import LOCAL_TZ
from counter_app.headoffice import service_requests as shared
from counter_app.headoffice.models import Customer, Flight, Traveller
from counter_app.headoffice.request_models import ServiceRequestRow, ServiceRequestStepRow
from counter_app.kernel.ids import new_id

GP_OUTLET = "SZX001"


def officials(ho: HeadOfficeHarness) -> dict[str, tuple[str, str]]:
    """Name → (official id, unit id) of the demo's GP officials, as head office holds them."""
    with ho.db.read() as session:
        rows = session.execute(
            select(Traveller.name, Traveller.id, Customer.id, Customer.code)
            .join(Customer, Customer.id == Traveller.customer_id)
            .where(Customer.code.in_(["GP-SZ-001", "GP-SZ-002"]))).all()
    found = {name: (official, unit) for name, official, unit, _code in rows}
    found["GP-SZ-002"] = next((unit, unit) for _n, _o, unit, code in rows
                              if code == "GP-SZ-002")
    return found


def form(name: str = "林海涛", **changes: Any) -> dict[str, Any]:
    """A meal pre-order (V3 and above) for a flight the day after tomorrow."""
    values: dict[str, Any] = {
        "official_name": name, "official_level": "V3", "flight_no": "ZH9101",
        "flight_date": (TODAY + timedelta(days=2)).isoformat(), "departure_time": "09:00",
        "origin": "SZX", "destination": "PEK", "meal": "vegetarian", "meal_count": 1,
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def submit(ho: HeadOfficeHarness, name: str = "林海涛", kind: str = "meal_preorder",
           values: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    official, unit = officials(ho)[name]
    payload: dict[str, Any] = {
        "request_id": new_id(), "kind": kind, "customer_id": unit, "official_id": official,
        "booking_id": None, "pnr": None, "flight_id": None,
        "values": form(name) if values is None else values, "note": "",
        "submitted_at": NOON_BEIJING.isoformat(),
    }
    payload.update(changes)
    return payload


def push_one(counter: CounterClient, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    [result] = counter.push_ok(counter.op(kind, payload))
    return result


def request_row(ho: HeadOfficeHarness, request_id: str) -> ServiceRequestRow | None:
    with ho.db.read() as session:
        return session.get(ServiceRequestRow, request_id)


def steps(ho: HeadOfficeHarness, request_id: str) -> list[tuple[str, str, str, str]]:
    with ho.db.read() as session:
        return [(s.action, s.state, s.side, s.by_login) for s in session.scalars(
            select(ServiceRequestStepRow).where(ServiceRequestStepRow.request_id == request_id)
            .order_by(ServiceRequestStepRow.id))]


def pulled(counter: CounterClient, entity: str) -> dict[str, dict[str, Any]]:
    return {c["key"]: c["data"] for c in counter.pull_all() if c["entity"] == entity}


def refused(counter: CounterClient, payload: dict[str, Any],
            kind: str = "service_request.submit") -> tuple[str, str]:
    result = push_one(counter, kind, payload)
    assert result["status"] == "rejected", result
    return result["code"], result["message"]


# --- refusals of a submit -------------------------------------------------------------------


def test_head_office_refuses_what_the_official_is_not_entitled_to(
    ho: HeadOfficeHarness,
) -> None:
    counter = ho.enroll(GP_OUTLET)
    # 黄晓敏 is V1; a meal pre-order needs V3.
    code, message = refused(counter, submit(ho, "黄晓敏", values=form("黄晓敏")))
    assert code == "gp_level_not_entitled"
    assert "minimum=V3" in message
    assert "level=V1" in message
    # 林海涛 is V3 at head office; the counter claims V5 for a VIP/CIP guarantee (V4+).
    vip = form(official_level="V5", meal=None, meal_count=None, cabin="C",
               services=["lounge"], arrival_at="07:30", contact_name="李秘书",
               contact_phone="13800000000")
    code, message = refused(counter, submit(ho, kind="vip_cip", values=vip))
    assert code == "gp_level_not_entitled"
    assert "level=V3" in message
    # Priority baggage only where one end of the flight is Shenzhen.
    bags = form(origin="PEK", destination="SHA", meal=None, meal_count=None, bag_count=2)
    assert refused(counter, submit(ho, kind="priority_baggage", values=bags))[0] == (
        "service_airport")
    with ho.db.read() as session:
        assert session.scalars(select(ServiceRequestRow)).all() == []


def test_head_office_checks_every_field_and_the_companions(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll(GP_OUTLET)
    nine = [{"name": f"随员{i}"} for i in range(9)]
    lounge = form("陈志远", meal=None, meal_count=None, companions=nine, arrival_at="07:30",
                  contact_name="李秘书", contact_phone="13800000000")
    code, message = refused(counter, submit(ho, "陈志远", kind="lounge", values=lounge))
    assert code == "gp_companions"
    assert message.startswith("随行人员: ")  # the field as labelled
    code, message = refused(counter, submit(ho, values=form(meal_count=10)))
    assert (code, message.split(":")[0]) == ("request_field_range", "份数")
    code, message = refused(counter, submit(ho, values=form(meal=None)))
    assert (code, message.split(":")[0]) == ("request_field_required", "餐食")
    assert refused(counter, submit(ho, kind="caviar"))[0] == "request_kind_unknown"
    assert refused(counter, submit(ho, kind="general"))[0] == "request_kind_unknown"


def test_the_deadline_is_head_offices(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll(GP_OUTLET)
    tomorrow_early = form(flight_date=(TODAY + timedelta(days=1)).isoformat(),
                          departure_time="08:00")  # due 24 h before: this morning
    code, message = refused(counter, submit(ho, values=tomorrow_early))
    assert code == "request_too_late"
    assert "hours=24" in message
    this_morning = form(flight_date=TODAY.isoformat(), departure_time="09:00")
    assert refused(counter, submit(ho, values=this_morning))[0] == "flight_departed"
    # The counter's values say the day after tomorrow; head office's flight left today.
    with ho.db.read() as session:
        gone = session.scalars(select(Flight).where(Flight.dep_date == TODAY,
                                                    Flight.dep_time < time(12, 0))
                               .order_by(Flight.flight_no).limit(1)).first()
    assert gone is not None, "the template has no flight this morning"
    assert refused(counter, submit(ho, flight_id=gone.id))[0] == "flight_departed"


def test_only_a_gp_counter_submits_for_an_official_of_the_unit(ho: HeadOfficeHarness) -> None:
    plain = ho.enroll("HET001")
    assert refused(plain, submit(ho))[0] == "gp_not_allowed"
    counter = ho.enroll(GP_OUTLET)
    other_unit = officials(ho)["GP-SZ-002"][1]
    assert refused(counter, submit(ho, customer_id=other_unit))[0] == "official_unknown"
    assert refused(counter, submit(ho, official_id=new_id()))[0] == "official_unknown"
    assert refused(counter, submit(ho, official_id=None))[0] == "gp_official_required"


def test_a_booking_whose_every_ticket_is_void_is_cancelled(ho: HeadOfficeHarness) -> None:
    seller = ho.enroll("HET001")
    number = ho.next_ticket(seller)
    sold = sale(ho.flight(), [ticket(number)])
    assert push_one(seller, "sale.issue", sold)["status"] == "applied"
    counter = ho.enroll(GP_OUTLET)
    live = push_one(counter, "service_request.submit", submit(ho, pnr=sold["pnr"]))
    assert live["status"] == "applied", live
    void = {"sale_id": sold["sale_id"], "ticket_numbers": [number], "reason": "旅客取消"}
    assert push_one(seller, "sale.void", void)["status"] == "applied"
    code, message = refused(counter, submit(ho, pnr=sold["pnr"]))
    assert code == "booking_cancelled"
    assert sold["pnr"] in message


# --- submit, update, cancel -----------------------------------------------------------------


def test_submit_update_and_cancel_round_trip(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    counter = ho.enroll(GP_OUTLET)
    with ho.db.read() as session:
        flight = session.get(Flight, ho.flight())
        assert flight is not None
    payload = submit(ho, values=form(official_level="V5"), flight_id=flight.id,
                     note="素食,不要辣")
    op = counter.op("service_request.submit", payload)
    [first] = counter.push_ok(op)
    assert first["status"] == "applied", first
    request_id = payload["request_id"]
    assert first["result"] == {"request_id": request_id, "state": "submitted", "version": 1,
                               "gp_level": "V3"}
    row = request_row(ho, request_id)
    assert row is not None
    assert (row.kind, row.state, row.outlet_code, row.counter_id) == (
        "meal_preorder", "submitted", GP_OUTLET, counter.counter_id)
    assert (row.official_name, row.unit_name, row.gp_level) == ("林海涛", "深圳市委办公厅", "V3")
    assert row.values["official_level"] == "V3"  # head office's level, not the claim
    assert row.field_versions == dict.fromkeys(row.values, 1)
    # The flight is head office's: its number, date and departure, the deadline 24 h before.
    departure = datetime.combine(flight.dep_date, flight.dep_time, LOCAL_TZ)
    assert (row.flight_no, row.flight_date, row.origin) == (
        flight.flight_no, flight.dep_date, flight.origin)
    assert row.departure_at == departure.astimezone(UTC).replace(tzinfo=None)
    assert row.due_at == row.departure_at - timedelta(hours=24)
    assert steps(ho, request_id) == [("submit", "submitted", "counter", "linxiaoyu")]
    assert counter.push_ok(op)[0]["status"] == "duplicate"  # the same op again
    assert refused(counter, payload)[0] == "request_exists"  # another op, the same request

    update = {"request_id": request_id, "base_version": 1, "base": {"meal_count": 1},
              "changes": {"meal_count": 2}, "updated_at": NOON_BEIJING.isoformat()}
    result = push_one(counter, "service_request.update", update)
    assert result["status"] == "applied", result
    assert result["result"] == {"request_id": request_id, "version": 2,
                                "applied": ["meal_count"], "conflicts": []}
    row = request_row(ho, request_id)
    assert row is not None
    assert (row.values["meal_count"], row.field_versions["meal_count"]) == (2, 2)

    cancel = {"request_id": request_id, "note": "首长行程取消",
              "cancelled_at": NOON_BEIJING.isoformat()}
    result = push_one(counter, "service_request.cancel", cancel)
    assert result["result"] == {"request_id": request_id, "state": "cancelled", "version": 3}
    assert [s[:3] for s in steps(ho, request_id)] == [
        ("submit", "submitted", "counter"), ("edit", "submitted", "counter"),
        ("cancel", "cancelled", "counter")]
    assert refused(counter, {**cancel, "note": "again"}, "service_request.cancel")[0] == (
        "request_closed")
    assert refused(counter, {**update, "base_version": 3}, "service_request.update")[0] == (
        "request_closed")
    [view] = pulled(counter, "service_request").values()
    assert (view["state"], view["version"], view["values"]["meal_count"]) == (
        "cancelled", 3, 2)
    assert [s["action"] for s in view["steps"]] == ["submit", "edit", "cancel"]
    assert view["steps"][0]["by_name"] == "林晓雨"


def test_a_refused_op_does_not_block_the_ones_behind_it(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll(GP_OUTLET)
    good = submit(ho)
    results = counter.push_ok(counter.op("service_request.submit", submit(ho, kind="caviar")),
                              counter.op("service_request.submit", good))
    assert [r["status"] for r in results] == ["rejected", "applied"]
    assert request_row(ho, good["request_id"]) is not None


def test_an_edit_both_sides_made_keeps_head_offices_value_and_tells_the_counter(
    ho: HeadOfficeHarness,
) -> None:
    counter = ho.enroll(GP_OUTLET)
    neighbour = ho.enroll(GP_OUTLET, "neighbour")
    payload = submit(ho)
    push_one(counter, "service_request.submit", payload)
    request_id = payload["request_id"]
    with ho.db.write() as session:  # head office changes the meal in the inbox
        row = session.get(ServiceRequestRow, request_id)
        assert row is not None
        applied, lost = shared.merge_edit(
            session, row, {"meal": "vegetarian"}, {"meal": "muslim"}, side="head_office",
            by_login="wangli", now=ho.clock.now(), base_version=1)
        assert (applied, lost) == (["meal"], [])
    update = {"request_id": request_id, "base_version": 1,
              "base": {"meal": "vegetarian", "meal_count": 1, "official_level": "V3"},
              "changes": {"meal": "diabetic", "meal_count": 3, "official_level": "V5"},
              "updated_at": NOON_BEIJING.isoformat()}
    op = counter.op("service_request.update", update)
    [result] = counter.push_ok(op)
    assert result["result"] == {"request_id": request_id, "version": 3,
                                "applied": ["meal_count"],
                                "conflicts": ["official_level", "meal"]}
    row = request_row(ho, request_id)
    assert row is not None
    assert (row.values["meal"], row.values["meal_count"], row.values["official_level"]) == (
        "muslim", 3, "V3")
    conflicts = pulled(counter, "request_conflict")
    assert conflicts == {f"{request_id}:3": {
        "request_id": request_id, "fields": ["official_level", "meal"],
        "op_id": op["op_id"], "kind": "meal_preorder"}}
    assert pulled(neighbour, "request_conflict") == {}
    # A field cleared that the form requires is refused, whatever the base.
    clear = {**update, "base_version": 3, "base": {"meal": "muslim"},
             "changes": {"meal": None}}
    assert refused(counter, clear, "service_request.update")[0] == "request_field_required"


def test_only_the_outlets_counters_touch_and_see_its_requests(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll(GP_OUTLET)
    neighbour = ho.enroll(GP_OUTLET, "neighbour")
    stranger = ho.enroll("HET001")
    payload = submit(ho)
    push_one(counter, "service_request.submit", payload)
    request_id = payload["request_id"]
    cancel = {"request_id": request_id, "note": "", "cancelled_at": NOON_BEIJING.isoformat()}
    assert refused(stranger, cancel, "service_request.cancel")[0] == "not_your_request"
    update = {"request_id": request_id, "base_version": 1, "base": {"meal_count": 1},
              "changes": {"meal_count": 2}, "updated_at": NOON_BEIJING.isoformat()}
    assert refused(stranger, update, "service_request.update")[0] == "not_your_request"
    unknown = {**cancel, "request_id": new_id()}
    assert refused(counter, unknown, "service_request.cancel")[0] == "request_unknown"
    for who in (counter, neighbour):
        seen = pulled(who, "service_request")
        assert list(seen) == [request_id]
        assert seen[request_id]["state"] == "submitted"
        assert seen[request_id]["outlet_code"] == GP_OUTLET
    assert pulled(stranger, "service_request") == {}
    checksum = neighbour.get("/api/v1/sync/checksum")
    assert checksum.status_code == 200, checksum.text
    assert checksum.json()["scopes"]["counter"]["count"] >= 1


def test_a_request_to_head_office_is_an_inbox_request_of_kind_general(
    ho: HeadOfficeHarness,
) -> None:
    counter = ho.enroll("HET001")
    neighbour = ho.enroll("HET001", "neighbour")
    request_id = new_id()
    payload = {"request_id": request_id, "action": "refund",
               "ticket_number": "999-2091234567", "flight_no": None, "pnr": "HX4K2P",
               "note": "旅客要求退票", "requested_at": NOON_BEIJING.isoformat()}
    assert push_one(counter, "request.head_office", payload)["status"] == "applied"
    row = request_row(ho, request_id)
    assert row is not None
    assert (row.kind, row.state, row.version, row.outlet_code, row.pnr) == (
        "general", "submitted", 1, "HET001", "HX4K2P")
    assert row.values == {"action": "refund", "ticket_number": "999-2091234567",
                          "flight_no": None, "pnr": "HX4K2P", "note": "旅客要求退票"}
    assert steps(ho, request_id) == [("submit", "submitted", "counter", "wangli")]
    view = pulled(neighbour, "service_request")[request_id]
    assert (view["kind"], view["state"]) == ("general", "submitted")
    # The same id cannot come back as a service request form.
    gp = ho.enroll(GP_OUTLET)
    assert refused(gp, submit(ho, request_id=request_id))[0] == "request_exists"


@pytest.mark.parametrize("kind", ["service_request.update", "service_request.cancel"])
def test_a_general_request_is_not_edited_by_the_form_ops(
    ho: HeadOfficeHarness, kind: str,
) -> None:
    counter = ho.enroll("HET001")
    request_id = new_id()
    push_one(counter, "request.head_office", {
        "request_id": request_id, "action": "book", "ticket_number": None,
        "flight_no": "CA1144", "pnr": None, "note": "", "requested_at":
        NOON_BEIJING.isoformat()})
    body: dict[str, Any] = (
        {"request_id": request_id, "base_version": 1, "base": {}, "changes": {"note": "x"},
         "updated_at": NOON_BEIJING.isoformat()} if kind.endswith("update") else
        {"request_id": request_id, "note": "", "cancelled_at": NOON_BEIJING.isoformat()})
    result = push_one(counter, kind, body)
    if kind.endswith("update"):
        assert (result["status"], result["code"]) == ("rejected", "request_kind_unknown")
    else:  # a counter may withdraw its general request like any other
        assert result["result"]["state"] == "cancelled"
