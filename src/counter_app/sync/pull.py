"""Applying head office's change log to the local cache (下行同步).

:func:`apply_page` applies one page of changes and advances ``sync:cursor`` in the caller's
unit of work: either the whole page and the new cursor are stored, or neither. Rows are
written per entity with one bulk ``INSERT ... ON CONFLICT DO UPDATE`` (executemany), so an
initial pull of a hundred thousand flights costs about what inserting them would.

Within a page only the last change of each key counts (every change carries the whole
record). Upserts go in dependency order (airports and airlines before the flights that
name them), deletes in the reverse order.

``pulled_versions`` remembers, for every key the counter holds, the ``seq`` of the change
that last wrote it; :func:`local_checksums` digests ``entity|key|version`` per scope for
comparison with head office's ``/sync/checksum``.

Rows head office deletes but local sales still point at (a flight, a customer, a clerk)
are kept: a flight is marked ``cancelled``, a clerk inactive, the rest stay as they are.

Service requests (``service_request``: head office's view of a request of this outlet;
``request_conflict``: an edit here lost a field to head office's) are applied by
``sync/request_answers.py``: a request's local edits and cancellation not yet sent are kept,
a ``general`` request updates its ``head_office_requests`` row, a conflict is an attention
item.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Integer, Table, cast, delete, select, tuple_, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from counter_app.domain.gp_officials import ATTRIBUTE_FIELDS as OFFICIAL_ATTRIBUTE_FIELDS
from counter_app.domain.gp_officials import OFFICIAL_FIELDS, UNIT_ATTRIBUTE_FIELDS
from counter_app.domain.money import money, to_fen
from counter_app.kernel.ids import new_id
from counter_app.storage.models import (
    Airline,
    Airport,
    Booking,
    BookingPassenger,
    BookingSegment,
    CabinInventory,
    Clerk,
    Customer,
    Flight,
    InvoiceRequest,
    Lease,
    LocalSetting,
    NumberRange,
    OutboxEntry,
    Outlet,
    PulledVersion,
    RuleDocument,
    SeatLayout,
    Ticket,
    Traveller,
)
from counter_app.sync import protocol
from counter_app.sync.request_answers import (
    apply_request_conflicts,
    apply_service_requests,
)
from counter_app.sync.status import (
    CURSOR,
    AttentionKind,
    add_attention,
    get_cursor,
)

Row = dict[str, Any]
OFFICIAL_COLUMN_FIELDS = tuple(n for n in OFFICIAL_FIELDS if n not in OFFICIAL_ATTRIBUTE_FIELDS)
# SQLite allows 32766 host parameters per statement; stay far below.
CHUNK = 500

# Customer fields merged field by field (customer.update); the base snapshot keeps them in
# their wire form (money as a string of yuan).
MERGEABLE_CUSTOMER_FIELDS = (
    "name_zh",
    "uscc",
    "settlement",
    "credit_limit",
    "contact_name",
    "contact_phone",
    "notes",
    *UNIT_ATTRIBUTE_FIELDS,  # a GP unit's, kept in its attributes
)


# --- converters: wire record -> row --------------------------------------------------


_PLAIN_YUAN = re.compile(r"(\d{1,12})\.(\d\d)")


@lru_cache(maxsize=8192)  # a page repeats the same fares, dates and times many times
def _fen(value: Any) -> int:
    """Yuan as sent ("1480.00") to integer fen; the common form is read without Decimal."""
    text = str(value)
    plain = _PLAIN_YUAN.fullmatch(text)
    if plain is not None:
        return int(plain.group(1)) * 100 + int(plain.group(2))
    return to_fen(money(text))


def _fen_or_none(value: Any) -> int | None:
    return None if value in (None, "") else _fen(value)


# Converters return rows in the form SQLite stores them, exactly as SQLAlchemy's SQLite types
# write them (so ORM queries with bound dates and times match): dates "YYYY-MM-DD", times
# "HH:MM:SS.ffffff", datetimes "YYYY-MM-DD HH:MM:SS.ffffff", JSON text, booleans 0/1.
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_HH_MM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


@lru_cache(maxsize=4096)
def _date(value: Any) -> str:
    text = value.isoformat() if isinstance(value, date) else str(value)
    parsed = date.fromisoformat(text)  # refuses 2026-02-30
    return text if _ISO_DATE.fullmatch(text) else parsed.isoformat()


def _date_or_none(value: Any) -> str | None:
    return None if value in (None, "") else _date(value)


@lru_cache(maxsize=4096)
def _time(value: Any) -> str:
    text = str(value)
    if _HH_MM.fullmatch(text):
        return text + ":00.000000"
    t = value if isinstance(value, time) else time.fromisoformat(text)
    return f"{t.hour:02d}:{t.minute:02d}:{t.second:02d}.{t.microsecond:06d}"


def _datetime(value: Any) -> str:
    at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return f"{at:%Y-%m-%d %H:%M:%S}.{at.microsecond:06d}"


def _json(value: Any) -> str:
    return json.dumps(value)


def _bool(value: Any) -> int:
    return 1 if value else 0


def _given(d: Row, *names: str) -> Row:
    """Fields every record of its entity carries, as sent."""
    return {name: d[name] for name in names}


def _texts(d: Row, *names: str) -> Row:
    """Text fields a record may leave out or send as null: "" then."""
    return {name: d.get(name) or "" for name in names}


def _airport(d: Row) -> Row:
    return {
        **_given(d, "iata"),
        **_texts(d, "icao"),
        **_given(d, "name_zh", "city_zh"),
        **_texts(d, "province_zh", "name_en", "city_en", "city_pinyin", "city_initials",
                 "airport_pinyin"),
        "lat": float(d["lat"]),
        "lon": float(d["lon"]),
        "tz": d.get("tz") or "Asia/Shanghai",
        "domestic": _bool(d.get("domestic", True)),
    }


def _airline(d: Row) -> Row:
    return {
        **_given(d, "code"),
        **_texts(d, "icao"),
        **_given(d, "prefix", "name_zh"),
        **_texts(d, "name_en"),
    }


def _layout(d: Row) -> Row:
    return {**_given(d, "id", "aircraft", "carrier"), "definition": _json(d)}


def _rules(d: Row) -> Row:
    return {"name": d["name"], "version": str(d["version"]), "payload": _json(d["payload"])}


def _outlet(d: Row) -> Row:
    return {
        **_given(d, "code", "name_zh", "kind"),
        **_texts(d, "region_zh", "office_code", "agent_code"),
    }


def _flight(d: Row) -> Row:
    fares = d.get("fares") or {}
    return {
        **_given(d, "id", "flight_no", "carrier", "origin", "destination"),
        "dep_date": _date(d["dep_date"]),
        "dep_time": _time(d["dep_time"]),
        "arr_date": _date(d["arr_date"]),
        "arr_time": _time(d["arr_time"]),
        **_given(d, "aircraft", "layout_id"),
        "distance_km": int(d["distance_km"]),
        "feeder": _bool(d.get("feeder", False)),
        "y_fare_fen": _fen(fares["Y"]),
        "c_fare_fen": _fen_or_none(fares.get("C")),
        "f_fare_fen": _fen_or_none(fares.get("F")),
        "status": d.get("status") or "scheduled",
    }


def _availability(d: Row) -> Row:
    capacity = int(d["capacity"])
    closed = d.get("closed_classes") or ""
    return {
        "flight_id": d["flight_id"],
        "cabin": d["cabin"],
        "capacity": capacity,
        "sold": max(0, capacity - int(d["available"])),
        "closed_classes": closed if isinstance(closed, str) else "".join(closed),
    }


def _clerk(d: Row) -> Row:
    return {
        "id": new_id(),  # only used when the login is new here; kept on update
        **_given(d, "login", "name_zh", "role", "outlet_code", "password_hash"),
        "active": _bool(d.get("active", True)),
        "failed_attempts": 0,
        "locked_until": None,
    }


def customer_base(d: Row) -> Row:
    """The mergeable fields of a pulled customer record, in wire form."""
    attributes = d.get("attributes") or {}
    return {name: str(attributes.get(name) or "") if name in UNIT_ATTRIBUTE_FIELDS
            else d.get(name) for name in MERGEABLE_CUSTOMER_FIELDS}


def _customer(d: Row) -> Row:
    version = int(d.get("version") or 1)
    return {
        **_given(d, "id", "code", "kind", "name_zh"),
        **_texts(d, "name_pinyin", "name_initials"),
        "uscc": d.get("uscc") or None,
        "outlet_code": d.get("outlet_code") or None,
        "settlement": d.get("settlement") or "now",
        "credit_limit_fen": _fen(d.get("credit_limit") or "0"),
        "attributes": _json(d.get("attributes") or {}),
        **_texts(d, "contact_name", "contact_phone", "notes"),
        "version": version,
        "base": _json(customer_base(d)),
        "base_version": version,
    }


def _traveller(d: Row) -> Row:
    return {
        "id": d["id"],
        "customer_id": d.get("customer_id"),
        **_given(d, "name", "id_type", "id_number"),
        "birth_date": _date_or_none(d.get("birth_date")),
        **_texts(d, "mobile", "ffp_number"),
        "gp_level": d.get("gp_level") or None,
        **_texts(d, "title_zh"),
        # An official's preferences and companions, and head office's version of it.
        "attributes": _json(d.get("attributes") or {}),
        "version": int(d.get("version") or 0),
    }


def _lease(d: Row) -> Row:
    return {
        **_given(d, "lease_id", "flight_id", "cabin"),
        "granted": int(d["granted"]),
        "used_local": int(d.get("used", 0)),
        "expires_at": _datetime(d["expires_at"]),
        "status": d.get("status") or "active",
    }


def _range(d: Row) -> Row:
    return {
        **_given(d, "range_id", "kind"),
        "prefix": d.get("prefix") or "",
        "first": int(d["first"]),
        "last": int(d["last"]),
        "next_number": int(d["first"]),  # only for a new range; an existing one keeps its own
    }


# --- deletes that must not break local sales --------------------------------------------


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _referenced(session: Session, column: Any, keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(keys):
        found.update(str(v) for v in session.scalars(select(column).where(column.in_(chunk))))
    return found


def _delete_keys(session: Session, column: Any, keys: Sequence[str]) -> None:
    for chunk in _chunks(keys):
        session.execute(delete(column.table).where(column.in_(chunk)))


def _delete_simple(column: Any) -> Callable[[Session, list[str]], None]:
    def run(session: Session, keys: list[str]) -> None:
        _delete_keys(session, column, keys)

    return run


def _delete_unless(
    column: Any, *references: Any, keep: Callable[[Session, list[str]], None] | None = None
) -> Callable[[Session, list[str]], None]:
    """Delete the keys nothing local points at; ``keep`` handles the others."""

    def run(session: Session, keys: list[str]) -> None:
        used: set[str] = set()
        for reference in references:
            used |= _referenced(session, reference, keys)
        _delete_keys(session, column, [k for k in keys if k not in used])
        if used and keep is not None:
            keep(session, sorted(used))

    return run


def _cancel_flights(session: Session, ids: list[str]) -> None:
    for chunk in _chunks(ids):
        session.execute(update(Flight).where(Flight.id.in_(chunk)).values(status="cancelled"))


def _deactivate_clerks(session: Session, logins: list[str]) -> None:
    for chunk in _chunks(logins):
        session.execute(update(Clerk).where(Clerk.login.in_(chunk)).values(active=False))


def _delete_clerks(session: Session, logins: list[str]) -> None:
    ids = dict(session.execute(select(Clerk.login, Clerk.id).where(Clerk.login.in_(logins))).all())
    used = _referenced(session, Booking.clerk_id, list(ids.values()))
    used |= _referenced(session, Ticket.clerk_id, list(ids.values()))
    _delete_keys(session, Clerk.login, [login for login, i in ids.items() if i not in used])
    _deactivate_clerks(session, [login for login, i in ids.items() if i in used])


def _delete_customers(session: Session, ids: list[str]) -> None:
    used = _referenced(session, Booking.customer_id, ids)
    booked_travellers = select(BookingPassenger.traveller_id).where(
        BookingPassenger.traveller_id.is_not(None)
    )
    for chunk in _chunks(ids):
        used.update(
            str(v)
            for v in session.scalars(
                select(Traveller.customer_id).where(
                    Traveller.customer_id.in_(chunk), Traveller.id.in_(booked_travellers)
                )
            )
        )
    _delete_keys(session, Customer.id, [k for k in ids if k not in used])


def _delete_availability(session: Session, keys: list[str]) -> None:
    pairs = [tuple(k.rsplit(":", 1)) for k in keys if ":" in k]
    for chunk in _chunks(pairs):
        session.execute(
            delete(CabinInventory).where(
                tuple_(CabinInventory.flight_id, CabinInventory.cabin).in_(chunk)
            )
        )


def _delete_conflicts(session: Session, keys: list[str]) -> None:
    """A conflict withdrawn by head office stays on the list: the clerk has seen it."""


# --- the entity registry -----------------------------------------------------------------


def _conflicts(session: Session, records: list[tuple[str, Row]], now: datetime) -> None:
    for key, data in records:
        add_attention(
            session,
            AttentionKind.CONFLICT,
            "customer_conflict",
            "总部与本柜台同时修改了客户资料的同一字段，已采用总部的值；请核对。",
            now,
            op_id=data.get("op_id"),
            detail=data,
            source=f"conflict:{key}",
        )


def _invoices(session: Session, records: list[tuple[str, Row]], now: datetime) -> None:
    """Head office's word on this counter's e-invoice requests: received, issued with its
    number, red-reversed. A reversal made here and not yet sent is not undone by an older
    state coming back."""
    for key, data in records:
        row = session.get(InvoiceRequest, key)
        if row is None:
            continue
        status = str(data.get("status") or row.status)
        if row.status == "red_reversed" and status != "red_reversed":
            continue
        row.status = status
        number = data.get("invoice_no") or data.get("original_invoice_no")
        if number:
            row.invoice_no = str(number)[:32]
        if status == "red_reversed" and not row.reversed_reason:
            row.reversed_reason = str(data.get("reversed_reason") or "")[:128]


@dataclass(frozen=True)
class EntitySpec:
    """How one pulled entity lands in the local store."""

    table: Table | None
    conflict: tuple[str, ...]
    convert: Callable[[Row], Row]
    delete: Callable[[Session, list[str]], None]
    # Columns an update must not touch (kept from the local row).
    keep: tuple[str, ...] = ()
    # Columns computed from the existing row and the new one (SQL, ``excluded.`` = new).
    merge: tuple[tuple[str, str], ...] = ()
    # Entities that update rows the counter made itself (no table to upsert into).
    apply: Callable[[Session, list[tuple[str, Row]], datetime], None] | None = None


def _table(model: Any) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


# Seats sold here but not yet reported stay counted: never below head office's figure.
LEASE_MERGE = (("used_local", 'max("used_local", excluded."used_local")'),)


ENTITIES: dict[str, EntitySpec] = {
    "airport": EntitySpec(
        _table(Airport),
        ("iata",),
        _airport,
        _delete_unless(Airport.iata, Flight.origin, Flight.destination),
    ),
    "airline": EntitySpec(
        _table(Airline), ("code",), _airline, _delete_unless(Airline.code, Flight.carrier)
    ),
    "layout": EntitySpec(
        _table(SeatLayout), ("id",), _layout, _delete_unless(SeatLayout.id, Flight.layout_id)
    ),
    "rules": EntitySpec(
        _table(RuleDocument), ("name",), _rules, _delete_simple(RuleDocument.name)
    ),
    "outlet": EntitySpec(
        _table(Outlet),
        ("code",),
        _outlet,
        _delete_unless(Outlet.code, Clerk.outlet_code, Customer.outlet_code, Booking.outlet_code),
    ),
    "flight": EntitySpec(
        _table(Flight),
        ("id",),
        _flight,
        _delete_unless(Flight.id, BookingSegment.flight_id, keep=_cancel_flights),
    ),
    "availability": EntitySpec(
        _table(CabinInventory), ("flight_id", "cabin"), _availability, _delete_availability
    ),
    "clerk": EntitySpec(
        _table(Clerk),
        ("login",),
        _clerk,
        _delete_clerks,
        keep=("id", "failed_attempts", "locked_until"),
    ),
    "customer": EntitySpec(_table(Customer), ("id",), _customer, _delete_customers),
    "traveller": EntitySpec(
        _table(Traveller),
        ("id",),
        _traveller,
        _delete_unless(Traveller.id, BookingPassenger.traveller_id),
    ),
    "lease": EntitySpec(
        _table(Lease), ("lease_id",), _lease, _delete_simple(Lease.lease_id), merge=LEASE_MERGE
    ),
    "range": EntitySpec(
        _table(NumberRange),
        ("range_id",),
        _range,
        _delete_simple(NumberRange.range_id),
        keep=("next_number",),
    ),
    "conflict": EntitySpec(None, (), lambda d: d, _delete_conflicts, apply=_conflicts),
    "invoice": EntitySpec(None, (), lambda d: d, lambda _session, _keys: None,
                          apply=_invoices),
    "service_request": EntitySpec(None, (), lambda d: d, lambda _session, _keys: None,
                                  apply=apply_service_requests),
    "request_conflict": EntitySpec(None, (), lambda d: d, _delete_conflicts,
                                   apply=apply_request_conflicts),
}
# Parents before children; deletes run in the reverse order.
ORDER = tuple(ENTITIES)


@dataclass(frozen=True)
class _Prepared:
    """An ``INSERT ... ON CONFLICT DO UPDATE`` for one table and column list."""

    sql: str
    columns: tuple[str, ...]

    def rows(self, records: list[Row]) -> list[tuple[Any, ...]]:
        if len(self.columns) == 1:
            return [(r[self.columns[0]],) for r in records]
        return list(map(itemgetter(*self.columns), records))


_prepared: dict[tuple[str, tuple[str, ...]], _Prepared] = {}


def _prepare(
    table: Table,
    columns: tuple[str, ...],
    conflict: tuple[str, ...],
    keep: tuple[str, ...] = (),
    merge: tuple[tuple[str, str], ...] = (),
) -> _Prepared:
    cached = _prepared.get((table.name, columns))
    if cached is not None:
        return cached

    def q(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    merged = dict(merge)
    updates = [
        f"{q(c)} = {merged.get(c, 'excluded.' + q(c))}"
        for c in columns
        if c not in conflict and c not in keep
    ]
    updates += [f"{q(c)} = {expr}" for c, expr in merge if c not in columns]
    action = "DO UPDATE SET " + ", ".join(updates) if updates else "DO NOTHING"
    sql = (
        f"INSERT INTO {q(table.name)} ({', '.join(map(q, columns))}) "
        f"VALUES ({', '.join('?' for _ in columns)}) "
        f"ON CONFLICT ({', '.join(map(q, conflict))}) {action}"
    )
    prepared = _Prepared(sql, columns)
    _prepared[(table.name, columns)] = prepared
    return prepared


def _executemany(session: Session, prepared: _Prepared, records: list[Row]) -> None:
    # Straight to the driver's executemany, in the session's transaction: the per-row
    # parameter handling of a Core insert would cost more than SQLite's work.
    connection = session.connection()
    for start in range(0, len(records), 20_000):
        connection.exec_driver_sql(prepared.sql, prepared.rows(records[start : start + 20_000]))


def _upsert(session: Session, spec: EntitySpec, rows: list[Row]) -> None:
    assert spec.table is not None
    prepared = _prepare(spec.table, tuple(rows[0]), spec.conflict, spec.keep, spec.merge)
    _executemany(session, prepared, rows)


def _keep_pending_customer_edits(session: Session, customer_ids: set[str]) -> None:
    """A pulled customer must not wipe a local edit head office has not received yet: the
    edited fields keep the local value (the base moves on; head office merges on push)."""
    entries = session.scalars(
        select(OutboxEntry)
        .where(
            OutboxEntry.state == "pending",
            OutboxEntry.kind == protocol.OpKind.CUSTOMER_UPDATE.value,
        )
        .order_by(OutboxEntry.seq)
    ).all()
    for entry in entries:
        customer_id = str(entry.payload.get("customer_id", ""))
        if customer_id not in customer_ids:
            continue
        customer = session.get(Customer, customer_id)
        if customer is None:
            continue
        for name, value in (entry.payload.get("changes") or {}).items():
            if name == "credit_limit":
                customer.credit_limit_fen = _fen(value or "0")
            elif name in UNIT_ATTRIBUTE_FIELDS:
                customer.attributes = {**(customer.attributes or {}), name: value}
            elif name in MERGEABLE_CUSTOMER_FIELDS:
                setattr(customer, name, value)


def _keep_pending_official_edits(session: Session, traveller_ids: set[str]) -> None:
    """A pulled official keeps the fields of a ``gp_official.save`` not yet sent."""
    entries = session.scalars(
        select(OutboxEntry).where(
            OutboxEntry.state == "pending",
            OutboxEntry.kind == protocol.OpKind.GP_OFFICIAL_SAVE.value,
        ).order_by(OutboxEntry.seq)
    ).all()
    for entry in entries:
        row = session.get(Traveller, str(entry.payload.get("official_id", "")))
        if row is None or row.id not in traveller_ids:
            continue
        attributes = dict(row.attributes or {})
        for name, value in (entry.payload.get("changes") or {}).items():
            if name in OFFICIAL_ATTRIBUTE_FIELDS:
                attributes[name] = value
            elif name in OFFICIAL_COLUMN_FIELDS:
                setattr(row, name, value or (None if name == "gp_level" else ""))
        row.attributes = attributes


@dataclass
class ApplyStats:
    """What a page did: changes received, and rows upserted and deleted per entity."""

    changes: int = 0
    upserted: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)  # entities this version ignores
    stale: bool = False  # a newer page had landed already: nothing of this one was applied


def apply_page(
    session: Session,
    changes: Sequence[protocol.Change],
    next_cursor: int,
    now: datetime | None = None,
) -> ApplyStats:
    """Apply a page of changes and store ``next_cursor``, in the caller's unit of work.

    Never commits. An exception leaves the session to be rolled back by the caller: rows
    and cursor then stay as they were before the page.

    The cursor never moves back: a stale page (two pulls raced, and one ending further on
    landed first) has ``next_cursor`` below the stored cursor, and nothing of it is applied
    (its changes are older than rows already here); ``stats.stale`` says so. The cursor is
    raised first, by one conditional upsert (``max(stored, next_cursor)``), which also takes
    the store's write lock, so no other writer can land a page between the check and the
    rows.
    """
    now = now or datetime.now(UTC)
    stats = ApplyStats(changes=len(changes))
    if not _advance_cursor(session, next_cursor):
        stats.stale = True
        return stats
    last: dict[tuple[str, str], protocol.Change] = {}
    for change in changes:
        last[(change.entity, change.key)] = change  # in seq order: the last one counts
    upserts: dict[str, list[tuple[str, Row]]] = {}
    deletes: dict[str, list[str]] = {}
    versions: list[Row] = []
    gone: list[tuple[str, str, str]] = []
    for (entity, key), change in last.items():
        if change.op == "upsert":
            upserts.setdefault(entity, []).append((key, change.data or {}))
            versions.append(
                {"scope": change.scope.value, "entity": entity, "key": key, "version": change.seq}
            )
        else:
            deletes.setdefault(entity, []).append(key)
            gone.append((change.scope.value, entity, key))

    for entity in [*ORDER, *sorted(set(upserts) - set(ORDER))]:
        records = upserts.get(entity)
        if not records:
            continue
        spec = ENTITIES.get(entity)
        if spec is None:
            stats.skipped[entity] += len(records)  # from a newer head office: kept in versions
            continue
        if spec.apply is not None:
            spec.apply(session, records, now)
        elif spec.table is not None:
            _upsert(session, spec, [spec.convert(data) for _key, data in records])
            if entity == "customer":
                _keep_pending_customer_edits(session, {k for k, _ in records})
            elif entity == "traveller":
                _keep_pending_official_edits(session, {k for k, _ in records})
        stats.upserted[entity] += len(records)

    for entity in [*reversed(ORDER), *sorted(set(deletes) - set(ORDER))]:
        keys = deletes.get(entity)
        if not keys:
            continue
        spec = ENTITIES.get(entity)
        if spec is None:
            stats.skipped[entity] += len(keys)
            continue
        spec.delete(session, keys)
        stats.deleted[entity] += len(keys)

    if versions:
        prepared = _prepare(
            _table(PulledVersion),
            ("scope", "entity", "key", "version"),
            ("scope", "entity", "key"),
        )
        _executemany(session, prepared, versions)
    for chunk in _chunks(gone):
        session.execute(
            delete(PulledVersion).where(
                tuple_(PulledVersion.scope, PulledVersion.entity, PulledVersion.key).in_(chunk)
            )
        )
    return stats


def _advance_cursor(session: Session, next_cursor: int) -> bool:
    """Store ``max(cursor, next_cursor)`` in one statement; False when the stored cursor
    is beyond ``next_cursor`` (the page is stale)."""
    table = _table(LocalSetting)
    stmt = sqlite_insert(table).values(key=CURSOR, value=str(next_cursor))
    session.execute(stmt.on_conflict_do_update(
        index_elements=["key"], set_={"value": stmt.excluded.value},
        where=cast(table.c.value, Integer) <= next_cursor,
    ))
    return get_cursor(session) <= next_cursor


def local_checksums(session: Session) -> dict[protocol.Scope, protocol.ScopeChecksum]:
    """Per scope, the digest of ``entity|key|version`` of every pulled row held here."""
    lines: dict[str, list[str]] = {scope.value: [] for scope in protocol.Scope}
    rows = session.execute(
        select(PulledVersion.scope, PulledVersion.entity, PulledVersion.key, PulledVersion.version)
    )
    for scope, entity, key, version in rows:
        lines.setdefault(str(scope), []).append(f"{entity}|{key}|{version}")
    known = {scope.value for scope in protocol.Scope}
    return {
        protocol.Scope(scope): protocol.checksum(items)
        for scope, items in lines.items()
        if scope in known
    }


def forget_scope(session: Session, scope: protocol.Scope) -> None:
    """Drop what the counter believes it holds of a scope, before a full re-pull."""
    session.execute(delete(PulledVersion).where(PulledVersion.scope == scope.value))


def store_lease(session: Session, lease: protocol.Lease) -> None:
    """Keep a lease head office just granted (online), as a pulled one would be kept."""
    spec = ENTITIES["lease"]
    _upsert(session, spec, [spec.convert(lease.model_dump(mode="json"))])


def store_range(session: Session, number_range: protocol.NumberRange) -> None:
    """Keep a number range head office just granted (online)."""
    spec = ENTITIES["range"]
    _upsert(session, spec, [spec.convert(number_range.model_dump(mode="json"))])
