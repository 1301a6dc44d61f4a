"""Step latency: our in-browser step against the naive rebuild-per-step, in headless Chromium.

Measures, over STEPS steps each (default 60):
  ours  — click Next in the story map component -> card updated and map moving (next painted
          frame after the click), and -> map settled (Leaflet's moveend after the fly);
  naive — click Next in bench/naive_app.py -> card updated, and -> new map shown (the rebuilt
          map document has loaded and drawn the event).
Prints one line per figure (median and p95 in ms) and the ratio. It reports; it asserts nothing.
Run: python bench/bench_steps.py [STEPS]
"""
from __future__ import annotations

import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.appserver import CHROMIUM, CHROMIUM_ARGS, start_app, stop_app  # noqa: E402

OURS_JS = """
async (steps) => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const mapWin = document.getElementById('map-frame').contentWindow;
  const out = [];
  for (let i = 0; i < steps; i++) {
    const button = document.getElementById('next').disabled ? document.getElementById('first') : document.getElementById('next');
    const before = document.querySelector('#card .event-title').textContent;
    const settled = new Promise(r => mapWin.storymap.map.once('moveend', r));
    let moving = false;
    mapWin.storymap.map.once('movestart', () => { moving = true; });
    const t0 = performance.now();
    button.click();
    const changed = document.querySelector('#card .event-title').textContent !== before;
    await frame();
    const tCard = performance.now();
    await settled;
    const tSettled = performance.now();
    await frame();  // the labels are placed in the frame after the move ends
    out.push({card: tCard - t0, settled: tSettled - t0, changed, moving, labels: mapWin.storymap.labelMs});
    await new Promise(r => setTimeout(r, 150));
  }
  return out;
}
"""

NAIVE_JS = """
async (steps) => {
  const out = [];
  const title = () => { const el = document.querySelector('.event-card .event-title'); return el && el.textContent; };
  const shown = () => {
    for (const f of document.querySelectorAll('iframe')) {
      try { const v = f.contentDocument && f.contentDocument.documentElement.getAttribute('data-shown'); if (v) return v; } catch (e) {}
    }
    return null;
  };
  const until = (test) => new Promise(r => { const tick = () => test() ? r(performance.now()) : requestAnimationFrame(tick); tick(); });
  for (let i = 0; i < steps; i++) {
    const beforeTitle = title(), beforeShown = shown();
    const button = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Next');
    const t0 = performance.now();
    button.click();
    const tCard = await until(() => title() && title() !== beforeTitle);
    const tMap = await until(() => shown() && shown() !== beforeShown);
    out.push({card: tCard - t0, settled: tMap - t0, changed: true, moving: true});
    await new Promise(r => setTimeout(r, 150));
  }
  return out;
}
"""


def summary(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"median {statistics.median(values):7.1f} ms   p95 {p95:7.1f} ms"


def measure(browser, url: str, frame_selector: str | None, script: str, steps: int) -> list[dict]:
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.goto(url)
    if frame_selector:
        page.wait_for_selector(frame_selector, timeout=60_000)
        page.frame_locator(frame_selector).frame_locator("#map-frame").locator("html[data-storymap-ready]").wait_for(timeout=60_000)
        target = next(f for f in page.frames if "/component/" in f.url)
    else:
        page.wait_for_selector("iframe", timeout=60_000)
        page.wait_for_timeout(3000)
        target = page.main_frame
    result = target.evaluate(script, steps)
    page.close()
    return result


def main(steps: int = 60) -> None:
    ours_proc, ours_url = start_app("app.py")
    naive_proc, naive_url = start_app("bench/naive_app.py")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            ours = measure(browser, ours_url, 'iframe[title="ui.storymap.storymap"]', OURS_JS, steps)
            naive = measure(browser, naive_url, None, NAIVE_JS, steps)
            browser.close()
    finally:
        stop_app(ours_proc)
        stop_app(naive_proc)
    print(f"steps: {steps} each; headless Chromium; {Path('/proc/cpuinfo').read_text().count('processor')} cores")
    print(f"ours   click -> card updated and map moving: {summary([r['card'] for r in ours])}"
          f"   (card changed {sum(r['changed'] for r in ours)}/{steps}, map moving {sum(r['moving'] for r in ours)}/{steps})")
    print(f"ours   click -> map settled (0.8 s fly):     {summary([r['settled'] for r in ours])}")
    print(f"ours   label placement after the move:       {summary([r['labels'] for r in ours])}")
    print(f"naive  click -> card updated:                {summary([r['card'] for r in naive])}")
    print(f"naive  click -> new map shown:               {summary([r['settled'] for r in naive])}")
    ours_card = statistics.median(r["card"] for r in ours)
    naive_view = statistics.median(max(r["card"], r["settled"]) for r in naive)
    print(f"ratio  naive (card and map shown) / ours (card and map moving), medians: {naive_view / ours_card:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
