"""The start, before anyone logs in: open (and for the demos, fill) the local store, the
first pull from head office, a damaged store file moved aside. Each runs on the database
worker and tells the login window how far it has got; the services are imported there, so
that the login window is on screen before SQLAlchemy has loaded (gui/app.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.gui.tasks import Done, Failed, OnProgress, Progress, Task, TaskRunner
from counter_app.kernel.clock import Clock

if TYPE_CHECKING:
    from counter_app.domain.places import PlaceIndex
    from counter_app.services.demo_network import DemoHeadOffice
    from counter_app.services.startup import StartProgress, StartStep, StartupResult
    from counter_app.services.workspace import Workspace
    from counter_app.sync.credentials import CredentialStore


def _reporter(progress: Progress) -> StartProgress:
    """Passes a start's steps to the login window; stops the start when the app quits."""
    from counter_app.services.startup import StartCancelledError

    def report(step: StartStep, done: int, total: int) -> None:
        if progress.cancelled:
            raise StartCancelledError(step)
        progress.report(done, total, str(step))

    return report


def open_store(
    runner: TaskRunner, data_dir: Path, clock: Clock, today: date, *, demo: bool,
    connected_demo: bool, demo_grants: bool, credentials: Callable[[], CredentialStore],
    on_head_office: Callable[[DemoHeadOffice], None], done: Done[StartupResult],
    failed: Failed, on_progress: OnProgress, outlet: str | None = None,
    head_office_dir: Path | None = None,
) -> Task:
    """Open the store in ``data_dir``: as it is; the standalone demo's data loaded (with
    ``demo_grants``, its own leases and ranges too); or, ``connected_demo``, beside a demo
    head office started for it in ``head_office_dir`` or found running there
    (``on_head_office`` is told as soon as it runs) and enrolled with it for ``outlet``.
    ``credentials()`` is asked on the worker (the keyring may be slow)."""

    def work(progress: Progress) -> StartupResult:
        from counter_app.services import startup

        if demo and connected_demo:
            return startup.start_connected_demo(
                data_dir, today, credentials(), clock, progress=_reporter(progress),
                on_head_office=on_head_office, outlet=outlet, head_office_dir=head_office_dir,
            )
        grant_at = clock.now() if demo and demo_grants else None
        return startup.start_counter(data_dir, demo, today, grant_at=grant_at)

    return runner.run_db_with_progress("open_store", work, done, failed, on_progress)


def first_pull(
    runner: TaskRunner, workspace: Workspace, credentials: CredentialStore, clock: Clock,
    done: Done[tuple[PlaceIndex, int]], failed: Failed, on_progress: OnProgress,
) -> Task:
    """Sync once with head office before anyone logs in; ``done((places, changes))``."""
    store = workspace.store

    def work(progress: Progress) -> tuple[PlaceIndex, int]:
        from counter_app.services.startup import first_pull as pull

        return pull(store, credentials, clock, _reporter(progress))

    return runner.run_db_with_progress("first_pull", work, done, failed, on_progress)


def move_aside(runner: TaskRunner, path: Path, done: Done[Path], failed: Failed) -> Task:
    """Move the damaged store file aside (kept for support); ``done(its new name)``."""

    def work() -> Path:
        from counter_app.services.workspace import move_aside as rename

        return rename(path)

    return runner.run_db("move_aside", work, done, failed)
