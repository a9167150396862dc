"""Head-office staff login (``POST /api/v1/staff/login``) and the staff session every inbox
route needs, over real HTTP against a served head office: only an active head-office person
of the counter's own outlet, with the right password, gets a token; only its SHA-256 is
kept; a session lasts 8 hours; a counter's token alone reaches no inbox route."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from ho_support import HeadOfficeHarness
from inbox_support import (
    HO_OUTLET,
    PASSWORD,
    StaffClient,
    add_person,
    logged_in,
    staff_login,
)
from sqlalchemy import select

from clock_support import NOON_BEIJING
from counter_app.headoffice.auth import sha256
from counter_app.headoffice.models import Clerk
from counter_app.headoffice.request_models import StaffSessionRow
from counter_app.sync.protocol.inbox import STAFF_TOKEN_HEADER

INBOX_ROUTES = (("get", "/api/v1/inbox"), ("get", "/api/v1/inbox/staff"),
                ("get", "/api/v1/inbox/x1"), ("post", "/api/v1/inbox/x1/step"),
                ("post", "/api/v1/inbox/x1/assign"), ("post", "/api/v1/inbox/x1/edit"),
                ("post", "/api/v1/staff/logout"))


def _code(response: httpx.Response) -> str:
    code: str = response.json()["code"]
    return code


def test_login_gives_a_token_of_which_only_the_hash_is_kept(any_ho: HeadOfficeHarness) -> None:
    add_person(any_ho, "zongbu1", name="赵总部")
    counter = any_ho.enroll(HO_OUTLET, "desk")
    r = staff_login(counter, "ZongBu1")  # the login as typed, any case
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["login"] == "zongbu1"
    assert body["name_zh"] == "赵总部"
    assert body["role"] == "head_office"
    assert len(body["token"]) >= 43  # 32 random bytes, URL-safe
    expires = body["expires_at"].replace("Z", "+00:00")
    assert expires == (NOON_BEIJING + timedelta(hours=8)).isoformat()
    with any_ho.db.read() as session:
        rows = session.scalars(select(StaffSessionRow)).all()
    assert [(row.token_hash, row.login, row.counter_id) for row in rows] == [
        (sha256(body["token"]), "zongbu1", counter.counter_id)]
    staff = StaffClient(counter, body["token"], "zongbu1")
    assert staff.get("/api/v1/inbox").status_code == 200


def test_wrong_password_and_unknown_login_are_the_same_refusal(ho: HeadOfficeHarness) -> None:
    add_person(ho, "zongbu1")
    counter = ho.enroll(HO_OUTLET, "desk")
    wrong = staff_login(counter, "zongbu1", "not-the-password")
    unknown = staff_login(counter, "nobody", PASSWORD)
    for r in (wrong, unknown):
        assert r.status_code == 401, r.text
        assert _code(r) == "bad_credentials"
        assert "token" not in r.json()
    with ho.db.read() as session:
        assert session.scalars(select(StaffSessionRow)).all() == []


def test_an_inactive_person_cannot_log_in(ho: HeadOfficeHarness) -> None:
    add_person(ho, "zongbu2", active=False)
    r = staff_login(ho.enroll(HO_OUTLET, "desk"), "zongbu2")
    assert r.status_code == 401
    assert _code(r) == "bad_credentials"


def test_a_counter_clerk_is_not_head_office(ho: HeadOfficeHarness) -> None:
    # A clerk of the head office's outlet, with the right password, but not of the role.
    add_person(ho, "guitai1", role="clerk")
    r = staff_login(ho.enroll(HO_OUTLET, "desk"), "guitai1")
    assert r.status_code == 403, r.text
    assert _code(r) == "not_head_office"


def test_another_outlets_person_or_counter_is_refused(ho: HeadOfficeHarness) -> None:
    # A head-office person at an outlet's counter, and a head-office person of another
    # outlet at head office's counter.
    add_person(ho, "zongbu1")
    add_person(ho, "waidi1", outlet="HET001")
    outlet_counter = ho.enroll("HET001", "outlet desk")
    r = staff_login(outlet_counter, "zongbu1")
    assert r.status_code == 403
    assert _code(r) == "not_head_office"
    r = staff_login(ho.enroll(HO_OUTLET, "desk"), "waidi1")
    assert r.status_code == 403
    assert _code(r) == "not_head_office"


def test_a_session_is_good_for_eight_hours(ho: HeadOfficeHarness) -> None:
    staff = logged_in(ho)
    ho.clock.set(NOON_BEIJING + timedelta(hours=8) - timedelta(seconds=1))
    assert staff.get("/api/v1/inbox").status_code == 200
    ho.clock.set(NOON_BEIJING + timedelta(hours=8))
    r = staff.get("/api/v1/inbox")
    assert r.status_code == 401
    assert _code(r) == "staff_session_expired"
    # a new login gives a new session
    again = staff_login(staff.counter, staff.login)
    assert again.status_code == 200
    assert StaffClient(staff.counter, again.json()["token"], staff.login).get(
        "/api/v1/inbox").status_code == 200


@pytest.mark.parametrize(("method", "path"), INBOX_ROUTES)
def test_a_counter_token_alone_reaches_no_inbox_route(ho: HeadOfficeHarness, method: str,
                                                       path: str) -> None:
    counter = ho.enroll(HO_OUTLET, "desk")
    body = {"action": "accept", "version": 1}
    r = (counter.get(path) if method == "get" else counter.post(path, body))
    assert r.status_code == 401, r.text
    assert _code(r) == "staff_login_required"
    r = ho.http.request(method.upper(), path, headers={**counter.headers,
                                                        STAFF_TOKEN_HEADER: "made-up"},
                        json=None if method == "get" else body)
    assert r.status_code == 401
    assert _code(r) == "staff_login_required"


def test_a_staff_token_without_the_counters_token_is_refused(ho: HeadOfficeHarness) -> None:
    staff = logged_in(ho)
    r = ho.http.get("/api/v1/inbox", headers={STAFF_TOKEN_HEADER: staff.token})
    assert r.status_code == 401
    assert _code(r) == "token_missing"


def test_the_session_is_bound_to_the_outlet_of_the_counter(ho: HeadOfficeHarness) -> None:
    # A staff token carried to a counter of another outlet does not work there.
    staff = logged_in(ho)
    elsewhere = ho.enroll("HET001", "outlet desk")
    r = ho.http.get("/api/v1/inbox", headers={**elsewhere.headers,
                                              STAFF_TOKEN_HEADER: staff.token})
    assert r.status_code == 403
    assert _code(r) == "not_head_office"


def test_a_person_disabled_after_login_loses_the_inbox(ho: HeadOfficeHarness) -> None:
    staff = logged_in(ho)
    with ho.db.write() as session:
        clerk = session.get(Clerk, staff.login)
        assert clerk is not None
        clerk.active = False
    r = staff.get("/api/v1/inbox")
    assert r.status_code == 403
    assert _code(r) == "not_head_office"


def test_logout_ends_the_session_at_head_office(ho: HeadOfficeHarness) -> None:
    staff = logged_in(ho)
    r = staff.post("/api/v1/staff/logout", None)
    assert r.status_code == 204, r.text
    r = staff.get("/api/v1/inbox")
    assert r.status_code == 401
    assert _code(r) == "staff_login_required"
    with ho.db.read() as session:
        row = session.get(StaffSessionRow, sha256(staff.token))
        assert row is not None
        assert row.revoked_at is not None


def test_five_wrong_passwords_make_that_login_wait(ho: HeadOfficeHarness) -> None:
    """Guessing a head-office password from an enrolled counter is throttled per login,
    across requests: the sixth try waits, even with the right password, until the oldest
    wrong one is 15 minutes old; another login is not held up, nor is enrollment."""
    add_person(ho, "zongbu1")
    add_person(ho, "zongbu2")
    counter = ho.enroll(HO_OUTLET, "desk")
    for _ in range(5):
        r = staff_login(counter, "zongbu1", "guess")
        assert _code(r) == "bad_credentials"
    held = staff_login(counter, "ZongBu1")  # the right password, any case
    assert held.status_code == 429, held.text
    assert _code(held) == "staff_login_throttled"
    assert held.headers["Retry-After"] == str(15 * 60)
    assert staff_login(counter, "zongbu2").status_code == 200
    assert ho.enroll(HO_OUTLET, "another desk") is not None  # staff tries are not codes
    ho.clock.set(NOON_BEIJING + timedelta(minutes=15))
    assert staff_login(counter, "zongbu1").status_code == 200
