"""Money in yuan with fen (元/分), always :class:`decimal.Decimal`, never float.

Fares are rounded to 10 yuan (票价进整到十元), fees to whole yuan; amounts in the store are
integer fen.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
YUAN = Decimal("1")
TEN_YUAN = Decimal("10")
ZERO = Decimal("0.00")


class MoneyError(ValueError):
    """An amount that is not a valid sum of money."""


def money(value: Decimal | int | str) -> Decimal:
    """Parse ``value`` into a Decimal amount quantised to the fen.

    Floats are refused on purpose: 0.1 + 0.2 is not a sum a cashier can count.
    """
    if isinstance(value, float):
        raise MoneyError("money must not be a float")
    if isinstance(value, bool):
        raise MoneyError("money must not be a bool")
    try:
        amount = Decimal(value) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError) as exc:
        raise MoneyError(f"not an amount: {value!r}") from exc
    if not amount.is_finite():
        raise MoneyError(f"not a finite amount: {value!r}")
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def amount_text(value: Decimal) -> str:
    """An amount as it is sent and stored in documents: yuan with two decimals, no
    grouping (``"1480.00"``, ``"-12.50"``)."""
    return f"{money(value):.2f}"


def round_fen(amount: Decimal) -> Decimal:
    """Round to the fen, half up."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def round_yuan(amount: Decimal) -> Decimal:
    """Round to whole yuan, half up (change and refund fees)."""
    return amount.quantize(YUAN, rounding=ROUND_HALF_UP).quantize(FEN)


def round_fare(amount: Decimal) -> Decimal:
    """Round a fare to 10 yuan, half up: 1480 × 65% = 962 → 960; 965 → 970."""
    tens = (amount / TEN_YUAN).quantize(YUAN, rounding=ROUND_HALF_UP)
    return (tens * TEN_YUAN).quantize(FEN)


def to_fen(amount: Decimal) -> int:
    """Amount in yuan → integer fen, for storage."""
    return int(round_fen(amount) * 100)


def from_fen(fen: int) -> Decimal:
    """Integer fen from storage → amount in yuan."""
    return (Decimal(fen) / 100).quantize(FEN)


def format_yuan(amount: Decimal, symbol: str = "¥") -> str:
    """Human display: ``¥1,234.50``; negative amounts as ``-¥12.00``."""
    amount = round_fen(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}{symbol}{abs(amount):,.2f}"
