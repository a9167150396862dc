"""The workspace the GUI holds (services/workspace.py): a service runs in a read session
that never commits, or in a unit of work that commits when it returns and not at all when
it raises."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from counter_app.services.workspace import Workspace, move_aside
from counter_app.storage.db import Store
from counter_app.sync.status import get_setting, set_setting


def _set_and_fail(session: Session, key: str, value: str) -> None:
    set_setting(session, key, value)
    session.flush()
    raise RuntimeError("refused after the write")


def test_write_commits_when_the_service_returns(empty_store: Store) -> None:
    workspace = Workspace(empty_store)
    workspace.write(set_setting, "test:key", "kept")
    assert workspace.read(get_setting, "test:key") == "kept"


def test_write_keeps_nothing_when_the_service_raises(empty_store: Store) -> None:
    workspace = Workspace(empty_store)
    with pytest.raises(RuntimeError):
        workspace.write(_set_and_fail, "test:key", "lost")
    assert workspace.read(get_setting, "test:key") is None


def test_read_never_commits(empty_store: Store) -> None:
    workspace = Workspace(empty_store)
    workspace.read(set_setting, "test:key", "not kept")
    assert workspace.read(get_setting, "test:key") is None


def test_move_aside_keeps_the_damaged_file(empty_store: Store) -> None:
    workspace = Workspace(empty_store)
    path = workspace.path
    workspace.close()
    kept = move_aside(path)
    assert kept.exists()
    assert not path.exists()
    assert kept.name.startswith(path.name + ".damaged-")
