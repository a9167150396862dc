"""Finding customers and their travellers among the demo people."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from counter_app.services.customers import (
    CUSTOMER_KINDS,
    CustomerRow,
    find_customers,
    mask_id,
    travellers_of,
)
from counter_app.storage.db import Store

DEMO = Path(__file__).resolve().parents[2] / "resources" / "data" / "demo.json"


@pytest.fixture
def session(populated_store: Store) -> Iterator[Session]:
    with populated_store.read() as s:
        yield s


def _demo() -> dict[str, Any]:
    return json.loads(DEMO.read_text(encoding="utf-8"))


def _codes(rows: list[CustomerRow]) -> set[str]:
    return {r.code for r in rows}


def _by_code(session: Session, code: str) -> CustomerRow:
    rows = [r for r in find_customers(session, code) if r.code == code]
    assert len(rows) == 1
    return rows[0]


def test_everyone_without_text(session: Session) -> None:
    demo = _demo()
    rows = find_customers(session)
    assert len(rows) == len(demo["customers"]) + len(demo["gp_units"]) + len(
        demo["distributors"]
    )
    assert {r.kind for r in rows} == set(CUSTOMER_KINDS)
    assert len(find_customers(session, limit=5)) == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("深圳", {f"GP-SZ-00{i}" for i in range(1, 7)}),
        ("红山", {"AC-0004", "D-CIF-001"}),
        ("统计局", {"AC-0007"}),
        ("乌云其其格", {"WI-0007"}),
    ],
)
def test_by_chinese_substring(session: Session, text: str, expected: set[str]) -> None:
    assert _codes(find_customers(session, text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("baotou", {"AC-0002", "D-BAV-001"}),
        ("BaoTou", {"AC-0002", "D-BAV-001"}),
        (" bao tou ", {"AC-0002", "D-BAV-001"}),
        ("tongjiju", {"AC-0007"}),
        ("chenjie", {"WI-0002"}),
    ],
)
def test_by_pinyin(session: Session, text: str, expected: set[str]) -> None:
    assert _codes(find_customers(session, text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nmg", {"AC-0001", "AC-0003", "AC-0008", "D-HET-002"}),
        ("hhht", {"AC-0007", "D-HET-001"}),
        ("szsrd", {"GP-SZ-003"}),
    ],
)
def test_by_initials(session: Session, text: str, expected: set[str]) -> None:
    assert _codes(find_customers(session, text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AC-0004", {"AC-0004"}),
        ("ac-0004", {"AC-0004"}),
        ("GP-SZ", {f"GP-SZ-00{i}" for i in range(1, 7)}),
        ("d-het", {"D-HET-001", "D-HET-002"}),
    ],
)
def test_by_code(session: Session, text: str, expected: set[str]) -> None:
    assert _codes(find_customers(session, text)) == expected


def test_nothing_found(session: Session) -> None:
    assert find_customers(session, "zzzzqqq") == []
    assert find_customers(session, "火星") == []


@pytest.mark.parametrize("kind", CUSTOMER_KINDS)
def test_kind_filter(session: Session, kind: str) -> None:
    rows = find_customers(session, kind=kind)
    assert rows
    assert {r.kind for r in rows} == {kind}


def test_kind_filter_with_text(session: Session) -> None:
    assert _codes(find_customers(session, "nmg", kind="agreement")) == {
        "AC-0001", "AC-0003", "AC-0008"
    }
    assert _codes(find_customers(session, "nmg", kind="distributor")) == {"D-HET-002"}
    assert find_customers(session, "nmg", kind="gp_unit") == []


def test_customer_row_fields(session: Session) -> None:
    row = _by_code(session, "AC-0002")
    assert row.kind == "agreement"
    assert row.name == "包头市鹿城电力工程有限公司"
    assert row.settlement == "monthly"
    assert row.credit_limit == Decimal("200000.00")
    assert row.uscc == "91150203MA0Q4B8R1E"
    assert row.travellers == 2
    assert row.attributes["industry"] == "电力"
    distributor = _by_code(session, "D-HET-001")
    assert distributor.kind == "distributor"
    assert distributor.travellers == 0
    assert distributor.uscc == ""


def test_travellers_of_an_agreement_customer_are_masked(session: Session) -> None:
    row = _by_code(session, "AC-0002")
    travellers = travellers_of(session, row.id)
    demo = {c["code"]: c for c in _demo()["customers"]}["AC-0002"]["travellers"]
    expected = {t["name_zh"]: t["id_number"] for t in demo}
    assert {t.name for t in travellers} == set(expected)
    for t in travellers:
        full = expected[t.name]
        assert t.id_number == full[:6] + "********" + full[-4:]
        assert full not in t.id_number
        assert t.gp_level == ""


def test_gp_officials_come_highest_level_first(session: Session) -> None:
    unit = _by_code(session, "GP-SZ-002")
    officials = travellers_of(session, unit.id)
    assert [t.gp_level for t in officials] == ["V5", "V4", "V2", "V1"]
    assert officials[0].name == "王建国"
    assert officials[0].id_number == "440304********0155"
    assert all(t.title for t in officials)


def test_travellers_of_unknown_customer(session: Session) -> None:
    assert travellers_of(session, "no-such-id") == []


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("440304196510010155", "440304********0155"),
        ("15060219871020066X", "150602********066X"),
        ("E12345678901", "E12345**8901"),
        ("1234567890", "1234567890"),  # too short to hide anything and keep 6 + 4
        ("568201734", "568201734"),
        ("", ""),
    ],
)
def test_mask_id(number: str, masked: str) -> None:
    assert mask_id(number) == masked


def test_wildcards_are_letters_not_patterns(populated_store: Store) -> None:
    with populated_store.read() as session:
        assert find_customers(session, "%") == []
        assert find_customers(session, "_") == []
