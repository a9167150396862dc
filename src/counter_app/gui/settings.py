"""Per-workstation preferences, kept in ``settings.ini`` in the data folder."""

from __future__ import annotations

from collections.abc import Container
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from counter_app.gui.i18n import DEFAULT_LANGUAGE, LANGUAGES
from counter_app.printing.model import Calibration

if TYPE_CHECKING:
    from counter_app.printing.flow import Paper


class _Text:
    """A text preference kept under ``key``: ``default`` while unset, or (given
    ``allowed``) when what is kept is not one of them."""

    def __init__(self, key: str, default: str = "", allowed: Container[str] | None = None
                 ) -> None:
        self.key, self.default, self.allowed = key, default, allowed

    def __get__(self, prefs: Preferences, owner: type[Preferences]) -> str:
        value = str(prefs._settings.value(self.key, self.default))
        return value if self.allowed is None or value in self.allowed else self.default

    def __set__(self, prefs: Preferences, value: str) -> None:
        prefs._settings.setValue(self.key, value)


class Preferences:
    language = _Text("ui/language", DEFAULT_LANGUAGE, LANGUAGES)
    head_office_url = _Text("sync/head_office_url")
    # keyring (the OS keyring) or file (an encrypted file, chosen explicitly)
    credentials_backend = _Text("sync/credentials", "keyring", ("keyring", "file"))
    # overlay (pre-printed stock, 套打) or plain (plain paper, form drawn too)
    receipt_print_mode = _Text("printing/receipt_mode", "overlay", ("overlay", "plain"))
    # the folder a document was last saved to as PDF; empty at first
    pdf_folder = _Text("printing/pdf_folder")

    def __init__(self, data_dir: Path) -> None:
        self._settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)

    @property
    def font_size(self) -> int:
        try:
            return max(8, min(20, int(str(self._settings.value("ui/font_size", 11)))))
        except ValueError:
            return 11

    @font_size.setter
    def font_size(self, value: int) -> None:
        self._settings.setValue("ui/font_size", int(value))

    # -- printing ---------------------------------------------------------------------

    def printer_for(self, kind: str) -> str:
        """The printer last chosen for documents of ``kind`` (receipt, boarding_pass …);
        empty when none was chosen yet."""
        return str(self._settings.value(f"printing/printer_{kind or 'other'}", ""))

    def set_printer_for(self, kind: str, name: str) -> None:
        self._settings.setValue(f"printing/printer_{kind or 'other'}", name)

    def _float(self, key: str, default: float, low: float, high: float) -> float:
        try:
            value = float(str(self._settings.value(key, default)))
        except ValueError:
            return default
        if value != value:  # NaN
            return default
        return round(max(low, min(high, value)), 1)

    @property
    def calibration(self) -> Calibration:
        """This workstation's receipt printer calibration (offsets and page length, mm)."""
        return Calibration(
            offset_x_mm=self._float("printing/offset_x_mm", 0.0, -20.0, 20.0),
            offset_y_mm=self._float("printing/offset_y_mm", 0.0, -20.0, 20.0),
            page_length_mm=self._float("printing/page_length_mm", 106.6, 90.0, 120.0),
        )

    @calibration.setter
    def calibration(self, value: Calibration) -> None:
        self._settings.setValue("printing/offset_x_mm", round(value.offset_x_mm, 1))
        self._settings.setValue("printing/offset_y_mm", round(value.offset_y_mm, 1))
        self._settings.setValue("printing/page_length_mm", round(value.page_length_mm, 1))

    @property
    def confirmation_paper(self) -> Paper:
        """``A4``, ``A5`` or ``80mm`` (a thermal roll) for the booking confirmation."""
        value = str(self._settings.value("printing/confirmation_paper", "A4"))
        papers: dict[str, Paper] = {"A4": "A4", "A5": "A5", "80mm": "80mm"}
        return papers.get(value, "A4")

    @confirmation_paper.setter
    def confirmation_paper(self, value: str) -> None:
        self._settings.setValue("printing/confirmation_paper", value)

    def sync(self) -> None:
        self._settings.sync()
