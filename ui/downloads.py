"""The "Take it home" downloads: each file is made only when its button is pressed.

Streamlit runs a callable ``data`` when the button is clicked, outside the script run, so
``st.error`` there is ignored, and with ``on_click="ignore"`` no rerun follows. If the callable
raises, Streamlit 1.67 logs the traceback and the button shows "Failed to generate file for
download" for five seconds (``DeferredFileHandler`` in streamlit/runtime/backend_operation_handler.py
sends that fixed text; the message from the exception never reaches the page). So each maker is
wrapped (``guarded``): a failure is logged with the file's name, and the download still delivers a
small file of the type the button promised (the file name and type are fixed when the button is
drawn), saying in plain words what could not be made and what to do.
"""
from __future__ import annotations

import csv
import html
import importlib
import io
import json
import logging
import re
import textwrap
from collections.abc import Callable
from typing import Any, NamedTuple

import streamlit as st

from geo.story import Story

LOG = logging.getLogger(__name__)
Data = str | bytes
KML_MIME = "application/vnd.google-earth.kml+xml"


def deferred(module: str, name: str) -> Callable[..., Any]:
    """``module.name``, imported when first called: the writers pull in folium, matplotlib, geopandas
    and fpdf (over a second of imports), which the page's first paint should not wait for."""
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)
    return call


standalone_html = deferred("geo.storyview", "standalone_html")
handout_pdf = deferred("geo.handout", "handout_pdf")
map_png = deferred("geo.staticmap", "map_png")
story_kml = deferred("geo.kml", "story_kml")
write_geojson_text = deferred("geo.export", "write_geojson_text")
events_csv = deferred("geo.export", "events_csv")


class Download(NamedTuple):
    """One button: its label, the maker, the file's name and type, the help text, and what the file is."""

    label: str
    make: Callable[[], Data]
    file_name: str
    mime: str
    help: str
    what: str  # "the printable handout (PDF)": for the message if it cannot be made


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "story"


def failure_message(what: str, file_name: str) -> str:
    """What a teacher reads when a download could not be made (ASCII only: every fallback file can hold it)."""
    return (f"{file_name}: {what[0].upper()}{what[1:]} could not be made from this story: the server hit an error "
            "while making it. Nothing in the story was changed, and the other downloads may still work. "
            "Fix: press the button again; if this notice comes back, tell the person who runs the server, "
            f'who will find the details in its log under "download failed: {file_name}".')


def _pdf(message: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.cell(0, 10, "Download failed", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 11)
    pdf.multi_cell(0, 6, message, align="L", markdown=False)
    return bytes(pdf.output())


def _png(message: str) -> bytes:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9.6, 5.4), dpi=100)
    fig.text(0.05, 0.9, "Download failed", fontsize=22, fontweight="bold", va="top", parse_math=False, usetex=False)
    fig.text(0.05, 0.75, textwrap.fill(message, 80), fontsize=13, va="top", linespacing=1.5, parse_math=False,
             usetex=False)
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def _csv(message: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([["problem"], [message]])
    return out.getvalue()


def _geojson(message: str) -> str:
    feature = {"type": "Feature", "geometry": None, "properties": {"problem": message}}
    return json.dumps({"type": "FeatureCollection", "problem": message, "features": [feature]}, indent=1) + "\n"


def _kml(message: str) -> str:
    import xml.etree.ElementTree as ET

    root = ET.Element("kml", {"xmlns": "http://www.opengis.net/kml/2.2"})
    document = ET.SubElement(root, "Document")
    ET.SubElement(document, "name").text = "Download failed"
    ET.SubElement(document, "description").text = html.escape(message, quote=False)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True).decode("utf-8") + "\n"


def _html(message: str) -> str:
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Download failed</title></head>\n'
            f"<body><h1>Download failed</h1><p>{html.escape(message)}</p></body></html>\n")


FALLBACKS: dict[str, Callable[[str], Data]] = {
    "application/pdf": _pdf, "image/png": _png, "text/csv": _csv, "application/geo+json": _geojson,
    KML_MIME: _kml, "text/html": _html,
}


def failure_file(mime: str, message: str) -> Data:
    """A file of type ``mime`` that says ``message``; plain text if that type cannot be made either."""
    try:
        return FALLBACKS.get(mime, str)(message)
    except Exception:
        LOG.exception("could not make the failure notice as %s; sending plain text", mime)
        return message + "\n"


def guarded(download: Download) -> Callable[[], Data]:
    """``download.make``, but an error gives the file saying it could not be made, never a bare failure."""
    def call() -> Data:
        try:
            return download.make()
        except Exception:
            LOG.exception("download failed: %s", download.file_name)
            return failure_file(download.mime, failure_message(download.what, download.file_name))
    return call


def downloads(story: Story, names: str, paper: str) -> list[Download]:
    """The six files, in the order of the buttons."""
    name = slug(story.meta.get("title", "story"))
    return [
        Download("Offline web page (HTML)", lambda: standalone_html(story, names), f"{name}.html", "text/html",
                 "The map with its pins, routes and popups, and the story with Previous / Next, in one file.",
                 "the offline web page (HTML)"),
        Download(f"Printable handout (PDF, {paper.upper()})", lambda: handout_pdf(story, paper=paper, names=names),
                 f"{name}-handout-{paper}.pdf", "application/pdf",
                 "Map, timeline of events with quotes, questions, glossary and sources.", "the printable handout (PDF)"),
        Download("Map picture (PNG, 1920×1080)", lambda: map_png(story, names=names), f"{name}-map.png", "image/png",
                 "The static map, for slides.", "the map picture (PNG)"),
        Download("GeoJSON (for QGIS)", lambda: write_geojson_text(story), f"{name}.geojson", "application/geo+json",
                 "Places, routes and events in one FeatureCollection.", "the GeoJSON file"),
        Download("Events (CSV)", lambda: events_csv(story), f"{name}-events.csv", "text/csv",
                 "One row per event; spreadsheet formulas are neutralised.", "the events file (CSV)"),
        Download("Google Earth (KML)", lambda: story_kml(story, names), f"{name}.kml", KML_MIME,
                 "Placemarks with descriptions, the routes as lines.", "the Google Earth file (KML)"),
    ]


def download_buttons(story: Story, names: str) -> None:
    """Buttons for the standalone HTML, the handout PDF, the map PNG and the data (GeoJSON, CSV, KML)."""
    st.markdown("Copies that work with no server and no network, and the story's data in open formats.")
    paper = st.radio("Paper for the handout", ["a4", "letter"], format_func=str.upper, horizontal=True, key="paper")
    columns = st.columns(3)
    for i, download in enumerate(downloads(story, names, paper)):
        columns[i % 3].download_button(download.label, data=guarded(download), file_name=download.file_name,
                                       mime=download.mime, help=download.help, on_click="ignore",
                                       key=f"download-{download.file_name}")
