"""Free text typed at the counter (备注、原因、名称、联系人): the characters it may not hold.

A note, a reason, a buyer's or a customer's name goes into an outbox op, into head
office's database and onto paper. Some characters cannot go all the way: PostgreSQL
refuses NUL (U+0000) in text, a lone surrogate (U+D800–U+DFFF, not a character at all) cannot
be written as UTF-8, and the other control characters (ESC, BEL, DEL, C1 controls …) are
never typed on purpose: they come from a paste and garble a receipt or a terminal. Such
text is refused where it is typed, before anything is written, with the field and the
position of the first bad character; nothing is stripped silently, so what the clerk typed
stays for them to correct.

Tab, line feed and carriage return are allowed only in a field that is multi-line
(``multiline=True``); every free-text field of the counter today is a single line.

Refusal: ``invalid_text`` (field: the caller's; params ``position``, 1-based, and ``char``,
e.g. ``U+0000 NUL``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from counter_app.domain.errors import DomainError

INVALID_TEXT = "invalid_text"
LINE_BREAKS = frozenset("\t\n\r")

# Names of the control characters seen in practice (the rest are named by code point only).
_NAMES = {
    0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x09: "TAB", 0x0A: "LF", 0x0B: "VT", 0x0C: "FF",
    0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL", 0x85: "NEL",
}


def describe(ch: str) -> str:
    """``U+0000 NUL``, ``U+D800 (lone surrogate)``, ``U+0001``."""
    code = ord(ch)
    text = f"U+{code:04X}"
    if 0xD800 <= code <= 0xDFFF:
        return f"{text} (lone surrogate)"
    name = _NAMES.get(code)
    return f"{text} {name}" if name else text


def bad_character(value: str, *, multiline: bool = False) -> tuple[int, str] | None:
    """The 0-based index and the character of the first character ``value`` may not hold,
    or None when all are fine."""
    for index, ch in enumerate(value):
        category = unicodedata.category(ch)
        if category == "Cs":
            return index, ch
        if category == "Cc" and not (multiline and ch in LINE_BREAKS):
            return index, ch
    return None


def check_text(field: str, value: str | None, *, multiline: bool = False) -> None:
    """Refuse ``value`` (``invalid_text`` naming ``field``) when it holds a control
    character (tab and line breaks allowed when ``multiline``) or a lone surrogate."""
    if not value:
        return
    found = bad_character(value, multiline=multiline)
    if found is None:
        return
    index, ch = found
    char = describe(ch)
    raise DomainError(
        INVALID_TEXT,
        field=field,
        message=(f"{field}: character {index + 1} is {char}, which text may not hold; "
                 "delete it and type the text again"),
        position=index + 1,
        char=char,
    )


def check_texts(values: Mapping[str, str | None], *, multiline: frozenset[str] = frozenset()
                ) -> None:
    """:func:`check_text` for each ``field: value``, in order (the first refusal wins);
    the fields named in ``multiline`` may hold tabs and line breaks."""
    for field, value in values.items():
        check_text(field, value, multiline=field in multiline)


__all__ = ["INVALID_TEXT", "bad_character", "check_text", "check_texts", "describe"]
