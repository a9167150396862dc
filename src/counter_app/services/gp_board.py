"""The counter's board of GP service requests (服务申请看板): what waits on the counter, what
waits on head office, what is due today and what is late; the requests of one booking or
one official; one request with its values and steps.

Read-only queries over ``service_requests`` (``storage/request_models.py``); the use cases
that write them are ``services/gp_requests.py``. Each line is a small frozen dataclass with
what a table shows. Dates are Beijing dates (``Asia/Shanghai``); stored times are naive UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.gp_requests import (
    GENERAL,
    LOCAL_TZ,
    OPEN,
    RequestState,
    StepAction,
    allowed_actions,
    is_late,
    waiting_on,
)
from counter_app.services.gp_kinds import request_kinds
from counter_app.storage.request_models import ServiceRequest

# A rejection stays on the counter's list this long, for the clerk to tell the unit.
REJECTED_SHOWN = timedelta(days=3)
OPEN_STATES = tuple(sorted(s.value for s in OPEN))

__all__ = ["Board", "BoardItem", "RequestDetail", "StepLine", "board", "for_booking",
           "for_official", "request_detail"]


@dataclass(frozen=True, slots=True)
class BoardItem:
    """One line of a table of requests."""

    id: str
    kind: str
    kind_zh: str
    kind_en: str
    official_name: str
    gp_level: str | None
    unit_name: str
    pnr: str | None
    flight_no: str
    flight_date: date | None
    origin: str
    destination: str
    state: str
    due_at: datetime | None  # aware, Beijing time
    late: bool
    assignee: str
    assignee_name: str
    waiting_on: str | None  # "counter", "head_office", None (closed)
    version: int
    updated_at: datetime  # aware UTC


@dataclass(frozen=True, slots=True)
class Board:
    waiting_counter: tuple[BoardItem, ...]  # drafts, and rejections of the last days
    waiting_head_office: tuple[BoardItem, ...]  # submitted, accepted, arranged
    due_today: tuple[BoardItem, ...]  # open, due or flying today
    late: tuple[BoardItem, ...]  # open, past the deadline, not yet arranged


@dataclass(frozen=True, slots=True)
class StepLine:
    action: str
    state: str
    by_login: str
    by_name: str
    side: str
    at: datetime | None  # aware UTC
    note: str


@dataclass(frozen=True, slots=True)
class RequestDetail:
    item: BoardItem
    values: dict[str, Any]
    steps: tuple[StepLine, ...]
    note: str
    actions: tuple[str, ...]  # the steps the counter may take now (submit, cancel)


def _aware(at: datetime | None) -> datetime | None:
    return None if at is None else at.replace(tzinfo=UTC)


def _labels(kind: str) -> tuple[str, str]:
    found = request_kinds().get(kind)
    if found is not None:
        return found.label_zh, found.label_en
    if kind == GENERAL:
        return "总部申请", "Request to head office"
    return kind, kind


def item_of(row: ServiceRequest, now: datetime) -> BoardItem:
    """A stored request as a line of a table, its lateness as of ``now``."""
    state = RequestState(row.state)
    due = _aware(row.due_at)
    zh, en = _labels(row.kind)
    return BoardItem(
        id=row.id, kind=row.kind, kind_zh=zh, kind_en=en, official_name=row.official_name,
        gp_level=row.gp_level, unit_name=row.unit_name, pnr=row.pnr, flight_no=row.flight_no,
        flight_date=row.flight_date, origin=row.origin, destination=row.destination,
        state=row.state, due_at=None if due is None else due.astimezone(LOCAL_TZ),
        late=is_late(state, due, now), assignee=row.assignee, assignee_name=row.assignee_name,
        waiting_on=waiting_on(state), version=row.version,
        updated_at=row.updated_at.replace(tzinfo=UTC),
    )


def _items(rows: Iterable[ServiceRequest], now: datetime) -> tuple[BoardItem, ...]:
    return tuple(item_of(row, now) for row in rows)


def _by_due(items: Iterable[BoardItem]) -> tuple[BoardItem, ...]:
    far = datetime.max.replace(tzinfo=UTC)
    return tuple(sorted(items, key=lambda i: (i.due_at or far, i.flight_date or date.max,
                                              i.id)))


def board(session: Session, now: datetime) -> Board:
    """The open requests of this outlet, and the rejections of the last days."""
    since = (now.astimezone(UTC) - REJECTED_SHOWN).replace(tzinfo=None)
    rows = session.scalars(select(ServiceRequest).where(or_(
        ServiceRequest.state.in_(OPEN_STATES),
        (ServiceRequest.state == RequestState.REJECTED.value)
        & (ServiceRequest.updated_at >= since),
    ))).all()
    items = _by_due(_items(rows, now))
    today = now.astimezone(LOCAL_TZ).date()
    open_items = [i for i in items if i.state in OPEN_STATES]
    return Board(
        waiting_counter=tuple(i for i in items if i.waiting_on == "counter"
                              or i.state == RequestState.REJECTED.value),
        waiting_head_office=tuple(i for i in open_items if i.waiting_on == "head_office"),
        due_today=tuple(i for i in open_items if i.flight_date == today
                        or (i.due_at is not None and i.due_at.date() == today)),
        late=tuple(i for i in open_items if i.late),
    )


def for_booking(session: Session, booking_id: str, now: datetime | None = None
                ) -> tuple[BoardItem, ...]:
    """Every request of a booking, newest first."""
    rows = session.scalars(select(ServiceRequest).where(ServiceRequest.booking_id == booking_id)
                           .order_by(ServiceRequest.created_at.desc(), ServiceRequest.id))
    return _items(rows, now or datetime.now(UTC))


def for_official(session: Session, official_id: str, now: datetime | None = None
                 ) -> tuple[BoardItem, ...]:
    """Every request of an official, newest first."""
    rows = session.scalars(select(ServiceRequest)
                           .where(ServiceRequest.official_id == official_id)
                           .order_by(ServiceRequest.created_at.desc(), ServiceRequest.id))
    return _items(rows, now or datetime.now(UTC))


def _step(raw: Any) -> StepLine:
    data = raw if isinstance(raw, dict) else {}
    at = data.get("at")
    try:
        when = datetime.fromisoformat(str(at)) if at else None
    except ValueError:
        when = None
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return StepLine(action=str(data.get("action", "")), state=str(data.get("state", "")),
                    by_login=str(data.get("by_login", "")), by_name=str(data.get("by_name", "")),
                    side=str(data.get("side", "")), at=when, note=str(data.get("note", "")))


def request_detail(session: Session, request_id: str, now: datetime | None = None
                   ) -> RequestDetail:
    """One request: its line, values, history (oldest first) and the counter's next steps
    (``edit`` too while it is open)."""
    row = session.get(ServiceRequest, request_id)
    if row is None:
        raise DomainError("request_unknown", request_id=request_id)
    state = RequestState(row.state)
    actions = [a.value for a in allowed_actions(state, "counter")]
    if state in OPEN:
        actions.append("edit")
    if StepAction.SUBMIT.value in actions and row.kind == GENERAL:
        actions.remove(StepAction.SUBMIT.value)
    return RequestDetail(item=item_of(row, now or datetime.now(UTC)),
                         values=dict(row.values or {}),
                         steps=tuple(_step(s) for s in row.steps or ()), note=row.note,
                         actions=tuple(actions))
