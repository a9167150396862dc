"""Background work for the GUI: one serial database worker and a small pool for the rest.

The GUI thread only paints and reacts. SQLite has one writer, so every database task runs
on the same single worker thread, in submission order; network and printing go to a small
pool. Results come back to the GUI thread through a queued Qt signal, typed: ``run_db(name,
fn, on_done)`` with ``fn: () -> T`` calls ``on_done(result: T)``. A task can be cancelled:
queued tasks never start, and a running task sees ``progress.cancelled``
(``run_db_with_progress`` hands the task its :class:`Progress`).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar, cast

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Called on the GUI thread with a task's result.
Done = Callable[[T], None]
#: Called on the GUI thread with what a task raised.
Failed = Callable[[BaseException], None]
#: Called on the GUI thread with (done, total, note) as a task reports progress.
OnProgress = Callable[[int, int, str], None]


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
    on_done: Callable[[object], None] | None
    on_error: Failed | None
    on_progress: OnProgress | None = None
    cancelled: bool = False
    finished: bool = False
    future: Future[None] | None = field(default=None, repr=False)

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
        self._closed = False
        self._finished.connect(self._deliver)
        self._progress.connect(self._deliver_progress)

    # -- submitting ---------------------------------------------------------------------

    def run_db(
        self,
        name: str,
        fn: Callable[[], T],
        on_done: Done[T] | None = None,
        on_error: Failed | None = None,
    ) -> Task:
        """Run ``fn()`` on the database worker; ``on_done(result)`` on the GUI thread."""
        return self._submit(self._db, name, lambda _progress: fn(), on_done, on_error)

    def run_db_with_progress(
        self,
        name: str,
        fn: Callable[[Progress], T],
        on_done: Done[T] | None = None,
        on_error: Failed | None = None,
        on_progress: OnProgress | None = None,
    ) -> Task:
        """Run ``fn(progress)`` on the database worker; what it reports reaches
        ``on_progress(done, total, note)`` on the GUI thread."""
        return self._submit(self._db, name, fn, on_done, on_error, on_progress)

    def run_io(
        self,
        name: str,
        fn: Callable[[], T],
        on_done: Done[T] | None = None,
        on_error: Failed | None = None,
    ) -> Task:
        """Run ``fn()`` on the pool (network, printing, files)."""
        return self._submit(self._pool, name, lambda _progress: fn(), on_done, on_error)

    def _submit(
        self,
        executor: ThreadPoolExecutor,
        name: str,
        fn: Callable[[Progress], T],
        on_done: Done[T] | None,
        on_error: Failed | None,
        on_progress: OnProgress | None = None,
    ) -> Task:
        deliver: Callable[[object], None] | None = None
        if on_done is not None:
            done = on_done

            def deliver(result: object) -> None:
                done(cast(T, result))  # what fn returned, through the queued signal

        # The task (on the GUI thread's side) holds the callbacks, so that they and the
        # widgets they belong to are never let go of on a worker thread.
        task = Task(name, deliver, on_error, on_progress)
        progress = Progress(self, task)

        def work() -> None:
            if task.cancelled:
                self._finished.emit(task, None, None)
                return
            try:
                result = fn(progress)
            except BaseException as exc:  # delivered to the GUI, which decides what to say
                log.debug("task %s failed:\n%s", name, traceback.format_exc())
                self._finished.emit(task, None, exc)
            else:
                self._finished.emit(task, result, None)

        with self._lock:
            if self._closed:
                # A timer that fires while the window closes (a search typed a moment
                # before) asks for work nobody will see: it is dropped, not raised.
                log.debug("task %s dropped: the runner is shut down", name)
                task.cancelled = task.finished = True
                return task
            self._pending.add(task)
            task.future = executor.submit(work)
        task.future.add_done_callback(lambda f: self._forget_cancelled(task, f))
        return task

    def _forget_cancelled(self, task: Task, future: Future[None]) -> None:
        if future.cancelled():
            self._finished.emit(task, None, None)

    # -- delivering (GUI thread) --------------------------------------------------------

    def _deliver(self, task: Task, result: object, error: BaseException | None) -> None:
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
            self._closed = True
            for task in self._pending:
                task.cancelled = True
        self._db.shutdown(wait=wait, cancel_futures=True)
        self._pool.shutdown(wait=wait, cancel_futures=True)
