"""Typed FastAPI dependencies of the routers (as the FastAPI full-stack template's
``deps.py``): a route names what it needs in its signature and FastAPI provides it.

- :data:`Office`: the :class:`~counter_app.headoffice.app.HeadOffice` of the app (database,
  clock, settings);
- :data:`Now`: head office's clock, read once per request;
- :data:`Authenticated`: the counter behind ``Authorization: Bearer`` (:func:`current_counter`
  refuses with 401 ``token_missing`` / ``token_invalid`` / ``token_expired`` /
  ``counter_disabled``, notes when the counter was last seen and the first use of each
  access token, which refresh-token reuse detection needs); a token found valid is then
  trusted for the app's ``auth_cache`` (``serve``: 5 s) without reading the database;
- :data:`Source`: the client's address (enrollment is throttled per address).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials
from starlette.concurrency import run_in_threadpool

from counter_app.headoffice.app import HeadOffice
from counter_app.headoffice.auth import CounterIdentity, authenticate, bearer, note_use
from counter_app.headoffice.errors import ApiError

# The dependencies that do no I/O are ``async def``: FastAPI runs a plain ``def`` dependency
# on the thread pool, one thread hand-off (and interpreter-lock round trip) each per request.


async def head_office(request: Request) -> HeadOffice:
    office = request.app.state.headoffice
    assert isinstance(office, HeadOffice)
    return office


Office = Annotated[HeadOffice, Depends(head_office)]


async def now(office: Office) -> datetime:
    return office.clock.now()


Now = Annotated[datetime, Depends(now)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


async def current_counter(office: Office, credentials: Credentials) -> CounterIdentity:
    """The authenticated counter (401 ErrorBody otherwise): from the token cache without
    leaving the event loop, else from the database on the thread pool."""
    if credentials is None or not credentials.credentials:
        raise ApiError(401, "token_missing", "Authorization: Bearer <access token> is required")
    token = credentials.credentials
    stamp = office.clock.now()
    known = office.tokens.get(token, stamp)  # trusted for a few seconds (app.TokenCache)
    if known is not None:
        return known
    return await run_in_threadpool(counter_of_token, office, token, stamp)


def counter_of_token(office: HeadOffice, token: str, stamp: datetime) -> CounterIdentity:
    """Authenticate ``token`` against the database, note its use, and cache it."""
    found = office.read(lambda session: authenticate(session, token, stamp))
    identity = found.identity
    if found.seen_due or found.first_use is not None:
        office.write(lambda session: note_use(
            session, identity.counter_id, found.first_use, found.seen_due, stamp))
    office.tokens.put(token, identity, stamp, found.expires_at)
    return identity


Authenticated = Annotated[CounterIdentity, Depends(current_counter)]


async def source_address(request: Request) -> str:
    """The client's address as the server saw it (behind a reverse proxy, the address the
    proxy forwarded, when uvicorn trusts it: ``--forwarded-allow-ips``)."""
    return request.client.host if request.client else "unknown"


Source = Annotated[str, Depends(source_address)]
