"""Context from outside the article: daily arrival figures and the facts for the timeline."""
from __future__ import annotations

from datetime import date

import pytest

from geo.context import CONTEXT_COLUMNS, CONTEXT_FILE, arrivals_by_day, arrivals_heading, parse_context, people_figure, source_name, timeline_facts
from geo.problems import Collector
from tests.conftest import DATA


def test_arrivals_take_each_days_last_figure(story):
    days = [(fact.day, n) for fact, n in arrivals_by_day(story.context)]
    assert days[0] == (date(2023, 9, 24), 1050)
    assert days[1] == (date(2023, 9, 25), 6650)  # 17:00, not the 06:00 figure
    assert days[-1] == (date(2023, 10, 2), 100520)
    assert [d for d, _ in days] == sorted(d for d, _ in days)
    assert all(a <= b for (_, a), (_, b) in zip(days, days[1:]))  # cumulative


def test_inferred_date_is_flagged(story):
    inferred = [fact.day for fact, _ in arrivals_by_day(story.context) if fact.date_inferred]
    assert inferred == [date(2023, 9, 29)]


def test_people_figure_reads_the_leading_number(story):
    fact = next(f for f in story.context if f.figure.startswith("98,625"))
    assert people_figure(fact) == 98625


def test_timeline_facts_leave_out_counts_and_other_dates(story):
    facts = timeline_facts(story.context, date(2023, 9, 17), date(2023, 10, 2))
    assert facts[0].event.startswith("Azerbaijan launches its offensive")
    assert not any(f.is_arrivals_count for f in facts)
    assert all(date(2023, 9, 17) <= f.day <= date(2023, 10, 2) for f in facts)
    assert all(f.source_url.startswith("https://") for f in facts)


def test_the_context_file_names_outlets_not_placeholders(story):
    """The shared file now gives the outlet's name where no headline was recorded (it read
    "[Taiwan News; no headline in excerpt]")."""
    titles = {fact.source_url: fact.source_title for fact in story.context}
    assert titles["https://www.taiwannews.com.tw/en/news/5007317"] == "Taiwan News"
    assert titles["https://oc-media.org/nagorno-karabakh-republic-to-dissolve-by-january-2024/"] == "OC Media"
    assert not [t for t in titles.values() if "no headline" in t or t.startswith("[")]
    raw = (DATA / CONTEXT_FILE).read_text(encoding="utf-8")
    assert "no headline" not in raw


@pytest.mark.parametrize(("title", "shown"), [
    ("[Taiwan News; no headline in excerpt]", "Taiwan News"),
    ("[Public Radio of Armenia, Armenian-language; no headline in excerpt]", "Public Radio of Armenia, Armenian-language"),
    ("[ AP story ;  No headline in excerpt ]", "AP story"),
    ("Taiwan News", "Taiwan News"),
    ("Explosion at fuel depot in Nagorno-Karabakh kills 20, injures 200", "Explosion at fuel depot in Nagorno-Karabakh kills 20, injures 200"),
    ("[Analysis] Karabakh after the war", "[Analysis] Karabakh after the war"),
    ("[; no headline in excerpt]", "[; no headline in excerpt]"),
    ("", ""),
])
def test_an_old_placeholder_is_read_as_its_outlet(title, shown):
    assert source_name(title) == shown


def test_a_story_with_an_old_context_file_shows_the_outlet():
    row = "2023-09-24,22:00,Cumulative arrivals in Armenia (Armenian government),\"1,050\"," \
          "[Taiwan News; no headline in excerpt],https://www.taiwannews.com.tw/en/news/5007317,note"
    out = Collector()
    (fact,) = parse_context(",".join(CONTEXT_COLUMNS) + "\n" + row + "\n", out)
    assert not out.problems and fact.source_title == "Taiwan News"


def test_the_arrivals_list_and_sources_tab_name_the_outlet(story):
    from ui.tabs import arrivals_list_html, sources_html

    listed = arrivals_list_html(arrivals_by_day(story.context))
    assert ("<li>24 Sep 2023, 22:00: 1,050 people — source: <a href='https://www.taiwannews.com.tw/en/news/5007317' "
            "target='_blank' rel='noopener noreferrer'>Taiwan News</a></li>") in listed
    assert "no headline" not in listed and "[" not in listed
    sources = sources_html(story)
    assert ("<b>Context, not from the article</b>: the timeline's context items and the arrivals figures each give "
            "their source, named by its headline (or by the outlet, where no headline was recorded) and linked.") in sources
    assert "no headline in excerpt" not in sources


def _facts(*events: str) -> list:
    rows = [f"2024-11-{10 + i},,{event},\"{100 * (i + 1)}\",Outlet,https://example.org/{i}," for i, event in enumerate(events)]
    out = Collector()
    facts = parse_context(",".join(CONTEXT_COLUMNS) + "\n" + "\n".join(rows) + "\n", out)
    assert not out.problems
    return facts


def test_the_arrivals_heading_is_the_story_s_own_words(story):
    assert arrivals_heading(arrivals_by_day(story.context)) == (
        "Cumulative arrivals in Armenia, as the Armenian government reported them")
    # another story's counts: charted and described in its words, nothing of this one's
    days = arrivals_by_day(_facts("Cumulative arrivals in Chad (UNHCR)", "Cumulative arrivals in Chad (UNHCR)",
                                  "Cumulative arrivals in Chad (the Chadian government)"))
    assert [n for _, n in days] == [100, 200, 300]
    assert arrivals_heading(days) == "Cumulative arrivals in Chad, as the UNHCR reported them"
    assert arrivals_heading(arrivals_by_day(_facts("Cumulative arrivals at the camps"))) == "Cumulative arrivals at the camps"


def test_the_arrivals_heading_is_shown_as_text_not_markup():
    from ui.tabs import text_html

    days = arrivals_by_day(_facts("Cumulative arrivals <img src=x onerror=alert(1)> [link](javascript:alert(1))"))
    shown = text_html(arrivals_heading(days))
    assert "<img" not in shown and "&lt;img" in shown
