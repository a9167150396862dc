"""The counter's HTTP client for head office (总部接口), over httpx's synchronous API.

Every failure becomes one of a few typed exceptions the engine and the GUI can act on:

==================  ==========================================================
:class:`Offline`    no connection, a timeout, or 502/503/504 (try again later)
:class:`AuthExpired`  the access token stays expired even after a refresh
:class:`AuthInvalid`  the counter's credentials are refused: enroll again
:class:`UpgradeRequired`  head office needs a newer program (HTTP 426)
:class:`OpIdReused`  a pushed op id was used before with another payload (409)
:class:`Refused`    any other 4xx, with head office's code and message
:class:`ServerError`  5xx, or an answer that is not what the protocol says
==================  ==========================================================

The access token is read from the credential store on every request, so a refresh made
by one thread is seen by the next request of any other; on ``401 token_expired`` the client
refreshes once and retries once.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from counter_app import __version__
from counter_app.sync import protocol
from counter_app.sync.credentials import Credentials, CredentialStore

API_PREFIX = "/api/v1"
DEFAULT_TIMEOUT = 15.0
OFFLINE_STATUSES = frozenset({502, 503, 504})
# The 401 codes about the counter's own token; another 401 code is a Refused.
COUNTER_AUTH_CODES = frozenset({"", "token_missing", "token_invalid", "token_expired",
                                "counter_disabled", "token_reused"})

M = TypeVar("M", bound=BaseModel)


class SyncError(Exception):
    """Base of every error the client raises."""

    def __init__(self, message: str = "", *, code: str = "", status: int = 0) -> None:
        super().__init__(message or code or self.__class__.__name__)
        self.message = message
        self.code = code
        self.status = status


class Offline(SyncError):  # noqa: N818 - named by the sync contract
    """Head office cannot be reached now (network down, timeout, gateway errors)."""


class ServerError(SyncError):
    """Head office failed (5xx) or answered something the protocol does not allow."""


class AuthExpired(SyncError):  # noqa: N818 - named by the sync contract
    """The access token was refused as expired even after a fresh refresh."""


class AuthInvalid(SyncError):  # noqa: N818 - named by the sync contract
    """The counter's credentials are refused or missing: it must be enrolled again."""


class NotEnrolled(AuthInvalid):
    """No credentials are saved: the counter was never enrolled (or was reset)."""


class UpgradeRequired(SyncError):  # noqa: N818 - named by the sync contract
    """Head office no longer accepts this program's protocol version."""


class OpIdReused(SyncError):  # noqa: N818 - named by the sync contract
    """A pushed op id is known to head office with another payload; the whole batch was
    refused. ``op_id`` names the op (empty when head office did not say)."""

    def __init__(self, op_id: str, message: str = "") -> None:
        super().__init__(message, code="op_id_reused", status=409)
        self.op_id = op_id


class Refused(SyncError):  # noqa: N818 - named by the sync contract
    """Any other 4xx: the request will not succeed as sent."""

    def __init__(
        self, status: int, code: str, message: str, detail: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(message, code=code, status=status)
        self.detail = dict(detail or {})


def _error_body(response: httpx.Response) -> tuple[str, str, dict[str, Any]]:
    """(code, message, detail) of an error response, whatever shape it came in."""
    try:
        body = response.json()
    except ValueError:
        return "", response.text[:200], {}
    if not isinstance(body, dict):
        return "", str(body)[:200], {}
    if "code" not in body and isinstance(body.get("detail"), dict):
        # FastAPI's HTTPException wraps the body in {"detail": {...}}.
        body = body["detail"]
    code = str(body.get("code") or "")
    message = str(body.get("message") or "")
    raw_detail = body.get("detail")
    if not message and raw_detail is not None and not isinstance(raw_detail, dict):
        message = str(raw_detail)[:300]  # FastAPI's 422 list, or a plain sentence
    return code, message, raw_detail if isinstance(raw_detail, dict) else {}


def raise_for_status(response: httpx.Response) -> None:
    """Map an error response to the client's exceptions (no token logic here)."""
    status = response.status_code
    if status < 400:
        return
    code, message, detail = _error_body(response)
    if status in OFFLINE_STATUSES:
        raise Offline(message or f"head office answered {status}", code=code, status=status)
    if status == 401 and code not in COUNTER_AUTH_CODES:
        # not the counter's credentials: a head-office person's (the inbox's staff session)
        raise Refused(status, code, message, detail)
    if status == 401:
        if code == "token_expired":
            raise AuthExpired(message, code=code, status=status)
        raise AuthInvalid(message, code=code or "token_invalid", status=status)
    if status == 426:
        raise UpgradeRequired(message, code=code or "upgrade_required", status=status)
    if status == 409 and code == "op_id_reused":
        raise OpIdReused(str(detail.get("op_id", "")), message)
    if status >= 500:
        raise ServerError(message or f"head office failed with {status}", code=code, status=status)
    raise Refused(status, code, message, detail)


class HeadOfficeClient:
    """One counter's connection to head office. Thread-safe for the engine's thread and an
    occasional GUI call (httpx.Client is; the refresh is serialised)."""

    def __init__(
        self,
        base_url: str,
        credentials_store: CredentialStore,
        transport: httpx.BaseTransport | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        app_version: str = __version__,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.credentials_store = credentials_store
        self.app_version = app_version
        self._http = httpx.Client(
            base_url=self.base_url + API_PREFIX,
            transport=transport,
            timeout=timeout,
            headers={"User-Agent": f"counter-app/{app_version}"},
        )
        self._refresh_lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HeadOfficeClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- plumbing ----------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Any = None,
        token: str | None = None,
        extra: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        headers.update(extra or {})
        try:
            response = self._http.request(method, path, json=json, params=params, headers=headers)
        except httpx.TransportError as exc:
            raise Offline(f"head office unreachable: {exc.__class__.__name__}: {exc}") from exc
        raise_for_status(response)
        return response

    def _credentials(self) -> Credentials:
        credentials = self.credentials_store.load()
        if credentials is None:
            raise NotEnrolled("this counter is not enrolled", code="not_enrolled")
        return credentials

    def _authed(
        self, method: str, path: str, *, json: Any = None, params: Any = None,
        extra: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        credentials = self._credentials()
        try:
            token = credentials.access_token
            return self._send(method, path, json=json, params=params, token=token, extra=extra)
        except (AuthExpired, AuthInvalid):
            # Expired, or revoked by a rotation whose answer was lost on the line: one
            # refresh (head office accepts the last refresh token again for a few minutes).
            # If that is refused too, the counter must be enrolled again.
            self._refresh_after_expiry(credentials.access_token)
        try:
            return self._send(method, path, json=json, params=params,
                              token=self._credentials().access_token, extra=extra)
        except AuthExpired as exc:
            raise AuthExpired(
                "the access token is refused as expired right after a refresh; "
                "check this computer's clock",
                code=exc.code,
                status=exc.status,
            ) from exc

    def _refresh_after_expiry(self, expired_token: str) -> None:
        with self._refresh_lock:
            current = self._credentials()
            if current.access_token != expired_token:
                return  # another thread refreshed meanwhile
            self.refresh()

    @staticmethod
    def _parse(model: type[M], response: httpx.Response) -> M:
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise ServerError(
                f"head office answered something the protocol does not allow: {exc}",
                code="bad_response",
                status=response.status_code,
            ) from exc

    @staticmethod
    def _json(response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise ServerError("head office answered with no JSON", code="bad_response") from exc

    # --- the API -----------------------------------------------------------------------

    def call(
        self, method: str, path: str, *, json: Any = None, params: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """An authenticated request with extra ``headers`` (the inbox's staff token), the
        token refresh and error mapping of every other call (sync/inbox.py)."""
        return self._authed(method, path, json=json, params=params, extra=headers)

    def health(self) -> dict[str, Any]:
        body = self._json(self._send("GET", "/health"))
        return body if isinstance(body, dict) else {"body": body}

    def enroll(self, code: str, counter_name: str) -> protocol.EnrollResponse:
        """Trade a one-time enrollment code for a counter identity and tokens. Does not save
        them: :func:`counter_app.sync.enroll.enroll_counter` does."""
        request = protocol.EnrollRequest(code=code.strip(), counter_name=counter_name)
        response = self._send("POST", "/enroll", json=request.model_dump(mode="json"))
        return self._parse(protocol.EnrollResponse, response)

    def refresh(self) -> Credentials:
        """A new token pair for the refresh token; saved before it is returned. A refused
        refresh token means the counter must be enrolled again (:class:`AuthInvalid`)."""
        credentials = self._credentials()
        request = protocol.RefreshRequest(
            counter_id=credentials.counter_id, refresh_token=credentials.refresh_token
        )
        try:
            response = self._send("POST", "/token/refresh", json=request.model_dump(mode="json"))
        except AuthExpired as exc:
            raise AuthInvalid(
                "the refresh token has expired: enroll this counter again",
                code=exc.code,
                status=exc.status,
            ) from exc
        body = self._json(response)
        if isinstance(body, dict) and isinstance(body.get("tokens"), dict):
            body = body["tokens"]
        try:
            tokens = protocol.TokenPair.model_validate(body)
        except ValidationError as exc:
            raise ServerError(f"bad token refresh answer: {exc}", code="bad_response") from exc
        renewed = Credentials.with_tokens(credentials.counter_id, credentials.base_url, tokens)
        self.credentials_store.save(renewed)
        return renewed

    def handshake(self, counter_time: datetime | None = None) -> protocol.HandshakeResponse:
        """Versions and clocks; raises :class:`UpgradeRequired` when head office says no."""
        request = protocol.HandshakeRequest(
            protocol_version=protocol.PROTOCOL_VERSION,
            op_schema_version=protocol.OP_SCHEMA_VERSION,
            app_version=self.app_version[:32],
            counter_time=counter_time or datetime.now(UTC),
        )
        response = self._authed("POST", "/sync/handshake", json=request.model_dump(mode="json"))
        answer = self._parse(protocol.HandshakeResponse, response)
        if not answer.accepted:
            raise UpgradeRequired(
                answer.message or "head office needs a newer version of this program",
                code="upgrade_required",
                status=response.status_code,
            )
        return answer

    def push(self, ops: Sequence[protocol.Op]) -> protocol.PushResponse:
        request = protocol.PushRequest(ops=list(ops))
        response = self._authed("POST", "/sync/push", json=request.model_dump(mode="json"))
        return self._parse(protocol.PushResponse, response)

    def pull(self, cursor: int, limit: int = protocol.DEFAULT_PULL_LIMIT) -> protocol.PullResponse:
        params = {"cursor": cursor, "limit": limit}
        return self._parse(protocol.PullResponse, self._authed("GET", "/sync/pull", params=params))

    def checksum(self) -> protocol.ChecksumResponse:
        return self._parse(protocol.ChecksumResponse, self._authed("GET", "/sync/checksum"))

    def request_lease(
        self, flight_id: str, cabin: str, seats: int, hours: int = 168
    ) -> protocol.Lease:
        """Ask for an allotment lease (online only); 409 ``no_seats`` is a :class:`Refused`."""
        request = protocol.LeaseRequest.model_validate(
            {"flight_id": flight_id, "cabin": cabin, "seats": seats, "hours": hours}
        )
        response = self._authed("POST", "/inventory/leases", json=request.model_dump(mode="json"))
        return self._parse(protocol.Lease, response)

    def availability(self, flight_ids: Sequence[str]) -> list[protocol.Availability]:
        """Seats head office can still grant on each flight (online only)."""
        params = [("flight_id", flight_id) for flight_id in flight_ids]
        response = self._authed("GET", "/inventory/availability", params=params)
        body = self._json(response)
        items: Any = body
        if isinstance(body, dict):
            items = body.get("flights", body.get("items", [body]))
        try:
            return [protocol.Availability.model_validate(item) for item in items or []]
        except (ValidationError, TypeError) as exc:
            raise ServerError(f"bad availability answer: {exc}", code="bad_response") from exc

    def request_range(
        self, kind: str, prefix: str = "", size: int = 1000
    ) -> protocol.NumberRange:
        """Ask for a new range of ticket numbers (per airline prefix) or receipt serials."""
        request = protocol.RangeRequest.model_validate(
            {"kind": kind, "prefix": prefix, "size": size}
        )
        response = self._authed("POST", "/ranges", json=request.model_dump(mode="json"))
        return self._parse(protocol.NumberRange, response)

    # --- seats (head office is the seat authority) --------------------------------------

    def seat_map(self, flight_id: str) -> protocol.SeatMapState:
        """The flight's seats that are not free (``mine`` marks this counter's own)."""
        response = self._authed("GET", f"/seats/{flight_id}")
        return self._parse(protocol.SeatMapState, response)

    def choose_seat(self, payload: protocol.SeatChoose) -> protocol.SeatAnswer:
        """Choose a seat live. A seat not free is a 409 :class:`Refused` ``seat_taken``
        whose ``detail`` carries ``seat`` and the ``suggested`` nearest equivalent (or None);
        the same choice id sent again gets the same answer."""
        body = protocol.op_payload(payload)  # the same JSON as its op would carry
        return self._parse(protocol.SeatAnswer, self._authed("POST", "/seats", json=body))

    def release_seat(self, payload: protocol.SeatRelease) -> protocol.SeatReleased:
        body = protocol.op_payload(payload)  # the same JSON as its op would carry
        response = self._authed("POST", "/seats/release", json=body)
        return self._parse(protocol.SeatReleased, response)
