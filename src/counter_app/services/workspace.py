"""The counter's opened local store as the GUI holds it: the GUI hands a service function
and its arguments to :meth:`Workspace.read` or :meth:`Workspace.write` (on its database
worker), and never touches SQLAlchemy or ``counter_app.storage`` itself.

``read(fn, *args, **kwargs)`` runs ``fn(session, *args, **kwargs)`` in a session that never
commits; ``write(...)`` runs it in a unit of work that commits at the end, or rolls back
when ``fn`` raises (docs/architecture.md rule 2: services check before they write, and none
of them commits). Both are typed through ``fn``: a call with the wrong arguments, or a
result used as the wrong type, is a mypy error at the caller.

The Qt-free layers that take the store itself (the sync engine, enrollment, the first pull)
get it as :attr:`Workspace.store`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from counter_app.kernel.errors import StoreError
from counter_app.storage import db
from counter_app.storage.db import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["Store", "StoreError", "Workspace", "move_aside"]

P = ParamSpec("P")
T = TypeVar("T")


class Workspace:
    """One opened store; used from the database worker only (``TaskRunner.run_db``)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def path(self) -> Path:
        """The SQLite file."""
        return self.store.path

    def read(
        self, fn: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """``fn(session, *args, **kwargs)`` in a session for reading; nothing commits."""
        with self.store.read() as session:
            return fn(session, *args, **kwargs)

    def write(
        self, fn: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """``fn(session, *args, **kwargs)`` in a unit of work: its changes commit together
        when it returns, and none of them when it raises."""
        with self.store.unit_of_work() as session:
            return fn(session, *args, **kwargs)

    def close(self) -> None:
        self.store.close()


def move_aside(path: Path) -> Path:
    """Rename a damaged database file (and its WAL files) out of the way, kept for support;
    returns its new name. The next start creates a fresh store."""
    return db.move_aside(path)
