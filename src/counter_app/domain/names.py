"""Passenger names (旅客姓名) as they go into the PNR and onto the ticket.

Two forms exist:

- Chinese names (中文姓名) for resident IDs and most other documents: 2–30 characters of
  CJK ideographs, including the rare ones of Extensions A–I and the compatibility block
  (生僻字 such as 𠮷 and 㛃), with the middle dot ``·`` of minority names (阿卜杜拉·买买提).
  When a character cannot be typed, the PNR carries its pinyin in capitals after the
  characters that can (``王XIAO``).
- Passport names (英文姓名): ``SURNAME/GIVEN NAMES`` in capital latin letters.

A ticket's name cannot be changed to another person; airlines only correct obvious typos
(:func:`name_correction_allowed`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from counter_app.domain.errors import DomainError
from counter_app.domain.ids import IdType

FIELD_NAME = "name"
MIDDLE_DOT = "·"  # U+00B7, the form the GDS and the receipt use
# Dots a clerk's IME produces instead of U+00B7: bullet, full-width full stop, katakana
# middle dot (and its half-width form), hyphenation point.
_DOT_VARIANTS = frozenset("•．・･‧")
CHINESE_NAME_MIN = 2
CHINESE_NAME_MAX = 30
PASSPORT_NAME_MAX = 55

# CJK ideograph blocks (inclusive code point ranges).
_CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    (0x20000, 0x2A6DF),  # Extension B
    (0x2A700, 0x2B73F),  # Extension C
    (0x2B740, 0x2B81F),  # Extension D
    (0x2B820, 0x2CEAF),  # Extension E
    (0x2CEB0, 0x2EBEF),  # Extension F
    (0x2EBF0, 0x2EE5F),  # Extension I
    (0x2F800, 0x2FA1F),  # Compatibility Ideographs Supplement
    (0x30000, 0x3134F),  # Extension G
    (0x31350, 0x323AF),  # Extension H
)
_LATIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph of any block a Chinese name may use (and 〇)."""
    code = ord(ch)
    if ch == "〇":  # ideographic zero, found in a few real given names
        return True
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _fold(text: str) -> str:
    """Full-width latin letters → ASCII and ideographic space → space.

    Not NFKC: that would rewrite compatibility ideographs (U+F900 …) into other characters
    and so change the name on the ticket.
    """
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E and ch != "．":
            out.append(chr(code - 0xFEE0))
        elif ch == "\u3000":
            out.append(" ")
        elif ch in _DOT_VARIANTS:
            out.append(MIDDLE_DOT)
        else:
            out.append(ch)
    return "".join(out)


# --- Chinese names ----------------------------------------------------------------------------


def validate_chinese_name(name: str) -> str:
    """Check a Chinese name and return it normalised (no spaces, ``·`` dots, capital pinyin)."""
    text = "".join(_fold(name).split())  # a space is never part of a Chinese name in the PNR
    if not text:
        raise DomainError("name_empty", field=FIELD_NAME)
    for ch in text:
        if not (is_cjk(ch) or ch == MIDDLE_DOT or ch.upper() in _LATIN):
            raise DomainError("name_chars", field=FIELD_NAME, char=ch)
    text = text.upper()
    if not is_cjk(text[0]):
        raise DomainError("name_format", field=FIELD_NAME)
    # CJK part (with single dots between ideographs), then an optional pinyin tail.
    tail_start = next((i for i, ch in enumerate(text) if ch in _LATIN), len(text))
    head, tail = text[:tail_start], text[tail_start:]
    if any(ch not in _LATIN for ch in tail):
        raise DomainError("name_format", field=FIELD_NAME)
    if head.endswith(MIDDLE_DOT) or MIDDLE_DOT * 2 in head:
        raise DomainError("name_format", field=FIELD_NAME)
    if not CHINESE_NAME_MIN <= len(text) <= CHINESE_NAME_MAX:
        raise DomainError(
            "name_length",
            field=FIELD_NAME,
            length=len(text),
            min=CHINESE_NAME_MIN,
            max=CHINESE_NAME_MAX,
        )
    return text


# --- passport names ---------------------------------------------------------------------------


def validate_passport_name(name: str) -> str:
    """Check a ``SURNAME/GIVEN NAMES`` name and return it upper-case, single-spaced."""
    text = _fold(name).strip()
    if not text:
        raise DomainError("name_empty", field=FIELD_NAME)
    for ch in text:
        if ch not in "/ " and ch.upper() not in _LATIN:
            raise DomainError("name_chars", field=FIELD_NAME, char=ch)
    if text.count("/") != 1:
        raise DomainError("name_format", field=FIELD_NAME)
    surname_raw, given_raw = text.upper().split("/")
    surname = surname_raw.strip()
    given = " ".join(given_raw.split())
    # The GDS has no spaces in a surname (VAN DER BERG is written VANDERBERG); refusing
    # rather than silently joining keeps the clerk aware of what goes on the ticket.
    if not surname or not given or " " in surname:
        raise DomainError("name_format", field=FIELD_NAME)
    result = f"{surname}/{given}"
    if len(result) > PASSPORT_NAME_MAX:
        raise DomainError(
            "name_length", field=FIELD_NAME, length=len(result), max=PASSPORT_NAME_MAX
        )
    return result


# --- by document type -------------------------------------------------------------------------


def _looks_latin(name: str) -> bool:
    text = _fold(name).strip()
    return "/" in text or (bool(text) and text[0].upper() in _LATIN)


def validate_passenger_name(name: str, id_type: IdType) -> str:
    """Check a passenger name for the document it travels on and return it normalised.

    Passports take the latin ``SURNAME/GIVEN`` form. Other documents (港澳通行证, 台胞证,
    军官证 ...) mostly carry Chinese names, but a foreigner's permanent-residence card does
    not, so for them a name with a slash is taken as a latin name.
    """
    if id_type is IdType.PASSPORT:
        return validate_passport_name(name)
    if id_type is IdType.OTHER and _looks_latin(name):
        return validate_passport_name(name)
    return validate_chinese_name(name)


def pnr_name(name: str) -> str:
    """The name as written in the PNR: Chinese as-is (normalised), latin as SURNAME/GIVEN.

    The form is recognised from the text: a slash or a leading latin letter means latin.
    """
    if _looks_latin(name):
        return validate_passport_name(name)
    return validate_chinese_name(name)


# --- name corrections -------------------------------------------------------------------------


class CorrectionCode(StrEnum):
    """Why a name correction is, or is not, accepted."""

    UNCHANGED = "unchanged"
    PUNCTUATION = "punctuation"  # only the middle dots differ
    ONE_CHAR_TYPO = "one_char_typo"  # one Chinese character wrong (同音字 etc.)
    SPACING = "spacing"  # only the spaces of a latin name differ
    CHANGE_OF_PERSON = "change_of_person"  # 更换乘机人: not allowed on a ticket


@dataclass(frozen=True, slots=True)
class NameCorrection:
    """The verdict on a requested name correction."""

    allowed: bool
    code: CorrectionCode


def name_correction_allowed(old: str, new: str) -> NameCorrection:
    """May a ticket's name be corrected from ``old`` to ``new``?

    The airline rule: a ticket belongs to one person and cannot be transferred; only an
    obvious typo may be corrected — at most one wrong character of a Chinese name (same
    length), a missing or extra middle dot, or the spacing of a latin name. Both names must
    be valid names (the new one raises its :class:`DomainError` otherwise).
    """
    before, after = pnr_name(old), pnr_name(new)
    if before == after:
        return NameCorrection(True, CorrectionCode.UNCHANGED)
    latin_before, latin_after = "/" in before, "/" in after
    if latin_before != latin_after:
        return NameCorrection(False, CorrectionCode.CHANGE_OF_PERSON)
    if latin_before:
        if before.replace(" ", "") == after.replace(" ", ""):
            return NameCorrection(True, CorrectionCode.SPACING)
        return NameCorrection(False, CorrectionCode.CHANGE_OF_PERSON)
    bare_before, bare_after = before.replace(MIDDLE_DOT, ""), after.replace(MIDDLE_DOT, "")
    if bare_before == bare_after:
        return NameCorrection(True, CorrectionCode.PUNCTUATION)
    if len(bare_before) == len(bare_after):
        differing = sum(a != b for a, b in zip(bare_before, bare_after, strict=True))
        # Any one position, surname included (张 → 章 is a typical homophone slip).
        if differing == 1:
            return NameCorrection(True, CorrectionCode.ONE_CHAR_TYPO)
    return NameCorrection(False, CorrectionCode.CHANGE_OF_PERSON)
