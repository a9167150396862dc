"""The local SQLite store: opening, migrating, units of work, damaged and unwritable
files, and the UUIDv7 ids of rows made at the counter."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from counter_app.kernel.ids import new_id, uuid7
from counter_app.storage.db import MIGRATIONS_DIR, Store, StoreError, move_aside, open_store
from counter_app.storage.migrate import HEAD_REVISION, current_revision
from counter_app.storage.models import Clerk, LocalSetting, Outlet

DB_NAME = "counter.sqlite3"


def _sqlite_rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    """Read with the plain sqlite3 module, independent of the code under test."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _store_with_setting(path: Path, key: str = "probe", value: str = "kept") -> None:
    store = open_store(path)
    try:
        with store.unit_of_work() as session:
            session.add(LocalSetting(key=key, value=value))
    finally:
        store.close()


# --- opening and migrating ---------------------------------------------------------------


def test_open_creates_file_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / DB_NAME
    assert not path.exists()
    store = open_store(path)
    try:
        assert path.is_file()
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        store.close()


def test_every_connection_syncs_each_commit_to_disk(tmp_path: Path) -> None:
    """synchronous=FULL (2) on every connection the store opens, in WAL mode: a committed,
    printed sale survives a power cut (NORMAL, 1, may lose the last commits to one)."""
    store = open_store(tmp_path / DB_NAME)
    try:
        with store.engine.connect() as first, store.engine.connect() as second:
            for conn in (first, second):
                assert conn.execute(text("PRAGMA synchronous")).scalar() == 2
                assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        with store.unit_of_work() as session:
            assert session.execute(text("PRAGMA synchronous")).scalar() == 2
    finally:
        store.close()


def test_schema_is_at_alembic_head(tmp_path: Path) -> None:
    script_head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert script_head == HEAD_REVISION
    store = open_store(tmp_path / DB_NAME)
    try:
        assert current_revision(store.engine) == HEAD_REVISION
    finally:
        store.close()


def test_reopening_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    _store_with_setting(path)
    first_tables = {r[0] for r in _sqlite_rows(path, "SELECT name FROM sqlite_master")}
    for _ in range(2):
        store = open_store(path)
        try:
            assert current_revision(store.engine) == HEAD_REVISION
            with store.read() as session:
                assert session.get(LocalSetting, "probe").value == "kept"
            assert set(inspect(store.engine).get_table_names()) >= {
                "airports", "flights", "clerks", "customers", "outbox", "audit_log",
            }
        finally:
            store.close()
    assert {r[0] for r in _sqlite_rows(path, "SELECT name FROM sqlite_master")} == first_tables
    assert _sqlite_rows(path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]


def _unit_with_a_dangling_clerk(store: Store) -> None:
    with store.unit_of_work() as session:
        session.add(Outlet(code="HET001", name_zh="呼和浩特网点", kind="post"))
        session.add(LocalSetting(key="written", value="first"))
        session.flush()  # these rows are in the transaction before the bad one
        session.add(Clerk(login="ghost", name_zh="无名", role="clerk",
                          outlet_code="NO-SUCH-OUTLET", password_hash="x"))


def test_foreign_key_violation_rolls_back_the_whole_unit(tmp_path: Path) -> None:
    store = open_store(tmp_path / DB_NAME)
    try:
        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            _unit_with_a_dangling_clerk(store)
        with store.read() as session:
            assert session.scalar(select(func.count()).select_from(Outlet)) == 0
            assert session.scalar(select(func.count()).select_from(Clerk)) == 0
            assert session.get(LocalSetting, "written") is None
        # The store is still usable after the failed unit.
        with store.unit_of_work() as session:
            session.add(Outlet(code="HET001", name_zh="呼和浩特网点", kind="post"))
        with store.read() as session:
            assert session.scalar(select(func.count()).select_from(Outlet)) == 1
    finally:
        store.close()


def _unit_cancelled_half_way(store: Store) -> None:
    with store.unit_of_work() as session:
        session.add(LocalSetting(key="half", value="done"))
        session.flush()
        raise RuntimeError("clerk cancelled")


def test_exception_in_unit_of_work_commits_nothing(tmp_path: Path) -> None:
    store = open_store(tmp_path / DB_NAME)
    try:
        with pytest.raises(RuntimeError, match="clerk cancelled"):
            _unit_cancelled_half_way(store)
        with store.read() as session:
            assert session.get(LocalSetting, "half") is None
    finally:
        store.close()


# --- damaged and newer files ------------------------------------------------------------


def test_random_bytes_are_corrupt_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    garbage = b"not a database " + os.urandom(16_000)
    path.write_bytes(garbage)
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.code == "corrupt"
    assert caught.value.path == path
    assert path.read_bytes() == garbage


def test_move_aside_keeps_damaged_file_and_a_fresh_open_works(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    garbage = os.urandom(8192)
    path.write_bytes(garbage)
    with pytest.raises(StoreError, match="corrupt"):
        open_store(path)
    wal, shm = path.with_name(DB_NAME + "-wal"), path.with_name(DB_NAME + "-shm")
    wal.write_bytes(b"wal bytes")
    shm.write_bytes(b"shm bytes")

    target = move_aside(path, now=datetime(2026, 11, 23, 2, 30, 15, tzinfo=UTC))

    assert target == tmp_path / f"{DB_NAME}.damaged-20261123T023015"
    assert target.read_bytes() == garbage
    assert target.with_name(target.name + "-wal").read_bytes() == b"wal bytes"
    assert target.with_name(target.name + "-shm").read_bytes() == b"shm bytes"
    assert not path.exists()
    assert not wal.exists()
    assert not shm.exists()

    store = open_store(path)
    try:
        assert current_revision(store.engine) == HEAD_REVISION
    finally:
        store.close()
    assert target.read_bytes() == garbage


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    _store_with_setting(path)
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    finally:
        conn.close()
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.code == "newer_schema"
    assert "9999_future" in caught.value.detail
    # Nothing was downgraded or rewritten.
    assert _sqlite_rows(path, "SELECT version_num FROM alembic_version") == [("9999_future",)]
    assert _sqlite_rows(path, "SELECT value FROM local_settings WHERE key = 'probe'") == [
        ("kept",)
    ]


# --- folders and files that cannot be written ---------------------------------------------


@pytest.mark.parametrize("below", ["", "data"])
def test_folder_under_a_regular_file_is_unwritable(tmp_path: Path, below: str) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    path = blocker / below / DB_NAME if below else blocker / DB_NAME
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.code == "folder_unwritable"
    assert blocker.read_text() == "a file where the data folder should be"


def _chattr(flag: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["chattr", flag, str(path)], capture_output=True, text=True,
                          check=False)


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[list[Path]]:
    """Paths appended to the list are made immutable (chattr +i) by the test, and made
    mutable again afterwards so tmp_path can be cleaned up."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed; the as-nobody variant covers read-only folders")
    probe = tmp_path / "chattr-probe"
    probe.mkdir()
    result = _chattr("+i", probe)
    if result.returncode != 0:
        pytest.skip(f"chattr +i not permitted here: {result.stderr.strip()}")
    _chattr("-i", probe)
    paths: list[Path] = []
    try:
        yield paths
    finally:
        for p in paths:
            _chattr("-i", p)


def _make_immutable(paths: list[Path], path: Path) -> None:
    paths.append(path)
    result = _chattr("+i", path)
    assert result.returncode == 0, result.stderr


def test_immutable_folder_is_unwritable_and_data_stays(
    tmp_path: Path, immutable: list[Path]
) -> None:
    folder = tmp_path / "data"
    path = folder / DB_NAME
    _store_with_setting(path)
    before = path.read_bytes()
    _make_immutable(immutable, folder)

    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.code == "folder_unwritable"
    assert caught.value.path == folder

    with pytest.raises(StoreError, match="folder_unwritable"):
        open_store(folder / "other.sqlite3")
    assert not (folder / "other.sqlite3").exists()

    _chattr("-i", folder)
    assert path.read_bytes() == before
    assert _sqlite_rows(path, "SELECT value FROM local_settings WHERE key = 'probe'") == [
        ("kept",)
    ]


def test_immutable_file_is_unwritable_and_data_stays(
    tmp_path: Path, immutable: list[Path]
) -> None:
    path = tmp_path / DB_NAME
    _store_with_setting(path)
    before = path.read_bytes()
    _make_immutable(immutable, path)

    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.code == "file_unwritable"
    assert caught.value.path == path

    _chattr("-i", path)
    assert path.read_bytes() == before


AS_NOBODY_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from counter_app.storage.db import StoreError, open_store
    try:
        open_store(Path(sys.argv[1])).close()
    except StoreError as exc:
        print(exc.code)
    else:
        print("opened")
    """
)


def _as_nobody_prefix() -> list[str]:
    if shutil.which("setpriv"):
        return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    pytest.skip("neither setpriv nor runuser is available to drop root")


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder user nobody can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="counter-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for dirpath, _dirs, _files in os.walk(folder):
            Path(dirpath).chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.parametrize(
    ("folder_mode", "file_mode", "expected"),
    [
        (0o555, None, "folder_unwritable"),  # read-only folder, no database yet
        (0o555, 0o644, "folder_unwritable"),  # read-only folder with data in it
        (0o777, 0o444, "file_unwritable"),  # writable folder, read-only file
    ],
    ids=["empty-ro-folder", "ro-folder-with-data", "ro-file"],
)
def test_unwritable_for_a_plain_user(
    shared_tmp: Path, folder_mode: int, file_mode: int | None, expected: str
) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to run the check as user nobody")
    prefix = _as_nobody_prefix()
    folder = shared_tmp / "data"
    path = folder / DB_NAME
    folder.mkdir()
    before = b""
    if file_mode is not None:
        _store_with_setting(path)
        path.chmod(file_mode)
        before = path.read_bytes()
    folder.chmod(folder_mode)

    result = subprocess.run(
        [*prefix, sys.executable, "-c", AS_NOBODY_SCRIPT, str(path)],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "HOME": str(shared_tmp)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected

    if file_mode is None:
        assert not path.exists()
    else:
        assert path.read_bytes() == before
        assert _sqlite_rows(path, "SELECT value FROM local_settings WHERE key = 'probe'") == [
            ("kept",)
        ]


# --- ids ----------------------------------------------------------------------------------


def test_uuid7_layout() -> None:
    value = uuid7()
    assert value.version == 7
    assert value.variant == uuid.RFC_4122
    assert len(new_id()) == 36


def test_uuid7_unique_and_ordered_even_when_the_clock_steps_back() -> None:
    now = time.time_ns() // 1_000_000
    # A stalled clock (more calls in one millisecond than the 12-bit counter holds) and a
    # clock set back by seconds, then forward again.
    clock = [now, now, now - 1, now - 5_000, now + 1, now + 1, now - 60_000]
    clock += [now + 2] * 5000
    clock += [now - 3_600_000, now + 3, now + 10]
    ids = [uuid7(ms) for ms in clock]
    ids.append(uuid7())  # and the real clock afterwards
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    as_text = [str(i) for i in ids]
    assert as_text == sorted(as_text)
    # Timestamps never go back either.
    stamps = [i.int >> 80 for i in ids]
    assert stamps == sorted(stamps)


def test_new_ids_sort_in_creation_order() -> None:
    ids = [new_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
