"""Runs the Qt-free sync engine in a background thread and tells the window how it goes.

The engine thread syncs on its own (every 15 s, at once when woken after a local change,
backing off while head office is unreachable). Every two seconds the controller reads the
status through the database worker and emits ``statusChanged`` — the GUI never waits for
the network.

The store has one writer, the task runner's database worker (docs/architecture.md rule 1).
The engine talks to head office on its own thread and hands each of its writes to a
:class:`DatabaseWorkerWriter`, which queues it on that worker behind the clerk's tasks and
waits for it: the engine's commits and the clerk's never run side by side.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, Future
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.gui.context import AppContext
from counter_app.gui.tasks import TaskRunner

if TYPE_CHECKING:
    from counter_app.sync.credentials import CredentialStore
    from counter_app.sync.engine import SyncEngine
    from counter_app.sync.status import SyncStatus

log = logging.getLogger(__name__)

T = TypeVar("T")

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


class DatabaseWorkerWriter:
    """A :class:`counter_app.storage.db.Writer` for code off the GUI thread (the sync
    engine's thread, the pool): ``writer(fn)`` runs ``fn`` on ``runner``'s database worker
    and waits for what it returns or raises. On the worker itself it runs ``fn`` at once;
    on the GUI thread (the one it was made on) it refuses, since that thread never waits.
    Raises :class:`~concurrent.futures.CancelledError` when the runner shut down before
    ``fn`` could run (nothing was written)."""

    def __init__(self, runner: TaskRunner) -> None:
        self.runner = runner
        self._gui_thread = threading.current_thread()
        self._db_thread: threading.Thread | None = None  # the worker's, once seen

    def on_worker(self) -> None:
        """Called by a task on the database worker: remembers that thread."""
        self._db_thread = threading.current_thread()

    def __call__(self, fn: Callable[[], T], /) -> T:
        here = threading.current_thread()
        if here is self._db_thread:
            return fn()
        if here is self._gui_thread:
            raise RuntimeError("the GUI thread never waits for the database worker")
        outcome: Future[T] = Future()

        def work() -> None:
            self.on_worker()
            try:
                outcome.set_result(fn())
            except BaseException as exc:  # handed to the waiting thread, as fn() would raise
                outcome.set_exception(exc)

        task = self.runner.run_db("sync_write", work)
        if task.future is not None:
            # Done once work() ran, or cancelled when the runner dropped it at shutdown
            # (result(), not wait(): a future cancelled by the executor's shutdown never
            # wakes wait()).
            with suppress(CancelledError):
                task.future.result()
        if not outcome.done():
            raise CancelledError("the database worker stopped before the write ran")
        return outcome.result()


class SyncController(QObject):
    """Owns the engine thread of one counter."""

    statusChanged = Signal(object)  # counter_app.sync.status.SyncStatus

    def __init__(self, ctx: AppContext, credentials: CredentialStore) -> None:
        super().__init__()
        self.ctx = ctx
        self.credentials = credentials
        self.engine: SyncEngine | None = None
        self.last_status: SyncStatus | None = None
        # The engine's writes go to the database worker (made here, on the GUI thread).
        self.writer = DatabaseWorkerWriter(ctx.runner)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.refresh)

    def start(self) -> None:
        """Start syncing if this counter is enrolled; poll the status either way."""
        workspace = self.ctx.workspace
        if workspace is None:
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
        self.engine = SyncEngine(workspace.store, client, self.ctx.clock, writer=self.writer)
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
        workspace = self.ctx.workspace
        if workspace is None:
            return
        clock = self.ctx.clock

        def work() -> SyncStatus:
            from counter_app.sync.status import read_status

            self.writer.on_worker()  # before the engine's first write can be asked for
            return workspace.read(read_status, clock.now())

        self.ctx.runner.run_db("sync_status", work, self._got_status)

    def _got_status(self, status: SyncStatus) -> None:
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
