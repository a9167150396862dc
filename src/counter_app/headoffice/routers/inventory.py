"""Live inventory (online only): ``POST /inventory/leases``,
``GET /inventory/availability`` and ``POST /ranges``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

from counter_app.headoffice import inventory
from counter_app.headoffice.app import context_of
from counter_app.headoffice.auth import CounterIdentity, current_counter
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.routers import errors
from counter_app.sync.protocol import Availability, Lease, LeaseRequest, NumberRange, RangeRequest

router = APIRouter(tags=["inventory"])
Authenticated = Annotated[CounterIdentity, Depends(current_counter)]
MAX_FLIGHTS_PER_QUERY = 100


@router.post("/inventory/leases", response_model=Lease, responses=errors(401, 404, 409, 503))
def lease_seats(body: LeaseRequest, request: Request, me: Authenticated) -> Lease:
    ctx = context_of(request)
    now = ctx.clock.now()

    def grant(session: Session) -> Lease:
        inventory.expire_leases(session, now, ctx.lease_grace)
        return inventory.grant_lease(session, me.counter_id, body.flight_id, body.cabin,
                                     body.seats, body.hours, now)

    return ctx.write(grant)


@router.get("/inventory/availability", response_model=list[Availability],
            responses=errors(401))
def availability(
    request: Request,
    me: Authenticated,
    flight_id: Annotated[list[str], Query()],
) -> list[Availability]:
    if not 1 <= len(flight_id) <= MAX_FLIGHTS_PER_QUERY:
        raise ApiError(422, "invalid_request",
                       f"ask for 1 to {MAX_FLIGHTS_PER_QUERY} flight_id values")
    ctx = context_of(request)
    return ctx.read(lambda s: inventory.availability(s, flight_id))


@router.post("/ranges", response_model=NumberRange, responses=errors(401, 409))
def grant_range(body: RangeRequest, request: Request, me: Authenticated) -> NumberRange:
    if body.kind == "ticket" and not body.prefix:
        raise ApiError(422, "invalid_request", "ticket ranges need a 3-digit airline prefix")
    ctx = context_of(request)
    now = ctx.clock.now()
    return ctx.write(
        lambda s: inventory.allocate_range(s, me.counter_id, body.kind, body.prefix, body.size,
                                           now)
    )
