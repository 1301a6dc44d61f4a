"""Dates keep the article's precision: parse each form, refuse the wrong one, word it honestly."""
from __future__ import annotations

from datetime import date

import pytest

from geo.dates import format_date, parse_date


@pytest.mark.parametrize(
    ("value", "precision", "start", "end"),
    [
        ("2023-09-24T22:00+04:00", "minute", date(2023, 9, 24), date(2023, 9, 24)),
        ("2023-09-25", "day", date(2023, 9, 25), date(2023, 9, 25)),
        ("2023-09-18/2023-09-24", "week", date(2023, 9, 18), date(2023, 9, 24)),
        ("2023-09", "month", date(2023, 9, 1), date(2023, 9, 30)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),  # a leap year's February
        ("2020", "year", date(2020, 1, 1), date(2020, 12, 31)),
    ],
)
def test_parse_date_gives_a_span(value, precision, start, end):
    span = parse_date(value, precision)
    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize(
    ("value", "precision"),
    [
        ("2023-09-24T22:00", "minute"),  # no UTC offset
        ("2023-09-24", "minute"),
        ("2023-9-5", "day"),
        ("2023-09-24/2023-09-18", "week"),  # backwards
        ("2023-09-18", "week"),
        ("20", "year"),
        ("x", "undated"),
        ("2023-09-25", "month"),  # a day is not a month
        ("2023-9", "month"),
        ("2023-13", "month"),
        ("2023-00", "month"),
        ("2023/09", "month"),
        ("September 2023", "month"),
        ("２０２３-09", "month"),  # full-width digits
        ("2023", "month"),
    ],
)
def test_parse_date_refuses_the_wrong_form(value, precision):
    with pytest.raises(ValueError):
        parse_date(value, precision)


def test_undated_is_none():
    assert parse_date("", "undated") is None


@pytest.mark.parametrize(
    ("value", "precision", "text"),
    [
        ("2023-09-24T22:00+04:00", "minute", "Sunday 24 September 2023, 22:00 (UTC+4)"),
        ("2023-09-25", "day", "Monday 25 September 2023"),
        ("2023-09-18/2023-09-24", "week", "Between 18 and 24 September 2023"),
        ("2023-08-28/2023-09-03", "week", "Between 28 August 2023 and 3 September 2023"),
        ("2023-09", "month", "September 2023"),
        ("2020", "year", "2020"),
        ("", "undated", "Not dated in the article (published about 25 September 2023)"),
    ],
)
def test_format_date_claims_no_more_than_it_knows(value, precision, text):
    assert format_date(value, precision, "about 25 September 2023") == text


def test_a_month_is_refused_with_the_form_it_needs():
    with pytest.raises(ValueError) as caught:
        parse_date("2023-9", "month")
    assert str(caught.value) == "for date_precision 'month' the date must be a year and month, e.g. 2023-09, not '2023-9'"
    with pytest.raises(ValueError) as caught:
        parse_date("2023-09", "monthly")
    assert str(caught.value) == "date_precision 'monthly' is not one of: minute, day, week, month, year, undated"
