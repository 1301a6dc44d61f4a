"""The naive way, for comparison only: rebuild and re-send the whole folium map on every step.

Each Next is a Streamlit rerun that renders a new map document (assets inlined, so it works
offline) centred on the event and shows it with st.components.v1.html, which reloads the map.
Run by bench/bench_steps.py; not part of the product.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geo.cards import event_html  # noqa: E402
from geo.mapbuild import render_map_html  # noqa: E402
from geo.story import load_story  # noqa: E402

story = load_story(Path(__file__).resolve().parent.parent / "data")
ids = [e.id for e in story.events]
st.session_state.setdefault("i", 0)
if st.button("Next", key="next"):
    st.session_state["i"] = (st.session_state["i"] + 1) % len(ids)
event = story.events[st.session_state["i"]]
lon, lat = story.places[event.place].lonlat
html = render_map_html(story, inline=True).replace(
    "</html>",
    f"<script>storymap.select({json.dumps(event.id)}); storymap.map.setView([{lat}, {lon}], 9, {{animate: false}});"
    f"document.documentElement.setAttribute('data-shown', {json.dumps(event.id)});</script></html>",
)
st.html(event_html(story, event))
components.html(html, height=600)
