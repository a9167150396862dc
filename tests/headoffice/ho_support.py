"""Helpers for the head-office tests: the harness around a served head office, an enrolled
counter's client, and builders of ops and sale payloads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import select

from clock_support import NOON_BEIJING, TODAY
from counter_app.headoffice import auth
from counter_app.headoffice.db import Database
from counter_app.headoffice.models import CabinInventory, Flight, NumberRangeRow
from counter_app.kernel.clock import FixedClock
from counter_app.kernel.ids import new_id
from counter_app.sync.protocol import OP_SCHEMA_VERSION, payload_hash

DAYS_AHEAD = 3


class Switch:
    """An ASGI app that forwards to whichever app the current test set."""

    def __init__(self) -> None:
        self.app: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


@dataclass
class Served:
    switch: Switch
    base_url: str


@dataclass
class CounterClient:
    """An enrolled counter talking to the head office."""

    ho: HeadOfficeHarness
    counter_id: str
    outlet_code: str
    access_token: str
    refresh_token: str
    seq: int = 0

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.ho.http.get(path, headers=self.headers, **kwargs)

    def post(self, path: str, body: Any) -> httpx.Response:
        return self.ho.http.post(path, json=body, headers=self.headers)

    def op(self, kind: str, payload: dict[str, Any], clerk: str | None = None,
           op_id: str | None = None) -> dict[str, Any]:
        self.seq += 1
        return {
            "op_id": op_id or new_id(), "kind": kind, "schema_version": OP_SCHEMA_VERSION,
            "payload": payload, "payload_hash": payload_hash(payload),
            "clerk_login": clerk or self.ho.clerk_of[self.outlet_code],
            "counter_time": NOON_BEIJING.isoformat(), "local_seq": self.seq,
        }

    def push(self, *ops: dict[str, Any]) -> httpx.Response:
        return self.post("/api/v1/sync/push", {"ops": list(ops)})

    def push_ok(self, *ops: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.push(*ops)
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        return results

    def lease(self, flight_id: str, cabin: str = "Y", seats: int = 2) -> httpx.Response:
        return self.post("/api/v1/inventory/leases",
                         {"flight_id": flight_id, "cabin": cabin, "seats": seats})

    def ranges(self) -> dict[str, dict[str, Any]]:
        """This counter's first range per prefix ("" for receipts), from the database."""
        with self.ho.db.read() as session:
            rows = session.scalars(
                select(NumberRangeRow).where(NumberRangeRow.counter_id == self.counter_id)
                .order_by(NumberRangeRow.first)
            ).all()
        found: dict[str, dict[str, Any]] = {}
        for r in rows:
            found.setdefault(r.prefix, {"kind": r.kind, "prefix": r.prefix, "first": r.first,
                                        "last": r.last, "range_id": r.id})
        return found

    def pull_all(self, limit: int = 5000) -> list[dict[str, Any]]:
        cursor, out = 0, []
        while True:
            r = self.get("/api/v1/sync/pull", params={"cursor": cursor, "limit": limit})
            assert r.status_code == 200, r.text
            body = r.json()
            out.extend(body["changes"])
            cursor = body["next_cursor"]
            if not body["has_more"]:
                return out


@dataclass
class HeadOfficeHarness:
    db: Database
    clock: FixedClock
    http: httpx.Client
    clerk_of: dict[str, str] = field(default_factory=lambda: {
        "HET001": "wangli", "BAV001": "liqiang", "CIF001": "wangji", "HET002": "liuyan",
        "SZX001": "linxiaoyu", "DSN001": "suhe", "HLD001": "bayaer",
    })
    _numbers: dict[tuple[str, str], int] = field(default_factory=dict)

    def enrollment_code(self, outlet: str = "HET001") -> str:
        with self.db.write() as session:
            return auth.create_enrollment_code(session, outlet, self.clock.now())

    def enroll(self, outlet: str = "HET001", name: str = "counter") -> CounterClient:
        code = self.enrollment_code(outlet)
        r = self.http.post("/api/v1/enroll", json={"code": code, "counter_name": name})
        assert r.status_code == 200, r.text
        body = r.json()
        return CounterClient(self, body["counter_id"], body["outlet_code"],
                             body["tokens"]["access_token"], body["tokens"]["refresh_token"])

    def flight(self, cabin: str = "Y", min_free: int = 10, skip: int = 0,
               day: date | None = None) -> str:
        """A flight departing after the clock's day with free seats in ``cabin``."""
        with self.db.read() as session:
            rows = session.execute(
                select(Flight.id).join(CabinInventory, CabinInventory.flight_id == Flight.id)
                .where(Flight.dep_date == (day or TODAY + timedelta(days=2)),
                       CabinInventory.cabin == cabin,
                       CabinInventory.capacity - CabinInventory.sold - CabinInventory.granted
                       >= min_free)
                .order_by(Flight.flight_no).offset(skip).limit(1)
            ).scalars().all()
        assert rows, "no flight with free seats in the template"
        return str(rows[0])

    def cabin(self, flight_id: str, cabin: str = "Y") -> CabinInventory:
        with self.db.read() as session:
            row = session.get(CabinInventory, (flight_id, cabin))
            assert row is not None
            return row

    def set_free(self, flight_id: str, cabin: str, free: int) -> None:
        """Make exactly ``free`` seats grantable (by setting ``sold``)."""
        with self.db.write() as session:
            row = session.get(CabinInventory, (flight_id, cabin))
            assert row is not None
            row.sold = row.capacity - row.granted - free

    def next_ticket(self, counter: CounterClient, prefix: str = "999") -> str:
        rng = counter.ranges()[prefix]
        key = (counter.counter_id, prefix)
        n = self._numbers.get(key, rng["first"])
        self._numbers[key] = n + 1
        return f"{prefix}-{n:010d}"

    def next_receipt(self, counter: CounterClient) -> str:
        rng = counter.ranges()[""]
        key = (counter.counter_id, "")
        n = self._numbers.get(key, rng["first"])
        self._numbers[key] = n + 1
        return f"{n:010d}"


def ticket(number: str, ptype: str = "ADT", receipt: str | None = None) -> dict[str, Any]:
    fare = {"ADT": "1480.00", "CHD": "740.00", "INF": "150.00"}[ptype]
    cn = "50.00" if ptype == "ADT" else "0.00"
    return {
        "ticket_number": number, "passenger_name": "张三", "passenger_type": ptype,
        "id_type": "NI", "id_number": "150102198603140270", "fare": fare, "cn_fund": cn,
        "fuel": "0.00", "insurance": "0.00",
        "total": str(Decimal(fare) + Decimal(cn)),
        "receipt_serial": receipt,
    }


def sale(flight_id: str, tickets: list[dict[str, Any]], lease_id: str | None = None,
         cabin: str = "Y", sale_id: str | None = None) -> dict[str, Any]:
    return {
        "sale_id": sale_id or new_id(), "pnr": "HX4K2P", "flight_id": flight_id,
        "cabin": cabin, "class_code": "Y", "lease_id": lease_id, "customer_id": None,
        "tickets": tickets,
        "payments": [{"method": "cash", "amount": "1530.00"}],
        "issued_at": NOON_BEIJING.isoformat(),
    }


