"""A small map to put a place by clicking: the draft's places on the offline world basemap, the click's [lat, lon] back.

The frontend is geo/web/picker/ (Streamlit component protocol v1). It loads the vendored Leaflet from the
story map component's folder (``../ui.storymap.storymap/vendor/``: geo/web, served by ui.storymap), so there
is one copy of Leaflet and no CDN. It takes render messages from its own parent only and shows every name
as a text node.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import streamlit.components.v1 as components

from geo.assets import WEB_DIR
from geo.basemaps import world_basemap
from ui.storymap import _component as _storymap_component

PICKER_DIR = WEB_DIR / "picker"
_component = components.declare_component("picker", path=str(PICKER_DIR))
# The folder the picker's page loads Leaflet from, relative to its own: the story map component's.
LEAFLET_FROM_PICKER = f"../{_storymap_component.name}/vendor/leaflet-1.9.3/"


@lru_cache(maxsize=1)
def basemap_text() -> str:
    """The world basemap as the picker draws it (made once per server): its countries, lakes and rivers."""
    return json.dumps(world_basemap(), ensure_ascii=False, separators=(",", ":"))


def picker_places(places: Mapping[str, dict[str, Any]], rows: tuple[dict[str, Any], ...],
                  selected: str) -> list[dict[str, Any]]:
    """Every place of the draft, with the table's row numbers at it (kept rows) and whether the story uses it."""
    at: dict[str, list[str]] = {}
    for i, row in enumerate(rows):
        if row.get("keep"):
            at.setdefault(row.get("place", ""), []).append(str(i + 1))
    out = []
    for pid, feature in places.items():
        lon, lat = feature["geometry"]["coordinates"]
        out.append({"id": pid, "name": feature["properties"].get("name", pid), "lat": lat, "lon": lon,
                    "rows": ", ".join(at.get(pid, [])), "used": pid in at or pid == selected})
    return out


def picker(*, places: list[dict[str, Any]], selected: str, target: str, ack: int, key: str,
           on_change: Callable[[], None] | None = None, height: int = 420) -> Any:
    """Show the picker; its value is the last click, ``{"lat", "lon", "seq"}`` (see ui.make_story.clicked_point)."""
    return _component(places=places, selected=selected, target=target, ack=ack, basemap=basemap_text(),
                      credit=str(world_basemap().get("attribution", "")), height=height, key=key, default=None,
                      on_change=on_change)
