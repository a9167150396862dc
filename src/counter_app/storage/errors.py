"""Why the local store cannot be used; importable without SQLAlchemy (the login window
needs it before the database layer has loaded)."""

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
