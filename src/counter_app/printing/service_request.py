"""The printed GP service request (服务申请单), A4 portrait: one layout for every kind of
``gp_request_kinds.json``, built only from the kind's data, so a new kind prints without a
code change.

What it says: the title (the kind's label + 申请单; on a form several entitlements share,
the one the official's level has: VIP保障申请单 for a V5 official, CIP保障申请单 for V4), the
request number (:func:`request_number`), its state, the unit, the official (name, title,
level) and the deadline with a red 逾期 when it is late; then every field of the kind in
its order, labelled as in the data (``label_zh``, or ``label_en`` in English): a choice as
its option's label, a list joined, a people field as a table (姓名, 职务, 证件类型,
证件号码, 关系, 电话), a field left empty as a blank line to fill by hand; the history of
its steps (when, Beijing time; the step; the state after it; 柜台 or 总部; who; the note,
wrapped); and the lines for the applicant's and the approver's signatures. Drawn with the
page flow of :mod:`.flow` and the project's CJK fonts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.domain.gp import ENTITLEMENT_LABELS_ZH, GpLevel
from counter_app.domain.gp_requests import FieldSpec, RequestKind, entitlement_for
from counter_app.domain.ids import ID_TYPE_LABELS_ZH, IdType
from counter_app.kernel.clock import beijing
from counter_app.printing import fonts
from counter_app.printing.flow import (
    ASCENT_EM,
    INK,
    MUTED,
    PT_MM,
    RULE_INK,
    SHEETS,
    WARN_INK,
    Block,
    Cell,
    Column,
    Flow,
    draw_cells,
    render_paged,
    rule,
    sheet_document,
    stamp,
    wrap,
)
from counter_app.printing.model import Document

__all__ = ["PrintableRequest", "PrintedStep", "request_number", "request_title",
           "service_request_document", "service_request_pdf"]

A4 = SHEETS["A4"]
FORM_PITCH = 2.0  # a form's line pitch (× font size): room to write by hand on a blank
BLANK_PEOPLE_ROWS = 3  # rows left to fill by hand when a people field is empty
SHORT_TYPES = frozenset({"date", "time", "datetime", "int", "bool", "airport", "phone",
                         "choice"})
BOX = "\u25a1"  # □, a box to tick by hand
SHORT_TEXT = 32  # a text field this long at most shares its line with another field

STATES = {"draft": ("草稿", "Draft"), "submitted": ("已提交", "Submitted"),
          "accepted": ("已受理", "Accepted"), "arranged": ("已安排", "Arranged"),
          "done": ("已完成", "Done"), "rejected": ("已驳回", "Rejected"),
          "cancelled": ("已取消", "Cancelled")}
ACTIONS = {"submit": ("提交", "Submit"), "accept": ("受理", "Accept"),
           "arrange": ("安排", "Arrange"), "done": ("完成", "Done"),
           "reject": ("驳回", "Reject"), "cancel": ("取消", "Cancel"),
           "edit": ("修改", "Edit"), "assign": ("指派", "Assign")}
SIDES = {"counter": ("柜台", "Counter"), "head_office": ("总部", "Head office")}
ID_TYPES_EN = {IdType.RESIDENT: "ID card", IdType.PASSPORT: "Passport",
               IdType.OTHER: "Other"}
PERSON_KEYS = ("name", "title", "id_type", "id_number", "relation", "phone")

# Every fixed text of the form: (Chinese, English).
WORDS: dict[str, tuple[str, str]] = {
    "form": ("申请单", "request"),
    "number": ("申请单号", "Request no."),
    "state": ("状态", "State"),
    "unit": ("单位", "Unit"),
    "official": ("官员", "Official"),
    "level": ("服务等级", "Service level"),
    "due": ("截止时间", "Due"),
    "no_due": ("不限", "none"),
    "late": ("逾期", "LATE"),
    "details": ("申请内容", "Request"),
    "history": ("办理记录", "History"),
    "no_history": ("暂无办理记录（尚未提交）。", "No steps yet (not submitted)."),
    "when": ("时间", "When"),
    "step": ("步骤", "Step"),
    "after": ("状态", "State"),
    "side": ("经办方", "Side"),
    "who": ("经办人", "By"),
    "note": ("备注：", "Note: "),
    "people_count": ("（{n}人）", " ({n})"),
    "person_no": ("序号", "#"),
    "name": ("姓名", "Name"),
    "title": ("职务", "Title"),
    "id_type": ("证件类型", "ID type"),
    "id_number": ("证件号码", "ID number"),
    "relation": ("关系", "Relation"),
    "phone": ("电话", "Phone"),
    "applicant": ("申请人：", "Applicant: "),
    "approver": ("审批人：", "Approved by: "),
    "sign": ("签字：", "Signature: "),
    "date": ("日期：", "Date: "),
    "printed": ("打印时间", "Printed"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "list_sep": ("、", ", "),
}


@dataclass(frozen=True, slots=True)
class PrintedStep:
    """One step of the request's history. ``at`` is UTC (naive = UTC, as stored); None
    when not known."""

    action: str  # submit | accept | arrange | done | reject | cancel | edit | assign
    state: str  # the state after the step
    side: str  # counter | head_office
    by_login: str
    by_name: str
    at: datetime | None
    note: str = ""


@dataclass(frozen=True)
class PrintableRequest:
    """A service request as printed. ``values`` are the request's values in wire form
    (``domain/gp_requests.py``); ``due_at`` is UTC (naive = UTC); ``late`` says the deadline
    has passed with the request not yet arranged (``gp_requests.is_late``)."""

    kind: RequestKind
    values: Mapping[str, Any]
    state: str
    request_id: str
    official: str = ""  # the official's name
    official_title: str = ""
    level: str = ""  # "V1" .. "V5", "" when unknown
    unit: str = ""
    steps: tuple[PrintedStep, ...] = ()
    due_at: datetime | None = None
    late: bool = False
    applied_by: str = ""  # who submitted it (the submit step's clerk), "" when not yet
    approved_by: str = ""  # who accepted it at head office, "" when not yet
    outlet: str = ""  # the counter's name, printed above the title
    printed_at: datetime | None = None  # UTC


def _en(language: str) -> bool:
    return language.startswith("en")


def _w(key: str, language: str) -> str:
    zh, en = WORDS[key]
    return en if _en(language) else zh


def _pick(table: Mapping[str, tuple[str, str]], code: str, language: str) -> str:
    pair = table.get(code)
    if pair is None:
        return code
    return pair[1] if _en(language) else pair[0]


def request_number(request_id: str) -> str:
    """A request's number as printed and read out: the first 8 characters of its id,
    upper case, without dashes ("3F2A9C1B")."""
    return request_id.replace("-", "")[:8].upper()


def request_title(req: PrintableRequest, language: str = "zh") -> str:
    """The form's title: the kind's label + 申请单 (申请 said once); when several
    entitlements allow the kind, the one the official's level has names it (VIP保障申请单 /
    CIP保障申请单)."""
    kind = req.kind
    entitlement = None
    if len(kind.entitlements) > 1 and req.level in GpLevel.__members__:
        entitlement = entitlement_for(kind, GpLevel(req.level))
    if _en(language):
        base = kind.label_en
        if entitlement is not None:
            base = f"{base} ({entitlement.value.upper()})"
        return f"{base} {WORDS['form'][1]}"
    if entitlement is not None:
        return ENTITLEMENT_LABELS_ZH[entitlement] + WORDS["form"][0]
    form = WORDS["form"][0]  # 申请单, said once: 要客保障申请(VIP/CIP) → 要客保障(VIP/CIP)申请单
    return kind.label_zh.removesuffix(form).replace("申请", "") + form


def _when(at: datetime) -> str:
    return stamp(beijing(at if at.tzinfo is not None else at.replace(tzinfo=UTC)))


def _value_text(spec: FieldSpec, value: Any, language: str) -> str:
    """A value as printed ("" for an empty one); people are printed as a table."""
    if value is None or value == "" or value == []:
        return ""
    sep = _w("list_sep", language)
    if spec.type == "choice":
        return spec.option_label(str(value), language)
    if spec.type == "choices" and isinstance(value, list):
        return sep.join(spec.option_label(str(v), language) for v in value)
    if spec.type == "list" and isinstance(value, list):
        return sep.join(str(v) for v in value)
    if spec.type == "bool":
        return _w("yes" if value else "no", language)
    if spec.type == "datetime":
        return str(value).replace("T", " ")[:16]
    return str(value)


def _boxes(spec: FieldSpec, language: str) -> str:
    """An empty choice as its options to tick: "□ 头等舱　□ 公务舱　□ 经济舱"."""
    labels = ([_w("yes", language), _w("no", language)] if spec.type == "bool"
              else [o.label_en if _en(language) else o.label_zh for o in spec.options])
    return "\u3000".join(f"{BOX} {label}" for label in labels)


def _id_type(code: str, language: str) -> str:
    try:
        kind = IdType(code)
    except ValueError:
        return code
    return ID_TYPES_EN[kind] if _en(language) else ID_TYPE_LABELS_ZH[kind]


# --- drawing ---------------------------------------------------------------------------


def _form_line(flow: Flow, cells: Sequence[Cell], blanks: Sequence[tuple[float, float]] = (),
               *, ink: tuple[float, float, float] = INK) -> None:
    """One line of the form (taller than body text), with a rule under each ``blanks``
    span (x from, x to): the place to write by hand."""
    size = flow.sheet.size_pt
    height = size * FORM_PITCH * PT_MM
    baseline = size * (ASCENT_EM + (FORM_PITCH - 1) * 0.7) * PT_MM
    frozen, spans = tuple(cells), tuple(blanks)

    def draw(canvas: Canvas, top: float, page_h: float) -> None:
        draw_cells(canvas, frozen, top + baseline, page_h, size)
        for x1, x2 in spans:
            rule(canvas, x1, x2, top + baseline + 0.9, page_h, 0.5, ink)

    flow.add(Block(height, draw))


def _facts(flow: Flow, req: PrintableRequest, language: str) -> None:
    s = flow.sheet.size_pt
    half = flow.width / 2
    label_w = 24.0
    official = "，".join(t for t in (req.official, req.official_title) if t)
    if _en(language):
        official = ", ".join(t for t in (req.official, req.official_title) if t)
    level = req.level
    due = _when(req.due_at) if req.due_at is not None else _w("no_due", language)
    rows = [(("number", request_number(req.request_id)),
             ("state", _pick(STATES, req.state, language))),
            (("unit", req.unit), ("official", official)),
            (("level", level), ("due", due))]
    for left, right in rows:
        cells: list[Cell] = []
        for i, (key, value) in enumerate((left, right)):
            x = flow.left + i * half
            cells.append(Cell(x, _w(key, language), width_mm=label_w - 1, ink=MUTED))
            cells.append(Cell(x + label_w, value, width_mm=half - label_w - 14))
            if key == "due" and req.late:
                width = fonts.text_width(value, s) / mm
                cells.append(Cell(x + label_w + width + 3, _w("late", language), size=s + 1,
                                  ink=WARN_INK))
        flow.line(cells, s, pitch=1.7)


def _short(spec: FieldSpec) -> bool:
    return spec.type in SHORT_TYPES or (spec.type == "text" and 0 < spec.max_length <= SHORT_TEXT)


def _pair_line(flow: Flow, pair: Sequence[tuple[FieldSpec, str]], language: str,
               label_w: float) -> None:
    span = flow.width / 2
    cells: list[Cell] = []
    blanks: list[tuple[float, float]] = []
    for i, (spec, text) in enumerate(pair):
        x = flow.left + i * span
        cells.append(Cell(x, spec.label(language), width_mm=label_w - 1.5, ink=MUTED))
        if text:
            cells.append(Cell(x + label_w, text, width_mm=span - label_w - 3))
        else:
            blanks.append((x + label_w, x + span - 4))
    _form_line(flow, cells, blanks, ink=RULE_INK)


def _long_field(flow: Flow, spec: FieldSpec, text: str, language: str,
                label_w: float) -> None:
    x = flow.left + label_w
    width = flow.width - label_w
    label = Cell(flow.left, spec.label(language), width_mm=label_w - 1.5, ink=MUTED)
    if not text:
        lines = 2 if spec.type == "multiline" else 1
        _form_line(flow, [label], [(x, flow.right)], ink=RULE_INK)
        for _ in range(lines - 1):
            _form_line(flow, [], [(x, flow.right)], ink=RULE_INK)
        return
    first, *rest = wrap(text, width, flow.sheet.size_pt)
    _form_line(flow, [label, Cell(x, first, width_mm=width)])
    for piece in rest:
        flow.line([Cell(x, piece, width_mm=width)])


def _people(flow: Flow, spec: FieldSpec, value: Any, language: str) -> None:
    people = [p for p in value if isinstance(p, Mapping)] if isinstance(value, list) else []
    count = _w("people_count", language).format(n=len(people)) if people else ""
    flow.space(1.0)
    flow.line([Cell(flow.left, spec.label(language) + count, ink=MUTED)], keep_with_next=True)
    columns = [Column(_w("person_no", language), 0.35, "center"),
               Column(_w("name", language), 1.0), Column(_w("title", language), 1.2),
               Column(_w("id_type", language), 0.9),
               Column(_w("id_number", language), 1.5, font=fonts.MONO),
               Column(_w("relation", language), 0.7),
               Column(_w("phone", language), 1.1, font=fonts.MONO)]
    rows = [[[str(i), *(_id_type(str(p.get(k) or ""), language) if k == "id_type"
                        else str(p.get(k) or "") for k in PERSON_KEYS)]]
            for i, p in enumerate(people, 1)]
    if not rows:
        rows = [[[""] * len(columns)] for _ in range(BLANK_PEOPLE_ROWS)]
    flow.table([columns], rows)
    flow.space(1.0)


def _fields(flow: Flow, req: PrintableRequest, language: str) -> None:
    label_w = 38.0 if _en(language) else 34.0
    waiting: list[tuple[FieldSpec, str]] = []

    def flush() -> None:
        for start in range(0, len(waiting), 2):
            _pair_line(flow, waiting[start:start + 2], language, label_w)
        waiting.clear()

    for spec in req.kind.fields:
        value = req.values.get(spec.key)
        if spec.type == "people":
            flush()
            _people(flow, spec, value, language)
            continue
        text = _value_text(spec, value, language)
        if not text and spec.type in ("choice", "choices", "bool"):
            flush()  # the options, each with a box to tick by hand
            _long_field(flow, spec, _boxes(spec, language), language, label_w)
            continue
        if _short(spec) and (not text or fonts.text_width(text, flow.sheet.size_pt) / mm
                             <= flow.width / 2 - label_w - 3):
            waiting.append((spec, text))
            continue
        flush()
        _long_field(flow, spec, text, language, label_w)
    flush()


def _history(flow: Flow, req: PrintableRequest, language: str) -> None:
    flow.heading(_w("history", language))
    if not req.steps:
        flow.text(_w("no_history", language), ink=MUTED)
        return
    columns = [Column(_w("when", language), 1.3), Column(_w("step", language), 0.8),
               Column(_w("after", language), 0.8), Column(_w("side", language), 0.8),
               Column(_w("who", language), 1.6)]
    rows = [[["" if step.at is None else _when(step.at), _pick(ACTIONS, step.action, language),
              _pick(STATES, step.state, language), _pick(SIDES, step.side, language),
              f"{step.by_name}（{step.by_login}）" if step.by_name and step.by_login
              else step.by_name or step.by_login]] for step in req.steps]
    start = len(flow.blocks)
    flow.table([columns], rows, ruled=False)
    row_blocks = flow.blocks[start + 1:]  # after the columns' header, one per step
    del flow.blocks[start + 1:]
    header = row_blocks[0].header
    left, right, indent = flow.left, flow.right, 4.0
    size = flow.sheet.size_pt
    for step, block in zip(req.steps, row_blocks, strict=True):
        # a row goes with its note's first line; the columns' header comes back at the top
        # of a page its note carries on to
        flow.add(replace(block, keep_with_next=bool(step.note)))
        note = _w("note", language) + step.note if step.note else ""
        for piece in wrap(note, flow.width - indent - 1.2, size - 0.5) if note else ():
            start = len(flow.blocks)
            flow.line([Cell(left + indent + 1.2, piece, size=size - 0.5)], size - 0.5,
                      pitch=1.4)
            flow.blocks[start] = replace(flow.blocks[start], header=header)
        flow.add(Block(1.2, lambda c, y, h: rule(c, left, right, y + 0.6, h, 0.3)))


def _signatures(flow: Flow, req: PrintableRequest, language: str) -> None:
    s = flow.sheet.size_pt + 1
    half = flow.width / 2
    flow.space(6.0)
    blank = "______________"
    applicant = _w("applicant", language) + (req.applied_by or blank)
    approver = _w("approver", language) + (req.approved_by or blank)
    for left, right in ((applicant, approver),
                        (_w("sign", language) + blank, _w("sign", language) + blank),
                        (_w("date", language) + blank, _w("date", language) + blank)):
        flow.line([Cell(flow.left, left, size=s, width_mm=half - 4),
                   Cell(flow.left + half, right, size=s, width_mm=half - 4)], s, pitch=2.2,
                  keep_with_next=left.startswith(_w("applicant", language))
                  or left.startswith(_w("sign", language)))


def _form(flow: Flow, req: PrintableRequest, language: str) -> None:
    s = flow.sheet.size_pt
    middle = flow.left + flow.width / 2
    if req.outlet:
        flow.line([Cell(middle, req.outlet, "center", s + 1, width_mm=flow.width)])
    flow.line([Cell(middle, request_title(req, language), "center", s + 7,
                    width_mm=flow.width)])
    if not _en(language):
        flow.line([Cell(middle, request_title(req, "en").upper(), "center", s - 1.5,
                        width_mm=flow.width, ink=MUTED)])
    flow.space(2.0)
    _facts(flow, req, language)
    flow.heading(_w("details", language))
    _fields(flow, req, language)
    _history(flow, req, language)
    _signatures(flow, req, language)
    if req.printed_at is not None:
        flow.space(3.0)
        flow.text(f"{_w('printed', language)} {_when(req.printed_at)}", s - 1, ink=MUTED)


def _footer(req: PrintableRequest) -> str:
    return f"{request_number(req.request_id)} {req.kind.code}"


def service_request_pdf(req: PrintableRequest, language: str = "zh") -> bytes:
    """The request as printed, A4 portrait (a long one flows onto more pages, each
    numbered), in Chinese or (``language`` "en") English."""
    title = f"{request_title(req, language)} {request_number(req.request_id)}"
    return render_paged(A4, title, _footer(req), lambda flow: _form(flow, req, language))


def service_request_document(req: PrintableRequest, language: str = "zh") -> Document:
    title = f"{request_title(req, language)} {request_number(req.request_id)}"
    return sheet_document(A4, title, service_request_pdf(req, language), "service_request",
                          {"request_id": req.request_id, "kind": req.kind.code})
