"""Story map of the September 2023 exodus from Nagorno-Karabakh, told by one news article.

This file only composes the page; the logic lives in geo/ (plain, tested functions) and the
browser side of the map in geo/web/. Run: streamlit run app.py
Links: ?event=<id> opens an event; ?mode=present opens presenter mode.
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.cards import event_html, glossary_html, story_table_html, text_html
from geo.context import arrivals_by_day
from geo.mapbuild import render_map_html
from geo.story import NAME_MODES, Story, StoryError, load_story
from geo.timeline import timeline_layout
from ui.storymap import clicked_event, storymap, value_seq

ROOT = Path(__file__).resolve().parent
# The story folder to show; STORYMAP_DATA points elsewhere (e.g. a copy being edited).
DATA = Path(os.environ.get("STORYMAP_DATA", ROOT / "data"))
NAME_LABELS = {"both": "Both names", "armenian": "Armenian usage", "azerbaijani": "Azerbaijani usage"}
PRESENTER_CSS = """<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding: 0 !important; max-width: 100% !important; }
[data-testid="stAppViewContainer"] { overflow: hidden; }
</style>"""

st.set_page_config(page_title="Leaving Nagorno-Karabakh, September 2023", page_icon="🗺️", layout="wide",
                   initial_sidebar_state="collapsed")


@st.cache_resource(show_spinner=False)
def cached_story(path: str) -> Story:
    return load_story(path)


@st.cache_data(show_spinner=False)
def cached_map_html(path: str, names: str) -> str:
    return render_map_html(cached_story(path), names=names)


@st.cache_data(show_spinner=False)
def cached_cards(path: str, names: str, questions: bool) -> dict[str, str]:
    story = cached_story(path)
    return {e.id: event_html(story, e, names, questions=questions) for e in story.events}


@st.cache_data(show_spinner=False)
def cached_timeline(path: str, with_context: bool) -> dict:
    return timeline_layout(cached_story(path), with_context=with_context)


def show_problems(error: StoryError) -> None:
    items = "".join(f"<li>{text_html(str(p))}</li>" for p in error.problems)
    st.error(f"The story could not be loaded: {len(error.problems)} problem(s) were found.")
    st.html(f'<ul class="story-problems">{items}</ul>')


def on_map_change() -> None:
    """The browser has stepped (or left presenter mode); follow it."""
    value = st.session_state.get("storymap")
    event_id = clicked_event(value, st.session_state.get("event_ids", []))
    if event_id:
        st.session_state["event"] = event_id
    if isinstance(value, dict) and value.get("mode") in ("normal", "present"):
        st.session_state["mode"] = value["mode"]
    st.session_state["ack"] = value_seq(value)


def keep(name: str) -> None:
    """Copy a widget's value to a key that outlives the widget (hidden in presenter mode)."""
    st.session_state[name] = st.session_state[f"_{name}"]


def enter_presenter() -> None:
    st.session_state["mode"] = "present"


try:
    story = cached_story(str(DATA))
except StoryError as exc:
    st.title("Story map")
    show_problems(exc)
    st.stop()

ids = [e.id for e in story.events]
st.session_state["event_ids"] = ids
notice = ""
if st.session_state.get("event") not in ids:
    wanted = st.query_params.get("event")
    st.session_state["event"] = wanted if wanted in ids else ids[0]
    if wanted and wanted not in ids:
        notice = f"There is no event “{wanted}” in this story, so it opens at the first event."
    st.session_state["mode"] = "present" if st.query_params.get("mode") == "present" else "normal"
for name, default in (("names", "both"), ("show_context", False), ("show_questions", False), ("ack", 0)):
    st.session_state.setdefault(name, default)
present = st.session_state["mode"] == "present"
names = st.session_state["names"]

if present:
    st.html(PRESENTER_CSS)
else:
    st.html(f"<style>{(ROOT / 'ui' / 'page.css').read_text(encoding='utf-8')}</style>")
    st.title(story.meta["title"])
    st.write(story.meta.get("framing", ""))
    if notice:
        st.info(notice)
    settings = st.columns([3, 2, 2, 2], vertical_alignment="center")
    settings[0].radio("Place names", NAME_MODES, format_func=NAME_LABELS.get, horizontal=True, key="_names",
                      index=NAME_MODES.index(names), on_change=keep, args=("names",))
    settings[1].toggle("Context on the timeline", key="_show_context", value=st.session_state["show_context"],
                       on_change=keep, args=("show_context",),
                       help="Dated facts from outside the article, each with its source, drawn dashed.")
    settings[2].toggle("Discussion questions", key="_show_questions", value=st.session_state["show_questions"],
                       on_change=keep, args=("show_questions",), help="Teaching material, shown in the event card.")
    settings[3].button("Presenter mode", on_click=enter_presenter,
                       help="The map fills the screen with a large card; Esc or its Leave button ends it.")

storymap(
    map_html=cached_map_html(str(DATA), names),
    cards=cached_cards(str(DATA), names, st.session_state["show_questions"] or present),
    order=ids,
    labels={e.id: f"{n}. {e.title} — {story.places[e.place].label(names)}" for n, e in enumerate(story.events, 1)},
    selected=st.session_state["event"],
    ack=st.session_state["ack"],
    mode=st.session_state["mode"],
    timeline=cached_timeline(str(DATA), st.session_state["show_context"]),
    key="storymap",
    on_change=on_map_change,
)

st.query_params["event"] = st.session_state["event"]
if present:
    st.query_params["mode"] = "present"
else:
    st.query_params.pop("mode", None)
    text_tab, context_tab, glossary_tab, sources_tab = st.tabs(
        ["Text view", "Arrivals in Armenia (context)", "Glossary", "Sources"])
    with text_tab:
        st.html(story_table_html(story, names))
    with context_tab:
        arrivals = arrivals_by_day(story.context)
        if arrivals:
            st.markdown("**Context, not from the article.** People who had arrived in Armenia from "
                        "Nagorno-Karabakh, cumulative: the Armenian government's last reported figure of each day.")
            frame = pd.DataFrame({"day": [f"{fact.day:%a %-d %b}" for fact, _ in arrivals],
                                  "people arrived (cumulative)": [n for _, n in arrivals]})
            st.bar_chart(frame, x="day", y="people arrived (cumulative)", height=260)
            st.html("<ul class='context-sources'>" + "".join(
                f"<li>{fact.day:%-d %b %Y}{', ' + text_html(fact.time_local) if fact.time_local else ''}: "
                f"{n:,} — <a href='{text_html(fact.source_url)}' target='_blank' rel='noopener noreferrer'>"
                f"{text_html(fact.source_title or fact.source_url)}</a>"
                f"{' (date inferred by our research, see the source note)' if fact.date_inferred else ''}</li>"
                for fact, n in arrivals) + "</ul>")
        else:
            st.write("This story has no context figures.")
    with glossary_tab:
        if story.glossary:
            st.markdown("**Teaching material, not from the article.**")
            st.html(glossary_html(story))
        else:
            st.write("This story has no glossary.")
    with sources_tab:
        st.markdown(
            f"- **The article**: {story.meta.get('source', '')}, published {story.meta.get('published_text', '')}. "
            "Quotes are verbatim, typos included.\n"
            "- **Routes**: context, traced through documented places (GeoNames, Wikipedia and news reports); "
            "each route's popup names its sources and its reported road distance.\n"
            "- **Place coordinates**: GeoNames (CC BY 4.0); the Hakari bridge checkpoint is an estimate.\n"
            "- **Basemap**: Natural Earth (public domain). **Map library**: Leaflet, served by this app."
        )
