"""Classroom mode in a real browser: stepping without reloading, keys, links, presenter, play, axe."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect
from shapely.geometry import LineString, Point

from geo.geometry import join_lines
from tests.browser.conftest import ARTIFACTS, COMPONENT_FRAME, host, map_center, map_frame, open_app
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def wait_for_centre(page: Page, lonlat: tuple[float, float]) -> None:
    page.wait_for_function(
        """([frame, lat, lon]) => {
            const win = document.querySelector(frame).contentDocument.querySelector('#map-frame').contentWindow;
            const c = win.storymap.map.getCenter();
            return Math.abs(c.lat - lat) < 0.02 && Math.abs(c.lng - lon) < 0.02;
        }""",
        arg=[COMPONENT_FRAME, lonlat[1], lonlat[0]], timeout=15_000,
    )


def test_next_changes_card_and_map_without_reloading_it(page: Page, app_url, story):
    open_app(page, app_url)
    map_ = map_frame(page)
    map_.locator("html").evaluate("() => { window.__sameDocument = 42; }")
    before = map_center(page)
    host(page).get_by_role("button", name="Next event").click()
    expect(host(page).locator("#card .event-title")).to_have_text(story.events[1].title)
    expect(host(page).locator("#progress")).to_have_text("2 / 18")
    wait_for_centre(page, story.places[story.events[1].place].lonlat)
    assert map_center(page) != before
    host(page).get_by_role("button", name="Next event").click()
    expect(host(page).locator("#card .event-title")).to_have_text(story.events[2].title)
    expect(page).to_have_url(f"{app_url}/?event={story.events[2].id}")
    assert map_.locator("html").evaluate("() => window.__sameDocument") == 42


def test_quick_steps_and_a_page_rerun_never_move_the_story_back(page: Page, app_url, story):
    """Steps faster than the server answers, then a full page rerun (a setting changed): the story
    stays where the reader is, and the address bar catches up."""
    open_app(page, app_url)
    next_button = host(page).get_by_role("button", name="Next event")
    for _ in range(5):
        next_button.click()
    title = host(page).locator("#card .event-title")
    expect(title).to_have_text(story.events[5].title)
    expect(page).to_have_url(f"{app_url}/?event={story.events[5].id}")
    page.get_by_text("Discussion questions").click()  # a full rerun: the component gets new arguments
    expect(host(page).locator("#card .event-questions li").first).to_be_visible()
    page.wait_for_timeout(1000)
    expect(title).to_have_text(story.events[5].title)
    expect(host(page).locator("#progress")).to_have_text("6 / 18")
    next_button.click()
    expect(title).to_have_text(story.events[6].title)
    expect(page).to_have_url(f"{app_url}/?event={story.events[6].id}")


def test_keys_step_the_story_from_the_page_and_from_the_map(page: Page, app_url, story):
    open_app(page, app_url)
    title = host(page).locator("#card .event-title")
    page.locator("h1").click()
    page.keyboard.press("ArrowRight")
    expect(title).to_have_text(story.events[1].title)
    page.keyboard.press("End")
    expect(title).to_have_text(story.events[-1].title)
    page.keyboard.press("ArrowLeft")
    expect(title).to_have_text(story.events[-2].title)
    page.keyboard.press("Home")
    expect(title).to_have_text(story.events[0].title)
    map_frame(page).locator(".leaflet-container").click(position={"x": 30, "y": 200})  # focus inside the map
    page.keyboard.press("ArrowRight")
    expect(title).to_have_text(story.events[1].title)
    expect(host(page).locator("#progress")).to_have_text("2 / 18")


def test_controls_are_reachable_with_tab_and_show_focus(page: Page, app_url):
    open_app(page, app_url)
    next_button = host(page).get_by_role("button", name="Next event")
    next_button.focus()
    page.keyboard.press("Enter")
    expect(host(page).locator("#progress")).to_have_text("2 / 18")
    page.keyboard.press("Tab")
    focused = host(page).locator(":focus")
    expect(focused).to_have_text("Last")
    outline = focused.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"


def test_deep_links_land_on_the_event_and_unknown_ids_do_not_crash(page: Page, app_url, story):
    open_app(page, f"{app_url}/?event=pashinyan-address")
    expect(host(page).locator("#card .event-title")).to_have_text(story.event("pashinyan-address").title)
    expect(map_frame(page).locator('.story-pin-icon.is-selected .story-pin[data-event-id="pashinyan-address"]')).to_be_visible()
    open_app(page, f"{app_url}/?event=%3Cscript%3Ealert(1)%3C/script%3E")
    expect(page.get_by_text("so it opens at the first event")).to_be_visible()
    expect(host(page).locator("#progress")).to_have_text("1 / 18")


def test_timeline_steps_with_the_story_and_can_be_clicked(page: Page, app_url, story):
    open_app(page, app_url)
    timeline = host(page).locator("#timeline")
    expect(timeline.locator('.tl-item.is-current[data-id="strike-on-stepanakert"]')).to_be_visible()
    timeline.locator('.tl-item[data-id="over-1000-crossed"]').click()
    expect(host(page).locator("#card .event-title")).to_have_text(story.event("over-1000-crossed").title)
    expect(timeline.locator('.tl-item.is-current[data-id="over-1000-crossed"]')).to_be_visible()
    week = timeline.locator('.tl-item[data-id="strike-on-stepanakert"]').bounding_box()
    day = timeline.locator('.tl-item[data-id="over-1000-crossed"]').bounding_box()
    assert week["width"] > 5 * day["width"]  # "last week" is drawn as a range


def test_context_on_the_timeline_is_marked_and_sourced(page: Page, app_url):
    open_app(page, app_url)
    page.get_by_text("Context on the timeline").click()
    context = host(page).locator(".tl-item.context")
    expect(context.first).to_be_visible(timeout=15_000)
    note = host(page).locator("#tl-context-note")
    # The timeline's key says what a diamond is before one is clicked; each says so on hover too.
    expect(note).to_have_text("◆ context, not from the article (dashed): click one for what it is and its source")
    assert "context, not from the article; source: " in context.first.get_attribute("title")
    context.first.click()
    expect(note).to_contain_text("Context, not from the article")
    expect(note.locator("a")).to_have_attribute("href", "https://karabakhspace.commonspace.eu/news/azerbaijan-launches-large-scale-military-operation-nagorno-karabakh-updated")


def test_presenter_mode_is_legible_at_1920x1080(page: Page, app_url, story):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_app(page, f"{app_url}/?mode=present&event=goris-staging-ground")
    card = host(page).locator("#card")
    expect(card.locator(".event-title")).to_have_text("Goris becomes a staging ground")
    px = lambda locator: float(locator.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))  # noqa: E731
    assert px(card.locator(".event-title")) >= 40
    for selector in (".event-summary", ".event-quote", ".event-date", ".event-speaker", ".event-line"):
        assert px(card.locator(selector)) >= 24, selector
    # The map's place names read from the back of the room too: 20 px and more.
    sizes = map_frame(page).locator(".leaflet-tooltip.place-label").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 20, sizes
    expect(host(page).locator("#progress")).to_have_text("4 / 18")
    expect(host(page).get_by_role("button", name="Full screen")).to_be_visible()
    expect(page.locator("h1")).to_have_count(0)
    expect(page.locator('header[data-testid="stHeader"]')).to_be_hidden()
    stage = host(page).locator("#stage").bounding_box()
    assert stage["height"] >= 1000 and stage["width"] >= 1000
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "presenter.png"))
    page.keyboard.press("Escape")
    expect(page.locator("h1")).to_have_text(story.meta["title"], timeout=15_000)
    expect(page).to_have_url(f"{app_url}/?event=goris-staging-ground")


def test_play_moves_the_traveller_along_the_route(page: Page, app_url, story):
    open_app(page, app_url)
    path = LineString(join_lines(r.lonlats for r in story.routes))
    where = lambda: map_frame(page).locator("html").evaluate(  # noqa: E731
        "() => { const p = window.storymap.travellerLatLng(); return p && [p.lng, p.lat]; }")
    host(page).get_by_role("button", name="Play").click()
    expect(host(page).locator("#play")).to_have_attribute("aria-pressed", "true")
    start = where()
    assert start is not None
    expect(host(page).locator("#progress")).to_have_text("2 / 18", timeout=10_000)
    page.wait_for_timeout(1500)  # the traveller's move takes 1.2 s
    moved = where()
    assert moved != start
    for lon, lat in (start, moved):
        assert path.distance(Point(lon, lat)) < 1e-6  # on the route, not beside it
    host(page).get_by_role("button", name="Pause").click()
    expect(host(page).locator("#play")).to_have_attribute("aria-pressed", "false")


def _axe(frame) -> list[dict]:
    frame.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = frame.evaluate("async () => JSON.stringify((await axe.run(document, {resultTypes: ['violations']})).violations)")
    return [v for v in json.loads(result) if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("query", ["", "?mode=present"])
def test_axe_finds_no_serious_or_critical_violation(page: Page, app_url, query):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (bash .ci/run does)")
    open_app(page, f"{app_url}/{query}")
    page.wait_for_timeout(1000)
    frames = [f for f in page.frames if f.url.startswith(app_url) or f.url == "about:srcdoc"]
    assert len(frames) == 3
    problems = {f.url: _axe(f) for f in frames}
    summary = {url: [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in found]
               for url, found in problems.items() if found}
    assert summary == {}, json.dumps(summary, indent=1)
