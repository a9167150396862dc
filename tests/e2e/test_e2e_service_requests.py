"""GP service requests end to end: the GP counter (SZX001) and head office as separate
processes over real HTTP, for every kind of the GP standard.

Head office is ``counter-headoffice serve`` on the demo data loaded a week ahead (so the
holiday-seat form's 72 hours before departure can be met), on SQLite and on PostgreSQL.
The GP counter is ``request_agent.py`` in its own process: enrolled for SZX001, it sells
one GP booking to the three officials of 深圳市委办公厅 (陈志远 V5, 林海涛 V3, 黄晓敏 V1)
on a flight from Shenzhen, then fills each form from the booking and the official,
submits it and syncs. Head office works its inbox over HTTP as 赵军 (zhaojun,
head_office), logged in at a counter enrolled for HET000 (the product's inbox client: the
counter's device token and the staff token): it finds the request, accepts, arranges and
marks it done with notes; the counter syncs again and its copy shows every step (who, on
which side, when, with what note).

Besides the way through: a rejection (a reason needed), a cancellation by the counter, two
people editing one request (the counter offline, head office online: merged field by field,
the field both changed kept as head office has it and shown on the counter's attention
list), and a submission head office refuses (the counter's copy of the official's level
tampered with) that does not hold up the one behind it; and a generic request (a refund,
as the after-sale page queues it) answered through the same inbox.

One head office and one pair of counters serve the whole module per database; each test
works on its own requests only.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from counter_agent import credentials_store
from e2e_support import (
    LOAD_DAY,
    SUBPROCESS_ENV,
    HeadOffice,
    HeadOfficeDb,
    HeadOfficeProcess,
    cli,
    run_agent,
)
from sqlalchemy import select

from counter_app.headoffice.models import CabinInventory, Flight
from counter_app.services.gp_kinds import request_kind, request_kinds
from counter_app.sync.client import HeadOfficeClient, Refused
from counter_app.sync.inbox import InboxClient, InboxFilters
from counter_app.sync.protocol.inbox import InboxEdit, InboxStep
from pg_support import PgServer

REQUEST_AGENT = Path(__file__).resolve().with_name("request_agent.py")
DAYS_AHEAD = 7  # flights loaded this many days ahead
FLIGHT_DAY = LOAD_DAY + timedelta(days=5)  # more than 72 hours away whatever the hour
STAFF = ("zhaojun", "office1234")  # 赵军, head_office, of HET000
OFFICIALS = ("陈志远", "林海涛", "黄晓敏")  # V5, V3, V1 (GP-SZ-001)
CLERK = "linxiaoyu"  # the GP counter's clerk


def request_agent(command: str, data_dir: Path, base_url: str, *extra: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(REQUEST_AGENT), command, "--data-dir", str(data_dir),
         "--base-url", base_url, *extra],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
        env=SUBPROCESS_ENV)
    assert done.returncode == 0, f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    [line] = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")]
    found: dict[str, Any] = json.loads(line[len("RESULT "):])
    return found


def sets(values: dict[str, Any]) -> list[str]:
    """``--set key=JSON`` arguments of the request agent."""
    out: list[str] = []
    for key, value in values.items():
        out += ["--set", f"{key}={json.dumps(value, ensure_ascii=False)}"]
    return out


# --- head office's inbox, over HTTP -------------------------------------------------------


class Inbox:
    """赵军 at a head-office counter: the product's inbox client (``sync/inbox.py``) over
    that counter's client, so every call carries the device token and the staff token.
    Views come back as the JSON a counter pulls."""

    def __init__(self, data_dir: Path, base_url: str) -> None:
        self.client = HeadOfficeClient(base_url, credentials_store(data_dir))
        self.staff = InboxClient(self.client)
        assert self.staff.login(*STAFF).role == "head_office"

    def close(self) -> None:
        self.client.close()

    def page(self, **filters: Any) -> dict[str, Any]:
        return self.staff.page(InboxFilters(**filters)).model_dump(mode="json")

    def view(self, request_id: str) -> dict[str, Any]:
        return self.staff.detail(request_id).model_dump(mode="json")

    def step(self, request_id: str, action: str, note: str = "") -> dict[str, Any]:
        version = self.staff.detail(request_id).version
        view = self.staff.step(request_id, InboxStep.model_validate(
            {"action": action, "note": note, "version": version}))
        assert view.version > version
        return view.model_dump(mode="json")

    def edit(self, request_id: str, base_version: int, base: dict[str, Any],
             changes: dict[str, Any]) -> dict[str, Any]:
        return self.staff.edit(request_id, InboxEdit(
            base_version=base_version, base=base, changes=changes)).model_dump(mode="json")

    def refused_step(self, request_id: str, action: str, note: str, version: int) -> Refused:
        with pytest.raises(Refused) as caught:
            self.staff.step(request_id, InboxStep.model_validate(
                {"action": action, "note": note, "version": version}))
        return caught.value


# --- the world: head office, the GP counter, the head-office counter -----------------------


@dataclass
class World:
    ho: HeadOffice
    gp: Path  # the GP counter's data folder (SZX001)
    booking_id: str
    pnr: str
    tickets: list[str]
    flight: dict[str, Any]  # flight_no, origin, destination, dep_date, dep_time
    inbox: Inbox

    @property
    def url(self) -> str:
        return self.ho.base_url

    def agent(self, command: str, *extra: str) -> dict[str, Any]:
        return request_agent(command, self.gp, self.url, *extra)


def load_week(url: str) -> None:
    """Head office's demo data with flights a week ahead, through the real command line."""
    cli("init-db", "--database-url", url)
    cli("load", "--demo", "--today", LOAD_DAY.isoformat(), "--days", str(DAYS_AHEAD),
        "--database-url", url)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def ho_url(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Head office's database for the module, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('ho-week') / 'headoffice.sqlite3'}"
        load_week(url)
        yield url
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name = f"e2e_requests_{uuid.uuid4().hex[:10]}"
    with server.admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        load_week(server.url(name))
        yield server.url(name)
    finally:
        with server.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def szx_flight(db: HeadOfficeDb) -> dict[str, Any]:
    """A scheduled flight out of Shenzhen on FLIGHT_DAY with Y seats to lease."""
    free = CabinInventory.capacity - CabinInventory.sold - CabinInventory.granted
    with db.db.read() as session:
        row = session.execute(
            select(Flight).join(CabinInventory, CabinInventory.flight_id == Flight.id)
            .where(Flight.origin == "SZX", Flight.dep_date == FLIGHT_DAY,
                   Flight.status == "scheduled", CabinInventory.cabin == "Y", free >= 5)
            .order_by(Flight.flight_no)).scalars().first()
        assert row is not None, "no flight out of Shenzhen in the demo data"
        return {"id": row.id, "flight_no": row.flight_no, "origin": row.origin,
                "destination": row.destination, "dep_date": row.dep_date.isoformat(),
                "dep_time": row.dep_time.strftime("%H:%M")}


@pytest.fixture(scope="module")
def world(ho_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("requests")
    (folder / "ho").mkdir()
    url = ho_url
    process = HeadOfficeProcess(url, folder / "ho")
    db = HeadOfficeDb(url)
    process.start()
    inbox: Inbox | None = None
    try:
        ho = HeadOffice(url, process, db)
        flight = szx_flight(db)
        gp = folder / "gp"
        ho.enroll(gp, code=db.enrollment_code("SZX001"), lease=(flight["id"], 3))
        sold = request_agent("sell-gp", gp, ho.base_url, "--flight-id", flight["id"],
                             *[x for name in OFFICIALS for x in ("--name", name)], "--sync")
        assert not pending(sold), sold["outbox"]
        office = folder / "het000"
        enrolled = run_agent("enroll", office, ho.base_url, "--code",
                             db.enrollment_code("HET000"), "--name", "总部", "--no-sync")
        assert enrolled["counter_id"]
        inbox = Inbox(office, ho.base_url)
        yield World(ho, gp, sold["booking_id"], sold["pnr"], sold["tickets"], flight, inbox)
    finally:
        if inbox is not None:
            inbox.close()
        process.stop()
        db.close()


# --- the forms: who asks, and what the clerk types over the pre-filled form -----------------


def typed(kind: str, flight: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(official, the values the clerk types) for each kind: an official whose level the
    kind is for, and every required field the form does not fill itself."""
    day = flight["dep_date"]
    before = (datetime.fromisoformat(f"{day}T{flight['dep_time']}")
              - timedelta(hours=3)).isoformat(timespec="minutes")
    contact = {"contact_name": "周秘书", "contact_phone": "0755-88123456"}
    forms: dict[str, tuple[str, dict[str, Any]]] = {
        "vip_cip": ("陈志远", {"services": ["lounge", "checkin", "car"], "arrival_at": "07:30",
                              "vehicle_plate": "粤B·A1234", "staff": "周秘书"}),
        "group_vip": ("林海涛", {"group_size": 6, "services": ["checkin", "boarding"]}),
        "ground_transfer": ("黄晓敏", {"direction": "dropoff", "address": "深圳市福田区市民中心",
                                      "transfer_at": before, "passenger_count": 2,
                                      "car": "business"}),
        "meal_preorder": ("林海涛", {"meal": "muslim", "meal_count": 1}),
        "lounge": ("陈志远", {"arrival_at": "07:45"}),
        "secretary": ("林海涛", {"touch_points": ["checkin", "boarding"],
                                "arrival_at": "07:40"}),
        "priority_baggage": ("林海涛", {"bag_count": 2}),
        "holiday_seat": ("黄晓敏", {"peak": "spring_festival", "seats": 2}),
        "family_spare_seats": ("黄晓敏", {"family": [
            {"name": "黄小敏", "relation": "女儿", "id_type": "NI"}]}),
        "paid_vacation": ("黄晓敏", {"product": "海南三亚五日游",
                                    "start_date": (LOAD_DAY + timedelta(days=30)).isoformat(),
                                    "end_date": (LOAD_DAY + timedelta(days=34)).isoformat()}),
        "priority_seat": ("黄晓敏", {"seats": 1, "reason": "紧急公务"}),
        "refund_waiver": ("陈志远", {"flown_flight": "ZH9101",
                                    "tickets": ["479-1234567890"],
                                    "reason": "会议取消，预留座位未使用"}),
    }
    official, values = forms[kind]
    if kind in ("meal_preorder", "priority_baggage"):  # forms without the contact block
        return official, values
    return official, {**contact, **values}


KINDS = ("vip_cip", "group_vip", "ground_transfer", "meal_preorder", "lounge", "secretary",
         "priority_baggage", "holiday_seat", "family_spare_seats", "paid_vacation",
         "priority_seat", "refund_waiver")
NO_FLIGHT = ("paid_vacation", "refund_waiver")  # the forms without the flight block


def submit(world: World, kind: str, *, official: str | None = None,
           extra: dict[str, Any] | None = None, sync: bool = True) -> dict[str, Any]:
    who, values = typed(kind, world.flight)
    booking = [] if kind in NO_FLIGHT else ["--booking-id", world.booking_id]
    done = world.agent("submit", "--kind", kind, "--official", official or who, *booking,
                       *sets({**values, **(extra or {})}), *(["--sync"] if sync else []))
    assert "refused" not in done, done
    return done


def pending(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The agent's ops not yet taken by head office (a refused one is not pending)."""
    return [e for e in result["outbox"] if e["state"] == "pending"]


def local(result: dict[str, Any], request_id: str) -> dict[str, Any]:
    [row] = [r for r in result["requests"] if r["id"] == request_id]
    return row


def test_kinds_are_the_twelve_of_the_data() -> None:
    assert tuple(request_kinds()) == KINDS
    assert tuple(k for k, kind in request_kinds().items()
                              if not kind.needs_flight) == NO_FLIGHT


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_through_the_whole_workflow(world: World, kind: str) -> None:
    """Filled from the booking and the official, submitted at the counter, synced; head
    office finds it in its inbox, accepts, arranges and marks it done with notes; the
    counter syncs and its copy is done, with each step's who, when and note."""
    official, values = typed(kind, world.flight)
    started = datetime.now(UTC)
    done = submit(world, kind)
    request_id = done["request_id"]
    pre = done["prefilled"]
    assert done["entitled"] is True
    assert pre["official_name"] == official
    assert pre["unit_name"] == "深圳市委办公厅"
    if kind not in NO_FLIGHT:
        assert (pre["flight_no"], pre["flight_date"]) == (world.flight["flight_no"],
                                                           world.flight["dep_date"])
        assert (pre["origin"], pre["destination"]) == (world.flight["origin"],
                                                       world.flight["destination"])
        assert pre["departure_time"] == world.flight["dep_time"]
    if "companions" in request_kind(kind).keys and kind not in NO_FLIGHT:
        # the other passengers of the booking travel with the official
        assert sorted(p["name"] for p in pre["companions"]) == sorted(
            set(OFFICIALS) - {official})
    row = local(done, request_id)
    assert (row["kind"], row["state"]) == (kind, "submitted")
    assert not pending(done), done["outbox"]

    # Head office: in the inbox, waiting; the level is head office's own.
    page = world.inbox.page(kind=kind, states=("submitted",))
    assert request_id in [item["id"] for item in page["items"]]
    view = world.inbox.view(request_id)
    assert (view["state"], view["outlet_code"], view["official_name"]) == (
        "submitted", "SZX001", official)
    assert view["gp_level"] == {"陈志远": "V5", "林海涛": "V3", "黄晓敏": "V1"}[official]
    assert view["values"] == row["values"]
    assert {k: view["values"][k] for k in values} == values
    assert [(s["action"], s["side"], s["by_login"]) for s in view["steps"]] == [
        ("submit", "counter", CLERK)]

    notes = {"accept": "已受理", "arrange": f"{kind}：已与机场贵宾部落实",
             "done": "服务已完成，旅客满意"}
    for action, note in notes.items():
        view = world.inbox.step(request_id, action, note)
    assert view["state"] == "done"

    # The counter learns of it at its next sync.
    back = world.agent("requests", "--sync")
    row = local(back, request_id)
    assert row["state"] == "done"
    assert row["version"] == view["version"]
    steps = [(s["action"], s["state"], s["side"], s["by_login"], s["note"])
             for s in row["steps"]]
    assert steps == [
        ("submit", "submitted", "counter", CLERK, ""),
        ("accept", "accepted", "head_office", "zhaojun", notes["accept"]),
        ("arrange", "arranged", "head_office", "zhaojun", notes["arrange"]),
        ("done", "done", "head_office", "zhaojun", notes["done"]),
    ]
    ats = [datetime.fromisoformat(s["at"]) for s in row["steps"]]
    ats = [a if a.tzinfo else a.replace(tzinfo=UTC) for a in ats]
    assert ats == sorted(ats)
    assert started - timedelta(minutes=1) <= ats[0] <= ats[-1] <= datetime.now(UTC)
    assert [s["by_name"] for s in row["steps"]][1:] == ["赵军"] * 3


def test_head_office_rejects_with_a_reason(world: World) -> None:
    """A reject needs a reason; with one, the counter's copy is rejected and says why."""
    request_id = submit(world, "group_vip")["request_id"]
    world.inbox.step(request_id, "accept", "")
    version = world.inbox.view(request_id)["version"]
    refused = world.inbox.refused_step(request_id, "reject", "  ", version)
    assert (refused.status, refused.code) == (422, "reject_reason_required")
    reason = "该航班当日集团要客保障名额已满，请改期"
    assert world.inbox.step(request_id, "reject", reason)["state"] == "rejected"
    refused = world.inbox.refused_step(request_id, "arrange", "", version + 1)
    assert (refused.status, refused.code) == (422, "request_step_not_allowed")

    row = local(world.agent("requests", "--sync"), request_id)
    assert row["state"] == "rejected"
    assert (row["steps"][-1]["action"], row["steps"][-1]["note"]) == ("reject", reason)


def test_the_counter_cancels(world: World) -> None:
    """The counter withdraws an accepted request: head office's copy is cancelled, and
    cannot be arranged any more."""
    request_id = submit(world, "meal_preorder")["request_id"]
    world.inbox.step(request_id, "accept", "已受理")
    cancelled = world.agent("cancel", "--request-id", request_id, "--note", "行程取消",
                            "--sync")
    assert "refused" not in cancelled, cancelled
    assert local(cancelled, request_id)["state"] == "cancelled"
    view = world.inbox.view(request_id)
    assert view["state"] == "cancelled"
    assert (view["steps"][-1]["action"], view["steps"][-1]["side"],
            view["steps"][-1]["note"]) == ("cancel", "counter", "行程取消")
    refused = world.inbox.refused_step(request_id, "arrange", "", view["version"])
    assert (refused.status, refused.code) == (422, "request_step_not_allowed")
    assert local(world.agent("requests", "--sync"), request_id)["state"] == "cancelled"


def test_two_people_edit_one_request(world: World) -> None:
    """The counter, offline, changes the address and the car; head office, online, changes
    the car (to something else) and the passenger count. When the counter syncs: its
    address is applied, head office's count is kept, the car keeps head office's value and
    the counter's attention list says the request was edited on both sides."""
    request_id = submit(world, "ground_transfer")["request_id"]
    view = world.inbox.view(request_id)
    before = view["values"]
    assert (before["car"], before["passenger_count"]) == ("business", 2)

    offline = world.agent("edit", "--request-id", request_id,
                          *sets({"address": "深圳市南山区科技园", "car": "minibus"}))
    assert "refused" not in offline, offline
    assert [e["kind"] for e in offline["outbox"] if e["state"] == "pending"] == [
        "service_request.update"]

    edited = world.inbox.edit(
        request_id, view["version"],
        {"car": before["car"], "passenger_count": before["passenger_count"]},
        {"car": "sedan", "passenger_count": 3})
    assert (edited["values"]["car"], edited["values"]["passenger_count"]) == ("sedan", 3)

    synced = world.agent("requests", "--sync")
    assert not pending(synced), synced["outbox"]
    view = world.inbox.view(request_id)
    assert view["values"]["address"] == "深圳市南山区科技园"
    assert (view["values"]["car"], view["values"]["passenger_count"]) == ("sedan", 3)
    row = local(synced, request_id)
    assert row["version"] == view["version"]
    assert row["values"]["address"] == "深圳市南山区科技园"
    assert (row["values"]["car"], row["values"]["passenger_count"]) == ("sedan", 3)
    [told] = [a for a in synced["attention"] if a["code"] == "request_conflict"
              and a["detail"].get("request_id") == request_id]
    assert told["open"]
    assert told["detail"]["fields"] == ["car"]


def test_a_refused_submission_does_not_hold_up_the_next(world: World) -> None:
    """The counter's copy of 黄晓敏 (V1) says V5: the counter lets a lounge request (V4 and
    up) through, head office, which knows her level, refuses it; the ground transfer
    submitted after it is applied. The refusal is on the counter's attention list and the
    lounge request goes back to a draft the clerk can fix."""
    world.agent("set-level", "--official", "黄晓敏", "--level", "V5")
    try:
        lounge = submit(world, "lounge", official="黄晓敏", sync=False)
        transfer = submit(world, "ground_transfer", sync=False)
        synced = world.agent("requests", "--sync")
    finally:
        world.agent("set-level", "--official", "黄晓敏", "--level", "V1")
    [refused] = [e for e in synced["outbox"]
                 if e["kind"] == "service_request.submit" and e["state"] == "rejected"]
    assert not pending(synced), synced["outbox"]
    assert refused["last_code"] == "gp_level_not_entitled"
    [told] = [a for a in synced["attention"] if a["op_id"] == refused["op_id"]]
    assert (told["kind"], told["code"], told["open"]) == (
        "rejected_op", "gp_level_not_entitled", True)
    with pytest.raises(Refused) as caught:
        world.inbox.view(lounge["request_id"])
    assert (caught.value.status, caught.value.code) == (404, "request_unknown")
    assert world.inbox.view(transfer["request_id"])["state"] == "submitted"
    assert local(synced, transfer["request_id"])["state"] == "submitted"
    assert local(synced, lounge["request_id"])["state"] == "draft"


def test_a_general_request_is_answered_through_the_same_inbox(world: World) -> None:
    """A refund request queued to head office as the after-sale page queues it (a generic
    request, not a GP form) is in the inbox as kind ``general``; head office accepts,
    arranges and finishes it with a note, and the counter's list of requests to head office
    shows it done with that answer."""
    ticket = world.tickets[0]
    asked = world.agent("ask", "--action", "refund", "--ticket", ticket,
                        "--note", "旅客因公务改期，申请全额退票", "--sync")
    request_id = asked["request_id"]
    assert not pending(asked), asked["outbox"]
    [mine] = [r for r in asked["asked"] if r["id"] == request_id]
    assert mine["status"] == "received"
    page = world.inbox.page(kind="general", states=("submitted",))
    assert request_id in [item["id"] for item in page["items"]]
    view = world.inbox.view(request_id)
    assert (view["kind"], view["outlet_code"]) == ("general", "SZX001")
    assert view["values"]["action"] == "refund"
    assert view["values"]["ticket_number"] == ticket
    answer = "已办理全额退票，款项三个工作日内退回单位账户"
    world.inbox.step(request_id, "accept", "已受理")
    world.inbox.step(request_id, "arrange", "已提交航司")
    assert world.inbox.step(request_id, "done", answer)["state"] == "done"

    back = world.agent("requests", "--sync")
    [mine] = [r for r in back["asked"] if r["id"] == request_id]
    assert (mine["status"], mine["answer"]) == ("done", answer)
    assert request_id not in [r["id"] for r in back["requests"]]  # not a GP form here
