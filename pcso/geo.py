"""Small plane geometry on GeoJSON, enough for neighbourhoods, hotspots and published crime
points without PostGIS (the core offers it to every app). GeoJSON positions are [longitude, latitude]."""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

EARTH_RADIUS_M = 6_371_000
# A hotspot is a small place: from a doorway to a large park.
MIN_RADIUS_M, MAX_RADIUS_M = 5, 2_000
RADIUS_RANGE = format_lazy(
    _("The radius must be between {low} and {high} metres."), low=MIN_RADIUS_M, high=f"{MAX_RADIUS_M:,}"
)
NEEDS_RADIUS = _("A point needs a radius in metres.")


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two points given in degrees."""
    phi1, phi2 = radians(lat1), radians(lat2)
    dphi, dlambda = phi2 - phi1, radians(lon2 - lon1)
    a = sin(dphi / 2) ** 2 + cos(phi1) * cos(phi2) * sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * asin(sqrt(a))


def _in_ring(lat: float, lon: float, ring: list) -> bool:
    """Ray casting: count the ring's edges crossed by a ray from the point towards the east."""
    inside = False
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        if (y1 > lat) != (y2 > lat):
            x_cross = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < x_cross:
                inside = not inside
    return inside


def point_in_polygon(lat: float, lon: float, polygon: dict | None) -> bool:
    """Is the point inside a GeoJSON Polygon (holes excluded) or MultiPolygon?"""
    if not polygon:
        return False
    kind, coordinates = polygon.get("type"), polygon.get("coordinates") or []
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon":
        polygons = coordinates
    else:
        return False
    for rings in polygons:
        if rings and _in_ring(lat, lon, rings[0]) and not any(_in_ring(lat, lon, h) for h in rings[1:]):
            return True
    return False


def centre(geometry: dict | None) -> tuple[float, float] | None:
    """(latitude, longitude) of a Point, or the mean of a Polygon's outer ring corners."""
    if not geometry:
        return None
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Point" and coordinates:
        return float(coordinates[1]), float(coordinates[0])
    if kind == "Polygon" and coordinates and coordinates[0]:
        ring = coordinates[0]
        if len(ring) > 1 and ring[0] == ring[-1]:
            ring = ring[:-1]
        return sum(p[1] for p in ring) / len(ring), sum(p[0] for p in ring) / len(ring)
    return None


def _ring_problem(ring) -> str | None:
    if not isinstance(ring, list) or len(ring) < 4 or ring[0] != ring[-1]:
        return _("A polygon needs at least three corners and must close on its first corner.")
    for position in ring:
        if not isinstance(position, list) or len(position) < 2:
            return _("The area's coordinates are not in GeoJSON form.")
        lon, lat = float(position[0]), float(position[1])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return _("The polygon has a corner that is not a valid longitude and latitude.")
    return None


def validate_area(geometry, radius_m) -> str | None:
    """Why this is not a usable hotspot area, or None: a Polygon (its outer ring and every hole),
    or a Point with a radius."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "Point"):
        return _("The area must be a GeoJSON Polygon or Point.")
    coordinates = geometry.get("coordinates")
    try:
        if geometry["type"] == "Point":
            lon, lat = float(coordinates[0]), float(coordinates[1])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                return _("The point is not a valid longitude and latitude.")
            if not radius_m:
                return NEEDS_RADIUS
        else:
            if not isinstance(coordinates, list) or not coordinates:
                return _("The area's coordinates are not in GeoJSON form.")
            for ring in coordinates:
                problem = _ring_problem(ring)
                if problem:
                    return problem
    except (TypeError, ValueError, IndexError, KeyError):
        return _("The area's coordinates are not in GeoJSON form.")
    if radius_m is not None and not MIN_RADIUS_M <= radius_m <= MAX_RADIUS_M:
        return RADIUS_RANGE
    return None
