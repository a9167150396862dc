"""Great-circle distances between airports."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.geo import great_circle_km

PEK = (40.080101, 116.584999)
SZX = (22.639299, 113.810997)
HET = (40.851398, 111.823997)
BAV = (40.560001, 109.997002)


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        (PEK, SZX, 1957),  # spherical law of cosines gives 1956.84
        (HET, BAV, 157),  # 157.37
        ((0.0, 0.0), (0.0, 1.0), 111),  # one degree of the equator: 6371·π/180 = 111.19
        ((0.0, 0.0), (0.0, 180.0), 20015),  # half the circumference, no asin domain error
        ((90.0, 0.0), (-90.0, 0.0), 20015),
    ],
)
def test_known_distances(a: tuple[float, float], b: tuple[float, float], km: int) -> None:
    assert great_circle_km(*a, *b) == km


def test_same_point_is_zero() -> None:
    assert great_circle_km(*PEK, *PEK) == 0


@pytest.mark.parametrize(("lat", "lon"), [(91.0, 0.0), (-90.5, 0.0), (0.0, 180.5), (0.0, -181.0)])
def test_out_of_range(lat: float, lon: float) -> None:
    with pytest.raises(ValueError, match="out of range"):
        great_circle_km(lat, lon, 0.0, 0.0)


coords = st.tuples(st.floats(-90, 90), st.floats(-180, 180))


@given(a=coords, b=coords)
def test_symmetric_and_bounded(a: tuple[float, float], b: tuple[float, float]) -> None:
    d = great_circle_km(*a, *b)
    assert d == great_circle_km(*b, *a)
    assert 0 <= d <= 20015
