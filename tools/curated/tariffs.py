"""Curated tariff tables: fare classes, taxes, change/refund ladders, commissions.

These are demo values in the shape of real Chinese domestic practice (see docs/domain.md);
every table carries an effective_from date so the application never hard-codes them.
"""

from typing import Any

# (code, cabin, percent, family)
_DEFAULT_CLASSES = [
    ("F", "F", "100", "first"),
    ("C", "C", "100", "business"),
    ("J", "C", "100", "business"),
    ("Y", "Y", "100", "full"),
    ("B", "Y", "90", "discount"),
    ("M", "Y", "85", "discount"),
    ("H", "Y", "80", "discount"),
    ("K", "Y", "75", "discount"),
    ("L", "Y", "70", "discount"),
    ("Q", "Y", "65", "discount"),
    ("G", "Y", "60", "discount"),
    ("V", "Y", "55", "discount"),
    ("U", "Y", "50", "discount"),
    ("Z", "Y", "45", "discount"),
    ("T", "Y", "40", "discount"),
    ("E", "Y", "35", "promo"),
    ("R", "Y", "30", "promo"),
]
_CA_CLASSES = [
    ("F", "F", "100", "first"),
    ("J", "C", "100", "business"),
    ("C", "C", "100", "business"),
    ("Y", "Y", "100", "full"),
    ("B", "Y", "90", "discount"),
    ("M", "Y", "85", "discount"),
    ("H", "Y", "80", "discount"),
    ("K", "Y", "75", "discount"),
    ("L", "Y", "70", "discount"),
    ("Q", "Y", "65", "discount"),
    ("G", "Y", "60", "discount"),
    ("S", "Y", "55", "discount"),
    ("V", "Y", "50", "discount"),
    ("U", "Y", "45", "discount"),
    ("T", "Y", "40", "discount"),
    ("E", "Y", "35", "promo"),
    ("W", "Y", "30", "promo"),
]
_CZ_CLASSES = [
    ("F", "F", "100", "first"),
    ("J", "C", "100", "business"),
    ("C", "C", "100", "business"),
    ("Y", "Y", "100", "full"),
    ("B", "Y", "95", "discount"),
    ("M", "Y", "90", "discount"),
    ("H", "Y", "85", "discount"),
    ("K", "Y", "80", "discount"),
    ("U", "Y", "75", "discount"),
    ("A", "Y", "70", "discount"),
    ("L", "Y", "65", "discount"),
    ("Q", "Y", "60", "discount"),
    ("E", "Y", "55", "discount"),
    ("V", "Y", "50", "discount"),
    ("Z", "Y", "45", "discount"),
    ("T", "Y", "40", "discount"),
    ("N", "Y", "35", "promo"),
    ("R", "Y", "30", "promo"),
]


def _classes(rows: list[tuple[str, str, str, str]]) -> list[dict[str, str]]:
    return [{"code": c, "cabin": cab, "percent": p, "family": f} for c, cab, p, f in rows]


FARE_TABLES: list[dict[str, Any]] = [
    {"airline": "*", "effective_from": "2025-01-01", "classes": _classes(_DEFAULT_CLASSES)},
    {"airline": "CA", "effective_from": "2025-01-01", "classes": _classes(_CA_CLASSES)},
    {"airline": "CZ", "effective_from": "2025-03-30", "classes": _classes(_CZ_CLASSES)},
]

CN_FUND = [{"effective_from": "2012-04-01", "adult": "50.00", "child": "0.00",
            "infant": "0.00", "feeder_exempt": True}]

# Fuel surcharge (YQ), announced monthly and in force from the 5th, by ticketing date.
# month -> (adult <= 800 km, adult > 800 km); child pays half, infants nothing.
_YQ_ADULT = {
    "2025-12": (10, 20),
    "2026-01": (10, 20),
    "2026-02": (20, 40),
    "2026-03": (20, 40),
    "2026-04": (30, 60),
    "2026-05": (30, 60),
    "2026-06": (20, 40),
    "2026-07": (20, 40),
    "2026-08": (10, 20),
    "2026-09": (20, 40),
    "2026-10": (20, 40),
    "2026-11": (10, 20),
    "2026-12": (10, 30),
}


def _money(v: int) -> str:
    return f"{v}.00"


FUEL_SURCHARGE: list[dict[str, Any]] = [
    {"effective_from": f"{month}-05",
     "bands": [{"max_km": 800, "adult": _money(short), "child": _money(short // 2)},
               {"max_km": None, "adult": _money(long_), "child": _money(long_ // 2)}]}
    for month, (short, long_) in sorted(_YQ_ADULT.items())
]

INSURANCE = [{"effective_from": "2020-01-01", "unit_price": "20.00", "max_units": 10}]


def _ladder(airline: str, family: str, rows: list[tuple[int | None, str, str]],
            effective_from: str = "2025-01-01") -> dict[str, Any]:
    return {"airline": airline, "family": family, "effective_from": effective_from,
            "windows": [{"min_hours": h, "refund_percent": r, "change_percent": c}
                        for h, r, c in rows]}


FEE_LADDERS: list[dict[str, Any]] = [
    _ladder("*", "first", [(168, "0", "0"), (48, "5", "0"), (4, "5", "0"), (None, "10", "5")]),
    _ladder("*", "business",
            [(168, "0", "0"), (48, "5", "0"), (4, "10", "5"), (None, "15", "5")]),
    _ladder("*", "full", [(168, "0", "0"), (48, "5", "5"), (4, "10", "5"), (None, "15", "10")]),
    _ladder("*", "discount",
            [(168, "5", "5"), (48, "10", "10"), (4, "20", "15"), (None, "30", "20")]),
    _ladder("*", "promo",
            [(168, "20", "10"), (48, "30", "20"), (4, "40", "30"), (None, "50", "30")]),
    _ladder("CA", "discount",
            [(168, "5", "0"), (48, "10", "5"), (4, "20", "10"), (None, "30", "15")]),
]

GP_RULES = [{"effective_from": "2012-01-01", "discount_fare_rate": "0.95",
             "full_fare_rate": "0.88", "easy_change_min_percent": "55",
             "easy_change_max_percent": "75", "easy_refund_min_percent": "80",
             "easy_min_hours": 2}]

# Privacy seat (隐私座, EXST: the seat beside a V4/V5 official kept empty): who may book one
# and its fare. Free for V4/V5 on every carrier from 2026-01-01; from 2027-01-01 China Southern
# charges V4 the booked class's published fare (V5 stays free). Curated example data.
PRIVACY_SEAT = [
    {"effective_from": "2026-01-01", "airline": "*", "levels": ["V4", "V5"],
     "free_levels": ["V4", "V5"], "charge": "published_fare"},
    {"effective_from": "2027-01-01", "airline": "CZ", "levels": ["V4", "V5"],
     "free_levels": ["V5"], "charge": "published_fare"},
]

AGENCY_FEE = [{"effective_from": "2012-01-01", "percent": "3", "per_ticket": "5.00",
               "insurance_percent": "40"}]
DISTRIBUTOR_TIERS = [{"effective_from": "2012-01-01",
                      "tiers": [{"min_tickets": 0, "percent": "0"},
                                {"min_tickets": 200, "percent": "2"},
                                {"min_tickets": 500, "percent": "2.5"}]}]
CLERK_REWARDS = [{"effective_from": "2012-01-01", "big_customer_percent": "1.5",
                  "big_customer_maintenance_fee": "200.00",
                  "walk_in_agency_fee_share_percent": "50"}]
