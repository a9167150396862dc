"""Typed FastAPI dependencies of the routers (as the FastAPI full-stack template's
``deps.py``): a route names what it needs in its signature and FastAPI provides it.

- :data:`Office`: the :class:`~counter_app.headoffice.app.HeadOffice` of the app (database,
  clock, settings);
- :data:`Now`: head office's clock, read once per request;
- :data:`Authenticated`: the counter behind ``Authorization: Bearer`` (:func:`current_counter`
  refuses with 401 ``token_missing`` / ``token_invalid`` / ``token_expired`` and notes when
  the counter was last seen).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy import update

from counter_app.headoffice.app import HeadOffice
from counter_app.headoffice.auth import CounterIdentity, authenticate, bearer
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.models import Counter
from counter_app.headoffice.records import naive_utc


def head_office(request: Request) -> HeadOffice:
    office = request.app.state.headoffice
    assert isinstance(office, HeadOffice)
    return office


Office = Annotated[HeadOffice, Depends(head_office)]


def now(office: Office) -> datetime:
    return office.clock.now()


Now = Annotated[datetime, Depends(now)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def current_counter(office: Office, credentials: Credentials) -> CounterIdentity:
    """The authenticated counter (401 ErrorBody otherwise)."""
    if credentials is None or not credentials.credentials:
        raise ApiError(401, "token_missing", "Authorization: Bearer <access token> is required")
    stamp = office.clock.now()
    with office.db.read() as session:
        identity, due = authenticate(session, credentials.credentials, stamp)
    if due:
        office.write(lambda session: session.execute(
            update(Counter).where(Counter.id == identity.counter_id)
            .values(last_seen_at=naive_utc(stamp))
        ))
    return identity


Authenticated = Annotated[CounterIdentity, Depends(current_counter)]
