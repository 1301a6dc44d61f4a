"""Page logic with Streamlit's AppTest: what the map component is given, deep links, settings, bad data."""
from __future__ import annotations

import datetime
import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, edit_event
from ui.storymap import clicked_event, value_seq

APP = str(ROOT / "app.py")


def map_args(at: AppTest) -> dict:
    """The component's arguments with the view (one JSON text) opened up."""
    (component,) = at.get("component_instance")
    args = json.loads(component.proto.json_args)
    return {**args, **json.loads(args.pop("view"))}


def html_containing(at: AppTest, marker: str) -> str:
    return next(h.proto.body for h in at.get("html") if marker in h.proto.body)


def run(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def open_tab(at: AppTest, label: str) -> AppTest:
    at.session_state["tab"] = label
    at.run()
    assert not at.exception
    return at


def test_page_gives_the_map_every_event_in_story_order(story):
    at = run()
    heading = html_containing(at, "story-title")
    assert f'<h1 class="story-title" dir="auto">{story.meta["title"]}</h1>' in heading and "typos included" in heading
    args = map_args(at)
    assert args["order"] == [e.id for e in story.events]
    assert args["labels"]["babayan-disgrace"] == "18. Babayan: \"a disgrace and a shame\" — Stepanakert / Khankendi"
    assert args["cards"]["strike-on-stepanakert"]["title"] == story.events[0].title
    assert args["selected"] == "strike-on-stepanakert" and args["mode"] == "normal" and args["ack"] == 0
    assert [p["id"] for p in args["map"]["pins"]] == args["order"]
    assert at.query_params["event"] == "strike-on-stepanakert"


def test_text_view_lists_every_event_in_order(story):
    table = html_containing(run(), "story-table")
    assert table.count("<tr data-event-id=") == len(story.events)
    assert table.index('data-event-id="strike-on-stepanakert"') < table.index('data-event-id="babayan-disgrace"')
    assert '<th scope="col">Who said it</th>' in table


def test_deep_link_opens_that_event():
    at = run({"event": "pashinyan-address"})
    assert map_args(at)["selected"] == "pashinyan-address"
    assert at.query_params["event"] == "pashinyan-address"


def test_unknown_deep_link_opens_the_first_event_with_a_notice():
    at = run({"event": "no-such-event"})
    assert ('<p class="notice" role="status">There is no event “<bdi>no-such-event</bdi>” in this story, so it opens '
            "at the first event.</p>") in html_containing(at, "notice")
    assert map_args(at)["selected"] == "strike-on-stepanakert"


def test_presenter_link_hides_the_page_around_the_map():
    at = run({"mode": "present", "event": "goris-staging-ground"})
    args = map_args(at)
    assert args["mode"] == "present" and args["selected"] == "goris-staging-ground"
    assert not at.radio and not at.tabs and not [h for h in at.get("html") if "story-title" in h.proto.body]
    assert args["cards"]["goris-staging-ground"]["questions"]  # class material travels with the card
    assert at.query_params["mode"] == "present"


def test_presenter_button_switches_mode():
    at = run()
    at.button[0].click().run()
    assert map_args(at)["mode"] == "present"


def test_place_name_switch_reaches_map_cards_and_table():
    at = run()
    at.radio(key="_names").set_value("azerbaijani").run()
    args = map_args(at)
    assert "Khankendi" in args["labels"]["strike-on-stepanakert"] and "Stepanakert /" not in args["labels"]["strike-on-stepanakert"]
    assert "Lachin border checkpoint" in args["cards"]["peacekeeper-escort"]["place"]
    assert "Khankendi" in {p["label"] for p in args["map"]["places"]}
    assert ">Khankendi<" in html_containing(at, "story-table")
    at.radio(key="_names").set_value("armenian").run()
    assert "Berdzor" in map_args(at)["labels"]["drive-down-corridor"]


def test_context_and_questions_toggles():
    at = run()
    assert all(i["kind"] == "event" for i in map_args(at)["timeline"]["items"])
    at.toggle(key="_show_context").set_value(True).run()
    kinds = {i["kind"] for i in map_args(at)["timeline"]["items"]}
    assert kinds == {"event", "context"}
    assert "questions" not in map_args(at)["cards"]["exodus-underway"]
    at.toggle(key="_show_questions").set_value(True).run()
    assert map_args(at)["cards"]["exodus-underway"]["questions"]


def test_only_the_open_tab_is_computed():
    """The first page must not wait for the chart (pandas, altair) or the other tabs."""
    at = run()
    assert at.session_state["tab"] == "Text view" and html_containing_any(at, "<tr data-event-id=")
    assert not at.get("vega_lite_chart") and not at.get("download_button") and not at.get("file_uploader")
    open_tab(at, "Take it home")
    assert len(at.get("download_button")) == 6 and not html_containing_any(at, "<tr data-event-id=")


def html_containing_any(at: AppTest, marker: str) -> bool:
    return any(marker in h.proto.body for h in at.get("html"))


def test_context_chart_and_glossary_are_marked():
    at = open_tab(run(), "Arrivals (context)")
    assert ("<p><strong>Context, not from the article.</strong> Cumulative arrivals in Armenia, as the Armenian "
            "government reported them: the last figure reported each day.</p>") in html_containing(at, "Context, not")
    sources = html_containing(at, "context-sources")
    assert "100,520" in sources and "date inferred" in sources
    open_tab(at, "Glossary")
    assert any("Teaching material, not from the article." in m.value for m in at.markdown)
    assert "<dt>Lachin corridor</dt>" in html_containing(at, "glossary")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"event": "over-1000-crossed", "seq": 3}, "over-1000-crossed"),
        ({"event": "not-an-event", "seq": 4}, None),
        ({"seq": 5}, None),
        (None, None),
        ("over-1000-crossed", None),
    ],
)
def test_clicked_event_reads_the_component_value(value, expected):
    assert clicked_event(value, ["strike-on-stepanakert", "over-1000-crossed"]) == expected


@pytest.mark.parametrize(("value", "seq"), [({"seq": 7}, 7), ({"seq": "7"}, 0), ({"seq": True}, 0), (None, 0)])
def test_value_seq(value, seq):
    assert value_seq(value) == seq


def test_bad_story_shows_the_validator_messages_not_a_traceback(story_dir, monkeypatch):
    edit_event(story_dir, "goris-staging-ground", place="goriss", date="soon", date_precision="day")
    monkeypatch.setenv("STORYMAP_DATA", str(story_dir))
    at = run()
    assert at.error[0].value == "The story could not be loaded: 2 problems were found."
    problems = html_containing(at, "story-problems")
    assert "place &quot;goriss&quot; is not in places.geojson" in problems
    assert "for date_precision &#x27;day&#x27; the date must be a day" in problems


def test_story_text_in_the_page_stays_literal(story_dir, monkeypatch):
    meta = json.loads((story_dir / "story.json").read_text(encoding="utf-8"))
    meta.update(title="**bold** <b>tag</b> [link](javascript:alert(1))", framing="# not a heading")
    (story_dir / "story.json").write_text(json.dumps(meta), encoding="utf-8")
    monkeypatch.setenv("STORYMAP_DATA", str(story_dir))
    heading = html_containing(run({"event": "<img src=x onerror=alert(1)>"}), "story-title")
    assert "**bold** &lt;b&gt;tag&lt;/b&gt; [link](javascript:alert(1))" in heading
    assert "<b>" not in heading and "# not a heading" in heading


def test_arrivals_chart_keeps_the_days_in_date_order():
    """A category axis sorts its labels alphabetically unless told not to: 'Fri 29 Sep' before 'Mon 25 Sep'."""
    chart = open_tab(run(), "Arrivals (context)").get("vega_lite_chart")[0]
    days = json.loads(chart.proto.spec)["encoding"]["x"]["sort"]  # the axis order, given explicitly
    in_time = sorted(days, key=lambda d: datetime.datetime.strptime(f"{d} 2023", "%a %d %b %Y"))
    assert len(days) > 3 and days == in_time != sorted(days)


def test_arrivals_chart_is_readable_from_the_back_of_a_room():
    """Axis labels and titles of at least 14 px, the day labels upright, the titles whole."""
    spec = json.loads(open_tab(run(), "Arrivals (context)").get("vega_lite_chart")[0].proto.spec)
    for axis in ("x", "y"):
        style = spec["encoding"][axis]["axis"]
        assert style["labelFontSize"] >= 14 and style["titleFontSize"] >= 14, axis
    assert spec["encoding"]["x"]["axis"]["labelAngle"] == 0
    assert spec["encoding"]["y"]["title"] == "people arrived, cumulative"


def test_a_bidi_control_in_a_link_cannot_reorder_the_notice():
    """An unterminated U+202E in the unknown id stays inside its <bdi>: the notice's own words read as written."""
    at = run({"event": "abc\u202eevil"})
    notice = html_containing(at, "notice")
    assert "“<bdi>abc\u202eevil</bdi>” in this story, so it opens at the first event." in notice


def test_the_page_offers_the_fast_reader_link():
    link = html_containing(run(), "reader-link")
    assert 'href="app/static/reader.html"' in link or "/app/static/reader.html\"" in link
    assert "Share a fast link for readers" in link


def test_an_uploaded_or_edited_story_offers_no_reader_link(story_dir, monkeypatch):
    """The reader page holds the built-in story: another story's page must not point readers at it."""
    monkeypatch.setenv("STORYMAP_DATA", str(story_dir))
    assert not [h for h in run().get("html") if "reader-link" in h.proto.body]
