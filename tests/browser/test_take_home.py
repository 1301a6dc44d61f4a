"""Take it home, in a real browser: the standalone page from file://, and your own story uploaded."""
from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from geo.storyview import standalone_html
from tests.browser.conftest import ARTIFACTS, host, offline_context, open_app
from tests.conftest import DATA, edit_event, edit_place

pytestmark = pytest.mark.browser


def test_standalone_html_works_from_file_with_no_network(browser: Browser, story, tmp_path):
    path = tmp_path / "story.html"
    path.write_text(standalone_html(story), encoding="utf-8")
    context, attempted = offline_context(browser, allow_files=True, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(path.as_uri())
    map_ = page.frame_locator("#map-frame")
    expect(map_.locator(".story-pin")).to_have_count(len(story.events))
    expect(map_.locator("path.story-route")).to_have_count(4)  # two routes, each real road + traced
    expect(map_.locator("path.story-route.route-traced")).to_have_count(2)
    expect(map_.locator(".leaflet-tooltip.place-label", has_text="Stepanakert / Khankendi")).to_be_visible()
    expect(page.locator("#card .event-title")).to_have_text(story.events[0].title)
    page.get_by_role("button", name="Next event").click()
    expect(page.locator("#card .event-title")).to_have_text(story.events[1].title)
    map_.locator('.story-pin[data-event-id="babayan-99-percent"]').click()  # near event 2's place, in view
    expect(map_.locator(".leaflet-popup-content .event-quote")).to_have_text(story.event("babayan-99-percent").quote)
    expect(page.locator("#progress")).to_have_text("17 / 18")
    assert page.url.endswith("#event=babayan-99-percent")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "standalone.png"))
    context.close()
    assert attempted == []


def zip_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, str(path.relative_to(folder)))
    return buffer.getvalue()


def upload(page: Page, files: list[tuple[str, bytes]]) -> None:
    page.get_by_role("tab", name="Your own story").click()
    page.locator('input[type="file"]').set_input_files(
        [{"name": name, "mimeType": "application/octet-stream", "buffer": data} for name, data in files])


def own_story(tmp_path: Path) -> Path:
    folder = tmp_path / "own"
    shutil.copytree(DATA, folder)
    meta = json.loads((folder / "story.json").read_text(encoding="utf-8"))
    meta["title"] = "A class's own retelling"
    (folder / "story.json").write_text(json.dumps(meta), encoding="utf-8")
    edit_event(folder, "strike-on-stepanakert", title="Our first event")
    return folder


def test_a_good_upload_is_shown_in_that_tab_only(page: Page, browser: Browser, app_url, tmp_path):
    open_app(page, app_url)
    upload(page, [("own.zip", zip_folder(own_story(tmp_path)))])
    expect(page.get_by_text("Showing your uploaded story, “A class's own retelling”")).to_be_visible(timeout=20_000)
    expect(host(page).locator("#card .event-title")).to_have_text("Our first event", timeout=20_000)
    expect(page.locator("h1")).to_have_text("A class's own retelling")

    other, other_attempts = offline_context(browser)
    second = other.new_page()
    open_app(second, app_url)
    expect(second.locator("h1")).to_have_text("Leaving Nagorno-Karabakh, September 2023")
    expect(host(second).locator("#card .event-title")).to_have_text("Azerbaijan strikes Stepanakert")
    other.close()
    assert other_attempts == []

    page.get_by_role("button", name="Back to the built-in story").click()
    expect(page.locator("h1")).to_have_text("Leaving Nagorno-Karabakh, September 2023", timeout=20_000)
    assert not (DATA / "uploads").exists()


def broken(tmp_path: Path, name: str) -> list[tuple[str, bytes]]:
    folder = tmp_path / name
    shutil.copytree(DATA, folder)
    if name == "bad-zip":
        return [("story.zip", b"PK\x03\x04 not really a zip")]
    if name == "missing-file":
        (folder / "places.geojson").unlink()
    elif name == "wrong-columns":
        (folder / "events.csv").write_text("id,where,when\nx,goris,today\n", encoding="utf-8")
    elif name == "not-utf8":
        (folder / "article.txt").write_bytes("Bakı".encode("utf-16"))
    elif name == "quote-not-in-source":
        edit_event(folder, "goris-staging-ground", quote="Goris welcomed everyone")
    elif name == "unknown-place":
        edit_event(folder, "goris-staging-ground", place="atlantis")
    elif name == "coordinates-out-of-range":
        edit_place(folder, "goris", coordinates=[46.3, 139.5])
    return [("story.zip", zip_folder(folder))]


BROKEN = {
    "bad-zip": "upload: the file is not a readable zip archive.",
    "missing-file": "places.geojson: the file is missing.",
    "wrong-columns": "events.csv row 1: missing columns: place, line, date_precision, title, summary, quote, quote_kind.",
    "not-utf8": "article.txt: the file is UTF-16 text (as Excel's 'Unicode Text' saves it), not UTF-8.",
    "quote-not-in-source": 'events.csv row 5 (id "goris-staging-ground"): the quote is not found verbatim on article line 3.',
    "unknown-place": 'events.csv row 5 (id "goris-staging-ground"): place "atlantis" is not in places.geojson',
    "coordinates-out-of-range": 'places.geojson feature 6 (id "goris"): coordinates [46.3, 139.5] are out of range',
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_broken_upload_says_what_is_wrong_and_changes_nothing(page: Page, app_url, tmp_path, name):
    open_app(page, app_url)
    upload(page, broken(tmp_path, name))
    expect(page.get_by_text("This upload cannot be shown")).to_be_visible(timeout=20_000)
    expect(page.locator(".upload-problems")).to_contain_text(BROKEN[name])
    expect(page.locator("h1")).to_have_text("Leaving Nagorno-Karabakh, September 2023")
    expect(host(page).locator("#card .event-title")).to_have_text("Azerbaijan strikes Stepanakert")


def test_an_oversize_upload_is_refused(page: Page, app_url):
    open_app(page, app_url)
    upload(page, [("story.zip", b"0" * (6 * 2**20))])
    expect(page.get_by_text("File must be 5.0MB or smaller.")).to_be_visible(timeout=20_000)
    expect(page.locator("h1")).to_have_text("Leaving Nagorno-Karabakh, September 2023")


def test_downloads_are_made_on_request(page: Page, app_url, story):
    open_app(page, app_url)
    page.get_by_role("tab", name="Take it home").click()
    with page.expect_download(timeout=30_000) as html_download:
        page.get_by_role("button", name="Offline web page (HTML)").click()
    html = Path(html_download.value.path()).read_text(encoding="utf-8")
    assert html_download.value.suggested_filename == "leaving-nagorno-karabakh-september-2023.html"
    assert 'id="story-data"' in html and story.events[-1].title.replace('"', "\\\"") in html
    with page.expect_download(timeout=60_000) as pdf_download:
        page.get_by_role("button", name="Printable handout (PDF, A4)").click()
    assert Path(pdf_download.value.path()).read_bytes().startswith(b"%PDF")
