"""Geometry on lon/lat data: lengths, bounds and the one flip to Leaflet's lat/lon.

GeoJSON stores [lon, lat]; Folium and Leaflet take [lat, lon]. Only ``to_latlon``
flips, so every other name says which order it holds (``lonlat`` or ``latlon``).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from pyproj import Geod

_WGS84 = Geod(ellps="WGS84")

LonLat = tuple[float, float]


def to_latlon(lonlat: Sequence[float]) -> list[float]:
    """[lon, lat] -> [lat, lon]."""
    return [lonlat[1], lonlat[0]]


def length_km(lonlats: Sequence[LonLat]) -> float:
    """Geodesic length on the WGS84 ellipsoid of the line through ``lonlats``, in km."""
    lons, lats = [p[0] for p in lonlats], [p[1] for p in lonlats]
    return _WGS84.line_length(lons, lats) / 1000.0


def distance_km(a: LonLat, b: LonLat) -> float:
    """Geodesic distance between two [lon, lat] points, in km."""
    return length_km([a, b])


def bounds_latlon(lonlats: Iterable[LonLat]) -> list[list[float]]:
    """[[south, west], [north, east]] of the points, as Leaflet's fitBounds takes it."""
    points = list(lonlats)
    if not points:
        raise ValueError("bounds of no points")
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def midpoint_vertex(lonlats: Sequence[LonLat]) -> LonLat:
    """The vertex nearest to half the line's length: a label spot that lies on the line.

    One call to pyproj for all segments (a long route has 100,000 of them), then a running sum.
    """
    lons, lats = [p[0] for p in lonlats], [p[1] for p in lonlats]
    segments = _WGS84.line_lengths(lons, lats)
    half = sum(segments) / 2
    walked = 0.0
    for point, segment in zip(lonlats[1:], segments):
        walked += segment
        if walked >= half:
            return point
    return lonlats[-1]


def join_lines(lines: Iterable[Sequence[LonLat]]) -> list[LonLat]:
    """One path through several lines in order, dropping a point shared by the end of one and the start of the next."""
    path: list[LonLat] = []
    for line in lines:
        points = list(line)
        if path and points and tuple(path[-1]) == tuple(points[0]):
            points = points[1:]
        path.extend(points)
    return path
