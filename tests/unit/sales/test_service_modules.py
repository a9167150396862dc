"""The shape of the sale services: one module per workflow, no module reaches into another's
private names, the old one-flight sale is gone, and money is written as text by one
function."""

from __future__ import annotations

import ast
from pathlib import Path

import counter_app

SRC = Path(counter_app.__file__).resolve().parent


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_no_module_imports_a_private_name_of_another() -> None:
    found = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("counter_app"):
                found += [
                    f"{path.relative_to(SRC)}:{node.lineno} {node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_") and not alias.name.startswith("__")
                ]
    assert found == []


def test_the_one_flight_sale_is_retired() -> None:
    assert not (SRC / "services" / "sales.py").exists()


def test_amounts_are_written_by_one_function() -> None:
    copies = [
        f"{path.relative_to(SRC)}:{node.lineno}"
        for path in _modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef) and node.name == "_amount"
    ]
    assert copies == []


def test_the_sale_workflows_live_in_modules_of_at_most_500_lines() -> None:
    """One module per workflow (docs/architecture.md, "Packages and layers")."""
    for package in ("booking", "after_sale"):
        assert (SRC / "services" / package / "__init__.py").exists()
    sizes = {
        str(path.relative_to(SRC)): len(path.read_text(encoding="utf-8").splitlines())
        for path in (SRC / "services").rglob("*.py")
    }
    assert {name: lines for name, lines in sizes.items() if lines > 500} == {}


def test_services_queue_ops_as_typed_models() -> None:
    """Every op a service queues is built as its kind's model (sync/protocol/ops.py), never
    a hand-built dict: the outbox takes the model and its kind comes from it."""
    calls = []
    for path in sorted((SRC / "services").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
                "enqueue", "enqueue_payload"
            ):
                calls.append((f"{path.relative_to(SRC)}:{node.lineno}", node))
    assert len(calls) >= 14
    for where, call in calls:
        assert getattr(call.func, "id", "") == "enqueue", where
        op = call.args[1]
        assert not isinstance(op, ast.Dict), where
        assert "OpKind" not in ast.unparse(op), where
