"""Dates in a sentence, read against the publication day, with the precision the story format takes; never a made-up day.

"on Sunday" is the last Sunday before publication (or the next one, if the sentence speaks of the
future; the day itself if it is a Sunday); "last week" is the Monday-to-Sunday week before the
publication's week; "as of 22:00 local time Sunday (18:00 UTC, September 24)" is a minute with its
UTC offset (from the two clocks, or from the time zone of the sentence's place). A time with no zone
is dated to its day and says so; a time with no day, a month ("earlier this month", while the
format has no month precision) and a span longer than a week are left undated or dated to their
first day, and sent to review with the reason. Nothing is dated that the sentence does not date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from geo.dates import PRECISIONS, parse_date
from geo.draft.lexicon import MONTHS, WEEKDAYS

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ZONES = {"gmt": 0, "utc": 0, "z": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180, "msk": 180,
          "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
          "ast": 180, "amt": 240, "azt": 240, "trt": 180, "get": 240, "irst": 210, "gst": 240, "ist": 330}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1}

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("month_day", re.compile(r"\b(?P<mon>" + _MONTH + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?!:)(?:,?\s+(?P<y>\d{4})\b)?")),
    ("day_month", re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>" + _MONTH + r")\b(?:,?\s+(?P<y>\d{4})\b)?")),
    ("month_year", re.compile(r"\b(?P<mon>" + _FULL_MONTH + r")\s+(?P<y>\d{4})\b")),
    ("month", re.compile(r"\b(?i:in|since|until|by|during|early|late|mid|from|of)[\s-]+(?P<mon>" + _FULL_MONTH + r")\b(?![ .]?\d)")),
    ("time", re.compile(r"(?<![\d:.,])(?P<h>\d{1,2})(?::(?P<min>\d{2}))?\s*(?P<ampm>[ap]\.?m\b\.?)?"
                        r"(?:\s*\(?(?P<zone>local time|(?:GMT|UTC|Z)\s*[+-−]\s*\d{1,2}(?::?\d{2})?|GMT|UTC|"
                        r"[A-Z]{3,4}(?=[\s),.;]|$))\)?)?(?![\d%])")),
    ("weekday", re.compile(r"\b(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<wd>" + _WEEKDAY + r")\b")),
    ("relative", re.compile(
        r"\b(?P<rel>yesterday|today|tonight|tomorrow|this (?:morning|afternoon|evening)|last night|"
        r"earlier this week|later this week|this week|last week|next week|the past week|"
        r"this weekend|last weekend|over the weekend|at the weekend|next weekend|"
        r"earlier this month|later this month|this month|last month|next month|"
        r"earlier this year|later this year|this year|last year|next year|"
        r"(?P<n>\d+|one|two|three|four|five|six|seven|a) days? ago)\b", re.IGNORECASE)),
    ("year", re.compile(r"(?<![\d,.$£€])\b(?P<y>1[89]\d\d|20\d\d)\b(?![\d,%]|\s*(?:people|km|kilometres|kilometers|"
                        r"miles|troops|residents|families|soldiers|refugees|dollars|euros|metres|meters|tonnes|tons))")),
]
_JOIN = re.compile(r"^[\s,()]*(?:(?:local time|on|at|of|the|in|around|about)\b[\s,()]*)*$", re.IGNORECASE)
_LEAD = re.compile(r"(?:\b(?:as of|on|since|at|by|until|from|in|during|around|about|before|after)\s+)$", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:will|would|shall|is due|are due|was due|were due|is expected|are expected|is to|are to|"
                     r"is scheduled|are scheduled|plans? to|planned to|next|upcoming|coming|'ll|’ll|tomorrow)\b", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    """A date of a sentence: the article's words (verbatim, with offsets in the line) and what they mean."""

    text: str
    start: int
    end: int
    date: str
    precision: str
    needs: str = ""  # what a person must check, in plain words; empty if sure


@dataclass(frozen=True)
class _Token:
    kind: str
    start: int
    end: int
    match: re.Match


def month_precision() -> bool:
    """True once the story format takes a month precision (date "2023-09"); until then a month is reviewed."""
    if "month" not in PRECISIONS:
        return False
    try:
        parse_date("2023-09", "month")
    except ValueError:
        return False
    return True


def _tokens(text: str) -> list[_Token]:
    found: list[_Token] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if kind == "time" and not _is_time(match):
                continue
            start = match.start("mon") if kind == "month" else match.start()
            if any(t.start < match.end() and start < t.end for t in found):
                continue  # a part of a longer date already found ("25" of "September 25")
            found.append(_Token(kind, start, match.end(), match))
    return sorted(found, key=lambda t: t.start)


def _is_time(match: re.Match) -> bool:
    """A clock time, not any number: "22:00", "10 a.m.", "9pm", "18:00 UTC"."""
    hour = int(match.group("h"))
    if match.group("min") is not None:
        return hour <= 24 and int(match.group("min")) < 60
    return bool(match.group("ampm")) and 1 <= hour <= 12  # a bare number is not a time, even before "GMT"


def _clusters(text: str, tokens: list[_Token]) -> list[list[_Token]]:
    """Tokens that together say one time ("22:00 local time Sunday (18:00 UTC, September 24)")."""
    clusters: list[list[_Token]] = []
    for token in tokens:
        if clusters and _JOIN.match(text[clusters[-1][-1].end:token.start]):
            clusters[-1].append(token)
        else:
            clusters.append([token])
    return clusters


def _span_text(text: str, cluster: list[_Token]) -> tuple[int, int]:
    """The cluster's words, with a leading "on"/"as of"/"since" and a bracket it opened closed."""
    start, end = cluster[0].start, cluster[-1].end
    lead = _LEAD.search(text[:start])
    if lead:
        start = lead.start()
    if text[start:end].count("(") > text[start:end].count(")"):
        close = text.find(")", end)
        if close != -1 and close - end <= 2:
            end = close + 1
    return start, end


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _year_for(month: int, day: int, published: date) -> date | None:
    """The month and day in the year that puts them nearest the publication day."""
    best = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - published).days) < abs((best - published).days):
            best = candidate
    return best


def _weekday(token: _Token, published: date, future: bool) -> date:
    wanted = WEEKDAYS[token.match.group("wd").lower()]
    rel = (token.match.group("rel") or "").lower()
    back = (published.weekday() - wanted) % 7
    ahead = (wanted - published.weekday()) % 7
    if rel in ("last", "past"):
        return published - timedelta(days=back or 7)
    if rel in ("next", "coming"):
        return published + timedelta(days=ahead or 7)
    if rel == "this":
        return _monday(published) + timedelta(days=wanted)
    if back == 0:
        return published
    return published + timedelta(days=ahead) if future else published - timedelta(days=back)


def _offset_minutes(zone: str) -> int | None:
    zone = zone.strip().replace("−", "-")
    match = re.fullmatch(r"(?i)(GMT|UTC|Z)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", zone)
    if match:
        sign = 1 if match.group(2) == "+" else -1
        return sign * (int(match.group(3)) * 60 + int(match.group(4) or 0))
    return _ZONES.get(zone.lower())


def _clock(match: re.Match) -> tuple[int, int]:
    hour, minute = int(match.group("h")), int(match.group("min") or 0)
    ampm = (match.group("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    return hour % 24, minute


def _minute(day: date, times: list[_Token], zones: list[str]) -> tuple[str, str] | None:
    """(ISO minute with offset, needs) from the cluster's times; None if the zone cannot be known."""
    local = [t for t in times if (t.match.group("zone") or "").lower() in ("", "local time")]
    zoned = [t for t in times if t not in local and _offset_minutes(t.match.group("zone")) is not None]
    if local and zoned and any((t.match.group("zone") or "").lower() == "local time" for t in local):
        hour, minute = _clock(local[0].match)
        z_hour, z_minute = _clock(zoned[0].match)
        offset = ((hour * 60 + minute) - (z_hour * 60 + z_minute) + _offset_minutes(zoned[0].match.group("zone"))) % 1440
        offset = offset - 1440 if offset > 14 * 60 else offset  # offsets run from -12:00 to +14:00
        return _iso(day, hour, minute, offset), ""
    if zoned:
        hour, minute = _clock(zoned[0].match)
        return _iso(day, hour, minute, _offset_minutes(zoned[0].match.group("zone"))), ""
    if local and (local[0].match.group("zone") or "").lower() == "local time" and len(set(zones)) == 1:
        hour, minute = _clock(local[0].match)
        try:
            moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zones[0]))
        except (ZoneInfoNotFoundError, ValueError):
            return None
        offset = int(moment.utcoffset().total_seconds() // 60)
        return _iso(day, hour, minute, offset), ""
    return None


def _iso(day: date, hour: int, minute: int, offset: int) -> str:
    tz = timezone(timedelta(minutes=offset))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz).isoformat(timespec="minutes")


def _week(first: date, last: date) -> str:
    return f"{first.isoformat()}/{last.isoformat()}"


def _month(text: str, year: int, month: int, words: str) -> tuple[str, str, str]:
    """(date, precision, needs) for a month: its own precision once the format has one; else undated, reviewed."""
    if month_precision():
        return f"{year:04d}-{month:02d}", "month", ""
    name = date(year, month, 1).strftime("%B %Y")
    return "", "undated", (f"date: '{words}' is a month ({name}); events.csv has no month precision yet, "
                           "so the event is left undated: give a day or a week if the article has one")


def _read_cluster(text: str, cluster: list[_Token], published: date, zones: list[str]) -> tuple[str, str, str]:
    """(date, precision, needs) of one cluster."""
    future = bool(_FUTURE.search(text))
    words = text[slice(*_span_text(text, cluster))]
    days: list[date] = []
    weekdays: list[_Token] = []
    times: list[_Token] = []
    for token in cluster:
        m = token.match
        if token.kind == "iso":
            try:
                days.append(date(int(m.group("y")), int(m.group("m")), int(m.group("d"))))
            except ValueError:
                pass
        elif token.kind in ("month_day", "day_month"):
            month, day = MONTHS[m.group("mon").lower()], int(m.group("d"))
            try:
                days.append(date(int(m.group("y")), month, day) if m.group("y") else _year_for(month, day, published))
            except (ValueError, TypeError):
                pass
        elif token.kind == "weekday":
            weekdays.append(token)
        elif token.kind == "time":
            times.append(token)
    days = [d for d in days if d is not None]
    relative = [t for t in cluster if t.kind == "relative"]
    if relative:
        got = _relative(relative[0], published, future, text)
        if got[1] == "day":
            days.append(date.fromisoformat(got[0]))  # "yesterday": a day like any other
        elif not (days or weekdays):
            return got  # "last week", "earlier this month": unless the cluster also names the day
    if days:
        if len(set(days)) > 1:
            shown = ", ".join(d.strftime("%-d %B %Y") for d in sorted(set(days)))
            return "", "undated", f"date: '{words}' names more than one day ({shown}): choose the event's"
        day = days[0]
        if weekdays:
            named = weekdays[0].match.group("wd")
            if WEEKDAYS[named.lower()] != day.weekday():
                return "", "undated", (f"date: '{words}' does not agree with itself: {day.strftime('%-d %B %Y')} "
                                       f"is a {day.strftime('%A')}, not a {named}")
        if _since(text, cluster):
            return _since_span(day, published, words)
        return _with_time(day, times, zones, words) if times else (day.isoformat(), "day", "")
    if weekdays:
        day = _weekday(weekdays[0], published, future)
        if _since(text, cluster):
            return _since_span(day, published, words)
        return _with_time(day, times, zones, words) if times else (day.isoformat(), "day", "")
    months = [t for t in cluster if t.kind in ("month", "month_year")]
    if months:
        m = months[0].match
        month = MONTHS[m.group("mon").lower()]
        if m.groupdict().get("y"):
            year = int(m.group("y"))
        else:
            year = published.year if month <= published.month else published.year - 1
        return _month(text, year, month, words)
    years = [t for t in cluster if t.kind == "year"]
    if years:
        return years[0].match.group("y"), "year", ""
    if times:
        return "", "undated", f"date: the time '{words}' has no day in the sentence, so the event is left undated"
    return "", "undated", ""


def _since(text: str, cluster: list[_Token]) -> bool:
    return bool(re.search(r"\bsince\s+(?:the\s+)?$", text[:cluster[0].start], re.IGNORECASE))


def _since_span(day: date, published: date, words: str) -> tuple[str, str, str]:
    """"since 19 September": a week span up to publication if it fits in seven days; else its first day, reviewed."""
    if day <= published and (published - day).days <= 6:
        return _week(day, published), "week", ""
    return day.isoformat(), "day", (f"date: '{words}' runs from {day.strftime('%-d %B %Y')} to publication, "
                                    "longer than a week: the event is dated to its first day; check it")


def _with_time(day: date, times: list[_Token], zones: list[str], words: str) -> tuple[str, str, str]:
    minute = _minute(day, times, zones)
    if minute:
        return minute[0], "minute", minute[1]
    return day.isoformat(), "day", (f"date: the time in '{words}' has no time zone the draft can know, "
                                    "so the event is dated to its day: add the UTC offset to give the minute")


def _relative(token: _Token, published: date, future: bool, text: str) -> tuple[str, str, str]:
    rel = token.match.group("rel").lower()
    words = token.match.group()
    monday = _monday(published)
    if rel in ("today", "tonight") or rel.startswith("this ") and rel.split()[1] in ("morning", "afternoon", "evening"):
        return published.isoformat(), "day", ""
    if rel in ("yesterday", "last night"):
        return (published - timedelta(days=1)).isoformat(), "day", ""
    if rel == "tomorrow":
        return (published + timedelta(days=1)).isoformat(), "day", ""
    if rel.endswith("ago"):
        n = token.match.group("n").lower()
        count = _NUMBERS.get(n) if not n.isdigit() else int(n)
        return (published - timedelta(days=count or 0)).isoformat(), "day", ""
    if rel in ("last week",):
        return _week(monday - timedelta(days=7), monday - timedelta(days=1)), "week", ""
    if rel == "the past week":
        return _week(published - timedelta(days=6), published), "week", ""
    if rel == "this week":
        return _week(monday, monday + timedelta(days=6)), "week", ""
    if rel == "earlier this week":
        if published == monday:
            return "", "undated", f"date: '{words}' in an article published on a Monday names no day before it"
        return _week(monday, published - timedelta(days=1)), "week", ""
    if rel == "later this week":
        if published.weekday() == 6:
            return "", "undated", f"date: '{words}' in an article published on a Sunday names no later day of its week"
        return _week(published + timedelta(days=1), monday + timedelta(days=6)), "week", ""
    if rel == "next week":
        return _week(monday + timedelta(days=7), monday + timedelta(days=13)), "week", ""
    if "weekend" in rel:
        return _weekend(rel, published, future)
    if rel in ("earlier this month", "this month", "later this month"):
        return _month(text, published.year, published.month, words)
    if rel == "last month":
        previous = published.replace(day=1) - timedelta(days=1)
        return _month(text, previous.year, previous.month, words)
    if rel == "next month":
        following = (published.replace(day=28) + timedelta(days=4)).replace(day=1)
        return _month(text, following.year, following.month, words)
    if rel in ("this year", "earlier this year", "later this year"):
        return str(published.year), "year", ""
    if rel == "last year":
        return str(published.year - 1), "year", ""
    if rel == "next year":
        return str(published.year + 1), "year", ""
    return "", "undated", ""


def _weekend(rel: str, published: date, future: bool) -> tuple[str, str, str]:
    """A Saturday and Sunday: the one just past or the one to come, as the words and the tense say."""
    weekday, monday = published.weekday(), _monday(published)
    current = monday + timedelta(days=5)  # this week's Saturday
    past = current if weekday >= 5 else monday - timedelta(days=2)  # the latest weekend that has begun
    coming = current
    if rel == "last weekend":
        saturday = past - timedelta(days=7) if weekday >= 5 else past
    elif rel == "next weekend":
        return (_week(coming, coming + timedelta(days=1)), "week",
                "date: 'next weekend' may mean the coming weekend or the one after: the draft took the coming one")
    elif rel == "this weekend":
        saturday = current if weekday >= 5 else (past if weekday == 0 and not future else coming)
    else:  # "over the weekend", "at the weekend"
        saturday = coming if future and weekday < 5 else past
    return _week(saturday, saturday + timedelta(days=1)), "week", ""


def find_dates(text: str, offset: int, published: date, zones: list[str] | None = None) -> list[FoundDate]:
    """Every date of one sentence (``text``, starting at ``offset`` in its line), read against ``published``.

    ``zones`` are the time zones of the sentence's places ("Asia/Yerevan"), for "22:00 local time".
    """
    found = []
    for cluster in _clusters(text, _tokens(text)):
        if all(t.kind == "time" for t in cluster) and not any(t.match.group("min") or t.match.group("ampm") for t in cluster):
            continue
        value, precision, needs = _read_cluster(text, cluster, published, zones or [])
        if precision == "undated" and not needs:
            continue
        start, end = _span_text(text, cluster)
        found.append(FoundDate(text[start:end], offset + start, offset + end, value, precision, needs))
    return found
