"""Seats live (online only): ``GET /seats/{flight_id}`` (the flight's seats that are not
free), ``POST /seats`` (a seat chosen, confirmed or refused at once) and
``POST /seats/release``. The rules are ``headoffice/seats.py``; a refusal is an ErrorBody
with its code (409 ``seat_taken`` with ``detail={"seat", "suggested"}``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import APIRouter, Path

from counter_app.headoffice import seats
from counter_app.headoffice.deps import Authenticated, Now, Office
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.routers import errors
from counter_app.sync.protocol import (
    SeatAnswer,
    SeatChoose,
    SeatMapState,
    SeatRelease,
    SeatReleased,
)

router = APIRouter(tags=["seats"])
T = TypeVar("T")


def _answered(run: Callable[[], T]) -> T:
    try:
        return run()
    except seats.SeatRefusalError as refusal:
        raise ApiError(refusal.status, refusal.code, refusal.message, refusal.detail) from None


@router.get("/seats/{flight_id}", response_model=SeatMapState, responses=errors(401, 404))
def seat_map(flight_id: Annotated[str, Path(max_length=36)], me: Authenticated,
             office: Office, now: Now) -> SeatMapState:
    return _answered(lambda: office.read(
        lambda s: seats.seat_map_state(s, me, flight_id, now)))


@router.post("/seats", response_model=SeatAnswer, responses=errors(401, 403, 404, 409))
def choose_seat(body: SeatChoose, me: Authenticated, office: Office, now: Now) -> SeatAnswer:
    return _answered(lambda: office.write(
        lambda s: seats.choose(s, me, body, now, live=True)))


@router.post("/seats/release", response_model=SeatReleased,
             responses=errors(401, 403, 409))
def release_seat(body: SeatRelease, me: Authenticated, office: Office,
                 now: Now) -> SeatReleased:
    return _answered(lambda: office.write(
        lambda s: seats.release(s, me, body, now, live=True)))
