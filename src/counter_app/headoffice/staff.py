"""Head-office staff sessions (总部人员登录) for the inbox of service requests.

A head-office person logs in at a counter enrolled for the head office's own outlet:
``POST /staff/login`` carries the counter's ``Authorization: Bearer`` and the clerk's login
and password. Head office checks the password against the clerk's argon2 hash
(``kernel/passwords.py``, as the counter's own login does), and that the clerk is active,
of role ``head_office`` and of the counter's outlet. It answers a staff token: 32 random
bytes, URL-safe; only its SHA-256 is kept (:class:`StaffSessionRow`), for
:data:`STAFF_SESSION_LIFETIME` (8 hours).

Every inbox route then names :data:`CurrentStaff`: the counter authenticated as for any
other route (``deps.Authenticated``) AND a live session of ``X-Staff-Token`` opened from a
counter of the same outlet. Refusals (ErrorBody codes): 401 ``bad_credentials`` (unknown
login, wrong password, inactive clerk: the same answer, after the same hashing work),
401 ``staff_login_required`` (no or unknown staff token), 401 ``staff_session_expired``,
403 ``not_head_office`` (the clerk's role, or another outlet's clerk or counter),
429 ``staff_login_throttled`` (:func:`login_throttled`: five wrong passwords for one login
in 15 minutes).
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, Header
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from counter_app.headoffice.auth import CounterIdentity, sha256
from counter_app.headoffice.db import lock_key
from counter_app.headoffice.deps import Authenticated, Now, Office
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.models import Clerk, EnrollAttempt
from counter_app.headoffice.records import aware, naive_utc
from counter_app.headoffice.request_models import StaffSessionRow
from counter_app.kernel.passwords import hash_password, verify_password
from counter_app.sync.protocol.inbox import STAFF_TOKEN_HEADER, StaffLogin, StaffSession

__all__ = [
    "HEAD_OFFICE_ROLE",
    "STAFF_SESSION_LIFETIME",
    "CurrentStaff",
    "Staff",
    "current_staff",
    "login",
    "login_throttled",
    "logout",
    "staff_of_token",
]

HEAD_OFFICE_ROLE = "head_office"
STAFF_SESSION_LIFETIME = timedelta(hours=8)
STAFF_WRONG_PER_LOGIN = 5  # wrong passwords for one login ...
STAFF_WRONG_WINDOW = timedelta(minutes=15)  # ... within this long: that login waits
STAFF_SOURCE = "staff:"  # the source of a staff login's tries in enroll_attempts
# Hashed once, on first need: an unknown login costs the same argon2 work as a known one.
_dummy: list[str] = []


@dataclass(frozen=True, slots=True)
class Staff:
    """Who works the inbox: the head-office person and the counter they sit at."""

    login: str
    name: str
    counter: CounterIdentity


def _dummy_hash() -> str:
    if not _dummy:
        _dummy.append(hash_password(secrets.token_urlsafe(16)))
    return _dummy[0]


def _refused() -> ApiError:
    return ApiError(401, "bad_credentials", "wrong login or password")


def login(session: Session, counter: CounterIdentity, body: StaffLogin,
          now: datetime) -> StaffSession:
    """Open a staff session for ``body.login`` at ``counter``; the token is returned once."""
    name = body.login.strip().lower()
    clerk = session.scalars(select(Clerk).where(Clerk.login == name)).first()
    if clerk is None:
        verify_password(_dummy_hash(), body.password)
        raise _refused()
    if not verify_password(clerk.password_hash, body.password) or not clerk.active:
        raise _refused()
    if clerk.role != HEAD_OFFICE_ROLE:
        raise ApiError(403, "not_head_office", "only a head-office person may work the inbox",
                       {"role": clerk.role})
    if clerk.outlet_code != counter.outlet_code:
        raise ApiError(403, "not_head_office",
                       "this person does not belong to this counter's outlet",
                       {"outlet_code": counter.outlet_code})
    token = secrets.token_urlsafe(32)
    stamp = naive_utc(now)
    expires = stamp + STAFF_SESSION_LIFETIME
    session.add(StaffSessionRow(token_hash=sha256(token), login=clerk.login,
                                counter_id=counter.counter_id, created_at=stamp,
                                expires_at=expires))
    return StaffSession(token=token, login=clerk.login, name_zh=clerk.name_zh, role=clerk.role,
                        expires_at=aware(expires))


def login_throttled(session: Session, counter: CounterIdentity, body: StaffLogin,
                    now: datetime) -> StaffSession | ApiError:
    """:func:`login` behind a throttle on guessing: after :data:`STAFF_WRONG_PER_LOGIN` wrong
    passwords for one login within :data:`STAFF_WRONG_WINDOW`, every try of that login is
    429 ``staff_login_throttled`` (``Retry-After``) until the oldest leaves the window,
    even with the right password. Each try is noted in ``enroll_attempts`` (source
    ``staff:<login>``) across every server process; a refusal is *returned*, so the caller
    commits the note before it answers."""
    name = body.login.strip().lower()[:32]
    source = f"{STAFF_SOURCE}{name}"
    stamp = naive_utc(now)
    lock_key(session, "enroll_attempts")
    since = stamp - STAFF_WRONG_WINDOW
    wrong = list(session.scalars(
        select(EnrollAttempt.attempted_at).where(
            EnrollAttempt.source == source, EnrollAttempt.ok.is_(False),
            EnrollAttempt.attempted_at > since).order_by(EnrollAttempt.attempted_at.desc())))
    if len(wrong) >= STAFF_WRONG_PER_LOGIN:
        wait = wrong[STAFF_WRONG_PER_LOGIN - 1] + STAFF_WRONG_WINDOW - stamp
        seconds = max(1, math.ceil(wait.total_seconds()))
        return ApiError(429, "staff_login_throttled",
                        f"too many wrong passwords for this login; try again in {seconds} s",
                        headers={"Retry-After": str(seconds)})
    try:
        answer = login(session, counter, body, now)
    except ApiError as exc:
        if exc.code != "bad_credentials":
            raise
        session.add(EnrollAttempt(source=source, attempted_at=stamp, ok=False))
        return exc
    session.add(EnrollAttempt(source=source, attempted_at=stamp, ok=True))
    return answer


def logout(session: Session, token: str, now: datetime) -> None:
    """End the session of ``token`` (no error when there is none)."""
    row = session.get(StaffSessionRow, sha256(token))
    if row is not None and row.revoked_at is None:
        row.revoked_at = naive_utc(now)


def staff_of_token(session: Session, counter: CounterIdentity, token: str,
                   now: datetime) -> Staff:
    """The staff member behind ``token``, live and at ``counter``'s outlet (401/403 else)."""
    row = session.get(StaffSessionRow, sha256(token))
    if row is None or row.revoked_at is not None:
        raise ApiError(401, "staff_login_required", "log in as a head-office person first")
    if row.expires_at <= naive_utc(now):
        raise ApiError(401, "staff_session_expired",
                       "the head-office session has expired; log in again")
    clerk = session.get(Clerk, row.login)
    if clerk is None or not clerk.active or clerk.role != HEAD_OFFICE_ROLE:
        raise ApiError(403, "not_head_office", "only a head-office person may work the inbox")
    if clerk.outlet_code != counter.outlet_code:
        raise ApiError(403, "not_head_office",
                       "this person does not belong to this counter's outlet")
    return Staff(login=clerk.login, name=clerk.name_zh, counter=counter)


async def current_staff(office: Office, me: Authenticated, now: Now,
                        token: Annotated[str | None, Header(alias=STAFF_TOKEN_HEADER,
                                                            max_length=128)] = None,
                        ) -> Staff:
    """The FastAPI dependency: the counter (``Authorization: Bearer``) and the live staff
    session of ``X-Staff-Token`` of a head-office person of the counter's outlet."""
    if not token:
        raise ApiError(401, "staff_login_required",
                       f"{STAFF_TOKEN_HEADER} of a head-office login is required")
    return await run_in_threadpool(
        office.read, lambda s: staff_of_token(s, me, token, now))


CurrentStaff = Annotated[Staff, Depends(current_staff)]
