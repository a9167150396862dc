"""``GET /health``: is the service up and its database reachable (no authentication)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from counter_app.headoffice.deps import Now, Office
from counter_app.headoffice.routers import errors
from counter_app.sync.protocol import PROTOCOL_VERSION

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    database: str
    protocol_version: int
    server_time: datetime


@router.get("/health", response_model=Health, responses=errors(503))
def health(office: Office, now: Now) -> Health:
    office.read(lambda s: s.execute(text("SELECT 1")).scalar_one())
    return Health(status="ok", database=office.db.engine.dialect.name,
                  protocol_version=PROTOCOL_VERSION, server_time=now)
