"""What an event card and a route note say, as data for the browser, and the page's HTML tables.

The cards are data (``event_card``, ``route_card``): geo/web/card.js builds them with text
nodes, one rendering for the map popup and the card beside it. The text view, glossary and
sources that Streamlit shows are HTML in which every piece of story text goes through ``text_html``.
"""
from __future__ import annotations

from html import escape

from geo.dates import format_date
from geo.geometry import lengths_by_kind
from geo.quotes import is_quoted
from geo.story import Event, Route, Story


def text_html(text: str) -> str:
    """Plain text as HTML, for what the Streamlit page shows with st.html (the text view, glossary, notices).

    ``html.escape`` covers markup. No template ever sees story text (the map gets it as data, see
    geo/mapbuild.py); as a second guard, backquotes, ``$``, braces and backslashes become character
    references too, which display the same, so the text stays inert if it ever reached a JS template
    literal or a Jinja template.
    """
    return (escape(text).replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")
            .replace("{", "&#123;").replace("}", "&#125;"))


ATTRIBUTION = {
    "direct": "— {speaker} (direct quote)",
    "reported": "— {speaker}, as reported in the article",
    "article": "— the article's own reporting",
}


def speaker_line(event: Event) -> str:
    """Who said the quoted words, in plain text."""
    return ATTRIBUTION[event.quote_kind].format(speaker=event.speaker)


def date_line(story: Story, event: Event) -> str:
    """The event's date in plain text, with the article's own words for it when it has some."""
    text = format_date(event.date, event.date_precision, story.meta.get("published_text", ""))
    if event.date_text:
        text += f" · the article says “{event.date_text}”"
    return text


def event_card(story: Story, event: Event, names: str = "both", questions: bool = False) -> dict:
    """The event card as data: number, place, title, date, summary, quote, speaker, line.

    The browser (geo/web/card.js) builds the card from it with text nodes only, in the map
    popup and beside the map alike: no story text is ever written into a page as markup.
    With ``questions``, the event's discussion questions come along, marked as teaching material.
    """
    card = {
        "id": event.id, "number": story.number(event.id), "total": len(story.events),
        "place": story.places[event.place].label(names), "title": event.title,
        "date": date_line(story, event), "summary": event.summary, "quote": event.quote,
        "speaker": speaker_line(event), "line": event.line, "place_note": event.place_note,
    }
    if questions and story.questions.get(event.id):
        card["questions"] = list(story.questions[event.id])
    return card


def route_lengths(route: Route) -> tuple[int, int]:
    """(real road km, traced km), each rounded to a whole km: the numbers a reader sees and adds up."""
    km = lengths_by_kind(route.parts, route.part_kinds, route.part_km)
    return round(km["road"]), round(km["traced"])


def route_length_text(route: Route) -> str:
    """'50 km real road + 24 km traced (approximate) = 74 km', or one kind alone ('55 km traced (approximate)').

    The total is the sum of the rounded parts, so the sum on the card adds up (it differs from the unrounded
    total by under a km)."""
    road, traced = route_lengths(route)
    if "road" not in route.part_kinds:
        return f"{traced} km traced (approximate)"
    if "traced" not in route.part_kinds:
        return f"{road} km real road"
    return f"{road} km real road + {traced} km traced (approximate) = {road + traced} km"


def route_summary(route: Route) -> str:
    """'50 km real road + 24 km traced (approximate) = 74 km · reported: about 100 km …' in plain text."""
    text = route_length_text(route)
    reported = route.properties.get("reported_distance_text")
    if reported:
        text += f" · reported: {reported}"
    return text


def part_names(route: Route) -> list[str]:
    """The name of each part ("" for none): the file's part_names when it names every part."""
    names = route.properties.get("part_names")
    return list(names) if isinstance(names, list) and len(names) == len(route.parts) else [""] * len(route.parts)


def route_parts_text(route: Route) -> str:
    """Which parts are real road (OpenStreetMap) and which are traced, by name where the file names them."""
    names = part_names(route)

    def said(kind: str) -> str:
        named = [f"{name}, {km:.0f} km" if name else f"{km:.0f} km"
                 for km, part_kind, name in zip(route.part_km, route.part_kinds, names) if part_kind == kind]
        return "; ".join(named)

    road, traced = said("road"), said("traced")
    sentences = []
    if road:
        sentences.append(f"Real road, from OpenStreetMap (© OpenStreetMap contributors): {road}.")
    if traced:
        sentences.append(f"Traced through documented points, approximate: {traced}.")
    return " ".join(sentences)


def route_card(route: Route) -> dict:
    """A route's popup as data: what it is, its real-road, traced and reported lengths, which parts are which, and
    the sources.

    ``source_url`` is kept only when it is an http(s) address, so a link can never run script.
    """
    props = route.properties
    url = str(props.get("reported_source_url") or "")
    return {
        "id": route.id, "name": route.name, "length": route_summary(route),
        "description": str(props.get("description") or ""), "source": str(props.get("reported_source") or ""),
        "source_url": url if url.startswith(("https://", "http://")) else "", "note": str(props.get("note") or ""),
        "parts_note": route_parts_text(route),
    }


def story_table_html(story: Story, names: str = "both") -> str:
    """The whole story as one table, in story order: a text view a screen reader reads row by row."""
    head = "".join(f'<th scope="col">{h}</th>' for h in ("#", "Place", "Date", "Event", "Quote", "Who said it", "Line"))
    rows = []
    for number, event in enumerate(story.events, 1):
        cells = [
            f'<th scope="row">{number}</th>',
            f"<td>{text_html(story.places[event.place].label(names))}</td>",
            f"<td>{text_html(date_line(story, event))}</td>",
            f"<td><strong>{text_html(event.title)}</strong><br>{text_html(event.summary)}</td>",
            # A quote already in its own quotation marks is not quoted again (<q> adds marks).
            (f"<td>{text_html(event.quote)}</td>" if is_quoted(event.quote) else f"<td><q>{text_html(event.quote)}</q></td>"),
            f"<td>{text_html(speaker_line(event).removeprefix('— '))}</td>",
            f"<td>{event.line}</td>",
        ]
        rows.append(f'<tr data-event-id="{text_html(event.id)}">{"".join(cells)}</tr>')
    caption = f"{text_html(story.meta.get('title', 'The story'))}: every event in story order"
    return (f'<table class="story-table"><caption>{caption}</caption><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def glossary_html(story: Story) -> str:
    """The glossary as a definition list, marked as teaching material."""
    items = "".join(
        f"<dt>{text_html(g.term)}</dt><dd>{text_html(g.definition)}"
        + (f' <span class="glossary-source">Source: {text_html(g.source)}</span>' if g.source else "") + "</dd>"
        for g in story.glossary
    )
    return f'<dl class="glossary">{items}</dl>'
