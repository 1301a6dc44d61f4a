"""A static map of the story for print and slides, drawn with GeoPandas and Matplotlib.

It shows what the web map shows, offline and legible in black and white: the Natural Earth
basemap, the routes (told apart by colour and width; real road solid, traced stretches dashed),
place dots and names, and numbered event pins.
Events whose place lies outside the map get a note at its edge, so none is silently lost.
Only ``matplotlib.figure.Figure`` is used (no pyplot), so drawing is safe in Streamlit threads.
Every text is drawn as plain text (``PLAIN``): matplotlib would otherwise read ``$…$`` in a name as
mathtext, drawing "$x^2$" as x² and failing the whole map on "$$" or "$\\undefined$".
"""
from __future__ import annotations

import io
import math
import re
from itertools import pairwise

import geopandas as gpd
import numpy as np
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox, offset_copy
from pyproj import Transformer
from shapely.geometry import Point, box, shape

from geo.basemaps import basemap_of
from geo.cards import route_lengths
from geo.credits import credits_line
from geo.geometry import length_km, midpoint_vertex, vertices_along
from geo.mapbuild import home_bounds
from geo.story import Route, Story

CRS = "EPSG:3857"
PAD = 0.15
PIN_SIZE = 15  # points
PIN_GAP = 2
PINS_PER_ROW = 3
FONT = 8
LAND, BORDER, WATER, RIVER = "#ececec", "#555555", "#c6dcec", "#8fb3cc"
ROUTE_STYLES = (  # dark and told apart by width (and colour), so a grey print keeps them apart; dashes mean "traced"
    {"color": "#6b0f1a", "linewidth": 4.0},
    {"color": "#1d3557", "linewidth": 2.2},
    {"color": "#333333", "linewidth": 3.0},
    {"color": "#333333", "linewidth": 1.4},
)
PART_LINESTYLES = {"road": "solid", "traced": (0, (2.5, 1.5))}  # in multiples of the line width
TRACED_KEY = "traced through documented places: approximate"
TRACED_NOTE = "Dashed: traced through documented places (approximate)."
LABEL_ANCHORS = 9  # points along a route where its label may hang (each tried with every offset)
HALO = [patheffects.withStroke(linewidth=2.5, foreground="white")]
PLAIN = {"parse_math": False, "usetex": False}  # for every Text: story text is never TeX or mathtext
_SURROGATE = re.compile("[\ud800-\udfff]")
_TO_MAP = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
_TO_LONLAT = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)


def drawable(text: str) -> str:
    """``text`` as FreeType takes it: a lone surrogate (it cannot be encoded) becomes U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def route_label(route: Route) -> str:
    """'Lachin corridor · 50 km road + 24 km traced = 74 km · reported about 100 km': drawn one part a line.

    A route with no real road: 'The road · 176 km traced · …'."""
    road, traced = route_lengths(route)
    if "road" not in route.part_kinds:
        length = f"{traced} km traced"
    elif "traced" not in route.part_kinds:
        length = f"{road} km road"
    else:
        length = f"{road} km road + {traced} km traced = {road + traced} km"
    text = f"{route.properties.get('short_name') or route.name} · {length}"
    if route.reported_distance_km:
        text += f" · reported about {route.reported_distance_km:g} km"
    return text


def attribution(story: Story) -> str:
    """The credits line of what this picture draws (geo/credits.py: no zoomed-in detail), and what a dashed line is."""
    traced = any("traced" in r.part_kinds for r in story.routes)
    line = credits_line(story, detail=False)
    return " ".join(part for part in (line + "." if line else "", TRACED_NOTE if traced else "") if part)


def _extent(bounds: list[list[float]], aspect: float, pad: float) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) in map metres: the lat/lon bounds, padded, widened to the axes' aspect."""
    (south, west), (north, east) = bounds
    (x0, x1), (y0, y1) = _TO_MAP.transform([west, east], [south, north])
    dx, dy = max(x1 - x0, 1000.0), max(y1 - y0, 1000.0)
    x0, x1, y0, y1 = x0 - pad * dx, x1 + pad * dx, y0 - pad * dy, y1 + pad * dy
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
    w, h = max(w, h * aspect), max(h, w / aspect)
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def _renderer(fig: Figure):
    """The figure's renderer, giving it an Agg canvas if it has none, to measure text."""
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


def _place(ax, renderer, taken: list[Bbox], anchors: list, text: str, candidates, avoid: list[Bbox] = (),
           force: bool = True, leader: bool = False, **style) -> Text | None:
    """Put ``text`` at the first offset (points) from an anchor point where it covers nothing placed yet.

    Offsets are tried in order, each from every anchor in turn (the first anchor is preferred).
    The text also keeps off ``avoid`` (the routes); a ``leader`` line back to its anchor keeps off
    them too. Without a free spot it takes the least bad one inside the map (``force``), or is left
    out (basemap names).
    """
    text = drawable(text)
    frame = ax.get_window_extent(renderer)
    arrow = {"arrowstyle": "-", "color": "#222222", "linewidth": 0.7, "shrinkA": 0, "shrinkB": 2} if leader else None
    points, near = ax.figure.dpi / 72, 8 * ax.figure.dpi / 72
    hard, soft = _extents(taken), _extents(avoid)
    shapes: dict[tuple[str, str], Bbox] = {}  # the text's box around its anchor, per alignment

    def annotate(xy, dx, dy, ha, va) -> Text:
        return ax.annotate(text, xy, xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                           arrowprops=arrow, zorder=6, **style, **PLAIN)

    tries = [(xy, offset) for offset in candidates for xy in anchors]
    best: tuple[int, int] | None = None
    for i, (xy, (dx, dy, ha, va)) in enumerate(tries):
        if (ha, va) not in shapes:
            t = annotate(anchors[0], 0, 0, ha, va)
            shapes[ha, va] = _text_box(t, renderer).translated(*-ax.transData.transform(anchors[0]))
            t.remove()
        start = ax.transData.transform(xy)
        bbox = shapes[ha, va].translated(start[0] + dx * points, start[1] + dy * points)
        if not (frame.contains(bbox.x0, bbox.y0) and frame.contains(bbox.x1, bbox.y1)):
            continue
        # Covering a pin or a name is worst, then text on a route, then a leader across things.
        hits = 100 * _hits(_extents([bbox]), hard) + 10 * _hits(_extents([bbox]), soft)
        if leader:
            path = _leader_extents(start, ((bbox.x0 + bbox.x1) / 2, (bbox.y0 + bbox.y1) / 2), bbox, near)
            hits += 20 * _hits(path, hard) + _hits(path, soft)
        if not hits:
            taken.append(bbox)
            return annotate(xy, dx, dy, ha, va)
        best = min(best or (hits, i), (hits, i))
    if not force:
        return None
    xy, (dx, dy, ha, va) = tries[best[1] if best else 0]
    t = annotate(xy, dx, dy, ha, va)
    taken.append(_text_box(t, renderer))
    return t


def _leader_extents(start, end, label: Bbox, near: float, step: float = 6.0) -> np.ndarray:
    """Small boxes (2 px) every ``step`` pixels along a leader line, as ``_extents`` gives them: leaving out those
    under the label and those within ``near`` of the anchor (the line starts on its own place)."""
    (x0, y0), (x1, y1) = start, end
    n = max(1, int(math.hypot(x1 - x0, y1 - y0) / step))
    k = np.arange(n + 1) / n
    x, y = x0 + (x1 - x0) * k, y0 + (y1 - y0) * k
    boxes = np.stack([x - 1, y - 1, x + 1, y + 1], axis=1)
    # Touching counts as under, as in Bbox.overlaps.
    under = (boxes[:, 2] >= label.x0) & (boxes[:, 0] <= label.x1) & (boxes[:, 3] >= label.y0) & (boxes[:, 1] <= label.y1)
    far = np.hypot(boxes[:, 0] - x0, boxes[:, 1] - y0) > near
    return boxes[~under & far]


def _extents(boxes) -> np.ndarray:
    """Boxes as an (n, 4) array of x0, y0, x1, y1, to test overlaps all at once."""
    return np.array([b.extents for b in boxes]).reshape(-1, 4)


def _hits(a: np.ndarray, b: np.ndarray) -> int:
    """How many boxes of ``b`` overlap any box of ``a``."""
    if not len(a) or not len(b):
        return 0
    a, b = a[:, None, :], b[None, :, :]
    overlap = (a[..., 0] < b[..., 2]) & (b[..., 0] < a[..., 2]) & (a[..., 1] < b[..., 3]) & (b[..., 1] < a[..., 3])
    return int(overlap.any(axis=0).sum())


def _text_box(t: Text, renderer) -> Bbox:
    """The display box of an annotation's text alone, with a small margin."""
    t.update_positions(renderer)
    if t.get_bbox_patch():
        t.update_bbox_position_size(renderer)
        return t.get_bbox_patch().get_window_extent(renderer).padded(2)
    return Text.get_window_extent(t, renderer).padded(2)


def _segment_boxes(points, width: float, step: float = 6.0) -> list[Bbox]:
    """Small display boxes every ``step`` pixels along a polyline, so names can keep off it."""
    boxes = []
    for (x0, y0), (x1, y1) in pairwise(points):
        n = max(1, int(math.hypot(x1 - x0, y1 - y0) / step))
        for k in range(n + 1):
            x, y = x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n
            boxes.append(Bbox([[x - width / 2, y - width / 2], [x + width / 2, y + width / 2]]))
    return boxes


def _pin(ax, taken: list[Bbox], xy, dx: float, dy: float, number: int) -> None:
    """A black disc with a white number, ``dx, dy`` points from ``xy`` (its place keeps its exact point)."""
    where = offset_copy(ax.transData, fig=ax.figure, x=dx, y=dy, units="points")
    ax.plot(*xy, marker="o", markersize=PIN_SIZE, color="black", markeredgecolor="white", markeredgewidth=1.2,
            transform=where, zorder=8, clip_on=False)
    size = FONT + 1 if number < 10 else FONT
    ax.text(*xy, str(number), transform=where, color="white", fontsize=size, fontweight="bold",
            ha="center", va="center_baseline", zorder=9, clip_on=False, **PLAIN)
    taken.append(_pin_box(ax, xy, dx, dy))


def _pin_box(ax, xy, dx: float, dy: float) -> Bbox:
    """The display box of a pin drawn ``dx, dy`` points from ``xy``."""
    cx, cy = ax.transData.transform(xy)
    k = ax.figure.dpi / 72
    r = (PIN_SIZE / 2 + 1) * k
    return Bbox([[cx + dx * k - r, cy + dy * k - r], [cx + dx * k + r, cy + dy * k + r]])


def _grid(ax, pins: list[Bbox], xy, count: int, side: str) -> tuple[list[tuple[float, float]], float]:
    """Offsets of a place's pins that cover no pin drawn yet and stay on the map.

    Its own side first, then the other, then rows pushed further out; returns the offsets and how
    far (points) they were pushed, so a leader can tie a pushed grid to its place.
    """
    frame, taken = ax.get_window_extent(), _extents(pins)
    tries = []
    for push in range(6):
        for s in (side, "bottom" if side == "top" else "top"):
            sign = 1 if s == "top" else -1
            offsets = [(dx, dy + sign * push * (PIN_SIZE + PIN_GAP)) for dx, dy in
                       (pin_offset(slot, count, s) for slot in range(count))]
            boxes = [_pin_box(ax, xy, dx, dy) for dx, dy in offsets]
            hits = _hits(_extents(boxes), taken) + sum(not (frame.contains(b.x0, b.y0) and frame.contains(b.x1, b.y1))
                                                       for b in boxes)
            if not hits:
                return offsets, sign * push * (PIN_SIZE + PIN_GAP)
            tries.append((hits, len(tries), offsets, sign * push * (PIN_SIZE + PIN_GAP)))
    _, _, offsets, pushed = min(tries)
    return offsets, pushed


def pin_offset(slot: int, count: int, side: str = "top") -> tuple[float, float]:
    """Offset in points of pin ``slot`` of ``count`` at one place: a small grid above (or below) it."""
    row, col = divmod(slot, PINS_PER_ROW)
    in_row = min(PINS_PER_ROW, count - row * PINS_PER_ROW)
    step = PIN_SIZE + PIN_GAP
    dx = (col - (in_row - 1) / 2) * step
    dy = (PIN_SIZE / 2 + 6 + row * step) * (1 if side == "top" else -1)
    return dx, dy


def _edge_note(ax, renderer, taken: list[Bbox], xy, extent, label: str, numbers: list[int]) -> None:
    """Pins and the place's name at the map's border, with an arrow towards a place beyond it."""
    x0, x1, y0, y1 = extent
    x, y = xy
    inset_x, inset_y = 0.02 * (x1 - x0), 0.08 * (y1 - y0)
    ex, ey = min(max(x, x0 + inset_x), x1 - inset_x), min(max(y, y0 + inset_y), y1 - inset_y)
    angle = math.degrees(math.atan2(y - (y0 + y1) / 2, x - (x0 + x1) / 2))
    arrow = "→↗↑↖←↙↓↘"[round(angle / 45) % 8]
    step = PIN_SIZE + PIN_GAP
    east = x > x1 or (x0 <= x <= x1 and x > (x0 + x1) / 2)
    sign = -1 if east else 1
    pins = [sign * (PIN_SIZE / 2 + i * step) for i in range(len(numbers))]
    for dx, n in zip(pins if not east else pins[::-1], numbers):
        _pin(ax, taken, (ex, ey), dx, 0, n)
    edge = pins[-1] + sign * (PIN_SIZE / 2 + 4)
    text = drawable(f"{label} {arrow}" if east else f"{arrow} {label}")
    t = ax.annotate(text, (ex, ey), xytext=(edge, 0), textcoords="offset points", ha="right" if east else "left",
                    va="center", fontsize=FONT + 1, fontweight="bold", zorder=9, path_effects=HALO, **PLAIN)
    taken.append(_text_box(t, renderer))


def _layer(feature: dict, known) -> str | None:
    """A basemap feature's layer if it is one the map draws, else None."""
    layer = (feature.get("properties") or {}).get("layer")
    return layer if isinstance(layer, str) and layer in known else None


def _features(story: Story) -> list[dict]:
    """The basemap features a picture at the opening view draws: none of the zoomed-in detail (a minzoom)."""
    return [f for f in basemap_of(story).get("features", []) if (f.get("properties") or {}).get("minzoom") is None]


def _basemap(ax, story: Story, frame) -> list[tuple]:
    """Countries, lakes and rivers; returns the names to label as (xy, name, layer)."""
    styles = {"country": {"facecolor": LAND, "edgecolor": BORDER, "linewidth": 0.9},
              "lake": {"facecolor": WATER, "edgecolor": RIVER, "linewidth": 0.5},
              "river": {"color": RIVER, "linewidth": 0.7}}
    # Only the geometry and a known layer go into the table: names and any other member stay out of pandas
    # (a lone surrogate in a name failed pyarrow's string column).
    features = [{"type": "Feature", "geometry": f["geometry"], "properties": {"layer": _layer(f, styles)}}
                for f in _features(story) if f.get("geometry")]
    if not features:
        return []
    gdf = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326").to_crs(CRS)
    for order, layer in enumerate(("country", "lake", "river")):
        part = gdf[gdf["layer"] == layer]
        if len(part):
            part.plot(ax=ax, zorder=1 + order, **styles[layer])
    names = []
    for feature in _features(story):
        props = feature.get("properties", {})
        if not props.get("name") or not props.get("label_at"):
            continue
        xy = _TO_MAP.transform(*props["label_at"])
        if not frame.contains(Point(xy)) and feature.get("geometry"):
            seen = gpd.GeoSeries([shape(feature["geometry"])], crs="EPSG:4326").to_crs(CRS).iloc[0].intersection(frame)
            if seen.is_empty or seen.area < 0.02 * frame.area:
                continue
            xy = seen.representative_point().coords[0]
        if frame.contains(Point(xy)):
            names.append((xy, props["name"], props.get("layer")))
    return names


def _scale_bar(ax, renderer, taken: list[Bbox], extent) -> None:
    """A bar of a round number of km, true at the map's middle latitude (Mercator stretches with latitude)."""
    x0, x1, y0, y1 = extent
    lat = _TO_LONLAT.transform((x0 + x1) / 2, (y0 + y1) / 2)[1]
    metres_per_km = 1000 / math.cos(math.radians(lat))
    km = max([k for k in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500) if k <= (x1 - x0) / metres_per_km / 6] or [1])
    bx, by, length, tall = x0 + 0.02 * (x1 - x0), y0 + 0.045 * (y1 - y0), km * metres_per_km, 0.006 * (y1 - y0)
    for i, colour in enumerate(("black", "white")):
        ax.add_patch(Rectangle((bx + i * length / 2, by), length / 2, tall, facecolor=colour, edgecolor="black",
                               linewidth=0.8, zorder=7))
    texts = [(bx, by + 2.6 * tall, "0", "center", "bottom"), (bx + length, by + 2.6 * tall, f"{km} km", "left", "bottom"),
             (bx, by - 1.2 * tall, f"at {lat:.1f}° N", "left", "top")]
    for x, y, text, ha, va in texts:
        t = ax.text(x, y, text, fontsize=FONT - 1, ha=ha, va=va, zorder=7, path_effects=HALO, **PLAIN)
        taken.append(t.get_window_extent(renderer))
    taken.append(Bbox(ax.transData.transform([(bx, by), (bx + length, by + tall)])))


def _legend(ax, renderer, taken: list[Bbox], story: Story, edge: bool) -> None:
    """A small key, in the first corner where it covers nothing: pins, places, routes (context), edge notes."""
    handles = [
        Line2D([], [], marker="o", markersize=PIN_SIZE * 0.75, color="black", linestyle="none",
               label="event from the article (number = story order)"),
        Line2D([], [], marker="o", markersize=6, color="white", markeredgecolor="black", markeredgewidth=1.4,
               linestyle="none", label="place"),
        *(Line2D([], [], label=drawable(f"{r.properties.get('short_name') or r.name} (route: context)"),
                 **ROUTE_STYLES[i % len(ROUTE_STYLES)]) for i, r in enumerate(story.routes)),
        *([Line2D([], [], label=TRACED_KEY, color="#333333", linewidth=2.2, linestyle=PART_LINESTYLES["traced"])]
          if any("traced" in r.part_kinds for r in story.routes) else []),
        *([Line2D([], [], marker="$\\rightarrow$", markersize=9, color="black", linestyle="none",
                  label="events at a place beyond the map's edge")] if edge else []),
    ]
    tried = []
    for loc in ("lower right", "upper right", "lower left", "upper left"):
        legend = ax.legend(handles=handles, loc=loc, fontsize=FONT - 1, framealpha=1, edgecolor="#555555",
                           handlelength=2.6, borderaxespad=1.6 if "lower" in loc else 0.5)
        for label in legend.get_texts():  # legend() takes no text options: route names are story text
            label.update(PLAIN)
        legend.set_zorder(11)
        bbox = legend.get_window_extent(renderer)
        tried.append((sum(bbox.overlaps(b) for b in taken), len(tried), legend, bbox))
        legend.remove()
        if not tried[-1][0]:
            break
    *_, legend, bbox = min(tried, key=lambda t: t[:2])
    ax.add_artist(legend)
    taken.append(bbox)


def _routes(ax, story: Story) -> list[Bbox]:
    """Each route as a cased line in its colour and width, part by part: real road solid, traced parts dashed.
    Returns boxes along them."""
    along = []
    for i, route in enumerate(story.routes):
        style = ROUTE_STYLES[i % len(ROUTE_STYLES)]
        casing = [patheffects.withStroke(linewidth=style["linewidth"] + 2.5, foreground="white")]
        for part, kind in zip(route.parts, route.part_kinds):
            xs, ys = _TO_MAP.transform(*zip(*part))
            ax.plot(xs, ys, zorder=4, solid_capstyle="round", dash_capstyle="butt", path_effects=casing,
                    linestyle=PART_LINESTYLES[kind], **style)
            screen = _thinned(ax.transData.transform(list(zip(xs, ys))), style["linewidth"] * ax.figure.dpi / 72)
            along += _segment_boxes(screen, style["linewidth"] * ax.figure.dpi / 72)
    return along


def _thinned(points, spacing: float) -> list:
    """The display points of a line, each at least ``spacing`` pixels from the one kept before it (and the last):
    a road line of thousands of points gives as many boxes for names to keep off as its drawn length needs."""
    kept = [points[0]]
    for point in points[1:-1]:
        if math.dist(point, kept[-1]) >= spacing:
            kept.append(point)
    return [*kept, points[-1]] if len(points) > 1 else kept


def _pins(ax, renderer, taken: list[Bbox], story: Story, points: dict, inside: list[str], extent,
          names: str) -> bool:
    """Place dots and numbered event pins; events beyond the map get an edge note. True if any did."""
    r = 4 * ax.figure.dpi / 72
    for pid in inside:
        ax.plot(*points[pid], marker="o", markersize=6, color="white", markeredgecolor="black",
                markeredgewidth=1.4, zorder=5)
        cx, cy = ax.transData.transform(points[pid])
        taken.append(Bbox([[cx - r, cy - r], [cx + r, cy + r]]))
    edge, pins = False, []
    for place in story.places.values():
        here = story.events_at(place.id)
        if here and place.id in inside:
            offsets, pushed = _grid(ax, pins, points[place.id], len(here), place.pin_side)
            if pushed:
                base = offsets[0][1] - math.copysign(PIN_SIZE / 2, pushed)
                ax.annotate("", points[place.id], xytext=(0, base), textcoords="offset points", zorder=7, **PLAIN,
                            arrowprops={"arrowstyle": "-", "color": "black", "linewidth": 0.8, "shrinkA": 0, "shrinkB": 3})
            for (dx, dy), event in zip(offsets, here):
                _pin(ax, pins, points[place.id], dx, dy, story.number(event.id))
        elif here:
            _edge_note(ax, renderer, pins, points[place.id], extent, place.label(names),
                       [story.number(e.id) for e in here])
            edge = True
    taken += pins
    return edge


GAP = 6  # points between a dot and its name
NEAR = [(GAP, 0, "left", "center"), (-GAP, 0, "right", "center"), (0, GAP, "center", "bottom"),
        (0, -GAP, "center", "top"), (GAP, -GAP / 2, "left", "center"), (-GAP, -GAP / 2, "right", "center"),
        (GAP, -GAP, "left", "top"), (-GAP, -GAP, "right", "top"), (GAP, GAP, "left", "bottom"),
        (-GAP, GAP, "right", "bottom"), (0, -3 * GAP, "center", "top"), (GAP, -3 * GAP, "left", "top"),
        (-GAP, -3 * GAP, "right", "top")]
DIRECTIONS = dict(zip(("right", "left", "top", "bottom"), NEAR))
FAR = sorted(((dx, dy, "left" if dx > 0 else "right", "center") for dy in range(-160, 161, 20) if dy
              for dx in (15, -15, 40, -40, 80, -80, 140, -140)), key=lambda c: math.hypot(c[0], c[1]))
SHIFTS = [(dx, dy, "center", "center") for dy in (0, -15, 15, -30, 30) for dx in (0, -40, 40, -80, 80)]
ROUTE_BOX = {"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "#555555", "linewidth": 0.6}


def draw_map(story: Story, fig: Figure | None = None, names: str = "both",
             bounds: list[list[float]] | None = None) -> Figure:
    """Draw the story map on ``fig`` (a new 9.6 × 5.4 in figure by default) and return it.

    ``bounds`` is [[south, west], [north, east]] (by default the story's home places), padded 15%.
    Pins and edge notes go first, then the key, then names where they cover nothing: place
    names, route labels (with a leader line), basemap names (or none).
    """
    fig = fig or Figure(figsize=(9.6, 5.4), dpi=200)
    renderer = _renderer(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    width, height = fig.get_size_inches()
    extent = _extent(bounds or home_bounds(story), width / height, PAD)
    x0, x1, y0, y1 = extent
    frame = box(x0, y0, x1, y1)
    bbox = basemap_of(story).get("bbox")
    if isinstance(bbox, list) and len(bbox) == 4:  # the sea: what no country covers, where the basemap has data
        (sx0, sx1), (sy0, sy1) = _TO_MAP.transform([bbox[0], bbox[2]], [bbox[1], bbox[3]])
        ax.add_patch(Rectangle((sx0, sy0), sx1 - sx0, sy1 - sy0, facecolor=WATER, edgecolor="none", zorder=0))
    basemap_names = _basemap(ax, story, frame)
    ax.set_xlabel("")  # GeoPandas labels the hidden axes "Easting [metre]": no text is left that is not drawn plain
    ax.set_ylabel("")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.apply_aspect()  # fix the axes box now: every placement below measures in display units

    lines = _routes(ax, story)  # names keep off the routes; pins and the key may cover them
    taken: list[Bbox] = []
    points = {p.id: _TO_MAP.transform(*p.lonlat) for p in story.places.values()}
    inside = [pid for pid, xy in points.items() if frame.contains(Point(xy))]
    edge = _pins(ax, renderer, taken, story, points, inside, extent, names)
    _scale_bar(ax, renderer, taken, extent)
    note = ax.text(0.995, 0.006, attribution(story), transform=ax.transAxes, fontsize=FONT - 2, ha="right", va="bottom",
                   color="#222222", zorder=10, path_effects=HALO, **PLAIN)
    taken.append(note.get_window_extent(renderer))
    _legend(ax, renderer, taken, story, edge)

    for place in story.places.values():
        if place.labelled and place.id in inside:
            first = DIRECTIONS[place.label_direction]
            _place(ax, renderer, taken, [points[place.id]], place.label(names), [first, *NEAR], lines,
                   fontsize=FONT + 2, fontweight="bold", path_effects=HALO)
    for route in story.routes:
        middle = midpoint_vertex(route.lonlats)
        # A few points spread along the route (a road line has thousands), the middle one first.
        anchors = sorted(vertices_along(route.lonlats, LABEL_ANCHORS), key=lambda p: length_km([p, middle]))
        text = route_label(route).replace(" · ", "\n")
        _place(ax, renderer, taken, [_TO_MAP.transform(*p) for p in anchors], text, FAR, lines, leader=True,
               fontsize=FONT, fontstyle="italic", linespacing=1.1, bbox=ROUTE_BOX)
    for xy, name, layer in basemap_names:
        style = {"color": "#1d4f73", "fontstyle": "italic"} if layer == "lake" else {"color": "#555555"}
        _place(ax, renderer, taken, [xy], name.upper() if layer == "country" else name, SHIFTS, lines, force=False,
               fontsize=FONT + (1 if layer == "country" else 0), path_effects=HALO, **style)
    return fig


def map_png(story: Story, width: int = 1920, height: int = 1080, names: str = "both") -> bytes:
    """The map as PNG bytes of exactly ``width`` × ``height`` pixels (text sized for a 9.6 in wide figure)."""
    dpi = width / 9.6
    fig = Figure(figsize=(9.6, height / dpi), dpi=dpi)
    draw_map(story, fig, names)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi)
    return out.getvalue()
