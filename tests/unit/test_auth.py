"""Clerk login with lockout, and supervisor approval, against the demo people."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from clock_support import NOW
from counter_app.kernel.clock import FixedClock, utc_naive
from counter_app.services.auth import (
    MAX_FAILED_ATTEMPTS,
    AuthError,
    ClerkSession,
    Role,
    approve,
    login,
)
from counter_app.storage.db import Store
from counter_app.storage.models import AuditEntry, Clerk

START = NOW  # 09:00 in 呼和浩特 on the suite's TODAY


def _attempt(store: Store, name: str, password: str, now: datetime) -> ClerkSession:
    """One login as the login dialog runs it: its own unit of work, which rolls back on the
    refusal; login() must have kept the failure count and the audit row itself."""
    with store.unit_of_work() as session:
        return login(session, name, password, now)


def _approve(store: Store, name: str, password: str, now: datetime) -> ClerkSession:
    with store.unit_of_work() as session:
        return approve(session, name, password, now)


def _refusal(store: Store, name: str, password: str, now: datetime) -> AuthError:
    with pytest.raises(AuthError) as caught:
        _attempt(store, name, password, now)
    return caught.value


def _clerk(store: Store, name: str) -> Clerk:
    with store.read() as session:
        clerk = session.scalars(select(Clerk).where(Clerk.login == name)).one()
        session.expunge(clerk)
        return clerk


def _audit(store: Store) -> list[tuple[str, str, dict[str, object]]]:
    """(login, action, detail) in the order written (ids are time-ordered UUIDv7)."""
    with store.read() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        return [(r.clerk_login, r.action, dict(r.detail)) for r in rows]


def test_right_password_gives_a_clerk_session(populated_store: Store) -> None:
    now = utc_naive(FixedClock(START).now())
    clerk = _attempt(populated_store, "wangli", "demo1234", now)
    assert isinstance(clerk, ClerkSession)
    assert clerk.login == "wangli"
    assert clerk.name == "王丽"
    assert clerk.role is Role.CLERK
    assert clerk.outlet_code == "HET001"
    assert clerk.outlet_name == "呼和浩特新华大街邮政网点"
    assert clerk.outlet_kind == "post_office"
    assert clerk.clerk_id == _clerk(populated_store, "wangli").id
    assert _audit(populated_store) == [("wangli", "login", {})]


def test_wrong_passwords_count_down_then_lock(populated_store: Store) -> None:
    clock = FixedClock(START)
    now = utc_naive(clock.now())
    left = []
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        error = _refusal(populated_store, "wangli", "wrong", now)
        assert error.code == "bad_credentials"
        left.append(error.attempts_left)
    assert left == [4, 3, 2, 1]
    assert _clerk(populated_store, "wangli").failed_attempts == 4

    error = _refusal(populated_store, "wangli", "wrong", now)
    assert error.code == "locked"
    assert error.until == now + timedelta(minutes=15)
    assert _clerk(populated_store, "wangli").locked_until == now + timedelta(minutes=15)

    # During the lock even the right password is refused, and wrong ones are not counted.
    clock.set(START + timedelta(minutes=14, seconds=59))
    during = utc_naive(clock.now())
    error = _refusal(populated_store, "wangli", "demo1234", during)
    assert error.code == "locked"
    assert error.until == now + timedelta(minutes=15)
    assert _refusal(populated_store, "wangli", "wrong", during).code == "locked"
    # Another clerk is not affected.
    assert _attempt(populated_store, "liqiang", "demo1234", during).login == "liqiang"

    # Once the lock has passed the right password works and the count starts again.
    clock.set(START + timedelta(minutes=15))
    after = utc_naive(clock.now())
    assert _attempt(populated_store, "wangli", "demo1234", after).login == "wangli"
    stored = _clerk(populated_store, "wangli")
    assert stored.failed_attempts == 0
    assert stored.locked_until is None
    assert _refusal(populated_store, "wangli", "wrong", after).attempts_left == 4

    actions = [(who, what) for who, what, _ in _audit(populated_store)]
    assert actions == [
        *[("wangli", "login_failed")] * 4,
        ("wangli", "account_locked"),
        ("wangli", "login_locked"),
        ("wangli", "login_locked"),
        ("liqiang", "login"),
        ("wangli", "login"),
        ("wangli", "login_failed"),
    ]
    failed = [d for _, what, d in _audit(populated_store) if what == "login_failed"]
    assert [d["attempts"] for d in failed] == [1, 2, 3, 4, 1]


def test_success_resets_the_failure_count(populated_store: Store) -> None:
    now = utc_naive(START)
    assert _refusal(populated_store, "wangli", "wrong", now).attempts_left == 4
    assert _refusal(populated_store, "wangli", "wrong", now).attempts_left == 3
    _attempt(populated_store, "wangli", "demo1234", now)
    assert _refusal(populated_store, "wangli", "wrong", now).attempts_left == 4


def test_unknown_login_gets_the_same_code_as_a_wrong_password(populated_store: Store) -> None:
    now = utc_naive(START)
    unknown = _refusal(populated_store, "nobody", "demo1234", now)
    wrong = _refusal(populated_store, "wangli", "not-it", now)
    assert unknown.code == wrong.code == "bad_credentials"
    assert unknown.until is None
    assert _audit(populated_store)[0] == ("nobody", "login_unknown", {})


@pytest.mark.parametrize(
    ("name", "password", "code"),
    [
        ("", "demo1234", "empty_login"),
        ("   ", "demo1234", "empty_login"),
        ("wangli", "", "empty_password"),
        ("", "", "empty_login"),
    ],
)
def test_empty_fields(populated_store: Store, name: str, password: str, code: str) -> None:
    assert _refusal(populated_store, name, password, utc_naive(START)).code == code
    assert _audit(populated_store) == []
    assert _clerk(populated_store, "wangli").failed_attempts == 0


@pytest.mark.parametrize("typed", ["WangLi", "  wangli  ", "WANGLI\t"])
def test_login_is_case_insensitive_and_trimmed(populated_store: Store, typed: str) -> None:
    assert _attempt(populated_store, typed, "demo1234", utc_naive(START)).login == "wangli"


def test_password_is_not_trimmed_or_case_folded(populated_store: Store) -> None:
    now = utc_naive(START)
    assert _refusal(populated_store, "wangli", "DEMO1234", now).code == "bad_credentials"
    assert _refusal(populated_store, "wangli", " demo1234", now).code == "bad_credentials"


def test_approve_refuses_a_plain_clerk(populated_store: Store) -> None:
    with pytest.raises(AuthError) as caught:
        _approve(populated_store, "wangli", "demo1234", utc_naive(START))
    assert caught.value.code == "not_approver"
    assert [a for _, a, _ in _audit(populated_store)] == ["login", "approval_refused"]


def test_approve_accepts_a_supervisor(populated_store: Store) -> None:
    approver = _approve(populated_store, "chenhong", "super1234", utc_naive(START))
    assert approver.role is Role.SUPERVISOR
    assert approver.login == "chenhong"
    assert approver.outlet_code == "HET001"
    assert _audit(populated_store) == [("chenhong", "login", {})]


def test_approve_with_a_wrong_password_counts_as_a_failure(populated_store: Store) -> None:
    with pytest.raises(AuthError) as caught:
        _approve(populated_store, "chenhong", "wrong", utc_naive(START))
    assert caught.value.code == "bad_credentials"
    assert caught.value.attempts_left == 4
    assert _clerk(populated_store, "chenhong").failed_attempts == 1


def test_audit_timestamps_are_the_given_now(populated_store: Store) -> None:
    now = utc_naive(START)
    _refusal(populated_store, "ghost", "x", now)
    _refusal(populated_store, "wangli", "x", now + timedelta(seconds=5))
    _attempt(populated_store, "wangli", "demo1234", now + timedelta(seconds=9))
    with populated_store.read() as session:
        stamps = list(session.scalars(select(AuditEntry.at).order_by(AuditEntry.id)))
    assert stamps == [now, now + timedelta(seconds=5), now + timedelta(seconds=9)]


def test_unknown_login_counts_down_and_locks_like_a_real_one(populated_store: Store) -> None:
    real = [_refusal(populated_store, "wangli", "bad", START) for _ in range(5)]
    ghost = [_refusal(populated_store, "nobody.here", "bad", START) for _ in range(5)]
    assert [(e.code, e.attempts_left) for e in real] == [
        (e.code, e.attempts_left) for e in ghost
    ]
    assert ghost[-1].code == "locked"
    assert _refusal(populated_store, "nobody.here", "bad", START).code == "locked"
    later = START + timedelta(minutes=16)
    assert _refusal(populated_store, "nobody.here", "bad", later).code == "bad_credentials"


def test_disabled_account_is_revealed_only_to_the_right_password(populated_store: Store) -> None:
    with populated_store.unit_of_work() as session:
        session.scalars(select(Clerk).where(Clerk.login == "suhe")).one().active = False
    assert _refusal(populated_store, "suhe", "wrong", START).code == "bad_credentials"
    assert _refusal(populated_store, "suhe", "demo1234", START).code == "inactive"
