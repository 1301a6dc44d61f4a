"""The story map: a Folium document that holds no story text, and the story as data for its engine.

branca renders a map by compiling each element's rendered script as a Jinja template again,
so any string that reached a folium object would be template *source* on the server. So no
story text ever does: ``map_shell_html`` is the same document for every story (Leaflet, the
full-screen control and geo/web/engine.js), and ``map_data`` is the story as plain JSON data,
from which engine.js builds the basemap, routes, places, pins, labels, popups and key with
Leaflet, putting every piece of text in as a text node. The app serves the shell as
geo/web/map.html (written by scripts/build_map_shell.py); the standalone copy inlines it.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from functools import lru_cache

from geo.assets import WEB_DIR, localize_assets
from geo.basemaps import basemap_of
from geo.cards import part_names, route_card, route_lengths, route_summary
from geo.credits import map_credits
from geo.geometry import bounds_latlon, midpoint_vertex, to_latlon, vertices_along
from geo.story import Story

ROUTE_COLOURS = ("#b2182b", "#2c5d8f", "#5e3c99", "#1b7837")
PIN_SIZE = 28
PIN_GAP = 4
PINS_PER_ROW = 3
FOCUS_ZOOM = 9
MIN_ZOOM, MAX_ZOOM = 5, 14  # 5: a far event (Ankara) and the home region fit in one view on a small map
WORLD_MIN_ZOOM = 2  # a story with no basemap bounds may span the world
ONLINE_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
SHELL_FILE = WEB_DIR / "map.html"


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


def home_bounds(story: Story) -> list[list[float]]:
    """The opening view: the story's home places, or every place if it names none."""
    home = story.meta.get("home_places") or list(story.places)
    return bounds_latlon(story.places[p].lonlat for p in home if p in story.places)


def _basemap_layers(basemap: dict) -> tuple[dict, dict | None]:
    """The basemap as engine.js draws it: what is always drawn ({shapes, labels}), and the detail drawn from a zoom
    on ({minzoom, shapes, labels}, each piece with its own minzoom; None if there is none)."""
    base: dict = {"shapes": [], "labels": []}
    detail: dict = {"shapes": [], "labels": []}
    for feature in basemap.get("features", []):
        props = feature.get("properties") or {}
        zoom = props.get("minzoom")
        into = base if zoom is None else detail
        extra = {} if zoom is None else {"minzoom": zoom}
        if feature.get("geometry"):
            into["shapes"].append({"layer": props.get("layer"), "geometry": feature["geometry"], **extra})
        if props.get("name") and props.get("label_at"):
            into["labels"].append({"text": props["name"], "latlon": to_latlon(props["label_at"]), "layer": props.get("layer"),
                                   **extra})
    pieces = detail["shapes"] + detail["labels"]
    return base, ({"minzoom": min(p["minzoom"] for p in pieces), **detail} if pieces else None)


def _detail_named(detail: dict) -> tuple[str, bytes]:
    """The detail as JSON bytes, named by a digest of them: a browser may keep the file as long as it likes."""
    body = json.dumps({"shapes": detail["shapes"], "labels": detail["labels"]}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
    return f"basemap-detail-{hashlib.sha256(body).hexdigest()[:12]}.json", body


def detail_file(story: Story) -> tuple[str, bytes] | None:
    """The basemap's detail as a file a server gives out when the map is first zoomed in: (name, JSON bytes)."""
    detail = _basemap_layers(basemap_of(story))[1]
    return None if detail is None else _detail_named(detail)


def _basemap_data(story: Story, detail_at: str | None) -> dict:
    """The basemap's shapes and name labels; its detail inline, or (``detail_at``: the address of the folder that
    serves detail_file) by address, fetched by engine.js only when the map is zoomed in that far."""
    base, detail = _basemap_layers(basemap_of(story))
    if detail is not None and detail_at is not None:  # split once: the file is named from this same detail
        detail = {"minzoom": detail["minzoom"], "url": detail_at + _detail_named(detail)[0]}
    return {**base, "detail": detail}


def _middle_first(points: list) -> list:
    """The points ordered from the middle outwards: [a, b, c, d, e] -> [c, b, d, a, e]."""
    mid = (len(points) - 1) / 2
    return sorted(points, key=lambda p: (abs(points.index(p) - mid), points.index(p)))


def _routes_data(story: Story) -> list[dict]:
    """Each route as engine.js draws it: the whole line (``latlons``) and its ``parts``, each "road" (real road
    geometry, drawn solid) or "traced" (approximate, drawn dashed), with the part's name ("" if none)."""
    routes = []
    for route, colour in zip(story.routes, ROUTE_COLOURS * (len(story.routes) // len(ROUTE_COLOURS) + 1)):
        summary = route_summary(route)
        names = part_names(route)
        road, traced = route_lengths(route)  # the label stays short: the whole length; "traced" if it has no road
        length = f"{traced} km traced" if "road" not in route.part_kinds else f"{road + traced} km"
        routes.append({
            "id": route.id, "colour": colour,
            "parts": [{"kind": kind, "name": name, "latlons": [to_latlon(p) for p in part]}
                      for part, kind, name in zip(route.parts, route.part_kinds, names)],
            "tooltip": f"{route.name} · {summary}",
            "label": f"{route.properties.get('short_name') or route.name} · {length}",
            "label_at": to_latlon(midpoint_vertex(route.lonlats)),
            # Other spots on the line where engine.js may hang the label if the middle has no room.
            "label_points": [to_latlon(p) for p in _middle_first(vertices_along(route.lonlats, 5))],
            "label_side": "left" if route.properties.get("label_side") == "left" else "right",
            "key": route.properties.get("short_name") or route.name,
            "card": route_card(route),
        })
    return routes


def _pins_data(story: Story) -> list[dict]:
    """One pin per event, in story order, each drawn in its place's grid (one pass over the events)."""
    at_place: dict[str, list[int]] = defaultdict(list)
    for i, event in enumerate(story.events):
        at_place[event.place].append(i)
    pins: list[dict] = [{}] * len(story.events)
    for place_id, indexes in at_place.items():
        place = story.places[place_id]
        for slot, i in enumerate(indexes):
            event = story.events[i]
            pins[i] = {"id": event.id, "number": i + 1, "title": event.title, "place": place_id, "latlon": to_latlon(place.lonlat),
                       "anchor": list(pin_anchor(slot, len(indexes), place.pin_side))}
    return pins


def map_data(story: Story, names: str = "both", detail_at: str | None = None) -> dict:
    """Everything engine.js draws, as JSON-ready data: [lat, lon] pairs, numbers and plain text.

    Text here is plain, not HTML: the engine sets it as text, so it needs no escaping and no
    character of it can act as markup, script or template. ``detail_at``: see _basemap_data.
    """
    bbox = (story.basemap or {}).get("bbox")  # the world basemap sets no bounds: a story may span the world
    max_bounds = None
    if isinstance(bbox, list) and len(bbox) == 4:
        west, south, east, north = bbox
        max_bounds = [[south, west], [north, east]]
    return {
        "home": home_bounds(story),
        "focus_zoom": FOCUS_ZOOM,
        "min_zoom": MIN_ZOOM if max_bounds else WORLD_MIN_ZOOM,
        "max_zoom": MAX_ZOOM,
        "max_bounds": max_bounds,
        "tiles": ONLINE_TILES,
        "pin_size": PIN_SIZE,
        "basemap": _basemap_data(story, detail_at),
        "credits": map_credits(story),  # plain text: engine.js escapes it for Leaflet's credits
        "routes": _routes_data(story),
        "places": [{"id": p.id, "label": p.label(names), "latlon": to_latlon(p.lonlat), "labelled": p.labelled,
                    "direction": p.label_direction} for p in story.places.values()],
        "pins": _pins_data(story),
    }


def _shell_map():
    """The folium map every story is drawn on: Leaflet, the full-screen button and the engine, no data.

    Element ids are fixed, so that the document is the same on every build (geo/web/map.html is
    checked against it by the tests).
    """
    import folium  # about a second to import: only when a shell is built (the app serves map.html)
    from branca.element import MacroElement
    from folium.elements import JSCSSMixin
    from folium.plugins import Fullscreen
    from jinja2 import Template

    class StoryEngine(JSCSSMixin, MacroElement):
        """Hands the map to geo/web/engine.js (``StoryMap.attach``); the host then gives it the story."""

        _template = Template("""
            {% macro script(this, kwargs) %}
            StoryMap.attach({{ this._parent.get_name() }});
            {% endmacro %}
        """)
        default_js = [("gesture_handling", "vendor/leaflet-gesture-handling-1.2.2/leaflet-gesture-handling.min.js"),
                      ("storymap_card", "card.js"), ("storymap_engine", "engine.js")]
        default_css = [("gesture_handling_css", "vendor/leaflet-gesture-handling-1.2.2/leaflet-gesture-handling.min.css"),
                       ("storymap_engine_css", "engine.css")]

    # keyboard=False: the arrow keys step through the story instead of panning the map.
    # zoom_snap 0.25: the opening view (engine.js home()) fits closely at any size, not to a whole zoom level.
    m = folium.Map(tiles=None, control_scale=True, location=[0, 0], zoom_start=WORLD_MIN_ZOOM, min_zoom=WORLD_MIN_ZOOM,
                   max_zoom=MAX_ZOOM, keyboard=False, zoom_snap=0.25, max_bounds_viscosity=1.0)
    # Only what the map uses: Leaflet (no jQuery, Bootstrap or icon fonts: the engine builds popups itself).
    m.default_js = [a for a in m.default_js if a[0] == "leaflet"]
    m.default_css = [a for a in m.default_css if a[0] == "leaflet_css"]
    m._id = "story"
    fullscreen = Fullscreen(position="topleft", title="Full screen", title_cancel="Leave full screen")
    fullscreen._id = "story"
    fullscreen.add_to(m)
    engine = StoryEngine()
    engine._name, engine._id = "StoryEngine", "story"
    engine.add_to(m)
    root = m.get_root()
    root._id = "story"
    root.title = "Story map"
    return m


@lru_cache(maxsize=2)
def map_shell_html(inline: bool = False) -> str:
    """The map document, the same for every story: served as geo/web/map.html, or inlined (``inline``)."""
    html = _shell_map().get_root().render().replace("<html>", '<html lang="en">', 1)
    return localize_assets(html, inline=inline)
