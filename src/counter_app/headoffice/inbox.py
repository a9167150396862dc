"""Head office's inbox of service requests (总部待办): the queries and actions behind
``/api/v1/inbox*`` (``routers/inbox.py``), for a logged-in head-office person
(``staff.Staff``).

- :func:`inbox_page`: one page of requests under :class:`InboxFilter`, the total and the
  counts per state, in the order work is due: ``due_at`` (none last), then the flight date
  (none last), then id. ``late`` is ``domain.gp_requests.is_late`` on head office's clock.
  The counts per state apply every filter but the state itself, so each state's tab shows
  its number whichever is open.
- :func:`detail`, :func:`step`, :func:`assign`, :func:`edit`: one request. An action names
  the version it saw and is refused 409 ``version_conflict`` (detail ``{"version"}``: the
  current one) when the request changed since. The workflow, the reject's reason, the merge
  and the change log for the counters are ``headoffice/service_requests.py``'s.

Refusals are :class:`~counter_app.headoffice.errors.ApiError`: 404 ``request_unknown``,
409 ``version_conflict``, 422 ``request_step_not_allowed`` / ``reject_reason_required`` /
``assignee_unknown`` / a field code of the domain (detail: ``field`` and the params).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.gp_requests import RequestState, StepAction, is_late
from counter_app.headoffice import service_requests
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.models import Clerk
from counter_app.headoffice.records import aware, naive_utc
from counter_app.headoffice.request_models import ServiceRequestRow
from counter_app.headoffice.staff import HEAD_OFFICE_ROLE, Staff
from counter_app.sync.protocol.inbox import (
    INBOX_PAGE_MAX,
    InboxAssign,
    InboxEdit,
    InboxItem,
    InboxPage,
    InboxStep,
    ServiceRequestView,
    StaffMember,
)

__all__ = ["InboxFilter", "assign", "detail", "edit", "inbox_page", "staff_members", "step"]

T = TypeVar("T")
R = ServiceRequestRow


@dataclass(frozen=True, slots=True)
class InboxFilter:
    """What the inbox shows; every filter left empty shows all."""

    states: tuple[str, ...] = ()
    kind: str = ""
    airport: str = ""  # the flight's origin or destination
    date_from: date | None = None  # flight_date, inclusive
    date_to: date | None = None
    level: str = ""  # gp_level
    assignee: str = ""  # a login, "me" (the staff member) or "none" (unassigned)
    q: str = ""  # a substring of the official's name, the unit's name or the flight number
    limit: int = 50
    offset: int = 0


def _conditions(f: InboxFilter, staff: Staff, *, states: bool) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if states and f.states:
        where.append(R.state.in_(f.states))
    if f.kind:
        where.append(R.kind == f.kind)
    if f.airport:
        code = f.airport.strip().upper()
        where.append(or_(R.origin == code, R.destination == code))
    if f.date_from is not None:
        where.append(R.flight_date >= f.date_from)
    if f.date_to is not None:
        where.append(R.flight_date <= f.date_to)
    if f.level:
        where.append(R.gp_level == f.level.strip().upper())
    if f.assignee:
        who = {"me": staff.login, "none": ""}.get(f.assignee, f.assignee)
        where.append(R.assignee == who)
    if f.q.strip():
        text = f.q.strip()
        where.append(or_(R.official_name.contains(text, autoescape=True),
                         R.unit_name.contains(text, autoescape=True),
                         R.flight_no.contains(text.upper(), autoescape=True)))
    return where


_ITEM_COLUMNS = (R.id, R.kind, R.state, R.version, R.outlet_code, R.unit_name,
                 R.official_name, R.gp_level, R.flight_no, R.flight_date, R.origin,
                 R.destination, R.due_at, R.assignee, R.updated_at)


def inbox_page(session: Session, staff: Staff, f: InboxFilter, now: datetime) -> InboxPage:
    """One page of the inbox, the total under the filter and the counts per state."""
    page = (select(*_ITEM_COLUMNS).where(*_conditions(f, staff, states=True))
            .order_by(R.due_at.asc().nulls_last(), R.flight_date.asc().nulls_last(), R.id)
            .limit(max(1, min(f.limit, INBOX_PAGE_MAX))).offset(max(0, f.offset)))
    items = []
    for row in session.execute(page):
        due = aware(row.due_at) if row.due_at is not None else None
        items.append(InboxItem(
            id=row.id, kind=row.kind, state=row.state, version=row.version,
            outlet_code=row.outlet_code, unit_name=row.unit_name,
            official_name=row.official_name, gp_level=row.gp_level, flight_no=row.flight_no,
            flight_date=row.flight_date, origin=row.origin, destination=row.destination,
            due_at=due, late=is_late(RequestState(row.state), due, now),
            assignee=row.assignee, updated_at=aware(row.updated_at)))
    counts_query = (select(R.state, func.count()).where(*_conditions(f, staff, states=False))
                    .group_by(R.state))
    counts = {str(state): int(n) for state, n in session.execute(counts_query)}
    total = sum(n for state, n in counts.items() if not f.states or state in f.states)
    return InboxPage(total=total, items=items, counts=counts)


def staff_members(session: Session) -> list[StaffMember]:
    """The active head-office people, to assign a request to."""
    rows = session.execute(
        select(Clerk.login, Clerk.name_zh)
        .where(Clerk.role == HEAD_OFFICE_ROLE, Clerk.active.is_(True)).order_by(Clerk.login))
    return [StaffMember(login=login, name_zh=name) for login, name in rows]


# --- one request -------------------------------------------------------------------------


def _refusal(exc: DomainError) -> ApiError:
    detail: dict[str, Any] = {"field": exc.field}
    detail.update({k: v if isinstance(v, (str, int, bool)) or v is None else str(v)
                   for k, v in exc.params.items()})
    return ApiError(422, exc.code, exc.message or exc.code, detail)


def _domain(run: Callable[[], T]) -> T:
    try:
        return run()
    except DomainError as exc:
        raise _refusal(exc) from None


def _row(session: Session, request_id: str, *, lock: bool = False) -> ServiceRequestRow:
    row = session.get(R, request_id, with_for_update=lock)
    if row is None:
        raise ApiError(404, "request_unknown", "no such request", {"id": request_id})
    return row


def _check_version(row: ServiceRequestRow, seen: int) -> None:
    if seen != row.version:
        raise ApiError(409, "version_conflict",
                       "the request changed since you opened it; reload it",
                       {"version": row.version})


def detail(session: Session, request_id: str) -> ServiceRequestView:
    return service_requests.view_of(session, _row(session, request_id))


def step(session: Session, staff: Staff, request_id: str, body: InboxStep,
         now: datetime) -> ServiceRequestView:
    """Take a workflow step at head office (accept, arrange, done, reject, cancel)."""
    row = _row(session, request_id, lock=True)
    _check_version(row, body.version)
    _domain(lambda: service_requests.apply_step(
        session, row, StepAction(body.action), side="head_office", by_login=staff.login,
        by_name=staff.name, note=body.note, now=now))
    return service_requests.view_of(session, row)


def assign(session: Session, staff: Staff, request_id: str, body: InboxAssign,
           now: datetime) -> ServiceRequestView:
    """Give the request to an active head-office person ("" to nobody)."""
    row = _row(session, request_id, lock=True)
    _check_version(row, body.version)
    login = body.assignee.strip().lower()
    if login:
        clerk = session.get(Clerk, login)
        if clerk is None or not clerk.active or clerk.role != HEAD_OFFICE_ROLE:
            raise ApiError(422, "assignee_unknown", "no active head-office person of that login",
                           {"field": "assignee", "assignee": login})
    if login != row.assignee:
        row.assignee = login
        row.version += 1
        row.updated_at = naive_utc(now)
        service_requests.add_step(session, row, "assign", row.state, by_login=staff.login,
                                  by_name=staff.name, side="head_office", at=now, note=login)
        service_requests.log_request(session, row)
    return service_requests.view_of(session, row)


def edit(session: Session, staff: Staff, request_id: str, body: InboxEdit,
         now: datetime) -> tuple[ServiceRequestView, list[str]]:
    """Merge head office's changes made against ``body.base`` (the values at
    ``body.base_version``, a version not newer than the request's) field by field; returns
    the request and the fields that conflicted (changed since the base by a counter: they
    keep the current value). A finished request is refused ``request_closed``."""
    row = _row(session, request_id, lock=True)
    if body.base_version > row.version:
        raise ApiError(409, "version_conflict", "no such version of the request yet",
                       {"version": row.version})
    _applied, conflicts = _domain(lambda: service_requests.merge_edit(
        session, row, body.base, body.changes, side="head_office", by_login=staff.login,
        now=now, base_version=body.base_version))
    return service_requests.view_of(session, row), conflicts
