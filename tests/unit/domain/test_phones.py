"""One mobile-number rule (手机号码) for the sale page, the sale services and lookups."""

from __future__ import annotations

import pytest

from counter_app.domain.errors import DomainError
from counter_app.domain.phones import is_mobile, mobile_digits, normalise_mobile

ACCEPTED = [
    ("13800138000", "13800138000"),
    ("138 0013 8000", "13800138000"),
    ("138-0013-8000", "13800138000"),
    (" 138 - 0013 - 8000 ", "13800138000"),
    ("１３８００１３８０００", "13800138000"),  # full-width, from a Chinese input method
    ("138\u30000013\u30008000", "13800138000"),  # ideographic spaces
    ("+86 138 0013 8000", "13800138000"),
    ("+86-13800138000", "13800138000"),
    ("0086 13800138000", "13800138000"),
    ("19912345678", "19912345678"),
    ("", ""),
    ("   ", ""),
]

REFUSED = [
    "12345",
    "1380013800",  # 10 digits
    "138001380000",  # 12 digits
    "12800138000",  # 12x is no mobile prefix
    "10800138000",
    "23800138000",
    "138.0013.8000",  # dots are not a way of writing it
    "(138)00138000",
    "138O0138000",  # a letter O for a zero
    "8613800138000",  # a country code without its + or 00
    "+86",
]


@pytest.mark.parametrize(("typed", "stored"), ACCEPTED, ids=[a[0] or "empty" for a in ACCEPTED])
def test_the_ways_a_mobile_is_written_are_normalised(typed: str, stored: str) -> None:
    assert normalise_mobile(typed) == stored
    assert is_mobile(typed) == bool(stored)


@pytest.mark.parametrize("typed", REFUSED)
def test_other_numbers_are_refused_naming_the_field(typed: str) -> None:
    with pytest.raises(DomainError) as caught:
        normalise_mobile(typed)
    assert caught.value.code == "mobile_format"
    assert caught.value.field == "mobile"
    assert caught.value.params["mobile"] == typed.strip()
    assert not is_mobile(typed)


def test_the_contact_mobile_is_refused_on_its_own_field() -> None:
    with pytest.raises(DomainError) as caught:
        normalise_mobile("138-0013-800", field="contact_mobile")
    assert caught.value.field == "contact_mobile"


def test_digits_are_taken_without_checking() -> None:
    assert mobile_digits("+86 123") == "123"
    assert mobile_digits("1-2 3") == "123"
