"""GP service requests (公务服务申请单): each kind of the GP standard as data, the checks a
request must pass, its workflow, and the field-level merge of two edits.

A **kind** (VIP/CIP guarantee, ground transfer 易行, meal pre-order ...) is data, read from
``gp_request_kinds.json`` by :func:`kinds_from_json`: its fields (key, type, labels, whether
required, options, limits, where the form fills it from), the entitlements that allow it
(``domain/gp.py``), the airports it is offered at, and how many hours before departure it
must be in. One form widget, one printed layout and these checks are built from it, so a
new kind is a data change.

The **workflow**: draft → submitted → accepted → arranged → done, or rejected / cancelled.
A counter submits and may cancel; head office accepts, arranges, rejects (with a reason)
and marks done. :func:`next_state` is the one table of who may take which step from where.

Values travel as plain JSON: text, int, bool, a list of codes or of texts, or a list of
people (``{"name", "title", "id_type", "id_number", "relation", "phone"}``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, Literal, cast
from zoneinfo import ZoneInfo

from counter_app.domain.errors import DomainError
from counter_app.domain.gp import (
    MAX_GP_COMPANIONS,
    Entitlement,
    GpLevel,
    has_entitlement,
    minimum_level,
)
from counter_app.domain.text import bad_character

FieldType = Literal["text", "multiline", "date", "time", "datetime", "choice", "choices",
                    "people", "list", "int", "bool", "airport", "phone"]
FIELD_TYPES: frozenset[str] = frozenset(
    ("text", "multiline", "date", "time", "datetime", "choice", "choices", "people", "list",
     "int", "bool", "airport", "phone"))
PERSON_KEYS = ("name", "title", "id_type", "id_number", "relation", "phone")
MAX_TEXT = 500
MAX_NOTE = 500
# Flight times are local; every airport the counters serve is on Beijing time.
LOCAL_TZ = ZoneInfo("Asia/Shanghai")
GENERAL = "general"  # a generic request to head office (refund, booking ...), not a GP form


@dataclass(frozen=True, slots=True)
class Option:
    code: str
    label_zh: str
    label_en: str


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a form."""

    key: str
    type: FieldType
    label_zh: str
    label_en: str
    required: bool = False
    options: tuple[Option, ...] = ()
    max_length: int = 0  # of a text (0: MAX_TEXT), or of each entry of a list
    max_items: int = 0  # of a people / list / choices field (0: no limit but MAX_GP...)
    minimum: int | None = None  # of an int
    maximum: int | None = None
    prefill: str = ""  # where the form fills it from: "official.name", "booking.flight_no" ...
    readonly: bool = False  # filled from the official or booking, not typed

    def label(self, language: str = "zh") -> str:
        return self.label_en if language.startswith("en") else self.label_zh

    def option_label(self, code: str, language: str = "zh") -> str:
        for option in self.options:
            if option.code == code:
                return option.label_en if language.startswith("en") else option.label_zh
        return code


@dataclass(frozen=True, slots=True)
class RequestKind:
    """One kind of request of the GP standard."""

    code: str
    label_zh: str
    label_en: str
    entitlements: frozenset[Entitlement]  # any one of them allows the kind
    fields: tuple[FieldSpec, ...]
    lead_hours: int | None = None  # must be in this long before departure (None: any time)
    needs_flight: bool = True
    airports: frozenset[str] | None = None  # offered only where one end of the flight is

    def label(self, language: str = "zh") -> str:
        return self.label_en if language.startswith("en") else self.label_zh

    def field(self, key: str) -> FieldSpec:
        for spec in self.fields:
            if spec.key == key:
                return spec
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(spec.key for spec in self.fields)

    @property
    def minimum_level(self) -> GpLevel:
        """The lowest level one of its entitlements starts at."""
        return min((minimum_level(e) for e in self.entitlements), key=lambda lv: lv.rank)


def _field(raw: Mapping[str, Any]) -> FieldSpec:
    kind = str(raw["type"])
    if kind not in FIELD_TYPES:
        raise ValueError(f"field {raw.get('key')!r}: unknown type {kind!r}")
    return FieldSpec(
        key=str(raw["key"]), type=cast(FieldType, kind), label_zh=str(raw["label_zh"]),
        label_en=str(raw["label_en"]), required=bool(raw.get("required", False)),
        options=tuple(Option(str(c), str(zh), str(en)) for c, zh, en in raw.get("options", ())),
        max_length=int(raw.get("max_length", 0)), max_items=int(raw.get("max_items", 0)),
        minimum=raw.get("minimum"), maximum=raw.get("maximum"),
        prefill=str(raw.get("prefill", "")), readonly=bool(raw.get("readonly", False)),
    )


def kinds_from_json(doc: Mapping[str, Any]) -> dict[str, RequestKind]:
    """The kinds of ``gp_request_kinds.json``, by code, in the file's order. A kind's fields
    are its ``blocks`` (shared groups of fields), its own ``fields``, then its ``tail``
    blocks."""
    blocks = {name: [_field(f) for f in fields] for name, fields in doc["blocks"].items()}
    kinds: dict[str, RequestKind] = {}
    for raw in doc["kinds"]:
        specs = [s for b in raw.get("blocks", ()) for s in blocks[b]]
        specs += [_field(f) for f in raw.get("fields", ())]
        specs += [s for b in raw.get("tail", ()) for s in blocks[b]]
        keys = [s.key for s in specs]
        if len(keys) != len(set(keys)):
            raise ValueError(f"kind {raw['code']!r}: a field key appears twice")
        lead = raw.get("lead_hours")
        airports = raw.get("airports")
        kind = RequestKind(
            code=str(raw["code"]), label_zh=str(raw["label_zh"]), label_en=str(raw["label_en"]),
            entitlements=frozenset(Entitlement(e) for e in raw["entitlements"]),
            fields=tuple(specs), lead_hours=None if lead is None else int(lead),
            needs_flight=bool(raw.get("needs_flight", True)),
            airports=None if airports is None else frozenset(str(a) for a in airports),
        )
        if kind.code in kinds or kind.code == GENERAL:
            raise ValueError(f"kind {kind.code!r} appears twice or is reserved")
        kinds[kind.code] = kind
    return kinds


# --- entitlement, time ------------------------------------------------------------------


def entitlement_for(kind: RequestKind, level: GpLevel) -> Entitlement | None:
    """Which of the kind's entitlements ``level`` has (CIP for V4, VIP for V5 on the
    guarantee form), or None."""
    for entitlement in sorted(kind.entitlements, key=lambda e: e.value):
        if has_entitlement(level, entitlement):
            return entitlement
    return None


def check_entitled(kind: RequestKind, level: GpLevel | None, origin: str = "",
                   destination: str = "") -> Entitlement:
    """The entitlement that allows ``kind`` for ``level`` at this flight's airports.

    Refusals: ``gp_level_not_entitled`` (field ``kind``; params kind, level, minimum),
    ``gp_official_required`` (no level: not a GP official), ``service_airport`` (field
    ``origin``; params kind, airports)."""
    if level is None:
        raise DomainError("gp_official_required", field="official", kind=kind.label_zh)
    entitlement = entitlement_for(kind, level)
    if entitlement is None:
        raise DomainError("gp_level_not_entitled", field="kind", kind=kind.label_zh,
                          level=level.value, minimum=kind.minimum_level.value)
    if kind.airports is not None:
        ends = {origin.strip().upper(), destination.strip().upper()}
        if not ends & kind.airports:
            raise DomainError("service_airport", field="origin", kind=kind.label_zh,
                              airports="/".join(sorted(kind.airports)))
    return entitlement


def departure_of(values: Mapping[str, Any]) -> datetime | None:
    """The flight's departure (aware, local Beijing time) from ``flight_date`` and
    ``departure_time`` (00:00 when no time is given); None without a date."""
    day = values.get("flight_date")
    if not day:
        return None
    try:
        on = date.fromisoformat(str(day))
        at = time.fromisoformat(str(values.get("departure_time") or "00:00"))
    except ValueError:
        return None
    return datetime.combine(on, at, LOCAL_TZ)


def due_at(kind: RequestKind, departure: datetime | None) -> datetime | None:
    """When the request must be in: ``lead_hours`` before departure (None: no deadline)."""
    if kind.lead_hours is None or departure is None:
        return None
    return departure - timedelta(hours=kind.lead_hours)


def check_in_time(kind: RequestKind, departure: datetime | None, now: datetime) -> None:
    """Refuse a request submitted after its deadline (``request_too_late``, field
    ``flight_date``; params kind, hours, due) or for a flight already gone
    (``flight_departed``)."""
    if departure is None:
        return
    if kind.needs_flight and now >= departure:
        raise DomainError("flight_departed", field="flight_date", kind=kind.label_zh)
    due = due_at(kind, departure)
    if due is not None and now > due:
        raise DomainError("request_too_late", field="flight_date", kind=kind.label_zh,
                          hours=kind.lead_hours, due=due.astimezone(LOCAL_TZ)
                          .strftime("%Y-%m-%d %H:%M"))


# --- values ---------------------------------------------------------------------------


def _refuse(spec: FieldSpec, code: str, **params: object) -> DomainError:
    error = DomainError(code, field=spec.key, label=spec.label_zh)
    error.params.update(params)
    return error


def _text(spec: FieldSpec, value: Any, limit: int, *, multiline: bool = False) -> str:
    if not isinstance(value, str):
        raise _refuse(spec, "request_field_type")
    text = value.strip()
    if len(text) > limit:
        raise _refuse(spec, "request_field_too_long", max=limit)
    if bad_character(text, multiline=multiline) is not None:
        raise _refuse(spec, "invalid_text")
    return text


def _person(spec: FieldSpec, value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping) or set(value) - set(PERSON_KEYS):
        raise _refuse(spec, "request_field_type")
    person = {k: _text(spec, value.get(k) or "", 64) for k in PERSON_KEYS if value.get(k)}
    if not person.get("name"):
        raise _refuse(spec, "request_person_name")
    return person


def _int(spec: FieldSpec, value: Any) -> int:
    if isinstance(value, bool):
        raise _refuse(spec, "request_field_type")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise _refuse(spec, "request_field_number") from None
    low = spec.minimum if spec.minimum is not None else 0
    high = spec.maximum if spec.maximum is not None else 9999
    if not low <= number <= high:
        raise _refuse(spec, "request_field_range", min=low, max=high)
    return number


def _items_limit(spec: FieldSpec) -> int:
    return spec.max_items or MAX_GP_COMPANIONS


def clean_value(spec: FieldSpec, value: Any) -> Any:
    """One field's value checked and in wire form; ``None`` for an empty value."""
    if value is None or value == "" or value == []:
        return None
    kind = spec.type
    if kind in ("text", "phone", "airport"):
        text = _text(spec, value, spec.max_length or MAX_TEXT)
        return text.upper() if kind == "airport" else text
    if kind == "multiline":
        return _text(spec, value, spec.max_length or MAX_TEXT, multiline=True)
    if kind == "int":
        return _int(spec, value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise _refuse(spec, "request_field_type")
        return value
    if kind in ("date", "time", "datetime"):
        text = _text(spec, value, 32)
        parse = {"date": date.fromisoformat, "time": time.fromisoformat,
                 "datetime": datetime.fromisoformat}[kind]
        try:
            parse(text)
        except ValueError:
            raise _refuse(spec, "request_field_" + kind) from None
        return text
    if kind == "choice":
        if value not in {o.code for o in spec.options}:
            raise _refuse(spec, "request_field_choice")
        return value
    if not isinstance(value, list):
        raise _refuse(spec, "request_field_type")
    if len(value) > _items_limit(spec):
        code = "gp_companions" if kind == "people" else "request_field_items"
        raise _refuse(spec, code, max=_items_limit(spec), count=len(value))
    if kind == "choices":
        codes = {o.code for o in spec.options}
        if any(v not in codes for v in value):
            raise _refuse(spec, "request_field_choice")
        return [o.code for o in spec.options if o.code in value]
    if kind == "list":
        items = [_text(spec, v, spec.max_length or 64) for v in value]
        return [v for v in items if v] or None
    return [_person(spec, v) for v in value] or None


def clean_values(kind: RequestKind, values: Mapping[str, Any], *,
                 complete: bool = True) -> dict[str, Any]:
    """The form's values checked field by field, in wire form (empty fields left out).

    ``complete``: a required field left empty is refused (``request_field_required``);
    a draft is saved without that. A key the kind does not have is refused
    (``request_field_unknown``). Every refusal names the field (``field`` = its key,
    ``label`` = its label as on screen)."""
    unknown = sorted(set(values) - set(kind.keys))
    if unknown:
        raise DomainError("request_field_unknown", field=unknown[0], label=unknown[0])
    cleaned: dict[str, Any] = {}
    for spec in kind.fields:
        value = clean_value(spec, values.get(spec.key))
        if value is None or value == "":  # blanks only: left empty
            if complete and spec.required:
                raise _refuse(spec, "request_field_required")
            continue
        cleaned[spec.key] = value
    return cleaned


def check_note(note: str, *, required: bool = False) -> str:
    """A step's note: ``reject_reason_required`` when a reason is needed and missing,
    ``request_note_too_long``, ``invalid_text``."""
    text = (note or "").strip()
    if required and not text:
        raise DomainError("reject_reason_required", field="note")
    if len(text) > MAX_NOTE:
        raise DomainError("request_note_too_long", field="note", max=MAX_NOTE)
    if bad_character(text, multiline=True) is not None:
        raise DomainError("invalid_text", field="note")
    return text


# --- workflow -------------------------------------------------------------------------


class RequestState(StrEnum):
    DRAFT = "draft"  # 草稿: kept at the counter, not sent
    SUBMITTED = "submitted"  # 已提交
    ACCEPTED = "accepted"  # 已受理
    ARRANGED = "arranged"  # 已安排
    DONE = "done"  # 已完成
    REJECTED = "rejected"  # 已驳回
    CANCELLED = "cancelled"  # 已取消


class StepAction(StrEnum):
    SUBMIT = "submit"
    ACCEPT = "accept"
    ARRANGE = "arrange"
    DONE = "done"
    REJECT = "reject"
    CANCEL = "cancel"


Side = Literal["counter", "head_office"]
TERMINAL = frozenset({RequestState.DONE, RequestState.REJECTED, RequestState.CANCELLED})
OPEN = frozenset(RequestState) - TERMINAL

_S, _A = RequestState, StepAction
_STEPS: dict[tuple[RequestState, StepAction], RequestState] = {
    (_S.DRAFT, _A.SUBMIT): _S.SUBMITTED,
    (_S.SUBMITTED, _A.ACCEPT): _S.ACCEPTED,
    (_S.ACCEPTED, _A.ARRANGE): _S.ARRANGED,
    (_S.ARRANGED, _A.DONE): _S.DONE,
    (_S.SUBMITTED, _A.REJECT): _S.REJECTED,
    (_S.ACCEPTED, _A.REJECT): _S.REJECTED,
    (_S.DRAFT, _A.CANCEL): _S.CANCELLED,
    (_S.SUBMITTED, _A.CANCEL): _S.CANCELLED,
    (_S.ACCEPTED, _A.CANCEL): _S.CANCELLED,
    (_S.ARRANGED, _A.CANCEL): _S.CANCELLED,
}
_WHO: dict[StepAction, frozenset[str]] = {
    _A.SUBMIT: frozenset({"counter"}),
    _A.ACCEPT: frozenset({"head_office"}),
    _A.ARRANGE: frozenset({"head_office"}),
    _A.DONE: frozenset({"head_office"}),
    _A.REJECT: frozenset({"head_office"}),
    _A.CANCEL: frozenset({"counter", "head_office"}),
}


def next_state(state: RequestState, action: StepAction, side: Side) -> RequestState:
    """The state after ``action``; ``request_step_not_allowed`` (field ``state``; params
    state, action) when that step cannot be taken from ``state`` or by ``side``."""
    after = _STEPS.get((state, action))
    if after is None or side not in _WHO[action]:
        raise DomainError("request_step_not_allowed", field="state", state=state.value,
                          action=action.value)
    return after


def allowed_actions(state: RequestState, side: Side) -> tuple[StepAction, ...]:
    """The steps ``side`` may take from ``state``, in workflow order."""
    return tuple(a for a in StepAction if (state, a) in _STEPS and side in _WHO[a])


def waiting_on(state: RequestState) -> Side | None:
    """Whose move it is: a draft waits on the counter, an open request on head office."""
    if state is RequestState.DRAFT:
        return "counter"
    if state in TERMINAL:
        return None
    return "head_office"


def is_late(state: RequestState, due: datetime | None, now: datetime) -> bool:
    """A request not yet arranged whose deadline has passed (warned, not refused)."""
    return due is not None and state in (_S.DRAFT, _S.SUBMITTED, _S.ACCEPTED) and now > due


# --- merge ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Merge:
    values: dict[str, Any]
    applied: tuple[str, ...] = ()  # fields the incoming edit changed
    conflicts: tuple[str, ...] = field(default=())  # fields both changed differently


def merge_fields(base: Mapping[str, Any], current: Mapping[str, Any],
                 changes: Mapping[str, Any], keys: Iterable[str]) -> Merge:
    """Merge an edit made against ``base`` into ``current`` (field by field).

    A field the edit changed that nobody else changed since ``base`` takes the edit's value;
    one both changed to different values keeps ``current`` (the side that merges wins) and
    is listed in ``conflicts``; an edit equal to ``current`` is neither."""
    merged = dict(current)
    applied: list[str] = []
    conflicts: list[str] = []
    for key in keys:
        if key not in changes:
            continue
        new, now_value, was = changes[key], current.get(key), base.get(key)
        if new == now_value:
            continue
        if now_value != was:
            conflicts.append(key)
            continue
        if new is None:
            merged.pop(key, None)
        else:
            merged[key] = new
        applied.append(key)
    return Merge(merged, tuple(applied), tuple(conflicts))
