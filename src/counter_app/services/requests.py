"""Requests to head office (总部申请): a step only head office can take.

A refund of a ticket sold at another counter, a flight outside this counter's allotment:
the services refuse these with ``needs_head_office`` and ``queue_request=True``. The clerk
may then queue a request: :func:`queue_request` writes a ``head_office_requests`` row and
its ``request.head_office`` outbox op in the caller's unit of work (both or neither), and
the next sync carries it to head office. Nothing here commits.

Op payload: ``{"request_id", "action", "ticket_number" | null, "flight_no" | null,
"pnr" | null, "note", "requested_at"}``.

Refusals (nothing written): ``request_subject_required`` (no ticket, flight or booking
named), ``invalid_text`` (a control character or a lone surrogate in the note or a number,
``domain/text.py``), ``request_note_too_long``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal, get_args

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.text import check_texts
from counter_app.kernel.ids import new_id
from counter_app.services.identity import ClerkSession
from counter_app.storage.models import HeadOfficeRequest
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue
from counter_app.sync.status import naive_utc

Action = Literal["refund", "void", "change", "book", "name"]
ACTIONS: tuple[Action, ...] = get_args(Action)
NOTE_MAX = 500

__all__ = ["ACTIONS", "NOTE_MAX", "list_requests", "queue_request"]


def _clean(value: str | None, limit: int) -> str | None:
    text = (value or "").strip().upper()
    return text[:limit] or None


def queue_request(
    session: Session,
    *,
    action: str,
    ticket_number: str | None = None,
    flight_no: str | None = None,
    pnr: str | None = None,
    note: str,
    clerk: ClerkSession,
    now: datetime,
) -> str:
    """Queue a request for head office; returns its id (the op's ``request_id``)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown head-office request action {action!r}")
    number = _clean(ticket_number, 14)
    flight = _clean(flight_no, 8)
    locator = _clean(pnr, 8)
    if number is None and flight is None and locator is None:
        raise DomainError("request_subject_required", field="ticket_number")
    text = note.strip()
    check_texts({"ticket_number": number, "flight_no": flight, "pnr": locator, "note": text})
    if len(text) > NOTE_MAX:
        raise DomainError("request_note_too_long", field="note", max=NOTE_MAX)
    created = naive_utc(now)
    request_id = new_id()
    session.add(HeadOfficeRequest(
        id=request_id, action=action, ticket_number=number, flight_no=flight, pnr=locator,
        note=text, clerk_login=clerk.login, created_at=created, status="queued", answer="",
    ))
    request = protocol.HeadOfficeRequest(
        request_id=request_id,
        action=action,
        ticket_number=number,
        flight_no=flight,
        pnr=locator,
        note=text,
        requested_at=created.replace(tzinfo=UTC),
    )
    enqueue(session, request, clerk.login, now, clerk_id=clerk.clerk_id)
    return request_id


def list_requests(session: Session) -> Sequence[HeadOfficeRequest]:
    """Every request this counter queued, newest first."""
    query = select(HeadOfficeRequest).order_by(
        HeadOfficeRequest.created_at.desc(), HeadOfficeRequest.id.desc()
    )
    return list(session.scalars(query))
