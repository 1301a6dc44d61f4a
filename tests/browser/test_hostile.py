"""Hostile text and a hostile network, in a real browser.

Sixty XSS payloads (tests/data/xss_payloads.txt) go into every text field of an uploaded story
and into the URL: none may run (each would set top.__xss or open a dialog) and each shows as
text. With the online tile layer switched on and every outside request failing, the offline
basemap stays. Two readers never see each other's position.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import ARTIFACTS, host, map_frame, offline_context, open_app
from tests.browser.test_take_home import upload, zip_folder
from tests.conftest import DATA, ROOT

pytestmark = pytest.mark.browser

PAYLOADS = (ROOT / "tests" / "data" / "xss_payloads.txt").read_text(encoding="utf-8").splitlines()
PLACES = [(44.5126, 40.17765), (46.34168, 39.51111), (46.7528, 39.8177), (45.41222, 39.20889), (46.54977, 39.63742)]


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def hostile_story(folder: Path) -> Path:
    """A valid story whose every text field is a payload."""
    folder.mkdir()
    p = PAYLOADS
    (folder / "article.txt").write_text("\n".join(f"Report {i}: {x} was said here." for i, x in enumerate(p, 1)),
                                        encoding="utf-8")
    (folder / "story.json").write_text(json.dumps({
        "title": p[0], "framing": p[1], "source": p[2], "published": "2023-09-25", "published_text": p[3],
    }), encoding="utf-8")
    places = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": list(lonlat)},
               "properties": {"id": f"p-{j}", "name": p[j], "name_armenian_usage": p[j + 5],
                              "name_azerbaijani_usage": p[j + 10], "other_names": [p[j + 15]], "labelled": True,
                              "geonames_id": None, "coord_source": p[j + 20], "note": p[j + 25]}}
              for j, lonlat in enumerate(PLACES)]
    (folder / "places.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": places}), encoding="utf-8")
    routes = json.loads((DATA / "routes.geojson").read_text(encoding="utf-8"))
    for k, feature in enumerate(routes["features"]):
        feature["properties"].update(name=p[30 + k], short_name=p[32 + k], description=p[34 + k], note=p[36 + k],
                                     reported_source=p[38 + k], reported_distance_text=p[40 + k])
    (folder / "routes.geojson").write_text(json.dumps(routes), encoding="utf-8")
    (folder / "events.csv").write_text(csv_text(
        ["id", "place", "line", "date_text", "date", "date_precision", "title", "summary", "quote", "quote_kind",
         "speaker", "place_note"],
        [[f"ev-{i}", f"p-{i % 5}", str(i), "", "", "undated", x, x, x, "reported", x, x] for i, x in enumerate(p, 1)],
    ), encoding="utf-8")
    (folder / "questions.csv").write_text(csv_text(["event", "question"], [[f"ev-{i}", x] for i, x in enumerate(p, 1)]),
                                          encoding="utf-8")
    (folder / "glossary.csv").write_text(csv_text(["term", "definition", "source"], [[x, x, x] for x in p]),
                                         encoding="utf-8")
    shutil.copyfile(DATA / "basemap.geojson", folder / "basemap.geojson")
    return folder


def ran(page: Page, dialogs: list[str]) -> list[str]:
    """Signs that a payload ran: the flag on any window, or a dialog."""
    signs = [f"dialog: {d}" for d in dialogs]
    for frame in page.frames:
        try:
            if frame.evaluate("() => typeof window.__xss !== 'undefined'"):
                signs.append(f"__xss set in {frame.url}")
        except Exception:  # a frame that has gone away cannot have run anything more
            pass
    return signs


def test_payloads_in_every_field_of_an_upload_stay_text(page: Page, app_url, tmp_path):
    assert len(PAYLOADS) >= 50
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_app(page, app_url)
    upload(page, [("hostile.zip", zip_folder(hostile_story(tmp_path / "hostile")))])
    expect(page.locator(".upload-notice")).to_be_visible(timeout=20_000)
    expect(page.locator("h1.story-title")).to_have_text(PAYLOADS[0])
    expect(page.locator(".story-framing")).to_have_text(PAYLOADS[1])
    page.get_by_text("Discussion questions").click()
    expect(host(page).locator("#card .event-questions li")).to_have_text(PAYLOADS[0], timeout=15_000)
    card, progress = host(page).locator("#card"), host(page).locator("#progress")
    for i, payload in enumerate(PAYLOADS, 1):
        expect(progress).to_have_text(f"{i} / {len(PAYLOADS)}")
        expect(card.locator(".event-title")).to_have_text(payload)
        expect(card.locator(".event-quote")).to_have_text(payload)
        expect(card.locator(".event-speaker")).to_have_text(f"— {payload}, as reported in the article")
        expect(card.locator(".event-questions li")).to_have_text(payload)
        host(page).get_by_role("button", name="Next event").click(force=i == len(PAYLOADS))
    map_ = map_frame(page)
    for place in range(5):
        expect(map_.locator(".leaflet-tooltip.place-label").nth(place)).to_have_text(
            f"{PAYLOADS[place]} / {PAYLOADS[place + 5]} / {PAYLOADS[place + 10]}")
    pin = map_.locator('.story-pin[data-event-id="ev-60"]')
    pin.click()
    expect(map_.locator(".leaflet-popup-content .event-title")).to_have_text(PAYLOADS[59])
    map_.locator("path.story-route").first.click(force=True)
    page.get_by_role("tab", name="Text view").click()
    expect(page.locator(".story-table tbody tr")).to_have_count(len(PAYLOADS))
    expect(page.locator(".story-table tbody tr").nth(6).locator("td").nth(2)).to_contain_text(PAYLOADS[6])
    page.get_by_role("tab", name="Glossary").click()
    expect(page.locator(".glossary dt").first).to_be_visible()
    page.get_by_role("button", name="Presenter mode").click()
    expect(host(page).locator("#card .event-title")).to_be_visible()
    page.wait_for_timeout(1000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "hostile.png"))
    assert ran(page, dialogs) == []


@pytest.mark.parametrize("payload", PAYLOADS[::6])
def test_payloads_in_the_url_stay_text(page: Page, app_url, payload):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_app(page, f"{app_url}/?event={quote(payload)}&mode={quote(payload)}")
    expect(page.locator("p.notice")).to_have_text(
        f"There is no event “{payload}” in this story, so it opens at the first event.")
    expect(host(page).locator("#progress")).to_have_text("1 / 18")
    assert ran(page, dialogs) == []


def test_a_failing_online_layer_leaves_the_offline_basemap(browser: Browser, app_url):
    context, attempted = offline_context(browser)
    page = context.new_page()
    open_app(page, app_url)
    map_ = map_frame(page)
    key = map_.locator(".map-legend > details")
    if not key.evaluate("d => d.open"):
        key.locator("> summary").click()
    expect(key).to_have_attribute("open", "")  # it stays open once the reader has opened it
    map_.locator(".key-layers summary").click()
    map_.get_by_label("OpenStreetMap tiles (online)").check()
    page.wait_for_timeout(1500)
    assert attempted and all("tile.openstreetmap.org" in url for url in attempted)
    expect(map_.locator(".country-label", has_text="Armenia")).to_be_visible()
    expect(map_.locator(".lake-label", has_text="Lake Sevan")).to_be_visible()
    assert map_.locator("path.leaflet-interactive, path").count() > 10
    expect(map_.locator(".story-pin")).to_have_count(18)
    context.close()


def test_two_readers_never_see_each_others_position(browser: Browser, app_url, story):
    (first, first_attempts), (second, second_attempts) = offline_context(browser), offline_context(browser)
    a, b = first.new_page(), second.new_page()
    open_app(a, app_url)
    for _ in range(4):
        host(a).get_by_role("button", name="Next event").click()
    expect(host(a).locator("#progress")).to_have_text("5 / 18")
    expect(a).to_have_url(f"{app_url}/?event={story.events[4].id}")
    open_app(b, app_url)
    expect(host(b).locator("#progress")).to_have_text("1 / 18")
    host(b).get_by_role("button", name="Last event").click()
    expect(host(b).locator("#progress")).to_have_text("18 / 18")
    a.wait_for_timeout(1000)
    expect(host(a).locator("#progress")).to_have_text("5 / 18")
    first.close()
    second.close()
    assert first_attempts == second_attempts == []
