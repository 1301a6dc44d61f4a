"""The story map as a bidirectional Streamlit component.

The frontend is geo/web (host.js, host.css and the vendored libraries), served by
Streamlit itself: nothing is fetched from a CDN. Steps are handled in the browser;
the component then returns {"event": id, "mode": "normal"|"present", "seq": n}.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit.components.v1 as components

from geo.assets import WEB_DIR

_component = components.declare_component("storymap", path=str(WEB_DIR))
# The app's static/ folder (server.enableStaticServing), as the component's documents address it: they are
# served at <app>/component/<name>/, static/ at <app>/app/static/.
STATIC_FROM_COMPONENT = "../../app/static/"


def storymap(*, view: str, selected: str, ack: int, mode: str, height: int = 760, key: str = "storymap",
             on_change: Callable[[], None] | None = None) -> dict[str, Any] | None:
    """Show the map, controls, event card, list and timeline, with event ``selected`` current.

    ``view`` is geo.storyview.view_text (the map document, cards, order, labels, timeline); the
    browser parses it only when it changes. ``ack`` is the ``seq`` of the last value this component
    sent that the page has applied; the browser ignores ``selected`` while it is ahead of the page.
    """
    return _component(view=view, selected=selected, ack=ack, mode=mode, height=height, key=key, default=None,
                      on_change=on_change)


def clicked_event(value: Any, event_ids: list[str]) -> str | None:
    """The event id the component sent back, if it names one of ``event_ids``."""
    if isinstance(value, dict) and value.get("event") in event_ids:
        return value["event"]
    return None


def value_seq(value: Any) -> int:
    """The sequence number of a component value (0 if there is none)."""
    seq = value.get("seq") if isinstance(value, dict) else None
    return seq if isinstance(seq, int) and not isinstance(seq, bool) else 0
