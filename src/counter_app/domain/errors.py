"""Errors a counter clerk can cause (业务校验错误), raised by the pure domain rules.

Each error carries a machine ``code`` (stable, translated by the GUI), the ``field`` the
clerk should look at, and ``params`` to fill into the translated message.
"""

from __future__ import annotations


class DomainError(ValueError):
    """A business rule refused the input; ``code`` and ``field`` drive the GUI message."""

    def __init__(self, code: str, field: str = "", message: str = "", **params: object) -> None:
        super().__init__(message or code)
        self.code: str = code
        self.field: str = field
        self.params: dict[str, object] = dict(params)
        self.message: str = message

    def __str__(self) -> str:
        return self.message or self.code
