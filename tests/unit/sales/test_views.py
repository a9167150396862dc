"""services/views.py: a view takes the row's attributes of its field names, the fields given
instead, and refuses a given name it has no field for."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from counter_app.services.views import view_of


@dataclass(frozen=True, slots=True)
class _View:
    code: str
    name: str
    count: int = 0


def test_a_view_takes_same_named_attributes_and_the_fields_given() -> None:
    row = SimpleNamespace(code="HET001", name_zh="呼和浩特", count=7, other="ignored")
    assert view_of(_View, row, name=row.name_zh) == _View("HET001", "呼和浩特", 7)
    assert view_of(_View, row, name="x", count=0) == _View("HET001", "x", 0)


def test_a_field_the_row_lacks_and_a_name_the_view_lacks_are_refused() -> None:
    with pytest.raises(AttributeError):
        view_of(_View, SimpleNamespace(code="A", count=1))
    with pytest.raises(TypeError, match="no field nme"):
        view_of(_View, SimpleNamespace(code="A", name="B"), nme="C")
