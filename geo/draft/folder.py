"""The story folder a draft becomes: story.json, places.geojson, routes.geojson, events.csv, article.txt, and review.csv beside them."""
from __future__ import annotations

import json
from datetime import date

from geo.draft.events import COLUMNS, DraftEvent
from geo.draft.gazetteer import source_label
from geo.draft.places import Places, Reading
from geo.csvio import csv_text

REVIEW_FILE = "review.csv"
REVIEW_COLUMNS = (*COLUMNS, "needs")
FRAMING = ("A draft made by `python -m geo draft` from the article in article.txt. Every event's title and summary "
           "is marked [draft] for a person to rewrite, and every place should be checked on the map; the rows the "
           "draft could not finish are in review.csv, each with what a person must decide.")


def rows_csv(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    """Rows as CSV with a header, written as every story CSV is (geo.csvio.csv_text)."""
    return csv_text(columns, [[str(row.get(k, "")) for k in columns] for row in rows])


def _place_feature(reading: Reading, ident: str, lines: list[int]) -> dict:
    c = reading.candidate
    assert c is not None and c.lat is not None and c.lon is not None
    shown = f"line {lines[0]}" if len(lines) == 1 else "lines " + ", ".join(map(str, lines))
    props: dict = {"id": ident, "name": reading.name}
    if c.name != reading.name:
        props["other_names"] = [c.name]
    props["geonames_id"] = c.geonames_id
    props["coord_source"] = (f"GeoNames {c.geonames_id} ({c.name}, {c.country}; {source_label()}): drafted from the "
                             "article's name; check that it is the place the article means")
    props["labelled"] = True  # a draft has few places, and a person checks each: show every name
    props["note"] = f"Named in the article on {shown}."
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(c.lon, 5), round(c.lat, 5)]},
            "properties": props}


def places_geojson(places: Places, ids: dict[str, str]) -> str:
    """Every place on the map, in the order the article first names it, [lon, lat] as GeoJSON wants."""
    features = []
    for reading in places.pins():
        lines = sorted({m.line for m in places.mentions if m.key == reading.key})
        features.append(_place_feature(reading, ids[reading.key], lines))
    return _collection(features)


def _collection(features: list[dict]) -> str:
    body = ",\n".join(json.dumps(f, ensure_ascii=False) for f in features)
    return '{"type": "FeatureCollection", "features": [' + ("\n" + body + "\n" if body else "") + "]}\n"


def story_json(title: str, published: date) -> str:
    meta = {"title": title, "framing": FRAMING, "source": "One article, as given (article.txt)",
            "published": published.isoformat(),
            "published_text": f"on {published.strftime('%A')} {published.day} {published.strftime('%B %Y')}"}
    return json.dumps(meta, ensure_ascii=False, indent=2) + "\n"


def story_files(article: str, title: str, published: date, places: Places, ids: dict[str, str],
                events: list[DraftEvent]) -> dict[str, str]:
    """The five files of the story folder, from the finished events (the article kept exactly as given)."""
    return {
        "story.json": story_json(title, published),
        "places.geojson": places_geojson(places, ids),
        "routes.geojson": _collection([]),  # the article names no roads to draw: routes are for a person to add
        "events.csv": rows_csv([e.row for e in events if e.finished], COLUMNS),
        "article.txt": article,
    }


def review_rows(events: list[DraftEvent]) -> list[dict[str, str]]:
    return [{**e.row, "needs": "; ".join(e.needs)} for e in events if not e.finished]
