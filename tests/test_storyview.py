"""The browser's arguments, and the standalone page built from the app's own host."""
from __future__ import annotations

import json
import re

from geo.storyview import standalone_html, view_args, view_fingerprint, view_text
from tests.conftest import edit_event


def test_view_args_hold_every_event_in_order(story):
    args = view_args(story)
    assert args["order"] == [e.id for e in story.events]
    assert set(args["cards"]) == set(args["order"]) == set(args["labels"])
    assert args["labels"]["goris-staging-ground"] == "4. Goris becomes a staging ground — Goris"
    assert [p["id"] for p in args["map"]["pins"]] == args["order"]


def embedded(page: str, element_id: str) -> str:
    return re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', page, re.S).group(1)


def test_view_text_is_the_view_as_json(story):
    """The one form the browser is given the view in, in the app and in the standalone page."""
    text = view_text(story, "azerbaijani", questions=True)
    view, args = json.loads(text), view_args(story, "azerbaijani", questions=True)
    assert view == args
    assert "</" not in text


def test_standalone_page_inlines_everything(story):
    page = standalone_html(story)
    assert not re.search(r'<script[^>]+src=|<link[^>]+href=', page)
    data = json.loads(embedded(page, "story-data"))
    assert data == {"selected": "strike-on-stepanakert", "ack": 0, "mode": "normal", "height": 0}
    data = json.loads(embedded(page, "story-view"))
    assert data["cards"]["exodus-underway"]["questions"]
    shell = json.loads(embedded(page, "map-shell"))
    assert shell.startswith("<!DOCTYPE html>") and "<script src=" not in shell and "<link rel=\"stylesheet\"" not in shell
    assert f"<title>{story.meta['title']}</title>" in page
    assert len(page.encode()) < 1_500_000


def test_embedded_json_cannot_close_its_script(story):
    import dataclasses
    event = dataclasses.replace(story.events[0], title="</script><script>window.pwned=1</script><!-- <script>")
    hostile = dataclasses.replace(story, events=[event, *story.events[1:]])
    page = standalone_html(hostile)
    block = embedded(page, "story-view")
    assert "</script" not in block and "<!--" not in block
    assert json.loads(block)["labels"]["strike-on-stepanakert"].startswith(f"1. {event.title} — ")


def test_view_fingerprint_follows_the_story_files(story_dir):
    """The app keeps the built-in view on disk under this fingerprint: any edit must change it."""
    before = view_fingerprint(story_dir)
    assert view_fingerprint(story_dir) == before and re.fullmatch(r"[0-9a-f]{64}", before)
    edit_event(story_dir, "goris-staging-ground", title="Goris, edited")
    edited = view_fingerprint(story_dir)
    assert edited != before
    (story_dir / "notes.txt").write_text("a new file", encoding="utf-8")
    assert view_fingerprint(story_dir) not in (before, edited)
