"""Bad files: property-based tests (hypothesis) over malformed stories, uploads and URL parameters.

Every case must end in a clear message, never in a traceback: the loader returns a ``Story`` or
raises ``StoryError`` with problems that name their file, and nothing else escapes; the page opens
whatever ``?event=`` and ``?mode=`` say; and the built-in story in ``data/`` is the same afterwards.

Generated cases per run (``max_examples``; hypothesis also runs the 28 ``@example`` cases, among them every crash found so far):

===================================================================  ========
test                                                                 examples
===================================================================  ========
test_damaged_story_ends_in_a_clear_message  (any file, any damage)        300
test_damaged_json_file_ends_in_a_clear_message                            200
test_damaged_csv_ends_in_a_clear_message                                  200
test_odd_values_in_a_good_story_load_or_end_in_a_clear_message            100
test_upload_ends_in_files_or_a_clear_message  (zips, bytes, names)        300
test_url_parameters_never_break_the_page  (AppTest)                        40
test_a_neutralised_cell_comes_back_and_runs_nothing                       500
===================================================================  ========
total                                                                    1640
===================================================================  ========

The AppTest case is capped at 40 examples because each run of the page takes about 0.2-0.3 s.
A story that loads is also drawn the way the app draws an uploaded story (map, cards, timeline,
text view, glossary, arrivals) and the quick "Take it home" files are made (CSV, GeoJSON, KML),
so a file that passes the validator but would break the page later fails here too. (The PDF
handout, PNG map and offline HTML take up to a second each and are left to their own tests.)

Messages: a problem's own wording (file, place in the file, message, fix) is one line. A problem
that quotes a value from the file as written (an id, a column or key name, an unknown upload's
name) carries any line break that value holds; the page shows each problem as one list item, where
a line break is only a space. So a line break inside a problem is allowed only if the damaged input
itself holds that character (in its text, or in a string inside its JSON).

Runs keep no example database (hypothesis's own cache, .hypothesis/, ignores itself in git); to replay a run, pass
``--hypothesis-seed=N`` to pytest (a failure also prints a ``@reproduce_failure`` blob). About 30 s on 2 cores.
"""
from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import logging
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Mapping
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from geo.cards import glossary_html, story_table_html
from geo.context import arrivals_by_day
from geo.csvio import FORMULA_START, neutralise_cell, unneutralise_cell
from geo.export import events_csv, write_geojson_text
from geo.kml import story_kml
from geo.problems import StoryError, StoryProblem
from geo.story import (
    OPTIONAL_FILES,
    PLACE_FIELDS,
    REQUIRED_FILES,
    ROUTE_FIELDS,
    STORY_FIELDS,
    Story,
    load_story,
    parse_story,
    read_folder,
)
from geo.storyview import view_args
from geo.upload import MAX_UPLOAD_BYTES, files_from_upload
from tests.conftest import DATA, ROOT

STORY_FILES = REQUIRED_FILES + OPTIONAL_FILES
KNOWN_FILES = (*STORY_FILES, "upload")
JSON_FILES = ("story.json", "places.geojson", "routes.geojson", "basemap.geojson")
CSV_FILES = ("events.csv", "questions.csv", "glossary.csv", "context/timeline.csv")


def _lean_basemap(raw: bytes) -> bytes:
    """The basemap with one feature of each zoomed-in kind (road, border, town, village) instead of all 150: every
    kind of member is still damaged, and each of the thousands of cases parses 30 kB, not 225 kB."""
    data = json.loads(raw)
    seen: set = set()
    kept = []
    for feature in data["features"]:
        kind = (feature["properties"]["layer"], feature["properties"].get("minzoom"))
        if kind[1] is None or kind not in seen:
            kept.append(feature)
            seen.add(kind)
    return json.dumps({**data, "features": kept}, ensure_ascii=False).encode("utf-8")


ORIGINAL = read_folder(DATA)  # name -> bytes; never changed (bytes are immutable, every case copies the dict)
ORIGINAL["basemap.geojson"] = _lean_basemap(ORIGINAL["basemap.geojson"])
EVENT_IDS = [row["id"] for row in csv.DictReader(io.StringIO(ORIGINAL["events.csv"].decode("utf-8-sig")))]
# str.splitlines() breaks a line at each of these.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

FUZZ = settings(max_examples=300, deadline=None, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])


# ---------------------------------------------------------------------------------------------
# The built-in story must be the same before and after all of this.

def data_hashes() -> dict[str, str]:
    return {str(p.relative_to(DATA)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(DATA.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module", autouse=True)
def builtin_story_unchanged():
    before, story = data_hashes(), load_story(DATA)
    yield
    assert data_hashes() == before, "a fuzz case changed a file in data/"
    assert {**read_folder(DATA), "basemap.geojson": ORIGINAL["basemap.geojson"]} == ORIGINAL  # the cases' copy intact
    assert load_story(DATA) == story


# ---------------------------------------------------------------------------------------------
# Values to damage files with.

NASTY_PIECES = [
    '"', '""', "'", ",", ";", "\n", "\r\n", "\r", "\x00", "\t", " ", "\ufeff", "\u202e", "\u2028", "\x85",
    "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", "'=1", "''+2", "<script>alert(1)</script>", "</textarea>",
    "${7*7}", "{{7*7}}", "NaN", "nan", "Infinity", "-inf", "1e400", "null", "true", "0x1F", "١٢٣", "Ստեփանակերտ",
    "Xankəndi", "🗺️", "\udcff".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    # Issue 10: a lone surrogate (a "\ud800" escape in JSON), controls, direction controls open and closed,
    # formula signs in disguise.
    "\ud800", "\udfff", "\x0c", "\x1d", "\x7f", "\x9b", "\ufffe", "\u2066", "\u2069", "\u202c", "\u202bשלום\u202c",
    "\u200b=1", "\ufeff+1", "＝1+1", "{% for x in y %}", "{# c #}",
    "goris", "stepanakert", "2023-09-25", "2023-09-18/2023-09-24", "direct", "undated", "week",
]
short_nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(NASTY_PIECES),
    st.lists(st.one_of(st.sampled_from(NASTY_PIECES), st.text(max_size=8)), min_size=1, max_size=6).map("".join),
)
nasty_text = st.one_of(
    short_nasty_text,
    st.sampled_from(["x" * 200_000, "é" * 5000, '"' * 1000, ",\n" * 500, "9" * 5000]),  # longer than the csv field limit, etc.
)
ODD_NUMBERS = [float("nan"), float("inf"), -float("inf"), 1e308, -1e308, 5e-324, 10**400, -(10**400), 2**63, -(2**63) - 1,
               0, -0.0, 181, -91, 1e20]
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.sampled_from(ODD_NUMBERS), short_nasty_text,
)
json_values = st.recursive(
    json_scalars,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=10), kids, max_size=4),
    max_leaves=12,
)


def original_bytes(name: str) -> bytes:
    return ORIGINAL[name]


original_file = st.sampled_from(sorted(ORIGINAL)).map(original_bytes)


def nested(depth: int, leaf=1):
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


odd_coordinates = st.one_of(
    json_values,
    st.lists(st.sampled_from(ODD_NUMBERS + ["NaN", "46.7", "", None, True, False]), max_size=4),
    st.tuples(st.sampled_from(ODD_NUMBERS), st.sampled_from(ODD_NUMBERS)).map(list),
    st.just([]), st.just([[]]), st.just(None), st.just(True), st.just([46.7, 39.8, 0, 0, 0]), st.just([[46.7, 39.8]]),
    st.integers(2, 60).map(nested),
    st.lists(st.lists(st.floats(), max_size=3), max_size=5),
)
# JSON texts that are valid JSON but push the parser or the checker to a limit, or are not quite JSON.
pathological_json = st.one_of(
    st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
    st.integers(1, 3000).map(lambda n: '{"a":' * n + "1" + "}" * n),
    st.integers(1, 3000).map(lambda n: "[" * n),
    st.sampled_from(["", " ", "null", "0", "[]", "{}", '""', "NaN", "-Infinity", "1" * 5000, "-" + "9" * 4301,
                     '{"type": "FeatureCollection", "features": ' + "1" * 5000 + "}", "\ufeff{}", '{"a": 1}{"b": 2}',
                     '{"type": "FeatureCollection", "features": [' + "[" * 2000 + "]" * 2000 + "]}",
                     # Issue 10: json.loads reads 900 levels; a geometry member that deep ended in RecursionError later.
                     '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "x", "name": "X"}, '
                     '"geometry": {"type": "Point", "coordinates": [46, 39], "x": ' + "[" * 900 + "]" * 900 + "}}]}",
                     '{"title": "\\ud800", "x": "\\u202e"}']),
)


def dumps(value, draw) -> bytes:
    text = json.dumps(value, allow_nan=True, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1])))
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate: an escape if ensure_ascii, else bytes that are not UTF-8


# ---------------------------------------------------------------------------------------------
# Damage to one file.

def damage_json(draw, name: str, raw: bytes) -> bytes:
    """Structural damage to a JSON file: values, keys, geometry types and coordinates."""

    def fresh(strategy):  # a copy: st.just([]) gives the same list every time, and it gets changed below
        return copy.deepcopy(draw(strategy))

    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # already damaged past reading: start from a random value
        data = fresh(json_values)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["prop", "del", "geometry", "coordinates", "top", "feature"]))
        features = data.get("features") if isinstance(data, dict) else None
        if name == "story.json" or not isinstance(features, list) or not features or kind == "top":
            if not isinstance(data, dict):
                data = fresh(json_values)
                continue
            key = draw(st.sampled_from([*data, *STORY_FIELDS, "type", "features", "bbox", "x"]))
            if draw(st.booleans()):
                data.pop(key, None)
            else:
                data[key] = fresh(st.one_of(json_values, st.just([])))
            continue
        i = draw(st.integers(0, len(features) - 1))
        feature = features[i]
        if kind == "feature" or not isinstance(feature, dict):
            features[i] = fresh(json_values)
            continue
        props = feature.get("properties")
        if kind == "prop" and isinstance(props, dict):
            key = draw(st.sampled_from([*props, *(PLACE_FIELDS if "places" in name else ROUTE_FIELDS), "layer", "label_at", "name"]))
            props[key] = fresh(json_values)
        elif kind == "del":
            target = props if isinstance(props, dict) and props and draw(st.booleans()) else feature
            if target:
                target.pop(draw(st.sampled_from(sorted(target))), None)
        elif kind == "geometry":
            geometry = feature.get("geometry")
            new_type = draw(st.one_of(st.sampled_from(["Point", "LineString", "Polygon", "MultiLineString", "Feature", None, "", 5]),
                                      nasty_text))
            if isinstance(geometry, dict) and draw(st.booleans()):
                geometry["type"] = new_type
            else:
                feature["geometry"] = fresh(st.one_of(json_values, st.just({"type": new_type})))
        else:  # coordinates, of the whole geometry or of one point of a line
            geometry = feature.get("geometry")
            if isinstance(geometry, dict):
                coords = geometry.get("coordinates")
                if isinstance(coords, list) and coords and isinstance(coords[0], list) and draw(st.booleans()):
                    coords[draw(st.integers(0, len(coords) - 1))] = fresh(odd_coordinates)
                else:
                    geometry["coordinates"] = fresh(odd_coordinates)
    try:
        return dumps(data, draw)
    except RecursionError:  # nested too deeply by an earlier damage: keep that file as it was
        return raw


def write_csv(rows: list[list[str]], draw) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])),
                        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])))
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


def damage_csv(draw, raw: bytes) -> bytes:
    """Cells replaced by nasty text, columns dropped or doubled, rows too long or short, quoting broken."""
    try:
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig", "replace"), newline="")))
    except csv.Error:  # already damaged past reading (e.g. a huge cell): damage the text instead
        rows = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["cell", "cell", "cell", "header", "drop-column", "dup-column", "extra-cells",
                                     "short-row", "dup-row", "no-rows", "raw"]))
        width = len(rows[0]) if rows and rows[0] else 0
        r = draw(st.integers(1, len(rows) - 1)) if len(rows) > 1 else 0
        if kind in ("cell", "header") and rows and width and len(rows[0 if kind == "header" else r]):
            row = rows[0 if kind == "header" else r]
            row[draw(st.integers(0, len(row) - 1))] = draw(nasty_text)
        elif kind == "drop-column" and width:
            c = draw(st.integers(0, width - 1))
            rows = [row[:c] + row[c + 1:] for row in rows]
        elif kind == "dup-column" and width:
            c = draw(st.integers(0, width - 1))
            rows = [row + row[c:c + 1] for row in rows]
        elif kind == "extra-cells" and rows:
            rows[r] = rows[r] + draw(st.lists(nasty_text, min_size=1, max_size=3))
        elif kind == "short-row" and rows:
            rows[r] = rows[r][:draw(st.integers(0, max(0, len(rows[r]) - 1)))]
        elif kind == "dup-row" and len(rows) > 1:
            rows.insert(r, list(rows[r]))
        elif kind == "no-rows":
            rows = rows[:1]
        else:  # text inserted anywhere, or the file cut short: quotes may no longer pair
            text = write_csv(rows, draw).decode("utf-8", "surrogatepass")
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(nasty_text) + (text[at:] if draw(st.booleans()) else "")
            return text.encode("utf-8", "surrogatepass")
    return write_csv(rows, draw)


def damage_article(draw, raw: bytes) -> bytes:
    kind = draw(st.sampled_from(["empty", "blank", "random", "cut", "insert", "shuffle"]))
    text = raw.decode("utf-8", "replace")
    if kind == "empty":
        return b""
    if kind == "blank":
        return draw(st.sampled_from([" ", "\n\n\n", "\t \r\n", "\ufeff", "\u2028\u2029\x85"])).encode("utf-8")
    if kind == "random":
        return draw(nasty_text).encode("utf-8", "surrogatepass")
    if kind == "cut":
        return text[:draw(st.integers(0, len(text)))].encode("utf-8")
    if kind == "insert":
        at = draw(st.integers(0, len(text)))
        return (text[:at] + draw(nasty_text) + text[at:]).encode("utf-8", "surrogatepass")
    lines = re.split(r"\r\n|\r|\n", text)  # as the loader numbers lines (not str.splitlines)
    return "\n".join(draw(st.permutations(lines))).encode("utf-8")


class Files(dict):
    """Story files whose repr shows only what differs from the built-in story, shortened."""

    def __repr__(self) -> str:
        changes = [f"{name!r}: dropped" for name in ORIGINAL if name not in self]
        for name, data in self.items():
            if ORIGINAL.get(name) != data:
                shown = data[:160] + (b"..." if len(data) > 160 else b"")
                changes.append(f"{name!r}: {shown!r} ({len(data)} bytes)")
        return "Files(" + (", ".join(changes) or "the built-in story") + ")"

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))


@st.composite
def damaged_story(draw, names=STORY_FILES) -> dict[str, bytes]:
    """The real story with one to three kinds of damage."""
    files = Files(ORIGINAL)
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(names))
        kind = draw(st.sampled_from(["drop", "bytes", "text", "json", "pathological-json", "structure", "structure", "structure"]))
        if kind == "drop":
            files.pop(name, None)
        elif kind == "bytes":
            files[name] = draw(st.one_of(st.binary(max_size=200), st.sampled_from([b"\xff\xfe", b"\xef\xbb\xbf", b"\x00" * 10, b"\xc3"])))
        elif kind == "text":
            files[name] = draw(nasty_text).encode("utf-8", "surrogatepass")
        elif kind == "json":
            files[name] = dumps(draw(json_values), draw)
        elif kind == "pathological-json":
            files[name] = draw(pathological_json).encode("utf-8")
        elif name not in files:
            continue
        elif name in JSON_FILES:
            files[name] = damage_json(draw, name, files[name])
        elif name in CSV_FILES:
            files[name] = damage_csv(draw, files[name]) if files[name].startswith((b"id", b"event", b"term", b"date")) else files[name]
        else:
            files[name] = damage_article(draw, files[name])
    return files


# ---------------------------------------------------------------------------------------------
# The property: a Story, or StoryError with clear problems; nothing else.

def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [*value, *(s for v in value.values() for s in _strings(v))]
    return [s for v in value for s in _strings(v)] if isinstance(value, list) else []


def input_text(inputs: Mapping[str, bytes] | list[tuple[str, bytes]]) -> str:
    """All the text a problem could quote: names, file text, and the strings inside JSON files."""
    pieces = inputs.items() if isinstance(inputs, Mapping) else inputs
    texts = []
    for name, data in pieces:
        text = data.decode("utf-8-sig", "replace")
        texts += [name, text]
        try:
            texts += _strings(json.loads(text))
        except (ValueError, RecursionError):
            pass
    return "".join(texts)


def assert_clear_problems(problems: list[StoryProblem], inputs: Mapping[str, bytes] | list[tuple[str, bytes]]) -> None:
    assert problems, "StoryError without problems"
    given_text = input_text(inputs)
    # At most 100 are listed, then one closing line counts the rest.
    assert len(problems) <= 100 or (len(problems) == 101 and problems[-1].file == ""), len(problems)
    for problem in problems:
        assert isinstance(problem, StoryProblem)
        text = str(problem)
        text.encode("utf-8")  # a problem can always be shown: it never quotes a lone surrogate
        if problem.file == "" and problem is problems[-1] and len(problems) == 101:
            assert text.startswith("… and ") and text.endswith(" more problems (fix these first)."), text
            continue
        assert problem.file in KNOWN_FILES, text
        assert text.startswith(problem.file), text
        assert problem.message.strip(), text
        assert not any(c in problem.file + problem.fix for c in LINE_BREAKS), text  # our words: one line
        for c in LINE_BREAKS:  # a line break only inside a value quoted from the input
            assert c not in problem.where + problem.message or c in given_text, text


def render_like_the_app(story: Story) -> None:
    """What app.py draws for an uploaded story; a story that loads must not break any of it."""
    assert isinstance(story.meta["title"], str) and story.meta["title"]  # the page's heading
    args = view_args(story, "both", True, True)
    assert args["order"] == [e.id for e in story.events]
    # Issue 10, item 5: what the validator accepts, every output can carry, so every text is UTF-8.
    json.dumps(args, ensure_ascii=False).encode("utf-8")
    json.dumps(story.basemap, allow_nan=False)  # the basemap goes to the map as data: plain JSON, finite numbers
    story_table_html(story).encode("utf-8")
    glossary_html(story).encode("utf-8")
    arrivals_by_day(story.context)
    # The cheap "Take it home" files (the PDF and PNG take a second each: see test_export.py and friends).
    events_csv(story).encode("utf-8")
    write_geojson_text(story).encode("utf-8")
    ElementTree.fromstring(story_kml(story, "both").encode("utf-8"))  # well-formed XML: no character XML cannot hold


def check_parse(files: Mapping[str, bytes]) -> Story | None:
    try:
        story = parse_story(files)
    except StoryError as exc:
        assert_clear_problems(exc.problems, files)
        event("StoryError")
        return None
    assert isinstance(story, Story)
    event("loads as a story")
    render_like_the_app(story)
    return story


@FUZZ
@given(damaged_story())
@example(Files(ORIGINAL))
@example(Files({k: v for k, v in ORIGINAL.items() if k in OPTIONAL_FILES}))
@example(Files())
# Crashes this test found, kept as fixed cases:
@example(Files(ORIGINAL, **{"story.json": b"[" * 100_000}))  # RecursionError in json.loads
@example(Files(ORIGINAL, **{"story.json": b'{"title": ' + b"1" * 5000 + b"}"}))  # ValueError: over 4300 digits
@example(Files(ORIGINAL, **{"places.geojson": ORIGINAL["places.geojson"].replace(b"[46.7528, 39.8177]", b"[1" + b"0" * 400 + b", 1]")}))
@example(Files(ORIGINAL, **{"basemap.geojson": ORIGINAL["basemap.geojson"].replace(b"[34.52, 39.337]", b"[1" + b"0" * 400 + b", 1]")}))
@example(Files(ORIGINAL, **{"places.geojson": b"null"}))  # a story with no places loaded, then broke the map
@example(Files(ORIGINAL, **{"story.json": b"null"}))  # ... and one with no title
@example(Files(ORIGINAL, **{"routes.geojson": ORIGINAL["routes.geojson"].replace(b'"short_name": "Lachin corridor"', b'"short_name": true')}))
# Issue 10's attacks: they loaded, then broke the page or an export (or ran on the server).
@example(Files(ORIGINAL, **{"story.json": ORIGINAL["story.json"].replace(b'"title": "', b'"title": "\\ud800', 1)}))
@example(Files(ORIGINAL, **{"story.json": ORIGINAL["story.json"].replace(b'"title": "', b'"title": "\\u202e', 1)}))
@example(Files(ORIGINAL, **{"basemap.geojson": ORIGINAL["basemap.geojson"].replace(
    b'"type": "Polygon"', b'"x": "{{ 7*7 }}", "type": "Polygon"', 1)}))
@example(Files(ORIGINAL, **{"basemap.geojson": ORIGINAL["basemap.geojson"].replace(
    b'"type": "Polygon"', b'"x": ' + b"[" * 900 + b"]" * 900 + b', "type": "Polygon"', 1)}))
def test_damaged_story_ends_in_a_clear_message(files):
    check_parse(files)


@st.composite
def damaged_json_files(draw) -> dict[str, bytes]:
    """Only the JSON files, damaged: the validator's JSON checks get the whole budget."""
    files = Files(ORIGINAL)
    for _ in range(draw(st.integers(1, 2))):
        name = draw(st.sampled_from(JSON_FILES))
        files[name] = damage_json(draw, name, files[name]) if draw(st.integers(0, 4)) else draw(pathological_json).encode()
    return files


@st.composite
def damaged_csv_files(draw) -> dict[str, bytes]:
    """Only the CSV files (mostly events.csv), damaged cell by cell."""
    files = Files(ORIGINAL)
    for _ in range(draw(st.integers(1, 2))):
        name = draw(st.sampled_from(["events.csv", "events.csv", "events.csv", *CSV_FILES]))
        files[name] = damage_csv(draw, files[name])
    return files


@settings(FUZZ, max_examples=200)
@given(damaged_json_files())
def test_damaged_json_file_ends_in_a_clear_message(files):
    check_parse(files)


@settings(FUZZ, max_examples=200)
@given(damaged_csv_files())
def test_damaged_csv_ends_in_a_clear_message(files):
    check_parse(files)


@st.composite
def odd_values_in_a_good_story(draw) -> dict[str, bytes]:
    """Strange but possibly valid values where the validator leaves free text or optional data:
    most of these stories load, so what the page draws from them gets tested too."""
    files = Files(ORIGINAL)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["events.csv", "questions.csv", "glossary.csv", "places.geojson", "routes.geojson",
                                     "story.json", "basemap.geojson"]))
        if kind.endswith(".csv"):
            rows = list(csv.DictReader(io.StringIO(files[kind].decode("utf-8-sig", "surrogatepass"), newline="")))
            column = draw(st.sampled_from({"events.csv": ["title", "summary", "speaker", "place_note", "date_text"],
                                           "questions.csv": ["question"], "glossary.csv": ["term", "definition", "source"]}[kind]))
            draw(st.sampled_from(rows))[column] = draw(short_nasty_text)
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            files[kind] = out.getvalue().encode("utf-8", "surrogatepass")
            continue
        data = json.loads(files[kind])
        if kind == "story.json":
            data[draw(st.sampled_from(["title", "framing", "source", "published_text"]))] = draw(short_nasty_text)
        else:
            props = draw(st.sampled_from(data["features"]))["properties"]
            if kind == "places.geojson":
                key = draw(st.sampled_from(["name", "note", "coord_source", "other_names", "labelled", "label_direction", "pin_side",
                                            "name_armenian_usage", "name_azerbaijani_usage"]))
                props[key] = draw({"other_names": st.lists(short_nasty_text, max_size=3), "labelled": st.booleans(),
                                   "label_direction": st.sampled_from(["right", "left", "top", "bottom", ""]),
                                   "pin_side": st.sampled_from(["top", "bottom", ""])}.get(key, short_nasty_text))
            elif kind == "routes.geojson":  # the validator checks only id, name and reported_distance_km here
                props[draw(st.sampled_from([k for k in ROUTE_FIELDS if k not in ("id", "reported_distance_km")]))] = draw(json_values)
            else:
                props[draw(st.sampled_from(["name", "layer", "label_at"]))] = draw(
                    st.one_of(short_nasty_text, st.sampled_from(["country", "lake", "river", "label"]),
                              st.tuples(st.floats(-180, 180), st.floats(-90, 90)).map(list)))
        files[kind] = dumps(data, draw)
    return files


@settings(FUZZ, max_examples=100)
@given(odd_values_in_a_good_story())
def test_odd_values_in_a_good_story_load_or_end_in_a_clear_message(files):
    check_parse(files)


# ---------------------------------------------------------------------------------------------
# Uploads: random zips, random bytes named .zip, random file names.

member_names = st.one_of(
    st.tuples(st.sampled_from(["", "story/", "a/b/", "../", "../../etc/", "/", "//", "./", "__MACOSX/", "story/../", "C:\\", "story\\",
                               "x/./", "\x00/", "é/"]),
              st.sampled_from([*STORY_FILES, "events.CSV", "notes.txt", ""])).map("".join),
    st.text(min_size=1, max_size=20),
)


@st.composite
def zip_bytes(draw) -> bytes:
    members = draw(st.lists(st.tuples(member_names, st.booleans(), st.one_of(
        original_file, st.binary(max_size=300), nasty_text.map(lambda s: s.encode("utf-8", "replace")),
    )), max_size=12))
    if draw(st.booleans()):  # a whole story, somewhere in the zip
        folder = draw(st.sampled_from(["", "story/", "my story/", "a/b/"]))
        members += [(folder + name, False, data) for name, data in ORIGINAL.items()]
        members = draw(st.permutations(members))
    buffer = io.BytesIO()
    compression = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]))
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", compression) as archive:
        warnings.simplefilter("ignore")  # "Duplicate name": wanted here
        for name, is_dir, data in members:
            info = zipfile.ZipInfo(name.rstrip("/") + "/" if is_dir else name)
            info.compress_type = compression
            archive.writestr(info, b"" if is_dir else data)
    raw = buffer.getvalue()
    kind = draw(st.sampled_from(["whole", "whole", "flip", "cut", "prefix"]))
    if kind == "flip" and raw:  # a few bytes changed anywhere: headers, sizes, names, compressed data
        raw = bytearray(raw)
        for _ in range(draw(st.integers(1, 8))):
            raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
        raw = bytes(raw)
    elif kind == "cut":
        raw = raw[:draw(st.integers(0, len(raw)))]
    elif kind == "prefix":
        raw = draw(st.binary(max_size=50)) + raw
    return raw


class Upload(list):
    """Uploaded (name, bytes) pairs, shown shortened."""

    def __repr__(self) -> str:
        shown = [f"({name!r}, {data[:120]!r}{'...' if len(data) > 120 else ''} ({len(data)} bytes))" for name, data in self]
        return "Upload([" + ", ".join(shown) + "])"

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))


upload_names = st.one_of(st.sampled_from([*STORY_FILES, "story.zip", "STORY.ZIP", "../events.csv", "C:\\x\\events.csv", "a/b/article.txt",
                                          ".zip", "events.csv.zip", "x.exe"]),
                         st.text(max_size=20))
uploads = st.one_of(
    st.tuples(st.sampled_from(["story.zip", "Story.ZIP", "x.zip"]), zip_bytes()).map(lambda u: [u]),
    st.tuples(st.sampled_from(["story.zip", "a.zip"]), st.binary(max_size=300)).map(lambda u: [u]),
    st.lists(st.tuples(upload_names, st.one_of(original_file, st.binary(max_size=100))), max_size=12),
    damaged_story().map(lambda files: [(name.split("/")[-1], data) for name, data in files.items()]),
).map(Upload)


def _zip_of(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)  # not writestr(name, ...), which refuses an empty name
            info.compress_type = compression
            archive.writestr(info, data)
    return buffer.getvalue()


def _corrupt_data(compression: int) -> bytes:
    """A zip whose one member, events.csv, has its compressed data spoilt (the headers are intact)."""
    raw = bytearray(_zip_of({"events.csv": ORIGINAL["events.csv"]}, compression))
    start = 30 + len("events.csv") + (9 if compression == zipfile.ZIP_LZMA else 0)  # after the headers (LZMA: and its own)
    raw[start:start + 16] = b"\xff" * 16
    return bytes(raw)


@FUZZ
def _zip_needing_version(version: int) -> bytes:
    """A zip whose central directory says its entry needs zip version VERSION/10 to extract."""
    data = bytearray(_zip_of({"events.csv": b"id\n"}))
    central = data.index(b"PK\x01\x02")
    data[central + 6:central + 8] = version.to_bytes(2, "little")  # "version needed to extract"
    return bytes(data)


@given(uploads)
@example(Upload([("story.zip", _zip_of({f"story/{k}": v for k, v in ORIGINAL.items()}))]))
@example(Upload([("story.zip", _zip_of({"events.csv": b"\0" * (11 * 2**20)}))]))  # unpacks past the limit
@example(Upload([("story.zip", _zip_of({f"f{i}": b"" for i in range(201)}))]))  # too many members
@example(Upload([("big.csv", b"x" * (MAX_UPLOAD_BYTES + 1))]))
@example(Upload([("story.zip", b""), ("events.csv", b"")]))
@example(Upload())
# Crashes this test found, kept as fixed cases:
@example(Upload([("story.zip", _zip_of({"": b"", **ORIGINAL}))]))  # IndexError in ZipInfo.is_dir()
@example(Upload([("story.zip", _corrupt_data(zipfile.ZIP_DEFLATED))]))  # zlib.error
@example(Upload([("story.zip", _corrupt_data(zipfile.ZIP_LZMA))]))  # lzma.LZMAError
@example(Upload([("story.zip", _zip_of({"é/events.csv": b""}).replace("é".encode(), b"\x80\x80"))]))  # UnicodeDecodeError
@example(Upload([("story.zip", _zip_needing_version(64))]))  # NotImplementedError: zip file version 6.4
def test_upload_ends_in_files_or_a_clear_message(upload):
    try:
        files = files_from_upload(upload)
    except StoryError as exc:
        assert_clear_problems(exc.problems, upload)
        event("upload refused")
        return
    assert isinstance(files, dict)
    assert set(files) <= set(STORY_FILES), sorted(files)
    assert all(isinstance(data, bytes) for data in files.values())
    check_parse(files)


# ---------------------------------------------------------------------------------------------
# URL parameters: ?event= and ?mode= with anything in them.

query_values = st.one_of(
    st.sampled_from([*EVENT_IDS, "present", "normal", "", " ", "PRESENT", "present ", "<script>alert(1)</script>",
                     '"><img src=x onerror=alert(1)>', "javascript:alert(1)", "%00", "\x00", "../../etc/passwd", "x" * 5000,
                     "goris-staging-ground\n", "Ստեփանակերտ", "🗺️", "&event=x", "?mode=present#"]),
    st.text(max_size=50),
)


def component_args(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


class LoggedErrors(logging.Handler):
    """Records of ERROR and above from the root logger and from every logger that does not pass
    its records up (Streamlit's own loggers each write to stderr and do not propagate)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __enter__(self) -> list[logging.LogRecord]:
        self.loggers = [logging.getLogger(), *(logger for logger in list(logging.root.manager.loggerDict.values())
                                               if isinstance(logger, logging.Logger) and not logger.propagate)]
        for logger in self.loggers:
            logger.addHandler(self)
        return self.records

    def __exit__(self, *exc) -> None:
        for logger in self.loggers:
            logger.removeHandler(self)


def last(value):
    """Streamlit reads the last of a repeated query parameter."""
    return value[-1] if isinstance(value, list) else value


@settings(FUZZ, max_examples=40)  # AppTest runs the page in ~0.3 s, so fewer examples than above
@given(event=st.none() | query_values | st.lists(query_values, min_size=2, max_size=3),
       mode=st.none() | query_values | st.lists(query_values, min_size=2, max_size=3))
@example(event="goris-staging-ground", mode="present")
@example(event="<script>alert(1)</script>", mode="<b>present</b>")
@example(event=["goris-staging-ground", "<img src=x onerror=alert(1)>"], mode=["normal", "present"])
def test_url_parameters_never_break_the_page(event, mode):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (("event", event), ("mode", mode)):
        if value is not None:
            at.query_params[key] = value
    with LoggedErrors() as logged:
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert not logged, [r.getMessage() for r in logged]
    args = component_args(at)
    assert args["selected"] in EVENT_IDS
    assert args["selected"] == (last(event) if last(event) in EVENT_IDS else EVENT_IDS[0])
    assert args["mode"] == ("present" if last(mode) == "present" else "normal")
    assert at.query_params["event"] == args["selected"]
    wanted = last(event) or ""
    if "<" in wanted:  # the notice quotes the unknown id as text, never as markup
        assert not any(wanted in h.proto.body for h in at.get("html"))


# ---------------------------------------------------------------------------------------------
# The CSV export's formula guard: exact to undo, and nothing a spreadsheet may read as a formula left bare.

def _skipped_by_a_spreadsheet(char: str) -> bool:
    """What a spreadsheet may pass over before a formula sign: whitespace, controls, invisible format characters."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


cell_text = st.one_of(
    st.text(alphabet=st.sampled_from(["'", "a", " ", "\u00a0", "\u3000", "\n", "\u200b", "\u200d", "\u2060", "\ufeff",
                                      "\u00ad", "\u202e", "\u2066", *FORMULA_START]), max_size=8),
    st.text(max_size=12),
)


@settings(FUZZ, max_examples=500)
@given(cell_text)
@example("\ufeff＝1+1")
@example("'\u200b=1")
def test_a_neutralised_cell_comes_back_and_runs_nothing(value):
    safe = neutralise_cell(value)
    assert unneutralise_cell(safe) == value
    assert safe in (value, "'" + value)  # one apostrophe, and only when needed
    if safe == value:  # left alone: no formula behind whatever a spreadsheet skips, no leading tab or carriage return
        shown = value.lstrip("".join(c for c in set(value) if _skipped_by_a_spreadsheet(c)))
        assert not value.startswith(("\t", "\r")), repr(value)
        assert not (shown and unicodedata.normalize("NFKC", shown[0]) in ("=", "+", "-", "@")), repr(value)
