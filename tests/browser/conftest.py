"""Real-browser fixtures: the app on a free localhost port, Debian's Chromium, no network.

Every request whose host is not localhost is aborted and recorded; a test that caused
one fails. A failing test leaves a screenshot in test-artifacts/.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, FrameLocator, Page, sync_playwright

from bench.appserver import CHROMIUM, CHROMIUM_ARGS, start_app, stop_app
from tests.conftest import ROOT

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
ARTIFACTS = ROOT / "test-artifacts"
COMPONENT_FRAME = 'iframe[title="ui.storymap.storymap"]'


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    proc, url = start_app(log_dir=ARTIFACTS)
    yield url
    stop_app(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (bash .ci/run does)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def offline_context(browser: Browser, allow_files: bool = False, **options) -> tuple[BrowserContext, list[str]]:
    """A browser context in which every request to a host other than localhost is aborted and recorded."""
    context = browser.new_context(**{"viewport": {"width": 1600, "height": 1000}, **options})
    attempted: list[str] = []
    allowed_schemes = ("data", "blob", "about") + (("file",) if allow_files else ())

    def guard(route) -> None:
        parsed = urlparse(route.request.url)
        if parsed.scheme in allowed_schemes or (parsed.scheme in ("http", "https", "ws") and parsed.hostname in LOCAL_HOSTS):
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return context, attempted


@pytest.fixture
def page(browser: Browser, request) -> Iterator[Page]:
    context, external = offline_context(browser)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"failed-{request.node.name}.png"), full_page=True)
    context.close()
    assert external == [], f"requests to hosts other than localhost were attempted: {external}"


def host(page: Page) -> FrameLocator:
    """The story map component: controls, event card, list and timeline."""
    return page.frame_locator(COMPONENT_FRAME)


def map_frame(page: Page) -> FrameLocator:
    """The map document: inside the component's iframe, its own iframe."""
    return host(page).frame_locator("#map-frame")


def map_center(page: Page) -> tuple[float, float]:
    """The live map's centre as (lat, lon)."""
    return tuple(map_frame(page).locator("html").evaluate(
        "() => { const c = window.storymap.map.getCenter(); return [c.lat, c.lng]; }"))


def open_app(page: Page, url: str) -> None:
    """Open the app and wait until the map has drawn its pins."""
    page.goto(url)
    map_frame(page).locator(".story-pin").first.wait_for(timeout=30_000)
    map_frame(page).locator("html[data-storymap-ready]").wait_for(timeout=30_000)
