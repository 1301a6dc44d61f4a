"""Write geo/web/map.html: the map document the app serves, the same for every story.

It is made by folium (geo/mapbuild.py map_shell_html) and holds no story; engine.js draws the
story into it from data. Run again after changing map_shell_html or upgrading folium:
tests/test_mapbuild.py fails while the file is out of date.

    python scripts/build_map_shell.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.mapbuild import SHELL_FILE, map_shell_html  # noqa: E402

if __name__ == "__main__":
    SHELL_FILE.write_text(map_shell_html(), encoding="utf-8")
    print(f"wrote {SHELL_FILE} ({SHELL_FILE.stat().st_size:,} bytes)")
