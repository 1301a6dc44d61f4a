"""The validator is the one gate (issue 10): it refuses what it does not know, and what it accepts every output can show.

Each test here is an attack from the review, or one of its kind, made small: an extra member in a
geometry (it carried template syntax to the server), a lone surrogate, a control character or an
open direction control in a text, brackets nested 900 deep, an id with a line break after it, line
numbers that differ from an editor's, and spreadsheet formulas the CSV export did not neutralise.
"""
from __future__ import annotations

import copy
import csv
import io
import json
import unicodedata

import pytest

from geo.csvio import neutralise_cell, unneutralise_cell
from geo.export import events_csv
from geo.problems import StoryError
from geo.story import Story, article_lines, parse_story, read_folder
from tests.conftest import DATA

ORIGINAL = read_folder(DATA)
TEMPLATE = "{{ 7*7 }} {% if 1 %}x{% endif %} {# c #}"


def problems(files: dict[str, bytes]) -> list[str]:
    try:
        parse_story(files)
    except StoryError as exc:
        return [str(p) for p in exc.problems]
    return []


def with_json(name: str, change) -> dict[str, bytes]:
    """The built-in story with one JSON file changed by ``change(data)`` (in place)."""
    data = json.loads(ORIGINAL[name])
    change(data)
    return {**ORIGINAL, name: json.dumps(data, ensure_ascii=True).encode()}


def with_text(name: str, text: str) -> dict[str, bytes]:
    return {**ORIGINAL, name: text.encode("utf-8")}


def with_event_cells(event_id: str, **cells: str) -> dict[str, bytes]:
    rows = list(csv.DictReader(io.StringIO(ORIGINAL["events.csv"].decode("utf-8"), newline="")))
    for row in rows:
        if row["id"] == event_id:
            row.update(cells)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return with_text("events.csv", out.getvalue())


# --- Geometry, feature and collection members: exactly what GeoJSON and the schema name ---------------

GEOMETRY_FIX = "Fix: the geometry may hold only: type, coordinates; delete the others."
# Shusha is feature 2 of places.geojson, a place no event is pinned to: refusing it refuses nothing else.
AT = {"places.geojson": 1, "routes.geojson": 0, "basemap.geojson": 0}
WHERE = {"places.geojson": 'feature 2 (id "shusha")', "routes.geojson": 'feature 1 (id "lachin-corridor")',
         "basemap.geojson": "feature 1"}


@pytest.mark.parametrize("name", ["places.geojson", "routes.geojson", "basemap.geojson"])
@pytest.mark.parametrize(("member", "value"), [
    ("x", TEMPLATE), ("bbox", [44, 39, 47, 41]), ("crs", {"type": "name", "properties": {"name": "EPSG:4326"}}),
    ("properties", {"a": 1}),
])
def test_a_geometry_holds_only_type_and_coordinates(name, member, value):
    files = with_json(name, lambda d: d["features"][AT[name]]["geometry"].update({member: value}))
    assert problems(files) == [f"{name} {WHERE[name]}: unknown members in the geometry: {member}. {GEOMETRY_FIX}"]


@pytest.mark.parametrize("name", ["places.geojson", "routes.geojson", "basemap.geojson"])
def test_a_feature_holds_only_type_geometry_properties_and_id(name):
    files = with_json(name, lambda d: d["features"][AT[name]].update(style={"color": TEMPLATE}))
    assert problems(files) == [
        f"{name} {WHERE[name]}: unknown members in the feature: style. "
        "Fix: the feature may hold only: type, geometry, properties, id; delete the others."
    ]


@pytest.mark.parametrize("name", ["places.geojson", "routes.geojson", "basemap.geojson"])
def test_a_feature_must_say_it_is_a_feature(name):
    files = with_json(name, lambda d: d["features"][AT[name]].pop("type"))
    assert problems(files) == [
        f'{name} feature {AT[name] + 1}: the feature is not a GeoJSON Feature object. Fix: write it as {{"type": "Feature", '
        '"geometry": {...}, "properties": {...}}.'
    ]


@pytest.mark.parametrize(("name", "allowed"), [
    ("places.geojson", "type, features, name, crs, bbox"), ("routes.geojson", "type, features, name, crs, bbox"),
    ("basemap.geojson", "type, features, bbox, attribution"),
])
def test_a_feature_collection_holds_only_known_members(name, allowed):
    files = with_json(name, lambda d: d.update(x=TEMPLATE))
    assert problems(files) == [
        f"{name}: unknown members in the FeatureCollection: x. Fix: the FeatureCollection may hold only: {allowed}; "
        "delete the others."
    ]


def test_a_basemap_feature_holds_only_known_properties():
    files = with_json("basemap.geojson", lambda d: d["features"][0]["properties"].update(popup=TEMPLATE))
    assert problems(files) == [
        "basemap.geojson feature 1: unknown properties: popup. Fix: use only: layer, name, label_at, minzoom."
    ]


def test_a_qgis_export_loads_and_its_extra_members_go_no_further(story):
    """QGIS writes a layer name, a crs and feature ids: they are checked, accepted and dropped."""
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}

    def qgis(data):
        data.update(name="places", crs=crs)
        for i, feature in enumerate(data["features"]):
            feature["id"] = i
    files = with_json("places.geojson", qgis)
    files["basemap.geojson"] = with_json("basemap.geojson", lambda d: d["features"][0].update(id="f1"))["basemap.geojson"]
    assert b'"crs"' in files["places.geojson"] and b'"id": "f1"' in files["basemap.geojson"]
    loaded = parse_story(files)
    assert loaded.places == story.places
    assert all(set(f) == {"type", "geometry", "properties"} for f in loaded.basemap["features"])
    assert set(loaded.basemap) == {"type", "features", "bbox", "attribution"}


def test_a_crs_other_than_wgs84_is_refused():
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    assert problems(with_json("places.geojson", lambda d: d.update(crs=crs))) == [
        "places.geojson crs: crs must name longitude and latitude on WGS 84 (urn:ogc:def:crs:OGC:1.3:CRS84). "
        "Fix: save the layer in EPSG:4326 (WGS 84), or remove the crs member."
    ]


@pytest.mark.parametrize("coordinates", [[46.75, 39.81, "x"], [46.75, 39.81, 0, 0], [46.75, 39.81, True]])
def test_a_position_is_two_or_three_numbers_and_nothing_else(coordinates):
    files = with_json("places.geojson", lambda d: d["features"][1]["geometry"].update(coordinates=coordinates))
    assert problems(files) == [
        f'places.geojson feature 2 (id "shusha"): coordinates must be two numbers [longitude, latitude], '
        f"not {coordinates!r}. Fix: write them as [lon, lat] in decimal degrees, e.g. [46.7528, 39.8177]."
    ]


def test_an_altitude_is_allowed_and_ignored(story):
    lonlat = list(story.places["stepanakert"].lonlat)
    files = with_json("places.geojson", lambda d: d["features"][0]["geometry"].update(coordinates=[*lonlat, 812.5]))
    assert parse_story(files).places == story.places


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_numbers(literal):
    text = ORIGINAL["places.geojson"].decode().replace("[46.7528, 39.8177]", f"[46.7528, {literal}]", 1)
    assert text != ORIGINAL["places.geojson"].decode()
    assert problems(with_text("places.geojson", text)) == [
        f"places.geojson: the file holds {literal}, which is not a number JSON allows. Fix: write a number, or null."
    ]


@pytest.mark.parametrize("key", ["name", "note", "coord_source"])
def test_a_place_text_must_be_text(key):
    files = with_json("places.geojson", lambda d: d["features"][1]["properties"].update({key: ["a", "list"]}))
    assert f"places.geojson feature 2 (id \"shusha\"): {key} must be text, not ['a', 'list']. " \
           "Fix: put the value in double quotes, or leave it out." in problems(files)


# --- Text every output can show -------------------------------------------------------------------------

SURROGATE_FIX = "Fix: delete that \\u escape, or write the character itself and save the file as UTF-8."


@pytest.mark.parametrize(("name", "change", "where"), [
    ("story.json", lambda d: d.update(title="Exodus \ud800"), "story.json: title"),
    ("story.json", lambda d: d.update(home_places=["goris", "\udfff"]), "story.json: home_places item 2"),
    ("places.geojson", lambda d: d["features"][1]["properties"].update(name="Shusha\ud800"),
     "places.geojson feature 2: properties.name"),
    ("places.geojson", lambda d: d["features"][1]["properties"].update(other_names=["a", "\ud800"]),
     "places.geojson feature 2: properties.other_names item 2"),
    ("routes.geojson", lambda d: d["features"][0]["properties"].update(note="\ud800"),
     "routes.geojson feature 1: properties.note"),
    ("basemap.geojson", lambda d: d["features"][2]["properties"].update(name="\ud800"),
     "basemap.geojson feature 3: properties.name"),
])
def test_a_lone_surrogate_is_refused_wherever_it_is(name, change, where):
    """A "\\ud800" escape is valid JSON, but no UTF-8 page, PDF or export can hold it: it crashed every output."""
    found = problems(with_json(name, change))
    assert len(found) == 1
    text = found[0]
    assert text.startswith(where + " holds U+D")
    assert text.endswith(": half of a character code, which cannot be shown on its own. " + SURROGATE_FIX)
    text.encode("utf-8")  # the message itself can be shown


def test_a_lone_surrogate_in_a_key_is_refused():
    files = with_json("story.json", lambda d: d.update({"\ud83d": "x"}))
    assert problems(files) == [
        "story.json: a key holds U+D83D at character 1: half of a character code, which cannot be shown on its own. "
        + SURROGATE_FIX
    ]


@pytest.mark.parametrize(("char", "code"), [("\x00", "0000"), ("\x07", "0007"), ("\x1b", "001B"), ("\x7f", "007F"),
                                            ("\x85", "0085")])
def test_a_control_character_in_json_text_is_refused(char, code):
    files = with_json("story.json", lambda d: d.update(title="Leaving" + char))
    assert problems(files) == [
        f"story.json: title holds an invisible control character (U+{code}) at character 8. "
        "Fix: delete it (such characters come with text copied from a PDF or another program)."
    ]


def test_a_noncharacter_is_refused():
    files = with_json("places.geojson", lambda d: d["features"][1]["properties"].update(note="x\uffff"))
    assert problems(files) == [
        "places.geojson feature 2: properties.note holds U+FFFF at character 2, which is not a character. "
        "Fix: delete it (it may come from a file saved in the wrong encoding)."
    ]


@pytest.mark.parametrize("char", ["\x00", "\x0c", "\x1d", "\x9b"])
def test_a_control_character_in_a_csv_cell_is_refused(char):
    files = with_event_cells("goris-staging-ground", title=f"Goris{char}x")
    assert problems(files) == [
        f"events.csv row 5: title holds an invisible control character (U+{ord(char):04X}) at character 6. "
        "Fix: delete it (such characters come with text copied from a PDF or another program)."
    ]


def test_a_control_character_in_an_article_line_is_refused():
    lines = ORIGINAL["article.txt"].decode().split("\n")
    lines[2] = lines[2][:10] + "\x0c" + lines[2][10:]  # a form feed, as a PDF copy brings
    found = problems(with_text("article.txt", "\n".join(lines)))
    assert found[0] == (
        "article.txt line 3: the line holds an invisible control character (U+000C) at character 11. "
        "Fix: delete it (such characters come with text copied from a PDF or another program)."
    )


def test_tabs_and_line_breaks_in_text_are_fine(story):
    files = with_json("story.json", lambda d: d.update(framing="One\ttab,\r\ntwo lines"))
    assert parse_story(files).meta["framing"] == "One\ttab,\r\ntwo lines"


@pytest.mark.parametrize(("text", "code", "at", "state"), [
    ("\u202eevil", "202E", 1, "is never closed"),
    ("a\u2067b", "2067", 2, "is never closed"),
    ("a\u202cb", "202C", 2, "closes nothing"),
    ("a\u2069b", "2069", 2, "closes nothing"),
    ("\u2066a\u202cb\u2069", "202C", 3, "closes nothing"),
])
def test_an_unbalanced_direction_control_is_refused(text, code, at, state):
    """An open U+202E in a title reversed the app's own notice text after it."""
    files = with_json("story.json", lambda d: d.update(title=text))
    assert problems(files) == [
        f"story.json: title holds an invisible direction control (U+{code}) at character {at} that {state}. "
        "Fix: delete it: it turns the direction of the text around it (story text is shown in its own direction anyway)."
    ]


def test_an_unbalanced_direction_control_in_a_cell_or_a_line_is_refused():
    assert problems(with_event_cells("goris-staging-ground", speaker="Officials\u202e")) == [
        "events.csv row 5: speaker holds an invisible direction control (U+202E) at character 10 that is never closed. "
        "Fix: delete it: it turns the direction of the text around it (story text is shown in its own direction anyway)."
    ]
    lines = ORIGINAL["article.txt"].decode().split("\n")
    lines[0] = "\u202b" + lines[0]
    assert problems(with_text("article.txt", "\n".join(lines)))[0].startswith(
        "article.txt line 1: the line holds an invisible direction control (U+202B) at character 1 that is never closed.")


@pytest.mark.parametrize("text", ["\u202bשלום\u202c, Goris", "\u2067مرحبا\u2069 and \u202d\u202aLTR\u202c\u202c",
                                  "\u2066a\u202bb\u2069"])  # an isolate's end closes the embedding inside it
def test_balanced_direction_controls_load(text):
    assert parse_story(with_json("story.json", lambda d: d.update(title=text))).meta["title"] == text


def deep(levels: int):
    value: list = [1]
    for _ in range(levels - 1):
        value = [value]
    return value


@pytest.mark.parametrize(("name", "change", "where"), [
    ("basemap.geojson", lambda d: d["features"][0]["geometry"].update(x=deep(900)),
     "basemap.geojson feature 1: the file nests brackets too deeply to be read (more than 10 levels, in geometry.x"),
    ("places.geojson", lambda d: d["features"][1]["properties"].update(note=deep(900)),
     "places.geojson feature 2: the file nests brackets too deeply to be read (more than 10 levels, in properties.note"),
    ("story.json", lambda d: d.update(home_places=deep(900)),
     "story.json: the file nests brackets too deeply to be read (more than 10 levels, in home_places"),
])
def test_brackets_nested_900_deep_are_a_problem_not_a_recursion_error(name, change, where):
    """json.loads reads 900 levels; whatever walked them later (folium, json.dumps, a copy) ended in RecursionError."""
    raw = json.dumps({"v": deep(900)})
    json.loads(raw)  # the premise: the parser itself takes it
    found = problems(with_json(name, change))
    assert len(found) == 1 and found[0].startswith(where)
    assert found[0].endswith("). Fix: a story file needs only a few levels of [ ] and { }: look for stray brackets.")


def test_the_deepest_real_geometry_still_loads(story):
    """A MultiPolygon is 8 levels deep: the depth limit leaves it room."""
    assert any(f["geometry"] and f["geometry"]["type"] == "MultiPolygon" for f in story.basemap["features"])


# --- Ids: the whole value, not up to a trailing line break ------------------------------------------------

@pytest.mark.parametrize(("name", "index", "where"), [("places.geojson", 1, "feature 2"), ("routes.geojson", 0, "feature 1")])
def test_an_id_with_a_trailing_line_break_is_refused(name, index, where):
    def change(data):
        data["features"][index]["properties"]["id"] += "\n"
    found = problems(with_json(name, change))
    ident = json.loads(ORIGINAL[name])["features"][index]["properties"]["id"]
    assert found == [(
        f"{name} {where}: id {ident + chr(10)!r} is not a kebab-case id. "
        "Fix: use lower-case letters, digits and single hyphens, e.g. goris-staging-ground.")]


def test_first_place_and_first_place_with_a_line_break_are_not_two_places():
    def change(data):
        twin = copy.deepcopy(data["features"][0])
        twin["properties"]["id"] = "stepanakert\n"
        data["features"].append(twin)
    assert problems(with_json("places.geojson", change)) == [
        "places.geojson feature 11: id 'stepanakert\\n' is not a kebab-case id. "
        "Fix: use lower-case letters, digits and single hyphens, e.g. goris-staging-ground."
    ]


# --- Line numbers as an editor counts them ------------------------------------------------------------------

def test_article_lines_break_only_at_line_feed_and_carriage_return():
    text = "one\u2028still one\ntwo\u2029still two\r\nthree\rfour\n\n  \nfive"
    assert article_lines(text) == ["one\u2028still one", "two\u2029still two", "three", "four", "five"]


def test_a_line_separator_inside_a_line_does_not_shift_the_line_numbers(story):
    """U+2028 (which str.splitlines() breaks at) inside line 1 leaves every event's line where the editor shows it."""
    lines = ORIGINAL["article.txt"].decode().split("\n")
    lines[0] += "\u2028More words after a line separator."
    loaded = parse_story(with_text("article.txt", "\n".join(lines)))
    assert loaded.events == story.events
    assert len(loaded.article_lines) == len(story.article_lines)


def test_a_json_error_gives_the_line_an_editor_shows():
    """json counts only \\n; a file saved with \\r line ends (classic Mac) was all 'line 1'."""
    text = '{\r"title": "x",\r"framing": "y",\r}'
    assert problems(with_text("story.json", text)) == [
        "story.json line 4: the file is not valid JSON (Expecting property name enclosed in double quotes, column 1). "
        "Fix: check for a missing comma, quote or bracket there."
    ]


# --- CSV columns ------------------------------------------------------------------------------------------------

def test_a_repeated_column_is_refused():
    rows = list(csv.reader(io.StringIO(ORIGINAL["events.csv"].decode())))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([row + [row[6]] for row in rows])  # title twice
    assert problems(with_text("events.csv", out.getvalue()))[0] == (
        "events.csv row 1: column 13 repeats the name 'title'. Fix: give each column one of the names: id, place, "
        "line, date_text, date, date_precision, title, summary, quote, quote_kind, speaker, place_note."
    )


# --- CSV export: formulas in every disguise ---------------------------------------------------------------------

DISGUISED_FORMULAS = [
    "＝1+1", "＋1", "－1", "＠SUM(A1)",  # fullwidth
    "﹦1", "﹢1", "﹣1", "﹫x", "⁼1", "₌1", "⁺1", "₊1", "﬩1", "−1",  # small, super/subscript, Hebrew plus, minus sign
    "\u200b=1", "\u200c+1", "\u200d-1", "\u2060@x", "\ufeff=1", "\u00ad=1",  # zero-width, word joiner, BOM, soft hyphen
    " =1", "\u00a0=1", "\u3000=1", "\n=1", "\u200b\ufeff =HYPERLINK(\"http://example.org\")", "\u202e=1",
]


@pytest.mark.parametrize("value", DISGUISED_FORMULAS)
def test_a_disguised_formula_gets_an_apostrophe_and_comes_back(value):
    assert neutralise_cell(value) == "'" + value
    assert unneutralise_cell(neutralise_cell(value)) == value


@pytest.mark.parametrize("value", ["a=1", "’=1", "Xankəndi", "\u200bplain", "2023-09-25", "1-2", "x\u200b=1"])
def test_text_that_is_no_formula_is_left_alone(value):
    assert neutralise_cell(value) == value


def test_every_compatibility_form_of_a_formula_sign_is_caught():
    """Any character NFKC folds to = + - @ (as a spreadsheet may) is a formula sign to neutralise_cell."""
    signs = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and chr(c) not in "=+-@"
             and unicodedata.normalize("NFKC", chr(c)) in ("=", "+", "-", "@")]
    assert signs  # ＝ and its kin
    assert [s for s in signs if neutralise_cell(s + "1") == s + "1"] == []


def test_the_csv_export_neutralises_a_disguised_formula(story: Story):
    first = story.events[0].__class__(**{**story.events[0].__dict__, "title": "\ufeff＝HYPERLINK(\"http://x\")"})
    edited = Story(**{**{f: getattr(story, f) for f in story.__dataclass_fields__}, "events": [first, *story.events[1:]]})
    row = next(csv.DictReader(io.StringIO(events_csv(edited), newline="")))
    assert row["title"] == "'\ufeff＝HYPERLINK(\"http://x\")"
    loaded = parse_story({**ORIGINAL, "events.csv": events_csv(edited).encode(), "questions.csv": b"event,question\n"})
    assert loaded.events[0].title == first.title


@pytest.mark.parametrize(("name", "expected"), [
    ("basemap.geojson", "basemap.geojson feature 1: the geometry must be one of Polygon, MultiPolygon, LineString, "
                        "MultiLineString with numeric coordinates. Fix: rebuild the basemap with scripts/build_basemap.py."),
    ("routes.geojson", "routes.geojson feature 1 (id \"lachin-corridor\"): the geometry must be a LineString or "
                       "MultiLineString, not {'a': 1}. Fix: give the feature a LineString geometry."),
])
def test_a_geometry_type_that_is_no_text_is_a_problem_not_a_type_error(name, expected):
    """A dict as a type is unhashable: a look-up in a dict of types would raise TypeError."""
    files = with_json(name, lambda d: d["features"][0]["geometry"].update(type={"a": 1}))
    assert problems(files) == [expected]
