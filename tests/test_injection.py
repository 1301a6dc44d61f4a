"""Template syntax in every field of every story file arrives literally in every output.

branca compiles rendered map scripts as Jinja templates, so story text that reached folium would
be template source on the server (issue: an uploaded basemap ran `id` as root). Each text field
of a copy of the built-in story gets its own probe, `{{7*7}}{%if(1)%}IF{%endif%}{#c#}` and a tag
naming the field; had any template engine evaluated it, the output would hold "49IF" and the tag.
Every output must hold each probe it shows exactly as written, and none may hold "49IF".
"""
from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from geo.story import article_lines, load_story
from tests.conftest import DATA, ROOT

PROBE = "{{7*7}}{%if(1)%}IF{%endif%}{#c#}"
EVALUATED = "49IF"


def probe(tag: str) -> str:
    return f"{PROBE}{tag}"


def _rewrite_csv(path: Path, edit) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    fields = list(rows[0])
    for i, row in enumerate(rows):
        edit(i, row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def hostile_story(folder: Path) -> dict[str, str]:
    """Put a probe into every text field of every file of a copy of data/; returns {tag: probe}."""
    shutil.copytree(DATA, folder)
    probes: dict[str, str] = {}

    def p(tag: str) -> str:
        probes[tag] = probe(tag)
        return probes[tag]

    meta = json.loads((folder / "story.json").read_text(encoding="utf-8"))
    for key in ("title", "framing", "source", "published_text"):
        meta[key] = p(f"story-{key}")
    (folder / "story.json").write_text(json.dumps(meta), encoding="utf-8")

    places = json.loads((folder / "places.geojson").read_text(encoding="utf-8"))
    for i, feature in enumerate(places["features"]):
        props = feature["properties"]
        for key in ("name", "coord_source", "note"):
            props[key] = p(f"place{i}-{key}")
        if props.get("usage_names"):
            props["usage_names"] = {usage: p(f"place{i}-{usage}") for usage in props["usage_names"]}
        props["other_names"] = [p(f"place{i}-other")]
    (folder / "places.geojson").write_text(json.dumps(places), encoding="utf-8")

    routes = json.loads((folder / "routes.geojson").read_text(encoding="utf-8"))
    for i, feature in enumerate(routes["features"]):
        props = feature["properties"]
        for key in ("name", "from", "to", "description", "reported_distance_text", "reported_source", "note", "short_name"):
            props[key] = p(f"route{i}-{key}")
        props["waypoints"] = [p(f"route{i}-waypoint")]
        props["road_source"] = p(f"route{i}-road_source")
        if props.get("part_names"):
            props["part_names"] = [p(f"route{i}-part{j}") for j in range(len(props["part_names"]))]
        props["waypoint_orders"] = [1]
    (folder / "routes.geojson").write_text(json.dumps(routes), encoding="utf-8")

    basemap = json.loads((folder / "basemap.geojson").read_text(encoding="utf-8"))
    basemap["attribution"] = p("basemap-attribution")
    for i, feature in enumerate(basemap["features"]):
        if "name" in feature["properties"]:  # a name with no label point is kept in the data, not drawn
            shown = "label_at" in feature["properties"]
            feature["properties"]["name"] = p(f"basemap{i}-{'name' if shown else 'unlabelled'}")
    (folder / "basemap.geojson").write_text(json.dumps(basemap), encoding="utf-8")

    # Each event gets an article line of its own that holds its quote and its date words verbatim.
    lines = (folder / "article.txt").read_text(encoding="utf-8").rstrip("\n") + "\n"
    first_new = len(article_lines(lines)) + 1
    added: list[str] = []

    def event(i: int, row: dict) -> None:
        for key in ("title", "summary", "speaker", "place_note"):
            row[key] = p(f"event{i}-{key}")
        row["quote"], row["date_text"] = p(f"event{i}-quote"), p(f"event{i}-date_text")
        row["quote_kind"] = "direct"
        row["line"] = str(first_new + len(added))
        added.append(f"{row['quote']} said on {row['date_text']}.")

    _rewrite_csv(folder / "events.csv", event)
    (folder / "article.txt").write_text(lines + "\n".join(added) + "\n", encoding="utf-8")
    _rewrite_csv(folder / "questions.csv", lambda i, row: row.update(question=p(f"question{i}")))
    _rewrite_csv(folder / "glossary.csv", lambda i, row: row.update(term=p(f"term{i}"), definition=p(f"definition{i}"),
                                                                    source=p(f"glossary-source{i}")))
    _rewrite_csv(folder / "context" / "timeline.csv", lambda i, row: row.update(
        event=p(f"context{i}-event"), source_title=p(f"context{i}-source"), quote_or_note=p(f"context{i}-note"),
        figure=row["figure"] and row["figure"] + " " + p(f"context{i}-figure")))
    return probes


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("injection") / "story"
    probes = hostile_story(folder)
    return folder, load_story(folder), probes


def literal(text: str, probes: dict[str, str], tags: list[str]) -> None:
    assert EVALUATED not in text
    missing = [t for t in tags if probes[t] not in text]
    assert not missing, f"not found literally: {missing}"


def tags(probes: dict[str, str], *prefixes: str) -> list[str]:
    return [t for t in probes if t.startswith(prefixes)]


def test_every_field_got_a_probe(hostile):
    _, story, probes = hostile
    assert story.meta["title"] == probes["story-title"] and story.events[3].quote == probes["event3-quote"]
    assert len(probes) > 150


def test_the_app_view_carries_every_probe_as_data(hostile):
    """What the app's component is given (the map's data, cards, labels, timeline): decoded JSON."""
    from geo.storyview import view_text

    _, story, probes = hostile
    text = view_text(story, questions=True, with_context=True)
    decoded = json.dumps(json.loads(text), ensure_ascii=False)
    literal(decoded, probes, [t for t in probes if re.fullmatch(
        r"event\d+-(title|summary|quote|speaker|place_note|date_text)|question\d+|basemap\d+-name|place\d+-(name|armenian|azerbaijani)"
        r"|route\d-(name|short_name|description|reported_source|note|reported_distance_text)", t)])


def test_the_page_shows_every_probe_literally(hostile, monkeypatch):
    """The Streamlit page itself: title, framing, the text view, the glossary and the sources tab (as a
    browser reads the HTML: character references decoded)."""
    from streamlit.testing.v1 import AppTest

    folder, _, probes = hostile
    monkeypatch.setenv("STORYMAP_DATA", str(folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    page = "".join(h.proto.body for h in at.get("html"))
    for tab in ("Glossary", "Sources"):
        at.session_state["tab"] = tab
        at.run()
        assert not at.exception
        page += "".join(h.proto.body for h in at.get("html"))
    literal(html.unescape(page), probes, ["story-title", "story-framing", "story-source", "story-published_text", "basemap-attribution",
                           *tags(probes, "term", "definition", "glossary-source"),
                           *[t for t in probes if re.fullmatch(r"event\d+-(title|summary|quote)", t)]])


def test_the_standalone_copy_carries_every_probe_literally(hostile):
    from geo.storyview import standalone_html

    _, story, probes = hostile
    page = standalone_html(story)
    view = json.loads(re.search(r'<script type="application/json" id="story-view">(.*?)</script>', page, re.S).group(1))
    literal(page.replace("<\\/", "</"), probes, ["story-title", "story-framing"])
    literal(json.dumps(view, ensure_ascii=False), probes,
            [t for t in probes if re.fullmatch(r"event\d+-(title|summary|quote|speaker|place_note|date_text)|question\d+"
                                               r"|basemap\d+-name|route\d-(name|short_name|description|note)|place\d+-(name|armenian|azerbaijani)", t)])


def test_geojson_and_csv_exports_carry_every_probe_literally(hostile):
    from geo.export import events_csv, write_geojson_text

    _, story, probes = hostile
    geojson = json.loads(write_geojson_text(story))
    literal(json.dumps(geojson, ensure_ascii=False), probes,
            [t for t in probes if re.fullmatch(r"event\d+-\w+|place\d+-\w+|route\d-(name|description|note|reported_source"
                                               r"|reported_distance_text|short_name)|story-(title|framing)", t)])
    rows = list(csv.DictReader(io.StringIO(events_csv(story))))
    literal(json.dumps(rows, ensure_ascii=False), probes, [t for t in probes if re.fullmatch(r"event\d+-\w+", t)])


def test_kml_carries_every_probe_literally(hostile):
    from geo.kml import story_kml

    _, story, probes = hostile
    root = ET.fromstring(story_kml(story))
    text = " ".join(t for t in root.itertext())
    literal(text, probes, [t for t in probes if re.fullmatch(r"event\d+-(title|summary|quote)|route\d-name|place\d+-name", t)])


def test_png_map_draws_every_probe_literally(hostile):
    from matplotlib.figure import Figure

    from geo.staticmap import draw_map

    _, story, probes = hostile
    fig = draw_map(story, Figure(figsize=(19.2, 10.8), dpi=100))
    drawn = " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))
    labelled = [f"place{i}-name" for i, p in enumerate(story.places.values()) if p.labelled]
    literal(drawn, probes, labelled[:3])


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is installed by .ci/run")
def test_pdf_handout_carries_every_probe_literally(hostile, tmp_path):
    from geo.handout import handout_pdf

    _, story, probes = hostile
    path = tmp_path / "handout.pdf"
    path.write_bytes(handout_pdf(story))
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True,
                          env={**os.environ, "LC_ALL": "C.UTF-8"}).stdout
    flat = re.sub(r"\s+", "", text)
    assert EVALUATED not in flat
    for tag in ("story-title", "event0-title", "event0-quote", "event5-summary", "question0", "term0"):
        assert re.sub(r"\s+", "", probes[tag]) in flat, tag


def test_a_geometry_member_is_refused_by_validation(tmp_path):
    """The review's attack: an extra member of a basemap geometry, carrying Jinja that ran `id` as root."""
    from geo.story import StoryError

    folder = tmp_path / "story"
    shutil.copytree(DATA, folder)
    basemap = json.loads((folder / "basemap.geojson").read_text(encoding="utf-8"))
    basemap["features"][0]["geometry"]["x"] = "{{ lipsum.__globals__.os.system('touch pwned') }}" + PROBE
    (folder / "basemap.geojson").write_text(json.dumps(basemap), encoding="utf-8")
    with pytest.raises(StoryError) as caught:
        load_story(folder)
    assert any(p.file == "basemap.geojson" and "x" in p.message for p in caught.value.problems), caught.value


def test_a_geometry_member_that_got_through_would_still_be_data(story, tmp_path, monkeypatch):
    """Defence in depth: were validation to miss a member, the map is still built without any template."""
    import dataclasses

    from geo.storyview import standalone_html, view_text

    monkeypatch.chdir(tmp_path)
    attack = "{{ lipsum.__globals__.os.system('touch pwned') }}" + PROBE
    features = [{**f, "geometry": {**f["geometry"], "x": attack}} if f.get("geometry") else f
                for f in story.basemap["features"]]
    hostile = dataclasses.replace(story, basemap={**story.basemap, "features": features})
    for text in (view_text(hostile), standalone_html(hostile)):
        assert EVALUATED not in text and "lipsum.__globals__" in text
    assert not (tmp_path / "pwned").exists()
