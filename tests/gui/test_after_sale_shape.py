"""The shape of the after-sale page: one widget per workflow, none over 400 lines, and no
database work of its own (every call to the data goes through gui/operations/after_sale.py).
Read with ast; nothing is imported or shown."""

from __future__ import annotations

import ast
from pathlib import Path

import counter_app

GUI = Path(counter_app.__file__).resolve().parent / "gui"
PAGE = GUI / "pages" / "after_sale"
OPERATIONS = GUI / "operations" / "after_sale.py"
MOST_LINES = 400
# What reaches the database worker or the store: only the operations may use these.
DATA_NAMES = {"run_db", "run_io", "workspace", "store", "read", "write", "unit_of_work"}


def _modules() -> list[Path]:
    return sorted(PAGE.glob("*.py"))


def test_the_page_is_one_widget_per_workflow_none_over_400_lines() -> None:
    sizes = {
        f"{path.name}:{node.name}": (node.end_lineno or node.lineno) - node.lineno + 1
        for path in _modules()
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.ClassDef)
    }
    assert {"find.py:BookingFinder", "tickets.py:TicketsTab", "void.py:VoidPanel",
            "refund.py:RefundPanel", "change.py:ChangePanel", "names.py:NamePanel",
            "documents.py:DocumentsBar", "held.py:HeldBookings", "requests.py:HeadOfficeBox",
            "page.py:AfterSalePage"} <= set(sizes)
    assert {name: n for name, n in sizes.items() if n > MOST_LINES} == {}


def test_the_page_reaches_its_data_through_the_operations_only() -> None:
    found = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in DATA_NAMES:
                found.append(f"{path.name}:{node.lineno} .{node.attr}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                ("counter_app.gui.operations", "counter_app.services.workspace")
            ):
                modules = {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
                if "counter_app.gui.operations.after_sale" not in modules:
                    found.append(f"{path.name}:{node.lineno} imports {node.module}")
    assert found == []


def test_every_operation_runs_a_service_through_the_workspace() -> None:
    tree = ast.parse(OPERATIONS.read_text(encoding="utf-8"))
    exported = next(
        ast.literal_eval(node.value) for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__"
    )
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    operations = [name for name in exported if name in functions]
    assert len(operations) == 13
    for name in operations:
        calls = {
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            for node in ast.walk(functions[name]) if isinstance(node, ast.Call)
        }
        assert calls & {"submit", "run_io"}, name
        if "submit" in calls:
            assert calls & {"read", "write"}, name
