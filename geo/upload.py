"""Turn an upload (one zip of a story folder, or the story files) into story files, safely.

Nothing a zip says about itself is trusted. Its directory is bounded before it is read (it may list
60,000 empty entries); each story file is read through a bounded stream that stops one byte past what
is left of the unpacked limit, counting the bytes actually produced, never the sizes the directory
declares; only the two compressions every zip tool writes (stored, deflate) are read: zipfile unpacks
bzip2 and LZMA a whole chunk at a time, and a 4 kB bzip2 chunk can become gigabytes. Problems come
back as ``StoryProblem``s with the same wording as the validator's.
"""
from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Collection, Iterable

from geo.problems import StoryError, StoryProblem
from geo.story import OPTIONAL_FILES, REQUIRED_FILES

# The limits, in bytes. A megabyte is 1,000,000 bytes, as Streamlit's uploader counts it in the browser
# (`server.maxUploadSize = 5` in .streamlit/config.toml is "5.0MB" there; Streamlit's server allows
# 5 × 2**20, a little more, so this app's own check is the one that decides) and as the messages say.
MB = 1_000_000
MAX_UPLOAD_BYTES = 5 * MB  # one upload: the zip (or the story files, together)
MAX_UNPACKED_BYTES = 10 * MB  # the story files as unpacked, together
MAX_ZIP_ENTRIES = 64  # every entry the zip lists: files, folders, empty names (a story has 9 files at most)
MAX_ZIP_DIRECTORY_BYTES = MAX_ZIP_ENTRIES * 1_000  # the zip's list of contents, checked before it is read
READ_CHUNK_BYTES = 64_000  # one read from a member's stream

STORY_FILES = REQUIRED_FILES + OPTIONAL_FILES
READABLE_COMPRESSIONS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
COMPRESSION_NAMES = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA", 9: "Deflate64", 93: "Zstandard",
                     95: "XZ", 98: "PPMd"}
RESUBMIT = "zip the story folder again (in most systems: right-click → Compress)."


def megabytes(limit: int) -> str:
    """A limit as the messages and the page state it: 5_000_000 -> "5 MB"."""
    return f"{limit / MB:g} MB"


def _problem(message: str, fix: str) -> StoryError:
    return StoryError([StoryProblem("upload", "", message, fix)])


def _shown(name: str) -> str:
    """A name from the zip, quoted and cut short: it is the uploader's text, not ours."""
    return f'"{name[:80]}{"…" if len(name) > 80 else ""}"'


def _check_directory_size(data: bytes) -> None:
    """Refuse a zip whose list of contents is too long, before zipfile reads it entry by entry.

    zipfile reads exactly the directory that its end record names (_EndRecData, the function zipfile
    itself calls), so bounding that record's size bounds the work; the count it declares gives an early,
    plain message. Without the function (another Python), the count after reading still decides.
    """
    end_record = getattr(zipfile, "_EndRecData", None)
    if end_record is None:
        return
    try:
        record = end_record(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, struct.error, ValueError):
        return  # not readable: ZipFile says so with the plain message
    if record is None:
        return
    entries, size = record[zipfile._ECD_ENTRIES_TOTAL], record[zipfile._ECD_SIZE]
    if entries > MAX_ZIP_ENTRIES:
        raise _too_many_entries(entries)
    if size > MAX_ZIP_DIRECTORY_BYTES:
        raise _problem(f"the zip's list of contents is {size:,} bytes long; a story zip's is at most "
                       f"{MAX_ZIP_DIRECTORY_BYTES:,}.", "zip only the story folder.")


def _too_many_entries(count: int) -> StoryError:
    return _problem(f"the zip lists {count:,} entries (files and folders); a story zip has at most {MAX_ZIP_ENTRIES}.",
                    "zip only the story folder.")


def _path_parts(name: str) -> list[str] | None:
    """The folders and file name of an entry, or None for an entry that is not read.

    Not read: folders and empty names, macOS's __MACOSX copies, and names that are absolute, name a
    drive or climb out ("..") — they cannot be part of the story folder. Both separators count, as an
    unzip tool on Windows reads them.
    """
    name = name.replace("\\", "/")
    if not name or name.endswith("/") or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if not parts or ".." in parts or parts[0] == "__MACOSX":
        return None
    return parts


def _story_entries(entries: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    """{story file name: its entry}, from the one folder of the zip that holds events.csv."""
    paths: dict[str, zipfile.ZipInfo] = {}
    seen: dict[str, str] = {}  # by the name as a case-blind file system sees it
    for info in entries:
        parts = _path_parts(info.filename)
        if parts is None:
            continue
        path = "/".join(parts)
        folded = path.casefold()
        if folded in seen:  # unpacked on Windows or macOS, one would overwrite the other
            raise _problem(f"the zip holds {_shown(path)} twice ({_shown(seen[folded])} and {_shown(info.filename)}).",
                           RESUBMIT)
        seen[folded] = info.filename
        paths[path] = info
    homes = [posixpath.dirname(path) for path in paths if posixpath.basename(path) == "events.csv"]
    if len(homes) != 1:
        raise _problem("the zip must hold exactly one events.csv." if homes else "the zip holds no events.csv.",
                       "zip one story folder: story.json, places.geojson, routes.geojson, events.csv, article.txt.")
    home = homes[0]
    return {wanted: paths[found] for wanted in STORY_FILES
            if (found := posixpath.join(home, wanted)) in paths}


def _check_readable(wanted: str, info: zipfile.ZipInfo) -> None:
    """Refuse what zipfile cannot read safely (bzip2, LZMA, ...) or at all (a password) before opening it."""
    if info.flag_bits & 0x1:
        raise _problem(f"{wanted} in the zip is protected by a password.",
                       "zip the story folder again without a password.")
    if info.compress_type not in READABLE_COMPRESSIONS:
        kind = COMPRESSION_NAMES.get(info.compress_type, f"method {info.compress_type}")
        raise _problem(f"{wanted} in the zip is packed with {kind} compression, which this app does not unpack.",
                       "zip it again with ordinary compression (in most systems: right-click → Compress; "
                       "in 7-Zip: archive format zip, method Deflate).")


def read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """At most LIMIT + 1 bytes of a member, as its stream produces them: one past the limit says "too big"."""
    chunks, produced = [], 0
    with archive.open(info) as stream:
        while produced <= limit:
            chunk = stream.read(min(READ_CHUNK_BYTES, limit + 1 - produced))
            if not chunk:
                break
            chunks.append(chunk)
            produced += len(chunk)
    return b"".join(chunks)


def _from_zip(data: bytes) -> dict[str, bytes]:
    _check_directory_size(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    # ValueError: e.g. a name flagged UTF-8 that is not (UnicodeDecodeError); NotImplementedError: an
    # entry that needs a newer zip version than Python reads (found by tests/test_fuzz.py).
    except (zipfile.BadZipFile, ValueError, NotImplementedError, struct.error):
        raise _problem("the file is not a readable zip archive.", RESUBMIT) from None
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:  # what was read decides, whatever the end record declared
        raise _too_many_entries(len(entries))
    files, left = {}, MAX_UNPACKED_BYTES
    for wanted, info in _story_entries(entries).items():
        _check_readable(wanted, info)
        try:
            content = read_bounded(archive, info, left)
        # BadZipFile: a bad CRC, a local header that differs or overlaps; NotImplementedError: e.g. flag
        # bit 5 (compressed patched data); EOFError: data cut short; the rest: headers that do not parse.
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError,
                struct.error) as exc:
            raise _problem(f"{wanted} in the zip is damaged and cannot be unpacked ({exc}).", RESUBMIT) from None
        if len(content) > left:
            raise _problem(f"the zip unpacks to more than {megabytes(MAX_UNPACKED_BYTES)}.", "zip only the story files.")
        files[wanted] = content
        left -= len(content)
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
        raise _problem("nothing was uploaded.", "choose a zip of a story folder.")
    if sum(len(data) for _, data in uploads) > MAX_UPLOAD_BYTES:
        raise _problem(f"the upload is larger than the limit of {megabytes(MAX_UPLOAD_BYTES)}.",
                       "zip only the story folder (a story is usually well under 1 MB).")
    zips = [data for name, data in uploads if name.lower().endswith(".zip")]
    if zips:
        if len(uploads) > 1:
            raise _problem("upload one zip, or the story files, not both.", "choose just the zip.")
        return _from_zip(zips[0])
    files: dict[str, bytes] = {}
    unknown: dict[str, None] = {}  # names in the order they came, each said once however often it came
    twice: dict[str, None] = {}
    for name, data in uploads:
        base = posixpath.basename(name.replace("\\", "/"))
        wanted = base if base in STORY_FILES else f"context/{base}"
        if wanted not in STORY_FILES:
            unknown[base] = None
            continue
        if wanted in files:  # which of the two is the story's? Neither is guessed.
            twice[base] = None
        files[wanted] = data
    if unknown:
        raise _problem(f"{_these_files_are(unknown)} not part of a story: {', '.join(unknown)}.",
                       f"upload only: {', '.join(STORY_FILES)}.")
    if twice:
        raise _problem(f"{_these_files_are(twice)} uploaded more than once: {', '.join(twice)}.",
                       "upload each story file once.")
    return files


def _these_files_are(names: Collection[str]) -> str:
    """The subject and verb before a list of file names, agreeing with it: "this file is", "these files are"."""
    return "this file is" if len(names) == 1 else "these files are"
