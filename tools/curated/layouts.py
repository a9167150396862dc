"""Curated seat layouts (aircraft.json). Row numbering follows each carrier's style:
CA and 3U start economy at row 31, CZ skips rows 4, 13 and 14, Spring (9C) is all economy
and skips row 13. Carrier "*" is the generic layout used when a carrier has none of its own.
Seat counts per cabin (rows minus skip_rows, times letters, minus missing_seats) are the
capacities used in schedule.json; blocked seats exist and are sold, only not preselectable.

Wings and cabin facilities (resources/data/SCHEMA.md): ``wing_rows`` is [first, last] row
over the wing, by default the overwing exit rows four rows either side (the rows that exist
nearest to that); ``galleys`` and ``lavatories`` are the rows each one stands in front of,
``"end"`` after the last row. By default a narrow-body has a galley and a lavatory at the
front door (before the first row) and at the back (``"end"``), and a lavatory where the
front cabin gives way to economy; the wide-body A330 adds a galley there (door 2). A layout
that says otherwise in ``AMENITIES`` keeps its own.
"""

from typing import Any

END = "end"  # a galley or lavatory after the last row

LAYOUTS: list[dict[str, Any]] = [
    # Air China
    {"id": "CA-A320", "aircraft": "A320", "carrier": "CA",
     "cabins": [{"cabin": "F", "rows": [1, 2], "seats": "AC DF"},
                {"cabin": "Y", "rows": [31, 55], "seats": "ABC DEF"}],
     "skip_rows": [], "exit_rows": [40, 41], "missing_seats": [],
     "blocked_seats": ["31A", "31F"]},
    {"id": "CA-A321", "aircraft": "A321", "carrier": "CA",
     "cabins": [{"cabin": "F", "rows": [1, 2], "seats": "AC DF"},
                {"cabin": "Y", "rows": [31, 59], "seats": "ABC DEF"}],
     "skip_rows": [], "exit_rows": [44, 45], "missing_seats": ["59D"],
     "blocked_seats": ["31C", "31D"]},
    {"id": "CA-738", "aircraft": "738", "carrier": "CA",
     "cabins": [{"cabin": "F", "rows": [1, 2], "seats": "AC DF"},
                {"cabin": "Y", "rows": [31, 57], "seats": "ABC DEF"}],
     "skip_rows": [], "exit_rows": [42, 43], "missing_seats": ["57A", "57F"],
     "blocked_seats": ["31A"]},
    # China Southern: rows 4, 13 and 14 do not exist
    {"id": "CZ-A320", "aircraft": "A320", "carrier": "CZ",
     "cabins": [{"cabin": "F", "rows": [1, 2], "seats": "AC DF"},
                {"cabin": "Y", "rows": [3, 31], "seats": "ABC DEF"}],
     "skip_rows": [4, 13, 14], "exit_rows": [11, 12], "missing_seats": [],
     "blocked_seats": ["3C", "3D"]},
    {"id": "CZ-A321", "aircraft": "A321", "carrier": "CZ",
     "cabins": [{"cabin": "F", "rows": [1, 3], "seats": "AC DF"},
                {"cabin": "Y", "rows": [5, 37], "seats": "ABC DEF"}],
     "skip_rows": [4, 13, 14], "exit_rows": [26], "missing_seats": ["37D"],
     "blocked_seats": ["5A"]},
    {"id": "CZ-738", "aircraft": "738", "carrier": "CZ",
     "cabins": [{"cabin": "F", "rows": [1, 2], "seats": "AC DF"},
                {"cabin": "Y", "rows": [3, 31], "seats": "ABC DEF"}],
     "skip_rows": [4, 13, 14], "exit_rows": [15, 16], "missing_seats": [],
     "blocked_seats": ["3A", "3F"]},
    # China Eastern
    {"id": "MU-A320", "aircraft": "A320", "carrier": "MU",
     "cabins": [{"cabin": "C", "rows": [1, 2], "seats": "AC DF"},
                {"cabin": "Y", "rows": [31, 56], "seats": "ABC DEF"}],
     "skip_rows": [], "exit_rows": [40, 41], "missing_seats": [],
     "blocked_seats": ["31A"]},
    {"id": "MU-A321", "aircraft": "A321", "carrier": "MU",
     "cabins": [{"cabin": "C", "rows": [1, 3], "seats": "AC DF"},
                {"cabin": "Y", "rows": [31, 61], "seats": "ABC DEF"}],
     "skip_rows": [], "exit_rows": [45, 46], "missing_seats": [],
     "blocked_seats": ["31C", "31D"]},
    # Sichuan Airlines: business 1-2, economy from 31
    {"id": "3U-A320", "aircraft": "A320", "carrier": "3U",
     "cabins": [{"cabin": "C", "rows": [1, 2], "seats": "AC DF"},
                {"cabin": "Y", "rows": [31, 56], "seats": "ABC DEF"}],
     "skip_rows": [], "exit_rows": [41, 42], "missing_seats": [],
     "blocked_seats": ["31A", "31F"]},
    {"id": "3U-A321", "aircraft": "A321", "carrier": "3U",
     "cabins": [{"cabin": "C", "rows": [1, 4], "seats": "AC DF"},
                {"cabin": "Y", "rows": [31, 59], "seats": "ABC DEF"}],
     "skip_rows": [], "exit_rows": [44, 45], "missing_seats": [],
     "blocked_seats": ["31C"]},
    # Hainan, Shenzhen, Xiamen 737-800
    {"id": "HU-738", "aircraft": "738", "carrier": "HU",
     "cabins": [{"cabin": "C", "rows": [1, 2], "seats": "AC DF"},
                {"cabin": "Y", "rows": [31, 57], "seats": "ABC DEF"}],
     "skip_rows": [], "exit_rows": [42, 43], "missing_seats": ["57C"],
     "blocked_seats": ["31A"]},
    {"id": "ZH-738", "aircraft": "738", "carrier": "ZH",
     "cabins": [{"cabin": "C", "rows": [1, 2], "seats": "AC DF"},
                {"cabin": "Y", "rows": [11, 37], "seats": "ABC DEF"}],
     "skip_rows": [], "exit_rows": [22, 23], "missing_seats": [],
     "blocked_seats": ["11C", "11D"]},
    {"id": "MF-738", "aircraft": "738", "carrier": "MF",
     "cabins": [{"cabin": "C", "rows": [1, 2], "seats": "AC DF"},
                {"cabin": "Y", "rows": [31, 57], "seats": "ABC DEF"}],
     "skip_rows": [], "exit_rows": [42, 43], "missing_seats": [],
     "blocked_seats": ["31A", "31F"]},
    # Spring Airlines: all economy, no row 13
    {"id": "9C-A320", "aircraft": "A320", "carrier": "9C",
     "cabins": [{"cabin": "Y", "rows": [1, 32], "seats": "ABC DEF"}],
     "skip_rows": [13], "exit_rows": [11, 12], "missing_seats": [],
     "blocked_seats": ["1A", "1F"]},
    # Generic layouts
    {"id": "*-A320", "aircraft": "A320", "carrier": "*",
     "cabins": [{"cabin": "C", "rows": [1, 2], "seats": "AC DF"},
                {"cabin": "Y", "rows": [11, 37], "seats": "ABC DEF"}],
     "skip_rows": [], "exit_rows": [21, 22], "missing_seats": [],
     "blocked_seats": []},
    {"id": "*-A321", "aircraft": "A321", "carrier": "*",
     "cabins": [{"cabin": "C", "rows": [1, 3], "seats": "AC DF"},
                {"cabin": "Y", "rows": [11, 42], "seats": "ABC DEF"}],
     "skip_rows": [], "exit_rows": [25, 26], "missing_seats": [],
     "blocked_seats": []},
    {"id": "*-738", "aircraft": "738", "carrier": "*",
     "cabins": [{"cabin": "C", "rows": [1, 2], "seats": "AC DF"},
                {"cabin": "Y", "rows": [11, 37], "seats": "ABC DEF"}],
     "skip_rows": [], "exit_rows": [22, 23], "missing_seats": [],
     "blocked_seats": []},
    {"id": "*-A333", "aircraft": "A333", "carrier": "*",
     "cabins": [{"cabin": "C", "rows": [11, 16], "seats": "AC DG HK"},
                {"cabin": "Y", "rows": [31, 63], "seats": "AC DEFG HK"}],
     "skip_rows": [], "exit_rows": [31, 48], "missing_seats": ["63A", "63K"],
     "blocked_seats": []},
    {"id": "*-E190", "aircraft": "E190", "carrier": "*",
     "cabins": [{"cabin": "C", "rows": [1, 2], "seats": "A DF"},
                {"cabin": "Y", "rows": [11, 33], "seats": "AC DF"}],
     "skip_rows": [], "exit_rows": [21, 22], "missing_seats": [],
     "blocked_seats": []},
]

# Layouts whose wing or facilities differ from the default rule.
AMENITIES: dict[str, dict[str, Any]] = {
    # A330-300: the wing root lies between door 2 (row 31) and the overwing door 3 (row 48)
    "*-A333": {"wing_rows": [36, 49], "galleys": [11, 31, END],
               "lavatories": [11, 31, 48, END]},
    # E190: the short cabin has one lavatory at the front and one at the back
    "*-E190": {"wing_rows": [17, 25], "galleys": [1, END], "lavatories": [1, END]},
}


def _amenities(layout: dict[str, Any]) -> dict[str, Any]:
    """The wing rows, galleys and lavatories of a layout: its own, else the default rule."""
    if layout["id"] in AMENITIES:
        return AMENITIES[layout["id"]]
    skip = set(layout["skip_rows"])
    rows = [n for c in layout["cabins"] for n in range(c["rows"][0], c["rows"][1] + 1)
            if n not in skip]
    exits = layout["exit_rows"]
    first_wing = min((n for n in rows if n >= min(exits) - 4), default=rows[0])
    last_wing = max((n for n in rows if n <= max(exits) + 4), default=rows[-1])
    front = rows[0]
    mid = [c["rows"][0] for c in layout["cabins"][1:]]
    mid = [min(n for n in rows if n >= m) for m in mid]
    return {"wing_rows": [first_wing, last_wing], "galleys": [front, END],
            "lavatories": [front, *mid, END]}


for _layout in LAYOUTS:
    _layout.update(_amenities(_layout))
