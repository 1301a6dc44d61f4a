"""The rendered map document: pins, routes, labels, escaping, and nothing from a CDN."""
from __future__ import annotations

import dataclasses
import re

import pytest

from geo.mapbuild import build_map, pin_anchor, render_map_html


def readable(html: str) -> str:
    """The document with folium's JSON string escapes undone, as the browser will read it."""
    html = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html)
    return html.replace('\\"', '"')


@pytest.fixture(scope="module")
def html(story) -> str:
    return readable(render_map_html(story))


def test_every_event_has_one_pin(story, html):
    for event in story.events:
        assert html.count(f'<div class="story-pin" data-event-id="{event.id}"') == 1, event.id
    assert html.count('class="story-pin"') == len(story.events)


def test_rendering_leaves_the_story_unchanged(story):
    before = repr(story)
    render_map_html(story)
    assert repr(story) == before


def test_pins_keep_their_place_coordinates(story):
    m = build_map(story)
    engine = next(c for c in m._children.values() if type(c).__name__ == "StoryEngine")
    for event_id, marker in engine.markers.items():
        place = story.places[story.event(event_id).place]
        assert marker.location == [place.lonlat[1], place.lonlat[0]]


def test_both_routes_are_drawn_with_their_length(story, html):
    assert "route-lachin-corridor" in html and "route-goris-yerevan" in html
    assert "Lachin corridor · 55 km traced" in html
    assert "Goris–Yerevan (M2) · 200 km traced" in html


def test_main_places_are_labelled_without_a_click(html):
    for label in ("Stepanakert / Khankendi", "Lachin / Berdzor", "Goris", "Yerevan", "Nakhchivan"):
        assert re.search(r'bindTooltip\(\s*`<div>\s*' + re.escape(label) + r"\s*</div>`,\s*\{[^}]*\"permanent\": true", html), label


def test_online_tiles_are_offered_but_off(html):
    assert "tile.openstreetmap.org" in html
    tile_var = re.search(r"var (tile_layer_\w+) = L\.tileLayer\(\s*\"https://tile\.openstreetmap", html).group(1)
    assert f"{tile_var}.addTo(" not in html


def test_scripts_and_styles_are_all_local(html):
    sources = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert sources and all(not s.startswith(("http:", "https:", "//")) for s in sources)
    assert "vendor/leaflet-1.9.3/leaflet.js" in sources and "engine.js" in sources


def test_story_text_is_escaped_in_popups_and_tooltips(story):
    evil = "<img src=x onerror=alert(1)>"
    event = dataclasses.replace(story.events[0], title=evil, quote=evil)
    hostile = dataclasses.replace(story, events=[event, *story.events[1:]])
    html = readable(render_map_html(hostile))
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_pins_at_one_place_do_not_overlap():
    anchors = [pin_anchor(i, 6) for i in range(6)]
    assert len(set(anchors)) == 6
    assert pin_anchor(0, 1) == (14, 38)
    assert pin_anchor(0, 1, "bottom") == (14, -10)


def test_text_is_inert_inside_folium_template_literals(story):
    evil = "`${window.pwned = 1}` \\u0041"
    event = dataclasses.replace(story.events[0], title=evil, summary=evil, quote=evil)
    hostile = dataclasses.replace(story, events=[event, *story.events[1:]])
    html = render_map_html(hostile)
    assert "${window.pwned" not in html and "`${" not in html
    assert "&#96;&#36;&#123;window.pwned = 1&#125;&#96; &#92;u0041" in html


def test_story_text_never_runs_as_a_template_on_the_server(story):
    """branca compiles rendered scripts as Jinja templates again: {{ }} in story text must stay text."""
    probe = "{{ 6 * 7 }}{% if true %}RANXYZ{% endif %}"
    event = dataclasses.replace(story.events[0], title=probe, summary=probe, quote=probe, speaker=probe)
    basemap = {**story.basemap, "features": [
        {**f, "properties": {**f["properties"], "name": probe}} for f in story.basemap["features"]]}
    meta = {**story.meta, "title": probe}
    hostile = dataclasses.replace(story, events=[event, *story.events[1:]], basemap=basemap, meta=meta)
    html = readable(render_map_html(hostile))
    assert "42RANXYZ" not in html  # what the template would have made of it
    assert html.count("&#123;&#123; 6 * 7 &#125;&#125;&#123;% if true %&#125;RANXYZ") >= 4
