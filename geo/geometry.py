"""Geometry on lon/lat data: lengths, bounds and the one flip to Leaflet's lat/lon.

GeoJSON stores [lon, lat]; Folium and Leaflet take [lat, lon]. Only ``to_latlon``
flips, so every other name says which order it holds (``lonlat`` or ``latlon``).
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import accumulate

from pyproj import Geod, Transformer
from shapely.geometry import LineString, MultiPoint

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


def vertices_along(lonlats: Sequence[LonLat], count: int) -> list[LonLat]:
    """Up to ``count`` vertices spread evenly along the line by length (the ends only if it has no others).

    Where a label may hang on a road line of thousands of points, without trying every one of them.
    """
    lons, lats = [p[0] for p in lonlats], [p[1] for p in lonlats]
    walked = [0.0, *accumulate(_WGS84.line_lengths(lons, lats))] if len(lonlats) > 1 else [0.0]
    inner = range(1, len(lonlats) - 1) if len(lonlats) > 2 else range(len(lonlats))
    marks = [walked[i] for i in inner]
    picks: list[int] = []
    for k in range(1, count + 1):
        target = walked[-1] * k / (count + 1)
        j = bisect_left(marks, target)
        near = min((c for c in (j - 1, j) if 0 <= c < len(marks)), key=lambda c: abs(marks[c] - target))
        if inner[near] not in picks:
            picks.append(inner[near])
    return [tuple(lonlats[i]) for i in picks]


def join_lines(lines: Iterable[Sequence[LonLat]]) -> list[LonLat]:
    """One path through several lines in order, dropping a point shared by the end of one and the start of the next."""
    path: list[LonLat] = []
    for line in lines:
        points = list(line)
        if path and points and tuple(path[-1]) == tuple(points[0]):
            points = points[1:]
        path.extend(points)
    return path


def simplify_lonlats(lonlats: Sequence[LonLat], tolerance_deg: float) -> list[LonLat]:
    """Fewer points for the browser: Douglas–Peucker (shapely, topology kept) at ``tolerance_deg`` degrees.

    Both ends stay exactly as they were, so parts that meet still meet after simplifying.
    """
    if len(lonlats) < 3:
        return [tuple(p) for p in lonlats]
    simple = LineString(lonlats).simplify(tolerance_deg, preserve_topology=True)
    return [(x, y) for x, y in simple.coords]


def lengths_by_kind(parts: Sequence[Sequence[LonLat]], kinds: Sequence[str],
                    part_km: Sequence[float] | None = None) -> dict[str, float]:
    """Geodesic km of a route's parts, summed by kind ({"road": …, "traced": …}; a kind with no part: 0).

    A gap between two parts belongs to neither: only what is drawn as a part is counted. ``part_km``:
    the parts' lengths if already measured (``Route.part_km``).
    """
    totals = {"road": 0.0, "traced": 0.0}
    lengths = part_km if part_km is not None else [length_km(part) for part in parts]
    for km, kind in zip(lengths, kinds, strict=True):
        totals[kind] = totals.get(kind, 0.0) + km
    return totals


def distances_to_line_m(points: Sequence[LonLat], line: Sequence[LonLat]) -> list[float]:
    """How far (m) each point is from the line: in an azimuthal equidistant projection centred on the line.

    For a line of a few hundred km the projection's error is far below a metre at these distances.
    """
    lons, lats = [p[0] for p in line], [p[1] for p in line]
    centre = ((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2)
    to_plane = Transformer.from_crs("EPSG:4326", f"+proj=aeqd +lon_0={centre[0]} +lat_0={centre[1]} +ellps=WGS84",
                                    always_xy=True)
    drawn = LineString(list(zip(*to_plane.transform(lons, lats))))
    xs, ys = to_plane.transform([p[0] for p in points], [p[1] for p in points])
    return [drawn.distance(p) for p in MultiPoint(list(zip(xs, ys))).geoms]
