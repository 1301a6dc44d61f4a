"""HTML for an event card and a route note: one rendering for the map popup and the page.

Every piece of story text goes through ``text_html``; nothing from a story file is
ever written into the page as markup.
"""
from __future__ import annotations

from html import escape

from geo.dates import format_date
from geo.geometry import length_km
from geo.story import Event, Route, Story


def text_html(text: str) -> str:
    """Plain text as HTML that is also inert inside a JavaScript template literal and a Jinja template.

    ``html.escape`` covers markup. Folium writes popups and tooltips into JS template literals,
    where a backquote, ``${`` or a backslash would still act; and branca compiles each rendered
    script as a Jinja template again, where ``{{`` or ``{%`` would run on the server. All of
    these become character references, which display the same.
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


def event_html(story: Story, event: Event, names: str = "both", questions: bool = False) -> str:
    """The event as an HTML fragment: number, place, title, date, summary, quote, speaker, line.

    With ``questions``, the event's discussion questions follow, marked as teaching material.
    """
    place = story.places[event.place]
    number, total = story.number(event.id), len(story.events)
    parts = [
        f'<article class="event-card" data-event-id="{text_html(event.id)}" lang="en">',
        f'<p class="event-meta"><span class="event-number">{number} / {total}</span> · '
        f'<span class="event-place">{text_html(place.label(names))}</span></p>',
        f'<h3 class="event-title">{text_html(event.title)}</h3>',
        f'<p class="event-date">{text_html(date_line(story, event))}</p>',
        f'<p class="event-summary">{text_html(event.summary)}</p>',
        f'<blockquote class="event-quote">{text_html(event.quote)}</blockquote>',
        f'<p class="event-speaker">{text_html(speaker_line(event))}</p>',
        f'<p class="event-line">Article line {event.line}</p>',
    ]
    if event.place_note:
        parts.append(f'<p class="event-place-note">Where: {text_html(event.place_note)}</p>')
    if questions and story.questions.get(event.id):
        items = "".join(f"<li>{text_html(q)}</li>" for q in story.questions[event.id])
        parts.append('<section class="event-questions" aria-label="Discussion questions">'
                     '<h4>For discussion <span class="teaching-mark">teaching material, not from the article</span></h4>'
                     f"<ul>{items}</ul></section>")
    parts.append("</article>")
    return "".join(parts)


def route_summary(route: Route) -> str:
    """'62 km traced · about 100 km by road' in plain text."""
    text = f"{length_km(route.lonlats):.0f} km traced"
    reported = route.properties.get("reported_distance_text")
    if reported:
        text += f" · reported: {reported}"
    return text


def route_html(route: Route) -> str:
    """A route's popup: what it is, its traced and reported lengths, and the sources."""
    props = route.properties
    parts = [
        f'<article class="route-card" data-route-id="{text_html(route.id)}" lang="en">',
        f'<h3 class="route-title">{text_html(route.name)}</h3>',
        f'<p class="route-length">{text_html(route_summary(route))}</p>',
    ]
    if props.get("description"):
        parts.append(f'<p>{text_html(str(props["description"]))}</p>')
    if props.get("reported_source"):
        source = text_html(str(props["reported_source"]))
        url = str(props.get("reported_source_url", ""))
        if url.startswith(("https://", "http://")):
            source = f'<a href="{text_html(url)}" target="_blank" rel="noopener noreferrer">{source}</a>'
        parts.append(f'<p class="route-source">Reported distance: {source}</p>')
    if props.get("note"):
        parts.append(f'<p class="context-note">{text_html(str(props["note"]))}</p>')
    parts.append("</article>")
    return "".join(parts)


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
            f"<td><q>{text_html(event.quote)}</q></td>",
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
