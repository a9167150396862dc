"""The inbox client's staff token and error mapping, against a scripted HTTP server on a real
socket: the token goes as X-Staff-Token beside the counter's Bearer, is kept in memory only
and dropped when head office says the session is gone; a wrong password is not the
counter's credentials failing; a stale version is a VersionConflict."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sync_support import NOW, Reply, ScriptedServer

from counter_app.sync.client import HeadOfficeClient, Offline, Refused
from counter_app.sync.credentials import Credentials, MemoryCredentialStore
from counter_app.sync.inbox import InboxClient, InboxFilters, StaffLoginNeeded, VersionConflict
from counter_app.sync.protocol.inbox import InboxEdit, InboxStep
from counter_app.sync.protocol.ops import GpOfficialSave

CREDS = Credentials(
    counter_id="counter-1",
    base_url="",
    access_token="access-1",
    access_expires_at=NOW + timedelta(hours=1),
    refresh_token="refresh-0123456789",
    refresh_expires_at=NOW + timedelta(days=30),
)
SESSION = {"token": "staff-secret-token", "login": "zhaojun", "name_zh": "赵军",
           "role": "head_office", "expires_at": (NOW + timedelta(hours=8)).isoformat()}
VIEW = {"id": "r1", "kind": "lounge", "state": "accepted", "version": 3,
        "outlet_code": "SZX001", "updated_at": NOW.isoformat(), "steps": []}


def error(status: int, code: str, **detail: Any) -> Reply:
    body: dict[str, Any] = {"code": code, "message": code}
    if detail:
        body["detail"] = detail
    return Reply(status, body)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    scripted = ScriptedServer()
    try:
        yield scripted
    finally:
        scripted.close()


@pytest.fixture
def inbox(server: ScriptedServer) -> Iterator[InboxClient]:
    with HeadOfficeClient(server.url, MemoryCredentialStore(CREDS), timeout=1.0) as client:
        yield InboxClient(client)


def test_login_keeps_the_token_in_memory_and_sends_it_with_the_bearer(
    server: ScriptedServer, inbox: InboxClient
) -> None:
    server.replies += [Reply(200, SESSION), Reply(200, {"total": 0, "items": []})]
    assert inbox.login("zhaojun", "office1234").name_zh == "赵军"
    assert "staff-secret-token" not in repr(inbox)
    page = inbox.page(InboxFilters(states=("submitted", "accepted"), airport="szx",
                                   date_from=date(2026, 12, 1)))
    assert page.total == 0
    login, listing = server.seen
    assert login.body == {"login": "zhaojun", "password": "office1234"}
    assert listing.headers["authorization"] == "Bearer access-1"
    assert listing.headers["x-staff-token"] == "staff-secret-token"
    assert listing.path.startswith(
        "/api/v1/inbox?state=submitted&state=accepted&airport=SZX&date_from=2026-12-01")


def test_wrong_password_is_refused_without_touching_the_counters_tokens(
    server: ScriptedServer, inbox: InboxClient
) -> None:
    server.replies += [error(401, "bad_credentials")]
    with pytest.raises(Refused) as caught:
        inbox.login("zhaojun", "wrong")
    assert caught.value.code == "bad_credentials"
    assert not inbox.logged_in
    assert [seen.path for seen in server.seen] == ["/api/v1/staff/login"]  # no refresh


def test_no_session_is_refused_before_any_request(
    server: ScriptedServer, inbox: InboxClient
) -> None:
    with pytest.raises(StaffLoginNeeded):
        inbox.detail("r1")
    assert server.seen == []


@pytest.mark.parametrize("code", ["staff_login_required", "staff_session_expired"])
def test_a_session_head_office_no_longer_knows_is_dropped(
    server: ScriptedServer, inbox: InboxClient, code: str
) -> None:
    server.replies += [Reply(200, SESSION), error(401, code)]
    inbox.login("zhaojun", "office1234")
    with pytest.raises(StaffLoginNeeded) as caught:
        inbox.staff()
    assert caught.value.code == code
    assert not inbox.logged_in


def test_stale_version_is_a_version_conflict_with_the_current_version(
    server: ScriptedServer, inbox: InboxClient
) -> None:
    server.replies += [Reply(200, SESSION), error(409, "version_conflict", current=5)]
    inbox.login("zhaojun", "office1234")
    with pytest.raises(VersionConflict) as caught:
        inbox.step("r1", InboxStep(action="accept", version=3))
    assert caught.value.current == 5
    assert inbox.logged_in


def test_other_refusals_and_answers_pass_through(
    server: ScriptedServer, inbox: InboxClient
) -> None:
    server.replies += [Reply(200, SESSION), error(422, "reject_reason_required"),
                       error(403, "not_head_office"), Reply(200, VIEW)]
    inbox.login("zhaojun", "office1234")
    with pytest.raises(Refused) as caught:
        inbox.step("r1", InboxStep(action="reject", version=3))
    assert (caught.value.status, caught.value.code) == (422, "reject_reason_required")
    with pytest.raises(Refused) as refused:
        inbox.staff()
    assert refused.value.code == "not_head_office"
    assert inbox.logged_in
    assert inbox.detail("r1").version == 3
    assert server.seen[1].body == {"action": "reject", "note": "", "version": 3}


def test_unreachable_head_office_is_offline(inbox: InboxClient) -> None:
    dead = HeadOfficeClient("http://127.0.0.1:9", MemoryCredentialStore(CREDS), timeout=0.5)
    with dead, pytest.raises(Offline):
        InboxClient(dead).login("zhaojun", "office1234")



def test_an_edit_names_the_fields_that_kept_a_counters_value() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/staff/login"):
            return httpx.Response(200, json=SESSION)
        return httpx.Response(200, json=VIEW, headers={
            "X-Request-Conflicts": "arrival_at, notes"})

    client = HeadOfficeClient("http://ho.test", MemoryCredentialStore(CREDS),
                              transport=httpx.MockTransport(answer))
    with client:
        inbox = InboxClient(client)
        inbox.login("zhaojun", "office1234")
        edit = InboxEdit(base_version=3, base={"notes": "a"}, changes={"notes": "b"})
        view, conflicts = inbox.edit_merged("r1", edit)
    assert view.version == 3
    assert conflicts == ["arrival_at", "notes"]
    assert seen[1].url.path == "/api/v1/inbox/r1/edit"
    assert seen[1].headers["x-staff-token"] == "staff-secret-token"
    assert json.loads(seen[1].content) == {"base_version": 3, "base": {"notes": "a"},
                                           "changes": {"notes": "b"}}


def test_officials_are_listed_and_saved_with_the_staff_token() -> None:
    seen: list[httpx.Request] = []
    official = {"official_id": "o1", "name": "林晓雨", "gp_level": "V4", "version": 2}

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/staff/login"):
            return httpx.Response(200, json=SESSION)
        if request.method == "GET":
            return httpx.Response(200, json=[official])
        return httpx.Response(200, json={**official, "applied": ["gp_level"]})

    client = HeadOfficeClient("http://ho.test", MemoryCredentialStore(CREDS),
                              transport=httpx.MockTransport(answer))
    with client:
        inbox = InboxClient(client)
        inbox.login("zhaojun", "office1234")
        assert inbox.officials("c1") == [official]
        save = GpOfficialSave(official_id="11111111-1111-4111-8111-111111111111",
                              customer_id="c1", base_version=2, base={"gp_level": "V3"},
                              changes={"gp_level": "V4"})
        assert inbox.save_official(save)["applied"] == ["gp_level"]
    assert str(seen[1].url) == "http://ho.test/api/v1/staff/officials?customer_id=c1"
    assert seen[2].url.path == "/api/v1/staff/officials"
    assert json.loads(seen[2].content)["changes"] == {"gp_level": "V4"}
    assert all(r.headers["x-staff-token"] == "staff-secret-token" for r in seen[1:])
