"""Runs the Qt-free sync engine in a background thread and tells the window how it goes.

The engine thread syncs on its own (every 15 s, at once when woken after a local change,
backing off while head office is unreachable). Every two seconds the controller reads the
status through the database worker and emits ``statusChanged`` — the GUI never waits for
the network.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.gui.context import AppContext

if TYPE_CHECKING:
    from counter_app.sync.credentials import CredentialStore
    from counter_app.sync.engine import SyncEngine

log = logging.getLogger(__name__)

POLL_MS = 2000


def credential_store(data_dir: Path, backend: str, passphrase: str = "") -> CredentialStore:
    """The store for this counter's device token: the OS keyring, or — chosen explicitly
    where no keyring exists — an encrypted file in the data folder."""
    from counter_app.sync.credentials import (
        EncryptedFileCredentialStore,
        KeyringCredentialStore,
    )

    if backend == "file":
        return EncryptedFileCredentialStore(data_dir / "credentials.enc", passphrase)
    return KeyringCredentialStore.for_data_dir(data_dir)


class SyncController(QObject):
    """Owns the engine thread of one counter."""

    statusChanged = Signal(object)  # counter_app.sync.status.SyncStatus

    def __init__(self, ctx: AppContext, credentials: CredentialStore) -> None:
        super().__init__()
        self.ctx = ctx
        self.credentials = credentials
        self.engine: SyncEngine | None = None
        self.last_status: object | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.refresh)

    def start(self) -> None:
        """Start syncing if this counter is enrolled; poll the status either way."""
        store = self.ctx.store
        if store is None:
            return
        self._poll.start()
        self.refresh()
        creds = None
        try:
            creds = self.credentials.load()
        except Exception as exc:  # the keyring itself failed: say so in the status
            log.warning("credentials unavailable: %s", exc)
        if creds is None or self._thread is not None:
            return
        from counter_app.sync.client import HeadOfficeClient
        from counter_app.sync.engine import SyncEngine

        client = HeadOfficeClient(creds.base_url, self.credentials)
        self.engine = SyncEngine(store, client, self.ctx.clock)
        self._stop.clear()
        self._thread = threading.Thread(
            target=self.engine.run,
            args=(self._stop, self._wake),
            name="counter-sync",
            daemon=True,
        )
        self._thread.start()

    @property
    def online(self) -> bool:
        """Head office answered at the last cycle (a guess until the next one)."""
        return self.engine is not None and bool(getattr(self.last_status, "online", False))

    def wake(self) -> None:
        """Sync now (after a local change that head office must learn of)."""
        self._wake.set()

    def refresh(self) -> None:
        store = self.ctx.store
        if store is None:
            return
        clock = self.ctx.clock

        def work() -> object:
            from counter_app.sync.status import read_status

            with store.read() as session:
                return read_status(session, clock.now())

        self.ctx.runner.run_db("sync_status", work, self._got_status)

    def _got_status(self, status: object) -> None:
        self.last_status = status
        self.statusChanged.emit(status)

    def stop(self, wait: float = 10.0) -> None:
        self._poll.stop()
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(wait)
            self._thread = None
        if self.engine is not None:
            self.engine.client.close()
            self.engine = None
