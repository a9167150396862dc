"""Head office's seat tables (座位): which seat of a flight is whose, and the choices given
back. Their rules are in ``headoffice/seats.py``; the tables share :class:`Base` (and so the
metadata and the migrations) with ``headoffice/models.py``, which imports this module.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.headoffice.models import Base

__all__ = ["SeatAssignment", "SeatReleaseRow"]


class SeatAssignment(Base):
    """A flight's seat given to a counter's choice (选座): a passenger's (``kind`` seat), one
    kept empty beside a GP official's choice ``beside`` (``extra``, EXST) or held until
    ``hold_until`` (``hold``, 压座). ``UNIQUE(flight_id, seat)``: the database decides who
    has a seat; a passenger (``holder``) has one ``seat`` row per flight at most.
    ``requested_seat``: the seat asked for (another once moved)."""

    __tablename__ = "seat_assignments"
    __table_args__ = (
        UniqueConstraint("flight_id", "seat", name="uq_seat_assignments_flight_id_seat"),
        # One passenger, one seat per flight (extra seats and holds are not counted).
        Index("uq_seat_assignments_flight_id_holder", "flight_id", "holder", unique=True,
              sqlite_where=text("kind = 'seat'"), postgresql_where=text("kind = 'seat'")),
    )

    choice_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    flight_id: Mapped[str] = mapped_column(ForeignKey("flights.id"))
    seat: Mapped[str] = mapped_column(String(4))
    counter_id: Mapped[str] = mapped_column(ForeignKey("counters.id"), index=True)
    outlet_code: Mapped[str] = mapped_column(String(16))
    holder: Mapped[str] = mapped_column(String(36))
    passenger_name: Mapped[str] = mapped_column(String(64))
    passenger_type: Mapped[str] = mapped_column(String(3))
    ticket_number: Mapped[str | None] = mapped_column(String(14), nullable=True)
    coupon_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    kind: Mapped[str] = mapped_column(String(8))  # seat | extra | hold
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    hold_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    hold_group: Mapped[str] = mapped_column(String(36), default="")
    beside: Mapped[str] = mapped_column(String(36), default="")
    gp_level: Mapped[str | None] = mapped_column(String(2), nullable=True)
    clerk_login: Mapped[str] = mapped_column(String(32))
    requested_seat: Mapped[str] = mapped_column(String(4))
    payload_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class SeatReleaseRow(Base):
    """A seat choice given back (its assignment row deleted): the ``choice_id`` is never
    seated again, and a lock's release names its approver."""

    __tablename__ = "seat_releases"

    choice_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    flight_id: Mapped[str] = mapped_column(String(36), index=True)
    seat: Mapped[str] = mapped_column(String(4))
    counter_id: Mapped[str] = mapped_column(String(36))
    outlet_code: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(8))
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(String(16))
    approved_by: Mapped[str] = mapped_column(String(32), default="")
    clerk_login: Mapped[str] = mapped_column(String(32))
    released_at: Mapped[datetime] = mapped_column(DateTime)
