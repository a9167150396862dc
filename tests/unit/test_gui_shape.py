"""The GUI's shape, read from its source (no Qt loaded): widgets reach the data only
through gui/operations (no session opened under gui/), pages receive the logged-in
DeskContext, the start-up context has only the optionals a start needs, no class is over
~400 lines, and translated texts use one placeholder idiom (%1, not {name})."""

from __future__ import annotations

import ast
import re
from pathlib import Path

GUI = Path(__file__).resolve().parents[2] / "src" / "counter_app" / "gui"
MAX_CLASS_LINES = 420


def _trees() -> dict[Path, ast.Module]:
    return {p: ast.parse(p.read_text("utf-8")) for p in sorted(GUI.rglob("*.py"))}


def _name(path: Path) -> str:
    return str(path.relative_to(GUI.parent))


def test_no_session_is_opened_under_gui() -> None:
    opened = [
        f"{_name(path)}:{node.lineno}"
        for path, tree in _trees().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.With)
        for item in node.items
        if isinstance(item.context_expr, ast.Call)
        and isinstance(item.context_expr.func, ast.Attribute)
        and item.context_expr.func.attr in ("read", "unit_of_work")
    ]
    assert opened == []


def test_pages_receive_the_desk_context() -> None:
    pages = {
        "FlightFinderPage", "CustomersPage", "SyncPage", "SalePage", "AfterSalePage",
        "InvoiceDialog",
    }
    seen: dict[str, str] = {}
    for tree in _trees().values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in pages:
                init = next(f for f in node.body
                            if isinstance(f, ast.FunctionDef) and f.name == "__init__")
                annotation = init.args.args[1].annotation
                seen[node.name] = ast.unparse(annotation) if annotation else ""
    assert seen == dict.fromkeys(pages, "DeskContext")


def test_the_start_up_context_has_only_the_optionals_a_start_needs() -> None:
    tree = ast.parse((GUI / "context.py").read_text("utf-8"))
    app = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "AppContext")
    optional = sorted(
        node.target.id
        for node in app.body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
        and "None" in ast.unparse(node.annotation)
    )
    assert optional == ["clerk", "credentials", "places", "workspace"]
    desk = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "DeskContext")
    session = next(
        n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "SessionContext"
    )
    fields = [ast.unparse(node) for c in (session, desk) for node in c.body
              if isinstance(node, ast.AnnAssign)]
    assert len(fields) == 6  # app, workspace, places, clerk, sync; desk
    assert [f for f in fields if "None" in f] == []


def test_no_class_under_gui_is_over_400_lines() -> None:
    long = [
        f"{_name(path)}:{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path, tree in _trees().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_CLASS_LINES
    ]
    assert long == []


def test_translated_texts_use_one_placeholder_idiom() -> None:
    named = re.compile(r"\{[a-z_][a-z_0-9]*\}")
    found = [
        f"{_name(path)}:{node.lineno}: {node.args[-1].value!r}"
        for path, tree in _trees().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Attribute) and node.func.attr == "tr")
            or (isinstance(node.func, ast.Name) and node.func.id == "translate")
        )
        and node.args
        and isinstance(node.args[-1], ast.Constant)
        and isinstance(node.args[-1].value, str)
        and named.search(node.args[-1].value)
    ]
    assert found == []
