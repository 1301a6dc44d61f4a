"""The "Take it home" downloads: each file is made only when its button is pressed."""
from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

import streamlit as st

from geo.story import Story


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


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "story"


def download_buttons(story: Story, names: str) -> None:
    """Buttons for the standalone HTML, the handout PDF, the map PNG and the data (GeoJSON, CSV, KML)."""
    name = slug(story.meta.get("title", "story"))
    st.markdown("Copies that work with no server and no network, and the story's data in open formats.")
    paper = st.radio("Paper for the handout", ["a4", "letter"], format_func=str.upper, horizontal=True, key="paper")
    columns = st.columns(3)
    files = [
        ("Offline web page (HTML)", lambda: standalone_html(story, names), f"{name}.html", "text/html",
         "The map with its pins, routes and popups, and the story with Previous / Next, in one file."),
        (f"Printable handout (PDF, {paper.upper()})", lambda: handout_pdf(story, paper=paper, names=names),
         f"{name}-handout-{paper}.pdf", "application/pdf",
         "Map, timeline of events with quotes, questions, glossary and sources."),
        ("Map picture (PNG, 1920×1080)", lambda: map_png(story, names=names), f"{name}-map.png", "image/png",
         "The static map, for slides."),
        ("GeoJSON (for QGIS)", lambda: write_geojson_text(story), f"{name}.geojson", "application/geo+json",
         "Places, routes and events in one FeatureCollection."),
        ("Events (CSV)", lambda: events_csv(story), f"{name}-events.csv", "text/csv",
         "One row per event; spreadsheet formulas are neutralised."),
        ("Google Earth (KML)", lambda: story_kml(story, names), f"{name}.kml", "application/vnd.google-earth.kml+xml",
         "Placemarks with descriptions, the routes as lines."),
    ]
    for i, (label, make, file_name, mime, help_text) in enumerate(files):
        columns[i % 3].download_button(label, data=make, file_name=file_name, mime=mime, help=help_text,
                                       on_click="ignore", key=f"download-{file_name}")
