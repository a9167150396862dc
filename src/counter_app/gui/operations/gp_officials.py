"""The official dialog's and the Customers page's work for GP units (公务单位与人员): an
official to edit (or a blank one) with the meals it may prefer, an official saved, and a
unit's contact person and account manager.

Each runs ``services/gp_officials.py`` on the database worker (``submit``); a save queues
``gp_official.save`` in the same unit of work and wakes the sync controller, which sends
it on its next cycle. A refusal comes back as the service's ``DomainError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from counter_app.domain.gp_requests import Option
from counter_app.gui.operations import Done, Failed, submit
from counter_app.gui.tasks import Task
from counter_app.services import gp_officials
from counter_app.services.gp_officials import Official, OfficialSaved, UnitInfo

if TYPE_CHECKING:
    from counter_app.gui.context import DeskContext

__all__ = ["OfficialForm", "load", "save", "unit"]


@dataclass(frozen=True, slots=True)
class OfficialForm:
    official: Official
    meals: tuple[Option, ...]


def load(ctx: DeskContext, customer_id: str, official_id: str | None,
         done: Done[OfficialForm], failed: Failed | None = None) -> Task:
    """The official (a blank one for ``official_id`` None) and the meal choices."""

    def work(ws: Any) -> OfficialForm:
        official = ws.read(gp_officials.official_of, customer_id, official_id)
        return OfficialForm(official, gp_officials.meals())

    return submit(ctx, "gp_official", work, done, failed)


def save(ctx: DeskContext, customer_id: str, official_id: str | None,
         changes: Mapping[str, Any], done: Done[OfficialSaved],
         failed: Failed | None = None) -> Task:
    """Create or edit the official; the op is queued and the sync woken."""
    clerk, now, wanted = ctx.clerk, ctx.clock.now(), dict(changes)

    def after(result: OfficialSaved) -> None:
        if result.entry is not None:
            ctx.sync.wake()  # the op is queued: send it now
        done(result)

    return submit(ctx, "gp_official_save", lambda ws: ws.write(
        gp_officials.save_official, customer_id, wanted, official_id=official_id,
        clerk_login=clerk.login, role=str(clerk.role), now=now), after, failed)


def unit(ctx: DeskContext, customer_id: str, done: Done[UnitInfo],
         failed: Failed | None = None) -> Task:
    """A GP unit's contact person, account manager, bureau and level of government."""
    return submit(ctx, "gp_unit", lambda ws: ws.read(gp_officials.unit_of, customer_id),
                  done, failed)
