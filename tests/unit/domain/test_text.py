"""Free text typed at the counter: control characters and lone surrogates are refused with
the field and the position of the first one; ordinary text of every script passes."""

from __future__ import annotations

import pytest

from counter_app.domain.errors import DomainError
from counter_app.domain.text import bad_character, check_text, check_texts, describe


@pytest.mark.parametrize("text", [
    "", "请改签，谢谢", "ZHANG/WEI MR", "𠮷野家 ·阿卜杜拉·买买提", "退票 (voluntary) 100%",
    "Ünïcødé — “quotes” ‘and’ emoji 🙂 and ZWJ 👩‍💻", "全角　空格",
])
def test_ordinary_text_passes(text: str) -> None:
    assert bad_character(text) is None
    check_text("note", text)


@pytest.mark.parametrize(("text", "position", "char"), [
    ("请改签\x00谢谢", 4, "U+0000 NUL"),
    ("张\x1b[2J四", 2, "U+001B ESC"),
    ("a\tb", 2, "U+0009 TAB"),
    ("line one\nline two", 9, "U+000A LF"),
    ("\r", 1, "U+000D CR"),
    ("del\x7f", 4, "U+007F DEL"),
    ("c1 \x85", 4, "U+0085 NEL"),
    ("c1 \x9b", 4, "U+009B"),
    ("请改签\ud800谢谢", 4, "U+D800 (lone surrogate)"),
    ("\udfffABC", 1, "U+DFFF (lone surrogate)"),
])
def test_control_characters_and_lone_surrogates_are_refused(
    text: str, position: int, char: str
) -> None:
    with pytest.raises(DomainError) as caught:
        check_text("note", text)
    error = caught.value
    assert (error.code, error.field) == ("invalid_text", "note")
    assert error.params == {"position": position, "char": char}
    assert str(error).startswith("note: ")
    assert char in str(error)


def test_a_multiline_field_allows_tabs_and_line_breaks_but_not_nul() -> None:
    check_text("notes", "月结\n季度对账\r\n\t联系人：王", multiline=True)
    with pytest.raises(DomainError) as caught:
        check_text("notes", "月结\n\x00", multiline=True)
    assert caught.value.params["position"] == 4


def test_the_first_bad_field_is_named() -> None:
    check_texts({"contact_name": "王丽", "notes": None})
    with pytest.raises(DomainError) as caught:
        check_texts({"contact_name": "王丽", "contact_phone": "138\x00", "notes": "\x01"})
    assert caught.value.field == "contact_phone"
    check_texts({"notes": "a\nb"}, multiline=frozenset({"notes"}))


def test_describe_names_the_common_controls() -> None:
    assert describe("\x00") == "U+0000 NUL"
    assert describe("\x01") == "U+0001"
    assert describe("\ud83d") == "U+D83D (lone surrogate)"
