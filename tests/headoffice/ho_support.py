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
from counter_app.domain.ids import resident_id_check_char
from counter_app.domain.money import amount_text, from_fen, round_fare
from counter_app.domain.taxes import cn_fund, fuel_surcharge, parse_tax_tables
from counter_app.domain.types import PassengerType
from counter_app.headoffice import auth
from counter_app.headoffice.db import Database
from counter_app.headoffice.models import CabinInventory, Flight, NumberRangeRow, RuleDocument
from counter_app.kernel.clock import FixedClock
from counter_app.kernel.ids import new_id
from counter_app.sync.protocol import OP_SCHEMA_VERSION, Scope, checksum, payload_hash

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

    def __post_init__(self) -> None:
        _harness[:] = [self]  # sale() prices tickets on this head office's flights

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


def resident_id(birth: date, region: str = "150102", seq: str = "027") -> str:
    """A valid resident ID (居民身份证) number of someone born on ``birth``."""
    first17 = f"{region}{birth:%Y%m%d}{seq}"
    return first17 + resident_id_check_char(first17)


# Resident IDs whose age makes each passenger type on the flights of the tests (TODAY + 2).
ID_OF = {
    "ADT": "150102198603140270",
    "CHD": resident_id(date(TODAY.year - 6, 1, 15)),
    "INF": resident_id(TODAY - timedelta(days=200)),
}


def ticket(number: str, ptype: str = "ADT", receipt: str | None = None) -> dict[str, Any]:
    """An adult, child or infant ticket in class Y; :func:`sale` prices it for its flight
    (the fare and taxes here are those of a 1,480 yuan route without fuel surcharge)."""
    fare = {"ADT": "1480.00", "CHD": "740.00", "INF": "150.00"}[ptype]
    cn = "50.00" if ptype == "ADT" else "0.00"
    return {
        "ticket_number": number, "passenger_name": "张三", "passenger_type": ptype,
        "id_type": "NI", "id_number": ID_OF[ptype], "fare": fare, "cn_fund": cn,
        "fuel": "0.00", "insurance": "0.00",
        "total": str(Decimal(fare) + Decimal(cn)),
        "receipt_serial": receipt,
    }


_harness: list[HeadOfficeHarness] = []  # the current test's head office, for pricing


def price_ticket(t: dict[str, Any], flight_id: str, cabin: str = "Y") -> dict[str, Any]:
    """The ticket priced as a counter prices class ``cabin`` (its full fare) on the flight
    on TODAY: the passenger type's share of the full fare, CN fund and fuel surcharge by the
    head office's rule documents; no insurance, no service fee."""
    if not _harness or t.get("coupons"):
        return t  # nothing to price with, or priced per segment (priced_coupons)
    with _harness[-1].db.read() as session:
        flight = session.get(Flight, flight_id)
        docs = {d.name: d.payload for d in session.scalars(select(RuleDocument))}
    if flight is None or "taxes" not in docs:
        return t
    full = {"Y": flight.y_fare_fen, "C": flight.c_fare_fen, "F": flight.f_fare_fen}[cabin]
    if full is None:
        return t
    ptype = PassengerType(t["passenger_type"])
    share = {PassengerType.ADULT: 100, PassengerType.CHILD: 50, PassengerType.INFANT: 10}[ptype]
    fare = round_fare(from_fen(full) * share / 100)
    taxes = parse_tax_tables(docs["taxes"])
    cn = cn_fund(taxes, TODAY, ptype, flight.feeder)
    fuel = fuel_surcharge(taxes, TODAY, flight.distance_km, ptype)
    return {**t, "fare": amount_text(fare), "cn_fund": amount_text(cn),
            "fuel": amount_text(fuel), "total": amount_text(fare + cn + fuel)}


def priced_coupons(t: dict[str, Any], flight_ids: list[str]) -> dict[str, Any]:
    """The ticket over several flights in class Y: one coupon per flight priced by
    :func:`price_ticket`, the ticket's amounts their sums."""
    names = ("fare", "cn_fund", "fuel", "total")
    coupons = []
    sums = dict.fromkeys(names, Decimal(0))
    for seq, flight_id in enumerate(flight_ids, start=1):
        one = price_ticket({**t, "coupons": []}, flight_id)
        coupons.append({"seq": seq, "fare": one["fare"], "cn_fund": one["cn_fund"],
                        "fuel": one["fuel"]})
        for name in names:
            sums[name] += Decimal(one[name])
    return {**t, **{name: amount_text(v) for name, v in sums.items()}, "coupons": coupons}


def refund_amount(payload: dict[str, Any], number: str, seqs: list[int]) -> str:
    """What an involuntary refund (no fee) of the coupons ``seqs`` of a ticket of the sale
    gives back: their fare, CN fund, fuel and insurance (a coupon it lacks counts 0)."""
    t = next(x for x in payload["tickets"] if x["ticket_number"] == number)
    lines = {c["seq"]: c for c in t.get("coupons") or []} or {1: t}
    names = ("fare", "cn_fund", "fuel", "insurance")
    return amount_text(sum((Decimal(lines[q].get(name, "0.00")) for q in seqs if q in lines
                            for name in names), Decimal(0)))


def sale(flight_id: str, tickets: list[dict[str, Any]], lease_id: str | None = None,
         cabin: str = "Y", sale_id: str | None = None) -> dict[str, Any]:
    """A one-segment sale in class ``cabin``'s full fare, priced for the flight (each
    ticket by :func:`price_ticket`) and paid in cash."""
    priced = [price_ticket(t, flight_id, cabin) for t in tickets]
    total = sum((Decimal(t["total"]) for t in priced), Decimal(0))
    return {
        "sale_id": sale_id or new_id(), "pnr": "HX4K2P", "flight_id": flight_id,
        "cabin": cabin, "class_code": cabin, "lease_id": lease_id, "customer_id": None,
        "tickets": priced,
        "payments": [{"method": "cash", "amount": amount_text(total)}],
        "issued_at": NOON_BEIJING.isoformat(),
    }


def recompute_checksums(pulled: list[dict[str, Any]]) -> dict[Scope, Any]:
    """The per-scope checksums a counter holding exactly what it pulled computes."""
    latest: dict[tuple[str, str, str], tuple[int, str]] = {}
    for c in pulled:
        latest[(c["scope"], c["entity"], c["key"])] = (c["seq"], c["op"])
    lines: dict[Scope, list[str]] = {scope: [] for scope in Scope}
    for (scope, entity, key), (seq, op) in latest.items():
        if op != "delete":
            lines[Scope(scope)].append(f"{entity}|{key}|{seq}")
    return {scope: checksum(found) for scope, found in lines.items()}
