"""What every window and page of a logged-in session shares."""

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
    from counter_app.storage.db import Store
    from counter_app.sync.credentials import CredentialStore


@dataclass
class AppContext:
    runner: TaskRunner
    clock: Clock
    data_dir: Path
    demo: bool
    store: Store | None = None
    places: PlaceIndex | None = None
    clerk: ClerkSession | None = None
    language: str = "zh_CN"
    passphrase: str = ""  # of the encrypted credentials file, when that was chosen
    connected_demo: bool = False  # --demo without --standalone: a demo head office beside
    credentials: CredentialStore | None = None  # set by tests; else from the settings
    sync: SyncController | None = None
    desk: DocumentDesk | None = None  # printing: set by the main window
