"""The naive way, for comparison only: rebuild and re-send the whole folium map on every step.

Each Next is a Streamlit rerun that renders a new map document (assets inlined, so it works
offline) centred on the event and shows it with st.components.v1.html, which reloads the map.
Run by bench/bench_steps.py; not part of the product.
"""
from __future__ import annotations

import json
from html import escape
import sys
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geo.cards import event_card  # noqa: E402
from geo.mapbuild import map_data, map_shell_html  # noqa: E402
from geo.story import load_story  # noqa: E402
from geo.storyview import _script_json  # noqa: E402

story = load_story(Path(__file__).resolve().parent.parent / "data")
ids = [e.id for e in story.events]
st.session_state.setdefault("i", 0)
if st.button("Next", key="next"):
    st.session_state["i"] = (st.session_state["i"] + 1) % len(ids)
event = story.events[st.session_state["i"]]
lon, lat = story.places[event.place].lonlat
cards = {e.id: event_card(story, e) for e in story.events}
html = map_shell_html(inline=True).replace(
    "</html>",
    f'<script type="application/json" id="map-data">{_script_json(map_data(story))}</script>'
    f'<script type="application/json" id="cards">{_script_json(cards)}</script>'
    "<script>StoryMap.show(document.getElementById('map-data').textContent, document.getElementById('cards').textContent);"
    f"storymap.select({json.dumps(event.id)}); storymap.map.setView([{lat}, {lon}], 9, {{animate: false}});"
    f"document.documentElement.setAttribute('data-shown', {json.dumps(event.id)});</script></html>",
)
st.html(f'<article class="event-card"><h3 class="event-title">{escape(event.title)}</h3>'
        f"<p>{escape(event.summary)}</p><blockquote>{escape(event.quote)}</blockquote></article>")
components.html(html, height=600)
