"""Sample service requests for the printing tests: plausible values for any kind, built
from its fields' types (so a kind added to the data gets values too), checked by
``clean_values`` as a counter would."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from clock_support import TODAY, days
from counter_app.domain.gp_requests import FieldSpec, RequestKind, clean_values
from counter_app.kernel.clock import SHANGHAI
from counter_app.printing.service_request import PrintableRequest, PrintedStep

REQUEST_ID = "3f2a9c1b-7d44-4e0a-9b1e-0c5d2f8a6e11"

# Plausible values of the keys the data file's kinds share; any other field gets one by
# its type (:func:`value_for`).
KNOWN: dict[str, Any] = {
    "official_name": "王𠮷",
    "official_title": "副局长",
    "official_level": "V5",
    "official_id": "110105196001011234",
    "unit_name": "内蒙古自治区发展和改革委员会",
    "flight_no": "CA1144",
    "flight_date": days(5).isoformat(),
    "departure_time": "08:30",
    "origin": "SZX",
    "destination": "PEK",
    "seat": "3C",
    "arrival_at": "07:05",
    "vehicle_plate": "蒙A12345",
    "staff": "李秘书",
    "contact_name": "张丽",
    "contact_phone": "13800471234",
    "address": "呼和浩特市新城区新华大街1号市民中心东门",
    "transfer_at": f"{days(5).isoformat()}T06:20",
    "product": "海南五日休养",
    "start_date": days(30).isoformat(),
    "end_date": days(35).isoformat(),
    "reason": "赴京参加全国工作会议，航班已满",
    "flown_flight": "CA1111",
    "tickets": ["999-2090000001", "999-2090000002"],
    "notes": "请安排靠近登机口的贵宾室；随行人员中有一位行动不便，需要轮椅。",
}

PEOPLE = [
    {"name": "李四", "title": "处长", "id_type": "NI", "id_number": "150102198001012345",
     "relation": "同事", "phone": "13900471001"},
    {"name": "赵𠮷", "title": "秘书", "id_type": "PP", "id_number": "E12345678",
     "relation": "秘书", "phone": "13900471002"},
]


def value_for(spec: FieldSpec) -> Any:
    """A plausible value of ``spec`` (before cleaning)."""
    if spec.key in KNOWN:
        return KNOWN[spec.key]
    kind = spec.type
    if kind == "choice":
        return spec.options[-1].code
    if kind == "choices":
        return [o.code for o in spec.options[:3]]
    if kind == "people":
        return PEOPLE
    if kind == "list":
        return ["甲", "乙"]
    if kind == "int":
        return min(2, spec.maximum or 2) if (spec.minimum or 0) <= 2 else spec.minimum
    if kind == "bool":
        return True
    if kind == "date":
        return days(7).isoformat()
    if kind == "time":
        return "09:15"
    if kind == "datetime":
        return f"{days(7).isoformat()}T09:15"
    if kind == "airport":
        return "PEK"
    if kind == "phone":
        return "13900471234"
    return spec.label_zh[: spec.max_length or 64]


def sample_values(kind: RequestKind) -> dict[str, Any]:
    return clean_values(kind, {spec.key: value_for(spec) for spec in kind.fields})


def utc(day_offset: int, hour: int, minute: int = 0) -> datetime:
    """Beijing wall-clock ``hour:minute`` on TODAY + ``day_offset``, as aware UTC."""
    local = datetime.combine(TODAY + timedelta(days=day_offset), time(hour, minute),
                             tzinfo=SHANGHAI)
    return local.astimezone(UTC)


def steps(note: str = "") -> tuple[PrintedStep, ...]:
    return (
        PrintedStep("submit", "submitted", "counter", "wangli", "王丽", utc(0, 9, 5)),
        PrintedStep("accept", "accepted", "head_office", "zhaohq", "赵总部", utc(0, 10, 30),
                    note or "已受理，安排地服对接。"),
    )


def request(kind: RequestKind, **changes: Any) -> PrintableRequest:
    fields: dict[str, Any] = dict(
        kind=kind, values=sample_values(kind), state="accepted", request_id=REQUEST_ID,
        official="王𠮷", official_title="副局长", level="V5",
        unit="内蒙古自治区发展和改革委员会", steps=steps(), due_at=utc(4, 8, 30),
        late=False, applied_by="王丽", approved_by="赵总部",
        outlet="呼和浩特市民中心GP柜台", printed_at=utc(0, 11, 0))
    fields.update(changes)
    return PrintableRequest(**fields)
