"""The classroom-server settings in .streamlit/config.toml, and that Streamlit reads them as written."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import streamlit

from geo.upload import MAX_UPLOAD_BYTES, megabytes
from tests.conftest import ROOT

CONFIG_FILE = ROOT / ".streamlit" / "config.toml"
EXPECTED = {
    # No usage statistics leave the machine.
    "browser.gatherUsageStats": False,
    # Streamlit refuses requests that do not carry the session's XSRF token (uploads included).
    "server.enableXsrfProtection": True,
    # The XSRF cookie never goes with a request from another site's page: a framed copy cannot upload.
    "server.xsrfCookieSameSite": "lax",
    # Streamlit's CORS protection on: pages from other origins cannot call the app.
    "server.enableCORS": True,
    # A story is small; the upload code refuses more than MAX_UPLOAD_BYTES, so the server need not accept more.
    "server.maxUploadSize": 5,
    # No per-session watchers over the source files ("rerun on save" is a development feature).
    "server.fileWatcherType": "none",
    # No full garbage collection after every rerun: it held the interpreter lock for most of a step.
    "runner.postScriptGC": False,
    # ./static/ is served at /app/static/: the reader page (static/reader.html) for phones and slow links.
    "server.enableStaticServing": True,
    # Readers see a plain message, never a traceback with file paths and code.
    "client.showErrorDetails": "none",
}


@pytest.fixture(scope="module")
def config() -> dict:
    with CONFIG_FILE.open("rb") as file:
        return tomllib.load(file)


def option(config: dict, name: str):
    section, key = name.split(".")
    return config[section][key]


@pytest.mark.parametrize("name", EXPECTED)
def test_classroom_setting(config, name):
    assert option(config, name) == EXPECTED[name]


STREAMLIT = Path(streamlit.__file__).parent


def test_upload_limit_is_the_same_as_the_upload_code(config):
    """One limit, stated the same way everywhere: "5 MB" is 5,000,000 bytes.

    Streamlit 1.67 counts server.maxUploadSize two ways (see the next test): its browser side in units of
    1000 (1024 on Windows), which is what a teacher is told ("File must be 5.0MB or smaller."), its server
    in 2**20. The app's own limit is the browser's count and within what the server lets through, so the
    app's check is the one that decides, with its own message.
    """
    size = option(config, "server.maxUploadSize")
    assert size * 1_000_000 == MAX_UPLOAD_BYTES <= size * 2**20
    assert megabytes(MAX_UPLOAD_BYTES) == f"{size} MB"


def test_streamlit_counts_a_megabyte_as_this_file_assumes():
    """If an upgrade changes how Streamlit counts maxUploadSize, the limits above must be thought again."""
    server = (STREAMLIT / "web" / "server" / "starlette" / "starlette_routes.py").read_text(encoding="utf-8")
    assert 'config.get_option("server.maxUploadSize") * 1024 * 1024' in server
    # The uploader's byte units, minified: `st=isWindows()?1024:1e3`, next to `e.Megabyte="mb"`.
    bundles = [path.read_text(encoding="utf-8") for path in (STREAMLIT / "static" / "static" / "js").glob("utils.*.js")]
    assert any(re.search(r"[\w$]+=[\w$]+\(\)\?1024:1e3,", text) and "Megabyte=`mb`" in text for text in bundles)


def test_server_address_is_named(config):
    # With browser.serverAddress set, Streamlit does not ask a web service for the machine's external IP at start-up.
    address = option(config, "browser.serverAddress")
    assert isinstance(address, str) and address.strip()


STREAMLIT_READS = """
import json
from streamlit import config
config.get_config_options(force_reparse=True)
names = json.loads(input())
known = set(config._config_options_template)
print(json.dumps({
    "unknown": [n for n in names if n not in known],
    "values": {n: config.get_option(n) for n in names if n in known},
    "where": {n: config.get_where_defined(n) for n in names if n in known},
}))
"""


def test_streamlit_reads_every_setting_from_this_file(config):
    """Streamlit, started in the project folder, knows every option in the file and takes its value from it."""
    names = [f"{section}.{key}" for section, options in config.items() for key in options]
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}  # no override from the environment
    done = subprocess.run([sys.executable, "-c", STREAMLIT_READS], input=json.dumps(names), cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["unknown"] == [], "options Streamlit does not know (a typo is silently ignored)"
    for name in names:
        assert result["values"][name] == option(config, name), name
        assert os.path.samefile(result["where"][name], CONFIG_FILE), (name, result["where"][name])


def test_streamlit_serves_the_reader_page_as_this_project_assumes():
    """If an upgrade changes how Streamlit serves ./static/, the reader page (static/reader.html) must be thought again.

    Streamlit 1.67's Starlette server: ./static/ next to app.py at /app/static/ with the content type from the
    file's extension, files up to MAX_APP_STATIC_FILE_SIZE, and gzip for every path but its own /static/ bundles
    and the root document (SelectiveGZipMiddleware), so the page goes compressed to a browser that asks.
    """
    from streamlit import file_util
    from streamlit.web.server.component_file_utils import guess_content_type
    from streamlit.web.server.starlette.starlette_gzip_middleware import _should_bypass_gzip
    from streamlit.web.server.starlette.starlette_routes import BASE_ROUTE_APP_STATIC
    from streamlit.web.server.starlette.starlette_server_config import MAX_APP_STATIC_FILE_SIZE

    from geo.site import READER_FILE, READER_PATH

    assert Path(file_util.get_app_static_dir(str(ROOT / "app.py"))) == READER_FILE.parent
    assert READER_PATH == f"{BASE_ROUTE_APP_STATIC}/{READER_FILE.name}"
    assert guess_content_type(str(READER_FILE)) == "text/html"
    assert READER_FILE.stat().st_size <= MAX_APP_STATIC_FILE_SIZE
    assert not _should_bypass_gzip(f"/{READER_PATH}") and _should_bypass_gzip("/static/js/index.js")


def test_only_the_reader_page_is_served_from_static():
    """Everything in ./static/ is public at /app/static/: nothing may sit there by accident (the reader page and
    the built-in story's basemap detail, which the app and the reader page fetch when zoomed in)."""
    from geo.mapbuild import detail_file
    from geo.story import load_story

    detail = detail_file(load_story(ROOT / "data"))[0]
    assert sorted(p.name for p in (ROOT / "static").iterdir()) == sorted([detail, "reader.html"])
