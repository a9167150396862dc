"""Why the counter's local store cannot be used: raised by ``counter_app.storage`` and
explained by the GUI (``gui/messages.py``), which imports it from here, without SQLAlchemy
(the login window needs it before the database layer has loaded)."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The local store cannot be used. ``code`` is one of ``folder_unwritable``,
    ``file_unwritable``, ``corrupt``, ``newer_schema``; ``path`` names the file or folder."""

    def __init__(self, code: str, path: Path, detail: str = "") -> None:
        super().__init__(f"{code}: {path} {detail}".strip())
        self.code = code
        self.path = path
        self.detail = detail
