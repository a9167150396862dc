"""Background work for the GUI: one serial database worker and a small pool for the rest.

The GUI thread only paints and reacts. SQLite has one writer, so every database task runs
on the same single worker thread, in submission order; network and printing go to a small
pool. Results come back to the GUI thread through a queued Qt signal. A task can be
cancelled: queued tasks never start, and a running task sees ``progress.cancelled``.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class Progress:
    """Handed to a task that wants to report progress or notice a cancel."""

    def __init__(self, runner: TaskRunner, task: Task) -> None:
        self._runner = runner
        self._task = task

    @property
    def cancelled(self) -> bool:
        return self._task.cancelled

    def report(self, done: int, total: int, note: str = "") -> None:
        self._runner._progress.emit(self._task, done, total, note)


@dataclass(eq=False)
class Task:
    """A submitted piece of work; ``cancel()`` it when its result is no longer wanted."""

    name: str
    on_done: Done | None
    on_error: Failed | None
    on_progress: Callable[[int, int, str], None] | None = None
    cancelled: bool = False
    finished: bool = False
    future: Future[Any] | None = field(default=None, repr=False)

    def cancel(self) -> None:
        self.cancelled = True
        if self.future is not None:
            self.future.cancel()


class TaskRunner(QObject):
    """Runs callables off the GUI thread and delivers their outcome on it."""

    _finished = Signal(object, object, object)  # task, result, error
    _progress = Signal(object, int, int, str)
    idle = Signal()

    def __init__(self, parent: QObject | None = None, pool_size: int = 3) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(1, thread_name_prefix="counter-db")
        self._pool = ThreadPoolExecutor(pool_size, thread_name_prefix="counter-io")
        self._pending: set[Task] = set()
        self._lock = threading.Lock()
        self._finished.connect(self._deliver)
        self._progress.connect(self._deliver_progress)

    # -- submitting ---------------------------------------------------------------------

    def run_db(
        self,
        name: str,
        fn: Callable[..., Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        **options: Any,
    ) -> Task:
        """Run ``fn()`` on the database worker (``with_progress=True``: ``fn(progress)``)."""
        return self._submit(self._db, name, fn, on_done, on_error, **options)

    def run_io(
        self,
        name: str,
        fn: Callable[..., Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        **options: Any,
    ) -> Task:
        """Run ``fn()`` on the pool (network, printing, files)."""
        return self._submit(self._pool, name, fn, on_done, on_error, **options)

    def _submit(
        self,
        executor: ThreadPoolExecutor,
        name: str,
        fn: Callable[..., Any],
        on_done: Done | None,
        on_error: Failed | None,
        on_progress: Callable[[int, int, str], None] | None = None,
        with_progress: bool = False,
    ) -> Task:
        task = Task(name, on_done, on_error, on_progress)
        progress = Progress(self, task) if with_progress else None

        def work() -> None:
            if task.cancelled:
                self._finished.emit(task, None, None)
                return
            try:
                result = fn(progress) if progress is not None else fn()
            except BaseException as exc:  # delivered to the GUI, which decides what to say
                log.debug("task %s failed:\n%s", name, traceback.format_exc())
                self._finished.emit(task, None, exc)
            else:
                self._finished.emit(task, result, None)

        with self._lock:
            self._pending.add(task)
        task.future = executor.submit(work)
        task.future.add_done_callback(lambda f: self._forget_cancelled(task, f))
        return task

    def _forget_cancelled(self, task: Task, future: Future[Any]) -> None:
        if future.cancelled():
            self._finished.emit(task, None, None)

    # -- delivering (GUI thread) --------------------------------------------------------

    def _deliver(self, task: Task, result: Any, error: BaseException | None) -> None:
        with self._lock:
            self._pending.discard(task)
            empty = not self._pending
        task.finished = True
        if not task.cancelled:
            if error is not None:
                if task.on_error is not None:
                    task.on_error(error)
                else:
                    log.error("unhandled error in task %s: %r", task.name, error)
            elif task.on_done is not None:
                task.on_done(result)
        if empty:
            self.idle.emit()

    def _deliver_progress(self, task: Task, done: int, total: int, note: str) -> None:
        if not task.cancelled and task.on_progress is not None:
            task.on_progress(done, total, note)

    # -- lifetime -------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._pending)

    def shutdown(self, wait: bool = True) -> None:
        """Stop accepting work; by default wait for running tasks (a database commit must
        finish, not be cut)."""
        with self._lock:
            for task in self._pending:
                task.cancelled = True
        self._db.shutdown(wait=wait, cancel_futures=True)
        self._pool.shutdown(wait=wait, cancel_futures=True)
