"""Hostile uploads: does one session's upload starve a second reader, or take the server's memory?

One reader (a protocol client, bench/stclient.py) steps the built-in story continuously: send the step,
wait for the server's acknowledgement (script_finished, ?event= names the event), record the latency,
pause PAUSE s, step again. First alone for DURATION s (the baseline), then while a second session
uploads hostile stories back to back, each through the uploader of *Your own story* exactly as the
browser does (file URL requested, multipart PUT with the XSRF cookie and header, rerun with the
uploader's state: see stclient.StreamlitSession.upload). Each upload gets a session of its own (a new
tab); the list is gone through once, and again from the top until DURATION s have passed.

The uploads, generated here (each zip under the uploader's 5,000,000-byte limit):
  control   the built-in story, zipped (what an honest upload costs);
  deflate   a deflate member of 100 MB of zeros as article.txt (about 100 kB zipped), the rest valid;
  bzip2     a bzip2 member of 1 GB of zeros (under 1 kB) whose directory entry declares 100 bytes;
  entries   the built-in story plus 60,000 entries with an empty name or a folder name;
  events    a valid-looking story of 20,000 events (bench/gen_story.py; its own check is skipped);
  article   a 5 MB article on one line, and 3,000 events whose quotes are not in it;
  surrogate the built-in story with a lone surrogate escape "\\ud800" in story.json's title;
  largest   the largest story the limits of data/README.md ("Limits") allow: 500 events at 500 places,
            50 routes with every route point the vertex budget leaves after the basemap, an article
            near its byte and line limits, 2,000 questions, 500 glossary terms, 1,000 context facts.
Per upload: the time from asking for the file URL to the rerun's script_finished, what the page
answered (the problem shown, or the story accepted), the server's CPU seconds and its peak VmRSS
(polled every 0.1 s) while it ran. An upload not answered within TIMEOUT s (default 120) is recorded
as timed out, and the next one starts (the server may still be working on it: that shows in the
reader's figures). A memory guard kills the server above 3,000 MB (recorded; a new server is started
and the reader reconnects), so a bomb cannot take the shared machine down.
Also: the server's VmHWM (its peak resident memory since start) and its CPU seconds in each phase.
Goals: the reader's p95 during uploads within the classroom goal (p95 <= 400 ms, bench/README.md), and
no upload takes the server above 1,000 MB. It reports; it asserts nothing.
Run: python bench/bench_uploads.py [--duration 20] [--pause 0.1] [--timeout 120] [--only KIND ...]
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import html
import io
import json
import os
import random
import re
import struct
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import gen_story  # noqa: E402
from bench.appserver import ROOT, start_app, stop_app  # noqa: E402
from bench.bench_classroom import GOAL_P95_MS, median, p95  # noqa: E402
from bench.stclient import StreamlitSession, connect  # noqa: E402
from streamlit.proto.Block_pb2 import Block  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

DATA = ROOT / "data"
GOAL_RSS_MB = 1000.0
GUARD_RSS_MB = 3000.0
UPLOAD_LIMIT = 5_000_000  # bytes: the uploader's limit as the browser counts it (geo/upload.py MAX_UPLOAD_BYTES)
OWN_STORY_TAB = "Your own story"
STEP_TIMEOUT_S = 60.0
MB = 1_000_000


# ---- the hostile files ---------------------------------------------------------------------

def story_files(folder: Path = DATA) -> dict[str, bytes]:
    """The story files of FOLDER by their path inside it (its README left out)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "README.md"}


def zip_files(files: dict[str, bytes], folder: str = "story") -> bytes:
    """A zip of FILES in one folder, deflated, as a teacher's "Compress" makes it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"{folder}/{name}", data)
    return buffer.getvalue()


def _zeros_member(archive: zipfile.ZipFile, name: str, size: int, method: int) -> None:
    """Write SIZE zero bytes as one member, streamed (the bench never holds them all)."""
    chunk = bytes(10 * MB)
    info = zipfile.ZipInfo(name)
    info.compress_type = method
    with archive.open(info, "w") as member:
        for start in range(0, size, len(chunk)):
            member.write(chunk[:min(len(chunk), size - start)])


def declare_size(data: bytes, member: str, declared: int) -> bytes:
    """The zip DATA with MEMBER's unpacked size falsified to DECLARED, in its local header and in the
    central directory (the two places a zip states it; zipfile trusts the central one)."""
    out = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    assert out[info.header_offset:info.header_offset + 4] == b"PK\x03\x04"
    struct.pack_into("<I", out, info.header_offset + 22, declared)
    at = out.index(b"PK\x01\x02")
    while at >= 0:  # the central records, in order: find MEMBER's by the header offset it names
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", out, at + 28)
        if struct.unpack_from("<I", out, at + 42)[0] == info.header_offset:
            struct.pack_into("<I", out, at + 24, declared)
            return bytes(out)
        at = out.find(b"PK\x01\x02", at + 46 + name_len + extra_len + comment_len)
    raise ValueError(f"no central record for {member}")


def deflate_bomb(unpacked: int = 100 * MB) -> bytes:
    """The built-in story with article.txt replaced by UNPACKED zero bytes, deflated (~1,000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in story_files().items():
            if name != "article.txt":
                archive.writestr(f"story/{name}", data)
        _zeros_member(archive, "story/article.txt", unpacked, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def bzip2_bomb(unpacked: int = 1000 * MB, declared: int = 100) -> bytes:
    """The built-in story with article.txt as a bzip2 member of UNPACKED zeros declaring DECLARED bytes:
    zipfile unpacks a bzip2 read whole, so the first 4 kB read can produce gigabytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in story_files().items():
            if name != "article.txt":
                archive.writestr(f"story/{name}", data)
        _zeros_member(archive, "story/article.txt", unpacked, zipfile.ZIP_BZIP2)
    return declare_size(buffer.getvalue(), "story/article.txt", declared)


def entries_zip(count: int = 60_000) -> bytes:
    """The built-in story and COUNT stored entries named "" or "d/" (nothing to unpack, all to list)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in story_files().items():
            archive.writestr(f"story/{name}", data)
        empty = zipfile.ZipInfo("")
        folder = zipfile.ZipInfo("d/")
        with mock.patch("warnings.warn"):  # "Duplicate name", 60,000 times
            for i in range(count):
                archive.writestr(folder if i % 2 else empty, b"", compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def _generated(n: int, out: Path) -> Path:
    """gen_story's N-event folder without its own load_story check (on old code that check is the
    very cost measured here, and a story past the limits fails it)."""
    fake = SimpleNamespace(events=[None] * n)
    with mock.patch.object(gen_story, "load_story", lambda path: fake):
        return gen_story.generate(n, out)


def many_events_zip(n: int = 20_000) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return zip_files(story_files(_generated(n, Path(tmp) / "story")))


def _words(rng: random.Random, count: int) -> str:
    vocabulary = [f"w{i:03d}" for i in range(1000)] + ["the", "road", "to", "Goris", "and", "of", "refugees"]
    return " ".join(rng.choice(vocabulary) for _ in range(count))


def long_article_zip(size: int = 5 * MB, events: int = 3000) -> bytes:
    """The built-in story with a one-line article of SIZE bytes and EVENTS events on line 1 whose quotes
    are not on it (every quote is searched for, and missed)."""
    rng = random.Random(1)
    files = story_files()
    line = _words(rng, size // 4 + 1)[:size - 1]
    places = [f["properties"]["id"] for f in json.loads(files["places.geojson"])["features"]]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(gen_story.EVENT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for i in range(events):
        writer.writerow({"id": f"event-{i + 1}", "place": places[i % len(places)], "line": "1",
                         "date_precision": "undated", "title": f"Event {i + 1}", "summary": "A summary.",
                         "quote": f"words that are nowhere in the article, number {i + 1}", "quote_kind": "article"})
    files.update({"article.txt": (line + "\n").encode(), "events.csv": buffer.getvalue().encode()})
    for optional in ("questions.csv",):  # they name the built-in events, which are gone
        files.pop(optional, None)
    return zip_files(files)


def surrogate_zip() -> bytes:
    """The built-in story whose title holds a lone surrogate, written as JSON's escape "\\ud800"."""
    files = story_files()
    meta = json.loads(files["story.json"])
    meta["title"] = "Leaving \ud800 Nagorno-Karabakh"
    files["story.json"] = json.dumps(meta, indent=2, ensure_ascii=True).encode()
    return zip_files(files)


def _limits() -> dict[str, int]:
    """The limits geo.story states (data/README.md, "Limits"), or the brief's fallback before they existed."""
    from geo import story
    names = {"events": "MAX_EVENTS", "places": "MAX_PLACES", "routes": "MAX_ROUTES", "vertices": "MAX_VERTICES",
             "article_bytes": "MAX_ARTICLE_BYTES", "article_lines": "MAX_ARTICLE_LINES"}
    fallback = {"events": 500, "places": 500, "routes": 2, "vertices": 0, "article_bytes": 0, "article_lines": 0}
    limits = {key: getattr(story, name, fallback[key]) for key, name in names.items()}
    from geo import teaching, context  # questions, glossary, timeline rows
    limits["questions"] = getattr(teaching, "MAX_QUESTIONS", 2000 if hasattr(story, "MAX_EVENTS") else 0)
    limits["glossary"] = getattr(teaching, "MAX_GLOSSARY", 500 if hasattr(story, "MAX_EVENTS") else 0)
    limits["timeline"] = getattr(context, "MAX_CONTEXT", 1000 if hasattr(story, "MAX_EVENTS") else 0)
    return limits


def _vertices(geometry: dict | None) -> int:
    def count(c: list) -> int:
        return 1 if c and isinstance(c[0], (int, float)) else sum(count(x) for x in c)
    return count(geometry["coordinates"]) if geometry else 0


def largest_folder(out: Path) -> Path:
    """A story at every limit at once (see the module docstring); returns its folder."""
    lim = _limits()
    events, places = lim["events"], lim["places"]
    # gen_story puts N/4 places; with 4 events per place the first EVENTS of 4*PLACES events visit every place.
    folder = _generated(max(events, places * gen_story.EVENTS_PER_PLACE), out)
    with (folder / "events.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))[:events]
    used = {row["place"] for row in rows}
    collection = json.loads((folder / "places.geojson").read_text(encoding="utf-8"))
    collection["features"] = [f for f in collection["features"] if f["properties"]["id"] in used][:places]
    (folder / "places.geojson").write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(gen_story.EVENT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / "events.csv").write_text(buffer.getvalue(), encoding="utf-8")
    rng = random.Random(2)
    lines = (folder / "article.txt").read_text(encoding="utf-8").splitlines()[:events]
    size = sum(len(line.encode()) + 1 for line in lines)
    while lim["article_lines"] and len(lines) < lim["article_lines"] and size < 0.97 * lim["article_bytes"]:
        lines.append(f"Filler paragraph {len(lines) + 1}: " + _words(rng, 8))
        size += len(lines[-1].encode()) + 1
    (folder / "article.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    basemap = json.loads((folder / "basemap.geojson").read_text(encoding="utf-8"))
    budget = lim["vertices"] - sum(_vertices(f["geometry"]) for f in basemap["features"])
    routes = json.loads((folder / "routes.geojson").read_text(encoding="utf-8"))
    if budget > 0:
        per_route = budget // lim["routes"]
        features = []
        for r in range(lim["routes"]):
            lat0 = 38.9 + 1.8 * r / lim["routes"]
            coords = [[round(44.2 + 3.0 * k / per_route, 5), round(lat0 + 0.05 * rng.random(), 5)]
                      for k in range(per_route)]
            features.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords},
                             "properties": {"id": f"route-{r + 1}", "name": f"Synthetic route {r + 1}"}})
        routes["features"] = features
        (folder / "routes.geojson").write_text(json.dumps(routes, separators=(",", ":")), encoding="utf-8")
    ids = [row["id"] for row in rows]
    tables = {
        "questions.csv": (["event", "question"], [[ids[i % len(ids)], f"What does event {i + 1} tell us? " + _words(rng, 6)]
                                                  for i in range(lim["questions"])]),
        "glossary.csv": (["term", "definition", "source"], [[f"Term {i + 1}", "A definition. " + _words(rng, 10),
                                                            "synthetic"] for i in range(lim["glossary"])]),
        "context/timeline.csv": (["date", "time_local", "event", "figure", "source_title", "source_url", "quote_or_note"],
                                 [[f"2023-09-{19 + i % 10}", "", f"Fact {i + 1}: " + _words(rng, 6), "", "Synthetic source",
                                   "https://example.org/", ""] for i in range(lim["timeline"])]),
    }
    for name, (header, table_rows) in tables.items():
        if not table_rows:
            continue
        (folder / name).parent.mkdir(exist_ok=True)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(table_rows)
        (folder / name).write_text(buffer.getvalue(), encoding="utf-8")
    meta = json.loads((folder / "story.json").read_text(encoding="utf-8"))
    meta["title"] = f"Synthetic story at the limits: {len(rows)} events at {len(collection['features'])} places"
    (folder / "story.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return folder


def largest_zip() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return zip_files(story_files(largest_folder(Path(tmp) / "story")))


@dataclass
class Hostile:
    kind: str
    label: str
    make: Callable[[], bytes]
    data: bytes = b""
    make_s: float = 0.0


HOSTILE = [
    Hostile("control", "the built-in story (control)", lambda: zip_files(story_files())),
    Hostile("deflate", "deflate bomb: article.txt = 100 MB of zeros", deflate_bomb),
    Hostile("bzip2", "bzip2 bomb: 1 GB of zeros declaring 100 bytes", bzip2_bomb),
    Hostile("entries", "60,000 empty-name and folder entries", entries_zip),
    Hostile("events", "20,000 events", many_events_zip),
    Hostile("article", "5 MB one-line article, 3,000 quotes missing", long_article_zip),
    Hostile("surrogate", 'lone surrogate "\\ud800" in the title', surrogate_zip),
    Hostile("largest", "the largest story the limits allow", largest_zip),
]


# ---- the server ----------------------------------------------------------------------------

def proc_status(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of PID in MB (empty if it is gone)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return {line.split(":")[0]: int(line.split()[1]) / 1024 for line in lines if line.startswith(("VmRSS", "VmHWM"))}


def cpu_seconds(pid: int) -> float:
    """User + system CPU of PID (all its threads), in seconds; 0 if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    """The app server, its memory watched every 0.1 s; killed (and restarted on demand) above the guard."""

    def __init__(self) -> None:
        self.proc, self.url = start_app("app.py")
        self.rss_max = 0.0
        self.hwm_max = 0.0
        self.cpu_done = 0.0  # CPU of servers already stopped
        self.killed: list[float] = []  # RSS at each guard kill
        self.window_rss = 0.0  # peak RSS since the last reset_window

    def cpu(self) -> float:
        return self.cpu_done + cpu_seconds(self.proc.pid)

    def reset_window(self) -> None:
        self.window_rss = proc_status(self.proc.pid).get("VmRSS", 0.0)

    async def watch(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            status = proc_status(self.proc.pid)
            rss = status.get("VmRSS", 0.0)
            self.rss_max, self.window_rss = max(self.rss_max, rss), max(self.window_rss, rss)
            self.hwm_max = max(self.hwm_max, status.get("VmHWM", 0.0))
            if rss > GUARD_RSS_MB:
                self.killed.append(rss)
                self.cpu_done += cpu_seconds(self.proc.pid)
                self.proc.kill()
                self.proc.wait()
                self.proc, self.url = await asyncio.to_thread(start_app, "app.py")
            try:
                await asyncio.wait_for(stop.wait(), 0.1)
            except TimeoutError:
                pass

    def stop(self) -> None:
        status = proc_status(self.proc.pid)
        self.hwm_max = max(self.hwm_max, status.get("VmHWM", 0.0))
        self.cpu_done += cpu_seconds(self.proc.pid)
        stop_app(self.proc)


# ---- the reader and the uploader -----------------------------------------------------------

@dataclass
class Reader:
    phase: str = "alone"
    uploading: str = ""  # the kind of upload in flight now
    steps: dict[str, list[float]] = field(default_factory=lambda: {"alone": [], "uploads": []})
    by_upload: dict[str, list[float]] = field(default_factory=dict)  # latencies of steps sent during each kind
    unacknowledged: dict[str, int] = field(default_factory=lambda: {"alone": 0, "uploads": 0})
    errors: list[str] = field(default_factory=list)


async def read_story(server: Server, reader: Reader, pause: float, stop: asyncio.Event) -> None:
    """Step Next (First at the end) until STOP; reconnect if the connection drops (a guard restart)."""
    session: StreamlitSession | None = None
    current = seq = 0
    while not stop.is_set():
        try:
            if session is None:
                session = await connect(server.url)
                order = session.storymap().order
            current = (current + 1) % len(order)
            seq += 1
            phase, uploading = reader.phase, reader.uploading
            t0 = time.perf_counter()
            try:
                step = await session.step(order[current], seq, timeout=STEP_TIMEOUT_S)
            except TimeoutError:  # counted at the timeout: a lower bound of its latency
                if phase in reader.steps:
                    reader.steps[phase].append((time.perf_counter() - t0) * 1000)
                    reader.unacknowledged[phase] += 1
                reader.errors.append(f"step timed out after {STEP_TIMEOUT_S:.0f} s ({phase})")
                continue
            if phase in reader.steps:
                reader.steps[phase].append(step.latency_ms)
                reader.unacknowledged[phase] += not step.acknowledged
            if phase == "uploads" and uploading:
                reader.by_upload.setdefault(uploading, []).append(step.latency_ms)
        except Exception as exc:  # noqa: BLE001 - a benchmark counts failures, it does not stop on them
            reader.errors.append(f"reader: {type(exc).__name__}: {str(exc)[:160]}")
            if session is not None:
                await session.close()
            session = None
            await asyncio.sleep(1)
            continue
        await asyncio.sleep(pause)
    if session is not None:
        await session.close()


def _plain(body: str) -> str:
    """An HTML snippet's text, on one line."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", body)).split())


def answer(session: StreamlitSession) -> str:
    """What the page shows after an upload: the story accepted, or the error and the first problem."""
    parts = []
    for placed in session.elements.values():
        node = placed.node
        kind = node.WhichOneof("type") if not isinstance(node, Block) else None
        if kind == "exception":
            return f"exception element: {node.exception.type}: {node.exception.message[:200]}"
        if kind == "alert" and node.alert.format == node.alert.ERROR:
            parts.insert(0, node.alert.body)
        elif kind == "html" and node.html.body.startswith('<ul class="upload-problems">'):
            items = [_plain(item) for item in re.findall(r"<li>(.*?)</li>", node.html.body, flags=re.S)]
            parts.append(" | ".join(items[:3]) + (f" | … {len(items) - 3} more" if len(items) > 3 else ""))
        elif kind == "html" and node.html.body.startswith('<p class="notice upload-notice"'):
            parts.append("accepted: " + _plain(node.html.body))
    return " ".join(parts) or "no answer on the page"


async def upload_once(server: Server, item: Hostile, timeout: float) -> dict:
    """Open a tab of our own, open *Your own story*, upload ITEM, and see what the page says."""
    row = {"kind": item.kind, "label": item.label, "zip_bytes": len(item.data)}
    session: StreamlitSession | None = None
    t0 = cpu0 = None
    try:
        session = await connect(server.url)
        tabs = next(p.node for p in session.elements.values()
                    if isinstance(p.node, Block) and p.node.WhichOneof("type") == "tab_container")
        await session.rerun([WidgetState(id=tabs.tab_container.id or tabs.id, string_value=OWN_STORY_TAB)])
        uploader = session.element("file_uploader")
        if uploader is None:
            raise LookupError(f"no file uploader in the tab {OWN_STORY_TAB!r}")
        server.reset_window()
        cpu0, t0 = server.cpu(), time.perf_counter()
        try:
            result = await session.upload(uploader.file_uploader.id, "story.zip", item.data, timeout=timeout)
        except TimeoutError:
            row.update(seconds=time.perf_counter() - t0, answer=f"timed out after {timeout:.0f} s", timed_out=True)
        else:
            row.update(seconds=result.total_ms / 1000, timed_out=False,
                       answer=(f"PUT refused: HTTP {result.put_status}" if result.run is None else
                               answer(session) if result.run.status_name.startswith("FINISHED_SUCC")
                               else f"run ended {result.run.status_name}: {answer(session)}"))
        row.update(cpu_s=server.cpu() - cpu0, rss_peak_mb=server.window_rss)
    except Exception as exc:  # noqa: BLE001
        row.update(seconds=time.perf_counter() - t0 if t0 else float("nan"), timed_out=False,
                   answer=f"failed: {type(exc).__name__}: {str(exc)[:200]}",
                   cpu_s=server.cpu() - cpu0 if cpu0 is not None else float("nan"), rss_peak_mb=server.window_rss)
    finally:
        if session is not None:
            await session.close()
    if server.killed and row.get("rss_peak_mb", 0) >= GUARD_RSS_MB:
        row["answer"] = f"server killed by the memory guard at {server.killed[-1]:,.0f} MB; " + row["answer"]
    return row


async def run(duration: float, pause: float, timeout: float, items: list[Hostile]) -> dict:
    server = Server()
    reader, stop_reader, stop_watch = Reader(), asyncio.Event(), asyncio.Event()
    out: dict = {"uploads": []}
    try:
        watcher = asyncio.create_task(server.watch(stop_watch))
        reading = asyncio.create_task(read_story(server, reader, pause, stop_reader))
        cpu0 = server.cpu()
        await asyncio.sleep(duration)
        cpu1, t1 = server.cpu(), time.perf_counter()
        reader.phase = "uploads"
        done: set[str] = set()
        while len(done) < len(items) or time.perf_counter() - t1 < duration:
            for item in items:
                reader.uploading = item.kind
                out["uploads"].append(await upload_once(server, item, timeout))
                reader.uploading = ""
                done.add(item.kind)
                if len(done) == len(items) and time.perf_counter() - t1 >= duration:
                    break
        reader.phase = "after"
        cpu2, t2 = server.cpu(), time.perf_counter()
        stop_reader.set()
        await reading
        stop_watch.set()
        await watcher
        out.update(alone_cpu_s=cpu1 - cpu0, uploads_cpu_s=cpu2 - cpu1, uploads_s=t2 - t1)
    finally:
        server.stop()
    out.update(reader=reader, rss_max_mb=server.rss_max, hwm_mb=server.hwm_max, killed=server.killed,
               cpu_total_s=server.cpu_done)
    return out


def by_kind(rows: list[dict], steps: dict[str, list[float]]) -> dict[str, dict]:
    """Each kind's uploads in one summary: times, CPU, memory, the reader's p95 meanwhile, the first answer."""
    out: dict[str, dict] = {}
    for kind in dict.fromkeys(row["kind"] for row in rows):
        mine = [row for row in rows if row["kind"] == kind]
        seconds = [row["seconds"] for row in mine]
        answers = dict.fromkeys(row["answer"] for row in mine)
        out[kind] = {"label": mine[0]["label"], "zip_bytes": mine[0]["zip_bytes"], "count": len(mine),
                     "p50_s": median(seconds), "max_s": max(seconds), "timed_out": sum(r["timed_out"] for r in mine),
                     "cpu_p50_s": median([row["cpu_s"] for row in mine]),
                     "rss_peak_mb": max(row["rss_peak_mb"] for row in mine),
                     "reader_p95_ms": p95(steps.get(kind, [])), "reader_steps": len(steps.get(kind, [])),
                     "answer": " // ".join(answers) if len(answers) > 1 else next(iter(answers))}
    return out


def main(duration: float = 20.0, pause: float = 0.1, timeout: float = 120.0, only: list[str] | None = None) -> dict:
    items = [h for h in HOSTILE if not only or h.kind in only]
    load0 = os.getloadavg()
    for item in items:
        t0 = time.perf_counter()
        item.data = item.make()
        item.make_s = time.perf_counter() - t0
    out = asyncio.run(run(duration, pause, timeout, items))
    reader: Reader = out["reader"]
    alone, during = reader.steps["alone"], reader.steps["uploads"]
    ok = lambda good: "met" if good else "missed"  # noqa: E731
    result = {
        "duration_s": duration, "pause_s": pause, "timeout_s": timeout,
        "alone_steps": len(alone), "alone_p50_ms": median(alone), "alone_p95_ms": p95(alone),
        "alone_max_ms": max(alone, default=float("nan")),
        "uploads_steps": len(during), "uploads_p50_ms": median(during), "uploads_p95_ms": p95(during),
        "uploads_max_ms": max(during, default=float("nan")),
        "alone_over_goal": sum(v > GOAL_P95_MS for v in alone), "uploads_over_goal": sum(v > GOAL_P95_MS for v in during),
        "uploads_waiting_s": sum(during) / 1000,
        "unacknowledged": reader.unacknowledged, "reader_errors": reader.errors[:10],
        "uploads": out["uploads"], "uploads_s": out["uploads_s"],
        "rss_max_mb": out["rss_max_mb"], "hwm_mb": out["hwm_mb"], "guard_kills": len(out["killed"]),
        "cpu_total_s": out["cpu_total_s"], "alone_cpu_s": out["alone_cpu_s"], "uploads_cpu_s": out["uploads_cpu_s"],
        "by_kind": by_kind(out["uploads"], reader.by_upload), "goal_p95_ms": GOAL_P95_MS, "goal_rss_mb": GOAL_RSS_MB,
        "load": (load0, os.getloadavg()), "cores": os.cpu_count(),
    }
    print(f"uploads: one reader steps the built-in story (pause {pause} s) {duration:.0f} s alone, then while a "
          f"second session uploads {len(items)} hostile stories back to back; timeout {timeout:.0f} s per upload; "
          f"{os.cpu_count()} cores, load average {load0[0]:.2f} at the start, {result['load'][1][0]:.2f} at the end")
    for item in items:
        over = "  (over the uploader's limit)" if len(item.data) > UPLOAD_LIMIT else ""
        print(f"file {item.kind}: {item.label}: zip {len(item.data):,} bytes (made in {item.make_s:.1f} s){over}")
    print(f"reader alone:          {len(alone):4d} steps   p50 {result['alone_p50_ms']:7.1f} ms   p95 "
          f"{result['alone_p95_ms']:7.1f} ms   max {result['alone_max_ms']:7.1f} ms   over {GOAL_P95_MS:.0f} ms "
          f"{result['alone_over_goal']}   unacknowledged {reader.unacknowledged['alone']}")
    print(f"reader during uploads: {len(during):4d} steps   p50 {result['uploads_p50_ms']:7.1f} ms   p95 "
          f"{result['uploads_p95_ms']:7.1f} ms   max {result['uploads_max_ms']:7.1f} ms   over {GOAL_P95_MS:.0f} ms "
          f"{result['uploads_over_goal']}   unacknowledged {reader.unacknowledged['uploads']}   goal p95 <= "
          f"{GOAL_P95_MS:.0f} ms: {ok(result['uploads_p95_ms'] <= GOAL_P95_MS)}")
    print(f"reader waiting: {result['uploads_waiting_s']:.1f} s of the {out['uploads_s']:.0f} s of uploads were spent "
          "waiting for a step (a slow step also delays the next: the count of steps under-weights a stall)")
    for error in reader.errors[:5]:
        print(f"    {error}")
    for kind, summary in result["by_kind"].items():
        print(f"upload {kind}: {summary['count']}x, until answered median {summary['p50_s']:.2f} s max "
              f"{summary['max_s']:.2f} s{' (' + str(summary['timed_out']) + ' timed out)' if summary['timed_out'] else ''}; "
              f"server CPU median {summary['cpu_p50_s']:.2f} s; server RSS peak {summary['rss_peak_mb']:.0f} MB; "
              f"reader p95 meanwhile {summary['reader_p95_ms']:.0f} ms ({summary['reader_steps']} steps) -> "
              f"{summary['answer'][:400]}")
    print(f"server memory: peak VmHWM {result['hwm_mb']:.0f} MB, polled VmRSS max {result['rss_max_mb']:.0f} MB   "
          f"goal <= {GOAL_RSS_MB:.0f} MB: {ok(result['hwm_mb'] <= GOAL_RSS_MB)}   memory-guard kills: "
          f"{result['guard_kills']}")
    print(f"server CPU: {result['cpu_total_s']:.1f} s in all; {result['alone_cpu_s']:.1f} s in the {duration:.0f} s "
          f"alone, {result['uploads_cpu_s']:.1f} s in the {result['uploads_s']:.0f} s of uploads")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds alone, and at least as long with uploads")
    parser.add_argument("--pause", type=float, default=0.1, help="seconds between the reader's steps")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds an upload may take to be answered")
    parser.add_argument("--only", nargs="*", choices=[h.kind for h in HOSTILE], help="only these uploads")
    a = parser.parse_args()
    main(a.duration, a.pause, a.timeout, a.only)
