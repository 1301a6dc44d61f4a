"""Hostile uploads (issue 10, items 3 and 8): archive bombs, a zip listing 60,000 entries, path tricks,
and many files or a second upload, which must never hold more than one upload's bytes on the server.

The bombs are made here, a few kB each, from one compressed block repeated; a bomb is unpacked (or
refused) in a subprocess whose address space is capped, so a failure is a MemoryError there, not a
machine out of memory.
"""
from __future__ import annotations

import asyncio
import bz2
import io
import json
import lzma
import re
import struct
import subprocess
import sys
import urllib.request
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import pytest

from geo.problems import StoryError
from geo.story import parse_story
from geo.upload import MAX_UNPACKED_BYTES, MAX_UPLOAD_BYTES, MAX_ZIP_ENTRIES, STORY_FILES, files_from_upload
from tests.conftest import DATA, ROOT

# Streamlit is imported in the tests that use it, not here: most tests here need only the upload code.

# The bombs' subprocess gets this much address space: the app refuses a bomb well within it, while
# unpacking one needs gigabytes (and zipfile's deflate path alone asks for up to 1 GiB in one call).
ADDRESS_SPACE_CAP = 512 * 2**20


# ---- making zips byte by byte ------------------------------------------------------------------


class Member(NamedTuple):
    """One entry, written as given: the sizes and CRC are what the zip *declares*, true or not."""
    name: bytes
    payload: bytes = b""  # the stored (compressed) bytes
    method: int = zipfile.ZIP_STORED
    crc: int = 0
    declared_size: int = 0
    flags: int = 0


def raw_zip(members: list[Member], declared_entries: int | None = None) -> bytes:
    """A zip with exactly these entries (zipfile's writer would correct the lies or refuse the names)."""
    local, central = bytearray(), bytearray()
    for m in members:
        offset = len(local)
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, m.flags, m.method, 0, 0x21, m.crc, len(m.payload),
                             m.declared_size, len(m.name), 0) + m.name + m.payload
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, m.flags, m.method, 0, 0x21, m.crc,
                               len(m.payload), m.declared_size, len(m.name), 0, 0, 0, 0, 0, offset) + m.name
    count = len(members) if declared_entries is None else declared_entries
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), len(local), 0)
    return bytes(local + central + end)


def stored(name: str, data: bytes) -> Member:
    return Member(name.encode(), data, zipfile.ZIP_STORED, zlib.crc32(data), len(data))


def story_members(prefix: str = "") -> list[Member]:
    """The built-in story's own files, stored (data/ also holds sources, e.g. the OSM extract, a story does not need)."""
    return [stored(prefix + name, (DATA / name).read_bytes()) for name in STORY_FILES if (DATA / name).is_file()]


def zipped_story(compression: int, prefix: str = "my-story/", extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        if prefix:
            archive.writestr(prefix, b"")  # a folder entry, as the system's Compress writes
        for path in sorted(DATA.rglob("*")):
            if path.is_file() and path.name != "README.md":
                archive.write(path, prefix + str(path.relative_to(DATA)))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


# ---- bombs: one compressed block, repeated -------------------------------------------------------

BZ2_BLOCK_ZEROS = 45_000_000  # zeros in one bzip2 block (run-length coded first: 900 kB hold 45.9 MB)
BZ2_BLOCK_MAGIC, BZ2_END_MAGIC = format(0x314159265359, "048b"), format(0x177245385090, "048b")


def bzip2_bomb(blocks: int) -> bytes:
    """One bzip2 stream of BLOCKS identical blocks of 45 MB of zeros: about 36 bytes a block.

    Blocks are bit-aligned: the stream is taken apart as a string of bits, the one block is repeated,
    and the stream's CRC (each block's CRC, folded in turn) is made anew."""
    one = bz2.compress(b"\0" * BZ2_BLOCK_ZEROS, 9)
    bits = format(int.from_bytes(one, "big"), f"0{len(one) * 8}b")
    block = bits[32:bits.rindex(BZ2_END_MAGIC)]  # after "BZh9", up to the end-of-stream marker
    assert block.startswith(BZ2_BLOCK_MAGIC) and BZ2_BLOCK_MAGIC not in block[1:]  # exactly one block
    block_crc, combined = int(block[48:80], 2), 0
    for _ in range(blocks):
        combined = (((combined << 1) | (combined >> 31)) & 0xFFFFFFFF) ^ block_crc
    out = bits[:32] + block * blocks + BZ2_END_MAGIC + format(combined, "032b")
    out += "0" * (-len(out) % 8)
    return int(out, 2).to_bytes(len(out) // 8, "big")


def deflate_bomb(mebibytes: int) -> bytes:
    """Raw deflate of MEBIBYTES MiB of zeros: each MiB compressed after a full flush (which resets the
    dictionary) is the same 1 kB, so the kB is repeated; an empty final block ends the stream."""
    segment = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = segment.compress(b"\0" * 2**20) + segment.flush(zlib.Z_FULL_FLUSH)
    return one * mebibytes + zlib.compressobj(9, zlib.DEFLATED, -15).flush()


def unpacked_size(decompressor, data: bytes, limit: int) -> int:
    """How many bytes DATA unpacks to, counted 10 MB at a time (never held), up to LIMIT."""
    total = 0
    while not decompressor.eof and total <= limit:
        total += len(decompressor.decompress(data, 10_000_000))
        data = getattr(decompressor, "unconsumed_tail", b"")  # zlib hands back what it did not take; bz2 keeps it
    return total


def test_the_bombs_are_what_they_claim():
    """Without this, a bomb test could pass on a bomb that is not one."""
    assert unpacked_size(bz2.BZ2Decompressor(), bzip2_bomb(3), 10**9) == 3 * BZ2_BLOCK_ZEROS
    assert len(bzip2_bomb(50)) < 2_000  # 2.25 GB of zeros in under 2 kB
    assert unpacked_size(zlib.decompressobj(-15), deflate_bomb(300), 10**9) == 300 * 2**20
    assert len(deflate_bomb(1024)) < 1_100_000 < MAX_UPLOAD_BYTES  # 1 GiB in about 1 MB


# ---- the bombs, refused in a capped subprocess ---------------------------------------------------

CAPPED = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
sys.path.insert(0, {root!r})
from geo.problems import StoryError
from geo.upload import files_from_upload
def peak_kib():  # this process's own high-water mark (ru_maxrss may be inherited from the parent across exec)
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmHWM:")).split()[1])
with open({path!r}, "rb") as file:
    data = file.read()
before = peak_kib()
try:
    files = files_from_upload([("story.zip", data)])
    result = {{"files": {{name: len(content) for name, content in files.items()}}}}
except StoryError as exc:
    result = {{"problems": [str(p) for p in exc.problems]}}
except MemoryError:
    result = {{"memory_error": True}}
result.update(zip_bytes=len(data), peak_kib_before=before, peak_kib=peak_kib(),
              maxrss_kib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print(json.dumps(result))
"""
# What refusing (or reading) a bomb may add to the process's peak: the bounded reads hold at most
# 10 MB of story files; unpacking any of these bombs would add hundreds of MB at least.
REFUSAL_PEAK_KIB = 40_000


def bomb_zip(kind: str) -> bytes:
    """The bomb zips, by name."""
    if kind == "bzip2":  # 2.25 GB of zeros declaring 100 bytes
        return raw_zip([Member(b"events.csv", bzip2_bomb(50), zipfile.ZIP_BZIP2, 0, 100)])
    if kind == "lzma":  # zipfile's LZMA entry: its own 4-byte header, then the properties, then the data
        compressor = lzma.LZMACompressor(lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA1}])
        properties = lzma._encode_filter_properties({"id": lzma.FILTER_LZMA1})
        packed = compressor.compress(b"\0" * 50_000_000) + compressor.flush()
        payload = struct.pack("<BBH", 9, 4, len(properties)) + properties + packed
        return raw_zip([Member(b"events.csv", payload, zipfile.ZIP_LZMA, 0, 100)])
    bomb = deflate_bomb(1024)  # 1 GiB of zeros declaring 100 bytes
    if kind == "deflate-true-crc":  # the CRC of what it unpacks to
        crc = 0
        for _ in range(1024):
            crc = zlib.crc32(b"\0" * 2**20, crc)
        return raw_zip([Member(b"events.csv", bomb, zipfile.ZIP_DEFLATED, crc, 100)])
    if kind == "deflate-forged-crc":  # the CRC of the 100 bytes it declares
        return raw_zip([Member(b"events.csv", bomb, zipfile.ZIP_DEFLATED, zlib.crc32(b"\0" * 100), 100)])
    raise ValueError(kind)


def refuse_capped(kind: str, folder: Path) -> dict:
    """files_from_upload on bomb KIND in a fresh process with its address space capped (the bomb is made
    here, so the process's peak is the refusal's); the outcome and its peak memory."""
    path = folder / f"{kind}.zip"
    path.write_bytes(bomb_zip(kind))
    script = CAPPED.format(cap=ADDRESS_SPACE_CAP, root=str(ROOT), path=str(path))
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["peak_kib"] - result["peak_kib_before"] < REFUSAL_PEAK_KIB, result
    return result


COMPRESSION_FIX = ("Fix: zip it again with ordinary compression (in most systems: right-click → Compress; "
                   "in 7-Zip: archive format zip, method Deflate).")


@pytest.mark.parametrize(("kind", "name"), [("bzip2", "bzip2"), ("lzma", "LZMA")])
def test_a_bzip2_or_lzma_member_is_refused_without_unpacking(kind, name, tmp_path):
    result = refuse_capped(kind, tmp_path)
    assert result.get("problems") == [
        f"upload: events.csv in the zip is packed with {name} compression, which this app does not unpack. "
        + COMPRESSION_FIX], result


def test_a_deflate_bomb_declaring_a_tiny_size_is_refused_without_unpacking(tmp_path):
    result = refuse_capped("deflate-true-crc", tmp_path)
    assert result.get("problems") == [
        "upload: events.csv in the zip is damaged and cannot be unpacked (Bad CRC-32 for file 'events.csv'). "
        "Fix: zip the story folder again (in most systems: right-click → Compress)."], result


def test_a_deflate_bomb_with_a_forged_crc_gives_no_more_than_it_declares(tmp_path):
    """zipfile stops at the declared size; what the app keeps is what the stream produced, 100 bytes."""
    result = refuse_capped("deflate-forged-crc", tmp_path)
    assert result.get("files") == {"events.csv": 100}, result


def test_unpacking_is_bounded_by_bytes_produced_not_by_sizes_declared():
    """A deflate member declaring its true, large size is read 64 kB at a time, one byte past the limit."""
    bomb = deflate_bomb(50)
    data = raw_zip([Member(b"events.csv", bomb, zipfile.ZIP_DEFLATED, 0, 50 * 2**20)])
    assert refused(data) == "upload: the zip unpacks to more than 10 MB. Fix: zip only the story files."


def test_the_unpacked_limit_is_for_all_files_together():
    half = b"x" * (MAX_UNPACKED_BYTES // 2 + 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("events.csv", half)
        archive.writestr("article.txt", half)
    assert refused(buffer.getvalue()) == "upload: the zip unpacks to more than 10 MB. Fix: zip only the story files."


@pytest.mark.parametrize("flags", [0x1, 0x41])  # ZipCrypto; WinZip AES sets bit 0 too
def test_a_member_with_a_password_is_refused(flags):
    data = raw_zip([Member(b"events.csv", b"\0" * 40, zipfile.ZIP_STORED, 0, 28, flags)])
    assert refused(data) == ("upload: events.csv in the zip is protected by a password. "
                             "Fix: zip the story folder again without a password.")


# ---- entries -------------------------------------------------------------------------------------


def refused(data: bytes) -> str:
    with pytest.raises(StoryError) as caught:
        files_from_upload([("story.zip", data)])
    (problem,) = caught.value.problems
    return str(problem)


def empty_entries(count: int) -> list[Member]:
    """Entries an entry count used to skip: empty names and folders."""
    return [Member(b"" if i % 2 else b"d/") for i in range(count)]


def test_sixty_thousand_empty_and_folder_entries_are_refused():
    entries = story_members() + empty_entries(60_000)
    data = raw_zip(entries)
    assert len(data) <= MAX_UPLOAD_BYTES  # it is not the size that refuses it
    assert refused(data) == (f"upload: the zip lists {len(entries):,} entries (files and folders); a story zip has "
                             "at most 64. Fix: zip only the story folder.")


def test_a_zip_that_understates_its_entries_is_refused_by_its_directory_size():
    members = story_members()
    data = raw_zip(members + empty_entries(60_000), declared_entries=len(members))
    (directory_size,) = struct.unpack("<L", data[-10:-6])  # as the end record states it
    assert directory_size > 2_000_000
    assert refused(data) == (f"upload: the zip's list of contents is {directory_size:,} bytes long; a story zip's is "
                             "at most 64,000. Fix: zip only the story folder.")


def test_entries_are_counted_as_read_not_as_declared():
    members = story_members()
    data = raw_zip(members + empty_entries(MAX_ZIP_ENTRIES + 1 - len(members)), declared_entries=len(members))
    assert refused(data) == ("upload: the zip lists 65 entries (files and folders); a story zip has at most 64. "
                             "Fix: zip only the story folder.")


def test_a_story_with_a_few_extra_entries_still_loads(story):
    """A zip from macOS's Compress: the folder, __MACOSX copies, .DS_Store."""
    extra = {"my-story/.DS_Store": b"\0" * 100, "__MACOSX/": b"", "__MACOSX/my-story/._events.csv": b"\0" * 80}
    files = files_from_upload([("story.zip", zipped_story(zipfile.ZIP_DEFLATED, extra=extra))])
    assert parse_story(files).events == story.events


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
@pytest.mark.parametrize("prefix", ["", "my-story/"])
def test_stored_and_deflated_stories_load(story, compression, prefix):
    loaded = parse_story(files_from_upload([("story.zip", zipped_story(compression, prefix))]))
    assert loaded.events == story.events and loaded.context == story.context and loaded.meta == story.meta


# ---- path tricks ---------------------------------------------------------------------------------


def test_names_that_climb_out_or_are_absolute_are_never_read(story):
    evil = [stored(name, b"id,evil\n") for name in ("/my-story/events.csv", "my-story/../events.csv",
                                                    "C:/my-story/events.csv", "../my-story/events.csv")]
    files = files_from_upload([("story.zip", raw_zip(evil + story_members("my-story/")))])
    assert parse_story(files).events == story.events


@pytest.mark.parametrize("twin", ["my-story/events.csv", "my-story/EVENTS.CSV", "my-story\\events.csv",
                                  "my-story/./events.csv", "My-Story/events.csv"])
def test_a_name_twice_is_refused_rather_than_guessed(twin):
    data = raw_zip(story_members("my-story/") + [stored(twin, b"id,evil\n")])
    message = refused(data)
    assert message.startswith("upload: the zip holds ") and " twice (" in message, message
    assert message.endswith("Fix: zip the story folder again (in most systems: right-click → Compress).")


def test_backslashes_separate_folders_as_on_windows(story):
    members = [m._replace(name=m.name.replace(b"/", b"\\")) for m in story_members("my-story/")]
    assert parse_story(files_from_upload([("story.zip", raw_zip(members))])).events == story.events


def test_the_same_story_file_uploaded_twice_is_refused():
    assert_message = "upload: this file is uploaded more than once: events.csv. Fix: upload each story file once."
    with pytest.raises(StoryError) as caught:
        files_from_upload([("a/events.csv", b"id\n"), ("b/events.csv", b"id,evil\n")])
    assert [str(p) for p in caught.value.problems] == [assert_message]


# ---- one upload held, never more (item 8) --------------------------------------------------------


def held_bytes(store) -> int:
    stats = store.get_stats()
    return sum(stat.byte_length for family in stats.values() for stat in family)


def test_the_store_keeps_one_file_per_session():
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    from ui.tabs import keep_one_file_per_session

    store = MemoryUploadedFileManager("/_stcore/upload_file")
    keep_one_file_per_session(store)
    keep_one_file_per_session(store)  # twice is once
    big = b"x" * 4_900_000
    ids = [str(uuid.uuid4()) for _ in range(40)]
    for file_id in ids:  # 40 × 4.9 MB, as the attack review sent
        store.add_file("pupil", UploadedFileRec(file_id, "story.zip", "application/zip", big))
    store.add_file("other", UploadedFileRec("o", "story.zip", "application/zip", b"other"))
    assert [f.file_id for f in store.get_files("pupil", ids)] == [ids[-1]]
    assert held_bytes(store) == 4_900_000 + 5
    store.remove_session_files("pupil")
    assert held_bytes(store) == 5 and store.get_files("other", ["o"])[0].data == b"other"


def test_the_store_keeps_no_more_than_one_byte_past_the_limit():
    """Streamlit's server takes 5 × 2**20 bytes a file; the app needs one byte past its own limit to refuse."""
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    from ui.tabs import keep_one_file_per_session

    store = MemoryUploadedFileManager("/_stcore/upload_file")
    keep_one_file_per_session(store)
    store.add_file("pupil", UploadedFileRec("a", "story.zip", "application/zip", b"x" * (5 * 2**20)))
    (kept,) = store.get_files("pupil", ["a"])
    assert len(kept.data) == MAX_UPLOAD_BYTES + 1
    assert refused(kept.data) == ("upload: the upload is larger than the limit of 5 MB. Fix: zip only the story "
                                  "folder (a story is usually well under 1 MB).")


def uploaded_files_in(at) -> list[str]:
    """The session-state entries holding an UploadedFile (a zip's bytes), by key."""
    from streamlit.runtime.uploaded_file_manager import UploadedFile

    state = at.session_state._state._state
    values = {**state._old_state, **state._new_session_state,
              **{k: getattr(v, "value", None) for k, v in state._new_widget_state.states.items()}}
    return [key for key, value in values.items()
            if isinstance(value, UploadedFile) or (isinstance(value, list) and
                                                    any(isinstance(v, UploadedFile) for v in value))]


def own_zip(title: str) -> bytes:
    members = story_members("my-story/")
    for i, m in enumerate(members):
        if m.name == b"my-story/story.json":
            meta = json.loads(m.payload)
            members[i] = stored("my-story/story.json", json.dumps({**meta, "title": title}).encode())
    return raw_zip(members)


def test_an_upload_is_one_zip_and_its_bytes_are_not_kept():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.session_state["tab"] = "Your own story"
    at.run()
    (uploader,) = at.file_uploader
    assert not uploader.accept_multiple_files and not uploader.accept_directory and uploader.allowed_type == [".zip"]
    for title in ("First upload", "Second upload"):
        at.file_uploader[0].set_value(("story.zip", own_zip(title), "application/zip"))
        at.run()
        assert not at.exception and at.session_state["upload_problems"] == []
        assert at.session_state["upload"].meta["title"] == title
        assert uploaded_files_in(at) == []  # the story is kept, the zip is not
        assert at.file_uploader[0].value is None  # the uploader starts empty


def test_the_uploader_states_the_limits():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.session_state["tab"] = "Your own story"
    at.run()
    text = " ".join(m.value for m in at.markdown)
    assert "One zip at a time, at most 5 MB (10 MB unpacked)." in text


# ---- the same on a real server: files sent straight to Streamlit's upload endpoint -------------


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    from bench.appserver import start_app, stop_app

    proc, url = start_app()
    yield url
    stop_app(proc)


def put_file(url: str, session_id: str, xsrf: str, data: bytes) -> int:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"story.zip\"\r\n"
            f"Content-Type: application/zip\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(f"{url}/_stcore/upload_file/{session_id}/{uuid.uuid4()}", data=body,
                                     method="PUT", headers={
                                         "Content-Type": f"multipart/form-data; boundary={boundary}",
                                         "X-Xsrftoken": xsrf, "Cookie": f"_streamlit_xsrf={xsrf}"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=30) as response:
        return response.status


def upload_store_bytes(url: str) -> int:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"{url}/_stcore/metrics?families=cache_memory_bytes", timeout=30) as response:
        text = response.read().decode()
    return sum(int(float(n)) for n in re.findall(r'cache_memory_bytes\{cache_type="UploadedFileManager"[^}]*\} (\S+)',
                                                  text))


def test_many_files_sent_to_the_server_hold_one(server):
    """Streamlit accepts any number of files for a session, whatever the widget asks; the app keeps one."""
    from bench.stclient import _first_requests, connect

    async def scenario() -> tuple[list[int], int]:
        xsrf = await asyncio.to_thread(_first_requests, server)
        async with await connect(server) as session:
            statuses = [await asyncio.to_thread(put_file, server, session.session_id, xsrf, b"z" * 1_000_000)
                        for _ in range(10)]
            return statuses, await asyncio.to_thread(upload_store_bytes, server)

    # In a thread of its own: Playwright's sync API (the browser tests) keeps an event loop in this one.
    with ThreadPoolExecutor(1) as pool:
        statuses, held = pool.submit(asyncio.run, asyncio.wait_for(scenario(), 120)).result()
    assert statuses == [204] * 10
    assert held == 1_000_000  # one file of ten
