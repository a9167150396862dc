"""Fixtures for the unit tests that need a real local store.

Building a populated store (reference data, demo people with argon2 hashes, 65 days of
demo schedule) takes a few seconds, so it is built once per session and each test gets its
own copy of the file in ``tmp_path``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from clock_support import TODAY
from counter_app.storage.db import Store, open_store
from counter_app.storage.demo import load_demo_people
from counter_app.storage.refdata import ensure_demo_schedule, load_reference_data

#: The day the demo schedule of the template is built around: the suite's one TODAY.
DEMO_TODAY = TODAY
DB_NAME = "counter.sqlite3"


def _single_file(path: Path) -> Path:
    """After the store is closed, SQLite has folded the WAL back into the main file."""
    for suffix in ("-wal", "-shm"):
        assert not path.with_name(path.name + suffix).exists(), f"{suffix} left after close"
    return path


@dataclass(frozen=True)
class PopulatedTemplate:
    """The closed template file and what each loader returned when it filled the (then
    fresh) store; test_refdata_load checks those first loads."""

    path: Path
    reference: dict[str, int]
    schedule: int
    people: bool

    def copy_to(self, folder: Path) -> Path:
        path = folder / DB_NAME
        shutil.copy(self.path, path)
        return path


@pytest.fixture(scope="session")
def populated_template(tmp_path_factory: pytest.TempPathFactory) -> PopulatedTemplate:
    """A store with reference data, demo people and the demo schedule for DEMO_TODAY,
    each loaded in its own unit of work as at a counter's first start."""
    path = tmp_path_factory.mktemp("template") / DB_NAME
    store = open_store(path)
    try:
        with store.unit_of_work() as session:
            reference = load_reference_data(session)
        with store.unit_of_work() as session:
            schedule = ensure_demo_schedule(session, DEMO_TODAY)
        with store.unit_of_work() as session:
            people = load_demo_people(session)
    finally:
        store.close()
    return PopulatedTemplate(_single_file(path), reference, schedule, people)


@pytest.fixture
def populated_store(populated_template: PopulatedTemplate, tmp_path: Path) -> Iterator[Store]:
    """A fresh copy of the populated store, opened; closed after the test."""
    path = populated_template.copy_to(tmp_path)
    store = open_store(path)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    """A new, migrated, empty store."""
    store = open_store(tmp_path / DB_NAME)
    try:
        yield store
    finally:
        store.close()
