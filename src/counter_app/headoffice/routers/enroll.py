"""``POST /enroll`` (one-time code → counter id and tokens; wrong codes are throttled per
source address, 429 ``enroll_throttled``) and ``POST /token/refresh`` (rotation with reuse
detection, ``auth.refresh``).

A refusal that must leave a trace (the note of a wrong code, a revoked token family) is
returned by ``auth`` from the write unit of work and raised only after it committed."""

from __future__ import annotations

from fastapi import APIRouter

from counter_app.headoffice import auth
from counter_app.headoffice.deps import Now, Office, Source
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


@router.post("/enroll", response_model=EnrollResponse, responses=errors(403, 426, 429))
def enroll(body: EnrollRequest, office: Office, now: Now, source: Source) -> EnrollResponse:
    if body.protocol_version < MIN_PROTOCOL_VERSION:
        raise ApiError(426, "upgrade_required",
                       f"protocol {body.protocol_version} is too old; update the counter")
    answer = office.write(
        lambda s: auth.enroll_from(s, source, body.code, body.counter_name, now))
    if isinstance(answer, ApiError):
        raise answer
    return answer


@router.post("/token/refresh", response_model=TokenPair, responses=errors(401))
def refresh(body: RefreshRequest, office: Office, now: Now) -> TokenPair:
    answer = office.write(
        lambda s: auth.refresh(s, body.counter_id, body.refresh_token, now))
    if isinstance(answer, ApiError):
        raise answer
    return answer
