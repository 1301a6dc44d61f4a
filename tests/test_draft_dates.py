"""geo.draft.dates: dates read against the publication day, with their precision; never a made-up day.

The articles here are "published" on Monday 25 September 2023 unless a test says otherwise.
"""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from geo.dates import parse_date
from geo.draft import draft_story
from geo.draft.dates import find_dates, month_precision

MONDAY = date(2023, 9, 25)
THURSDAY = date(2023, 9, 28)


def read(sentence: str, published: date = MONDAY, zones: list[str] | None = None) -> list[tuple[str, str, str]]:
    return [(f.text, f.date, f.precision) for f in find_dates(sentence, 0, published, zones)]


@pytest.mark.parametrize("sentence, expected", [
    ("They left on Sunday.", ("on Sunday", "2023-09-24", "day")),  # the last Sunday before publication
    ("They left Sunday night.", ("Sunday", "2023-09-24", "day")),
    ("The talks took place on Monday.", ("on Monday", "2023-09-25", "day")),  # the publication day itself
    ("They will leave on Friday.", ("on Friday", "2023-09-29", "day")),  # the future: the next Friday
    ("He was due to arrive in Armenia Monday.", ("Monday", "2023-09-25", "day")),
    ("Refugees arrived yesterday.", ("yesterday", "2023-09-24", "day")),
    ("Refugees arrive today.", ("today", "2023-09-25", "day")),
    ("They left two days ago.", ("two days ago", "2023-09-23", "day")),
    ("The strike came last week.", ("last week", "2023-09-18/2023-09-24", "week")),
    ("People rested in Goris this weekend.", ("this weekend", "2023-09-23/2023-09-24", "week")),
    ("Roads have been closed since 19 September.", ("since 19 September", "2023-09-19/2023-09-25", "week")),
    ("Shops reopened on Sept. 21.", ("on Sept. 21", "2023-09-21", "day")),
    ("It was Tuesday, September 26, when they left.", ("Tuesday, September 26", "2023-09-26", "day")),
    ("The war began on 27 September 2020.", ("on 27 September 2020", "2020-09-27", "day")),
    ("Goris was shelled in 1992.", ("in 1992", "1992", "year")),
    ("especially during the 2020 war, which lasted six weeks", ("2020", "2020", "year")),
    ("The census of last year counted them.", ("last year", "2022", "year")),
])
def test_dates_relative_to_the_publication_day(sentence, expected):
    assert read(sentence) == [expected]
    text, value, precision = expected
    parse_date(value, precision)  # in the form the story format takes


def test_this_weekend_in_a_thursday_article_is_the_coming_one():
    assert read("Protests are planned this weekend.", THURSDAY) == [("this weekend", "2023-09-30/2023-10-01", "week")]


def test_last_week_is_the_calendar_week_before_the_publication_week():
    assert read("The strike came last week.", THURSDAY) == [("last week", "2023-09-18/2023-09-24", "week")]


def test_a_time_with_local_time_and_utc_gives_the_minute_and_its_offset():
    sentence = ("Officials said over 1,000 people had crossed as of 22:00 local time Sunday "
                "(18:00 UTC, September 24).")
    assert read(sentence) == [("as of 22:00 local time Sunday (18:00 UTC, September 24)", "2023-09-24T22:00+04:00", "minute")]


def test_a_time_with_an_offset_or_a_zone():
    assert read("As of 22:00 (GMT+4) on Sunday, 6,650 people had arrived.") == [
        ("As of 22:00 (GMT+4) on Sunday", "2023-09-24T22:00+04:00", "minute")]
    assert read("At 14:30 GMT on 20 September 2023 the shelling began.") == [
        ("At 14:30 GMT on 20 September 2023", "2023-09-20T14:30+00:00", "minute")]


def test_local_time_takes_the_zone_of_the_sentence_s_place():
    assert read("Buses left at 22:00 local time on Sunday.", zones=["Asia/Yerevan"]) == [
        ("at 22:00 local time on Sunday", "2023-09-24T22:00+04:00", "minute")]


def test_a_time_without_a_zone_is_dated_to_its_day_and_says_so():
    (found,) = find_dates("Buses left Goris at 10 a.m. on Tuesday.", 0, MONDAY)
    assert (found.date, found.precision) == ("2023-09-19", "day")
    assert found.needs == ("date: the time in 'at 10 a.m. on Tuesday' has no time zone the draft can know, so the event "
                           "is dated to its day: add the UTC offset to give the minute")


def test_a_time_without_a_day_is_not_given_one():
    (found,) = find_dates("The count stood at 6,500 at 10 a.m.", 0, MONDAY)
    assert (found.date, found.precision) == ("", "undated")
    assert found.needs == "date: the time 'at 10 a.m.' has no day in the sentence, so the event is left undated"


def test_earlier_this_month_is_a_month_never_a_made_up_day():
    (found,) = find_dates("Earlier this month, convoys reached Goris.", 0, MONDAY)
    if month_precision():  # once the story format takes a month precision
        assert (found.date, found.precision, found.needs) == ("2023-09", "month", "")
    else:
        assert (found.date, found.precision) == ("", "undated")
        assert found.needs == ("date: 'Earlier this month' is a month (September 2023); events.csv has no month "
                               "precision yet, so the event is left undated: give a day or a week if the article has one")


def test_a_month_alone_is_never_a_day():
    for sentence in ("The talks failed in May 2021.", "The talks failed in September.", "The talks failed last month."):
        (found,) = find_dates(sentence, 0, MONDAY)
        assert found.precision in ("month", "undated") and len(found.date) <= 7, sentence


def test_a_span_longer_than_a_week_is_dated_to_its_first_day_and_reviewed():
    (found,) = find_dates("Roads have been closed since 1 September.", 0, MONDAY)
    assert (found.text, found.date, found.precision) == ("since 1 September", "2023-09-01", "day")
    assert found.needs == ("date: 'since 1 September' runs from 1 September 2023 to publication, longer than a week: "
                           "the event is dated to its first day; check it")


def test_a_weekday_that_disagrees_with_its_date_is_not_resolved():
    (found,) = find_dates("On Tuesday (September 25) they left.", 0, MONDAY)
    assert (found.date, found.precision) == ("", "undated")
    assert found.needs == ("date: 'On Tuesday (September 25)' does not agree with itself: 25 September 2023 is a "
                           "Monday, not a Tuesday")


@pytest.mark.parametrize("sentence", [
    "More than 120,000 people live there.",
    "Some 2,000 families arrived, 99.9% of them by car.",
    "The convoy had 1500 cars.",
    "Most people may leave.",
    "It is underway.",
])
def test_numbers_that_are_not_dates(sentence):
    assert read(sentence) == []


def events(text: str, published: date = MONDAY) -> list[dict[str, str]]:
    draft = draft_story(text, published)
    return list(csv.DictReader(io.StringIO(draft.files["events.csv"]))) + draft.review


def test_a_photo_caption_s_date_belongs_to_the_photo():
    text = ("Refugees queue for food in Goris on September 26, 2023. (AP Photo/Vasily Krestyaninov)\n"
            "Thousands of people have reached Goris, officials said.")
    rows = {row["line"]: row for row in events(text)}
    assert rows["2"]["date"] == "" and rows["2"]["date_precision"] == "undated"  # the report's own line: no date
    assert rows["1"]["needs"].startswith("photo caption: its date (on September 26, 2023) and place are the photo's, "
                                         "not an event's of the report: keep it only as an event about the photo")


def test_a_dateline_s_date_is_not_an_event_s():
    rows = events("GORIS, Armenia, Sept. 26 (AP) — Thousands of refugees have reached Goris.")
    assert [(row["date"], row["date_precision"]) for row in rows] == [("", "undated")]


def test_every_drafted_date_is_in_the_form_of_its_precision_and_on_its_line():
    text = ("Refugees arrived in Goris yesterday.\nShops in Kapan reopened on Sept. 21.\n"
            "As of 22:00 (GMT+4) on Sunday, 6,650 people had reached Kornidzor.\nGoris was shelled in 1992.")
    lines = text.split("\n")
    for row in events(text):
        parse_date(row["date"], row["date_precision"])
        assert row["date_text"] in lines[int(row["line"]) - 1]
