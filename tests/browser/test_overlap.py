"""No label on the map covers anything, and none is cut off: place labels, route labels and map names against
pins, each other and the map's controls, from their rectangles on screen, at the opening view and after steps, on
the screens people have, in the app (normal and presenter mode) and in the standalone copy.

Pins are checked too, against each other (engine.js gives neighbouring places one grid when theirs would meet)
and against every control: the opening view is fitted around the controls, the key folds off a pin, and after a
fly engine.js moves the map once to uncover a pin; the layer switches live in the key, not in a corner of their own."""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from geo.storyview import standalone_html
from tests.browser.conftest import ARTIFACTS, COMPONENT_FRAME, offline_context, open_app

pytestmark = pytest.mark.browser

# What a reader sees in the map document, each with a name for the failure message.
OVERLAPS = """() => {
  const box = document.querySelector('.leaflet-container').getBoundingClientRect();
  const seen = (el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && s.opacity !== '0'
      && r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom;
  };
  const items = [];
  const add = (selector, kind, name) => document.querySelectorAll(selector).forEach(el => {
    if (seen(el)) items.push({ kind, name: name(el), r: el.getBoundingClientRect() });
  });
  add('.story-pin', 'pin', el => 'pin ' + el.textContent);
  add('.leaflet-tooltip.place-label', 'label', el => 'place label ' + el.textContent);
  add('.map-label-icon > div', 'label', el => 'label ' + el.textContent);
  add('.leaflet-control', 'control', el => 'control ' + (el.className.match(/leaflet-control-(\\w+)|map-legend/) || [''])[0]);
  const hits = [];
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
    const a = items[i], b = items[j];
    if (a.kind === 'control' && b.kind === 'control') continue;  // Leaflet stacks its controls itself
    const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
    const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
    if (x > 1 && y > 1) hits.push(a.name + ' / ' + b.name);
  }
  return hits;
}"""
CUT = """() => {
  const box = document.querySelector('.leaflet-container').getBoundingClientRect();
  return [...document.querySelectorAll('.leaflet-tooltip.place-label, .map-label-icon > div')]
    .filter(el => getComputedStyle(el).visibility !== 'hidden')
    .filter(el => { const r = el.getBoundingClientRect();
                    return r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom
                      && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1); })
    .map(el => el.textContent);
}"""
SCREENS = [(1920, 1080), (1366, 768), (1280, 720), (1024, 768), (390, 844)]
STEPS = 6  # the opening view, then five steps (home region, near and far places)


def _map_document(page: Page, standalone: bool) -> Frame:
    return next(f for f in page.frames if f.url.endswith("map.html") or (standalone and f.url == "about:srcdoc"))


def _check(page: Page, panel, standalone: bool, label: str) -> list[str]:
    problems = []
    for step in range(STEPS):
        if step:
            panel.get_by_role("button", name="Next event").click()
            page.wait_for_timeout(1300)  # the fly (0.8 s), then the labels are placed
        else:
            page.wait_for_timeout(700)
        doc = _map_document(page, standalone)
        problems += [f"{label}, step {step + 1}: {hit}" for hit in doc.evaluate(OVERLAPS)]
        problems += [f"{label}, step {step + 1}: {name} is cut off" for name in doc.evaluate(CUT)]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"overlap-{label}.png"))
    return problems


@pytest.mark.parametrize("size", SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
@pytest.mark.parametrize("mode", ["normal", "present"])
def test_no_label_covers_anything_in_the_app(browser: Browser, app_url, size, mode):
    if mode == "present" and size[0] < 700:
        pytest.skip("presenter mode is for projectors")
    context, external = offline_context(browser, viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    open_app(page, f"{app_url}/?mode={mode}")
    panel = page.frame_locator(COMPONENT_FRAME)
    expect(panel.locator("#app")).to_have_class(mode)
    problems = _check(page, panel, False, f"app-{mode}-{size[0]}x{size[1]}")
    context.close()
    assert external == []
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["1366x768", "390x844"])
def test_no_label_covers_anything_in_the_standalone_copy(browser: Browser, story, tmp_path, size):
    path = tmp_path / "story.html"
    path.write_text(standalone_html(story), encoding="utf-8")
    context, external = offline_context(browser, allow_files=True, viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(path.as_uri())
    page.frame_locator("#map-frame").locator("html[data-storymap-ready]").wait_for(timeout=30_000)
    problems = _check(page, page, True, f"standalone-{size[0]}x{size[1]}")
    context.close()
    assert external == []
    assert problems == [], "\n".join(problems)
