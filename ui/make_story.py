"""The *Make a story* tab: an article in, a draft out, fixed by a person in a table and on a map, then shown or downloaded.

The draft is geo.draft's and the checks are geo.story's; this module only joins them to the page. The
work in progress (a ``Bench``: the article, the places and the table's rows) lives in st.session_state,
in this browser tab only: nothing is written to the server's disk. The table is turned into the story
folder's files by one plain function (``table_files``), and every edit is checked by ``parse_story``
on those files (``check``): nothing becomes a story until it validates.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import math
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import UploadedFile

from geo.cards import text_html
from geo.csvio import unneutralise_cell
from geo.dates import FORMS, PRECISIONS
from geo.problems import StoryError, StoryProblem, plural
from geo.quotes import NearMissBudget, near_miss
from geo.story import (ARTICLE_FILE, EVENT_COLUMNS, EVENTS_FILE, MAX_ARTICLE_BYTES, PLACES_FILE, QUOTE_KINDS,
                       ROUTES_FILE, STORY_FILE, Story, article_lines, not_utf8, parse_story)
from ui.downloads import slug

LOG = logging.getLogger(__name__)

HAND_PLACED = "placed by hand on the map"
FRAMING = ("Made in the app's Make a story tab from one article (article.txt). Titles and summaries marked "
           "[draft] are the draft's words, for a person to rewrite.")
NO_PLACE = ("no place yet. Fix: choose one in the Place column, take one of the gazetteer's places under the "
            "table, or click the map to put it there.")
NO_ROWS = "No row is kept, so the story has no events. Fix: tick Keep on at least one row."
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the zip's dates: the same story gives the same bytes
KEEP, NEEDS, CHECK, QUOTE_CHECK = "keep", "needs", "check", "quote_check"


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")  # as geo.problems: embeddings, overrides, isolates


def shown(text: str) -> str:
    """Text as the page shows it beside our own words: a direction control by name ("[U+202E]"), so that it
    cannot turn the words around it, and the teacher sees where it is."""
    return _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


class ArticleError(ValueError):
    """An article that cannot be drafted: the message says why and how to fix it, for a teacher."""


# --- the work in progress --------------------------------------------------------------------------

@dataclass(frozen=True)
class Bench:
    """A draft being fixed: the article, story.json's fields, routes.geojson, the places and the table's rows.

    ``places`` maps a place id to its GeoNames-style GeoJSON feature, in the order found or added;
    ``rows`` are the table's rows: ``keep`` (bool), ``needs`` (the draft's note) and the events.csv
    columns, as text. ``version`` changes whenever the rows are changed by the page rather than typed in
    the table, so that the table starts afresh from them.
    """

    article: str
    meta: dict[str, Any]
    routes: str
    places: dict[str, dict[str, Any]]
    rows: tuple[dict[str, Any], ...]
    version: int = 0


def _csv_rows(text: str) -> list[dict[str, str]]:
    """events.csv as the loader reads it: cells protected from spreadsheets read back as they were."""
    return [{k: unneutralise_cell(v or "") for k, v in row.items() if k} for row in csv.DictReader(io.StringIO(text))]


def draft_rows(events_csv: str, review: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The table's rows: the draft's finished events and its review rows together, in article order, all kept."""
    rows = [{KEEP: True, NEEDS: "", **{c: row.get(c, "") for c in EVENT_COLUMNS}} for row in _csv_rows(events_csv)]
    rows += [{KEEP: True, NEEDS: row.get("needs", ""), **{c: row.get(c, "") for c in EVENT_COLUMNS}} for row in review]

    def line(row: dict[str, Any]) -> int:
        return int(row["line"]) if str(row["line"]).isdigit() else 0

    return sorted(rows, key=line)  # stable: rows of one line keep the draft's order


def bench_from_draft(files: Mapping[str, str], review: list[dict[str, str]]) -> Bench:
    """A Bench from a draft's files (geo.draft.Draft.files) and review rows."""
    meta = json.loads(files[STORY_FILE])
    meta["framing"] = FRAMING
    places = {f["properties"]["id"]: f for f in json.loads(files[PLACES_FILE])["features"]}
    return Bench(article=files[ARTICLE_FILE], meta=meta, routes=files[ROUTES_FILE], places=places,
                 rows=tuple(draft_rows(files[EVENTS_FILE], review)))


def _cell(value: Any) -> str:
    """A table cell as events.csv text: a cleared cell is empty; a carriage return (the CSV writer would not
    quote it, and the row would split on loading) becomes a line break."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def apply_edits(rows: tuple[dict[str, Any], ...], state: Any) -> tuple[dict[str, Any], ...]:
    """``rows`` with st.data_editor's edits (``{"edited_rows": {position: {column: value}}}``) applied.

    Edits are whole cell values, so applying them twice gives the same rows. Columns the page computes
    (the checks, the draft's note) and positions that are not rows are ignored: the state comes from the browser.
    """
    edited = state.get("edited_rows", {}) if isinstance(state, Mapping) else {}
    if not isinstance(edited, Mapping) or not edited:
        return rows
    out = [dict(row) for row in rows]
    for position, changes in edited.items():
        try:
            row = out[int(position)] if int(position) >= 0 else None
        except (ValueError, TypeError, IndexError):
            continue
        if row is None or not isinstance(changes, Mapping):
            continue
        for column, value in changes.items():
            if column == KEEP:
                row[KEEP] = value is True
            elif column in EVENT_COLUMNS:
                row[column] = _cell(value)
    return tuple(out)


def kept(rows: tuple[dict[str, Any], ...]) -> list[int]:
    """Positions of the rows that go into the story."""
    return [i for i, row in enumerate(rows) if row[KEEP]]


def used_places(bench: Bench, rows: tuple[dict[str, Any], ...]) -> list[str]:
    """The ids of the places the kept rows are at, in the order of ``bench.places``: the places the story shows."""
    wanted = {rows[i]["place"] for i in kept(rows)}
    return [pid for pid in bench.places if pid in wanted]


def _collection(features: list[dict[str, Any]]) -> str:
    body = ",\n".join(json.dumps(f, ensure_ascii=False) for f in features)
    return '{"type": "FeatureCollection", "features": [' + ("\n" + body + "\n" if body else "") + "]}\n"


def _events_csv(rows: list[dict[str, Any]]) -> str:
    from geo.draft.folder import rows_csv  # the draft's writer: cells a spreadsheet would run are protected

    return rows_csv([{c: _cell(row.get(c, "")) for c in EVENT_COLUMNS} for row in rows], EVENT_COLUMNS)


def table_files(bench: Bench, rows: tuple[dict[str, Any], ...]) -> dict[str, str]:
    """The story folder's five files from the table: the kept rows as events.csv, the places they are at.

    story.json is the draft's (with the title and framing as edited), routes.geojson the draft's, and the
    article exactly as pasted. Places no kept row uses are left out, so the map shows only the story's.
    """
    return {
        STORY_FILE: json.dumps(bench.meta, ensure_ascii=False, indent=2) + "\n",
        PLACES_FILE: _collection([bench.places[pid] for pid in used_places(bench, rows)]),
        ROUTES_FILE: bench.routes,
        EVENTS_FILE: _events_csv([rows[i] for i in kept(rows)]),
        ARTICLE_FILE: bench.article,
    }


def file_bytes(files: Mapping[str, str]) -> dict[str, bytes]:
    return {name: text.encode("utf-8") for name, text in files.items()}


def story_zip(files: Mapping[str, str], folder: str) -> bytes:
    """The story folder as a zip (one folder, the five files), the same bytes for the same story."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


# --- checking ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Check:
    """What the validator says of the table: the story if it is good, each row's problems, the others."""

    story: Story | None
    rows: dict[int, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    found: str = ""
    quotes: dict[int, str] = field(default_factory=dict)


def _said(problem: StoryProblem) -> str:
    """A problem without its file and row (the table shows where): its message and fix, direction controls named."""
    return str(StoryProblem("", "", problem.message, problem.fix))


_EVENT_ROW = re.compile(r"row (\d+)\b")
_FEATURE = re.compile(r"feature (\d+)\b")


def check(bench: Bench, rows: tuple[dict[str, Any], ...]) -> Check:
    """Validate the story the table makes (``table_files`` → ``parse_story``) and put each problem beside its row.

    events.csv's "row N" is the (N-1)th kept row; a place's problem stands beside every row at that place;
    a problem of story.json or article.txt, or of no one row, is ``general``. A kept row with no place gets
    NO_PLACE (the validator's own words for it name places.geojson, which the table does not show).
    """
    files = table_files(bench, rows)
    positions, places = kept(rows), used_places(bench, rows)
    per_row: dict[int, list[str]] = {i: [] for i in positions}
    for i in positions:
        if not rows[i]["place"]:
            per_row[i].append(NO_PLACE)
    general: list[str] = []
    story: Story | None = None
    found = ""
    try:
        story = parse_story(file_bytes(files))
    except StoryError as exc:
        found = exc.found()
        for problem in exc.problems:
            row = _EVENT_ROW.match(problem.where) if problem.file == EVENTS_FILE else None
            feature = _FEATURE.match(problem.where) if problem.file == PLACES_FILE else None
            if row and 0 <= int(row.group(1)) - 2 < len(positions):
                i = positions[int(row.group(1)) - 2]
                if not (rows[i]["place"] == "" and problem.message.startswith('place "" is not in')):
                    per_row[i].append(_said(problem))
            elif feature and 0 < int(feature.group(1)) <= len(places):
                pid = places[int(feature.group(1)) - 1]
                name = bench.places[pid]["properties"].get("name", pid)
                for i in positions:
                    if rows[i]["place"] == pid:
                        per_row[i].append(f"its place {name}: {_said(problem)}")
            elif not (problem.file in (PLACES_FILE, EVENTS_FILE) and not problem.where
                      and ("has no places" in problem.message or "has no events" in problem.message)):
                general.append(str(problem))  # (no places, no events: said below in the table's words)
    if not positions:
        general.append(NO_ROWS)
    elif story is None and not any(per_row.values()) and not general:
        general.append(f"The story could not be checked ({found}). Fix: check the rows, or draft the article again.")
    if story is not None and any(per_row.values()):  # cannot happen: the validator passed every row
        story = None
    lines = article_lines(bench.article)
    budget = NearMissBudget()
    quotes = {i: quote_check(lines, rows[i], budget) for i in range(len(rows))}
    return Check(story=story, rows=per_row, general=general, found=found, quotes=quotes)


def quote_check(lines: list[str], row: Mapping[str, Any], budget: NearMissBudget | None = None) -> str:
    """Is the row's quote on its article line letter for letter? If not, the closest passage and what differs."""
    quote, line = str(row.get("quote", "")), str(row.get("line", ""))
    if not quote or not line.isdigit() or not 1 <= int(line) <= len(lines):
        return ""
    number = int(line)
    text = lines[number - 1]
    if quote in text:
        return f"✓ verbatim on line {number}"
    miss = near_miss(text, quote, number, budget=budget)
    if miss is not None:
        return (f"✗ not verbatim. Closest passage on line {number}: “{text[miss.start:miss.end]}”. "
                + "; ".join(miss.differences) + ".")
    elsewhere = next((n for n, other in enumerate(lines, 1) if quote in other), None)
    if elsewhere:
        return f"✗ not on line {number}: the quote is on line {elsewhere}. Fix: correct the line number."
    return f"✗ not found on line {number}, nor close to any passage of it. Fix: copy the words from the article."


def row_status(check: Check, rows: tuple[dict[str, Any], ...], i: int) -> str:
    """The table's Check cell: what the validator says of the row, or that it is ready, or dropped."""
    if not rows[i][KEEP]:
        return "dropped: not in the story"
    problems = check.rows.get(i, [])
    return " · ".join(f"✗ {p}" for p in problems) if problems else "✓ ready"


# --- places -----------------------------------------------------------------------------------------

_PLACE_NAMES = (re.compile(r"'([^']{1,80})'"), re.compile(r"several places \(([^)]{1,300})\)"),
                re.compile(r"places are called ([^(;]{1,80}) \("), re.compile(r"records of ([^(;]{1,80}) \("))


def mention_names(needs: str) -> list[str]:
    """The place names the draft's note names ("place: 'Kajavan' is not in the gazetteer"), to look up."""
    names: list[str] = []
    for part in needs.split("; "):
        if not part.startswith("place"):
            continue
        for pattern in _PLACE_NAMES:
            for found in pattern.findall(part):
                names += [n.strip() for n in found.split(",")] if pattern is _PLACE_NAMES[1] else [found.strip()]
    return list(dict.fromkeys(n for n in names if n))


def points(places: Mapping[str, dict[str, Any]]) -> list[tuple[float, float]]:
    """(lat, lon) of every place, as the gazetteer's ``near`` takes them (latitude first)."""
    return [(f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0]) for f in places.values()]


_COUNTRY = re.compile(r"GeoNames \d+ \([^;]*, ([A-Z]{2});")


def story_countries(places: Mapping[str, dict[str, Any]]) -> set[str]:
    """The countries of the story's GeoNames places (from their coord_source), to rank candidates by."""
    return {m.group(1) for f in places.values() if (m := _COUNTRY.match(str(f["properties"].get("coord_source", ""))))}


def new_place_id(name: str, places: Mapping[str, Any]) -> str:
    """A kebab-case id for a new place, not yet taken ("Mets Shen" → "mets-shen", then "mets-shen-2")."""
    from geo.draft.events import place_id

    base = ident = place_id(name)
    n = 2
    while ident in places:
        ident, n = f"{base}-{n}", n + 1
    return ident


def candidate_feature(candidate: Any, name: str, ident: str) -> dict[str, Any]:
    """A place from a gazetteer record a person chose, named as the article names it."""
    from geo.draft.gazetteer import source_label

    props: dict[str, Any] = {"id": ident, "name": name or candidate.name}
    if candidate.name != props["name"]:
        props["other_names"] = [candidate.name]
    props["geonames_id"] = candidate.geonames_id
    props["coord_source"] = (f"GeoNames {candidate.geonames_id} ({candidate.name}, {candidate.country}; "
                             f"{source_label()}): chosen by a person in the Make a story tab")
    props["labelled"] = True
    return {"type": "Feature", "geometry": {"type": "Point",
                                            "coordinates": [round(candidate.lon, 5), round(candidate.lat, 5)]},
            "properties": props}


def hand_feature(name: str, lat: float, lon: float, ident: str) -> dict[str, Any]:
    """A place put on the map by hand: no GeoNames record, and its coord_source says so."""
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            "properties": {"id": ident, "name": name, "coord_source": HAND_PLACED, "labelled": True}}


def set_place(bench: Bench, rows: tuple[dict[str, Any], ...], position: int, feature: dict[str, Any]) -> Bench:
    """Put row ``position`` at the place ``feature`` (added, unless a place with its GeoNames id is there already)."""
    places = dict(bench.places)
    gid = feature["properties"].get("geonames_id")
    same = next((pid for pid, f in places.items() if gid is not None and f["properties"].get("geonames_id") == gid), None)
    ident = same or feature["properties"]["id"]
    if same is None:
        places[ident] = feature
    out = [dict(row) for row in rows]
    out[position]["place"] = ident
    return replace(bench, places=places, rows=tuple(out), version=bench.version + 1)


def place_at(bench: Bench, rows: tuple[dict[str, Any], ...], position: int, name: str, lat: float, lon: float) -> Bench:
    """Row ``position``'s place, put at (lat, lon) by a click: its own hand-placed place is moved there;
    otherwise a new place named ``name`` is made there."""
    current = rows[position]["place"]
    mine = bench.places.get(current)
    alone = sum(1 for row in rows if row["place"] == current) == 1
    if mine is not None and mine["properties"].get("coord_source") == HAND_PLACED and alone:
        moved = hand_feature(name or mine["properties"]["name"], lat, lon, current)
        return replace(bench, places={**bench.places, current: moved}, rows=rows, version=bench.version + 1)
    return set_place(bench, rows, position, hand_feature(name, lat, lon, new_place_id(name, bench.places)))


def clicked_point(value: Any, ack: int) -> tuple[float, float, int] | None:
    """(lat, lon, seq) of a click the picker sent, if it is new (seq past ``ack``) and a point on Earth."""
    if not isinstance(value, dict):
        return None
    lat, lon, seq = value.get("lat"), value.get("lon"), value.get("seq")
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in (lat, lon))
    if not numbers or not isinstance(seq, int) or isinstance(seq, bool) or seq <= ack:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return float(lat), float(lon), seq


# --- the article -------------------------------------------------------------------------------------

def article_problem(text: str) -> str | None:
    """Why ``text`` cannot be drafted, for a teacher (None if it can): empty, or past the validator's limit."""
    if not text.strip():
        return ("The article is empty. Fix: paste the article's text into the box, or upload a .txt, .html or .docx "
                "file that holds it.")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_ARTICLE_BYTES:
        return (f"The article is {size:,} bytes long; a story's article may be at most {MAX_ARTICLE_BYTES:,} bytes "
                "(about 150,000 words). Fix: paste a shorter article, or make two stories of it.")
    return None


def article_from_upload(name: str, data: bytes) -> str:
    """The text of an uploaded .txt, .html or .docx file (geo.draft.sources); ArticleError, in plain words, else."""
    from geo.draft.sources import KINDS, ArticleFileError, article_text

    if not name.lower().endswith(tuple("." + kind for kind in KINDS)):
        raise ArticleError(f"{name[:80]} is not a .txt, .html or .docx file. Fix: save the article as plain text "
                           "(.txt), or copy its text and paste it into the box.")
    try:
        text = article_text(name, data)
    except ArticleFileError as exc:
        raise ArticleError(f"{name[:80]} {exc}") from None
    if text is not None:
        return text
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(f"{name[:80]} is more than {MAX_ARTICLE_BYTES:,} bytes; a story's article may be at most "
                           f"{MAX_ARTICLE_BYTES:,}. Fix: upload a shorter article, or make two stories of it.")
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        where, what = not_utf8(body, exc.start)
        raise ArticleError(f"{name[:80]} {where}: {what} Fix: save it as UTF-8 text (in most editors: "
                           "Save As › Encoding: UTF-8), or paste its text into the box.") from None


# --- the page ---------------------------------------------------------------------------------------

BENCH = "make"  # st.session_state key of the Bench
UPLOAD_ROUND = "make_upload_round"
PICKER_ACK = "make_picker_ack"


def _editor_key(bench: Bench) -> str:
    return f"make_editor_{bench.version}"


def current_rows(bench: Bench) -> tuple[dict[str, Any], ...]:
    """The rows as the table shows them now: the bench's, with the edits typed since."""
    return apply_edits(bench.rows, st.session_state.get(_editor_key(bench)))


def _changed(make: Callable[[Bench, tuple[dict[str, Any], ...]], Bench], notice: str) -> None:
    """Change the rows from the page (not the table): the table then starts afresh from the new rows."""
    bench = st.session_state.get(BENCH)
    if bench is None:
        return
    st.session_state[BENCH] = make(bench, current_rows(bench))
    st.session_state["make_notice"] = notice


def _keep(name: str) -> None:
    st.session_state[name] = st.session_state[f"_{name}"]


def _seed(name: str, default: Any) -> None:
    """A widget's value kept under ``name`` while the tab is closed (Streamlit forgets unshown widgets)."""
    if f"_{name}" not in st.session_state:
        st.session_state[f"_{name}"] = st.session_state.get(name, default)


def _take_text_upload() -> None:
    """The file's text goes into the box; Streamlit's copy of the file is dropped at once (see ui.tabs.take_upload)."""
    key = f"_make_upload_{st.session_state.get(UPLOAD_ROUND, 0)}"
    uploaded = st.session_state.get(key)
    st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1
    if not isinstance(uploaded, UploadedFile):
        return
    name, data = uploaded.name, uploaded.getvalue()
    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=uploaded.file_id)
    try:
        text = article_from_upload(name, data)
    except ArticleError as exc:
        st.session_state["make_messages"] = [str(exc)]
        return
    st.session_state["make_text"] = st.session_state["_make_text"] = text
    st.session_state["make_messages"] = []


def _draft(text: str, published: date | None, title: str) -> None:
    """Draft the article into a new Bench, or say in plain words why it cannot be drafted."""
    messages = [m for m in (article_problem(text),) if m]
    if published is None:
        messages.append("The publication date is missing. Fix: choose the day the article was published: "
                        "the draft reads “on Sunday” and “yesterday” from it.")
    st.session_state["make_messages"] = messages
    if messages:
        return
    from geo.draft import DraftError, draft_story
    from geo.draft.gazetteer import GazetteerError

    try:
        with st.spinner("Drafting… (the first draft on a server builds its place gazetteer once: 10–30 s)"):
            draft = draft_story(text, published, title)
    except (DraftError, GazetteerError) as exc:
        said = str(exc)
        st.session_state["make_messages"] = [said[:1].upper() + said[1:]]
        return
    old = st.session_state.get(BENCH)
    bench = bench_from_draft(draft.files, draft.review)
    st.session_state[BENCH] = replace(bench, version=(old.version + 1) if old else 0)
    st.session_state.pop("make_row", None)
    st.session_state.pop("_make_row", None)
    st.session_state["make_notice"] = (f"Drafted {plural(len(bench.rows), 'row')}: "
                                       f"{plural(len(bench.rows) - len(draft.review), 'finished event')} and "
                                       f"{plural(len(draft.review), 'row')} for you to decide.")


def _article_form() -> None:
    st.markdown("Paste an article (or upload it as a **.txt**, **.html** or **.docx** file), give the day it was "
                "published, and press "
                "**Draft the story**. The draft finds the article's places, dates and quotes; you keep or drop "
                "each row, fix what it could not decide, and check it on the map. It stays in this browser tab: "
                "nothing is saved on the server.")
    for name, default in (("make_text", ""), ("make_date", None), ("make_title", "")):
        _seed(name, default)
    st.file_uploader("Or upload the article: plain text (.txt), a saved web page (.html) or a Word file (.docx)",
                     type=["txt", "html", "htm", "docx"], accept_multiple_files=False,
                     key=f"_make_upload_{st.session_state.get(UPLOAD_ROUND, 0)}", on_change=_take_text_upload)
    st.text_area("Article text", key="_make_text", on_change=_keep, args=("make_text",), height=180,
                 placeholder="The headline on the first line, then the article, one paragraph per line.")
    left, right = st.columns([1, 2])
    left.date_input("Publication date", value=None, key="_make_date", on_change=_keep, args=("make_date",),
                    min_value=date(1800, 1, 1), max_value=date(2100, 12, 31), format="YYYY-MM-DD")
    right.text_input("Title (optional: else the headline)", key="_make_title", on_change=_keep, args=("make_title",))
    if st.button("Draft the story", key="make_draft", type="primary"):
        _draft(st.session_state.get("_make_text") or "", st.session_state.get("_make_date"),
               st.session_state.get("_make_title") or "")
    for message in st.session_state.get("make_messages") or []:
        st.html(f'<p class="make-message" role="alert">{text_html(shown(message))}</p>')


def _table(bench: Bench, rows: tuple[dict[str, Any], ...], checked: Check) -> None:
    import pandas as pd  # imported when the tab is first opened: the page's first paint does not wait for it

    names = {pid: f["properties"].get("name", pid) for pid, f in bench.places.items()}
    frame = pd.DataFrame([{KEEP: row[KEEP], CHECK: row_status(checked, rows, i), NEEDS: row[NEEDS],
                           **{c: str(row.get(c, "")) for c in EVENT_COLUMNS}, QUOTE_CHECK: checked.quotes.get(i, "")}
                          for i, row in enumerate(rows)],
                         index=pd.RangeIndex(1, len(rows) + 1, name="row"))
    config = {
        KEEP: st.column_config.CheckboxColumn("Keep", help="Untick to leave the row out of the story.", pinned=True),
        CHECK: st.column_config.TextColumn("Check", disabled=True, width="large",
                                           help="What the validator says of the row after your last edit."),
        NEEDS: st.column_config.TextColumn("The draft's note", disabled=True, width="medium",
                                           help="What the draft could not decide for you."),
        "place": st.column_config.SelectboxColumn("Place", options=["", *bench.places],
                                                  format_func=lambda pid: names.get(pid, "— none —") if pid else "— none —"),
        "date": st.column_config.TextColumn("Date", help="; ".join(f"{p}: {FORMS[p]}" for p in PRECISIONS if p in FORMS)),
        "date_precision": st.column_config.SelectboxColumn("Precision", options=list(PRECISIONS), required=True),
        "date_text": st.column_config.TextColumn("Date in the article's words"),
        "quote": st.column_config.TextColumn("Quote (letter for letter)", width="large"),
        QUOTE_CHECK: st.column_config.TextColumn("Quote check", disabled=True, width="large"),
        "quote_kind": st.column_config.SelectboxColumn("Quote kind", options=list(QUOTE_KINDS), required=True),
        "speaker": st.column_config.TextColumn("Speaker"),
        "title": st.column_config.TextColumn("Title", width="medium"),
        "summary": st.column_config.TextColumn("Summary", width="medium"),
        "line": st.column_config.TextColumn("Line", help="The article's non-empty line the quote is on, from 1."),
        "id": st.column_config.TextColumn("Id", help="Lower-case words joined by hyphens, one per event."),
        "place_note": st.column_config.TextColumn("Place note"),
    }
    order = [KEEP, CHECK, NEEDS, "place", "date", "date_precision", "quote", QUOTE_CHECK, "quote_kind", "speaker",
             "title", "summary", "date_text", "line", "id", "place_note"]
    st.data_editor(frame, key=_editor_key(bench), column_config=config, column_order=order, num_rows="fixed",
                   width="stretch", placeholder="—")


def _row_label(rows: tuple[dict[str, Any], ...]) -> Callable[[int], str]:
    def label(i: int) -> str:  # no state in it: Streamlit keeps a choice's first label on the page
        title = re.sub(r"^\[draft\]\s*", "", str(rows[i].get("title", "")))[:70]
        return shown(f"Row {i + 1}: {title}")
    return label


def _default_row(rows: tuple[dict[str, Any], ...], checked: Check) -> int:
    """The first kept row the validator has something to say of, else the first row."""
    return next((i for i in kept(rows) if checked.rows.get(i)), 0)


def _candidate_label(candidate: Any, places: Mapping[str, dict[str, Any]]) -> str:
    from geo.draft.gazetteer import distance_km

    said = f"{candidate.name} ({candidate.country}"
    if candidate.population:
        said += f", {candidate.population:,} people"
    near = [(f["properties"].get("name", pid), distance_km(candidate.lat, candidate.lon, *p))
            for (pid, f), p in zip(places.items(), points(places), strict=True)]
    if near:
        name, km = min(near, key=lambda pair: pair[1])
        said += f", {km:,.0f} km from {name}"
    return said + ")"


def _choose(label: str, key: str, found: list[Any], bench: Bench, position: int, name: str) -> None:
    """A choice of gazetteer records and a button that puts the row there."""
    pins = [c for c in found if not c.is_area and c.lat is not None and c.lon is not None][:10]
    if not pins:
        st.caption(f"{label}: the gazetteer has no place of that name.")
        return
    pick = st.selectbox(label, range(len(pins)), key=key, format_func=lambda k: _candidate_label(pins[k], bench.places))
    chosen = pins[pick if isinstance(pick, int) and 0 <= pick < len(pins) else 0]

    def use() -> None:
        feature = candidate_feature(chosen, name, new_place_id(name or chosen.name, st.session_state[BENCH].places))
        _changed(lambda b, r: set_place(b, r, position, feature),
                 f"Row {position + 1} is now at {name or chosen.name} (GeoNames {chosen.geonames_id}).")

    st.button("Use this place", key=f"{key}_use", on_click=use)


def _row_panel(bench: Bench, rows: tuple[dict[str, Any], ...], checked: Check) -> int:
    """The tools for one row: what it needs, its problems and quote check as text, and its place by name."""
    from geo.draft.gazetteer import candidates, search

    if st.session_state.get("make_row") not in range(len(rows)):
        st.session_state["make_row"] = _default_row(rows, checked)
    if st.session_state.get("_make_row") not in range(len(rows)):  # (also when another tab was open)
        st.session_state["_make_row"] = st.session_state["make_row"]
    position = st.selectbox("Row to fix", range(len(rows)), key="_make_row", format_func=_row_label(rows),
                            on_change=_keep, args=("make_row",))
    row = rows[position]
    facts = [("The draft's note", row[NEEDS] or "none"), ("Check", row_status(checked, rows, position)),
             ("Quote check", checked.quotes.get(position) or "no quote to check"), ("Quote", row.get("quote", ""))]
    st.html('<dl class="make-row">' + "".join(f"<dt>{text_html(k)}</dt><dd dir=\"auto\">{text_html(shown(v))}</dd>"
                                              for k, v in facts) + "</dl>")
    mentions = mention_names(row[NEEDS])
    near, countries = points(bench.places), story_countries(bench.places)
    for k, name in enumerate(mentions[:3]):
        _choose(f"Places the gazetteer has for “{name}”", f"make_cand_{bench.version}_{position}_{k}",
                candidates(name, near=near, countries=countries), bench, position, name)
    typed = st.text_input("Search the gazetteer by name", key="make_search", max_chars=80)
    if typed.strip():
        _choose("Places whose name starts so", f"make_found_{bench.version}_{position}",
                search(typed.strip(), limit=10), bench, position, mentions[0] if mentions else "")
    name_key = f"make_place_name_{bench.version}_{position}"
    st.text_input("Name of a place you put on the map", key=name_key, max_chars=80,
                  value=mentions[0] if mentions else "")
    return position


def _picker(bench: Bench, rows: tuple[dict[str, Any], ...], position: int) -> None:
    from ui.picker import picker, picker_places

    name = (st.session_state.get(f"make_place_name_{bench.version}_{position}") or "").strip()
    target = shown(f"Row {position + 1}" + (f": {name}" if name else ""))

    def on_click() -> None:
        point = clicked_point(st.session_state.get("make_picker"), st.session_state.get(PICKER_ACK, 0))
        if point is None:
            return
        lat, lon, seq = point
        st.session_state[PICKER_ACK] = seq
        if not name:
            st.session_state["make_notice"] = ("Type the place's name first (under “Name of a place you put on the "
                                               "map”), then click the map.")
            return
        _changed(lambda b, r: place_at(b, r, position, name, lat, lon),
                 f"Row {position + 1} is now at {name}, put on the map by hand at {lat:.4f}, {lon:.4f}.")

    st.markdown("**The draft on the map**")
    picker(places=picker_places(bench.places, rows, rows[position]["place"]), selected=rows[position]["place"],
           target=target, ack=st.session_state.get(PICKER_ACK, 0), key="make_picker", on_change=on_click)


def _edit_meta(bench: Bench) -> None:
    def fold(key: str, field_name: str) -> None:
        current = st.session_state.get(BENCH)
        if current is not None:
            st.session_state[BENCH] = replace(current, meta={**current.meta, field_name: st.session_state[key]})

    key = f"make_meta_{bench.version}"
    left, right = st.columns([1, 2])
    left.text_input("Story title", value=bench.meta.get("title", ""), key=f"{key}_title", on_change=fold,
                    args=(f"{key}_title", "title"))
    right.text_input("Framing (under the title)", value=bench.meta.get("framing", ""), key=f"{key}_framing",
                     on_change=fold, args=(f"{key}_framing", "framing"))


def _digest(files: Mapping[str, str]) -> str:
    return hashlib.sha256(json.dumps(files, sort_keys=True).encode("utf-8", "surrogatepass")).hexdigest()


def _finish(bench: Bench, rows: tuple[dict[str, Any], ...], checked: Check, on_show: Callable[[Story], None]) -> None:
    """Show it and Download, once the story validates; otherwise what stands in the way."""
    if checked.story is None:
        to_fix = sum(1 for i in kept(rows) if checked.rows.get(i))
        said = [f"{plural(to_fix, 'row')} to fix"] if to_fix else []
        said += [f"{plural(len(checked.general), 'problem')} of the story as a whole"] if checked.general else []
        st.html('<p class="make-status make-invalid" role="status">Not a story yet: '
                f'{text_html(" and ".join(said) or checked.found)}. Fix each row the Check column marks ✗, or untick '
                "its Keep box; then Show it and Download are offered.</p>")
        if checked.general:
            st.html('<ul class="make-problems">' + "".join(f"<li>{text_html(p)}</li>" for p in checked.general) + "</ul>")
        return
    files = table_files(bench, rows)
    story = checked.story
    st.html(f'<p class="make-status make-valid" role="status">✓ The story validates: '
            f'{text_html(plural(len(story.events), "event"))} at {text_html(plural(len(story.places), "place"))}.</p>')
    digest = _digest(files)

    def show() -> None:
        on_show(story)
        st.session_state["make_shown"] = digest

    left, right = st.columns(2)
    left.button("Show it", key="make_show", type="primary", on_click=show,
                help="Show this story in the map above, in this browser tab only (nothing is saved on the server).")
    title = str(bench.meta.get("title", "")) or "story"
    right.download_button("Download the story folder (zip)", data=lambda: story_zip(files, slug(title)),
                          file_name=f"{slug(title)}.zip", mime="application/zip", key="make_download",
                          on_click="ignore", help="story.json, places.geojson, routes.geojson, events.csv and "
                          "article.txt: upload the zip in Your own story to show it again.")
    if st.session_state.get("make_shown") == digest:
        st.html('<p class="make-status" role="status">This version is the story shown in the map above.</p>')
    elif st.session_state.get("make_shown"):
        st.html('<p class="make-status" role="status">The map above shows an earlier version: press Show it again '
                "to show this one.</p>")


STYLE = """<style>
.make-row dt { font-weight: 600; margin-top: .3em; }
.make-row dd { margin: 0 0 0 1em; overflow-wrap: anywhere; }
.make-message { border-left: 4px solid #b00020; background: #fdecee; color: #5c0011; padding: .5em .8em; margin: .3em 0; }
.make-notice { border-left: 4px solid #23395d; background: #eef2f8; padding: .5em .8em; margin: .3em 0; }
.make-status { margin: .3em 0; } .make-valid { color: #1b5e20; font-weight: 600; } .make-invalid { color: #8a1c1c; }
.make-problems { color: #8a1c1c; overflow-wrap: anywhere; }
/* room above the table for its toolbar (search, download, full screen), which floats over its top edge:
   it must not cover the Framing box above (seen on a phone) */
[class*="st-key-make_editor_"] { margin-top: 2.4rem; }
</style>"""


def make_story(on_show: Callable[[Story], None]) -> None:
    """The tab. ``on_show(story)`` makes a validated story the one the app shows (session only)."""
    try:
        st.html(STYLE)
        _article_form()
        bench: Bench | None = st.session_state.get(BENCH)
        if bench is None:
            return
        rows = current_rows(bench)
        if rows != bench.rows:
            # What was typed is kept in the bench, so that it outlives the table (Streamlit forgets the table's
            # edits when another tab is open). The table keeps them too; applied again, they change nothing.
            bench = replace(bench, rows=rows)
            st.session_state[BENCH] = bench
        checked = check(bench, rows)
        notice = st.session_state.pop("make_notice", "")
        if notice:
            st.html(f'<p class="make-notice" role="status">{text_html(shown(notice))}</p>')
        _edit_meta(bench)
        _table(bench, rows, checked)
        _finish(bench, rows, checked, on_show)
        left, right = st.columns([2, 3])
        with left:
            position = _row_panel(bench, rows, checked)
        with right:
            _picker(bench, rows, position)
    except Exception:  # a last guard: the teacher gets a message, never a traceback
        LOG.exception("make a story failed")
        st.error("Something went wrong while making the story; nothing was shown or saved. Fix: press "
                 "Draft the story again; if this comes back, tell the person who runs the server (the details "
                 "are in its log under “make a story failed”).")
