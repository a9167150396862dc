"""The sync page: what it shows, and an attention item marked handled."""

from __future__ import annotations

from datetime import datetime

from counter_app.gui.operations import Done, Failed, OnWorker, submit
from counter_app.gui.tasks import Task
from counter_app.services import screens
from counter_app.services.screens import SyncPageData
from counter_app.sync import status


def page_data(
    ctx: OnWorker, now: datetime, done: Done[SyncPageData], failed: Failed | None = None
) -> Task:
    return submit(ctx, "sync_page", lambda ws: ws.read(screens.sync_page, now), done, failed)


def resolve(
    ctx: OnWorker, item_id: str, note: str, clerk_login: str, now: datetime,
    done: Done[None], failed: Failed | None = None,
) -> Task:
    """Mark an attention item handled, with what was done (kept in the audit)."""
    return submit(ctx, "resolve_attention", lambda ws: ws.write(
        status.resolve, item_id, note, clerk_login, now), done, failed)
