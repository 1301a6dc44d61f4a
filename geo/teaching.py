"""Class material beside the story: discussion questions per event and a glossary.

Marked as teaching material everywhere it is shown; it is not the article.
``questions.csv``: event, question. ``glossary.csv``: term, definition, source.
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.csvio import read_csv_rows
from geo.problems import Collector

QUESTIONS_FILE, GLOSSARY_FILE = "questions.csv", "glossary.csv"
QUESTION_COLUMNS = ("event", "question")
GLOSSARY_COLUMNS = ("term", "definition", "source")
MAX_QUESTIONS, MAX_GLOSSARY = 2_000, 500  # rows; see Limits in data/README.md


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    source: str


def parse_questions(text: str, event_ids: list[str], out: Collector) -> dict[str, list[str]]:
    """{event id: its questions}, for events that exist."""
    questions: dict[str, list[str]] = {}
    known = set(event_ids)  # a set: one look-up per row, not a scan of every event
    for number, cells in read_csv_rows(text, QUESTIONS_FILE, QUESTION_COLUMNS, QUESTION_COLUMNS, out, MAX_QUESTIONS):
        if known and cells["event"] not in known:
            out.add(QUESTIONS_FILE, f"row {number}", f'event "{cells["event"]}" is not in events.csv.',
                    "use an event id from events.csv.")
        elif not cells["question"]:
            out.add(QUESTIONS_FILE, f"row {number}", "the question is empty.", "write the question, or delete the row.")
        else:
            questions.setdefault(cells["event"], []).append(cells["question"])
    return questions


def parse_glossary(text: str, out: Collector) -> list[GlossaryEntry]:
    entries = []
    for number, cells in read_csv_rows(text, GLOSSARY_FILE, GLOSSARY_COLUMNS, ("term", "definition"), out, MAX_GLOSSARY):
        if not cells["term"] or not cells["definition"]:
            out.add(GLOSSARY_FILE, f"row {number}", "a glossary row needs a term and a definition.", "fill in both.")
            continue
        entries.append(GlossaryEntry(cells["term"], cells["definition"], cells.get("source", "")))
    return entries
