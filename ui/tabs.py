"""The tabs under the map. Only the open tab is computed (st.tabs with on_change="rerun"): the
others would otherwise run on every page load, and the arrivals chart alone imports pandas and
altair (about half a second) before the first map is painted."""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo.cards import glossary_html, story_table_html, text_html
from geo.context import arrivals_by_day
from geo.story import Story
from geo.upload import MAX_UPLOAD_BYTES
from ui.downloads import download_buttons


def text_view(story: Story, names: str) -> None:
    st.html(story_table_html(story, names))


def arrivals(story: Story) -> None:
    days = arrivals_by_day(story.context)
    if not days:
        st.write("This story has no context figures.")
        return
    st.markdown("**Context, not from the article.** People who had arrived in Armenia from "
                "Nagorno-Karabakh, cumulative: the Armenian government's last reported figure of each day.")
    frame = {"day": [f"{fact.day:%a %-d %b}" for fact, _ in days],
             "people arrived (cumulative)": [n for _, n in days]}
    st.bar_chart(frame, x="day", y="people arrived (cumulative)", height=260, sort=False)  # keep date order
    st.html("<ul class='context-sources'>" + "".join(
        f"<li>{fact.day:%-d %b %Y}{', ' + text_html(fact.time_local) if fact.time_local else ''}: "
        f"{n:,} — <a href='{text_html(fact.source_url)}' target='_blank' rel='noopener noreferrer'>"
        f"{text_html(fact.source_title or fact.source_url)}</a>"
        f"{' (date inferred by our research, see the source note)' if fact.date_inferred else ''}</li>"
        for fact, n in days) + "</ul>")


def glossary(story: Story) -> None:
    if story.glossary:
        st.markdown("**Teaching material, not from the article.**")
        st.html(glossary_html(story))
    else:
        st.write("This story has no glossary.")


def own_story(on_upload: Callable[[], None]) -> None:
    st.markdown(
        "Upload a story of your own: a **zip of a story folder** (the easy way), or its files — `story.json`, "
        "`places.geojson`, `routes.geojson`, `events.csv`, `article.txt`, and optionally `questions.csv`, "
        "`glossary.csv`, `basemap.geojson`. The format is described in `data/README.md`; a blank template is in "
        f"`templates/blank-story/`. Limit: {MAX_UPLOAD_BYTES // 2**20} MB. The story is checked first and shown "
        "only if it is good. It stays in this browser tab: nothing is saved on the server, and no one else sees it."
    )
    st.file_uploader("Story zip or files", type=["zip", "json", "geojson", "csv", "txt"], accept_multiple_files=True,
                     key="_upload", on_change=on_upload)
    problems = st.session_state.get("upload_problems") or []
    if problems:
        st.error(f"This upload cannot be shown: {len(problems)} problem(s). Nothing else has changed.")
        st.html('<ul class="upload-problems">' + "".join(f"<li>{text_html(p)}</li>" for p in problems) + "</ul>")


def sources(story: Story) -> None:
    items = [
        f"<b>The source</b>: {text_html(story.meta.get('source', ''))}, published "
        f"{text_html(story.meta.get('published_text', ''))}. Quotes are verbatim, typos included.",
        *(f"<b>Route (context)</b>: {text_html(r.name)}, traced through documented places"
          + (f"; reported distance: {text_html(str(r.properties['reported_source']))}"
             if r.properties.get("reported_source") else "") for r in story.routes),
        "<b>Place coordinates</b>: each place names its source (GeoNames, CC BY 4.0, where it has an id; "
        "otherwise an estimate, said so).",
        f"<b>Basemap</b>: {text_html(str((story.basemap or {}).get('attribution', 'none in this story')))}. "
        "<b>Map library</b>: Leaflet, served by this app.",
    ]
    st.html('<ul class="sources">' + "".join(f"<li>{item}</li>" for item in items) + "</ul>")


def story_tabs(story: Story, names: str, on_upload: Callable[[], None]) -> None:
    """The tabs, with only the open one computed; the open tab is kept in st.session_state["tab"]."""
    shown: dict[str, Callable[[], None]] = {
        "Text view": lambda: text_view(story, names),
        "Arrivals in Armenia (context)": lambda: arrivals(story),
        "Glossary": lambda: glossary(story),
        "Take it home": lambda: download_buttons(story, names),
        "Your own story": lambda: own_story(on_upload),
        "Sources": lambda: sources(story),
    }
    for tab, show in zip(st.tabs(list(shown), key="tab", on_change="rerun"), shown.values(), strict=True):
        if tab.open:
            with tab:
                show()
