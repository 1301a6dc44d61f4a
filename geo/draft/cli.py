"""``draft ARTICLE --published YYYY-MM-DD --out DIR [--title TEXT]``: the command that writes a draft story folder and review.csv."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from geo.story import MAX_ARTICLE_BYTES  # the validator's limit for article.txt (data/README.md, Limits)

DESCRIPTION = (
    "Draft a story folder from an article, offline: the events the draft is sure of, their places and the\n"
    "article verbatim, ready for `python -m geo validate`; and DIR/review.csv, the rows a person must finish,\n"
    "each with what to decide in the column `needs`. Every title and summary is marked [draft]: rewrite them."
)
EXAMPLE = "Example:\n  python -m geo draft article.txt --published 2023-09-25 --out my-story"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``draft`` command on ``python -m geo``'s sub-commands (its handler is ``args.run``)."""
    parser = subparsers.add_parser(
        "draft", formatter_class=argparse.RawDescriptionHelpFormatter, help="draft a story folder from an article",
        description=DESCRIPTION, epilog=EXAMPLE)
    _arguments(parser)
    parser.set_defaults(run=run)


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", type=Path, metavar="ARTICLE", help="the article: a UTF-8 text file (.txt), a saved web page (.html) or a Word file (.docx)")
    parser.add_argument("--published", required=True, metavar="YYYY-MM-DD",
                        help="the day the article was published: dates such as 'last week' are read from it")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="a new or empty folder to write")
    parser.add_argument("--title", default="", metavar="TEXT", help="the story's title (default: the article's headline)")


def _fail(message: str) -> int:
    print(f"draft: {message}", file=sys.stderr)
    return 1


def _published(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _read(path: Path) -> str | int:
    """The article's text, or the exit code after a one-line message."""
    if not path.exists():
        return _fail(f"{path} does not exist. Fix: give the path of the article's .txt, .html or .docx file.")
    if path.is_dir():
        return _fail(f"{path} is a folder. Fix: give the path of the article's .txt, .html or .docx file, not of a "
                     "folder.")
    from geo.draft.sources import MAX_DOCX_BYTES, ArticleFileError, article_text

    other = path.suffix.lower() in (".html", ".htm", ".docx")  # a saved web page or a Word file: its text
    try:
        with path.open("rb") as f:
            data = f.read((MAX_DOCX_BYTES if other else MAX_ARTICLE_BYTES) + 1)
    except OSError as exc:
        return _fail(f"{path} cannot be read ({exc.strerror}). Fix: check that it exists and that you may read it.")
    if other:
        try:
            return article_text(path.name, data) or ""
        except ArticleFileError as exc:
            return _fail(f"{path} {exc}")
    if len(data) > MAX_ARTICLE_BYTES:
        return _fail(f"{path} is larger than {MAX_ARTICLE_BYTES:,} bytes, the limit for an article. "
                     "Fix: give one article, as plain text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = " It looks like a Word or PDF file." if data[:4] in (b"PK\x03\x04", b"%PDF") or b"\x00" in data[:1024] else ""
        return _fail(f"{path} is not UTF-8 text (byte {exc.start} cannot be read).{hint} "
                     "Fix: save the article as plain text (.txt, UTF-8), or copy its text into a new .txt file.")


def run(args: argparse.Namespace) -> int:
    """Draft, write, and say in one line what was written and what is left to do. Exit code 0 if the
    folder validates, 1 otherwise (a message says why; review.csv is still written)."""
    from geo.draft import DraftError, draft_story, write_draft
    from geo.draft.gazetteer import GazetteerError

    published = _published(args.published)
    if published is None:
        return _fail(f"--published {args.published!r} is not a day. "
                     "Fix: give the day the article was published as YYYY-MM-DD, e.g. --published 2023-09-25.")
    out: Path = args.out
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        what = "is a file" if not out.is_dir() else "already holds files"
        return _fail(f"{out} {what}. Fix: give --out a new or empty folder, so that nothing is overwritten.")
    text = _read(args.article)
    if isinstance(text, int):
        return text
    try:
        draft = draft_story(text, published, args.title or "")
        write_draft(draft, out)
    except (DraftError, GazetteerError) as exc:
        return _fail(str(exc))
    events = draft.files["events.csv"].count("\n") - 1
    places = draft.files["places.geojson"].count('"type": "Feature"')
    review = len(draft.review)
    summary = (f"{out}: {events} event{'s' if events != 1 else ''} and {places} place{'s' if places != 1 else ''} "
               f"drafted; {review} row{'s' if review != 1 else ''} to finish in {out / 'review.csv'}.")
    if not draft.valid and events == 0:  # every row needs a person: say what to do, not what the validator misses
        print(f"draft: {summary} No event could be finished, so the folder is not a story yet. Fix: each row of "
              "review.csv says what it needs; finish them in the app's Make a story tab (paste the article there), "
              "or give them their place and date and copy them into events.csv.", file=sys.stderr)
        return 1
    if not draft.valid:
        print(f"draft: {summary} The folder is not a story yet: {draft.problems[0]}", file=sys.stderr)
        return 1
    print(f"{summary} Check it: python -m geo validate {out}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m geo.draft``: the same command on its own."""
    parser = argparse.ArgumentParser(prog="python -m geo.draft", formatter_class=argparse.RawDescriptionHelpFormatter,
                                     description=DESCRIPTION, epilog=EXAMPLE.replace("geo draft", "geo.draft"))
    _arguments(parser)
    return run(parser.parse_args(argv))
