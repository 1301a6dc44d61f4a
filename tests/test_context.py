"""Context from outside the article: daily arrival figures and the facts for the timeline."""
from __future__ import annotations

from datetime import date

from geo.context import arrivals_by_day, people_figure, timeline_facts


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
