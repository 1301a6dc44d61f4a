"""The validator helps a teacher fix a story: it says where a quote differs from its line and how, names a CSV
separated by semicolons or tabs and a file in the wrong encoding, flags swapped coordinates with the pair to
write, counts in words ("1 route"), and the template's article.txt holds only article text."""
from __future__ import annotations

import codecs
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from geo.cli import main
from geo.problems import Collector
from geo.quotes import near_miss
from geo.story import load_story, validate_story
from tests.conftest import DATA, ROOT, edit_event, edit_place

TEMPLATE = ROOT / "templates" / "blank-story"
COPY = "Fix: copy the quote from line {n} of article.txt letter for letter, typos included"
MARKS = " (copy and paste it rather than typing it: a spreadsheet or word processor may change quotation marks, apostrophes and dashes)."
SPACES = " (a non-breaking space or a double space often comes with text copied from a web page)."


def messages(folder: Path) -> list[str]:
    return [str(p) for p in validate_story(folder)]


# --- quotes that nearly match ------------------------------------------------------------------------------------

GORIS = 'events.csv row 5 (id "goris-staging-ground"): the quote is not found verbatim on article line 3'


@pytest.mark.parametrize(("event", "quote", "expected"), [
    ("goris-staging-ground", "the border city of Goris is being used as a Staging Ground",
     f"{GORIS}: line 3 has 'staging ground', the quote has 'Staging Ground'. {COPY.format(n=3)}."),
    ("goris-staging-ground", "the border town of Goris is being used",
     f"{GORIS}: line 3 has 'city', the quote has 'town'. {COPY.format(n=3)}."),
    ("goris-staging-ground", "the border city of Goris is used as a staging ground",
     f"{GORIS}: the quote leaves out 'being', which line 3 has after 'is'. {COPY.format(n=3)}."),
    ("goris-staging-ground", "the border city of Goris is now being used",
     f"{GORIS}: the quote has 'now' after 'is', which line 3 does not have. {COPY.format(n=3)}."),
    ("goris-staging-ground", "the border city of Goris is being  used",
     f"{GORIS}: line 3 has one space between 'being' and 'used', the quote has 2 spaces. {COPY.format(n=3)}{SPACES}"),
    ("goris-staging-ground", "the border city of Goris\u00a0is being used",
     f"{GORIS}: line 3 has one space between 'Goris' and 'is', the quote has a non-breaking space. "
     f"{COPY.format(n=3)}{SPACES}"),
    ("talks-on-enclave-fate", "to discuss the enclave\u2019s fate.",
     'events.csv row 4 (id "talks-on-enclave-fate"): the quote is not found verbatim on article line 2: line 2 has '
     f"' (a straight apostrophe) in 'enclave's', the quote has ’ (a curly apostrophe). {COPY.format(n=2)}{MARKS}"),
    ("babayan-99-percent", "claimed that \u201c99.9%\u201d of ethnic Armenians",
     'events.csv row 18 (id "babayan-99-percent"): the quote is not found verbatim on article line 18: line 18 has '
     "\" (a straight quotation mark) in '\"99.9%\"', the quote has “ (a curly opening quotation mark); line 18 has "
     "\" (a straight quotation mark) in '\"99.9%\"', the quote has ” (a curly closing quotation mark). "
     f"{COPY.format(n=18)}{MARKS}"),
    ("goris-staging-ground", "Those leaving the region are to be escorted by Russian Peacekeepers",
     f"{GORIS}; line 4 nearly has it: line 4 has 'peacekeepers', the quote has 'Peacekeepers'. Fix: correct the "
     "line number to 4, and copy the quote from line 4 of article.txt letter for letter, typos included."),
    ("aliyev-erdogan-meeting", "Ilham Aliyev was due to meet with his Turkish counterpart Recep Tayyip Erdogan on "
                               "Monday (Sept 25) in the Azeri enclave of Nakhichevan.",
     'events.csv row 8 (id "aliyev-erdogan-meeting"): the quote is not found verbatim on article line 7: the quote '
     "leaves out ',', which line 7 has after 'counterpart'; the quote leaves out ',', which line 7 has after 'Erdogan'; "
     f"line 7 has 'September', the quote has 'Sept'; and 2 more differences. {COPY.format(n=7)}."),
])
def test_a_near_miss_says_where_and_how(story_dir, event, quote, expected):
    edit_event(story_dir, event, quote=quote)
    assert messages(story_dir) == [expected]


def test_a_date_text_near_miss_says_how(story_dir):
    edit_event(story_dir, "strike-on-stepanakert", date_text="Last week")
    assert messages(story_dir) == [
        'events.csv row 2 (id "strike-on-stepanakert"): date_text \'Last week\' is not found verbatim on article line '
        "1: line 1 has 'last', date_text has 'Last'. Fix: copy date_text from line 1 of article.txt letter for letter, "
        "typos included."]


def test_a_date_text_on_another_line_is_not_sent_there(story_dir):
    """date_text belongs to the quote's line: "Monday" is on line 7, but line 1's event cannot move there."""
    edit_event(story_dir, "strike-on-stepanakert", date_text="on Monday")
    assert messages(story_dir) == [
        'events.csv row 2 (id "strike-on-stepanakert"): date_text \'on Monday\' is not found verbatim on article line 1. '
        "Fix: copy the article's own words for the time, or leave date_text empty."]


def test_the_closest_passage_is_given_by_position():
    line = "People drove across the Hakari bridge, officials said."
    miss = near_miss(line, "across the Hakari Bridge", 1)
    assert miss is not None and line[miss.start:miss.end] == "across the Hakari bridge"
    assert miss.differences == ("line 1 has 'bridge', the quote has 'Bridge'",)


def test_near_misses_stay_quick_on_a_hostile_article(tmp_path):
    """A 1 MB article of one repeated word and 500 quotes that each nearly match: the work is bounded (the near
    misses share a budget; past it, quotes are only said to be missing). CPU is capped far above what it takes."""
    script = textwrap.dedent("""
        import csv, io, json, resource, sys
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))
        from geo.story import StoryError, parse_story
        rows = io.StringIO()
        w = csv.writer(rows, lineterminator="\\n")
        w.writerow(["id", "place", "line", "date_precision", "title", "summary", "quote", "quote_kind"])
        for i in range(500):
            w.writerow([f"e{i}", "a", i % 10 + 1, "undated", "T", "S", ("the " * 299 + "The").strip(), "article"])
        place = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.5, 40.1]},
                 "properties": {"id": "a", "name": "A", "geonames_id": 1}}
        files = {"story.json": b'{"title": "t"}', "routes.geojson": b'{"type": "FeatureCollection", "features": []}',
                 "places.geojson": json.dumps({"type": "FeatureCollection", "features": [place]}).encode(),
                 "events.csv": rows.getvalue().encode(), "article.txt": "\\n".join(["the " * 24_999] * 10).encode()}
        try:
            parse_story(files)
        except StoryError as exc:
            said = [str(p) for p in exc.problems]
            print(sum("has 'The'" in p for p in said), sum(p.endswith("typos included.") for p in said), exc.total)
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    described, listed, total = map(int, result.stdout.split())
    assert total == 500 and listed == 100 and 0 < described < 100  # some described, then the budget is spent


# --- CSV separators and encodings --------------------------------------------------------------------------------

SEPARATOR_FIX = ("Fix: save it comma-separated, as CSV UTF-8 (LibreOffice Calc: Save As › Text CSV, tick Edit filter "
                 "settings, field delimiter ','; Google Sheets: File › Download › CSV; Excel uses the list separator "
                 "of the computer's region settings).")


@pytest.mark.parametrize(("sep", "name"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_csv_separated_otherwise_is_named(story_dir, sep, name):
    path = story_dir / "events.csv"
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()[:1]]  # the header has no commas in cells
    path.write_text(sep.join(rows[0]) + "\nstrike-on-stepanakert" + sep + "stepanakert\n", encoding="utf-8")
    assert messages(story_dir)[0] == f"events.csv row 1: the file is separated by {name}, not commas. {SEPARATOR_FIX}"


def test_any_csv_of_the_story_is_checked(story_dir):
    (story_dir / "glossary.csv").write_text("term;definition;source\nBaku;The capital;x\n", encoding="utf-8")
    assert messages(story_dir) == [f"glossary.csv row 1: the file is separated by semicolons, not commas. {SEPARATOR_FIX}"]


def test_commas_in_cells_do_not_make_a_semicolon_file(story_dir):
    """A comma-separated file whose cells hold semicolons is read as the CSV it is."""
    edit_event(story_dir, "goris-staging-ground", title="Goris; a staging ground")
    assert messages(story_dir) == []


@pytest.mark.parametrize("boms", [1, 2])
def test_an_excel_byte_order_mark_is_fine(story_dir, boms):
    path = story_dir / "events.csv"
    path.write_bytes(codecs.BOM_UTF8 * boms + path.read_bytes())
    assert load_story(story_dir).events == load_story(DATA).events


UTF8_FIX = "Fix: save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8'; in Notepad: Save As › Encoding › UTF-8)."


def test_a_windows_1252_file_is_named_with_its_line(story_dir):
    path = story_dir / "events.csv"
    text = path.read_text(encoding="utf-8").replace("Aliyev and Erdogan", "Aliyev and Erdoğan").replace(
        "Azerbaijan strikes Stepanakert", "Azerbaijan strikes Stepanakert – café")
    path.write_bytes(codecs.BOM_UTF8 + text.encode("cp1252", "replace"))
    assert messages(story_dir) == [
        "events.csv line 2: the file is not UTF-8 text: the character after 'strikes Stepanakert ' "
        f"(byte 201) cannot be read; it was probably saved in an older encoding, such as Windows-1252. {UTF8_FIX}"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])  # with its byte order mark, and without
def test_a_utf16_file_is_named(story_dir, encoding):
    path = story_dir / "article.txt"
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    assert messages(story_dir)[0] == (
        f"article.txt: the file is UTF-16 text (as Excel's 'Unicode Text' saves it), not UTF-8. {UTF8_FIX}")


# --- swapped coordinates ----------------------------------------------------------------------------------------

def test_swapped_coordinates_are_flagged_with_the_pair_to_write(story_dir):
    edit_place(story_dir, "stepanakert", coordinates=[39.8177, 46.7528])
    assert messages(story_dir) == [
        'places.geojson feature 1 (id "stepanakert"): coordinates [39.8177, 46.7528] look like latitude and longitude '
        "swapped: they land 960 km from the middle of the story's other places, and [46.7528, 39.8177] lands 28 km "
        "from it. Fix: GeoJSON puts longitude first: write [46.7528, 39.8177], i.e. [longitude, latitude]."]


def test_a_place_genuinely_far_away_still_loads(story):
    assert "ankara" in story.places  # 1,170 km from the others; swapped, 960 km: not among them


@pytest.mark.parametrize("far", [[37.6173, 55.7558], [2.35, 48.85]])  # Moscow, Paris: far, and far once swapped
def test_a_far_place_whose_swap_lands_nowhere_near_is_not_flagged(story_dir, far):
    edit_place(story_dir, "ankara", coordinates=far)
    assert messages(story_dir) == []


def test_a_swap_in_a_story_of_two_places(tmp_path):
    folder = tmp_path / "two"
    shutil.copytree(TEMPLATE, folder)
    edit_place(folder, "second-place", coordinates=[39.51111, 46.34168])
    assert messages(folder) == [
        'places.geojson feature 2 (id "second-place"): coordinates [39.51111, 46.34168] look like latitude and '
        "longitude swapped: they land 800 km from the middle of the story's other places, and [46.34168, 39.51111] "
        "lands 170 km from it. Fix: GeoJSON puts longitude first: write [46.34168, 39.51111], i.e. [longitude, latitude]."]


def test_a_swap_among_many_places(story_dir):
    """Past 50 places the spread of all stands in for the others': one swapped place is still found."""
    path = story_dir / "places.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    template = data["features"][5]  # Goris
    for i in range(60):
        extra = json.loads(json.dumps(template))
        extra["properties"]["id"] = f"village-{i}"
        extra["geometry"]["coordinates"] = [46.0 + i * 0.01, 39.5 + i * 0.005]
        data["features"].append(extra)
    data["features"][-1]["geometry"]["coordinates"] = [39.795, 46.59]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert [p.split(":")[0] for p in messages(story_dir)] == ['places.geojson feature 70 (id "village-59")']


# --- plurals ---------------------------------------------------------------------------------------------------

def test_the_summary_counts_in_words(capsys):
    assert main(["validate", str(TEMPLATE)]) == 0
    assert capsys.readouterr().out == "blank-story: OK — 2 places, 1 route, 1 event\n"


def test_one_non_empty_line(tmp_path):
    folder = tmp_path / "one"
    shutil.copytree(TEMPLATE, folder)
    edit_event(folder, "people-leave", line="2")
    assert messages(folder) == [
        'events.csv row 2 (id "people-leave"): line 2 is not in the article, which has 1 non-empty line. '
        "Fix: count only non-empty lines, from 1."]


def test_one_more_problem():
    out = Collector(limit=1)
    out.add("a", "", "x.")
    out.add("b", "", "y.")
    assert str(out.listed()[-1]) == "… and 1 more problem (fix these first)."


def test_a_one_character_limit_is_said_in_the_singular():
    from geo.problems import text_problem

    assert text_problem("a", 0) == ("is 1 character long; the limit is 0.", "shorten it.")


# --- the template ------------------------------------------------------------------------------------------------

def test_the_templates_article_is_only_article_text():
    lines = (TEMPLATE / "article.txt").read_text(encoding="utf-8").splitlines()
    story = load_story(TEMPLATE)
    assert story.article_lines == lines == [
        "On Monday, people left the first place and drove to the second place, officials said."]
    assert story.events[0].line == 1
    assert "article.txt" in (TEMPLATE / "README.md").read_text(encoding="utf-8")  # the instructions moved here


def test_pasting_an_article_over_the_template_keeps_line_1(tmp_path):
    folder = tmp_path / "mine"
    shutil.copytree(TEMPLATE, folder)
    (folder / "article.txt").write_text("On Monday, people left the first place and drove to the second place, "
                                        "officials said.\n\nA second paragraph.\n", encoding="utf-8")
    assert load_story(folder).events[0].line == 1
