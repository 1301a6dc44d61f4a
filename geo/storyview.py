"""What the story map shows, as data for the browser (geo/web/host.js).

The app's component and the standalone HTML file are given the same arguments, built here:
the map's data, one card per event, the story order, list labels and the timeline. All of it is
data (plain text, numbers, [lat, lon] pairs): host.js and engine.js put text into the page as
text nodes, and the map document itself (geo/web/map.html) is the same for every story.
"""
from __future__ import annotations

import hashlib
import json
from html import escape
from importlib.metadata import version
from pathlib import Path

from geo.assets import WEB_DIR
from geo.cards import event_card
from geo.mapbuild import map_data, map_shell_html
from geo.story import Story
from geo.timeline import timeline_layout


def view_args(story: Story, names: str = "both", questions: bool = False, with_context: bool = False,
              detail_at: str | None = None) -> dict:
    """The arguments host.js renders: map (engine.js draws it), cards, order, labels, timeline.
    ``detail_at``: where the basemap's detail file is served (geo.mapbuild._basemap_data); None: inline."""
    return {
        "map": map_data(story, names, detail_at),
        "cards": {e.id: event_card(story, e, names, questions=questions) for e in story.events},
        "order": [e.id for e in story.events],
        "labels": {e.id: f"{n}. {e.title} — {story.places[e.place].label(names)}" for n, e in enumerate(story.events, 1)},
        "timeline": timeline_layout(story, with_context=with_context),
    }


def view_text(story: Story, names: str = "both", questions: bool = False, with_context: bool = False,
              detail_at: str | None = None) -> str:
    """view_args as JSON text, the one form host.js is given the view in (component argument or the
    standalone page's #story-view). A string argument also spares Streamlit its dataframe check of
    every dict argument, which imports pandas on the first page and runs again on every step."""
    return _script_json(view_args(story, names, questions, with_context, detail_at))


def view_fingerprint(story_dir: str | Path) -> str:
    """A digest of all that view_args' result depends on: the story folder's files, this package's
    code and web files, and the folium and branca versions. A view kept on disk under it (the app's
    start-up cache) is found again only while none of them has changed."""
    digest = hashlib.sha256()
    for package in ("folium", "branca"):
        digest.update(f"{package}=={version(package)}\n".encode())
    for root in (Path(story_dir), Path(__file__).resolve().parent):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{path.relative_to(root).as_posix()}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


STANDALONE_CSS = """
body { display: flex; flex-direction: column; }
#standalone-header { flex: 0 0 auto; padding: 8px 14px 0; }
#standalone-header h1 { font-size: 24px; margin: 0 0 4px; }
#standalone-header p { font-size: 14px; margin: 0 0 4px; color: #333; max-width: 110em; }
#standalone-header summary { font-size: 14px; color: #333; cursor: pointer; margin-bottom: 4px; }
@media (max-width: 700px) { #standalone-header h1 { font-size: 20px; } }
#app { flex: 1 1 auto; min-height: 0; padding: 6px 14px 12px; }
"""


def _script_json(data: dict | str) -> str:
    """JSON that cannot close (or open a comment in) the <script> element it sits in, and still parses:
    "\\/" and "\\u003c" are JSON escapes."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "\\u003c!--")


def standalone_html(story: Story, names: str = "both", offline_note: bool = True, detail_at: str | None = None) -> str:
    """One HTML file that works from file:// with no server and no network.

    It is the app's own story map (geo/web/index.html with host.css, card.js and host.js inlined)
    with its arguments embedded as JSON data, and the map document (the same for every story)
    embedded as one JSON string with every script, style and image inlined. ``offline_note`` says
    so on the page (a downloaded copy); the reader page a server gives out leaves it off, and gives
    ``detail_at`` (the basemap's detail beside the page, fetched when the reader zooms in).
    """
    view = view_text(story, names=names, questions=True, detail_at=detail_at)
    args = {"selected": story.events[0].id, "ack": 0, "mode": "normal", "height": 0}
    page = (WEB_DIR / "index.html").read_text(encoding="utf-8")
    css = (WEB_DIR / "host.css").read_text(encoding="utf-8")
    js = "\n".join((WEB_DIR / name).read_text(encoding="utf-8") for name in ("card.js", "host.js")).replace("</script", "<\\/script")
    title = escape(story.meta.get("title") or "Story map")
    # The framing folds (open on a large screen, folded on a phone by host.js) so the map comes first there.
    header = (f'<header id="standalone-header"><h1 dir="auto">{title}</h1><details id="framing" open>'
              f'<summary>About this map</summary><p dir="auto">{escape(story.meta.get("framing", ""))}</p>'
              + ("<p>A standalone copy: it works with no server and no network. Links to an event: "
                 "add #event=ID to the address.</p>" if offline_note else "") + "</details></header>")
    replacements = {
        "<title>Story map</title>": f"<title>{title}</title>",
        '<link rel="stylesheet" href="host.css">': f"<style>\n{css}\n{STANDALONE_CSS}\n</style>",
        '<div id="app" class="normal">': f'{header}\n<div id="app" class="normal">',
        ' src="map.html"': "",
        '<script src="card.js"></script>\n': "",
        '<script src="host.js"></script>': (f'<script type="application/json" id="story-view">{view}</script>\n'
                                            f'<script type="application/json" id="story-data">{_script_json(args)}</script>\n'
                                            f'<script type="application/json" id="map-shell">{_script_json(map_shell_html(inline=True))}</script>\n'
                                            f"<script>\n{js}\n</script>"),
    }
    for old, new in replacements.items():
        if old not in page:
            raise ValueError(f"geo/web/index.html no longer contains {old!r}; update geo/storyview.py")
        page = page.replace(old, new)
    return page
