"""The page never scrolls itself: not on load, not on a step (issue: scrollIntoView moved the Streamlit page)."""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import host, map_frame, offline_context, open_app

pytestmark = pytest.mark.browser

SCROLLED = """() => window.scrollY + [...document.querySelectorAll('*')].reduce((sum, el) => sum + el.scrollTop, 0)"""


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_the_page_stays_where_the_reader_put_it(browser: Browser, app_url, story, size):
    context, external = offline_context(browser, viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    open_app(page, f"{app_url}/?event={story.events[-1].id}")  # the last event: its list item is out of view
    page.wait_for_timeout(500)
    assert page.evaluate(SCROLLED) == 0
    for _ in range(3):
        host(page).get_by_role("button", name="Previous event").click()
    expect(host(page).locator("#progress")).to_have_text(f"{len(story.events) - 3} / {len(story.events)}")
    page.wait_for_timeout(300)
    assert page.evaluate(SCROLLED) == 0
    context.close()
    assert external == []


def test_a_wheel_turn_over_the_map_scrolls_the_page_not_the_map(browser: Browser, app_url):
    """Scrolling the page with the pointer passing over the map must not zoom it (8.75 -> 5.5 in one turn
    before); Ctrl + wheel still zooms."""
    context, external = offline_context(browser, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    open_app(page, app_url)
    zoom = "() => window.storymap.map.getZoom()"
    map_ = map_frame(page).locator("html")
    before = map_.evaluate(zoom)
    box = host(page).locator("#map-frame").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 200)
    # A short hint says how to zoom (it fades after a second).
    expect(map_frame(page).locator(".leaflet-container.leaflet-gesture-handling-scroll-warning")).to_have_count(1)
    for _ in range(2):
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(150)
    page.wait_for_timeout(600)
    assert map_.evaluate(zoom) == before
    assert page.evaluate(SCROLLED) > 0  # the page moved instead
    box = host(page).locator("#map-frame").bounding_box()
    top, bottom = max(box["y"], 0), min(box["y"] + box["height"], 768)
    page.mouse.move(box["x"] + box["width"] / 2, (top + bottom) / 2)  # over the part of the map still in view
    page.keyboard.down("Control")
    for _ in range(3):  # the first turn wakes the wheel zoom, the next ones zoom
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(100)
    page.keyboard.up("Control")
    page.wait_for_timeout(800)
    assert map_.evaluate(zoom) > before
    context.close()
    assert external == []


def test_a_far_away_event_is_shown_with_the_home_region(browser: Browser, app_url, story):
    """Stepping to Ankara shows Ankara and Karabakh in one view, not one pin on an empty map."""
    context, external = offline_context(browser, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    far = next(e for e in story.events if e.place == "ankara")
    before = story.events[story.events.index(far) - 1]
    open_app(page, f"{app_url}/?event={before.id}")
    host(page).get_by_role("button", name="Next event").click()
    expect(host(page).locator("#card .event-title")).to_have_text(far.title)
    page.wait_for_timeout(1500)  # the fly takes 0.8 s
    shown = map_frame(page).locator("html").evaluate("""(root, ids) => {
      const b = window.storymap.map.getBounds();
      return ids.map(id => b.contains(window.storymap.markers.get(id).getLatLng()));
    }""", [far.id, *[e.id for e in story.events if e.place in ("stepanakert", "goris", "yerevan")]])
    assert all(shown), shown
    context.close()
    assert external == []


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768)])
def test_the_timeline_dates_never_run_together(browser: Browser, app_url, size):
    context, external = offline_context(browser, viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    open_app(page, app_url)
    boxes = host(page).locator("html").evaluate("""() => [...document.querySelectorAll('.tl-tick')]
        .filter(el => getComputedStyle(el).visibility !== 'hidden').map(el => el.getBoundingClientRect())
        .map(r => [r.left, r.right])""")
    assert len(boxes) >= 3
    assert all(a[1] <= b[0] for a, b in zip(boxes, boxes[1:])), boxes
    context.close()
    assert external == []
