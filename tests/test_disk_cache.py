"""Streamlit's disk cache on a real server: the built-in view is kept there (a restart skips
folium), and a story folder named by STORYMAP_DATA leaves nothing behind. AppTest keeps its caches
in memory, so this needs a server; each one gets its own HOME, so its ~/.streamlit/cache is its own."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.appserver import start_app, stop_app
from bench.stclient import connect


def first_page(home: Path, **env: str) -> list[str]:
    """Open one session on a fresh server with HOME=home; return the event order it shows."""
    proc, url = start_app(env={"HOME": str(home), **env})
    try:
        async def scenario() -> list[str]:
            async with await connect(url) as session:
                return session.storymap().order

        with ThreadPoolExecutor(1) as pool:  # Playwright's sync API may hold an event loop in this thread
            return pool.submit(asyncio.run, scenario()).result(timeout=90)
    finally:
        stop_app(proc)


def test_the_built_in_view_is_kept_on_disk(tmp_path, story):
    assert first_page(tmp_path) == [e.id for e in story.events]
    assert len(list((tmp_path / ".streamlit" / "cache").glob("*.memo"))) == 1


def test_a_story_folder_from_storymap_data_leaves_no_file(tmp_path, story_dir, story):
    assert first_page(tmp_path, STORYMAP_DATA=str(story_dir)) == [e.id for e in story.events]
    cache = tmp_path / ".streamlit" / "cache"
    assert not cache.exists() or not any(cache.iterdir())
