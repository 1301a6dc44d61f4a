"""Export a validated ``Story`` for use outside the map: one GeoJSON file, or events.csv.

GeoJSON lets a GIS tool or another web map open the whole story at once, and it carries
everything needed to rebuild the story folder (``geojson_to_files``); the CSV is the same
events.csv the story was loaded from, so a story can be edited, exported and loaded again
without losing anything.
"""
from __future__ import annotations

import json
import re
from typing import Any

from geo.csvio import csv_text
from geo.geometry import lengths_by_kind
from geo.story import ARTICLE_FILE, EVENT_COLUMNS, EVENTS_FILE, PLACE_FIELDS, PLACES_FILE, ROUTES_FILE, STORY_FILE, Event, Place, Route, Story

PLACE_PROPERTIES = (
    "geonames_id", "coord_source", "note", "usage_names", "labelled", "other_names", "label_direction", "pin_side",
)
EVENT_PROPERTIES = (
    "id", "place", "date", "date_precision", "date_text", "title", "summary", "quote", "quote_kind",
    "speaker", "place_note", "line",
)
# Properties the export computes for a route; they are not in routes.geojson, so the rebuild drops them.
COMPUTED_ROUTE_PROPERTIES = ("kind", "length_km", "road_km", "traced_km")
KINDS = ("place", "route", "event")
ROAD_ATTRIBUTION = ("Route parts of kind \"road\": © OpenStreetMap contributors, ODbL 1.0 "
                    "(https://www.openstreetmap.org/copyright). Parts of kind \"traced\" are approximate.")

# A lone surrogate cannot be written as UTF-8: GeoJSON gets it as a JSON escape (it reads back the same), CSV as U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _point(place: Place) -> dict[str, Any]:
    return {"type": "Point", "coordinates": list(place.lonlat)}


def _feature(geometry: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _place_feature(place: Place) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "kind": "place", "id": place.id, "name": place.label("both"), "names": place.all_names, "plain_name": place.name,
    }
    properties.update({key: getattr(place, key) for key in PLACE_PROPERTIES})
    properties["other_names"] = list(place.other_names)
    properties["usage_names"] = dict(place.usage_names)  # {usage id: name}, in story.json's order of usages
    return _feature(_point(place), properties)


def _route_feature(route: Route) -> dict[str, Any]:
    """A MultiLineString of the route's parts in driving order; ``part_kinds`` says which are real road
    ("road") and which traced ("traced", approximate), and the lengths are given by kind and in all."""
    km = lengths_by_kind(route.parts, route.part_kinds)
    properties: dict[str, Any] = {
        "kind": "route", "id": route.id, "name": route.name, "length_km": round(km["road"] + km["traced"], 1),
        "road_km": round(km["road"], 1), "traced_km": round(km["traced"], 1), "part_kinds": list(route.part_kinds),
    }
    # The route's own properties follow, but never overwrite the ones computed above.
    properties.update({k: v for k, v in route.properties.items() if k not in properties})
    coordinates = [[list(p) for p in part] for part in route.parts]
    return _feature({"type": "MultiLineString", "coordinates": coordinates}, properties)


def _event_feature(story: Story, event: Event, number: int) -> dict[str, Any]:
    properties = {"kind": "event", **{key: getattr(event, key) for key in EVENT_PROPERTIES}, "number": number}
    return _feature(_point(story.places[event.place]), properties)


def to_geojson(story: Story) -> dict[str, Any]:
    """The whole story as one FeatureCollection: places, then routes, then events in story order.

    Every feature says what it is in ``properties.kind``, so one file can be filtered by kind.
    A place's ``name`` is its label with both names ("Stepanakert / Khankendi"); ``plain_name``
    is the ``name`` of places.geojson. An event sits on its place's point; ``number`` is its
    1-based position in the story. Two foreign members travel with the features: ``story``
    (story.json: title, framing, …) and ``article`` (the article's non-empty lines, one per
    line), so ``geojson_to_files`` can rebuild the story folder from this one object. When a route
    has real road parts (OpenStreetMap), a third, ``attribution``, gives the credit ODbL asks for.
    """
    features = [_place_feature(place) for place in story.places.values()]
    features += [_route_feature(route) for route in story.routes]
    features += [_event_feature(story, event, number) for number, event in enumerate(story.events, 1)]
    article = "\n".join(story.article_lines) + "\n"
    collection = {"type": "FeatureCollection", "story": dict(story.meta), "article": article}
    if any("road" in route.part_kinds for route in story.routes):  # ODbL: the credit travels with derived lines
        collection["attribution"] = ROAD_ATTRIBUTION
    return collection | {"features": features}


def write_geojson_text(story: Story) -> str:
    """``to_geojson`` as UTF-8-ready text: names stay readable (Xankəndi, not \\u0259); a lone surrogate,
    which UTF-8 cannot hold, is written as its JSON escape."""
    text = json.dumps(to_geojson(story), ensure_ascii=False, indent=1) + "\n"
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def events_csv(story: Story, safe: bool = True) -> str:
    """The events as events.csv text, columns in ``EVENT_COLUMNS`` order.

    With ``safe`` (the default) every cell goes through ``neutralise_cell``: a cell that starts
    with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a leading
    apostrophe, because a spreadsheet would otherwise run it as a formula, and a formula in a
    shared file can fetch a URL or start a program on the teacher's machine (OWASP, "CSV
    Injection"). The loader must undo it with ``unneutralise_cell`` for the file to load back as
    the same events; until ``geo/story.py`` does, such a cell loads with its apostrophe.

    ``safe=False`` writes every cell as it is: the raw form, for tools that are not spreadsheets.
    A loader that unneutralises would read a raw cell such as ``'=1`` as ``=1``, so only the safe
    form round-trips exactly through such a loader.
    """
    return csv_text(EVENT_COLUMNS, [[str(getattr(event, column)) for column in EVENT_COLUMNS] for event in story.events], safe)


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def _rebuilt_place(where: str, feature: dict[str, Any], props: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(props.get("plain_name"), str):
        raise ValueError(f"{where} has no plain_name: the export of a place gives its name in places.geojson as "
                         "plain_name (its name property holds both names), so this place cannot be rebuilt.")
    properties: dict[str, Any] = {}
    for key in PLACE_FIELDS:
        if key == "name":
            properties[key] = props["plain_name"]
        elif key in props and (props[key] is not None or key == "geonames_id"):
            # A GIS tool may write null for an empty field; the story files leave such a field out.
            properties[key] = props[key]
    return _feature(feature.get("geometry"), properties)


def _rebuilt_route(feature: dict[str, Any], props: dict[str, Any]) -> dict[str, Any]:
    properties = {k: v for k, v in props.items() if k not in COMPUTED_ROUTE_PROPERTIES}
    return _feature(feature.get("geometry"), properties)


def geojson_to_files(collection: dict[str, Any]) -> dict[str, bytes]:
    """Rebuild the story folder's files from a FeatureCollection made by ``to_geojson``.

    Returns ``{file name: UTF-8 bytes}`` for story.json, places.geojson, routes.geojson, events.csv
    and article.txt, ready for ``geo.story.parse_story`` (which validates the content). The export
    holds no discussion questions, glossary, context or basemap, so those files are absent.
    Events are written in story order: by ``number`` when every event has one, else in feature
    order. events.csv is written as ``events_csv`` writes it, formula cells neutralised (the
    loader undoes that).

    Raises
    ------
    ValueError
        With a sentence saying why, if ``collection`` is not such a FeatureCollection: not a JSON
        object, not a FeatureCollection, a feature that is not a place, route or event, or no
        ``story`` or ``article`` member.
    """
    if not isinstance(collection, dict):
        raise ValueError(f"The story export must be a JSON object (a GeoJSON FeatureCollection), not {type(collection).__name__}.")
    if collection.get("type") != "FeatureCollection":
        raise ValueError(f"The story export must be a GeoJSON FeatureCollection, not type {collection.get('type')!r}.")
    features = collection.get("features")
    if not isinstance(features, list):
        raise ValueError('The FeatureCollection has no list of "features".')
    meta = collection.get("story")
    if not isinstance(meta, dict):
        raise ValueError('The FeatureCollection has no "story" object (title and framing): it was not made by '
                         "this app's GeoJSON export, so the story cannot be rebuilt from it.")
    article = collection.get("article")
    if not isinstance(article, str) or not article.strip():
        raise ValueError('The FeatureCollection has no "article" text: it was not made by this version of the '
                         "app's GeoJSON export, so the article (and the events' lines in it) cannot be rebuilt.")
    by_kind: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    events: list[dict[str, Any]] = []
    for i, feature in enumerate(features, 1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            raise ValueError(f"Feature {i} is not a GeoJSON Feature with properties.")
        ident = props.get("id")
        where = f"Feature {i}" + (f" (id {ident!r})" if ident else "")
        kind = props.get("kind")
        if kind == "place":
            by_kind["place"].append(_rebuilt_place(where, feature, props))
        elif kind == "route":
            by_kind["route"].append(_rebuilt_route(feature, props))
        elif kind == "event":
            events.append(props)
        else:
            raise ValueError(f"{where} has kind {kind!r}; a story export holds only place, route and event features.")
    if all(isinstance(e.get("number"), int) and not isinstance(e.get("number"), bool) for e in events):
        events.sort(key=lambda e: e["number"])
    return {
        STORY_FILE: _json_bytes(meta),
        PLACES_FILE: _json_bytes(_collection(by_kind["place"])),
        ROUTES_FILE: _json_bytes(_collection(by_kind["route"])),
        EVENTS_FILE: csv_text(EVENT_COLUMNS, [["" if e.get(c) is None else str(e[c]) for c in EVENT_COLUMNS] for e in events], True).encode("utf-8"),
        ARTICLE_FILE: article.encode("utf-8"),
    }
