"""Write a valid synthetic story folder with N events (N ≤ geo.story.MAX_EVENTS, 500), for the story-size benchmark.

The folder has everything a real story has, scaled to N events:
  story.json       title, framing, publication day (no home_places: the map opens on every place);
  article.txt      one line per event (line i tells event i, with its date words);
  places.geojson   about N/4 places on a jittered grid over the region (44–47.5° E, 38.8–40.8° N),
                   every fifth one contested (both names), the first five labelled;
  events.csv       N events in story order, spread over the places so that consecutive events
                   are at different places; dates cycle through every precision (day, minute,
                   week, undated, year), quotes are copied verbatim from their line, quote kinds
                   cycle through article / direct / reported (with a speaker);
  routes.geojson   copied from data/routes.geojson;  basemap.geojson  copied from data/.
It is checked with geo.story.load_story before it is returned.

Run: python bench/gen_story.py N OUT_DIR
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import math
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geo.story import EVENT_COLUMNS, load_story  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
REGION = (44.0, 38.8, 47.5, 40.8)  # west, south, east, north
EVENTS_PER_PLACE = 4


def _places(count: int, rng: random.Random) -> list[dict]:
    west, south, east, north = REGION
    cols = max(1, math.ceil(math.sqrt(count * (east - west) / (north - south))))
    rows = max(1, math.ceil(count / cols))
    dx, dy = (east - west) / cols, (north - south) / rows
    features = []
    for k in range(count):
        r, c = divmod(k, cols)
        lon = round(west + (c + 0.2 + 0.6 * rng.random()) * dx, 5)
        lat = round(south + (r + 0.2 + 0.6 * rng.random()) * dy, 5)
        name = f"Place {k + 1:04d}"
        props = {"id": f"place-{k + 1:04d}", "name": name, "geonames_id": None,
                 "coord_source": "Synthetic benchmark data: a jittered grid point, not a real place.",
                 "labelled": k < 5, "pin_side": "bottom" if k % 3 == 2 else "top"}
        if k % 5 == 0:
            props.update(name_armenian_usage=name, name_azerbaijani_usage=f"{name} (Aze)")
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": props})
    return features


def _when(i: int) -> tuple[str, str, str]:
    """(date_text as it appears on the line, date, date_precision) for event i (0-based)."""
    day = date(2023, 9, 17) + timedelta(days=i % 14)
    kind = i % 5
    if kind == 0:
        return f"on {day.day} September", day.isoformat(), "day"
    if kind == 1:
        hour = 6 + i % 17
        return f"at {hour:02d}:00 on {day.day} September", f"{day.isoformat()}T{hour:02d}:00+04:00", "minute"
    if kind == 2:
        end = day + timedelta(days=6)
        return "during that week", f"{day.isoformat()}/{end.isoformat()}", "week"
    if kind == 3:
        return "", "", "undated"
    return "in 2020", "2020", "year"


def generate(n: int, out_dir: Path | str, seed: int = 0) -> Path:
    """Write an N-event story into ``out_dir`` (created or emptied) and return its path, checked."""
    out = Path(out_dir)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = random.Random(seed)
    n_places = max(2, math.ceil(n / EVENTS_PER_PLACE))
    places = _places(n_places, rng)
    # Story order visits places in a shuffled cycle: consecutive events sit at different places.
    cycle = list(range(n_places))
    rng.shuffle(cycle)
    stride = max(1, n_places // 3 + 1)
    while math.gcd(stride, n_places) != 1:
        stride += 1

    lines, rows = [], []
    for i in range(n):
        place = places[cycle[(i * stride) % n_places]]["properties"]
        date_text, when, precision = _when(i)
        quote = f"residents of {place['name']} described event number {i + 1} as it unfolded"
        lines.append(f"Report {i + 1}: {date_text + ', ' if date_text else ''}{quote}, according to witness {i % 37 + 1}.")
        kind = ("article", "direct", "reported")[i % 3]
        rows.append({
            "id": f"event-{i + 1:04d}", "place": place["id"], "line": str(i + 1), "date_text": date_text,
            "date": when, "date_precision": precision, "title": f"Synthetic event {i + 1} at {place['name']}",
            "summary": f"Something the article reports happened at {place['name']}; this is event {i + 1} of {n}.",
            "quote": quote, "quote_kind": kind, "speaker": "" if kind == "article" else f"Witness {i % 37 + 1}",
            "place_note": "Synthetic: benchmark data." if i % 7 == 0 else "",
        })

    meta = {"title": f"Synthetic story, {n} events", "source": "Synthetic article (article.txt), for benchmarks",
            "framing": f"A generated story with {n} events at {n_places} places, for measuring how the map scales.",
            "published": "2023-09-25", "published_text": "on Monday 25 September 2023 (synthetic)"}
    (out / "story.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    (out / "article.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "places.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": places}, ensure_ascii=False),
                                        encoding="utf-8")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(EVENT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (out / "events.csv").write_text(buffer.getvalue(), encoding="utf-8")
    shutil.copyfile(DATA / "routes.geojson", out / "routes.geojson")
    shutil.copyfile(DATA / "basemap.geojson", out / "basemap.geojson")
    story = load_story(out)  # raises StoryError, listing every problem, if the generator is wrong
    if len(story.events) != n:
        raise RuntimeError(f"generated {len(story.events)} events, wanted {n}")
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of events")
    parser.add_argument("out", type=Path, help="the story folder to write (emptied first)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    path = generate(args.n, args.out, args.seed)
    story = load_story(path)
    print(f"wrote {path}: {len(story.events)} events, {len(story.places)} places, {len(story.routes)} routes; "
          "load_story: valid")
    return {"path": str(path), "events": len(story.events), "places": len(story.places)}


if __name__ == "__main__":
    main()
