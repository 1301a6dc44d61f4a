"""Export a validated ``Story`` for use outside the map: one GeoJSON file, or events.csv.

GeoJSON lets a GIS tool or another web map open the whole story at once; the CSV is the
same events.csv the story was loaded from, so a story can be edited, exported and
loaded again without losing anything.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from geo.geometry import length_km
from geo.story import EVENT_COLUMNS, Event, Place, Route, Story

PLACE_PROPERTIES = (
    "geonames_id", "coord_source", "note", "name_armenian_usage", "name_azerbaijani_usage", "labelled",
)
EVENT_PROPERTIES = (
    "id", "place", "date", "date_precision", "date_text", "title", "summary", "quote", "quote_kind",
    "speaker", "place_note", "line",
)


def _point(place: Place) -> dict[str, Any]:
    return {"type": "Point", "coordinates": list(place.lonlat)}


def _feature(geometry: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _place_feature(place: Place) -> dict[str, Any]:
    properties = {"kind": "place", "id": place.id, "name": place.label("both"), "names": place.all_names}
    properties.update({key: getattr(place, key) for key in PLACE_PROPERTIES})
    return _feature(_point(place), properties)


def _route_feature(route: Route) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "kind": "route", "id": route.id, "name": route.name, "length_km": round(length_km(route.lonlats), 1),
    }
    # The route's own properties follow, but never overwrite the ones computed above.
    properties.update({k: v for k, v in route.properties.items() if k not in properties})
    return _feature({"type": "LineString", "coordinates": [list(p) for p in route.lonlats]}, properties)


def _event_feature(story: Story, event: Event, number: int) -> dict[str, Any]:
    properties = {"kind": "event", **{key: getattr(event, key) for key in EVENT_PROPERTIES}, "number": number}
    return _feature(_point(story.places[event.place]), properties)


def to_geojson(story: Story) -> dict[str, Any]:
    """The whole story as one FeatureCollection: places, then routes, then events in story order.

    Every feature says what it is in ``properties.kind``, so one file can be filtered by kind.
    An event sits on its place's point; ``number`` is its 1-based position in the story.
    The story's title and framing travel with it as the foreign member ``story``.
    """
    features = [_place_feature(place) for place in story.places.values()]
    features += [_route_feature(route) for route in story.routes]
    features += [_event_feature(story, event, number) for number, event in enumerate(story.events, 1)]
    return {"type": "FeatureCollection", "story": dict(story.meta), "features": features}


def write_geojson_text(story: Story) -> str:
    """``to_geojson`` as UTF-8-ready text: names stay readable (Xankəndi, not \\u0259)."""
    return json.dumps(to_geojson(story), ensure_ascii=False, indent=1) + "\n"


def events_csv(story: Story) -> str:
    """The events as events.csv text, columns in ``EVENT_COLUMNS`` order.

    Written into a story folder, it loads back into the same events.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    # The csv module does not quote a lone "\r" when the line ends in "\n", and the loader would
    # split the row there; quote every cell of such a row so it reads back whole.
    quote_all = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(EVENT_COLUMNS)
    for event in story.events:
        # Later: cells starting with =, +, - or @ run as formulas in a spreadsheet (CSV injection).
        row = [str(getattr(event, column)) for column in EVENT_COLUMNS]
        (quote_all if any("\r" in cell for cell in row) else writer).writerow(row)
    return buffer.getvalue()
