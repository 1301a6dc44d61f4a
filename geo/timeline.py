"""Lay the story out in time: where each event (and context fact) sits on the timeline strip.

Loose dates are drawn as ranges, never as points: "last week" spans its seven days. Events
long before the story's fortnight go in an "earlier" column, undated ones in an "undated"
column. The layout is computed here, tested, and only drawn by the browser.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

from geo.context import timeline_facts
from geo.dates import parse_date
from geo.story import Story

DAYS_BEFORE, DAYS_AFTER = 8, 7
MIN_WIDTH = 0.045  # a point still needs room for its number


@dataclass(frozen=True)
class TimelineItem:
    id: str
    kind: str  # "event" or "context"
    column: str  # "earlier", "axis" or "undated"
    label: str
    when: str
    x0: float = 0.0  # position within the axis, 0..1 (axis column only)
    x1: float = 0.0
    lane: int = 0
    number: int = 0
    source: str = ""
    url: str = ""


def axis_window(story: Story) -> tuple[date, date]:
    """The fortnight around the source's publication day (or its latest dated event)."""
    published = story.meta.get("published")
    if published:
        centre = date.fromisoformat(published)
    else:
        spans = [parse_date(e.date, e.date_precision) for e in story.events]
        centre = max((s.end for s in spans if s), default=date.today())
    return centre - timedelta(days=DAYS_BEFORE), centre + timedelta(days=DAYS_AFTER)


def _x(day: date, first: date, last: date) -> float:
    return (day - first).days / ((last - first).days + 1)


def _pack(items: list[TimelineItem]) -> list[TimelineItem]:
    """Give each axis item the lowest lane where it overlaps nothing."""
    lanes: list[float] = []
    packed = []
    for item in sorted(items, key=lambda i: (i.x0, i.kind != "event", i.number)):
        right = max(item.x1, item.x0 + MIN_WIDTH)
        lane = next((n for n, end in enumerate(lanes) if end <= item.x0), len(lanes))
        if lane == len(lanes):
            lanes.append(right)
        else:
            lanes[lane] = right
        packed.append(TimelineItem(**{**asdict(item), "lane": lane}))
    return packed


def timeline_layout(story: Story, with_context: bool = False) -> dict:
    """{"axis": {start, end, ticks}, "items": [...]} ready for the browser to draw."""
    first, last = axis_window(story)
    on_axis, off_axis = [], []
    for number, event in enumerate(story.events, 1):
        span = parse_date(event.date, event.date_precision)
        when = event.date_text or ("undated" if span is None else event.date)
        base = {"id": event.id, "kind": "event", "label": f"{number}. {event.title}", "when": when, "number": number}
        if span is None:
            off_axis.append(TimelineItem(column="undated", **base))
        elif span.end < first:
            off_axis.append(TimelineItem(column="earlier", **base))
        else:
            start, end = max(span.start, first), min(span.end, last)
            on_axis.append(TimelineItem(column="axis", x0=_x(start, first, last), x1=_x(end + timedelta(days=1), first, last), **base))
    if with_context:
        for i, fact in enumerate(timeline_facts(story.context, first, last), 1):
            on_axis.append(TimelineItem(
                id=f"context-{i}", kind="context", column="axis", label=fact.event,
                when=f"{fact.day:%-d %b %Y}" + (f", {fact.time_local}" if fact.time_local else ""),
                x0=_x(fact.day, first, last), x1=_x(fact.day + timedelta(days=1), first, last),
                source=fact.source_title, url=fact.source_url,
            ))
    days = (last - first).days + 1
    ticks = [{"x": _x(first + timedelta(days=d), first, last), "label": f"{first + timedelta(days=d):%-d %b}"}
             for d in range(0, days, 2)]
    return {
        "axis": {"start": first.isoformat(), "end": last.isoformat(), "ticks": ticks},
        "items": [asdict(i) for i in _pack(on_axis) + off_axis],
    }
