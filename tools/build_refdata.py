"""Build the reference data in resources/data from OpenFlights and the curated tables.

Usage: python tools/build_refdata.py [--openflights DIR] [--out DIR]

Reads airports.dat, airlines.dat and routes.dat from the OpenFlights snapshot (default
tools/openflights/, committed with its licence, ODbL 1.0) and the curated tables in
tools/curated/, and writes airports.json, airlines.json, aircraft.json, fare_classes.json,
taxes.json, fee_rules.json, commissions.json and schedule.json (format: resources/data/
SCHEMA.md). The output is deterministic: same input, same bytes. demo.json is not built
here. Needs only the standard library and pypinyin.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import math
import random
import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

from pypinyin import Style, lazy_pinyin

TOOLS = Path(__file__).resolve().parent
REPO = TOOLS.parent
# The snapshot lives in the repository so that a clone rebuilds the same bytes on its own.
DEFAULT_OPENFLIGHTS = TOOLS / "openflights"
DEFAULT_OUT = REPO / "resources" / "data"

VERSION = "2026-11"
OF_ATTRIBUTION = (
    "Airport, airline and route data derived from OpenFlights "
    "(https://openflights.org/data.php), ODbL 1.0"
)
CURATED_ATTRIBUTION = "Curated by the Counter project (tools/curated); no third-party data"
EARTH_RADIUS_KM = 6371.0
DAY_START = 7 * 60  # first departure 07:00
DAY_END = 22 * 60  # last departure before 22:00
NULL = "\\N"


def _load(name: str) -> ModuleType:
    path = TOOLS / "curated" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"counter_curated_{name}", path)
    if spec is None or spec.loader is None:  # pragma: no cover
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read_dat(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.reader(fh) if row]


def _meta(source: str, attribution: str) -> dict[str, str]:
    return {"source": source, "attribution": attribution, "version": VERSION}


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# --- pinyin -------------------------------------------------------------------------------


def syllables(text: str, overrides: dict[str, list[str]]) -> list[str]:
    """Toneless pinyin syllables of text, with curated readings for known heteronyms."""
    keys = sorted(overrides, key=len, reverse=True)
    out: list[str] = []
    plain = ""
    i = 0
    while i < len(text):
        for key in keys:
            if text.startswith(key, i):
                if plain:
                    out += lazy_pinyin(plain, style=Style.NORMAL)
                    plain = ""
                out += overrides[key]
                i += len(key)
                break
        else:
            plain += text[i]
            i += 1
    if plain:
        out += lazy_pinyin(plain, style=Style.NORMAL)
    return [s.lower() for s in out if s.strip()]


# --- helpers ------------------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a)))


def round10(value: Decimal) -> Decimal:
    return (value / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 10


def money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def y_fare(distance_km: int) -> Decimal:
    """Plausible published Y fare: 0.86 yuan/km + 320, at least 400, rounded to 10."""
    return round10(max(Decimal(400), Decimal("0.86") * distance_km + 320))


def block_minutes(distance_km: int) -> int:
    minutes = 30 + distance_km / 750 * 60
    return int(5 * round(minutes / 5))


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def layout_seats(layout: dict[str, Any]) -> dict[str, int]:
    """Seats per cabin: rows minus skip_rows, times letters, minus missing seats."""
    counts = {"F": 0, "C": 0, "Y": 0}
    skip = set(layout["skip_rows"])
    missing = set(layout["missing_seats"])
    for cabin in layout["cabins"]:
        letters = cabin["seats"].replace(" ", "")
        first, last = cabin["rows"]
        for row in range(first, last + 1):
            if row in skip:
                continue
            counts[cabin["cabin"]] += sum(1 for ch in letters if f"{row}{ch}" not in missing)
    return counts


# --- airports -----------------------------------------------------------------------------


def build_airports(of_dir: Path) -> tuple[list[dict[str, Any]], list[str]]:
    cur = _load("airports")
    notes: list[str] = []
    picked: dict[str, dict[str, Any]] = {}
    for row in _read_dat(of_dir / "airports.dat"):
        name, city, country, iata, icao = row[1], row[2], row[3], row[4], row[5]
        country = cur.COUNTRY_BY_ICAO.get(icao, country)
        if iata == NULL:
            iata = cur.IATA_BY_ICAO.get(icao, NULL)
        if row[12] != "airport" or iata == NULL or iata in cur.DROP:
            continue
        if country == "China":
            tz = "Asia/Shanghai"
        elif iata in cur.NON_DOMESTIC:
            tz = cur.NON_DOMESTIC[iata]
        else:
            continue
        if iata not in cur.AIRPORTS:
            raise SystemExit(f"airport {iata} ({name}) has no curated Chinese name")
        picked[iata] = {"icao": icao, "name_en": name, "city_en": city,
                        "lat": float(row[6]), "lon": float(row[7]), "tz": tz}
    for iata, (icao, name, city, lat, lon) in cur.EXTRA_AIRPORTS.items():
        if iata in picked:
            raise SystemExit(f"curated extra airport {iata} is in OpenFlights now")
        picked[iata] = {"icao": icao, "name_en": name, "city_en": city, "lat": lat, "lon": lon,
                        "tz": "Asia/Shanghai"}
        notes.append(iata)
    for iata, (name, lat, lon) in cur.RELOCATED.items():
        picked[iata].update(name_en=name, lat=lat, lon=lon)
    unused = set(cur.AIRPORTS) - set(picked)
    if unused:
        raise SystemExit(f"curated airports not built: {sorted(unused)}")

    out = []
    for iata in sorted(picked):
        base = picked[iata]
        name_zh, city_zh, province_zh, part = cur.AIRPORTS[iata]
        city_syl = syllables(city_zh, cur.PINYIN_OVERRIDES)
        out.append({
            "iata": iata,
            "icao": base["icao"],
            "name_en": base["name_en"],
            "city_en": cur.CITY_EN_FIX.get(iata, base["city_en"]),
            "name_zh": name_zh,
            "city_zh": city_zh,
            "province_zh": province_zh,
            "city_pinyin": "".join(city_syl),
            "city_initials": "".join(s[0] for s in city_syl),
            "airport_pinyin": "".join(syllables(part, cur.PINYIN_OVERRIDES)),
            "lat": round(base["lat"], 6),
            "lon": round(base["lon"], 6),
            "tz": base["tz"],
            "domestic": iata not in cur.NON_DOMESTIC,
        })
    return out, notes


# --- airlines -----------------------------------------------------------------------------


def build_airlines(of_dir: Path) -> list[dict[str, str]]:
    cur = _load("airlines")
    of_icao: dict[str, str] = {}
    for row in _read_dat(of_dir / "airlines.dat"):
        code, icao, country, active = row[3], row[4], row[6], row[7]
        usable = code in cur.AIRLINES and country == "China" and icao not in ("", NULL)
        if usable and (active == "Y" or code not in of_icao):
            of_icao[code] = icao
    out = []
    for code in sorted(cur.AIRLINES):
        prefix, name_zh, name_en, icao = cur.AIRLINES[code]
        out.append({"code": code, "icao": of_icao.get(code, icao), "prefix": prefix,
                    "name_zh": name_zh, "name_en": name_en})
    return out


# --- schedule -----------------------------------------------------------------------------


def build_schedule(of_dir: Path, airports: list[dict[str, Any]], airlines: list[dict[str, str]],
                   layouts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cur = _load("schedule")
    ap = {a["iata"]: a for a in airports if a["domestic"]}
    carriers = {a["code"] for a in airlines}
    layout_ids = {lay["id"]: lay for lay in layouts}
    rank = {c: i for i, c in enumerate(cur.CARRIER_RANK)}
    im = set(cur.INNER_MONGOLIA)

    # pair (a, b) with a < b -> carrier -> OpenFlights equipment codes
    ops: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in _read_dat(of_dir / "routes.dat"):
        carrier, src, dst, codeshare, stops, equipment = (row[0], row[2], row[4], row[6],
                                                          row[7], row[8])
        src, dst = cur.ROUTE_REMAP.get(src, src), cur.ROUTE_REMAP.get(dst, dst)
        if carrier not in carriers or codeshare == "Y" or stops != "0":
            continue
        if src not in ap or dst not in ap or src == dst:
            continue
        ops[(min(src, dst), max(src, dst))][carrier].update(equipment.split())

    def dist(a: str, b: str) -> int:
        return haversine_km(ap[a]["lat"], ap[a]["lon"], ap[b]["lat"], ap[b]["lon"])

    def is_feeder_pair(a: str, b: str) -> bool:
        return a in im and b in im and dist(a, b) < cur.FEEDER_MAX_KM

    def ranked(pair: tuple[str, str]) -> list[str]:
        def key(c: str) -> tuple[int, int, int]:
            hub = 0 if set(pair) & set(cur.CARRIER_HUBS.get(c, [])) else 1
            small = 0 if not is_feeder_pair(*pair) or "E190" in cur.FLEETS[c] else 1
            return (small, hub, rank[c])
        return sorted(ops.get(pair, {}), key=key)

    # plan: (carrier, pair) -> [daily round trips, days]
    plan: dict[tuple[str, tuple[str, str]], list[Any]] = {}

    def add(carrier: str, pair: tuple[str, str], count: int, days: str) -> None:
        if (carrier, pair) not in plan:
            plan[(carrier, pair)] = [count, days]

    def thin(pair: tuple[str, str]) -> bool:
        big = set(cur.TRUNK) | set(cur.SECONDARY) | {"HET"}
        return not set(pair) & big

    trunk = sorted(cur.TRUNK)
    for i, a in enumerate(trunk):
        for b in trunk[i + 1:]:
            pair = (a, b)
            cands = ranked(pair)
            if not cands:
                continue
            target = cur.BUSY.get(pair, 2)
            counts: dict[str, int] = defaultdict(int)
            for k in range(target):
                counts[cands[k % len(cands)]] += 1
            for c, n in counts.items():
                add(c, pair, n, "1234567")
    for hub in cur.HUBS:
        for sec in cur.SECONDARY:
            pair = (min(hub, sec), max(hub, sec))
            cands = ranked(pair)
            if cands:
                add(cands[0], pair, 1, "1234567")
    for pair in sorted(ops):
        if set(pair) & im:
            cands = ranked(pair)
            if pair == ("HET", "PEK"):
                for c in cands[:3]:
                    add(c, pair, 1, "1234567")
            else:
                add(cands[0], pair, 1, "thin" if thin(pair) else "1234567")
    for carrier, a, b, count, days in cur.CURATED_ROUTES:
        add(carrier, (min(a, b), max(a, b)), count, days or "1234567")

    flights: list[dict[str, Any]] = []
    next_no = dict(cur.FLIGHT_NO_BASE)
    for (carrier, pair), (count, days) in sorted(plan.items()):
        hubs = cur.CARRIER_HUBS.get(carrier, [])
        home = [h for h in hubs if h in pair]
        origin = home[0] if home else pair[0]
        dest = pair[1] if origin == pair[0] else pair[0]
        d = dist(origin, dest)
        rng = random.Random(f"{carrier}:{origin}-{dest}")
        if days == "thin":
            days = rng.choice(["135", "246"])
        fleet = cur.FLEETS[carrier]
        feeder = is_feeder_pair(origin, dest) and "E190" in fleet
        if feeder:
            aircraft = "E190"
        else:
            seen = {cur.EQUIPMENT[t] for t in ops.get(pair, {}).get(carrier, set())
                    if t in cur.EQUIPMENT}
            usable = sorted(t for t in seen & set(fleet) if t != "E190" or d < 1200)
            if "A333" in usable and d >= 1000 and set(pair) <= set(cur.TRUNK):
                aircraft = "A333"
            elif [t for t in usable if t != "A333"]:
                aircraft = rng.choice([t for t in usable if t != "A333"])
            else:
                narrow = [t for t in fleet if t != "A333" and (t != "E190" or d < 1200)]
                narrow = narrow or [fleet[0]]
                aircraft = "A321" if "A321" in narrow and d >= 1500 else narrow[0]
        layout_id = f"{carrier}-{aircraft}"
        if layout_id not in layout_ids:
            layout_id = f"*-{aircraft}"
        capacity = layout_seats(layout_ids[layout_id])
        y = y_fare(d)
        fares = {
            "F": money(round10(y * Decimal("2.5"))) if capacity["F"] else None,
            "C": money(round10(y * Decimal("1.5"))) if capacity["C"] else None,
            "Y": money(y),
        }
        block = block_minutes(d)
        segment = (DAY_END - DAY_START) // count
        for k in range(count):
            number = next_no[carrier]
            next_no[carrier] += 2
            for leg, (o, dst) in enumerate(((origin, dest), (dest, origin))):
                flight_no = f"{carrier}{number + leg}"
                slot = random.Random(flight_no)
                dep = DAY_START + k * segment + slot.randrange(0, segment, 5)
                arr = dep + block
                flights.append({
                    "flight_no": flight_no, "carrier": carrier, "origin": o,
                    "destination": dst, "dep": hhmm(dep), "arr": hhmm(arr % 1440),
                    "arr_day": arr // 1440, "days": days, "aircraft": aircraft,
                    "layout": layout_id, "distance_km": d, "capacity": dict(capacity),
                    "fares": dict(fares), "feeder": feeder,
                })
    flights.sort(key=lambda f: (f["carrier"], int(f["flight_no"][2:])))
    return flights


# --- main ---------------------------------------------------------------------------------


def build(of_dir: Path) -> dict[str, str]:
    """Return file name -> file text for every generated file."""
    airports, extra = build_airports(of_dir)
    airlines = build_airlines(of_dir)
    layouts = _load("layouts").LAYOUTS
    tariffs = _load("tariffs")
    flights = build_schedule(of_dir, airports, airlines, layouts)
    of_src = "OpenFlights {} + tools/curated/{}"
    files: dict[str, Any] = {
        "airports.json": {
            "meta": _meta(of_src.format("airports.dat", "airports.py")
                          + f" (curated additions: {', '.join(sorted(extra))})",
                          OF_ATTRIBUTION),
            "airports": airports},
        "airlines.json": {
            "meta": _meta(of_src.format("airlines.dat", "airlines.py"), OF_ATTRIBUTION),
            "airlines": airlines},
        "aircraft.json": {
            "meta": _meta("tools/curated/layouts.py", CURATED_ATTRIBUTION),
            "layouts": layouts},
        "fare_classes.json": {
            "meta": _meta("tools/curated/tariffs.py", CURATED_ATTRIBUTION),
            "tables": tariffs.FARE_TABLES},
        "taxes.json": {
            "meta": _meta("tools/curated/tariffs.py", CURATED_ATTRIBUTION),
            "cn_fund": tariffs.CN_FUND, "fuel_surcharge": tariffs.FUEL_SURCHARGE,
            "insurance": tariffs.INSURANCE},
        "fee_rules.json": {
            "meta": _meta("tools/curated/tariffs.py", CURATED_ATTRIBUTION),
            "ladders": tariffs.FEE_LADDERS, "gp": tariffs.GP_RULES,
            "privacy_seat": tariffs.PRIVACY_SEAT},
        "commissions.json": {
            "meta": _meta("tools/curated/tariffs.py", CURATED_ATTRIBUTION),
            "agency_fee": tariffs.AGENCY_FEE,
            "distributor_tiers": tariffs.DISTRIBUTOR_TIERS,
            "clerk_rewards": tariffs.CLERK_REWARDS},
        "schedule.json": {
            "meta": _meta("OpenFlights routes.dat + airports.dat (direct, nonstop, "
                          "non-codeshare routes of Chinese carriers) + "
                          "tools/curated/schedule.py", OF_ATTRIBUTION),
            "flights": flights},
    }
    return {name: _dump(obj) for name, obj in files.items()}


def main(argv: list[str] | None = None, outdir: Path | str | None = None,
         openflights: Path | str | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--openflights", type=Path, default=DEFAULT_OPENFLIGHTS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args([] if argv is None and outdir is not None else argv)
    of_dir = Path(openflights) if openflights is not None else args.openflights
    out = Path(outdir) if outdir is not None else args.out
    out.mkdir(parents=True, exist_ok=True)
    for name, text in build(of_dir).items():
        (out / name).write_bytes(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
