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
from geo.draft.dates import FUTURE, PAST, WOULD, find_dates, tense

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
    ("The river flooded the town eight years ago.", ("eight years ago", "2015", "year")),
    ("The dam was inspected a month ago.", ("a month ago", "2023-08", "month")),
    ("The dam was inspected 14 months ago.", ("14 months ago", "2022-07", "month")),
    ("Aid arrived two weeks ago.", ("two weeks ago", "2023-09-11/2023-09-17", "week")),  # the week of 11 September
    ("The strike came last week.", ("last week", "2023-09-18/2023-09-24", "week")),
    ("People rested in Goris this weekend.", ("this weekend", "2023-09-23/2023-09-24", "week")),
    ("Roads have been closed since 19 September.", ("since 19 September", "2023-09-19", "day")),
    ("Shops reopened on Sept. 21.", ("on Sept. 21", "2023-09-21", "day")),
    ("It was Tuesday, September 19, when they left.", ("Tuesday, September 19", "2023-09-19", "day")),
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


def test_a_time_without_a_day_is_a_question_unless_it_is_a_count_as_of_then():
    (found,) = find_dates("The breach opened at about 02:50 local time (23:50 GMT).", 0, MONDAY)
    assert (found.text, found.date, found.precision) == ("at about 02:50 local time (23:50 GMT)", "", "undated")
    assert found.needs == ("date: 'at about 02:50 local time (23:50 GMT)' gives a time but not its day: give the "
                           "event's day (the sentence before may name it)")
    (found,) = find_dates("The count stood at 6,500 as of 10 a.m.", 0, MONDAY)
    assert (found.text, found.date, found.precision) == ("as of 10 a.m.", "2023-09-25", "day")
    assert found.needs == ("date: the time in 'as of 10 a.m.' has no time zone the draft can know, so the event is "
                           "dated to its day: add the UTC offset to give the minute")


def test_of_two_offsets_a_local_clock_and_gmt_allow_the_one_nearer_gmt():
    assert read("As of 21:00 local time on Friday (07:00 GMT Saturday), 1,400 people were in shelters.",
                date(2023, 8, 12)) == [("As of 21:00 local time on Friday (07:00 GMT Saturday)",
                                        "2023-08-11T21:00-10:00", "minute")]


@pytest.mark.parametrize("sentence, zones, expected", [
    ("As of 22:00 local time, 6,650 people had crossed.", ["Asia/Yerevan"],
     ("As of 22:00 local time", "2023-09-28T22:00+04:00", "minute")),
    ("As of 22:00 (GMT+4), 6,650 people had crossed.", None, ("As of 22:00 (GMT+4)", "2023-09-28T22:00+04:00", "minute")),
    ("The count stood at 6,650 as of 18:00 UTC.", None, ("as of 18:00 UTC", "2023-09-28T18:00+00:00", "minute")),
    # the sentence names another day: that day, not the publication's
    ("As of 22:00 local time on Tuesday, 6,650 people had crossed.", ["Asia/Yerevan"],
     ("As of 22:00 local time on Tuesday", "2023-09-26T22:00+04:00", "minute")),
])
def test_a_time_with_its_zone_is_on_the_publication_day_unless_the_sentence_says_otherwise(sentence, zones, expected):
    (found,) = find_dates(sentence, 0, THURSDAY, zones)
    assert (found.text, found.date, found.precision, found.needs) == (*expected, "")


def test_a_time_with_local_time_but_no_known_zone_is_given_no_zone():
    # two places of two zones (or none): the draft does not choose one
    for zones in (None, ["Asia/Yerevan", "Asia/Baku"]):
        (found,) = find_dates("As of 22:00 local time, 6,650 people had crossed.", 0, THURSDAY, zones)
        assert (found.text, found.date, found.precision) == ("As of 22:00 local time", "2023-09-28", "day")
        assert found.needs == ("date: the time in 'As of 22:00 local time' has no time zone the draft can know, so the "
                               "event is dated to its day: add the UTC offset to give the minute")


def test_earlier_this_month_is_a_month_never_a_made_up_day():
    (found,) = find_dates("Earlier this month, convoys reached Goris.", 0, MONDAY)
    assert (found.text, found.date, found.precision, found.needs) == ("Earlier this month", "2023-09", "month", "")


@pytest.mark.parametrize("sentence, expected", [
    ("Convoys reached Goris earlier this month.", ("earlier this month", "2023-09", "month")),
    ("The talks failed in June.", ("in June", "2023-06", "month")),  # the latest June on or before publication
    ("The talks failed in October.", ("in October", "2022-10", "month")),  # October 2023 is still to come
    ("The talks failed in August.", ("in August", "2023-08", "month")),
    ("The talks failed last month.", ("last month", "2023-08", "month")),
    ("The talks failed in May 2021.", ("in May 2021", "2021-05", "month")),
    ("Fighting flared in mid-September.", ("in mid-September", "2023-09", "month")),
])
def test_months_are_a_month_precision_relative_to_publication(sentence, expected):
    (found,) = find_dates(sentence, 0, MONDAY)
    assert (found.text, found.date, found.precision, found.needs) == (*expected, "")
    parse_date(found.date, found.precision)


def test_a_month_to_come_is_a_plan_and_says_so():
    (found,) = find_dates("Prices will rise next month.", 0, MONDAY)
    assert (found.text, found.date, found.precision) == ("next month", "2023-10", "month")
    assert found.needs == ("date: 'next month' is after the publication day (Monday 25 September 2023): the article "
                           "tells of a plan, not of something that happened; keep the row only as a plan, or drop it")
    (found,) = find_dates("Elections will be held in June.", 0, MONDAY)
    assert (found.date, found.precision) == ("2024-06", "month") and found.needs.startswith("date: 'in June' is after")
    (found,) = find_dates("Elections will be held in September.", 0, MONDAY)  # the month of publication: not after it
    assert (found.date, found.precision, found.needs) == ("2023-09", "month", "")


def test_a_month_alone_is_never_a_day():
    for sentence in ("The talks failed in May 2021.", "The talks failed in September.", "The talks failed last month.",
                     "The talks failed since June.", "They will meet in January."):
        (found,) = find_dates(sentence, 0, MONDAY)
        assert found.precision == "month" and len(found.date) == 7, sentence


@pytest.mark.parametrize("sentence, expected", [
    # the example: published on a Thursday, "on Tuesday" is two days before
    ("On Tuesday, thousands fled to Goris.", ("On Tuesday", "2023-09-26", "day")),
    ("Thousands fled to Goris on Tuesday.", ("on Tuesday", "2023-09-26", "day")),
    ("The convoy arrived on Thursday.", ("on Thursday", "2023-09-28", "day")),  # the publication day itself
    ("On Friday, thousands fled to Goris.", ("On Friday", "2023-09-22", "day")),  # never the Friday after publication
    # the past tense of the date's own clause, not "will" elsewhere in the sentence
    ("On Tuesday, officials said they will open more shelters.", ("On Tuesday", "2023-09-26", "day")),
    ("The talks, which began on Saturday, will resume in Geneva.", ("on Saturday", "2023-09-23", "day")),
    ("He said on Sunday that he would stay.", ("on Sunday", "2023-09-24", "day")),
    ("He left on Tuesday last week.", ("on Tuesday last week", "2023-09-19", "day")),
    ("He left last Thursday.", ("last Thursday", "2023-09-21", "day")),
])
def test_a_weekday_told_of_the_past_is_on_or_before_the_publication_day(sentence, expected):
    (found,) = find_dates(sentence, 0, THURSDAY)
    assert (found.text, found.date, found.precision, found.needs) == (*expected, "")


def test_weekdays_told_of_the_future_go_forward_and_say_they_are_plans():
    (found,) = find_dates("Buses will leave Goris on Friday.", 0, THURSDAY)
    assert (found.text, found.date, found.precision) == ("on Friday", "2023-09-29", "day")
    assert found.needs == ("date: 'on Friday' is after the publication day (Thursday 28 September 2023): the article "
                           "tells of a plan, not of something that happened; keep the row only as a plan, or drop it")
    found = find_dates("Officials said on Tuesday that buses will leave on Friday.", 0, THURSDAY)
    assert [(f.text, f.date) for f in found] == [("on Tuesday", "2023-09-26"), ("on Friday", "2023-09-29")]
    (found,) = find_dates("The talks are due to resume on Monday.", 0, THURSDAY)
    assert found.date == "2023-10-02"


def test_next_monday_goes_forward_and_says_it_may_mean_two_days():
    (found,) = find_dates("They will meet next Monday.", 0, THURSDAY)
    assert (found.text, found.date, found.precision) == ("next Monday", "2023-10-02", "day")
    assert found.needs == ("date: 'next Monday' may mean Monday 2 October 2023 or Monday 9 October 2023: the draft "
                           "took the first; check it")


def test_a_plan_as_it_stood_then_is_sent_to_review():
    (_, found) = find_dates("Officials said on Monday buses would leave on Friday.", 0, THURSDAY)
    assert (found.date, found.precision) == ("2023-09-29", "day")
    assert found.needs == ("date: 'on Friday' is told as a plan as it stood then: the draft took the coming one, "
                           "Friday 29 September 2023; it may be Friday 22 September 2023: check it")


def test_a_past_event_is_never_dated_after_publication():
    (found,) = find_dates("Refugees arrived in Goris on September 29.", 0, THURSDAY)
    assert (found.date, found.precision) == ("", "undated")
    assert found.needs == ("date: 'on September 29' is after the publication day (Thursday 28 September 2023), but the "
                           "sentence tells of the past: check the date, or the publication day")
    # (not "this weekend": from Wednesday on it is the coming one, whatever the verb)
    for sentence in ("On Friday, thousands fled.", "Thousands fled on Saturday and Sunday.",
                     "They fled over the weekend.", "It happened yesterday.", "They left from Friday to Sunday.",
                     "Talks were held between 25 and 29 September.", "They came on Thursday."):
        for found in find_dates(sentence, 0, THURSDAY):
            if found.date:
                assert parse_date(found.date, found.precision).start <= THURSDAY, sentence


@pytest.mark.parametrize("sentence, expected", [
    ("Talks were held on Wednesday and Thursday.", ("on Wednesday and Thursday", "2023-09-27/2023-09-28", "week")),
    ("Buses left from Saturday to Monday.", ("from Saturday to Monday", "2023-09-23/2023-09-25", "week")),
    ("Talks were held between 18 and 24 September.", ("between 18 and 24 September", "2023-09-18/2023-09-24", "week")),
    ("Talks were held from 18 to 24 September.", ("from 18 to 24 September", "2023-09-18/2023-09-24", "week")),
    ("Talks were held September 18-24.", ("September 18-24", "2023-09-18/2023-09-24", "week")),
    ("Talks were held between September 18 and 24.", ("between September 18 and 24", "2023-09-18/2023-09-24", "week")),
    ("Talks ran from 28 August to 3 September.", ("from 28 August to 3 September", "2023-08-28/2023-09-03", "week")),
    ("Talks ran 18-24 Sept. 2023 in Goris.", ("18-24 Sept. 2023", "2023-09-18/2023-09-24", "week")),
    ("Shelling continued over the weekend.", ("over the weekend", "2023-09-23/2023-09-24", "week")),
    ("Protests were held last weekend.", ("last weekend", "2023-09-23/2023-09-24", "week")),
    # longer than a week: the month that holds it, never one of its days
    ("Talks were held between 1 and 20 September.", ("between 1 and 20 September", "2023-09", "month")),
])
def test_two_days_and_ranges_are_a_span_never_one_made_up_day(sentence, expected):
    (found,) = find_dates(sentence, 0, THURSDAY)
    assert (found.text, found.date, found.precision, found.needs) == (*expected, "")
    parse_date(found.date, found.precision)


def test_a_range_across_months_is_its_year_and_says_so():
    (found,) = find_dates("Roads were closed from June to August.", 0, THURSDAY)
    assert (found.text, found.date, found.precision) == ("from June to August", "2023", "year")
    assert found.needs == ("date: 'from June to August' runs from June 2023 to August 2023: the event is dated to its "
                           "year; give a month if the article has one")


def test_and_between_a_date_and_a_number_is_no_range():
    (found,) = find_dates("On September 24 and 25 people fled.", 0, THURSDAY)
    assert (found.text, found.date, found.precision) == ("On September 24", "2023-09-24", "day")
    found = find_dates("He arrived on Sunday and left on Tuesday.", 0, THURSDAY)  # two dates, not a span
    assert [(f.text, f.date, f.precision) for f in found] == [("on Sunday", "2023-09-24", "day"),
                                                              ("on Tuesday", "2023-09-26", "day")]


@pytest.mark.parametrize("sentence, told", [
    ("On Tuesday, officials said they will open shelters.", PAST),
    ("Buses will leave on Friday, officials said.", FUTURE),
    ("Elections will be held in June.", FUTURE),
    ("Protests are planned this weekend.", FUTURE),
    ("The convoy was expected on Friday.", WOULD),
    ("On Tuesday, 6,000 people.", ""),
])
def test_the_tense_of_a_date_s_clause(sentence, told):
    (found,) = find_dates(sentence, 0, THURSDAY)
    assert tense(sentence, found.start, found.end) == told


def test_since_a_day_is_dated_to_the_day_it_began():
    (found,) = find_dates("Roads have been closed since 1 September.", 0, MONDAY)
    assert (found.text, found.date, found.precision, found.needs) == ("since 1 September", "2023-09-01", "day", "")


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


SATURDAY, SUNDAY = date(2023, 9, 30), date(2023, 10, 1)
PLAN = "the article tells of a plan, not of something that happened; keep the row only as a plan, or drop it"


@pytest.mark.parametrize("published, expected", [
    (MONDAY, "2023-09-30/2023-10-01"),  # Monday to Friday: the coming one (a Monday article too)
    (THURSDAY, "2023-09-30/2023-10-01"),
    (SATURDAY, "2023-09-30/2023-10-01"),  # at a weekend: the current one
    (SUNDAY, "2023-09-30/2023-10-01"),
])
def test_this_weekend_is_the_coming_one_or_the_current_one_at_a_weekend(published, expected):
    (found,) = find_dates("Protests this weekend in Yerevan.", 0, published)
    assert (found.text, found.date, found.precision) == ("this weekend", expected, "week")


def test_this_weekend_in_a_monday_article_is_a_plan():
    (found,) = find_dates("Protests this weekend in Yerevan.", 0, MONDAY)
    assert found.needs == f"date: 'this weekend' is after the publication day (Monday 25 September 2023): {PLAN}"


@pytest.mark.parametrize("sentence, published, expected", [
    ("They fled last weekend.", MONDAY, "2023-09-23/2023-09-24"),
    ("They fled last weekend.", SATURDAY, "2023-09-23/2023-09-24"),
    ("They fled last weekend.", SUNDAY, "2023-09-23/2023-09-24"),
    ("They fled over the weekend.", THURSDAY, "2023-09-23/2023-09-24"),
    ("They fled over the weekend.", SATURDAY, "2023-09-23/2023-09-24"),  # never the weekend that begins that day
    ("They fled over the weekend.", SUNDAY, "2023-09-30/2023-10-01"),
])
def test_last_weekend_and_a_past_weekend_are_the_latest_before_publication(sentence, published, expected):
    (found,) = find_dates(sentence, 0, published)
    assert (found.date, found.precision, found.needs) == (expected, "week", "")
    assert parse_date(found.date, found.precision).end <= published


@pytest.mark.parametrize("sentence, published, expected", [
    # a deadline lies after publication: this September in a September article, next September in October
    ("The border stays closed until the end of September.", MONDAY,
     ("until the end of September", "2023-09", "month", "is a deadline after the publication day (Monday 25 September 2023)")),
    ("The border stays closed until the end of September.", SUNDAY,
     ("until the end of September", "2024-09", "month", "is after the publication day (Sunday 1 October 2023)")),
    ("The border stays closed until September.", SUNDAY,
     ("until September", "2024-09", "month", "is after the publication day (Sunday 1 October 2023)")),
    ("Aid should arrive by September.", SUNDAY,
     ("by September", "2024-09", "month", "is after the publication day (Sunday 1 October 2023)")),
    ("The deal must be signed by 1 January 2024.", MONDAY,
     ("by 1 January 2024", "2024-01-01", "day", "is after the publication day (Monday 25 September 2023)")),
    ("The ceasefire holds until 30 September.", SUNDAY,
     ("until 30 September", "2024-09-30", "day", "is after the publication day (Sunday 1 October 2023)")),
    ("Troops must leave before the end of the year.", MONDAY,
     ("before the end of the year", "2023", "year", "is a deadline after the publication day (Monday 25 September 2023)")),
])
def test_deadlines_lie_after_publication_and_are_plans(sentence, published, expected):
    text, value, precision, said = expected
    (found,) = find_dates(sentence, 0, published)
    assert (found.text, found.date, found.precision) == (text, value, precision)
    assert found.needs == f"date: '{text}' {said}: {PLAN}"
    assert parse_date(found.date, found.precision).end >= published


def test_a_deadline_told_of_the_past_is_before_publication():
    (found,) = find_dates("By 1 January, the count had reached 500.", 0, MONDAY)
    assert (found.text, found.date, found.precision, found.needs) == ("By 1 January", "2023-01-01", "day", "")
    (found,) = find_dates("The road was closed until June.", 0, MONDAY)
    assert (found.date, found.precision, found.needs) == ("2023-06", "month", "")


@pytest.mark.parametrize("sentence", ["More buses are expected in the coming weeks.", "Aid will arrive in the days ahead."])
def test_in_the_coming_weeks_is_a_plan_with_no_made_up_date(sentence):
    (found,) = find_dates(sentence, 0, MONDAY)
    assert (found.date, found.precision) == ("", "undated")
    assert found.needs == (f"date: '{found.text}' tells of a plan after the publication day (Monday 25 September 2023) "
                           "and gives it no date: keep the row only as a plan, or drop it")


@pytest.mark.parametrize("sentence, expected", [
    ("They left yesterday afternoon.", ("yesterday afternoon", "2023-09-27")),
    ("Yesterday evening, buses left Goris.", ("Yesterday evening", "2023-09-27")),
    ("Shelling began late on Friday.", ("late on Friday", "2023-09-22")),
    ("Early on Monday, buses left Goris.", ("Early on Monday", "2023-09-25")),
    ("They left late Tuesday.", ("late Tuesday", "2023-09-26")),
])
def test_a_part_of_a_day_is_that_day(sentence, expected):
    (found,) = find_dates(sentence, 0, THURSDAY)
    assert (found.text, found.date, found.precision, found.needs) == (*expected, "day", "")


@pytest.mark.parametrize("sentence, published, expected", [
    ("Roads closed this week.", SUNDAY, ("this week", "2023-09-25/2023-10-01", "week")),
    ("This year, thousands crossed.", THURSDAY, ("This year", "2023", "year")),
    ("Last week, thousands crossed.", SUNDAY, ("Last week", "2023-09-18/2023-09-24", "week")),
    ("Since Sunday, 6,000 people have crossed.", THURSDAY, ("Since Sunday", "2023-09-24", "day")),
    ("Since Monday, 6,000 people have arrived.", SUNDAY, ("Since Monday", "2023-09-25", "day")),
    # a "since" is of the past whatever the tense: never a Monday to come
    ("More will arrive in Goris since Monday.", THURSDAY, ("since Monday", "2023-09-25", "day")),
])
def test_weeks_years_and_since_a_weekday(sentence, published, expected):
    (found,) = find_dates(sentence, 0, published)
    assert (found.text, found.date, found.precision, found.needs) == (*expected, "")


def test_since_the_weekday_of_publication_says_it_may_be_the_week_before():
    (found,) = find_dates("Since Sunday, 6,000 people have crossed.", 0, SUNDAY)
    assert (found.date, found.precision) == ("2023-10-01", "day")
    assert found.needs == ("date: 'Since Sunday' in an article published on a Sunday may mean since that day or since "
                           "the Sunday before: the draft took the publication day; check it")


@pytest.mark.parametrize("sentence, published, expected", [
    ("As of 25 July, 100 people had crossed.", MONDAY, ("As of 25 July", "2023-07-25")),
    ("As of Sunday, 6,650 people had crossed.", THURSDAY, ("As of Sunday", "2023-09-24")),
    ("The camp held 500 as of Sunday.", SUNDAY, ("as of Sunday", "2023-10-01")),
])
def test_as_of_a_day_without_a_time_is_that_day(sentence, published, expected):
    (found,) = find_dates(sentence, 0, published)
    assert (found.text, found.date, found.precision, found.needs) == (*expected, "day", "")


# --- clock times as reports give them; tense of forecasts; deadlines in reported speech ----------------

@pytest.mark.parametrize("sentence, zones, expected", [
    # a time with no zone is the local time of the sentence's places, when they share one zone
    ("As of 18:00 on Sunday, 1,200 people had left.", ["America/Bogota"],
     ("As of 18:00 on Sunday", "2023-09-24T18:00-05:00", "minute")),
    ("The order came at noon on Friday.", ["America/Edmonton"], ("at noon on Friday", "2023-09-22T12:00-06:00", "minute")),
    ("The curfew began at midnight on Saturday.", ["Europe/Sarajevo"],
     ("at midnight on Saturday", "2023-09-23T00:00+02:00", "minute")),
    # the local clock and GMT side by side: the local one, its offset from the two
    ("About 6,000 people were in shelters as of 18:00 (16:00 GMT) on Monday.", None,
     ("as of 18:00 (16:00 GMT) on Monday", "2023-09-25T18:00+02:00", "minute")),
])
def test_a_report_s_clock_time_is_local(sentence, zones, expected):
    assert read(sentence, zones=zones) == [expected]


def test_a_time_without_a_zone_among_places_of_two_zones_is_its_day():
    (found,) = find_dates("As of 18:00 on Sunday, buses had left.", 0, MONDAY, ["Asia/Yerevan", "Asia/Baku"])
    assert (found.date, found.precision) == ("2023-09-24", "day") and "has no time zone" in found.needs


@pytest.mark.parametrize("sentence, expected", [
    ("Snow was forecast for the high villages at the weekend.", "2023-09-30/2023-10-01"),
    ("Winds are forecast to strengthen this weekend.", "2023-09-30/2023-10-01"),
    ("Volunteers said they expected the number of arrivals to rise again this weekend.", "2023-09-30/2023-10-01"),
    ("Thousands arrived at the weekend.", "2023-09-23/2023-09-24"),  # told of the past: the one just past
])
def test_a_forecast_or_an_expectation_looks_ahead(sentence, expected):
    ((_, value, precision),) = read(sentence, THURSDAY)
    assert (value, precision) == (expected, "week")


@pytest.mark.parametrize("sentence, published, expected", [
    # backshifted by "said": the food lasts until this September, not last year's
    ("The agency said it had enough food only until the end of September.", date(2023, 7, 27), "2023-09"),
    ("The mayor said the town hoped to reopen its schools by the end of June.", date(2014, 5, 27), "2014-06"),
    ("Officials said families had left by the end of June.", date(2014, 9, 2), "2014-06"),
])
def test_a_deadline_in_reported_speech_is_the_nearest(sentence, published, expected):
    ((_, value, precision),) = read(sentence, published)
    assert (value, precision) == (expected, "month")


def test_a_year_before_a_comma_is_a_year():
    assert read("Doboj was also flooded in 2010, but the water never reached the centre.") == [("in 2010", "2010", "year")]


@pytest.mark.parametrize("sentence, expected", [
    ("Mine clearance teams would start work in the drained districts this weekend.", "2023-09-30/2023-10-01"),
    ("A cyclone could bring heavy rain and strong winds to the coast this weekend.", "2023-09-30/2023-10-01"),
    ("Engineers might make a third cut this weekend if it did not.", "2023-09-30/2023-10-01"),
])
def test_a_modal_looks_ahead_and_an_adjective_in_ed_is_no_past(sentence, expected):
    ((_, value, precision),) = read(sentence, THURSDAY)
    assert (value, precision) == (expected, "week")


@pytest.mark.parametrize("sentence, expected", [
    ("Ukrainian forces retook Kherson last November.", ("last November", "2022-11", "month")),
    ("Elections are due next March.", ("next March", "2024-03", "month")),
    ("This June was the wettest on record.", ("This June", "2023-06", "month")),
])
def test_last_next_and_this_month(sentence, expected):
    assert read(sentence, date(2023, 6, 9)) == [expected]


@pytest.mark.parametrize("sentence, published, expected", [
    ("The agency has kept its red alert in place for Sunday.", date(2023, 5, 20), "2023-05-21"),
    ("The mayor said that a second convoy was due on Wednesday.", date(2021, 8, 24), "2021-08-25"),
])
def test_a_day_something_is_for_or_due_on_is_to_come(sentence, published, expected):
    ((_, value, precision),) = read(sentence, published)
    assert (value, precision) == (expected, "day")


@pytest.mark.parametrize("sentence, published, expected", [
    ("The ministry said it aimed to have a tent for every family by Friday.", date(2023, 9, 13), "2023-09-15"),
    ("The ministry said it aims to move every family into a winter tent by Thursday.", date(2023, 10, 16),
     "2023-10-19"),
])
def test_a_weekday_deadline_is_to_come(sentence, published, expected):
    ((_, value, precision),) = read(sentence, published)
    assert (value, precision) == (expected, "day")


def test_forecasters_who_expect_rain_look_ahead():
    ((_, value, precision),) = read("Forecasters expect more rain at the weekend.", date(2024, 5, 9))
    assert (value, precision) == ("2024-05-11/2024-05-12", "week")


# --- after batch 6 -------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    # a "when" clause after the date tells whether the day has come
    ("The pass was open only to tractors until Thursday, when engineers rebuilt the bridge.",
     ("until Thursday", "2023-09-21", "day")),
    ("The army told them to stay indoors this weekend, when a convoy is due.",
     ("this weekend", "2023-09-30/2023-10-01", "week")),
    ("Crowds are expected this weekend, when buses hired by the city are due to leave.",
     ("this weekend", "2023-09-30/2023-10-01", "week")),
    # "by" a day, something had been done: told of the past, in reported speech too
    ("Officials said that by Friday rescuers had reached every village.", ("by Friday", "2023-09-22", "day")),
    ("The road stays closed until Thursday.", ("until Thursday", "2023-09-28", "day")),  # a deadline still
])
def test_a_when_clause_or_a_past_perfect_says_which_side_of_publication_a_day_lies(sentence, expected):
    assert read(sentence) == [expected]


def test_a_present_perfect_may_name_a_day_to_come_and_the_row_says_it_is_a_plan():
    found = find_dates("The government has declared 2 October a day of mourning.", 0, MONDAY)
    assert [(f.date, f.precision) for f in found] == [("2023-10-02", "day")]
    assert "is after the publication day" in found[0].needs and "plan" in found[0].needs
    assert read("The dam broke on 2 October.") == [("on 2 October", "", "undated")]  # the past: a question still


def test_a_time_without_its_day_takes_the_day_named_just_before_and_says_so():
    found = find_dates("Engineers said the breach opened at about 03:10 local time.", 0, MONDAY, ["Europe/Rome"],
                       (date(2023, 9, 23), "on Saturday"))
    assert [(f.date, f.precision) for f in found] == [("2023-09-23T03:10+02:00", "minute")]
    assert "the draft took Saturday 23 September 2023, the day 'on Saturday' names just before it; check it" \
        in found[0].needs
    assert read("Engineers said the breach opened at about 03:10 local time.", zones=["Europe/Rome"]) \
        == [("at about 03:10 local time", "", "undated")]


# --- after batch 7 -------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("The levee failed on Christmas Day.", [("on Christmas Day", "2022-12-25", "day")]),
    ("Prices have risen since March last year.", [("since March last year", "2022-03", "month")]),
    ("He lost his job in May last year.", [("in May last year", "2022-05", "month")]),
    ("Most hotels would not reopen before December.", [("before December", "2023-12", "month")]),
    # with no tense in its own clause, the verb it hangs from, before it, not a clause after the comma
    ("Power would be back before the festival on Thursday, a promise residents greeted with doubt.",
     [("on Thursday", "2023-09-28", "day")]),
    ("More rain could fall on the already saturated hills this weekend.", [("this weekend", "2023-09-30/2023-10-01", "week")]),
    # in reported speech, a weekday deadline is the nearer one: two days back, not five ahead
    ("The centre, which the council said was full by Saturday night, turned families away.", [("by Saturday", "2023-09-23", "day")]),
])
def test_holidays_months_of_last_year_and_the_tense_a_date_hangs_from(sentence, expected):
    assert read(sentence, date(2023, 9, 25) if "2022" not in str(expected) else date(2023, 1, 5)) == expected


def test_a_day_counted_from_the_one_just_named_says_which_it_counted_from():
    found = find_dates("A fire broke out on Monday night and was put out the next day.", 0, THURSDAY)
    assert [(f.text, f.date) for f in found] == [("on Monday", "2023-09-25"), ("the next day", "2023-09-26")]
    assert found[1].needs == "date: 'the next day' counts from 'on Monday': the draft took Tuesday 26 September 2023; check it"
    found = find_dates("A woman was brought out alive later that evening.", 0, THURSDAY, None, (date(2023, 9, 27), "on Wednesday"))
    assert [(f.date, f.precision) for f in found] == [("2023-09-27", "day")]
    found = find_dates("It was put out the next day.", 0, THURSDAY)
    assert [(f.date, f.precision, f.needs) for f in found] == [("", "undated", "date: 'the next day' counts from a day the "
                                                                "text names before it, and the draft found none: give the event's day")]
    # a time later in the sentence of a day takes that day
    assert read("The river rose at 04:00 local time on Monday and peaked at about 13:00.", THURSDAY, ["Europe/Rome"]) == [
        ("at 04:00 local time on Monday", "2023-09-25T04:00+02:00", "minute"), ("at about 13:00", "2023-09-25T13:00+02:00", "minute")]


# --- after batch 8 -------------------------------------------------------------------------------------

def test_a_wire_style_gmt_time_of_four_digits_joins_its_local_time():
    assert read("The quake struck at 6:02 p.m. local time (1002 GMT) on Friday.", date(2018, 10, 2)) == [
        ("at 6:02 p.m. local time (1002 GMT) on Friday", "2018-09-28T18:02+08:00", "minute")]
    assert read("About 1000 people left in 2018.", date(2018, 10, 2)) == [("in 2018", "2018", "year")]


@pytest.mark.parametrize("sentence, expected", [
    ("The same day, a landslide swept a bus into a stream.", ("The same day", "2023-09-23")),
    ("Nobody understood until the next morning what had happened.", ("until the next morning", "2023-09-24")),
])
def test_the_same_day_and_the_next_morning_count_from_the_day_just_named(sentence, expected):
    (found,) = find_dates(sentence, 0, MONDAY, None, (date(2023, 9, 23), "on Saturday"))
    assert (found.text, found.date, found.precision) == (*expected, "day")
    assert "counts from 'on Saturday'" in found.needs


def test_the_start_of_the_year_is_the_publication_year():
    assert read("Prices had nearly doubled since the start of the year.") == [("since the start of the year", "2023", "year")]


# --- after batch 9 -------------------------------------------------------------------------------------

def test_of_two_offsets_that_fit_a_local_and_a_gmt_time_the_places_own_zone_wins():
    found = find_dates("The river burst at 11:00 on Wednesday (22:00 GMT Tuesday).", 0, date(2023, 2, 16),
                       ["Pacific/Auckland"])
    assert [f.date for f in found] == ["2023-02-15T11:00+13:00"]  # not -11:00, nearer GMT but not New Zealand's
    (found,) = find_dates("It struck at 21:00 (07:00 GMT) on Friday.", 0, date(2023, 2, 16))
    assert found.date == "2023-02-10T21:00-10:00"  # no zone known: of -10:00 and +14:00, the nearer to GMT


def test_shortly_before_a_time_is_about_then_on_that_day_not_a_deadline():
    assert read("The river burst its banks shortly before midnight on Friday.", date(2017, 4, 2), ["America/Bogota"]) \
        == [("before midnight on Friday", "2017-03-31", "day")]
    assert read("The road stays closed until midnight on Friday.", date(2017, 4, 2), ["America/Bogota"]) \
        == [("until midnight on Friday", "2017-04-07T00:00-05:00", "minute")]


def test_shortly_after_a_clock_time_is_that_minute():
    found = find_dates("Shortly after 14:00 local time (2000 GMT) a flow swept the village.", 0, MONDAY,
                       ["America/Guatemala"], (date(2023, 9, 24), "on Sunday"))
    assert [(f.text, f.date, f.precision) for f in found] == [
        ("after 14:00 local time (2000 GMT)", "2023-09-24T14:00-06:00", "minute")]
    # a time of day in words is no minute: "shortly before midnight on Friday" is that Friday
    assert read("Shortly before midnight on Friday the dam broke.", THURSDAY) == [
        ("before midnight on Friday", "2023-09-22", "day")]


def test_a_time_after_a_since_date_takes_the_day_the_text_is_at_not_the_since():
    text = ("Floods in India\nThe lake burst on Wednesday, after rain that had fallen since 19 September, in India. "
            "The river at Rangpo rose from about 1:30 a.m. local time (2000 GMT).\n")
    draft = draft_story(text, date(2023, 10, 6))
    dated = {r["date_text"]: r["date"] for r in list(csv.DictReader(io.StringIO(draft.files["events.csv"]))) + draft.review}
    assert dated["about 1:30 a.m. local time (2000 GMT)"] == "2023-10-04T01:30+05:30"  # Wednesday, not 19 September


@pytest.mark.parametrize("sentence, published, expected", [
    ("Protests were held this weekend.", date(2023, 9, 26), "2023-09-23/2023-09-24"),  # a Tuesday: the one past
    ("Hotels had cancelled bookings this weekend.", THURSDAY, "2023-09-30/2023-10-01"),  # a Thursday: the coming one
    ("A census of damaged homes should be finished this weekend.", date(2023, 9, 26), "2023-09-30/2023-10-01"),
    # what a weekend is asked or warned of lies ahead, though the asking is past
    ("Forecasters have warned of more rain this weekend.", date(2023, 9, 29), "2023-09-30/2023-10-01"),
    ("The council asked visitors to stay away from the gorge this weekend.", THURSDAY, "2023-09-30/2023-10-01"),
])
def test_a_weekend_asked_or_warned_of_is_the_coming_one(sentence, published, expected):
    (found,) = find_dates(sentence, 0, published)
    assert (found.text, found.date) == ("this weekend", expected)


def test_a_clause_after_so_has_its_own_tense():
    # "could" is the families' replanting, not the day the network started
    assert read("The network had started handing out seeds on Saturday so families could replant.") == [
        ("on Saturday", "2023-09-23", "day")]


def test_a_named_day_is_no_weekday():
    assert read("Some compared it with Black Saturday in February 2009.", date(2020, 1, 4)) == [
        ("in February 2009", "2009-02", "month")]


@pytest.mark.parametrize("sentence, published, expected", [
    ("Doctors have treated dozens of people since the weekend.", date(2023, 2, 16), ("since the weekend", "2023-02-11/2023-02-12")),
    ("Officials will decide by the weekend whether families may go home.", date(2019, 7, 23),
     ("by the weekend", "2019-07-27/2019-07-28")),
])
def test_since_or_by_the_weekend(sentence, published, expected):
    (found,) = find_dates(sentence, 0, published)
    assert (found.text, found.date) == expected


def test_today_inside_a_quotation_is_the_speaker_s_now_not_an_event_s_day():
    assert read('"Nobody can tell you today how long it will hold," he said.') == []
    assert read("The dam was inspected today.") == [("today", "2023-09-25", "day")]


def test_until_at_least_a_weekday_is_a_deadline_to_come():
    (found,) = find_dates("The spa shut again and said it would stay closed until at least Thursday.", 0, MONDAY)
    assert (found.text, found.date) == ("Thursday", "2023-09-28")  # the coming Thursday, not the one past


def test_an_early_hour_after_a_night_is_the_morning_after():
    iceland = ["Atlantic/Reykjavik"]
    found = find_dates("People slept in the town on Saturday night and had all left by about 05:00.", 0, MONDAY, iceland)
    assert [(f.date, f.precision) for f in found][1] == ("2023-09-24T05:00+00:00", "minute")  # Sunday, not Saturday
    assert "the morning after 'on Saturday night'" in found[1].needs
    found = find_dates("People gathered on Saturday night and left at about 23:00.", 0, MONDAY, iceland)
    assert found[1].date == "2023-09-23T23:00+00:00"


def test_a_calendar_day_in_a_which_clause_is_the_one_to_come():
    (found,) = find_dates("Officials said celebrations for the festival, which begins on October 2, had been cancelled.", 0,
                          MONDAY)
    assert (found.date, found.precision) == ("2023-10-02", "day") and "a plan" in found.needs
    (found,) = find_dates("Officials said the festival, which began on September 2, had been cancelled.", 0, MONDAY)
    assert found.date == "2023-09-02"


def test_a_day_declared_for_something_to_come_is_the_coming_one():
    (found,) = find_dates("The government has declared Saturday a day of national mourning, when a state funeral will "
                          "be held.", 0, MONDAY)
    assert found.date == "2023-09-30"  # not the Saturday past
    (found,) = find_dates("The government declared Saturday a day of mourning, when thousands marched.", 0, MONDAY)
    assert found.date == "2023-09-23"


# --- after batches 25 and 26 ------------------------------------------------------------------------------

def test_a_day_without_its_year_months_ahead_of_a_past_tense_is_the_one_past():
    (found,) = find_dates("The city had sheltered families since the war broke out on April 15.", 0, date(2023, 12, 21))
    assert (found.date, found.precision, found.needs) == ("2023-04-15", "day", "")
    # a day or two ahead is still a question (a slip, or the wrong publication day)
    (found,) = find_dates("Refugees arrived in Goris on September 30.", 0, THURSDAY)
    assert found.date == "" and "after the publication day" in found.needs


def test_due_in_a_month_is_the_one_to_come():
    (found,) = find_dates("Officials said exams, due in June, would be held in tents.", 0, date(2012, 5, 31))
    assert (found.date, found.precision) == ("2012-06", "month")


def test_burst_is_a_past_tense():
    (found,) = [f for f in find_dates("Forecasters had warned that rain would be heavy, and the river burst its banks on "
                                      "Monday night.", 0, THURSDAY) if "Monday" in f.text]
    assert found.date == "2023-09-25"  # the Monday past, not the one to come


def test_a_day_declared_for_what_people_can_do_then_is_the_coming_one():
    (found,) = find_dates("The government has declared 14 August a day of solidarity, when companies can donate a "
                          "day's pay.", 0, date(2023, 8, 9))
    assert found.date == "2023-08-14"
