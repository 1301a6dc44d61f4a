"""Exports: size in bytes and build time of each "Take it home" file, for the built-in story.

Each is built REPEATS times (default 3) in this process, from one story loaded beforehand
(geo.story.load_story("data")); prints the median build time and the size of the last result
(text encoded as UTF-8):
  html     geo.storyview.standalone_html(story)
  pdf      geo.handout.handout_pdf(story, paper="a4")
  png      geo.staticmap.map_png(story)                (1920 x 1080)
  kml      geo.kml.story_kml(story)
  geojson  geo.export.write_geojson_text(story)
  csv      geo.export.events_csv(story)
The first build of each pays for its imports (done before the clock starts) but not for warm
caches: Matplotlib's font cache and the like are warmed by the first repeat, hence the median.
No goal is set for these; it reports, and asserts nothing.
Run: python bench/bench_exports.py [REPEATS]
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def builders():
    from geo.export import events_csv, write_geojson_text
    from geo.handout import handout_pdf
    from geo.kml import story_kml
    from geo.staticmap import map_png
    from geo.storyview import standalone_html

    return {
        "html": standalone_html,
        "pdf": lambda s: handout_pdf(s, paper="a4"),
        "png": map_png,
        "kml": story_kml,
        "geojson": write_geojson_text,
        "csv": events_csv,
    }


def main(repeats: int = 3) -> dict:
    from geo.story import load_story

    story = load_story(Path(__file__).resolve().parent.parent / "data")
    results = {}
    print(f"exports of the built-in story ({len(story.events)} events); build time median of {repeats}")
    for name, build in builders().items():
        times, data = [], b""
        for _ in range(repeats):
            t0 = time.perf_counter()
            data = build(story)
            times.append(time.perf_counter() - t0)
        size = len(data.encode("utf-8") if isinstance(data, str) else data)
        results[name] = {"bytes": size, "median_ms": statistics.median(times) * 1000, "min_ms": min(times) * 1000,
                         "max_ms": max(times) * 1000}
        print(f"{name:<8} {size:>10,} bytes   build median {results[name]['median_ms']:8.1f} ms   "
              f"(min {results[name]['min_ms']:.1f}, max {results[name]['max_ms']:.1f})")
    return {"repeats": repeats, "events": len(story.events), "formats": results}


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
