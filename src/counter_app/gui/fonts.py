"""Registers the bundled CJK fonts, so names render the same on every machine.

WenQuanYi Zen Hei covers the everyday characters and Extension A (㛃); HanaMinB covers
Extension B and beyond (𠮷). The application font family lists both, so Qt falls back per
character from the first to the second.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from counter_app.resources import resource

log = logging.getLogger(__name__)

FONT_FILES = ("wqy-zenhei.ttc", "HanaMinB-ExtB.ttf")


def register_fonts(app: QApplication, point_size: int = 10) -> list[str]:
    """Load the bundled fonts and make them the application font; returns the families."""
    families: list[str] = []
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resource("fonts", name)))
        if font_id < 0:
            log.error("could not load bundled font %s", name)
            continue
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in families:
                families.append(family)
    if families:
        # Zen Hei's TTC holds a proportional and a mono face; the proportional one leads.
        ordered = sorted(families, key=lambda f: ("Mono" in f, "Hana" in f))
        font = QFont()
        font.setFamilies(ordered)
        font.setPointSize(point_size)
        app.setFont(font)
    return families
