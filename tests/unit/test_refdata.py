"""Validate the generated reference data in resources/data against SCHEMA.md."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "resources" / "data"
GENERATED = ["airports.json", "airlines.json", "aircraft.json", "fare_classes.json",
             "taxes.json", "fee_rules.json", "commissions.json", "schedule.json"]
OF_ATTRIBUTION = ("Airport, airline and route data derived from OpenFlights "
                  "(https://openflights.org/data.php), ODbL 1.0")
INNER_MONGOLIA = ["HET", "BAV", "WUA", "CIF", "HLD", "HLH", "TGO", "XIL", "UCB", "DSN", "RLK",
                  "AXF", "RHT", "NZH", "ERL", "EJN", "YIE", "HUO", "NZL"]


@cache
def load(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def build_module() -> ModuleType:
    path = REPO / "tools" / "build_refdata.py"
    spec = importlib.util.spec_from_file_location("build_refdata_under_test", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def is_money(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    amount = Decimal(value)
    return amount.as_tuple().exponent == -2 and amount >= 0


def is_percent(value: Any) -> bool:
    return isinstance(value, str) and Decimal(value) >= 0


def airports() -> dict[str, dict[str, Any]]:
    return {a["iata"]: a for a in load("airports.json")["airports"]}


def layouts() -> dict[str, dict[str, Any]]:
    return {lay["id"]: lay for lay in load("aircraft.json")["layouts"]}


def seat_count(layout: dict[str, Any]) -> dict[str, int]:
    counts = {"F": 0, "C": 0, "Y": 0}
    for cabin in layout["cabins"]:
        letters = cabin["seats"].replace(" ", "")
        for row in range(cabin["rows"][0], cabin["rows"][1] + 1):
            if row in layout["skip_rows"]:
                continue
            for letter in letters:
                if f"{row}{letter}" not in layout["missing_seats"]:
                    counts[cabin["cabin"]] += 1
    return counts


@pytest.mark.parametrize("name", GENERATED)
def test_meta(name: str) -> None:
    meta = load(name)["meta"]
    assert set(meta) == {"source", "attribution", "version"}
    assert all(isinstance(v, str) and v for v in meta.values())
    if name in ("airports.json", "airlines.json", "schedule.json"):
        assert meta["attribution"] == OF_ATTRIBUTION


def test_attribution_file_mentions_openflights_and_curated_airports() -> None:
    text = (DATA / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert OF_ATTRIBUTION in text
    assert "ODbL" in text
    for code in ("TFU", "NTG"):
        assert code in text


def test_airports_keys_and_types() -> None:
    rows = load("airports.json")["airports"]
    assert len(rows) >= 200
    codes = [a["iata"] for a in rows]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
    str_keys = ["iata", "icao", "name_en", "city_en", "name_zh", "city_zh", "province_zh",
                "city_pinyin", "city_initials", "airport_pinyin", "tz"]
    for a in rows:
        assert set(a) == {*str_keys, "lat", "lon", "domestic"}, a["iata"]
        for key in str_keys:
            assert isinstance(a[key], str), (a["iata"], key)
        assert len(a["iata"]) == 3
        assert a["iata"].isupper()
        assert all(a[k] for k in ("name_zh", "city_zh", "province_zh", "city_pinyin"))
        assert a["city_pinyin"].isascii()
        assert a["city_pinyin"].isalpha()
        assert a["city_pinyin"] == a["city_pinyin"].lower()
        assert a["city_initials"][0] == a["city_pinyin"][0]
        assert a["airport_pinyin"] == "" or a["airport_pinyin"].isalpha()
        assert isinstance(a["lat"], float)
        assert isinstance(a["lon"], float)
        assert isinstance(a["domestic"], bool)
        if a["domestic"]:
            assert 18 < a["lat"] < 54, a["iata"]
            assert 73 < a["lon"] < 135, a["iata"]
            assert a["tz"] == "Asia/Shanghai"


def test_non_domestic_airports() -> None:
    ap = airports()
    assert {i for i, a in ap.items() if not a["domestic"]} == {"HKG", "MFM", "TPE"}


@pytest.mark.parametrize("code", INNER_MONGOLIA)
def test_inner_mongolia_airports(code: str) -> None:
    assert airports()[code]["province_zh"] == "内蒙古"


@pytest.mark.parametrize(
    ("code", "name_zh", "city_zh", "province_zh"),
    [
        ("HET", "呼和浩特白塔国际机场", "呼和浩特", "内蒙古"),
        ("BAV", "包头东河机场", "包头", "内蒙古"),
        ("WUA", "乌海机场", "乌海", "内蒙古"),
        ("CIF", "赤峰玉龙机场", "赤峰", "内蒙古"),
        ("HLD", "海拉尔东山国际机场", "海拉尔", "内蒙古"),
        ("HLH", "乌兰浩特义勒力特机场", "乌兰浩特", "内蒙古"),
        ("DSN", "鄂尔多斯伊金霍洛国际机场", "鄂尔多斯", "内蒙古"),
        ("UCB", "乌兰察布集宁机场", "乌兰察布", "内蒙古"),
        ("SZX", "深圳宝安国际机场", "深圳", "广东"),
        ("PEK", "北京首都国际机场", "北京", "北京"),
        ("PKX", "北京大兴国际机场", "北京", "北京"),
        ("SHA", "上海虹桥国际机场", "上海", "上海"),
        ("PVG", "上海浦东国际机场", "上海", "上海"),
    ],
)
def test_known_airports(code: str, name_zh: str, city_zh: str, province_zh: str) -> None:
    a = airports()[code]
    assert (a["name_zh"], a["city_zh"], a["province_zh"]) == (name_zh, city_zh, province_zh)


def test_szx_pinyin() -> None:
    a = airports()["SZX"]
    assert (a["city_pinyin"], a["city_initials"], a["airport_pinyin"]) == (
        "shenzhen", "sz", "baoan")


@pytest.mark.parametrize(
    ("code", "pinyin", "initials"),
    [("CKG", "chongqing", "cq"), ("CSX", "changsha", "cs"), ("XMN", "xiamen", "xm"),
     ("BFU", "bengbu", "bb"), ("LPF", "liupanshui", "lps"), ("DLU", "dali", "dl"),
     ("CIH", "changzhi", "cz"), ("CHG", "chaoyang", "cy"), ("HET", "huhehaote", "hhht"),
     ("KRL", "kuerle", "kel")],
)
def test_heteronym_city_pinyin(code: str, pinyin: str, initials: str) -> None:
    a = airports()[code]
    assert (a["city_pinyin"], a["city_initials"]) == (pinyin, initials)


def test_airlines() -> None:
    rows = load("airlines.json")["airlines"]
    by_code = {a["code"]: a for a in rows}
    assert len(by_code) == len(rows)
    for a in rows:
        assert set(a) == {"code", "icao", "prefix", "name_zh", "name_en"}
        assert len(a["prefix"]) == 3
        assert a["prefix"].isdigit()
        assert len(a["icao"]) == 3
        assert a["icao"].isalpha()
    expected = {"CA": "999", "MU": "781", "CZ": "784", "HU": "880", "3U": "876", "MF": "731",
                "ZH": "479", "SC": "324", "FM": "774", "HO": "018"}
    for code, prefix in expected.items():
        assert by_code[code]["prefix"] == prefix
    assert by_code["CA"]["icao"] == "CCA"
    assert by_code["3U"]["name_zh"] == "四川航空"


def test_layouts() -> None:
    lays = layouts()
    assert len(lays) == len(load("aircraft.json")["layouts"])
    keys = {"id", "aircraft", "carrier", "cabins", "skip_rows", "exit_rows", "missing_seats",
            "blocked_seats", "wing_rows", "galleys", "lavatories"}
    for lay_id, lay in lays.items():
        assert set(lay) == keys
        assert lay_id == f"{lay['carrier']}-{lay['aircraft']}"
        for cabin in lay["cabins"]:
            assert cabin["cabin"] in ("F", "C", "Y")
            assert cabin["rows"][0] <= cabin["rows"][1]
            assert cabin["seats"].replace(" ", "").isalpha()
        seats = {f"{r}{ch}" for c in lay["cabins"]
                 for r in range(c["rows"][0], c["rows"][1] + 1) if r not in lay["skip_rows"]
                 for ch in c["seats"].replace(" ", "")}
        assert set(lay["missing_seats"]) <= seats
        assert set(lay["blocked_seats"]) <= seats - set(lay["missing_seats"])
        rows = {r for c in lay["cabins"] for r in range(c["rows"][0], c["rows"][1] + 1)}
        assert set(lay["exit_rows"]) <= rows - set(lay["skip_rows"])
    aircraft = {lay["aircraft"] for lay in lays.values()}
    assert {"A320", "A321", "738"} <= aircraft
    for ac in ("A320", "A321", "738"):
        assert f"*-{ac}" in lays
    assert {lay["carrier"] for lay in lays.values()} >= {"CA", "CZ", "3U", "*"}
    assert lays["CZ-A320"]["skip_rows"] == [4, 13, 14]
    assert any(lay["missing_seats"] for lay in lays.values())
    assert any(lay["blocked_seats"] for lay in lays.values())


def test_fare_classes() -> None:
    tables = load("fare_classes.json")["tables"]
    assert tables[0]["airline"] == "*"
    assert len({t["airline"] for t in tables}) >= 3
    for t in tables:
        assert t["effective_from"] <= "2025-12-31"
        codes = [c["code"] for c in t["classes"]]
        assert len(codes) == len(set(codes))
        for c in t["classes"]:
            assert set(c) == {"code", "cabin", "percent", "family"}
            assert c["family"] in ("first", "business", "full", "discount", "promo")
            assert 0 < Decimal(c["percent"]) <= 100
            if c["cabin"] in ("F", "C") or c["family"] == "full":
                assert c["percent"] == "100"
    default = {c["code"]: c for c in tables[0]["classes"]}
    assert default["Y"]["family"] == "full"
    assert default["M"]["percent"] == "85"
    assert default["F"]["family"] == "first"


def test_taxes() -> None:
    taxes = load("taxes.json")
    assert taxes["cn_fund"] == [{"effective_from": "2012-04-01", "adult": "50.00",
                                 "child": "0.00", "infant": "0.00", "feeder_exempt": True}]
    yq = taxes["fuel_surcharge"]
    dates = [t["effective_from"] for t in yq]
    assert dates == sorted(dates)
    for month in range(1, 13):
        assert f"2026-{month:02d}-05" in dates
    for t in yq:
        assert [b["max_km"] for b in t["bands"]] == [800, None]
        for b in t["bands"]:
            assert is_money(b["adult"])
            assert is_money(b["child"])
    assert len({json.dumps(t["bands"]) for t in yq}) > 1
    assert taxes["insurance"][0]["unit_price"] == "20.00"
    assert taxes["insurance"][0]["max_units"] == 10


def test_fee_rules() -> None:
    rules = load("fee_rules.json")
    ladders = {(lad["airline"], lad["family"]): lad for lad in rules["ladders"]}
    for family in ("first", "business", "full", "discount", "promo"):
        assert ("*", family) in ladders
    assert ladders[("*", "full")]["windows"] == [
        {"min_hours": 168, "refund_percent": "0", "change_percent": "0"},
        {"min_hours": 48, "refund_percent": "5", "change_percent": "5"},
        {"min_hours": 4, "refund_percent": "10", "change_percent": "5"},
        {"min_hours": None, "refund_percent": "15", "change_percent": "10"},
    ]
    for lad in rules["ladders"]:
        hours = [w["min_hours"] for w in lad["windows"]]
        assert hours[-1] is None
        assert hours[:-1] == sorted(hours[:-1], reverse=True)
        for w in lad["windows"]:
            assert is_percent(w["refund_percent"])
            assert is_percent(w["change_percent"])
    assert rules["gp"] == [{"effective_from": "2012-01-01", "discount_fare_rate": "0.95",
                            "full_fare_rate": "0.88", "easy_change_min_percent": "55",
                            "easy_change_max_percent": "75", "easy_refund_min_percent": "80",
                            "easy_min_hours": 2}]


def test_commissions() -> None:
    c = load("commissions.json")
    assert c["agency_fee"] == [{"effective_from": "2012-01-01", "percent": "3",
                                "per_ticket": "5.00", "insurance_percent": "40"}]
    assert c["distributor_tiers"] == [{"effective_from": "2012-01-01",
                                       "tiers": [{"min_tickets": 0, "percent": "0"},
                                                 {"min_tickets": 200, "percent": "2"},
                                                 {"min_tickets": 500, "percent": "2.5"}]}]
    assert c["clerk_rewards"] == [{"effective_from": "2012-01-01",
                                   "big_customer_percent": "1.5",
                                   "big_customer_maintenance_fee": "200.00",
                                   "walk_in_agency_fee_share_percent": "50"}]


def test_schedule_patterns() -> None:
    flights = load("schedule.json")["flights"]
    assert len(flights) >= 300
    ap = airports()
    lays = layouts()
    carriers = {a["code"] for a in load("airlines.json")["airlines"]}
    numbers = [f["flight_no"] for f in flights]
    assert len(numbers) == len(set(numbers))
    keys = {"flight_no", "carrier", "origin", "destination", "dep", "arr", "arr_day", "days",
            "aircraft", "layout", "distance_km", "capacity", "fares", "feeder"}
    for f in flights:
        assert set(f) == keys
        assert f["carrier"] in carriers
        assert f["flight_no"].startswith(f["carrier"])
        assert 3 <= len(f["flight_no"][2:]) <= 4
        assert f["flight_no"][2:].isdigit()
        assert f["origin"] != f["destination"]
        for end in (f["origin"], f["destination"]):
            assert ap[end]["domestic"], f["flight_no"]
        lay = lays[f["layout"]]
        assert lay["aircraft"] == f["aircraft"]
        assert lay["carrier"] in ("*", f["carrier"])
        assert f["capacity"] == seat_count(lay), f["flight_no"]
        assert "07:00" <= f["dep"] <= "22:00"
        dep_h, dep_m = map(int, f["dep"].split(":"))
        arr_h, arr_m = map(int, f["arr"].split(":"))
        block = arr_h * 60 + arr_m + 1440 * f["arr_day"] - dep_h * 60 - dep_m
        assert 30 < block < 8 * 60
        assert f["arr_day"] in (0, 1)
        assert f["days"]
        assert set(f["days"]) <= set("1234567")
        assert list(f["days"]) == sorted(set(f["days"]))
        assert isinstance(f["distance_km"], int)
        assert f["distance_km"] > 0
        for cabin in ("F", "C", "Y"):
            fare = f["fares"][cabin]
            if f["capacity"][cabin]:
                assert is_money(fare), (f["flight_no"], cabin)
                assert Decimal(fare) % 10 == 0
            else:
                assert fare is None
        assert Decimal(f["fares"]["Y"]) >= 400
        assert isinstance(f["feeder"], bool)
        if f["feeder"]:
            assert f["distance_km"] < 700


def test_schedule_distances_match_coordinates() -> None:
    build = build_module()
    ap = airports()
    for f in load("schedule.json")["flights"]:
        o, d = ap[f["origin"]], ap[f["destination"]]
        assert f["distance_km"] == build.haversine_km(o["lat"], o["lon"], d["lat"], d["lon"])


def test_schedule_busy_pairs_and_fares() -> None:
    flights = load("schedule.json")["flights"]
    pairs = Counter((f["origin"], f["destination"]) for f in flights
                    if f["days"] == "1234567")
    assert pairs[("PEK", "SZX")] >= 4
    assert pairs[("SZX", "PEK")] >= 4
    assert len({f["carrier"] for f in flights if (f["origin"], f["destination"])
                == ("PEK", "SZX")}) >= 3
    trunk = ["PEK", "PKX", "SHA", "PVG", "CAN", "SZX", "CTU", "TFU", "KMG", "XIY", "CKG",
             "HGH"]
    served = {frozenset((f["origin"], f["destination"])) for f in flights}
    build = build_module()
    ap = airports()
    for a in trunk:
        for b in trunk:
            km = build.haversine_km(ap[a]["lat"], ap[a]["lon"], ap[b]["lat"], ap[b]["lon"])
            # same-city pairs and SHA/PVG-HGH, CAN-SZX are too close to be flown
            if a < b and km > 300:
                assert frozenset((a, b)) in served, (a, b)
    for hub in ("PKX", "TFU"):
        assert any(hub in (f["origin"], f["destination"]) for f in flights)

    def y(o: str, d: str) -> Decimal:
        return next(Decimal(f["fares"]["Y"]) for f in flights
                    if (f["origin"], f["destination"]) == (o, d))

    assert 1200 <= y("PEK", "SHA") <= 1300
    assert 1900 <= y("PEK", "SZX") <= 2100


def test_schedule_inner_mongolia_network() -> None:
    flights = load("schedule.json")["flights"]
    served = {frozenset((f["origin"], f["destination"])) for f in flights}
    for other in ("PEK", "PKX", "CAN", "SZX", "XIY", "HLD", "CIF", "TGO", "XIL", "DSN", "WUA",
                  "RLK", "HLH", "AXF"):
        assert frozenset(("HET", other)) in served, other
    # Baotou is too close to Hohhot for a flight; it is served from Beijing and elsewhere
    assert frozenset(("BAV", "PEK")) in served
    assert frozenset(("BAV", "CIF")) in served
    assert frozenset(("HET", "SHA")) in served or frozenset(("HET", "PVG")) in served
    feeders = [f for f in flights if f["feeder"]]
    assert feeders
    im = {code for code, a in airports().items() if a["province_zh"] == "内蒙古"}
    for f in feeders:
        assert {f["origin"], f["destination"]} <= im


def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    build = build_module()
    assert build.main(outdir=tmp_path) == 0
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_openflights_snapshot_is_in_the_repository_with_its_licence() -> None:
    build = build_module()
    source = Path(build.DEFAULT_OPENFLIGHTS)
    assert source.is_relative_to(REPO)
    # exactly the files the build reads, with the source's own licence and README
    assert sorted(p.name for p in source.iterdir()) == [
        ".gitattributes", "LICENSE", "README.md", "airlines.dat", "airports.dat", "routes.dat"]
    licence = (source / "LICENSE").read_text(encoding="utf-8")
    assert "Open Database License" in licence
    attribution = (DATA / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "tools/openflights/" in attribution

