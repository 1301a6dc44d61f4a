"""Page logic with Streamlit's AppTest: the list, the card, deep links and bad data."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, edit_event
from ui.storymap import clicked_event

APP = str(ROOT / "app.py")


def card_html(at: AppTest) -> str:
    return next(h.proto.body for h in at.get("html") if "event-card" in h.proto.body)


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    return at


def test_page_shows_title_framing_list_and_first_card(app, story):
    assert app.title[0].value == story.meta["title"]
    assert "typos included" in app.markdown[0].value
    assert app.radio(key="event").options == [f"{i}. {e.title} — {story.places[e.place].label()}"
                                             for i, e in enumerate(story.events, 1)]
    card = card_html(app)
    assert 'data-event-id="strike-on-stepanakert"' in card
    assert "Between 18 and 24 September 2023 · the article says “last week”" in card
    assert app.query_params["event"] == "strike-on-stepanakert"


def test_choosing_an_event_shows_its_card_and_updates_the_url(app):
    app.radio(key="event").set_value("babayan-disgrace").run()
    card = card_html(app)
    assert "<h3 class=\"event-title\">Babayan: &quot;a disgrace and a shame&quot;</h3>" in card
    assert "— David Babayan, adviser to the Artsakh president (direct quote)" in card
    assert "Article line 19" in card
    assert app.query_params["event"] == "babayan-disgrace"


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


def test_deep_link_opens_that_event():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["event"] = "pashinyan-address"
    at.run()
    assert not at.exception
    assert 'data-event-id="pashinyan-address"' in card_html(at)
    assert at.radio(key="event").value == "pashinyan-address"


def test_unknown_deep_link_opens_the_first_event_with_a_notice():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["event"] = "no-such-event"
    at.run()
    assert not at.exception
    assert at.info[0].value == "There is no event “no-such-event” in this story, so it opens at the first event."
    assert 'data-event-id="strike-on-stepanakert"' in card_html(at)


def test_bad_story_shows_the_validator_messages_not_a_traceback(story_dir, monkeypatch):
    edit_event(story_dir, "goris-staging-ground", place="goriss", date="soon", date_precision="day")
    monkeypatch.setenv("STORYMAP_DATA", str(story_dir))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.error[0].value == "The story could not be loaded: 2 problem(s) were found."
    problems = next(h.proto.body for h in at.get("html") if "story-problems" in h.proto.body)
    assert "place &quot;goriss&quot; is not in places.geojson" in problems
    assert "for date_precision &#x27;day&#x27; the date must be a day" in problems
