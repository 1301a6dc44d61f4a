"""Write data/routes.geojson from the OpenStreetMap lines in data/context/roads/ and data/context/route_waypoints.csv.

Where OpenStreetMap has the road, a route follows it ("road" parts: the OSM lines of context/roads/, simplified
for the browser at ``TOLERANCE_DEG``). Where it has not, the route is a trace through the documented points of
route_waypoints.csv, in order ("traced" parts, approximate); no vertex is invented. A trace that ends a route
first tries the OSM ways of osm_major_roads.json.gz (shortest path) and keeps them only if they are no detour.
Every length is geodesic (pyproj, WGS84), of the full-detail line and of the line drawn; the note says both.
Run: python scripts/build_routes.py
"""
from __future__ import annotations

import csv
import gzip
import heapq
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from pyproj import Geod

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.geometry import distance_km, distances_to_line_m, length_km, simplify_lonlats  # noqa: E402

DATA = ROOT / "data"
ROADS = Path("context") / "roads"
WAYS_FILE = ROADS / "osm_major_roads.json.gz"
BRIDGE_FILE = ROADS / "hakari_bridge_osm.geojson"
BRIDGE_WAY = 1253835351  # the Hakari bridge (bridge=yes)
TOLERANCE_DEG = 0.0001  # Douglas–Peucker tolerance: 0.0001° is about 11 m north–south and 8.5 m east–west here
TOLERANCE_TEXT = "0.0001°, about 10 m"
DECIMALS = 6  # 0.1 m: far below the tolerance
MAX_DETOUR = 1.5  # OSM ways close a gap only if their path is at most this many times the straight line
OSM_STATE = "OSM state of 2025-12-01 (Overpass osm_base 14:14–14:21Z)"
ATTRIBUTION = "© OpenStreetMap contributors, ODbL 1.0"
_WGS84 = Geod(ellps="WGS84")

LonLat = tuple[float, float]


@dataclass(frozen=True)
class Road:
    """A part that follows an OSM line of context/roads/; ``orders``: the waypoints it passes."""
    file: str
    name: str
    orders: tuple[int, ...]


@dataclass(frozen=True)
class Trace:
    """A part traced through the waypoints ``orders``, joined to the road parts before and after it.

    ``by_ways``: first try to close it over the OSM ways (a trace that ends a route)."""
    orders: tuple[int, ...]
    name: str
    why: str
    by_ways: bool = False


ROUTES = [
    {
        "id": "lachin-corridor",
        "name": "Lachin corridor road, September 2023",
        "short_name": "Lachin corridor",
        "label_side": "right",
        "orders": range(1, 11),
        "parts": (
            Trace((1, 2, 3, 4, 5), "Stepanakert → Mets Shen",
                  "this stretch lies in Azerbaijan, outside the OpenStreetMap extract"),
            Road("lachin_corridor_2022_partial_osm.geojson", "Mets Shen → Goris", (6, 7, 8, 9, 10)),
        ),
        "from": "Stepanakert",
        "to": "Goris",
        "description": (
            "The road people drove out of Nagorno-Karabakh: from Stepanakert past Shusha / Shushi and Lisagor, "
            "onto the section opened in August 2022 via Mets Shen and Hin Shen, across the Hakari bridge "
            "checkpoint into Armenia at Kornidzor, then via Tegh to Goris."
        ),
        "reported_distance_km": 100,
        "reported_distance_text": "about 100 km; the drive took as long as 20 hours in the September 2023 queues",
        "reported_source": "AP, 26 September 2023 (Goris dateline)",
        "reported_source_url": "https://localnews8.com/news/ap-national/2023/09/26/exasperated-residents-flee-nagorno-karabakh-after-azerbaijan-seizes-control-of-breakaway-region/",
    },
    {
        "id": "goris-yerevan",
        "name": "Goris to Yerevan highway (M2)",
        "short_name": "Goris–Yerevan (M2)",
        "label_side": "right",
        "orders": range(10, 20),
        "parts": (
            Road("m2_goris_yerevan_osm.geojson", "Goris → Yerevan's southern edge", (10, 11, 12, 13, 14, 15, 16, 17, 18)),
            Trace((19,), "Yerevan's southern edge → Yerevan (city centre)",
                  "the OpenStreetMap extract lacks central Yerevan's M-2 ways", by_ways=True),
        ),
        "from": "Goris",
        "to": "Yerevan",
        "description": "The M2 highway from Goris via Sisian, Vayk, Yeghegnadzor, Areni, Yeraskh, Ararat, Artashat and Masis to Yerevan.",
        "reported_distance_km": 254,
        "reported_distance_text": "about 254 km by road",
        "reported_source": "A travel blog's satellite-navigation reading, Yerevan to Goris",
        "reported_source_url": "http://www.TravelBlog.org/Asia/Armenia/South/Kapan/blog-1079633.html",
    },
]

CONTEXT_NOTE = "Context, not from the article."
TRACE_NOTE = ("A trace through settlement centres is shorter than the road it stands for: its length is a lower "
              "bound. Points and sources: route_waypoints.csv; road lines: context/roads/README.md.")


def read_waypoints(path: Path) -> dict[int, dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return {int(r["order"]): r for r in csv.DictReader(f)}


def _lonlat(row: dict) -> LonLat | None:
    return (float(row["lon"]), float(row["lat"])) if row["lat"] and row["lon"] else None


def read_osm_line(path: Path) -> tuple[list[LonLat], list[int]]:
    """The full-detail OSM line of a context/roads file and the OSM way ids it follows, in driving order."""
    feature = json.loads(path.read_text(encoding="utf-8"))["features"][0]
    return [(x, y) for x, y in feature["geometry"]["coordinates"]], feature["properties"]["osm_way_ids"]


def read_ways(path: Path) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def way_graph(ways: dict) -> tuple[dict[int, LonLat], dict[int, list[tuple[int, float]]]]:
    """Nodes and an undirected graph of the ways (one-way tags ignored, as for the lines of context/roads/), in m."""
    nodes = {int(k): (v[0], v[1]) for k, v in ways["nodes"].items()}
    pairs = [(a, b) for way in ways["ways"] for a, b in zip(way["nodes"], way["nodes"][1:]) if a in nodes and b in nodes]
    lengths = _WGS84.line_lengths([c for a, b in pairs for c in (nodes[a][0], nodes[b][0])],
                                  [c for a, b in pairs for c in (nodes[a][1], nodes[b][1])])[::2]
    graph: dict[int, list[tuple[int, float]]] = {}
    for (a, b), metres in zip(pairs, lengths):
        graph.setdefault(a, []).append((b, metres))
        graph.setdefault(b, []).append((a, metres))
    return nodes, graph


def shortest_path(graph: dict[int, list[tuple[int, float]]], start: int, goal: int) -> list[int] | None:
    """Dijkstra over the way graph: the node ids from ``start`` to ``goal``, or None if no way joins them."""
    dist, prev, heap = {start: 0.0}, {}, [(0.0, start)]
    while heap:
        d, node = heapq.heappop(heap)
        if node == goal:
            path = [goal]
            while path[-1] != start:
                path.append(prev[path[-1]])
            return path[::-1]
        if d > dist[node]:
            continue
        for other, metres in graph.get(node, ()):
            if d + metres < dist.get(other, float("inf")):
                dist[other], prev[other] = d + metres, node
                heapq.heappush(heap, (d + metres, other))
    return None


def _nearest_node(nodes: dict[int, LonLat], point: LonLat) -> int:
    ids = list(nodes)
    metres = _WGS84.inv([point[0]] * len(ids), [point[1]] * len(ids), [nodes[n][0] for n in ids], [nodes[n][1] for n in ids])[2]
    return ids[min(range(len(ids)), key=metres.__getitem__)]


def close_by_ways(ways: dict, start: LonLat, goal: LonLat) -> tuple[list[LonLat] | None, str]:
    """The OSM ways' shortest path from the node at ``start`` (the road's end) to the node nearest ``goal``, if it is no detour
    (at most ``MAX_DETOUR`` times the straight line); else None. The text says what was found, for the note."""
    nodes, graph = way_graph(ways)
    first, last = _nearest_node(nodes, start), _nearest_node(nodes, goal)
    straight = distance_km(start, goal)
    path = shortest_path(graph, first, last)
    if path is None:
        return None, f"no OSM way of the extract joins them ({straight:.1f} km in a straight line)"
    line = [nodes[n] for n in path]
    km = length_km(line)
    if km > MAX_DETOUR * straight:
        return None, (f"the shortest path over the OSM ways of the extract is {km:.1f} km, {km / straight:.1f} times "
                      f"the {straight:.1f} km straight line: a detour, not the road driven")
    return line, f"the OSM ways close it: {km:.1f} km ({straight:.1f} km in a straight line)"


def hakari_bridge_midpoint(ways: dict) -> LonLat:
    """The geodesic midpoint of OSM way 1253835351, the Hakari bridge (a two-node way): where the checkpoint stands."""
    way = next(w for w in ways["ways"] if w["id"] == BRIDGE_WAY)
    (lon0, lat0), (lon1, lat1) = (ways["nodes"][str(n)] for n in way["nodes"])
    azimuth, _, metres = _WGS84.inv(lon0, lat0, lon1, lat1)
    lon, lat, _ = _WGS84.fwd(lon0, lat0, azimuth, metres / 2)
    return lon, lat


def _rounded(line: list[LonLat]) -> list[list[float]]:
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in line]


@dataclass(frozen=True)
class Part:
    line: list[LonLat]
    kind: str  # "road" or "traced"
    name: str
    text: str  # how it was made, for the route's note


def _names(orders, rows: dict[int, dict]) -> list[str]:
    return [rows[o]["name"].split(" (")[0] for o in orders if _lonlat(rows[o])]


def _nearest_waypoint(point: LonLat, orders, rows: dict[int, dict]) -> str:
    """'Mets Shen (order 5), 0.5 km from its point': where a trace meets the road."""
    order = min((o for o in orders if _lonlat(rows[o])), key=lambda o: distance_km(point, _lonlat(rows[o])))
    return f"{_names([order], rows)[0]} (order {order}), {distance_km(point, _lonlat(rows[order])):.1f} km from its point"


def road_part(part: Road, full: list[LonLat], rows: dict[int, dict]) -> Part:
    """An OSM line, simplified; the text gives both lengths and how near it passes its waypoints."""
    drawn = simplify_lonlats(full, TOLERANCE_DEG)
    points = [_lonlat(rows[o]) for o in part.orders if _lonlat(rows[o])]
    farthest = max(distances_to_line_m(points, full)) / 1000
    text = (f"Real road, from OpenStreetMap ({length_km(drawn):.1f} km as drawn, simplified at {TOLERANCE_TEXT}; "
            f"{length_km(full):.1f} km at full detail): {part.name}, passing within {farthest:.1f} km of each of "
            f"{', '.join(_names(part.orders, rows))}.")
    return Part(drawn, "road", part.name, text)


def traced_part(part: Trace, before: LonLat | None, after: LonLat | None, orders, rows: dict[int, dict],
                ways: dict) -> Part:
    """A line through the documented points, from the end of the road before it to the start of the road after it.

    A trace that ends a route (``by_ways``) becomes road if the OSM ways close it without a detour."""
    points = [p for p in (_lonlat(rows[o]) for o in part.orders) if p]
    found = ""
    if part.by_ways and before and not after and len(points) == 1:
        closed, found = close_by_ways(ways, before, points[0])
        if closed:
            return Part(closed, "road", part.name, f"Real road, from OpenStreetMap: {part.name}; {found}.")
    line = [*([before] if before else []), *points, *([after] if after else [])]
    names = " → ".join(_names(part.orders, rows))
    how = (f"a straight line from the end of the real road to the documented {names} point" if before and len(points) == 1
           else f"a line through the documented points {names}")
    joins = [f"it leaves the real road near {_nearest_waypoint(before, orders, rows)}" if before else "",
             f"it joins the real road near {_nearest_waypoint(after, orders, rows)}" if after else ""]
    text = (f"Traced, approximate ({length_km(line):.1f} km): {part.name}, {how}, because {part.why}"
            + (f", and {found}" if found else "") + "".join(f"; {j}" for j in joins if j) + ".")
    return Part(line, "traced", part.name, text)


def build_route(route: dict, rows: dict[int, dict], folder: Path, ways: dict) -> dict:
    """One route feature: its parts in driving order, their kinds and names, and a note saying how each was made."""
    specs = route["parts"]
    osm = {i: read_osm_line(folder / ROADS / spec.file) for i, spec in enumerate(specs) if isinstance(spec, Road)}
    parts = [road_part(spec, osm[i][0], rows) if isinstance(spec, Road) else
             traced_part(spec, osm[i - 1][0][-1] if i - 1 in osm else None, osm[i + 1][0][0] if i + 1 in osm else None,
                         route["orders"], rows, ways)
             for i, spec in enumerate(specs)]
    way_ids: list[int] = []
    for _, ids in osm.values():
        way_ids += [w for w in ids if not way_ids or w != way_ids[-1]]
    skipped = [rows[o]["name"] for spec in specs if isinstance(spec, Trace) for o in spec.orders if not _lonlat(rows[o])]
    used = [rows[o] for o in route["orders"] if _lonlat(rows[o])]
    props = {k: v for k, v in route.items() if k not in ("orders", "parts")}
    props.update(
        waypoints=[r["name"] for r in used],
        waypoint_orders=[int(r["order"]) for r in used],
        note=" ".join([CONTEXT_NOTE, *(p.text for p in parts), TRACE_NOTE,
                       *([f"Left out for lack of coordinates: {'; '.join(skipped)}."] if skipped else [])]),
        part_kinds=[p.kind for p in parts],
        part_names=[p.name for p in parts],
        road_source=(f"{ATTRIBUTION}; {OSM_STATE}. OSM ways in driving order: {', '.join(map(str, way_ids))}. "
                     f"Simplified at {TOLERANCE_TEXT} (shapely, topology kept). Files: context/roads/."),
    )
    geometry = {"type": "MultiLineString", "coordinates": [_rounded(p.line) for p in parts]}
    return {"type": "Feature", "geometry": geometry, "properties": props}


def build(folder: Path = DATA) -> dict:
    """data/routes.geojson as a FeatureCollection, built from ``folder``'s context/ files alone."""
    rows = read_waypoints(folder / "context" / "route_waypoints.csv")
    ways = read_ways(folder / WAYS_FILE)
    return {"type": "FeatureCollection", "features": [build_route(route, rows, folder, ways) for route in ROUTES]}


def routes_text(collection: dict) -> str:
    """The file's text: one feature a line, names readable (UTF-8)."""
    body = ",\n".join(json.dumps(f, ensure_ascii=False) for f in collection["features"])
    return '{"type": "FeatureCollection", "features": [\n' + body + "\n]}\n"


if __name__ == "__main__":
    out = DATA / "routes.geojson"
    out.write_text(routes_text(build(DATA)), encoding="utf-8")
    print(f"wrote {out}")
