"""Write data/routes.geojson from data/context/route_waypoints.csv.

The two routes are traces through documented settlement points, in order; no
vertex is invented. Waypoints without coordinates (the km-36 turn-off) are
skipped and named in the route's note. Run: python scripts/build_routes.py
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

ROUTES = [
    {
        "id": "lachin-corridor",
        "name": "Lachin corridor road, September 2023",
        "short_name": "Lachin corridor",
        "label_side": "right",
        "orders": range(1, 11),
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
        "from": "Goris",
        "to": "Yerevan",
        "description": "The M2 highway from Goris via Sisian, Vayk, Yeghegnadzor, Areni, Yeraskh, Ararat, Artashat and Masis to Yerevan.",
        "reported_distance_km": 254,
        "reported_distance_text": "about 254 km by road",
        "reported_source": "A travel blog's satellite-navigation reading, Yerevan to Goris",
        "reported_source_url": "http://www.TravelBlog.org/Asia/Armenia/South/Kapan/blog-1079633.html",
    },
]

TRACE_NOTE = (
    "Context, not from the article. A trace through documented settlement centres in order, not a surveyed "
    "road line: its length is a lower bound on the road distance. Points and sources: route_waypoints.csv."
)


def build(waypoints_csv: Path) -> dict:
    with waypoints_csv.open(encoding="utf-8", newline="") as f:
        rows = {int(r["order"]): r for r in csv.DictReader(f)}
    features = []
    for route in ROUTES:
        used = [rows[o] for o in route["orders"] if rows[o]["lat"] and rows[o]["lon"]]
        skipped = [rows[o]["name"] for o in route["orders"] if not (rows[o]["lat"] and rows[o]["lon"])]
        note = TRACE_NOTE + (f" Left out for lack of coordinates: {'; '.join(skipped)}." if skipped else "")
        props = {k: v for k, v in route.items() if k != "orders"}
        props.update(
            waypoints=[r["name"] for r in used],
            waypoint_orders=[int(r["order"]) for r in used],
            note=note,
        )
        coords = [[float(r["lon"]), float(r["lat"])] for r in used]
        features.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords}, "properties": props})
    return {"type": "FeatureCollection", "features": features}


if __name__ == "__main__":
    out = DATA / "routes.geojson"
    collection = build(DATA / "context" / "route_waypoints.csv")
    body = ",\n".join(json.dumps(f, ensure_ascii=False) for f in collection["features"])
    out.write_text('{"type": "FeatureCollection", "features": [\n' + body + "\n]}\n", encoding="utf-8")
    print(f"wrote {out}")
