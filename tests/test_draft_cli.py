"""The draft command: `python -m geo.draft` end to end, its parser for `python -m geo`, and one-line messages for bad input."""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from geo.draft.cli import add_parser, main, run
from geo.draft.gazetteer import gazetteer

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "data" / "article.txt"


def draft(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo.draft", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, check=False)


def test_python_m_geo_draft_writes_a_folder_that_validates(tmp_path):
    out = tmp_path / "my-story"
    done = draft(str(ARTICLE), "--published", "2023-09-25", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr == (f"{out}: 4 events and 3 places drafted; 11 rows to finish in {out / 'review.csv'}. "
                           f"Check it: python -m geo validate {out}\n")
    checked = subprocess.run([sys.executable, "-m", "geo", "validate", str(out)], capture_output=True, text=True,
                             cwd=ROOT, timeout=300, check=False)
    assert checked.returncode == 0 and checked.stdout == "my-story: OK — 3 places, 0 routes, 4 events\n"


def test_add_parser_registers_the_command_for_python_m_geo(tmp_path):
    parser = argparse.ArgumentParser(prog="python -m geo")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["draft", str(ARTICLE), "--published", "2023-09-25", "--out", str(tmp_path / "d"),
                              "--title", "Leaving Karabakh"])
    assert args.run is run and args.title == "Leaving Karabakh"
    assert args.run(args) == 0
    assert '"title": "Leaving Karabakh"' in (tmp_path / "d" / "story.json").read_text(encoding="utf-8")


def one_line(capsys, *argv: str) -> str:
    """Run the command in this process; it must fail with exit code 1 and one line on stderr, no traceback."""
    assert main(list(argv)) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "Traceback" not in captured.err
    return captured.err


def test_a_missing_article(capsys, tmp_path):
    assert one_line(capsys, "nope.txt", "--published", "2023-09-25", "--out", str(tmp_path / "d")) == (
        "draft: nope.txt does not exist. Fix: give the path of the article's .txt, .html or .docx file.\n")
    assert not (tmp_path / "d").exists()


def test_a_folder_for_an_article(capsys, tmp_path):
    assert one_line(capsys, str(tmp_path), "--published", "2023-09-25", "--out", str(tmp_path / "d")) == (
        f"draft: {tmp_path} is a folder. Fix: give the path of the article's .txt, .html or .docx file, not of a "
        "folder.\n")


@pytest.mark.parametrize("day", ["2023-9-25", "25/09/2023", "2023-02-30", "yesterday"])
def test_a_bad_publication_day(capsys, tmp_path, day):
    assert one_line(capsys, str(ARTICLE), "--published", day, "--out", str(tmp_path / "d")) == (
        f"draft: --published {day!r} is not a day. Fix: give the day the article was published as YYYY-MM-DD, "
        "e.g. --published 2023-09-25.\n")
    assert not (tmp_path / "d").exists()


def test_an_out_folder_that_holds_files_is_left_alone(capsys, tmp_path):
    (tmp_path / "lesson.txt").write_text("mine", encoding="utf-8")
    assert one_line(capsys, str(ARTICLE), "--published", "2023-09-25", "--out", str(tmp_path)) == (
        f"draft: {tmp_path} already holds files. Fix: give --out a new or empty folder, so that nothing is overwritten.\n")
    assert [p.name for p in tmp_path.iterdir()] == ["lesson.txt"]


def test_a_word_file_or_a_web_page_is_drafted_from_its_text(capsys, tmp_path):
    from tests.test_draft_sources import docx, para

    word = tmp_path / "article.docx"
    word.write_bytes(docx(para("Floods in Goris") + para("Buses reached Goris, Armenia, on Sunday.")))
    page = tmp_path / "article.html"
    page.write_bytes(b"<nav>Menu</nav><h1>Floods in Goris</h1><p>Buses reached Goris, Armenia, on Sunday.</p>")
    for source, out in ((word, tmp_path / "w"), (page, tmp_path / "h")):
        assert main([str(source), "--published", "2023-09-25", "--out", str(out)]) == 0
        assert (out / "article.txt").read_text(encoding="utf-8") == "Floods in Goris\nBuses reached Goris, Armenia, on Sunday.\n"
    capsys.readouterr()
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 broken")
    assert one_line(capsys, str(broken), "--published", "2023-09-25", "--out", str(tmp_path / "b")) == (
        f"draft: {broken} is not a readable Word file. Fix: open it in Word or LibreOffice and save it again as "
        ".docx, or copy its text and paste it into the box.\n")


def test_a_word_file_named_txt_is_not_text(capsys, tmp_path):
    docx = tmp_path / "article.txt"
    docx.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\xff\xfe")
    assert one_line(capsys, str(docx), "--published", "2023-09-25", "--out", str(tmp_path / "d")) == (
        f"draft: {docx} is not UTF-8 text (byte 10 cannot be read). It looks like a Word or PDF file. "
        "Fix: save the article as plain text (.txt, UTF-8), or copy its text into a new .txt file.\n")


def test_an_empty_article(capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    assert one_line(capsys, str(empty), "--published", "2023-09-25", "--out", str(tmp_path / "d")) == (
        "draft: the article is empty. Fix: paste the article's text, or give a .txt file that holds it.\n")


def test_an_article_with_nothing_to_finish_writes_its_review_and_says_why(capsys, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Prices rose last week.\n", encoding="utf-8")
    out = tmp_path / "d"
    assert one_line(capsys, str(article), "--published", "2023-09-25", "--out", str(out)) == (
        f"draft: {out}: 0 events and 0 places drafted; 1 row to finish in {out / 'review.csv'}. No event could be "
        "finished, so the folder is not a story yet. Fix: each row of review.csv says what it needs; finish them in "
        "the app's Make a story tab (paste the article there), or give them their place and date and copy them into "
        "events.csv.\n")
    assert (out / "review.csv").read_text(encoding="utf-8").count("\n") == 2


def test_a_long_article_is_drafted_within_a_bounded_memory(tmp_path):
    """A 2,000-word article, in a process allowed 512 MB of address space: the gazetteer's cache is mapped in,
    cities500.json (380 MB when parsed) is never read in the drafting process."""
    gazetteer()  # the cache exists (built, unbounded, in its own child process if it did not)
    sentences = ["Thousands of people arrived in Goris on Sunday, officials in Armenia said.",
                 '"We left everything behind," said Anna Petrosyan, 34, a teacher from Stepanakert.',
                 "Families from Kajavan reached Kornidzor by bus as of 22:00 local time (18:00 GMT) on Saturday.",
                 "Earlier this month, talks in Brussels failed; Baku said the operation was over."]
    text = "\n\n".join(" ".join(sentences[(i + k) % 4] for k in range(3)) for i in range(51))
    assert len(text.split()) >= 2000
    article = tmp_path / "long.txt"
    article.write_text(text, encoding="utf-8")
    limit = 512 * 2**20
    done = subprocess.run([sys.executable, "-m", "geo.draft", str(article), "--published", "2023-09-25",
                           "--out", str(tmp_path / "d")], capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**os.environ}, check=False,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)))
    assert done.returncode == 0, done.stderr


def test_too_little_memory_for_the_first_build_is_one_line_not_a_traceback(tmp_path):
    limit = 512 * 2**20  # enough to draft from the cache, not to read cities500.json
    done = subprocess.run([sys.executable, "-m", "geo.draft", str(ARTICLE), "--published", "2023-09-25",
                           "--out", str(tmp_path / "d")], capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**os.environ, "STORYMAP_CACHE_DIR": str(tmp_path / "cache")}, check=False,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr == ("draft: the place gazetteer could not be built (MemoryError). Fix: the first draft on a "
                           "machine needs about 500 MB of memory for a few seconds; try again with more free memory.\n")
    assert not (tmp_path / "d").exists()


def test_an_article_past_the_validator_s_limit(capsys, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Goris. " * 150_000)
    assert one_line(capsys, str(big), "--published", "2023-09-25", "--out", str(tmp_path / "d")) == (
        f"draft: {big} is larger than 1,000,000 bytes, the limit for an article. Fix: give one article, as plain text.\n")
