"""The tabs under the map: their counted words agree with the count ("1 person", "2 problems were found")."""
from __future__ import annotations

import pytest

from geo.context import arrivals_by_day
from ui.tabs import arrivals_list_html, upload_refused


@pytest.mark.parametrize(("people", "said"), [(1, "1 person"), (2, "2 people"), (1050, "1,050 people")])
def test_a_day_of_arrivals_says_person_for_one(story, people, said):
    fact, _ = arrivals_by_day(story.context)[0]
    assert arrivals_list_html([(fact, people)]) == (
        f"<ul class='context-sources'><li>24 Sep 2023, 22:00: {said} — source: "
        "<a href='https://www.taiwannews.com.tw/en/news/5007317' target='_blank' rel='noopener noreferrer'>"
        "Taiwan News</a></li></ul>"
    )


@pytest.mark.parametrize(("problems", "said"), [
    (["upload: one."], "This upload cannot be shown: 1 problem was found. Nothing else has changed."),
    (["upload: one.", "upload: two."], "This upload cannot be shown: 2 problems were found. Nothing else has changed."),
])
def test_a_refused_upload_counts_its_problems_in_agreeing_words(problems, said):
    assert upload_refused(problems) == said


def test_a_refused_upload_says_the_errors_own_count_when_it_has_one():
    assert upload_refused(["upload: one."], "at least 1,000 problems were found") == (
        "This upload cannot be shown: at least 1,000 problems were found. Nothing else has changed."
    )
