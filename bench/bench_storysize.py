"""Story size: how load, payload and step latency grow with the number of events.

For each size N (default 20, 200, 500: the most events a story may have, geo.story.MAX_EVENTS) a synthetic story is written by bench/gen_story.py
(N events at about N/4 places, checked with geo.story.load_story), then measured:
  load      geo.story.load_story(folder), median of LOAD_REPEATS (default 5);
  build     geo.storyview.view_args(story), median of LOAD_REPEATS (what app.py caches per story);
  payload   bytes of json.dumps(view_args(story)) (the view, sent to a browser when its page is drawn
            in full; a step's reply refers to the browser's cached copy) and of its map data alone
            (what engine.js draws; the map document itself, geo/web/map.html, is the same for every story);
  step      the app started with STORYMAP_DATA=<folder> (bench.appserver.start_app), opened in
            headless Chromium, and the in-browser loop of bench/bench_steps.py (OURS_JS) run over
            STEPS steps (default 60): click Next -> card updated and map moving (next painted frame),
            median and p95. The loop waits for the map's moveend after each step; here that wait is
            capped at 5 s so that a lost moveend cannot hang the run, and it also records the click
            handler's own synchronous time (host.js updating card, list, timeline and map), so that the
            step's cost can be split into our JavaScript and the browser's rendering.
Also: the time from opening the page to every pin present in the map (page open -> pins).
Goal: step latency (median) of every size within 1.5x of the 20-event story; prints each ratio
and which of load / build / payload / step grows with N. It reports; it asserts nothing.
Run: python bench/bench_storysize.py [--sizes 20 200 500] [--steps 60] [--repeats 5]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.appserver import CHROMIUM, CHROMIUM_ARGS, start_app, stop_app  # noqa: E402
from bench.bench_coldstart import PINS_JS  # noqa: E402
from bench.bench_steps import OURS_JS  # noqa: E402
from bench.gen_story import generate  # noqa: E402

COMPONENT_FRAME = 'iframe[title="ui.storymap.storymap"]'
GOAL_RATIO = 1.5


def _step_js(js: str) -> str:
    """OURS_JS with the wait for moveend capped at 5 s, and the click handler's own (synchronous) time
    recorded as `sync`; each change is skipped if bench_steps.py no longer has the line it hooks."""
    for old, new in (("await settled;", "await Promise.race([settled, new Promise(r => setTimeout(r, 5000))]);"),
                     ("button.click();", "button.click();\n    const tSync = performance.now();"),
                     ("out.push({card: tCard - t0,", "out.push({sync: tSync - t0, card: tCard - t0,")):
        if js.count(old) == 1 and ("tSync" in js or "sync:" not in new):
            js = js.replace(old, new)
    return js


STEP_JS = _step_js(OURS_JS)


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def timed(fn, repeats: int) -> tuple[float, object]:
    """Median seconds of REPEATS calls of FN, and its last result."""
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def browser_steps(browser, folder: Path, events: int, steps: int) -> dict:
    proc, url = start_app("app.py", env={"STORYMAP_DATA": str(folder)})
    try:
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        try:
            page = context.new_page()
            t0 = time.perf_counter()
            page.goto(url, wait_until="commit", timeout=120_000)
            page.wait_for_function(PINS_JS, arg=[True, events], polling="raf", timeout=180_000)
            open_s = time.perf_counter() - t0
            page.frame_locator(COMPONENT_FRAME).frame_locator("#map-frame").locator(
                "html[data-storymap-ready]").wait_for(timeout=120_000)
            page.wait_for_timeout(1000)  # let the first rerun's reply land before stepping
            target = next(f for f in page.frames if "/component/" in f.url)
            out = target.evaluate(STEP_JS, steps)
        finally:
            context.close()
    finally:
        stop_app(proc)
    card = [r["card"] for r in out]
    sync = [r["sync"] for r in out if "sync" in r]
    return {"open_to_pins_s": open_s, "steps": len(out), "card_median_ms": statistics.median(card),
            "card_p95_ms": p95(card), "settled_median_ms": statistics.median(r["settled"] for r in out),
            "sync_median_ms": statistics.median(sync) if sync else float("nan"),
            "changed": sum(r["changed"] for r in out), "moving": sum(r["moving"] for r in out)}


def measure_size(n: int, workdir: Path, repeats: int, steps: int, browser) -> dict:
    from geo.story import load_story
    from geo.storyview import view_args

    folder = generate(n, workdir / f"story-{n}")
    load_s, story = timed(lambda: load_story(folder), repeats)
    build_s, args = timed(lambda: view_args(story), repeats)
    row = {"events": n, "places": len(story.places), "load_ms": load_s * 1000, "build_ms": build_s * 1000,
           "payload_bytes": len(json.dumps(args)), "map_bytes": len(json.dumps(args["map"]))}
    if browser is not None and steps > 0:
        row.update(browser_steps(browser, folder, n, steps))
    return row


def growth(rows: list[dict], key: str) -> float:
    return rows[-1][key] / rows[0][key] if rows[0].get(key) else float("nan")


def main(sizes: tuple[int, ...] = (20, 200, 500), steps: int = 60, repeats: int = 5) -> dict:
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-stories-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for n in sizes:
                rows.append(measure_size(n, Path(tmp), repeats, steps, browser))
        finally:
            browser.close()
    base = rows[0]
    print(f"story size; load/build median of {repeats}; {steps} steps each in headless Chromium")
    for r in rows:
        r["step_ratio"] = r["card_median_ms"] / base["card_median_ms"]
        r["step_p95_ratio"] = r["card_p95_ms"] / base["card_p95_ms"]
        print(f"N={r['events']:>5} ({r['places']:>4} places)  load {r['load_ms']:7.1f} ms  build {r['build_ms']:7.1f} ms  "
              f"payload {r['payload_bytes']:>10,} B (map data {r['map_bytes']:>10,} B)  "
              f"open->pins {r['open_to_pins_s'] * 1000:6.0f} ms  "
              f"step median {r['card_median_ms']:6.1f} ms p95 {r['card_p95_ms']:6.1f} ms "
              f"(of which click handler {r['sync_median_ms']:5.1f} ms)  "
              f"(settled {r['settled_median_ms']:5.0f} ms; card changed {r['changed']}/{r['steps']}, "
              f"map moving {r['moving']}/{r['steps']})  "
              f"ratio to N={base['events']}: {r['step_ratio']:.2f}x  goal <= {GOAL_RATIO}x: "
              f"{'met' if r['step_ratio'] <= GOAL_RATIO else 'missed'}")
    factor = rows[-1]["events"] / base["events"]
    grows = {k: growth(rows, k) for k in ("load_ms", "build_ms", "payload_bytes", "open_to_pins_s", "card_median_ms",
                                          "sync_median_ms")}
    print(f"growth N={base['events']} -> N={rows[-1]['events']} ({factor:.0f}x the events): "
          + ", ".join(f"{k} {v:.1f}x" for k, v in grows.items()))
    scaling = [k for k, v in grows.items() if v >= 0.5 * factor]
    flat = [k for k, v in grows.items() if v <= GOAL_RATIO]
    print(f"cost grows about linearly with N in: {', '.join(scaling) or 'none'}; stays within {GOAL_RATIO}x in: "
          f"{', '.join(flat) or 'none'}")
    return {"sizes": list(sizes), "steps": steps, "repeats": repeats, "rows": rows, "growth": grows,
            "linear": scaling, "flat": flat, "goal_ratio": GOAL_RATIO}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 200, 500])
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=5)
    a = parser.parse_args()
    main(tuple(a.sizes), a.steps, a.repeats)
