"""The basemap a story is drawn on: its own (basemap.geojson), or the world basemap shipped with the engine.

world.geojson (scripts/build_basemap.py) holds Natural Earth 1:110m countries with their names, lakes and
major rivers, so a teacher's story that brings no basemap is drawn on land, not on an empty sea.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

WORLD_FILE = Path(__file__).resolve().parent / "world.geojson"


@lru_cache(maxsize=1)
def world_basemap() -> dict[str, Any]:
    """The shipped world basemap (read once; callers must not change it)."""
    return json.loads(WORLD_FILE.read_text(encoding="utf-8"))


def basemap_of(story: Any) -> dict[str, Any]:
    """The story's own basemap, or the world's; ``is_world`` tells a map that the world may be shown whole."""
    return story.basemap or world_basemap()


def is_world(basemap: dict[str, Any]) -> bool:
    return basemap is world_basemap()
