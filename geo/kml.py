"""The story as KML 2.2, for Google Earth and other KML viewers: events, places and routes.

The document is built with ``xml.etree.ElementTree``, so every piece of story text is XML text
that the serialiser escapes; nothing is pasted into markup. That is not enough for a
``<description>``: Google Earth and most KML viewers render it as HTML *after* the XML parser has
undone the XML escaping, so story text in a description is HTML-escaped first (``description_html``):
the viewer gets ``&lt;img …&gt;``, never a tag, and ``$[`` is written ``&#36;[`` so Google Earth's
entity replacement (``$[geDirections]``, ``$[name]``) never fires on story text. The only markup is
our own ``<b>`` heading and ``<br>`` line breaks. Names stay plain text, as KML defines them: every
style carries a ``BalloonStyle`` whose text is only ``$[description]``, so no viewer template pastes
a name (or ``ExtendedData``) into HTML, and an empty ``Snippet`` keeps the description's first lines
out of the list of places. The file names no external resource: the pins use the viewer's own
default icon, tinted with ``IconStyle/color``, so there is no ``Icon``/``href`` anywhere; the only
URLs are sources quoted as text in route descriptions.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from datetime import date

from geo.cards import date_line, part_names, route_summary, speaker_line
from geo.geometry import length_km
from geo.dates import parse_date
from geo.mapbuild import ROUTE_COLOURS
from geo.quotes import quoted
from geo.story import Event, Place, Route, Story

KML_NS = "http://www.opengis.net/kml/2.2"
EVENTS_FOLDER, PLACES_FOLDER, ROUTES_FOLDER = "Events from the article", "Places", "Routes (context)"
EVENT_STYLE, PLACE_STYLE = "style-event", "style-place"  # not "event-…": Placemark ids use those
TEXT_STYLE = "style-text"  # the balloon alone, for the document and its folders
BALLOON = "$[description]"  # the only template text: a viewer shows our escaped description and nothing else
EVENT_COLOUR, PLACE_COLOUR = "#23395d", "#ffffff"  # the map's pin colour (geo/web/engine.css); places are white dots
ROUTE_WIDTH = 4

# Characters XML 1.0 cannot hold, even escaped: most C0 controls, surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: object) -> str:
    """``value`` as text XML can carry: line breaks as "\\n", unrepresentable characters as U+FFFD."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("\ufffd", text)


def _sub(parent: ET.Element, tag: str, text: object | None = None, attributes: dict[str, str] | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, {key: _text(value) for key, value in (attributes or {}).items()})
    if text is not None:
        element.text = _text(text)
    return element


def _html_line(value: object) -> str:
    """One line of story text as HTML text: escaped, and ``$[`` written so no entity replacement fires."""
    return html.escape(_text(value), quote=False).replace("$[", "&#36;[")


def description_html(text: object | None, heading: object | None = None) -> str:
    """Story text as the HTML a KML viewer renders from ``<description>``: escaped, lines joined with ``<br>``.

    ``heading`` (the feature's name) comes first in bold, because the balloon shows only the
    description. Escaping happens here, for HTML; ``ElementTree`` then escapes the result for XML.
    """
    lines = [f"<b>{_html_line(heading)}</b>"] if heading is not None else []
    lines += [_html_line(line) for line in _text(text).split("\n")] if text else []
    return "<br>\n".join(lines)


def _describe(parent: ET.Element, text: object | None, heading: object) -> None:
    """The ``description`` of a feature, as escaped HTML, and an empty ``Snippet`` (the list shows the name only)."""
    _sub(parent, "Snippet", "", {"maxLines": "0"})
    _sub(parent, "description", description_html(text, heading))


def _balloon(style: ET.Element) -> None:
    _sub(_sub(style, "BalloonStyle"), "text", BALLOON)


def kml_colour(hex_colour: str, alpha: str = "ff") -> str:
    """'#rrggbb' -> KML's 'aabbggrr'."""
    rgb = hex_colour.lstrip("#").lower()
    if not re.fullmatch(r"[0-9a-f]{6}", rgb):
        raise ValueError(f"colour {hex_colour!r} is not of the form #rrggbb")
    return f"{alpha}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}"


def _coordinates(lonlats: tuple[tuple[float, float], ...] | list[tuple[float, float]]) -> str:
    return " ".join(f"{lon!r},{lat!r},0" for lon, lat in lonlats)


def _point(placemark: ET.Element, place: Place) -> None:
    point = _sub(placemark, "Point")
    _sub(point, "coordinates", _coordinates([place.lonlat]))


def _extended_data(placemark: ET.Element, data: dict[str, object]) -> None:
    extended = _sub(placemark, "ExtendedData")
    for name, value in data.items():
        _sub(_sub(extended, "Data", attributes={"name": name}), "value", "" if value is None else value)


def span_end(last_day: date) -> str:
    """The ``TimeSpan/end`` of a span whose last day is ``last_day``: the last second of that day.

    KML 2.2 defines ``end`` as the *instant* a period ends. A date alone is read as an instant at
    its first moment (Google Earth ends "18–24 Sep" at 24 Sep 00:00, leaving the 24th out), while
    other readers stretch it to the day's end; a date and time means the same to every reader.
    It carries no UTC offset, like ``begin`` (a date alone): a day of the story is a local day.
    """
    return f"{last_day.isoformat()}T23:59:59"


def _time(placemark: ET.Element, event: Event) -> None:
    """TimeStamp for a stated time, TimeSpan for a day, week or year (to the end of its last day),
    nothing for an undated event."""
    span = parse_date(event.date, event.date_precision)
    if span is None:
        return
    if event.date_precision == "minute" and span.time is not None:
        _sub(_sub(placemark, "TimeStamp"), "when", span.time.isoformat())
        return
    time_span = _sub(placemark, "TimeSpan")
    _sub(time_span, "begin", span.start.isoformat())
    _sub(time_span, "end", span_end(span.end))


def event_description(story: Story, event: Event, names: str = "both") -> str:
    """An event's card as plain text: place, date, summary, quote, who said it, article line."""
    lines = [
        f"Place: {story.places[event.place].label(names)}",
        date_line(story, event),
        event.summary,
        quoted(event.quote),
        speaker_line(event),
        f"Article line {event.line}",
    ]
    if event.place_note:
        lines.append(f"Where: {event.place_note}")
    return "\n".join(lines)


PART_KIND_TEXT = {"road": "real road (OpenStreetMap)", "traced": "traced (approximate)"}
ROAD_CREDIT = "Real road: © OpenStreetMap contributors, ODbL 1.0."


def route_part_lines(route: Route) -> list[str]:
    """One line per part, in the order of the route's geometry: 'Part 1 of 2, traced (approximate): …, 24 km'."""
    names = part_names(route)
    return [f"Part {i} of {len(route.parts)}, {PART_KIND_TEXT[kind]}: " + (f"{name}, " if name else "")
            + f"{length_km(part):.0f} km" for i, (part, kind, name) in enumerate(zip(route.parts, route.part_kinds, names), 1)]


def route_description(route: Route) -> str:
    """A route's popup as plain text: real-road, traced and reported lengths, each part's kind (with the
    OpenStreetMap credit for real road), what it is, the source, the note."""
    props = route.properties
    lines = [route_summary(route), *route_part_lines(route)]
    if "road" in route.part_kinds:
        lines.append(ROAD_CREDIT)  # ODbL; the ways themselves are in routes.geojson's road_source
    if props.get("description"):
        lines.append(str(props["description"]))
    if props.get("reported_source"):
        source = f"Reported distance: {props['reported_source']}"
        if props.get("reported_source_url"):
            source += f" ({props['reported_source_url']})"
        lines.append(source)
    if props.get("note"):
        lines.append(str(props["note"]))
    return "\n".join(lines)


def _styles(document: ET.Element, story: Story) -> dict[str, str]:
    """The pin, place and route styles; returns each route's style id."""
    _balloon(_sub(document, "Style", attributes={"id": TEXT_STYLE}))
    event_style = _sub(document, "Style", attributes={"id": EVENT_STYLE})
    icon = _sub(event_style, "IconStyle")
    _sub(icon, "color", kml_colour(EVENT_COLOUR))
    _sub(icon, "scale", "1.1")
    _balloon(event_style)  # KML's order: IconStyle, LabelStyle, LineStyle, PolyStyle, BalloonStyle
    place_style = _sub(document, "Style", attributes={"id": PLACE_STYLE})
    icon = _sub(place_style, "IconStyle")
    _sub(icon, "color", kml_colour(PLACE_COLOUR))
    _sub(icon, "scale", "0.7")
    _balloon(place_style)
    route_styles = {}
    for i, route in enumerate(story.routes):
        style_id = f"style-route-{i + 1}"
        style = _sub(document, "Style", attributes={"id": style_id})
        line = _sub(style, "LineStyle")
        _sub(line, "color", kml_colour(ROUTE_COLOURS[i % len(ROUTE_COLOURS)]))
        _sub(line, "width", str(ROUTE_WIDTH))
        _balloon(style)
        route_styles[route.id] = style_id
    return route_styles


def story_kml(story: Story, names: str = "both") -> str:
    """The story as a KML 2.2 document (text with an XML declaration; write it as UTF-8).

    One Document named after the story, with the framing as its description, and three folders:
    the events in story order ("N. Title", on their place's point, with a ``TimeStamp`` for a
    stated time and a ``TimeSpan`` for a day, week or year, ending at the last second of its last
    day), the places (named as ``names``
    asks: ``both``, ``armenian`` or ``azerbaijani``) and the routes as clamped-to-ground lines (a
    ``MultiGeometry`` of its parts for a route of real road and traced parts).
    Each event's ``ExtendedData`` holds its id, number, place, line, date, date precision, quote
    kind and speaker.
    """
    if names not in story.name_modes:  # the story's own usages (story.json name_usages)
        raise ValueError(f"names must be one of: {', '.join(story.name_modes)}, not {names!r}")
    # Tags are written unqualified under a default namespace declared on the root, so the file reads
    # <kml xmlns="…kml/2.2"><Document>…; a parser puts every element in the KML namespace.
    root = ET.Element("kml", {"xmlns": KML_NS})
    document = _sub(root, "Document")
    title = story.meta.get("title") or "Story"
    _sub(document, "name", title)
    _describe(document, story.meta.get("framing"), title)
    _sub(document, "styleUrl", f"#{TEXT_STYLE}")
    route_styles = _styles(document, story)

    folder = _sub(document, "Folder")
    _sub(folder, "name", EVENTS_FOLDER)
    _sub(folder, "styleUrl", f"#{TEXT_STYLE}")
    for number, event in enumerate(story.events, 1):
        placemark = _sub(folder, "Placemark", attributes={"id": f"event-{event.id}"})
        _sub(placemark, "name", f"{number}. {event.title}")
        _describe(placemark, event_description(story, event, names), f"{number}. {event.title}")
        _time(placemark, event)
        _sub(placemark, "styleUrl", f"#{EVENT_STYLE}")
        _extended_data(placemark, {
            "id": event.id, "number": number, "place": event.place, "line": event.line, "date": event.date,
            "date_precision": event.date_precision, "quote_kind": event.quote_kind, "speaker": event.speaker,
        })
        _point(placemark, story.places[event.place])

    folder = _sub(document, "Folder")
    _sub(folder, "name", PLACES_FOLDER)
    _sub(folder, "styleUrl", f"#{TEXT_STYLE}")
    for place in story.places.values():
        placemark = _sub(folder, "Placemark", attributes={"id": f"place-{place.id}"})
        _sub(placemark, "name", place.label(names))
        _describe(placemark, "\n".join(text for text in (place.note, place.coord_source) if text), place.label(names))
        _sub(placemark, "styleUrl", f"#{PLACE_STYLE}")
        _extended_data(placemark, {"id": place.id, "names": ", ".join(place.all_names), "geonames_id": place.geonames_id})
        _point(placemark, place)

    folder = _sub(document, "Folder")
    _sub(folder, "name", ROUTES_FOLDER)
    _sub(folder, "styleUrl", f"#{TEXT_STYLE}")
    for route in story.routes:
        placemark = _sub(folder, "Placemark", attributes={"id": f"route-{route.id}"})
        _sub(placemark, "name", route.name)
        _describe(placemark, route_description(route), route.name)
        _sub(placemark, "styleUrl", f"#{route_styles[route.id]}")
        _extended_data(placemark, {"id": route.id, "part_kinds": ", ".join(route.part_kinds)})
        # One part: a LineString, as before; several: a MultiGeometry of them in driving order (the description
        # says which is real road and which traced: KML draws every line of a style alike).
        parent = _sub(placemark, "MultiGeometry") if len(route.parts) > 1 else placemark
        for part in route.parts:
            line = _sub(parent, "LineString")
            _sub(line, "tessellate", "1")
            _sub(line, "coordinates", _coordinates(part))

    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True).decode("utf-8") + "\n"
