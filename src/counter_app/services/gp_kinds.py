"""The GP request kinds (``resources/data/gp_request_kinds.json``), read once.

Every caller (forms, use cases, head office's inbox, printing) takes the kinds from here,
so the data file is parsed once per process.
"""

from __future__ import annotations

import json
from functools import cache

from counter_app.domain.errors import DomainError
from counter_app.domain.gp_requests import RequestKind, kinds_from_json
from counter_app.resources import resource


@cache
def request_kinds() -> dict[str, RequestKind]:
    """All kinds by code, in the file's order."""
    path = resource("data", "gp_request_kinds.json")
    return kinds_from_json(json.loads(path.read_text(encoding="utf-8")))


def request_kind(code: str) -> RequestKind:
    """The kind ``code``; an unknown code is refused as ``request_kind_unknown``."""
    try:
        return request_kinds()[code]
    except KeyError:
        raise DomainError("request_kind_unknown", "kind", kind=code) from None
