"""A printable PDF handout of the story: the map, every event in story order, class material, sources.

Made with fpdf2 and matplotlib's own DejaVu Sans, embedded (subset), so ə, Armenian letters and
arrows print and the text stays selectable and searchable. Black and white: nothing is told by
colour alone. Teaching material and context are marked as not from the article, as in the app.

Story text is written as plain text, whatever it holds: no markdown or HTML parsing, ``{nb}`` is
not a page-count alias (ours is a control character no story text keeps, see ``plain``), control
characters print as U+FFFD, and a character DejaVu Sans lacks (Chinese, most emoji, …) prints as
its block's box from matplotlib's Last Resort font while the text layer keeps the character itself,
so it can still be copied and searched. Right-to-left text keeps its stored order (fpdf2 shapes it
only with uharfbuzz, which is not installed).
"""
from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import matplotlib
from fpdf import FPDF
from matplotlib.figure import Figure

from geo.cards import date_line, route_parts_text, route_summary, speaker_line
from geo.context import ContextFact, arrivals_by_day, arrivals_heading
from geo.credits import licences_line
from geo.problems import plural
from geo.quotes import quoted
from geo.staticmap import draw_map
from geo.story import Event, Story

PAPERS = {"a4": "A4", "letter": "Letter"}
MARGIN, INDENT = 15.0, 8.0  # mm
FONT = "DejaVu"
FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FALLBACK, FALLBACK_FILE = "LastResort", "LastResortHE-Regular.ttf"  # a box per Unicode block, for any glyph DejaVu lacks
PAGES_ALIAS = "\x00nb"  # fpdf2 replaces it with the page count; ``plain`` removes NUL from story text
# Characters that are not text to print: C0 and C1 controls (tab and line feed aside), DEL,
# lone surrogates (they cannot be encoded), U+FFFE and U+FFFF.
_NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
MAP_DPI = 200
MAP_ASPECT = 0.62  # height / width of the map on page 1
TEACHING = "teaching material, not from the article"


class Para(NamedTuple):
    """One wrapped paragraph: its text, font size (pt) and style, left indent and the gap after (mm)."""

    text: str
    size: float = 10
    style: str = ""
    indent: float = 0.0
    gap: float = 1.0


def plain(text: object) -> str:
    """``text`` as fpdf2 should print it: line breaks as "\\n", tabs as spaces, non-text as U+FFFD."""
    value = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _NOT_TEXT.sub("\ufffd", value)


class _Handout(FPDF):
    """FPDF with the fonts loaded and the story's title and "Page N of M" in every footer."""

    def __init__(self, paper: str, title: str):
        super().__init__(format=PAPERS[paper], unit="mm")
        self.story_title = plain(title)
        self.alias_nb_pages(PAGES_ALIAS)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 3)
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(FONTS / name))

    def text_for_font(self, text: object) -> str:
        """``plain(text)``, with the fallback font switched on only if the current font lacks one of its
        characters. Both cost: loading Last Resort takes 2.5 s of CPU, and with a fallback font fpdf2
        parses text a character at a time (the sample handout: 1.9 s without, 4.3 s with both)."""
        value = plain(text)
        cmap = self.current_font.cmap
        missing = any(ord(c) not in cmap for c in value if c != "\n")
        if missing and FALLBACK.lower() not in self.fonts:
            self.add_font(FALLBACK, "", str(FONTS / FALLBACK_FILE))
        self.set_fallback_fonts([FALLBACK] if missing else [], exact_match=False)  # any style may fall back
        return value

    def footer(self) -> None:
        self.set_y(-MARGIN + 2)
        self.set_font(FONT, "", 8)
        text = self.text_for_font(f"{self.story_title} · Page {self.page_no()} of ") + PAGES_ALIAS
        self.cell(0, 5, text, align="C", markdown=False)


def _write(pdf: _Handout, p: Para, dry_run: bool = False) -> float:
    """Write a paragraph (or with ``dry_run`` only measure it); returns its height with the gap, in mm."""
    pdf.set_font(FONT, p.style, p.size)
    text = pdf.text_for_font(p.text)
    if dry_run:
        return pdf.multi_cell(pdf.epw - p.indent, p.size * 0.45, text, align="L", dry_run=True,
                              output="HEIGHT", markdown=False) + p.gap
    pdf.set_x(pdf.l_margin + p.indent)
    pdf.multi_cell(pdf.epw - p.indent, p.size * 0.45, text, align="L", new_x="LMARGIN", new_y="NEXT", markdown=False)
    pdf.ln(p.gap)
    return 0.0


def _height(pdf: _Handout, paras: list[Para]) -> float:
    return sum(_write(pdf, p, dry_run=True) for p in paras)


def _room(pdf: _Handout) -> float:
    """The height left on this page above the bottom margin, in mm."""
    return pdf.page_break_trigger - pdf.get_y()


def _block(pdf: _Handout, paras: list[Para], keep_with_next: float = 0.0) -> None:
    """Paragraphs kept on one page: a block that would be split starts a new page instead.

    ``keep_with_next`` (mm) is room wanted below the block, so a heading never ends a page.
    """
    height = _height(pdf, paras)
    if height + keep_with_next > _room(pdf) and height < pdf.eph:
        pdf.add_page()
    for p in paras:
        _write(pdf, p)


def _parts(pdf: _Handout, parts: list[list[Para]], continued: Para) -> None:
    """A block that may break between its parts, never inside one: the whole block when it fits,
    else as many leading parts as fit, and the rest on the next page under ``continued``.

    Why: an event kept whole moves to the next page with all its 40-60 mm, which left up to a
    fifth of a page empty; breaking only between what happened and the quote keeps each part
    readable (a title is never left alone at a page's foot, a quote never loses its speaker).
    """
    if _height(pdf, [p for part in parts for p in part]) <= _room(pdf):
        fits = len(parts)
    else:
        fits = 0
        while fits < len(parts) - 1 and _height(pdf, [p for part in parts[:fits + 1] for p in part]) <= _room(pdf):
            fits += 1
    for part in parts[:fits]:
        for p in part:
            _write(pdf, p)
    rest = [p for part in parts[fits:] for p in part]
    if rest and fits:  # the next part did not fit here
        pdf.add_page()
        rest.insert(0, continued)
    if rest:
        _block(pdf, rest)


def _heading(pdf: _Handout, text: str, keep_with_next: float = 25.0) -> None:
    """A section heading, on the page of at least ``keep_with_next`` mm of what follows it."""
    pdf.ln(3)
    _block(pdf, [Para(text, 14, "B", gap=2)], keep_with_next=keep_with_next)


def _map_png(story: Story, width_mm: float, height_mm: float, names: str) -> bytes:
    fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=MAP_DPI)
    draw_map(story, fig, names)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=MAP_DPI)
    return out.getvalue()


def _event(story: Story, event: Event, names: str) -> list[list[Para]]:
    """One event as the card shows it, in two parts a page may fall between: number and title, date,
    place and summary; then the quote with who said it and its line."""
    told = [
        Para(f"{story.number(event.id)}. {event.title}", 11.5, "B", gap=0.5),
        Para(date_line(story, event), 9, gap=0.3),
        Para(f"Place: {story.places[event.place].label(names)}", 9, gap=0.3),
    ]
    if event.place_note:
        told.append(Para(f"Where: {event.place_note}", 8.5, "I", gap=0.3))
    return [told + [Para(event.summary, 10, gap=0.8)], [
        Para(quoted(event.quote), 10, "I", INDENT, gap=0.3),
        Para(f"{speaker_line(event)} · Article line {event.line}", 9, indent=INDENT, gap=3),
    ]]


def _continued(story: Story, event: Event) -> Para:
    """The line over the part of an event carried to the next page."""
    return Para(f"{story.number(event.id)}. {event.title} (continued)", 9, "B", gap=0.5)


def _questions(story: Story, event: Event) -> list[list[Para]]:
    """An event's discussion questions, in parts a page may fall between: the title with the first
    question, then each further question."""
    title = Para(f"{story.number(event.id)}. {event.title}", 10, "B", gap=0.5)
    first, *more = (Para(f"• {q}", 9.5, indent=4, gap=0.5) for q in story.questions[event.id])
    return [[title, first], *([q] for q in more)]


def _class_material(pdf: _Handout, story: Story) -> None:
    """Discussion questions per event and the glossary, each headed as teaching material."""
    asked = [event for event in story.events if story.questions.get(event.id)]
    if asked:
        blocks = [_questions(story, event) for event in asked]
        _heading(pdf, f"For discussion ({TEACHING})", keep_with_next=_height(pdf, blocks[0][0]))
        for event, parts in zip(asked, blocks):
            _parts(pdf, parts, _continued(story, event))
            pdf.ln(1.5)
    if story.glossary:
        _heading(pdf, f"Glossary ({TEACHING})")
        for entry in story.glossary:
            source = f" Source: {entry.source}." if entry.source else ""
            _block(pdf, [Para(entry.term, 10, "B", gap=0.3), Para(entry.definition + source, 9, indent=4)])


def arrivals_line(fact: ContextFact, people: int) -> str:
    """One day's arrivals as the handout prints it: "24 September 2023, 22:00: 1,050 people" ("1 person")."""
    when = f"{fact.day.day} {fact.day:%B %Y}" + (f", {fact.time_local}" if fact.time_local else "")
    inferred = " (the date is inferred by our research: the source gives none)" if fact.date_inferred else ""
    return f"{when}: {plural(people, 'person', 'people')}{inferred}"


def _context(pdf: _Handout, story: Story) -> None:
    """The daily arrivals figures of the story's context, each with the hour and the source it comes from."""
    arrivals = arrivals_by_day(story.context)
    if not arrivals:
        return
    _heading(pdf, "Context, not from the article")
    _write(pdf, Para(f"{arrivals_heading(arrivals)}: the last figure reported each day, with its source.", 9, gap=2))
    for fact, people in arrivals:
        _block(pdf, [Para(arrivals_line(fact, people), 10, "B", gap=0.3),
                     Para(f"Source: {fact.source_title}, {fact.source_url}", 8.5, indent=4, gap=1.2)])


ROAD_LICENCE = ("Real road geometry of the routes: OpenStreetMap (openstreetmap.org/copyright), © OpenStreetMap "
                "contributors, ODbL 1.0. Dashed stretches on the map are traced through documented places (approximate).")


def _sources(pdf: _Handout, story: Story) -> None:
    _heading(pdf, "Sources and licences")
    article = story.meta.get("source") or "One news article (article.txt)"
    published = story.meta.get("published_text")
    paras = [
        (f"The article: {article}" + (f", published {published}" if published else "")
         + ". Quoted verbatim for teaching and commentary; its copyright stays with its publisher."),
        ("Place coordinates: GeoNames (geonames.org), CC BY 4.0; each place gives its GeoNames id, "
         "or says where its point comes from when it has none."),
    ]
    if licences_line(story, detail=False):
        paras.append(licences_line(story, detail=False))
    if any("road" in route.part_kinds for route in story.routes):
        paras.append(ROAD_LICENCE)
    for route in story.routes:
        props = route.properties
        text = (f"Route (context, not from the article): {route.name}: {route_summary(route)}. "
                f"{route_parts_text(route)}")
        if props.get("reported_source"):
            url = props.get("reported_source_url")
            text += f" Reported distance: {props['reported_source']}" + (f", {url}." if url else ".")
        paras.append(text)
        if props.get("note"):  # a paragraph of its own: a route's note (how the line was made) runs long
            paras.append(f"How the {route.name} line was made: {props['note']}")
    for text in paras:
        _block(pdf, [Para(text, 9, gap=1.5)])


def map_alt_text(events: int, routes: int) -> str:
    """What a screen reader says for the map picture, in words that agree with the counts (none, one, many)."""
    pins = f"{plural(events, 'numbered event')} at {'its place' if events == 1 else 'their places'}"
    lines = "" if not routes else ", and the route" if routes == 1 else ", and the routes"
    return f"Map of the story: {pins}{lines}."


def handout_pdf(story: Story, paper: str = "a4", names: str = "both",
                progress: Callable[[float, str], None] | None = None) -> bytes:
    """The story as a printable PDF (``paper`` "a4" or "letter"), returned as bytes.

    ``progress(fraction, message)`` is called at each stage, for a progress bar.

    Raises
    ------
    ValueError
        For any other paper size.
    """
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of: {', '.join(PAPERS)}, not {paper!r}")
    report = progress or (lambda fraction, message: None)
    title = story.meta.get("title") or "Story"
    pdf = _Handout(paper, title)
    pdf.set_title(plain(title))
    pdf.set_creator("geo.handout (fpdf2)")
    pdf.add_page()
    _write(pdf, Para(title, 18, "B", gap=2))
    if story.meta.get("framing"):
        _write(pdf, Para(story.meta["framing"], 9, gap=2))

    report(0.05, "Drawing the map")
    top, height = pdf.get_y(), pdf.epw * MAP_ASPECT
    pdf.image(io.BytesIO(_map_png(story, pdf.epw, height, names)), w=pdf.epw, h=height,
              alt_text=map_alt_text(len(story.events), len(story.routes)))
    pdf.set_line_width(0.3)
    pdf.rect(pdf.l_margin, top, pdf.epw, height)
    pdf.ln(3)

    report(0.5, "Writing the events")
    _heading(pdf, "The events, in story order")
    for event in story.events:
        _parts(pdf, _event(story, event, names), _continued(story, event))

    report(0.7, "Writing the class material and context")
    _class_material(pdf, story)
    _context(pdf, story)

    report(0.9, "Writing the sources")
    _sources(pdf, story)
    data = bytes(pdf.output())
    report(1.0, "Done")
    return data
