"""Name correction (姓名更正): only an obvious typo, with a supervisor's approval; a change
of person is refused with the reason. ``ticket.name`` goes to the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.names import (
    CorrectionCode,
    name_correction_allowed,
    pnr_name,
)
from counter_app.services.after_sale.tickets import FIELD_TICKET, find_ticket
from counter_app.services.booking.passengers import search_letters
from counter_app.services.identity import ClerkSession
from counter_app.services.payments import (
    Override,
    approve_override,
)
from counter_app.storage.models import (
    BookingPassenger,
    Clerk,
)
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue


@dataclass(frozen=True, slots=True)
class NameCorrected:
    ticket_number: str
    old_name: str
    new_name: str
    code: CorrectionCode
    approved_by: str
    op_id: str


def correct_name(
    session: Session,
    ticket_number: str,
    new_name: str,
    *,
    clerk: ClerkSession,
    now: datetime,
    override: Override | None,
) -> NameCorrected:
    """Correct an obvious typo in a ticket's name (one wrong character, a middle dot, the
    spacing of a latin name); a ticket is never transferred to another person.

    Refusals: ``needs_head_office``, ``ticket_not_open`` (void, refunded or exchanged),
    the name's own format errors, ``name_unchanged``, ``name_change_refused`` (``reason``:
    the :class:`~counter_app.domain.names.CorrectionCode`), ``override_required``,
    ``override_refused`` (``reason`` ``other_outlet``: the supervisor is not of the clerk's
    outlet, whom head office would refuse). The approval is audited (``override``, kind
    ``name_correction``) and ``ticket.name`` goes to the outbox.
    """
    ticket = find_ticket(session, ticket_number, "name")
    if ticket.status != "issued":
        raise DomainError("ticket_not_open", field=FIELD_TICKET,
                          ticket_number=ticket.ticket_number, status=ticket.status)
    passenger = session.get(BookingPassenger, ticket.passenger_id)
    assert passenger is not None
    verdict = name_correction_allowed(passenger.name, new_name)
    if not verdict.allowed:
        raise DomainError("name_change_refused", field="name", reason=verdict.code.value,
                          old=passenger.name)
    if verdict.code is CorrectionCode.UNCHANGED:
        raise DomainError("name_unchanged", field="name", name=passenger.name)
    corrected = pnr_name(new_name)
    if override is None:
        raise DomainError("override_required", field="override", action="name_correction")
    approver = approve_override(
        session, override, action="name_correction", clerk_login=clerk.login, now=now,
        detail={"ticket_number": ticket.ticket_number, "old": passenger.name, "new": corrected,
                "code": verdict.code.value},
    )
    # Head office accepts only a supervisor of the counter's own outlet (approval_invalid);
    # a demo or stale store may know supervisors of other outlets too.
    if session.scalar(select(Clerk.outlet_code).where(Clerk.login == approver)) != (
        clerk.outlet_code
    ):
        raise DomainError("override_refused", field="override", reason="other_outlet")
    old_name = passenger.name
    passenger.name = corrected
    passenger.name_pinyin = search_letters(corrected)
    renamed = protocol.TicketName(
        sale_id=ticket.booking_id, ticket_number=ticket.ticket_number, old_name=old_name,
        new_name=corrected, approved_by=approver, code=verdict.code.value,
    )
    entry = enqueue(session, renamed, clerk.login, now, clerk_id=clerk.clerk_id)
    return NameCorrected(ticket.ticket_number, old_name, corrected, verdict.code, approver,
                         entry.op_id)
