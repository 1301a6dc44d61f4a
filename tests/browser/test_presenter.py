"""Presenter mode on the projectors classrooms have: the whole card on screen, text 24 px and up, one row of controls."""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import ARTIFACTS, host, offline_context, open_app

pytestmark = pytest.mark.browser

REQUIRED = (".event-title", ".event-date", ".event-summary", ".event-quote", ".event-speaker", ".event-line")
MEASURE = """(root, selectors) => {
  const controls = document.getElementById('controls').getBoundingClientRect();
  const parts = selectors.map(s => {
    const el = document.querySelector('#card ' + s), r = el.getBoundingClientRect();
    return { s, top: r.top, bottom: r.bottom, size: parseFloat(getComputedStyle(el).fontSize) };
  });
  const rows = new Set([...document.querySelectorAll('#controls button')].filter(b => b.offsetParent)
                       .map(b => Math.round(b.getBoundingClientRect().top)));
  return { parts, controlsTop: controls.top, rows: rows.size, height: window.innerHeight };
}"""


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768), (1920, 1080)])
def test_every_card_is_whole_on_the_projector(browser: Browser, app_url, story, size):
    context, external = offline_context(browser, viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    open_app(page, f"{app_url}/?mode=present")
    panel = host(page)
    for n, event in enumerate(story.events, 1):
        if n > 1:
            panel.get_by_role("button", name="Next event").click()
        expect(panel.locator("#card .event-title")).to_have_text(event.title)
        seen = panel.locator("html").evaluate(MEASURE, list(REQUIRED))
        assert seen["rows"] == 1, f"event {n}: the controls take {seen['rows']} rows"
        for part in seen["parts"]:
            assert part["top"] >= 0 and part["bottom"] <= seen["controlsTop"] + 1, f"event {n}: {part['s']} is cut off"
            assert part["size"] >= 24, f"event {n}: {part['s']} is {part['size']} px"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"presenter-{size[0]}x{size[1]}-last.png"))
    context.close()
    assert external == []


def test_leaving_presenter_mode_keeps_the_map(browser: Browser, app_url):
    """The page around the map comes back, and the map is the same document: not reloaded, no grey page."""
    from tests.browser.conftest import map_frame

    context, external = offline_context(browser, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    open_app(page, f"{app_url}/?mode=present")
    host(page).locator("html").evaluate("() => { window.__kept = 1; }")
    map_frame(page).locator("html").evaluate("() => { window.__kept = 1; }")
    host(page).get_by_role("button", name="Leave presenter mode").click()
    expect(page.locator("h1.story-title")).to_be_visible()
    expect(host(page).locator("#app")).to_have_class("normal")
    assert host(page).locator("html").evaluate("() => window.__kept") == 1
    assert map_frame(page).locator("html").evaluate("() => window.__kept") == 1
    expect(map_frame(page).locator(".story-pin").first).to_be_visible()
    context.close()
    assert external == []
