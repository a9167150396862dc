"""Counter enrollment, device tokens and their revocation (柜台开通、设备令牌与吊销).

- An **enrollment code** is made at head office for one outlet (``counter-headoffice enroll
  --outlet HET001``): 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
  shown once, stored only as SHA-256, valid 24 hours, usable once.
- **Enrollment is throttled** across every server process through ``enroll_attempts``: a
  source address that sent :data:`ENROLL_WRONG_PER_SOURCE` wrong codes (unknown, used or
  expired) in :data:`ENROLL_SOURCE_WINDOW`, or any attempt while
  :data:`ENROLL_WRONG_GLOBAL` wrong codes came from anywhere in the last
  :data:`ENROLL_GLOBAL_WINDOW`, is answered 429 ``enroll_throttled`` with ``Retry-After``
  — even when it carries the right code. The check, the code and the note of the attempt
  are one write unit of work (serialised by an advisory lock on PostgreSQL, by the single
  writer on SQLite), so parallel guesses cannot slip past the count.
- Enrolling creates the counter, grants it a receipt-serial range and one ticket range per
  airline prefix (so it can sell at once), and returns a token pair that starts a new
  token **family**.
- **Tokens** are 32 random bytes (URL-safe base64); only their SHA-256 is stored. Access
  tokens live 12 hours, refresh tokens 30 days.
- **Refresh rotation with reuse detection** (OAuth 2.1, §4.3.1 of the security BCP). A
  refresh exchanges the presented refresh token for a new pair in the same family: the
  presented token is marked exchanged (``rotated_at``), every other token of the counter is
  revoked. Presenting an exchanged refresh token again is either a counter whose answer was
  lost on the line, or a thief replaying a copy; head office tells them apart by whether
  the successor pair was ever **used** (its access token authenticated a request — the
  first use is noted in that access token's ``rotated_at`` — or its refresh token was
  exchanged in turn):

  * the successor pair was never used, and the token presented is the one it was issued
    for: the lost-answer case. The unused successor is revoked and a new pair is issued
    (as often as the answer keeps getting lost, as long as nothing used a successor);
  * otherwise (the successor was used, or an older refresh token of the chain is shown,
    or one that a lost-answer retry had superseded): theft. The whole family is revoked
    — the thief's pair and the owner's — and the answer is 401 ``token_reused``. The
    counter itself is **not** disabled: staff enroll it again with a new code (or disable
    it if it was the stolen one). A thief who replays a copy before the owner uses its
    new pair gets a pair that dies the moment the owner's next refresh presents its own
    (now superseded) token.

  To tell "the pair issued for this token" apart even when two rotations happen in the
  same microsecond (a fixed test clock), the stamps of one family strictly increase: a new
  pair is stamped at least one microsecond after the family's newest token.
- Head office staff can **disable** a counter (``counter-headoffice counters disable``):
  every request and refresh of it is then refused with 401 ``counter_disabled`` until it is
  enabled again; its tokens are kept. **Revoking** (``counters revoke``) kills every token
  of the counter for good: it must be enrolled again.
- :func:`authenticate` finds the counter behind an access token; the FastAPI dependency
  for ``Authorization: Bearer`` is ``deps.current_counter``.
"""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi.security import HTTPBearer
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from counter_app.headoffice.db import lock_key
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.models import (
    Clerk,
    Counter,
    EnrollAttempt,
    EnrollmentCode,
    Outlet,
    Token,
)
from counter_app.headoffice.records import aware, naive_utc
from counter_app.kernel.ids import new_id
from counter_app.sync.protocol import EnrollResponse, TokenPair

log = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 10
CODE_LIFETIME = timedelta(hours=24)
ACCESS_LIFETIME = timedelta(hours=12)
REFRESH_LIFETIME = timedelta(days=30)
# Writing last_seen_at on every request would make every read a write; once a minute is
# plenty for the status report.
SEEN_RESOLUTION = timedelta(seconds=60)

ENROLL_WRONG_PER_SOURCE = 10
ENROLL_SOURCE_WINDOW = timedelta(minutes=10)
ENROLL_WRONG_GLOBAL = 60
ENROLL_GLOBAL_WINDOW = timedelta(minutes=1)
ENROLL_ATTEMPTS_KEPT = timedelta(days=1)
_WRONG_CODES = frozenset({"enroll_code_invalid", "enroll_code_used", "enroll_code_expired"})
_TICK = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class CounterIdentity:
    """Who is calling: an enrolled, active counter and its outlet."""

    counter_id: str
    outlet_code: str


@dataclass(frozen=True, slots=True)
class Authenticated:
    """What :func:`authenticate` found: the counter, whether ``last_seen_at`` is due for
    an update, and the hash of the access token when this is its first use (to be noted,
    see the module docstring), else ``None``."""

    identity: CounterIdentity
    seen_due: bool
    first_use: str | None
    expires_at: datetime  # the access token's expiry (aware, UTC)


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


def issue_tokens(
    session: Session, counter_id: str, now: datetime, family: str | None = None,
    stamp: datetime | None = None,
) -> TokenPair:
    """A new pair in ``family`` (a new family when none), issued at ``stamp`` (default:
    ``now``)."""
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    stamp = stamp or naive_utc(now)
    family = family or new_id()
    session.add_all(
        [
            Token(token_hash=sha256(access), counter_id=counter_id, kind="access",
                  issued_at=stamp, expires_at=stamp + ACCESS_LIFETIME, revoked=False,
                  family=family),
            Token(token_hash=sha256(refresh), counter_id=counter_id, kind="refresh",
                  issued_at=stamp, expires_at=stamp + REFRESH_LIFETIME, revoked=False,
                  family=family),
        ]
    )
    return TokenPair(
        access_token=access, access_expires_at=aware(stamp + ACCESS_LIFETIME),
        refresh_token=refresh, refresh_expires_at=aware(stamp + REFRESH_LIFETIME),
    )


def _throttled(session: Session, source: str, stamp: datetime) -> ApiError | None:
    """429 ``enroll_throttled`` when ``source`` or everyone sent too many wrong codes."""
    lock_key(session, "enroll_attempts")
    since = stamp - ENROLL_SOURCE_WINDOW
    mine = session.scalar(
        select(func.count()).where(
            EnrollAttempt.source == source, EnrollAttempt.ok.is_(False),
            EnrollAttempt.attempted_at > since,
        )
    ) or 0
    wait: timedelta | None = None
    if mine >= ENROLL_WRONG_PER_SOURCE:
        # The window frees a try when its oldest wrong code leaves it.
        oldest = session.scalar(
            select(EnrollAttempt.attempted_at).where(
                EnrollAttempt.source == source, EnrollAttempt.ok.is_(False),
                EnrollAttempt.attempted_at > since,
            ).order_by(EnrollAttempt.attempted_at.desc())
            .offset(ENROLL_WRONG_PER_SOURCE - 1).limit(1)
        )
        wait = (oldest or stamp) + ENROLL_SOURCE_WINDOW - stamp
    else:
        everyone = session.scalar(
            select(func.count()).where(
                EnrollAttempt.ok.is_(False),
                EnrollAttempt.attempted_at > stamp - ENROLL_GLOBAL_WINDOW,
                # head-office staff logins note their tries here too (headoffice/staff.py)
                ~EnrollAttempt.source.startswith("staff:"),
            )
        ) or 0
        if everyone >= ENROLL_WRONG_GLOBAL:
            wait = ENROLL_GLOBAL_WINDOW
    if wait is None:
        return None
    seconds = max(1, math.ceil(wait.total_seconds()))
    return ApiError(429, "enroll_throttled",
                    f"too many wrong enrollment codes; try again in {seconds} s",
                    headers={"Retry-After": str(seconds)})


def enroll_from(
    session: Session, source: str, code: str, counter_name: str, now: datetime
) -> EnrollResponse | ApiError:
    """:func:`enroll` behind the throttle; every try is noted in ``enroll_attempts``.

    A refusal is *returned*, not raised, so the caller commits the note of a wrong code
    before it answers (raising would roll the note back)."""
    stamp = naive_utc(now)
    refused = _throttled(session, source[:64], stamp)
    if refused is not None:
        return refused
    session.execute(delete(EnrollAttempt).where(
        EnrollAttempt.attempted_at < stamp - ENROLL_ATTEMPTS_KEPT))
    try:
        answer = enroll(session, code, counter_name, now)  # refuses before it writes
    except ApiError as exc:
        if exc.code not in _WRONG_CODES:
            raise
        session.add(EnrollAttempt(source=source[:64], attempted_at=stamp, ok=False))
        return exc
    session.add(EnrollAttempt(source=source[:64], attempted_at=stamp, ok=True))
    return answer


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


# --- refresh with reuse detection ---------------------------------------------------------------


def _refuse_if_disabled(counter: Counter | None) -> None:
    if counter is None:
        raise ApiError(401, "token_invalid", "this counter is not known")
    if counter.status != "active":
        raise ApiError(401, "counter_disabled",
                       "head office disabled this counter; ask head office")


def _lock_family(session: Session, counter_id: str, family: str, stamp: datetime) -> ApiError:
    """Revoke every token of the family (the thief's and the owner's): 401 to answer."""
    session.execute(
        update(Token).where(Token.counter_id == counter_id, Token.family == family,
                            Token.revoked.is_(False))
        .values(revoked=True)
    )
    log.warning("refresh token reuse on counter %s: token family revoked at %s",
                counter_id, stamp.isoformat())
    return ApiError(401, "token_reused",
                    "this refresh token was already used; the counter's tokens are revoked "
                    "and it must be enrolled again")


def refresh(
    session: Session, counter_id: str, refresh_token: str, now: datetime
) -> TokenPair | ApiError:
    """Rotate the presented refresh token (see the module docstring): a new pair, or 401
    ``token_invalid`` / ``token_expired`` / ``counter_disabled`` raised, or the 401
    ``token_reused`` refusal *returned* after the family was revoked in ``session``, so the
    caller commits the revocation before it answers (raising would roll it back)."""
    row = session.execute(
        select(Token).where(Token.token_hash == sha256(refresh_token)).with_for_update()
    ).scalar_one_or_none()
    if row is None or row.kind != "refresh" or row.counter_id != counter_id:
        raise ApiError(401, "token_invalid", "refresh token not valid; enroll the counter again")
    _refuse_if_disabled(session.get(Counter, counter_id))
    stamp = naive_utc(now)
    family = row.family
    if family is None:  # a token from before families: it starts one now
        family = row.family = new_id()
    # Every token of the family, locked: two refreshes of one family take turns.
    tokens = list(session.scalars(
        select(Token).where(Token.counter_id == counter_id, Token.family == family)
        .with_for_update()
    ))
    live = [t for t in tokens if not t.revoked and t.rotated_at is None and t.kind == "refresh"]
    if row.revoked:
        if live:
            # Revoked, yet the family lives on: a lost-answer retry of its predecessor
            # superseded it, so someone else holds the chain.
            return _lock_family(session, counter_id, family, stamp)
        raise ApiError(401, "token_invalid", "refresh token not valid; enroll the counter again")
    if row.expires_at <= stamp:
        raise ApiError(401, "token_expired", "refresh token expired; enroll the counter again")
    if row.rotated_at is not None:
        successor = [t for t in tokens if not t.revoked and t.issued_at == row.rotated_at]
        unused = bool(successor) and all(t.rotated_at is None for t in successor)
        if not unused or len(live) != 1 or live[0] not in successor:
            return _lock_family(session, counter_id, family, stamp)
        # The answer carrying the successor was lost: it was never used; issue another.
    newest = max(t.issued_at for t in tokens)
    issued = max(stamp, newest + _TICK)
    for t in session.scalars(
        select(Token).where(Token.counter_id == counter_id, Token.revoked.is_(False),
                            Token.token_hash != row.token_hash)
    ):
        if t.kind == "access" or t.rotated_at is None:
            t.revoked = True  # exchanged refresh tokens stay, to recognise a replay
    row.rotated_at = issued
    return issue_tokens(session, counter_id, now, family=family, stamp=issued)


# --- disabling and revoking (counter-headoffice counters ...) ------------------------------------


def disable_counter(session: Session, counter_id: str, reason: str, now: datetime) -> Counter:
    """Refuse every request and refresh of the counter until it is enabled again."""
    counter = session.get(Counter, counter_id, with_for_update=True)
    if counter is None:
        raise ApiError(404, "counter_unknown", f"no counter {counter_id}")
    counter.status = "disabled"
    counter.disabled_at = naive_utc(now)
    counter.disabled_reason = reason[:128]
    return counter


def enable_counter(session: Session, counter_id: str) -> Counter:
    """Let a disabled counter in again (its tokens were kept)."""
    counter = session.get(Counter, counter_id, with_for_update=True)
    if counter is None:
        raise ApiError(404, "counter_unknown", f"no counter {counter_id}")
    counter.status = "active"
    counter.disabled_at = None
    counter.disabled_reason = ""
    return counter


def revoke_tokens(session: Session, counter_id: str) -> int:
    """Revoke every token of the counter; the number revoked. It must enroll again."""
    if session.get(Counter, counter_id) is None:
        raise ApiError(404, "counter_unknown", f"no counter {counter_id}")
    result = session.execute(
        update(Token).where(Token.counter_id == counter_id, Token.revoked.is_(False))
        .values(revoked=True)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def live_tokens(session: Session, now: datetime) -> dict[str, int]:
    """Per counter id, how many of its tokens can still be used (not revoked, not expired,
    and for a refresh token not exchanged yet)."""
    return {
        counter_id: count for counter_id, count in session.execute(
            select(Token.counter_id, func.count())
            .where(Token.revoked.is_(False), Token.expires_at > naive_utc(now),
                   (Token.kind == "access") | Token.rotated_at.is_(None))
            .group_by(Token.counter_id)
        )
    }


# --- the request dependency --------------------------------------------------------------------

bearer = HTTPBearer(auto_error=False, description="Device access token from /enroll")


def authenticate(session: Session, token: str, now: datetime) -> Authenticated:
    """The counter behind an access token; 401 ``token_invalid`` / ``token_expired`` /
    ``counter_disabled``."""
    token_hash = sha256(token)
    row = session.execute(
        select(Token.counter_id, Token.kind, Token.expires_at, Token.revoked, Token.rotated_at,
               Counter.outlet_code, Counter.status, Counter.last_seen_at)
        .join(Counter, Counter.id == Token.counter_id)
        .where(Token.token_hash == token_hash)
    ).first()
    if row is None or row.kind != "access" or row.revoked:
        raise ApiError(401, "token_invalid", "access token not valid")
    if row.status != "active":
        raise ApiError(401, "counter_disabled",
                       "head office disabled this counter; ask head office")
    stamp = naive_utc(now)
    if row.expires_at <= stamp:
        raise ApiError(401, "token_expired", "access token expired; refresh it")
    due = row.last_seen_at is None or stamp - row.last_seen_at >= SEEN_RESOLUTION
    return Authenticated(CounterIdentity(row.counter_id, row.outlet_code), due,
                         token_hash if row.rotated_at is None else None, aware(row.expires_at))


def note_use(session: Session, counter_id: str, first_use: str | None, seen_due: bool,
             now: datetime) -> None:
    """Write what :func:`authenticate` found due: ``last_seen_at``, and the first use of an
    access token (its pair is then in use: a replay of its predecessor is theft)."""
    stamp = naive_utc(now)
    if seen_due:
        session.execute(update(Counter).where(Counter.id == counter_id)
                        .values(last_seen_at=stamp))
    if first_use is not None:
        session.execute(update(Token).where(Token.token_hash == first_use,
                                            Token.rotated_at.is_(None))
                        .values(rotated_at=stamp))


_ACTIVE_CLERKS = select(Clerk.__table__.c.login).where(
    Clerk.__table__.c.outlet_code == bindparam("outlet"), Clerk.__table__.c.active.is_(True))


def active_clerks(session: Session, outlet_code: str) -> set[str]:
    """Logins that may sign ops from a counter of ``outlet_code``."""
    return set(session.connection().execute(_ACTIVE_CLERKS, {"outlet": outlet_code}).scalars())
