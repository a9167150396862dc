"""Operations: how widgets reach the counter's data (Anki's ``aqt/operations`` is the model).

Widgets call small typed functions here; each runs a service on the database worker
(``ctx.runner.run_db`` with ``ctx.workspace.read``/``write``) and hands back the service's
typed result by callback, on the GUI thread. No widget opens a session, and nothing under
``gui/`` imports SQLAlchemy or ``counter_app.storage``. One module per workflow:
``sale.py`` (the sale), ``after_sale.py`` (after sale), and ``login.py``, ``documents.py``,
``customers.py``, ``flights.py``, ``invoices.py``, ``sync_view.py``, ``holds.py``, ``seats.py``, and
``startup.py`` (the start before anyone logs in).

An operation's signature is ``op(ctx, <its arguments>, done, failed=None) -> Task``:
``done(result)`` gets the service's result with its type, ``failed(error)`` what it raised
(a ``DomainError`` to show with ``gui/messages.py``); the ``Task`` can be cancelled when
its answer is no longer wanted. :func:`submit` below is the shape most of them take.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

from counter_app.gui.tasks import Done, Failed, Task, TaskRunner

if TYPE_CHECKING:
    from counter_app.services.workspace import Workspace

T = TypeVar("T")

__all__ = ["Done", "Failed", "OnWorker", "Worker", "submit"]


class OnWorker(Protocol):
    """What an operation needs of its context: the task runner and the opened store
    (a page's ``DeskContext`` has both)."""

    @property
    def runner(self) -> TaskRunner: ...

    @property
    def workspace(self) -> Workspace: ...


@dataclass(frozen=True)
class Worker:
    """An :class:`OnWorker` for the windows before a clerk is logged in (the login), which
    hold the start-up's context, whose workspace may still be None."""

    runner: TaskRunner
    workspace: Workspace


def submit(
    ctx: OnWorker,
    name: str,
    work: Callable[[Workspace], T],
    done: Done[T] | None = None,
    failed: Failed | None = None,
) -> Task:
    """``work(workspace)`` on the database worker, where it calls ``workspace.read`` or
    ``workspace.write`` with a service; ``done(result)`` on the GUI thread. For example::

        def find_customers(ctx, text, kind, done, failed=None) -> Task:
            return submit(ctx, "find_customers",
                          lambda ws: ws.read(customers.find_customers, text, kind),
                          done, failed)
    """
    workspace = ctx.workspace
    return ctx.runner.run_db(name, lambda: work(workspace), done, failed)
