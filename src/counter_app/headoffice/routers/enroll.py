"""``POST /enroll`` (one-time code → counter id and tokens) and ``POST /token/refresh``."""

from __future__ import annotations

from fastapi import APIRouter, Request

from counter_app.headoffice import auth
from counter_app.headoffice.app import context_of
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
def enroll(body: EnrollRequest, request: Request) -> EnrollResponse:
    if body.protocol_version < MIN_PROTOCOL_VERSION:
        raise ApiError(426, "upgrade_required",
                       f"protocol {body.protocol_version} is too old; update the counter")
    ctx = context_of(request)
    now = ctx.clock.now()
    return ctx.write(lambda s: auth.enroll(s, body.code, body.counter_name, now))


@router.post("/token/refresh", response_model=TokenPair, responses=errors(401))
def refresh(body: RefreshRequest, request: Request) -> TokenPair:
    ctx = context_of(request)
    now = ctx.clock.now()
    return ctx.write(lambda s: auth.refresh(s, body.counter_id, body.refresh_token, now))
