"""Quotas head office staff set (配额): how many seats and numbers one counter may take.

A policy is a named whole number. Its default is in :data:`POLICIES`; head office staff
override it for every outlet (a ``policies`` row with ``outlet_code`` ``""``) or for one
outlet (a row with that outlet's code), with ``counter-headoffice policy set NAME VALUE
[--outlet CODE]``. The effective value for an outlet is its own row, else the row for all
outlets, else the default.

Seats (``POST /inventory/leases``; seats *held* are the unsold seats of the counter's
active leases, ``granted - used``):

- ``lease_max_seats_per_request`` (9): seats one request may ask for (a booking has at most
  9 passengers); more is 422 ``lease_quota``.
- ``lease_max_hours`` (72): the longest lease a counter gets; a longer ask is granted this
  long (the answer's ``expires_at`` says so), not refused.
- ``lease_max_seats_per_counter_flight`` (20): seats one counter holds on one flight, all
  cabins.
- ``lease_max_share_of_cabin_pct`` (30): one counter never holds more than this share of a
  cabin's capacity (rounded down, at least 1 seat).
- ``lease_max_seats_per_counter_day`` (60): seats one counter holds on all flights of one
  departure date.
- ``lease_max_seats_per_counter`` (200): seats one counter holds in all.

Numbers (``POST /ranges``; a counter's *unused* numbers of a kind and prefix are the numbers
of its ranges that head office has not seen used or voided):

- ``range_max_size`` (2000): numbers one request may ask for; more is 422 ``range_quota``.
- ``range_max_unused`` (1000): a new range is refused while the counter still holds more
  than this many unused numbers of that kind and prefix (so a counter holds at most
  ``range_max_unused + range_max_size`` unused numbers of each).
- ``range_max_per_day`` (3): ranges one counter gets per kind and prefix per Beijing day
  (the starter range counts).

A request over what is held is 409 ``lease_quota`` / ``range_quota``, with the limit, what
is held and what was asked in ``detail``. Staff commands (``grant-lease``,
``grant-range``) are not bound by these quotas; the cabin's ``sold + granted <= capacity``
always holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from counter_app.headoffice.db import table_of
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.models import Outlet, Policy
from counter_app.headoffice.records import naive_utc

ALL_OUTLETS = ""


@dataclass(frozen=True, slots=True)
class PolicyDef:
    name: str
    default: int
    minimum: int
    maximum: int
    meaning: str


LEASE_MAX_SEATS_PER_REQUEST = "lease_max_seats_per_request"
LEASE_MAX_HOURS = "lease_max_hours"
LEASE_MAX_SEATS_PER_COUNTER_FLIGHT = "lease_max_seats_per_counter_flight"
LEASE_MAX_SHARE_OF_CABIN_PCT = "lease_max_share_of_cabin_pct"
LEASE_MAX_SEATS_PER_COUNTER_DAY = "lease_max_seats_per_counter_day"
LEASE_MAX_SEATS_PER_COUNTER = "lease_max_seats_per_counter"
RANGE_MAX_SIZE = "range_max_size"
RANGE_MAX_UNUSED = "range_max_unused"
RANGE_MAX_PER_DAY = "range_max_per_day"

POLICIES: dict[str, PolicyDef] = {
    p.name: p for p in (
        PolicyDef(LEASE_MAX_SEATS_PER_REQUEST, 9, 1, 50,
                  "seats one lease request may ask for"),
        PolicyDef(LEASE_MAX_HOURS, 72, 1, 24 * 31,
                  "hours a lease lasts at most (a longer ask is granted this long)"),
        PolicyDef(LEASE_MAX_SEATS_PER_COUNTER_FLIGHT, 20, 0, 100_000,
                  "unsold leased seats one counter holds on one flight"),
        PolicyDef(LEASE_MAX_SHARE_OF_CABIN_PCT, 30, 0, 100,
                  "percent of a cabin's capacity one counter holds at most"),
        PolicyDef(LEASE_MAX_SEATS_PER_COUNTER_DAY, 60, 0, 1_000_000,
                  "unsold leased seats one counter holds on one departure date"),
        PolicyDef(LEASE_MAX_SEATS_PER_COUNTER, 200, 0, 10_000_000,
                  "unsold leased seats one counter holds in all"),
        PolicyDef(RANGE_MAX_SIZE, 2000, 1, 100_000,
                  "numbers one range request may ask for"),
        PolicyDef(RANGE_MAX_UNUSED, 1000, 0, 10_000_000,
                  "unused numbers of a kind and prefix above which a refill is refused"),
        PolicyDef(RANGE_MAX_PER_DAY, 3, 0, 1000,
                  "ranges of one kind and prefix one counter gets per Beijing day"),
    )
}


_POLICIES = table_of(Policy)
_EFFECTIVE = select(_POLICIES.c.name, _POLICIES.c.outlet_code, _POLICIES.c.value).where(
    _POLICIES.c.name.in_(bindparam("names", expanding=True)),
    _POLICIES.c.outlet_code.in_(bindparam("outlets", expanding=True)),
)


def definition(name: str) -> PolicyDef:
    """The policy called ``name`` (422 ``policy_unknown`` for another name)."""
    found = POLICIES.get(name)
    if found is None:
        raise ApiError(422, "policy_unknown",
                       f"no policy {name!r}; known: {', '.join(sorted(POLICIES))}")
    return found


def effective(session: Session, outlet_code: str, *names: str) -> dict[str, int]:
    """The values in force for ``outlet_code``: its own row, else the row for all outlets,
    else the default in code."""
    wanted = [definition(name).name for name in names] if names else list(POLICIES)
    rows = session.connection().execute(
        _EFFECTIVE, {"names": wanted, "outlets": sorted({ALL_OUTLETS, outlet_code})}).all()
    values = {name: POLICIES[name].default for name in wanted}
    for row in sorted(rows, key=lambda r: r.outlet_code != ALL_OUTLETS):
        values[row.name] = int(row.value)  # the outlet's own row (sorted last) wins
    return values


def value(session: Session, name: str, outlet_code: str) -> int:
    return effective(session, outlet_code, name)[name]


def set_policy(session: Session, name: str, number: int, outlet_code: str, by: str,
               now: datetime) -> None:
    """Set a policy for every outlet (``outlet_code`` ``""``) or for one outlet."""
    spec = definition(name)
    if not spec.minimum <= number <= spec.maximum:
        raise ApiError(422, "invalid_request",
                       f"value: {name} must be {spec.minimum} to {spec.maximum}, not {number}")
    if outlet_code and session.get(Outlet, outlet_code) is None:
        raise ApiError(404, "outlet_unknown", f"outlet: no outlet {outlet_code!r}")
    row = session.get(Policy, (name, outlet_code))
    if row is None:
        session.add(Policy(name=name, outlet_code=outlet_code, value=number,
                           updated_at=naive_utc(now), updated_by=by))
    else:
        row.value = number
        row.updated_at = naive_utc(now)
        row.updated_by = by
    session.flush()


def unset_policy(session: Session, name: str, outlet_code: str) -> bool:
    """Remove a setting (back to the value for all outlets, or the default); False when
    there was none."""
    definition(name)
    result = session.execute(
        delete(Policy).where(Policy.name == name, Policy.outlet_code == outlet_code)
    )
    return bool(getattr(result, "rowcount", 0))


@dataclass(frozen=True, slots=True)
class PolicySetting:
    name: str
    outlet_code: str
    value: int
    updated_at: datetime
    updated_by: str


def settings(session: Session) -> list[PolicySetting]:
    """Every stored setting, by name then outlet (``""`` first)."""
    return [
        PolicySetting(r.name, r.outlet_code, int(r.value), r.updated_at, r.updated_by)
        for r in session.scalars(select(Policy).order_by(Policy.name, Policy.outlet_code))
    ]
