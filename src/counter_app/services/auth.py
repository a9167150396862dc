"""Clerk login (登录) with lockout after repeated failures, and supervisor approval.

Unknown logins and wrong passwords get the same answer, so the login screen does not tell
a stranger which accounts exist. Every attempt is audited.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.kernel.passwords import hash_password, verify_password
from counter_app.services.identity import APPROVER_ROLES, AuthError, ClerkSession, Role
from counter_app.storage.models import AuditEntry, Clerk, Outlet

__all__ = ["APPROVER_ROLES", "AuthError", "ClerkSession", "Role", "approve", "login"]

MAX_FAILED_ATTEMPTS = 5
LOCK_DURATION = timedelta(minutes=15)
# Verified against for unknown logins, so they cost the same time as known ones.
_DUMMY_HASH = hash_password("counter-dummy-password")


def _audit(session: Session, login: str, action: str, now: datetime, **detail: object) -> None:
    session.add(AuditEntry(at=now, clerk_login=login[:32], action=action, detail=detail))


def _refuse(session: Session, error: AuthError) -> AuthError:
    """Commit the failure count and audit row before refusing, so lockout counting holds
    whatever the caller does with its unit of work."""
    session.commit()
    return error


def _unknown_login(session: Session, login_name: str, password: str, now: datetime) -> AuthError:
    """Answer an unknown login exactly as a known one with a wrong password: same countdown,
    same lock, same time spent hashing. Failures are counted from the audit log."""
    verify_password(_DUMMY_HASH, password)
    since = now - LOCK_DURATION
    failures = session.scalars(
        select(AuditEntry.at)
        .where(
            AuditEntry.clerk_login == login_name[:32],
            AuditEntry.action == "login_unknown",
            AuditEntry.at > since,
        )
        .order_by(AuditEntry.at)
    ).all()
    if len(failures) >= MAX_FAILED_ATTEMPTS:
        _audit(session, login_name, "login_locked", now)
        return _refuse(session, AuthError("locked", until=failures[0] + LOCK_DURATION))
    _audit(session, login_name, "login_unknown", now)
    left = MAX_FAILED_ATTEMPTS - len(failures) - 1
    if left == 0:
        return _refuse(session, AuthError("locked", until=now + LOCK_DURATION))
    return _refuse(session, AuthError("bad_credentials", attempts_left=left))


def login(session: Session, login_name: str, password: str, now: datetime) -> ClerkSession:
    """Check a clerk's password; counts failures and locks the account after
    ``MAX_FAILED_ATTEMPTS``. ``now`` is naive UTC (as stored). A refusal commits its
    failure count and audit row itself before raising."""
    login_name = login_name.strip().lower()
    if not login_name:
        raise AuthError("empty_login")
    if not password:
        raise AuthError("empty_password")
    clerk = session.scalars(select(Clerk).where(func.lower(Clerk.login) == login_name)).first()
    if clerk is None:
        raise _unknown_login(session, login_name, password, now)
    if clerk.locked_until is not None and clerk.locked_until > now:
        _audit(session, clerk.login, "login_locked", now)
        raise _refuse(session, AuthError("locked", until=clerk.locked_until))
    if not verify_password(clerk.password_hash, password):
        clerk.failed_attempts += 1
        if clerk.failed_attempts >= MAX_FAILED_ATTEMPTS:
            clerk.locked_until = now + LOCK_DURATION
            clerk.failed_attempts = 0
            _audit(session, clerk.login, "account_locked", now)
            raise _refuse(session, AuthError("locked", until=clerk.locked_until))
        _audit(session, clerk.login, "login_failed", now, attempts=clerk.failed_attempts)
        raise _refuse(
            session,
            AuthError("bad_credentials", attempts_left=MAX_FAILED_ATTEMPTS - clerk.failed_attempts),
        )
    # Only after the right password: a disabled account does not reveal itself to guessers.
    if not clerk.active:
        _audit(session, clerk.login, "login_inactive", now)
        raise _refuse(session, AuthError("inactive"))
    clerk.failed_attempts = 0
    clerk.locked_until = None
    _audit(session, clerk.login, "login", now)
    outlet = session.get(Outlet, clerk.outlet_code)
    return ClerkSession(
        clerk_id=clerk.id,
        login=clerk.login,
        name=clerk.name_zh,
        role=Role(clerk.role),
        outlet_code=clerk.outlet_code,
        outlet_name=outlet.name_zh if outlet else "",
        outlet_kind=outlet.kind if outlet else "",
    )


def approve(session: Session, login_name: str, password: str, now: datetime) -> ClerkSession:
    """A supervisor's login to approve an override; refused for plain clerks."""
    approver = login(session, login_name, password, now)
    if approver.role not in APPROVER_ROLES:
        _audit(session, approver.login, "approval_refused", now)
        raise _refuse(session, AuthError("not_approver"))
    return approver
