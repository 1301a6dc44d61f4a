"""Draft a story folder from any article, offline: places, dates, quotes and events, the unsure rows sent to review.

``draft_story(text, published)`` reads the article (geo.draft.text), finds and resolves its places
with the offline gazetteer (places, gazetteer), its dates against the publication day (dates), who
said what (quotes), and makes one event per dated or placed statement (events). The events it could
finish become a story folder the validator accepts (folder); the others are ``review`` rows with the
columns of events.csv plus ``needs``, what a person must decide, in plain words. Nothing is fetched.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from geo.draft.events import build_events, place_ids
from geo.draft.folder import REVIEW_COLUMNS, REVIEW_FILE, review_rows, rows_csv, story_files
from geo.draft.gazetteer import gazetteer as _gazetteer  # not `gazetteer`: that name is the module
from geo.draft.places import read_places
from geo.draft.quotes import read_speech
from geo.draft.text import HEADING, read_article
from geo.problems import StoryError
from geo.story import parse_story

__all__ = ["Draft", "DraftError", "draft_story", "write_draft"]


class DraftError(ValueError):
    """An article that cannot be drafted, or a folder that cannot be written: the message says why and how to fix it."""


@dataclass(frozen=True)
class Draft:
    """A drafted story folder (``files``: name → text) and the rows a person must finish (``review``).

    ``problems`` lists what the validator says of ``files``; it is empty unless no event could be
    finished (a story needs at least one place and one event) or the article itself is refused.
    """

    files: dict[str, str]
    review: list[dict[str, str]]
    problems: tuple[str, ...] = field(default=())

    @property
    def valid(self) -> bool:
        return not self.problems


def _title(text: str, given: str) -> str:
    """The given title; else the article's first line if it is a heading; else its first words."""
    if given.strip():
        return given.strip()
    article = read_article(text)
    if article.lines and article.lines[0].kind == HEADING:
        return article.lines[0].text
    words = text.split()
    return "Draft: " + " ".join(words[:8]) + ("…" if len(words) > 8 else "") if words else "Draft story"


def _problems(files: dict[str, str]) -> list:
    try:
        parse_story({name: body.encode("utf-8") for name, body in files.items()})
    except StoryError as exc:
        return exc.problems
    return []


def draft_story(text: str, published: date, title: str = "") -> Draft:
    """Draft a story folder from ``text``, an article published on ``published``.

    Raises DraftError for an empty article. The folder holds the article exactly as given and the
    events the draft is sure of; anything it is unsure of is a review row, never a guess.
    """
    if not text.strip():
        raise DraftError("the article is empty. Fix: paste the article's text, or give a .txt file that holds it.")
    article = read_article(text)
    places = read_places(article, _gazetteer())
    speech = read_speech(article, _gazetteer())
    events = build_events(article, places, speech, published)
    ids = place_ids(places)
    files = story_files(text, _title(text, title), published, places, ids, events)
    problems = _problems(files)
    # Safety net: a finished row the validator refuses (it should not happen) goes to review with its message.
    for _ in range(3):
        rows = [p for p in problems if p.file == "events.csv" and p.where.startswith("row ")]
        if not rows:
            break
        finished = [e for e in events if e.finished]
        for problem in rows:
            number = int(problem.where.split()[1]) - 2
            if 0 <= number < len(finished):
                finished[number].needs.append(f"check: {problem.message} {problem.fix}".strip())
        files = story_files(text, _title(text, title), published, places, ids, events)
        problems = _problems(files)
    return Draft(files=files, review=review_rows(events), problems=tuple(str(p) for p in problems))


def write_draft(draft: Draft, out: Path) -> list[Path]:
    """Write the story folder and review.csv into ``out`` (made if missing); returns the paths written.

    Refuses a folder that already holds files, so that nothing of a teacher's is overwritten.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise DraftError(f"{out} is a file, not a folder. Fix: give --out a new folder's name.")
    if out.is_dir() and any(out.iterdir()):
        raise DraftError(f"{out} already holds files. Fix: give --out a new or empty folder, so that nothing is overwritten.")
    try:
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name, body in {**draft.files, REVIEW_FILE: rows_csv(draft.review, REVIEW_COLUMNS)}.items():
            path = out / name
            path.write_text(body, encoding="utf-8", newline="")
            written.append(path)
    except OSError as exc:
        raise DraftError(f"{out} cannot be written ({exc.strerror}). Fix: choose a folder you may write to.") from None
    return written


