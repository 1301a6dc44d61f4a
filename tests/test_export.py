"""geo.export: the GeoJSON carries the whole story and rebuilds it; events.csv round-trips exactly."""
from __future__ import annotations

import copy
import csv
import dataclasses
import io
import itertools
import json
import shutil
from pathlib import Path

import pytest

from geo.csvio import FORMULA_START, neutralise_cell, unneutralise_cell
from geo.export import events_csv, geojson_to_files, to_geojson, write_geojson_text
from geo.story import (
    ARTICLE_FILE,
    article_lines,
    EVENT_COLUMNS,
    EVENTS_FILE,
    PLACE_FIELDS,
    PLACES_FILE,
    REQUIRED_FILES,
    ROUTES_FILE,
    STORY_FILE,
    Story,
    load_story,
    parse_story,
    read_folder,
)

DATA = Path(__file__).resolve().parent.parent / "data"

PLACE_KEYS = {"kind", "id", "name", "names", "plain_name", "geonames_id", "coord_source", "note",
              "usage_names", "labelled", "other_names", "label_direction", "pin_side"}
ROUTE_KEYS = {"kind", "id", "name", "length_km", "road_km", "traced_km", "part_kinds"}
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
    assert data["article"] == "\n".join(story.article_lines) + "\n"
    assert all(f["type"] == "Feature" for f in data["features"])


def test_every_place_with_its_properties(story: Story, features: dict) -> None:
    assert [f["properties"]["id"] for f in features["place"]] == list(story.places)
    for feature in features["place"]:
        props, place = feature["properties"], story.places[feature["properties"]["id"]]
        assert set(props) == PLACE_KEYS
        assert props["name"] == place.label("both")
        assert props["plain_name"] == place.name
        assert props["names"] == place.all_names
        assert props["other_names"] == list(place.other_names)
        assert (props["label_direction"], props["pin_side"]) == (place.label_direction, place.pin_side)
        assert props["geonames_id"] == place.geonames_id
        assert props["labelled"] is place.labelled
        assert feature["geometry"] == {"type": "Point", "coordinates": [place.lonlat[0], place.lonlat[1]]}


def test_every_route_with_its_length_and_properties(story: Story, features: dict) -> None:
    assert [f["properties"]["id"] for f in features["route"]] == [r.id for r in story.routes]
    for feature, route in zip(features["route"], story.routes):
        props = feature["properties"]
        assert ROUTE_KEYS | set(route.properties) == set(props)
        assert feature["geometry"]["type"] == "MultiLineString"
        assert feature["geometry"]["coordinates"] == [[list(p) for p in part] for part in route.parts]
        assert props["part_kinds"] == list(route.part_kinds)
        # Real road plus a trace through settlement centres (a lower bound) stays below the road distance.
        assert 0 < props["length_km"] < route.reported_distance_km
        assert props["length_km"] == round(props["length_km"], 1)
    lengths = [(f["properties"]["road_km"], f["properties"]["traced_km"], f["properties"]["length_km"]) for f in features["route"]]
    assert lengths == [(50.1, 23.9, 74.1), (224.0, 12.2, 236.3)]


def test_the_export_credits_openstreetmap_for_the_road_parts(story: Story) -> None:
    assert to_geojson(story)["attribution"] == (
        'Route parts of kind "road": © OpenStreetMap contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright). '
        'Parts of kind "traced" are approximate.')
    traced = [dataclasses.replace(r, parts=(r.lonlats,), part_kinds=("traced",)) for r in story.routes]
    assert "attribution" not in to_geojson(dataclasses.replace(story, routes=traced))


def test_a_linestring_route_exports_as_one_traced_part_and_loads_back(tmp_path: Path) -> None:
    blank = load_story(DATA.parent / "templates" / "blank-story")
    (feature,) = [f for f in to_geojson(blank)["features"] if f["properties"]["kind"] == "route"]
    (route,) = blank.routes
    assert feature["geometry"] == {"type": "MultiLineString", "coordinates": [[list(p) for p in route.lonlats]]}
    assert (feature["properties"]["part_kinds"], feature["properties"]["road_km"]) == (["traced"], 0.0)
    (rebuilt,) = parse_story(geojson_to_files(to_geojson(blank))).routes
    assert (rebuilt.lonlats, rebuilt.parts, rebuilt.part_kinds) == (route.lonlats, route.parts, route.part_kinds)


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
    # The raw form (safe=False) loads back as it is with today's loader and with one that unneutralises.
    first = dataclasses.replace(story.events[0], summary='=1+2, a "quoted" word;\nsecond line', place_note="one\rtwo")
    events = [first, *story.events[1:]]
    edited = dataclasses.replace(story, events=events)
    assert _load_with_events(tmp_path, events_csv(edited, safe=False)).events == events


# --- CSV formula neutralisation ------------------------------------------------------------------

DANGEROUS_VALUES = [
    "=1+2", "+1", "-1", "@SUM(A1:A2)", "\tx", "\rx", '=HYPERLINK("http://example.org","click")',
    "=cmd|' /C calc'!A0", "-", "=", "@",
]
AWKWARD_VALUES = [
    "", "plain", "'", "''", "'plain", "''plain", "'=1", "''=1", "'''+x", "' =1", "a=1", " =1", "x'=1",
    "'\t", "'\r", "’=1", "＝1", "Xankəndi", "line one\nline two", "'-'", "1-2", "2023-09-25",
]


@pytest.mark.parametrize("value", DANGEROUS_VALUES)
def test_a_formula_cell_gets_one_apostrophe(value: str) -> None:
    assert neutralise_cell(value) == "'" + value


# " =1" is not here: a formula behind spaces is neutralised too (tests/test_validation_attacks.py, issue 10).
@pytest.mark.parametrize("value", ["", "plain", "'plain", "a=1", "2023-09-25", "Xankəndi", "’=1"])
def test_a_harmless_cell_is_unchanged(value: str) -> None:
    assert neutralise_cell(value) == value
    assert unneutralise_cell(value) == value


@pytest.mark.parametrize("value", ["'=1", "''=1", "'''@x"])
def test_a_value_that_already_starts_with_apostrophes_and_a_formula_character_gets_one_more(value: str) -> None:
    # Otherwise unneutralise_cell would take the value's own apostrophe for ours.
    assert neutralise_cell(value) == "'" + value
    assert unneutralise_cell(neutralise_cell(value)) == value


@pytest.mark.parametrize("value", DANGEROUS_VALUES + AWKWARD_VALUES)
def test_unneutralise_undoes_neutralise(value: str) -> None:
    assert unneutralise_cell(neutralise_cell(value)) == value


def test_unneutralise_undoes_neutralise_for_every_short_string() -> None:
    alphabet = ["'", "a", " ", "\n", *FORMULA_START]
    for length in range(5):
        for letters in itertools.product(alphabet, repeat=length):
            value = "".join(letters)
            safe = neutralise_cell(value)
            assert unneutralise_cell(safe) == value, repr(value)
            # What a spreadsheet sees never starts with a formula character.
            assert not safe.startswith(FORMULA_START), repr(value)
            # Neutralising never changes a value unless it must, and then by one apostrophe.
            assert safe in (value, "'" + value)


def _with_event_text(story: Story, **cells: str) -> Story:
    first = dataclasses.replace(story.events[0], **cells)
    return dataclasses.replace(story, events=[first, *story.events[1:]])


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_events_csv_neutralises_formula_cells_by_default(story: Story) -> None:
    edited = _with_event_text(story, summary="=HYPERLINK(\"http://example.org\")", title="+1", place_note="@x",
                              speaker="-y", date_text="'=z")
    rows = _csv_rows(events_csv(edited))
    assert rows[0] == list(EVENT_COLUMNS)
    for row in rows[1:]:
        assert not any(cell.startswith(FORMULA_START) for cell in row), row
    first = dict(zip(EVENT_COLUMNS, rows[1]))
    assert first["summary"] == "'=HYPERLINK(\"http://example.org\")"
    assert (first["title"], first["place_note"], first["speaker"], first["date_text"]) == ("'+1", "'@x", "'-y", "''=z")
    # The raw form keeps them as they are.
    raw = dict(zip(EVENT_COLUMNS, _csv_rows(events_csv(edited, safe=False))[1]))
    assert (raw["summary"], raw["title"], raw["date_text"]) == ("=HYPERLINK(\"http://example.org\")", "+1", "'=z")


def test_events_csv_of_the_sample_story_needs_no_neutralising(story: Story) -> None:
    assert events_csv(story) == events_csv(story, safe=False)


def test_neutralised_csv_read_back_through_unneutralise_is_the_events(story: Story) -> None:
    edited = _with_event_text(story, summary="=1+2, a \"quoted\" word;\nsecond line", title="-minus", place_note="'=own apostrophe",
                              speaker="@handle", date_text="''+two")
    rows = _csv_rows(events_csv(edited))
    read = [{k: unneutralise_cell(v) for k, v in zip(rows[0], row)} for row in rows[1:]]
    assert read == [{k: str(getattr(e, k)) for k in EVENT_COLUMNS} for e in edited.events]


def test_neutralised_csv_round_trips_through_the_loader(story: Story, tmp_path: Path) -> None:
    edited = _with_event_text(story, summary="=1+2, a \"quoted\" word;\nsecond line", title="-minus",
                              place_note="'=own apostrophe\rsecond", speaker="@handle")
    assert _load_with_events(tmp_path, events_csv(edited)).events == edited.events


# --- GeoJSON round trip ----------------------------------------------------------------------------

def _assert_same_story(rebuilt: Story, story: Story) -> None:
    assert rebuilt.meta == story.meta
    assert rebuilt.article_lines == story.article_lines
    assert list(rebuilt.places) == list(story.places)
    assert rebuilt.places == story.places
    # Route equality leaves out properties: compare them one by one.
    assert [(r.id, r.name, r.lonlats, r.parts, r.part_kinds) for r in rebuilt.routes] == [
        (r.id, r.name, r.lonlats, r.parts, r.part_kinds) for r in story.routes]
    assert [r.properties for r in rebuilt.routes] == [r.properties for r in story.routes]
    assert rebuilt.events == story.events


def test_geojson_rebuilds_the_story_folder(story: Story) -> None:
    files = geojson_to_files(to_geojson(story))
    assert set(files) == set(REQUIRED_FILES)
    assert all(isinstance(content, bytes) for content in files.values())
    rebuilt = parse_story(files)
    _assert_same_story(rebuilt, story)
    # Questions, glossary, context and basemap are not in the export.
    assert (rebuilt.questions, rebuilt.glossary, rebuilt.context, rebuilt.basemap) == ({}, [], [], None)


def test_rebuilt_files_are_the_story_files(story: Story) -> None:
    files = geojson_to_files(to_geojson(story))
    original = read_folder(DATA)
    assert json.loads(files[STORY_FILE]) == json.loads(original[STORY_FILE]) | {
        k: "" for k in ("title", "framing", "source", "published", "published_text") if k not in json.loads(original[STORY_FILE])}
    rebuilt_places, original_places = json.loads(files[PLACES_FILE]), json.loads(original[PLACES_FILE])
    assert [f["geometry"] for f in rebuilt_places["features"]] == [f["geometry"] for f in original_places["features"]]
    for rebuilt, source in zip(rebuilt_places["features"], original_places["features"]):
        # Every property of the file comes back; a property it leaves out comes back with its default.
        assert rebuilt["properties"] | source["properties"] == rebuilt["properties"]
        assert list(rebuilt["properties"]) == [k for k in PLACE_FIELDS if k in rebuilt["properties"]]
    assert json.loads(files[ROUTES_FILE]) == json.loads(original[ROUTES_FILE])
    assert files[EVENTS_FILE] == events_csv(story).encode("utf-8")
    assert article_lines(files[ARTICLE_FILE].decode("utf-8")) == story.article_lines


def test_geojson_text_rebuilds_the_story(story: Story) -> None:
    _assert_same_story(parse_story(geojson_to_files(json.loads(write_geojson_text(story)))), story)


def test_rebuild_puts_events_in_story_order_by_number(story: Story) -> None:
    data = to_geojson(story)
    events = [f for f in data["features"] if f["properties"]["kind"] == "event"]
    data["features"] = [f for f in data["features"] if f["properties"]["kind"] != "event"] + events[::-1]
    _assert_same_story(parse_story(geojson_to_files(data)), story)


def test_rebuild_accepts_nulls_a_gis_tool_writes_for_empty_fields(story: Story) -> None:
    data = to_geojson(story)
    assert any(f["properties"].get("speaker") == "" for f in data["features"])
    for feature in data["features"]:
        props = feature["properties"]
        empty = [k for k in ("other_names", "note", "speaker", "place_note", "date_text") if props.get(k) in ("", [])]
        props.update(dict.fromkeys(empty))
    _assert_same_story(parse_story(geojson_to_files(data)), story)


def test_awkward_text_survives_geojson_and_back(story: Story) -> None:
    hostile = "=HYPERLINK(\"http://example.org\") <script>alert(1)</script> & ]]> \"quoted\", comma;\nnext"
    edited = _with_event_text(story, summary=hostile, title="-1", place_note="'=x\rsecond", speaker="@y")
    meta = dict(story.meta, title="+title <b>", framing="@framing")
    edited = dataclasses.replace(edited, meta=meta)
    rebuilt = parse_story(geojson_to_files(json.loads(write_geojson_text(edited))))
    _assert_same_story(rebuilt, edited)


@pytest.mark.parametrize(("bad", "words"), [
    ([], "not list"),
    ("FeatureCollection", "not str"),
    ({"type": "Feature", "geometry": None, "properties": {}}, "not type 'Feature'"),
    ({"type": "FeatureCollection"}, '"features"'),
    ({"type": "FeatureCollection", "features": {}}, '"features"'),
])
def test_rebuild_refuses_what_is_not_a_feature_collection(bad: object, words: str) -> None:
    with pytest.raises(ValueError, match="FeatureCollection") as caught:
        geojson_to_files(bad)  # type: ignore[arg-type]
    assert words in str(caught.value)


def _broken(story: Story, change) -> dict:
    data = copy.deepcopy(to_geojson(story))
    change(data)
    return data


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d.pop("article"), 'no "article" text'),
    (lambda d: d.update(article=""), 'no "article" text'),
    (lambda d: d.update(article=["line"]), 'no "article" text'),
    (lambda d: d.pop("story"), 'no "story" object'),
    (lambda d: d["features"][0]["properties"].update(kind="river"), "Feature 1 (id 'stepanakert') has kind 'river'"),
    (lambda d: d["features"][-1]["properties"].pop("kind"), "has kind None"),
    (lambda d: d["features"].append("feature"), "is not a GeoJSON Feature"),
    (lambda d: d["features"][0].pop("properties"), "Feature 1 is not a GeoJSON Feature"),
    (lambda d: d["features"][0]["properties"].pop("plain_name"), "Feature 1 (id 'stepanakert') has no plain_name"),
])
def test_rebuild_says_what_is_missing(story: Story, change, words: str) -> None:
    with pytest.raises(ValueError) as caught:
        geojson_to_files(_broken(story, change))
    assert words in str(caught.value)
    assert str(caught.value).endswith(".")


# --- Every export writes story text literally ---------------------------------------------------------

# Template syntax (Jinja: issue 10), HTML and mathtext: each output must carry it as the characters it is.
PAYLOAD = "{{ 7*7 }} {% if 1 %}x{% endif %} {# c #} <b>b</b> $x$"
EVENT_TEXT = ("date_text", "title", "summary", "quote", "speaker", "place_note")
PLACE_TEXT = ("name", "name_armenian_usage", "name_azerbaijani_usage", "coord_source", "note")
ROUTE_TEXT = ("from", "to", "description", "reported_distance_text", "reported_source", "note", "short_name")
META_TEXT = ("title", "framing", "source", "published_text")


def everywhere(story: Story, text: str = PAYLOAD) -> Story:
    """``story`` with ``text`` in every text field of every part (ids, dates, kinds and URLs keep their form)."""
    places = {pid: dataclasses.replace(p, other_names=(text,), **dict.fromkeys(PLACE_TEXT, text))
              for pid, p in story.places.items()}
    events = [dataclasses.replace(e, **dict.fromkeys(EVENT_TEXT, text)) for e in story.events]
    routes = [dataclasses.replace(r, name=text, properties=dict(r.properties, waypoints=[text],
                                                                **dict.fromkeys(ROUTE_TEXT, text)))
              for r in story.routes]
    basemap = copy.deepcopy(story.basemap)
    for feature in basemap["features"]:
        if feature["properties"].get("name"):
            feature["properties"]["name"] = text
    return dataclasses.replace(
        story, meta=dict(story.meta, **dict.fromkeys(META_TEXT, text)), places=places, events=events, routes=routes,
        article_lines=[text] * len(story.article_lines), basemap=basemap,
        questions={event_id: [text] * len(qs) for event_id, qs in story.questions.items()},
        glossary=[dataclasses.replace(g, term=text, definition=text, source=text) for g in story.glossary],
        context=[dataclasses.replace(c, source_title=text) for c in story.context])


@pytest.fixture(scope="module")
def hostile(story: Story) -> Story:
    return everywhere(story)


def test_geojson_carries_every_text_literally(hostile: Story) -> None:
    data = json.loads(write_geojson_text(hostile))
    assert data["story"]["title"] == data["story"]["framing"] == PAYLOAD
    assert data["article"] == "\n".join([PAYLOAD] * len(hostile.article_lines)) + "\n"
    fields = {"place": ("name", "coord_source", "note"), "route": ("name", *ROUTE_TEXT), "event": EVENT_TEXT}
    for feature in data["features"]:
        props = feature["properties"]
        assert {key: props[key] for key in fields[props["kind"]]} == dict.fromkeys(fields[props["kind"]], PAYLOAD)
        if props["kind"] == "place":  # the names by usage, {usage id: name}
            assert props["usage_names"] == {"armenian": PAYLOAD, "azerbaijani": PAYLOAD}


def test_csv_carries_every_text_literally(hostile: Story) -> None:
    rows = list(csv.DictReader(io.StringIO(events_csv(hostile))))
    assert len(rows) == len(hostile.events)
    for row in rows:
        assert {key: row[key] for key in EVENT_TEXT} == dict.fromkeys(EVENT_TEXT, PAYLOAD)


def test_kml_carries_every_text_literally(hostile: Story) -> None:
    import html
    import re
    import xml.etree.ElementTree as ET

    from geo.kml import KML_NS, story_kml

    root = ET.fromstring(story_kml(hostile).encode("utf-8"))
    names = [e.text for e in root.iter(f"{{{KML_NS}}}name")]
    assert names.count(PAYLOAD) == 1 + len(hostile.places) + len(hostile.routes)  # the document, places, routes
    assert sum(n.endswith(f". {PAYLOAD}") for n in names) == len(hostile.events)
    for element in root.iter(f"{{{KML_NS}}}description"):
        text = re.sub(r"</?b>|<br>", "", element.text)  # the only markup geo.kml writes
        assert "<" not in text and PAYLOAD in html.unescape(text)


def test_png_carries_every_text_literally(hostile: Story) -> None:
    from matplotlib.text import Text

    from geo.staticmap import draw_map, map_png

    drawn = [t for t in draw_map(hostile).findobj(Text) if t.get_text()]
    assert all(not t.get_parse_math() for t in drawn)
    story_texts = [t.get_text() for t in drawn if "{{" in t.get_text()]
    assert PAYLOAD in story_texts and PAYLOAD.upper() in story_texts  # a place, a country
    assert all(PAYLOAD in text or PAYLOAD.upper() in text for text in story_texts)
    assert map_png(hostile, 800, 450).startswith(b"\x89PNG")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")
def test_pdf_carries_every_text_literally(hostile: Story, tmp_path: Path) -> None:
    import subprocess

    from geo.handout import handout_pdf

    path = tmp_path / "hostile.pdf"
    path.write_bytes(handout_pdf(hostile))
    text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                                   text=True).stdout.split())
    # Title, every event's title, summary, quote, speaker and place note, questions, glossary, sources.
    assert text.count(PAYLOAD) >= 2 + 5 * len(hostile.events) + len(hostile.glossary) * 2
    assert f"“{PAYLOAD}”" in text and f"— {PAYLOAD}" in text and f"{PAYLOAD} · Page 1 of " in text


def test_a_story_of_its_own_name_usages_loads_back_with_them(tmp_path: Path) -> None:
    """The usages are the story's (story.json name_usages): the export carries them and each place's names."""
    folder = tmp_path / "three"
    shutil.copytree(DATA.parent / "templates" / "blank-story", folder)
    meta = json.loads((folder / "story.json").read_text(encoding="utf-8"))
    meta["name_usages"] = [{"id": "greek", "label": "Greek usage"}, {"id": "turkish", "label": "Turkish usage"},
                           {"id": "english", "label": "English usage"}]
    (folder / "story.json").write_text(json.dumps(meta), encoding="utf-8")
    places = json.loads((folder / "places.geojson").read_text(encoding="utf-8"))
    places["features"][1]["properties"]["usage_names"] = {"greek": "Lefkosia", "turkish": "Lefkoşa", "english": "Nicosia"}
    (folder / "places.geojson").write_text(json.dumps(places, ensure_ascii=False), encoding="utf-8")
    story = load_story(folder)
    rebuilt = parse_story(geojson_to_files(json.loads(write_geojson_text(story))))
    assert rebuilt.name_usages == story.name_usages and rebuilt.places == story.places
