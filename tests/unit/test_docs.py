"""The project's own documentation: the repository stands alone (nothing sends a reader to
a folder beside it), and ``docs/`` names only files and functions that exist."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "src" / "counter_app"
DOCS = sorted((REPO / "docs").glob("*.md"))
SKIP_DIRS = {".git", ".venv", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache",
             ".hypothesis", "var", "build", "dist"}
# A path in backticks: at least one slash, ending in a file name with an extension or in a
# slash (a folder).
PATH = re.compile(r"`([A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*/(?:[A-Za-z0-9_.-]+\.[a-z]+)?)`")
# "`module.py`: `name`" — the doc says the rule lives in that function or constant.
SYMBOL = re.compile(r"`([A-Za-z0-9_/]+\.py)`: `([A-Za-z_][A-Za-z0-9_]*)`")


# A relative path that climbs with one or more ".." segments, then names something.
CLIMB = re.compile(rb"(?:\.\./)+[A-Za-z0-9_.-]+")


def _outside(path: Path, ref: str) -> bool:
    """Whether ``ref`` names nothing inside the repository, read from ``path``'s folder or
    from the repository root (the two places a reader or a script starts from)."""
    for base in (path.parent, REPO):
        target = (base / ref).resolve()
        if target.is_relative_to(REPO) and target.exists():
            return False
    return True


def test_no_file_of_the_repository_points_outside_it() -> None:
    """A clone stands alone: no code, test, doc or build step refers to a folder beside
    the repository, by a relative path that climbs out of it or by this machine's
    absolute path to the folder that holds it."""
    beside = str(REPO.parent).encode() + b"/"
    offenders = []
    for root, dirs, files in os.walk(REPO):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")]
        for name in files:
            if name == ".git":  # a git worktree's pointer to its repository, not content
                continue
            path = Path(root) / name
            data = path.read_bytes()
            binary = b"\0" in data  # fonts, compiled translations: no paths to follow
            refs = set() if binary else {m.decode(errors="replace")
                                         for m in CLIMB.findall(data)}
            offenders += [f"{path.relative_to(REPO)}: {ref}" for ref in sorted(refs)
                          if _outside(path, ref)]
            if REPO.parent != REPO.parent.parent and beside in data.replace(
                    str(REPO).encode(), b""):
                offenders.append(f"{path.relative_to(REPO)}: {beside.decode()}")
    assert offenders == []


def test_readme_links_the_docs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [d.name for d in DOCS] == ["architecture.md", "domain.md"]
    for doc in DOCS:
        assert f"(docs/{doc.name})" in readme


def _resolve(text: str) -> Path | None:
    """A path as the docs write it: from the repository root, from src/counter_app, or
    inside one of its packages (in a list of that package's modules)."""
    packages = sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    for base in (REPO, PACKAGE, *packages):
        if (base / text).exists():
            return base / text
    return None


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_docs_name_only_files_that_exist(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    named = set(PATH.findall(text))
    assert len(named) > 10  # the pattern really finds the paths
    assert sorted(p for p in named if _resolve(p) is None) == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_docs_name_only_functions_that_exist(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    pairs = set(SYMBOL.findall(text))
    assert pairs  # the pattern really finds them
    missing = []
    for module, name in sorted(pairs):
        path = _resolve(module)
        source = "" if path is None else path.read_text(encoding="utf-8")
        defined = re.search(rf"^\s*(?:def|class) {name}\b|^{name}\b.*=", source, re.MULTILINE)
        if defined is None:
            missing.append(f"{module}: {name}")
    assert missing == []


def test_citations_name_the_docs_the_repository_has() -> None:
    """Docstrings and comments cite ``docs/architecture.md`` and ``docs/domain.md``; the
    old capitalised names without a folder would send the reader to files that are not
    here."""
    # spelt in pieces so that this file does not find itself
    bare = re.compile(r"(?<![\w/])(?:" + "ARCHITECTURE" + "|" + "DOMAIN" + r")\.md")
    offenders = []
    for base in ("src", "tests", "tools", "bench", "scripts", "docs"):
        for path in sorted((REPO / base).rglob("*")):
            if path.suffix not in (".py", ".md", ".sh", "") or not path.is_file():
                continue
            if any(part in SKIP_DIRS or part.endswith(".egg-info") for part in path.parts):
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [f"{path.relative_to(REPO)}: {m}" for m in bare.findall(text)]
    assert offenders == []
