"""geo.quotes: a quote is set in quotation marks once, whether or not the article's words bring their own."""
from __future__ import annotations

import pytest

from geo.quotes import is_quoted, quoted


@pytest.mark.parametrize(("text", "shown"), [
    ("the border city of Goris is being used", "“the border city of Goris is being used”"),
    # Article line 19: the words open and close with their own marks, so none are added.
    ('"The fate of our poor people will go down in history," he added. "Those responsible will answer."',
     '"The fate of our poor people will go down in history," he added. "Those responsible will answer."'),
    ("“Curly marks of its own”", "“Curly marks of its own”"),
    ("«Guillemets»", "«Guillemets»"),
    ("„Low-nine marks“", "„Low-nine marks“"),
    ('"A closing mark before the full stop".', '"A closing mark before the full stop".'),
    # Marks inside an excerpt, or at one end only, do not make the whole a quotation.
    ('claimed that "99.9%" of ethnic Armenians would rather leave', '“claimed that "99.9%" of ethnic Armenians would rather leave”'),
    ('"Yes," he said', '“"Yes," he said”'),
    ('he said "yes"', '“he said "yes"”'),
    ('"', '“"”'),
    ("", "“”"),
])
def test_quoted_adds_marks_only_to_words_not_already_in_them(text: str, shown: str) -> None:
    assert quoted(text) == shown


def test_the_sample_storys_own_quotation_is_shown_once_quoted(story) -> None:
    event = story.event("babayan-disgrace")
    assert event.quote.startswith('"The fate') and is_quoted(event.quote)
    assert quoted(event.quote) == event.quote
    assert not quoted(event.quote).startswith('“"')
    # Every other quote is an excerpt of the article and gets its marks.
    assert [e.id for e in story.events if is_quoted(e.quote)] == ["babayan-disgrace"]
