"""Where everything sits on the itinerary receipt (航空运输电子客票行程单), as data.

Positions are millimetres from the top-left corner of the 238 × 106.6 mm form, measured the
way a clerk measures the pre-printed stock with a ruler. A :class:`Slot` is the box one value
is printed in: ``x_mm`` is the left edge of the box, ``y_mm`` the text baseline, ``width_mm``
how much room the value has before the next field starts (a longer value is drawn smaller).
The renderer (:mod:`.itinerary`), the calibration grid and the tests all read these tables,
so moving a field is a change here and nowhere else.

The form, top to bottom (modelled on the paper form in use since 2008):

- header band: title in the middle, print serial (印刷序号) top right, GP order number top left;
- name line: passenger name, ID number, endorsements (签注);
- segment table: the origin row "自 FROM" and four "至 TO" rows; a flight prints on the row
  of the point it leaves from, so four coupons fill all five rows; unused rows print VOID;
- money line: fare, CAAC development fund, fuel surcharge, other taxes, total;
- ticket line: e-ticket number, check code (验证码), notices (提示信息), insurance;
- agent line: agent code, issuing office, date of issue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from counter_app.printing import fonts

FORM_WIDTH_MM = 238.0
FORM_HEIGHT_MM = 106.6
MAX_SEGMENTS = 4

Align = Literal["left", "center", "right"]


@dataclass(frozen=True, slots=True)
class Slot:
    """The box one value is printed in (millimetres from the form's top-left)."""

    name: str
    x_mm: float  # left edge of the box
    y_mm: float  # baseline
    width_mm: float
    size_pt: float = 9.0
    align: Align = "left"
    font: str = fonts.MAIN
    lines: int = 1  # 2: a text that would shrink below 75 % wraps onto two lines instead

    @property
    def right_mm(self) -> float:
        return self.x_mm + self.width_mm

    @property
    def anchor_x_mm(self) -> float:
        """The x that :func:`counter_app.printing.text.draw` takes for this alignment."""
        if self.align == "center":
            return self.x_mm + self.width_mm / 2
        if self.align == "right":
            return self.right_mm
        return self.x_mm


@dataclass(frozen=True, slots=True)
class Label:
    """A printed caption of the plain-paper form: Chinese first, English after it on the same
    line (``stacked=False``) or under it (``stacked=True``, the segment table's headings).
    ``x_mm`` is the left edge or, with ``align="center"``, the centre of the caption."""

    zh: str
    en: str
    x_mm: float
    y_mm: float  # baseline of the Chinese line
    width_mm: float
    size_pt: float = 6.5
    stacked: bool = False
    align: Align = "left"


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruled line of the plain-paper form."""

    x1_mm: float
    y1_mm: float
    x2_mm: float
    y2_mm: float
    weight_pt: float = 0.4


# --- geometry of the form ------------------------------------------------------------------

LEFT = 6.0
RIGHT = 232.0
TABLE_TOP = 17.0
NAME_LINE = (17.0, 28.0)
SEGMENT_HEAD = (28.0, 36.0)
ROW_TOP = 36.0
ROW_HEIGHT = 5.4
ROWS = MAX_SEGMENTS + 1  # "自 FROM" and four "至 TO"
TABLE_BOTTOM = ROW_TOP + ROWS * ROW_HEIGHT  # 63.0
MONEY_LINE = (TABLE_BOTTOM, 74.5)
TICKET_LINE = (74.5, 86.0)
AGENT_LINE = (86.0, 97.5)
FRAME_BOTTOM = AGENT_LINE[1]

LABEL_DROP = 3.3  # label baseline below the top of its cell
VALUE_DROP = 8.6  # value baseline below the top of its cell (labelled cells)
ROW_BASELINE = 4.0  # value baseline below the top of a segment row
TWO_LINE_PITCH = 3.1  # baseline to baseline of a value wrapped onto two lines
TWO_LINE_MAX_PT = 7.5  # two lines of this size fit a labelled cell under its caption

# (left edge, right edge) of the cells of each labelled line
NAME_CELLS = {"passenger_name": (LEFT, 56.0), "id_number": (56.0, 112.0),
              "endorsements": (112.0, RIGHT)}
SEGMENT_COLUMNS = {
    "point": (LEFT, 20.0),
    "city": (20.0, 58.0),
    "carrier": (58.0, 71.0),
    "flight": (71.0, 89.0),
    "class": (89.0, 102.0),
    "date": (102.0, 124.0),
    "time": (124.0, 137.0),
    "fare_basis": (137.0, 161.0),
    "not_valid_before": (161.0, 185.0),
    "not_valid_after": (185.0, 209.0),
    "baggage": (209.0, RIGHT),
}
MONEY_CELLS = {"fare": (LEFT, 50.0), "cn_fund": (50.0, 96.0), "fuel_surcharge": (96.0, 142.0),
               "other_taxes": (142.0, 186.0), "total": (186.0, RIGHT)}
TICKET_CELLS = {"ticket_number": (LEFT, 66.0), "check_code": (66.0, 92.0),
                "notices": (92.0, 184.0), "insurance": (184.0, RIGHT)}
AGENT_CELLS = {"agent_code": (LEFT, 56.0), "issued_by": (56.0, 170.0),
               "issue_date": (170.0, RIGHT)}

PAD = 1.6  # value inset from the left rule of its cell
GAP = 1.2  # room kept free before the next cell's rule


def row_top(row: int) -> float:
    """Top of segment-table row ``row`` (0 is "自 FROM", 1..4 are "至 TO")."""
    return ROW_TOP + row * ROW_HEIGHT


def _cell_slot(name: str, cell: tuple[float, float], top: float, size: float,
               font: str = fonts.MAIN, lines: int = 1) -> Slot:
    left, right = cell
    return Slot(name, left + PAD, top + VALUE_DROP, right - left - PAD - GAP, size, "left", font,
                lines)


def _segment_slots() -> list[Slot]:
    out: list[Slot] = []
    city_left, city_right = SEGMENT_COLUMNS["city"]
    for row in range(ROWS):
        base = row_top(row) + ROW_BASELINE
        point = "from" if row == 0 else f"to{row}"
        out.append(Slot(point, city_left + 0.5, base, city_right - city_left - 0.5 - GAP, 9.0))
    detail_fonts = {"carrier": fonts.MONO, "flight": fonts.MONO, "class": fonts.MONO,
                    "date": fonts.MONO, "time": fonts.MONO, "fare_basis": fonts.MONO,
                    "not_valid_before": fonts.MONO, "not_valid_after": fonts.MONO,
                    "baggage": fonts.MONO}
    for n in range(1, MAX_SEGMENTS + 1):
        # coupon n leaves from the point on row n - 1
        base = row_top(n - 1) + ROW_BASELINE
        for column, font in detail_fonts.items():
            left, right = SEGMENT_COLUMNS[column]
            out.append(Slot(f"seg{n}_{column}", left + PAD, base, right - left - PAD - GAP,
                            9.0, "left", font))
    return out


def _build_slots() -> dict[str, Slot]:
    slots = [
        # header band
        Slot("gp_order_no", LEFT + 1.0, 13.2, 60.0, 8.5),
        Slot("serial", 195.0, 11.8, RIGHT - 195.0, 11.0, "left", fonts.MONO),
        # name line
        _cell_slot("passenger_name", NAME_CELLS["passenger_name"], NAME_LINE[0], 10.5,
                   lines=2),
        _cell_slot("id_number", NAME_CELLS["id_number"], NAME_LINE[0], 10.0, fonts.MONO),
        _cell_slot("endorsements", NAME_CELLS["endorsements"], NAME_LINE[0], 8.5, lines=2),
        *_segment_slots(),
        *(_cell_slot(name, cell, MONEY_LINE[0], 9.5, fonts.MONO)
          for name, cell in MONEY_CELLS.items()),
        _cell_slot("ticket_number", TICKET_CELLS["ticket_number"], TICKET_LINE[0], 10.5,
                   fonts.MONO),
        _cell_slot("check_code", TICKET_CELLS["check_code"], TICKET_LINE[0], 10.5, fonts.MONO),
        _cell_slot("notices", TICKET_CELLS["notices"], TICKET_LINE[0], 7.5, lines=2),
        _cell_slot("insurance", TICKET_CELLS["insurance"], TICKET_LINE[0], 9.5, fonts.MONO),
        _cell_slot("agent_code", AGENT_CELLS["agent_code"], AGENT_LINE[0], 9.5, fonts.MONO),
        _cell_slot("issued_by", AGENT_CELLS["issued_by"], AGENT_LINE[0], 9.0, lines=2),
        _cell_slot("issue_date", AGENT_CELLS["issue_date"], AGENT_LINE[0], 9.5, fonts.MONO),
    ]
    return {s.name: s for s in slots}


RECEIPT_SLOTS: dict[str, Slot] = _build_slots()
"""Every value slot of the receipt by name. Segment points are ``from``, ``to1`` … ``to4``;
the details of coupon *n* are ``seg{n}_carrier``, ``seg{n}_flight``, ``seg{n}_class``,
``seg{n}_date``, ``seg{n}_time``, ``seg{n}_fare_basis``, ``seg{n}_not_valid_before``,
``seg{n}_not_valid_after`` and ``seg{n}_baggage``."""

# The slots the calibration grid marks with crosshairs, with the caption printed beside them.
REFERENCE_SLOTS: tuple[tuple[str, str], ...] = (
    ("passenger_name", "旅客姓名 NAME"),
    ("serial", "印刷序号 SERIAL"),
    ("total", "合计 TOTAL"),
    ("ticket_number", "电子客票号码 E-TICKET NO."),
)


# --- the plain-paper form: title, captions, ruled lines --------------------------------------

TITLE_ZH = "航空运输电子客票行程单"
TITLE_EN = "ITINERARY/RECEIPT OF E-TICKET FOR AIR TRANSPORT"
TITLE_X = FORM_WIDTH_MM / 2
TITLE_Y = 9.6
TITLE_EN_Y = 14.2
TITLE_SIZE = 15.0
TITLE_EN_SIZE = 7.0


def _cell_labels(cells: dict[str, tuple[float, float]], top: float,
                 captions: dict[str, tuple[str, str]]) -> list[Label]:
    return [Label(zh, en, cells[key][0] + PAD, top + LABEL_DROP,
                  cells[key][1] - cells[key][0] - PAD - GAP)
            for key, (zh, en) in captions.items()]


def _build_labels() -> tuple[Label, ...]:
    labels: list[Label] = [
        Label("印刷序号:", "SERIAL NUMBER:", 172.0, 9.2, 22.0, 7.0, stacked=True),
        *_cell_labels(NAME_CELLS, NAME_LINE[0], {
            "passenger_name": ("旅客姓名", "NAME OF PASSENGER"),
            "id_number": ("有效身份证件号码", "ID.NO."),
            "endorsements": ("签注", "ENDORSEMENTS/RESTRICTIONS (CARBON)"),
        }),
    ]
    headings = {
        "carrier": ("承运人", "CARRIER"),
        "flight": ("航班号", "FLIGHT"),
        "class": ("座位等级", "CLASS"),
        "date": ("日期", "DATE"),
        "time": ("时间", "TIME"),
        "fare_basis": ("客票级别/客票类别", "FARE BASIS"),
        "not_valid_before": ("客票生效日期", "NOT VALID BEFORE"),
        "not_valid_after": ("有效截止日期", "NOT VALID AFTER"),
        "baggage": ("免费行李", "ALLOW"),
    }
    for key, (zh, en) in headings.items():
        left, right = SEGMENT_COLUMNS[key]
        labels.append(Label(zh, en, (left + right) / 2, SEGMENT_HEAD[0] + 3.3,
                            right - left - 1.0, 6.0, stacked=True, align="center"))
    point_left, point_right = SEGMENT_COLUMNS["point"]
    for row in range(ROWS):
        zh, en = ("自", "FROM") if row == 0 else ("至", "TO")
        labels.append(Label(zh, en, point_left + PAD, row_top(row) + ROW_BASELINE,
                            point_right - point_left - PAD - GAP, 7.0))
    labels += _cell_labels(MONEY_CELLS, MONEY_LINE[0], {
        "fare": ("票价", "FARE"),
        "cn_fund": ("民航发展基金", "CAAC DEVELOPMENT FUND"),
        "fuel_surcharge": ("燃油附加费", "FUEL SURCHARGE"),
        "other_taxes": ("其他税费", "OTHER TAXES"),
        "total": ("合计", "TOTAL"),
    })
    labels += _cell_labels(TICKET_CELLS, TICKET_LINE[0], {
        "ticket_number": ("电子客票号码", "E-TICKET NO."),
        "check_code": ("验证码", "CK."),
        "notices": ("提示信息", "INFORMATION"),
        "insurance": ("保险费", "INSURANCE"),
    })
    labels += _cell_labels(AGENT_CELLS, AGENT_LINE[0], {
        "agent_code": ("销售单位代号", "AGENT CODE"),
        "issued_by": ("填开单位", "ISSUED BY"),
        "issue_date": ("填开日期", "DATE OF ISSUE"),
    })
    return tuple(labels)


FORM_LABELS: tuple[Label, ...] = _build_labels()


def _build_rules() -> tuple[Rule, ...]:
    heavy, light = 0.8, 0.35
    rules = [
        # frame
        Rule(LEFT, TABLE_TOP, RIGHT, TABLE_TOP, heavy),
        Rule(LEFT, FRAME_BOTTOM, RIGHT, FRAME_BOTTOM, heavy),
        Rule(LEFT, TABLE_TOP, LEFT, FRAME_BOTTOM, heavy),
        Rule(RIGHT, TABLE_TOP, RIGHT, FRAME_BOTTOM, heavy),
        # horizontal rules between the lines of the form
        Rule(LEFT, NAME_LINE[1], RIGHT, NAME_LINE[1], light),
        Rule(LEFT, SEGMENT_HEAD[1], RIGHT, SEGMENT_HEAD[1], light),
        Rule(LEFT, MONEY_LINE[0], RIGHT, MONEY_LINE[0], light),
        Rule(LEFT, TICKET_LINE[0], RIGHT, TICKET_LINE[0], light),
        Rule(LEFT, AGENT_LINE[0], RIGHT, AGENT_LINE[0], light),
    ]
    # segment rows: hairlines between rows
    rules += [Rule(LEFT, row_top(r), RIGHT, row_top(r), 0.2) for r in range(1, ROWS)]
    # vertical rules of each line
    for cells, (top, bottom) in ((NAME_CELLS, NAME_LINE), (MONEY_CELLS, MONEY_LINE),
                                 (TICKET_CELLS, TICKET_LINE), (AGENT_CELLS, AGENT_LINE)):
        rules += [Rule(left, top, left, bottom, light) for left, _ in list(cells.values())[1:]]
    rules += [Rule(left, SEGMENT_HEAD[0], left, TABLE_BOTTOM, light)
              for key, (left, _) in SEGMENT_COLUMNS.items() if key not in ("point", "city")]
    return tuple(rules)


FORM_RULES: tuple[Rule, ...] = _build_rules()
