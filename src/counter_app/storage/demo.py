"""Loads the demo people (outlets, clerks, customers of every kind, GP units and their
officials, distributors) from ``resources/data/demo.json`` into an empty local store, and —
for the standalone demo, which has no head office — grants the counter what head office
would (演示配额与号段): allotment leases and ticket and receipt ranges.

Passwords in the file are the printed demo passwords; only their argon2 hashes are stored.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from counter_app.domain.money import money, to_fen
from counter_app.kernel.clock import SHANGHAI
from counter_app.kernel.passwords import hash_password
from counter_app.kernel.pinyin import pinyin_of
from counter_app.kernel.refdata import AGREEMENT_ATTRIBUTES, birth_date_of, read_json
from counter_app.storage.models import (
    Airline,
    Airport,
    Booking,
    BookingSegment,
    CabinInventory,
    Clerk,
    Customer,
    Flight,
    Lease,
    LocalSetting,
    NumberRange,
    Outlet,
    Traveller,
)


def _traveller(t: dict[str, Any], **extra: Any) -> Traveller:
    return Traveller(
        name=t["name_zh"] if "name_zh" in t else t["name"],
        id_type=t["id_type"],
        id_number=t["id_number"],
        birth_date=birth_date_of(t["id_type"], t["id_number"]),
        mobile=t.get("mobile", ""),
        ffp_number=t.get("ffp", "") or "",
        **extra,
    )


def _customer(code: str, kind: str, name: str, **fields: Any) -> Customer:
    full, initials = pinyin_of(name)
    return Customer(code=code, kind=kind, name_zh=name, name_pinyin=full, name_initials=initials,
                    **fields)


def load_demo_people(session: Session) -> bool:
    """Load demo.json once; returns False when it was already loaded."""
    if session.get(LocalSetting, "demo:people") is not None:
        return False
    data, digest = read_json("demo")
    for o in data["outlets"]:
        session.add(Outlet(code=o["code"], name_zh=o["name_zh"], kind=o["kind"],
                           region_zh=o.get("region_zh", ""), office_code=o.get("office_code", ""),
                           agent_code=o.get("agent_code", "")))
    session.flush()
    for c in data["clerks"]:
        session.add(Clerk(login=c["login"], name_zh=c["name_zh"], role=c["role"],
                          outlet_code=c["outlet"], password_hash=hash_password(c["password"])))
    for c in data["customers"]:
        customer = _customer(
            c["code"], c["kind"], c["name_zh"],
            uscc=c.get("uscc"),
            outlet_code=c.get("outlet"),
            settlement=c.get("settlement", "now"),
            credit_limit_fen=to_fen(money(c.get("credit_limit") or "0")),
            attributes={k: c[k] for k in AGREEMENT_ATTRIBUTES if k in c},
        )
        customer.travellers = [_traveller(t) for t in c.get("travellers", [])]
        session.add(customer)
    for u in data["gp_units"]:
        unit = _customer(u["code"], "gp_unit", u["name_zh"], settlement="now",
                         attributes={"unit_kind": u.get("kind", "")})
        unit.travellers = [
            _traveller(o, gp_level=o["level"], title_zh=o.get("title_zh", ""))
            for o in u["officials"]
        ]
        session.add(unit)
    for d in data["distributors"]:
        session.add(_customer(d["code"], "distributor", d["name_zh"], outlet_code=d.get("outlet"),
                              attributes={"distributor_kind": d.get("kind", ""),
                                          "monthly_tickets": d.get("monthly_tickets", 0)}))
    session.add(LocalSetting(key="demo:people", value=digest))
    session.flush()
    return True


def demo_logins(session: Session) -> list[tuple[str, str, str]]:
    """(login, role, outlet) of every clerk, for the demo banner."""
    rows = session.execute(select(Clerk.login, Clerk.role, Clerk.outlet_code).order_by(Clerk.login))
    return [(str(a), str(b), str(c)) for a, b, c in rows]


# --- the standalone demo's own grants (演示配额与号段) --------------------------------------

# Seats per cabin of one demo lease: enough for a family in business and a group in economy;
# never more than the cabin has free.
DEMO_LEASE_SEATS = {"F": 2, "C": 4, "Y": 20}
# The same first numbers head office starts its blocks at (headoffice/inventory.py).
DEMO_TICKET_START = 2_090_000_000
DEMO_RECEIPT_START = 1
DEMO_RANGE_SIZE = 1000
GRANTS_KEY = "demo:grants"
# The demo's lease ids are uuid5s of the flight and cabin in this namespace: the same at every
# start (granting stays idempotent) and 36 characters, like the ids head office grants, so
# the ops that name them validate (counter_app.sync.protocol.ops).
DEMO_LEASE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "counter-app:demo-lease")
# How earlier versions named them (43 characters): renamed by :func:`grant_demo_stock`.
_OLD_LEASE_PREFIX = "demo-"


def demo_lease_id(flight_id: str, cabin: str) -> str:
    """The id of the standalone demo's lease on one flight's cabin."""
    return str(uuid.uuid5(DEMO_LEASE_NAMESPACE, f"{flight_id}/{cabin}"))


def _rename_old_demo_leases(session: Session) -> int:
    """Give the leases an earlier version granted (``demo-{flight_id}-{cabin}``) their
    :func:`demo_lease_id`, in the bookings and segments sold from them too. Returns how many."""
    old = session.execute(
        select(Lease.lease_id, Lease.flight_id, Lease.cabin)
        .where(Lease.lease_id.like(f"{_OLD_LEASE_PREFIX}%"))
    ).all()
    for old_id, flight_id, cabin in old:
        new = demo_lease_id(flight_id, cabin)
        for model in (Lease, Booking, BookingSegment):
            session.execute(update(model).where(model.lease_id == old_id).values(lease_id=new))
    return len(old)


def demo_airports(session: Session) -> set[str]:
    """The airports of the demo outlets' cities. An outlet's office code (``HET123``) begins
    with its city's code, as CRS office codes do."""
    cities = {code[:3] for code in session.scalars(select(Outlet.office_code)) if code}
    return set(session.scalars(select(Airport.iata).where(Airport.iata.in_(cities))))


def _departure_utc(day: date, at: Any) -> datetime:
    local = datetime.combine(day, at, tzinfo=SHANGHAI)
    return local.astimezone(UTC).replace(tzinfo=None)


def grant_demo_allotments(session: Session, now: datetime) -> int:
    """Leases on every flight from or to a demo outlet's city that has not left yet, one per
    cabin with free seats, valid until departure — the flights a newly made demo schedule
    day brings get theirs at the next start. Returns the leases made."""
    airports = demo_airports(session)
    if not airports:
        return 0
    now_utc = now.astimezone(UTC).replace(tzinfo=None)
    today = now.astimezone(SHANGHAI).date()
    leased = set(session.scalars(select(Lease.lease_id)))  # a demo lease's id is known
    rows = session.execute(
        select(Flight.id, Flight.dep_date, Flight.dep_time, CabinInventory.cabin,
               CabinInventory.capacity, CabinInventory.sold)
        .join(CabinInventory, CabinInventory.flight_id == Flight.id)
        .where(
            Flight.dep_date >= today,
            Flight.status == "scheduled",
            Flight.origin.in_(airports) | Flight.destination.in_(airports),
        )
    )
    leases: list[dict[str, Any]] = []
    for flight_id, dep_date, dep_time, cabin, capacity, sold in rows:
        lease_id = demo_lease_id(flight_id, cabin)
        seats = min(DEMO_LEASE_SEATS.get(cabin, 0), capacity - sold)
        departs = _departure_utc(dep_date, dep_time)
        if lease_id in leased or seats <= 0 or departs <= now_utc:
            continue
        leases.append({"lease_id": lease_id, "flight_id": flight_id, "cabin": cabin,
                       "granted": seats, "used_local": 0, "expires_at": departs,
                       "status": "active"})
    if leases:
        session.execute(insert(Lease), leases)
    return len(leases)


def grant_demo_ranges(session: Session) -> int:
    """A ticket range per airline prefix and a receipt range, each with numbers left: a new
    block of 1000 after the last one when the previous block is used up. Returns blocks made."""
    wanted = [("receipt", "")] + [
        ("ticket", prefix) for prefix in sorted(set(session.scalars(select(Airline.prefix))))
    ]
    made = 0
    for kind, prefix in wanted:
        left = session.scalar(
            select(func.count()).select_from(NumberRange).where(
                NumberRange.kind == kind, NumberRange.prefix == prefix,
                NumberRange.next_number <= NumberRange.last,
            )
        )
        if left:
            continue
        last = session.scalar(
            select(func.max(NumberRange.last)).where(
                NumberRange.kind == kind, NumberRange.prefix == prefix
            )
        )
        start = DEMO_RECEIPT_START if kind == "receipt" else DEMO_TICKET_START
        first = start if last is None else int(last) + 1
        session.add(NumberRange(range_id=f"demo-{kind}-{prefix or 'r'}-{first}", kind=kind,
                                prefix=prefix, first=first, last=first + DEMO_RANGE_SIZE - 1,
                                next_number=first))
        made += 1
    session.flush()
    return made


def grant_demo_stock(session: Session, now: datetime) -> dict[str, int]:
    """What head office would grant the standalone demo counter, topped up once a day:
    leases on its outlets' flights and ranges with numbers left."""
    day = now.astimezone(SHANGHAI).date().isoformat()
    setting = session.get(LocalSetting, GRANTS_KEY)
    _rename_old_demo_leases(session)
    ranges = grant_demo_ranges(session)
    if setting is not None and setting.value == day:
        return {"demo_leases": 0, "demo_ranges": ranges}
    leases = grant_demo_allotments(session, now)
    if setting is None:
        session.add(LocalSetting(key=GRANTS_KEY, value=day))
    else:
        setting.value = day
    session.flush()
    return {"demo_leases": leases, "demo_ranges": ranges}

