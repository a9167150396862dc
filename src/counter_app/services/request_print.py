"""A service request as printed (服务申请单): the counter's copy of the request
(``service_requests``, read through :func:`.gp_board.request_detail`) and its kind
(``services/gp_kinds.py``) as a :class:`~counter_app.printing.service_request.PrintableRequest`.
Read-only.

Who applied is the submit step's person (the clerk who created it while it is a draft is
not yet an applicant); who approved is the accept step's. The official's title is the
form's ``official_title`` when the kind has one, else the traveller's; the counter printed
above the title is the outlet of the clerk who created the request.

Refusals: ``request_unknown`` (no such request here), ``request_kind_unknown`` (a kind this
counter's data does not have, or a ``general`` request to head office, which has no form).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.printing.service_request import PrintableRequest, PrintedStep
from counter_app.services.gp_board import StepLine, request_detail
from counter_app.services.gp_kinds import request_kind
from counter_app.storage.models import Clerk, Outlet, Traveller
from counter_app.storage.request_models import ServiceRequest

__all__ = ["printable_request"]


def _who(steps: tuple[StepLine, ...], action: str) -> str:
    """The person of the latest ``action`` step: "name（login）", or the one known."""
    for step in reversed(steps):
        if step.action == action:
            if step.by_name and step.by_login:
                return f"{step.by_name}（{step.by_login}）"
            return step.by_name or step.by_login
    return ""


def _outlet(session: Session, login: str) -> str:
    if not login:
        return ""
    clerk = session.scalars(select(Clerk).where(Clerk.login == login)).first()
    outlet = None if clerk is None else session.get(Outlet, clerk.outlet_code)
    return "" if outlet is None else outlet.name_zh


def printable_request(session: Session, request_id: str, now: datetime) -> PrintableRequest:
    """The request ``request_id`` as printed, its lateness as of ``now`` (aware)."""
    detail = request_detail(session, request_id, now)
    item = detail.item
    kind = request_kind(item.kind)
    row = session.get(ServiceRequest, request_id)
    assert row is not None  # request_detail found it
    title = detail.values.get("official_title")
    if not title and row.official_id:
        official = session.get(Traveller, row.official_id)
        title = "" if official is None else official.title_zh
    steps = tuple(PrintedStep(action=s.action, state=s.state, side=s.side, by_login=s.by_login,
                              by_name=s.by_name, at=s.at, note=s.note) for s in detail.steps)
    return PrintableRequest(
        kind=kind, values=detail.values, state=item.state, request_id=item.id,
        official=item.official_name, official_title=str(title or ""),
        level=item.gp_level or "", unit=item.unit_name, steps=steps, due_at=item.due_at,
        late=item.late, applied_by=_who(detail.steps, "submit"),
        approved_by=_who(detail.steps, "accept"), outlet=_outlet(session, row.created_by),
        printed_at=now)
