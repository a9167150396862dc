"""Who is at the counter: roles, the logged-in clerk, refused logins. Importable without
SQLAlchemy, so the login window can show before the database layer has loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    """Who may do what: 营业员, 主管, 柜台主任, 票务中心."""

    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    DIRECTOR = "director"
    HEAD_OFFICE = "head_office"


# Roles that may approve an override (作废超时, 超信用额度 ...).
APPROVER_ROLES = frozenset({Role.SUPERVISOR, Role.DIRECTOR, Role.HEAD_OFFICE})


class AuthError(Exception):
    """A refused login. ``code``: ``empty_login``, ``empty_password``, ``bad_credentials``,
    ``locked`` (``until`` set), ``inactive``, ``not_approver``."""

    def __init__(self, code: str, until: datetime | None = None, attempts_left: int = 0) -> None:
        super().__init__(code)
        self.code = code
        self.until = until
        self.attempts_left = attempts_left


@dataclass(frozen=True, slots=True)
class ClerkSession:
    """The clerk who is logged in, as the rest of the application sees them."""

    clerk_id: str
    login: str
    name: str
    role: Role
    outlet_code: str
    outlet_name: str
    outlet_kind: str
