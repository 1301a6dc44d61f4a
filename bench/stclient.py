"""A minimal client for Streamlit's websocket protocol: one pupil's browser session without a browser.

Why: a load benchmark needs many sessions at once, and 30 Chromium pages saturate this 2-core machine,
so a browser benchmark mostly measures the browsers. This client puts on the server the same load a
browser tab does, at a small fraction of the client CPU.

What it simulates, as Streamlit 1.67's frontend does it (checked against frames captured from Chromium):
  - the handshake: GET /_stcore/health and /_stcore/host-config (the health reply sets the
    `_streamlit_xsrf` cookie), then ws://HOST/_stcore/stream with the Origin of the page, that cookie, and
    the subprotocols ["streamlit", <xsrf cookie>];
  - the first BackMsg.rerun_script (empty widget states, the page's query string, browser context) and
    every later one: ALL the widget states the browser holds, the page script hash, the query string
    that page_info_changed has put in the address bar, and `fragment_id` for a fragment rerun;
  - the widget states the browser registers by itself when widgets appear (radio, toggle/checkbox,
    file uploader) and drops when they disappear, so a rerun carries what a real tab would send;
  - the forward-message cache: big messages are cached by hash, their hashes are reported in each
    rerun, `ref_hash` messages are resolved from the cache, entries expire by the browser's rules;
  - the story map component (ui/storymap.py) sending {"event", "mode", "seq"} as host.js does;
  - a file upload as st.file_uploader's frontend makes it (`upload`): BackMsg.file_urls_request ->
    ForwardMsg.file_urls_response (a file id and its URL); PUT of the bytes to that URL as multipart form
    data (one part, named after the file) with the `_streamlit_xsrf` cookie and the same token in an
    `X-Xsrftoken` header (the server refuses a PUT without them while XSRF protection is on); then a
    rerun whose widget states give the uploader a FileUploaderState naming the file (id, name, size, URLs).
What it does not: render anything, load the page's HTML/JS/CSS, load the component's iframe or its assets,
send browser heartbeats, or reconnect. Those cost the client, or the server only once per pupil (static
files), not per step. A step's latency here is the server's part of what a pupil waits for: send the
rerun -> script_finished received, without the browser's decoding, React rendering and postMessage hops.
"""
from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Self

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Block_pb2 import Block
from streamlit.proto.ClientState_pb2 import ContextInfo
from streamlit.proto.Common_pb2 import FileUploaderState, FileURLs, UploadedFileInfo
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.Exception_pb2 import Exception as ExceptionProto
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin, Subprotocol

Status = ForwardMsg.ScriptFinishedStatus
# Trigger-like values are sent once and then forgotten by the browser (WidgetStateManager).
_ONE_SHOT_VALUES = ("trigger_value", "string_trigger_value", "json_trigger_value", "chat_input_value")


class CacheMissError(RuntimeError):
    """The server referred to a message this client does not hold: a protocol bug (the browser fails too)."""


@dataclass
class _CacheEntry:
    encoded: bytes
    run_count: int
    fragment_id: str


class ForwardMsgCache:
    """The browser's ForwardMsgCache (frontend/connection/src/ForwardMessageCache.ts).

    The server replaces a cacheable message whose hash the client reported in its last rerun by a
    `ref_hash` message (runtime/scriptrunner_utils/script_run_context.py, enqueue). Reporting hashes we
    do not hold would break the page; not reporting them would make the server send more than it does
    to a browser. So the client keeps exactly what a browser keeps.
    """

    def __init__(self) -> None:
        self._entries: dict[str, _CacheEntry] = {}
        self._run_count = 0

    def hashes(self) -> list[str]:
        return list(self._entries)

    def process(self, encoded: bytes) -> tuple[ForwardMsg, bool]:
        """Decode one frame; cache it if cacheable; resolve it if it is a reference. -> (msg, was_ref)."""
        msg = ForwardMsg.FromString(encoded)
        if msg.WhichOneof("type") != "ref_hash":
            if msg.metadata.cacheable and msg.hash:
                entry = self._entries.get(msg.hash)
                if entry:
                    entry.run_count = self._run_count
                else:
                    fragment_id = msg.delta.fragment_id if msg.HasField("delta") else ""
                    self._entries[msg.hash] = _CacheEntry(encoded, self._run_count, fragment_id)
            return msg, False
        entry = self._entries.get(msg.ref_hash)
        if entry is None:
            raise CacheMissError(f"cached ForwardMsg miss: {msg.ref_hash}")
        entry.run_count = self._run_count
        cached = ForwardMsg.FromString(entry.encoded)
        cached.metadata.CopyFrom(msg.metadata)  # where it goes is in the reference, not the cached copy
        return cached, True

    def increment_run_count(self, max_age: int, fragment_ids: list[str]) -> None:
        """After a successful run: expire entries unused for more than `max_age` runs (only the
        fragment's own entries after a fragment run)."""
        self._run_count += 1
        for key, entry in list(self._entries.items()):
            if fragment_ids and entry.fragment_id not in fragment_ids:
                continue
            if self._run_count - entry.run_count > max_age:
                del self._entries[key]


@dataclass
class RunResult:
    """What one rerun brought back. Deltas are decoded ForwardMsgs, cache references resolved."""

    latency_ms: float = 0.0  # perf_counter: rerun sent -> script_finished received
    status: int | None = None  # ForwardMsg.ScriptFinishedStatus
    fragment_ids: list[str] = field(default_factory=list)  # empty for a full-app run
    deltas: list[ForwardMsg] = field(default_factory=list)
    query_strings: list[str] = field(default_factory=list)  # from page_info_changed, in order
    bytes_received: int = 0
    cache_hits: int = 0  # ref_hash messages resolved from the cache

    @property
    def status_name(self) -> str:
        return "none" if self.status is None else Status.Name(self.status)

    @property
    def exceptions(self) -> list[ExceptionProto]:
        """Exception elements (st.exception or an uncaught error in the script) among the deltas."""
        return [m.delta.new_element.exception for m in self.deltas
                if m.delta.WhichOneof("type") == "new_element" and m.delta.new_element.WhichOneof("type") == "exception"]


@dataclass
class StoryMapView:
    """The story map component as the server drew it: `selected`, `ack`, `mode`, and `order` from its view."""

    widget_id: str
    fragment_id: str
    selected: str | None
    ack: int | None
    mode: str | None
    json_args: str = field(repr=False)

    @functools.cached_property
    def order(self) -> list[str]:
        """The event ids in story order, from the `view` argument (geo.storyview.view_text)."""
        return list(json.loads(json.loads(self.json_args)["view"])["order"])

    @classmethod
    def find(cls, elements: Iterable[tuple[Element, str]]) -> StoryMapView | None:
        """The first `component_instance` named ...storymap among (element, fragment id) pairs."""
        for element, fragment_id in elements:
            if element.WhichOneof("type") == "component_instance" and \
                    element.component_instance.component_name.endswith("storymap"):
                component = element.component_instance
                args = json.loads(component.json_args or "{}")
                return cls(component.id, fragment_id, args.get("selected"), args.get("ack"), args.get("mode"),
                           component.json_args)
        return None

    @classmethod
    def in_run(cls, run: RunResult) -> StoryMapView | None:
        return cls.find((m.delta.new_element, m.delta.fragment_id) for m in run.deltas
                        if m.delta.WhichOneof("type") == "new_element")


@dataclass
class StepResult:
    """A step as host.js makes it, and whether the server took it in."""

    event_id: str
    seq: int
    run: RunResult
    view: StoryMapView | None  # the component as redrawn by this rerun (None: not redrawn)

    @property
    def latency_ms(self) -> float:
        return self.run.latency_ms

    @property
    def query_event(self) -> str | None:
        if not self.run.query_strings:
            return None
        return urllib.parse.parse_qs(self.run.query_strings[-1]).get("event", [None])[0]

    @property
    def acknowledged(self) -> bool:
        """The page applied this step: its run finished and the address bar names our event. (The
        component's arguments are those of the last full run: a step leaves them as they were.)"""
        return (self.run.status in (Status.FINISHED_SUCCESSFULLY, Status.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
                and self.query_event == self.event_id)


@dataclass
class UploadResult:
    """A file sent through an st.file_uploader, as the browser sends it, and the rerun it caused."""

    name: str
    size: int
    put_status: int  # HTTP status of the PUT (204: stored; 403: XSRF refused; 413: too large)
    put_ms: float  # file URL requested -> PUT answered
    run: RunResult | None  # the rerun that hands the file to the script (None when the PUT failed)

    @property
    def total_ms(self) -> float:
        """File URL requested -> the rerun's script_finished (the PUT's time alone if it failed)."""
        return self.put_ms + (self.run.latency_ms if self.run else 0.0)


@dataclass
class _Placed:
    node: Element | Block  # a block can be a widget too (st.tabs with on_change)
    fragment_id: str
    run_id: str


@dataclass
class _Pending:
    result: RunResult
    done: asyncio.Future
    sent_at: float


def _initial_widget_state(element: Element) -> tuple[WidgetState | None, bool]:
    """The state the frontend registers for a widget it mounts (fromUi=false), and whether the server
    set the value (then it replaces the browser's). Only the widget kinds this app uses; the others
    (buttons, download buttons, the component) have no state until the reader acts."""
    kind = element.WhichOneof("type")
    if kind == "radio":
        radio = element.radio
        if radio.set_value:
            return WidgetState(id=radio.id, string_value=radio.raw_value), True
        if radio.HasField("default"):
            return WidgetState(id=radio.id, string_value=radio.options[radio.default]), False
    elif kind == "checkbox":  # st.toggle is a checkbox proto
        box = element.checkbox
        return WidgetState(id=box.id, bool_value=box.value if box.set_value else box.default), box.set_value
    elif kind == "file_uploader":
        state = WidgetState(id=element.file_uploader.id)
        state.file_uploader_state_value.SetInParent()
        return state, False
    return None, False


def _widget_id(node: Element | Block) -> str | None:
    if isinstance(node, Block):
        return node.id or None
    inner = getattr(node, node.WhichOneof("type") or "", None)
    return getattr(inner, "id", None) if inner is not None and "id" in inner.DESCRIPTOR.fields_by_name else None


def _first_requests(base_url: str) -> str | None:
    """The browser's connection pings (health and host-config); return the XSRF cookie health sets."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    token = None
    for path in ("/_stcore/health", "/_stcore/host-config"):
        with opener.open(base_url + path, timeout=30) as response:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                if name.strip() == "_streamlit_xsrf":
                    token = rest.split(";", 1)[0].strip().strip('"')
    return token


class StreamlitSession:
    """One browser tab's session. Use `await connect(...)`; reruns are sequential, one at a time."""

    def __init__(self, ws: ClientConnection, base_url: str, query: str) -> None:
        self.base_url = base_url
        self.query_string = query  # the address bar's query, as page_info_changed leaves it
        self.page_script_hash = ""
        self.session_id = ""
        self.widget_states: dict[str, WidgetState] = {}
        self.elements: dict[tuple[int, ...], _Placed] = {}  # the page tree's nodes by delta path
        self.cache = ForwardMsgCache()
        self.initial = RunResult()
        self._ws = ws
        self._max_cached_age = 2
        self._run_id = ""
        self._new_session_seen = False  # since the last rerun request (App.tsx hasReceivedNewSession)
        self._pending: _Pending | None = None
        self.xsrf_token: str | None = None  # the `_streamlit_xsrf` cookie set by the health reply
        self._file_urls: dict[str, asyncio.Future] = {}  # file_urls_request id -> its response
        self._error: BaseException | None = None  # why the connection is no longer usable
        self._context = ContextInfo(timezone="UTC", timezone_offset=0, locale="en-US", url=base_url + "/",
                                    is_embedded=False, color_scheme="light")
        self._reader = asyncio.create_task(self._read())

    # ---- sending -------------------------------------------------------------------------------

    async def rerun(self, widgets: Iterable[WidgetState] = (), fragment_id: str | None = None,
                    timeout: float = 30) -> RunResult:
        """Set `widgets` (as a reader's action would) and ask for a rerun, of the fragment if
        `fragment_id`; return once its script_finished arrives. Like the browser's
        WidgetStateManager.sendUpdateWidgetsMessage, every held widget state is sent, also for a fragment."""
        if self._pending is not None:
            raise RuntimeError("a rerun is already in flight on this session")
        if self._error is not None:
            raise self._error
        for state in widgets:
            self.widget_states[state.id] = state
        msg = BackMsg()
        client_state = msg.rerun_script
        client_state.query_string = self.query_string
        client_state.widget_states.SetInParent()
        client_state.widget_states.widgets.extend(self.widget_states.values())
        client_state.page_script_hash = self.page_script_hash
        if fragment_id:
            client_state.fragment_id = fragment_id
        client_state.cached_message_hashes.extend(self.cache.hashes())
        client_state.context_info.CopyFrom(self._context)
        for key, state in list(self.widget_states.items()):
            if state.WhichOneof("value") in _ONE_SHOT_VALUES:
                del self.widget_states[key]
        pending = _Pending(RunResult(), asyncio.get_running_loop().create_future(), time.perf_counter())
        self._pending = pending
        self._new_session_seen = False
        try:
            await self._ws.send(msg.SerializeToString())
            return await asyncio.wait_for(pending.done, timeout)
        finally:
            self._pending = None

    def storymap(self) -> StoryMapView | None:
        """The story map as it stands on the page now (after the last run)."""
        return StoryMapView.find((p.node, p.fragment_id) for p in self.elements.values() if isinstance(p.node, Element))

    async def step(self, event_id: str, seq: int, mode: str = "normal", timeout: float = 30) -> StepResult:
        """What host.js does when the reader steps: Streamlit.setComponentValue({event, mode, seq}, json)
        -> the component's widget gets json_value = JSON.stringify(value) -> a rerun of its fragment."""
        view = self.storymap()
        if view is None:
            raise LookupError("the page has no story map component")
        value = json.dumps({"event": event_id, "mode": mode, "seq": seq}, separators=(",", ":"))
        run = await self.rerun([WidgetState(id=view.widget_id, json_value=value)],
                               fragment_id=view.fragment_id or None, timeout=timeout)
        return StepResult(event_id, seq, run, StoryMapView.in_run(run))

    def element(self, kind: str) -> Element | None:
        """The first element of KIND ("file_uploader", "alert", ...) on the page now."""
        return next((p.node for p in self.elements.values()
                     if isinstance(p.node, Element) and p.node.WhichOneof("type") == kind), None)

    async def request_file_urls(self, names: list[str], timeout: float = 30) -> list[FileURLs]:
        """Ask the server where to PUT NAMES (the frontend's FileUploadClient does so before each upload)."""
        if self._error is not None:
            raise self._error
        request_id = uuid.uuid4().hex
        future = asyncio.get_running_loop().create_future()
        self._file_urls[request_id] = future
        msg = BackMsg()
        msg.file_urls_request.request_id = request_id
        msg.file_urls_request.session_id = self.session_id
        msg.file_urls_request.file_names.extend(names)
        try:
            await self._ws.send(msg.SerializeToString())
            response = await asyncio.wait_for(future, timeout)
        finally:
            self._file_urls.pop(request_id, None)
        if response.error_msg:
            raise RuntimeError(f"file_urls_request refused: {response.error_msg}")
        return list(response.file_urls)

    def _put_file(self, url: str, name: str, data: bytes, content_type: str, timeout: float) -> int:
        """PUT one file as the browser's FormData does; return the HTTP status (blocking: run in a thread)."""
        boundary = f"----stclient{uuid.uuid4().hex}"
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')
        body = b"".join([
            f"--{boundary}\r\n".encode(),
            f'Content-Disposition: form-data; name="{quoted}"; filename="{quoted}"\r\n'.encode(),
            f"Content-Type: {content_type}\r\n\r\n".encode(), data, f"\r\n--{boundary}--\r\n".encode(),
        ])
        parts = urllib.parse.urlsplit(self.base_url)
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}",
                   "Origin": f"{parts.scheme}://{parts.netloc}"}
        if self.xsrf_token:
            headers.update({"Cookie": f"_streamlit_xsrf={self.xsrf_token}", "X-Xsrftoken": self.xsrf_token})
        request = urllib.request.Request(url, data=body, method="PUT", headers=headers)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=timeout) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    async def upload(self, uploader_id: str, name: str, data: bytes, content_type: str = "application/zip",
                     timeout: float = 120) -> UploadResult:
        """Choose a file in the uploader UPLOADER_ID as a reader would: get its URL, PUT it, and rerun with
        the uploader's new state (the on_change callback runs in that rerun). Raises TimeoutError when the
        rerun has not finished within TIMEOUT seconds."""
        t0 = time.perf_counter()
        (urls,) = await self.request_file_urls([name], timeout=timeout)
        status = await asyncio.to_thread(self._put_file, urllib.parse.urljoin(self.base_url + "/", urls.upload_url),
                                         name, data, content_type, timeout)
        put_ms = (time.perf_counter() - t0) * 1000
        if status >= 300:
            return UploadResult(name, len(data), status, put_ms, None)
        state = WidgetState(id=uploader_id)
        state.file_uploader_state_value.CopyFrom(FileUploaderState(uploaded_file_info=[
            UploadedFileInfo(file_id=urls.file_id, name=name, size=len(data), file_urls=urls)]))
        run = await self.rerun([state], timeout=timeout)
        return UploadResult(name, len(data), status, put_ms, run)

    async def close(self) -> None:
        await self._ws.close()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader  # it never raises: it stores its error

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # ---- receiving -----------------------------------------------------------------------------

    async def _read(self) -> None:
        """Handle every frame as it arrives (timestamps are taken here, not when a caller looks)."""
        error: BaseException = ConnectionError("the server closed the websocket")
        try:
            async for frame in self._ws:
                received_at = time.perf_counter()
                msg, was_ref = self.cache.process(frame)
                self._handle(msg, len(frame), was_ref, received_at)
        except ConnectionClosed as exc:
            error = ConnectionError(f"websocket closed: {exc}")
        except Exception as exc:  # noqa: BLE001 - e.g. CacheMissError: the waiting rerun raises it
            error = exc
        self._error = error
        if self._pending is not None and not self._pending.done.done():
            self._pending.done.set_exception(error)
        for future in self._file_urls.values():
            if not future.done():
                future.set_exception(error)

    def _handle(self, msg: ForwardMsg, size: int, was_ref: bool, received_at: float) -> None:
        pending = self._pending
        result = pending.result if pending else None
        if result is not None:
            result.bytes_received += size
            result.cache_hits += was_ref
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self._run_id = msg.metadata.run.script_run_id
            self.page_script_hash = msg.new_session.page_script_hash
            self.session_id = msg.new_session.initialize.session_id or self.session_id
            self._max_cached_age = msg.new_session.config.max_cached_message_age
            self._new_session_seen = True
            if result is not None:
                result.fragment_ids = list(msg.metadata.run.fragment_ids)
        elif kind == "delta":
            if result is not None:
                result.deltas.append(msg)
            path = tuple(msg.metadata.delta_path)
            if msg.delta.WhichOneof("type") == "add_block":
                self.elements[path] = _Placed(msg.delta.add_block, msg.delta.fragment_id, self._run_id)
            elif msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                self.elements[path] = _Placed(element, msg.delta.fragment_id, self._run_id)
                state, from_server = _initial_widget_state(element)
                if state is not None and (from_server or state.id not in self.widget_states):
                    self.widget_states[state.id] = state
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
            if result is not None:
                result.query_strings.append(msg.page_info_changed.query_string)
        elif kind == "script_finished":
            self._finished(msg, received_at)
        elif kind == "file_urls_response":
            future = self._file_urls.get(msg.file_urls_response.response_id)
            if future is not None and not future.done():
                future.set_result(msg.file_urls_response)

    def _finished(self, msg: ForwardMsg, received_at: float) -> None:
        """App.tsx handleScriptFinished: clear stale elements and widget states, age the cache, and
        end the rerun in flight."""
        status = msg.script_finished
        run = msg.metadata.run if msg.metadata.HasField("run") else None
        if run is not None and status in (Status.FINISHED_SUCCESSFULLY, Status.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
            fragments = list(run.fragment_ids)
            for path, placed in list(self.elements.items()):
                if placed.run_id != run.script_run_id and (not fragments or placed.fragment_id in fragments):
                    del self.elements[path]
            active = {_widget_id(p.node) for p in self.elements.values()}
            self.widget_states = {k: v for k, v in self.widget_states.items() if k in active}
            if self._new_session_seen:
                self.cache.increment_run_count(self._max_cached_age, fragments)
        pending = self._pending
        if pending is None or not self._new_session_seen or status == Status.FINISHED_EARLY_FOR_RERUN:
            return  # not ours (a run from before the request), or another run follows (st.rerun)
        pending.result.status = status
        pending.result.latency_ms = (received_at - pending.sent_at) * 1000
        if not pending.done.done():
            pending.done.set_result(pending.result)


async def connect(base_url: str, query: str = "", timeout: float = 60) -> StreamlitSession:
    """Open a session the way a browser opening BASE_URL/?QUERY does, and wait for the first run.
    The first run's result is `session.initial`."""
    base = base_url.rstrip("/")
    xsrf = await asyncio.to_thread(_first_requests, base)
    parts = urllib.parse.urlsplit(base)
    ws = await ws_connect(
        urllib.parse.urlunsplit(("wss" if parts.scheme == "https" else "ws", parts.netloc,
                                 parts.path + "/_stcore/stream", "", "")),
        origin=Origin(f"{parts.scheme}://{parts.netloc}"),
        subprotocols=[Subprotocol("streamlit"), Subprotocol(xsrf or "PLACEHOLDER_AUTH_TOKEN")],
        additional_headers={"Cookie": f"_streamlit_xsrf={xsrf}"} if xsrf else None,
        max_size=None, ping_interval=None, proxy=None, open_timeout=timeout,
    )
    session = StreamlitSession(ws, base, query.lstrip("?"))
    session.xsrf_token = xsrf
    try:
        session.initial = await session.rerun(timeout=timeout)
    except BaseException:
        await session.close()
        raise
    return session


if __name__ == "__main__":  # a quick manual demo: python bench/stclient.py
    import statistics
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.appserver import start_app, stop_app

    async def demo(url: str) -> None:
        session = await connect(url)
        first = session.initial
        print(f"first run: {first.status_name}, {first.latency_ms:.0f} ms, {first.bytes_received / 1024:.0f} KiB, "
              f"session {session.session_id}")
        order = session.storymap().order
        latencies = []
        for seq, event_id in enumerate(order[1:6], start=1):
            step = await session.step(event_id, seq)
            latencies.append(step.latency_ms)
            print(f"step {seq} -> {event_id}: {step.latency_ms:6.1f} ms  {step.run.status_name}  "
                  f"acknowledged={step.acknowledged}  {step.run.bytes_received / 1024:.0f} KiB")
        print(f"median {statistics.median(latencies):.1f} ms")
        await session.close()

    proc, url = start_app()
    try:
        asyncio.run(demo(url))
    finally:
        stop_app(proc)
