"""Build the story's Folium map and render it as one self-sufficient HTML document.

The document is what the app shows (inside the ``storymap`` component, assets
served from geo/web) and what a standalone export writes (assets inlined). A
small engine (``StoryEngine``, engine.js) registers each event's pin by id so a
host page can select an event and hear which pin was clicked.
"""
from __future__ import annotations

import copy

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import Fullscreen
from jinja2 import Template

from geo.assets import localize_assets
from geo.cards import event_html, route_html, route_summary, text_html
from geo.geometry import bounds_latlon, join_lines, midpoint_vertex, to_latlon
from geo.story import Story

ROUTE_COLOURS = ("#b2182b", "#2c5d8f", "#5e3c99", "#1b7837")
PIN_SIZE = 28
PIN_GAP = 4
PINS_PER_ROW = 3
FOCUS_ZOOM = 9
ONLINE_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
BASEMAP_STYLE = {
    "country": {"fillColor": "#f3efe6", "color": "#8c8c8c", "weight": 1.2, "fillOpacity": 1},
    "lake": {"fillColor": "#bcd7ea", "color": "#7fa7c0", "weight": 0.8, "fillOpacity": 1},
    "river": {"color": "#7fa7c0", "weight": 1, "fill": False},
}


class StoryEngine(JSCSSMixin, MacroElement):
    """Registers event pins by id and exposes ``window.storymap`` (see geo/web/engine.js).

    Parameters
    ----------
    markers : dict[str, folium.Marker]
        Event id -> that event's pin.
    focus_zoom : int, default 9
        Zoom level the map flies to when an event is selected.
    home : [[south, west], [north, east]]
        The opening view's bounds (home_bounds); engine.js fits them with room for pins and labels.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.storymap = StoryMap.init({{ this._parent.get_name() }}, {
        {%- for event_id, marker in this.markers.items() %}
            {{ event_id|tojson }}: {{ marker.get_name() }},
        {%- endfor %}
        }, {{ this.options|tojson }});
        {% endmacro %}
        """
    )
    default_js = [("storymap_engine", "engine.js")]
    default_css = [("storymap_engine_css", "engine.css")]

    def __init__(self, markers: dict[str, folium.Marker], path: list[list[float]] | None = None,
                 focus_zoom: int = FOCUS_ZOOM, home: list[list[float]] | None = None):
        super().__init__()
        self._name = "StoryEngine"
        self.markers = markers
        self.options = {"focus_zoom": focus_zoom, "path": path or [], "home": home or []}


class Legend(MacroElement):
    """A small key in the map's corner: what pins, the selected pin, routes and places mean."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "map-legend");
                div.setAttribute("role", "region");
                div.setAttribute("aria-label", "Map key");
                div.innerHTML = {{ this.html|tojson }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, routes: list[tuple[str, str]]):
        super().__init__()
        self._name = "Legend"
        rows = [
            '<span class="key-pin">4</span> event from the article (number = story order)',
            '<span class="key-pin key-selected">4</span> the selected event',
            '<span class="key-dot"></span> place',
            *(f'<span class="key-line" style="background:{colour}"></span> {text_html(name)} (context)'
              for name, colour in routes),
        ]
        self.html = "".join(f"<div>{row}</div>" for row in rows)


def pin_anchor(slot: int, count: int, side: str = "top") -> tuple[int, int]:
    """Icon anchor that puts pin ``slot`` of ``count`` pins in a small grid above (or below) its place.

    Every pin keeps its place's exact coordinates; only the drawing is offset, so
    several events at one place stay individually visible and clickable.
    """
    row, col = divmod(slot, PINS_PER_ROW)
    in_row = min(PINS_PER_ROW, count - row * PINS_PER_ROW)
    step = PIN_SIZE + PIN_GAP
    dx = round((col - (in_row - 1) / 2) * step)
    dy = -(PIN_SIZE // 2 + 10 + row * step) * (1 if side == "top" else -1)
    half = PIN_SIZE // 2
    return half - dx, half - dy


def _label_marker(latlon: list[float], text: str, css_class: str) -> folium.Marker:
    html = f'<div class="{css_class}">{text_html(text)}</div>'
    return folium.Marker(latlon, icon=folium.DivIcon(html=html, icon_size=(0, 0), class_name="map-label-icon"),
                         interactive=False, keyboard=False)


def add_basemap(m: folium.Map, story: Story) -> folium.FeatureGroup | None:
    """The offline Natural Earth basemap: country borders, lakes, rivers and their names."""
    if not story.basemap:
        return None
    group = folium.FeatureGroup(name="Offline basemap (Natural Earth)", control=True)
    # Only the geometry and its layer go to folium: branca re-reads rendered scripts as Jinja
    # templates, so no text from the file may reach them unescaped. (New dicts, too: folium
    # writes ids into the features it is given, and the story is shared and cached.)
    shapes = [{"type": "Feature", "geometry": copy.deepcopy(f["geometry"]),
               "properties": {"layer": f.get("properties", {}).get("layer")}}
              for f in story.basemap.get("features", []) if f.get("geometry")]
    folium.GeoJson(
        {"type": "FeatureCollection", "features": shapes},
        style_function=lambda f: BASEMAP_STYLE.get(f["properties"].get("layer"), BASEMAP_STYLE["country"]),
        interactive=False,
        smooth_factor=0.5,
    ).add_to(group)
    for feature in story.basemap.get("features", []):
        props = feature.get("properties", {})
        if props.get("name") and props.get("label_at"):
            css = {"lake": "lake-label", "label": "region-label"}.get(props.get("layer"), "country-label")
            _label_marker(to_latlon(props["label_at"]), props["name"], css).add_to(group)
    group.add_to(m)
    return group


def add_routes(m: folium.Map, story: Story) -> list[folium.PolyLine]:
    """Each route as a cased line with a popup and a label giving its traced and reported length."""
    group = folium.FeatureGroup(name="Routes (context: traced through documented points)")
    lines = []
    for route, colour in zip(story.routes, ROUTE_COLOURS * 4):
        latlons = [to_latlon(p) for p in route.lonlats]
        folium.PolyLine(latlons, color="#ffffff", weight=9, opacity=0.9, interactive=False).add_to(group)
        line = folium.PolyLine(
            latlons, color=colour, weight=5, opacity=0.95,
            tooltip=folium.Tooltip(f"{text_html(route.name)} · {text_html(route_summary(route))}"),
            popup=folium.Popup(route_html(route), max_width=360, auto_pan_padding=(60, 24)),
            class_name=f"story-route route-{route.id}",
        )
        line.add_to(group)
        lines.append(line)
        label = f"{route.properties.get('short_name') or route.name} · {route_summary(route).split(' · ')[0]}"
        side = "left" if route.properties.get("label_side") == "left" else "right"
        css = f"route-label route-label-{side} route-label-{route.id}"
        _label_marker(to_latlon(midpoint_vertex(route.lonlats)), label, css).add_to(group)
    group.add_to(m)
    return lines


def add_places(m: folium.Map, story: Story, names: str = "both") -> list[folium.CircleMarker]:
    """A dot per place; the main places are labelled without a click, the others on hover."""
    group = folium.FeatureGroup(name="Places")
    dots = []
    for place in story.places.values():
        dot = folium.CircleMarker(
            to_latlon(place.lonlat), radius=5, color="#1f1f1f", weight=2, fill=True, fill_color="#ffffff",
            fill_opacity=1, class_name=f"place-dot place-{place.id}",
            tooltip=folium.Tooltip(
                text_html(place.label(names)), permanent=place.labelled, direction=place.label_direction,
                class_name="place-label" if place.labelled else "place-hover", offset=(0, 0),
            ),
        )
        dot.add_to(group)
        dots.append(dot)
    group.add_to(m)
    return dots


def add_event_pins(m: folium.Map, story: Story, names: str = "both") -> dict[str, folium.Marker]:
    """A numbered pin per event, with the event card as its popup; returns {event id: pin}."""
    group = folium.FeatureGroup(name="Events from the article")
    pins: dict[str, folium.Marker] = {}
    for place_id in story.places:
        here = story.events_at(place_id)
        for slot, event in enumerate(here):
            number = story.number(event.id)
            html = (f'<div class="story-pin" data-event-id="{text_html(event.id)}" '
                    f'aria-label="Event {number}: {text_html(event.title)}">{number}</div>')
            pin = folium.Marker(
                to_latlon(story.places[place_id].lonlat),
                icon=folium.DivIcon(html=html, icon_size=(PIN_SIZE, PIN_SIZE), icon_anchor=pin_anchor(slot, len(here), story.places[place_id].pin_side),
                                    class_name="story-pin-icon"),
                tooltip=folium.Tooltip(f"{number}. {text_html(event.title)}"),
                popup=folium.Popup(event_html(story, event, names), max_width=360, auto_pan_padding=(60, 24)),
            )
            pin.add_to(group)
            pins[event.id] = pin
    group.add_to(m)
    return {event.id: pins[event.id] for event in story.events}


def home_bounds(story: Story) -> list[list[float]]:
    """The opening view: the story's home places, or every place if it names none."""
    home = story.meta.get("home_places") or list(story.places)
    return bounds_latlon(story.places[p].lonlat for p in home if p in story.places)


def build_map(story: Story, names: str = "both") -> folium.Map:
    """The whole story map: basemap, optional online tiles (off), routes, places, pins, engine."""
    home = home_bounds(story)
    limits = {}
    if story.basemap and isinstance(story.basemap.get("bbox"), list) and len(story.basemap["bbox"]) == 4:
        west, south, east, north = story.basemap["bbox"]
        limits = {"max_bounds": True, "min_lat": south, "max_lat": north, "min_lon": west, "max_lon": east}
    # keyboard=False: the arrow keys step through the story instead of panning the map.
    # zoom_snap 0.25: the opening view (engine.js home()) fits closely at any size, not to a whole zoom level.
    m = folium.Map(tiles=None, control_scale=True, zoom_start=8, min_zoom=6, max_zoom=14, keyboard=False, zoom_snap=0.25,
                   location=[sum(c) / 2 for c in zip(*home)], max_bounds_viscosity=1.0, **limits)
    # Only what the map uses: Leaflet, and jQuery for folium's popups (no Bootstrap, no icon fonts).
    m.default_js = [a for a in m.default_js if a[0] in ("leaflet", "jquery")]
    m.default_css = [a for a in m.default_css if a[0] == "leaflet_css"]
    add_basemap(m, story)
    folium.TileLayer(ONLINE_TILES, name="OpenStreetMap tiles (online)", overlay=True, show=False,
                     attr="&copy; OpenStreetMap contributors").add_to(m)
    add_routes(m, story)
    add_places(m, story, names)
    pins = add_event_pins(m, story, names)
    Fullscreen(position="topleft", title="Full screen", title_cancel="Leave full screen").add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    Legend([(r.properties.get("short_name") or r.name, c) for r, c in zip(story.routes, ROUTE_COLOURS * 4)]).add_to(m)
    path = join_lines(r.lonlats for r in story.routes)
    StoryEngine(pins, [to_latlon(p) for p in path], home=home).add_to(m)  # it fits the opening view
    return m


def render_map_html(story: Story, names: str = "both", inline: bool = False) -> str:
    """The map as one HTML document whose every asset is ours (see ``geo.assets``)."""
    figure = build_map(story, names).get_root()
    figure.title = text_html(f"{story.meta.get('title') or 'Story'}: map")
    html = figure.render().replace("<html>", '<html lang="en">', 1)
    return localize_assets(html, inline=inline)
