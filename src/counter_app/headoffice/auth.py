"""Counter enrollment and device tokens (柜台开通与设备令牌).

- An **enrollment code** is made at head office for one outlet (``counter-headoffice enroll
  --outlet HET001``): 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
  shown once, stored only as SHA-256, valid 24 hours, usable once.
- Enrolling creates the counter, grants it a receipt-serial range and one ticket range per
  airline prefix (so it can sell at once), and returns a token pair.
- **Tokens** are 32 random bytes (URL-safe base64); only their SHA-256 is stored. Access
  tokens live 12 hours, refresh tokens 30 days; a refresh revokes every earlier token of
  the counter and returns a new pair (rotation: an old refresh token is refused).
- :func:`authenticate` finds the counter behind an access token; the FastAPI dependency
  for ``Authorization: Bearer`` is ``deps.current_counter``.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi.security import HTTPBearer
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.models import Clerk, Counter, EnrollmentCode, Outlet, Token
from counter_app.headoffice.records import aware, naive_utc
from counter_app.kernel.ids import new_id
from counter_app.sync.protocol import EnrollResponse, TokenPair

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 10
CODE_LIFETIME = timedelta(hours=24)
ACCESS_LIFETIME = timedelta(hours=12)
REFRESH_LIFETIME = timedelta(days=30)
# Writing last_seen_at on every request would make every read a write; once a minute is
# plenty for the status report.
SEEN_RESOLUTION = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class CounterIdentity:
    """Who is calling: an enrolled, active counter and its outlet."""

    counter_id: str
    outlet_code: str


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def normalise_code(code: str) -> str:
    """Codes are typed by people: ignore case, spaces and dashes."""
    return "".join(ch for ch in code.upper() if ch not in " -\t")


# --- enrollment codes ------------------------------------------------------------------------


def create_enrollment_code(session: Session, outlet_code: str, now: datetime) -> str:
    """A new one-time code for ``outlet_code``; the plain code exists only in the return."""
    if session.get(Outlet, outlet_code) is None:
        raise ApiError(404, "outlet_unknown", f"no outlet {outlet_code!r}")
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    stamp = naive_utc(now)
    session.add(
        EnrollmentCode(
            code_hash=sha256(code), outlet_code=outlet_code, created_at=stamp,
            expires_at=stamp + CODE_LIFETIME,
        )
    )
    return code


def issue_tokens(session: Session, counter_id: str, now: datetime) -> TokenPair:
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    stamp = naive_utc(now)
    session.add_all(
        [
            Token(token_hash=sha256(access), counter_id=counter_id, kind="access",
                  issued_at=stamp, expires_at=stamp + ACCESS_LIFETIME, revoked=False),
            Token(token_hash=sha256(refresh), counter_id=counter_id, kind="refresh",
                  issued_at=stamp, expires_at=stamp + REFRESH_LIFETIME, revoked=False),
        ]
    )
    return TokenPair(
        access_token=access, access_expires_at=aware(stamp + ACCESS_LIFETIME),
        refresh_token=refresh, refresh_expires_at=aware(stamp + REFRESH_LIFETIME),
    )


def enroll(session: Session, code: str, counter_name: str, now: datetime) -> EnrollResponse:
    """Use a one-time code: 403 ``enroll_code_invalid|used|expired`` when it cannot be."""
    from counter_app.headoffice.inventory import grant_starter_ranges

    row = session.execute(
        select(EnrollmentCode)
        .where(EnrollmentCode.code_hash == sha256(normalise_code(code)))
        .with_for_update()
    ).scalar_one_or_none()
    stamp = naive_utc(now)
    if row is None:
        raise ApiError(403, "enroll_code_invalid", "this enrollment code is not known")
    if row.used_at is not None:
        raise ApiError(403, "enroll_code_used", "this enrollment code was already used")
    if row.expires_at <= stamp:
        raise ApiError(403, "enroll_code_expired", "this enrollment code has expired")
    outlet = session.get(Outlet, row.outlet_code)
    assert outlet is not None
    counter = Counter(
        id=new_id(), outlet_code=outlet.code, name=counter_name, enrolled_at=stamp,
        last_seen_at=stamp, app_version="", status="active",
    )
    session.add(counter)
    session.flush()
    row.used_at = stamp
    row.counter_id = counter.id
    tokens = issue_tokens(session, counter.id, now)
    grant_starter_ranges(session, counter.id, now)
    return EnrollResponse(
        counter_id=counter.id, outlet_code=outlet.code, outlet_name=outlet.name_zh, tokens=tokens
    )


REFRESH_REUSE_GRACE = timedelta(minutes=5)


def refresh(session: Session, counter_id: str, refresh_token: str, now: datetime) -> TokenPair:
    """Rotate: every other token of the counter is revoked and a new pair returned.

    The refresh token presented stays usable for :data:`REFRESH_REUSE_GRACE` more: on a bad
    line the answer carrying the new pair can be lost after head office committed it, and
    the counter must be able to ask again with the only token it holds — otherwise it is
    locked out with a queue of sales only a re-enrollment (a new counter id) could free.
    Asking again rotates again, revoking the pair that was lost."""
    row = session.execute(
        select(Token).where(Token.token_hash == sha256(refresh_token)).with_for_update()
    ).scalar_one_or_none()
    if row is None or row.kind != "refresh" or row.revoked or row.counter_id != counter_id:
        raise ApiError(401, "token_invalid", "refresh token not valid; enroll the counter again")
    if row.expires_at <= naive_utc(now):
        raise ApiError(401, "token_expired", "refresh token expired; enroll the counter again")
    counter = session.get(Counter, counter_id)
    if counter is None or counter.status != "active":
        raise ApiError(401, "token_invalid", "this counter is not active")
    session.execute(
        update(Token)
        .where(
            Token.counter_id == counter_id,
            Token.revoked.is_(False),
            Token.token_hash != row.token_hash,
        )
        .values(revoked=True)
    )
    row.expires_at = min(row.expires_at, naive_utc(now) + REFRESH_REUSE_GRACE)
    return issue_tokens(session, counter_id, now)


# --- the request dependency --------------------------------------------------------------------

bearer = HTTPBearer(auto_error=False, description="Device access token from /enroll")


def authenticate(session: Session, token: str, now: datetime) -> tuple[CounterIdentity, bool]:
    """The counter behind an access token, and whether last_seen_at is due for an update."""
    row = session.execute(
        select(Token.counter_id, Token.kind, Token.expires_at, Token.revoked,
               Counter.outlet_code, Counter.status, Counter.last_seen_at)
        .join(Counter, Counter.id == Token.counter_id)
        .where(Token.token_hash == sha256(token))
    ).first()
    if row is None or row.kind != "access" or row.revoked or row.status != "active":
        raise ApiError(401, "token_invalid", "access token not valid")
    stamp = naive_utc(now)
    if row.expires_at <= stamp:
        raise ApiError(401, "token_expired", "access token expired; refresh it")
    due = row.last_seen_at is None or stamp - row.last_seen_at >= SEEN_RESOLUTION
    return CounterIdentity(row.counter_id, row.outlet_code), due


def active_clerks(session: Session, outlet_code: str) -> set[str]:
    """Logins that may sign ops from a counter of ``outlet_code``."""
    return set(
        session.scalars(
            select(Clerk.login).where(Clerk.outlet_code == outlet_code, Clerk.active.is_(True))
        )
    )
