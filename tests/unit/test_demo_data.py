"""Validates resources/data/demo.json, the curated demo people (docs/domain.md §2, §3, §6, §8)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "resources" / "data" / "demo.json"
SCRIPT = ROOT / "tools" / "curated" / "demo_people.py"


@pytest.fixture(scope="module")
def demo() -> dict:
    return json.loads(DEMO.read_text(encoding="utf-8"))


def _id_ok(number: str) -> bool:
    """GB 11643-1999, implemented independently of the generating script."""
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return False
    weights = [2 ** (17 - i) % 11 for i in range(17)]  # 7 9 10 5 8 4 2 1 6 3 ...
    s = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True))
    return "10X98765432"[s % 11] == number[17]


def _birth(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def _uscc_ok(code: str) -> bool:
    """GB 32100-2015, implemented independently of the generating script."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    if len(code) != 18 or any(c not in alphabet for c in code):
        return False
    weights = [3**i % 31 for i in range(17)]  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
    s = sum(alphabet.index(c) * w for c, w in zip(code[:17], weights, strict=True))
    return alphabet[(31 - s % 31) % 31] == code[17]


def _travellers(demo: dict) -> list[dict]:
    return [t for c in demo["customers"] for t in c["travellers"]]


def _resident_ids(demo: dict) -> list[str]:
    ids = [t["id_number"] for t in _travellers(demo) if t["id_type"] == "NI"]
    ids += [o["id_number"] for u in demo["gp_units"] for o in u["officials"]]
    return ids


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def test_weights_match_the_standards() -> None:
    assert [2 ** (17 - i) % 11 for i in range(17)] == [
        7,
        9,
        10,
        5,
        8,
        4,
        2,
        1,
        6,
        3,
        7,
        9,
        10,
        5,
        8,
        4,
        2,
    ]
    assert [3**i % 31 for i in range(17)] == [
        1,
        3,
        9,
        27,
        19,
        26,
        16,
        17,
        20,
        29,
        25,
        13,
        8,
        24,
        10,
        30,
        28,
    ]
    assert _id_ok("11010519491231002X")  # the standard's own example
    assert _uscc_ok("91350100M000100Y43")  # GB 32100-2015 Appendix example


def test_top_level_keys_and_meta(demo: dict) -> None:
    assert set(demo) == {
        "meta",
        "outlets",
        "clerks",
        "customers",
        "gp_units",
        "distributors",
        "targets_2012",
    }
    for key in ("source", "attribution", "version", "totals_2012"):
        assert demo["meta"][key]


def test_outlets(demo: dict) -> None:
    kinds = {o["kind"] for o in demo["outlets"]}
    assert {"post_office", "franchise", "call_centre", "gp_counter", "head_office"} <= kinds
    codes = [o["code"] for o in demo["outlets"]]
    assert len(codes) == len(set(codes))
    for o in demo["outlets"]:
        assert set(o) == {"code", "name_zh", "kind", "region_zh", "office_code", "agent_code"}
        assert re.fullmatch(r"[A-Z]{3}\d{3}", o["office_code"])
        assert re.fullmatch(r"\d{8}", o["agent_code"])
    assert sum(o["kind"] == "post_office" for o in demo["outlets"]) >= 3


def test_clerks(demo: dict) -> None:
    outlets = {o["code"] for o in demo["outlets"]}
    clerks = demo["clerks"]
    assert {c["role"] for c in clerks} == {"clerk", "supervisor", "director", "head_office"}
    logins = [c["login"] for c in clerks]
    assert len(logins) == len(set(logins))
    for c in clerks:
        assert re.fullmatch(r"[a-z][a-z0-9.]*", c["login"])
        assert c["outlet"] in outlets
        assert c["password"].isascii()
        assert len(c["password"]) >= 8
    assert outlets == {c["outlet"] for c in clerks if c["role"] == "clerk"}
    assert any(
        ord(ch) > 0xFFFF or 0x3400 <= ord(ch) <= 0x4DBF for c in clerks for ch in c["name_zh"]
    )


def test_every_resident_id_is_valid(demo: dict) -> None:
    ids = _resident_ids(demo)
    assert len(ids) >= 30
    assert len(ids) == len(set(ids))
    for number in ids:
        assert _id_ok(number), number
        _birth(number)  # a real date
    assert any(number.endswith("X") for number in ids)


def test_passport_holder_and_id_types(demo: dict) -> None:
    trav = _travellers(demo)
    assert {t["id_type"] for t in trav} <= {"NI", "PP", "ID"}
    smith = [t for t in trav if t["name_zh"] == "SMITH/JOHN"]
    assert len(smith) == 1
    assert smith[0]["id_type"] == "PP"
    for t in trav:
        assert set(t) == {"name_zh", "id_type", "id_number", "mobile", "ffp"}


def test_mobiles(demo: dict) -> None:
    mobiles = [t["mobile"] for t in _travellers(demo)]
    mobiles += [o["mobile"] for u in demo["gp_units"] for o in u["officials"]]
    for m in mobiles:
        assert re.fullmatch(r"1[3589]\d{9}", m), m


def test_walk_ins(demo: dict) -> None:
    walk_ins = [c for c in demo["customers"] if c["kind"] == "walk_in"]
    assert len(walk_ins) >= 6
    assert all(len(c["travellers"]) == 1 for c in walk_ins)
    names = "".join(t["name_zh"] for c in walk_ins for t in c["travellers"])
    assert "·" in names
    births = [
        _birth(t["id_number"]) for c in walk_ins for t in c["travellers"] if t["id_type"] == "NI"
    ]
    assert any(
        _age(b, dt.date(2026, 1, 1)) >= 2 and _age(b, dt.date(2027, 12, 31)) <= 11 for b in births
    )
    assert any(_age(b, dt.date(2027, 3, 31)) < 2 and b <= dt.date(2026, 12, 31) for b in births)


def test_rare_characters_in_traveller_names(demo: dict) -> None:
    names = "".join(t["name_zh"] for t in _travellers(demo))
    assert "\U00020bb7" in names  # 𠮷
    assert "\u36c3" in names  # 㛃


def test_agreement_customers(demo: dict) -> None:
    outlets = {o["code"] for o in demo["outlets"]}
    agreements = [c for c in demo["customers"] if c["kind"] == "agreement"]
    assert len(agreements) >= 6
    for c in agreements:
        assert _uscc_ok(c["uscc"]), c["uscc"]
        assert 2 <= len(c["travellers"]) <= 5
        assert c["outlet"] in outlets
        assert re.fullmatch(r"\d+\.\d{2}", c["credit_limit"])
        Decimal(c["credit_limit"])
    required = {
        "size": {"特大", "大型", "中小", "小型"},
        "sector": {"政", "企"},
        "scope": {"全球", "全国", "区域", "地方"},
        "designated": {True, False},
        "party": {"two", "three"},
        "member": {True, False},
        "settlement": {"now", "monthly"},
    }
    for key, values in required.items():
        assert {c[key] for c in agreements} == values, key
    assert len({c["industry"] for c in agreements}) >= 5
    codes = [c["code"] for c in demo["customers"]]
    assert len(codes) == len(set(codes))


def test_gp_units_and_levels(demo: dict) -> None:
    units = demo["gp_units"]
    assert len(units) >= 5
    officials = [o for u in units for o in u["officials"]]
    for level in ("V1", "V2", "V3", "V4", "V5"):
        assert sum(o["level"] == level for o in officials) >= 2, level
    assert {o["level"] for o in officials} == {"V1", "V2", "V3", "V4", "V5"}
    for o in officials:
        assert o["id_type"] == "NI"
        assert o["title_zh"]


def test_distributors(demo: dict) -> None:
    outlets = {o["code"] for o in demo["outlets"]}
    ds = demo["distributors"]
    assert {d["kind"] for d in ds} == {"hotel", "travel_agency"}
    assert all(d["outlet"] in outlets for d in ds)
    monthly = [d["monthly_tickets"] for d in ds]
    assert any(m < 200 for m in monthly)
    assert any(m >= 200 for m in monthly)
    assert any(m >= 500 for m in monthly)


def test_targets_2012(demo: dict) -> None:
    rows = demo["targets_2012"]
    assert len(rows) == 12
    assert rows[0]["region_zh"] == "呼和浩特"
    assert rows[-1]["region_zh"] == "阿盟"
    totals = demo["meta"]["totals_2012"]
    for key, total in totals.items():
        got = sum(Decimal(str(r[key])) for r in rows)
        assert got == Decimal(str(total)), key
    # docs/domain.md §6: the seed's totals
    assert totals["planned_tickets"] == 130000
    assert totals["stretch_tickets"] == 150000
    assert Decimal(totals["agency_fee_10k_yuan"]) == 260
    assert totals["new_big_customers"] == 350
    assert totals["big_customer_tickets"] == 65000
    assert totals["new_distributors"] == 100
    assert totals["distributor_tickets"] == 30000


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("demo_people_under_test", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "demo.json"
    module.main(out)
    assert out.read_bytes() == DEMO.read_bytes()
