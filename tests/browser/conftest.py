"""Real-browser fixtures: the app on a free localhost port, Debian's Chromium, no network.

Every request whose host is not localhost is aborted and recorded; a test that caused
one fails. A failing test leaves a screenshot in test-artifacts/.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, FrameLocator, Page, sync_playwright

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
ARTIFACTS = ROOT / "test-artifacts"
COMPONENT_FRAME = 'iframe[title="ui.storymap.storymap"]'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run app.py` on a free port; return the process and its URL once healthy."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / f"streamlit-{port}.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--browser.serverAddress", "localhost"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
    )
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log.name}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"streamlit did not become healthy; see {log.name}")


def stop_app(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    proc, url = start_app()
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


@pytest.fixture
def page(browser: Browser, request) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    external: list[str] = []

    def guard(route) -> None:
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about") or parsed.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            external.append(url)
            route.abort()

    context.route("**/*", guard)
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
