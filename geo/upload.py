"""Turn an upload (a zip of a story folder, or the files themselves) into story files, safely.

Limits are checked before anything is unpacked, so a hostile zip cannot fill memory. Problems
come back as ``StoryProblem``s with the same wording as the validator's.
"""
from __future__ import annotations

import io
import lzma
import posixpath
import zipfile
import zlib
from collections.abc import Iterable

from geo.problems import StoryError, StoryProblem
from geo.story import OPTIONAL_FILES, REQUIRED_FILES

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # also server.maxUploadSize in .streamlit/config.toml (MB)
MAX_UNPACKED_BYTES = 10 * 1024 * 1024
MAX_ZIP_ENTRIES = 200
STORY_FILES = REQUIRED_FILES + OPTIONAL_FILES


def _problem(message: str, fix: str) -> StoryError:
    return StoryError([StoryProblem("upload", "", message, fix)])


def _from_zip(data: bytes) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    # ValueError: e.g. a name flagged UTF-8 that is not (UnicodeDecodeError); NotImplementedError: an
    # entry that needs a newer zip version than Python reads (found by tests/test_fuzz.py).
    except (zipfile.BadZipFile, ValueError, NotImplementedError):
        raise _problem("the file is not a readable zip archive.",
                       "zip the story folder again (in most systems: right-click → Compress), or upload its files.") from None
    # Not ZipInfo.is_dir(): it fails on an entry with an empty name (IndexError), which is skipped here.
    entries = [i for i in archive.infolist() if i.filename and not i.filename.endswith("/")]
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _problem(f"the zip holds {len(entries)} files; a story has at most {len(STORY_FILES)}.",
                       "zip only the story folder.")
    if sum(i.file_size for i in entries) > MAX_UNPACKED_BYTES:
        raise _problem(f"the zip unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB.", "zip only the story files.")
    # The story may sit at the top of the zip or in one folder; find the folder that holds events.csv.
    names = {posixpath.normpath(i.filename): i for i in entries
             if not i.filename.startswith("__MACOSX/") and ".." not in i.filename.split("/")}
    homes = [posixpath.dirname(n) for n in names if posixpath.basename(n) == "events.csv"]
    if len(homes) != 1:
        raise _problem("the zip must hold exactly one events.csv." if homes else "the zip holds no events.csv.",
                       "zip one story folder: story.json, places.geojson, routes.geojson, events.csv, article.txt.")
    home = homes[0]
    files = {}
    for wanted in STORY_FILES:
        info = names.get(posixpath.normpath(posixpath.join(home, wanted)))
        if info is not None:
            try:
                files[wanted] = archive.read(info)
            except (zipfile.BadZipFile, RuntimeError, OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
                raise _problem(f"{wanted} cannot be unpacked ({exc}).", "zip the story folder again.") from None
    return files


def files_from_upload(uploads: Iterable[tuple[str, bytes]]) -> dict[str, bytes]:
    """{story file name: bytes} from uploaded (name, bytes) pairs: one zip, or the story files.

    Raises
    ------
    StoryError
        For an upload that is too large, not a zip, or holds no story; validation of the
        files themselves is ``geo.story.parse_story``'s job.
    """
    uploads = list(uploads)
    if not uploads:
        raise _problem("nothing was uploaded.", "choose a zip of a story folder, or its files.")
    total = sum(len(data) for _, data in uploads)
    if total > MAX_UPLOAD_BYTES:
        raise _problem(f"the upload is {total / 2**20:.1f} MB; the limit is {MAX_UPLOAD_BYTES // 2**20} MB.",
                       "remove large files that are not part of the story.")
    zips = [data for name, data in uploads if name.lower().endswith(".zip")]
    if zips:
        if len(uploads) > 1:
            raise _problem("upload one zip, or the story files, not both.", "choose just the zip.")
        return _from_zip(zips[0])
    files, unknown = {}, []
    for name, data in uploads:
        base = posixpath.basename(name.replace("\\", "/"))
        if base in STORY_FILES or f"context/{base}" in STORY_FILES:
            files[base if base in STORY_FILES else f"context/{base}"] = data
        else:
            unknown.append(base)
    if unknown:
        raise _problem(f"these files are not part of a story: {', '.join(unknown)}.",
                       f"upload only: {', '.join(STORY_FILES)}.")
    return files
