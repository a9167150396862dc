"""The counter's copy of its outlet's service requests (服务申请单): the GP forms drafted
here, submitted, and as head office last answered them. The rules are in
``domain/gp_requests.py``, the work in ``services/gp_requests.py``. The table shares
:class:`Base` with ``storage/models.py``, which imports this module.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.storage.models import Base

__all__ = ["ServiceRequest"]


class ServiceRequest(Base):
    """A request of this outlet. ``version`` is head office's (0: head office has not seen
    it: a draft, or submitted and not yet pulled back); ``base`` is the values as of that
    version, what an edit here is merged against. ``steps`` is head office's history (a
    list of ``protocol.RequestStep`` as JSON), plus the local steps not yet sent.
    Times are naive UTC; ``flight_date`` is the local date."""

    __tablename__ = "service_requests"
    __table_args__ = (
        Index("ix_service_requests_state", "state"),
        Index("ix_service_requests_booking_id", "booking_id"),
        Index("ix_service_requests_pnr", "pnr"),
        Index("ix_service_requests_official_id", "official_id"),
        Index("ix_service_requests_due_at", "due_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, default=0)
    customer_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    unit_name: Mapped[str] = mapped_column(String(128), default="")
    official_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    official_name: Mapped[str] = mapped_column(String(64), default="")
    gp_level: Mapped[str | None] = mapped_column(String(2), nullable=True)
    booking_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    pnr: Mapped[str | None] = mapped_column(String(8), nullable=True)
    flight_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    flight_no: Mapped[str] = mapped_column(String(8), default="")
    flight_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    origin: Mapped[str] = mapped_column(String(3), default="")
    destination: Mapped[str] = mapped_column(String(3), default="")
    departure_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    due_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    base: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    assignee: Mapped[str] = mapped_column(String(32), default="")
    assignee_name: Mapped[str] = mapped_column(String(32), default="")
    steps: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_by: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
