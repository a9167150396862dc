"""Effective-dated reference tables (按生效日期选用的规则表) and their parsing helpers.

Fares, taxes and fee ladders change several times a year; every table carries an
``effective_from`` date and is in force from that day (inclusive) until the next table's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Protocol, TypeVar, overload

from counter_app.domain.errors import DomainError
from counter_app.domain.money import MoneyError, money

T = TypeVar("T")
E = TypeVar("E", bound=Enum)


class Dated(Protocol):
    """Anything with an ``effective_from`` date."""

    @property
    def effective_from(self) -> date: ...


D = TypeVar("D", bound=Dated)


@overload
def select_effective(items: Sequence[D], on: date, *, field: str = "") -> D: ...


@overload
def select_effective(
    items: Sequence[T], on: date, key: Callable[[T], date], *, field: str = ""
) -> T: ...


def select_effective(
    items: Sequence[T],
    on: date,
    key: Callable[[T], date] | None = None,
    *,
    field: str = "",
) -> T:
    """Return the item in force ``on`` the date: the latest ``effective_from`` <= ``on``.

    Items need not be sorted. When two items share the winning date the first one wins, so
    the answer never depends on anything but the input order.

    Raises ``DomainError("no_rule_in_force", field=field, on=on)`` when every item starts
    after ``on`` (or there are none): selling on a date nobody has priced must stop the
    clerk rather than fall back to a stale guess.
    """
    get = key if key is not None else _effective_from
    best: T | None = None
    best_from: date | None = None
    for item in items:
        starts = get(item)
        if starts <= on and (best_from is None or starts > best_from):
            best, best_from = item, starts
    if best_from is None:
        raise DomainError("no_rule_in_force", field=field, on=on)
    return best  # type: ignore[return-value]  # best_from set ⇒ best set


def _effective_from(item: object) -> date:
    starts = getattr(item, "effective_from", None)
    if not isinstance(starts, date):
        raise TypeError(f"{item!r} has no effective_from date")
    return starts


# --- parsing helpers shared by the reference-table parsers ----------------------------------
# Reference data is produced by tools, not typed by clerks, but a broken file must still
# fail loudly with the offending key instead of selling at a wrong price.


def invalid(field: str, message: str) -> DomainError:
    """The error for a malformed reference-data entry."""
    return DomainError("invalid_reference_data", field=field, message=f"{field}: {message}")


def get_key(entry: object, key: str, where: str) -> object:
    """``entry[key]``, or an ``invalid_reference_data`` error naming ``where.key``."""
    if not isinstance(entry, Mapping):
        raise invalid(where, "expected an object")
    if key not in entry:
        raise invalid(f"{where}.{key}", "missing")
    return entry[key]


def get_list(entry: object, key: str, where: str) -> list[object]:
    value = get_key(entry, key, where)
    if not isinstance(value, list):
        raise invalid(f"{where}.{key}", "expected a list")
    return value


def entries(
    entry: object, key: str, where: str, *, nested: bool = False
) -> Iterator[tuple[str, Mapping[str, object]]]:
    """Each object of the list ``entry[key]`` with the path an error names it by:
    ``key[i]`` at the top of a document, ``where.key[i]`` inside an entry (``nested``)."""
    for i, raw in enumerate(get_list(entry, key, where)):
        path = f"{where}.{key}[{i}]" if nested else f"{key}[{i}]"
        yield path, as_mapping(raw, path)


def parse_field(entry: object, key: str, where: str, parse: Callable[[object, str], T]) -> T:
    """``parse(entry[key])``; an error names the field as ``where.key``."""
    return parse(get_key(entry, key, where), f"{where}.{key}")


Parser = Callable[[object, str], T]


def record(make: Callable[..., T], **fields: Parser[object]) -> Parser[T]:
    """A parser of one JSON object into ``make(**fields)``: each field read by its parser,
    an error naming it as ``where.field``."""

    def parse(value: object, where: str) -> T:
        entry = as_mapping(value, where)
        return make(**{key: parse_field(entry, key, where, read) for key, read in fields.items()})

    return parse


def list_of(item: Parser[T]) -> Parser[tuple[T, ...]]:
    """A parser of a JSON list, each element by ``item`` and named ``where[i]``."""

    def parse(value: object, where: str) -> tuple[T, ...]:
        if not isinstance(value, list):
            raise invalid(where, "expected a list")
        return tuple(item(raw, f"{where}[{i}]") for i, raw in enumerate(value))

    return parse


def parse_list(data: object, key: str, document: str, item: Parser[T]) -> list[T]:
    """The list ``data[key]`` at the top of a reference document, each element by ``item``
    and named ``key[i]``."""
    return [item(e, where) for where, e in entries(data, key, document)]


def parse_date(value: object, field: str) -> date:
    """An ISO ``YYYY-MM-DD`` string."""
    if not isinstance(value, str):
        raise invalid(field, "expected an ISO date string")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise invalid(field, f"not an ISO date: {value!r}") from exc


def parse_money(value: object, field: str) -> Decimal:
    """A money string such as ``"1480.00"``; JSON numbers are refused (floats lie)."""
    if not isinstance(value, str):
        raise invalid(field, "money must be a string")
    try:
        return money(value)
    except MoneyError as exc:
        raise invalid(field, str(exc)) from exc


def parse_decimal(value: object, field: str) -> Decimal:
    """A percentage or rate string such as ``"65"`` or ``"0.95"``; never negative."""
    if not isinstance(value, str):
        raise invalid(field, "expected a decimal string")
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise invalid(field, f"not a number: {value!r}") from exc
    if not number.is_finite() or number < 0:
        raise invalid(field, f"not a non-negative number: {value!r}")
    return number


def parse_int(value: object, field: str) -> int:
    """A non-negative JSON integer."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise invalid(field, "expected a non-negative integer")
    return value


def parse_optional_int(value: object, field: str) -> int | None:
    """A non-negative JSON integer or ``null``."""
    return None if value is None else parse_int(value, field)


def parse_bool(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise invalid(field, "expected true or false")
    return value


def as_mapping(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise invalid(where, "expected an object")
    return value


def as_str(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise invalid(where, "expected a non-empty string")
    return value


def parse_enum(kind: type[E], value: object, where: str) -> E:
    """A member of ``kind`` by its value (``"Y"`` → ``Cabin.ECONOMY``)."""
    try:
        return kind(value)
    except ValueError as exc:
        raise invalid(where, f"unknown value {value!r}") from exc
