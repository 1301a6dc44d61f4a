"""Load a story folder into a validated ``Story``; collect every problem at once.

A story folder holds ``story.json`` (title and framing), ``places.geojson``,
``routes.geojson``, ``events.csv`` and ``article.txt`` (the source, verbatim);
``basemap.geojson`` is optional. The schema is documented in ``data/README.md``.
Validation happens once, here: everything downstream may trust a ``Story``.
"""
from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.context import CONTEXT_FILE, ContextFact, parse_context
from geo.csvio import read_csv_rows
from geo.dates import parse_date
from geo.problems import Collector, StoryError, StoryProblem
from geo.teaching import GLOSSARY_FILE, QUESTIONS_FILE, GlossaryEntry, parse_glossary, parse_questions

STORY_FILE, PLACES_FILE, ROUTES_FILE, EVENTS_FILE, ARTICLE_FILE, BASEMAP_FILE = (
    "story.json", "places.geojson", "routes.geojson", "events.csv", "article.txt", "basemap.geojson",
)
REQUIRED_FILES = (STORY_FILE, PLACES_FILE, ROUTES_FILE, EVENTS_FILE, ARTICLE_FILE)
OPTIONAL_FILES = (BASEMAP_FILE, QUESTIONS_FILE, GLOSSARY_FILE, CONTEXT_FILE)

EVENT_COLUMNS = (
    "id", "place", "line", "date_text", "date", "date_precision", "title", "summary",
    "quote", "quote_kind", "speaker", "place_note",
)
REQUIRED_EVENT_COLUMNS = ("id", "place", "line", "date_precision", "title", "summary", "quote", "quote_kind")
QUOTE_KINDS = ("direct", "reported", "article")
PLACE_FIELDS = (
    "id", "name", "name_armenian_usage", "name_azerbaijani_usage", "other_names", "labelled",
    "label_direction", "pin_side", "geonames_id", "coord_source", "note",
)
ROUTE_FIELDS = (
    "id", "name", "from", "to", "description", "reported_distance_km", "reported_distance_text",
    "reported_source", "reported_source_url", "waypoints", "waypoint_orders", "note", "short_name", "label_side",
)
ROUTE_TEXT_FIELDS = ("from", "to", "description", "reported_distance_text", "reported_source", "reported_source_url", "note",
                     "short_name", "label_side")
STORY_FIELDS = ("title", "framing", "source", "published", "published_text", "home_places")
LABEL_DIRECTIONS = ("right", "left", "top", "bottom")
PIN_SIDES = ("top", "bottom")
NAME_MODES = ("both", "armenian", "azerbaijani")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    lonlat: tuple[float, float]
    name_armenian_usage: str = ""
    name_azerbaijani_usage: str = ""
    other_names: tuple[str, ...] = ()
    labelled: bool = False
    label_direction: str = "right"
    pin_side: str = "top"
    geonames_id: int | None = None
    coord_source: str = ""
    note: str = ""

    def label(self, names: str = "both") -> str:
        """The place's name as the reader chose to see contested names.

        ``both`` (default) gives the common English name first and the other usage after a slash
        ("Lachin / Berdzor"); ``armenian`` and ``azerbaijani`` give one usage.
        """
        if names == "armenian" and self.name_armenian_usage:
            return self.name_armenian_usage
        if names == "azerbaijani" and self.name_azerbaijani_usage:
            return self.name_azerbaijani_usage
        others = [n for n in (self.name_armenian_usage, self.name_azerbaijani_usage) if n and n != self.name]
        return " / ".join([self.name, *dict.fromkeys(others)])

    @property
    def all_names(self) -> list[str]:
        names = [self.name, self.name_armenian_usage, self.name_azerbaijani_usage, *self.other_names]
        return list(dict.fromkeys(n for n in names if n))


@dataclass(frozen=True)
class Route:
    id: str
    name: str
    lonlats: tuple[tuple[float, float], ...]
    properties: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def reported_distance_km(self) -> float | None:
        value = self.properties.get("reported_distance_km")
        return float(value) if value is not None else None


@dataclass(frozen=True)
class Event:
    id: str
    place: str
    line: int
    date_text: str
    date: str
    date_precision: str
    title: str
    summary: str
    quote: str
    quote_kind: str
    speaker: str = ""
    place_note: str = ""


@dataclass(frozen=True)
class Story:
    meta: dict[str, Any]
    places: dict[str, Place]
    routes: list[Route]
    events: list[Event]
    article_lines: list[str]
    basemap: dict | None = None
    questions: dict[str, list[str]] = field(default_factory=dict)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    context: list[ContextFact] = field(default_factory=list)

    def event(self, event_id: str) -> Event:
        return next(e for e in self.events if e.id == event_id)

    def number(self, event_id: str) -> int:
        """An event's 1-based position in story order."""
        return next(i for i, e in enumerate(self.events, 1) if e.id == event_id)

    def events_at(self, place_id: str) -> list[Event]:
        return [e for e in self.events if e.place == place_id]


def article_lines(text: str) -> list[str]:
    """The article's non-empty lines: line N of a story is item N-1 of this list."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _known(ids: list[str]) -> str:
    shown = ", ".join(ids[:8])
    return shown + (", …" if len(ids) > 8 else "")


def _decode(files: Mapping[str, bytes], name: str, out: Collector) -> str | None:
    if name not in files:
        if name in REQUIRED_FILES:
            out.add(name, "", "the file is missing.", f"add {name} to the story folder (see data/README.md).")
        return None
    try:
        return files[name].decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        out.add(name, "", f"the file is not UTF-8 text (byte {exc.start} cannot be read).",
                "save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8').")
        return None


def _json(files: Mapping[str, bytes], name: str, out: Collector) -> Any:
    text = _decode(files, name, out)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        out.add(name, f"line {exc.lineno}", f"the file is not valid JSON ({exc.msg}, column {exc.colno}).",
                "check for a missing comma, quote or bracket there.")
        return None
    except RecursionError:
        out.add(name, "", "the file nests brackets too deeply to be read.",
                "a story file needs only a few levels of [ ] and { }: look for stray brackets.")
        return None
    except ValueError:  # a whole number longer than Python will read (4300 digits)
        out.add(name, "", "the file holds a number too long to be read.", "shorten the number to a few digits.")
        return None
    if data is None:  # not a missing file: the checks below would skip it as if it were
        out.add(name, "", "the file holds only null.", "see data/README.md for what it must hold.")
    return data


def _features(data: Any, name: str, geometry_type: str, out: Collector) -> list[tuple[str, dict, Any]]:
    """(where, properties, coordinates) for each feature of a FeatureCollection of one geometry type."""
    if data is None:
        return []
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        out.add(name, "", "the file is not a GeoJSON FeatureCollection.",
                'it must look like {"type": "FeatureCollection", "features": [...]}.')
        return []
    result = []
    for i, feature in enumerate(data["features"], 1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        ident = props.get("id") if isinstance(props, dict) else None
        where = f"feature {i}" + (f' (id "{ident}")' if ident else "")
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            out.add(name, where, "the feature has no properties.", "give it a properties object with at least an id and a name.")
            continue
        if not isinstance(geometry, dict) or geometry.get("type") != geometry_type:
            got = geometry.get("type") if isinstance(geometry, dict) else None
            out.add(name, where, f"the geometry must be a {geometry_type}, not {got!r}.",
                    f"give the feature a {geometry_type} geometry.")
            continue
        result.append((where, props, geometry.get("coordinates")))
    return result


def _lonlat(value: Any, name: str, where: str, out: Collector) -> tuple[float, float] | None:
    if (not isinstance(value, (list, tuple)) or len(value) < 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value[:2])):
        out.add(name, where, f"coordinates must be two numbers [longitude, latitude], not {value!r}.",
                "write them as [lon, lat] in decimal degrees, e.g. [46.7528, 39.8177].")
        return None
    # An int too large for a float (10**400) counts as out of range, not as an OverflowError.
    lon, lat = (float(v) if abs(v) <= sys.float_info.max else math.inf for v in value[:2])
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        out.add(name, where, f"coordinates [{value[0]}, {value[1]}] are out of range "
                "(longitude must be within -180..180 and latitude within -90..90).",
                "GeoJSON puts longitude first: check the order and the signs.")
        return None
    return lon, lat


def _check_id(ident: Any, seen: set[str], name: str, where: str, out: Collector) -> bool:
    if not isinstance(ident, str) or not ID_PATTERN.match(ident):
        out.add(name, where, f"id {ident!r} is not a kebab-case id.",
                "use lower-case letters, digits and single hyphens, e.g. goris-staging-ground.")
        return False
    if ident in seen:
        out.add(name, where, f'id "{ident}" is used more than once.', "give each one its own id.")
        return False
    seen.add(ident)
    return True


def _text(props: Mapping[str, Any], key: str) -> str:
    value = props.get(key)
    return value.strip() if isinstance(value, str) else ""


def _parse_places(data: Any, out: Collector) -> dict[str, Place]:
    places: dict[str, Place] = {}
    seen: set[str] = set()
    for where, props, coords in _features(data, PLACES_FILE, "Point", out):
        ok = _check_id(props.get("id"), seen, PLACES_FILE, where, out)
        lonlat = _lonlat(coords, PLACES_FILE, where, out)
        unknown = sorted(set(props) - set(PLACE_FIELDS))
        if unknown:
            out.add(PLACES_FILE, where, f"unknown properties: {', '.join(unknown)}.",
                    f"use only: {', '.join(PLACE_FIELDS)}.")
        if not _text(props, "name"):
            out.add(PLACES_FILE, where, "the place has no name.", 'add a "name" property.')
            ok = False
        arm, aze = _text(props, "name_armenian_usage"), _text(props, "name_azerbaijani_usage")
        if bool(arm) != bool(aze):
            out.add(PLACES_FILE, where, "a contested place needs both name_armenian_usage and name_azerbaijani_usage.",
                    "give both names, or neither for a place with one name.")
        other = props.get("other_names", [])
        if not isinstance(other, list) or not all(isinstance(n, str) for n in other):
            out.add(PLACES_FILE, where, "other_names must be a list of strings.", 'e.g. "other_names": ["Xankəndi"].')
            other = []
        geonames = props.get("geonames_id")
        if geonames is not None and (not isinstance(geonames, int) or isinstance(geonames, bool)):
            out.add(PLACES_FILE, where, f"geonames_id must be a whole number or null, not {geonames!r}.",
                    "copy the number from the GeoNames record, or write null.")
            geonames = None
        if geonames is None and not _text(props, "coord_source"):
            out.add(PLACES_FILE, where, "a place without a geonames_id must say where its coordinates come from.",
                    'add a "coord_source" property, e.g. "Estimate, about ±3 km: ...".')
        if not isinstance(props.get("labelled", False), bool):
            out.add(PLACES_FILE, where, f"labelled must be true or false, not {props['labelled']!r}.",
                    "write true or false without quotes.")
        direction = _text(props, "label_direction") or "right"
        if direction not in LABEL_DIRECTIONS:
            out.add(PLACES_FILE, where, f"label_direction {direction!r} is not one of: {', '.join(LABEL_DIRECTIONS)}.",
                    "pick one of those, or leave it out.")
            direction = "right"
        pin_side = _text(props, "pin_side") or "top"
        if pin_side not in PIN_SIDES:
            out.add(PLACES_FILE, where, f"pin_side {pin_side!r} is not one of: {', '.join(PIN_SIDES)}.",
                    "pick one of those, or leave it out.")
            pin_side = "top"
        if ok and lonlat:
            places[props["id"]] = Place(
                id=props["id"], name=_text(props, "name"), lonlat=lonlat, name_armenian_usage=arm,
                name_azerbaijani_usage=aze, other_names=tuple(other), labelled=props.get("labelled") is True,
                label_direction=direction, pin_side=pin_side, geonames_id=geonames, coord_source=_text(props, "coord_source"),
                note=_text(props, "note"),
            )
    if data is not None and not places and not out.problems:
        out.add(PLACES_FILE, "", "the story has no places.", "add at least one Point feature.")
    return places


def _parse_routes(data: Any, out: Collector) -> list[Route]:
    routes: list[Route] = []
    seen: set[str] = set()
    for where, props, coords in _features(data, ROUTES_FILE, "LineString", out):
        ok = _check_id(props.get("id"), seen, ROUTES_FILE, where, out)
        if not _text(props, "name"):
            out.add(ROUTES_FILE, where, "the route has no name.", 'add a "name" property.')
            ok = False
        if not isinstance(coords, list) or len(coords) < 2:
            out.add(ROUTES_FILE, where, "a route needs at least two points.", "list its points in order, [lon, lat] each.")
            continue
        unknown = sorted(set(props) - set(ROUTE_FIELDS))
        if unknown:
            out.add(ROUTES_FILE, where, f"unknown properties: {', '.join(unknown)}.", f"use only: {', '.join(ROUTE_FIELDS)}.")
        points = [_lonlat(c, ROUTES_FILE, f"{where} point {j}", out) for j, c in enumerate(coords, 1)]
        for key in ROUTE_TEXT_FIELDS:  # drawn as text in popups, labels and exports
            if props.get(key) is not None and not isinstance(props[key], str):
                out.add(ROUTES_FILE, where, f"{key} must be text, not {props[key]!r}.", "put the value in double quotes, or leave it out.")
                ok = False
        for key, kind, example in (("waypoints", str, '["Stepanakert", "Goris"]'), ("waypoint_orders", int, "[1, 2, 3]")):
            value = props.get(key)
            if value is not None and not (isinstance(value, list) and all(type(v) is kind for v in value)):
                out.add(ROUTES_FILE, where, f"{key} must be a list of {'text' if kind is str else 'whole numbers'}.", f"e.g. {example}.")
                ok = False
        distance = props.get("reported_distance_km")
        # 0 < d <= max float: also refuses NaN, infinity and an int too large for a float.
        if distance is not None and (not isinstance(distance, (int, float)) or isinstance(distance, bool)
                                     or not 0 < distance <= sys.float_info.max):
            out.add(ROUTES_FILE, where, f"reported_distance_km must be a positive number, not {distance!r}.",
                    "write the reported road distance in km, or leave it out.")
            ok = False
        if ok and all(points):
            routes.append(Route(id=props["id"], name=_text(props, "name"), lonlats=tuple(points), properties=dict(props)))
    return routes


def _parse_events(text: str | None, places: dict[str, Place], lines: list[str] | None,
                  out: Collector) -> tuple[list[Event], list[str]]:
    """The valid events, and every id in the file (a broken row's id still names its event)."""
    if text is None:
        return [], []
    events: list[Event] = []
    seen: set[str] = set()
    known_places = list(places)
    for row_number, cells in read_csv_rows(text, EVENTS_FILE, EVENT_COLUMNS, REQUIRED_EVENT_COLUMNS, out):
        where = f"row {row_number}" + (f' (id "{cells["id"]}")' if cells.get("id") else "")
        problems_before = len(out.problems)
        _check_id(cells.get("id"), seen, EVENTS_FILE, where, out)
        for column in ("title", "summary", "quote"):
            if not cells.get(column):
                out.add(EVENTS_FILE, where, f"{column} is empty.", f"write the event's {column}.")
        if cells["place"] not in places and places:
            out.add(EVENTS_FILE, where, f'place "{cells["place"]}" is not in {PLACES_FILE} (known: {_known(known_places)}).',
                    f"use one of the known ids, or add the place to {PLACES_FILE}.")
        precision = cells.get("date_precision", "")
        try:
            parse_date(cells.get("date", ""), precision)
        except ValueError as exc:
            out.add(EVENTS_FILE, where, f"{exc}.", "see the date forms in data/README.md.")
        kind = cells.get("quote_kind", "")
        if kind not in QUOTE_KINDS:
            out.add(EVENTS_FILE, where, f"quote_kind {kind!r} is not one of: {', '.join(QUOTE_KINDS)}.",
                    "direct = words in quotation marks; reported = what someone is reported to have said; "
                    "article = the article's own reporting.")
        elif kind != "article" and not cells.get("speaker"):
            out.add(EVENTS_FILE, where, f"a {kind} quote needs a speaker.", "name who said it in the speaker column.")
        line_text = cells.get("line", "")
        if not re.fullmatch(r"[0-9]{1,6}", line_text):
            out.add(EVENTS_FILE, where, f"line {line_text!r} is not a whole number.",
                    "give the 1-based number of the article's non-empty line the event comes from.")
        elif lines is not None:
            number = int(line_text)
            if not 1 <= number <= len(lines):
                out.add(EVENTS_FILE, where, f"line {number} is not in the article, which has {len(lines)} non-empty lines.",
                        "count only non-empty lines, from 1.")
            else:
                source = lines[number - 1]
                if cells.get("quote") and cells["quote"] not in source:
                    found = [i for i, text in enumerate(lines, 1) if cells["quote"] in text]
                    hint = (f"the quote is on line {found[0]}: correct the line number."
                            if found else "copy the words exactly from the article, typos included.")
                    out.add(EVENTS_FILE, where, f"the quote is not found verbatim on article line {number}.", hint)
                elif cells.get("date_text") and cells["date_text"] not in source:
                    out.add(EVENTS_FILE, where, f"date_text {cells['date_text']!r} is not found verbatim on article line {number}.",
                            "copy the article's own words for the time, or leave date_text empty.")
        if len(out.problems) == problems_before:
            events.append(Event(**{k: cells.get(k, "") for k in EVENT_COLUMNS if k != "line"}, line=int(line_text)))
    if not events and not out.problems:
        out.add(EVENTS_FILE, "", "the story has no events.", "add at least one row under the header.")
    return events, list(seen)


BASEMAP_LAYERS = ("country", "lake", "river", "label")
BASEMAP_GEOMETRIES = ("Polygon", "MultiPolygon", "LineString", "MultiLineString")


def _numbers_only(value: Any, depth: int = 0) -> bool:
    """True if ``value`` is nested lists (at most 4 deep) whose leaves are finite numbers."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return abs(value) <= sys.float_info.max  # not math.isfinite: an int too large for a float raises OverflowError
    return isinstance(value, list) and depth < 4 and all(_numbers_only(v, depth + 1) for v in value)


def _check_basemap(data: Any, out: Collector) -> dict | None:
    """The optional basemap: shapes with a known layer, and names with a label point."""
    if data is None:
        return None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        out.add(BASEMAP_FILE, "", "the file is not a GeoJSON FeatureCollection.", "rebuild it with scripts/build_basemap.py.")
        return None
    bbox = data.get("bbox")
    if bbox is not None and not (isinstance(bbox, list) and len(bbox) == 4 and _numbers_only(bbox)):
        out.add(BASEMAP_FILE, "bbox", "bbox must be four numbers: west, south, east, north.", "fix or remove it.")
    before = len(out.problems)
    for i, feature in enumerate(data["features"], 1):
        where = f"feature {i}"
        props = feature.get("properties") if isinstance(feature, dict) else None
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(props, dict) or props.get("layer") not in BASEMAP_LAYERS:
            out.add(BASEMAP_FILE, where, f"properties.layer must be one of: {', '.join(BASEMAP_LAYERS)}.", "set its layer.")
        elif not isinstance(props.get("name", ""), str):
            out.add(BASEMAP_FILE, where, "name must be text.", "put the name in double quotes.")
        elif props.get("label_at") is not None:
            _lonlat(props["label_at"], BASEMAP_FILE, f"{where} label_at", out)
        if geometry is not None and not (isinstance(geometry, dict) and geometry.get("type") in BASEMAP_GEOMETRIES
                                         and _numbers_only(geometry.get("coordinates"))):
            out.add(BASEMAP_FILE, where, f"the geometry must be one of {', '.join(BASEMAP_GEOMETRIES)} with numeric coordinates.",
                    "rebuild the basemap with scripts/build_basemap.py.")
        if len(out.problems) - before >= 5:
            out.add(BASEMAP_FILE, "", "stopped after five problems.", "rebuild the basemap with scripts/build_basemap.py.")
            break
    return data


def _parse_meta(data: Any, out: Collector) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        out.add(STORY_FILE, "", "the file must hold one JSON object.", 'e.g. {"title": "...", "framing": "..."}.')
        return {}
    if not _text(data, "title"):
        out.add(STORY_FILE, "", "the story has no title.", 'add a "title".')
    unknown = sorted(set(data) - set(STORY_FIELDS))
    if unknown:
        out.add(STORY_FILE, "", f"unknown keys: {', '.join(unknown)}.", f"use only: {', '.join(STORY_FIELDS)}.")
    for key in STORY_FIELDS:
        if key != "home_places" and key in data and not isinstance(data[key], str):
            out.add(STORY_FILE, key, f"{key} must be text, not {data[key]!r}.", "put the value in double quotes.")
    if _text(data, "published"):
        try:
            parse_date(_text(data, "published"), "day")
        except ValueError:
            out.add(STORY_FILE, "published", f"published {data['published']!r} is not a day like 2023-09-25.",
                    "give the publication day as YYYY-MM-DD, and any looseness in published_text.")
    home = data.get("home_places", [])
    if not isinstance(home, list) or not all(isinstance(p, str) for p in home):
        out.add(STORY_FILE, "", "home_places must be a list of place ids.", 'e.g. "home_places": ["goris", "yerevan"].')
        home = []
    meta: dict[str, Any] = {k: _text(data, k) for k in STORY_FIELDS if k != "home_places"}
    meta["home_places"] = home
    return meta


def parse_story(files: Mapping[str, bytes]) -> Story:
    """Validate a story given as {file name: bytes}; raise ``StoryError`` listing every problem."""
    out = Collector()
    meta = _parse_meta(_json(files, STORY_FILE, out), out)
    article = _decode(files, ARTICLE_FILE, out)
    lines = article_lines(article) if article is not None else None
    if lines == []:
        out.add(ARTICLE_FILE, "", "the article is empty.", "paste the source text into article.txt.")
    places = _parse_places(_json(files, PLACES_FILE, out), out)
    routes = _parse_routes(_json(files, ROUTES_FILE, out), out)
    events, event_ids = _parse_events(_decode(files, EVENTS_FILE, out), places, lines, out)
    for place_id in meta.get("home_places", []):
        if places and place_id not in places:
            out.add(STORY_FILE, "home_places", f'place "{place_id}" is not in {PLACES_FILE} (known: {_known(list(places))}).',
                    "use ids from places.geojson.")
    basemap = _check_basemap(_json(files, BASEMAP_FILE, out), out)
    questions_text, glossary_text, context_text = (_decode(files, name, out) for name in OPTIONAL_FILES[1:])
    questions = parse_questions(questions_text, event_ids, out) if questions_text is not None else {}
    glossary = parse_glossary(glossary_text, out) if glossary_text is not None else []
    context = parse_context(context_text, out) if context_text is not None else []
    if out.problems:
        raise StoryError(out.problems)
    return Story(meta=meta, places=places, routes=routes, events=events, article_lines=lines or [], basemap=basemap,
                 questions=questions, glossary=glossary, context=context)


def read_folder(path: Path) -> dict[str, bytes]:
    """The story files found in ``path`` (missing ones are reported by ``parse_story``)."""
    if not path.is_dir():
        raise StoryError([StoryProblem(str(path), "", "is not a folder.", "give the path of a story folder, e.g. data/.")])
    files: dict[str, bytes] = {}
    for name in REQUIRED_FILES + OPTIONAL_FILES:
        if (path / name).is_file():
            try:
                files[name] = (path / name).read_bytes()
            except OSError as exc:
                raise StoryError([StoryProblem(name, "", f"the file cannot be read ({exc.strerror}).",
                                               "check that it exists and that you may read it.")]) from None
    return files


def load_story(path: Path | str) -> Story:
    """Load and validate the story folder at ``path``.

    Raises
    ------
    StoryError
        Listing every problem found, each with its file, row and a fix.
    """
    return parse_story(read_folder(Path(path)))


def validate_story(path: Path | str) -> list[StoryProblem]:
    """Every problem in the story folder at ``path``; empty if it is good."""
    try:
        load_story(path)
    except StoryError as exc:
        return exc.problems
    return []
