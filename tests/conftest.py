"""Shared fixtures: the sample story, a throwaway copy of it to break, and small editors."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from geo.story import Story, load_story

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def story() -> Story:
    return load_story(DATA)


@pytest.fixture
def story_dir(tmp_path: Path) -> Path:
    """A copy of data/ that a test may break."""
    target = tmp_path / "story"
    shutil.copytree(DATA, target)
    return target


def edit_event(folder: Path, event_id: str, **cells: str) -> None:
    """Change cells of one row of events.csv, keeping everything else as it is."""
    path = folder / "events.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    fields = list(rows[0])
    for row in rows:
        if row["id"] == event_id:
            row.update(cells)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def edit_place(folder: Path, place_id: str, coordinates: list | None = None, **props) -> None:
    """Change one place of places.geojson."""
    path = folder / "places.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        if feature["properties"]["id"] == place_id:
            feature["properties"].update(props)
            if coordinates is not None:
                feature["geometry"]["coordinates"] = coordinates
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
