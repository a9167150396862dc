"""The HTTP client's error mapping and token handling, against a scripted HTTP server on a
real socket (and a port nothing listens on)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sync_support import NOW, Reply, ScriptedServer, Seen, free_port

from counter_app.sync import protocol
from counter_app.sync.client import (
    AuthExpired,
    AuthInvalid,
    HeadOfficeClient,
    NotEnrolled,
    Offline,
    OpIdReused,
    Refused,
    ServerError,
    UpgradeRequired,
)
from counter_app.sync.credentials import Credentials, MemoryCredentialStore

CREDS = Credentials(
    counter_id="counter-1",
    base_url="",
    access_token="access-old",
    access_expires_at=NOW,
    refresh_token="refresh-old-0123456789",
    refresh_expires_at=NOW + timedelta(days=30),
)
PULL = {"changes": [], "next_cursor": 7, "has_more": False, "server_time": NOW.isoformat()}
TOKENS = {
    "access_token": "access-new",
    "access_expires_at": (NOW + timedelta(hours=12)).isoformat(),
    "refresh_token": "refresh-new-0123456789",
    "refresh_expires_at": (NOW + timedelta(days=30)).isoformat(),
}


def error(status: int, code: str, message: str = "m", **detail: Any) -> Reply:
    body: dict[str, Any] = {"code": code, "message": message}
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
def store() -> MemoryCredentialStore:
    return MemoryCredentialStore(CREDS)


@pytest.fixture
def client(server: ScriptedServer, store: MemoryCredentialStore) -> Iterator[HeadOfficeClient]:
    with HeadOfficeClient(server.url, store, timeout=1.0) as c:
        yield c


def test_success_sends_the_bearer_token_read_at_each_request(
    server: ScriptedServer, store: MemoryCredentialStore, client: HeadOfficeClient
) -> None:
    server.replies += [Reply(200, PULL), Reply(200, PULL)]
    assert client.pull(3, 100).next_cursor == 7
    store.save(replace(CREDS, access_token="other"))
    client.pull(7)
    first, second = server.seen
    assert first.path == "/api/v1/sync/pull?cursor=3&limit=100"
    assert first.headers["authorization"] == "Bearer access-old"
    assert second.headers["authorization"] == "Bearer other"


def test_expired_token_is_refreshed_once_and_the_request_retried(
    server: ScriptedServer, store: MemoryCredentialStore, client: HeadOfficeClient
) -> None:
    server.replies += [error(401, "token_expired"), Reply(200, TOKENS), Reply(200, PULL)]
    assert client.pull(0).next_cursor == 7
    expired, refresh, retried = server.seen
    assert expired.headers["authorization"] == "Bearer access-old"
    assert refresh.path == "/api/v1/token/refresh"
    assert refresh.body == {"counter_id": "counter-1", "refresh_token": "refresh-old-0123456789"}
    assert "authorization" not in refresh.headers
    assert retried.headers["authorization"] == "Bearer access-new"
    saved = store.load()
    assert saved is not None
    assert (saved.access_token, saved.refresh_token) == ("access-new", "refresh-new-0123456789")
    assert saved.counter_id == "counter-1"


def test_still_expired_after_refresh_is_auth_expired(
    server: ScriptedServer, client: HeadOfficeClient
) -> None:
    server.replies += [error(401, "token_expired"), Reply(200, TOKENS),
                       error(401, "token_expired")]
    with pytest.raises(AuthExpired, match="clock"):
        client.checksum()
    assert len(server.seen) == 3  # one refresh, one retry: no loop


@pytest.mark.parametrize("code", ["token_invalid", "token_missing"])
def test_invalid_token_means_enroll_again(
    server: ScriptedServer, client: HeadOfficeClient, code: str
) -> None:
    # A token revoked by a rotation whose answer was lost looks exactly like this: one
    # refresh is tried; when head office refuses that too, the counter must enroll again.
    server.replies += [error(401, code), error(401, "token_invalid")]
    with pytest.raises(AuthInvalid) as caught:
        client.pull(0)
    assert caught.value.code == "token_invalid"
    assert len(server.seen) == 2  # the refused request and one refresh: no loop


@pytest.mark.parametrize("code", ["token_expired", "token_invalid"])
def test_refused_refresh_means_enroll_again(
    server: ScriptedServer, client: HeadOfficeClient, code: str
) -> None:
    server.replies += [error(401, "token_expired"), error(401, code)]
    with pytest.raises(AuthInvalid):
        client.pull(0)


def test_not_enrolled(server: ScriptedServer) -> None:
    with HeadOfficeClient(server.url, MemoryCredentialStore()) as c, pytest.raises(NotEnrolled):
        c.pull(0)
    assert server.seen == []


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_are_offline(
    server: ScriptedServer, client: HeadOfficeClient, status: int
) -> None:
    server.replies.append(Reply(status, raw=b"<html>bad gateway</html>"))
    with pytest.raises(Offline) as caught:
        client.pull(0)
    assert caught.value.status == status


def test_connection_refused_is_offline(store: MemoryCredentialStore) -> None:
    with HeadOfficeClient(f"http://127.0.0.1:{free_port()}", store, timeout=1.0) as c:
        with pytest.raises(Offline, match="unreachable"):
            c.pull(0)
        with pytest.raises(Offline):
            c.enroll("ABCDEFGHJK", "柜台")


def test_a_timeout_is_offline(server: ScriptedServer, store: MemoryCredentialStore) -> None:
    server.replies.append(Reply(200, PULL, delay=1.0))
    with HeadOfficeClient(server.url, store, timeout=0.2) as c, pytest.raises(Offline):
        c.pull(0)


def test_upgrade_required(server: ScriptedServer, client: HeadOfficeClient) -> None:
    server.replies.append(error(426, "upgrade_required", "protocol 1 is too old"))
    with pytest.raises(UpgradeRequired, match="too old"):
        client.handshake(NOW)
    refused = {"accepted": False, "protocol_version": 2, "min_protocol_version": 2,
               "accepted_op_schema_versions": [2], "server_time": NOW.isoformat(),
               "counter_id": "counter-1", "outlet_code": "HET001", "message": "op schema 1"}
    server.replies.append(Reply(200, refused))
    with pytest.raises(UpgradeRequired, match="op schema 1"):
        client.handshake(NOW)
    sent = server.seen[0].body
    assert sent["protocol_version"] == protocol.PROTOCOL_VERSION
    assert sent["op_schema_version"] == protocol.OP_SCHEMA_VERSION


def test_op_id_reused_names_the_op(server: ScriptedServer, client: HeadOfficeClient) -> None:
    server.replies.append(error(409, "op_id_reused", "already received", op_id="op-00000042"))
    op = protocol.Op(op_id="op-00000042", kind=protocol.OpKind.LEASE_RELEASE, schema_version=1,
                     payload={"lease_id": "L"},
                     payload_hash=protocol.payload_hash({"lease_id": "L"}),
                     clerk_login="wangli", counter_time=NOW, local_seq=1)
    with pytest.raises(OpIdReused) as caught:
        client.push([op])
    assert caught.value.op_id == "op-00000042"
    assert server.seen[0].body["ops"][0]["op_id"] == "op-00000042"


def test_other_client_errors_are_refused_with_code_and_detail(
    server: ScriptedServer, client: HeadOfficeClient
) -> None:
    server.replies += [error(409, "no_seats", "only 2 seats left", available=2),
                       Reply(422, {"detail": [{"loc": ["body", "seats"], "msg": "too big"}]})]
    with pytest.raises(Refused) as caught:
        client.request_lease("f-1", "Y", 5)
    assert (caught.value.status, caught.value.code) == (409, "no_seats")
    assert caught.value.detail == {"available": 2}
    assert "only 2" in caught.value.message
    with pytest.raises(Refused) as caught:
        client.request_range("ticket", "876", 10)
    assert caught.value.status == 422
    assert "too big" in caught.value.message


def test_server_errors_and_garbage(server: ScriptedServer, client: HeadOfficeClient) -> None:
    server.replies += [error(500, "internal_error"), Reply(200, {"changes": "nope"}),
                       Reply(200, raw=b"not json at all")]
    with pytest.raises(ServerError) as caught:
        client.pull(0)
    assert caught.value.status == 500
    with pytest.raises(ServerError, match="protocol"):
        client.pull(0)
    with pytest.raises(ServerError):
        client.pull(0)


def test_availability_asks_for_every_flight(
    server: ScriptedServer, client: HeadOfficeClient
) -> None:
    def answer(seen: Seen) -> Reply:
        return Reply(200, [{"flight_id": "a", "cabins": {"Y": 3}},
                           {"flight_id": "b", "cabins": {"Y": 0, "C": 2}}])

    server.replies.append(answer)
    found = client.availability(["a", "b"])
    assert [a.cabins for a in found] == [{"Y": 3}, {"Y": 0, "C": 2}]
    assert server.seen[0].path == "/api/v1/inventory/availability?flight_id=a&flight_id=b"
