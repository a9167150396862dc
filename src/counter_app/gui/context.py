"""What the windows and pages of the counter share.

:class:`AppContext` is the start-up's: the task runner, the clock, the data folder and the
command line's choices, and what the start fills in as it goes (the opened
:class:`~counter_app.services.workspace.Workspace`, the places, the clerk once logged in).
Those may still be None, so only the start-up, the login and enrollment hold it.

Once a clerk is logged in, the main window builds a :class:`DeskContext`, and the pages
receive that: its workspace, places, clerk, sync controller and document desk are never
None, so a page never checks. :class:`SessionContext` is the same without the document
desk, for the desk itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.domain.places import PlaceIndex
from counter_app.gui.tasks import TaskRunner
from counter_app.kernel.clock import Clock
from counter_app.services.identity import ClerkSession

if TYPE_CHECKING:
    from counter_app.gui.documents import DocumentDesk
    from counter_app.gui.sync_controller import SyncController
    from counter_app.services.workspace import Store, Workspace
    from counter_app.sync.credentials import CredentialStore


class NotReadyError(RuntimeError):
    """A logged-in context was asked for before the store, places or clerk were there."""


@dataclass
class AppContext:
    runner: TaskRunner
    clock: Clock
    data_dir: Path
    demo: bool
    workspace: Workspace | None = None  # once the store is open
    places: PlaceIndex | None = None  # once the store is open
    clerk: ClerkSession | None = None  # while a clerk is logged in
    language: str = "zh_CN"
    passphrase: str = ""  # of the encrypted credentials file, when that was chosen
    connected_demo: bool = False  # --demo without --standalone: a demo head office beside
    credentials: CredentialStore | None = None  # set by tests; else from the settings

    @property
    def store(self) -> Store | None:
        """The opened store itself, for tests that set up data through it (the GUI goes
        through ``workspace``); None until open."""
        return self.workspace.store if self.workspace is not None else None

    def logged_in(self, sync: SyncController) -> SessionContext:
        """The context of the clerk now logged in, with ``sync`` running for them."""
        if self.workspace is None or self.places is None or self.clerk is None:
            raise NotReadyError("no clerk is logged in to an opened store")
        return SessionContext(self, self.workspace, self.places, self.clerk, sync)


@dataclass(frozen=True)
class SessionContext:
    """A logged-in clerk's: nothing here is None."""

    app: AppContext
    workspace: Workspace
    places: PlaceIndex
    clerk: ClerkSession
    sync: SyncController

    @property
    def runner(self) -> TaskRunner:
        return self.app.runner

    @property
    def clock(self) -> Clock:
        return self.app.clock

    @property
    def data_dir(self) -> Path:
        return self.app.data_dir

    def at_desk(self, desk: DocumentDesk) -> DeskContext:
        return DeskContext(self.app, self.workspace, self.places, self.clerk, self.sync, desk)


@dataclass(frozen=True)
class DeskContext(SessionContext):
    """What every page receives: a :class:`SessionContext` with its document desk."""

    desk: DocumentDesk
