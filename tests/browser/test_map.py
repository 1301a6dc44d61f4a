"""What a reader sees in a real browser with no network: the map, its pins, routes and labels."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, host, map_frame, open_app

pytestmark = pytest.mark.browser

CARD_PLACES = ("Stepanakert / Khankendi", "Lachin / Berdzor", "Goris", "Yerevan", "Nakhchivan")


def test_map_renders_offline_with_pins_routes_and_labels(page: Page, app_url, story):
    open_app(page, app_url)
    map_ = map_frame(page)
    expect(map_.locator(".story-pin")).to_have_count(len(story.events))
    expect(map_.locator("path.story-route")).to_have_count(4)  # two routes, each real road + traced
    expect(map_.locator("path.story-route.route-traced")).to_have_count(2)
    for route_class in ("route-lachin-corridor", "route-goris-yerevan"):
        box = map_.locator(f"path.{route_class}.route-road").bounding_box()
        assert box and box["width"] > 20 and box["height"] > 5, route_class
    expect(map_.locator(".route-label", has_text="Lachin corridor · 74 km")).to_be_visible()
    expect(map_.locator(".route-label", has_text="Goris–Yerevan (M2) · 236 km")).to_be_visible()
    stage = host(page).locator("#stage").bounding_box()
    for name in CARD_PLACES:
        label = map_.locator(".leaflet-tooltip.place-label").filter(has_text=name).first
        expect(label).to_be_visible()
        expect(label).to_have_text(name)
        box = label.bounding_box()
        assert stage["x"] <= box["x"] and box["x"] + box["width"] <= stage["x"] + stage["width"], name
        assert stage["y"] <= box["y"] and box["y"] + box["height"] <= stage["y"] + stage["height"], name
    expect(map_.locator(".country-label", has_text="Armenia")).to_be_visible()
    expect(map_.locator(".lake-label", has_text="Lake Sevan")).to_be_visible()
    expect(map_.locator(".map-legend")).to_contain_text("event from the article")
    expect(map_.locator('.story-pin-icon.is-selected .story-pin[data-event-id="strike-on-stepanakert"]')).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-home.png"))


def test_clicking_a_pin_shows_its_quote_and_card(page: Page, app_url, story):
    event = story.event("over-1000-crossed")
    open_app(page, app_url)
    map_ = map_frame(page)
    map_.locator(f'.story-pin[data-event-id="{event.id}"]').click()
    expect(map_.locator(".leaflet-popup-content .event-quote")).to_have_text(event.quote)
    expect(map_.locator(".leaflet-popup-content .event-speaker")).to_have_text(
        "— Officials in Yerevan, as reported in the article")
    card = host(page).locator("#card")
    expect(card.locator(".event-title")).to_have_text(event.title)
    expect(card.locator(".event-quote")).to_have_text(event.quote)
    expect(card.locator(".event-date")).to_contain_text("Sunday 24 September 2023, 22:00 (UTC+4)")
    expect(host(page).locator("#progress")).to_have_text("15 / 18")
    expect(page).to_have_url(f"{app_url}/?event={event.id}")
    expect(map_.locator(f'.story-pin-icon.is-selected .story-pin[data-event-id="{event.id}"]')).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-pin-clicked.png"))


def test_choosing_an_event_in_the_list_moves_the_live_map(page: Page, app_url, story):
    open_app(page, app_url)
    map_ = map_frame(page)
    map_.locator("html").evaluate("() => { window.__sameDocument = 42; }")
    host(page).get_by_role("button", name="4. Goris becomes a staging ground — Goris").click()
    expect(map_.locator('.story-pin-icon.is-selected .story-pin[data-event-id="goris-staging-ground"]')).to_be_visible()
    expect(host(page).locator("#card .event-title")).to_have_text("Goris becomes a staging ground")
    goris_lon, goris_lat = story.places["goris"].lonlat
    page.wait_for_function(
        """([lat, lon]) => {
            const win = document.querySelector('iframe[title="ui.storymap.storymap"]').contentDocument
                .querySelector('#map-frame').contentWindow;
            const c = win.storymap.map.getCenter();
            return Math.abs(c.lat - lat) < 0.02 && Math.abs(c.lng - lon) < 0.02;
        }""",
        arg=[goris_lat, goris_lon], timeout=15_000,
    )
    assert map_.locator("html").evaluate("() => window.__sameDocument") == 42  # the map was not reloaded
    expect(page).to_have_url(f"{app_url}/?event=goris-staging-ground")


INSIDE_JS = """
(html, [labels, ids]) => {
  const box = document.querySelector('.leaflet-container').getBoundingClientRect();
  const zoom = document.querySelector('.leaflet-control-zoom').getBoundingClientRect();
  const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const items = [...document.querySelectorAll('.leaflet-tooltip.place-label')]
    .map(el => [el.textContent.trim(), el]).filter(([name]) => labels.includes(name))
    .concat(ids.map(id => [id, document.querySelector(`.story-pin[data-event-id="${id}"]`)]));
  return items.filter(([name, el]) => {
    const r = el.getBoundingClientRect();
    return r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom || overlaps(r, zoom);
  }).map(([name]) => name);
}
"""


@pytest.mark.parametrize(("width", "height", "query"), [(1920, 1080, ""), (1920, 1080, "&mode=present"),
                                                        (1366, 768, ""), (1366, 768, "&mode=present")])
def test_opening_view_shows_every_home_label_and_pin(page: Page, app_url, story, width, height, query):
    """On a projector (1080p) and a school laptop, normal and presenter: nothing of the home places is
    cut off at the map's edge or hidden under the zoom buttons."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/?event={story.events[-1].id}{query}")
    map_frame(page).locator("html[data-storymap-ready]").wait_for(timeout=30_000)
    if query:
        expect(map_frame(page).locator("html.present")).to_have_count(1)
    home = story.meta["home_places"]
    labels = [story.places[p].label("both") for p in home]
    ids = [e.id for e in story.events if e.place in home]
    page.wait_for_timeout(500)
    assert map_frame(page).locator("html").evaluate(INSIDE_JS, [labels, ids]) == []
