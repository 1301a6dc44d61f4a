"""The reader page on a phone: from the app's own server (/app/static/reader.html) and as an exported site.

Both are opened as a 390×844 phone (touch, mobile user agent) with every request to another host
aborted, at a deep link (#event=…); each shows the pins, routes and labels, the linked event's
card, and steps with Previous / Next. Screenshots: test-artifacts/reader-*.png.
"""
from __future__ import annotations

import gzip
import threading
import urllib.request
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser, Page, expect

from geo.cli import main
from geo.site import READER_FILE, READER_PATH
from tests.browser.conftest import ARTIFACTS, offline_context

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True,
    "user_agent": ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                   "Chrome/126.0.0.0 Mobile Safari/537.36"),
}
LINKED = "goris-staging-ground"  # event 4 of 18


@pytest.fixture
def phone(browser: Browser, request) -> Iterator[Page]:
    context, external = offline_context(browser, **PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"failed-{request.node.name}.png"))
    context.close()
    assert external == [], f"requests to hosts other than localhost were attempted: {external}"
    assert errors == []


def check_reader(page: Page, url: str, story, shot: str) -> None:
    """Open URL#event=LINKED as a phone: map, linked card, Previous / Next, and the address following the story."""
    page.goto(f"{url}#event={LINKED}")
    map_ = page.frame_locator("#map-frame")
    expect(map_.locator("html[data-storymap-ready]")).to_have_count(1, timeout=30_000)
    expect(map_.locator(".story-pin")).to_have_count(len(story.events))
    expect(map_.locator(f'.story-pin[data-event-id="{LINKED}"]')).to_be_visible()
    expect(map_.locator("path.story-route")).to_have_count(4)  # two routes, each real road + traced
    expect(map_.locator("path.story-route.route-traced")).to_have_count(2)
    # On a phone's small map the route label may have no room: it is there, and hidden rather than covering a pin.
    expect(map_.locator(".route-label", has_text="Goris–Yerevan (M2) · 236 km")).to_have_count(1)
    # On a phone's opening view the pins crowd: a place label with no room is hidden, not drawn over a pin;
    # zoomed in on the linked event, its place is named.
    map_.locator("html").evaluate("() => { const m = window.storymap; m.map.setView(m.markers.get(%r).getLatLng(), 10, {animate: false}); }" % LINKED)
    expect(map_.locator(".leaflet-tooltip.place-label", has_text="Goris")).to_be_visible()
    expect(page.locator("#card .event-title")).to_have_text(story.event(LINKED).title)
    expect(page.locator("#progress")).to_have_text("4 / 18")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"reader-{shot}-linked.png"))

    page.get_by_role("button", name="Next event").tap()
    expect(page.locator("#card .event-title")).to_have_text(story.events[4].title)
    expect(page.locator("#progress")).to_have_text("5 / 18")
    assert page.url.endswith(f"#event={story.events[4].id}")
    page.get_by_role("button", name="Previous event").tap()
    page.get_by_role("button", name="Previous event").tap()
    expect(page.locator("#card .event-title")).to_have_text(story.events[2].title)
    assert page.url.endswith(f"#event={story.events[2].id}")
    page.wait_for_timeout(1200)  # the map's fly to the event (0.8 s) ends: the picture shows where it stops
    page.screenshot(path=str(ARTIFACTS / f"reader-{shot}-stepped.png"))


def test_reader_page_from_the_apps_server_on_a_phone(phone: Page, app_url, story):
    check_reader(phone, f"{app_url}/{READER_PATH}", story, "app")


def test_the_reader_map_is_a_map_on_a_phone(phone: Page, app_url):
    """On a 390 px wide screen the map takes the width and a good part of the first screen, the linked pin in view.

    (Playwright's "visible" above does not see a map squeezed into a sliver: a pin clipped by its iframe
    still counts as visible.)
    """
    phone.goto(f"{app_url}/{READER_PATH}#event={LINKED}")
    expect(phone.frame_locator("#map-frame").locator("html[data-storymap-ready]")).to_have_count(1, timeout=30_000)
    viewport = phone.viewport_size
    box = phone.locator("#map-frame").bounding_box()
    assert box["width"] >= 0.9 * (viewport["width"] - 30), box
    assert box["height"] >= 0.4 * viewport["height"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box  # all of it on the first screen
    pin = phone.frame_locator("#map-frame").locator(f'.story-pin[data-event-id="{LINKED}"]').bounding_box()
    inside = (box["x"] <= pin["x"] and pin["x"] + pin["width"] <= box["x"] + box["width"]
              and box["y"] <= pin["y"] and pin["y"] + pin["height"] <= box["y"] + box["height"])
    assert inside, (pin, box)  # the linked pin is in the map's view (both in the page's coordinates)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]  # no sideways scrolling


def test_the_app_serves_the_committed_reader_page_compressed(app_url):
    """What a browser gets at /app/static/reader.html: this file, as HTML, gzipped on the wire."""
    request = urllib.request.Request(f"{app_url}/{READER_PATH}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        headers, wire = response.headers, response.read()
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(wire) == READER_FILE.read_bytes()
    assert len(wire) < READER_FILE.stat().st_size / 2


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no request lines in the test output
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory) -> Iterator[str]:
    """The site of the built-in story (python -m geo export site), served by a plain static server."""
    folder = tmp_path_factory.mktemp("site") / "story-site"
    assert main(["export", "site", "--out", str(folder)]) == 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_exported_site_from_a_plain_static_server_on_a_phone(phone: Page, site_url, story):
    check_reader(phone, site_url, story, "site")
    head = phone.locator('meta[property="og:image"]')
    assert head.get_attribute("content") == "preview.png"
    picture = phone.request.get(site_url + "preview.png")
    assert picture.status == 200 and picture.headers["content-type"] == "image/png"
    assert phone.request.get(site_url + "robots.txt").text() == "User-agent: *\nAllow: /\n"

