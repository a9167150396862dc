"""The head-office inbox of service requests (总部待办), online only: the messages of
``/api/v1/staff/*`` and ``/api/v1/inbox/*``.

Head-office staff log in at a counter enrolled for the head-office outlet, with a clerk of
role ``head_office``. The counter's device token (``Authorization: Bearer``) says which
counter asks; ``POST /staff/login`` checks the clerk's password at head office and returns
a staff token, sent as ``X-Staff-Token`` on every inbox call. Head office trusts neither the
counter's word on the clerk's role nor an inbox call without both.

A request as head office holds it is a :class:`ServiceRequestView`; counters receive the
same JSON through the pull (entity ``service_request``, scope ``counter``, the outlet's).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from counter_app.sync.protocol.messages import FreeText, Line, Reply, Strict

STAFF_TOKEN_HEADER = "X-Staff-Token"
INBOX_PAGE_MAX = 200
RequestStateCode = Literal["draft", "submitted", "accepted", "arranged", "done", "rejected",
                           "cancelled"]
StepCode = Literal["submit", "accept", "arrange", "done", "reject", "cancel", "edit",
                   "assign"]
Note = Annotated[str, StringConstraints(max_length=500), FreeText]
Login = Annotated[str, StringConstraints(min_length=1, max_length=32), Line]


class StaffLogin(Strict):
    login: Login
    password: Annotated[str, StringConstraints(min_length=1, max_length=128)]


class StaffSession(Reply):
    token: str
    login: str
    name_zh: str
    role: str
    expires_at: datetime


class StaffMember(Reply):
    login: str
    name_zh: str


class RequestStep(Reply):
    """One step of a request's history: who, on which side, when, with what note."""

    action: StepCode
    state: RequestStateCode  # the state after the step
    by_login: str
    by_name: str = ""
    side: Literal["counter", "head_office"]
    at: datetime
    note: str = ""


class ServiceRequestView(Reply):
    """A request as head office holds it (and as counters pull it)."""

    id: str
    kind: str  # a kind code of gp_request_kinds.json, or "general"
    state: RequestStateCode
    version: int  # counts edits and steps; an inbox step or edit names the one it saw
    outlet_code: str
    counter_id: str | None = None
    customer_id: str | None = None
    unit_name: str = ""
    official_id: str | None = None
    official_name: str = ""
    gp_level: str | None = None
    pnr: str | None = None
    booking_id: str | None = None
    flight_id: str | None = None
    flight_no: str = ""
    flight_date: date | None = None
    origin: str = ""
    destination: str = ""
    departure_at: datetime | None = None
    due_at: datetime | None = None
    assignee: str = ""
    assignee_name: str = ""
    values: dict[str, Any] = Field(default_factory=dict)
    note: str = ""
    submitted_at: datetime | None = None
    updated_at: datetime
    steps: list[RequestStep] = Field(default_factory=list)


class InboxItem(Reply):
    """One line of the inbox."""

    id: str
    kind: str
    state: RequestStateCode
    version: int
    outlet_code: str
    unit_name: str = ""
    official_name: str = ""
    gp_level: str | None = None
    flight_no: str = ""
    flight_date: date | None = None
    origin: str = ""
    destination: str = ""
    due_at: datetime | None = None
    late: bool = False
    assignee: str = ""
    updated_at: datetime


class InboxPage(Reply):
    total: int  # matching the filter, all pages
    items: list[InboxItem]
    counts: dict[str, int] = Field(default_factory=dict)  # state -> matching requests


class InboxStep(Strict):
    """``POST /inbox/{id}/step``: accept, arrange, done, reject (a reason needed), cancel."""

    action: Literal["accept", "arrange", "done", "reject", "cancel"]
    note: Note = ""
    version: Annotated[int, Field(ge=1, le=2**31 - 1)]


class InboxAssign(Strict):
    """``POST /inbox/{id}/assign``: to a head-office person ("" to nobody)."""

    assignee: Annotated[str, StringConstraints(max_length=32), Line]
    version: Annotated[int, Field(ge=1, le=2**31 - 1)]


class InboxEdit(Strict):
    """``POST /inbox/{id}/edit``: fields changed at head office against ``base_version``
    (merged field by field, like a counter's ``service_request.update``)."""

    base_version: Annotated[int, Field(ge=1, le=2**31 - 1)]
    base: dict[str, Any] = Field(default_factory=dict)
    changes: Annotated[dict[str, Any], Field(min_length=1, max_length=80)]
