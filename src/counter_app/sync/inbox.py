"""The head-office inbox's client (总部待办): a head-office person's session on top of the
counter's own connection.

:class:`InboxClient` wraps a :class:`~counter_app.sync.client.HeadOfficeClient` (its token
refresh and error mapping): every call carries the counter's ``Authorization: Bearer`` and
the staff token of :meth:`InboxClient.login` as ``X-Staff-Token``. The staff token lives in
this object only — never written to disk, never logged (``repr`` hides it).

Errors are the client's (:class:`~counter_app.sync.client.Offline`, ``Refused`` ...), with
two of head office's refusals made their own types so the page can act on them:

=========================  ====================================================
:class:`StaffLoginNeeded`  401 ``staff_login_required`` / ``staff_session_expired``:
                           the token is dropped; log in again
:class:`VersionConflict`   409 ``version_conflict``: someone changed the request
                           since it was read; ``current`` is its version now
=========================  ====================================================
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from counter_app.sync.client import HeadOfficeClient, Refused, ServerError
from counter_app.sync.protocol.inbox import (
    STAFF_TOKEN_HEADER,
    InboxAssign,
    InboxEdit,
    InboxPage,
    InboxStep,
    ServiceRequestView,
    StaffLogin,
    StaffMember,
    StaffSession,
)
from counter_app.sync.protocol.ops import CustomerUpdate, GpOfficialSave, op_payload

__all__ = ["STAFF_CODES", "InboxClient", "InboxFilters", "StaffLoginNeeded",
           "VersionConflict"]

M = TypeVar("M", bound=BaseModel)
STAFF_CODES = frozenset({"staff_login_required", "staff_session_expired"})
PAGE_SIZE = 50
CONFLICTS_HEADER = "X-Request-Conflicts"  # an edit's fields that kept a counter's value


class StaffLoginNeeded(Refused):
    """No live staff session (never logged in, logged out, or expired at head office)."""


class VersionConflict(Refused):
    """The request changed since it was read; ``current`` is head office's version (0 when
    it did not say)."""

    @property
    def current(self) -> int:
        value = self.detail.get("current", self.detail.get("version", 0))
        return value if isinstance(value, int) else 0


@dataclass(frozen=True)
class InboxFilters:
    """What the inbox shows: empty means any. ``assignee`` is "" (anyone), ``"me"``,
    ``"none"`` (nobody) or a login."""

    states: tuple[str, ...] = ()
    kind: str = ""
    airport: str = ""
    date_from: date | None = None
    date_to: date | None = None
    level: str = ""
    assignee: str = ""
    text: str = ""
    limit: int = PAGE_SIZE
    offset: int = 0

    def params(self) -> list[tuple[str, str | int]]:
        """The query string of ``GET /inbox`` (``state`` repeats)."""
        pairs: list[tuple[str, str | int]] = [("state", state) for state in self.states]
        for key, value in (("kind", self.kind), ("airport", self.airport.strip().upper()),
                           ("level", self.level), ("assignee", self.assignee),
                           ("q", self.text.strip())):
            if value:
                pairs.append((key, value))
        if self.date_from is not None:
            pairs.append(("date_from", self.date_from.isoformat()))
        if self.date_to is not None:
            pairs.append(("date_to", self.date_to.isoformat()))
        pairs += [("limit", self.limit), ("offset", self.offset)]
        return pairs


@dataclass
class InboxClient:
    """One head-office person's inbox over ``client``; thread-safe (the calls run on the
    GUI's network pool)."""

    client: HeadOfficeClient
    session: StaffSession | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __repr__(self) -> str:  # never the token
        who = self.session.login if self.session is not None else "-"
        return f"InboxClient(base_url={self.client.base_url!r}, staff={who!r})"

    @property
    def logged_in(self) -> bool:
        return self.session is not None

    def login(self, login: str, password: str) -> StaffSession:
        """Log in at head office; a wrong password is a 401 ``Refused`` ``bad_credentials``,
        another role or outlet a 403 ``not_head_office``."""
        body = StaffLogin(login=login.strip(), password=password).model_dump(mode="json")
        session = self._parse(StaffSession, self.client.call("POST", "/staff/login", json=body))
        with self._lock:
            self.session = session
        return session

    def logout(self) -> None:
        """Forget the staff token (head office lets it expire)."""
        with self._lock:
            self.session = None

    def page(self, filters: InboxFilters) -> InboxPage:
        return self._parse(InboxPage, self._call("GET", "/inbox", params=filters.params()))

    def detail(self, request_id: str) -> ServiceRequestView:
        return self._parse(ServiceRequestView, self._call("GET", f"/inbox/{request_id}"))

    def step(self, request_id: str, step: InboxStep) -> ServiceRequestView:
        return self._view(f"/inbox/{request_id}/step", step)

    def assign(self, request_id: str, assign: InboxAssign) -> ServiceRequestView:
        return self._view(f"/inbox/{request_id}/assign", assign)

    def edit(self, request_id: str, edit: InboxEdit) -> ServiceRequestView:
        return self.edit_merged(request_id, edit)[0]

    def edit_merged(self, request_id: str,
                    edit: InboxEdit) -> tuple[ServiceRequestView, list[str]]:
        """The request as merged, and the fields that conflicted: a counter changed them
        since the base, so they kept the counter's value (``X-Request-Conflicts``)."""
        response = self._call("POST", f"/inbox/{request_id}/edit",
                              json=edit.model_dump(mode="json"))
        named = response.headers.get(CONFLICTS_HEADER, "")
        conflicts = [key.strip() for key in named.split(",") if key.strip()]
        return self._parse(ServiceRequestView, response), conflicts

    def staff(self) -> list[StaffMember]:
        response = self._call("GET", "/inbox/staff")
        return self._parse_list(StaffMember, response)

    def officials(self, customer_id: str) -> list[dict[str, Any]]:
        """The GP unit's officials as head office holds them (plain JSON objects)."""
        response = self._call("GET", "/staff/officials", params={"customer_id": customer_id})
        try:
            body = response.json()
        except ValueError as exc:
            raise ServerError("head office answered with no JSON", code="bad_response") from exc
        items = body.get("items", body.get("officials")) if isinstance(body, dict) else body
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ServerError("bad officials answer", code="bad_response")
        return items

    def save_official(self, payload: GpOfficialSave) -> dict[str, Any]:
        """Create or edit a GP unit's official at head office (head office's staff win the
        merge); the official as JSON, with ``applied``."""
        return self._object(self._call("POST", "/staff/officials", json=op_payload(payload)))

    def save_unit(self, payload: CustomerUpdate) -> dict[str, Any]:
        """Change a GP unit's own fields at head office; the unit as counters pull it."""
        return self._object(self._call("POST", "/staff/units", json=op_payload(payload)))

    def units(self, text: str = "") -> list[dict[str, Any]]:
        """The GP units whose name, pinyin or code holds ``text`` (all of them for ""),
        each with its officials' count (plain JSON objects)."""
        wanted = text.strip()
        response = self._call("GET", "/staff/units", params={"q": wanted} if wanted else None)
        try:
            body = response.json()
        except ValueError as exc:
            raise ServerError("head office answered with no JSON", code="bad_response") from exc
        if not isinstance(body, list) or not all(isinstance(i, dict) for i in body):
            raise ServerError("bad units answer", code="bad_response")
        return body

    def create_unit(self, values: Mapping[str, str]) -> dict[str, Any]:
        """A new GP unit at head office (code, name_zh, contact_name, contact_phone,
        account_manager, bureau, gov_level); a code in use is a 409 ``Refused``
        ``customer_code_taken``."""
        return self._object(self._call("POST", "/staff/units/new", json=dict(values)))

    # --- plumbing ----------------------------------------------------------------------

    @staticmethod
    def _object(response: httpx.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError as exc:
            raise ServerError("head office answered with no JSON", code="bad_response") from exc
        if not isinstance(body, dict):
            raise ServerError("head office answered no JSON object", code="bad_response")
        return body

    def _view(self, path: str, body: BaseModel) -> ServiceRequestView:
        response = self._call("POST", path, json=body.model_dump(mode="json"))
        return self._parse(ServiceRequestView, response)

    def _headers(self) -> Mapping[str, str]:
        with self._lock:
            session = self.session
        if session is None:
            raise StaffLoginNeeded(401, "staff_login_required", "log in to the inbox first")
        return {STAFF_TOKEN_HEADER: session.token}

    def _call(self, method: str, path: str, *, json: Any = None,
              params: Any = None) -> httpx.Response:
        headers = self._headers()
        try:
            return self.client.call(method, path, json=json, params=params, headers=headers)
        except Refused as exc:
            raise self._mapped(exc, headers[STAFF_TOKEN_HEADER]) from exc

    def _mapped(self, error: Refused, token: str) -> Refused:
        if error.status == 401 and error.code in STAFF_CODES:
            with self._lock:
                if self.session is not None and self.session.token == token:
                    self.session = None  # a newer login meanwhile keeps its own
            return StaffLoginNeeded(error.status, error.code, error.message, error.detail)
        if error.status == 409 and error.code == "version_conflict":
            return VersionConflict(error.status, error.code, error.message, error.detail)
        return error

    @staticmethod
    def _parse(model: type[M], response: httpx.Response) -> M:
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise ServerError(f"head office answered something the protocol does not "
                              f"allow: {exc}", code="bad_response") from exc

    @staticmethod
    def _parse_list(model: type[M], response: httpx.Response) -> list[M]:
        try:
            return TypeAdapter(list[model]).validate_json(response.content)  # type: ignore[valid-type]
        except ValidationError as exc:
            raise ServerError(f"bad list answer: {exc}", code="bad_response") from exc
