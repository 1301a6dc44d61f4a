"""Classroom load: N pupils stepping through the story at once, against one app server on localhost.

Two kinds of pupil, chosen with --client:
  protocol (default)  N clients that speak Streamlit's websocket protocol (bench/stclient.py), plus
           --probes P real pupils (default 1): headless Chromium pages doing the same.
  browser  N headless Chromium pages (one browser, one context each), as the first version did.
Why protocol clients: a pupil's step is shown by the pupil's own browser (host.js updates the card
and moves the map before Python hears of it); what 30 pupils share is the server. 30 Chromium
pages on this 2-core machine take about 1.4 of its 2 cores away from the server, so a
browser-only run measures the browsers (see the --client browser figures in RESULTS.md). The
protocol client sends what the browser sends (every widget state, the component's value, the
fragment id, the message-cache hashes; checked against frames captured from Chromium) at about
2 ms of CPU per step, so the server gets a real classroom's load. The probe pages then show what a
real pupil sees while the others step: click -> card, click -> server acknowledged.

Each pupil opens the app (at most 4 opening at once; the probes open first), and then, for
DURATION seconds (default 60), steps: Next, or First at the end of the story, then waits 1-2 s
(random) before the next step.
  protocol  send the component's value {event, mode, seq} as a fragment rerun -> script_finished
            received; acknowledged when the run finished and page_info_changed put ?event=<id> in
            the address (what the browser's "ack" below waits for);
  probe / browser (in the page, frame.evaluate):
    card    click -> card updated (the next painted frame, as bench/bench_steps.py measures it);
    ack     click -> server acknowledged: the top page's ?event= equals the new event's id (polled
            every 5 ms from the component's frame, up to 10 s).
Errors counted: protocol: a step not acknowledged, a run that did not finish successfully, an
exception element, a timeout or a dropped connection; browser: uncaught page errors, console errors,
failed waits, Streamlit's error elements [data-testid=stException]. Requests to hosts other than
localhost are counted separately.
Server memory: VmRSS of the streamlit process (/proc/<pid>/status), sampled every second (max) and
into a series every 5 s (every 30 s with --soak), and at the end.
Goals: p95 <= 400 ms, 0 errors, RSS <= 300 MB. --soak runs 600 s; goal: flat memory (RSS at the end
within 10% of RSS when every session had opened) and no errors. It reports; it asserts nothing.
Run: python bench/bench_classroom.py [--sessions 30] [--duration 60] [--client protocol|browser]
                                     [--probes 1] [--soak]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

from playwright.async_api import async_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.appserver import CHROMIUM, CHROMIUM_ARGS, start_app, stop_app  # noqa: E402
from bench.bench_coldstart import PINS_JS  # noqa: E402
from bench.stclient import connect  # noqa: E402

GOAL_P95_MS, GOAL_RSS_MB, GOAL_SOAK_GROWTH = 400.0, 300.0, 0.10
ACK_TIMEOUT_MS = 10_000
MAX_OPENING = 4
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}

STEP_JS = """
async (ackTimeout) => {
  const $ = (id) => document.getElementById(id);
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const title = () => { const el = document.querySelector('#card .event-title'); return el ? el.textContent : null; };
  const button = $('next').disabled ? $('first') : $('next');
  const before = title();
  let moving = false, map = null;
  const onMove = () => { moving = true; };
  try { map = $('map-frame').contentWindow.storymap.map; map.once('movestart', onMove); } catch (e) {}
  const t0 = performance.now();
  button.click();
  const changed = title() !== before;
  await frame();
  const card = performance.now() - t0;
  if (map) map.off('movestart', onMove);
  const current = document.querySelector('#event-list button[aria-current="true"]');
  const id = current ? current.getAttribute('data-id') : null;
  let ack = null;
  while (id && performance.now() - t0 < ackTimeout) {
    let shown = null;
    try { shown = new URLSearchParams(window.parent.location.search).get('event'); } catch (e) {}
    if (shown === id) { ack = performance.now() - t0; break; }
    await new Promise(r => setTimeout(r, 5));
  }
  let exceptions = 0;
  try { exceptions = window.parent.document.querySelectorAll('[data-testid="stException"]').length; } catch (e) {}
  return {card, ack, id, changed, moving, exceptions};
}
"""


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))] if values else float("nan")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _proc_table() -> dict[int, tuple[int, float]]:
    """{pid: (ppid, cpu seconds)} for every process we can read."""
    tick = os.sysconf("SC_CLK_TCK")
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        table[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    return table


def _descendants(table: dict[int, tuple[int, float]], root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    out, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


def cpu_split(server_pid: int) -> tuple[float, float]:
    """CPU seconds used so far by (the server, the client: every other process this script started)."""
    table = _proc_table()
    server = {server_pid} | _descendants(table, server_pid)
    client = _descendants(table, os.getpid()) - server
    return sum(table[p][1] for p in server if p in table), sum(table[p][1] for p in client if p in table)


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


async def session(n: int, browser, url: str, events: int, gate: asyncio.Semaphore, started: asyncio.Event,
                  deadline: list[float], out: dict) -> None:
    rng = random.Random(n)
    errors, steps = out["errors"], out["steps"]
    context = await browser.new_context(viewport={"width": 1366, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda exc: errors.append(f"session {n}: page error: {exc}"))
    page.on("console", lambda msg: errors.append(f"session {n}: console error: {msg.text[:200]}")
            if msg.type == "error" else None)
    page.on("request", lambda req: out["external"].append(req.url)
            if urlparse(req.url).scheme in ("http", "https", "ws", "wss")
            and urlparse(req.url).hostname not in LOCAL_HOSTS else None)
    try:
        async with gate:
            t0 = time.perf_counter()
            try:
                await page.goto(url, wait_until="commit", timeout=180_000)
                await page.wait_for_function(PINS_JS, arg=[True, events], polling=100, timeout=180_000)
                await page.frame_locator('iframe[title="ui.storymap.storymap"]').frame_locator("#map-frame").locator(
                    "html[data-storymap-ready]").wait_for(timeout=180_000)
            except Exception as exc:  # noqa: BLE001 - a benchmark counts failures, it does not stop on them
                errors.append(f"session {n}: open failed: {type(exc).__name__}: {str(exc)[:200]}")
                out["failed_waits"] += 1
                return
            out["open_s"].append(time.perf_counter() - t0)
        frame = next((f for f in page.frames if "/component/" in f.url), None)
        if frame is None:
            errors.append(f"session {n}: no component frame")
            out["failed_waits"] += 1
            return
        await started.wait()
        await asyncio.sleep(rng.uniform(0, 2))  # pupils do not click in step
        while time.perf_counter() < deadline[0]:
            try:
                r = await frame.evaluate(STEP_JS, ACK_TIMEOUT_MS)
            except Exception as exc:  # noqa: BLE001
                errors.append(f"session {n}: step failed: {type(exc).__name__}: {str(exc)[:200]}")
                out["failed_waits"] += 1
                await asyncio.sleep(1)
                continue
            steps.append(r)
            if r["ack"] is None:
                out["failed_waits"] += 1
                errors.append(f"session {n}: no ack for {r['id']} within {ACK_TIMEOUT_MS} ms")
            if r.get("exceptions"):
                out["exceptions"] += 1
                out["exception_steps"] += 1
                errors.append(f"session {n}: Streamlit showed an error element (stException) after a step")
            if not r["changed"]:
                out["failed_waits"] += 1
                errors.append(f"session {n}: card did not change")
            await asyncio.sleep(rng.uniform(1.0, 2.0))
        out["exceptions"] += await page.locator('[data-testid="stException"]').count()
    finally:
        await context.close()


async def sample_rss(pid: int, stop: asyncio.Event, every: float, out: dict) -> None:
    t0 = time.perf_counter()
    next_series = 0.0
    while not stop.is_set():
        value = rss_mb(pid)
        if value is not None:
            out["rss_max"] = max(out["rss_max"], value)
            elapsed = time.perf_counter() - t0
            if elapsed >= next_series:
                out["rss_series"].append((round(elapsed, 1), round(value, 1)))
                next_series += every
        try:
            await asyncio.wait_for(stop.wait(), timeout=1.0)
        except TimeoutError:
            pass


async def protocol_session(n: int, url: str, order: list[str], gate: asyncio.Semaphore, started: asyncio.Event,
                           deadline: list[float], out: dict) -> None:
    """A pupil's session over Streamlit's websocket protocol (bench/stclient.py): open, then step."""
    rng = random.Random(1000 + n)
    errors = out["errors"]
    try:
        async with gate:
            t0 = time.perf_counter()
            client = await connect(url)
            out["open_s"].append(time.perf_counter() - t0)
    except Exception as exc:  # noqa: BLE001 - a benchmark counts failures, it does not stop on them
        errors.append(f"protocol {n}: open failed: {type(exc).__name__}: {str(exc)[:200]}")
        out["failed_waits"] += 1
        return
    try:
        await started.wait()
        await asyncio.sleep(rng.uniform(0, 2))  # pupils do not click in step
        current, seq = 0, 0
        while time.perf_counter() < deadline[0]:
            current = current + 1 if current + 1 < len(order) else 0
            seq += 1
            try:
                step = await client.step(order[current], seq, timeout=ACK_TIMEOUT_MS / 1000)
            except Exception as exc:  # noqa: BLE001
                errors.append(f"protocol {n}: step failed: {type(exc).__name__}: {str(exc)[:200]}")
                out["failed_waits"] += 1
                break  # a dropped connection or a timeout ends this pupil's session
            out["psteps"].append(step.latency_ms)
            out["pbytes"].append(step.run.bytes_received)
            if step.run.exceptions:
                out["exceptions"] += len(step.run.exceptions)
                errors.append(f"protocol {n}: exception element after a step")
            if not step.acknowledged:
                out["failed_waits"] += 1
                errors.append(f"protocol {n}: step to {order[current]} not acknowledged ({step.run.status_name})")
            await asyncio.sleep(rng.uniform(1.0, 2.0))
    finally:
        await client.close()


async def run(sessions: int, duration: float, sample_every: float, client: str, probes: int) -> dict:
    from geo.story import load_story

    order = [e.id for e in load_story(Path(__file__).resolve().parent.parent / "data").events]
    events = len(order)
    browsers = sessions if client == "browser" else probes
    proc, url = start_app("app.py")
    out = {"errors": [], "steps": [], "psteps": [], "pbytes": [], "external": [], "open_s": [], "failed_waits": 0,
           "exceptions": 0, "exception_steps": 0, "rss_max": 0.0, "rss_series": []}
    try:
        out["rss_start"] = rss_mb(proc.pid)
        stop = asyncio.Event()
        sampler = asyncio.create_task(sample_rss(proc.pid, stop, sample_every, out))
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS) if browsers else None
            try:
                gate, started, deadline = asyncio.Semaphore(MAX_OPENING), asyncio.Event(), [float("inf")]
                tasks = [asyncio.create_task(session(n, browser, url, events, gate, started, deadline, out))
                         for n in range(browsers)]
                if client == "protocol":
                    tasks += [asyncio.create_task(protocol_session(n, url, order, gate, started, deadline, out))
                              for n in range(sessions)]
                t_open = time.perf_counter()
                while len(out["open_s"]) + out["failed_waits"] < len(tasks) and not all(t.done() for t in tasks):
                    await asyncio.sleep(0.2)
                out["all_open_s"] = time.perf_counter() - t_open
                out["rss_after_open"] = rss_mb(proc.pid)
                cpu0, busy0 = cpu_split(proc.pid), machine_busy()
                t0 = time.perf_counter()
                deadline[0] = t0 + duration
                started.set()
                # CPU is read at the deadline, while every context (and its renderer) is still open
                await asyncio.sleep(max(0.0, deadline[0] - time.perf_counter()))
                cpu1, busy1 = cpu_split(proc.pid), machine_busy()
                wall = time.perf_counter() - t0
                await asyncio.gather(*tasks)
                out["overrun_s"] = time.perf_counter() - t0 - wall
            finally:
                if browser is not None:
                    await browser.close()
        out["rss_end"] = rss_mb(proc.pid)
        stop.set()
        await sampler
    finally:
        stop_app(proc)
    out.update(sessions=sessions, duration=duration, wall_s=wall, events=events, browsers=browsers,
               server_cores=(cpu1[0] - cpu0[0]) / wall, client_cores=(cpu1[1] - cpu0[1]) / wall,
               machine_busy=(busy1[0] - busy0[0]) / max(1, busy1[1] - busy0[1]))
    return out


def main(sessions: int = 30, duration: float = 60.0, soak: bool = False, soak_duration: float = 600.0,
         soak_every: float = 30.0, client: str = "protocol", probes: int = 1) -> dict:
    if soak:
        duration = soak_duration
    sample_every = soak_every if soak else 5.0
    out = asyncio.run(run(sessions, duration, sample_every, client, probes))
    card = [s["card"] for s in out["steps"]]
    ack = [s["ack"] for s in out["steps"] if s["ack"] is not None]
    server = out["psteps"]
    errors = len(out["errors"]) + out["exceptions"] - out["exception_steps"]  # waits and steps are in the list
    steps = len(out["steps"]) + len(server)
    result = {
        "client": client, "sessions": sessions, "probes": out["browsers"] if client == "protocol" else 0,
        "duration_s": duration, "soak": soak, "steps": steps,
        "steps_per_s": steps / (out["wall_s"] + out["overrun_s"]),
        "server_p50_ms": median(server), "server_p95_ms": p95(server), "server_max_ms": max(server, default=float("nan")),
        "server_steps": len(server), "bytes_per_step": median(out["pbytes"]),
        "card_p50_ms": median(card), "card_p95_ms": p95(card), "ack_p50_ms": median(ack), "ack_p95_ms": p95(ack),
        "browser_steps": len(out["steps"]), "map_moving": sum(1 for s in out["steps"] if s["moving"]),
        "errors": errors, "failed_waits": out["failed_waits"], "st_exceptions": out["exceptions"],
        "page_errors": sum(": page error:" in e for e in out["errors"]),
        "console_errors": sum(": console error:" in e for e in out["errors"]),
        "error_samples": out["errors"][:10], "external_requests": len(out["external"]),
        "open_p50_s": median(out["open_s"]), "open_max_s": max(out["open_s"], default=float("nan")),
        "all_open_s": out["all_open_s"], "rss_start_mb": out["rss_start"], "rss_after_open_mb": out["rss_after_open"],
        "rss_max_mb": out["rss_max"], "rss_end_mb": out["rss_end"], "rss_series": out["rss_series"],
        "server_cores": out["server_cores"], "client_cores": out["client_cores"], "machine_busy": out["machine_busy"],
        "cores": os.cpu_count(), "goal_p95_ms": GOAL_P95_MS, "goal_rss_mb": GOAL_RSS_MB,
    }
    base, end = out["rss_after_open"], out["rss_end"]
    result["rss_growth"] = (end / base - 1) if base and end else float("nan")
    ok = lambda good: "met" if good else "missed"  # noqa: E731
    if client == "protocol":
        print(f"classroom: {sessions} protocol sessions (bench/stclient.py) + {result['probes']} headless Chromium "
              f"probe(s) x {duration:.0f} s against one server; {os.cpu_count()} cores")
    else:
        print(f"classroom: {sessions} browser sessions x {duration:.0f} s against one server; one headless Chromium; "
              f"{os.cpu_count()} cores shared by server and client")
    print(f"opening: each open median {result['open_p50_s']:.1f} s, max {result['open_max_s']:.1f} s; "
          f"all open after {result['all_open_s']:.1f} s (at most {MAX_OPENING} opening at once)")
    print(f"steps: {steps} ({result['steps_per_s']:.1f}/s): {len(server)} protocol, {len(out['steps'])} in a browser "
          f"(map moving on {result['map_moving']})")
    if server:
        print(f"protocol: step sent -> acknowledged:  p50 {result['server_p50_ms']:7.1f} ms   p95 "
              f"{result['server_p95_ms']:7.1f} ms   max {result['server_max_ms']:7.1f} ms   goal p95 <= "
              f"{GOAL_P95_MS:.0f} ms: {ok(result['server_p95_ms'] <= GOAL_P95_MS)}   "
              f"({result['bytes_per_step']:,.0f} bytes back per step, median)")
    if card:
        who = "probe" if client == "protocol" else "browser"
        print(f"{who}: click -> card updated:        p50 {result['card_p50_ms']:7.1f} ms   p95 "
              f"{result['card_p95_ms']:7.1f} ms   goal p95 <= {GOAL_P95_MS:.0f} ms: "
              f"{ok(result['card_p95_ms'] <= GOAL_P95_MS)}")
        print(f"{who}: click -> server acknowledged: p50 {result['ack_p50_ms']:7.1f} ms   p95 "
              f"{result['ack_p95_ms']:7.1f} ms   goal p95 <= {GOAL_P95_MS:.0f} ms: "
              f"{ok(result['ack_p95_ms'] <= GOAL_P95_MS)}   ({len(ack)} acknowledged)")
    print(f"errors: {errors} (page errors {result['page_errors']}, console errors {result['console_errors']}, "
          f"failed waits {result['failed_waits']}, exceptions {result['st_exceptions']})   goal 0: {ok(errors == 0)}"
          f";  requests to other hosts: {result['external_requests']}")
    for sample in result["error_samples"][:5]:
        print(f"    {sample}")
    print(f"server RSS: start {result['rss_start_mb']:.0f} MB, after opening {result['rss_after_open_mb']:.0f} MB, "
          f"max {result['rss_max_mb']:.0f} MB, end {result['rss_end_mb']:.0f} MB   goal <= {GOAL_RSS_MB:.0f} MB: "
          f"{ok(result['rss_max_mb'] <= GOAL_RSS_MB)}")
    print(f"CPU while stepping: server {result['server_cores']:.2f} cores, client (Chromium, Playwright, protocol "
          f"clients) {result['client_cores']:.2f} cores, whole machine {result['machine_busy'] * 100:.0f}% busy")
    if soak:
        print("soak RSS series (s, MB): " + ", ".join(f"{t:.0f}:{v:.0f}" for t, v in result["rss_series"]))
        print(f"soak RSS growth after opening: {result['rss_growth'] * 100:+.1f}%   goal flat (within "
              f"{GOAL_SOAK_GROWTH * 100:.0f}%): {ok(abs(result['rss_growth']) <= GOAL_SOAK_GROWTH)}")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of stepping (600 with --soak)")
    parser.add_argument("--client", choices=("protocol", "browser"), default="protocol")
    parser.add_argument("--probes", type=int, default=1, help="real browser pupils beside the protocol sessions")
    parser.add_argument("--soak", action="store_true", help="run 600 s and sample memory every 30 s")
    a = parser.parse_args()
    main(a.sessions, a.duration, a.soak, client=a.client, probes=a.probes)
