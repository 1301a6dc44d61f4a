"""ui.downloads: a download that fails still delivers a file of its type that says so, in plain words.

Streamlit runs a download button's callable only when the button is clicked, outside the script run;
when the callable raises, the page shows a bare "Failed to generate file for download" for five
seconds and the traceback goes to the log. The buttons are drawn here with a stand-in for ``st``,
so each callable can be called as Streamlit would.
"""
from __future__ import annotations

import csv
import html
import io
import json
import logging
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from ui import downloads

SLUG = "leaving-nagorno-karabakh-september-2023"
MAKERS = ("standalone_html", "handout_pdf", "map_png", "write_geojson_text", "events_csv", "story_kml")
EXPECTED = [  # file name, type, what the notice calls it
    (f"{SLUG}.html", "text/html", "The offline web page (HTML)"),
    (f"{SLUG}-handout-letter.pdf", "application/pdf", "The printable handout (PDF)"),
    (f"{SLUG}-map.png", "image/png", "The map picture (PNG)"),
    (f"{SLUG}.geojson", "application/geo+json", "The GeoJSON file"),
    (f"{SLUG}-events.csv", "text/csv", "The events file (CSV)"),
    (f"{SLUG}.kml", "application/vnd.google-earth.kml+xml", "The Google Earth file (KML)"),
]


def notice(file_name: str, what: str) -> str:
    return (f"{file_name}: {what} could not be made from this story: the server hit an error while making it. "
            "Nothing in the story was changed, and the other downloads may still work. Fix: press the button "
            "again; if this notice comes back, tell the person who runs the server, who will find the details "
            f'in its log under "download failed: {file_name}".')


class FakeStreamlit:
    """Just what ``download_buttons`` calls, recording each button."""

    def __init__(self) -> None:
        self.buttons: list[dict[str, Any]] = []

    def markdown(self, *args: Any, **kwargs: Any) -> None:
        pass

    def radio(self, *args: Any, **kwargs: Any) -> str:
        return "letter"

    def columns(self, count: int) -> list[FakeStreamlit]:
        return [self] * count

    def download_button(self, label: str, **kwargs: Any) -> None:
        self.buttons.append({"label": label, **kwargs})


def boom(*args: Any, **kwargs: Any) -> Any:
    raise ValueError("$$\n^\nParseException: Expected end of text")  # what matplotlib said of a "$$" name


@pytest.fixture
def buttons(story, monkeypatch) -> list[dict[str, Any]]:
    fake = FakeStreamlit()
    monkeypatch.setattr(downloads, "st", fake)
    downloads.download_buttons(story, "both")
    return fake.buttons


@pytest.fixture
def failing(story, monkeypatch) -> list[dict[str, Any]]:
    for maker in MAKERS:
        monkeypatch.setattr(downloads, maker, boom)
    fake = FakeStreamlit()
    monkeypatch.setattr(downloads, "st", fake)
    downloads.download_buttons(story, "both")
    return fake.buttons


def read_back(data: str | bytes, mime: str, tmp_path: Path) -> str:
    """The words a person sees on opening the file with the program for its type."""
    if mime == "application/pdf":
        assert data.startswith(b"%PDF")
        if not shutil.which("pdftotext"):
            pytest.skip("poppler-utils (pdftotext) not installed")
        path = tmp_path / "notice.pdf"
        path.write_bytes(data)
        text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
        return " ".join(text.split()).removeprefix("Download failed ")
    if mime == "image/png":  # matplotlib has no read-back: the picture is checked by its header
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (960, 540)
        return "(picture)"
    if mime == "text/csv":
        rows = list(csv.reader(io.StringIO(data)))
        assert rows[0] == ["problem"] and len(rows) == 2
        return rows[1][0]
    if mime == "application/geo+json":
        collection = json.loads(data)
        assert collection["type"] == "FeatureCollection"
        (feature,) = collection["features"]
        assert feature["geometry"] is None and collection["problem"] == feature["properties"]["problem"]
        return feature["properties"]["problem"]
    if mime.endswith("kml+xml"):
        document = ET.fromstring(data.encode("utf-8")).find("{http://www.opengis.net/kml/2.2}Document")
        assert document.findtext("{http://www.opengis.net/kml/2.2}name") == "Download failed"
        return html.unescape(document.findtext("{http://www.opengis.net/kml/2.2}description"))
    assert mime == "text/html" and data.startswith("<!DOCTYPE html>")
    return html.unescape(data.split("<p>", 1)[1].split("</p>", 1)[0])


def test_the_six_buttons_are_made_on_click_and_wrapped(buttons):
    assert [(b["file_name"], b["mime"]) for b in buttons] == [(name, mime) for name, mime, _ in EXPECTED]
    assert all(b["on_click"] == "ignore" and callable(b["data"]) for b in buttons)
    assert all(b["data"].__qualname__ == "guarded.<locals>.call" for b in buttons)


def test_a_working_maker_gives_its_file_unchanged(story, buttons, monkeypatch):
    monkeypatch.setattr(downloads, "events_csv", lambda s: "id,place\n")
    assert buttons[4]["data"]() == "id,place\n"


@pytest.mark.parametrize("index", range(len(EXPECTED)))
def test_a_failed_download_gives_a_file_of_its_type_saying_so(failing, index, tmp_path, caplog):
    file_name, mime, what = EXPECTED[index]
    with caplog.at_level(logging.ERROR, logger="ui.downloads"):
        data = failing[index]["data"]()
    shown = read_back(data, mime, tmp_path)
    assert shown in (notice(file_name, what), "(picture)")
    # The details are in the server's log, under the words the notice gives.
    (record,) = caplog.records
    assert record.getMessage() == f"download failed: {file_name}" and "ParseException" in record.exc_text


def test_the_notice_names_no_story_text(failing, tmp_path):
    """The notice is ours alone: nothing from the story or the error (here a "$$" name) is pasted into it."""
    for button in failing:
        data = button["data"]()
        text = data if isinstance(data, str) else read_back(data, button["mime"], tmp_path)
        assert "$$" not in text and "ParseException" not in text and "Nagorno" not in text


def test_if_the_notice_cannot_be_made_as_its_type_it_is_plain_text(monkeypatch, caplog):
    monkeypatch.setitem(downloads.FALLBACKS, "application/pdf", boom)
    with caplog.at_level(logging.ERROR, logger="ui.downloads"):
        assert downloads.failure_file("application/pdf", "words") == "words\n"
    assert "could not make the failure notice as application/pdf" in caplog.text


def test_streamlit_itself_gives_only_a_bare_failure_and_the_wrapper_a_file(failing, tmp_path):
    """What Streamlit 1.67 does with the callable on a click (MediaFileManager.execute_deferred)."""
    manager = MediaFileManager(MemoryMediaFileStorage("/media"))
    file_name, mime, what = EXPECTED[4]
    bare = manager.add_deferred(boom, mime, "coordinates-bare", file_name=file_name)
    with pytest.raises(MediaFileStorageError, match="Callable execution failed"):
        manager.execute_deferred(bare)  # the page then shows "Failed to generate file for download"
    wrapped = manager.add_deferred(failing[4]["data"], mime, "coordinates-wrapped", file_name=file_name)
    url = manager.execute_deferred(wrapped)
    stored = manager._storage.get_file(url.removeprefix("/media/").rsplit(".", 1)[0])
    assert stored.mimetype == mime and stored.filename == file_name
    assert read_back(stored.content.decode("utf-8"), mime, tmp_path) == notice(file_name, what)
