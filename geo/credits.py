"""Who the map is drawn with: the credits every copy shows (map, PNG, handout, HTML), from what it draws.

Natural Earth is public domain, GeoNames (the names of towns and villages) is CC BY 4.0 and
OpenStreetMap (real road) is ODbL: the last two ask for the credit wherever the data is shown.
"""
from __future__ import annotations

from geo.basemaps import basemap_of
from geo.story import Story

OSM = "© OpenStreetMap contributors"
# The sources a basemap layer may come from, and each one's short credit; a basemap's attribution text says
# which of them it uses.
KNOWN_SOURCES = {"Natural Earth": "Natural Earth", "GeoNames": "GeoNames", "OpenStreetMap": OSM}
LAYER_SOURCE = {"country": "Natural Earth", "lake": "Natural Earth", "river": "Natural Earth", "border": "Natural Earth",
                "label": "Natural Earth", "city": "GeoNames", "town": "GeoNames", "village": "GeoNames", "road": "OpenStreetMap"}
LICENCES = {"Natural Earth": "Natural Earth (naturalearthdata.com), public domain",
            "GeoNames": "GeoNames (geonames.org), CC BY 4.0", OSM: f"OpenStreetMap (openstreetmap.org/copyright), {OSM}, ODbL 1.0"}
OWN_CREDIT_CHARS = 80  # a story's own basemap attribution, when it names none of them, shortened to this


def map_credits(story: Story, detail: bool = True) -> list[str]:
    """Short credits, e.g. ["Natural Earth", "GeoNames", "© OpenStreetMap contributors"]: the sources of the
    basemap layers drawn (``detail``: also those drawn only when zoomed in, as a web map may be) that its
    attribution names, and OpenStreetMap whenever a route draws real road from it."""
    basemap = basemap_of(story)
    said = str(basemap.get("attribution") or "")
    layers = {props.get("layer") for props in ((f.get("properties") or {}) for f in basemap.get("features", []))
              if detail or props.get("minzoom") is None}
    wanted = {LAYER_SOURCE[layer] for layer in layers if layer in LAYER_SOURCE}
    credits = [short for key, short in KNOWN_SOURCES.items() if key in wanted and key in said]
    if said and not credits:
        credits.append("Basemap: " + (said if len(said) <= OWN_CREDIT_CHARS else said[: OWN_CREDIT_CHARS - 1] + "…"))
    if OSM not in credits and any("road" in route.part_kinds for route in story.routes):
        credits.append(OSM)
    return credits


def credits_line(story: Story, detail: bool = True) -> str:
    """The credits as one line of text: 'Map data: Natural Earth · GeoNames · © OpenStreetMap contributors'."""
    credits = map_credits(story, detail)
    return "Map data: " + " · ".join(credits) if credits else ""


def licences_line(story: Story, detail: bool = True) -> str:
    """The credits with their licences, for a printed page: 'Map data: Natural Earth (naturalearthdata.com), ...'."""
    credits = map_credits(story, detail)
    return "Map data: " + "; ".join(LICENCES.get(c, c) for c in credits) + "." if credits else ""
