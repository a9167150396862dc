"""Installs the UI translations: Simplified Chinese by default, English available.

Our own strings are written in English in the code and translated through Qt's ``.ts``
files in ``resources/i18n``; Qt's own ``qtbase_zh_CN`` translates standard buttons.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from counter_app.resources import resources_dir

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
DEFAULT_LANGUAGE = "zh_CN"


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Install translators for ``language``; returns them (the caller keeps them alive)."""
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    installed: list[QTranslator] = []
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.China))
        return installed
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ours = QTranslator(app)
    if ours.load(f"counter_{language}", str(resources_dir() / "i18n")):
        app.installTranslator(ours)
        installed.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
    return installed
