"""Disabling and revoking counters, refresh-token reuse detection, throttled enrollment and
the 405 ``Allow`` header, over real HTTP (issue 11: head office trusts no counter)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import httpx
import pytest
from ho_support import CounterClient, HeadOfficeHarness, sale, ticket
from sqlalchemy import func, select

from clock_support import NOON_BEIJING
from counter_app.headoffice import auth
from counter_app.headoffice.cli import main
from counter_app.headoffice.models import Counter, EnrollAttempt, Token
from counter_app.sync.protocol import ErrorBody


def code_of(response: httpx.Response) -> str:
    return ErrorBody.model_validate_json(response.content).code


def cli(ho: HeadOfficeHarness, *args: str) -> int:
    url = ho.db.engine.url.render_as_string(hide_password=False)
    return main([*args, "--database-url", url])


def refresh(ho: HeadOfficeHarness, counter_id: str, token: str) -> httpx.Response:
    return ho.http.post("/api/v1/token/refresh",
                        json={"counter_id": counter_id, "refresh_token": token})


def use(counter: CounterClient, pair: dict[str, Any]) -> CounterClient:
    """The counter now holds ``pair``."""
    counter.access_token = pair["access_token"]
    counter.refresh_token = pair["refresh_token"]
    return counter


def checksum(counter: CounterClient) -> httpx.Response:
    return counter.get("/api/v1/sync/checksum")


def a_sale_op(ho: HeadOfficeHarness, counter: CounterClient) -> dict[str, Any]:
    flight = ho.flight()
    lease = counter.lease(flight, seats=1)
    assert lease.status_code == 200, lease.text
    number = ho.next_ticket(counter, "999")
    return counter.op("sale.issue", sale(flight, [ticket(number)], lease.json()["lease_id"]))


# --- disable, enable, revoke ------------------------------------------------------------------


def test_disabled_counter_is_refused_everything_until_enabled(
    any_ho: HeadOfficeHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    ho = any_ho
    counter, other = ho.enroll(), ho.enroll()
    op = a_sale_op(ho, counter)
    assert checksum(counter).status_code == 200

    assert cli(ho, "counters", "disable", "--counter", counter.counter_id,
               "--reason", "stolen from the outlet") == 0
    r = checksum(counter)
    assert r.status_code == 401
    assert code_of(r) == "counter_disabled"
    r = counter.push(op)
    assert r.status_code == 401
    assert code_of(r) == "counter_disabled"
    r = refresh(ho, counter.counter_id, counter.refresh_token)
    assert r.status_code == 401
    assert code_of(r) == "counter_disabled"
    assert checksum(other).status_code == 200  # another counter is not touched
    with ho.db.read() as session:
        row = session.get(Counter, counter.counter_id)
        assert row is not None
        assert (row.status, row.disabled_reason) == ("disabled", "stolen from the outlet")
        assert row.disabled_at is not None

    capsys.readouterr()
    assert cli(ho, "counters", "list") == 0
    listed = capsys.readouterr().out
    assert f"counter {counter.counter_id}" in listed
    assert "[disabled]" in listed
    assert "stolen from the outlet" in listed

    assert cli(ho, "counters", "enable", "--counter", counter.counter_id) == 0
    assert checksum(counter).status_code == 200  # the same tokens work again
    assert counter.push_ok(op)[0]["status"] == "applied"
    r = refresh(ho, counter.counter_id, counter.refresh_token)
    assert r.status_code == 200, r.text

    assert cli(ho, "counters", "disable", "--counter", "no-such-counter", "--reason", "x") == 2


def test_revoked_counter_must_enroll_again(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    counter = ho.enroll()
    assert cli(ho, "counters", "revoke", "--counter", counter.counter_id) == 0
    r = checksum(counter)
    assert r.status_code == 401
    assert code_of(r) == "token_invalid"
    r = refresh(ho, counter.counter_id, counter.refresh_token)
    assert r.status_code == 401
    assert code_of(r) == "token_invalid"
    r = counter.push(counter.op("sale.issue", {}))
    assert r.status_code == 401
    with ho.db.read() as session:
        live = session.scalar(select(func.count()).select_from(Token).where(
            Token.counter_id == counter.counter_id, Token.revoked.is_(False)))
    assert live == 0
    again = ho.enroll()  # a new code makes a new counter
    assert again.counter_id != counter.counter_id
    assert checksum(again).status_code == 200


# --- refresh-token rotation with reuse detection ----------------------------------------------


def test_replayed_refresh_token_revokes_the_family_not_the_counter(
    any_ho: HeadOfficeHarness,
) -> None:
    """The owner refreshed and uses its new pair; a thief replays the old refresh token."""
    ho = any_ho
    owner = ho.enroll()
    stolen = owner.refresh_token
    ho.clock.set(NOON_BEIJING + timedelta(hours=13))
    r = refresh(ho, owner.counter_id, stolen)
    assert r.status_code == 200, r.text
    use(owner, r.json())
    assert checksum(owner).status_code == 200

    replay = refresh(ho, owner.counter_id, stolen)
    assert replay.status_code == 401
    assert code_of(replay) == "token_reused"
    # The family is dead: the owner's pair too, and its refresh token.
    r = checksum(owner)
    assert r.status_code == 401
    assert code_of(r) == "token_invalid"
    r = refresh(ho, owner.counter_id, owner.refresh_token)
    assert r.status_code == 401
    assert code_of(r) == "token_invalid"
    # The counter is not disabled: staff enroll the installation again.
    with ho.db.read() as session:
        row = session.get(Counter, owner.counter_id)
        assert row is not None
        assert row.status == "active"
    assert checksum(ho.enroll()).status_code == 200


def test_thief_who_refreshed_first_loses_its_pair_when_the_owner_comes_back(
    any_ho: HeadOfficeHarness,
) -> None:
    ho = any_ho
    owner = ho.enroll()
    ho.clock.set(NOON_BEIJING + timedelta(hours=13))
    r = refresh(ho, owner.counter_id, owner.refresh_token)
    assert r.status_code == 200, r.text
    thief = CounterClient(ho, owner.counter_id, owner.outlet_code, "", "")
    use(thief, r.json())
    assert checksum(thief).status_code == 200  # the thief uses the stolen chain

    replay = refresh(ho, owner.counter_id, owner.refresh_token)  # the owner's own token
    assert replay.status_code == 401
    assert code_of(replay) == "token_reused"
    assert code_of(checksum(thief)) == "token_invalid"
    r = refresh(ho, thief.counter_id, thief.refresh_token)
    assert r.status_code == 401
    assert code_of(r) == "token_invalid"


def test_lost_answer_is_retried_and_a_superseded_token_means_theft(
    any_ho: HeadOfficeHarness,
) -> None:
    ho = any_ho
    owner = ho.enroll()
    ho.clock.set(NOON_BEIJING + timedelta(hours=13))
    lost = refresh(ho, owner.counter_id, owner.refresh_token)
    assert lost.status_code == 200, lost.text
    # The answer was lost twice on the line; nothing used the pairs it carried.
    lost_again = refresh(ho, owner.counter_id, owner.refresh_token)
    assert lost_again.status_code == 200, lost_again.text
    r = refresh(ho, owner.counter_id, owner.refresh_token)
    assert r.status_code == 200, r.text
    use(owner, r.json())
    assert checksum(owner).status_code == 200
    # The lost pairs were revoked when they were superseded.
    lost_pair = lost.json()
    assert code_of(checksum(use(CounterClient(ho, owner.counter_id, owner.outlet_code,
                                              "", ""), lost_pair))) == "token_invalid"
    # The owner rotates on as usual.
    r = refresh(ho, owner.counter_id, owner.refresh_token)
    assert r.status_code == 200, r.text
    use(owner, r.json())
    assert checksum(owner).status_code == 200
    # Whoever shows a superseded refresh token holds a copy of the chain: family revoked.
    replay = refresh(ho, owner.counter_id, lost_pair["refresh_token"])
    assert replay.status_code == 401
    assert code_of(replay) == "token_reused"
    assert code_of(checksum(owner)) == "token_invalid"


def test_an_older_refresh_token_of_the_chain_is_theft_even_if_the_newest_pair_is_unused(
    any_ho: HeadOfficeHarness,
) -> None:
    ho = any_ho
    owner = ho.enroll()
    first = owner.refresh_token
    r = refresh(ho, owner.counter_id, first)
    assert r.status_code == 200, r.text
    use(owner, r.json())
    r = refresh(ho, owner.counter_id, owner.refresh_token)  # its successor is exchanged
    assert r.status_code == 200, r.text
    use(owner, r.json())
    replay = refresh(ho, owner.counter_id, first)
    assert replay.status_code == 401
    assert code_of(replay) == "token_reused"
    assert code_of(checksum(owner)) == "token_invalid"


# --- throttled enrollment ------------------------------------------------------------------------


def enroll_from(ho: HeadOfficeHarness, code: str, address: str) -> httpx.Response:
    # The test server's uvicorn trusts X-Forwarded-For from 127.0.0.1, as behind a proxy.
    return ho.http.post("/api/v1/enroll", json={"code": code, "counter_name": "x"},
                        headers={"X-Forwarded-For": address})


def test_wrong_codes_are_throttled_per_address(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    right = ho.enrollment_code()
    for n in range(auth.ENROLL_WRONG_PER_SOURCE):
        r = enroll_from(ho, f"ABCDEFGH{n:02d}", "203.0.113.7")
        assert r.status_code == 403, (n, r.text)
    # The 11th try is refused even with the right code, and says when to come back.
    r = enroll_from(ho, right, "203.0.113.7")
    assert r.status_code == 429
    assert code_of(r) == "enroll_throttled"
    assert int(r.headers["Retry-After"]) == 600
    # Another address is not held back and enrolls with the code.
    r = enroll_from(ho, right, "198.51.100.20")
    assert r.status_code == 200, r.text
    with ho.db.read() as session:
        noted = session.scalar(select(func.count()).select_from(EnrollAttempt).where(
            EnrollAttempt.source == "203.0.113.7"))
    assert noted == auth.ENROLL_WRONG_PER_SOURCE  # a throttled try is not noted
    # Once the wrong codes are ten minutes old, the address may try again.
    ho.clock.set(NOON_BEIJING + timedelta(minutes=10, seconds=1))
    r = enroll_from(ho, ho.enrollment_code(), "203.0.113.7")
    assert r.status_code == 200, r.text


def test_wrong_codes_from_everywhere_are_capped(
    any_ho: HeadOfficeHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    ho = any_ho
    monkeypatch.setattr(auth, "ENROLL_WRONG_GLOBAL", 3)
    for n in range(3):
        r = enroll_from(ho, "ABCDEFGHJK", f"192.0.2.{n + 1}")
        assert r.status_code == 403, r.text
    r = enroll_from(ho, ho.enrollment_code(), "192.0.2.99")
    assert r.status_code == 429
    assert code_of(r) == "enroll_throttled"
    assert int(r.headers["Retry-After"]) == 60
    ho.clock.set(NOON_BEIJING + timedelta(minutes=1, seconds=1))
    r = enroll_from(ho, ho.enrollment_code(), "192.0.2.99")
    assert r.status_code == 200, r.text


# --- 405 names the methods a path takes ---------------------------------------------------


@pytest.mark.parametrize("method", ["TRACE", "DELETE", "PUT"])
def test_unsupported_method_is_405_with_allow(ho: HeadOfficeHarness, method: str) -> None:
    r = ho.http.request(method, "/api/v1/health")
    assert r.status_code == 405
    assert code_of(r) == "method_not_allowed"
    assert r.headers["Allow"] == "GET"
    r = ho.http.request(method, "/api/v1/sync/push")
    assert r.status_code == 405
    assert r.headers["Allow"] == "POST"


def test_parallel_wrong_codes_pass_the_throttle_no_further(pg_ho: HeadOfficeHarness) -> None:
    """Many wrong codes at once from one address, on PostgreSQL's concurrent writers: no
    more than the limit get through to be checked, whatever the interleaving."""
    ho = pg_ho
    tries = 3 * auth.ENROLL_WRONG_PER_SOURCE
    start = threading.Barrier(tries)

    def guess(n: int) -> int:
        start.wait()
        return enroll_from(ho, f"ABCDEFGH{n:02d}", "203.0.113.9").status_code

    with ThreadPoolExecutor(max_workers=tries) as pool:
        statuses = list(pool.map(guess, range(tries)))
    assert statuses.count(403) == auth.ENROLL_WRONG_PER_SOURCE
    assert statuses.count(429) == tries - auth.ENROLL_WRONG_PER_SOURCE
