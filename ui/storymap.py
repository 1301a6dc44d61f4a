"""The story map as a bidirectional Streamlit component.

The frontend is geo/web (host.js and the vendored libraries), served by
Streamlit itself: nothing is fetched from a CDN. Selecting an event moves the
live map without reloading it; clicking a pin returns {"event": id, "seq": n}.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit.components.v1 as components

from geo.assets import WEB_DIR

_component = components.declare_component("storymap", path=str(WEB_DIR))


def storymap(map_html: str, selected: str | None, height: int = 620, key: str = "storymap",
             on_change: Callable[[], None] | None = None) -> dict[str, Any] | None:
    """Show ``map_html`` (from ``geo.mapbuild.render_map_html``) with event ``selected`` highlighted."""
    return _component(map_html=map_html, selected=selected, height=height, key=key, default=None,
                      on_change=on_change)


def clicked_event(value: Any, event_ids: list[str]) -> str | None:
    """The event id a pin click sent back, if it names one of ``event_ids``."""
    if isinstance(value, dict) and value.get("event") in event_ids:
        return value["event"]
    return None
