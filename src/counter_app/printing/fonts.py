"""The bundled CJK fonts, registered with reportlab once per process.

WenQuanYi Zen Hei (a TrueType collection) covers Latin, everyday Chinese and Extension A
(㛃); HanaMinB covers Extension B and beyond (𠮷). reportlab does not fall back between
fonts by itself, so :func:`runs` cuts a text into pieces each font can draw, and the
embedded subsets make the PDF render the same on every machine and printer.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from counter_app.resources import resource

MAIN = "CounterSans"  # WenQuanYi Zen Hei, proportional face of the collection
MONO = "CounterMono"  # WenQuanYi Zen Hei Mono (fixed pitch: serials, ticket numbers)
EXT = "CounterExtB"  # HanaMinB, Extension B and beyond

_lock = threading.Lock()


def _utf16_hex(cp: int) -> str:
    """A code point as the UTF-16BE hex a ToUnicode CMap wants (a surrogate pair above the
    BMP: U+20BB7 is ``D842DFB7``)."""
    return chr(cp).encode("utf-16-be", "surrogatepass").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap with one correction: characters beyond the BMP (𠮷 is
    U+20BB7) are written as UTF-16 surrogate pairs, so copying, searching and ``pdftotext``
    read them back as the character rather than as garbage."""
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ]
    return "\n".join(lines)
_registered = False


def register() -> None:
    """Register the three faces with reportlab (idempotent, thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        zen = str(resource("fonts", "wqy-zenhei.ttc"))
        pdfmetrics.registerFont(TTFont(MAIN, zen, subfontIndex=0))
        pdfmetrics.registerFont(TTFont(MONO, zen, subfontIndex=1))
        pdfmetrics.registerFont(TTFont(EXT, str(resource("fonts", "HanaMinB-ExtB.ttf"))))
        _registered = True


@lru_cache(maxsize=4)
def _cmap(font_name: str) -> frozenset[int]:
    register()
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


def covers(font_name: str, ch: str) -> bool:
    return ord(ch) in _cmap(font_name)


def runs(text: str, font_name: str = MAIN) -> list[tuple[str, str]]:
    """Split ``text`` into ``(font, piece)`` runs: the given font where it has the glyph,
    HanaMinB where only it has it (a character neither has stays with the main font and
    prints as its missing-glyph box)."""
    register()
    main = _cmap(font_name)
    ext = _cmap(EXT)
    out: list[tuple[str, str]] = []
    for ch in text:
        cp = ord(ch)
        name = font_name if cp in main or cp not in ext else EXT
        if out and out[-1][0] == name:
            out[-1] = (name, out[-1][1] + ch)
        else:
            out.append((name, ch))
    return out


def text_width(text: str, size: float, font_name: str = MAIN) -> float:
    """Width in points of ``text`` drawn with fallback."""
    return float(sum(pdfmetrics.stringWidth(piece, name, size)
                     for name, piece in runs(text, font_name)))
