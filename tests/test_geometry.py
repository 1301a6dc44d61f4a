"""Geometry: the one lon/lat flip, geodesic lengths, simplifying, and routes that follow the documented road."""
from __future__ import annotations

import csv

import pytest

from geo.geometry import (bounds_latlon, distance_km, distances_to_line_m, length_km, lengths_by_kind, midpoint_vertex,
                          simplify_lonlats, to_latlon, vertices_along)
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


def test_traced_parts_are_traces_through_documented_points_in_order(story):
    """A traced part invents no vertex: its points are waypoints, in order, besides the road ends it meets."""
    waypoints = _waypoints()
    for route in story.routes:
        road_ends = {p[i] for p, k in zip(route.parts, route.part_kinds) if k == "road" for i in (0, -1)}
        for part, kind in zip(route.parts, route.part_kinds):
            if kind == "traced":
                indices = [waypoints.index(p) for p in part if p not in road_ends]  # ValueError = an invented vertex
                assert indices and indices == sorted(indices), route.id


def test_routes_are_not_straight_lines_and_stay_below_the_road_distance(story):
    for route in story.routes:
        drawn = sum(lengths_by_kind(route.parts, route.part_kinds).values())
        straight = distance_km(route.lonlats[0], route.lonlats[-1])
        assert drawn > straight * 1.1, route.id
        assert drawn < route.reported_distance_km, route.id


def test_route_lengths_by_kind(story):
    lengths = {r.id: {k: round(v, 1) for k, v in lengths_by_kind(r.parts, r.part_kinds).items()} for r in story.routes}
    assert lengths == {"lachin-corridor": {"road": 50.1, "traced": 23.9}, "goris-yerevan": {"road": 224.0, "traced": 12.2}}


def test_lengths_by_kind_leave_a_gap_out():
    parts = [[(44.0, 40.0), (44.5, 40.0)], [(45.0, 40.0), (45.5, 40.0)]]
    km = lengths_by_kind(parts, ["road", "traced"])
    assert km["road"] == pytest.approx(length_km(parts[0])) and km["traced"] == pytest.approx(length_km(parts[1]))
    assert lengths_by_kind(parts[:1], ["traced"]) == {"road": 0.0, "traced": pytest.approx(length_km(parts[0]))}


def test_simplify_keeps_the_ends_and_drops_points_within_the_tolerance():
    line = [(44.0, 40.0), (44.001, 40.00003), (44.002, 40.0), (44.003, 40.001), (44.004, 40.0)]
    assert simplify_lonlats(line, 0.0001) == [(44.0, 40.0), (44.002, 40.0), (44.003, 40.001), (44.004, 40.0)]
    assert simplify_lonlats(line[:2], 1.0) == line[:2]


def test_distances_to_line_in_metres():
    line = [(46.0, 39.5), (46.0, 39.6)]  # a meridian
    near, far = distances_to_line_m([(46.0, 39.55), (46.01, 39.55)], line)
    assert near < 0.01
    assert far == pytest.approx(distance_km((46.0, 39.55), (46.01, 39.55)) * 1000, rel=1e-3)


def test_vertices_along_are_spread_by_length_and_skip_the_ends():
    points = [(float(x), 0.0) for x in range(11)]
    assert vertices_along(points, 4) == [(2.0, 0.0), (4.0, 0.0), (6.0, 0.0), (8.0, 0.0)]
    assert vertices_along([(0.0, 0.0), (1.0, 0.0), (9.0, 0.0)], 3) == [(1.0, 0.0)]
    assert vertices_along([(0.0, 0.0), (1.0, 0.0)], 3) == [(0.0, 0.0), (1.0, 0.0)]
