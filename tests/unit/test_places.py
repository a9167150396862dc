"""City and airport lookup as a clerk types, over the real bundled airports."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.places import AirportInfo, PlaceIndex, normalise_query

AIRPORTS = Path(__file__).resolve().parents[2] / "resources" / "data" / "airports.json"
INNER_MONGOLIA = ["HET", "BAV", "WUA", "CIF", "HLD", "HLH", "TGO", "XIL", "UCB", "DSN", "RLK",
                  "AXF"]


@cache
def airports() -> dict[str, AirportInfo]:
    rows = json.loads(AIRPORTS.read_text(encoding="utf-8"))["airports"]
    return {
        a["iata"]: AirportInfo(
            iata=a["iata"],
            name_zh=a["name_zh"],
            city_zh=a["city_zh"],
            province_zh=a.get("province_zh", ""),
            city_en=a.get("city_en", ""),
            city_pinyin=a["city_pinyin"],
            city_initials=a["city_initials"],
            airport_pinyin=a.get("airport_pinyin", ""),
            name_en=a.get("name_en", ""),
        )
        for a in rows
    }


@cache
def index() -> PlaceIndex:
    return PlaceIndex(airports().values())


def test_index_holds_every_airport() -> None:
    assert len(index()) == len(airports())
    szx = index().airport("szx")
    assert szx is not None
    assert szx.codes == ("SZX",)
    assert index().airport("ZZZ") is None


@pytest.mark.parametrize("typed", ["sz", "shenzhen", "深圳", "SZX", "szx", " Shenzhen ", "SZ"])
def test_shenzhen_every_way_it_is_typed(typed: str) -> None:
    offers = index().lookup(typed)
    assert offers
    assert offers[0].codes == ("SZX",)
    assert offers[0].city_zh == "深圳"
    resolved = index().resolve(typed)
    assert resolved is not None
    assert resolved.codes == ("SZX",)


@pytest.mark.parametrize("typed", ["北京", "beijing", "Beijing", " BEIJING "])
def test_beijing_resolves_to_the_whole_city(typed: str) -> None:
    place = index().resolve(typed)
    assert place is not None
    assert place.is_city
    assert place.city_zh == "北京"
    assert {"PEK", "PKX"} <= set(place.codes)
    offers = index().lookup(typed)
    assert offers[0] == place
    # The city first, then each of its airports.
    assert {p.code for p in offers[1:3]} == {"PEK", "PKX"}


def test_bj_is_ambiguous_but_offers_beijing_first() -> None:
    assert airports()["BFJ"].city_initials == "bj"  # 毕节 shares the initials
    assert index().resolve("bj") is None
    offers = index().lookup("bj")
    assert offers[0].city_zh == "北京"
    assert offers[0].is_city
    assert "毕节" in {p.city_zh for p in offers}


@pytest.mark.parametrize(
    ("typed", "code"),
    [("hhht", "HET"), ("baotou", "BAV"), ("xian", "XIY"), ("Xi'an", "XIY"), ("xi an", "XIY"),
     ("西安", "XIY"), ("Hohhot", "HET"), ("包头", "BAV")],
)
def test_resolves_first(typed: str, code: str) -> None:
    assert index().lookup(typed)[0].codes == (code,)
    resolved = index().resolve(typed)
    assert resolved is not None
    assert resolved.codes == (code,)


@pytest.mark.parametrize("code", INNER_MONGOLIA)
def test_inner_mongolia_by_code_city_and_pinyin(code: str) -> None:
    airport = airports()[code]
    assert airport.province_zh == "内蒙古"
    for typed in (code, code.lower(), airport.city_zh, airport.city_pinyin):
        offers = index().lookup(typed)
        assert offers, typed
        assert offers[0].codes == (code,), typed
        resolved = index().resolve(typed)
        assert resolved is not None, typed
        assert resolved.codes == (code,), typed


@pytest.mark.parametrize("typed", ["zzzz", "qqqqq", "火星", "!!!"])
def test_unknown_text(typed: str) -> None:
    assert index().lookup(typed) == []
    assert index().resolve(typed) is None


@pytest.mark.parametrize("typed", ["", "   ", "'", "-·."])
def test_empty_text_offers_nothing(typed: str) -> None:
    assert normalise_query(typed) == ""
    assert index().lookup(typed) == []
    assert index().resolve(typed) is None


def test_a_single_letter_is_never_resolved() -> None:
    assert len(index().lookup("s")) == 12
    assert index().resolve("s") is None


@given(st.text())
def test_lookup_never_raises_or_exceeds_the_default_limit(text: str) -> None:
    offers = index().lookup(text)
    assert len(offers) <= 12
    index().resolve(text)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=6), st.integers(0, 30))
def test_lookup_respects_any_limit(text: str, limit: int) -> None:
    offers = index().lookup(text, limit=limit)
    assert len(offers) <= limit
    assert len(set(offers)) == len(offers)
