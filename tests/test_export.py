"""geo.export: the GeoJSON carries the whole story; events.csv round-trips exactly."""
from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from geo.export import events_csv, to_geojson, write_geojson_text
from geo.story import EVENT_COLUMNS, EVENTS_FILE, Story, load_story

DATA = Path(__file__).resolve().parent.parent / "data"

PLACE_KEYS = {"kind", "id", "name", "names", "geonames_id", "coord_source", "note",
              "name_armenian_usage", "name_azerbaijani_usage", "labelled"}
ROUTE_KEYS = {"kind", "id", "name", "length_km"}
EVENT_KEYS = {"kind", "id", "place", "date", "date_precision", "date_text", "title", "summary", "quote",
              "quote_kind", "speaker", "place_note", "line", "number"}


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(DATA)


@pytest.fixture(scope="module")
def features(story: Story) -> dict[str, list[dict]]:
    by_kind: dict[str, list[dict]] = {"place": [], "route": [], "event": []}
    for feature in to_geojson(story)["features"]:
        by_kind[feature["properties"]["kind"]].append(feature)
    return by_kind


def test_geojson_is_a_feature_collection_with_the_story_meta(story: Story) -> None:
    data = to_geojson(story)
    assert data["type"] == "FeatureCollection"
    assert data["story"] == story.meta
    assert all(f["type"] == "Feature" for f in data["features"])


def test_every_place_with_its_properties(story: Story, features: dict) -> None:
    assert [f["properties"]["id"] for f in features["place"]] == list(story.places)
    for feature in features["place"]:
        props, place = feature["properties"], story.places[feature["properties"]["id"]]
        assert set(props) == PLACE_KEYS
        assert props["name"] == place.label("both")
        assert props["names"] == place.all_names
        assert props["geonames_id"] == place.geonames_id
        assert props["labelled"] is place.labelled
        assert feature["geometry"] == {"type": "Point", "coordinates": [place.lonlat[0], place.lonlat[1]]}


def test_every_route_with_its_length_and_properties(story: Story, features: dict) -> None:
    assert [f["properties"]["id"] for f in features["route"]] == [r.id for r in story.routes]
    for feature, route in zip(features["route"], story.routes):
        props = feature["properties"]
        assert ROUTE_KEYS | set(route.properties) == set(props)
        assert feature["geometry"]["type"] == "LineString"
        assert feature["geometry"]["coordinates"] == [list(p) for p in route.lonlats]
        # A trace through settlement centres is a lower bound on the road distance.
        assert 0 < props["length_km"] < route.reported_distance_km
        assert props["length_km"] == round(props["length_km"], 1)


def test_every_event_on_its_place_in_story_order(story: Story, features: dict) -> None:
    assert [f["properties"]["id"] for f in features["event"]] == [e.id for e in story.events]
    for number, (feature, event) in enumerate(zip(features["event"], story.events), 1):
        props = feature["properties"]
        assert set(props) == EVENT_KEYS
        assert props["number"] == number
        assert isinstance(props["line"], int) and props["line"] == event.line
        assert {k: props[k] for k in EVENT_KEYS - {"kind", "number"}} == {
            k: getattr(event, k) for k in EVENT_KEYS - {"kind", "number"}}
        lon, lat = story.places[event.place].lonlat
        assert feature["geometry"] == {"type": "Point", "coordinates": [lon, lat]}


def test_geojson_text_is_json_and_keeps_non_ascii_names(story: Story) -> None:
    text = write_geojson_text(story)
    assert text.endswith("}\n")
    assert json.loads(text) == to_geojson(story)
    assert "Xankəndi" in text


def _load_with_events(tmp_path: Path, csv_text: str) -> Story:
    folder = tmp_path / "story"
    shutil.copytree(DATA, folder)
    (folder / EVENTS_FILE).write_text(csv_text, encoding="utf-8", newline="")
    return load_story(folder)


def test_events_csv_header_is_the_event_columns(story: Story) -> None:
    assert events_csv(story).splitlines()[0] == ",".join(EVENT_COLUMNS)


def test_events_csv_round_trips(story: Story, tmp_path: Path) -> None:
    assert _load_with_events(tmp_path, events_csv(story)).events == story.events


def test_events_csv_round_trips_awkward_text(story: Story, tmp_path: Path) -> None:
    # Commas, quotes and line breaks need quoting; a lone "\r" is one the csv module does not quote.
    first = dataclasses.replace(story.events[0], summary='=1+2, a "quoted" word;\nsecond line', place_note="one\rtwo")
    events = [first, *story.events[1:]]
    edited = dataclasses.replace(story, events=events)
    assert _load_with_events(tmp_path, events_csv(edited)).events == events
