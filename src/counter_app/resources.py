"""Finds bundled resources (fonts, data, translations) from source and from a frozen bundle.

One helper so nothing else guesses paths: ``COUNTER_RESOURCES`` overrides, a PyInstaller
bundle keeps them under ``sys._MEIPASS/resources``, and a source checkout keeps them at the
repository root.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """The folder holding ``fonts/``, ``data/`` and ``i18n/``."""
    override = os.environ.get("COUNTER_RESOURCES")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    """Path of one resource, e.g. ``resource("data", "airports.json")``.

    Raises FileNotFoundError naming the file, so a broken install says what is missing.
    """
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"bundled resource missing: {path}")
    return path
