"""One infant per adult (婴儿须由成人陪同), the clerk's choices first."""

from __future__ import annotations

import pytest

from counter_app.domain.errors import DomainError
from counter_app.domain.passengers import infant_links
from counter_app.domain.types import PassengerType

A, C, I = PassengerType.ADULT, PassengerType.CHILD, PassengerType.INFANT  # noqa: E741
NAMES = ["甲", "乙", "丙", "丁"]


def test_infants_take_the_free_adults_in_order_after_the_chosen_ones() -> None:
    assert infant_links([A, A, I, I], NAMES, [None, None, 1, None]) == [None, None, 1, 0]
    assert infant_links([A, C, I], NAMES[:3], [None, None, None]) == [None, None, 0]
    assert infant_links([A, C], NAMES[:2], [None, None]) == [None, None]


@pytest.mark.parametrize(("types", "wanted", "code", "params"), [
    ([C, I], [None, None], "infant_without_adult", {"infant": "乙"}),
    ([A, C, I], [None, None, 1], "infant_without_adult", {"infant": "丙"}),
    ([A, I, I], [None, 0, 0], "two_infants_one_adult", {"adult": "甲"}),
    ([A, I, I], [None, None, None], "two_infants_one_adult", {"infants": 2, "adults": 1}),
])
def test_refusals_name_who(types: list[PassengerType], wanted: list[int | None], code: str,
                           params: dict[str, object]) -> None:
    with pytest.raises(DomainError) as info:
        infant_links(types, NAMES[:len(types)], wanted)
    assert info.value.code == code
    assert info.value.field == "passengers"
    assert info.value.params == params
