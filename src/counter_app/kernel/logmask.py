"""Masking of personal data and secrets in log records (日志脱敏), for both programs.

A :class:`MaskingFilter` on a handler rewrites every record that passes it: the message,
each of its arguments, the formatted exception and the stack are masked before any
formatter sees them. What is masked:

- 18-character resident ID numbers (17 digits and a digit or ``X``);
- the value of any ``id_number`` / ``id_no`` field (a passport or other document number),
  as ``key=value``, ``key: value`` or ``"key": "value"``;
- bearer tokens (``Bearer <token>``) and the values of ``access_token``,
  ``refresh_token``, ``token`` and ``password`` fields;
- enrollment codes: the value of a ``code`` field shaped like one (10 characters of the
  code alphabet, as typed: any case, spaces or dashes); error codes (snake_case) stay.

:func:`install` puts the filter on every handler of the root logger (and of the loggers
named), so records of every logger that propagates there are masked.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping

MASK = "***"

_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_QUOTE = r"""["']?"""
_VALUE = r"""(?P<q>["']?)(?P<value>[^"'\s,;&}\])]+)"""
_SECRET_FIELDS = re.compile(
    rf"(?P<key>\b(?:[a-z_]*id_(?:number|no)|access_token|refresh_token|token|password)"
    rf"{_QUOTE}\s*[:=]\s*){_VALUE}",
    re.IGNORECASE,
)
_BEARER = re.compile(r"(?P<key>\bBearer\s+)(?P<value>[A-Za-z0-9._~+/=-]+)", re.IGNORECASE)
_CODE_FIELD = re.compile(
    rf"(?P<key>\b(?:enroll(?:ment)?_)?code{_QUOTE}\s*[:=]\s*)(?P<q>[\"']?)"
    r"(?P<value>[A-HJ-NP-Za-hj-np-z2-9 -]{10,19})(?P=q)",
    re.IGNORECASE,
)
_CODE_CHARS = frozenset("ABCDEFGHJKMNPQRSTUVWXYZ23456789")


def _masked_value(match: re.Match[str]) -> str:
    return f"{match.group('key')}{match.group('q') if 'q' in match.groupdict() else ''}{MASK}"


def _masked_code(match: re.Match[str]) -> str:
    typed = "".join(ch for ch in match.group("value").upper() if ch not in " -")
    if len(typed) != 10 or not set(typed) <= _CODE_CHARS:
        return match.group(0)
    q = match.group("q")
    return f"{match.group('key')}{q}{MASK}{q}"


def mask(text: str) -> str:
    """``text`` with ID numbers, tokens and enrollment codes replaced by ``***``."""
    text = _BEARER.sub(_masked_value, text)
    text = _SECRET_FIELDS.sub(_masked_value, text)
    text = _CODE_FIELD.sub(_masked_code, text)
    return _RESIDENT_ID.sub(MASK, text)


class _Masked:
    """An argument that is not text, masked both as ``%s`` and as ``%r`` would show it."""

    __slots__ = ("_repr", "_str")

    def __init__(self, value: object) -> None:
        self._str = mask(str(value))
        self._repr = mask(repr(value))

    def __str__(self) -> str:
        return self._str

    def __repr__(self) -> str:
        return self._repr


def _masked_arg(value: object) -> object:
    """A log argument with its text masked; numbers stay numbers (for ``%d``)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return mask(value) if isinstance(value, str) else _Masked(value)


class MaskingFilter(logging.Filter):
    """Mask a record's message, arguments, exception and stack through :func:`mask`; never
    drops a record. The arguments stay arguments (uvicorn's access formatter unpacks them),
    each masked on its own; when a secret shows only once they are filled in (``Bearer
    %s`` and the token as its argument), the message is stored filled in and masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        elif record.msg is not None:
            record.msg = mask(str(record.msg))
        if isinstance(record.args, Mapping):
            record.args = {key: _masked_arg(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_masked_arg(value) for value in record.args)
        if record.args:
            try:
                filled = record.getMessage()
            except Exception:  # a bad format string: logging reports it when it formats
                filled = None
            if filled is not None and mask(filled) != filled:
                record.msg, record.args = mask(filled), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


def install(logger_names: Iterable[str] = ()) -> MaskingFilter:
    """Put one :class:`MaskingFilter` on every handler of the root logger and of the loggers
    named (a handler that has it already is left alone); the filter, to add to handlers
    made later."""
    found = MaskingFilter()
    for name in ("", *logger_names):
        for handler in logging.getLogger(name or None).handlers:
            if not any(isinstance(f, MaskingFilter) for f in handler.filters):
                handler.addFilter(found)
    return found
