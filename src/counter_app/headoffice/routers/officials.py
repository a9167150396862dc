"""GP officials at head office (online): ``GET /staff/officials?customer_id=`` lists a GP
unit's officials and ``POST /staff/officials`` (body ``GpOfficialSave``) creates or edits
one, each as JSON with what its level entitles it to; ``POST /staff/units`` (body
``CustomerUpdate``) changes a GP unit's own fields and answers the unit as counters pull it;
``GET /staff/units?q=`` lists the GP units (``gp_units.py``) and ``POST /staff/units/new``
(body :class:`UnitNew`) creates one (409 ``customer_code_taken``).

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
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from counter_app.headoffice import gp_units, records
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
TAKEN = frozenset({"customer_code_taken"})


class UnitNew(BaseModel):
    """A new GP unit: its code and name, then what may be left empty."""

    code: str = Field(max_length=32)
    name_zh: str = Field(max_length=128)
    contact_name: str = Field(default="", max_length=32)
    contact_phone: str = Field(default="", max_length=32)
    account_manager: str = Field(default="", max_length=32)
    bureau: str = Field(default="", max_length=64)
    gov_level: str = Field(default="", max_length=16)


def _api(refusal: RefusalError) -> ApiError:
    status = 404 if refusal.code in NOT_FOUND else 409 if refusal.code in TAKEN else 422
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


@router.get("/staff/units", responses=errors(401, 403))
def list_units(who: CurrentStaff, office: Office,
               q: Annotated[str, Query(max_length=64)] = "") -> list[dict[str, Any]]:
    """Every GP unit whose name, pinyin or code holds ``q``, with its officials' count."""
    return office.read(lambda session: gp_units.units(session, q))


@router.post("/staff/units/new", responses=errors(401, 403, 409))
def create_unit(body: UnitNew, who: CurrentStaff, office: Office,
                now: Now) -> dict[str, Any]:
    """A new shared GP unit, logged as a customer change for the GP counters."""

    def write(session: Session) -> dict[str, Any]:
        try:
            return gp_units.create_unit(session, who.counter, body.model_dump(),
                                        naive_utc(now))
        except RefusalError as refusal:
            raise _api(refusal) from None

    return office.write(write)


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
