"""The basemap in a real browser with no network: zoomed to the corridor, the reader sees roads and village
names (fetched from the app's own server only then); a story with no basemap of its own is drawn on land;
the credits name the sources as plain text, with no flag or other image. Screenshots: test-artifacts/basemap-*.png.
"""
from __future__ import annotations

import dataclasses

import pytest
from playwright.sync_api import Browser, Page, expect

from geo.story import load_story
from geo.storyview import standalone_html
from tests.browser.conftest import ARTIFACTS, map_frame, offline_context, open_app
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

CORRIDOR = (39.58, 46.52)  # between Goris and the Hakari bridge


def _zoom(frame, latlon: tuple[float, float], zoom: int) -> None:
    frame.locator("html").evaluate("(_, [lat, lon, z]) => window.storymap.map.setView([lat, lon], z, {animate: false})",
                                   [*latlon, zoom])


def _visible_names(frame, selector: str) -> list[str]:
    return frame.locator(selector).evaluate_all(
        "els => els.filter(e => getComputedStyle(e).visibility !== 'hidden' && e.getBoundingClientRect().width > 0)"
        ".map(e => e.textContent)")


def test_at_corridor_zoom_the_map_shows_roads_and_village_names(browser: Browser, app_url):
    context, external = offline_context(browser, viewport={"width": 1366, "height": 768})  # opens at zoom 8
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if "basemap-detail-" in request.url else None)
    open_app(page, app_url)
    map_ = map_frame(page)
    page.wait_for_timeout(500)
    assert fetched == []  # the opening view (zoom 8 here) needs none of the detail: the first paint carries none
    _zoom(map_, CORRIDOR, 11)
    expect(map_.locator(".settlement-village").first).to_be_attached(timeout=10_000)
    assert len(fetched) == 1 and "/app/static/basemap-detail-" in fetched[0]
    roads = map_.locator(".leaflet-basemap-pane path").evaluate_all(
        "els => els.filter(e => e.getAttribute('stroke') === '#ffffff' && e.getBoundingClientRect().width > 50).length")
    assert roads >= 1
    page.wait_for_timeout(300)  # labels are placed on the next frame
    villages = _visible_names(map_, ".settlement-label")
    # Names of villages around the corridor (those with no room beside the pins and labels are hidden).
    assert "Tegh" in villages and len(set(villages) & {"Khndzoresk", "Karahunj", "Khot", "Khnatsakh", "Hartashen"}) >= 3, villages
    minor = _visible_names(map_, ".minor-place-label")  # the story's own hover-only places, named once zoomed in
    assert "Kornidzor" in minor, minor
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "basemap-corridor-11.png"))
    _zoom(map_, CORRIDOR, 8)  # back out: the villages go, the fine borders give way to the coarse ones
    page.wait_for_timeout(300)
    expect(map_.locator(".settlement-village")).to_have_count(0)
    context.close()
    assert external == []


def test_the_credits_name_the_sources_as_plain_text(page: Page, app_url):
    open_app(page, app_url)
    credits = map_frame(page).locator(".leaflet-control-attribution")
    expect(credits).to_have_text("Leaflet | Natural Earth, GeoNames, © OpenStreetMap contributors")
    expect(credits.locator("img, svg")).to_have_count(0)  # Leaflet's default prefix carries a flag: not here


def test_a_story_without_a_basemap_shows_land(browser: Browser, tmp_path):
    story = load_story(ROOT / "templates" / "blank-story")
    path = tmp_path / "template.html"
    path.write_text(standalone_html(story), encoding="utf-8")
    context, external = offline_context(browser, allow_files=True, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(path.as_uri())
    map_ = page.frame_locator("#map-frame")
    expect(map_.locator("html[data-storymap-ready]")).to_have_count(1, timeout=30_000)
    # Land under the story's places: the pixel under each place dot's centre is the land colour, not the sea.
    land = map_.locator("html").evaluate("""() => [...document.querySelectorAll('.place-dot')].map(dot => {
      const r = dot.getBoundingClientRect(), at = new DOMPoint(r.left + r.width / 2, r.top + r.height / 2);
      return [...document.querySelectorAll('.leaflet-basemap-pane path')]
        .filter(p => p.isPointInFill(at.matrixTransform(p.getScreenCTM().inverse())))
        .map(p => p.getAttribute('fill'));
    })""")
    assert land and all("#f3efe6" in fills for fills in land), land  # inside a country's shape
    expect(map_.locator(".country-label", has_text="Azerbaijan")).to_be_visible()
    expect(map_.locator(".leaflet-control-attribution")).to_have_text("Leaflet | Natural Earth")
    page.screenshot(path=str(ARTIFACTS / "basemap-template.png"))
    context.close()
    assert external == []


def test_a_hostile_basemap_attribution_is_shown_as_text_in_the_credits(browser: Browser, story, tmp_path):
    """A story's own basemap names its source in `attribution`; the credits show it as text, never as markup."""
    payload = '<img src=x onerror="window.__pwned=1">'
    own = {**story.basemap, "attribution": payload}
    traced = [dataclasses.replace(r, part_kinds=("traced",) * len(r.part_kinds)) for r in story.routes]
    path = tmp_path / "hostile.html"
    path.write_text(standalone_html(dataclasses.replace(story, basemap=own, routes=traced)), encoding="utf-8")
    context, external = offline_context(browser, allow_files=True, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(path.as_uri())
    map_ = page.frame_locator("#map-frame")
    expect(map_.locator("html[data-storymap-ready]")).to_have_count(1, timeout=30_000)
    credits = map_.locator(".leaflet-control-attribution")
    expect(credits).to_have_text(f"Leaflet | Basemap: {payload}")
    expect(credits.locator("img")).to_have_count(0)
    assert map_.locator("html").evaluate("() => window.__pwned === undefined")
    context.close()
    assert external == []
