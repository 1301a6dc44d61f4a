"""The routes follow the real road where OpenStreetMap has it, are traced (and say so) where it has not, and are
rebuilt from the OSM files by scripts/build_routes.py; the Hakari bridge checkpoint sits on the OSM bridge."""
from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import shutil
import sys

import pytest
from pyproj import Geod

from geo.cards import route_card, route_lengths, route_summary
from geo.geometry import distances_to_line_m, join_lines
from geo.story import load_story
from tests.conftest import DATA, ROOT

ROADS = DATA / "context" / "roads"
LINES = {"lachin-corridor": "lachin_corridor_2022_partial_osm.geojson", "goris-yerevan": "m2_goris_yerevan_osm.geojson"}
_WGS84 = Geod(ellps="WGS84")


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_routes", ROOT / "scripts" / "build_routes.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


builder = _load_builder()


@pytest.fixture(scope="module")
def ways() -> dict:
    with gzip.open(ROADS / "osm_major_roads.json.gz", "rt", encoding="utf-8") as f:
        return json.load(f)


def _osm_line(route_id: str) -> tuple[list[tuple[float, float]], list[int]]:
    feature = json.loads((ROADS / LINES[route_id]).read_text(encoding="utf-8"))["features"][0]
    return [tuple(p) for p in feature["geometry"]["coordinates"]], feature["properties"]["osm_way_ids"]


def _km(line) -> float:
    """Geodesic length with pyproj directly, not through geo.geometry."""
    return _WGS84.line_length([p[0] for p in line], [p[1] for p in line]) / 1000


def _waypoints() -> dict[int, tuple[float, float]]:
    with (DATA / "context" / "route_waypoints.csv").open(encoding="utf-8") as f:
        return {int(r["order"]): (float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f) if r["lat"]}


def _route(story, route_id):
    return next(r for r in story.routes if r.id == route_id)


# --- reproducible from the OSM files ----------------------------------------------------------------------------

def test_the_builder_reproduces_routes_geojson():
    assert builder.routes_text(builder.build(DATA)) == (DATA / "routes.geojson").read_text(encoding="utf-8")


def test_the_builder_needs_only_the_story_folder_s_context(tmp_path):
    """Nothing outside data/context is read (not ../shared): a copy of context/ alone gives the same routes."""
    shutil.copytree(DATA / "context", tmp_path / "context")
    assert builder.build(tmp_path) == builder.build(DATA)
    shutil.rmtree(tmp_path / "context" / "roads")
    with pytest.raises(FileNotFoundError):  # the road lines come from the folder it is given, nowhere else
        builder.build(tmp_path)


def test_the_road_lines_are_chains_of_osm_ways(ways):
    """Every point of an OSM line is an OSM node and every segment joins two consecutive nodes of a way it lists:
    the lines were routed over the ways, not drawn by hand."""
    node_at = {tuple(v): int(k) for k, v in ways["nodes"].items()}
    by_id = {w["id"]: w for w in ways["ways"]}
    for route_id in LINES:
        line, way_ids = _osm_line(route_id)
        edges = {frozenset(pair) for w in way_ids for pair in zip(by_id[w]["nodes"], by_id[w]["nodes"][1:])}
        assert all(p in node_at for p in line), route_id
        assert all(frozenset((node_at[a], node_at[b])) in edges for a, b in zip(line, line[1:])), route_id


def test_the_drawn_road_is_the_osm_line_simplified(story):
    """A road part's points are points of the OSM line, in order, ends kept: nothing invented, nothing moved."""
    for route_id in LINES:
        full, _ = _osm_line(route_id)
        route = _route(story, route_id)
        (drawn,) = [p for p, k in zip(route.parts, route.part_kinds) if k == "road"]
        rounded = [(round(x, 6), round(y, 6)) for x, y in full]
        at = [rounded.index(p) for p in drawn]
        assert at == sorted(at) and at[0] == 0 and at[-1] == len(full) - 1, route_id
        assert len(drawn) < len(full) / 4, route_id  # simplified: 316 of 1,989 and 686 of 3,557 points


def test_every_osm_road_point_lies_on_the_drawn_route(story):
    """Within 12 m (the simplification's 0.0001°; the drawn line is at most 11 m off) of the route as drawn."""
    for route_id in LINES:
        full, _ = _osm_line(route_id)
        off = distances_to_line_m(full, _route(story, route_id).lonlats)
        assert max(off) < 12, (route_id, max(off))


def test_the_routes_meet_at_goris_and_their_parts_meet(story):
    corridor, m2 = _route(story, "lachin-corridor"), _route(story, "goris-yerevan")
    assert corridor.lonlats[-1] == m2.lonlats[0] == (46.34485, 39.50583)
    for route in story.routes:
        assert all(a[-1] == b[0] for a, b in zip(route.parts, route.parts[1:])), route.id
        assert list(route.lonlats) == join_lines(route.parts)


# --- traced stretches are marked --------------------------------------------------------------------------------

def test_the_traced_stretches_are_marked_as_such_in_the_data(story):
    raw = {f["properties"]["id"]: f for f in json.loads((DATA / "routes.geojson").read_text(encoding="utf-8"))["features"]}
    assert raw["lachin-corridor"]["properties"]["part_kinds"] == ["traced", "road"]
    assert raw["goris-yerevan"]["properties"]["part_kinds"] == ["road", "traced"]
    assert all(f["geometry"]["type"] == "MultiLineString" for f in raw.values())
    assert raw["lachin-corridor"]["properties"]["part_names"] == ["Stepanakert → Mets Shen", "Mets Shen → Goris"]
    assert raw["goris-yerevan"]["properties"]["part_names"] == [
        "Goris → Yerevan's southern edge", "Yerevan's southern edge → Yerevan (city centre)"]
    for feature in raw.values():
        assert feature["properties"]["road_source"].startswith("© OpenStreetMap contributors, ODbL 1.0; OSM state of 2025-12-01")


def test_traced_parts_go_through_documented_points_and_meet_the_road(story):
    """Every point of a traced part is a documented waypoint, in order, or the end of the road part it meets."""
    waypoints = _waypoints()
    corridor, m2 = _route(story, "lachin-corridor"), _route(story, "goris-yerevan")
    trace, road = corridor.parts
    assert list(trace[:-1]) == [waypoints[o] for o in (1, 2, 3, 5)]  # Stepanakert, Shusha, Lisagor, Mets Shen
    assert trace[-1] == road[0]  # joined at the north end of OSM way 373362981, near Mets Shen
    road, trace = m2.parts
    assert trace == (road[-1], waypoints[19])  # from the end of the M-2 ways to the Yerevan point


def test_the_yerevan_gap_is_not_closed_by_a_detour(ways):
    line, _ = _osm_line("goris-yerevan")
    closed, why = builder.close_by_ways(ways, line[-1], _waypoints()[19])
    assert closed is None
    assert why == ("the shortest path over the OSM ways of the extract is 31.6 km, 2.6 times the 12.2 km straight "
                   "line: a detour, not the road driven")


def test_a_gap_the_ways_can_close_becomes_road():
    """The other branch: three ways that lead almost straight to the goal are taken, node by node."""
    nodes = {"1": [44.0, 40.0], "2": [44.01, 40.0], "3": [44.02, 40.001], "4": [44.5, 40.5]}
    ways = {"nodes": nodes, "ways": [{"id": 1, "tags": {}, "nodes": [1, 2]}, {"id": 2, "tags": {}, "nodes": [2, 3]},
                                     {"id": 3, "tags": {}, "nodes": [1, 4, 3]}]}
    closed, why = builder.close_by_ways(ways, (44.0, 40.0), (44.0201, 40.0011))
    assert closed == [(44.0, 40.0), (44.01, 40.0), (44.02, 40.001)]
    assert why.startswith("the OSM ways close it: 1.7 km")


def test_the_note_says_where_the_trace_meets_the_road_and_both_lengths(story):
    corridor, m2 = (_route(story, i).properties["note"] for i in ("lachin-corridor", "goris-yerevan"))
    assert "it joins the real road near Mets Shen (order 5), 0.5 km from its point" in corridor
    assert "50.1 km as drawn, simplified at 0.0001°, about 10 m; 50.5 km at full detail" in corridor
    assert "Traced, approximate (23.9 km): Stepanakert → Mets Shen" in corridor
    assert "it leaves the real road near Masis (order 18), 1.9 km from its point" in m2
    assert "224.0 km as drawn, simplified at 0.0001°, about 10 m; 224.5 km at full detail" in m2
    assert "Traced, approximate (12.2 km)" in m2


# --- lengths by pyproj ------------------------------------------------------------------------------------------

def test_lengths_by_pyproj_full_detail_and_drawn(story):
    """Full detail as the roads README states it (50.47 and 224.48 km); the drawn lines lose under 0.5 km."""
    expected_full = {"lachin-corridor": 50.47, "goris-yerevan": 224.48}
    for route_id, full_km in expected_full.items():
        full, _ = _osm_line(route_id)
        route = _route(story, route_id)
        (drawn,) = [p for p, k in zip(route.parts, route.part_kinds) if k == "road"]
        assert round(_km(full), 2) == full_km
        assert 0 < _km(full) - _km(drawn) < 0.5
    corridor, m2 = _route(story, "lachin-corridor"), _route(story, "goris-yerevan")
    assert round(_km(corridor.parts[0]), 1) == 23.9 and round(_km(m2.parts[1]), 1) == 12.2
    assert [route_lengths(r) for r in story.routes] == [(50, 24), (224, 12)]
    # Both totals stay below the reported road distances (the traces are lower bounds).
    assert [sum(route_lengths(r)) for r in story.routes] == [74, 236]
    assert all(sum(route_lengths(r)) < r.reported_distance_km for r in story.routes)


def test_the_card_says_real_road_and_traced_apart(story):
    corridor, m2 = _route(story, "lachin-corridor"), _route(story, "goris-yerevan")
    assert route_summary(corridor) == ("50 km real road + 24 km traced (approximate) = 74 km · reported: about 100 km; "
                                       "the drive took as long as 20 hours in the September 2023 queues")
    assert route_summary(m2) == "224 km real road + 12 km traced (approximate) = 236 km · reported: about 254 km by road"
    assert route_card(corridor)["parts_note"] == (
        "Real road, from OpenStreetMap (© OpenStreetMap contributors): Mets Shen → Goris, 50 km. "
        "Traced through documented points, approximate: Stepanakert → Mets Shen, 24 km.")
    assert route_card(m2)["length"] == route_summary(m2)


def test_a_route_without_road_is_all_traced():
    blank = load_story(ROOT / "templates" / "blank-story")
    (route,) = blank.routes
    assert route.part_kinds == ("traced",) and route.parts == (route.lonlats,)
    assert route_summary(route) == "176 km traced (approximate)"
    assert route_card(route)["parts_note"] == "Traced through documented points, approximate: 176 km."


# --- the Hakari bridge checkpoint on the bridge -----------------------------------------------------------------

def test_the_hakari_checkpoint_is_the_osm_bridge_midpoint(story, ways):
    place = story.places["hakari-bridge"]
    midpoint = builder.hakari_bridge_midpoint(ways)
    assert place.lonlat == (round(midpoint[0], 5), round(midpoint[1], 5)) == (46.57153, 39.5658)
    # The same point as the midpoint the shared roads README gives (39.56580 N, 46.57153 E).
    bridge = json.loads((ROADS / "hakari_bridge_osm.geojson").read_text(encoding="utf-8"))["features"][1]
    assert _WGS84.inv(*midpoint, *bridge["geometry"]["coordinates"])[2] < 0.5
    assert place.geonames_id is None
    assert place.coord_source.startswith("OpenStreetMap way 1253835351 (the Hakari bridge, bridge=yes): the midpoint")
    assert "© OpenStreetMap contributors, ODbL 1.0" in place.coord_source
    assert "The checkpoint stands at this bridge" in place.coord_source
    assert "checkpoint" in place.note


def test_the_checkpoint_lies_on_the_drawn_corridor_road(story):
    """Before, the ±3 km estimate sat 1.6 km from the bridge; now the drawn road passes through it."""
    corridor = _route(story, "lachin-corridor")
    assert distances_to_line_m([story.places["hakari-bridge"].lonlat], corridor.lonlats)[0] < 15
