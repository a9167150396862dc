"""Live inventory (online only): ``POST /inventory/leases``,
``GET /inventory/availability`` and ``POST /ranges``. What a counter asks for is bounded by
its outlet's quotas (``headoffice/policy.py``): 422 / 409 ``lease_quota`` / ``range_quota``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from counter_app.headoffice import inventory
from counter_app.headoffice.deps import Authenticated, Now, Office
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.routers import errors
from counter_app.sync.protocol import Availability, Lease, LeaseRequest, NumberRange, RangeRequest

router = APIRouter(tags=["inventory"])
MAX_FLIGHTS_PER_QUERY = 100


@router.post("/inventory/leases", response_model=Lease, responses=errors(401, 404, 409, 503))
def lease_seats(body: LeaseRequest, me: Authenticated, office: Office, now: Now) -> Lease:
    def grant(session: Session) -> Lease:
        return inventory.counter_lease(session, me.counter_id, me.outlet_code, body.flight_id,
                                       body.cabin, body.seats, body.hours, now,
                                       office.lease_grace)

    return office.write(grant)


@router.get("/inventory/availability", response_model=list[Availability],
            responses=errors(401))
def availability(
    me: Authenticated,
    office: Office,
    flight_id: Annotated[list[str], Query()],
) -> list[Availability]:
    if not 1 <= len(flight_id) <= MAX_FLIGHTS_PER_QUERY:
        raise ApiError(422, "invalid_request",
                       f"ask for 1 to {MAX_FLIGHTS_PER_QUERY} flight_id values")
    return office.read(lambda s: inventory.availability(s, flight_id))


@router.post("/ranges", response_model=NumberRange, responses=errors(401, 409))
def grant_range(body: RangeRequest, me: Authenticated, office: Office, now: Now) -> NumberRange:
    if body.kind == "ticket" and not body.prefix:
        raise ApiError(422, "invalid_request", "ticket ranges need a 3-digit airline prefix")
    return office.write(
        lambda s: inventory.counter_range(s, me.counter_id, me.outlet_code, body.kind,
                                          body.prefix, body.size, now)
    )
