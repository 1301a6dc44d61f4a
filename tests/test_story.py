"""Loading and validating a story: the sample is faithful, and every kind of break is named."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from geo.story import StoryError, article_lines, load_story, validate_story
from tests.conftest import DATA, edit_event, edit_place

ARTICLE_SHA256 = "ceac1733a8e7697b8769f54a9da7ee3583495e04f2a4f61382af82f57be89cfd"  # as received, 25 Sep 2023


def messages(folder: Path) -> list[str]:
    return [str(p) for p in validate_story(folder)]


def test_sample_story_loads(story):
    assert len(story.places) == 10
    assert [r.id for r in story.routes] == ["lachin-corridor", "goris-yerevan"]
    assert len(story.events) == 18
    assert story.events[0].id == "strike-on-stepanakert"
    assert story.number("babayan-disgrace") == 18


def test_article_is_the_copy_as_received():
    assert hashlib.sha256((DATA / "article.txt").read_bytes()).hexdigest() == ARTICLE_SHA256


def test_every_quote_and_date_text_is_verbatim_on_its_line(story):
    lines = article_lines((DATA / "article.txt").read_text(encoding="utf-8"))
    assert lines[0].startswith("A mass exodus")
    for event in story.events:
        assert event.quote in lines[event.line - 1], event.id
        assert event.date_text in lines[event.line - 1], event.id


def test_typos_are_kept_in_quotes(story):
    assert "The official added that power would be" in story.event("power-arrives-first").quote


def test_direct_and_reported_quotes_name_a_speaker(story):
    for event in story.events:
        if event.quote_kind != "article":
            assert event.speaker, event.id
    assert story.event("babayan-disgrace").speaker.startswith("David Babayan")


def test_loose_dates_stay_loose(story):
    assert story.event("strike-on-stepanakert").date_precision == "week"
    assert story.event("over-1000-crossed").date == "2023-09-24T22:00+04:00"
    assert story.event("exodus-underway").date == ""


def test_every_card_place_and_contested_name_is_there(story):
    labels = {p.id: p.label() for p in story.places.values()}
    assert labels["stepanakert"] == "Stepanakert / Khankendi"
    assert labels["lachin"] == "Lachin / Berdzor"
    assert labels["shusha"] == "Shusha / Shushi"
    for place in ("goris", "yerevan", "nakhchivan", "baku", "kornidzor", "hakari-bridge"):
        assert place in story.places


def test_place_label_modes(story):
    place = story.places["stepanakert"]
    assert place.label("armenian") == "Stepanakert"
    assert place.label("azerbaijani") == "Khankendi"
    assert story.places["goris"].label("azerbaijani") == "Goris"


def test_validate_story_on_the_sample_is_clean():
    assert validate_story(DATA) == []


def test_unknown_place_is_named_with_the_known_ones(story_dir):
    edit_event(story_dir, "goris-staging-ground", place="goriss")
    assert messages(story_dir) == [
        'events.csv row 5 (id "goris-staging-ground"): place "goriss" is not in places.geojson '
        "(known: stepanakert, shusha, lachin, hakari-bridge, kornidzor, goris, yerevan, nakhchivan, …). "
        "Fix: use one of the known ids, or add the place to places.geojson."
    ]


def test_altered_quote_is_caught(story_dir):
    edit_event(story_dir, "power-arrives-first",
               quote="The official added that Power would be the first of the two Washington officials arriving in Yerevan")
    assert messages(story_dir) == [
        'events.csv row 11 (id "power-arrives-first"): the quote is not found verbatim on article line 11: '
        "line 11 has 'power', the quote has 'Power'. Fix: copy the quote from line 11 of article.txt letter for letter, "
        "typos included."
    ]


def test_a_quote_unlike_anything_on_its_line_is_only_missing(story_dir):
    edit_event(story_dir, "power-arrives-first", quote="Nothing like this was ever written in the article")
    assert messages(story_dir) == [
        'events.csv row 11 (id "power-arrives-first"): the quote is not found verbatim on article line 11. '
        "Fix: copy the words exactly from the article, typos included."
    ]


def test_wrong_line_points_to_the_right_one(story_dir):
    edit_event(story_dir, "goris-staging-ground", line="4")
    assert messages(story_dir) == [
        'events.csv row 5 (id "goris-staging-ground"): the quote is not found verbatim on article line 4. '
        "Fix: the quote is on line 3: correct the line number."
    ]


def test_line_past_the_end(story_dir):
    edit_event(story_dir, "goris-staging-ground", line="21")
    assert messages(story_dir) == [
        'events.csv row 5 (id "goris-staging-ground"): line 21 is not in the article, which has 20 non-empty lines. '
        "Fix: count only non-empty lines, from 1."
    ]


@pytest.mark.parametrize(
    ("date", "precision", "expected"),
    [
        ("2023-09-31", "day", "for date_precision 'day' the date must be a day, e.g. 2023-09-25, not '2023-09-31'."),
        ("2023-09-24 22:00", "minute", "for date_precision 'minute' the date must be a date and time with its UTC "
                                       "offset, e.g. 2023-09-24T22:00+04:00, not '2023-09-24 22:00'."),
        ("2023-09-01/2023-09-24", "week", "for date_precision 'week' the date must be a span of at most 7 days, "
                                          "e.g. 2023-09-18/2023-09-24, not '2023-09-01/2023-09-24'."),
        ("2023-09-25", "undated", "for date_precision 'undated' the date must be empty, not '2023-09-25'."),
        ("2023-09-25", "exact", "date_precision 'exact' is not one of: minute, day, week, month, year, undated."),
    ],
)
def test_bad_date_is_explained(story_dir, date, precision, expected):
    edit_event(story_dir, "aliyev-erdogan-meeting", date=date, date_precision=precision)
    assert messages(story_dir) == [
        f'events.csv row 8 (id "aliyev-erdogan-meeting"): {expected} Fix: see the date forms in data/README.md.'
    ]


@pytest.mark.parametrize(
    ("coordinates", "shown"),
    [([46.34168, 139.51111], "[46.34168, 139.51111]"), ([-200.0, 39.5], "[-200.0, 39.5]")],
)
def test_coordinate_out_of_range(story_dir, coordinates, shown):
    edit_place(story_dir, "goris", coordinates=coordinates)
    problems = messages(story_dir)
    assert problems[0] == (
        f'places.geojson feature 6 (id "goris"): coordinates {shown} are out of range (longitude must be within '
        "-180..180 and latitude within -90..90). Fix: GeoJSON puts longitude first: check the order and the signs."
    )


def test_non_numeric_coordinates(story_dir):
    edit_place(story_dir, "goris", coordinates=["46.3", "39.5"])
    assert messages(story_dir)[0] == (
        "places.geojson feature 6 (id \"goris\"): coordinates must be two numbers [longitude, latitude], "
        "not ['46.3', '39.5']. Fix: write them as [lon, lat] in decimal degrees, e.g. [46.7528, 39.8177]."
    )


def test_duplicate_event_id(story_dir):
    (story_dir / "questions.csv").unlink()  # its questions for "exodus-underway" would be reported too
    edit_event(story_dir, "exodus-underway", id="strike-on-stepanakert")
    assert messages(story_dir) == [
        'events.csv row 3 (id "strike-on-stepanakert"): id "strike-on-stepanakert" is used more than once. '
        "Fix: give each one its own id."
    ]


def test_date_text_must_be_the_articles_words(story_dir):
    edit_event(story_dir, "strike-on-stepanakert", date_text="on 19 September")
    assert messages(story_dir) == [
        'events.csv row 2 (id "strike-on-stepanakert"): date_text \'on 19 September\' is not found verbatim on '
        "article line 1. Fix: copy the article's own words for the time, or leave date_text empty."
    ]


def test_reported_quote_needs_a_speaker(story_dir):
    edit_event(story_dir, "pashinyan-address", speaker="")
    assert messages(story_dir) == [
        'events.csv row 14 (id "pashinyan-address"): a reported quote needs a speaker. '
        "Fix: name who said it in the speaker column."
    ]


def test_contested_place_needs_both_names(story_dir):
    edit_place(story_dir, "lachin", usage_names={"armenian": "Berdzor"})
    assert messages(story_dir) == [
        'places.geojson feature 3 (id "lachin"): the place has a name in Armenian usage but none in Azerbaijani usage. '
        "Fix: give it a name in every usage story.json declares (armenian, azerbaijani), or in none for a place with "
        "one name."
    ]


def test_missing_file_and_bad_json_are_both_reported(story_dir):
    (story_dir / "routes.geojson").unlink()
    (story_dir / "story.json").write_text('{"title": "x",}', encoding="utf-8")
    assert messages(story_dir) == [
        "story.json line 1: the file is not valid JSON (Expecting property name enclosed in double quotes, "
        "column 15). Fix: check for a missing comma, quote or bracket there.",
        "routes.geojson: the file is missing. Fix: add routes.geojson to the story folder (see data/README.md).",
    ]


def test_non_utf8_file(story_dir):
    (story_dir / "events.csv").write_bytes("id,place\nx,Erdoğan\n".encode("cp1254"))  # a Turkish Windows export
    assert messages(story_dir) == [
        "events.csv line 2: the file is not UTF-8 text: the character after 'x,Erdo' (byte 15) cannot be read; it was "
        "probably saved in an older encoding, such as Windows-1252. Fix: save the file as UTF-8 (in a spreadsheet: "
        "'CSV UTF-8'; in Notepad: Save As › Encoding › UTF-8)."
    ]


def test_missing_columns(story_dir):
    (story_dir / "events.csv").write_text("id,place,title\nx,goris,X\n", encoding="utf-8")
    assert messages(story_dir) == [
        "events.csv row 1: missing columns: line, date_precision, summary, quote, quote_kind. Fix: the header must "
        "name the columns: id, place, line, date_text, date, date_precision, title, summary, quote, quote_kind, "
        "speaker, place_note."
    ]


def test_every_problem_is_collected_at_once(story_dir):
    edit_event(story_dir, "goris-staging-ground", place="nowhere", line="99")
    edit_place(story_dir, "baku", coordinates=[49.9, 95.0])
    problems = validate_story(story_dir)
    assert [(p.file, p.where) for p in problems] == [
        ("places.geojson", 'feature 9 (id "baku")'),
        ("events.csv", 'row 5 (id "goris-staging-ground")'),
        ("events.csv", 'row 5 (id "goris-staging-ground")'),
        ("events.csv", 'row 17 (id "azerbaijan-promises-rights")'),
    ]


def test_load_story_raises_with_every_problem(story_dir):
    edit_event(story_dir, "goris-staging-ground", title="")
    with pytest.raises(StoryError) as caught:
        load_story(story_dir)
    assert str(caught.value) == (
        'events.csv row 5 (id "goris-staging-ground"): title is empty. Fix: write the event\'s title.'
    )


def test_not_a_folder(tmp_path):
    assert messages(tmp_path / "nope") == [
        f"{tmp_path / 'nope'}: is not a folder. Fix: give the path of a story folder, e.g. data/."
    ]


def test_home_places_must_exist(story_dir):
    meta = json.loads((story_dir / "story.json").read_text(encoding="utf-8"))
    meta["home_places"] = ["goris", "atlantis"]
    (story_dir / "story.json").write_text(json.dumps(meta), encoding="utf-8")
    assert messages(story_dir) == [
        'story.json home_places: place "atlantis" is not in places.geojson (known: stepanakert, shusha, lachin, '
        "hakari-bridge, kornidzor, goris, yerevan, nakhchivan, …). Fix: use ids from places.geojson."
    ]


@pytest.mark.parametrize("line", ["²", "1.5", "-3", "one", ""])
def test_line_must_be_a_plain_number(story_dir, line):
    edit_event(story_dir, "goris-staging-ground", line=line)
    assert messages(story_dir) == [
        f'events.csv row 5 (id "goris-staging-ground"): line {line!r} is not a whole number. '
        "Fix: give the 1-based number of the article's non-empty line the event comes from."
    ]


def test_huge_cell_is_a_problem_not_a_crash(story_dir):
    edit_event(story_dir, "goris-staging-ground", summary="x" * 200_000)
    problems = messages(story_dir)
    assert len(problems) == 1 and problems[0].startswith("events.csv line ")
    assert "the file cannot be read as CSV (field larger than field limit (131072))." in problems[0]


def test_unknown_route_property(story_dir):
    path = story_dir / "routes.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"][0]["properties"]["colour"] = "red"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert messages(story_dir) == [
        'routes.geojson feature 1 (id "lachin-corridor"): unknown properties: colour. Fix: use only: id, name, from, '
        "to, description, reported_distance_km, reported_distance_text, reported_source, reported_source_url, "
        "waypoints, waypoint_orders, note, short_name, label_side, part_kinds, part_names, road_source."
    ]


def test_labelled_must_be_a_boolean(story_dir):
    edit_place(story_dir, "goris", labelled="yes")
    assert messages(story_dir) == [
        "places.geojson feature 6 (id \"goris\"): labelled must be true or false, not 'yes'. "
        "Fix: write true or false without quotes."
    ]


def test_story_meta_types_and_published_day(story_dir):
    meta = json.loads((story_dir / "story.json").read_text(encoding="utf-8"))
    meta.update(published="25/09/2023", source=2023)
    (story_dir / "story.json").write_text(json.dumps(meta), encoding="utf-8")
    assert messages(story_dir) == [
        "story.json source: source must be text, not 2023. Fix: put the value in double quotes.",
        "story.json published: published '25/09/2023' is not a day like 2023-09-25. "
        "Fix: give the publication day as YYYY-MM-DD, and any looseness in published_text.",
    ]


def test_questions_must_name_an_event(story_dir):
    with (story_dir / "questions.csv").open("a", encoding="utf-8") as f:
        f.write("no-such-event,Why?\n")
    assert messages(story_dir) == [
        'questions.csv row 32: event "no-such-event" is not in events.csv. Fix: use an event id from events.csv.'
    ]


def test_teaching_material_and_context_load(story):
    assert sum(len(q) for q in story.questions.values()) == 30
    assert set(story.questions) == {e.id for e in story.events}
    assert [g.term for g in story.glossary][:2] == ["Artsakh", "Baku"]
    assert len(story.context) == 27


def test_context_rows_need_a_source(story_dir):
    path = story_dir / "context" / "timeline.csv"
    path.write_text(path.read_text(encoding="utf-8") + "2023-09-30,,Something,,,,\n", encoding="utf-8")
    assert messages(story_dir) == [
        "context/timeline.csv row 29: a fact needs what happened (event) and the address of its source (source_url). "
        "Fix: fill in both: context is shown only with its source."
    ]


def test_a_direction_control_in_a_quoted_value_is_shown_by_name():
    """A problem quoting the teacher's text cannot let an unclosed U+202E reverse the message's own words."""
    from geo.problems import StoryProblem

    text = str(StoryProblem("events.csv", "row 2", 'place "go\u202eris" is not in places.geojson.', "use a known id."))
    assert text == 'events.csv row 2: place "go[U+202E]ris" is not in places.geojson. Fix: use a known id.'


# --- routes of several parts: real road and traced ------------------------------------------------------------

def _edit_route(folder: Path, index: int = 0, geometry: dict | None = None, **props) -> None:
    """Change one feature of routes.geojson (a property set to None is removed)."""
    path = folder / "routes.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    feature = data["features"][index]
    if geometry is not None:
        feature["geometry"] = geometry
    for key, value in props.items():
        feature["properties"].pop(key, None) if value is None else feature["properties"].__setitem__(key, value)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_route_of_parts_keeps_them_in_order_and_joins_them(story):
    corridor = story.routes[0]
    assert corridor.part_kinds == ("traced", "road")
    assert [len(p) for p in corridor.parts] == [5, 316]
    assert len(corridor.lonlats) == 5 + 316 - 1  # the point the two parts share, once
    assert corridor.lonlats[:5] == corridor.parts[0] and corridor.lonlats[4:] == corridor.parts[1]


def test_a_linestring_route_is_one_traced_part(story_dir):
    _edit_route(story_dir, geometry={"type": "LineString", "coordinates": [[46.7528, 39.8177], [46.34168, 39.51111]]},
                part_kinds=None, part_names=None)
    route = load_story(story_dir).routes[0]
    assert route.parts == (((46.7528, 39.8177), (46.34168, 39.51111)),) and route.part_kinds == ("traced",)


def test_a_multilinestring_without_part_kinds_is_all_traced(story_dir):
    """A GIS tool writes MultiLineStrings of its own: nothing is called real road unless the file says so."""
    _edit_route(story_dir, part_kinds=None)
    assert load_story(story_dir).routes[0].part_kinds == ("traced", "traced")


def test_a_linestring_may_be_one_road_part(story_dir):
    _edit_route(story_dir, geometry={"type": "LineString", "coordinates": [[46.7528, 39.8177], [46.34168, 39.51111]]},
                part_kinds=["road"], part_names=None)
    assert load_story(story_dir).routes[0].part_kinds == ("road",)


@pytest.mark.parametrize(("props", "expected"), [
    ({"part_kinds": ["traced", "paved"]},
     "part_kinds must be a list of \"road\" or \"traced\", one per part of the line, not ['traced', 'paved']. "
     'Fix: e.g. ["traced", "road"] for a line of two parts, or leave it out (every part is then traced).'),
    ({"part_kinds": "road"},
     "part_kinds must be a list of \"road\" or \"traced\", one per part of the line, not 'road'. "
     'Fix: e.g. ["traced", "road"] for a line of two parts, or leave it out (every part is then traced).'),
    ({"part_kinds": ["road"]},
     "part_kinds gives 1 kind for a line of 2 parts. Fix: give one kind per part, in the order of the parts."),
    ({"part_names": ["a", "b", "c"]},
     "part_names gives 3 names for a line of 2 parts. Fix: give one name per part, in the order of the parts."),
    ({"part_names": ["a", 2]},
     'part_names must be a list of text, one per part of the line. Fix: e.g. ["Stepanakert → Mets Shen", '
     '"Mets Shen → Goris"], or leave it out.'),
    ({"road_source": 5},
     "road_source must be text, not 5. Fix: put the value in double quotes, or leave it out."),
])
def test_part_kinds_and_names_are_checked(story_dir, props, expected):
    _edit_route(story_dir, **props)
    assert messages(story_dir) == [f'routes.geojson feature 1 (id "lachin-corridor"): {expected}']


@pytest.mark.parametrize(("coordinates", "expected"), [
    ([[[46.7, 39.8], [46.6, 39.7]], [[46.6, 39.7]]],
     "part 2 of the line needs at least two points. Fix: list its parts in driving order, each a list of [lon, lat] points."),
    ([], "a MultiLineString route needs at least one part. Fix: list its parts in driving order, each a list of "
         "[lon, lat] points."),
    ([[46.7, 39.8], [46.6, 39.7]],  # a LineString's coordinates
     'part 1 of the line is one point, not a list of points. Fix: a MultiLineString holds lists of [lon, lat] points, '
     '[[[lon, lat], [lon, lat]], …]; a single line can be a "LineString" instead.'),
    ([[[46.7, 39.8], [46.6, 39.7]], "x"],
     "part 2 of the line needs at least two points. Fix: list its parts in driving order, each a list of [lon, lat] points."),
])
def test_a_part_needs_two_points(story_dir, coordinates, expected):
    _edit_route(story_dir, geometry={"type": "MultiLineString", "coordinates": coordinates})
    assert messages(story_dir) == [f'routes.geojson feature 1 (id "lachin-corridor"): {expected}']


def test_a_bad_point_names_its_part(story_dir):
    _edit_route(story_dir, geometry={"type": "MultiLineString",
                                     "coordinates": [[[46.7, 39.8], [46.6, 39.7]], [[46.6, 39.7], [46.5, 139.7]]]})
    assert messages(story_dir) == [
        'routes.geojson feature 1 (id "lachin-corridor") part 2 point 2: coordinates [46.5, 139.7] are out of range '
        "(longitude must be within -180..180 and latitude within -90..90). Fix: GeoJSON puts longitude first: check "
        "the order and the signs."]


def test_the_vertex_budget_counts_every_part(story_dir):
    part = [[44.5 + j * 1e-5, 40.0] for j in range(100_001)]
    _edit_route(story_dir, 1, geometry={"type": "MultiLineString", "coordinates": [part, part]})
    assert messages(story_dir)[0] == (
        "routes.geojson: the file's lines and shapes have 200,323 points; a story may have at most 200,000 in "
        "routes.geojson and basemap.geojson together (200,000 are left for this file). Fix: simplify the lines "
        "(in QGIS: Vector › Geometry Tools › Simplify), or see Limits in data/README.md.")
