"""``/sync/handshake``, ``/sync/push``, ``/sync/pull`` and ``/sync/checksum``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy import update
from sqlalchemy.orm import Session

from counter_app.headoffice import apply, pull
from counter_app.headoffice.deps import Authenticated, Now, Office
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.models import Counter
from counter_app.headoffice.records import naive_utc
from counter_app.headoffice.routers import errors
from counter_app.sync.protocol import (
    ACCEPTED_OP_SCHEMA_VERSIONS,
    DEFAULT_PULL_LIMIT,
    MAX_PULL_LIMIT,
    MIN_PROTOCOL_VERSION,
    PROTOCOL_VERSION,
    ChecksumResponse,
    HandshakeRequest,
    HandshakeResponse,
    PullResponse,
    PushRequest,
    PushResponse,
)

router = APIRouter(prefix="/sync", tags=["sync"])
MAX_CURSOR = 2**63 - 1


@router.post("/handshake", response_model=HandshakeResponse, responses=errors(401, 426))
def handshake(
    body: HandshakeRequest, me: Authenticated, office: Office, now: Now
) -> HandshakeResponse:
    if body.protocol_version < MIN_PROTOCOL_VERSION:
        raise ApiError(
            426, "upgrade_required",
            f"protocol {body.protocol_version} is no longer accepted (minimum "
            f"{MIN_PROTOCOL_VERSION}); update the counter",
        )

    def note(session: Session) -> None:
        session.execute(update(Counter).where(Counter.id == me.counter_id)
                        .values(app_version=body.app_version, last_seen_at=naive_utc(now)))

    office.write(note)
    accepted = body.op_schema_version in ACCEPTED_OP_SCHEMA_VERSIONS
    message = "" if accepted else (
        f"op schema {body.op_schema_version} is not accepted; accepted: "
        f"{sorted(ACCEPTED_OP_SCHEMA_VERSIONS)}"
    )
    return HandshakeResponse(
        accepted=accepted, protocol_version=PROTOCOL_VERSION,
        min_protocol_version=MIN_PROTOCOL_VERSION,
        accepted_op_schema_versions=sorted(ACCEPTED_OP_SCHEMA_VERSIONS),
        server_time=now, counter_id=me.counter_id, outlet_code=me.outlet_code, message=message,
    )


@router.post("/push", response_model=PushResponse, responses=errors(401, 409, 413, 503))
def push(body: PushRequest, me: Authenticated, office: Office, now: Now) -> Response:
    answer = office.write(
        lambda s: apply.apply_batch(s, me, list(body.ops), now, office.lease_grace))
    # Serialised straight from the model: a 500-op answer need not be validated again.
    return Response(answer.model_dump_json(), media_type="application/json")


@router.get("/pull", response_model=PullResponse, responses=errors(401, 409))
def pull_changes(
    me: Authenticated,
    office: Office,
    now: Now,
    cursor: Annotated[int, Query(ge=0, le=MAX_CURSOR)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = DEFAULT_PULL_LIMIT,
) -> PullResponse:
    return office.read(lambda s: pull.pull(s, me, cursor, limit, now))


@router.get("/checksum", response_model=ChecksumResponse, responses=errors(401))
def checksum(me: Authenticated, office: Office) -> ChecksumResponse:
    return office.read(lambda s: pull.checksums(s, me))
