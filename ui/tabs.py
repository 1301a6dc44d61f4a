"""The tabs under the map. Only the open tab is computed (st.tabs with on_change="rerun"): the
others would otherwise run on every page load, and the arrivals chart alone imports pandas and
altair (about half a second) before the first map is painted."""
from __future__ import annotations

import threading
from collections.abc import Callable

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileManager, UploadedFileRec

from geo.cards import glossary_html, route_parts_text, story_table_html, text_html
from geo.context import ContextFact, arrivals_by_day, arrivals_heading
from geo.problems import StoryError, plural
from geo.story import Story
from geo.upload import MAX_UNPACKED_BYTES, MAX_UPLOAD_BYTES, megabytes
from ui.downloads import download_buttons


def text_view(story: Story, names: str) -> None:
    st.html(story_table_html(story, names))


def arrivals(story: Story) -> None:
    days = arrivals_by_day(story.context)
    if not days:
        st.write("This story has no context figures.")
        return
    st.html(f"<p><strong>Context, not from the article.</strong> {text_html(arrivals_heading(days))}: the last "
            "figure reported each day.</p>")  # the story's own words: as text, never as markdown
    st.altair_chart(arrivals_chart([f"{fact.day:%a %-d %b}" for fact, _ in days], [n for _, n in days]),
                    width="stretch")
    st.html(arrivals_list_html(days))


AXIS_FONT = 14  # px: axis labels and titles read from the back of a classroom


def arrivals_chart(days: list[str], people: list[int]):
    """The cumulative arrivals as bars in date order, with axis titles that are never clipped and labels of
    AXIS_FONT px, horizontal on two lines ("Sat" over "23 Sep") so that they fit a phone's width."""
    import altair as alt  # imported on first use: it is half a second of the first page otherwise

    data = alt.Data(values=[{"day": d, "people": n} for d, n in zip(days, people)])
    axis = {"labelFontSize": AXIS_FONT, "titleFontSize": AXIS_FONT, "labelColor": "#222", "titleColor": "#222"}
    return alt.Chart(data).mark_bar(color="#23395d").encode(
        x=alt.X("day:N", sort=days, title="day (2023)",
                axis=alt.Axis(labelAngle=0, labelExpr="[slice(datum.label, 0, 3), slice(datum.label, 4)]", labelLineHeight=AXIS_FONT + 2, **axis)),
        y=alt.Y("people:Q", title="people arrived, cumulative", axis=alt.Axis(format=",d", titlePadding=8, **axis)),
        tooltip=[alt.Tooltip("day:N"), alt.Tooltip("people:Q", format=",")],
    ).properties(height=300)


def arrivals_list_html(days: list[tuple[ContextFact, int]]) -> str:
    """Each day's figure with its hour and its source, named as the file names it: a headline or an outlet."""
    return "<ul class='context-sources'>" + "".join(
        f"<li>{fact.day:%-d %b %Y}{', ' + text_html(fact.time_local) if fact.time_local else ''}: "
        f"{plural(n, 'person', 'people')} — source: <a href='{text_html(fact.source_url)}' target='_blank' rel='noopener noreferrer'>"
        f"{text_html(fact.source_title or fact.source_url)}</a>"
        f"{' (date inferred by our research, see the source note)' if fact.date_inferred else ''}</li>"
        for fact, n in days) + "</ul>"


def glossary(story: Story) -> None:
    if story.glossary:
        st.markdown("**Teaching material, not from the article.**")
        st.html(glossary_html(story))
    else:
        st.write("This story has no glossary.")


# The uploader's key changes after each upload is taken (take_upload), so the widget starts empty and
# Streamlit drops the old widget's value (an UploadedFile holding the zip's bytes) at the end of the run.
UPLOAD_ROUND = "upload_round"


def upload_key() -> str:
    return f"_upload_{st.session_state.get(UPLOAD_ROUND, 0)}"


def keep_one_file_per_session(store: UploadedFileManager, limit: int = MAX_UPLOAD_BYTES) -> None:
    """Make Streamlit's upload store hold at most one file per session, of at most LIMIT + 1 bytes.

    Why: Streamlit 1.67 keeps every file a session sends (PUT /_stcore/upload_file/<session>/<any id>,
    whatever the widget asked for) until the session is shut down, which for a closed tab is minutes
    later at best. This app has one uploader, for one zip; a newer file replaces the older, and no more
    than LIMIT + 1 bytes are kept (one past the limit is enough to say "too big"). Idempotent.
    """
    if getattr(store, "_one_file_per_session", False):
        return
    add_file, remove_session_files = store.add_file, store.remove_session_files
    latest: dict[str, str] = {}  # session id -> the file id it holds
    lock = threading.Lock()

    def add_one(session_id: str, file: UploadedFileRec) -> None:
        with lock:
            previous = latest.pop(session_id, None)
            if previous is not None and previous != file.file_id:
                store.remove_file(session_id, previous)  # first, so that two are never held at once
            if len(file.data) > limit + 1:
                file = file._replace(data=file.data[:limit + 1])
            add_file(session_id=session_id, file=file)
            latest[session_id] = file.file_id

    def remove_all(session_id: str) -> None:
        with lock:
            latest.pop(session_id, None)
            remove_session_files(session_id)

    store.add_file = add_one  # type: ignore[method-assign]
    store.remove_session_files = remove_all  # type: ignore[method-assign]
    store._one_file_per_session = True  # type: ignore[attr-defined]


def hold_one_upload() -> None:
    """keep_one_file_per_session on this server's store (once per process; nothing outside a server)."""
    if runtime.exists():
        keep_one_file_per_session(runtime.get_instance().uploaded_file_mgr)


def take_upload() -> tuple[str, bytes] | None:
    """The uploaded zip's (name, bytes), taken once: Streamlit's copy is dropped and the uploader starts
    afresh, so after this the session holds no upload, only what the app makes of it. For on_upload."""
    uploaded = st.session_state.get(upload_key())
    st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1
    if not isinstance(uploaded, UploadedFile):  # None, or a DeletedFile: a value naming a file no longer held
        return None
    name, data = uploaded.name, uploaded.getvalue()
    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=uploaded.file_id)
    return name, data


def upload_refused(problems: list[str], found: str | None = None) -> str:
    """The line above a refused upload's problems; ``found`` is the StoryError's own count in words
    ("at least 1,000 problems were found"), else the problems listed are counted, in the same words."""
    return f"This upload cannot be shown: {found or StoryError([], total=len(problems)).found()}. Nothing else has changed."


def own_story(on_upload: Callable[[], None]) -> None:
    st.markdown(
        "Upload a story of your own: a **zip of a story folder** with `story.json`, `places.geojson`, "
        "`routes.geojson`, `events.csv`, `article.txt`, and optionally `questions.csv`, `glossary.csv`, "
        "`basemap.geojson` and `context/timeline.csv`. The format is described in `data/README.md`; a blank "
        f"template is in `templates/blank-story/`. One zip at a time, at most {megabytes(MAX_UPLOAD_BYTES)} "
        f"({megabytes(MAX_UNPACKED_BYTES)} unpacked). The story is checked first and shown only if it is good. "
        "It stays in this browser tab: nothing is saved on the server, and no one else sees it."
    )
    st.file_uploader("Story zip", type=["zip"], accept_multiple_files=False, key=upload_key(), on_change=on_upload)
    problems = st.session_state.get("upload_problems") or []
    if problems:
        st.error(upload_refused(problems, st.session_state.get("upload_found")))
        st.html('<ul class="upload-problems">' + "".join(f"<li>{text_html(p)}</li>" for p in problems) + "</ul>")


def sources(story: Story) -> None:
    st.html(sources_html(story))


def sources_html(story: Story) -> str:
    """The Sources tab: the article, the routes, the coordinates, the context and the basemap."""
    items = [
        f"<b>The source</b>: {text_html(story.meta.get('source', ''))}, published "
        f"{text_html(story.meta.get('published_text', ''))}. Quotes are verbatim, typos included.",
        *(f"<b>Route (context)</b>: {text_html(r.name)}. {text_html(route_parts_text(r))}"
          + (f" Reported distance: {text_html(str(r.properties['reported_source']))}."
             if r.properties.get("reported_source") else "") for r in story.routes),
        "<b>Place coordinates</b>: each place names its source (GeoNames, CC BY 4.0, where it has an id; "
        "otherwise an estimate, said so).",
        *(["<b>Context, not from the article</b>: the timeline's context items and the arrivals figures each give "
           "their source, named by its headline (or by the outlet, where no headline was recorded) and linked."]
          if story.context else []),
        f"<b>Basemap</b>: {text_html(str((story.basemap or {}).get('attribution', 'none in this story')))}. "
        "<b>Map library</b>: Leaflet, served by this app.",
    ]
    return '<ul class="sources">' + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def make_a_story(on_show: Callable[[Story], None]) -> None:
    from ui.make_story import make_story  # its imports (pandas, the draft) only when the tab is opened

    make_story(on_show)


def story_tabs(story: Story, names: str, on_upload: Callable[[], None],
               on_show: Callable[[Story], None] | None = None) -> None:
    """The tabs, with only the open one computed; the open tab is kept in st.session_state["tab"].
    ``on_show(story)`` shows a story made in the Make a story tab (session only, like an upload)."""
    shown: dict[str, Callable[[], None]] = {
        "Text view": lambda: text_view(story, names),
        "Arrivals (context)": lambda: arrivals(story),
        "Glossary": lambda: glossary(story),
        "Take it home": lambda: download_buttons(story, names),
        "Your own story": lambda: own_story(on_upload),
        **({"Make a story": lambda: make_a_story(on_show)} if on_show is not None else {}),
        "Sources": lambda: sources(story),
    }
    for tab, show in zip(st.tabs(list(shown), key="tab", on_change="rerun"), shown.values(), strict=True):
        if tab.open:
            with tab:
                show()
