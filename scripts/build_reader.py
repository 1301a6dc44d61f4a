"""Write static/reader.html, the fast reader page of the built-in story (data/), and its basemap detail.

Streamlit serves it at /app/static/reader.html (server.enableStaticServing in
.streamlit/config.toml). It is geo.site.reader_html of data/: the standalone page, the same
host.js and map engine as the app. Run again after changing data/ or the code that draws it:
tests/test_site.py fails while the file is out of date.

    python scripts/build_reader.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.mapbuild import detail_file  # noqa: E402
from geo.site import DATA_DIR, READER_FILE, reader_html  # noqa: E402
from geo.story import load_story  # noqa: E402

if __name__ == "__main__":
    story = load_story(DATA_DIR)
    READER_FILE.parent.mkdir(exist_ok=True)
    READER_FILE.write_text(reader_html(story), encoding="utf-8", newline="")
    print(f"wrote {READER_FILE} ({READER_FILE.stat().st_size:,} bytes)")
    # The basemap's detail, beside the page: the reader page and the app fetch it when the map is zoomed in.
    for old in READER_FILE.parent.glob("basemap-detail-*.json"):
        old.unlink()
    detail = detail_file(story)
    if detail:
        (READER_FILE.parent / detail[0]).write_bytes(detail[1])
        print(f"wrote static/{detail[0]} ({len(detail[1]):,} bytes)")
