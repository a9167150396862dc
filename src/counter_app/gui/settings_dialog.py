"""The settings dialog (设置): interface language and text size of this workstation, where
its data lives, and (for a supervisor) the self check-in kiosk's staff PIN."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.gui.i18n import LANGUAGES
from counter_app.gui.settings import Preferences
from counter_app.gui.widgets.named import form_of, named
from counter_app.paths import database_path


class SettingsDialog(QDialog):
    def __init__(self, prefs: Preferences, data_dir_text: str, parent: QWidget | None = None,
                 kiosk_pin: Callable[[], None] | None = None):
        super().__init__(parent)
        self.prefs = prefs
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.language = named(QComboBox(self), "languageCombo")
        for code, label in LANGUAGES.items():
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(0, self.language.findData(prefs.language)))
        self.font_size = named(QSpinBox(self), "fontSizeSpin")
        self.font_size.setRange(8, 20)
        self.font_size.setValue(prefs.font_size)
        self.font_size.setSuffix(" pt")
        data = QLabel(data_dir_text, self)
        data.setWordWrap(True)
        rows: list[tuple[str, QWidget]] = [
            (self.tr("Language"), self.language),
            (self.tr("Text size"), self.font_size),
            (self.tr("Data folder"), data),
        ]
        if kiosk_pin is not None:  # the self check-in kiosk's staff PIN, by a supervisor
            pin = named(QPushButton(self.tr("Set the kiosk PIN…"), self), "kioskPinButton")
            pin.clicked.connect(kiosk_pin)
            rows.append((self.tr("Self check-in"), pin))
        form = form_of(*rows)
        note = QLabel(self.tr("Language and text size take effect at the next start."), self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def accept(self) -> None:
        self.prefs.language = str(self.language.currentData())
        self.prefs.font_size = self.font_size.value()
        self.prefs.sync()
        super().accept()


def data_dir_description(data_dir: object) -> str:
    from pathlib import Path

    return str(database_path(Path(str(data_dir))))
