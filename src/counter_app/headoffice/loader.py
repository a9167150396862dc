"""Loads the bundled reference and demo data (``resources/data``) into the head office's
own tables, logging every row as a change so counters pull it.

- REFERENCE: airports, airlines, seat layouts, rule documents (fare classes, taxes, fee
  ladders, commissions; version = SHA-256 of the file).
- PEOPLE: outlets (seen by every counter), clerks with argon2 hashes of the demo passwords,
  customers with their travellers, GP units (customers of kind ``gp_unit``, officials as
  travellers with level and title), distributors (customers of kind ``distributor``);
  clerks, customers and travellers carry their outlet, so only that outlet's counters see
  them. GP units have no outlet; they and their officials are logged for GP counters only
  (``changes.GP_AUDIENCE``): a post office counter never receives an official's ID number.
- FLIGHTS: the weekly demo schedule materialised into dated flights for
  ``[today - 3, today + days)`` with cabin inventory (capacity from the pattern, ``sold``
  from the same deterministic demo load as the counter's own demo loader, ``granted`` 0).

Idempotent: reference rows are rewritten (and logged) only when they differ; people and
flights that exist are left alone (head office may have edited them since). A second load
changes nothing and logs nothing. Inserts are bulk ``executemany``.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from counter_app.domain.money import money, to_fen
from counter_app.headoffice import records
from counter_app.headoffice.changes import audience_of, log_change
from counter_app.headoffice.db import bulk_insert
from counter_app.headoffice.models import (
    Airline,
    Airport,
    CabinInventory,
    Clerk,
    Customer,
    Flight,
    Layout,
    Outlet,
    RuleDocument,
    Traveller,
)
from counter_app.kernel.ids import new_id
from counter_app.kernel.passwords import hash_password
from counter_app.kernel.pinyin import pinyin_of
from counter_app.kernel.refdata import (
    AGREEMENT_ATTRIBUTES,
    RULE_DOCUMENTS,
    airline_row,
    airport_row,
    birth_date_of,
    demo_load,
    layout_row,
    pattern_flight,
    read_json,
)
from counter_app.sync.protocol import Scope

DAYS_BACK = 3
DEFAULT_DAYS_AHEAD = 62


def _sync_table(
    session: Session,
    model: Any,
    key: str,
    entity: str,
    records_in: list[dict[str, Any]],
    columns: Any,
) -> int:
    """Insert new rows, update changed ones, log both; returns how many changed."""
    table = model.__table__
    existing = {
        row._mapping[key]: dict(row._mapping) for row in session.execute(select(table))
    }
    new_rows: list[dict[str, Any]] = []
    changed = 0
    for record in records_in:
        values = columns(record)
        ident = values[key]
        before = existing.get(ident)
        if before == values:
            continue
        if before is None:
            new_rows.append(values)
        else:
            session.execute(update(table).where(table.c[key] == ident).values(values))
        log_change(session, Scope.REFERENCE, entity, str(ident), record)
        changed += 1
    if new_rows:
        bulk_insert(session, table, new_rows)
    return changed


def load_reference(session: Session) -> dict[str, int]:
    """Airports, airlines, layouts and rule documents; returns changed rows per file."""
    counts: dict[str, int] = {}
    airports, _ = read_json("airports")
    counts["airports"] = _sync_table(
        session, Airport, "iata", records.AIRPORT, airports["airports"], airport_row
    )
    airlines, _ = read_json("airlines")
    counts["airlines"] = _sync_table(
        session, Airline, "code", records.AIRLINE, airlines["airlines"], airline_row
    )
    layouts, _ = read_json("aircraft")
    counts["layouts"] = _sync_table(
        session, Layout, "id", records.LAYOUT, layouts["layouts"], layout_row
    )
    changed = 0
    for name in RULE_DOCUMENTS:
        data, digest = read_json(name)
        row = session.get(RuleDocument, name)
        if row is not None and row.version == digest:
            continue
        if row is None:
            session.add(RuleDocument(name=name, version=digest, payload=data))
        else:
            row.version = digest
            row.payload = data
        log_change(session, Scope.REFERENCE, records.RULES, name,
                   {"name": name, "version": digest, "payload": data})
        changed += 1
    counts["rules"] = changed
    session.flush()
    return counts


# --- demo people ---------------------------------------------------------------------------


def _traveller_row(
    t: dict[str, Any], customer_id: str, gp_level: str | None = None, title_zh: str = ""
) -> dict[str, Any]:
    return {
        "id": new_id(),
        "customer_id": customer_id,
        "name": t["name_zh"] if "name_zh" in t else t["name"],
        "id_type": t["id_type"],
        "id_number": t["id_number"],
        "birth_date": birth_date_of(t["id_type"], t["id_number"]),
        "mobile": t.get("mobile", "") or "",
        "ffp_number": t.get("ffp", "") or "",
        "gp_level": gp_level,
        "title_zh": title_zh,
    }


def _customer_row(code: str, kind: str, name: str, **fields: Any) -> dict[str, Any]:
    full, initials = pinyin_of(name)
    row: dict[str, Any] = {
        "id": new_id(),
        "code": code,
        "kind": kind,
        "name_zh": name,
        "name_pinyin": full,
        "name_initials": initials,
        "uscc": None,
        "outlet_code": None,
        "settlement": "now",
        "credit_limit_fen": 0,
        "attributes": {},
        "contact_name": "",
        "contact_phone": "",
        "notes": "",
        "version": 1,
        "field_versions": {},
    }
    row.update(fields)
    return row


def new_clerk_passwords(session: Session) -> dict[str, str]:
    """login -> demo password of the demo clerks head office does not have yet."""
    data, _ = read_json("demo")
    known = set(session.scalars(select(Clerk.login)))
    return {c["login"]: c["password"] for c in data["clerks"] if c["login"] not in known}


def hash_passwords(passwords: dict[str, str], pool: ThreadPoolExecutor) -> dict[str, Future[str]]:
    """argon2 is slow on purpose and releases the GIL: hash on the pool while the caller
    goes on."""
    return {login: pool.submit(hash_password, pw) for login, pw in passwords.items()}


def load_demo_people(
    session: Session, hashes: dict[str, Future[str]] | None = None
) -> dict[str, int]:
    """Outlets, clerks, customers, GP units and distributors from demo.json (new ones only,
    outlets and clerks also updated when the file changed them). ``hashes``: the new
    clerks' password hashes, already under way (:func:`hash_passwords`)."""
    data, _ = read_json("demo")
    counts = {"outlets": 0, "clerks": 0, "customers": 0, "travellers": 0}

    outlets = {o.code: records.outlet_data(o) for o in session.scalars(select(Outlet))}
    for o in data["outlets"]:
        values = {
            "code": o["code"], "name_zh": o["name_zh"], "kind": o["kind"],
            "region_zh": o.get("region_zh", ""), "office_code": o.get("office_code", ""),
            "agent_code": o.get("agent_code", ""),
        }
        if outlets.get(o["code"]) == values:
            continue
        if o["code"] in outlets:
            session.execute(update(Outlet).where(Outlet.code == o["code"]).values(values))
        else:
            bulk_insert(session, Outlet, [values])
        log_change(session, Scope.PEOPLE, records.OUTLET, o["code"], values)
        counts["outlets"] += 1

    clerks = {c.login: c for c in session.scalars(select(Clerk))}
    if hashes is None:
        with ThreadPoolExecutor(max_workers=4) as pool:
            hashes = hash_passwords(new_clerk_passwords(session), pool)
    for c in data["clerks"]:
        clerk = clerks.get(c["login"])
        wanted = {"name_zh": c["name_zh"], "role": c["role"], "outlet_code": c["outlet"]}
        if clerk is None:
            clerk = Clerk(login=c["login"], password_hash=hashes[c["login"]].result(),
                          active=True, **wanted)
            session.add(clerk)
        elif all(getattr(clerk, k) == v for k, v in wanted.items()):
            continue
        else:
            for k, v in wanted.items():
                setattr(clerk, k, v)
        log_change(session, Scope.PEOPLE, records.CLERK, clerk.login,
                   records.clerk_data(clerk), outlet_code=clerk.outlet_code)
        counts["clerks"] += 1
    session.flush()

    known = set(session.scalars(select(Customer.code)))
    customers: list[dict[str, Any]] = []
    travellers: list[dict[str, Any]] = []

    def add(row: dict[str, Any], people: list[dict[str, Any]]) -> None:
        if row["code"] in known:
            return
        known.add(row["code"])
        customers.append(row)
        travellers.extend(people)

    for c in data["customers"]:
        row = _customer_row(
            c["code"], c["kind"], c["name_zh"],
            uscc=c.get("uscc"), outlet_code=c.get("outlet"),
            settlement=c.get("settlement", "now"),
            credit_limit_fen=to_fen(money(c.get("credit_limit") or "0")),
            attributes={k: c[k] for k in AGREEMENT_ATTRIBUTES if k in c},
        )
        add(row, [_traveller_row(t, row["id"]) for t in c.get("travellers", [])])
    for u in data["gp_units"]:
        row = _customer_row(u["code"], "gp_unit", u["name_zh"],
                            attributes={"unit_kind": u.get("kind", "")})
        add(row, [_traveller_row(o, row["id"], gp_level=o["level"],
                                 title_zh=o.get("title_zh", "")) for o in u["officials"]])
    for d in data["distributors"]:
        row = _customer_row(
            d["code"], "distributor", d["name_zh"], outlet_code=d.get("outlet"),
            attributes={"distributor_kind": d.get("kind", ""),
                        "monthly_tickets": d.get("monthly_tickets", 0)},
        )
        add(row, [])

    if customers:
        bulk_insert(session, Customer, customers)
    if travellers:
        bulk_insert(session, Traveller, travellers)
    audience = {c["id"]: audience_of(c["outlet_code"], c["kind"]) for c in customers}
    for row in customers:
        log_change(session, Scope.PEOPLE, records.CUSTOMER, row["id"],
                   records.customer_data(_Row(row)), outlet_code=audience[row["id"]])
    for row in travellers:
        log_change(session, Scope.PEOPLE, records.TRAVELLER, row["id"],
                   records.traveller_data(_Row(row)), outlet_code=audience[row["customer_id"]])
    counts["customers"] = len(customers)
    counts["travellers"] = len(travellers)
    return counts


class _Row:
    """Attribute access to a dict, so the record builders take rows and dicts alike."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(name)


# --- the demo schedule ---------------------------------------------------------------------


def materialise_schedule(
    session: Session, today: date, days_ahead: int = DEFAULT_DAYS_AHEAD,
    days_back: int = DAYS_BACK,
) -> int:
    """Dated flights for ``[today - days_back, today + days_ahead)`` from the weekly
    patterns; flights that exist are kept (they may carry sales). Returns flights made."""
    data, _ = read_json("schedule")
    first_day = today - timedelta(days=days_back)
    last_day = today + timedelta(days=days_ahead)
    existing = set(
        session.execute(
            select(Flight.flight_no, Flight.dep_date).where(
                Flight.dep_date >= first_day, Flight.dep_date < last_day
            )
        )
    )
    flights: list[dict[str, Any]] = []
    cabins: list[dict[str, Any]] = []
    patterns = data["flights"]
    day = first_day
    while day < last_day:
        weekday = str(day.isoweekday())
        for p in patterns:
            if weekday not in p["days"] or (p["flight_no"], day) in existing:
                continue
            flight = pattern_flight(p, day, new_id())
            flights.append(flight)
            log_change(session, Scope.FLIGHTS, records.FLIGHT, flight["id"],
                       records.flight_data(_Row(flight)))
            for cabin, capacity in sorted(p["capacity"].items()):
                if not capacity:
                    continue
                load, closed = demo_load(p["flight_no"], day, cabin, today)
                sold = int(capacity * load)
                cabins.append({"flight_id": flight["id"], "cabin": cabin,
                               "capacity": int(capacity), "sold": sold, "granted": 0,
                               "closed_classes": closed})
                log_change(
                    session, Scope.FLIGHTS, records.AVAILABILITY,
                    records.availability_key(flight["id"], cabin),
                    records.availability_data(flight["id"], cabin, int(capacity), sold, 0, closed),
                )
        day += timedelta(days=1)
    bulk_insert(session, Flight, flights)
    bulk_insert(session, CabinInventory, cabins)
    return len(flights)


def load_all(
    session: Session, today: date, demo: bool = True, days_ahead: int = DEFAULT_DAYS_AHEAD
) -> dict[str, int]:
    """Reference data, and with ``demo`` the demo schedule and people. The clerks'
    passwords are hashed on other threads while the schedule is built (a third of the
    demo's load time otherwise), so the flights come before the people in the log."""
    if not demo:
        return load_reference(session)
    with ThreadPoolExecutor(max_workers=4) as pool:
        hashes = hash_passwords(new_clerk_passwords(session), pool)
        counts = load_reference(session)
        counts["flights"] = materialise_schedule(session, today, days_ahead)
        counts.update(load_demo_people(session, hashes))
    return counts
