"""geo.kml: the story as KML 2.2 — well-formed, complete, descriptions as escaped HTML, no external resources."""
from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from datetime import date, datetime, time
from html.parser import HTMLParser

import pytest

from geo.cards import date_line, route_summary, speaker_line
from geo.kml import EVENTS_FOLDER, KML_NS, PLACES_FOLDER, ROUTES_FOLDER, description_html, kml_colour, story_kml
from geo.mapbuild import ROUTE_COLOURS
from geo.quotes import quoted
from geo.story import NAME_MODES, Story

NS = {"k": KML_NS}
HOSTILE = "<script>alert(1)</script> & ]]> \"quoted\" 'single' <![CDATA[x]]> &amp;"
OUR_TAGS = {"b", "br"}  # the only markup geo.kml writes into a description
# Each is story text a viewer must show as it is: after the XML parser, an HTML renderer must find no tag in it.
PAYLOADS = (
    "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "]]>", "$[geDirections]", "$[name] $[description]",
    '<a href="javascript:alert(1)">x</a>', "<!-- c --> <?pi x?> <!DOCTYPE x>", "&lt;b&gt; &amp; &#60;i&#62;",
    "<b>bold</b><br>", "<style>*{display:none}</style>", "<svg/onload=alert(1)>", "</description><x>",
)


class Shown(HTMLParser):
    """What an HTML renderer makes of a description: the markup it finds, and its text (``<br>`` as a line break)."""

    def __init__(self, description: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.parts: list[str] = []
        self.feed(description)
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag == "br":
            self.parts.append("\x00")

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(f"/{tag}")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags.append("!--")

    def handle_decl(self, decl: str) -> None:
        self.tags.append("!decl")

    def handle_pi(self, data: str) -> None:
        self.tags.append("?pi")

    def unknown_decl(self, data: str) -> None:
        self.tags.append("!unknown")

    @property
    def lines(self) -> list[str]:
        """The text as lines: a source newline is layout (HTML folds it), ``<br>`` is the line break."""
        return "".join(self.parts).replace("\n", "").split("\x00")


def shown(element: ET.Element | None, path: str = "k:description") -> list[str]:
    """The lines a viewer shows for ``element``'s description, after checking it holds only our markup."""
    found = Shown(element.findtext(path, default="", namespaces=NS))
    assert set(t.lstrip("/") for t in found.tags) <= OUR_TAGS, found.tags
    return found.lines


def _root(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def _folder(root: ET.Element, name: str) -> ET.Element:
    folders = [f for f in root.iterfind("k:Document/k:Folder", NS) if f.findtext("k:name", namespaces=NS) == name]
    assert len(folders) == 1, name
    return folders[0]


def _placemarks(root: ET.Element, folder: str) -> list[ET.Element]:
    return _folder(root, folder).findall("k:Placemark", NS)


def _data(placemark: ET.Element) -> dict[str, str]:
    return {d.get("name"): d.findtext("k:value", default="", namespaces=NS)
            for d in placemark.iterfind("k:ExtendedData/k:Data", NS)}


def _coordinates(element: ET.Element, path: str) -> list[tuple[float, float, float]]:
    text = element.findtext(path, namespaces=NS)
    return [tuple(float(v) for v in point.split(",")) for point in text.split()]


@pytest.fixture(scope="module")
def kml(story: Story) -> str:
    return story_kml(story)


@pytest.fixture(scope="module")
def root(kml: str) -> ET.Element:
    return _root(kml)


def test_is_a_kml_2_2_document_named_after_the_story(kml: str, root: ET.Element, story: Story) -> None:
    assert kml.startswith("<?xml version='1.0' encoding='utf-8'?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">")
    assert root.tag == f"{{{KML_NS}}}kml"
    # Every element is in the KML namespace.
    assert all(e.tag.startswith(f"{{{KML_NS}}}") for e in root.iter())
    documents = root.findall("k:Document", NS)
    assert len(documents) == 1
    assert documents[0].findtext("k:name", namespaces=NS) == story.meta["title"]
    assert shown(documents[0]) == [story.meta["title"], story.meta["framing"]]
    assert [f.findtext("k:name", namespaces=NS) for f in documents[0].findall("k:Folder", NS)] == [
        EVENTS_FOLDER, PLACES_FOLDER, ROUTES_FOLDER]


def test_one_placemark_per_event_in_story_order_on_its_place(root: ET.Element, story: Story) -> None:
    placemarks = _placemarks(root, EVENTS_FOLDER)
    assert len(placemarks) == len(story.events)
    for number, (placemark, event) in enumerate(zip(placemarks, story.events), 1):
        assert placemark.findtext("k:name", namespaces=NS) == f"{number}. {event.title}"
        lon, lat = story.places[event.place].lonlat
        assert _coordinates(placemark, "k:Point/k:coordinates") == [(lon, lat, 0.0)]
        assert placemark.findtext("k:styleUrl", namespaces=NS) == "#style-event"


def test_event_descriptions_are_the_card_as_html(root: ET.Element, story: Story) -> None:
    for number, (placemark, event) in enumerate(zip(_placemarks(root, EVENTS_FOLDER), story.events), 1):
        lines = shown(placemark)
        assert lines[0] == f"{number}. {event.title}"  # the balloon shows only the description: the name heads it
        assert quoted(event.quote) in lines
        for expected in (date_line(story, event), event.summary, speaker_line(event), f"Article line {event.line}"):
            assert expected in lines
        if event.place_note:
            assert f"Where: {event.place_note}" in lines


def test_a_quote_in_its_own_quotation_marks_is_not_quoted_again(root: ET.Element, story: Story) -> None:
    """Article line 19 opens and closes with its own marks: the description used to show “"The fate…"”."""
    number = story.number("babayan-disgrace")
    lines = shown(_placemarks(root, EVENTS_FOLDER)[number - 1])
    quote = story.event("babayan-disgrace").quote
    assert quote.startswith('"The fate of our poor people') and quote in lines
    assert not [line for line in lines if line.startswith(('“"', "“\u201c"))]
    excerpt = story.event("goris-staging-ground")
    assert f"“{excerpt.quote}”" in shown(_placemarks(root, EVENTS_FOLDER)[story.number(excerpt.id) - 1])


def test_event_extended_data(root: ET.Element, story: Story) -> None:
    for number, (placemark, event) in enumerate(zip(_placemarks(root, EVENTS_FOLDER), story.events), 1):
        assert _data(placemark) == {
            "id": event.id, "number": str(number), "place": event.place, "line": str(event.line), "date": event.date,
            "date_precision": event.date_precision, "quote_kind": event.quote_kind, "speaker": event.speaker,
        }


def test_time_elements_follow_the_date_precision(root: ET.Element, story: Story) -> None:
    seen = set()
    for placemark, event in zip(_placemarks(root, EVENTS_FOLDER), story.events):
        seen.add(event.date_precision)
        span = placemark.find("k:TimeSpan", NS)
        stamp = placemark.find("k:TimeStamp", NS)
        begin_end = (span.findtext("k:begin", namespaces=NS), span.findtext("k:end", namespaces=NS)) if span is not None else None
        if event.date_precision == "minute":
            assert span is None
            assert stamp.findtext("k:when", namespaces=NS) == "2023-09-24T22:00:00+04:00"
            continue
        assert stamp is None
        if event.date_precision == "undated":
            assert span is None
        elif event.date_precision == "day":
            assert begin_end == (event.date, f"{event.date}T23:59:59")
        elif event.date_precision == "week":
            first, last = event.date.split("/")
            assert begin_end == (first, f"{last}T23:59:59")
        else:
            assert event.date_precision == "year"
            assert begin_end == (f"{event.date}-01-01", f"{event.date}-12-31T23:59:59")
    assert seen == {"minute", "day", "week", "year", "undated"}


def test_a_span_ends_at_the_end_of_its_last_day(root: ET.Element, story: Story) -> None:
    """KML's ``end`` is an instant: a bare date is read as the day's first moment, which left out the 24th
    of "18–24 Sep" (it ended at 2023-09-24 00:00). Each span ends at the last second of its last day."""
    placemark = _placemarks(root, EVENTS_FOLDER)[story.number("strike-on-stepanakert") - 1]
    begin = datetime.fromisoformat(placemark.findtext("k:TimeSpan/k:begin", namespaces=NS))
    end = datetime.fromisoformat(placemark.findtext("k:TimeSpan/k:end", namespaces=NS))
    assert (begin, end) == (datetime(2023, 9, 18), datetime(2023, 9, 24, 23, 59, 59))
    assert end.date() == date(2023, 9, 24) and end.tzinfo is None  # a local day, like begin
    for day in (date(2023, 9, 18), date(2023, 9, 24)):  # every hour of the first and the last day is inside
        assert all(begin <= datetime.combine(day, time(hour, 59, 59)) <= end for hour in range(24))
    assert not begin <= datetime(2023, 9, 25) <= end
    day = _placemarks(root, EVENTS_FOLDER)[story.number("aliyev-erdogan-meeting") - 1]
    assert (day.findtext("k:TimeSpan/k:begin", namespaces=NS), day.findtext("k:TimeSpan/k:end", namespaces=NS)) == (
        "2023-09-25", "2023-09-25T23:59:59")


@pytest.mark.parametrize("names", NAME_MODES)
def test_places_named_as_asked(story: Story, names: str) -> None:
    placemarks = _placemarks(_root(story_kml(story, names)), PLACES_FOLDER)
    assert [p.findtext("k:name", namespaces=NS) for p in placemarks] == [pl.label(names) for pl in story.places.values()]
    for placemark, place in zip(placemarks, story.places.values()):
        assert _coordinates(placemark, "k:Point/k:coordinates") == [(place.lonlat[0], place.lonlat[1], 0.0)]
        assert shown(placemark) == [pl for pl in (place.label(names), place.note, place.coord_source) if pl]
        assert _data(placemark)["id"] == place.id


def test_contested_names_follow_the_choice_in_event_descriptions(story: Story) -> None:
    placemark = _placemarks(_root(story_kml(story, "azerbaijani")), EVENTS_FOLDER)[0]
    assert "Place: Khankendi" in shown(placemark)


def test_unknown_names_mode_is_refused(story: Story) -> None:
    with pytest.raises(ValueError, match="names must be one of"):
        story_kml(story, "russian")


def test_routes_are_clamped_lines_with_every_point(root: ET.Element, story: Story) -> None:
    placemarks = _placemarks(root, ROUTES_FOLDER)
    assert [p.findtext("k:name", namespaces=NS) for p in placemarks] == [r.name for r in story.routes]
    for placemark, route in zip(placemarks, story.routes):
        # A route of real road and traced parts is a MultiGeometry of them, in driving order.
        assert placemark.find("k:LineString", NS) is None
        parts = placemark.findall("k:MultiGeometry/k:LineString", NS)
        assert all(line.findtext("k:tessellate", namespaces=NS) == "1" for line in parts)
        assert [[(lon, lat) for lon, lat, _ in _coordinates(line, "k:coordinates")] for line in parts] == [
            list(part) for part in route.parts]
        lines = shown(placemark)
        assert lines[:2] == [route.name, route_summary(route)]
        assert route.properties["note"] in lines
        assert _data(placemark)["part_kinds"] == ", ".join(route.part_kinds)
    corridor = shown(placemarks[0])
    assert corridor[2:5] == ["Part 1 of 2, traced (approximate): Stepanakert → Mets Shen, 24 km",
                             "Part 2 of 2, real road (OpenStreetMap): Mets Shen → Goris, 50 km",
                             "Real road: © OpenStreetMap contributors, ODbL 1.0."]


def test_a_route_of_one_part_stays_one_line_string(story: Story) -> None:
    traced = dataclasses.replace(story.routes[0], parts=(story.routes[0].lonlats,), part_kinds=("traced",))
    (placemark, *_) = _placemarks(_root(story_kml(dataclasses.replace(story, routes=[traced]))), ROUTES_FOLDER)
    line = placemark.find("k:LineString", NS)
    assert [(lon, lat) for lon, lat, _ in _coordinates(line, "k:coordinates")] == list(traced.lonlats)
    assert shown(placemark)[2] == "Part 1 of 1, traced (approximate): 74 km"
    assert not any("OpenStreetMap" in text for text in shown(placemark)[:4])


def test_styles_pins_places_and_one_line_style_per_route(root: ET.Element, story: Story) -> None:
    document = root.find("k:Document", NS)
    styles = {s.get("id"): s for s in document.findall("k:Style", NS)}
    assert {"style-event", "style-place"} <= set(styles)
    assert styles["style-event"].findtext("k:IconStyle/k:color", namespaces=NS) == kml_colour("#23395d")
    for i, placemark in enumerate(_placemarks(root, ROUTES_FOLDER)):
        style = styles[placemark.findtext("k:styleUrl", namespaces=NS).removeprefix("#")]
        assert style.findtext("k:LineStyle/k:color", namespaces=NS) == kml_colour(ROUTE_COLOURS[i])
        assert style.findtext("k:LineStyle/k:width", namespaces=NS) == "4"
    # Every styleUrl points at a style in the file, and ids are unique.
    urls = {e.text for e in root.iter(f"{{{KML_NS}}}styleUrl")}
    assert urls <= {f"#{i}" for i in styles}
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_kml_colour_is_aabbggrr() -> None:
    assert kml_colour("#b2182b") == "ff2b18b2"
    assert kml_colour("#ABCDEF", alpha="80") == "80efcdab"
    with pytest.raises(ValueError):
        kml_colour("red")


def test_no_icon_and_no_url_outside_descriptions(kml: str, root: ET.Element) -> None:
    assert not [e for e in root.iter() if e.tag.split("}")[1] in ("Icon", "href", "Link", "NetworkLink")]
    assert not [(e.tag, k) for e in root.iter() for k, v in e.items() if "http" in v.lower()]
    descriptions = [e.text or "" for e in root.iter(f"{{{KML_NS}}}description")]
    in_descriptions = sum(d.lower().count("http") for d in descriptions)
    # The only other "http" is the namespace declaration.
    assert kml.lower().count("http") == 1 + in_descriptions
    for element in root.iter():
        if element.tag != f"{{{KML_NS}}}description":
            assert "http" not in (element.text or "").lower(), element.tag


def test_hostile_text_stays_text(story: Story) -> None:
    first = dataclasses.replace(story.events[0], title=HOSTILE, summary=HOSTILE, speaker=HOSTILE, quote_kind="direct")
    hostile_route = dataclasses.replace(story.routes[0], name=HOSTILE)
    edited = dataclasses.replace(story, meta=dict(story.meta, title=HOSTILE, framing=HOSTILE),
                                 events=[first, *story.events[1:]], routes=[hostile_route, *story.routes[1:]])
    text = story_kml(edited)
    assert "<script>" not in text and "]]>" not in text and "<![CDATA[" not in text
    root = _root(text)
    document = root.find("k:Document", NS)
    assert document.findtext("k:name", namespaces=NS) == HOSTILE
    assert shown(document) == [HOSTILE, HOSTILE]
    placemark = _placemarks(root, EVENTS_FOLDER)[0]
    assert placemark.findtext("k:name", namespaces=NS) == f"1. {HOSTILE}"
    lines = shown(placemark)
    assert HOSTILE in lines and f"— {HOSTILE} (direct quote)" in lines
    assert _data(placemark)["speaker"] == HOSTILE
    assert _placemarks(root, ROUTES_FOLDER)[0].findtext("k:name", namespaces=NS) == HOSTILE
    # No element came from the text.
    assert not [e for e in root.iter() if e.tag.split("}")[1] in ("script", "b")]


def test_characters_xml_cannot_hold_are_replaced_not_written(story: Story) -> None:
    first = dataclasses.replace(story.events[0], summary="bell\x07 nul\x00 form\x0c crlf\r\nend", title="tab\tok")
    root = _root(story_kml(dataclasses.replace(story, events=[first, *story.events[1:]])))
    placemark = _placemarks(root, EVENTS_FOLDER)[0]
    assert placemark.findtext("k:name", namespaces=NS) == "1. tab\tok"
    lines = shown(placemark)
    assert "bell\ufffd nul\ufffd form\ufffd crlf" in lines and "end" in lines


def _everywhere(story: Story, text: str) -> Story:
    """``story`` with ``text`` in every piece of story text the KML writes."""
    place = next(iter(story.places.values()))
    places = dict(story.places, **{place.id: dataclasses.replace(
        place, name=text, name_armenian_usage=text, name_azerbaijani_usage=text, note=text, coord_source=text)})
    event = dataclasses.replace(story.events[0], title=text, summary=text, quote=text, speaker=text, place_note=text,
                                date_text=text, place=place.id, quote_kind="direct")
    route = story.routes[0]
    route = dataclasses.replace(route, name=text, properties=dict(
        route.properties, description=text, note=text, reported_source=text, reported_distance_text=text))
    return dataclasses.replace(story, meta=dict(story.meta, title=text, framing=text), places=places,
                               events=[event, *story.events[1:]], routes=[route, *story.routes[1:]])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_descriptions_show_story_text_as_text_never_markup(story: Story, payload: str) -> None:
    """Google Earth renders a description as HTML after the XML parser has undone the XML escaping."""
    root = _root(story_kml(_everywhere(story, payload)))
    descriptions = list(root.iter(f"{{{KML_NS}}}description"))
    assert len(descriptions) == 1 + len(story.events) + len(story.places) + len(story.routes)
    for element in descriptions:
        found = Shown(element.text or "")
        assert set(t.lstrip("/") for t in found.tags) <= OUR_TAGS, (payload, found.tags)
        assert "$[" not in (element.text or "")  # Google Earth's entity replacement finds nothing to replace
    document = root.find("k:Document", NS)
    assert shown(document) == [payload, payload]
    event = _placemarks(root, EVENTS_FOLDER)[0]
    lines = shown(event)
    assert lines[0] == f"1. {payload}"
    for expected in (f"Place: {payload}", payload, f"“{payload}”", f"— {payload} (direct quote)", f"Where: {payload}"):
        assert expected in lines, expected
    assert shown(_placemarks(root, PLACES_FOLDER)[0]) == [payload, payload, payload]
    route_lines = shown(_placemarks(root, ROUTES_FOLDER)[0])
    assert route_lines[0] == payload and payload in route_lines
    # Names stay plain text, as KML defines them.
    assert event.findtext("k:name", namespaces=NS) == f"1. {payload}"


def test_no_viewer_template_pastes_a_name_into_html(root: ET.Element) -> None:
    """Every feature uses a style whose balloon is only our description, and shows no snippet of it."""
    document = root.find("k:Document", NS)
    styles = {s.get("id"): s for s in document.findall("k:Style", NS)}
    assert {s.findtext("k:BalloonStyle/k:text", namespaces=NS) for s in styles.values()} == {"$[description]"}
    features = [document, *document.findall("k:Folder", NS), *root.iter(f"{{{KML_NS}}}Placemark")]
    for feature in features:
        assert feature.findtext("k:styleUrl", namespaces=NS).removeprefix("#") in styles
        snippet = feature.find("k:Snippet", NS)
        if feature.tag.endswith("Folder"):
            continue
        assert snippet is not None and snippet.get("maxLines") == "0" and not snippet.text


def test_description_html_escapes_each_line_and_breaks_lines_with_br() -> None:
    assert description_html("a < b\n$[x] & c", "T <i>") == "<b>T &lt;i&gt;</b><br>\na &lt; b<br>\n&#36;[x] &amp; c"
    assert description_html("", "Only a name") == "<b>Only a name</b>"
