"""The head-office inbox (online only): ``POST /staff/login``, ``POST /staff/logout`` (the
session of ``X-Staff-Token`` ends at once; 204), ``GET /inbox/staff``,
``GET /inbox``, ``GET /inbox/{id}`` and ``POST /inbox/{id}/step|assign|edit``.

Every inbox route needs the counter's ``Authorization: Bearer`` and the ``X-Staff-Token``
of a live head-office login at that counter's outlet (``staff.CurrentStaff``). The rules
are ``headoffice/staff.py`` and ``headoffice/inbox.py``. An edit answers the request as
merged; the fields that conflicted (a counter changed them since the base, so they kept
the counter's value) are named in the ``X-Request-Conflicts`` header (comma-separated).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response

from counter_app.headoffice import inbox, staff
from counter_app.headoffice.deps import Authenticated, Now, Office
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.routers import errors
from counter_app.headoffice.staff import CurrentStaff
from counter_app.sync.protocol.inbox import (
    INBOX_PAGE_MAX,
    STAFF_TOKEN_HEADER,
    InboxAssign,
    InboxEdit,
    InboxPage,
    InboxStep,
    RequestStateCode,
    ServiceRequestView,
    StaffLogin,
    StaffMember,
    StaffSession,
)

router = APIRouter(tags=["inbox"])
CONFLICTS_HEADER = "X-Request-Conflicts"
RequestId = Annotated[str, Path(max_length=36)]
Short = Annotated[str, Query(max_length=32)]


@router.post("/staff/login", response_model=StaffSession, responses=errors(401, 403, 429))
def staff_login(body: StaffLogin, me: Authenticated, office: Office, now: Now) -> StaffSession:
    answer = office.write(lambda s: staff.login_throttled(s, me, body, now))
    if isinstance(answer, ApiError):
        raise answer  # after the note of a wrong password is committed
    return answer


@router.post("/staff/logout", status_code=204, responses=errors(401, 403))
def staff_logout(who: CurrentStaff, office: Office, now: Now,
                 token: Annotated[str, Header(alias=STAFF_TOKEN_HEADER, max_length=128)],
                 ) -> Response:
    office.write(lambda s: staff.logout(s, token, now))
    return Response(status_code=204)


@router.get("/inbox/staff", response_model=list[StaffMember], responses=errors(401, 403))
def staff_members(who: CurrentStaff, office: Office) -> list[StaffMember]:
    return office.read(inbox.staff_members)


@router.get("/inbox", response_model=InboxPage, responses=errors(401, 403))
def inbox_page(
    who: CurrentStaff, office: Office, now: Now,
    state: Annotated[list[RequestStateCode] | None, Query()] = None,
    kind: Short = "", airport: Annotated[str, Query(max_length=3)] = "",
    date_from: date | None = None, date_to: date | None = None,
    level: Annotated[str, Query(max_length=2)] = "", assignee: Short = "",
    q: Annotated[str, Query(max_length=64)] = "",
    limit: Annotated[int, Query(ge=1, le=INBOX_PAGE_MAX)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> InboxPage:
    wanted = inbox.InboxFilter(
        states=tuple(state or ()), kind=kind, airport=airport,
        date_from=date_from, date_to=date_to, level=level, assignee=assignee, q=q,
        limit=limit, offset=offset)
    return office.read(lambda s: inbox.inbox_page(s, who, wanted, now))


@router.get("/inbox/{request_id}", response_model=ServiceRequestView,
            responses=errors(401, 403, 404))
def request_detail(request_id: RequestId, who: CurrentStaff,
                   office: Office) -> ServiceRequestView:
    return office.read(lambda s: inbox.detail(s, request_id))


@router.post("/inbox/{request_id}/step", response_model=ServiceRequestView,
             responses=errors(401, 403, 404, 409))
def request_step(request_id: RequestId, body: InboxStep, who: CurrentStaff, office: Office,
                 now: Now) -> ServiceRequestView:
    return office.write(lambda s: inbox.step(s, who, request_id, body, now))


@router.post("/inbox/{request_id}/assign", response_model=ServiceRequestView,
             responses=errors(401, 403, 404, 409))
def request_assign(request_id: RequestId, body: InboxAssign, who: CurrentStaff,
                   office: Office, now: Now) -> ServiceRequestView:
    return office.write(lambda s: inbox.assign(s, who, request_id, body, now))


@router.post("/inbox/{request_id}/edit", response_model=ServiceRequestView,
             responses=errors(401, 403, 404, 409))
def request_edit(request_id: RequestId, body: InboxEdit, who: CurrentStaff, office: Office,
                 now: Now, response: Response) -> ServiceRequestView:
    view, conflicts = office.write(lambda s: inbox.edit(s, who, request_id, body, now))
    if conflicts:
        response.headers[CONFLICTS_HEADER] = ",".join(conflicts)
    return view
