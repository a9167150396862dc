"""E-ticket numbers (电子客票号), PNR record locators (订座记录编号) and coupon status.

An e-ticket number is the airline's 3-digit prefix (3U = 876, CA = 999 ...) and a 10-digit
serial, written ``876-2090171140``. No check-digit test is applied: domestic serials are
allocated in ranges and carry none that every airline honours.

Each flight coupon (航段联) of a ticket moves through IATA-style statuses; only some moves
are legal (you cannot refund a flown coupon).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from enum import StrEnum

from counter_app.domain.errors import DomainError
from counter_app.domain.ids import normalise_code

FIELD_TICKET = "ticket_number"
FIELD_PNR = "pnr"
MAX_SERIAL = 9_999_999_999

_TICKET_RE = re.compile(r"(\d{3})-?(\d{10})")
_PREFIX_RE = re.compile(r"\d{3}")
_PNR_RE = re.compile(r"[A-Z0-9]{6}")
# Letters and digits a clerk reads over the phone without mixing them up: no I/1, O/0.
PNR_ALPHABET = "".join(ch for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" if ch not in "IO01")


# --- e-ticket numbers ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class TicketNumber:
    """An e-ticket number; ordered by prefix then serial, so ranges sort naturally."""

    prefix: str  # 3 digits
    serial: int  # 0 .. 9 999 999 999, shown zero-padded to 10 digits

    def __post_init__(self) -> None:
        if not _PREFIX_RE.fullmatch(self.prefix) or not 0 <= self.serial <= MAX_SERIAL:
            raise DomainError("ticket_format", field=FIELD_TICKET)

    @classmethod
    def parse(cls, text: str) -> TicketNumber:
        """Accept ``876-2090171140``, ``8762090171140`` and either with spaces anywhere."""
        compact = "".join(normalise_code(text).split())
        match = _TICKET_RE.fullmatch(compact)
        if match is None:
            raise DomainError("ticket_format", field=FIELD_TICKET, text=text)
        return cls(match.group(1), int(match.group(2)))

    @property
    def digits(self) -> str:
        """The 13 digits without the dash (the form inside a BCBP barcode)."""
        return f"{self.prefix}{self.serial:010d}"

    def __str__(self) -> str:
        return f"{self.prefix}-{self.serial:010d}"


def ticket_number(prefix: str, serial: int) -> TicketNumber:
    """Build a ticket number from an allocated range's prefix and serial."""
    return TicketNumber(prefix, serial)


# --- PNR record locators -------------------------------------------------------------------------


def validate_pnr(text: str) -> str:
    """Check a PNR record locator (6 letters or digits) and return it upper-case."""
    code = normalise_code(text)
    if not _PNR_RE.fullmatch(code):
        raise DomainError("pnr_format", field=FIELD_PNR, text=text)
    return code


def new_pnr(rng: random.Random) -> str:
    """A fresh 6-character locator (for offline bookings), without I, O, 0 and 1.

    The caller passes the generator so tests are reproducible; uniqueness against existing
    locators is the store's job.
    """
    return "".join(rng.choice(PNR_ALPHABET) for _ in range(6))


# --- coupon status -----------------------------------------------------------------------------


class CouponStatus(StrEnum):
    """Status of one flight coupon, with the one-letter IATA-style codes."""

    OPEN = "O"  # OPEN FOR USE 客票有效
    CHECKED_IN = "C"  # CHECKED IN 已办理值机
    LIFTED = "L"  # LIFTED/BOARDED 已登机
    FLOWN = "F"  # FLOWN/USED 已使用
    REFUNDED = "R"  # REFUNDED 已退票
    EXCHANGED = "E"  # EXCHANGED 已换开 (changed onto a new ticket)
    VOID = "V"  # VOID 已作废
    SUSPENDED = "S"  # SUSPENDED 挂起 (frozen by the airline, e.g. during a dispute)


COUPON_STATUS_LABELS: dict[CouponStatus, tuple[str, str]] = {
    CouponStatus.OPEN: ("OPEN FOR USE", "客票有效"),
    CouponStatus.CHECKED_IN: ("CHECKED IN", "已办理值机"),
    CouponStatus.LIFTED: ("LIFTED/BOARDED", "已登机"),
    CouponStatus.FLOWN: ("FLOWN/USED", "已使用"),
    CouponStatus.REFUNDED: ("REFUNDED", "已退票"),
    CouponStatus.EXCHANGED: ("EXCHANGED", "已换开"),
    CouponStatus.VOID: ("VOID", "已作废"),
    CouponStatus.SUSPENDED: ("SUSPENDED", "挂起"),
}

_S = CouponStatus
_TRANSITIONS: dict[CouponStatus, frozenset[CouponStatus]] = {
    # Void, refund and exchange need the coupon unused and not checked in: the passenger
    # must be offloaded (C → O) first.
    _S.OPEN: frozenset({_S.CHECKED_IN, _S.VOID, _S.REFUNDED, _S.EXCHANGED, _S.SUSPENDED}),
    _S.CHECKED_IN: frozenset({_S.OPEN, _S.LIFTED}),  # check-in cancelled, or boarded
    _S.LIFTED: frozenset({_S.FLOWN}),  # flight closed and reported
    _S.SUSPENDED: frozenset({_S.OPEN}),  # released by the airline
    _S.FLOWN: frozenset(),
    _S.REFUNDED: frozenset(),
    _S.EXCHANGED: frozenset(),
    _S.VOID: frozenset(),
}
FINAL_COUPON_STATUSES = frozenset(s for s, nxt in _TRANSITIONS.items() if not nxt)


def coupon_transition_allowed(old: CouponStatus, new: CouponStatus) -> bool:
    """May a coupon move from ``old`` to ``new``? Staying put is not a transition."""
    return new in _TRANSITIONS[old]


def check_coupon_transition(old: CouponStatus, new: CouponStatus) -> None:
    """Raise ``DomainError("coupon_status")`` unless the move is allowed."""
    if not coupon_transition_allowed(old, new):
        raise DomainError("coupon_status", field="coupon_status", old=str(old), new=str(new))
