"""The layers of docs/architecture.md ("Packages and layers"), held by an AST walk of src/.

Every import counts: at the top of a module, inside a function, under ``TYPE_CHECKING``, in
a ``try``, and ``importlib.import_module("...")`` with a literal name. A wrong arrow fails
with the file, the line, what it imports and the rule it breaks. Nothing is imported to
check: the standard library's ``ast`` reads the sources (no new dependency).

The rules (one test each):

- ``domain`` imports nothing of the project (pure rules);
- ``kernel``, shared by both programs, imports only ``domain`` and ``counter_app.resources``;
- ``storage`` imports neither services, sync, printing, gui nor headoffice;
- services, printing, sync, storage, domain and kernel never import gui;
- only gui imports PySide6;
- no module under gui imports sqlalchemy or ``counter_app.storage``;
- headoffice imports neither ``counter_app.storage``, ``counter_app.services`` nor gui;

and no module takes a private name (``_name``) from another project module, whether by
``from m import _name`` or as ``m._name`` on a module it imported.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
PROJECT = "counter_app"
# Every module lives in one of these (a new top-level package needs a place in the rules).
TOP_LEVEL = ("domain", "kernel", "storage", "services", "printing", "sync", "gui",
             "headoffice", "__main__", "paths", "resources")


@dataclass(frozen=True)
class Import:
    """One imported name. ``target`` is dotted: ``from a.b import c`` gives ``a.b.c``, a
    submodule or a name of ``a.b``, under ``a.b`` either way; ``source`` is ``a.b``."""

    module: str  # the importing module
    path: str  # its file, as shown in a failure
    line: int
    target: str
    source: str


@dataclass(frozen=True)
class Source:
    """One module's text and where it sits."""

    module: str
    path: str
    text: str
    is_package: bool = False


def module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources(src: Path = SRC) -> list[Source]:
    return [
        Source(module_name(path, src), str(path.relative_to(src.parent)),
               path.read_text(encoding="utf-8"), path.name == "__init__.py")
        for path in sorted((src / PROJECT).rglob("*.py"))
    ]


def _absolute(source: Source, level: int, name: str | None) -> str:
    """The absolute module a (possibly relative) ``from`` names."""
    if level == 0:
        return name or ""
    base = source.module.split(".")
    if not source.is_package:
        base.pop()
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def _is_dynamic_import(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id in ("__import__", "import_module")
    return isinstance(func, ast.Attribute) and func.attr == "import_module"


def imports_of(source: Source) -> Iterator[Import]:
    """Every import in a module, wherever it stands."""
    for node in ast.walk(ast.parse(source.text, filename=source.path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(source.module, source.path, node.lineno, alias.name, alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(source, node.level, node.module)
            for alias in node.names:
                target = base if alias.name == "*" else f"{base}.{alias.name}"
                yield Import(source.module, source.path, node.lineno, target, base)
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield Import(source.module, source.path, node.lineno, first.value, first.value)


def under(name: str, *packages: str) -> bool:
    """``name`` is one of ``packages`` or inside one (on dotted boundaries)."""
    return any(name == p or name.startswith(p + ".") for p in packages)


def pkg(*layers: str) -> tuple[str, ...]:
    return tuple(f"{PROJECT}.{layer}" for layer in layers)


@dataclass(frozen=True)
class Rule:
    name: str
    text: str
    applies_to: Callable[[str], bool]  # the importing module
    forbids: Callable[[str], bool]  # the imported target

    def broken_by(self, imports: Iterable[Import]) -> list[str]:
        return [
            f"{imp.path}:{imp.line}: {imp.module} imports {imp.target} "
            f"(rule {self.name}: {self.text})"
            for imp in imports
            if self.applies_to(imp.module) and self.forbids(imp.target)
        ]


def _project_outside(*allowed: str) -> Callable[[str], bool]:
    return lambda target: under(target, PROJECT) and not under(target, *allowed)


def _into(*packages: str) -> Callable[[str], bool]:
    return lambda target: under(target, *packages)


def _in(*packages: str) -> Callable[[str], bool]:
    return lambda module: under(module, *packages)


RULES = [
    Rule("domain-pure", "domain imports nothing of the project",
         _in(*pkg("domain")), _project_outside(*pkg("domain"))),
    Rule("kernel-shared", "kernel imports only domain and counter_app.resources",
         _in(*pkg("kernel")), _project_outside(*pkg("kernel", "domain", "resources"))),
    Rule("storage-below",
         "storage imports neither services, sync, printing, gui nor headoffice",
         _in(*pkg("storage")), _into(*pkg("services", "sync", "printing", "gui", "headoffice"))),
    Rule("gui-on-top",
         "services, printing, sync, storage, domain and kernel never import gui",
         _in(*pkg("services", "printing", "sync", "storage", "domain", "kernel")),
         _into(*pkg("gui"))),
    Rule("qt-in-gui-only", "only gui imports PySide6",
         lambda module: not under(module, *pkg("gui")), _into("PySide6", "shiboken6")),
    Rule("gui-off-the-store", "no module under gui imports sqlalchemy or counter_app.storage",
         _in(*pkg("gui")), _into("sqlalchemy", *pkg("storage"))),
    Rule("headoffice-apart",
         "headoffice imports neither counter_app.storage, counter_app.services nor gui",
         _in(*pkg("headoffice")), _into(*pkg("storage", "services", "gui"))),
]


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(source: Source, modules: set[str]) -> list[str]:
    """Private names this module takes from another project module: ``from m import _x``
    (also ``from pkg import _module``), and ``m._x`` on a project module ``m`` it imported."""
    found = []
    for imp in imports_of(source):
        if not under(imp.target, PROJECT):
            continue
        parts = imp.target.split(".")
        first = next((i for i, part in enumerate(parts) if _private(part)), None)
        owner = ".".join(parts[:first]) if first is not None else ""
        if first is not None and owner != source.module:
            found.append(f"{source.path}:{imp.line}: {source.module} takes the private "
                         f"{parts[first]} of {owner}")
    bound: dict[str, str] = {}  # a local name -> the project module it stands for
    tree = ast.parse(source.text, filename=source.path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and alias.name in modules:
                    bound[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(source, node.level, node.module)
            for alias in node.names:
                if f"{base}.{alias.name}" in modules:
                    bound[alias.asname or alias.name] = f"{base}.{alias.name}"
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in bound and _private(node.attr)
                and bound[node.value.id] != source.module):
            found.append(f"{source.path}:{node.lineno}: {source.module} takes the private "
                         f"{node.attr} of {bound[node.value.id]}")
    return found


def report(rule: str, broken: list[str]) -> str:
    lines = "\n".join(f"  {b}" for b in broken)
    return f"{len(broken)} import(s) break {rule}:\n{lines}"


@pytest.fixture(scope="module")
def tree() -> list[Source]:
    return sources()


@pytest.fixture(scope="module")
def all_imports(tree: list[Source]) -> list[Import]:
    return [imp for source in tree for imp in imports_of(source)]


# --- the rules, on src/ -------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_layer_rule(rule: Rule, all_imports: list[Import]) -> None:
    broken = rule.broken_by(all_imports)
    assert not broken, report(rule.name, broken)


def test_no_module_takes_a_private_name_from_another(tree: list[Source]) -> None:
    modules = {source.module for source in tree}
    broken = [use for source in tree for use in private_uses(source, modules)]
    assert not broken, report("no-private-imports", broken)


def test_every_module_sits_in_a_known_layer(tree: list[Source]) -> None:
    stray = [s.path for s in tree
             if s.module != PROJECT and not under(s.module, *pkg(*TOP_LEVEL))]
    assert not stray, f"modules in no layer (add them to TOP_LEVEL and to a rule): {stray}"


def test_the_walk_sees_the_imports_it_must(all_imports: list[Import]) -> None:
    """Not vacuous: the walk finds Qt in gui, SQLAlchemy in storage, and imports made inside
    functions (gui/app.py keeps the services off the login path that way)."""
    assert len(all_imports) > 500
    assert any(under(i.module, *pkg("gui")) and under(i.target, "PySide6") for i in all_imports)
    assert any(under(i.module, *pkg("storage")) and under(i.target, "sqlalchemy")
               for i in all_imports)
    main = [i for i in all_imports if i.module == f"{PROJECT}.__main__"]
    assert any(under(i.target, *pkg("gui")) for i in main)  # inside main()


# --- the checker catches planted wrong imports ------------------------------------------------

PLANTED = '''
from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy

if TYPE_CHECKING:
    from counter_app.storage.db import Store


def later() -> None:
    from counter_app import services
    import importlib
    importlib.import_module("PySide6.QtCore")
'''


def _planted(module: str, text: str = PLANTED, is_package: bool = False) -> list[Import]:
    path = "src/" + module.replace(".", "/") + ("/__init__.py" if is_package else ".py")
    return list(imports_of(Source(module, path, text, is_package)))


def _rule(name: str) -> Rule:
    return next(r for r in RULES if r.name == name)


def test_checker_names_file_line_and_rule_of_a_planted_wrong_import() -> None:
    imports = _planted("counter_app.gui.pages.planted")
    broken = _rule("gui-off-the-store").broken_by(imports)
    assert broken == [
        "src/counter_app/gui/pages/planted.py:6: counter_app.gui.pages.planted imports "
        "sqlalchemy (rule gui-off-the-store: no module under gui imports sqlalchemy or "
        "counter_app.storage)",
        "src/counter_app/gui/pages/planted.py:9: counter_app.gui.pages.planted imports "
        "counter_app.storage.db.Store (rule gui-off-the-store: no module under gui imports "
        "sqlalchemy or counter_app.storage)",
    ]


def test_checker_sees_imports_in_functions_type_checking_and_import_module() -> None:
    head_office = _planted("counter_app.headoffice.planted")
    assert [b.split(":")[1] for b in _rule("headoffice-apart").broken_by(head_office)] == [
        "9", "13"]  # storage under TYPE_CHECKING, services inside a function
    assert [b.split(":")[1] for b in _rule("qt-in-gui-only").broken_by(head_office)] == ["15"]
    domain = _planted("counter_app.domain.planted")
    assert len(_rule("domain-pure").broken_by(domain)) == 2
    kernel = _planted("counter_app.kernel.planted",
                      "from counter_app.domain.money import money\n"
                      "from counter_app.resources import resource\n"
                      "from counter_app.storage.models import Outlet\n")
    assert [b.split(":")[1] for b in _rule("kernel-shared").broken_by(kernel)] == ["3"]


def test_checker_resolves_relative_imports() -> None:
    relative = _planted("counter_app.storage", "from ..services import booking\n"
                        "from . import db\n", is_package=True)
    assert [i.target for i in relative] == ["counter_app.services.booking",
                                            "counter_app.storage.db"]
    inner = _planted("counter_app.storage.demo", "from ..gui.app import main\n")
    assert [i.target for i in inner] == ["counter_app.gui.app.main"]
    assert len(_rule("storage-below").broken_by(inner)) == 1
    assert len(_rule("gui-on-top").broken_by(inner)) == 1


def test_checker_leaves_allowed_arrows_alone() -> None:
    fine = _planted("counter_app.services.planted",
                    "from counter_app.storage.db import Store\n"
                    "from counter_app.domain.money import money\n"
                    "from counter_app.kernel.clock import Clock\n"
                    "import sqlalchemy\n")
    assert not [b for rule in RULES for b in rule.broken_by(fine)]
    gui = _planted("counter_app.gui.planted", "from PySide6.QtCore import QObject\n"
                   "from counter_app.services.booking import book\n")
    assert not [b for rule in RULES for b in rule.broken_by(gui)]


def test_checker_catches_a_private_name_taken_from_another_module() -> None:
    modules = {"counter_app.services.sales", "counter_app.services.booking",
               "counter_app.sync.outbox"}
    text = ("from counter_app.services.sales import _pick_lease, quote\n"
            "from counter_app.sync import outbox\n"
            "import counter_app.services.sales as old\n"
            "outbox._entries()\n"
            "old.__doc__\n"
            "outbox.pending()\n")
    uses = private_uses(Source("counter_app.services.booking",
                               "src/counter_app/services/booking.py", text), modules)
    assert uses == [
        "src/counter_app/services/booking.py:1: counter_app.services.booking takes the "
        "private _pick_lease of counter_app.services.sales",
        "src/counter_app/services/booking.py:4: counter_app.services.booking takes the "
        "private _entries of counter_app.sync.outbox",
    ]
    own = Source("counter_app.sync.outbox", "src/counter_app/sync/outbox.py",
                 "def _entries() -> None: ...\n_entries()\n")
    assert private_uses(own, modules) == []
