"""Facts from outside the article, each with its source: shown as context, never as the story.

``context/timeline.csv`` holds dated facts as the team's research found them (date, local time
as the source words it, what happened, a figure, the source's title and address, a note).
``source_title`` is the source's headline or, where no headline was recorded, the outlet's name
("Taiwan News"); either is shown as it is, as the name of the source. Older copies of the file
wrote an outlet as a placeholder, "[Taiwan News; no headline in excerpt]": it is read as the outlet.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from geo.csvio import read_csv_rows
from geo.problems import Collector

CONTEXT_FILE = "context/timeline.csv"
CONTEXT_COLUMNS = ("date", "time_local", "event", "figure", "source_title", "source_url", "quote_or_note")
# Rows whose event starts so ("Cumulative arrivals in Armenia (Armenian government)") are charted by day; what
# follows the prefix says where and who counted, in the story's own words.
ARRIVALS_PREFIX = "Cumulative arrivals"
MAX_CONTEXT = 1_000  # rows; see Limits in data/README.md
_PLACEHOLDER = re.compile(r"\[\s*(?P<outlet>[^\[\]]*?)\s*;\s*no headline in excerpt\s*\]", re.IGNORECASE)


@dataclass(frozen=True)
class ContextFact:
    day: date
    time_local: str
    event: str
    figure: str
    source_title: str
    source_url: str
    note: str

    @property
    def is_arrivals_count(self) -> bool:
        return self.event.startswith(ARRIVALS_PREFIX)

    @property
    def date_inferred(self) -> bool:
        return "DATE INFERRED" in self.note


def source_name(title: str) -> str:
    """The source as it is shown: the title, or the outlet named by an old placeholder
    ("[Taiwan News; no headline in excerpt]" -> "Taiwan News")."""
    match = _PLACEHOLDER.fullmatch(title.strip())
    return match.group("outlet") if match and match.group("outlet") else title


def parse_context(text: str, out: Collector) -> list[ContextFact]:
    """The facts of context/timeline.csv; every row needs a day, an event and a source address."""
    facts = []
    for number, cells in read_csv_rows(text, CONTEXT_FILE, CONTEXT_COLUMNS, ("date", "event", "source_url"), out, MAX_CONTEXT):
        where = f"row {number}"
        try:
            day = date.fromisoformat(cells["date"])
        except ValueError:
            out.add(CONTEXT_FILE, where, f"date {cells['date']!r} is not a day like 2023-09-25.", "write YYYY-MM-DD.")
            continue
        if not cells["event"] or not cells["source_url"].startswith(("https://", "http://")):
            out.add(CONTEXT_FILE, where, "a fact needs what happened (event) and the address of its source (source_url).",
                    "fill in both: context is shown only with its source.")
            continue
        facts.append(ContextFact(day, cells.get("time_local", ""), cells["event"], cells.get("figure", ""),
                                 source_name(cells.get("source_title", "")), cells["source_url"], cells.get("quote_or_note", "")))
    return facts


def people_figure(fact: ContextFact) -> int | None:
    """The number of people in an arrivals figure ('98,625 people; 20,892 vehicles' -> 98625)."""
    match = re.match(r"\s*([\d,]+)", fact.figure)
    return int(match.group(1).replace(",", "")) if match else None


def arrivals_by_day(facts: list[ContextFact]) -> list[tuple[ContextFact, int]]:
    """The last reported cumulative arrivals figure of each day, in date order.

    The sources report several counts a day at different hours; the day's last one is the
    fairest single figure for that day. Rows keep their source, to be shown with the chart.
    """
    last: dict[date, tuple[ContextFact, int]] = {}
    for fact in facts:
        figure = people_figure(fact) if fact.is_arrivals_count else None
        if figure is not None:
            last[fact.day] = (fact, figure)
    return [last[day] for day in sorted(last)]


def arrivals_heading(days: list[tuple[ContextFact, int]]) -> str:
    """What the charted figures count, in the words of the story's own rows: "Cumulative arrivals in Armenia,
    as the Armenian government reported them" (the most common wording; the reporter is the part in brackets)."""
    wordings = Counter(re.sub(r"\s*\([^()]*\)\s*$", "", fact.event).strip() for fact, _ in days)
    reporters = Counter(m.group(1).strip() for fact, _ in days if (m := re.search(r"\(([^()]*)\)\s*$", fact.event)))
    what = wordings.most_common(1)[0][0] if wordings else ARRIVALS_PREFIX
    who = reporters.most_common(1)[0][0] if reporters else ""
    return f"{what}, as {'the ' if who and not who.lower().startswith('the ') else ''}{who} reported them" if who else what


def timeline_facts(facts: list[ContextFact], first: date, last: date) -> list[ContextFact]:
    """Facts other than arrival counts (those are charted) that fall between ``first`` and ``last``."""
    return [f for f in facts if first <= f.day <= last and not f.is_arrivals_count]
