"""Uploads become story files safely: a zip or the files, with limits and plain messages."""
from __future__ import annotations

import io
import zipfile

import pytest

from geo.problems import StoryError
from geo.story import parse_story
from geo.upload import MAX_UPLOAD_BYTES, files_from_upload
from tests.conftest import DATA, ROOT


def zipped(folder, prefix: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + str(path.relative_to(folder)))
    return buffer.getvalue()


def message(uploads) -> str:
    with pytest.raises(StoryError) as caught:
        files_from_upload(uploads)
    (problem,) = caught.value.problems
    return str(problem)


@pytest.mark.parametrize("prefix", ["", "my-story/", "outer/inner/"])
def test_a_zipped_story_folder_loads(story, prefix):
    files = files_from_upload([("story.zip", zipped(DATA, prefix))])
    assert parse_story(files).events == story.events


def test_the_files_themselves_load(story):
    uploads = [(p.name, p.read_bytes()) for p in DATA.iterdir() if p.is_file() and p.name != "README.md"]
    uploads.append(("timeline.csv", (DATA / "context" / "timeline.csv").read_bytes()))
    assert parse_story(files_from_upload(uploads)).context == story.context


def test_the_blank_template_is_a_valid_story():
    story = parse_story(files_from_upload([("t.zip", zipped(ROOT / "templates" / "blank-story"))]))
    assert [e.id for e in story.events] == ["people-leave"]


def test_not_a_zip():
    assert message([("story.zip", b"this is not a zip")]) == (
        "upload: the file is not a readable zip archive. Fix: zip the story folder again (in most systems: "
        "right-click → Compress)."
    )


def test_a_zip_without_events():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert message([("story.zip", buffer.getvalue())]) == (
        "upload: the zip holds no events.csv. Fix: zip one story folder: story.json, places.geojson, "
        "routes.geojson, events.csv, article.txt."
    )


def test_oversize_upload():
    assert message([("article.txt", b"x" * (MAX_UPLOAD_BYTES + 1))]) == (
        "upload: the upload is larger than the limit of 5 MB. Fix: zip only the story folder (a story is usually "
        "well under 1 MB)."
    )


def test_zip_bomb_is_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("events.csv", b"0" * (11 * 2**20))
    assert len(buffer.getvalue()) < 100_000
    assert message([("bomb.zip", buffer.getvalue())]) == (
        "upload: the zip unpacks to more than 10 MB. Fix: zip only the story files."
    )


def test_paths_that_climb_out_are_ignored():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../events.csv", "id\n")
    assert "holds no events.csv" in message([("evil.zip", buffer.getvalue())])


UPLOAD_ONLY = ("Fix: upload only: story.json, places.geojson, routes.geojson, events.csv, article.txt, basemap.geojson, "
               "questions.csv, glossary.csv, context/timeline.csv.")


def test_one_unknown_file_is_named_in_the_singular():
    assert message([("events.csv", b""), ("photo.jpg", b"...")]) == (
        f"upload: this file is not part of a story: photo.jpg. {UPLOAD_ONLY}"
    )


def test_two_unknown_files_are_named_in_the_plural():
    assert message([("photo.jpg", b"..."), ("events.csv", b""), ("notes.docx", b"...")]) == (
        f"upload: these files are not part of a story: photo.jpg, notes.docx. {UPLOAD_ONLY}"
    )


def test_an_unknown_file_uploaded_twice_is_one_file_said_once():
    assert message([("a/photo.jpg", b"..."), ("b/photo.jpg", b"...")]) == (
        f"upload: this file is not part of a story: photo.jpg. {UPLOAD_ONLY}"
    )


def test_one_story_file_uploaded_three_times_is_said_once_in_the_singular():
    assert message([("a/events.csv", b"id\n"), ("b/events.csv", b"id\n"), ("c/events.csv", b"id\n")]) == (
        "upload: this file is uploaded more than once: events.csv. Fix: upload each story file once."
    )


def test_two_story_files_uploaded_twice_are_named_in_the_plural():
    uploads = [("a/events.csv", b"id\n"), ("a/article.txt", b"x"), ("b/events.csv", b"id\n"), ("b/article.txt", b"y")]
    assert message(uploads) == (
        "upload: these files are uploaded more than once: events.csv, article.txt. Fix: upload each story file once."
    )


def test_missing_files_are_reported_by_the_validator():
    files = files_from_upload([("events.csv", (DATA / "events.csv").read_bytes())])
    with pytest.raises(StoryError) as caught:
        parse_story(files)
    assert [p.file for p in caught.value.problems] == ["story.json", "article.txt", "places.geojson", "routes.geojson"]
