"""A story map: one source's events on a map (the built-in story: the September 2023 exodus from
Nagorno-Karabakh, told by one news article; STORYMAP_DATA or an upload shows another).

This file only composes the page; the logic lives in geo/ (plain, tested functions) and the
browser side of the map in geo/web/. Run: streamlit run app.py
Links: ?event=<id> opens an event; ?mode=present opens presenter mode; ?names=<usage> picks the place names.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urljoin

import streamlit as st

from geo.cards import text_html
from geo.site import READER_PATH
from geo.story import BOTH, Story, StoryError, load_story, parse_story
from geo.storyview import view_fingerprint, view_text
from geo.upload import files_from_upload
from ui.storymap import STATIC_FROM_COMPONENT, clicked_event, storymap, value_seq
from ui.tabs import hold_one_upload, story_tabs, take_upload

ROOT = Path(__file__).resolve().parent
BUILTIN = ROOT / "data"
# The story folder to show; STORYMAP_DATA points elsewhere (e.g. a copy being edited).
DATA = Path(os.environ.get("STORYMAP_DATA", BUILTIN))
PRESENTER_CSS = """<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding: 0 !important; max-width: 100% !important; }
[data-testid="stAppViewContainer"] { overflow: hidden; }
</style>"""

st.set_page_config(page_title="Story map", page_icon="🗺️", layout="wide", initial_sidebar_state="collapsed")
hold_one_upload()  # every page, presenter mode included: any session can send files to the server


@st.cache_resource(show_spinner=False)
def cached_story(path: str) -> Story:
    return load_story(path)


@st.cache_data(show_spinner=False, persist="disk")
def builtin_view(fingerprint: str, names: str, questions: bool, with_context: bool) -> str:
    """The built-in story's view, kept on disk so that a restarted server paints its first map
    without importing folium; ``fingerprint`` (of the story and the code) makes any change build it anew.
    Its basemap detail is static/'s file (scripts/build_reader.py), fetched when a reader zooms in."""
    return view_text(cached_story(str(BUILTIN)), names, questions, with_context, detail_at=STATIC_FROM_COMPONENT)


@st.cache_data(show_spinner=False)
def folder_view(path: str, names: str, questions: bool, with_context: bool) -> str:
    """A folder named by STORYMAP_DATA (a copy being edited, a test's or a benchmark's): in memory only,
    so that no copy leaves a file in ~/.streamlit/cache."""
    return view_text(cached_story(path), names, questions, with_context)


@st.cache_resource(show_spinner=False)
def builtin_fingerprint() -> str:
    return view_fingerprint(BUILTIN)


def current_view(story: Story, names: str, questions: bool, with_context: bool) -> str:
    """The browser's arguments for the story shown: cached for the story folder, kept in this
    session only for an uploaded one (never in a cache another session could reach)."""
    if story is not st.session_state.get("upload"):
        if DATA == BUILTIN:
            return builtin_view(builtin_fingerprint(), names, questions, with_context)
        return folder_view(str(DATA), names, questions, with_context)
    # Only the view shown now: a large upload's view is megabytes, and each setting would keep one more.
    memo = st.session_state.setdefault("upload_views", {})
    key = (names, questions, with_context)
    if key not in memo:
        memo.clear()
        memo[key] = view_text(story, names, questions, with_context)
    return memo[key]


def on_upload() -> None:
    """Validate an upload (one zip); show it only if it is a good story. Nothing is written to disk, and
    the zip's bytes are not kept: take_upload drops Streamlit's copy."""
    uploaded = take_upload()
    st.session_state["upload_problems"] = []
    if uploaded is None:
        return
    try:
        story = parse_story(files_from_upload([uploaded]))
    except StoryError as exc:
        st.session_state["upload_problems"] = [str(p) for p in exc.problems]
        st.session_state["upload_found"] = exc.found()
        return
    except Exception as exc:  # a last guard: the reader gets a message, never a traceback
        st.session_state["upload_problems"] = [f"upload: the story could not be read ({type(exc).__name__}). "
                                               "Fix: check it with python -m geo validate, or start from the template."]
        st.session_state["upload_found"] = "1 problem was found"
        return
    st.session_state.update(upload=story, upload_views={}, event=story.events[0].id, upload_made=False)


def show_made(story: Story) -> None:
    """Show a story made in the Make a story tab: validated there; session only, exactly as an upload is."""
    st.session_state.update(upload=story, upload_views={}, event=story.events[0].id, upload_made=True)


def back_to_builtin() -> None:
    st.session_state.update(upload=None, upload_views={}, event=cached_story(str(DATA)).events[0].id)


@st.cache_resource(show_spinner=False)
def page_css() -> str:
    """Read once per server, not on every rerun."""
    return (ROOT / "ui" / "page.css").read_text(encoding="utf-8")


def show_problems(error: StoryError) -> None:
    items = "".join(f"<li>{text_html(str(p))}</li>" for p in error.problems)
    st.error(f"The story could not be loaded: {error.found()}.")
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
    story = st.session_state.get("upload") or cached_story(str(DATA))
except StoryError as exc:
    st.title("Story map")
    show_problems(exc)
    st.stop()

st.set_page_config(page_title=story.meta["title"][:100])  # the browser tab names the story shown
ids = [e.id for e in story.events]
st.session_state["event_ids"] = ids
notice = ""
if st.session_state.get("event") not in ids:
    wanted = st.query_params.get("event")
    st.session_state["event"] = wanted if wanted in ids else ids[0]
    if wanted and wanted not in ids:
        notice = wanted
    st.session_state["mode"] = "present" if st.query_params.get("mode") == "present" else "normal"
    # ?names=USAGE picks the place names on opening; a usage this story does not declare shows both.
    st.session_state.setdefault("names", story.name_mode(st.query_params.get("names")))
for name, default in (("names", BOTH), ("show_context", False), ("show_questions", False), ("ack", 0)):
    st.session_state.setdefault(name, default)
present = st.session_state["mode"] == "present"
# The usages are the story's own (story.json): a setting kept from another story, or a link's, falls back to both.
names = story.name_mode(st.session_state["names"])

st.html(PRESENTER_CSS if present else f"<style>{page_css()}</style>")
# The title, settings and notices, in one container that presenter mode leaves empty: the map then keeps its
# place in the page, so entering or leaving presenter mode redraws no map (no grey page while it reloads).
page_head = st.container()
if not present:
    with page_head:
        # Story text is shown as text, never as Markdown or HTML: a title from an upload stays literal.
        st.html(f'<h1 class="story-title" dir="auto">{text_html(story.meta["title"])}</h1>'
                f'<p class="story-framing" dir="auto">{text_html(story.meta.get("framing", ""))}</p>')
        if notice:
            # The reader's text is isolated (<bdi>): a bidi control in it cannot reorder our own words.
            st.html(f'<p class="notice" role="status">There is no event “<bdi>{text_html(notice)}</bdi>” in this '
                    "story, so it opens at the first event.</p>")
        # The place-name switch only for a story that declares name usages, with its own labels.
        settings = st.columns([3, 2, 2, 2] if story.name_usages else [2, 2, 2], vertical_alignment="center")
        if story.name_usages:
            modes, labels = story.name_modes, story.name_labels()
            settings.pop(0).radio("Place names", modes, format_func=labels.get, horizontal=True, key="_names",
                                  index=modes.index(names), on_change=keep, args=("names",))
        settings[0].toggle("Context on the timeline", key="_show_context", value=st.session_state["show_context"],
                           on_change=keep, args=("show_context",),
                           help="Dated facts from outside the article, each with its source, drawn dashed.")
        settings[1].toggle("Discussion questions", key="_show_questions", value=st.session_state["show_questions"],
                           on_change=keep, args=("show_questions",), help="Teaching material, shown in the event card.")
        settings[2].button("Presenter mode", on_click=enter_presenter,
                           help="The map fills the screen with a large card; Esc or its Leave button ends it.")
        if DATA == BUILTIN and st.session_state.get("upload") is None:
            # The reader page (static/reader.html, scripts/build_reader.py) is the built-in story only.
            reader = urljoin(st.context.url or "", READER_PATH)
            st.html(f'<p class="reader-link">Share a fast link for readers (phones, slow links): '
                    f'<a href="{text_html(reader)}" target="_blank" rel="noopener">{text_html(reader)}</a></p>')
        if st.session_state.get("upload") is not None:
            kind = "story made in the Make a story tab" if st.session_state.get("upload_made") else "uploaded story"
            st.html(f'<p class="notice upload-notice" role="status">Showing your {kind}, '
                    f'“<bdi>{text_html(story.meta.get("title", ""))}</bdi>”. It lives in this browser tab only.</p>')
            st.button("Back to the built-in story", on_click=back_to_builtin)


@st.fragment
def story_map(view: str, mode: str, selected: str, ack: int) -> None:
    """The map and its card. A step reruns only this fragment: the browser has already shown it,
    and the page is told just to keep the address bar and the selection in step.

    A fragment reruns with the arguments of the last full run, so on a step the component's
    arguments are the same as before and Streamlit answers with a reference to the browser's cached
    copy (a few hundred bytes) instead of the whole view again (about 145 kB for the built-in story).
    """
    storymap(view=view, selected=selected, ack=ack, mode=mode, key="storymap", on_change=on_map_change)
    if st.session_state["mode"] != mode:  # presenter mode was left in the browser: redraw the whole page
        st.rerun(scope="app")
    st.query_params["event"] = st.session_state["event"]
    if mode == "present":
        st.query_params["mode"] = "present"
    else:
        st.query_params.pop("mode", None)


story_map(current_view(story, names, st.session_state["show_questions"] or present, st.session_state["show_context"]),
          st.session_state["mode"], st.session_state["event"], st.session_state["ack"])

if not present:
    story_tabs(story, names, on_upload, show_made)
