"""Mobile numbers (手机号码) of passengers and booking contacts: the one rule.

A mainland mobile number has 11 digits, ``1`` then ``3``–``9`` (13x–19x; 10x–12x are not
mobile numbers). Clerks copy numbers as travellers say or show them, so the usual ways of
writing one are taken and normalised to the 11 digits:

- groups split by spaces or hyphens: ``138 0013 8000``, ``138-0013-8000``;
- full-width digits and spaces from a Chinese input method: ``１３８００１３８０００``;
- the country code in front: ``+86 138 0013 8000``, ``0086-13800138000``.

Anything else (letters, dots, brackets, a digit too many or too few) is refused with the
code ``mobile_format``: a wrong number on a booking is worse than none, since the airline's
delay and cancellation messages go to it.

The GUI, the sale services and any lookup by mobile use :func:`normalise_mobile`, so a
number typed with dashes is stored, searched and compared as its 11 digits.
"""

from __future__ import annotations

import re

from counter_app.domain.errors import DomainError
from counter_app.domain.ids import normalise_code

FIELD_MOBILE = "mobile"
_MOBILE = re.compile(r"1[3-9]\d{9}")
_SEPARATORS = re.compile(r"[\s\-]+")
_COUNTRY_CODES = ("+86", "0086")


def mobile_digits(text: str) -> str:
    """The number as typed, without separators, full-width folded and the country code
    taken off; not checked (``""`` for an empty field)."""
    compact = _SEPARATORS.sub("", normalise_code(text))
    for prefix in _COUNTRY_CODES:
        if compact.startswith(prefix) and len(compact) > len(prefix):
            return compact[len(prefix):]
    return compact


def is_mobile(text: str) -> bool:
    """True when ``text`` is a mobile number in one of the accepted ways of writing it."""
    return bool(_MOBILE.fullmatch(mobile_digits(text)))


def normalise_mobile(text: str, field: str = FIELD_MOBILE) -> str:
    """The 11 digits of a mobile number, or ``""`` for an empty field.

    Refusal: ``mobile_format`` on ``field`` (``mobile`` for a passenger's,
    ``contact_mobile`` for a booking's contact), with the text as typed in ``mobile``.
    """
    digits = mobile_digits(text)
    if not digits:
        return ""
    if not _MOBILE.fullmatch(digits):
        raise DomainError("mobile_format", field=field, mobile=text.strip())
    return digits
