"""The PDF handout: paper sizes, every event's words as selectable text, the marks, fonts embedded.

Read back with Debian's poppler-utils (pdftotext, pdfinfo, pdffonts); skipped only if they are missing.
"""
from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from geo.cards import speaker_line
from geo.context import arrivals_by_day
from geo.handout import MARGIN, arrivals_line, handout_pdf, map_alt_text

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdffonts"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdfinfo, pdffonts) not installed")


def run(tool: str, pdf: Path, *args: str) -> str:
    return subprocess.run([tool, *args, str(pdf), "-"] if tool == "pdftotext" else [tool, *args, str(pdf)],
                          check=True, capture_output=True, text=True).stdout


def flat(text: str) -> str:
    """Text with line breaks undone: a hyphen at a line end joins, any other break is a space."""
    return " ".join(re.sub(r"-\s*\n\s*", "-", text).split())


@pytest.fixture(scope="module")
def a4(story, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("handout") / "a4.pdf"
    path.write_bytes(handout_pdf(story))
    return path


@pytest.fixture(scope="module")
def text(a4) -> str:
    return flat(run("pdftotext", a4, "-enc", "UTF-8"))


def page_size(info: str) -> tuple[int, int]:
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    return round(float(match.group(1))), round(float(match.group(2)))


def test_it_is_a_pdf(a4):
    assert a4.read_bytes().startswith(b"%PDF")


@needs_poppler
def test_paper_sizes(story, a4, tmp_path):
    assert page_size(run("pdfinfo", a4)) == (595, 842)
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(handout_pdf(story, paper="letter"))
    assert page_size(run("pdfinfo", letter)) == (612, 792)


def test_an_unknown_paper_is_refused(story):
    with pytest.raises(ValueError, match="a4, letter"):
        handout_pdf(story, paper="a5")


@needs_poppler
def test_every_event_is_there_with_its_quote_verbatim(story, text):
    assert story.meta["title"] in text
    for number, event in enumerate(story.events, 1):
        assert f"{number}. {event.title}" in text, event.id
        assert flat(event.quote) in text, event.id
    assert "Article line 19" in text


@needs_poppler
def test_class_material_context_and_sources_are_marked(story, text):
    assert "For discussion (teaching material, not from the article)" in text
    assert "Glossary (teaching material, not from the article)" in text
    assert "Context, not from the article" in text
    assert "98,625 people (the date is inferred by our research: the source gives none)" in " ".join(text.split())
    assert "Natural Earth" in text and "GeoNames" in text and "CC BY 4.0" in text
    for route in story.routes:
        assert route.properties["reported_source_url"] in text.replace(" ", "")


@pytest.mark.parametrize(("events", "routes", "said"), [
    (1, 0, "Map of the story: 1 numbered event at its place."),
    (1, 1, "Map of the story: 1 numbered event at its place, and the route."),
    (2, 2, "Map of the story: 2 numbered events at their places, and the routes."),
])
def test_the_map_picture_is_described_in_words_that_agree_with_its_counts(events, routes, said):
    assert map_alt_text(events, routes) == said


def test_the_map_picture_carries_its_description(a4):
    assert b"/Alt (Map of the story: 18 numbered events at their places, and the routes.)" in a4.read_bytes()


@pytest.mark.parametrize(("people", "said"), [(1, "1 person"), (2, "2 people"), (1050, "1,050 people")])
def test_a_day_of_arrivals_says_person_for_one(story, people, said):
    fact, _ = arrivals_by_day(story.context)[0]
    assert arrivals_line(fact, people) == f"24 September 2023, 22:00: {said}"


@needs_poppler
def test_the_routes_say_real_road_and_traced_apart_and_credit_openstreetmap(text):
    flat_text = " ".join(text.split())
    assert ("50 km real road + 24 km traced (approximate) = 74 km · reported: about 100 km" in flat_text)
    assert ("Real road, from OpenStreetMap (© OpenStreetMap contributors): Mets Shen → Goris, 50 km. "
            "Traced through documented points, approximate: Stepanakert → Mets Shen, 24 km.") in flat_text
    assert "© OpenStreetMap contributors, ODbL 1.0" in flat_text


@needs_poppler
def test_a_quote_in_its_own_quotation_marks_is_printed_once_quoted(story, text):
    """Article line 19 opens and closes with its own marks; the handout printed “"The fate…"”."""
    quote = flat(story.event("babayan-disgrace").quote)
    assert quote in text and f"“{quote}" not in text and f"{quote}”" not in text
    excerpt = flat(story.event("goris-staging-ground").quote)
    assert f"“{excerpt}”" in text


@needs_poppler
def test_context_sources_are_named_by_outlet_never_by_a_placeholder(text):
    assert "Source: Taiwan News, https://www.taiwannews.com.tw/en/news/5007317" in text
    assert "Source: Public Radio of Armenia, Armenian-language, https://1lurer.am/" in text
    assert "no headline" not in text and "[Taiwan News" not in text


PT = 72 / 25.4  # points per mm


def body_bottoms(pdf: Path) -> list[float]:
    """Per page, where its last line of text above the footer ends (pt from the top), from pdftotext's boxes."""
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    bottoms = []
    for page in layout.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        trigger = height - (MARGIN + 3) * PT  # the auto page break: the footer is below it
        ends = [float(y) for y in re.findall(r'<line [^>]*yMax="([\d.]+)"', page)]
        bottoms.append(max(y for y in ends if y <= trigger))
    return bottoms


@needs_poppler
def test_pages_are_filled_without_large_gaps(a4):
    """Whole event blocks (40-60 mm) moved to the next page left 13-17 % of pages 2-4 empty; now an event
    may break between what happened and its quote, and no page but the last leaves more than 12 % empty."""
    height = 841.89
    top, trigger = MARGIN * PT, height - (MARGIN + 3) * PT
    bottoms = body_bottoms(a4)
    empty = [round((trigger - bottom) / (trigger - top), 3) for bottom in bottoms[:-1]]
    assert len(bottoms) >= 5 and max(empty) < 0.12, empty


def page_texts(pdf: Path) -> list[str]:
    return [flat(page) for page in run("pdftotext", pdf, "-enc", "UTF-8").split("\f")]


@needs_poppler
def test_a_page_breaks_an_event_only_between_what_happened_and_its_quote(story, a4):
    pages = page_texts(a4)
    continued = 0
    for number, event in enumerate(story.events, 1):
        title = f"{number}. {event.title}"
        told = next(i for i, page in enumerate(pages) if title in page)
        quote = next(i for i, page in enumerate(pages) if flat(event.quote) in page)
        assert flat(event.summary) in pages[told], event.id  # title, date, place and summary on one page
        assert f"{speaker_line(event)} · Article line {event.line}" in pages[quote], event.id  # the quote with its speaker
        assert quote in (told, told + 1), event.id
        if quote != told:
            continued += 1
            assert pages[quote].startswith(f"{title} (continued)"), event.id
    assert continued  # the sample story does break some events (else this test would prove nothing)


@needs_poppler
def test_a_quote_longer_than_a_page_starts_on_the_next_page_under_its_title(story, tmp_path):
    first = dataclasses.replace(story.events[0], quote="word " * 1500)
    path = tmp_path / "long.pdf"
    path.write_bytes(handout_pdf(dataclasses.replace(story, events=[first, *story.events[1:]])))
    pages = page_texts(path)
    told = next(i for i, page in enumerate(pages) if flat(first.summary) in page)
    assert pages[told + 1].startswith(f"1. {first.title} (continued) “word word")
    assert f"1. {first.title} (continued)" not in pages[told]


@needs_poppler
def test_pages_are_numbered(a4, text):
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", a4)).group(1))
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text


@needs_poppler
def test_fonts_are_embedded_and_unicode_survives(a4, text):
    fonts = run("pdffonts", a4).splitlines()[2:]
    assert fonts and all(" yes yes yes " in line for line in fonts)
    assert "Արցախից" in text  # an Armenian source title in the context section


def test_progress_is_reported_up_to_done(story):
    seen: list[tuple[float, str]] = []
    handout_pdf(story, paper="letter", progress=lambda fraction, message: seen.append((fraction, message)))
    fractions = [f for f, _ in seen]
    assert len(seen) >= 3 and fractions == sorted(fractions) and fractions[-1] == 1.0


def edited(story, text: str):
    """The story with ``text`` in its title, the first event's title and summary, and a place's name."""
    first = dataclasses.replace(story.events[0], title=text, summary=f"summary {text}")
    place = story.places[first.place]
    places = dict(story.places, **{place.id: dataclasses.replace(place, name=f"place {text}", name_armenian_usage="",
                                                                 name_azerbaijani_usage="")})
    return dataclasses.replace(story, meta=dict(story.meta, title=text), places=places, events=[first, *story.events[1:]])


def pdf_text(story, tmp_path, name: str = "edited.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(handout_pdf(story))
    return run("pdftotext", path, "-enc", "UTF-8")


@needs_poppler
@pytest.mark.parametrize("text", ["$x^2$", "$$", "$\\undefined$", "\\$ and $", "$x$ {{ 7*7 }}"])
def test_dollar_names_print_literally(story, tmp_path, text):
    """The map on page 1 used to fail on "$$" (matplotlib mathtext), and the whole handout with it."""
    shown = flat(pdf_text(edited(story, text), tmp_path))
    assert f"1. {text}" in shown and f"summary {text}" in shown and f"Place: place {text}" in shown
    assert f"{text} · Page 1 of " in shown


@needs_poppler
def test_story_text_is_not_markup_nor_the_page_count_alias(story, tmp_path):
    text = "{nb} **bold** __u__ ~~s~~ --x-- <b>b</b> &amp; {{ 7*7 }} {% if 1 %}x{% endif %} {# c #}"
    shown = flat(pdf_text(edited(story, text), tmp_path))
    assert f"1. {text}" in shown and f"summary {text}" in shown
    pages = int(re.search(r"Page 1 of (\d+)", shown).group(1))
    assert f"{text} · Page {pages} of {pages}" in shown  # fpdf2 put the page count where the title said {nb}


@needs_poppler
def test_characters_outside_the_font_keep_their_text_and_print_as_boxes(story, tmp_path):
    text = "東京 서울 😀 👨‍👩‍👧 \U0001d400"
    path = tmp_path / "cjk.pdf"
    path.write_bytes(handout_pdf(edited(story, text)))
    assert f"1. {text}" in flat(run("pdftotext", path, "-enc", "UTF-8"))  # copied and searched as written
    assert "LastResort" in run("pdffonts", path)  # drawn: each missing glyph as its block's box


@needs_poppler
def test_the_fallback_font_is_left_out_when_no_character_needs_it(a4):
    assert "LastResort" not in run("pdffonts", a4)


@needs_poppler
def test_control_characters_print_as_replacement_characters(story, tmp_path):
    shown = pdf_text(edited(story, "a\x00b\x07c\td\x1be\x85f\x7fg"), tmp_path)
    assert "1. a\ufffdb\ufffdc d\ufffde\ufffdf\ufffdg" in shown


@pytest.mark.parametrize("text", ["\u0301 a\u0301", "שלום عربي \u202e end", "\ufffd", "\ud800 lone", "x" * 3000,
                                  "\n\n\n", ""])
def test_awkward_text_does_not_fail_the_handout(story, text):
    assert handout_pdf(edited(story, text)).startswith(b"%PDF")
