"""How head office is put together: one op handler per op kind, taking that kind's protocol
model; modules share only public names; routes take typed dependencies (``deps.py``), not
the request; head office reaches into nothing of the counter (storage, services, gui); no
module of it grows past 600 lines."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest

from counter_app.headoffice.apply import HANDLERS
from counter_app.sync.protocol import OP_MODELS, OpKind

HEADOFFICE = Path(__file__).resolve().parents[2] / "src" / "counter_app" / "headoffice"
SOURCES = sorted(HEADOFFICE.rglob("*.py"))


@pytest.mark.parametrize("kind", list(OpKind), ids=str)
def test_each_kind_has_a_handler_taking_its_model(kind: OpKind) -> None:
    handler = HANDLERS[kind]
    hints = typing.get_type_hints(handler)
    assert hints["p"] is OP_MODELS[kind]


def _imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) of every ``from module import name`` and ``import module``."""
    found: list[tuple[str, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names]
    return found


def test_no_private_name_is_imported_from_another_module() -> None:
    offenders = [f"{path.relative_to(HEADOFFICE)}: {module}.{name}"
                 for path in SOURCES for module, name in _imports(path)
                 if module.startswith("counter_app") and name.startswith("_")]
    assert offenders == []


def test_head_office_imports_nothing_of_the_counter() -> None:
    counter = ("counter_app.storage", "counter_app.services", "counter_app.gui")
    offenders = [f"{path.relative_to(HEADOFFICE)}: {module}"
                 for path in SOURCES for module, _name in _imports(path)
                 if module.startswith(counter)]
    assert offenders == []


def test_routes_take_typed_dependencies_not_the_request() -> None:
    """A route gets the head office, the time and the counter from ``deps.py``; none takes
    the raw ``Request`` to dig them out by hand."""
    offenders = []
    for path in sorted((HEADOFFICE / "routers").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.decorator_list:
                offenders += [f"{path.name}: {node.name}({arg.arg})" for arg in node.args.args
                              if isinstance(arg.annotation, ast.Name)
                              and arg.annotation.id == "Request"]
    assert offenders == []


def test_no_head_office_module_is_over_600_lines() -> None:
    sizes = {str(path.relative_to(HEADOFFICE)): len(path.read_text(encoding="utf-8").splitlines())
             for path in SOURCES if "migrations" not in path.parts}
    assert {name: n for name, n in sizes.items() if n > 600} == {}
