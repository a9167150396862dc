"""Logging a clerk in. The services are imported when the call is made: the login window
is on screen before SQLAlchemy has loaded (gui/app.py)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from counter_app.gui.operations import Done, Failed, OnWorker, submit
from counter_app.gui.tasks import Task

if TYPE_CHECKING:
    from counter_app.services.identity import ClerkSession
    from counter_app.services.workspace import Workspace


def log_in(
    ctx: OnWorker, login: str, password: str, now: datetime,
    done: Done[ClerkSession], failed: Failed | None = None,
) -> Task:
    """Check the password (a failed try is counted, so this writes); ``AuthError`` when
    refused."""

    def work(ws: Workspace) -> ClerkSession:
        from counter_app.services import auth

        return ws.write(auth.login, login, password, now)

    return submit(ctx, "login", work, done, failed)
