"""``POST /enroll`` (one-time code → counter id and tokens) and ``POST /token/refresh``."""

from __future__ import annotations

from fastapi import APIRouter

from counter_app.headoffice import auth
from counter_app.headoffice.deps import Now, Office
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.routers import errors
from counter_app.sync.protocol import (
    MIN_PROTOCOL_VERSION,
    EnrollRequest,
    EnrollResponse,
    RefreshRequest,
    TokenPair,
)

router = APIRouter(tags=["enrollment"])


@router.post("/enroll", response_model=EnrollResponse, responses=errors(403, 426))
def enroll(body: EnrollRequest, office: Office, now: Now) -> EnrollResponse:
    if body.protocol_version < MIN_PROTOCOL_VERSION:
        raise ApiError(426, "upgrade_required",
                       f"protocol {body.protocol_version} is too old; update the counter")
    return office.write(lambda s: auth.enroll(s, body.code, body.counter_name, now))


@router.post("/token/refresh", response_model=TokenPair, responses=errors(401))
def refresh(body: RefreshRequest, office: Office, now: Now) -> TokenPair:
    return office.write(lambda s: auth.refresh(s, body.counter_id, body.refresh_token, now))
