"""Clerk login (登录) with lockout after repeated failures, and supervisor approval.

Unknown logins and wrong passwords get the same answer, so the login screen does not tell
a stranger which accounts exist. Every attempt is audited.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.services.identity import APPROVER_ROLES, AuthError, ClerkSession, Role
from counter_app.services.passwords import verify_password
from counter_app.storage.models import AuditEntry, Clerk, Outlet

__all__ = ["APPROVER_ROLES", "AuthError", "ClerkSession", "Role", "approve", "login"]

MAX_FAILED_ATTEMPTS = 5
LOCK_DURATION = timedelta(minutes=15)


def _audit(session: Session, login: str, action: str, now: datetime, **detail: object) -> None:
    session.add(AuditEntry(at=now, clerk_login=login[:32], action=action, detail=detail))


def login(session: Session, login_name: str, password: str, now: datetime) -> ClerkSession:
    """Check a clerk's password; counts failures and locks the account after
    ``MAX_FAILED_ATTEMPTS``. ``now`` is naive UTC (as stored)."""
    login_name = login_name.strip().lower()
    if not login_name:
        raise AuthError("empty_login")
    if not password:
        raise AuthError("empty_password")
    clerk = session.scalars(select(Clerk).where(func.lower(Clerk.login) == login_name)).first()
    if clerk is None:
        _audit(session, login_name, "login_unknown", now)
        raise AuthError("bad_credentials", attempts_left=MAX_FAILED_ATTEMPTS)
    if clerk.locked_until is not None and clerk.locked_until > now:
        _audit(session, clerk.login, "login_locked", now)
        raise AuthError("locked", until=clerk.locked_until)
    if not clerk.active:
        _audit(session, clerk.login, "login_inactive", now)
        raise AuthError("inactive")
    if not verify_password(clerk.password_hash, password):
        clerk.failed_attempts += 1
        if clerk.failed_attempts >= MAX_FAILED_ATTEMPTS:
            clerk.locked_until = now + LOCK_DURATION
            clerk.failed_attempts = 0
            _audit(session, clerk.login, "account_locked", now)
            raise AuthError("locked", until=clerk.locked_until)
        _audit(session, clerk.login, "login_failed", now, attempts=clerk.failed_attempts)
        raise AuthError(
            "bad_credentials", attempts_left=MAX_FAILED_ATTEMPTS - clerk.failed_attempts
        )
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
        raise AuthError("not_approver")
    return approver
