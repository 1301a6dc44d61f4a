"""Geometry: the one lon/lat flip, geodesic lengths, and routes that follow the documented road."""
from __future__ import annotations

import csv

import pytest

from geo.geometry import bounds_latlon, distance_km, length_km, midpoint_vertex, to_latlon
from tests.conftest import DATA


def test_to_latlon_flips_once():
    assert to_latlon([46.7528, 39.8177]) == [39.8177, 46.7528]


def test_distance_agrees_with_the_haversine_formula():
    # Yerevan to Goris centres: 172.8 km on a sphere of radius 6371.0088 km; the WGS84 ellipsoid
    # differs from the sphere by well under 0.5 %.
    assert distance_km((44.5126, 40.17765), (46.34168, 39.51111)) == pytest.approx(172.8, rel=0.005)


def test_length_adds_up_segments():
    points = [(44.0, 40.0), (44.5, 40.0), (45.0, 40.0)]
    assert length_km(points) == pytest.approx(distance_km(points[0], points[2]), rel=1e-4)


def test_bounds_are_south_west_north_east():
    assert bounds_latlon([(44.5, 40.2), (46.8, 39.2)]) == [[39.2, 44.5], [40.2, 46.8]]


def test_midpoint_vertex_is_a_vertex():
    points = [(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (10.0, 0.0)]
    assert midpoint_vertex(points) == (10.0, 0.0)
    assert midpoint_vertex(points[:3]) == (1.0, 0.0)


def _waypoints() -> list[tuple[float, float]]:
    with (DATA / "context" / "route_waypoints.csv").open(encoding="utf-8") as f:
        return [(float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f) if r["lat"]]


def test_routes_are_traces_through_documented_points_in_order(story):
    waypoints = _waypoints()
    for route in story.routes:
        indices = [waypoints.index(p) for p in route.lonlats]  # ValueError = an invented vertex
        assert indices == sorted(indices), route.id
        assert len(route.lonlats) >= 9, route.id


def test_routes_are_not_straight_lines_and_stay_below_the_road_distance(story):
    for route in story.routes:
        traced = length_km(route.lonlats)
        straight = distance_km(route.lonlats[0], route.lonlats[-1])
        assert traced > straight * 1.1, route.id
        assert traced < route.reported_distance_km, route.id


def test_route_lengths(story):
    lengths = {r.id: round(length_km(r.lonlats)) for r in story.routes}
    assert lengths == {"lachin-corridor": 55, "goris-yerevan": 200}
