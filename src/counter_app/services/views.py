"""What a service hands back is a frozen dataclass (a view), often of one stored row:
:func:`view_of` builds one from the row's attributes of the same names, with the fields
that differ given."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

V = TypeVar("V", bound="DataclassInstance")


def view_of(cls: type[V], row: object, **given: object) -> V:
    """``cls`` with each field taken from ``given`` when named there, else from the row's
    attribute of that name (an AttributeError when the row has none)."""
    unknown = set(given) - {f.name for f in fields(cls)}
    if unknown:
        raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
    values = {
        f.name: given[f.name] if f.name in given else getattr(row, f.name) for f in fields(cls)
    }
    return cls(**values)
