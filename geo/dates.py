"""Event dates as the article gives them: a precision, never a false exact date.

An event's ``date`` is an ISO 8601 string whose form depends on ``date_precision``:

==========  ===============================  ==========================================
precision   ``date`` form                    meaning
==========  ===============================  ==========================================
minute      ``2023-09-24T22:00+04:00``       a stated time, with its UTC offset
day         ``2023-09-25``                   a stated day
week        ``2023-09-18/2023-09-24``        a loose span ("last week"), as an interval
month       ``2023-09``                      a stated month ("earlier this month", "in June")
year        ``2020``                         a stated year
undated     (empty)                          the article gives no date
==========  ===============================  ==========================================
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

PRECISIONS = ("minute", "day", "week", "month", "year", "undated")

FORMS = {
    "minute": "a date and time with its UTC offset, e.g. 2023-09-24T22:00+04:00",
    "day": "a day, e.g. 2023-09-25",
    "week": "a span of at most 7 days, e.g. 2023-09-18/2023-09-24",
    "month": "a year and month, e.g. 2023-09",
    "year": "a year, e.g. 2020",
    "undated": "empty",
}


@dataclass(frozen=True)
class DateSpan:
    """The first and last day an event may fall on; a point in time has start == end."""

    start: date
    end: date
    time: datetime | None = None


def parse_date(value: str, precision: str) -> DateSpan | None:
    """Parse ``value`` for ``precision``; None for an undated event.

    Raises
    ------
    ValueError
        With a sentence that says what form was expected.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"date_precision {precision!r} is not one of: {', '.join(PRECISIONS)}")
    value = value.strip()
    expected = f"for date_precision {precision!r} the date must be {FORMS[precision]}, not {value!r}"
    if precision == "undated":
        if value:
            raise ValueError(expected)
        return None
    try:
        if precision == "minute":
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None or "T" not in value:
                raise ValueError
            return DateSpan(moment.date(), moment.date(), moment)
        if precision == "day":
            if len(value) != 10:
                raise ValueError
            day = date.fromisoformat(value)
            return DateSpan(day, day)
        if precision == "week":
            first, last = (date.fromisoformat(part) for part in value.split("/"))
            if not 0 <= (last - first).days <= 6:
                raise ValueError
            return DateSpan(first, last)
        if precision == "month":
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}", value):
                raise ValueError
            year, month = int(value[:4]), int(value[5:])
            return DateSpan(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
        if len(value) != 4 or not value.isdigit():
            raise ValueError
        return DateSpan(date(int(value), 1, 1), date(int(value), 12, 31))
    except ValueError:
        raise ValueError(expected) from None


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def format_date(value: str, precision: str, published_text: str = "") -> str:
    """A reader's wording of an event date that claims no more precision than it has."""
    span = parse_date(value, precision)
    if span is None:
        return "Not dated in the article" + (f" (published {published_text})" if published_text else "")
    if precision == "minute" and span.time is not None:
        offset = span.time.strftime("%z")
        sign, hours, minutes = offset[0], int(offset[1:3]), offset[3:5]
        utc = f"UTC{sign}{hours}" + (f":{minutes}" if minutes != "00" else "")
        return f"{span.time:%A} {_day(span.start)}, {span.time:%H:%M} ({utc})"
    if precision == "day":
        return f"{span.start:%A} {_day(span.start)}"
    if precision == "week":
        if span.start.month == span.end.month:
            return f"Between {span.start.day} and {_day(span.end)}"
        return f"Between {_day(span.start)} and {_day(span.end)}"
    if precision == "month":
        return f"{span.start:%B %Y}"
    return str(span.start.year)
