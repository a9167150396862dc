"""Passenger names: Chinese, passport, PNR form and name corrections."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.errors import DomainError
from counter_app.domain.ids import IdType
from counter_app.domain.names import (
    CorrectionCode,
    NameCorrection,
    is_cjk,
    name_correction_allowed,
    pnr_name,
    validate_passenger_name,
)

NI = IdType.RESIDENT
PP = IdType.PASSPORT
OTHER = IdType.OTHER


def _error(name: str, id_type: IdType) -> DomainError:
    with pytest.raises(DomainError) as exc:
        validate_passenger_name(name, id_type)
    assert exc.value.field == "name"
    return exc.value


# --- Chinese names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("张三", "张三"),
        ("  欧阳娜娜 ", "欧阳娜娜"),
        ("张 三", "张三"),  # spaces are never part of a Chinese name
        ("𠮷野家", "𠮷野家"),  # U+20BB7, Extension B
        ("王㛃", "王㛃"),  # U+36C3, Extension A
        ("李豈", "李豈"),  # U+F900 compatibility ideograph kept as typed
        ("阿卜杜拉·买买提", "阿卜杜拉·买买提"),
        ("阿卜杜拉•买买提", "阿卜杜拉·买买提"),
        ("阿卜杜拉．买买提", "阿卜杜拉·买买提"),
        ("阿卜杜拉・买买提", "阿卜杜拉·买买提"),
        ("王XIAO", "王XIAO"),
        ("王xiao", "王XIAO"),  # pinyin tail upper-cased
        ("王ｘｉａｏ", "王XIAO"),  # full-width latin folded
        ("李〇", "李〇"),
        ("王X", "王X"),
    ],
)
def test_chinese_name_ok(name: str, expected: str) -> None:
    assert validate_passenger_name(name, NI) == expected


def test_chinese_name_for_other_documents() -> None:
    assert validate_passenger_name("陈大文", OTHER) == "陈大文"


@pytest.mark.parametrize("name", ["", "   ", "\u3000"])
def test_chinese_name_empty(name: str) -> None:
    assert _error(name, NI).code == "name_empty"


@pytest.mark.parametrize(
    ("name", "char"),
    [("张3", "3"), ("张-三", "-"), ("张三。", "。"), ("김철수", "김"), ("张/三", "/")],
)
def test_chinese_name_chars(name: str, char: str) -> None:
    err = _error(name, NI)
    assert err.code == "name_chars"
    assert err.params == {"char": char}


@pytest.mark.parametrize(
    "name",
    [
        "XIAO王",  # latin before ideographs
        "王XIAO明",  # ideograph after the pinyin tail
        "·买买提",  # leading dot
        "买买提·",  # trailing dot
        "阿卜杜拉··买买提",  # double dot
        "阿卜杜拉·XIAO",  # dot right before the pinyin tail
    ],
)
def test_chinese_name_format(name: str) -> None:
    assert _error(name, NI).code == "name_format"


@pytest.mark.parametrize("name", ["张", "张" * 31])
def test_chinese_name_length(name: str) -> None:
    err = _error(name, NI)
    assert err.code == "name_length"
    assert err.params == {"length": len(name), "min": 2, "max": 30}


def test_chinese_name_length_limits_inclusive() -> None:
    assert validate_passenger_name("张" * 30, NI) == "张" * 30
    # 𠮷 is one character even though it needs two UTF-16 units
    assert validate_passenger_name("𠮷" * 30, NI) == "𠮷" * 30


@pytest.mark.parametrize(
    "ch",
    [
        "\u4e00",
        "\u9fff",
        "\u3400",
        "\u4dbf",
        "\U00020000",
        "\U0002a6df",
        "\U00030000",
        "\U0002f800",
    ],
)
def test_is_cjk_block_edges(ch: str) -> None:
    assert is_cjk(ch)


@pytest.mark.parametrize("ch", ["A", "·", "\u33ff", "\u3041", "ア", "\U0001f600", "가"])
def test_is_cjk_rejects(ch: str) -> None:
    assert not is_cjk(ch)


_cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


@given(st.text(alphabet=_cjk, min_size=2, max_size=30))
def test_property_cjk_names_round_trip(name: str) -> None:
    assert validate_passenger_name(name, NI) == name
    assert validate_passenger_name(validate_passenger_name(name, NI), NI) == name


# --- passport names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SMITH/JOHN", "SMITH/JOHN"),
        ("smith/john paul", "SMITH/JOHN PAUL"),
        ("  Smith / John   Paul ", "SMITH/JOHN PAUL"),
        ("ZHANG/SAN", "ZHANG/SAN"),
        ("ＳＭＩＴＨ／ＪＯＨＮ", "SMITH/JOHN"),
    ],
)
def test_passport_name_ok(name: str, expected: str) -> None:
    assert validate_passenger_name(name, PP) == expected


@pytest.mark.parametrize(
    "name", ["SMITH", "SMITH/JOHN/PAUL", "/JOHN", "SMITH/", "SMITH/  ", "VAN DER BERG/ANNA"]
)
def test_passport_name_format(name: str) -> None:
    assert _error(name, PP).code == "name_format"


@pytest.mark.parametrize(
    ("name", "char"),
    [("O'BRIEN/JAMES", "'"), ("SMITH/JEAN-PAUL", "-"), ("张/三", "张"), ("SMITH2/J", "2")],
)
def test_passport_name_chars(name: str, char: str) -> None:
    err = _error(name, PP)
    assert err.code == "name_chars"
    assert err.params == {"char": char}


def test_passport_name_empty() -> None:
    assert _error("  ", PP).code == "name_empty"


def test_passport_name_length() -> None:
    ok = "A" * 20 + "/" + "B" * 34  # 55
    assert validate_passenger_name(ok, PP) == ok
    err = _error(ok + "C", PP)
    assert err.code == "name_length"
    assert err.params == {"length": 56, "max": 55}


def test_length_counted_after_normalising_spaces() -> None:
    name = "A" * 20 + "/   " + "B" * 34  # 58 typed, 55 normalised
    assert len(validate_passenger_name(name, PP)) == 55


def test_other_document_with_latin_name() -> None:
    # 外国人永久居留身份证 holders have latin names
    assert validate_passenger_name("muller/hans", OTHER) == "MULLER/HANS"


# --- pnr_name ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("张三", "张三"),
        ("阿卜杜拉•买买提", "阿卜杜拉·买买提"),
        ("王xiao", "王XIAO"),
        ("smith/john  paul", "SMITH/JOHN PAUL"),
    ],
)
def test_pnr_name(name: str, expected: str) -> None:
    assert pnr_name(name) == expected


def test_pnr_name_latin_without_slash_refused() -> None:
    with pytest.raises(DomainError) as exc:
        pnr_name("JOHN SMITH")
    assert exc.value.code == "name_format"


# --- corrections -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "allowed", "code"),
    [
        ("张三", "张三", True, CorrectionCode.UNCHANGED),
        ("王小明", "王晓明", True, CorrectionCode.ONE_CHAR_TYPO),
        ("张三", "章三", True, CorrectionCode.ONE_CHAR_TYPO),
        ("王XIAO", "王XIAN", True, CorrectionCode.ONE_CHAR_TYPO),
        ("阿卜杜拉买买提", "阿卜杜拉·买买提", True, CorrectionCode.PUNCTUATION),
        ("阿卜杜拉•买买提", "阿卜杜拉·买买提", True, CorrectionCode.UNCHANGED),
        ("SMITH/JOHNPAUL", "SMITH/JOHN PAUL", True, CorrectionCode.SPACING),
        ("smith/john", "SMITH/JOHN", True, CorrectionCode.UNCHANGED),
        ("王小明", "李小红", False, CorrectionCode.CHANGE_OF_PERSON),
        ("王小明", "王小", False, CorrectionCode.CHANGE_OF_PERSON),  # a character dropped
        ("王小明", "王小明明", False, CorrectionCode.CHANGE_OF_PERSON),
        ("SMITH/JOHN", "SMITH/JOAN", False, CorrectionCode.CHANGE_OF_PERSON),
        ("SMITH/JOHN", "JOHN/SMITH", False, CorrectionCode.CHANGE_OF_PERSON),
        ("张三", "ZHANG/SAN", False, CorrectionCode.CHANGE_OF_PERSON),
    ],
)
def test_name_correction(old: str, new: str, allowed: bool, code: CorrectionCode) -> None:
    assert name_correction_allowed(old, new) == NameCorrection(allowed, code)


def test_name_correction_invalid_new_name_raises() -> None:
    with pytest.raises(DomainError) as exc:
        name_correction_allowed("张三", "张3")
    assert exc.value.code == "name_chars"


@given(st.text(alphabet=_cjk, min_size=2, max_size=10), st.integers(0, 9), _cjk)
def test_property_one_substitution_always_allowed(name: str, pos: int, ch: str) -> None:
    pos %= len(name)
    new = name[:pos] + ch + name[pos + 1 :]
    verdict = name_correction_allowed(name, new)
    assert verdict.allowed
    assert verdict.code is (
        CorrectionCode.UNCHANGED if new == name else CorrectionCode.ONE_CHAR_TYPO
    )
