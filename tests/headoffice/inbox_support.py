"""Helpers for the tests of head office's staff login and inbox: head-office people (the demo
data has none), a staff client that sends both the counter's token and the staff token, and
service requests written straight into head office's tables (as a submitted op leaves
them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import httpx
from ho_support import CounterClient, HeadOfficeHarness

from clock_support import NOON_BEIJING, TODAY
from counter_app.headoffice.models import Clerk
from counter_app.headoffice.request_models import ServiceRequestRow, ServiceRequestStepRow
from counter_app.kernel.clock import SHANGHAI, utc_naive
from counter_app.kernel.ids import new_id
from counter_app.kernel.passwords import hash_password
from counter_app.sync.protocol.inbox import STAFF_TOKEN_HEADER

HO_OUTLET = "HET000"  # the head office's own outlet (demo data)
PASSWORD = "zongbu-2026"
_HASHES: dict[str, str] = {}


def add_person(ho: HeadOfficeHarness, login: str, *, name: str = "总部甲",
               role: str = "head_office", outlet: str = HO_OUTLET, active: bool = True,
               password: str = PASSWORD) -> None:
    """A clerk at head office (argon2 hash, as the loader writes them)."""
    if password not in _HASHES:
        _HASHES[password] = hash_password(password)
    with ho.db.write() as session:
        session.add(Clerk(login=login, name_zh=name, role=role, outlet_code=outlet,
                          password_hash=_HASHES[password], active=active))


@dataclass
class StaffClient:
    """A head-office person logged in at a counter of the head office's outlet."""

    counter: CounterClient
    token: str
    login: str

    @property
    def headers(self) -> dict[str, str]:
        return {**self.counter.headers, STAFF_TOKEN_HEADER: self.token}

    def get(self, path: str, **params: Any) -> httpx.Response:
        return self.counter.ho.http.get(path, headers=self.headers, params=params)

    def post(self, path: str, body: Any) -> httpx.Response:
        return self.counter.ho.http.post(path, json=body, headers=self.headers)

    def page(self, **params: Any) -> dict[str, Any]:
        r = self.get("/api/v1/inbox", **params)
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body


def staff_login(counter: CounterClient, login: str,
                password: str = PASSWORD) -> httpx.Response:
    return counter.post("/api/v1/staff/login", {"login": login, "password": password})


def logged_in(ho: HeadOfficeHarness, login: str = "zongbu1", name: str = "总部甲",
              counter: CounterClient | None = None) -> StaffClient:
    """A head-office person (created) logged in at a counter of HET000 (enrolled)."""
    add_person(ho, login, name=name)
    counter = counter or ho.enroll(HO_OUTLET, "head office desk")
    r = staff_login(counter, login)
    assert r.status_code == 200, r.text
    return StaffClient(counter, r.json()["token"], login)


def lounge_values(**changes: Any) -> dict[str, Any]:
    day = TODAY + timedelta(days=2)
    values: dict[str, Any] = {
        "official_name": "张建国", "official_level": "V4", "unit_name": "市发改委",
        "flight_no": "CA1111", "flight_date": day.isoformat(), "departure_time": "10:30",
        "origin": "HET", "destination": "PEK", "arrival_at": "09:00",
        "contact_name": "李秘书", "contact_phone": "13800000000"}
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def add_request(ho: HeadOfficeHarness, *, kind: str = "lounge", state: str = "submitted",
                outlet: str = "HET001", official: str = "张建国", unit: str = "市发改委",
                level: str | None = "V4", flight_no: str = "CA1111",
                flight_date: date | None = None, origin: str = "HET",
                destination: str = "PEK", due: datetime | None = None, no_due: bool = False,
                assignee: str = "", values: dict[str, Any] | None = None,
                at: datetime = NOON_BEIJING) -> str:
    """A request as head office holds it after the counter's submit (one submit step)."""
    day = flight_date if flight_date is not None else TODAY + timedelta(days=2)
    departure = datetime.combine(day, time(10, 30), tzinfo=SHANGHAI)
    request_id = new_id()
    stamp = utc_naive(at)
    with ho.db.write() as session:
        session.add(ServiceRequestRow(
            id=request_id, kind=kind, state=state, version=1, outlet_code=outlet,
            unit_name=unit, official_name=official, gp_level=level, flight_no=flight_no,
            flight_date=day, origin=origin, destination=destination,
            departure_at=utc_naive(departure),
            due_at=None if no_due else utc_naive(
                due if due is not None else departure - timedelta(hours=6)),
            assignee=assignee,
            values=values if values is not None else lounge_values(
                official_name=official, unit_name=unit, flight_no=flight_no,
                flight_date=day.isoformat(), origin=origin, destination=destination),
            field_versions={}, created_by="wangli", submitted_at=stamp, updated_at=stamp))
        session.flush()
        session.add(ServiceRequestStepRow(
            request_id=request_id, action="submit", state="submitted", by_login="wangli",
            by_name="王丽", side="counter", at=stamp, note=""))
    return request_id
