"""A reader on a phone over a slow link: navigation -> every pin visible, and the bytes it took.

Three pages of the same story (data/), each opened as a phone on an emulated weak mobile link:
  app     the Streamlit app (bench.appserver.start_app); pins in
          iframe[title="ui.storymap.storymap"] -> #map-frame .story-pin
  reader  /app/static/reader.html from the same Streamlit server (static/reader.html,
          scripts/build_reader.py); pins in #map-frame .story-pin
  plain   the standalone file (geo.storyview.standalone_html) from a plain static server
          (Python's http.server in a thread on 127.0.0.1, no compression); pins as for reader

The phone: Debian's Chromium (bench.appserver.CHROMIUM, CHROMIUM_ARGS), viewport 390x844, device
scale 3, touch, a mobile user agent. The link: CDP Network.emulateNetworkConditions, 1.6 Mbit/s
down, 750 kbit/s up, 150 ms latency, set on the page before it navigates. Cold cache: a new
browser context for every run. Every request to a host other than localhost is aborted.
Time: measured in the page, performance.now() (milliseconds since navigation start) at the first
animation frame in which every pin of the story (one per event) is in the map document.
Bytes: the sum of encodedDataLength of CDP Network.loadingFinished (what came over the wire for
each HTTP response, headers included, compressed if it was), for http(s) requests only: CDP also
reports the map's srcdoc document (200 kB the page already holds) and data: URLs; the app also receives its story
over a websocket, counted apart from the payloads of Network.webSocketFrameReceived (after
decompression: CDP does not give a frame's wire size).
One untimed, unthrottled load of each page first (the servers' own caches warm, as for any
reader after the first); then RUNS runs of each, the three kinds alternating; median and min.
Goals: reader <= 1.5x the plain file (medians) and under 4 s; the app's figure beside them.
It reports; it asserts nothing.
Run: python bench/bench_phone.py [RUNS]
"""
from __future__ import annotations

import base64
import statistics
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.appserver import CHROMIUM, CHROMIUM_ARGS, ROOT, start_app, stop_app  # noqa: E402
from bench.bench_coldstart import PINS_JS  # noqa: E402

GOAL_RATIO = 1.5
GOAL_SECONDS = 4.0
DOWN_BITS, UP_BITS, LATENCY_MS = 1_600_000, 750_000, 150
NETWORK = {"offline": False, "latency": LATENCY_MS, "downloadThroughput": DOWN_BITS / 8, "uploadThroughput": UP_BITS / 8}
PHONE = {
    "viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True,
    "user_agent": ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                   "Chrome/126.0.0.0 Mobile Safari/537.36"),
}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
KINDS = ("app", "reader", "plain")

# performance.now() once every pin is in the map document; false until then (bench_coldstart's check, timed).
PINS_AT_JS = f"(args) => {{ const found = {PINS_JS.strip()}; return found(args) && performance.now(); }}"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def plain_server(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    """Python's http.server over FOLDER in a thread on 127.0.0.1; return the server and its index.html URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/index.html"


def _guard(route) -> None:
    parsed = urlparse(route.request.url)
    if parsed.scheme in ("data", "blob", "about") or parsed.hostname in LOCAL_HOSTS:
        route.continue_()
    else:
        route.abort()


def open_as_phone(browser: Browser, url: str, nested: bool, expected: int, throttle: bool = True) -> dict:
    """One cold load of URL as a phone on the slow link: ms from navigation start to every pin, and the bytes."""
    context = browser.new_context(**PHONE)
    try:
        context.route("**/*", _guard)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        got = {"http": 0, "requests": 0, "ws": 0, "ws_frames": 0}
        on_the_wire: set[str] = set()  # request ids of http(s) URLs: not data: URLs, not the map's about:srcdoc

        def sent(event: dict) -> None:
            if urlparse(event["request"]["url"]).scheme in ("http", "https"):
                on_the_wire.add(event["requestId"])

        def finished(event: dict) -> None:
            if event["requestId"] in on_the_wire:
                got["http"] += int(event.get("encodedDataLength", 0))
                got["requests"] += 1

        def frame(event: dict) -> None:
            response = event.get("response", {})
            data = response.get("payloadData", "")
            got["ws"] += len(base64.b64decode(data)) if response.get("opcode") == 2 else len(data.encode("utf-8"))
            got["ws_frames"] += 1

        cdp.on("Network.requestWillBeSent", sent)
        cdp.on("Network.loadingFinished", finished)
        cdp.on("Network.webSocketFrameReceived", frame)
        cdp.send("Network.enable")
        if throttle:
            cdp.send("Network.emulateNetworkConditions", NETWORK)
        page.goto(url, wait_until="commit", timeout=180_000)
        at_ms = page.wait_for_function(PINS_AT_JS, arg=[nested, expected], polling="raf", timeout=180_000).json_value()
        page.wait_for_timeout(50)  # the last loadingFinished events reach us
        return {"seconds": at_ms / 1000, **got}
    finally:
        context.close()


def summarise(runs: list[dict]) -> dict:
    seconds = [r["seconds"] for r in runs]
    total = [r["http"] + r["ws"] for r in runs]
    return {"median_s": statistics.median(seconds), "min_s": min(seconds), "max_s": max(seconds), "values_s": seconds,
            "http_bytes": statistics.median(r["http"] for r in runs), "ws_bytes": statistics.median(r["ws"] for r in runs),
            "bytes": statistics.median(total), "requests": statistics.median(r["requests"] for r in runs), "n": len(runs)}


LABELS = {"app": "app     the Streamlit app (/)",
          "reader": "reader  /app/static/reader.html, the app's server",
          "plain": "plain   the standalone file, plain static server"}


def main(runs: int = 3) -> dict:
    from geo.site import READER_PATH
    from geo.story import load_story
    from geo.storyview import standalone_html

    story = load_story(ROOT / "data")
    expected = len(story.events)
    folder = tempfile.TemporaryDirectory(prefix="bench-phone-")
    (Path(folder.name) / "index.html").write_text(standalone_html(story), encoding="utf-8")
    plain, plain_url = plain_server(Path(folder.name))
    proc, app_url = start_app()
    urls = {"app": (app_url + "/", True), "reader": (f"{app_url}/{READER_PATH}", False), "plain": (plain_url, False)}
    measured: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for kind in KINDS:  # warm the servers, untimed and unthrottled
                    open_as_phone(browser, *urls[kind], expected, throttle=False)
                for _ in range(runs):
                    for kind in KINDS:
                        measured[kind].append(open_as_phone(browser, *urls[kind], expected))
            finally:
                browser.close()
    finally:
        stop_app(proc)
        plain.shutdown()
        plain.server_close()
        folder.cleanup()

    result = {"runs": runs, "pins": expected, "goal_ratio": GOAL_RATIO, "goal_s": GOAL_SECONDS,
              "network": {"down_mbit": DOWN_BITS / 1e6, "up_kbit": UP_BITS / 1e3, "latency_ms": LATENCY_MS},
              "kinds": {kind: summarise(values) for kind, values in measured.items()}}
    k = result["kinds"]
    result["reader_over_plain"] = k["reader"]["median_s"] / k["plain"]["median_s"]
    result["app_over_reader"] = k["app"]["median_s"] / k["reader"]["median_s"]
    result["reader_met"] = result["reader_over_plain"] <= GOAL_RATIO and k["reader"]["median_s"] < GOAL_SECONDS

    print(f"phone 390x844 (scale 3, touch), {DOWN_BITS / 1e6:.1f} Mbit/s down, {UP_BITS / 1e3:.0f} kbit/s up, "
          f"{LATENCY_MS} ms latency, cold cache; navigation -> all {expected} pins visible; {runs} runs each")
    for kind in KINDS:
        s = k[kind]
        ws = f" + {s['ws_bytes']:,.0f} websocket payload" if s["ws_bytes"] else ""
        print(f"{LABELS[kind]:<52} median {s['median_s']:6.2f} s   min {s['min_s']:6.2f} s   "
              f"{s['http_bytes']:,.0f} bytes on the wire{ws}   {s['requests']:.0f} requests")
    print(f"ratio   reader / plain (medians): {result['reader_over_plain']:.2f}x   goal <= {GOAL_RATIO}x and under "
          f"{GOAL_SECONDS:.0f} s: {'met' if result['reader_met'] else 'missed'}")
    print(f"ratio   app / reader (medians): {result['app_over_reader']:.1f}x")
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
