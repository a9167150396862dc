"""Where the counter keeps its own files: the SQLite cache, settings, logs.

``COUNTER_DATA_DIR`` or ``--data-dir`` overrides; otherwise the per-user data folder of
the platform (``~/.local/share/counter`` on Linux, ``%APPDATA%\\Counter`` on Windows).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def default_data_dir() -> Path:
    override = os.environ.get("COUNTER_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
        return base / "Counter"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Counter"
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "counter"


def database_path(data_dir: Path) -> Path:
    return data_dir / "counter.sqlite3"
