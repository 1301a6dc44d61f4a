"""Make a story, in a real browser with every outside request aborted: paste an article, fix a row in the table,
place an unplaced mention by clicking the map, see it validate, show it in the story map, download it, load it back.

The table is Streamlit's data editor, a canvas: a cell is reached by clicking a cell of the row (the Check
column) and moving with the arrow keys, as a keyboard user does.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, FrameLocator, Page, expect

from geo.story import parse_story
from geo.upload import files_from_upload
from tests.browser.conftest import ARTIFACTS, host, map_frame, offline_context, open_app
from tests.test_make_story import ARTICLE

pytestmark = pytest.mark.browser

TITLE = "Floodwaters recede in northern Albania"  # the article's headline: no title is given
ROW_HEIGHT = 35  # px: the data editor's header and rows
CHECK_X = 250  # px from the table's left edge: inside the Check column (after the row number and Keep)


def settle(page: Page) -> None:
    """Wait until the page's last rerun is over: Streamlit keeps an element it is replacing, marked stale."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=30_000)


def picker(page: Page) -> FrameLocator:
    return page.frame_locator('iframe[title="ui.picker.picker"]')


def draft(page: Page, article: str = ARTICLE, published: str = "20240312",
          status: str = "Not a story yet: 2 rows to fix.") -> None:
    """Paste ``article``, type its publication day (YYYYMMDD) and draft it, until ``status`` shows."""
    page.get_by_role("tab", name="Make a story").click()
    box = page.get_by_label("Article text")
    box.fill(article)
    box.press("Tab")
    page.get_by_role("spinbutton", name="year, Publication date").click()
    page.keyboard.type(published)
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Draft the story").click()
    expect(page.get_by_text(status)).to_be_visible(timeout=60_000)


def open_rows(page: Page) -> None:
    """Open the Row to fix choice (with the keyboard: a click only focuses it)."""
    settle(page)
    choice = page.get_by_label("Row to fix")
    choice.click()
    choice.press("ArrowDown")
    page.get_by_role("option").first.wait_for()


def row_numbers(page: Page) -> dict[str, int]:
    """{the row's title: its number in the table}, read from the Row to fix choice."""
    open_rows(page)
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return {text.split(": ", 1)[1]: int(text.split(":")[0].removeprefix("Row ")) for text in options}


def choose_in_table(page: Page, row: int, right: int, typed: str) -> None:
    """Edit a cell ``right`` columns right of the Check column, on table row ``row``: Enter, type, Enter."""
    settle(page)
    table = page.locator('[data-testid="stDataFrame"]')
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    # A wheel turn over the table: the grid learns where it now is (it misplaces a click after the page scrolled).
    page.mouse.move(box["x"] + CHECK_X, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 1)
    page.wait_for_timeout(300)
    box = table.bounding_box()
    page.mouse.click(box["x"] + CHECK_X, box["y"] + ROW_HEIGHT * row + ROW_HEIGHT / 2)
    for key in ["ArrowRight"] * right + ["Enter"]:
        page.wait_for_timeout(200)  # the grid takes a key at a time
        page.keyboard.press(key)
    page.wait_for_timeout(300)
    page.keyboard.type(typed)
    page.keyboard.press("Enter")


def picker_overlaps(page: Page) -> list[str]:
    """Pairs of the picker's shown labels that meet, and labels that cover another place's dot (from rectangles)."""
    return picker(page).locator("#map").evaluate("""() => {
        const shown = [...document.querySelectorAll('.picker-label')].filter(e => getComputedStyle(e).visibility !== 'hidden');
        const dots = [...document.querySelectorAll('path.leaflet-interactive')];
        const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const out = [];
        shown.forEach((a, i) => shown.slice(i + 1).forEach(b => {
            if (hit(a.getBoundingClientRect(), b.getBoundingClientRect())) out.push(a.textContent + ' / ' + b.textContent); }));
        return out;
    }""")


def test_make_a_story_in_the_browser(page: Page, app_url, tmp_path: Path):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_app(page, app_url)
    draft(page)
    rows = row_numbers(page)
    kastrovel = next(n for title, n in rows.items() if title.startswith("Aid trucks"))
    vrithnak = next(n for title, n in rows.items() if title.startswith("Rescue teams"))

    # Fix one row in the table: Kastrovel is not in the gazetteer; the aid reached it from Shkoder, say.
    choose_in_table(page, kastrovel, 2, "Shkoder")  # Check → the draft's note → Place
    expect(page.get_by_text("Not a story yet: 1 row to fix.")).to_be_visible(timeout=20_000)

    # Place the unplaced mention by clicking the map, with its row chosen.
    open_rows(page)
    page.get_by_role("option", name=f"Row {vrithnak}: ").click()
    expect(picker(page).locator("#hint")).to_have_text(f"Click the map to put the place of Row {vrithnak}: Vrithnak there.")
    shkoder = picker(page).locator(".picker-label", has_text="Shkoder")
    expect(shkoder).to_be_visible()
    settle(page)
    the_map = picker(page).locator("#map")
    the_map.scroll_into_view_if_needed()
    size = the_map.bounding_box()
    the_map.click(position={"x": size["width"] * 0.65, "y": size["height"] * 0.35})
    expect(page.get_by_text(f"Row {vrithnak} is now at Vrithnak, put on the map by hand at")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("✓ The story validates: 5 events at 3 places.")).to_be_visible(timeout=20_000)
    expect(picker(page).locator(".picker-label.selected")).to_have_text(f"Vrithnak (row {vrithnak})")

    # The picker takes render messages from its own page only: not from itself, not from the story map's frame.
    forged = "{type: 'streamlit:render', args: {target: 'FORGED', places: []}}"
    picker(page).locator("html").evaluate(f"() => window.postMessage({forged}, '*')")
    host(page).locator("html").evaluate(
        "() => window.parent.document.querySelector('iframe[title=\"ui.picker.picker\"]').contentWindow"
        f".postMessage({forged}, '*')")
    page.wait_for_timeout(500)
    expect(picker(page).locator("#hint")).not_to_contain_text("FORGED")
    expect(picker(page).locator(".picker-label")).to_have_count(3)
    assert picker_overlaps(page) == []

    ARTIFACTS.mkdir(exist_ok=True)
    page.locator('[data-testid="stDataFrame"]').scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "make-story-table.png"))
    the_map.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "make-story-map.png"))

    # Show it: the story map shows the draft, in this tab.
    page.get_by_role("button", name="Show it").click()
    expect(page.get_by_text(f"Showing your story made in the Make a story tab, “{TITLE}”.")).to_be_visible(timeout=20_000)
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(map_frame(page).locator(".story-pin")).to_have_count(5, timeout=20_000)
    expect(map_frame(page).locator(".leaflet-tooltip.place-label", has_text="Vrithnak")).to_have_count(1)
    expect(host(page).locator("#progress")).to_have_text("1 / 5")

    # Download the folder, and load it back.
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="Download the story folder (zip)").click()
    assert download.value.suggested_filename == "floodwaters-recede-in-northern-albania.zip"
    data = Path(download.value.path()).read_bytes()
    story = parse_story(files_from_upload([("story.zip", data)]))
    assert story.meta["title"] == TITLE and len(story.events) == 5
    assert story.places["vrithnak"].coord_source == "placed by hand on the map"
    assert story.places["vrithnak"].geonames_id is None
    assert [e.place for e in story.events if e.quote.startswith("Rescue teams")] == ["vrithnak"]
    assert [e.place for e in story.events if e.quote.startswith("Aid trucks")] == ["shkoder"]
    page.locator("h1").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "make-story-shown.png"))

    page.get_by_role("button", name="Back to the built-in story").click()
    expect(page.locator("h1")).to_have_text("Leaving Nagorno-Karabakh, September 2023", timeout=20_000)
    page.get_by_role("tab", name="Your own story").click()
    settle(page)
    uploader = page.locator('[data-testid="stFileUploader"]', has_text="Story zip").locator('input[type="file"]')
    uploader.set_input_files([{"name": "story.zip", "mimeType": "application/zip", "buffer": data}])
    expect(page.get_by_text(f"Showing your uploaded story, “{TITLE}”.")).to_be_visible(timeout=20_000)
    expect(map_frame(page).locator(".story-pin")).to_have_count(5, timeout=20_000)
    expect(host(page).locator("#card .event-title")).to_have_text(story.events[0].title)

    # A name typed for a place is text in the picker, never markup.
    page.get_by_role("tab", name="Make a story").click()
    settle(page)
    hostile = 'Vrithnak <img src=x onerror="top.__pwned=1"> {{ 7*7 }}'
    name_box = page.get_by_label("Name of a place you put on the map")
    name_box.fill(hostile)
    name_box.press("Tab")
    expect(picker(page).locator("#hint")).to_have_text(f"Click the map to put the place of Row {vrithnak}: {hostile} there.")
    assert picker(page).locator("#hint img").count() == 0 and page.evaluate("() => top.__pwned") is None


def test_make_a_story_on_a_phone(browser: Browser, app_url):
    context, attempted = offline_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True,
                                         has_touch=True, device_scale_factor=2)
    page = context.new_page()
    open_app(page, app_url)
    draft(page)
    table = page.locator('[data-testid="stDataFrame"]')
    table.scroll_into_view_if_needed()
    assert table.bounding_box()["width"] <= 390
    table.tap()  # a touch shows the table's toolbar (search, download, full screen) over its top edge
    toolbar = page.locator('[data-testid="stElementToolbar"]').first
    expect(toolbar).to_be_visible()
    bar, framing = toolbar.bounding_box(), page.get_by_label("Framing (under the title)").bounding_box()
    assert bar["y"] >= framing["y"] + framing["height"], "the table's toolbar covers the Framing box"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "make-story-phone-table.png"))
    the_map = picker(page).locator("#map")
    the_map.scroll_into_view_if_needed()
    expect(picker(page).locator(".picker-label", has_text="Shkoder")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "make-story-phone-map.png"))
    widths = picker(page).locator("html").evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    context.close()
    assert attempted == []


@pytest.mark.parametrize("width, height", [(1366, 768), (390, 844)])
def test_the_picker_s_labels_never_meet_on_a_crowded_draft(page: Page, app_url, width, height):
    """Eleven places around Kherson, five within 10 km of each other: labels that would meet are hidden, the
    row's own kept, and every place fits the view."""
    text = (Path(__file__).resolve().parents[1] / "data" / "draft" / "kakhovka_flood.txt").read_text(encoding="utf-8")
    page.set_viewport_size({"width": width, "height": height})
    open_app(page, app_url)
    draft(page, text, "20230609", "Not a story yet")
    settle(page)
    picker(page).locator("#map").scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / f"make-story-crowded-{width}x{height}.png"))
    assert picker_overlaps(page) == []
    outside = picker(page).locator("#map").evaluate("""(map) => {
        const frame = map.getBoundingClientRect();
        return [...map.querySelectorAll('path.leaflet-interactive')].map(d => d.getBoundingClientRect())
            .filter(r => r.left < frame.left || r.right > frame.right || r.top < frame.top || r.bottom > frame.bottom).length;
    }""")
    assert outside == 0
    assert picker(page).locator(".picker-label").count() > 5
