"""GP officials at head office (online): ``GET /staff/officials?customer_id=`` lists a GP
unit's officials and ``POST /staff/officials`` (body ``GpOfficialSave``) creates or edits
one, each as JSON with what its level entitles it to; ``POST /staff/units`` (body
``CustomerUpdate``) changes a GP unit's own fields and answers the unit as counters pull it.

Both need the counter's ``Authorization: Bearer`` and the ``X-Staff-Token`` of a live
head-office login (``staff.CurrentStaff``). Head office's staff see every GP unit and win a
merge: their changes apply over whatever changed since their base; the traveller change
reaches the counters that see the unit. Refusals (ErrorBody codes): 404
``customer_unknown`` / ``official_unknown``, 422 ``customer_not_gp_unit`` and the field
codes of ``domain/gp_officials.py``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from counter_app.headoffice import records
from counter_app.headoffice.deps import Now, Office
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.models import Traveller
from counter_app.headoffice.ops.batch import Batch, RefusalError
from counter_app.headoffice.ops.customers import customer_update
from counter_app.headoffice.ops.officials import (
    HEAD_OFFICE,
    Saver,
    official_view,
    officials_of,
    save_official,
    unit_for,
)
from counter_app.headoffice.records import naive_utc
from counter_app.headoffice.routers import errors
from counter_app.headoffice.staff import HEAD_OFFICE_ROLE, CurrentStaff
from counter_app.sync.protocol import CustomerUpdate, GpOfficialSave

router = APIRouter(tags=["officials"])
NOT_FOUND = frozenset({"customer_unknown", "official_unknown"})


def _api(refusal: RefusalError) -> ApiError:
    status = 404 if refusal.code in NOT_FOUND else 422
    return ApiError(status, refusal.code, refusal.message)


@router.get("/staff/officials", responses=errors(401, 403, 404))
def list_officials(who: CurrentStaff, office: Office,
                   customer_id: Annotated[str, Query(max_length=36)]) -> list[dict[str, Any]]:
    def read(session: Session) -> list[dict[str, Any]]:
        try:
            return officials_of(session, customer_id)
        except RefusalError as refusal:
            raise _api(refusal) from None

    return office.read(read)


@router.post("/staff/units", responses=errors(401, 403, 404))
def save_unit(body: CustomerUpdate, who: CurrentStaff, office: Office,
              now: Now) -> dict[str, Any]:
    """A GP unit's fields (contact person, account manager, bureau, level of government
    ...) changed by head office's staff, who win over changes since their base."""

    def write(session: Session) -> dict[str, Any]:
        try:
            unit = unit_for(session, body.customer_id, None)
            result = customer_update(Batch(session, who.counter, naive_utc(now)), body,
                                     head_office=True)
        except RefusalError as refusal:
            raise _api(refusal) from None
        return {**records.customer_data(unit), "applied": result["applied"]}

    return office.write(write)


@router.post("/staff/officials", responses=errors(401, 403, 404))
def save(body: GpOfficialSave, who: CurrentStaff, office: Office,
         now: Now) -> dict[str, Any]:
    saver = Saver(None, HEAD_OFFICE_ROLE, HEAD_OFFICE)

    def write(session: Session) -> dict[str, Any]:
        try:
            result = save_official(session, body, saver, naive_utc(now))
        except RefusalError as refusal:
            raise _api(refusal) from None
        row = session.get(Traveller, result["official_id"])
        assert row is not None
        return {**official_view(row), "applied": result["applied"]}

    return office.write(write)
