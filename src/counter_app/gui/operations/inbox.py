"""The head-office inbox's work (总部待办): a head-office person's login, the inbox's pages,
a request's detail and its steps, assignment and edits — all online, on the network pool
(``ctx.runner.run_io``), never on the GUI thread.

The page keeps one :class:`~counter_app.sync.inbox.InboxClient` (the staff token lives in it,
in memory) made by :func:`inbox_client` from the sync engine's connection. Head office's
refusals of a request's content (422 ``reject_reason_required``, ``request_step_not_allowed``,
a field's code ...) come back as a ``DomainError`` with the same code (see
:func:`as_domain_error`), so ``gui/messages.py`` words them like a local refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from counter_app.domain.errors import DomainError
from counter_app.gui.operations import Done, Failed
from counter_app.gui.tasks import Task
from counter_app.sync.client import Refused
from counter_app.sync.inbox import InboxClient, InboxFilters, StaffLoginNeeded, VersionConflict
from counter_app.sync.protocol.inbox import (
    InboxAssign,
    InboxEdit,
    InboxPage,
    InboxStep,
    ServiceRequestView,
    StaffMember,
    StaffSession,
)

if TYPE_CHECKING:
    from counter_app.gui.context import DeskContext

T = TypeVar("T")

__all__ = ["as_domain_error", "assign", "detail", "edit", "inbox_client", "login", "page",
           "staff", "step"]

# Refusals about the request itself (not the connection, not the session).
_CONTENT = frozenset({400, 404, 422})


def inbox_client(ctx: DeskContext) -> InboxClient | None:
    """An inbox over the sync engine's connection; None when the counter is not enrolled."""
    engine = ctx.sync.engine
    return None if engine is None else InboxClient(engine.client)


def as_domain_error(error: BaseException) -> BaseException:
    """Head office's refusal of a request's content as a DomainError (its code, field and
    params); the session's, the version's and the connection's errors as they are."""
    if isinstance(error, StaffLoginNeeded | VersionConflict):
        return error
    if isinstance(error, Refused) and error.status in _CONTENT and error.code:
        params = {k: v for k, v in error.detail.items() if k != "field"}
        field = error.detail.get("field")
        return DomainError(error.code, field=field if isinstance(field, str) else "",
                           **params)
    return error


def _run(ctx: DeskContext, name: str, work: Callable[[], T], done: Done[T],
         failed: Failed | None) -> Task:
    def mapped(error: BaseException) -> None:
        if failed is not None:
            failed(as_domain_error(error))

    return ctx.runner.run_io(name, work, done, mapped)


def login(ctx: DeskContext, inbox: InboxClient, user: str, password: str,
          done: Done[StaffSession], failed: Failed | None = None) -> Task:
    return _run(ctx, "inbox_login", lambda: inbox.login(user, password), done, failed)


def page(ctx: DeskContext, inbox: InboxClient, filters: InboxFilters,
         done: Done[InboxPage], failed: Failed | None = None) -> Task:
    return _run(ctx, "inbox_page", lambda: inbox.page(filters), done, failed)


def detail(ctx: DeskContext, inbox: InboxClient, request_id: str,
           done: Done[ServiceRequestView], failed: Failed | None = None) -> Task:
    return _run(ctx, "inbox_detail", lambda: inbox.detail(request_id), done, failed)


def step(ctx: DeskContext, inbox: InboxClient, request_id: str, body: InboxStep,
         done: Done[ServiceRequestView], failed: Failed | None = None) -> Task:
    return _run(ctx, "inbox_step", lambda: inbox.step(request_id, body), done, failed)


def assign(ctx: DeskContext, inbox: InboxClient, request_id: str, body: InboxAssign,
           done: Done[ServiceRequestView], failed: Failed | None = None) -> Task:
    return _run(ctx, "inbox_assign", lambda: inbox.assign(request_id, body), done, failed)


def edit(ctx: DeskContext, inbox: InboxClient, request_id: str, body: InboxEdit,
         done: Done[tuple[ServiceRequestView, list[str]]], failed: Failed | None = None
         ) -> Task:
    """``done((view, conflicts))``: the request as merged and the fields that kept a
    counter's value (changed there since the base)."""
    return _run(ctx, "inbox_edit", lambda: inbox.edit_merged(request_id, body), done, failed)


def staff(ctx: DeskContext, inbox: InboxClient, done: Done[list[StaffMember]],
          failed: Failed | None = None) -> Task:
    return _run(ctx, "inbox_staff", inbox.staff, done, failed)


def officials(ctx: DeskContext, inbox: InboxClient, customer_id: str,
              done: Done[list[dict[str, Any]]], failed: Failed | None = None) -> Task:
    return _run(ctx, "inbox_officials", lambda: inbox.officials(customer_id), done, failed)
