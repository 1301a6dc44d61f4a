"""The map: a document that holds no story, and the story as data for engine.js."""
from __future__ import annotations

import dataclasses
import json
import re

import pytest

from geo.mapbuild import SHELL_FILE, map_data, map_shell_html, pin_anchor
from geo.story import load_story
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def data(story) -> dict:
    return map_data(story)


def test_every_event_has_one_pin_in_story_order(story, data):
    assert [p["id"] for p in data["pins"]] == [e.id for e in story.events]
    assert [p["number"] for p in data["pins"]] == list(range(1, len(story.events) + 1))


def test_pins_keep_their_place_coordinates(story, data):
    for pin in data["pins"]:
        place = story.places[story.event(pin["id"]).place]
        assert pin["latlon"] == [place.lonlat[1], place.lonlat[0]]


def test_pins_at_one_place_sit_in_a_grid(story, data):
    here = [tuple(p["anchor"]) for p in data["pins"] if story.event(p["id"]).place == "stepanakert"]
    assert len(here) == len(set(here)) > 1


def test_both_routes_are_drawn_with_their_length(data):
    labels = {r["id"]: r["label"] for r in data["routes"]}
    assert labels == {"lachin-corridor": "Lachin corridor · 74 km", "goris-yerevan": "Goris–Yerevan (M2) · 236 km"}
    assert all(r["card"]["length"].split(" · ")[0].endswith(f"= {r['label'].split(' · ')[1]}") for r in data["routes"])
    tooltips = {r["id"]: r["tooltip"] for r in data["routes"]}
    assert tooltips["lachin-corridor"].startswith(
        "Lachin corridor road, September 2023 · 50 km real road + 24 km traced (approximate) = 74 km · reported: about 100 km")


def test_routes_come_with_their_parts_real_road_and_traced(story, data):
    for route, drawn in zip(story.routes, data["routes"]):
        assert [p["kind"] for p in drawn["parts"]] == list(route.part_kinds)
        assert [p["name"] for p in drawn["parts"]] == route.properties["part_names"]
        assert [p["latlons"] for p in drawn["parts"]] == [[[lat, lon] for lon, lat in part] for part in route.parts]
        assert "latlons" not in drawn  # the line once, as its parts: engine.js joins them for the traveller
    assert [p["kind"] for p in data["routes"][0]["parts"]] == ["traced", "road"]
    assert "path" not in data


def test_a_route_without_road_is_labelled_traced():
    blank = load_story(ROOT / "templates" / "blank-story")
    (route,) = map_data(blank)["routes"]
    assert route["label"] == "The road · 176 km traced"
    assert [p["kind"] for p in route["parts"]] == ["traced"] and route["parts"][0]["name"] == ""


def test_main_places_are_labelled_without_a_click(data):
    labelled = {p["label"] for p in data["places"] if p["labelled"]}
    assert {"Stepanakert / Khankendi", "Lachin / Berdzor", "Goris", "Yerevan", "Nakhchivan"} <= labelled


def test_place_names_follow_the_reader_s_choice(story):
    names = {p["id"]: p["label"] for p in map_data(story, "azerbaijani")["places"]}
    assert names["stepanakert"] == "Khankendi" and names["lachin"] == "Lachin"


def test_online_tiles_are_offered_by_url_only(data):
    assert data["tiles"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def test_the_shell_serves_every_script_and_style_itself():
    html = map_shell_html()
    sources = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert sources and all(not s.startswith(("http:", "https:", "//")) for s in sources)
    assert {"vendor/leaflet-1.9.3/leaflet.js", "card.js", "engine.js"} <= set(sources)
    assert "jquery" not in html and "bootstrap" not in html


def test_the_served_shell_is_current():
    """geo/web/map.html is what the app serves; scripts/build_map_shell.py writes it."""
    assert SHELL_FILE.read_text(encoding="utf-8") == map_shell_html(), "run python scripts/build_map_shell.py"


def test_the_shell_holds_no_story(story):
    html = map_shell_html(inline=True)
    for text in (story.meta["title"], story.events[0].title, "Stepanakert", "Goris"):
        assert text not in html
    assert "<script src=" not in html and '<link rel="stylesheet"' not in html


def test_story_text_is_plain_data(story):
    """Text travels as it is (engine.js sets it as text): nothing escaped twice, nothing as markup."""
    evil = "<img src=x onerror=alert(1)> & {{ 7*7 }} `${x}`"
    event = dataclasses.replace(story.events[0], title=evil)
    hostile = dataclasses.replace(story, events=[event, *story.events[1:]])
    assert map_data(hostile)["pins"][0]["title"] == evil


def test_building_the_map_leaves_the_story_unchanged(story):
    before = repr(story)
    json.dumps(map_data(story))
    assert repr(story) == before


def test_pins_at_one_place_do_not_overlap():
    anchors = [pin_anchor(i, 6) for i in range(6)]
    assert len(set(anchors)) == 6
    assert pin_anchor(0, 1) == (14, 38)
    assert pin_anchor(0, 1, "bottom") == (14, -10)
