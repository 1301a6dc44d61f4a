"""Load a story folder into a validated ``Story``; collect every problem at once.

A story folder holds ``story.json`` (title and framing), ``places.geojson``,
``routes.geojson``, ``events.csv`` and ``article.txt`` (the source, verbatim);
``basemap.geojson`` is optional. The schema is documented in ``data/README.md``.
Validation happens once, here: everything downstream may trust a ``Story``.

The gate is strict on purpose: a key, a member or a column this module does not know is refused,
not passed along, and every text is one that every output can show (page, PDF, PNG, KML, GeoJSON,
CSV). Sizes are bounded (see Limits in data/README.md) and checked before the work they bound, and
every check is linear in the size of the files, so a small hostile upload cannot pin the server.
"""
from __future__ import annotations

import codecs
import json
import math
import re
import reprlib
from functools import cached_property
import sys
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

from geo.context import CONTEXT_FILE, ContextFact, parse_context
from geo.csvio import read_csv_rows
from geo.dates import parse_date
from geo.geometry import join_lines
from geo.problems import Collector, StoryError, StoryProblem, plural, text_problem
from geo.quotes import NearMissBudget, fold, near_miss, near_miss_fix
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
    "id", "name", "usage_names", "name_armenian_usage", "name_azerbaijani_usage", "other_names", "labelled",
    "label_direction", "pin_side", "geonames_id", "coord_source", "note",
)
PLACE_TEXT_FIELDS = ("name", "name_armenian_usage", "name_azerbaijani_usage", "label_direction", "pin_side",
                     "coord_source", "note")
ROUTE_FIELDS = (
    "id", "name", "from", "to", "description", "reported_distance_km", "reported_distance_text",
    "reported_source", "reported_source_url", "waypoints", "waypoint_orders", "note", "short_name", "label_side",
    "part_kinds", "part_names", "road_source",
)
ROUTE_TEXT_FIELDS = ("from", "to", "description", "reported_distance_text", "reported_source", "reported_source_url", "note",
                     "short_name", "label_side", "road_source")
ROUTE_GEOMETRIES = ("LineString", "MultiLineString")
# A part of a route follows mapped road geometry ("road") or is a trace through documented points ("traced",
# approximate). A part whose kind is not given is traced: nothing is called real road unless the file says so.
PART_KINDS = ("road", "traced")
STORY_FIELDS = ("title", "framing", "source", "published", "published_text", "home_places", "name_usages")
LABEL_DIRECTIONS = ("right", "left", "top", "bottom")
PIN_SIDES = ("top", "bottom")
# Name usages come from the story: story.json declares them ("name_usages"), each place names itself in each
# ("usage_names"). The reader picks one, or "both" (every name, the common one first). A folder made before
# stories declared their usages has name_armenian_usage / name_azerbaijani_usage: those two properties stand for
# the usages below (with these labels when story.json declares none), so such a folder loads as it always did.
BOTH = "both"
LEGACY_USAGES = (("armenian", "Armenian usage"), ("azerbaijani", "Azerbaijani usage"))
LEGACY_NAME_KEYS = {f"name_{usage}_usage": usage for usage, _ in LEGACY_USAGES}
# The built-in story's name modes. A story's own are Story.name_modes; geo/kml.py still checks against this.
NAME_MODES = (BOTH, *(usage for usage, _ in LEGACY_USAGES))
USAGE_MEMBERS = ("id", "label")
MAX_NAME_USAGES = 6  # options of the switch above the map
MAX_USAGE_ID_CHARS, MAX_USAGE_LABEL_CHARS = 30, 40
# Used with fullmatch; the \Z (not $, which also matches before a final line break) keeps .match safe too.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")

# GeoJSON objects hold these members and no others. A FeatureCollection of places or routes may also carry
# the "name", "crs" and "bbox" that QGIS writes (checked, then ignored); a feature may carry an "id" (ignored).
COLLECTION_MEMBERS = ("type", "features", "name", "crs", "bbox")
BASEMAP_MEMBERS = ("type", "features", "bbox", "attribution")
FEATURE_MEMBERS = ("type", "geometry", "properties", "id")
GEOMETRY_MEMBERS = ("type", "coordinates")
# The one coordinate system a story uses, under the names a GIS tool writes it with.
CRS_NAMES = ("urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326")

# Limits that fit a classroom story (data/README.md, "Limits"), each checked before the work it bounds.
MAX_FILE_BYTES = 5_000_000  # any one file
MAX_ARTICLE_BYTES = 1_000_000
MAX_ARTICLE_LINES = 20_000  # non-empty lines
MAX_LINE_CHARS = 100_000  # one line (a paragraph) of the article
MAX_TEXT_CHARS = 10_000  # one text in a JSON file (a CSV cell: geo.csvio.MAX_CELL_CHARS)
MAX_JSON_DEPTH = 10  # levels of [ ] and { }: a basemap MultiPolygon needs 8
MAX_EVENTS, MAX_PLACES, MAX_ROUTES = 500, 500, 50
MAX_BASEMAP_FEATURES = 2_000
MAX_VERTICES = 200_000  # points of the routes and the basemap together
QUOTE_SEARCH_CHARS = 20_000_000  # article text searched, in all, to say on which line a misplaced quote is

_shown = reprlib.Repr()  # a value quoted in a message: short, and safe however deeply it nests
_shown.maxstring, _shown.maxother, _shown.maxlist, _shown.maxdict, _shown.maxlevel = 200, 200, 8, 8, 3
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Place:
    """A place; ``usage_names`` holds (usage id, name) pairs in the order story.json declares the usages."""
    id: str
    name: str
    lonlat: tuple[float, float]
    usage_names: tuple[tuple[str, str], ...] = ()
    other_names: tuple[str, ...] = ()
    labelled: bool = False
    label_direction: str = "right"
    pin_side: str = "top"
    geonames_id: int | None = None
    coord_source: str = ""
    note: str = ""

    def usage_name(self, usage: str) -> str:
        """The place's name in ``usage``; "" if it has none there (or ``usage`` is no usage of it)."""
        return next((name for key, name in self.usage_names if key == usage), "")

    def label(self, names: str = BOTH) -> str:
        """The place's name as the reader chose to see contested names.

        ``both`` (default) gives the common English name first and the names of the other usages after
        a slash ("Lachin / Berdzor"); a usage id ("armenian") gives that usage's name. A mode the place
        has no name for, or that the story does not declare, gives ``both``'s label: never nothing.
        """
        chosen = self.usage_name(names) if names != BOTH else ""
        if chosen:
            return chosen
        others = [name for _, name in self.usage_names if name and name != self.name]
        return " / ".join([self.name, *dict.fromkeys(others)])

    @property
    def all_names(self) -> list[str]:
        names = [self.name, *(name for _, name in self.usage_names), *self.other_names]
        return list(dict.fromkeys(n for n in names if n))

    # The old model's two fields, read (geo/export.py) and set (dataclasses.replace in tests) by older code.
    @property
    def name_armenian_usage(self) -> str:
        return self.usage_name("armenian")

    @property
    def name_azerbaijani_usage(self) -> str:
        return self.usage_name("azerbaijani")


def _with_legacy_names(usage_names: tuple[tuple[str, str], ...], legacy: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """``usage_names`` with the names given in the old model's keys set ("" removes that usage's name)."""
    names = dict(usage_names)
    for key, value in legacy.items():
        names[LEGACY_NAME_KEYS[key]] = value
    return tuple((usage, name) for usage, name in names.items() if name)


def _accept_legacy_names(init: Any) -> Any:
    """Place(..., name_armenian_usage=...) as older code writes it: the keys of the old model set usage names."""
    def __init__(self: Place, *args: Any, **kwargs: Any) -> None:
        legacy = {key: kwargs.pop(key) for key in list(kwargs) if key in LEGACY_NAME_KEYS}
        init(self, *args, **kwargs)
        if legacy:
            object.__setattr__(self, "usage_names", _with_legacy_names(self.usage_names, legacy))
    __init__.__doc__ = init.__doc__
    return __init__


Place.__init__ = _accept_legacy_names(Place.__init__)  # type: ignore[method-assign]


@dataclass(frozen=True)
class Route:
    """A route: ``parts`` in driving order, each with its kind (``part_kinds``), and ``lonlats``, the
    whole route as one line (the parts joined, a point shared by two parts once). A route made from
    ``lonlats`` alone is one traced part."""
    id: str
    name: str
    lonlats: tuple[tuple[float, float], ...]
    properties: dict[str, Any] = field(default_factory=dict, compare=False)
    parts: tuple[tuple[tuple[float, float], ...], ...] = ()
    part_kinds: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.parts:
            object.__setattr__(self, "parts", (tuple(self.lonlats),))
        if not self.part_kinds:
            object.__setattr__(self, "part_kinds", ("traced",) * len(self.parts))

    @property
    def reported_distance_km(self) -> float | None:
        value = self.properties.get("reported_distance_km")
        return float(value) if value is not None else None

    @cached_property
    def part_km(self) -> tuple[float, ...]:
        """Each part's geodesic length in km, measured once: every card, label and export asks for it."""
        from geo.geometry import length_km

        return tuple(length_km(part) for part in self.parts)


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

    def __post_init__(self) -> None:
        # Indexes for the look-ups the map, the card and the handout make per event: O(1) each, not a
        # scan of every event (that made a 20,000-event story take minutes). Not fields: equality,
        # repr and dataclasses.replace (which builds them again) see only the story itself.
        positions: dict[str, int] = {}
        at_place: dict[str, list[Event]] = {}
        for i, event in enumerate(self.events):
            positions.setdefault(event.id, i)
            at_place.setdefault(event.place, []).append(event)
        object.__setattr__(self, "_positions", positions)
        object.__setattr__(self, "_at_place", at_place)

    def event(self, event_id: str) -> Event:
        """The event with this id; KeyError if there is none."""
        return self.events[self._positions[event_id]]  # type: ignore[attr-defined]

    def number(self, event_id: str) -> int:
        """An event's 1-based position in story order; KeyError if there is none."""
        return self._positions[event_id] + 1  # type: ignore[attr-defined]

    def events_at(self, place_id: str) -> list[Event]:
        """The events pinned to a place, in story order."""
        return list(self._at_place.get(place_id, ()))  # type: ignore[attr-defined]

    @property
    def name_usages(self) -> tuple[tuple[str, str], ...]:
        """(id, label) of each name usage the story declares, in its order; () for a story of plain names."""
        return tuple((u["id"], u["label"]) for u in self.meta.get("name_usages") or ())

    @property
    def name_modes(self) -> tuple[str, ...]:
        """The place-name modes a reader may pick: ``both``, then each usage; just ``both`` if there is none."""
        return (BOTH, *(usage for usage, _ in self.name_usages))

    def name_labels(self) -> dict[str, str]:
        """{mode: what the switch calls it}: "Both names" (or "All names", for three usages or more), then the
        story's own labels."""
        usages = self.name_usages
        return {BOTH: "Both names" if len(usages) <= 2 else "All names", **dict(usages)}

    def name_mode(self, wanted: Any) -> str:
        """``wanted`` if it is one of this story's modes, else ``both``: a link, a session or another story's
        setting that names a usage this story lacks shows every name instead of failing."""
        return wanted if isinstance(wanted, str) and wanted in self.name_modes else BOTH


def article_lines(text: str) -> list[str]:
    """The article's non-empty lines: line N of a story is item N-1 of this list.

    Lines end at a line feed, a carriage return or both, as a text editor counts them; not at the
    other characters ``str.splitlines`` also splits at (U+2028, \\x0b, \\x0c, \\x1c-\\x1e, \\x85).
    """
    return [line.strip() for line in _LINE_BREAK.split(text) if line.strip()]


def _line_and_column(text: str, at: int) -> tuple[int, int]:
    """The 1-based line and column of character ``at``, lines counted as an editor counts them."""
    breaks = list(_LINE_BREAK.finditer(text, 0, at))
    return len(breaks) + 1, at - (breaks[-1].end() if breaks else 0) + 1


def _known(ids: list[str]) -> str:
    shown = ", ".join(ids[:8])
    return shown + (", …" if len(ids) > 8 else "")


def _decode(files: Mapping[str, bytes], name: str, out: Collector, limit: int = MAX_FILE_BYTES) -> str | None:
    if name not in files:
        if name in REQUIRED_FILES:
            out.add(name, "", "the file is missing.", f"add {name} to the story folder (see data/README.md).")
        return None
    if len(files[name]) > limit:  # before decoding: a huge file costs nothing more
        out.add(name, "", f"the file is {len(files[name]):,} bytes; the limit is {limit:,} bytes.",
                "see Limits in data/README.md: a classroom story is much smaller.")
        return None
    data = files[name]
    try:
        # Any byte order marks at the start (Excel writes one; a tool that adds its own to a copy, two) are not text.
        text = data.decode("utf-8-sig").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        where, message = not_utf8(data, exc.start + (3 if data.startswith(codecs.BOM_UTF8) else 0))
        out.add(name, where, message, UTF8_FIX)
        return None
    if _utf16(data):  # UTF-16 without its byte order mark reads as UTF-8 with a NUL after each letter
        out.add(name, "", UTF16_MESSAGE, UTF8_FIX)
        return None
    return text


UTF8_FIX = "save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8'; in Notepad: Save As › Encoding › UTF-8)."
UTF16_MESSAGE = "the file is UTF-16 text (as Excel's 'Unicode Text' saves it), not UTF-8."


def _utf16(data: bytes) -> bool:
    """Bytes that look like UTF-16: its byte order mark, or a NUL byte for every other byte of the start."""
    head = data[:2000]
    return data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head.count(b"\x00") > len(head) // 4


def not_utf8(data: bytes, at: int) -> tuple[str, str]:
    """(where, what) for bytes that are not UTF-8 from byte ``at`` on: which line, after which text, and what
    the file probably is (UTF-16, as Excel's "Unicode Text" saves it; Windows-1252 or another old encoding)."""
    if _utf16(data):
        return "", UTF16_MESSAGE
    line_start = max(data.rfind(b"\n", 0, at), data.rfind(b"\r", 0, at)) + 1
    line = len(re.findall(rb"\r\n|\r|\n", data[:line_start])) + 1
    before = data[max(line_start, at - 40):at].decode("utf-8", "replace").lstrip("\ufeff")
    if at - 40 > line_start and " " in before:  # cut in the middle of the line: start at a word
        before = before[before.index(" ") + 1:]
    try:
        data.decode("cp1252")
        kind = "it was probably saved in an older encoding, such as Windows-1252"
    except UnicodeDecodeError:  # bytes that Windows-1252 leaves undefined: some other encoding
        kind = "it was probably saved in an older encoding"
    after = f" after {before!r}" if before.strip() else " at the start of the line"
    return f"line {line}", f"the file is not UTF-8 text: the character{after} (byte {at:,}) cannot be read; {kind}."


class _NotANumber(ValueError):
    """NaN or Infinity: json.loads reads them, JSON does not allow them, and no output can draw them."""


def _refuse_constant(name: str) -> Any:
    raise _NotANumber(name)


def _path_text(path: tuple | None) -> tuple[str, str]:
    """(where, what) for a value in a JSON file: ("feature 3", "properties.name"), ("", "other_names item 2").

    ``path`` is linked, (parent path, key) or None for the top, so the walk below copies nothing per value.
    """
    steps: list = []
    while path is not None:
        path, key = path
        steps.append(key)
    steps.reverse()
    where = ""
    if len(steps) >= 2 and steps[0] == "features" and isinstance(steps[1], int):
        where, steps = f"feature {steps[1] + 1}", steps[2:]
    what, after_key = "", False
    for step in steps:
        if isinstance(step, int):
            what, after_key = f"{what} item {step + 1}", False
        else:
            what, after_key = what + ("." if after_key else " ") + step, True
    return where, what.strip()


_NESTED = (str, list, dict)


def _check_json_tree(data: Any, name: str, out: Collector) -> bool:
    """Every container and text of a parsed JSON file, walked without recursion: True if all is well.

    Refuses nesting deeper than ``MAX_JSON_DEPTH`` (json.loads reads 900 levels; later code that
    recursed on them would end in RecursionError), and any key or text that ``text_problem`` refuses
    (a lone surrogate from a "\\ud800" escape, a control character, an unclosed direction control).
    """
    ok = True
    stack: list[tuple[Any, Any, int]] = [(data, None, 1)]
    while stack and not out.full:
        value, path, depth = stack.pop()
        if type(value) is str:
            problem = text_problem(value, MAX_TEXT_CHARS)
            if problem:
                where, what = _path_text(path)
                out.add(name, where, f"{what or 'the text'} {problem[0]}", problem[1])
                ok = False
            continue
        if depth > MAX_JSON_DEPTH:
            where, what = _path_text(path)
            out.add(name, where, f"the file nests brackets too deeply to be read (more than {MAX_JSON_DEPTH} levels"
                    + (f", in {what}" if what else "") + ").",
                    "a story file needs only a few levels of [ ] and { }: look for stray brackets.")
            return False
        if type(value) not in (dict, list):  # a whole file that is one number, true, false or null
            continue
        if type(value) is dict:
            for key in value:
                problem = text_problem(key, MAX_TEXT_CHARS)
                if problem:
                    where, what = _path_text(path)
                    out.add(name, where, f"a key{' in ' + what if what else ''} {problem[0]}", problem[1])
                    ok = False
            children = [(item, (path, key), depth + 1) for key, item in value.items() if isinstance(item, _NESTED)]
        elif type(value) is list:  # its numbers, true, false and null need no look
            children = [(item, (path, i), depth + 1) for i, item in enumerate(value) if isinstance(item, _NESTED)]
        children.reverse()  # popped, and so reported, in the file's order
        stack += children
    return ok


def _json(files: Mapping[str, bytes], name: str, out: Collector) -> Any:
    text = _decode(files, name, out)
    if text is None:
        return None
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        line, column = _line_and_column(text, exc.pos)  # json counts only \\n: a file saved with \\r alone is one line to it
        out.add(name, f"line {line}", f"the file is not valid JSON ({exc.msg}, column {column}).",
                "check for a missing comma, quote or bracket there.")
        return None
    except RecursionError:
        out.add(name, "", "the file nests brackets too deeply to be read.",
                "a story file needs only a few levels of [ ] and { }: look for stray brackets.")
        return None
    except _NotANumber as exc:
        out.add(name, "", f"the file holds {exc}, which is not a number JSON allows.", "write a number, or null.")
        return None
    except ValueError:  # a whole number longer than Python will read (4300 digits)
        out.add(name, "", "the file holds a number too long to be read.", "shorten the number to a few digits.")
        return None
    if data is None:  # not a missing file: the checks below would skip it as if it were
        out.add(name, "", "the file holds only null.", "see data/README.md for what it must hold.")
    # Nothing downstream sees a file with a text it cannot show: a message quoting it would fail too.
    return data if _check_json_tree(data, name, out) else None


def _number(value: Any) -> bool:
    """A JSON number (not true/false) that fits a float: an int of 400 digits does not."""
    kind = type(value)
    if kind is float:
        return math.isfinite(value)
    return kind is int and abs(value) <= sys.float_info.max


def _position(value: Any) -> tuple[float, float] | None:
    """(lon, lat) of a GeoJSON position: 2 numbers, or 3 with an altitude (ignored), in range; else None.

    Called once per point of every line and shape, so it does the least it can.
    """
    if type(value) is not list or not 2 <= len(value) <= 3:
        return None
    for v in value:
        if type(v) is not float and type(v) is not int:  # `type is`: true and false are not numbers here
            return None
    try:
        lon, lat = float(value[0]), float(value[1])
        if len(value) == 3 and not math.isfinite(float(value[2])):
            return None
    except OverflowError:  # an int too large for a float (10**400)
        return None
    return (lon, lat) if -180 <= lon <= 180 and -90 <= lat <= 90 else None  # NaN and infinity fail here too


def _lonlat(value: Any, name: str, where: str, out: Collector) -> tuple[float, float] | None:
    lonlat = _position(value)
    if lonlat is not None:
        return lonlat
    if (type(value) is not list or not 2 <= len(value) <= 3
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
        out.add(name, where, f"coordinates must be two numbers [longitude, latitude], not {_shown.repr(value)}.",
                "write them as [lon, lat] in decimal degrees, e.g. [46.7528, 39.8177].")
    else:
        out.add(name, where, f"coordinates {_shown.repr(value)} are out of range "
                "(longitude must be within -180..180 and latitude within -90..90).",
                "GeoJSON puts longitude first: check the order and the signs.")
    return None


def _unknown(obj: dict, allowed: tuple[str, ...], what: str, name: str, where: str, out: Collector) -> bool:
    """Report the members of ``obj`` that are not ``allowed``; True if there are none."""
    unknown = [k for k in obj if k not in allowed]
    if unknown:
        out.add(name, where, f"unknown members in {what}: {', '.join(unknown)}.",
                f"{what} may hold only: {', '.join(allowed)}; delete the others.")
    return not unknown


def _collection(data: Any, name: str, allowed: tuple[str, ...], limit: int, what: str, fix: str,
                out: Collector) -> list | None:
    """The features of a FeatureCollection, once its own members are known and its size within ``limit``."""
    if data is None:
        return None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        out.add(name, "", "the file is not a GeoJSON FeatureCollection.", fix)
        return None
    ok = _unknown(data, allowed, "the FeatureCollection", name, "", out)
    bbox = data.get("bbox")
    if bbox is not None and not (isinstance(bbox, list) and len(bbox) == 4 and all(_number(v) for v in bbox)):
        out.add(name, "bbox", "bbox must be four numbers: west, south, east, north.", "fix or remove it.")
        ok = False
    if data.get("name") is not None and not isinstance(data["name"], str):
        out.add(name, "name", f"name must be text, not {_shown.repr(data['name'])}.", "put the name in double quotes, or remove it.")
        ok = False
    crs = data.get("crs")
    if crs is not None and crs not in [{"type": "name", "properties": {"name": crs_name}} for crs_name in CRS_NAMES]:
        out.add(name, "crs", "crs must name longitude and latitude on WGS 84 (urn:ogc:def:crs:OGC:1.3:CRS84).",
                "save the layer in EPSG:4326 (WGS 84), or remove the crs member.")
        ok = False
    if len(data["features"]) > limit:
        out.add(name, "", f"the file has {len(data['features']):,} features; a story may have at most {limit:,} {what}.",
                "see Limits in data/README.md.")
        return None
    return data["features"] if ok else None


def _feature_parts(feature: Any, i: int, name: str, out: Collector) -> tuple[str, dict, Any] | None:
    """(where, properties, geometry) of a Feature whose members are known, or None (reported)."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        out.add(name, f"feature {i}", "the feature is not a GeoJSON Feature object.",
                'write it as {"type": "Feature", "geometry": {...}, "properties": {...}}.')
        return None
    props = feature.get("properties")
    ident = props.get("id") if isinstance(props, dict) else None
    where = f"feature {i}" + (f' (id "{ident}")' if isinstance(ident, str) and ID_PATTERN.fullmatch(ident) else "")
    ok = _unknown(feature, FEATURE_MEMBERS, "the feature", name, where, out)
    if "id" in feature and not (isinstance(feature["id"], str) or type(feature["id"]) is int):
        out.add(name, where, f"the feature's id must be text or a whole number, not {_shown.repr(feature['id'])}.",
                "fix or remove it.")
        ok = False
    if not isinstance(props, dict):
        out.add(name, where, "the feature has no properties.", "give it a properties object with at least an id and a name.")
        return None
    return (where, props, feature.get("geometry")) if ok else None


def _geometry(geometry: Any, kinds: tuple[str, ...], name: str, where: str, out: Collector) -> dict | None:
    """A geometry that holds exactly a type of ``kinds`` and coordinates; None (reported) otherwise."""
    if not isinstance(geometry, dict) or geometry.get("type") not in kinds:
        got = geometry.get("type") if isinstance(geometry, dict) else None
        out.add(name, where, f"the geometry must be a {' or '.join(kinds)}, not {_shown.repr(got)}.",
                f"give the feature a {kinds[0]} geometry.")
        return None
    if not _unknown(geometry, GEOMETRY_MEMBERS, "the geometry", name, where, out):
        return None
    return geometry


def _text_fields(props: Mapping[str, Any], keys: tuple[str, ...], name: str, where: str, out: Collector) -> bool:
    """Optional text properties: absent, null (as a GIS tool writes an empty field) or text."""
    ok = True
    for key in keys:
        if props.get(key) is not None and not isinstance(props[key], str):
            out.add(name, where, f"{key} must be text, not {_shown.repr(props[key])}.", "put the value in double quotes, or leave it out.")
            ok = False
    return ok


def _check_id(ident: Any, seen: set[str], name: str, where: str, out: Collector) -> bool:
    if not isinstance(ident, str) or not ID_PATTERN.fullmatch(ident):
        out.add(name, where, f"id {_shown.repr(ident)} is not a kebab-case id.",
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


COLLECTION_FIX = 'it must look like {"type": "FeatureCollection", "features": [...]}.'


def _usage_names(props: Mapping[str, Any], declared: list[tuple[str, str]] | None, where: str,
                 out: Collector) -> tuple[tuple[tuple[str, str], ...], bool]:
    """A place's names by usage, in the order the story declares its usages (problems reported), and whether
    it gives any in the old model's keys (name_armenian_usage, name_azerbaijani_usage).

    ``declared`` is None when story.json declares no usages: then only the old keys may name usages, and
    they stand for ``LEGACY_USAGES``.
    """
    usages = declared if declared is not None else list(LEGACY_USAGES)
    ids = [usage for usage, _ in usages]
    names: dict[str, str] = {}
    given = props.get("usage_names")
    if given is not None:
        if declared is None:
            out.add(PLACES_FILE, where, "usage_names needs the story's name usages, and story.json declares none.",
                    f"declare them in story.json, e.g. {USAGES_EXAMPLE}.")
        elif not isinstance(given, dict) or not all(isinstance(name, str) for name in given.values()):
            out.add(PLACES_FILE, where, f"usage_names must be an object of usage id and name, not {_shown.repr(given)}.",
                    'e.g. "usage_names": {"armenian": "Stepanakert", "azerbaijani": "Khankendi"}.')
        else:
            for usage, name in given.items():
                if usage not in ids:
                    out.add(PLACES_FILE, where, f"usage_names has {_shown.repr(usage)}, a usage story.json does not declare "
                            f"(it declares: {', '.join(ids) or 'none'}).",
                            "use the ids of story.json's name_usages, or declare the usage there.")
                elif not name.strip():
                    out.add(PLACES_FILE, where, f'usage_names gives "{usage}" an empty name.',
                            "write the name, or leave usage_names out for a place with one name.")
                else:
                    names[usage] = name.strip()
    legacy = {key: _text(props, key) for key in LEGACY_NAME_KEYS if _text(props, key)}
    for key, name in legacy.items():
        usage = LEGACY_NAME_KEYS[key]
        if usage not in ids:
            out.add(PLACES_FILE, where, f'{key} is a name in the usage "{usage}", which story.json does not declare '
                    f"(it declares: {', '.join(ids) or 'none'}).",
                    f'write the name in usage_names under one of story.json\'s usage ids, or declare "{usage}" there.')
        elif usage in names:
            out.add(PLACES_FILE, where, f'the name in the usage "{usage}" is given twice: in usage_names and in {key}.',
                    f"keep the one in usage_names and delete {key}.")
        else:
            names[usage] = name
    missing = [label for usage, label in usages if usage not in names]
    if names and missing:
        if declared is None:  # an older folder: its own words
            out.add(PLACES_FILE, where, "a contested place needs both name_armenian_usage and name_azerbaijani_usage.",
                    "give both names, or neither for a place with one name.")
        else:
            has = [label for usage, label in usages if usage in names]
            out.add(PLACES_FILE, where, f"the place has a name in {_listed(has)} but none in {_listed(missing)}.",
                    f"give it a name in every usage story.json declares ({', '.join(ids)}), or in none for a place "
                    "with one name.")
    return tuple((usage, names[usage]) for usage in ids if usage in names), bool(legacy)


def _usages_named(props: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The usages a place names, as if declared: for checking a place while story.json cannot be read."""
    given = props.get("usage_names")
    ids = [*(given if isinstance(given, dict) else ()), *(LEGACY_NAME_KEYS[k] for k in LEGACY_NAME_KEYS if _text(props, k))]
    return [(usage, usage) for usage in dict.fromkeys(ids)]


def _listed(words: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _parse_places(data: Any, out: Collector, declared: list[tuple[str, str]] | None = None,
                  story_known: bool = True) -> tuple[dict[str, Place], bool]:
    """The valid places, and whether any names a usage in the old model's keys (see ``_usage_names``).

    Without a readable story.json (``story_known`` false, reported already) the usages are unknown: each
    place's names by usage are taken as they are, so that one broken file is not reported once per place.
    """
    places: dict[str, Place] = {}
    wheres: dict[str, str] = {}
    legacy_used = False
    seen: set[str] = set()
    features = _collection(data, PLACES_FILE, COLLECTION_MEMBERS, MAX_PLACES, "places", COLLECTION_FIX, out)
    for i, feature in enumerate(features or [], 1):
        if out.full:
            break
        parts = _feature_parts(feature, i, PLACES_FILE, out)
        if parts is None:
            continue
        where, props, geometry = parts
        geometry = _geometry(geometry, ("Point",), PLACES_FILE, where, out)
        if geometry is None:
            continue
        ok = _check_id(props.get("id"), seen, PLACES_FILE, where, out)
        lonlat = _lonlat(geometry.get("coordinates"), PLACES_FILE, where, out)
        unknown = sorted(set(props) - set(PLACE_FIELDS))
        if unknown:
            out.add(PLACES_FILE, where, f"unknown properties: {', '.join(unknown)}.",
                    f"use only: {', '.join(k for k in PLACE_FIELDS if k not in LEGACY_NAME_KEYS)}.")
        ok = _text_fields(props, PLACE_TEXT_FIELDS, PLACES_FILE, where, out) and ok
        if not _text(props, "name") and isinstance(props.get("name", ""), (str, type(None))):  # other types: reported above
            out.add(PLACES_FILE, where, "the place has no name.", 'add a "name" property.')
            ok = False
        usage_names, legacy = _usage_names(props, declared if story_known else _usages_named(props), where, out)
        legacy_used = legacy_used or legacy
        other = props.get("other_names")
        if other is None:
            other = []
        elif not isinstance(other, list) or not all(isinstance(n, str) for n in other):
            out.add(PLACES_FILE, where, "other_names must be a list of strings.", 'e.g. "other_names": ["Xankəndi"].')
            other = []
        geonames = props.get("geonames_id")
        if geonames is not None and (type(geonames) is not int or not 0 < geonames < 10**10):
            out.add(PLACES_FILE, where, f"geonames_id must be a whole number or null, not {_shown.repr(geonames)}.",
                    "copy the number from the GeoNames record, or write null.")
            geonames = None
        if geonames is None and not _text(props, "coord_source"):
            out.add(PLACES_FILE, where, "a place without a geonames_id must say where its coordinates come from.",
                    'add a "coord_source" property, e.g. "Estimate, about ±3 km: ...".')
        if props.get("labelled") is not None and not isinstance(props["labelled"], bool):
            out.add(PLACES_FILE, where, f"labelled must be true or false, not {_shown.repr(props['labelled'])}.",
                    "write true or false without quotes.")
        direction = _text(props, "label_direction") or "right"
        if direction not in LABEL_DIRECTIONS:
            out.add(PLACES_FILE, where, f"label_direction {_shown.repr(direction)} is not one of: {', '.join(LABEL_DIRECTIONS)}.",
                    "pick one of those, or leave it out.")
            direction = "right"
        pin_side = _text(props, "pin_side") or "top"
        if pin_side not in PIN_SIDES:
            out.add(PLACES_FILE, where, f"pin_side {_shown.repr(pin_side)} is not one of: {', '.join(PIN_SIDES)}.",
                    "pick one of those, or leave it out.")
            pin_side = "top"
        if ok and lonlat:
            wheres[props["id"]] = where
            places[props["id"]] = Place(
                id=props["id"], name=_text(props, "name"), lonlat=lonlat, usage_names=usage_names,
                other_names=tuple(other), labelled=props.get("labelled") is True,
                label_direction=direction, pin_side=pin_side, geonames_id=geonames, coord_source=_text(props, "coord_source"),
                note=_text(props, "note"),
            )
    if data is not None and not places and not out.count:
        out.add(PLACES_FILE, "", "the story has no places.", "add at least one Point feature.")
    for place_id, (given, swapped, far, near) in _swapped_places(places).items():
        out.add(PLACES_FILE, wheres[place_id],
                f"coordinates {_pair(given)} look like latitude and longitude swapped: they land {_km_text(far)} from "
                f"the middle of the story's other places, and {_pair(swapped)} lands {_km_text(near)} from it.",
                f"GeoJSON puts longitude first: write {_pair(swapped)}, i.e. [longitude, latitude].")
    return places, legacy_used


# A place far from the others whose swapped pair lands among them: latitude and longitude typed the wrong way
# round. A place that is genuinely far (Ankara, in a story told from Goris) is not flagged: its swapped pair lands
# far away too. "Far": SWAP_FAR_KM from the others' middle, and SWAP_RATIO times farther than the swapped pair;
# "among them": within SWAP_NEAR_KM of that middle, or twice the others' typical distance from it.
SWAP_FAR_KM, SWAP_NEAR_KM, SWAP_RATIO = 400.0, 200.0, 4.0
SWAP_EXACT_UP_TO = 50


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lon, lat) points (a sphere is close enough to say "far")."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _swapped_places(places: Mapping[str, Place]) -> dict[str, tuple[tuple[float, float], tuple[float, float], float, float]]:
    """{place id: (its pair, the swapped pair, km from the others' middle as given, km swapped)} for each place
    whose coordinates look swapped. The others' middle is their median longitude and latitude (one stray place
    cannot move it far), and their spread the median distance from it; past SWAP_EXACT_UP_TO places, the
    spread of all the places stands in for the others' (one place changes it little), keeping this O(n log n)
    per place for the MAX_PLACES a story may have."""
    points = {pid: place.lonlat for pid, place in places.items()}
    if len(points) < 2:
        return {}
    middle_all = (_median([p[0] for p in points.values()]), _median([p[1] for p in points.values()]))
    typical_all = _median([_km(p, middle_all) for p in points.values()])
    found = {}
    for pid, (lon, lat) in points.items():
        if abs(lat) > 90 or abs(lon) > 90 or lon == lat:  # swapped, it would not be a position, or the same one
            continue
        others = [p for other, p in points.items() if other != pid]
        middle = (_median([p[0] for p in others]), _median([p[1] for p in others]))
        typical = _median([_km(p, middle) for p in others]) if len(others) <= SWAP_EXACT_UP_TO else typical_all
        near_km = max(SWAP_NEAR_KM, 2 * typical)
        far, near = _km((lon, lat), middle), _km((lat, lon), middle)
        if near <= near_km and far >= max(SWAP_FAR_KM, SWAP_RATIO * near):
            found[pid] = ((lon, lat), (lat, lon), far, near)
    return found


def _pair(lonlat: tuple[float, float]) -> str:
    return f"[{lonlat[0]!r}, {lonlat[1]!r}]"


def _km_text(km: float) -> str:
    return f"{round(km, -1) if km >= 100 else round(km):,.0f} km"


def _vertex_count(features: list, kinds: dict[str, int]) -> int:
    """How many positions the geometries of ``features`` hold, counted without checking them (cheap)."""
    total = 0
    for feature in features:
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        levels = kinds.get(kind) if isinstance(kind, str) else None  # a list as a type is no key (unhashable)
        layer = [geometry.get("coordinates")] if levels is not None else []
        for _ in range(levels or 0):
            layer = [item for part in layer if isinstance(part, list) for item in part]
        total += sum(1 for part in layer if isinstance(part, list))
    return total


def _over_budget(name: str, vertices: int, budget: int, out: Collector) -> bool:
    if vertices <= budget:
        return False
    out.add(name, "", f"the file's lines and shapes have {vertices:,} points; a story may have at most "
            f"{MAX_VERTICES:,} in routes.geojson and basemap.geojson together ({budget:,} {'is' if budget == 1 else 'are'} "
            "left for this file).",
            "simplify the lines (in QGIS: Vector › Geometry Tools › Simplify), or see Limits in data/README.md.")
    return True


def _route_parts(geometry: dict, where: str, out: Collector) -> list[list] | None:
    """The parts of a LineString (one part) or MultiLineString route as lists of positions, each checked
    (None for a bad point, reported); None (reported) if a part has fewer than two points."""
    coords = geometry.get("coordinates")
    multi = geometry["type"] == "MultiLineString"
    if not multi:
        if not isinstance(coords, list) or len(coords) < 2:
            out.add(ROUTES_FILE, where, "a route needs at least two points.", "list its points in order, [lon, lat] each.")
            return None
        return [[_position(c) or _lonlat(c, ROUTES_FILE, f"{where} point {j}", out) for j, c in enumerate(coords, 1)]]
    if not isinstance(coords, list) or not coords:
        out.add(ROUTES_FILE, where, "a MultiLineString route needs at least one part.",
                "list its parts in driving order, each a list of [lon, lat] points.")
        return None
    parts = []
    for k, part in enumerate(coords, 1):
        if isinstance(part, list) and part and not isinstance(part[0], list):
            out.add(ROUTES_FILE, where, f"part {k} of the line is one point, not a list of points.",
                    'a MultiLineString holds lists of [lon, lat] points, [[[lon, lat], [lon, lat]], …]; a single line '
                    'can be a "LineString" instead.')
            return None
        if not isinstance(part, list) or len(part) < 2:
            out.add(ROUTES_FILE, where, f"part {k} of the line needs at least two points.",
                    "list its parts in driving order, each a list of [lon, lat] points.")
            return None
        parts.append([_position(c) or _lonlat(c, ROUTES_FILE, f"{where} part {k} point {j}", out)
                      for j, c in enumerate(part, 1)])
    return parts


def _part_list(props: Mapping[str, Any], key: str, count: int, where: str, out: Collector) -> list[str] | None:
    """``part_kinds`` or ``part_names``: one text per part of the line (a kind: road or traced); None if absent
    or wrong (reported)."""
    value = props.get(key)
    if value is None:
        return None
    noun = "kind" if key == "part_kinds" else "name"
    if key == "part_kinds" and not (isinstance(value, list) and all(isinstance(v, str) and v in PART_KINDS for v in value)):
        out.add(ROUTES_FILE, where, f'part_kinds must be a list of "road" or "traced", one per part of the line, '
                f"not {_shown.repr(value)}.", 'e.g. ["traced", "road"] for a line of two parts, or leave it out '
                "(every part is then traced).")
        return None
    if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        out.add(ROUTES_FILE, where, f"{key} must be a list of text, one per part of the line.",
                'e.g. ["Stepanakert → Mets Shen", "Mets Shen → Goris"], or leave it out.')
        return None
    if len(value) != count:
        out.add(ROUTES_FILE, where, f"{key} gives {len(value)} {noun}{'s' if len(value) != 1 else ''} for a line of "
                f"{count} part{'s' if count != 1 else ''}.", f"give one {noun} per part, in the order of the parts.")
        return None
    return value


def _parse_routes(data: Any, out: Collector) -> tuple[list[Route], int]:
    """The valid routes, and how many points all the routes hold (counted against ``MAX_VERTICES``)."""
    routes: list[Route] = []
    seen: set[str] = set()
    features = _collection(data, ROUTES_FILE, COLLECTION_MEMBERS, MAX_ROUTES, "routes", COLLECTION_FIX, out) or []
    vertices = _vertex_count(features, {"LineString": 1, "MultiLineString": 2})
    if _over_budget(ROUTES_FILE, vertices, MAX_VERTICES, out):
        return [], vertices
    for i, feature in enumerate(features, 1):
        if out.full:
            break
        parts = _feature_parts(feature, i, ROUTES_FILE, out)
        if parts is None:
            continue
        where, props, geometry = parts
        geometry = _geometry(geometry, ROUTE_GEOMETRIES, ROUTES_FILE, where, out)
        if geometry is None:
            continue
        ok = _check_id(props.get("id"), seen, ROUTES_FILE, where, out)
        if not _text(props, "name") and isinstance(props.get("name", ""), (str, type(None))):
            out.add(ROUTES_FILE, where, "the route has no name.", 'add a "name" property.')
            ok = False
        lines = _route_parts(geometry, where, out)
        if lines is None:
            continue
        unknown = sorted(set(props) - set(ROUTE_FIELDS))
        if unknown:
            out.add(ROUTES_FILE, where, f"unknown properties: {', '.join(unknown)}.", f"use only: {', '.join(ROUTE_FIELDS)}.")
        ok = _text_fields(props, ("name", *ROUTE_TEXT_FIELDS), ROUTES_FILE, where, out) and ok
        for key, kind, example in (("waypoints", str, '["Stepanakert", "Goris"]'), ("waypoint_orders", int, "[1, 2, 3]")):
            value = props.get(key)
            if value is not None and not (isinstance(value, list) and all(type(v) is kind for v in value)):
                out.add(ROUTES_FILE, where, f"{key} must be a list of {'text' if kind is str else 'whole numbers'}.", f"e.g. {example}.")
                ok = False
        kinds = _part_list(props, "part_kinds", len(lines), where, out)
        ok = (kinds is not None or props.get("part_kinds") is None) and ok
        ok = (_part_list(props, "part_names", len(lines), where, out) is not None or props.get("part_names") is None) and ok
        distance = props.get("reported_distance_km")
        # 0 < d <= max float: also refuses NaN, infinity and an int too large for a float.
        if distance is not None and (not isinstance(distance, (int, float)) or isinstance(distance, bool)
                                     or not 0 < distance <= sys.float_info.max):
            out.add(ROUTES_FILE, where, f"reported_distance_km must be a positive number, not {_shown.repr(distance)}.",
                    "write the reported road distance in km, or leave it out.")
            ok = False
        if ok and all(all(line) for line in lines):
            tuples = tuple(tuple(line) for line in lines)
            routes.append(Route(id=props["id"], name=_text(props, "name"), lonlats=tuple(join_lines(tuples)),
                                properties=dict(props), parts=tuples,
                                part_kinds=tuple(kinds or ("traced",) * len(tuples))))
    return routes, vertices


class _LineFinder:
    """On which article line a text is: one joined copy of the article, searched at C speed.

    A hint only (for "the quote is on line N"), so it has a budget: once ``QUOTE_SEARCH_CHARS`` of
    article have been searched, it says nothing more. Before this, each misplaced quote scanned
    every line (a 5 MB one-line article and 3,000 misplaced quotes took 90 s).
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.text = "\n".join(lines)
        self.starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
        self.budget = QUOTE_SEARCH_CHARS
        self.found: dict[str, int | None] = {}
        self._folded: tuple[list[str], str, list[int]] | None = None  # the article as quotes.fold sees it
        self.near_misses = NearMissBudget()

    def line_of(self, quote: str) -> int | None:
        """The 1-based number of the first line that holds ``quote``; None if none does, or the budget is spent."""
        if "\n" in quote or "\r" in quote:  # no line holds a line break
            return None
        if quote not in self.found:
            if self.budget < len(self.text):
                return None
            self.budget -= len(self.text)
            at = self.text.find(quote)  # the text has no line break, so a match never spans two lines
            self.found[quote] = bisect_right(self.starts, at) if at >= 0 else None
        return self.found[quote]

    def folded_line_of(self, quote: str) -> int | None:
        """The first line that holds ``quote`` once case, look-alike marks and spacing are set aside
        (``quotes.fold``); None if none does, or the budget is spent."""
        if "\n" in quote or "\r" in quote or self.budget < len(self.text):
            return None
        self.budget -= len(self.text)
        _, text, starts = self.folded()
        at = text.find(fold(quote)) if fold(quote) else -1
        return bisect_right(starts, at) if at >= 0 else None

    def folded(self) -> tuple[list[str], str, list[int]]:
        """The folded lines, joined, and where each starts: made once, when a quote first misses (one pass)."""
        if self._folded is None:
            lines = [fold(line) for line in self.lines]
            self._folded = lines, "\n".join(lines), list(accumulate((len(line) + 1 for line in lines), initial=0))
        return self._folded

    def misquoted(self, words: str, number: int, what: str = "the quote") -> tuple[str, str]:
        """(message, fix) for ``words`` that are not verbatim on line ``number``: the line they are on, else
        how they differ from the closest passage of that line or of the line that nearly holds them."""
        quote = what == "the quote"  # date_text belongs to the quote's line: no other line is offered for it
        head = f"{what} is not found verbatim on article line {number}" if quote else \
            f"{what} {words!r} is not found verbatim on article line {number}"
        found = self.line_of(words) if quote else None
        if found:
            return f"{head}.", f"{what} is on line {found}: correct the line number."
        # Another line that holds the words but for case, look-alike marks and spacing is a better match
        # than this line with a word changed; this line, if it holds them so, is the best.
        here = fold(words) in self.folded()[0][number - 1]
        other = self.folded_line_of(words) if quote and not here else None
        if other and other != number:
            miss = near_miss(self.lines[other - 1], words, other, what, self.near_misses)
            if miss is not None:
                return (f"{head}; line {other} nearly has it: {'; '.join(miss.differences)}.",
                        f"correct the line number to {other}, and {near_miss_fix(miss, other, what)}")
        miss = near_miss(self.lines[number - 1], words, number, what, self.near_misses)
        if miss is not None:
            return f"{head}: {'; '.join(miss.differences)}.", near_miss_fix(miss, number, what)
        if what == "the quote":
            return f"{head}.", "copy the words exactly from the article, typos included."
        return f"{head}.", "copy the article's own words for the time, or leave date_text empty."


def _parse_events(text: str | None, places: dict[str, Place], lines: list[str] | None,
                  out: Collector) -> tuple[list[Event], list[str]]:
    """The valid events, and every id in the file (a broken row's id still names its event)."""
    if text is None:
        return [], []
    events: list[Event] = []
    seen: set[str] = set()
    known_places = list(places)
    finder = _LineFinder(lines) if lines is not None else None
    unshowable: list[dict[str, str]] = []
    for row_number, cells in read_csv_rows(text, EVENTS_FILE, EVENT_COLUMNS, REQUIRED_EVENT_COLUMNS, out, MAX_EVENTS, unshowable):
        if out.full:
            break
        # The id names the row only if it is one: a broken id is quoted, escaped, in its own message.
        where = f"row {row_number}" + (f' (id "{cells["id"]}")' if ID_PATTERN.fullmatch(cells.get("id", "")) else "")
        problems_before = out.count
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
        elif lines is not None and finder is not None:
            number = int(line_text)
            if not 1 <= number <= len(lines):
                out.add(EVENTS_FILE, where, f"line {number} is not in the article, which has "
                        f"{plural(len(lines), 'non-empty line')}.",
                        "count only non-empty lines, from 1.")
            else:
                source = lines[number - 1]
                if cells.get("quote") and cells["quote"] not in source:
                    out.add(EVENTS_FILE, where, *finder.misquoted(cells["quote"], number))
                elif cells.get("date_text") and cells["date_text"] not in source:
                    out.add(EVENTS_FILE, where, *finder.misquoted(cells["date_text"], number, "date_text"))
        if out.count == problems_before:
            events.append(Event(**{k: cells.get(k, "") for k in EVENT_COLUMNS if k != "line"}, line=int(line_text)))
    if not events and not out.count:
        out.add(EVENTS_FILE, "", "the story has no events.", "add at least one row under the header.")
    # A row left out for its text still names its event: questions about it are not reported too.
    seen.update(cells["id"] for cells in unshowable if ID_PATTERN.fullmatch(cells.get("id", "")))
    return events, list(seen)


# Shapes (country, lake, river, road, border) and names (label, city, town, village: a label_at, no shape).
# A feature with a minzoom is drawn from that zoom on and loaded only then (roads, towns, villages).
BASEMAP_LAYERS = ("country", "lake", "river", "label", "road", "border", "city", "town", "village")
BASEMAP_PROPERTIES = ("layer", "name", "label_at", "minzoom")
BASEMAP_ZOOMS = range(0, 19)
# How many levels of lists stand above the positions in each kind of basemap shape, and how many
# positions a line (at least 2) or a ring (at least 4: closed) needs.
BASEMAP_GEOMETRIES = {"Polygon": 2, "MultiPolygon": 3, "LineString": 1, "MultiLineString": 2}
_FEWEST = {"Polygon": 4, "MultiPolygon": 4, "LineString": 2, "MultiLineString": 2}
BASEMAP_FIX = "rebuild the basemap with scripts/build_basemap.py."


def _shape_ok(kind: str, coords: Any) -> bool:
    """True if ``coords`` nest as a ``kind`` needs, down to positions in range. Iterative: depth is fixed."""
    layer = [coords]
    for _ in range(BASEMAP_GEOMETRIES[kind]):
        if not all(isinstance(part, list) and part for part in layer):
            return False
        layer = [item for part in layer for item in part]
        if _ == BASEMAP_GEOMETRIES[kind] - 2 and not all(isinstance(p, list) and len(p) >= _FEWEST[kind] for p in layer):
            return False
    return all(_position(p) is not None for p in layer)


def _check_basemap(data: Any, vertex_budget: int, out: Collector) -> dict | None:
    """The optional basemap: shapes with a known layer, and names with a label point.

    Returns a copy built from the known members only, so nothing the file carries beyond them can
    reach the map, whatever a later change to this check lets through.
    """
    if data is None:
        return None
    features = _collection(data, BASEMAP_FILE, BASEMAP_MEMBERS, MAX_BASEMAP_FEATURES, "basemap features", BASEMAP_FIX, out)
    if features is None:
        return None
    if data.get("attribution") is not None and not isinstance(data["attribution"], str):
        out.add(BASEMAP_FILE, "attribution", "attribution must be text.", "put it in double quotes.")
    if _over_budget(BASEMAP_FILE, _vertex_count(features, BASEMAP_GEOMETRIES), vertex_budget, out):
        return None
    before = out.count
    clean = []
    for i, feature in enumerate(features, 1):
        parts = _feature_parts(feature, i, BASEMAP_FILE, out)
        if parts is not None:
            where, props, geometry = parts
            if props.get("layer") not in BASEMAP_LAYERS:
                out.add(BASEMAP_FILE, where, f"properties.layer must be one of: {', '.join(BASEMAP_LAYERS)}.", "set its layer.")
            elif not isinstance(props.get("name", ""), str):
                out.add(BASEMAP_FILE, where, "name must be text.", "put the name in double quotes.")
            elif props.get("label_at") is not None:
                _lonlat(props["label_at"], BASEMAP_FILE, f"{where} label_at", out)
            minzoom = props.get("minzoom")
            if minzoom is not None and (not isinstance(minzoom, int) or isinstance(minzoom, bool) or minzoom not in BASEMAP_ZOOMS):
                out.add(BASEMAP_FILE, where, "minzoom must be a whole number from 0 to 18.", "e.g. 10, or leave it out.")
            unknown = [k for k in props if k not in BASEMAP_PROPERTIES]
            if unknown:
                out.add(BASEMAP_FILE, where, f"unknown properties: {', '.join(unknown)}.", f"use only: {', '.join(BASEMAP_PROPERTIES)}.")
            kind = geometry.get("type") if isinstance(geometry, dict) else None
            if geometry is not None and not (isinstance(kind, str) and kind in BASEMAP_GEOMETRIES):
                out.add(BASEMAP_FILE, where, f"the geometry must be one of {', '.join(BASEMAP_GEOMETRIES)} with numeric coordinates.",
                        BASEMAP_FIX)
            elif geometry is not None and _unknown(geometry, GEOMETRY_MEMBERS, "the geometry", BASEMAP_FILE, where, out):
                if not _shape_ok(geometry["type"], geometry.get("coordinates")):
                    out.add(BASEMAP_FILE, where, f"the geometry must be one of {', '.join(BASEMAP_GEOMETRIES)} with numeric "
                            "coordinates.", BASEMAP_FIX)
            shape = {"type": geometry.get("type"), "coordinates": geometry.get("coordinates")} if isinstance(geometry, dict) else None
            clean.append({"type": "Feature", "geometry": shape,
                          "properties": {k: props[k] for k in BASEMAP_PROPERTIES if k in props}})
        if out.count - before >= 5:
            out.add(BASEMAP_FILE, "", "stopped after five problems.", BASEMAP_FIX)
            break
    result: dict[str, Any] = {"type": "FeatureCollection"}
    result.update({k: data[k] for k in ("attribution", "bbox") if k in data})
    result["features"] = clean
    return result


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
        if key not in ("home_places", "name_usages") and key in data and not isinstance(data[key], str):
            out.add(STORY_FILE, key, f"{key} must be text, not {_shown.repr(data[key])}.", "put the value in double quotes.")
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
    meta: dict[str, Any] = {k: _text(data, k) for k in STORY_FIELDS if k not in ("home_places", "name_usages")}
    meta["home_places"] = home
    usages = _parse_usages(data.get("name_usages"), out)
    if usages is not None:
        meta["name_usages"] = [{"id": usage, "label": label} for usage, label in usages]
    return meta


USAGES_EXAMPLE = '"name_usages": [{"id": "armenian", "label": "Armenian usage"}, {"id": "azerbaijani", "label": "Azerbaijani usage"}]'


def _parse_usages(value: Any, out: Collector) -> list[tuple[str, str]] | None:
    """The name usages story.json declares, as (id, label); None if it declares none (null or left out)."""
    if value is None:
        return None
    where = "name_usages"
    if not isinstance(value, list):
        out.add(STORY_FILE, where, f"name_usages must be a list of usages, not {_shown.repr(value)}.", f"e.g. {USAGES_EXAMPLE}.")
        return []
    if len(value) > MAX_NAME_USAGES:
        out.add(STORY_FILE, where, f"the story declares {plural(len(value), 'name usage')}; a story may have at most "
                f"{MAX_NAME_USAGES}.", "keep the usages readers need to compare (see Limits in data/README.md).")
        return []
    usages: list[tuple[str, str]] = []
    ids: set[str] = set()
    labels: set[str] = {"both names", "all names"}  # the switch's own first option
    for i, usage in enumerate(value, 1):
        here = f"{where} item {i}"
        if not isinstance(usage, dict):
            out.add(STORY_FILE, here, f"a name usage must be an object with an id and a label, not {_shown.repr(usage)}.",
                    'e.g. {"id": "armenian", "label": "Armenian usage"}.')
            continue
        ok = _unknown(usage, USAGE_MEMBERS, "a name usage", STORY_FILE, here, out)
        ident, label = usage.get("id"), usage.get("label")
        if not isinstance(ident, str) or not ID_PATTERN.fullmatch(ident) or len(ident) > MAX_USAGE_ID_CHARS:
            out.add(STORY_FILE, here, f"id {_shown.repr(ident)} is not a short kebab-case id.",
                    f"use lower-case letters, digits and single hyphens, at most {MAX_USAGE_ID_CHARS} characters, "
                    'e.g. "armenian".')
            ok = False
        elif ident == BOTH:
            out.add(STORY_FILE, here, 'id "both" is the switch\'s own option (every name at once).',
                    'give the usage another id, e.g. "armenian".')
            ok = False
        elif ident in ids:
            out.add(STORY_FILE, here, f'id "{ident}" is used more than once.', "give each usage its own id.")
            ok = False
        if not isinstance(label, str) or not label.strip():
            out.add(STORY_FILE, here, "a name usage needs a label, the words the place-name switch shows.",
                    'e.g. "label": "Armenian usage".')
            ok = False
        elif any(c in label for c in "\r\n\t"):
            out.add(STORY_FILE, here, "the label holds a line break or a tab; the switch shows one line.",
                    "write the label on one line.")
            ok = False
        elif len(label.strip()) > MAX_USAGE_LABEL_CHARS:
            out.add(STORY_FILE, here, f"the label is {plural(len(label.strip()), 'character')} long; the switch shows at most "
                    f"{MAX_USAGE_LABEL_CHARS}.", "shorten it, e.g. \"Armenian usage\".")
            ok = False
        elif label.strip().casefold() in labels:
            out.add(STORY_FILE, here, f"the label {label.strip()!r} is already an option of the switch.",
                    "give each usage its own label.")
            ok = False
        if ok:
            ids.add(ident)
            labels.add(label.strip().casefold())
            usages.append((ident, label.strip()))
    return usages


def _parse_article(files: Mapping[str, bytes], out: Collector) -> list[str] | None:
    """The article's numbered lines, or None if it is missing or past a limit (then no line is checked)."""
    article = _decode(files, ARTICLE_FILE, out, MAX_ARTICLE_BYTES)
    if article is None:
        return None
    lines = article_lines(article)
    if not lines:
        out.add(ARTICLE_FILE, "", "the article is empty.", "paste the source text into article.txt.")
    if len(lines) > MAX_ARTICLE_LINES:
        out.add(ARTICLE_FILE, "", f"the article has {len(lines):,} non-empty lines; the limit is {MAX_ARTICLE_LINES:,}.",
                "see Limits in data/README.md.")
        return None
    usable = True
    for number, line in enumerate(lines, 1):
        if out.full:
            break
        problem = text_problem(line, MAX_LINE_CHARS)
        if problem:
            out.add(ARTICLE_FILE, f"line {number}", f"the line {problem[0]}", problem[1])
            usable = usable and len(line) <= MAX_LINE_CHARS  # a bad character leaves the other lines checkable
    return lines if usable else None


def parse_story(files: Mapping[str, bytes]) -> Story:
    """Validate a story given as {file name: bytes}; raise ``StoryError`` listing every problem.

    At most ``geo.problems.MAX_PROBLEMS`` are listed, then one line that counts the rest.
    """
    out = Collector()
    meta = _parse_meta(_json(files, STORY_FILE, out), out)
    lines = _parse_article(files, out)
    declared = [(u["id"], u["label"]) for u in meta["name_usages"]] if "name_usages" in meta else None
    places, legacy_used = _parse_places(_json(files, PLACES_FILE, out), out, declared, story_known=bool(meta))
    if declared is None and meta:  # an older folder's two usages, or none
        meta["name_usages"] = [{"id": u, "label": label} for u, label in LEGACY_USAGES] if legacy_used else []
    routes, route_vertices = _parse_routes(_json(files, ROUTES_FILE, out), out)
    events, event_ids = _parse_events(_decode(files, EVENTS_FILE, out), places, lines, out)
    for place_id in meta.get("home_places", []):
        if places and place_id not in places:
            out.add(STORY_FILE, "home_places", f'place "{place_id}" is not in {PLACES_FILE} (known: {_known(list(places))}).',
                    "use ids from places.geojson.")
    basemap = _check_basemap(_json(files, BASEMAP_FILE, out), MAX_VERTICES - route_vertices, out)
    questions_text, glossary_text, context_text = (_decode(files, name, out) for name in OPTIONAL_FILES[1:])
    questions = parse_questions(questions_text, event_ids, out) if questions_text is not None else {}
    glossary = parse_glossary(glossary_text, out) if glossary_text is not None else []
    context = parse_context(context_text, out) if context_text is not None else []
    if out.count:
        raise out.error()
    return Story(meta=meta, places=places, routes=routes, events=events, article_lines=lines or [], basemap=basemap,
                 questions=questions, glossary=glossary, context=context)


def read_folder(path: Path) -> dict[str, bytes]:
    """The story files found in ``path`` (missing ones are reported by ``parse_story``).

    A file larger than ``MAX_FILE_BYTES`` is read only that far and one byte more: enough for
    ``parse_story`` to refuse it, without holding the whole file in memory.
    """
    if not path.is_dir():
        raise StoryError([StoryProblem(str(path), "", "is not a folder.", "give the path of a story folder, e.g. data/.")])
    files: dict[str, bytes] = {}
    for name in REQUIRED_FILES + OPTIONAL_FILES:
        if (path / name).is_file():
            try:
                with (path / name).open("rb") as f:
                    files[name] = f.read(MAX_FILE_BYTES + 1)
            except OSError as exc:
                raise StoryError([StoryProblem(name, "", f"the file cannot be read ({exc.strerror}).",
                                               "check that it exists and that you may read it.")]) from None
    return files


def load_story(path: Path | str) -> Story:
    """Load and validate the story folder at ``path``.

    Raises
    ------
    StoryError
        Listing every problem found (at most ``geo.problems.MAX_PROBLEMS``, then a count of the
        rest), each with its file, row and a fix.
    """
    return parse_story(read_folder(Path(path)))


def validate_story(path: Path | str) -> list[StoryProblem]:
    """Every problem in the story folder at ``path``; empty if it is good."""
    try:
        load_story(path)
    except StoryError as exc:
        return exc.problems
    return []
