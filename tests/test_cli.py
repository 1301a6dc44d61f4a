"""python -m geo: validate and export, called in-process through main() and once as a module."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main
from geo.export import events_csv
from geo.story import load_story

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SUMMARY = "data: OK — 10 places, 2 routes, 18 events\n"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A copy of data/ whose first event points at a place that does not exist."""
    folder = tmp_path / "broken"
    shutil.copytree(DATA, folder)
    events = folder / "events.csv"
    text = events.read_text(encoding="utf-8")
    assert text.count("\nstrike-on-stepanakert,stepanakert,") == 1
    events.write_text(text.replace("\nstrike-on-stepanakert,stepanakert,", "\nstrike-on-stepanakert,nowhere,"),
                      encoding="utf-8", newline="")
    return folder


BROKEN_PLACE = (
    'events.csv row 2 (id "strike-on-stepanakert"): place "nowhere" is not in places.geojson '
    "(known: stepanakert, shusha, lachin, hakari-bridge, kornidzor, goris, yerevan, nakhchivan, …). "
    "Fix: use one of the known ids, or add the place to places.geojson.\n"
)


def test_validate_good_story(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(DATA)]) == 0
    assert capsys.readouterr().out == SUMMARY


def test_validate_defaults_to_the_repo_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == SUMMARY


def test_validate_prints_each_problem(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(broken)]) == 1
    assert capsys.readouterr().out == BROKEN_PLACE


def test_validate_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing"
    assert main(["validate", str(missing)]) == 1
    out, err = capsys.readouterr()
    assert out == f"{missing}: is not a folder. Fix: give the path of a story folder, e.g. data/.\n"
    assert "Traceback" not in out + err


def test_export_geojson_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "geojson", "--story", str(DATA)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 10 + 2 + 18


def test_export_csv_to_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "events.csv"
    assert main(["export", "csv", "--out", str(out_file)]) == 0
    expected = events_csv(load_story(DATA)).encode("utf-8")
    assert out_file.read_bytes() == expected
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"wrote {out_file} ({len(expected)} bytes)\n"


def test_export_bad_story(broken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "never.geojson"
    assert main(["export", "geojson", "--story", str(broken), "--out", str(out_file)]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", BROKEN_PLACE)
    assert not out_file.exists()


def test_export_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "xml"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "geo", "validate"], cwd=ROOT, capture_output=True, encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=60,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, SUMMARY, "")


@pytest.mark.parametrize(("fmt", "start"), [("html", b"<!DOCTYPE html>"), ("kml", b"<?xml"), ("png", b"\x89PNG"),
                                            ("pdf", b"%PDF")])
def test_export_every_format_to_a_file(tmp_path, fmt, start):
    out = tmp_path / f"story.{fmt}"
    assert main(["export", fmt, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(start)


def test_a_binary_export_is_not_written_to_a_terminal(monkeypatch, capsys):
    """`python -m geo export png` with no --out, typed at a terminal, asks for a file instead of printing bytes."""
    import sys

    from geo.cli import main

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["export", "png"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == ("export png: this writes a binary file, not text for the screen. "
                           "Fix: add --out FILE, e.g. --out story.png")
