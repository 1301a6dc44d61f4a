"""Events: one per dated or placed statement of the article, with a draft title and an extractive summary, finished or sent to review.

An event is a sentence that gives a date, names a place where something stands ("in Goris", "the
village of Kornidzor"; not an actor such as "Baku said"), or reports speech. Its quote is the
sentence itself, verbatim from its line; its title is the sentence's opening words and its summary
the sentence, both marked "[draft]" for a person to rewrite (the story format has no field that
marks a draft, so the mark is in the text, where the editor and the map both show it). An event is
finished when it has exactly one place on the map, a sure date (or none) and, for speech, a
speaker; otherwise it goes to review, with every reason in ``needs``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from geo.draft.dates import FoundDate, find_dates
from geo.draft.gazetteer import normalise
from geo.draft.lexicon import STOPWORDS
from geo.draft.places import (AMBIGUOUS, AREA, AREA_READING, FAR, FEATURE, GOAL, HOME, NATURAL, PIN, PLACE, QUOTED, SPEAKER,
                              UNKNOWN, Mention, Places, Reading)
from geo.draft.quotes import ARTICLE, DIRECT, Speech
from geo.draft.text import CAPTION, TEXT, Article, Sentence

DRAFT = "[draft] "
COLUMNS = ("id", "place", "line", "date_text", "date", "date_precision", "title", "summary", "quote", "quote_kind",
           "speaker", "place_note")
TITLE_WORDS = 9


@dataclass
class DraftEvent:
    """One event row (the columns of events.csv) and what a person must still decide (empty: finished)."""

    row: dict[str, str]
    needs: list[str] = field(default_factory=list)
    start: int = 0  # where its quote starts and ends in its line
    end: int = 0

    @property
    def finished(self) -> bool:
        return not self.needs


def place_id(name: str) -> str:
    """A kebab-case id from a name: "Mets Shen" → "mets-shen", "Xankəndi" → "xankendi"."""
    return "-".join(re.findall(r"[a-z0-9]+", normalise(name))) or "place"


_OPENERS = {"as", "on", "in", "despite", "after", "before", "back", "being", "with", "while", "since", "during",
            "although", "though", "for", "at", "from", "by", "according", "following", "amid", "meanwhile", "however",
            "but", "and", "so", "yet", "still", "instead", "earlier", "later", "now", "then", "also", "once", "when"}


def _title(text: str) -> str:
    """The sentence's main words: its first clause that does not open with "As a result", "On the other
    hand", "Despite…" and their like, cut to a few words; a title for a person to rewrite."""
    body = text.strip().lstrip("\"“‘'«(")
    clauses = [c for c in re.split(r"(?<=[,;:])\s+|\s+[—–]\s+", body) if c.strip()]
    chosen = next((c for c in clauses if len(c.split()) >= 4 and c.split()[0].lower().strip("\"“") not in _OPENERS), body)
    words = chosen.split()
    title = re.sub(r'["“”«»]', "", " ".join(words[:TITLE_WORDS])).rstrip(",;:.’'»)")
    return DRAFT + title[:1].upper() + title[1:] + ("…" if len(words) > TITLE_WORDS or chosen != body else "")


def _event_id(text: str, taken: set[str]) -> str:
    """A kebab-case id from the sentence's first words that carry meaning, unique in the story."""
    words = [w for w in re.findall(r"[a-z0-9]+", normalise(text)) if w not in STOPWORDS and len(w) > 1]
    base = "-".join(words[:5]) or "event"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


def _names(readings: list[Reading]) -> str:
    return ", ".join(dict.fromkeys(r.name for r in readings))


def _place(sentence: Sentence, mentions: list[Mention], places: Places, previous: Reading | None,
           dateline: Reading | None, ids: dict[str, str]) -> tuple[str, list[str]]:
    """(place id, needs) for the sentence's event."""
    read = places.readings
    # a place named only inside the quotation (resolved, but on the map only where the article puts it) is the
    # speaker's word, not the event's place; a story place the quotation names is, as the article's own words are
    quoted_only = list({m.key: read[m.key] for m in mentions if m.role == QUOTED and read.get(m.key)
                        and read[m.key].kind == PIN and not read[m.key].pinned}.values())
    unplaced = {r.key for r in quoted_only}
    here = [m for m in mentions if (m.role == PLACE or (m.role == QUOTED and m.key not in unplaced)) and read.get(m.key)]
    pins = list({m.key: read[m.key] for m in here if read[m.key].kind == PIN}.values())
    open_ones = list({m.key: read[m.key] for m in here if read[m.key].kind in (AMBIGUOUS, UNKNOWN, FAR)}.values())
    features = [m for m in mentions if m.role == FEATURE]
    naturals = [m for m in mentions if m.role == NATURAL]
    area_notes = [read[m.key].needs for m in mentions if m.role == AREA and read.get(m.key) and read[m.key].needs
                  and read[m.key].kind == AREA_READING]
    areas = [read[m.key] for m in mentions if m.role == AREA and read.get(m.key)]
    areas += [read[m.key] for m in here if read[m.key].kind == AREA_READING]
    speakers_at = [read[m.key] for m in mentions if m.role == SPEAKER and read.get(m.key) and read[m.key].kind == PIN]
    if len(pins) == 1 and not open_ones and not features:
        return ids[pins[0].key], []
    if len(pins) + len(open_ones) + len(features) > 1:
        named = _names(pins + open_ones) + ("" if not features else (", " if pins or open_ones else "")
                                             + ", ".join(_feature_text(sentence, m) for m in features))
        return "", [f"place: the sentence names several places ({named}): choose the event's"] + [r.needs for r in open_ones]
    if open_ones:
        return "", [open_ones[0].needs]
    if features:
        m = features[0]
        hint = _namesake_hint(read.get(m.key), "is named like it")
        return "", [f"place: '{_feature_text(sentence, m)}' is not a point the draft can pin{hint}: "
                    "choose the place on it where the event happened"]
    if naturals:  # a river or range beside a town ("along the Aras river near Meghri") leaves the town the place
        m = naturals[0]
        hint = _namesake_hint(read.get(m.key), "is a town named like it, not meant here")
        return "", [f"place: '{m.phrase}' is a river, lake, sea or mountain range, not a point the draft can pin{hint}: "
                    "choose the place where the event happened"]
    if area_notes:
        return "", area_notes[:1]
    goals = list({m.key: read[m.key] for m in mentions if m.role == GOAL and read.get(m.key)}.values())
    if goals:  # "they hoped to go on to Juba": nothing has happened there yet
        where = _and_list(list(dict.fromkeys(r.name for r in goals)))
        return "", [f"place: {where} {'is' if len(goals) == 1 else 'are'} where people hope to go, not where this "
                    "happened: choose the event's place, or drop the row"]
    hint = ""
    if speakers_at:
        hint = f" (the speakers are in {speakers_at[0].name})"
    elif previous is not None:
        hint = f" (the sentence before names {previous.name})"
    elif dateline is not None:
        hint = f" (the report is datelined {dateline.name})"
    if quoted_only and not areas:
        where = _and_list([f"'{r.name}'" for r in quoted_only])  # quoted: the editor offers each one's records
        return "", [f"place: {where} {'is' if len(quoted_only) == 1 else 'are'} named only inside the quotation: choose the "
                    f"event's place{hint}"]
    origins = list(dict.fromkeys(f"'{read[m.key].name}'" for m in mentions if m.role == HOME and read.get(m.key)))
    if origins and not areas:  # "engineers who set out from Lae": where they came from, not where this happened
        return "", [f"place: {_and_list(origins)} {'is' if len(origins) == 1 else 'are'} where someone came from, not where this "
                    f"happened: choose the event's place{hint}"]
    if areas:
        return "", [f"place: the sentence names only areas ({_names(areas)}), not a point: choose the event's place{hint}"]
    return "", [f"place: the sentence names no place: choose the event's place{hint}"]


def _and_list(names: list[str]) -> str:
    """"A", "A and B", "A, B and C": names as a sentence lists them."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _namesake_hint(reading: Reading | None, what: str) -> str:
    """"; the gazetteer's X (CC) <what>" when the gazetteer has a town of that name, else ""."""
    if reading and reading.kind == PIN and reading.candidate:
        c = reading.candidate
        return f"; the gazetteer's {c.name} ({c.country}) {what}"
    return ""


def _feature_text(sentence: Sentence, mention: Mention) -> str:
    """"Lachin corridor": the name and the feature word after it, as the article writes them."""
    line_offset = mention.start - sentence.start
    after = re.match(r"\s+([\w'’\-]+)", sentence.text[line_offset + len(mention.text):])
    return mention.text + (" " + after.group(1) if after else "")


# A clause that describes something named before it: ", which has been under Russian control since …".
_RELATIVE = re.compile(r"(?:,|\()\s*(?:which|who|whom|whose|where)\b[^,;()]*$", re.IGNORECASE)


def _aside_date(part: Sentence, found: FoundDate | None) -> list[str]:
    """A date told in a "which …" or "who …" clause dates what that clause describes, not the sentence's event
    ("Nova Kakhovka, which has been under Russian control since February 2022"): a person checks it."""
    if found is None or not _RELATIVE.search(part.text[:max(0, found.start - part.start)]):
        return []
    return [f"date: '{found.text}' is in a clause that describes something the sentence names ('which …', "
            "'who …'), not the sentence's own event: keep it only if it dates the event"]


def _dates_each(found: list[FoundDate]) -> list[tuple[FoundDate | None, list[str]]]:
    """One event per date the statement gives, each with what a person must check: a statement with two dates
    ("said on Wednesday that … had registered … last week") is drafted twice, once per date, to keep one."""
    if not found:
        return [(None, [])]
    first: dict[tuple[str, str], FoundDate] = {}
    for f in found:
        first.setdefault((f.date, f.precision), f)
    distinct = list(first.values())
    if len(distinct) == 1:
        return [(found[0], [found[0].needs] if found[0].needs else [])]
    shown = "; ".join(f"'{f.text}'" for f in distinct)
    return [(f, ([f.needs] if f.needs else []) + [f"date: the sentence has more than one date ({shown}): this row is "
                                                  f"for '{f.text}'; keep the row of the event's date, drop the others"])
            for f in distinct]


# Where a sentence's statements part: "…, and that …", "…; …", "…, but …", "…, while …".
# Where one statement ends and another begins: a semicolon, ", and", "and that", or a clause of its own
# after ", with" ("…, with its eye forecast to near the coast by late Thursday night").
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:and|but|while|whereas)\s+|\s+and\s+(?=that\s)|,\s+with\s+(?=(?:its|their|the|his|her)\s)")


def split_statements(sentence: Sentence, dates: list[FoundDate]) -> list[tuple[Sentence, list[FoundDate]]]:
    """The sentence's statements, each with its dates: a sentence that gives two dates in two clauses ("had
    risen sharply last week, and that … since Sunday") is two statements, each its own event, its quote the
    clause verbatim. Dates no clause break parts stay together (one statement, for a person to choose)."""
    groups: list[list[FoundDate]] = []
    cuts: list[tuple[int, int]] = []  # (end of one clause, start of the next), offsets in the line
    for found in dates:
        if groups:
            gap = sentence.text[groups[-1][-1].end - sentence.start:found.start - sentence.start]
            breaks = list(_CLAUSE_BREAK.finditer(gap))
            # two dates of one day part at a semicolon ("passed on Thursday afternoon; a woman was brought out
            # later that evening"), or when the clause after the break dates itself in other words ("asked on
            # Friday, and Rome granted it yesterday"): two statements
            same = (groups[-1][-1].date, groups[-1][-1].precision) == (found.date, found.precision)
            if breaks and (not same or ";" in gap or groups[-1][-1].text.lower() != found.text.lower()):
                at = groups[-1][-1].end
                cuts.append((at + breaks[-1].start(), at + breaks[-1].end()))
                groups.append([found])
                continue
            groups[-1].append(found)
        else:
            groups.append([found])
    if len(groups) <= 1:
        return [(sentence, dates)]
    bounds = [sentence.start] + [b for cut in cuts for b in cut] + [sentence.end]
    out = []
    for group, (start, end) in zip(groups, zip(bounds[::2], bounds[1::2]), strict=True):
        text = sentence.text[start - sentence.start:end - sentence.start]
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        out.append((Sentence(sentence.number, sentence.line, start + lead, start + lead + len(text), text), group))
    return out


def _zones(mentions: list[Mention], places: Places, pins: list[Reading], dateline: Reading | None) -> list[str]:
    """For "local time": the time zones of the sentence's places; else of the story's places in the
    countries the sentence names; else the dateline's; else the story's, if all its places share one."""
    read = places.readings
    zones = [read[m.key].candidate.timezone for m in mentions
             if read.get(m.key) and read[m.key].kind == PIN and read[m.key].candidate and read[m.key].candidate.timezone]
    if zones:
        return sorted(set(zones))
    countries = {read[m.key].candidate.country for m in mentions if m.role == AREA and read.get(m.key)
                 and read[m.key].candidate and read[m.key].candidate.kind == "country"}
    zones = [r.candidate.timezone for r in pins if r.candidate and r.candidate.country in countries]
    if not zones and dateline is not None and dateline.candidate:
        zones = [dateline.candidate.timezone]
    if not zones and not countries:
        zones = [r.candidate.timezone for r in pins if r.candidate]
    return sorted(set(z for z in zones if z))


def _is_event(mentions: list[Mention], dates: list[FoundDate], speech: Speech) -> bool:
    placed = any(m.role in (PLACE, QUOTED, FEATURE, NATURAL, SPEAKER, GOAL) or (m.role == AREA and m.locative) for m in mentions)
    return bool(dates) or placed or speech.kind != ARTICLE


def build_events(article: Article, places: Places, speech: dict[int, Speech], published: date) -> list[DraftEvent]:
    """Every event of the article, in story order, finished or with what it needs."""
    ids = place_ids(places)
    pins = places.pins()
    taken: set[str] = set()
    events: list[DraftEvent] = []
    dateline: Reading | None = None
    day_before: tuple[date, str] | None = None  # the last day the text named, for a time given without one
    for line in article.lines:
        if line.dateline:
            reading = places.readings.get(normalise(line.dateline.place))
            dateline = reading if reading and reading.pinned else dateline
        previous: Reading | None = None
        day_then, day_before = day_before, None  # a day holds for its own paragraph and the next, no further
        for sentence in line.sentences:
            mentions = places.in_sentence(sentence.number)
            said = speech.get(sentence.number, Speech(ARTICLE))
            dates = find_dates(sentence.text, sentence.start, published, _zones(mentions, places, pins, dateline),
                               day_before or day_then)
            if line.dateline:  # "DOBOJ, Bosnia and Herzegovina, May 27 (Wire) -": the report's day, no event's
                dates = [d for d in dates if d.start >= line.dateline.end]
            if line.kind == TEXT:
                day_before = last_day(dates, published) or day_before
            if line.kind not in (TEXT, CAPTION) or not _is_event(mentions, dates, said):
                previous = _last_pin(mentions, places)
                continue
            last = events[-1] if events else None
            if (last and said.kind == DIRECT and said.speaker and last.row["line"] == str(sentence.line)
                    and last.row["quote_kind"] == DIRECT and last.row["speaker"] == said.speaker and not dates
                    and not any(m.role in (PLACE, QUOTED, FEATURE) for m in mentions)):
                # The quotation goes on in the next sentence: one event, its quote the whole passage.
                last.end = sentence.end
                last.row["quote"] = line.text[last.start:last.end]
                last.row["summary"] = DRAFT + last.row["quote"]
                previous = None
                continue
            # a quotation is one statement, whatever its dates; the article's own sentences part at their clauses
            statements = [(sentence, dates)] if said.kind == DIRECT else split_statements(sentence, dates)
            for part, part_dates in statements:
                here = mentions if len(statements) == 1 else [m for m in mentions if part.start <= m.start < part.end]
                place, place_needs = _place(part, here, places, previous, dateline, ids)
                if not place and len(statements) > 1:  # a clause naming no place: the sentence's place, if one
                    whole, _ = _place(sentence, mentions, places, previous, dateline, ids)
                    place, place_needs = (whole, []) if whole else (place, place_needs)
                for found, date_needs in _dates_each(part_dates):
                    needs = list(place_needs) + date_needs + _aside_date(part, found)
                    if said.kind != ARTICLE and not said.speaker:
                        needs.append(said.needs or "speaker unclear")
                    elif said.needs:
                        needs.append(said.needs)
                    if line.kind == CAPTION:
                        when = f" ({found.text})" if found else ""
                        needs.insert(0, f"photo caption: its date{when} and place are the photo's, not an event's of "
                                        "the report: keep it only as an event about the photo")
                    row = {
                        "id": _event_id(part.text, taken), "place": place, "line": str(part.line),
                        "date_text": found.text if found else "", "date": found.date if found else "",
                        "date_precision": found.precision if found else "undated",
                        "title": _title(part.text), "summary": DRAFT + part.text.strip(), "quote": part.text,
                        "quote_kind": said.kind, "speaker": said.speaker, "place_note": "",
                    }
                    events.append(DraftEvent(row, [n for n in needs if n], part.start, part.end))
            previous = _last_pin(mentions, places)  # for "the sentence before names …": only the one just before
    return events


def last_day(dates: list[FoundDate], published: date) -> tuple[date, str] | None:
    """The last day (and its words) a sentence's dates name on or before publication, sure of it, or None."""
    for found in reversed(dates):  # not "since 19 September": the text has not gone back to that day
        if found.precision in ("day", "minute") and not found.needs and not found.text.lower().startswith("since"):
            day = date.fromisoformat(found.date[:10])
            if day <= published:
                return day, found.text
    return None


def _last_pin(mentions: list[Mention], places: Places) -> Reading | None:
    pins = [places.readings[m.key] for m in mentions if m.role == PLACE and places.readings.get(m.key)
            and places.readings[m.key].kind == PIN and places.readings[m.key].pinned]
    return pins[-1] if pins else None


def place_ids(places: Places) -> dict[str, str]:
    """Each map place's kebab-case id, by name key; two names that make one id get -2, -3."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for reading in places.pins():
        base = ident = place_id(reading.name)
        n = 2
        while ident in used:
            ident, n = f"{base}-{n}", n + 1
        used.add(ident)
        ids[reading.key] = ident
    return ids
