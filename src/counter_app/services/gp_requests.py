"""GP service requests at the counter (服务申请单): the form filled from the official and the
booking, a draft kept here, the submission to head office, an edit, a cancellation.

The rules are in ``domain/gp_requests.py`` (the kinds as data, the field checks, the
entitlement and deadline checks, the workflow); the kinds are read once by
``services/gp_kinds.py``. Here is the work over the local store: every use case takes the
caller's session, writes the ``service_requests`` row and, when head office must learn of
it, its op (``service_request.submit|update|cancel``) in the same unit of work (both or
neither). Nothing here commits. A refusal raises :class:`DomainError` before anything is
written.

* :func:`prefill` - a new form: the kind, the official and unit, the values each field's
  ``prefill`` source gives (``official.name``, ``booking.flight_no`` ...), whether the
  official's level allows the kind here (and the refusal to show if not), the deadline.
* :func:`save_draft` - kept here only (state ``draft``), required fields may be empty.
* :func:`submit` - complete values, the local level entitled (head office checks again with
  its own), in time, the booking not cancelled; state ``submitted`` and the op queued.
* :func:`edit` - a draft is saved again; a submitted request queues ``service_request.update``
  with the changed fields and their base (head office merges field by field).
* :func:`cancel` - a draft is cancelled here; otherwise ``service_request.cancel`` is queued.

The board of requests (what waits on whom, due today, late) is ``services/gp_board.py``;
head office's answers come back through the pull (``sync/service_requests.py``).

Refusals: the field codes of ``clean_values``, ``gp_official_required``,
``gp_level_not_entitled``, ``service_airport``, ``flight_departed``, ``request_too_late``,
``booking_cancelled`` (field ``pnr``), ``request_closed`` (a done, rejected or cancelled
request), ``request_unknown``, ``request_kind_unknown``, ``request_step_not_allowed``,
``reject_reason_required`` / ``request_note_too_long`` / ``invalid_text`` of a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.gp import GpLevel
from counter_app.domain.gp_requests import (
    TERMINAL,
    RequestKind,
    RequestState,
    StepAction,
    check_entitled,
    check_in_time,
    check_note,
    clean_value,
    clean_values,
    departure_of,
    due_at,
    is_late,
    next_state,
)
from counter_app.kernel.ids import new_id
from counter_app.services.gp_kinds import request_kind
from counter_app.services.identity import ClerkSession
from counter_app.storage.models import (
    Booking,
    BookingPassenger,
    BookingSegment,
    Customer,
    Flight,
    SeatChoice,
    Traveller,
)
from counter_app.storage.request_models import ServiceRequest
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue
from counter_app.sync.status import naive_utc

MAX_PREFILL_COMPANIONS = 8
ACTIVE_SEATS = ("provisional", "confirmed", "moved")

__all__ = ["OfficialFacts", "RequestForm", "UnitFacts", "cancel", "edit", "local_step",
           "prefill", "save_draft", "submit"]


@dataclass(frozen=True, slots=True)
class OfficialFacts:
    id: str
    name: str
    level: str | None  # V1..V5, None: not a GP official
    title: str


@dataclass(frozen=True, slots=True)
class UnitFacts:
    id: str | None
    name: str
    contact_name: str = ""
    contact_phone: str = ""


@dataclass(frozen=True)
class RequestForm:
    """A new form as the counter opens it: what to show and what is already known."""

    kind: RequestKind
    official: OfficialFacts
    unit: UnitFacts
    values: dict[str, Any]
    entitled: bool
    refusal: DomainError | None  # why the official may not have this kind here
    due_at: datetime | None  # aware, Beijing time
    late: bool
    booking_id: str | None = None
    segment_id: str | None = None
    pnr: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # field key -> its prefill source


# --- what the form is filled from ---------------------------------------------------------


def _official(session: Session, official_id: str, kind: RequestKind) -> Traveller:
    official = session.get(Traveller, official_id)
    if official is None:
        raise DomainError("gp_official_required", field="official", kind=kind.label_zh)
    return official


def _level(official: Traveller) -> GpLevel | None:
    try:
        return GpLevel(official.gp_level) if official.gp_level else None
    except ValueError:
        return None


def _segment(session: Session, booking: Booking, segment_id: str | None) -> BookingSegment | None:
    query = select(BookingSegment).where(BookingSegment.booking_id == booking.id)
    if segment_id:
        query = query.where(BookingSegment.id == segment_id)
    return session.scalars(query.order_by(BookingSegment.seq).limit(1)).first()


def _passengers(session: Session, booking_id: str) -> list[BookingPassenger]:
    return list(session.scalars(select(BookingPassenger).where(
        BookingPassenger.booking_id == booking_id).order_by(BookingPassenger.id)))


def _person(session: Session, passenger: BookingPassenger) -> dict[str, str]:
    traveller = session.get(Traveller, passenger.traveller_id) if passenger.traveller_id else None
    person = {"name": passenger.name, "title": traveller.title_zh if traveller else "",
              "id_type": passenger.id_type, "id_number": passenger.id_number,
              "phone": passenger.mobile}
    return {k: v for k, v in person.items() if v}


def _sources(session: Session, official: Traveller, unit: Customer | None,
             booking: Booking | None, segment: BookingSegment | None) -> dict[str, Any]:
    """Every prefill source's value (None: unknown)."""
    attributes = official.attributes or {}
    found: dict[str, Any] = {
        "official.name": official.name, "official.title": official.title_zh,
        "official.level": official.gp_level, "official.id_number": official.id_number,
        "official.meal_pref": attributes.get("meal_pref"),
        "official.seat_pref": attributes.get("seat_pref"),
        "unit.name": unit.name_zh if unit else None,
        "unit.contact_name": unit.contact_name if unit else None,
        "unit.contact_phone": unit.contact_phone if unit else None,
    }
    if booking is None:
        return found
    found["booking.pnr"] = booking.pnr
    passengers = _passengers(session, booking.id)
    mine = next((p for p in passengers if p.traveller_id == official.id), None)
    if mine is None:
        mine = next((p for p in passengers if p.id_number == official.id_number), None)
    others = [p for p in passengers if p is not mine]
    found["booking.companions"] = [_person(session, p)
                                   for p in others[:MAX_PREFILL_COMPANIONS]] or None
    flight = session.get(Flight, segment.flight_id) if segment else None
    if segment is None or flight is None:
        return found
    found.update({
        "booking.flight_no": flight.flight_no, "booking.flight_date": flight.dep_date.isoformat(),
        "booking.departure_time": flight.dep_time.strftime("%H:%M"),
        "booking.origin": flight.origin, "booking.destination": flight.destination,
        "booking.cabin": segment.cabin,
    })
    if mine is not None:
        found["booking.seat"] = session.scalar(select(SeatChoice.seat).where(
            SeatChoice.segment_id == segment.id, SeatChoice.passenger_id == mine.id,
            SeatChoice.kind == "seat", SeatChoice.state.in_(ACTIVE_SEATS)).limit(1))
    return found


def prefill(session: Session, kind_code: str, *, official_id: str,
            booking_id: str | None = None, segment_id: str | None = None,
            clerk: ClerkSession, now: datetime | None = None) -> RequestForm:
    """A new form of ``kind_code`` for the official, filled from the official, the unit and
    (when given) the booking's segment (the first one when ``segment_id`` is None). A value a
    field would refuse (a meal preference the form does not offer) is left empty."""
    del clerk  # every clerk of the counter may open a form; kept for the callers' symmetry
    kind = request_kind(kind_code)
    official = _official(session, official_id, kind)
    unit = session.get(Customer, official.customer_id) if official.customer_id else None
    booking = session.get(Booking, booking_id) if booking_id else None
    segment = _segment(session, booking, segment_id) if booking is not None else None
    found = _sources(session, official, unit, booking, segment)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for spec in kind.fields:
        if not spec.prefill:
            continue
        sources[spec.key] = spec.prefill
        try:
            value = clean_value(spec, found.get(spec.prefill))
        except DomainError:
            value = None
        if value is not None:
            values[spec.key] = value
    refusal: DomainError | None = None
    try:
        check_entitled(kind, _level(official), str(values.get("origin") or ""),
                       str(values.get("destination") or ""))
    except DomainError as error:
        refusal = error
    due = due_at(kind, departure_of(values))
    moment = now or datetime.now(UTC)
    return RequestForm(
        kind=kind,
        official=OfficialFacts(official.id, official.name, official.gp_level, official.title_zh),
        unit=UnitFacts(unit.id if unit else None, unit.name_zh if unit else "",
                       unit.contact_name if unit else "", unit.contact_phone if unit else ""),
        values=values, entitled=refusal is None, refusal=refusal, due_at=due,
        late=is_late(RequestState.DRAFT, due, moment), booking_id=booking.id if booking else None,
        segment_id=segment.id if segment else None, pnr=booking.pnr if booking else None,
        sources=sources,
    )


# --- the row ------------------------------------------------------------------------------


def local_step(action: str, state: str, clerk: ClerkSession, now: datetime,
               note: str = "") -> dict[str, Any]:
    """A step taken at this counter, as ``protocol.RequestStep`` JSON."""
    return {"action": action, "state": state, "by_login": clerk.login, "by_name": clerk.name,
            "side": "counter", "at": now.astimezone(UTC).isoformat(), "note": note}


def _row(session: Session, request_id: str) -> ServiceRequest:
    row = session.get(ServiceRequest, request_id)
    if row is None:
        raise DomainError("request_unknown", request_id=request_id)
    return row


def _flight_id(session: Session, booking: Booking | None, values: Mapping[str, Any]) -> str | None:
    """The booking's flight the values name (flight number and date), else None."""
    if booking is None or not values.get("flight_no") or not values.get("flight_date"):
        return None
    flight_id = session.scalar(
        select(Flight.id).join(BookingSegment, BookingSegment.flight_id == Flight.id)
        .where(BookingSegment.booking_id == booking.id,
               Flight.flight_no == str(values["flight_no"]).upper(),
               Flight.dep_date == date.fromisoformat(str(values["flight_date"]))).limit(1))
    return None if flight_id is None else str(flight_id)


def _fill(session: Session, row: ServiceRequest, kind: RequestKind, values: dict[str, Any],
          official: Traveller, booking: Booking | None) -> None:
    """The row's values and the columns the board and the pull read from them."""
    unit = session.get(Customer, official.customer_id) if official.customer_id else None
    departure = departure_of(values)
    due = due_at(kind, departure)
    row.kind = kind.code
    row.values = values
    row.customer_id = official.customer_id
    row.unit_name = unit.name_zh if unit else ""
    row.official_id = official.id
    row.official_name = official.name
    row.gp_level = official.gp_level
    row.booking_id = booking.id if booking else None
    row.pnr = booking.pnr if booking else None
    row.flight_id = _flight_id(session, booking, values)
    row.flight_no = str(values.get("flight_no") or "")[:8]
    row.flight_date = date.fromisoformat(values["flight_date"]) if values.get("flight_date") \
        else None
    row.origin = str(values.get("origin") or "")[:3]
    row.destination = str(values.get("destination") or "")[:3]
    row.departure_at = None if departure is None else naive_utc(departure)
    row.due_at = None if due is None else naive_utc(due)


def _new_row(request_id: str | None, clerk: ClerkSession, now: datetime) -> ServiceRequest:
    stamp = naive_utc(now)
    row = ServiceRequest(id=request_id or new_id(), state=RequestState.DRAFT.value, version=0,
                         values={}, base={}, steps=[], note="", assignee="", assignee_name="",
                         created_by=clerk.login, created_at=stamp, updated_at=stamp)
    return row  # added by the caller once filled (a query of the fill would flush it)


def _open_row(session: Session, request_id: str) -> ServiceRequest:
    row = _row(session, request_id)
    if RequestState(row.state) in TERMINAL:
        raise DomainError("request_closed", field="state", state=row.state)
    return row


def _booking(session: Session, booking_id: str | None) -> Booking | None:
    return session.get(Booking, booking_id) if booking_id else None


def save_draft(session: Session, form_values: Mapping[str, Any], *,
               request_id: str | None = None, kind: str, official_id: str,
               booking_id: str | None = None, clerk: ClerkSession, now: datetime) -> str:
    """Keep the form as a draft here (no op: head office does not see drafts); returns the
    request's id. Each filled field is checked; a required one may still be empty."""
    request_kind_ = request_kind(kind)
    values = clean_values(request_kind_, form_values, complete=False)
    official = _official(session, official_id, request_kind_)
    booking = _booking(session, booking_id)
    row = session.get(ServiceRequest, request_id) if request_id else None
    if row is not None and row.state != RequestState.DRAFT.value:
        if RequestState(row.state) in TERMINAL:
            raise DomainError("request_closed", field="state", state=row.state)
        raise DomainError("request_step_not_allowed", field="state", state=row.state,
                          action="draft")
    fresh = row is None
    if row is None:
        row = _new_row(request_id, clerk, now)
    _fill(session, row, request_kind_, values, official, booking)
    row.updated_at = naive_utc(now)
    if fresh:
        session.add(row)
    return row.id


def submit(session: Session, request_id: str | None, values: Mapping[str, Any], *,
           kind: str | None = None, official_id: str | None = None,
           booking_id: str | None = None, note: str = "", clerk: ClerkSession,
           now: datetime) -> str:
    """Send the form to head office: a new request (``request_id`` None, or an id not yet
    stored) or a draft kept here. ``kind``, ``official_id`` and ``booking_id`` default to
    the draft's. Returns the request's id."""
    row = session.get(ServiceRequest, request_id) if request_id else None
    if row is not None:
        next_state(RequestState(row.state), StepAction.SUBMIT, "counter")
        kind = kind or row.kind
        official_id = official_id or row.official_id
        booking_id = booking_id if booking_id is not None else row.booking_id
    if not kind:
        raise DomainError("request_kind_unknown", field="kind", kind="")
    request_kind_ = request_kind(kind)
    cleaned = clean_values(request_kind_, values, complete=True)
    if not official_id:
        raise DomainError("gp_official_required", field="official", kind=request_kind_.label_zh)
    official = _official(session, official_id, request_kind_)
    # The level as this counter knows it; head office checks again with its own.
    check_entitled(request_kind_, _level(official), str(cleaned.get("origin") or ""),
                   str(cleaned.get("destination") or ""))
    booking = _booking(session, booking_id)
    if booking is not None and booking.status == "cancelled":
        raise DomainError("booking_cancelled", field="pnr", pnr=booking.pnr)
    check_in_time(request_kind_, departure_of(cleaned), now)
    text = check_note(note)
    fresh = row is None
    if row is None:
        row = _new_row(request_id, clerk, now)
    _fill(session, row, request_kind_, cleaned, official, booking)
    if fresh:
        session.add(row)
    row.state = RequestState.SUBMITTED.value
    row.base = dict(cleaned)
    row.note = text
    row.updated_at = naive_utc(now)
    row.steps = [*row.steps, local_step("submit", row.state, clerk, now, text)]
    payload = protocol.ServiceRequestSubmit(
        request_id=row.id, kind=request_kind_.code, customer_id=row.customer_id,
        official_id=row.official_id, booking_id=row.booking_id, pnr=row.pnr,
        flight_id=row.flight_id, values=cast(Any, cleaned), note=text,
        submitted_at=now.astimezone(UTC))
    session.flush()
    enqueue(session, payload, clerk.login, now, clerk_id=clerk.clerk_id)
    return row.id


def edit(session: Session, request_id: str, changes: Mapping[str, Any], *,
         clerk: ClerkSession, now: datetime) -> bool:
    """Change fields of a request. A draft is saved again (no op); a submitted one (any open
    state) is changed here and ``service_request.update`` is queued with the changed fields,
    their base (as head office last sent them, else as submitted) and that version. The
    values must stay complete. Returns False when nothing actually changed."""
    row = _open_row(session, request_id)
    kind = request_kind(row.kind)
    unknown = sorted(set(changes) - set(kind.keys))
    if unknown:
        raise DomainError("request_field_unknown", field=unknown[0], label=unknown[0])
    current = dict(row.values or {})
    merged = {**current, **changes}
    if row.state == RequestState.DRAFT.value:
        cleaned = clean_values(kind, merged, complete=False)
        if cleaned == current:
            return False
        official = _official(session, row.official_id or "", kind)
        _fill(session, row, kind, cleaned, official, _booking(session, row.booking_id))
        row.updated_at = naive_utc(now)
        return True
    cleaned = clean_values(kind, merged, complete=True)
    changed = {k: cleaned.get(k) for k in changes if cleaned.get(k) != current.get(k)}
    if not changed:
        return False
    base_values = row.base or current
    base = {k: base_values.get(k) for k in changed}
    official = _official(session, row.official_id or "", kind)
    _fill(session, row, kind, cleaned, official, _booking(session, row.booking_id))
    row.updated_at = naive_utc(now)
    row.steps = [*row.steps, local_step("edit", row.state, clerk, now, ", ".join(changed))]
    # Version 0: head office's answer to the submission has not come back yet; the
    # submission made version 1 there.
    update = protocol.ServiceRequestUpdate(
        request_id=row.id, base_version=max(row.version, 1), base=cast(Any, base),
        changes=cast(Any, changed), updated_at=now.astimezone(UTC))
    session.flush()
    enqueue(session, update, clerk.login, now, clerk_id=clerk.clerk_id)
    return True


def cancel(session: Session, request_id: str, note: str = "", *, clerk: ClerkSession,
           now: datetime) -> None:
    """Withdraw a request: a draft is cancelled here; one head office has is cancelled here
    and ``service_request.cancel`` is queued."""
    row = _open_row(session, request_id)
    state = RequestState(row.state)
    after = next_state(state, StepAction.CANCEL, "counter")
    text = check_note(note)
    row.state = after.value
    row.updated_at = naive_utc(now)
    row.steps = [*row.steps, local_step("cancel", after.value, clerk, now, text)]
    if state is RequestState.DRAFT:
        return
    session.flush()
    enqueue(session, protocol.ServiceRequestCancel(
        request_id=row.id, note=text, cancelled_at=now.astimezone(UTC)),
        clerk.login, now, clerk_id=clerk.clerk_id)

