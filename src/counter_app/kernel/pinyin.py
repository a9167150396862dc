"""Pinyin (拼音) of Chinese names, so a clerk can find 张伟 by typing ``zw`` or ``zhangwei``."""

from __future__ import annotations


def pinyin_of(text: str) -> tuple[str, str]:
    """Full pinyin and initials of a Chinese name, for type-ahead search."""
    from pypinyin import Style, lazy_pinyin  # heavy (its dictionaries): only when needed

    syllables = [s for s in lazy_pinyin(text, style=Style.NORMAL) if s.isascii() and s.isalnum()]
    return "".join(syllables).lower(), "".join(s[0] for s in syllables).lower()
