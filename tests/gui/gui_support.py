"""Constants shared by the GUI tests: the suite's one "today" (tests/clock_support.py)."""

from __future__ import annotations

from clock_support import NOW, TODAY

__all__ = ["NOW", "TODAY"]
