"""Messages from other windows, in a real browser: only the component's own parent may render it.

A page on another localhost origin (another port) opens the app with window.open, or frames the
standalone copy, and posts `streamlit:render` messages carrying its own view to every window and
frame it can reach: the old (HTML cards, a map document) and the current (data) forms. Nothing
may change and nothing may run (each payload would set `__xss` on its window or its top).
"""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from geo.storyview import standalone_html
from tests.browser.conftest import COMPONENT_FRAME, host, map_frame, offline_context

pytestmark = pytest.mark.browser

EVIL = '<img src="x" onerror="window.__xss = 1; try { top.__xss = 1 } catch (e) {}">'
EVIL_VIEWS = [
    {  # the view as host.js took it before: cards as HTML and a whole map document
        "map_html": f"<!DOCTYPE html><html><body>{EVIL}<script>top.__xss = 2</script></body></html>",
        "cards": {"pwned": f"<h3 class='event-title'>PWNED</h3>{EVIL}"}, "order": ["pwned"],
        "labels": {"pwned": "PWNED"}, "timeline": None,
    },
    {  # the view as it is now: data, with markup in every text
        "map": {"home": [[0, 0], [1, 1]], "focus_zoom": 9, "min_zoom": 2, "max_zoom": 14, "max_bounds": None,
                "tiles": "https://attacker.invalid/{z}/{x}/{y}.png", "pin_size": 28, "path": [], "basemap": None,
                "routes": [], "places": [], "pins": [{"id": "pwned", "number": 1, "title": EVIL, "latlon": [0.5, 0.5],
                                                       "anchor": [14, 38]}]},
        "cards": {"pwned": {"id": "pwned", "number": 1, "total": 1, "place": EVIL, "title": "PWNED", "date": EVIL,
                            "summary": EVIL, "quote": EVIL, "speaker": EVIL, "line": 1, "place_note": ""}},
        "order": ["pwned"], "labels": {"pwned": "PWNED"}, "timeline": None,
    },
]

ATTACK = """async (views) => {
  const targets = [];
  const walk = (w, depth) => { targets.push(w); if (depth < 3) for (let i = 0; i < w.frames.length; i++) walk(w.frames[i], depth + 1); };
  walk(window.victim, 0);
  for (const view of views) {
    const message = { isStreamlitMessage: true, type: "streamlit:render",
                      args: { view: JSON.stringify(view), selected: "pwned", ack: 999, mode: "present", height: 300 } };
    for (const t of targets) t.postMessage(message, "*");
  }
  await new Promise(r => setTimeout(r, 1500));
  return targets.length;
}"""


@pytest.fixture(scope="module")
def attacker_site(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """A static site on 127.0.0.1 (another origin than the app's localhost), serving a folder."""
    root = tmp_path_factory.mktemp("attacker")
    (root / "index.html").write_text("<!DOCTYPE html><title>attacker</title><p>another site</p>", encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()


def test_a_page_that_opens_the_app_cannot_render_into_it(browser: Browser, app_url, attacker_site, story):
    site, _ = attacker_site
    context, external = offline_context(browser)
    attacker = context.new_page()
    attacker.goto(f"{site}/index.html")
    with context.expect_page() as opened:
        attacker.evaluate("url => { window.victim = window.open(url); }", app_url)
    app = opened.value
    map_frame(app).locator("html[data-storymap-ready]").wait_for(timeout=30_000)
    expect(host(app).locator("#card .event-title")).to_have_text(story.events[0].title)

    reached = attacker.evaluate(ATTACK, EVIL_VIEWS)
    assert reached >= 3  # the app's page, the component and the map document

    expect(host(app).locator("#card .event-title")).to_have_text(story.events[0].title)
    expect(host(app).locator("#event-list button")).to_have_count(len(story.events))
    expect(host(app).locator("#app")).to_have_class("normal")
    expect(map_frame(app).locator(".story-pin")).to_have_count(len(story.events))
    for frame in app.frames:
        assert frame.evaluate("() => window.__xss") is None, frame.url
    assert app.frame_locator(COMPONENT_FRAME).locator("img[src='x']").count() == 0
    context.close()
    assert external == []


def test_a_page_that_frames_the_standalone_copy_cannot_render_into_it(browser: Browser, attacker_site, story):
    """The standalone copy has no Streamlit: it takes no render message, not even from its parent."""
    site, root = attacker_site
    (root / "story.html").write_text(standalone_html(story), encoding="utf-8")
    (root / "frame.html").write_text(
        '<!DOCTYPE html><iframe id="v" src="story.html" style="width:1300px;height:800px"></iframe>'
        "<script>window.victim = document.getElementById('v').contentWindow;</script>", encoding="utf-8")
    context, external = offline_context(browser)
    page = context.new_page()
    page.goto(f"{site}/frame.html")
    copy = page.frame_locator("#v")
    copy.frame_locator("#map-frame").locator("html[data-storymap-ready]").wait_for(timeout=30_000)
    expect(copy.locator("#card .event-title")).to_have_text(story.events[0].title)

    page.evaluate(ATTACK, EVIL_VIEWS)

    expect(copy.locator("#card .event-title")).to_have_text(story.events[0].title)
    expect(copy.locator("#event-list button")).to_have_count(len(story.events))
    for frame in page.frames:
        assert frame.evaluate("() => window.__xss") is None, frame.url
    context.close()
    assert external == []


def test_an_event_link_to_an_inherited_name_opens_the_first_event(browser: Browser, story, tmp_path):
    """#event=__proto__ (or constructor, toString) is no event: the copy opens at event 1."""
    path = tmp_path / "story.html"
    path.write_text(standalone_html(story), encoding="utf-8")
    context, external = offline_context(browser, allow_files=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for name in ("__proto__", "constructor", "toString", "hasOwnProperty"):
        page.goto(f"{path.as_uri()}#event={name}")
        page.frame_locator("#map-frame").locator("html[data-storymap-ready]").wait_for(timeout=30_000)
        expect(page.locator("#card .event-title")).to_have_text(story.events[0].title)
        expect(page.locator("#progress")).to_have_text(f"1 / {len(story.events)}")
    assert errors == []
    context.close()
    assert external == []


def test_every_message_the_page_sends_is_json_data(story):
    """The view the attacks above imitate is data: no HTML for the host to trust (kept in step with them)."""
    from geo.storyview import view_args

    args = view_args(story)
    assert set(args) == set(EVIL_VIEWS[1])
    assert set(args["cards"][story.events[0].id]) == set(EVIL_VIEWS[1]["cards"]["pwned"])
    json.dumps(args)
