"""The timeline layout: loose dates as ranges, undated and earlier events apart, no overlaps."""
from __future__ import annotations

from datetime import date

from geo.timeline import MIN_WIDTH, axis_window, timeline_layout


def items_by_id(layout: dict) -> dict:
    return {i["id"]: i for i in layout["items"]}


def test_axis_is_the_fortnight_around_publication(story):
    assert axis_window(story) == (date(2023, 9, 17), date(2023, 10, 2))


def test_loose_dates_are_ranges_and_points_are_a_day(story):
    items = items_by_id(timeline_layout(story))
    week = items["strike-on-stepanakert"]
    assert (week["column"], week["x0"], week["x1"]) == ("axis", 1 / 16, 8 / 16)  # 18–24 Sep, seven days
    day = items["over-1000-crossed"]
    assert day["x1"] - day["x0"] == 1 / 16


def test_undated_and_earlier_events_have_their_own_columns(story):
    items = items_by_id(timeline_layout(story))
    assert items["turkish-support"]["column"] == "earlier"
    assert items["exodus-underway"]["column"] == "undated"
    assert sum(1 for i in items.values() if i["column"] == "undated") == 12


def test_axis_items_never_overlap_in_a_lane(story):
    layout = timeline_layout(story, with_context=True)
    axis = [i for i in layout["items"] if i["column"] == "axis"]
    for a in axis:
        for b in axis:
            if a is not b and a["lane"] == b["lane"]:
                a_end, b_end = max(a["x1"], a["x0"] + MIN_WIDTH), max(b["x1"], b["x0"] + MIN_WIDTH)
                assert a_end <= b["x0"] or b_end <= a["x0"], (a["id"], b["id"])


def test_context_items_are_marked_with_their_source(story):
    context = [i for i in timeline_layout(story, with_context=True)["items"] if i["kind"] == "context"]
    assert context and all(i["url"].startswith("https://") and i["number"] == 0 for i in context)
    assert not [i for i in timeline_layout(story)["items"] if i["kind"] == "context"]
