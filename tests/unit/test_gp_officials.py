"""A GP unit's officials created and edited at the counter (services/gp_officials.py):
checks, the local row, the queued gp_official.save, and nothing written on a refusal."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from clock_support import NOW, TODAY
from counter_app.domain.errors import DomainError
from counter_app.domain.gp_officials import clean_official, clean_unit_field
from counter_app.services.customer_edits import edit_customer
from counter_app.services.gp_officials import (
    entitlement_lines,
    meals,
    official_of,
    save_official,
)
from counter_app.storage.db import Store
from counter_app.storage.models import Customer, OutboxEntry, Traveller
from counter_app.sync import protocol
from counter_app.sync.pull import apply_page

NEW = {"name": "张建国", "id_type": "NI", "id_number": "11010519491231002X",
       "mobile": "138 1111 2222", "gp_level": "v4", "title_zh": "处长",
       "seat_pref": "window", "meal_pref": "vegetarian",
       "companions": [{"name": "李秘书", "title": "秘书"}], "notes": "需轮椅"}


def _unit(store: Store, kind: str = "gp_unit") -> str:
    with store.read() as s:
        return s.scalars(select(Customer.id).where(Customer.kind == kind)).first() or ""


def _counts(store: Store) -> tuple[int, int]:
    with store.read() as s:
        return (s.scalar(select(func.count()).select_from(Traveller)) or 0,
                s.scalar(select(func.count()).select_from(OutboxEntry)) or 0)


def _create(store: Store, unit: str, role: str = "director", **changes: Any) -> str:
    with store.unit_of_work() as s:
        saved = save_official(s, unit, {**NEW, **changes}, clerk_login="zhang", role=role,
                              now=NOW, today=TODAY)
        return saved.official_id


def test_a_director_creates_an_official_locally_and_queues_the_op(
        populated_store: Store) -> None:
    unit = _unit(populated_store)
    official_id = _create(populated_store, unit)
    with populated_store.read() as s:
        row = s.get(Traveller, official_id)
        assert row is not None
        assert (row.name, row.gp_level, row.mobile, row.version) == (
            "张建国", "V4", "13811112222", 0)
        assert row.birth_date is not None
        assert row.birth_date.isoformat() == "1949-12-31"
        assert row.attributes == {"seat_pref": "window", "meal_pref": "vegetarian",
                                  "companions": [{"name": "李秘书", "title": "秘书"}],
                                  "notes": "需轮椅"}
        entry = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first()
        assert entry is not None
        assert entry.kind == protocol.OpKind.GP_OFFICIAL_SAVE.value
        assert entry.clerk_login == "zhang"
        payload = entry.payload
    assert payload["official_id"] == official_id
    assert payload["customer_id"] == unit
    assert payload.get("base_version", 0) == 0
    assert not payload.get("base")
    assert payload["changes"]["gp_level"] == "V4"
    assert payload["changes"]["companions"] == [{"name": "李秘书", "title": "秘书"}]
    parsed = protocol.parse_payload(protocol.OpKind.GP_OFFICIAL_SAVE, payload)
    assert isinstance(parsed, protocol.GpOfficialSave)


def test_an_edit_sends_only_the_changed_fields_with_their_base(
        populated_store: Store) -> None:
    unit = _unit(populated_store)
    official_id = _create(populated_store, unit)
    with populated_store.unit_of_work() as s:
        s.get(Traveller, official_id).version = 3  # type: ignore[union-attr]  # as pulled
    with populated_store.unit_of_work() as s:
        saved = save_official(s, unit, {"mobile": "13900001111", "meal_pref": "vegetarian",
                                        "seat_pref": "aisle"},
                              official_id=official_id, clerk_login="li", role="clerk",
                              now=NOW, today=TODAY)
        assert saved.entry is not None
        payload = saved.entry.payload
    assert payload["base_version"] == 3
    assert payload["changes"] == {"mobile": "13900001111", "seat_pref": "aisle"}
    assert payload["base"] == {"mobile": "13811112222", "seat_pref": "window"}
    with populated_store.read() as s:
        shown = official_of(s, unit, official_id)
    assert shown.values["seat_pref"] == "aisle"
    assert shown.version == 3
    # Saving the same values again queues nothing.
    before = _counts(populated_store)
    with populated_store.unit_of_work() as s:
        again = save_official(s, unit, {"mobile": "13900001111"}, official_id=official_id,
                              clerk_login="li", role="clerk", now=NOW, today=TODAY)
    assert again.entry is None
    assert _counts(populated_store) == before


@pytest.mark.parametrize(("changes", "code", "field"), [
    ({"id_number": "110105194912310021"}, "id_check", "id_number"),
    ({"name": "Z"}, "name_format", "name"),
    ({"mobile": "12345"}, "mobile_format", "mobile"),
    ({"gp_level": "V6"}, "gp_level", "gp_level"),
    ({"companions": [{"name": f"随员{i}"} for i in range(9)]}, "gp_companions", "companions"),
    ({"companions": [{"title": "秘书"}]}, "request_person_name", "companions"),
    ({"meal_pref": "steak"}, "request_field_choice", "meal_pref"),
    ({"seat_pref": "wing"}, "request_field_choice", "seat_pref"),
    ({"id_type": "XX"}, "id_type", "id_type"),
    ({"gp_level": ""}, "request_field_required", "gp_level"),
    ({"notes": "x" * 501}, "request_field_too_long", "notes"),
])
def test_bad_input_is_refused_and_nothing_is_written(
        populated_store: Store, changes: dict[str, Any], code: str, field: str) -> None:
    unit = _unit(populated_store)
    before = _counts(populated_store)
    with pytest.raises(DomainError) as caught, populated_store.unit_of_work() as s:
        save_official(s, unit, {**NEW, **changes}, clerk_login="zhang", role="director",
                      now=NOW, today=TODAY)
    assert (caught.value.code, caught.value.field) == (code, field)
    assert _counts(populated_store) == before


def test_eight_companions_pass_and_a_passport_takes_a_latin_name() -> None:
    current = {"name": "", "id_type": "NI"}
    cleaned = clean_official({**NEW, "companions": [{"name": f"随员{i}"} for i in range(8)]},
                             current, meals=meals(), today=TODAY, new=True)
    assert len(cleaned["companions"]) == 8
    passport = clean_official({"id_type": "pp", "name": "zhang/jianguo",
                               "id_number": "E12345678"}, {"name": "张建国"}, meals=meals())
    assert passport == {"id_type": "PP", "name": "ZHANG/JIANGUO", "id_number": "E12345678"}
    # A changed document type checks the name on file again.
    with pytest.raises(DomainError) as caught:
        clean_official({"id_type": "PP", "id_number": "E12345678"}, {"name": "张建国"},
                       meals=meals())
    assert caught.value.code.startswith("name_")


def test_a_clerk_may_not_create_an_official_or_change_a_level(
        populated_store: Store) -> None:
    unit = _unit(populated_store)
    before = _counts(populated_store)
    with pytest.raises(DomainError) as caught, populated_store.unit_of_work() as s:
        save_official(s, unit, NEW, clerk_login="li", role="clerk", now=NOW, today=TODAY)
    assert caught.value.code == "gp_level_needs_director"
    assert _counts(populated_store) == before
    official_id = _create(populated_store, unit)
    before = _counts(populated_store)
    for role in ("clerk", "supervisor"):
        with pytest.raises(DomainError) as caught, populated_store.unit_of_work() as s:
            save_official(s, unit, {"gp_level": "V5"}, official_id=official_id,
                          clerk_login="li", role=role, now=NOW, today=TODAY)
        assert caught.value.code == "gp_level_needs_director"
    assert _counts(populated_store) == before
    with populated_store.read() as s:
        assert s.get(Traveller, official_id).gp_level == "V4"  # type: ignore[union-attr]


def test_only_a_gp_unit_has_officials(populated_store: Store) -> None:
    other = _unit(populated_store, "agreement")
    with pytest.raises(DomainError) as caught, populated_store.unit_of_work() as s:
        save_official(s, other, NEW, clerk_login="zhang", role="director", now=NOW)
    assert caught.value.code == "customer_not_gp_unit"
    with pytest.raises(DomainError) as caught, populated_store.read() as s:
        official_of(s, _unit(populated_store), "no-such-official")
    assert caught.value.code == "traveller_not_found"


def test_what_a_level_entitles_to_in_both_languages() -> None:
    v3 = {line.code: line for line in entitlement_lines("V3")}
    assert v3["meal_preorder"].label_zh == "机上餐食预订"
    assert v3["meal_preorder"].label_en == "In-flight meal pre-order"
    assert "vip_lounge" not in v3
    v5 = {line.code for line in entitlement_lines("V5")}
    assert "vip" in v5
    assert "cip" not in v5
    assert entitlement_lines("") == ()


def test_the_units_bureau_level_and_account_manager_are_edited_like_its_other_fields(
        populated_store: Store) -> None:
    unit = _unit(populated_store)
    with populated_store.unit_of_work() as s:
        entry = edit_customer(s, unit, {"account_manager": " 王经理 ", "gov_level": "municipal",
                                        "bureau": "市财政局"}, clerk_login="li", now=NOW)
        assert entry is not None
        payload = entry.payload
        row = s.get(Customer, unit)
        assert row is not None
        assert row.attributes["account_manager"] == "王经理"
        assert row.attributes["gov_level"] == "municipal"
    assert payload["changes"] == {"account_manager": "王经理", "gov_level": "municipal",
                                  "bureau": "市财政局"}
    assert payload["base"] == {"account_manager": "", "gov_level": "", "bureau": ""}
    with pytest.raises(DomainError) as caught:
        clean_unit_field("gov_level", "galactic")
    assert caught.value.code == "request_field_choice"


def test_a_pulled_official_keeps_the_edit_not_yet_sent(populated_store: Store) -> None:
    unit = _unit(populated_store)
    official_id = _create(populated_store, unit)
    with populated_store.unit_of_work() as s:
        save_official(s, unit, {"seat_pref": "aisle", "mobile": "13900001111"},
                      official_id=official_id, clerk_login="li", role="clerk", now=NOW,
                      today=TODAY)
    # Head office's record as it was before the edit reached it (version 1).
    record = {"id": official_id, "customer_id": unit, "name": "张建国", "id_type": "NI",
              "id_number": "11010519491231002X", "birth_date": "1949-12-31",
              "mobile": "13811112222", "ffp_number": "", "gp_level": "V4",
              "title_zh": "处长", "version": 1,
              "attributes": {"seat_pref": "window", "meal_pref": "vegetarian",
                             "companions": [], "notes": ""}}
    change = protocol.Change(seq=10**9, scope=protocol.Scope.PEOPLE, entity="traveller",
                             key=official_id, op="upsert", data=record)
    with populated_store.unit_of_work() as s:
        apply_page(s, [change], 10**9, NOW)
    with populated_store.read() as s:
        row = s.get(Traveller, official_id)
        assert row is not None
        assert row.version == 1
        assert row.mobile == "13900001111"
        assert row.attributes["seat_pref"] == "aisle"
        # The creation is not sent either: its companions stay too.
        assert row.attributes["companions"] == [{"name": "李秘书", "title": "秘书"}]
