"""bench/stclient.py against a real app server: a session sees the story map, steps are fragment reruns the
page acknowledges, bad values change nothing, sessions are independent, cached messages are resolved."""
from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Coroutine, Iterator
from typing import Any

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.appserver import start_app, stop_app
from bench.stclient import CacheMissError, ForwardMsgCache, RunResult, StoryMapView, StreamlitSession, connect


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    proc, url = start_app()
    yield url
    stop_app(proc)


@pytest.fixture(scope="module")
def ids(story) -> list[str]:
    return [event.id for event in story.events]


def run(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run in a thread of its own: Playwright's sync API (the browser tests) keeps an event loop in this one."""
    async def bounded() -> Any:
        return await asyncio.wait_for(coro, 60)

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, bounded()).result()


def assert_clean(result: RunResult) -> None:
    assert result.status in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY), \
        result.status_name
    assert result.exceptions == []


def test_a_session_opens_on_the_first_event(url, ids):
    async def scenario() -> tuple[StreamlitSession, Any]:
        async with await connect(url) as session:
            return session, session.storymap()

    session, view = run(scenario())
    assert_clean(session.initial)
    assert session.initial.status == ForwardMsg.FINISHED_SUCCESSFULLY and session.initial.fragment_ids == []
    assert len(view.order) == 18 and view.order == ids
    assert view.selected == ids[0] and view.ack == 0 and view.mode == "normal"
    assert view.widget_id and view.fragment_id
    assert session.query_string == f"event={ids[0]}" and session.session_id and session.page_script_hash
    # The widget states a browser registers by itself for the page's header (seen in frames captured
    # from Chromium); the component has none until the reader steps.
    held = {state_id.rsplit("-", 1)[-1]: state for state_id, state in session.widget_states.items()}
    assert held["_names"].string_value == "Both names"
    assert held["_show_context"].bool_value is False and held["_show_questions"].bool_value is False
    assert view.widget_id not in session.widget_states


def test_a_step_is_a_fragment_rerun_the_page_acknowledges(url, ids):
    async def scenario():
        async with await connect(url) as session:
            fragment = session.storymap().fragment_id
            first = await session.step(ids[1], 1)
            second = await session.step(ids[2], 2)
            return session, fragment, first, second

    session, fragment, first, second = run(scenario())
    for step, event_id in ((first, ids[1]), (second, ids[2])):
        assert_clean(step.run)
        assert step.acknowledged and step.query_event == event_id
        assert step.run.status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
        assert step.run.fragment_ids == [fragment]
        assert step.run.deltas and all(m.delta.fragment_id == fragment for m in step.run.deltas)
        assert step.latency_ms > 0
        # The component's arguments are the last full run's: the reply is a reference to the cached
        # copy, not the view again (about 145 kB).
        assert step.run.cache_hits >= 1 and step.run.bytes_received < 5_000, step.run.bytes_received
        assert step.view.selected == ids[0] and step.view.ack == 0
    # The component's value stays among the states sent, like the browser's; the page moved with it.
    (value,) = [s.json_value for s in session.widget_states.values() if s.WhichOneof("value") == "json_value"]
    assert json.loads(value) == {"event": ids[2], "mode": "normal", "seq": 2}
    assert session.query_string == f"event={ids[2]}"


def test_a_value_naming_no_event_changes_nothing(url, ids):
    async def scenario():
        async with await connect(url) as session:
            return await session.step("no-such-event", 1), await session.rerun()

    step, rerun = run(scenario())
    assert_clean(step.run)
    assert not step.acknowledged
    assert step.query_event == ids[0]
    # The next full run tells the browser it has seen seq 1 (so it may follow `selected` again),
    # and `selected` is still the first event.
    assert_clean(rerun)
    view = StoryMapView.in_run(rerun)
    assert view.selected == ids[0] and view.ack == 1


def test_sessions_are_independent(url, ids):
    async def scenario():
        async with await connect(url) as a, await connect(url) as b:
            steps = [await a.step(ids[seq], seq) for seq in (1, 2, 3)]
            refreshed = await b.rerun(fragment_id=b.storymap().fragment_id)  # b's page asks again, unchanged
            b_step = await b.step(ids[5], 1)
            return a.session_id, b.session_id, steps, refreshed, b_step, await a.rerun(), await b.rerun()

    a_id, b_id, steps, refreshed, b_step, a_full, b_full = run(scenario())
    assert a_id != b_id
    assert all(step.acknowledged for step in steps)
    assert_clean(refreshed)
    assert refreshed.query_strings[-1] == f"event={ids[0]}"  # b has not moved
    assert b_step.acknowledged and b_step.query_event == ids[5]
    # A full run of each page shows each its own event.
    a_view, b_view = StoryMapView.in_run(a_full), StoryMapView.in_run(b_full)
    assert (a_view.selected, a_view.ack) == (ids[3], 3) and (b_view.selected, b_view.ack) == (ids[5], 1)


def test_a_full_rerun_resolves_messages_from_the_cache(url, ids):
    async def scenario():
        async with await connect(url) as session:
            reported = set(session.cache.hashes())
            again = await session.rerun()  # e.g. the "Rerun" menu entry: all states, no fragment
            return session.initial, reported, again, session.storymap()

    initial, reported, again, view = run(scenario())
    assert_clean(again)
    assert reported  # big messages (the component, the page's CSS) were cached and will be reported
    assert again.status == ForwardMsg.FINISHED_SUCCESSFULLY and again.cache_hits >= 1
    assert again.bytes_received < initial.bytes_received / 2  # the references replaced the big messages
    assert view.order == ids and view.selected == ids[0]  # resolved into the real element


def test_the_cache_resolves_references_and_refuses_unknown_ones():
    cache = ForwardMsgCache()
    big = ForwardMsg(hash="h1")
    big.metadata.cacheable = True
    big.metadata.delta_path[:] = [0, 1]
    big.delta.new_element.markdown.body = "x" * 100
    cache.process(big.SerializeToString())
    ref = ForwardMsg(ref_hash="h1")
    ref.metadata.delta_path[:] = [0, 7]
    resolved, was_ref = cache.process(ref.SerializeToString())
    assert was_ref and resolved.delta.new_element.markdown.body == "x" * 100
    assert list(resolved.metadata.delta_path) == [0, 7]
    for _ in range(3):  # unused for more than maxCachedMessageAge (2) successful runs: expired
        cache.increment_run_count(2, [])
    assert cache.hashes() == []
    with pytest.raises(CacheMissError):
        cache.process(ref.SerializeToString())


def test_an_upload_reaches_the_script(url, tmp_path):
    """stclient.upload sends a file as the browser does (file URL, PUT with the XSRF token, rerun): the app
    shows the uploaded story (bench/bench_uploads.py relies on it)."""
    import io
    import zipfile

    from streamlit.proto.Block_pb2 import Block
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    from tests.conftest import DATA

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(DATA.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(DATA).as_posix())

    async def scenario():
        async with await connect(url) as session:
            tabs = next(p.node for p in session.elements.values()
                        if isinstance(p.node, Block) and p.node.WhichOneof("type") == "tab_container")
            await session.rerun([WidgetState(id=tabs.tab_container.id or tabs.id, string_value="Your own story")])
            uploader = session.element("file_uploader")
            result = await session.upload(uploader.file_uploader.id, "story.zip", buffer.getvalue())
            notices = [d.delta.new_element.html.body for d in result.run.deltas
                       if d.WhichOneof("type") == "delta" and d.delta.new_element.WhichOneof("type") == "html"]
            return result, notices

    result, notices = run(scenario())
    assert result.put_status == 204 and result.size == len(buffer.getvalue())
    assert_clean(result.run)
    assert any("Showing your uploaded story" in body for body in notices), notices
