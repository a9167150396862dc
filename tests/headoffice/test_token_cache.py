"""The access-token cache ``serve`` runs with (``create_app(auth_cache=...)``): a token found
valid is trusted for a few seconds on the head office's clock without the database, and a
revoked token or a disabled counter is refused once that time has passed, never later."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from ho_support import HeadOfficeHarness, Served
from sqlalchemy import update

from clock_support import NOON_BEIJING
from counter_app.headoffice.app import AUTH_CACHE_TTL, create_app
from counter_app.headoffice.db import Database
from counter_app.headoffice.models import Counter, Token
from counter_app.kernel.clock import FixedClock


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def cached_ho(request: pytest.FixtureRequest, served: Served) -> Iterator[HeadOfficeHarness]:
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    db = Database.from_url(url)
    clock = FixedClock(NOON_BEIJING)
    served.switch.app = create_app(db, clock, auth_cache=AUTH_CACHE_TTL)
    with httpx.Client(base_url=served.base_url, timeout=60) as http:
        yield HeadOfficeHarness(db, clock, http)
    served.switch.app = None
    db.dispose()


def test_revoked_token_is_refused_once_the_cache_time_has_passed(
        cached_ho: HeadOfficeHarness) -> None:
    ho = cached_ho
    counter = ho.enroll()
    assert counter.get("/api/v1/sync/checksum").status_code == 200
    with ho.db.write() as session:
        session.execute(update(Token).where(Token.counter_id == counter.counter_id)
                        .values(revoked=True))
    # Within the cache time the token found valid a moment ago is still trusted ...
    ho.clock.set(NOON_BEIJING + AUTH_CACHE_TTL - timedelta(milliseconds=1))
    assert counter.get("/api/v1/sync/checksum").status_code == 200
    # ... and from then on it is refused.
    ho.clock.set(NOON_BEIJING + AUTH_CACHE_TTL)
    r = counter.get("/api/v1/sync/checksum")
    assert r.status_code == 401
    assert r.json()["code"] == "token_invalid"


def test_disabled_counter_is_refused_once_the_cache_time_has_passed(
        cached_ho: HeadOfficeHarness) -> None:
    ho = cached_ho
    counter = ho.enroll()
    other = ho.enroll(name="other")
    assert counter.get("/api/v1/sync/checksum").status_code == 200
    with ho.db.write() as session:
        session.execute(update(Counter).where(Counter.id == counter.counter_id)
                        .values(status="disabled"))
    ho.clock.set(NOON_BEIJING + AUTH_CACHE_TTL)
    r = counter.get("/api/v1/sync/checksum")
    assert r.status_code == 401
    assert r.json()["code"] == "counter_disabled"
    assert other.get("/api/v1/sync/checksum").status_code == 200


def test_unknown_token_is_never_cached(cached_ho: HeadOfficeHarness) -> None:
    ho = cached_ho
    bad = {"Authorization": "Bearer not-a-token"}
    for _ in range(2):
        r = ho.http.get("/api/v1/sync/checksum", headers=bad)
        assert r.status_code == 401
        assert r.json()["code"] == "token_invalid"


def test_a_cached_token_is_never_trusted_past_its_own_expiry() -> None:
    """A token that expires inside the cache's window is refused from its expiry on (the
    database would say token_expired), not AUTH_CACHE_TTL later."""
    from counter_app.headoffice.app import TokenCache
    from counter_app.headoffice.auth import CounterIdentity

    cache = TokenCache(AUTH_CACHE_TTL)
    me = CounterIdentity("c1", "HET001")
    expires = NOON_BEIJING + timedelta(seconds=1)
    cache.put("token", me, NOON_BEIJING, expires)
    assert cache.get("token", NOON_BEIJING) == me
    assert cache.get("token", expires) is None
    cache.put("other", me, NOON_BEIJING)  # no expiry given: the window alone
    assert cache.get("other", NOON_BEIJING + AUTH_CACHE_TTL - timedelta(seconds=1)) == me
    assert cache.get("other", NOON_BEIJING + AUTH_CACHE_TTL) is None
