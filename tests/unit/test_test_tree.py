"""The test tree's own shape: pytest imports every test and support module by its bare
file name (rootdir-relative ``sys.path`` entries, no packages), so two files of one name
in different folders shadow each other: whichever is imported first wins and the other
folder's tests fail to collect, in the whole run only."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_every_module_under_tests_has_its_own_name() -> None:
    where: dict[str, list[str]] = defaultdict(list)
    for path in TESTS.rglob("*.py"):
        if path.name in ("__init__.py", "conftest.py") or "year_ahead" in path.parts:
            continue
        where[path.stem].append(str(path.relative_to(TESTS)))
    assert {name: paths for name, paths in where.items() if len(paths) > 1} == {}
