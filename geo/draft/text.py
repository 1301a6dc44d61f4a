"""The article as the extractors read it: numbered lines as the validator counts them, each sorted and cut into sentences."""
from __future__ import annotations

import re
from dataclasses import dataclass

from geo.story import article_lines

TEXT, HEADING, CAPTION, BOILERPLATE = "text", "heading", "caption", "boilerplate"


@dataclass(frozen=True)
class Sentence:
    """One sentence, verbatim: ``text == line_text[start:end]`` of article line ``line``."""

    number: int  # 0-based, across the article
    line: int  # 1-based non-empty line, as events.csv counts
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Dateline:
    """A wire report's opening "GORIS, Armenia, Sept. 25 (AP) —": where (and when) it was filed."""

    place: str
    place_start: int
    place_end: int
    qualifier: str
    date_text: str
    end: int  # where the report's own first sentence begins


@dataclass(frozen=True)
class Line:
    number: int
    text: str
    kind: str  # text, heading, caption or boilerplate
    sentences: tuple[Sentence, ...]
    dateline: Dateline | None = None


@dataclass(frozen=True)
class Article:
    lines: tuple[Line, ...]

    @property
    def sentences(self) -> list[Sentence]:
        return [s for line in self.lines for s in line.sentences]

    def line(self, number: int) -> Line:
        return self.lines[number - 1]


# "Read Also : ...", "Related Article: ..." and their like: links of the page, not the report.
_BOILERPLATE = re.compile(
    r"^\s*(?:read (?:also|more)|related(?: article| story| stories| news| coverage)?|see also|also read|more on this|"
    r"advertisement|sponsored|subscribe|sign up|follow us|click here|share this|watch|listen)\b\s*[:\-–—|]?",
    re.IGNORECASE)
# A photo's caption or credit: its date is the photo's, not an event's.
_CAPTION = re.compile(
    r"\((?:[A-Z][\w.]*\s+)?photo\b|\bphoto(?:graph)?\s*(?:by\b|:|/|credit)|\b(?:AP|AFP|Reuters|EPA|Getty)\s+Photo\b|"
    r"\bREUTERS/|\bGetty Images\b|/AFP\b|/AP\b|^\s*(?:photo|caption|image|picture|pictured)\s*:|"
    r"\b(?:pictured|seen) (?:here|above|below)\b|\bphoto(?:graph)? (?:taken|shows)\b|^\s*\[(?:photo|image)",
    re.IGNORECASE)
_TERMINAL = ".!?…\"”’)»:;"
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "by", "with", "as", "from", "vs"}

# The end of a sentence: terminal marks, then any closing quotes or brackets, then a space and a capital,
# an opening quote or a digit.
_END = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s+[\"“‘«(\[]?[A-Z0-9])")
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "sen", "rep", "gov", "st", "jr", "sr",
    "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun", "approx", "est", "dept",
    "ave", "blvd", "mt", "ft", "fig", "vol", "pp", "p", "a.m", "p.m", "u.s", "u.k", "u.n", "e.u", "rev", "hon",
}
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,3})"
    r"(?:,\s*(?P<qualifier>[A-Z][A-Za-z'’.\-]+(?: (?:(?:and|of|the|de|del|da|do|and the|of the) )?[A-Z][A-Za-z'’.\-]+){0,3}))?"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}(?:,? \d{4})?|\d{1,2} [A-Z][a-z]{2,8}\.?(?: \d{4})?))?"
    r"\s*(?:\((?P<agency>[^()]{1,40})\))?\s*(?P<dash>[—–]|-{1,2})\s*")


TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:\w|['’ʼ\-](?=\w))*")
# Small words inside a name: "Rostov-on-Don" is one token, "Bosnia and Herzegovina" and "Sant Julià de Lòria" runs.
CONNECTORS = {"de", "del", "della", "da", "do", "dos", "das", "la", "le", "les", "al", "el", "of", "and", "upon",
              "on", "sur", "am", "an", "der", "den", "di", "du", "van", "von", "y", "e", "i", "bin", "ibn",
              "ar", "ash", "az", "ad", "ed", "es", "ul",  # Arabic articles: "Umm ar Rizam", "Ras ash Shaykh"
              "sul", "sulla", "nel", "nella", "dei", "degli", "delle", "sobre", "em", "na", "no",  # "Sant'Agata sul Santerno"
              "ob", "pri", "nad", "pod"}  # Slavic: "Ljubno ob Savinji", "Ústí nad Labem"


ELIDED = {"de", "da", "di", "ne"}  # Italian connectors written with an apostrophe: "Serra de' Conti"
# Arabic and other articles joined to a name: "al-Naga", "el-Arish", "ad-Dawr", "d'Ivoire".
_PARTICLE = re.compile(r"(?:al|el|as|ash|ad|an|ar|at|az|ed|ul|ibn|bin|d|l)[-'’][A-Z]")


def plain_token(token: str) -> tuple[str, bool]:
    """A token without a possessive "'s", and whether it had one."""
    for suffix in ("'s", "’s", "ʼs"):
        if token.endswith(suffix):
            return token[:-2], True
    return token, False


def capitalised_runs(text: str) -> list[list[tuple[int, int, str, bool]]]:
    """Runs of capitalised words (with "de", "of" and their like inside them): (start, end, word, possessive)."""
    runs: list[list[tuple[int, int, str, bool]]] = []
    current: list[tuple[int, int, str, bool]] = []
    for match in TOKEN.finditer(text):
        word, possessive = plain_token(match.group())
        start, end = match.start(), match.start() + len(word)
        capital = word[0].isupper() or bool(_PARTICLE.match(word))
        gap = text[current[-1][1]:start] if current else ""
        # "Serra de' Conti": an elided connector joins with its apostrophe
        joins = bool(current) and not current[-1][3] and (gap == " " or (gap in ("' ", "’ ") and current[-1][2] in ELIDED))
        if capital and joins:
            current.append((start, end, word, possessive))
        elif capital:
            if current:
                runs.append(current)
            current = [(start, end, word, possessive)]
        elif joins and word in CONNECTORS:
            current.append((start, end, word, possessive))
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    for run in runs:  # a run never ends on a connector
        while run and run[-1][2] in CONNECTORS:
            run.pop()
    return [run for run in runs if run]

def _quote_balance(text: str) -> int:
    """Open quotations at the end of ``text``: straight double quotes pair up; curly ones open and close."""
    straight = text.count('"') % 2
    curly = text.count("“") - text.count("”")
    guillemets = text.count("«") - text.count("»")
    return straight + max(0, curly) + max(0, guillemets)


def _is_abbreviation(text: str, dot: int) -> bool:
    """True if the period at ``dot`` ends an abbreviation ("Sept.", "Mr.", "U.S.", an initial "J.")."""
    word = re.search(r"([\w.]+)\.$", text[:dot + 1])
    if not word:
        return False
    token = word.group(1).lower()
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()) or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", token))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one line; never inside a quotation that is still open."""
    spans, start = [], 0
    for match in _END.finditer(text):
        end = match.end()
        if match.group().rstrip("\"”’'»)]") == "." and _is_abbreviation(text, match.start()):
            continue
        if _quote_balance(text[start:end]):
            continue
        spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def line_kind(text: str) -> str:
    """What an article line is: the report's text, a heading, a photo caption, or the page's links."""
    if _BOILERPLATE.match(text):
        return BOILERPLATE
    if _CAPTION.search(text):
        return CAPTION
    words = _WORD.findall(text)
    if not words:
        return HEADING
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    capitalised = sum(1 for w in big if w[0].isupper()) / max(1, len(big))
    ends_open = text.rstrip()[-1] not in _TERMINAL
    if len(words) <= 16 and (ends_open or (capitalised >= 0.8 and len(big) >= 2 and text.rstrip()[-1] in "?!")):
        return HEADING
    return TEXT


def find_dateline(text: str) -> Dateline | None:
    """A wire dateline at the start of a line ("YEREVAN, Armenia (Reuters) -"): its place, in capitals."""
    match = _DATELINE.match(text)
    if not match or len(match.group("place").replace(" ", "")) < 3:
        return None
    if not (match.group("agency") or match.group("dash")):
        return None
    return Dateline(place=match.group("place"), place_start=match.start("place"), place_end=match.end("place"),
                    qualifier=match.group("qualifier") or "", date_text=match.group("date") or "", end=match.end())


def read_article(text: str) -> Article:
    """The article's non-empty lines, numbered as the validator numbers them, each with its sentences."""
    lines, number = [], 0
    for index, line_text in enumerate(article_lines(text), 1):
        kind = line_kind(line_text)
        dateline = find_dateline(line_text) if kind == TEXT else None
        body_start = dateline.end if dateline else 0
        sentences = []
        if kind in (TEXT, CAPTION):
            for start, end in sentence_spans(line_text[body_start:]):
                start, end = start + body_start, end + body_start
                sentences.append(Sentence(number, index, start, end, line_text[start:end]))
                number += 1
        lines.append(Line(index, line_text, kind, tuple(sentences), dateline))
    return Article(tuple(lines))
