"""Cold start: from starting the server process to "map with every pin visible", ours against a static page.

ours    `python -m streamlit run app.py` (the command bench.appserver.start_app runs, started here
        directly so the clock starts just before the process does; the health check is polled every
        50 ms instead of 300 ms so its granularity does not add to the figure);
static  the standalone page geo.storyview.standalone_html(load_story("data")) — the same story, the
        same Leaflet map, every asset inlined — written to a temporary folder and served by
        `python -m http.server` on a free port (health polled every 10 ms).
floor   bench/floor_app.py, the smallest Streamlit page (one line of text), started the same way:
        what Streamlit itself costs (server start, its frontend bundle, the websocket, one script
        run) before any of our code. Its figure is "process start -> that text visible".
"Pins visible" means every `.story-pin` of the story (one per event) is in the map document:
ours   iframe[title="ui.storymap.storymap"] -> #map-frame;   static   #map-frame of the top page.
It is polled in the page once per animation frame (page.wait_for_function, polling "raf").

cold  process start -> server healthy -> page opened in a fresh browser context -> every pin present;
      the server is stopped after each run. Headless Chromium is launched once, before the clock starts.
      Ours twice: "restart" with Streamlit's disk cache holding the built-in view (how a classroom
      server starts every day after its first), and "first start" with an empty disk cache (the
      first start after installing or changing the story or code: folium is imported and the view
      built). Each server gets its own HOME, so its ~/.streamlit/cache is only its own.
warm  the server already running and one untimed page load done (Streamlit has imported the app and
      filled its caches): page opened in a fresh browser context -> every pin present.
Each is repeated REPEATS times (default 5); prints median and min, and the ratio ours / static.
Goal: cold ours / static <= 2x. It reports; it asserts nothing.
Run: python bench/bench_coldstart.py [REPEATS]
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.appserver import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, stop_app  # noqa: E402

COMPONENT_FRAME = 'iframe[title="ui.storymap.storymap"]'
GOAL_RATIO = 2.0

# Every pin of the story is in the map document (ours: component iframe -> #map-frame; static: #map-frame).
PINS_JS = """
([nested, expected]) => {
  try {
    let doc = document;
    if (nested) {
      const host = document.querySelector('iframe[title="ui.storymap.storymap"]');
      doc = host && host.contentDocument;
      if (!doc) return false;
    }
    const map = doc.getElementById('map-frame');
    const inner = map && map.contentDocument;
    return !!inner && inner.querySelectorAll('.story-pin').length >= expected;
  } catch (e) { return false; }
}
"""


def _wait_http(url: str, proc: subprocess.Popen, every: float, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode} (streamlit logs: test-artifacts/)")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(every)
    raise RuntimeError(f"{what} did not answer {url} within {timeout:.0f} s")


def spawn_ours(env: dict[str, str] | None = None, script: str = "app.py") -> tuple[subprocess.Popen, str, float, float]:
    """Start the app (start_app's command line); return (proc, url, t_start, t_healthy) in perf_counter s."""
    port = free_port()
    log_dir = ROOT / "test-artifacts"
    log_dir.mkdir(exist_ok=True)
    with open(log_dir / f"streamlit-{port}.log", "w") as log:  # the child keeps its own copy of the handle
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
             "--server.headless", "true", "--browser.serverAddress", "localhost"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
        )
    url = f"http://localhost:{port}"
    try:
        _wait_http(f"{url}/_stcore/health", proc, 0.05, "streamlit")
    except BaseException:
        stop_app(proc)
        raise
    return proc, url, t0, time.perf_counter()


def spawn_static(folder: Path) -> tuple[subprocess.Popen, str, float, float]:
    """Serve FOLDER with python -m http.server; return (proc, page url, t_start, t_healthy)."""
    port = free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/index.html"
    try:
        _wait_http(url, proc, 0.01, "http.server")
    except BaseException:
        stop_app(proc)
        raise
    return proc, url, t0, time.perf_counter()


FLOOR_JS = "() => document.body && document.body.innerText.includes('Streamlit floor')"


def open_until(browser, url: str, js: str, arg: object = None) -> float:
    """Open URL in a fresh context; return perf_counter time when JS (polled every frame) is true."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit", timeout=120_000)
        page.wait_for_function(js, arg=arg, polling="raf", timeout=120_000)
        return time.perf_counter()
    finally:
        context.close()


def open_until_pins(browser, url: str, nested: bool, expected: int) -> float:
    """Open URL in a fresh context; return perf_counter time when every pin is present."""
    return open_until(browser, url, PINS_JS, [nested, expected])


def stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values),
            "values": values}


def main(repeats: int = 5) -> dict:
    from geo.story import load_story
    from geo.storyview import standalone_html

    story = load_story(ROOT / "data")
    expected = len(story.events)
    tmp = tempfile.TemporaryDirectory(prefix="bench-static-")
    static_dir = Path(tmp.name)
    (static_dir / "index.html").write_text(standalone_html(story), encoding="utf-8")
    static_bytes = (static_dir / "index.html").stat().st_size

    cold = {"ours": [], "ours_first": [], "static": [], "floor": []}
    ours_healthy = []
    warm = {"ours": [], "static": []}
    homes = tempfile.TemporaryDirectory(prefix="bench-home-")
    restart_home = {"HOME": str(Path(homes.name) / "restart")}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                def cold_run(spawn, is_ready) -> tuple[float, float]:
                    """(process start -> ready, process start -> healthy) of one freshly started server."""
                    proc, url, t0, t_ok = spawn()
                    try:
                        return is_ready(url) - t0, t_ok - t0
                    finally:
                        stop_app(proc)

                pins = lambda nested: lambda url: open_until_pins(browser, url, nested, expected)  # noqa: E731
                kinds = {  # name: (spawn, ready); alternated so that background load hits all alike
                    "static": (lambda: spawn_static(static_dir), pins(False)),
                    "ours": (lambda: spawn_ours(restart_home), pins(True)),
                    "ours_first": (lambda: spawn_ours({"HOME": str(Path(tempfile.mkdtemp(dir=homes.name)))}), pins(True)),
                    "floor": (lambda: spawn_ours(restart_home, script="bench/floor_app.py"),
                              lambda url: open_until(browser, url, FLOOR_JS)),
                }
                cold_run(*kinds["ours"])  # fills the restart HOME's disk cache, untimed
                for _ in range(repeats):
                    for name, (spawn, ready) in kinds.items():
                        elapsed, healthy = cold_run(spawn, ready)
                        cold[name].append(elapsed)
                        if name == "ours":
                            ours_healthy.append(healthy)
                for name, spawn, nested in (("static", lambda: spawn_static(static_dir), False),
                                            ("ours", lambda: spawn_ours(restart_home), True)):
                    proc, url, _, _ = spawn()
                    try:
                        open_until_pins(browser, url, nested, expected)  # warm-up, untimed
                        for _ in range(repeats):
                            t0 = time.perf_counter()
                            warm[name].append(open_until_pins(browser, url, nested, expected) - t0)
                    finally:
                        stop_app(proc)
            finally:
                browser.close()
    finally:
        tmp.cleanup()
        homes.cleanup()

    result = {
        "repeats": repeats, "pins": expected, "static_page_bytes": static_bytes,
        "cold": {k: stats(v) for k, v in cold.items()}, "warm": {k: stats(v) for k, v in warm.items()},
        "ours_server_healthy": stats(ours_healthy),
        "goal_ratio": GOAL_RATIO,
    }
    result["cold_ratio"] = result["cold"]["ours"]["median"] / result["cold"]["static"]["median"]
    result["first_ratio"] = result["cold"]["ours_first"]["median"] / result["cold"]["static"]["median"]
    result["floor_ratio"] = result["cold"]["floor"]["median"] / result["cold"]["static"]["median"]
    result["ours_over_floor"] = result["cold"]["ours"]["median"] / result["cold"]["floor"]["median"]
    result["warm_ratio"] = result["warm"]["ours"]["median"] / result["warm"]["static"]["median"]

    def line(label: str, s: dict) -> str:
        return f"{label:<58} median {s['median'] * 1000:8.0f} ms   min {s['min'] * 1000:8.0f} ms   (n={s['n']})"

    print(f"cold start -> all {expected} pins visible; headless Chromium; {os.cpu_count()} cores; "
          f"static page {static_bytes:,} bytes")
    print(line("ours    cold (restart): process start -> pins visible", result["cold"]["ours"]))
    print(line("ours    cold (restart): process start -> server healthy", result["ours_server_healthy"]))
    print(line("ours    cold (first start, empty cache): -> pins visible", result["cold"]["ours_first"]))
    print(line("floor   cold: process start -> text of an empty page", result["cold"]["floor"]))
    print(line("static  cold: process start -> pins visible", result["cold"]["static"]))
    print(f"ratio   cold ours / static (medians): {result['cold_ratio']:.1f}x   goal <= {GOAL_RATIO:.0f}x: "
          f"{'met' if result['cold_ratio'] <= GOAL_RATIO else 'missed'}   (first start: {result['first_ratio']:.1f}x)")
    print(f"ratio   cold floor / static (medians): {result['floor_ratio']:.1f}x   -- Streamlit alone, before our code")
    print(f"ratio   cold ours / floor (medians): {result['ours_over_floor']:.2f}x   -- what our page adds to Streamlit's")
    print(line("ours    warm: page load -> pins visible", result["warm"]["ours"]))
    print(line("static  warm: page load -> pins visible", result["warm"]["static"]))
    print(f"ratio   warm ours / static (medians): {result['warm_ratio']:.1f}x   (for reference; goal {GOAL_RATIO:.0f}x "
          f"applies to cold)")
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
