"""GP seat services at the counter (公务座位服务): seat lock (座位锁定), privacy seat (隐私座,
``EXST``) and multi-flight seat holding (多航班压座), each for the official's level only.

What each level may have is ``domain/seat_services.py``'s (lock and hold: V4 and V5 by the
entitlement table of ``domain/gp.py``; the privacy seat: the levels and fare of the airline's
``privacy_seat`` rule in ``fee_rules``). A service the level lacks is refused before anything
is written: ``gp_level_lacks`` (``service``, ``level``, ``needs``).

- **Lock**: :func:`prepare_lock` is ``seating.prepare_choice`` with ``locked=True`` after the
  level check; :func:`release_choice` gives back any choice, and a locked one only with a
  supervisor of the counter's outlet (``lock_needs_supervisor`` without one; the approval is
  audited and goes to head office as ``approved_by``).
- **Privacy seat**: :func:`prepare_privacy` picks the free seat beside the official's chosen
  seat (``seatmap.privacy_neighbour``) or checks the one the clerk named, and prices it by
  the rule in force; :func:`record_privacy` stores the choice (kind ``extra``, ``beside`` the
  official's choice) and its ``extra_seats`` line with the fare, in one unit of work.
- **Holds** (压座) are ``services/gp_holds.py``'s.

Nothing here commits (docs/architecture.md rule 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.gp import (
    ENTITLEMENT_LABELS_ZH,
    Entitlement,
    GpLevel,
    entitlements,
    parse_gp_level,
)
from counter_app.domain.money import from_fen, to_fen
from counter_app.domain.seat_services import (
    PrivacySeatRule,
    SeatService,
    check_service,
    privacy_rule,
    privacy_seat_fare,
    required_level,
    service_allowed,
)
from counter_app.domain.seatmap import SeatChart, SeatState, privacy_neighbour
from counter_app.kernel.clock import SHANGHAI
from counter_app.services import seating
from counter_app.services.identity import ClerkSession
from counter_app.services.payments import Override, approve_override
from counter_app.services.rules import load_rules
from counter_app.services.seating import SeatChoiceRow
from counter_app.storage.models import (
    BookingPassenger,
    BookingQuote,
    BookingSegment,
    Clerk,
    ExtraSeat,
    Flight,
    SeatChoice,
)
from counter_app.sync import protocol
from counter_app.sync.status import naive_utc

__all__ = [
    "LIVE_STATES",
    "SEAT_ENTITLEMENTS",
    "EntitlementLine",
    "ExtraSeatLine",
    "GpSeatServices",
    "PrivacyPlan",
    "ServiceOffer",
    "extra_seat_lines",
    "gp_seat_services",
    "level_of",
    "passenger_of",
    "prepare_lock",
    "prepare_privacy",
    "prepare_unlock",
    "record_privacy",
    "release_choice",
    "segment_of",
]

# The entitlements about seats, highlighted where the level's services are listed.
SEAT_ENTITLEMENTS = frozenset({
    Entitlement.SEAT_PRESELECTION, Entitlement.HOLIDAY_SEAT_RESERVATION,
    Entitlement.FAMILY_SPARE_SEATS, Entitlement.MULTI_FLIGHT_SEAT_HOLD, Entitlement.SEAT_LOCK,
})
# A choice in these states holds its seat; released and refused ones are history.
LIVE_STATES = ("provisional", "confirmed", "moved")


# --- what the official may have ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntitlementLine:
    """One service of the official's level, in Chinese; ``seat``: a seat service."""

    code: str
    label_zh: str
    seat: bool


@dataclass(frozen=True, slots=True)
class ServiceOffer:
    """Whether the official may have a seat service, and the level it needs."""

    service: str
    allowed: bool
    needs: str


@dataclass(frozen=True, slots=True)
class GpSeatServices:
    """What the GP seat panel shows for one passenger on one segment. ``level`` is ``""``
    for a passenger who is no GP official; ``privacy_fare`` is None where no privacy seat
    can be had (level, or no rule in force)."""

    passenger_id: str
    passenger_name: str
    level: str
    flight_no: str
    entitlements: tuple[EntitlementLine, ...]
    offers: tuple[ServiceOffer, ...]
    privacy_fare: Decimal | None
    privacy_basis: str
    seat_choice_id: str
    seat: str
    locked: bool
    privacy_seat: str

    def offer(self, service: SeatService | str) -> ServiceOffer:
        return next(o for o in self.offers if o.service == str(service))


def passenger_of(session: Session, passenger_id: str) -> BookingPassenger:
    passenger = session.get(BookingPassenger, passenger_id)
    if passenger is None:
        raise DomainError("passenger_unknown", field="passenger", passenger_id=passenger_id)
    return passenger


def level_of(passenger: BookingPassenger) -> GpLevel | None:
    return parse_gp_level(passenger.gp_level) if passenger.gp_level else None


def segment_of(session: Session, segment_id: str) -> tuple[BookingSegment, Flight]:
    segment = session.get(BookingSegment, segment_id)
    flight = None if segment is None else session.get(Flight, segment.flight_id)
    if segment is None or flight is None:
        raise DomainError("flight_unknown", field="flight", segment_id=segment_id)
    return segment, flight


def _business_day(now: datetime) -> date:
    return (now if now.tzinfo else now.replace(tzinfo=UTC)).astimezone(SHANGHAI).date()


def _privacy_rule(session: Session, flight: Flight, now: datetime) -> PrivacySeatRule | None:
    """The airline's privacy-seat rule in force today, None where no rule covers it."""
    rules = load_rules(session).privacy_seat
    try:
        return privacy_rule(rules, flight.carrier, _business_day(now))
    except DomainError:
        return None


def _own_seat(session: Session, passenger_id: str, segment_id: str) -> SeatChoice | None:
    return session.scalars(
        select(SeatChoice).where(SeatChoice.passenger_id == passenger_id,
                                 SeatChoice.segment_id == segment_id,
                                 SeatChoice.kind == "seat", SeatChoice.state.in_(LIVE_STATES))
        .order_by(SeatChoice.created_at.desc())).first()


def _privacy_of(session: Session, choice_id: str) -> SeatChoice | None:
    return session.scalars(
        select(SeatChoice).where(SeatChoice.beside == choice_id, SeatChoice.kind == "extra",
                                 SeatChoice.state.in_(LIVE_STATES))).first()


def gp_seat_services(session: Session, passenger_id: str, segment_id: str,
                     now: datetime) -> GpSeatServices:
    """The official's level, its entitlements (seat ones marked) and which seat services
    the level has, with the privacy seat's fare by the rule in force."""
    passenger = passenger_of(session, passenger_id)
    segment, flight = segment_of(session, segment_id)
    level = level_of(passenger)
    rule = _privacy_rule(session, flight, now)
    granted = entitlements(level) if level is not None else frozenset()
    lines = tuple(EntitlementLine(e.value, ENTITLEMENT_LABELS_ZH[e], e in SEAT_ENTITLEMENTS)
                  for e in Entitlement if e in granted)
    offers = tuple(ServiceOffer(s.value, service_allowed(s, level, rule),
                                required_level(s, rule) or "V4")
                   for s in (SeatService.LOCK, SeatService.PRIVACY, SeatService.HOLD))
    fare: Decimal | None = None
    basis = ""
    if level is not None and rule is not None and service_allowed(SeatService.PRIVACY, level,
                                                                  rule):
        published, paid = _fares(session, passenger_id, segment_id, flight)
        priced = privacy_seat_fare(rule, level, published_fare=published, paid_fare=paid)
        fare, basis = priced.amount, priced.basis
    own = _own_seat(session, passenger_id, segment.id)
    extra = None if own is None else _privacy_of(session, own.choice_id)
    return GpSeatServices(
        passenger_id=passenger.id, passenger_name=passenger.name,
        level="" if level is None else level.value, flight_no=flight.flight_no,
        entitlements=lines, offers=offers, privacy_fare=fare, privacy_basis=basis,
        seat_choice_id="" if own is None else own.choice_id,
        seat="" if own is None else own.seat, locked=bool(own and own.locked),
        privacy_seat="" if extra is None else extra.seat,
    )


def _fares(session: Session, passenger_id: str, segment_id: str,
           flight: Flight) -> tuple[Decimal, Decimal]:
    """The booked class's published fare and what the official pays for their seat (the
    booking's quote); the cabin's full fare where nothing was quoted yet."""
    quote = session.scalars(
        select(BookingQuote).where(BookingQuote.passenger_id == passenger_id,
                                   BookingQuote.segment_id == segment_id)
        .order_by(BookingQuote.quoted_at.desc())).first()
    if quote is None:
        full = from_fen(flight.y_fare_fen)
        return full, full
    return from_fen(quote.published_fare_fen), from_fen(quote.fare_fen)


# --- seat lock -----------------------------------------------------------------------------


def prepare_lock(session: Session, passenger_id: str, segment_id: str, seat: str,
                 clerk_login: str, now: datetime, *, replaces: str = "") -> protocol.SeatChoose:
    """A locked seat for a V4/V5 official (``gp_level_lacks`` for any other), checked by
    the seat rules; nothing written."""
    check_service(SeatService.LOCK, level_of(passenger_of(session, passenger_id)))
    return seating.prepare_choice(session, passenger_id, segment_id, seat, clerk_login, now,
                                  locked=True, replaces=replaces)


def prepare_unlock(session: Session, choice_id: str, *, clerk: ClerkSession, now: datetime,
                   override: Override | None = None,
                   reason: str = "clerk") -> protocol.SeatRelease:
    """The ``seat.release`` of a choice, a locked one with a supervisor's approval (checked
    and audited here, ``override``, kind ``seat_unlock``); the release itself is not stored.

    Refusals: ``not_your_choice``, ``lock_needs_supervisor`` (a locked seat, no supervisor
    given), ``override_refused`` (the login is refused, or ``reason`` ``other_outlet``: a
    supervisor of another outlet, whom head office would refuse).
    """
    choice = session.get(SeatChoice, choice_id)
    if choice is None or choice.state not in LIVE_STATES:
        raise DomainError("not_your_choice", field="seat", choice_id=choice_id)
    approver = ""
    if choice.locked:
        if override is None:
            raise DomainError("lock_needs_supervisor", field="override", seat=choice.seat)
        approver = approve_override(
            session, override, action="seat_unlock", clerk_login=clerk.login, now=now,
            detail={"choice_id": choice_id, "seat": choice.seat, "flight_id": choice.flight_id},
        )
        if session.scalar(select(Clerk.outlet_code).where(Clerk.login == approver)) != (
            clerk.outlet_code
        ):
            raise DomainError("override_refused", field="override", reason="other_outlet")
    return protocol.SeatRelease.model_validate({
        "choice_id": choice_id, "reason": reason, "approved_by": approver,
        "clerk_login": clerk.login, "released_at": naive_utc(now).replace(tzinfo=UTC)})


def release_choice(session: Session, choice_id: str, *, clerk: ClerkSession, now: datetime,
                   override: Override | None = None, reason: str = "clerk",
                   sent_live: bool = False) -> protocol.SeatRelease:
    """Give back a seat choice, a locked one only with a supervisor's login
    (:func:`prepare_unlock`'s refusals; nothing is written then). The release is stored
    with its ``seat.release`` op unless it was already sent live (``sent_live``)."""
    payload = prepare_unlock(session, choice_id, clerk=clerk, now=now, override=override,
                             reason=reason)
    seating.record_release(session, choice_id, clerk.login, now, reason,
                           approved_by=payload.approved_by, sent_live=sent_live)
    return payload


# --- privacy seat (EXST) -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PrivacyPlan:
    """A privacy seat ready to send: the ``seat.choose`` (kind ``extra``) and its fare."""

    payload: protocol.SeatChoose
    booking_id: str
    segment_id: str
    passenger_id: str
    official_seat: str
    fare: Decimal
    basis: str
    rule_from: date


def prepare_privacy(session: Session, official_choice_id: str, clerk_login: str,
                    now: datetime, seat: str | None = None) -> PrivacyPlan:
    """The seat beside the official's chosen seat, kept empty as an extra seat (``EXST``).

    ``seat`` None takes the free neighbour on the same side of the aisle
    (``seatmap.privacy_neighbour``). Refusals (nothing written): ``not_your_choice`` (no
    such live seat choice), ``gp_level_lacks`` (``service`` ``privacy``: the level, or no
    rule in force for the carrier), ``seat_taken`` (no free seat beside, or the one named
    is not free or not beside), the seat rules' own refusals.
    """
    official = session.get(SeatChoice, official_choice_id)
    if (official is None or official.state not in LIVE_STATES or official.kind != "seat"
            or official.passenger_id is None or official.segment_id is None):
        raise DomainError("not_your_choice", field="seat", choice_id=official_choice_id)
    passenger = passenger_of(session, official.passenger_id)
    segment, flight = segment_of(session, official.segment_id)
    level = level_of(passenger)
    rule = _privacy_rule(session, flight, now)
    check_service(SeatService.PRIVACY, level, rule)
    # check_service refused a passenger without a level, and a carrier without a rule.
    assert level is not None
    assert rule is not None
    if _privacy_of(session, official.choice_id) is not None:
        raise DomainError("seat_taken", field="seat", seat=official.seat, reason="has_privacy")
    chart = seating.seat_chart(session, segment.id, passenger.id, now)
    free_beside = _neighbours(chart, official.seat)
    wanted = (free_beside[0] if free_beside else None) if seat is None else seat.strip().upper()
    if wanted is None or wanted not in free_beside:
        raise DomainError("seat_taken", field="seat", seat=wanted or official.seat,
                          reason="not_beside")
    payload = seating.prepare_choice(session, passenger.id, segment.id, wanted, clerk_login,
                                     now, kind="extra", beside=official.choice_id)
    published, paid = _fares(session, passenger.id, segment.id, flight)
    priced = privacy_seat_fare(rule, level, published_fare=published, paid_fare=paid)
    return PrivacyPlan(payload=payload, booking_id=segment.booking_id, segment_id=segment.id,
                       passenger_id=passenger.id, official_seat=official.seat,
                       fare=priced.amount, basis=priced.basis, rule_from=priced.rule_from)


def _neighbours(chart: SeatChart, official: str) -> list[str]:
    """The free seats right beside ``official`` on its side of the aisle, best first."""
    states: dict[str, SeatState] = dict(chart.states)
    found: list[str] = []
    while (code := privacy_neighbour(chart.seat_map, official, states)) is not None:
        found.append(code)
        states[code] = SeatState.TAKEN
    return found


def record_privacy(session: Session, plan: PrivacyPlan, answer: protocol.SeatAnswer | None,
                   now: datetime) -> SeatChoiceRow:
    """Store the privacy seat (confirmed live by ``answer``, or provisional with its op) and
    its ``extra_seats`` line with the fare, in the caller's unit of work."""
    row = seating.record_choice(session, plan.payload, answer, now)
    if session.get(ExtraSeat, plan.payload.choice_id) is None:
        session.add(ExtraSeat(
            choice_id=plan.payload.choice_id, booking_id=plan.booking_id,
            segment_id=plan.segment_id, passenger_id=plan.passenger_id,
            fare_fen=to_fen(plan.fare), fare_basis=plan.basis, rule_from=plan.rule_from,
            created_at=naive_utc(now)))
        session.flush()
    return row


@dataclass(frozen=True, slots=True)
class ExtraSeatLine:
    """A privacy seat as a document prints it: ``EXST 32B 隐私座``."""

    flight_no: str
    seat: str
    beside_seat: str
    passenger_name: str
    fare: Decimal
    basis: str
    passenger_id: str = ""
    segment_id: str = ""

    @property
    def text(self) -> str:
        return f"EXST {self.seat} 隐私座"

    @property
    def detail(self) -> str:
        """The confirmation's line: ``CA1144 EXST 31B 隐私座（赵国华 31A 旁，免费）``."""
        fare = "免费" if self.basis == "free" else f"票价 {self.fare:.2f} 元"
        beside = f" {self.beside_seat} 旁" if self.beside_seat else "旁"
        return f"{self.flight_no} {self.text}（{self.passenger_name}{beside}，{fare}）"


def extra_seat_lines(session: Session, booking_id: str) -> list[ExtraSeatLine]:
    """The booking's live privacy seats, flight by flight (for its documents and screens)."""
    rows = session.execute(
        select(SeatChoice, ExtraSeat, Flight.flight_no)
        .join(ExtraSeat, ExtraSeat.choice_id == SeatChoice.choice_id)
        .join(Flight, Flight.id == SeatChoice.flight_id)
        .where(ExtraSeat.booking_id == booking_id, SeatChoice.state.in_(LIVE_STATES))
        .order_by(Flight.dep_date, Flight.dep_time, SeatChoice.seat)).all()
    lines: list[ExtraSeatLine] = []
    for choice, extra, flight_no in rows:
        official = session.get(SeatChoice, choice.beside)
        lines.append(ExtraSeatLine(
            flight_no=flight_no, seat=choice.seat,
            beside_seat="" if official is None else official.seat,
            passenger_name=choice.passenger_name, fare=from_fen(extra.fare_fen),
            basis=extra.fare_basis, passenger_id=extra.passenger_id,
            segment_id=extra.segment_id))
    return lines
