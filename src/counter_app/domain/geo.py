"""Great-circle distance between airports (航距), which picks the fuel-surcharge band."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    """Haversine distance in whole kilometres, rounded to the nearest km.

    Floats are fine here: a distance is not money, and only its band (≤800 km or more)
    reaches a price.
    """
    for lat in (lat1, lat2):
        if not -90.0 <= lat <= 90.0:
            raise ValueError(f"latitude out of range: {lat}")
    for lon in (lon1, lon2):
        if not -180.0 <= lon <= 180.0:
            raise ValueError(f"longitude out of range: {lon}")
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    # Rounding error can push h a hair above 1 for antipodes; asin would then fail.
    h = min(1.0, max(0.0, h))
    return round(2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h)))
