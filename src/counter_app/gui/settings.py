"""Per-workstation preferences, kept in ``settings.ini`` in the data folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from counter_app.gui.i18n import DEFAULT_LANGUAGE, LANGUAGES


class Preferences:
    def __init__(self, data_dir: Path) -> None:
        self._settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)

    @property
    def language(self) -> str:
        value = str(self._settings.value("ui/language", DEFAULT_LANGUAGE))
        return value if value in LANGUAGES else DEFAULT_LANGUAGE

    @language.setter
    def language(self, value: str) -> None:
        self._settings.setValue("ui/language", value)

    @property
    def font_size(self) -> int:
        try:
            return max(8, min(20, int(str(self._settings.value("ui/font_size", 11)))))
        except ValueError:
            return 11

    @font_size.setter
    def font_size(self, value: int) -> None:
        self._settings.setValue("ui/font_size", int(value))

    @property
    def head_office_url(self) -> str:
        return str(self._settings.value("sync/head_office_url", ""))

    @head_office_url.setter
    def head_office_url(self, value: str) -> None:
        self._settings.setValue("sync/head_office_url", value)

    @property
    def credentials_backend(self) -> str:
        """``keyring`` (the OS keyring) or ``file`` (an encrypted file, chosen explicitly)."""
        value = str(self._settings.value("sync/credentials", "keyring"))
        return value if value in ("keyring", "file") else "keyring"

    @credentials_backend.setter
    def credentials_backend(self, value: str) -> None:
        self._settings.setValue("sync/credentials", value)

    def sync(self) -> None:
        self._settings.sync()
