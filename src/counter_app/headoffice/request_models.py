"""Head office's tables of service requests (服务申请) and of head-office staff sessions.

Every request worked in the inbox is a :class:`ServiceRequestRow`: the GP service request
forms counters submit (``service_request.submit``) and the generic requests to head office
(``request.head_office``, kind ``general``). Each step of its workflow is a
:class:`ServiceRequestStepRow`. A head-office person logged in to the inbox holds a
:class:`StaffSessionRow`. The tables share :class:`Base` (and so the metadata and the
migrations) with ``headoffice/models.py``, which imports this module.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.headoffice.models import Base

__all__ = ["ServiceRequestRow", "ServiceRequestStepRow", "StaffSessionRow"]


class ServiceRequestRow(Base):
    """A request as head office holds it. ``version`` counts every edit and step (an inbox
    action names the version it saw); ``field_versions`` remembers the version at which each
    value last changed (field-level merge). ``values`` are the form's fields in wire form."""

    __tablename__ = "service_requests"
    __table_args__ = (
        Index("ix_service_requests_state_flight_date", "state", "flight_date"),
        Index("ix_service_requests_due_at", "due_at"),
        Index("ix_service_requests_updated_at", "updated_at"),
        Index("ix_service_requests_origin", "origin"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, default=1)
    outlet_code: Mapped[str] = mapped_column(ForeignKey("outlets.code"), index=True)
    counter_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    customer_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    unit_name: Mapped[str] = mapped_column(String(128), default="")
    official_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    official_name: Mapped[str] = mapped_column(String(64), default="")
    gp_level: Mapped[str | None] = mapped_column(String(2), nullable=True)
    pnr: Mapped[str | None] = mapped_column(String(8), nullable=True)
    booking_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    flight_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    flight_no: Mapped[str] = mapped_column(String(8), default="")
    flight_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    origin: Mapped[str] = mapped_column(String(3), default="")
    destination: Mapped[str] = mapped_column(String(3), default="")
    departure_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)  # UTC
    due_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)  # UTC
    assignee: Mapped[str] = mapped_column(String(32), default="")
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    field_versions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(32), default="")
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ServiceRequestStepRow(Base):
    """One step of a request: who (on which side), when, the state after it, the note."""

    __tablename__ = "service_request_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[str] = mapped_column(
        ForeignKey("service_requests.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    by_login: Mapped[str] = mapped_column(String(32))
    by_name: Mapped[str] = mapped_column(String(32), default="")
    side: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class StaffSessionRow(Base):
    """A head-office person logged in to the inbox from a counter; only the token's SHA-256
    is kept."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    login: Mapped[str] = mapped_column(ForeignKey("clerks.login"), index=True)
    counter_id: Mapped[str] = mapped_column(ForeignKey("counters.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
