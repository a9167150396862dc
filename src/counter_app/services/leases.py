"""Allotment leases (座位配额): the seats head office granted this counter to sell offline.

A lease has ``granted`` seats, ``used_local`` of them sold or held here, and an expiry in
head office time, which the counter estimates as its own clock plus the offset measured at
the last sync handshake (:func:`counter_app.sync.status.server_now`). Infants take no seat.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.storage.models import Lease
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue
from counter_app.sync.status import naive_utc

__all__ = ["pick_lease", "release_lease", "seats_left_offline"]


def seats_left_offline(session: Session, flight_id: str, cabin: str, server_now: datetime) -> int:
    """Seats this counter can still sell offline on a flight cabin: the sum over its active,
    unexpired leases of ``granted - used_local``."""
    left = session.scalar(
        select(func.coalesce(func.sum(Lease.granted - Lease.used_local), 0)).where(
            Lease.flight_id == flight_id,
            Lease.cabin == cabin,
            Lease.status == "active",
            Lease.expires_at > naive_utc(server_now),
            Lease.granted > Lease.used_local,
        )
    )
    return int(left or 0)


def pick_lease(
    session: Session, flight_id: str, cabin: str, seats: int, server_now: datetime
) -> Lease:
    """The lease to take ``seats`` from: the live one expiring first that still has them.

    Refusals: ``no_lease``, ``lease_expired`` (``expired_at``), ``offline_seats_exhausted``
    (``left``, ``wanted``).
    """
    leases = session.scalars(
        select(Lease)
        .where(Lease.flight_id == flight_id, Lease.cabin == cabin, Lease.status == "active")
        .order_by(Lease.expires_at, Lease.lease_id)
    ).all()
    if not leases:
        raise DomainError("no_lease", field="flight", flight_id=flight_id, cabin=cabin)
    live = [lease for lease in leases if lease.expires_at > naive_utc(server_now)]
    if not live:
        raise DomainError(
            "lease_expired",
            field="flight",
            expired_at=max(lease.expires_at for lease in leases).isoformat(),
        )
    # The lease expiring first is used first, so its seats are not wasted.
    for lease in live:
        if lease.granted - lease.used_local >= seats:
            return lease
    left = max(max(0, lease.granted - lease.used_local) for lease in live)
    raise DomainError("offline_seats_exhausted", field="passengers", left=left, wanted=seats)


def release_lease(
    session: Session, lease_id: str, *, clerk_login: str, now: datetime
) -> int:
    """Give a lease back to head office (its unsold seats return to stock); returns how many
    seats were unsold. The lease stops selling at once."""
    lease = session.get(Lease, lease_id)
    if lease is None or lease.status != "active":
        raise DomainError("lease_not_found", field="lease", lease_id=lease_id)
    unsold = max(0, lease.granted - lease.used_local)
    lease.status = "released"
    enqueue(session, protocol.LeaseRelease(lease_id=lease_id), clerk_login, now)
    return unsold
