"""The docs say what the code does: schema tables, the README's commands, the CLI."""
from __future__ import annotations

import re

import pytest

from geo.story import EVENT_COLUMNS, PLACE_FIELDS, ROUTE_FIELDS, STORY_FIELDS
from tests.conftest import DATA, ROOT


def documented_fields(section: str) -> list[str]:
    text = (DATA / "README.md").read_text(encoding="utf-8")
    body = text.split(f"## `{section}`", 1)[1].split("\n## ", 1)[0]
    table = body.split("\n### ", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE)


@pytest.mark.parametrize(
    ("section", "fields"),
    [("story.json", STORY_FIELDS), ("places.geojson", PLACE_FIELDS), ("routes.geojson", ROUTE_FIELDS),
     ("events.csv", EVENT_COLUMNS)],
)
def test_schema_tables_match_the_validator(section, fields):
    assert sorted(documented_fields(section)) == sorted(fields)


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"Run the tests:\n\n    (.+)\n", readme).group(1)
    ci_lines = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line and not line.startswith("#")]
    assert ci_lines[-1] == command


@pytest.mark.parametrize("command", ["python -m geo validate", "python -m geo export geojson", "python -m geo export csv"])
def test_readme_documents_each_cli_command(command):
    assert command in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_limits_section_states_the_limits_the_validator_enforces():
    from geo.context import MAX_CONTEXT
    from geo.csvio import MAX_CELL_CHARS
    from geo.problems import MAX_PROBLEMS, STOP_AFTER
    from geo.story import (MAX_ARTICLE_BYTES, MAX_ARTICLE_LINES, MAX_BASEMAP_FEATURES, MAX_EVENTS, MAX_FILE_BYTES,
                           MAX_JSON_DEPTH, MAX_LINE_CHARS, MAX_PLACES, MAX_ROUTES, MAX_TEXT_CHARS, MAX_VERTICES)
    from geo.teaching import MAX_GLOSSARY, MAX_QUESTIONS

    text = (DATA / "README.md").read_text(encoding="utf-8")
    rows = {cells[0].strip(): cells[1].strip() for line in text.split("\n## Limits", 1)[1].split("\n## ", 1)[0].splitlines()
            if line.startswith("| ") and not line.startswith("| what") for cells in [line.strip("|").split(" | ")]}
    assert rows["any one file"] == f"{MAX_FILE_BYTES:,} bytes (5 MB)"
    assert rows["`article.txt`"] == (f"{MAX_ARTICLE_BYTES:,} bytes (1 MB), {MAX_ARTICLE_LINES:,} non-empty lines, "
                                     f"{MAX_LINE_CHARS:,} characters on one line")
    assert rows["events (`events.csv` rows)"] == f"{MAX_EVENTS:,}"
    assert rows["places (`places.geojson` features)"] == f"{MAX_PLACES:,}"
    assert rows["routes (`routes.geojson` features)"] == f"{MAX_ROUTES:,}"
    assert rows["points of every line and shape in `routes.geojson` and `basemap.geojson` together"] == f"{MAX_VERTICES:,}"
    assert rows["`basemap.geojson` features"] == f"{MAX_BASEMAP_FEATURES:,}"
    assert rows["`questions.csv` rows, `glossary.csv` rows, `context/timeline.csv` rows"] == (
        f"{MAX_QUESTIONS:,}, {MAX_GLOSSARY:,}, {MAX_CONTEXT:,}")
    assert rows["one CSV cell, one text in a JSON file"] == f"{MAX_CELL_CHARS:,} characters" == f"{MAX_TEXT_CHARS:,} characters"
    assert rows["levels of `[ ]` and `{ }` in a JSON file"] == f"{MAX_JSON_DEPTH}"
    assert rows["problems listed by `python -m geo validate` (and the upload page)"].startswith(f"{MAX_PROBLEMS}, then")
    assert f"after {STOP_AFTER:,} problems" in text
