"""The page never scrolls itself: not on load, not on a step (issue: scrollIntoView moved the Streamlit page)."""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import host, offline_context, open_app

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
