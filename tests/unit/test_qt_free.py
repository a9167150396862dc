"""Everything outside ``counter_app.gui`` must import without Qt (docs/architecture.md: domain,
storage, services and sync are plain Python, testable and usable headless)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

# Run in a fresh interpreter: this test process may already have imported PySide6 for the
# GUI tests, which would hide an import of Qt by the modules under test.
SCRIPT = textwrap.dedent(
    """
    import importlib
    import json
    import pkgutil
    import sys

    import counter_app

    # Modules that are not plain imports: the GUI (Qt by design) and Alembic's env.py and
    # revision scripts, which run migrations or need Alembic's context when imported.
    SKIP = ("counter_app.gui", "counter_app.storage.migrations.env",
            "counter_app.storage.migrations.versions")

    def skipped(name):
        return any(name == s or name.startswith(s + ".") for s in SKIP)

    def walk(path, prefix):
        # Like pkgutil.walk_packages, but never imports a skipped package to look inside.
        for info in pkgutil.iter_modules(path, prefix):
            if skipped(info.name):
                continue
            yield info.name
            if info.ispkg:
                package = importlib.import_module(info.name)
                yield from walk(package.__path__, info.name + ".")

    names = ["counter_app"]
    for name in walk(counter_app.__path__, "counter_app."):
        importlib.import_module(name)
        names.append(name)
    qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
    print(json.dumps({"imported": names, "qt": qt}))
    """
)


def test_non_gui_modules_import_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    imported = set(report["imported"])
    # The walk really reached every layer (a vacuous pass would import nothing).
    for expected in (
        "counter_app.kernel.clock",
        "counter_app.domain.places",
        "counter_app.domain.fares",
        "counter_app.storage.db",
        "counter_app.storage.migrate",
        "counter_app.storage.models",
        "counter_app.services.auth",
        "counter_app.services.flights",
        "counter_app.services.startup",
    ):
        assert expected in imported
    assert not any(name.startswith("counter_app.gui") for name in imported)
    assert report["qt"] == [], f"Qt imported by a non-GUI module: {report['qt']}"
