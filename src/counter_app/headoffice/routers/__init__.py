"""Thin HTTP routers of the head office; the rules live in the modules they call."""

from __future__ import annotations

from typing import Any

from counter_app.sync.protocol import ErrorBody


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries: these statuses answer with an ErrorBody."""
    return {status: {"model": ErrorBody} for status in (*statuses, 422)}
