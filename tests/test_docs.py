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
