"""The GP page's and the request dialog's work (公务服务): the board of requests, a booking's
and an official's requests, one request's detail, a new form filled from the official and
the booking, and the request's steps at the counter (draft, submit, edit, cancel).

Each runs a use case of ``services/gp_requests.py`` or a query of ``services/gp_board.py``
on the database worker (``submit``); a write that head office must learn of (a submission,
an edit of a submitted request, a cancellation) queues its op in the same unit of work and
wakes the sync controller, which sends it on its next cycle. A refusal comes back as the
use case's ``DomainError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from counter_app.gui.operations import Done, Failed, submit
from counter_app.gui.tasks import Task
from counter_app.services import gp_board, gp_requests, lookup
from counter_app.services.gp_board import Board, BoardItem, RequestDetail
from counter_app.services.gp_requests import RequestForm
from counter_app.services.lookup import BookingSummary, KnownTraveller

if TYPE_CHECKING:
    from counter_app.gui.context import DeskContext

__all__ = ["board", "cancel", "detail", "edit", "find_bookings", "find_officials",
           "for_booking", "prefill", "save_draft", "send"]


def board(ctx: DeskContext, done: Done[Board], failed: Failed | None = None) -> Task:
    """What waits on the counter, on head office, is due today, is late."""
    now = ctx.clock.now()
    return submit(ctx, "gp_board", lambda ws: ws.read(gp_board.board, now), done, failed)


def for_booking(ctx: DeskContext, booking_id: str, done: Done[tuple[BoardItem, ...]],
                failed: Failed | None = None) -> Task:
    """Every request of a booking, newest first."""
    now = ctx.clock.now()
    return submit(ctx, "gp_for_booking",
                  lambda ws: ws.read(gp_board.for_booking, booking_id, now), done, failed)


def detail(ctx: DeskContext, request_id: str, done: Done[RequestDetail],
           failed: Failed | None = None) -> Task:
    """One request: its line, values, steps and the counter's next steps."""
    now = ctx.clock.now()
    return submit(ctx, "gp_request_detail",
                  lambda ws: ws.read(gp_board.request_detail, request_id, now), done, failed)


def find_officials(ctx: DeskContext, text: str, done: Done[list[KnownTraveller]],
                   failed: Failed | None = None) -> Task:
    """The GP officials on customers' lists (a level, a traveller id) the text names: the
    start of the name (Chinese or latin), an ID number or a mobile."""

    def work(ws: Any) -> list[KnownTraveller]:
        found = ws.read(lookup.known_travellers, text, 40)
        return [k for k in found if k.traveller_id and k.gp_level][:20]

    return submit(ctx, "gp_find_officials", work, done, failed)


def find_bookings(ctx: DeskContext, text: str, done: Done[list[BookingSummary]],
                  failed: Failed | None = None) -> Task:
    """Bookings by PNR, ticket number, ID number, name or mobile, newest first."""
    return submit(ctx, "gp_find_bookings", lambda ws: ws.read(lookup.find_bookings, text, 20),
                  done, failed)


def prefill(ctx: DeskContext, kind: str, official_id: str, booking_id: str | None,
            done: Done[RequestForm], failed: Failed | None = None) -> Task:
    """A new form of ``kind`` filled from the official, their unit and the booking, with
    whether the level is entitled (and the refusal if not) and the deadline."""
    clerk, now = ctx.clerk, ctx.clock.now()
    return submit(ctx, "gp_prefill", lambda ws: ws.read(
        gp_requests.prefill, kind, official_id=official_id, booking_id=booking_id,
        clerk=clerk, now=now), done, failed)


def save_draft(ctx: DeskContext, values: Mapping[str, Any], request_id: str | None, *,
               kind: str, official_id: str, booking_id: str | None, done: Done[str],
               failed: Failed | None = None) -> Task:
    """Keep the form here as a draft (head office does not see it); ``done`` gets its id."""
    clerk, now, wanted = ctx.clerk, ctx.clock.now(), dict(values)
    return submit(ctx, "gp_save_draft", lambda ws: ws.write(
        gp_requests.save_draft, wanted, request_id=request_id, kind=kind,
        official_id=official_id, booking_id=booking_id, clerk=clerk, now=now), done, failed)


def _woken(ctx: DeskContext, done: Done[Any]) -> Done[Any]:
    def after(result: Any) -> None:
        ctx.sync.wake()  # the op is queued: send it now
        done(result)

    return after


def send(ctx: DeskContext, values: Mapping[str, Any], request_id: str | None, *, kind: str,
         official_id: str, booking_id: str | None, done: Done[str],
         failed: Failed | None = None) -> Task:
    """Submit the form to head office (a new request or a draft); the op is queued and the
    sync woken. ``done`` gets the request's id."""
    clerk, now, wanted = ctx.clerk, ctx.clock.now(), dict(values)
    return submit(ctx, "gp_submit", lambda ws: ws.write(
        gp_requests.submit, request_id, wanted, kind=kind, official_id=official_id,
        booking_id=booking_id, clerk=clerk, now=now), _woken(ctx, done), failed)


def edit(ctx: DeskContext, request_id: str, changes: Mapping[str, Any], done: Done[bool],
         failed: Failed | None = None) -> Task:
    """Change fields of an open request (a submitted one queues its update); ``done`` gets
    whether anything changed."""
    clerk, now, wanted = ctx.clerk, ctx.clock.now(), dict(changes)
    return submit(ctx, "gp_edit", lambda ws: ws.write(
        gp_requests.edit, request_id, wanted, clerk=clerk, now=now), _woken(ctx, done), failed)


def cancel(ctx: DeskContext, request_id: str, note: str, done: Done[None],
           failed: Failed | None = None) -> Task:
    """Withdraw the request (a submitted one queues its cancellation)."""
    clerk, now = ctx.clerk, ctx.clock.now()
    return submit(ctx, "gp_cancel", lambda ws: ws.write(
        gp_requests.cancel, request_id, note, clerk=clerk, now=now), _woken(ctx, done), failed)
