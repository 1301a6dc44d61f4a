"""Story map of the September 2023 exodus from Nagorno-Karabakh, told by one news article.

This file only composes the page; the logic lives in geo/ (plain, tested functions).
Run: streamlit run app.py
"""
from __future__ import annotations

from html import escape
from pathlib import Path

import os

import streamlit as st

from geo.cards import event_html
from geo.mapbuild import render_map_html
from geo.story import Story, StoryError, load_story
from ui.storymap import clicked_event, storymap

ROOT = Path(__file__).resolve().parent
# The story folder to show; STORYMAP_DATA points elsewhere (e.g. a copy being edited).
DATA = Path(os.environ.get("STORYMAP_DATA", ROOT / "data"))

st.set_page_config(page_title="Leaving Nagorno-Karabakh, September 2023", page_icon="🗺️", layout="wide")


@st.cache_resource(show_spinner=False)
def cached_story(path: str) -> Story:
    return load_story(path)


@st.cache_data(show_spinner=False)
def cached_map_html(path: str, names: str) -> str:
    return render_map_html(cached_story(path), names=names)


def show_problems(error: StoryError) -> None:
    items = "".join(f"<li>{escape(str(p))}</li>" for p in error.problems)
    st.error(f"The story could not be loaded: {len(error.problems)} problem(s) were found.")
    st.html(f'<ul class="story-problems">{items}</ul>')


def on_pin_click() -> None:
    event_id = clicked_event(st.session_state.get("storymap"), st.session_state.get("event_ids", []))
    if event_id:
        st.session_state["event"] = event_id


try:
    story = cached_story(str(DATA))
except StoryError as exc:
    st.title("Story map")
    show_problems(exc)
    st.stop()

ids = [e.id for e in story.events]
st.session_state["event_ids"] = ids
if st.session_state.get("event") not in ids:
    wanted = st.query_params.get("event")
    st.session_state["event"] = wanted if wanted in ids else ids[0]
    if wanted and wanted not in ids:
        st.info(f"There is no event “{wanted}” in this story, so it opens at the first event.")

st.html(f"<style>{(ROOT / 'ui' / 'page.css').read_text(encoding='utf-8')}</style>")
st.title(story.meta["title"])
st.write(story.meta.get("framing", ""))

map_column, side_column = st.columns([3, 2], gap="medium")
with side_column:
    card = st.container(border=True)
    with st.container(height=330, border=False):
        st.radio(
            "Events in story order",
            ids,
            key="event",
            format_func=lambda i: f"{story.number(i)}. {story.event(i).title} — {story.places[story.event(i).place].label()}",
        )
selected = st.session_state["event"]
with card:
    st.html(event_html(story, story.event(selected)))
with map_column:
    storymap(cached_map_html(str(DATA), "both"), selected, height=640, key="storymap", on_change=on_pin_click)
st.query_params["event"] = selected
st.caption(
    "Basemap: Natural Earth (public domain). Routes are context from outside the article, traced through "
    "documented places; see each route's note for its sources."
)
