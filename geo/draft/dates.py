"""Dates in a sentence, read against the publication day, with the precision the story format takes; never a made-up day.

A weekday is read with the tense of its clause: told of the past ("on Tuesday … fled") it is the
latest such day on or before publication (the day itself if it is one); told of what is to come
("will leave on Friday") the next one on or after it. "next Monday" may mean two Mondays and says
so. "last week" is the Monday-to-Sunday week before the publication's week; "earlier this month",
"in June", "last month" are months (a month told of the past is the latest on or before
publication). "as of 22:00 local time" is the publication day unless the sentence names another,
a minute with its UTC offset when the zone can be known (from the two clocks, an offset, or the time
zone of the sentence's place), else the day, saying so. Two days or a range ("on Wednesday and
Thursday", "between 18 and 24 September", "over the weekend") are a span: a week precision if it
fits in seven days, else the month or year that holds it. A date after the publication day is a
plan, and goes to review as one; a past event is never dated after publication. "this weekend" is the
coming one (the current one at a weekend), the one past only when told of the past. A deadline ("until the
end of September", "by 1 January", "before the end of the year") lies after publication unless told of the
past, and is a plan; "in the coming weeks" is a plan with no date. Nothing is dated that the sentence does not date.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from geo.dates import parse_date
from geo.draft.lexicon import MONTHS, WEEKDAYS

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ZONES = {"gmt": 0, "utc": 0, "z": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180, "msk": 180,
          "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
          "ast": 180, "amt": 240, "azt": 240, "trt": 180, "get": 240, "irst": 210, "gst": 240, "ist": 330}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50, "a": 1}
_ORDINAL = r"(?:st|nd|rd|th)?"
_TO = r"(?:and|or|to|through|till|until|[-–—])"  # between the two ends of a range

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    # "between 18 and 24 September", "18-24 Sept. 2023", "September 18 to 24": both ends share the month
    ("day_range", re.compile(r"\b(?:(?i:between|from)\s+)?(?P<d1>\d{1,2})" + _ORDINAL + r"\s*" + _TO + r"\s*(?P<d>\d{1,2})"
                             + _ORDINAL + r"\s+(?:of\s+)?(?P<mon>" + _MONTH + r")\b(?:\.(?=\s+\d{4}))?(?:,?\s+(?P<y>\d{4})\b)?")),
    # ("September 24 and 25 people fled" is no range: "and" joins two days of a month only after "between")
    ("range_day", re.compile(r"\b(?:(?P<btw>(?i:between))\s+)?(?P<mon>" + _MONTH + r")\.?\s+(?P<d1>\d{1,2})" + _ORDINAL
                             + r"\s*(?:to|through|till|until|[-–—]|(?(btw)and|(?!)))\s*(?P<d>\d{1,2})" + _ORDINAL
                             + r"\b(?![:,.]?\d)(?:,?\s+(?P<y>\d{4})\b)?")),
    ("month_day", re.compile(r"\b(?P<mon>" + _MONTH + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?!:)(?:,?\s+(?P<y>\d{4})\b)?")),
    ("day_month", re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>" + _MONTH + r")\b(?:,?\s+(?P<y>\d{4})\b)?")),
    ("month_year", re.compile(r"\b(?P<mon>" + _FULL_MONTH + r")\s+(?P<y>\d{4})\b")),
    ("month", re.compile(r"\b(?i:in|since|until|till|by|before|after|during|early|late|mid|from|of|to|through|and|between|"
                         r"last|next|this|past|coming)[\s-]+"
                         r"(?P<mon>" + _FULL_MONTH + r")\b(?![ .]?\d)(?:\s+(?P<yrel>last|next|this)\s+year\b)?")),
    # "on New Year's Day": a day of the calendar, in the year that puts it nearest the publication day
    ("holiday", re.compile(r"\b(?P<hol>New Year['’]s (?:Day|Eve)|Christmas (?:Day|Eve)|Boxing Day)\b")),
    # "the next day", "later that evening": a day counted from the one the text has just named
    ("anaphoric", re.compile(r"\b(?P<ana>(?:the )?(?:next|following|same) (?:day|morning|afternoon|evening|night)|"
                             r"the day after|the previous day|the day before|"
                             r"(?:later |earlier )?that (?:day|morning|afternoon|evening|night))\b", re.IGNORECASE)),
    # "22:00", "10 a.m.", and the wire services' "1002 GMT" (four digits only before GMT or UTC)
    ("time", re.compile(r"(?:(?<![\d:.,])(?P<h>\d{1,2})(?:(?::|(?<=\d\d)(?=\d\d\s*(?:GMT|UTC)\b))(?P<min>\d{2}))?"
                        r"\s*(?P<ampm>[ap]\.?m\b\.?)?|"
                        r"\b(?P<word>noon|midday|midnight)\b)"
                        r"(?:\s*\(?(?P<zone>local time|(?:GMT|UTC|Z)\s*[+-−]\s*\d{1,2}(?::?\d{2})?|GMT|UTC|"
                        r"[A-Z]{3,4}(?=[\s),.;]|$))\)?)?(?![\d%])")),
    ("weekday", re.compile(r"\b(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<wd>" + _WEEKDAY + r")\b")),
    ("relative", re.compile(
        r"\b(?P<rel>(?:yesterday|tomorrow)(?: (?:morning|afternoon|evening|night))?|today|tonight|"
        r"this (?:morning|afternoon|evening)|last night|in the (?:coming|next few) (?:days|weeks|months)|"
        r"in the (?:days|weeks|months) (?:ahead|to come)|(?:the )?(?:end|start|beginning) of (?:the|this) (?:year|month)|"
        r"earlier this week|later this week|this week|last week|next week|the past week|"
        r"this weekend|last weekend|over the weekend|at the weekend|next weekend|(?<=since )the weekend|"
        r"(?<=by )the weekend|(?<=until )the weekend|(?<=before )the weekend|"
        r"earlier this month|later this month|this month|last month|next month|"
        r"earlier this year|later this year|this year|last year|next year|"
        r"(?P<n>\d+|one|two|three|four|five|six|seven|a) days? ago|"
        # "eight years ago", "a month ago", "two weeks ago": the year, month or week that many back
        r"(?P<n2>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|a) "
        r"(?P<unit>weeks?|months?|years?) ago)\b", re.IGNORECASE)),
    ("year", re.compile(r"(?<![\d,.$£€])\b(?P<y>1[89]\d\d|20\d\d)\b(?![\d%]|,\d|\s*(?:people|km|kilometres|kilometers|"
                        r"miles|troops|residents|families|soldiers|refugees|dollars|euros|metres|meters|tonnes|tons))")),
]
_JOIN = re.compile(r"^[\s,()]*(?:(?:local time|on|at|of|the|in|around|about)\b[\s,()]*)*$", re.IGNORECASE)
# Between two days (or two months) of one range: "Wednesday and Thursday", "Monday to Wednesday", "June-August".
_RANGE_JOIN = re.compile(r"^\s*(?:,\s*)?(?:and|or|to|through|till|until|[-–—])\s*(?:(?:on|the)\s+)?$", re.IGNORECASE)
_LEAD = re.compile(r"(?:\b(?:(?:until|till|by|before|after|from|at|in|since)\s+the\s+(?:end|close|start|beginning|middle)\s+of\s+|"
                   r"(?:late|early)\s+(?:on\s+)?|"
                   r"(?:as of|on|since|at|by|until|from|in|during|(?:at\s+)?around|(?:at\s+)?about|before|after|between)\s+))$",
                   re.IGNORECASE)
# A deadline: what must happen by then, or lasts until then ("until the end of September", "by 1 January 2024").
_DEADLINE = re.compile(r"\b(?:until|till|by|before|no later than)\s+(?:at\s+least\s+)?(?:the\s+(?:end|close)\s+of\s+)?(?:the\s+)?$",
                       re.IGNORECASE)
# Words that tell a deadline of the past ("had left by 1 January", "was closed until June"); without them a
# deadline lies after publication, whatever participle it has ("stays closed until the end of September").
_PAST_DEADLINE = re.compile(r"\b(?:was|were|had|did)\b", re.IGNORECASE)
_REPORTED = re.compile(r"\b(?:said|told|says|added|announced|warned|reported|stated|explained)\b", re.IGNORECASE)
_DAYS = ("iso", "month_day", "day_month", "weekday", "holiday", "anaphoric")
HOLIDAYS = {"new year's day": (1, 1), "new year's eve": (12, 31), "christmas day": (12, 25), "christmas eve": (12, 24),
            "boxing day": (12, 26)}
_ANAPHORIC_SHIFT = {"next": 1, "following": 1, "day after": 1, "previous day": -1, "day before": -1}
_RANGES = ("day_range", "range_day")
_MONTH_KINDS = ("month", "month_year")

# The tense of a clause, from the words nearest its date. Future: "will", "is due to", "plans to", "are planned";
# "would": a plan as it stood when told; past: "was", "had", "said", "fled", "-ed". A date with none is told of the past.
FUTURE, WOULD, PAST = "future", "would", "past"
NEAREST = "nearest"  # not a tense: a deadline's month is the nearest, whatever the tense
_TENSES = [
    (FUTURE, re.compile(r"\b(?:is|are|am)\s+(?:(?:also|now|still|not|soon|reportedly)\s+)?(?:(?:due|set|going|about)\s+to|"
                        r"expected|scheduled|planned|forecast|due)\b|\b(?:will|shall|won['’]t)\b|['’]ll\b|\b(?:is|are|am)\s+to\b|"
                        r"\b(?:plans?|planning|intends?|aims?)\s+to\b|\b(?:upcoming|forthcoming)\b|\bshould\b(?!\s+have\b)|"
                        r"\b(?:expect|forecast|predict)s?\b(?!\s+(?:that\s+)?(?:had|was|were)\b)|"
                        # what a calendar holds: "the festival, which begins on April 13"
                        r"(?:(?<=\bwhich )|(?<=\bthat ))(?:begins|starts|opens|ends|closes|runs|falls)\b|"
                        r"(?<!\bwas )(?<!\bwere )\bdue(?=\s+(?:in|on|by|at)\b)", re.IGNORECASE)),  # "exams, due in June"
    (WOULD, re.compile(r"\b(?:was|were)\s+(?:(?:also|still|not|reportedly)\s+)?(?:(?:due|set|going|about)\s+to|expected|"
                       r"scheduled|planned|forecast|due)\b|\b(?:planned|intended|hoped|aimed)\s+to\b|\b(?:would|could|might|may)\b|"
                       r"\bexpected\s+(?:[\w'’]+\s+){0,5}?to\b", re.IGNORECASE)),
    # a participle after "be", "is", "are" takes the tense of the words before it: "will be held", "are planned"
    (PAST, re.compile(r"(?<!\bbe )(?<!\bis )(?<!\bare )(?<!\bam )(?<!\bbeing )"
                      r"\b(?:was|were|had|did|said|told|fled|left|went|came|began|begun|took|saw|met|made|gave|got|"
                      r"held|kept|ran|sent|spent|stood|found|brought|thought|fought|caught|bought|built|lost|paid|shot|"
                      r"struck|broke|spoke|wrote|drove|rode|rose|fell|felt|led|heard|knew|grew|threw|drew|flew|became|"
                      r"overran|sought|slept|wept|won|woke|sank|froze|hid|forgot|ate|slid|swept|withdrew|"
                      r"(?<!\bwill )(?<!\bto )(?<!\bwould )(?<!\bcould )(?<!\bmay )(?<!\bmight )(?<!\bcan )burst|"
                      r"(?<!\bthe )(?<!\bthe \w)(?<!\ba )(?<!\ban )"  # "the drained districts": an adjective
                      r"(?!(?:need|speed|bed|red|feed|seed|shed|hundred|sacred|naked|wicked|ragged|rugged|beloved|embed|"
                      r"indeed|breed|greed|steed|creed|proceed|exceed|succeed)\b)[a-z]{2,}ed)\b")),
]
_ADJECTIVE_AFTER = re.compile(r"\b(?:the|a|an)\s+(?:\w+ly|already|still|now|newly)\s+$", re.IGNORECASE)
# Where a clause ends: a mark, or a word that opens another clause.
_CLAUSE = re.compile(r"[,;:()\"“”—–]|\b(?:that|which|who|whom|whose|while|whereas|but|and|or|because|although|though|if|unless|"
                     r"after|before|when|where|as|so)\b", re.IGNORECASE)  # "so families could replant": a clause of its own


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


# The names of days that are not the weekday they are named after: "Black Saturday" (February 2009), "Bloody Sunday".
_NAMED_DAY = re.compile(r"\b(?:Black|Bloody|Good|Holy|Ash|Palm|Easter|Maundy|Super|Cyber|Shrove|Blue|Whit)\s+$")


def _tokens(text: str) -> list[_Token]:
    found: list[_Token] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if kind == "time" and not _is_time(match):
                continue
            if kind in _RANGES and not 1 <= int(match.group("d1")) < int(match.group("d")) <= 31:
                continue  # "24 and 18 September", "5-3 Sept": not a range; each end is read on its own
            if kind == "weekday" and not match.group("rel") and _NAMED_DAY.search(text[:match.start()]):
                continue  # "Black Saturday in February 2009", "Good Friday": the name of a day, not a weekday
            start = match.start()
            if kind == "month" and not re.match(r"(?i)early|mid|late|last|next|this|past|coming", match.group()):
                start = match.start("mon")  # "in June": the month (the lead is added back); "mid-June" is one date
            if any(t.start < match.end() and start < t.end for t in found):
                continue  # a part of a longer date already found ("25" of "September 25")
            found.append(_Token(kind, start, match.end(), match))
    return sorted(found, key=lambda t: t.start)


def _is_time(match: re.Match) -> bool:
    """A clock time, not any number: "22:00", "10 a.m.", "9pm", "18:00 UTC"."""
    if match.group("word"):
        return True
    hour = int(match.group("h"))
    if match.group("min") is not None:
        return hour <= 24 and int(match.group("min")) < 60
    return bool(match.group("ampm")) and 1 <= hour <= 12  # a bare number is not a time, even before "GMT"


def _family(token: _Token) -> str:
    """What a token may be joined to in a range: a day to a day, a month to a month."""
    if token.kind in _DAYS or (token.kind == "relative" and _relative_day(token)):
        return "day"
    return "month" if token.kind in _MONTH_KINDS else token.kind


def _relative_day(token: _Token) -> bool:
    rel = token.match.group("rel").lower()
    return rel.split()[0] in ("yesterday", "today", "tonight", "tomorrow") or rel == "last night" or rel.endswith("days ago") \
        or rel.endswith("day ago") \
        or rel.startswith("this ") and rel.split()[1] in ("morning", "afternoon", "evening")


def _clusters(text: str, tokens: list[_Token]) -> list[list[_Token]]:
    """Tokens that together say one time ("22:00 local time Sunday (18:00 UTC, September 24)"), or one
    range ("Wednesday and Thursday", "from June to August")."""
    clusters: list[list[_Token]] = []
    for token in tokens:
        if clusters:
            last = clusters[-1][-1]
            gap = text[last.end:token.start]
            ranged = _RANGE_JOIN.match(gap) and _family(last) == _family(token) and _family(token) in ("day", "month")
            if _JOIN.match(gap) or ranged:
                clusters[-1].append(token)
                continue
        clusters.append([token])
    return clusters


def _is_range(text: str, cluster: list[_Token]) -> bool:
    return any(t.kind in _RANGES for t in cluster) or any(
        _RANGE_JOIN.match(text[a.end:b.start]) for a, b in zip(cluster, cluster[1:]))


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


def tense(text: str, start: int, end: int) -> str:
    """The tense of the words about text[start:end]: the marker nearest it in its own clause, else in the sentence.

    "On Tuesday, officials said they will open shelters": said (past); "buses will leave on Friday,
    officials said": will (future, in the date's own clause). "" if the sentence has no marker.
    """
    markers: list[tuple[int, int, str]] = []
    for kind, pattern in _TENSES:
        for m in pattern.finditer(text):
            if kind == PAST and m.group().endswith("ed") and _ADJECTIVE_AFTER.search(text[:m.start()]):
                continue  # "the already saturated catchments": an adjective
            if not (m.start() < end and start < m.end()) and not any(a < m.end() and m.start() < b for a, b, _ in markers):
                markers.append((m.start(), m.end(), kind))
    if not markers:
        return ""
    bounds = [m.start() for m in _CLAUSE.finditer(text) if not start <= m.start() < end]
    left = max((b for b in bounds if b < start), default=-1)
    right = min((b for b in bounds if b >= end), default=len(text))

    def distance(marker: tuple[int, int, str]) -> int:
        return start - marker[1] if marker[1] <= start else marker[0] - end

    own = [m for m in markers if left < m[0] and m[1] <= right]
    # with none in its own clause, the verb the clause hangs from, which comes before it ("would be restored
    # before the celebrations on Thursday, a promise residents greeted with doubt": would)
    before = [m for m in markers if m[1] <= start]
    return min(own or before or markers, key=distance)[2]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _year_for(month: int, day: int, published: date, toward: str = "") -> date | None:
    """The month and day in the year that puts them nearest the publication day; a deadline (``toward`` FUTURE)
    the first on or after it, one told of the past (``toward`` PAST) the latest on or before it."""
    best = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if toward == FUTURE and candidate < published or toward == PAST and candidate > published:
            continue
        if best is None or abs((candidate - published).days) < abs((best - published).days):
            best = candidate
    return best


def _weekday(token: _Token, published: date, told: str, week: str = "", words: str = "") -> tuple[date, str]:
    """(day, needs) of "Sunday", "last Sunday", "next Sunday", "Tuesday last week", in the clause's tense."""
    wanted = WEEKDAYS[token.match.group("wd").lower()]
    rel = (token.match.group("rel") or "").lower()
    words = words or token.match.group()
    back = (published.weekday() - wanted) % 7
    ahead = (wanted - published.weekday()) % 7
    monday = _monday(published)
    if week in ("last week", "the past week"):
        return monday - timedelta(days=7 - wanted), ""
    if week == "next week":
        return monday + timedelta(days=7 + wanted), ""
    if week == "this week" or rel == "this":
        return monday + timedelta(days=wanted), ""
    if rel in ("last", "past"):
        return published - timedelta(days=back or 7), ""
    if rel in ("next", "coming"):
        day = published + timedelta(days=ahead or 7)
        if rel == "next" and ahead:
            later = day + timedelta(days=7)
            return day, (f"date: '{words}' may mean {_day_words(day)} or {_day_words(later)}: "
                         f"the draft took the first; check it")
        return day, ""
    if back == 0:
        return published, ""
    if told == FUTURE:
        return published + timedelta(days=ahead), ""
    if told == WOULD:
        day, before = published + timedelta(days=ahead), published - timedelta(days=back)
        return day, (f"date: '{words}' is told as a plan as it stood then: the draft took the coming one, "
                     f"{_day_words(day)}; it may be {_day_words(before)}: check it")
    return published - timedelta(days=back), ""


def _weekday_range(tokens: list[_Token], published: date, told: str, week: str) -> list[date]:
    """The days of "from Saturday to Monday": each after the one before it, the range ending on or before
    publication when told of the past, starting on or after it when told of what is to come."""
    wanted = [WEEKDAYS[t.match.group("wd").lower()] for t in tokens]
    if week or any(t.match.group("rel") for t in tokens):
        first, _ = _weekday(tokens[0], published, told, week)
    elif told in (FUTURE, WOULD):
        first = published + timedelta(days=(wanted[0] - published.weekday()) % 7)
    else:
        last = published - timedelta(days=(published.weekday() - wanted[-1]) % 7)
        first = last - timedelta(days=sum((b - a) % 7 for a, b in zip(wanted, wanted[1:])))
    days = [first]
    for a, b in zip(wanted, wanted[1:]):
        days.append(days[-1] + timedelta(days=(b - a) % 7))
    return days


def _day_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _offset_minutes(zone: str) -> int | None:
    zone = zone.strip().replace("−", "-")
    match = re.fullmatch(r"(?i)(GMT|UTC|Z)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", zone)
    if match:
        sign = 1 if match.group(2) == "+" else -1
        return sign * (int(match.group(3)) * 60 + int(match.group(4) or 0))
    return _ZONES.get(zone.lower())


def _clock(match: re.Match) -> tuple[int, int]:
    if match.group("word"):
        return (0, 0) if match.group("word").lower() == "midnight" else (12, 0)
    hour, minute = int(match.group("h")), int(match.group("min") or 0)
    ampm = (match.group("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    return hour % 24, minute


def _minute(day: date, times: list[_Token], zones: list[str]) -> tuple[str, str] | None:
    """(ISO minute with offset, needs) from the cluster's times; None if the zone cannot be known. A time with
    no zone is the local time of the sentence's places (a report gives local clock times unless it says not),
    when they all share one zone."""
    local = [t for t in times if (t.match.group("zone") or "").lower() in ("", "local time")]
    zoned = [t for t in times if t not in local and _offset_minutes(t.match.group("zone")) is not None]
    if local and zoned:  # "18:00 (16:00 GMT)", "22:00 local time (18:00 UTC)": the local clock, its offset from both
        hour, minute = _clock(local[0].match)
        z_hour, z_minute = _clock(zoned[0].match)
        offset = ((hour * 60 + minute) - (z_hour * 60 + z_minute) + _offset_minutes(zoned[0].match.group("zone"))) % 1440
        # offsets run from -12:00 to +14:00; of two that fit ("11:00 on Wednesday (22:00 GMT Tuesday)": -11:00 or
        # +13:00), the one of the places' own zone if it is one of them (New Zealand's +13:00), else the nearer to GMT
        fits = [o for o in (offset, offset - 1440) if -12 * 60 <= o <= 14 * 60]
        own = _zone_offset(day, hour, minute, zones)
        offset = own if own in fits else min(fits, key=abs)
        return _iso(day, hour, minute, offset), ""
    if zoned:
        hour, minute = _clock(zoned[0].match)
        return _iso(day, hour, minute, _offset_minutes(zoned[0].match.group("zone"))), ""
    if local:  # "as of 22:00": a report's clock times are local, the place's zone
        hour, minute = _clock(local[0].match)
        offset = _zone_offset(day, hour, minute, zones)
        return (_iso(day, hour, minute, offset), "") if offset is not None else None
    return None


def _zone_offset(day: date, hour: int, minute: int, zones: list[str]) -> int | None:
    """The UTC offset in minutes of the places' one time zone at that moment; None without a single zone."""
    if len(set(zones)) != 1:
        return None
    try:
        moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zones[0]))
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return int(moment.utcoffset().total_seconds() // 60)


def _iso(day: date, hour: int, minute: int, offset: int) -> str:
    tz = timezone(timedelta(minutes=offset))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz).isoformat(timespec="minutes")


def _week(first: date, last: date) -> str:
    return f"{first.isoformat()}/{last.isoformat()}"


def _month_name(year: int, month: int) -> str:
    return f"{calendar.month_name[month]} {year}"


def _month(year: int, month: int) -> tuple[str, str, str]:
    return f"{year:04d}-{month:02d}", "month", ""


def _span(first: date, last: date, words: str) -> tuple[str, str, str]:
    """A range as the coarsest precision it needs: a week span of up to 7 days, else its month, else its
    year (saying so), else undated: never one of its days."""
    if (last - first).days <= 6:
        return _week(first, last), "week", ""
    if (first.year, first.month) == (last.year, last.month):
        return _month(first.year, first.month)
    shown = f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}"
    if first.year == last.year:
        return str(first.year), "year", (f"date: '{words}' runs from {shown}, longer than a week and across months: "
                                         f"the event is dated to its year; give a week or a month if the article has one")
    return "", "undated", f"date: '{words}' runs from {shown}: choose the event's date"


YEAR_FLIP_DAYS = 60


def _days(cluster: list[_Token], published: date, toward: str = "") -> list[date]:
    """The days the cluster's dates name (a range: both ends)."""
    days: list[date] = []
    for token in cluster:
        m = token.match
        try:
            if token.kind == "iso":
                days.append(date(int(m.group("y")), int(m.group("m")), int(m.group("d"))))
            elif token.kind == "holiday":
                month, day = HOLIDAYS[m.group("hol").lower().replace("’", "'")]
                found = _year_for(month, day, published, toward)
                days += [found] if found else []
            elif token.kind in ("month_day", "day_month", *_RANGES):
                month = MONTHS[m.group("mon").lower().rstrip(".")]
                ends = [int(m.group("d"))] if token.kind not in _RANGES else [int(m.group("d1")), int(m.group("d"))]
                if m.group("y"):
                    days += [date(int(m.group("y")), month, d) for d in ends]
                else:
                    last = _year_for(month, ends[-1], published, toward)
                    days += [date(last.year, month, d) for d in ends] if last else []
        except (ValueError, TypeError):
            pass
    return days


def _read_cluster(text: str, cluster: list[_Token], published: date, zones: list[str],
                  day_before: tuple[date, str] | None = None) -> tuple[str, str, str]:
    """(date, precision, needs) of one cluster."""
    start, end = _span_text(text, cluster)
    words = text[start:end]
    told = when_clause(text, end) or tense(text, start, end)
    if told == PAST and any(t.kind == "relative" and t.match.group("rel").lower() == "this weekend" for t in cluster) \
            and _AHEAD_OF_A_WEEKEND.search(text[:start]):
        told = WOULD  # "asked visitors to stay away this weekend", "warned of more rain this weekend": the coming one
    deadline = _deadline(text, cluster)
    if deadline:
        told = deadline
    ranged = _is_range(text, cluster)
    anaphoric = [t for t in cluster if t.kind == "anaphoric"]
    if anaphoric:
        return _anaphoric(anaphoric[0], words, [t for t in cluster if t.kind == "time"], zones, day_before)
    days = _days(cluster, published, deadline)
    # a day without its year, months off the other way from its tense, is in the year the tense puts it: "broke out on
    # April 15", told in December, is the April past (a day or two off is a question: a slip, or the wrong day given)
    yearless = not any(t.match.groupdict().get("y") for t in cluster if t.kind in ("month_day", "day_month", *_RANGES))
    if days and yearless and not deadline and told in (PAST, FUTURE) and not _PRESENT_PERFECT.search(text[:start]):
        ahead = min(days) > published + timedelta(days=YEAR_FLIP_DAYS)
        behind = max(days) < published - timedelta(days=YEAR_FLIP_DAYS)
        if (told == PAST and ahead) or (told == FUTURE and behind):
            days = _days(cluster, published, told)
    weekdays = [t for t in cluster if t.kind == "weekday"]
    times = [t for t in cluster if t.kind == "time"]
    if _APPROXIMATE.search(text[:cluster[0].start]):
        # "shortly before midnight on Friday": that Friday, not a minute of it; "shortly after 14:00 local time
        # (2000 GMT)" is a clock time, to the minute
        times = [t for t in times if not t.match.group("word")]
    relative = [t for t in cluster if t.kind == "relative"]
    week = ""
    explicit = bool(days)
    for token in relative:
        rel = token.match.group("rel").lower()
        if _relative_day(token):
            days.append(date.fromisoformat(_relative(token, published, told)[0]))
        elif weekdays and rel in ("last week", "this week", "next week", "the past week"):
            week = rel  # "on Tuesday last week": the Tuesday of that week
        elif not (days or weekdays):
            return _relative(token, published, told)  # "last week", "earlier this month"
    needs = ""
    if weekdays:
        if explicit:
            for token in weekdays:  # "Tuesday, September 26": the weekday must agree with the date
                named = token.match.group("wd")
                if not any(WEEKDAYS[named.lower()] == d.weekday() for d in days):
                    shown = ", ".join(d.strftime("%-d %B %Y") for d in sorted(set(days)))
                    what = f"{days[0].strftime('%-d %B %Y')} is a {days[0].strftime('%A')}" if len(set(days)) == 1 \
                        else f"none of {shown} is a {named}"
                    return "", "undated", f"date: '{words}' does not agree with itself: {what}, not a {named}"
        elif len(weekdays) > 1 and ranged:
            days += _weekday_range(weekdays, published, told, week)
        else:
            if re.search(r"\bfor\s+$", text[:weekdays[0].start], re.IGNORECASE):
                told = FUTURE  # "an alert in place for Sunday", "talks set for Monday": a day to come
            elif told == NEAREST:  # "said it aimed to … by Friday"; "said was full by Tuesday night": the nearer one
                wanted = WEEKDAYS[weekdays[0].match.group("wd").lower()]
                back, ahead = (published.weekday() - wanted) % 7, (wanted - published.weekday()) % 7
                told = PAST if back < ahead else FUTURE
            day, needs = _weekday(weekdays[0], published, told, week, words)
            days.append(day)
    if not days:
        return _undated_cluster(text, cluster, published, told, words, times, zones, day_before)
    distinct = sorted(set(days))
    if len(distinct) > 1 and not ranged:
        shown = ", ".join(d.strftime("%-d %B %Y") for d in distinct)
        return "", "undated", f"date: '{words}' names more than one day ({shown}): choose the event's"
    if explicit and told == PAST and distinct[0] > published and not _PRESENT_PERFECT.search(text[:start]):
        return "", "undated", (f"date: '{words}' is after the publication day ({_day_words(published)}), but the "
                               "sentence tells of the past: check the date, or the publication day")
    if explicit and told == FUTURE and distinct[-1] < published:
        return "", "undated", (f"date: '{words}' is before the publication day ({_day_words(published)}), but the "
                               "sentence tells of what is to come: check the date, or the publication day")
    if len(distinct) > 1:
        return _span(distinct[0], distinct[-1], words)
    day = distinct[0]
    if _since(text, cluster):
        if weekdays and not explicit and day > published:  # "since Monday" is a Monday past, whatever the tense
            day -= timedelta(days=7)
        value, precision, since_needs = _since_span(day, published, words)
        if weekdays and not explicit and day == published and not since_needs:
            since_needs = (f"date: '{words}' in an article published on a {day:%A} may mean since that day or since "
                           f"the {day:%A} before: the draft took the publication day; check it")
        return value, precision, since_needs
    if times:
        value, precision, time_needs = _with_time(day, times, zones, words)
        return value, precision, needs or time_needs
    return day.isoformat(), "day", needs


def _anaphoric(token: _Token, words: str, times: list[_Token], zones: list[str],
               day_before: tuple[date, str] | None) -> tuple[str, str, str]:
    """"the next day", "later that evening": the day the text named just before, moved by the words; the row
    says which day it counted from, for a person to check."""
    if not day_before:
        return "", "undated", (f"date: '{words}' counts from a day the text names before it, and the draft found "
                               "none: give the event's day")
    phrase = token.match.group("ana").lower()
    day = day_before[0] + timedelta(days=next((n for k, n in _ANAPHORIC_SHIFT.items()
                                               if phrase.endswith(k) or f" {k} " in f" {phrase} "), 0))
    note = f"date: '{words}' counts from '{day_before[1]}': the draft took {_day_words(day)}; check it"
    if times:
        value, precision, needs = _with_time(day, times, zones, words)
        return value, precision, needs or note
    return day.isoformat(), "day", note


def _undated_cluster(text: str, cluster: list[_Token], published: date, told: str, words: str,
                     times: list[_Token], zones: list[str], day_before: tuple[date, str] | None = None,
                     ) -> tuple[str, str, str]:
    """A cluster with no day: a month or months, a year, a time on the publication day ("as of 22:00"), or a
    time on ``day_before``, the day the text just before names (what a reader takes it for; the row says so)."""
    months = [t for t in cluster if t.kind in _MONTH_KINDS]
    if months:
        found = [_month_of(t, published, told) for t in months]
        first, last = min(found), max(found)
        if _since(text, cluster):  # "since June": the month it began, as "since 19 September" is its day
            return f"{first[0]:04d}-{first[1]:02d}", "month", ""
        if first == last:
            return _month(*first)
        if first[0] == last[0]:
            return str(first[0]), "year", (f"date: '{words}' runs from {_month_name(*first)} to {_month_name(*last)}: "
                                           "the event is dated to its year; give a month if the article has one")
        return "", "undated", (f"date: '{words}' runs from {_month_name(*first)} to {_month_name(*last)}: "
                               "choose the event's date")
    years = [t for t in cluster if t.kind == "year"]
    if years:
        return years[0].match.group("y"), "year", ""
    if times and re.match(r"(?i)as of\b", words):  # "as of 22:00 local time": a count on the publication day
        return _with_time(published, times, zones, words)
    if times and day_before:  # "wrecked in the early hours of Tuesday. … the breach opened at about 02:50"
        day, named = day_before
        hour = _clock(times[0].match)[0]
        if re.search(re.escape(named) + r"\s+night\b", text[:cluster[0].start]) and hour < 8 and not times[0].match.group("word"):
            # "slept in Grindavik on Saturday night … all had left by about 05:00": the morning after
            day += timedelta(days=1)
            value, precision, needs = _with_time(day, times, zones, words)
            return value, precision, needs or (f"date: '{words}' gives a time but not its day: the draft took "
                                               f"{_day_words(day)}, the morning after '{named} night' just before it; "
                                               "check it")
        value, precision, needs = _with_time(day, times, zones, words)
        return value, precision, needs or (f"date: '{words}' gives a time but not its day: the draft took "
                                           f"{_day_words(day)}, the day '{named}' names just before it; check it")
    if times:  # "the breach opened at about 02:50": some day the sentence does not give
        return "", "undated", (f"date: '{words}' gives a time but not its day: give the event's day (the sentence "
                               "before may name it)")
    return "", "undated", ""


def _month_of(token: _Token, published: date, told: str) -> tuple[int, int]:
    """(year, month) of "in June": the year given; else the latest on or before publication, or for what is to
    come the first on or after it."""
    m = token.match
    month = MONTHS[m.group("mon").lower()]
    if m.groupdict().get("y"):
        return int(m.group("y")), month
    if m.groupdict().get("yrel"):  # "in May last year", "since March this year"
        return published.year + {"last": -1, "this": 0, "next": 1}[m.group("yrel").lower()], month
    lead = m.group().split()[0].lower() if token.kind == "month" else ""
    if lead in ("last", "past"):  # "last November": the latest November before this month
        return (published.year if month < published.month else published.year - 1), month
    if lead in ("next", "coming"):
        return (published.year if month > published.month else published.year + 1), month
    if lead == "this":
        return published.year, month
    if told in (FUTURE, WOULD):
        return (published.year if month >= published.month else published.year + 1), month
    if told == NEAREST:  # a deadline: the nearest such month, before or after
        return min(((y, month) for y in (published.year - 1, published.year, published.year + 1)),
                   key=lambda ym: abs((ym[0] - published.year) * 12 + ym[1] - published.month))
    return (published.year if month <= published.month else published.year - 1), month


# What a weekend is asked or warned of lies ahead of the asking: "asked visitors to stay away from the gorge this
# weekend", "have warned of more heavy rain this weekend". (Not a weekday: "were told to leave on Sunday" is past.)
_AHEAD_OF_A_WEEKEND = re.compile(r"\b(?:asked|told|urged|ordered|advised|instructed|called\s+on|begged|warned)\s+"
                                 r"(?:[\w'’]+\s+){0,4}?to\s+[a-z]+\b[^.;]*$|\bwarn(?:ed|s|ing)?\s+of\b[^.;]*$|"
                                 r"\bwarnings?\s+of\b[^.;]*$", re.IGNORECASE)
# "when" straight after a date opens a clause that tells what happened, or is to happen, on it.
_APPROXIMATE = re.compile(r"\b(?:shortly|just|soon|minutes|hours|long)\s+(?:before|after)\s+$", re.IGNORECASE)
# (also after the day's own description: "declared Saturday a day of national mourning, when a funeral will be held")
_WHEN = re.compile(r"(?:\s+(?:a|an|the)(?:\s+[\w'’\-]+){1,6}?)?\s*,?\s*when\b([^,;:.]*)", re.IGNORECASE)
# A past perfect after a deadline: "by 14:00 on Sunday helicopters had lifted 200 people" is told of the past.
_PAST_PERFECT = re.compile(r"^[^,;:]*?\bhad\s+(?:(?:not|already|also|\w+ly)\s+)?(?:been|gone|done|seen|taken|given|"
                           r"fled|left|lost|sent|brought|built|found|made|kept|held|spent|[a-z]{2,}(?:ed|en))\b",
                           re.IGNORECASE)
# A present perfect: "the government has declared 14 August a day of solidarity" names a day to come.
_PRESENT_PERFECT = re.compile(r"\b(?:has|have)\s+(?:(?:not|already|also|now|\w+ly)\s+)?(?:been\s+)?[a-z]{2,}(?:ed|en|t)\b",
                              re.IGNORECASE)


def when_clause(text: str, end: int) -> str:
    """The tense of a "when" clause straight after the date that ends at ``end`` ("until Sunday, when soldiers
    opened a track": PAST; "this weekend, when a supply convoy is due": FUTURE), "" if there is none."""
    m = _WHEN.match(text[end:])
    if not m:
        return ""
    for kind, pattern in _TENSES[:2]:  # "when buses chartered by the government are due to": the auxiliary tells
        if pattern.search(m.group(1)):
            return kind
    if re.search(r"\bcan\b", m.group(1), re.IGNORECASE):
        return FUTURE  # "declared 14 August a day of solidarity, when companies can donate a day's pay": the one to come
    return tense(m.group(1), 0, 0)


def _deadline(text: str, cluster: list[_Token]) -> str:
    """FUTURE for a deadline ("until the end of September", "by 1 January 2024", "before the end of the year"),
    PAST for one told of the past ("had fled by June", "until Sunday, when soldiers opened a track", "by Sunday
    helicopters had lifted 200 people"), NEAREST for one in reported speech, "" for no deadline."""
    if not _DEADLINE.search(text[:cluster[0].start]) or _APPROXIMATE.search(text[:cluster[0].start]):
        return ""  # "shortly before midnight on Friday": about then, no deadline
    start, end = _span_text(text, cluster)
    when = when_clause(text, end)
    if when in (PAST, FUTURE):
        return when
    if _PAST_PERFECT.search(text[end:]):
        return PAST
    if tense(text, start, end) != PAST or not _PAST_DEADLINE.search(text):
        return FUTURE
    # Told in the past after a verb of saying, the tense is the report's ("said it had food until the end of
    # September": it has): the deadline is the nearest such day or month, before or after.
    return NEAREST if _REPORTED.search(text[:start]) else PAST


def _since(text: str, cluster: list[_Token]) -> bool:
    return bool(re.search(r"\bsince\s+(?:the\s+)?$", text[:cluster[0].start], re.IGNORECASE))


def _since_span(day: date, published: date, words: str) -> tuple[str, str, str]:
    """"since 19 September": the day it began, which the article names (what goes on since is told of the
    story's days after it; the event is dated to its start, as a reader dates it)."""
    if day > published:
        return "", "undated", (f"date: '{words}' is after the publication day ({_day_words(published)}): "
                               "check the date, or the publication day")
    return day.isoformat(), "day", ""


def _with_time(day: date, times: list[_Token], zones: list[str], words: str) -> tuple[str, str, str]:
    minute = _minute(day, times, zones)
    if minute:
        return minute[0], "minute", minute[1]
    return day.isoformat(), "day", (f"date: the time in '{words}' has no time zone the draft can know, "
                                    "so the event is dated to its day: add the UTC offset to give the minute")


def _relative(token: _Token, published: date, told: str) -> tuple[str, str, str]:
    rel = token.match.group("rel").lower()
    words = token.match.group()
    monday = _monday(published)
    if rel in ("today", "tonight") or rel.startswith("this ") and rel.split()[1] in ("morning", "afternoon", "evening"):
        return published.isoformat(), "day", ""
    if rel.startswith("yesterday") or rel == "last night":  # "yesterday evening": the day
        return (published - timedelta(days=1)).isoformat(), "day", ""
    if rel.startswith("tomorrow"):
        return (published + timedelta(days=1)).isoformat(), "day", ""
    if rel.endswith("ago") and token.match.group("unit"):
        n = token.match.group("n2").lower()
        count = _NUMBERS.get(n) if not n.isdigit() else int(n)
        unit = token.match.group("unit").lower().rstrip("s")
        if unit == "year":
            return str(published.year - count), "year", ""
        if unit == "month":
            back = published.month - 1 - count
            return _month(published.year + back // 12, back % 12 + 1)
        start = monday - timedelta(days=7 * count)
        return _week(start, start + timedelta(days=6)), "week", ""
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
        return _weekend(rel, published, told)
    if rel in ("earlier this month", "this month", "later this month"):
        return _month(published.year, published.month)
    if rel == "last month":
        previous = published.replace(day=1) - timedelta(days=1)
        return _month(previous.year, previous.month)
    if rel == "next month":
        following = (published.replace(day=28) + timedelta(days=4)).replace(day=1)
        return _month(following.year, following.month)
    if rel.startswith("in the "):  # "in the coming weeks": after publication, but no date to give
        return "", "undated", (f"date: '{words}' tells of a plan after the publication day ({_day_words(published)}) "
                               "and gives it no date: keep the row only as a plan, or drop it")
    if rel.endswith(("of the month", "of this month")):  # its end, start or beginning: this month
        return _month(published.year, published.month)
    if rel in ("this year", "earlier this year", "later this year") or rel.endswith(("of the year", "of this year")):
        return str(published.year), "year", ""
    if rel == "last year":
        return str(published.year - 1), "year", ""
    if rel == "next year":
        return str(published.year + 1), "year", ""
    return "", "undated", ""


def _weekend(rel: str, published: date, told: str) -> tuple[str, str, str]:
    """A Saturday and Sunday: the one just past or the one to come, as the words and the tense say."""
    weekday, monday = published.weekday(), _monday(published)
    current = monday + timedelta(days=5)  # this week's Saturday: the coming one Monday to Friday
    before = published - timedelta(days=(weekday - 5) % 7 or 7)  # the latest Saturday before publication
    ahead = told in (FUTURE, WOULD)
    if rel == "last weekend":
        saturday = current - timedelta(days=7)
    elif rel == "next weekend":
        return (_week(current, current + timedelta(days=1)), "week",
                "date: 'next weekend' may mean the coming weekend or the one after: the draft took the coming one")
    elif rel == "this weekend":  # the coming one, or the current one at a weekend; told of the past early in the week
        # (Monday, Tuesday), the one just past. From Wednesday the coming one is nearer and meant, whatever the verb
        # ("hotels had cancelled bookings this weekend", in a Friday report: every key of 67 articles agrees)
        saturday = before if told == PAST and weekday < 2 else current
    else:  # "over the weekend", "at the weekend"
        saturday = current if ahead and weekday < 5 else before
    return _week(saturday, saturday + timedelta(days=1)), "week", ""


def _plan(value: str, precision: str, needs: str, words: str, published: date, deadline: str = "") -> str:
    """A date wholly after the publication day tells of a plan, not of an event that happened; so does a
    deadline that ends after it ("until the end of September" in a September article): say so."""
    try:
        span = parse_date(value, precision)
    except ValueError:
        return needs
    if span is None or needs:
        return needs
    if span.start > published:
        return (f"date: '{words}' is after the publication day ({_day_words(published)}): the article tells of a "
                "plan, not of something that happened; keep the row only as a plan, or drop it")
    if deadline == FUTURE and span.end > published:
        return (f"date: '{words}' is a deadline after the publication day ({_day_words(published)}): the article "
                "tells of a plan, not of something that happened; keep the row only as a plan, or drop it")
    return needs


def _inside_quote(text: str, at: int) -> bool:
    """text[at] lies inside a quotation: an odd number of straight quotes before it, or a “ not yet closed."""
    before = text[:at]
    return before.count('"') % 2 == 1 or before.rfind("“") > before.rfind("”")


def find_dates(text: str, offset: int, published: date, zones: list[str] | None = None,
               day_before: tuple[date, str] | None = None) -> list[FoundDate]:
    """Every date of one sentence (``text``, starting at ``offset`` in its line), read against ``published``.

    ``zones`` are the time zones of the sentence's places ("Asia/Yerevan"), for "22:00 local time";
    ``day_before`` the day the text just before names and its words, for a time the sentence gives no day.
    """
    found = []
    for cluster in _clusters(text, _tokens(text)):
        if all(t.kind == "relative" and t.match.group("rel").lower() in ("today", "tonight") for t in cluster) \
                and _inside_quote(text, cluster[0].start):
            continue  # "nobody can tell you today how long it will hold": the speaker's now, not an event's day
        if all(t.kind == "time" for t in cluster) and not any(t.match.group("min") or t.match.group("ampm")
                                                              or t.match.group("word") for t in cluster):
            continue
        value, precision, needs = _read_cluster(text, cluster, published, zones or [], day_before)
        if precision in ("day", "minute") and not needs and not _since(text, cluster):
            # "on Monday …, at about 13:00": that Monday's (not "since 19 September": the text is not at that day)
            day_before = (date.fromisoformat(value[:10]), text[slice(*_span_text(text, cluster))])
        if precision == "undated" and not needs:
            continue
        start, end = _span_text(text, cluster)
        needs = _plan(value, precision, needs, text[start:end], published, _deadline(text, cluster))
        found.append(FoundDate(text[start:end], offset + start, offset + end, value, precision, needs))
    return found
