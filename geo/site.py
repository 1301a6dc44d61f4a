"""The story for readers: the fast reader page the app serves, and a folder any static host serves.

Both are the standalone copy (geo/storyview.py ``standalone_html``: one file, the app's own
host.js and map engine, the view as JSON data), not a second implementation. This module only
adds what a shared link needs, as tags inserted right after ``<head>``'s charset: the
description, and the Open Graph / Twitter tags a chat or social app reads to
show a link's preview (title, description and, for a site, a picture of the map).

- ``static/reader.html`` is the reader page of the built-in story (data/), which Streamlit
  serves at ``/app/static/reader.html`` (``server.enableStaticServing``). It is written by
  ``python scripts/build_reader.py``; tests/test_site.py fails while it is out of date.
- ``python -m geo export site --out DIR`` writes ``index.html``, ``robots.txt`` and
  ``preview.png`` (``SITE_FILES``) into DIR: no server state, every file cacheable as it is.
"""
from __future__ import annotations

import os
import re
from html import escape
from pathlib import Path

from geo.problems import StoryProblem
from geo.story import Story

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
STATIC_DIR = ROOT / "static"
READER_FILE = STATIC_DIR / "reader.html"
READER_PATH = "app/static/reader.html"  # where Streamlit serves it, relative to the app's address

PREVIEW_FILE = "preview.png"
PREVIEW_SIZE = (1200, 630)  # the size Open Graph and Twitter's large card show without cropping
SITE_FILES = ("index.html", "robots.txt", PREVIEW_FILE)
# Marks a page written by `export site`: a folder whose index.html carries it is a previous site,
# which the command may write over. Any other folder with files in it is refused.
GENERATOR = "python -m geo export site"
ROBOTS = "User-agent: *\nAllow: /\n"
DESCRIPTION_CHARS = 300  # link previews show about two lines; the whole framing is on the page

CHARSET = '<meta charset="utf-8">'
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


class SiteError(ValueError):
    """The site cannot be written where asked; ``problem`` says where, what and how to fix it."""

    def __init__(self, problem: StoryProblem):
        self.problem = problem
        super().__init__(str(problem))


def description(story: Story) -> str:
    """The link preview's text: the framing's first sentence (or its start, cut at a word)."""
    text = " ".join(str(story.meta.get("framing") or "").split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first) <= DESCRIPTION_CHARS:
        return first
    cut = first[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0]
    return cut + "…"


def head_tags(story: Story, image: str | None = None, url: str | None = None, generator: str | None = None) -> str:
    """The tags a phone and a link preview need, every value escaped as an HTML attribute.

    ``image`` is the preview picture's address (relative to the page, or absolute when ``url``
    is given: most link-preview crawlers only follow an absolute og:image); ``url`` is the
    address the site will have, ending in "/".
    """
    def meta(key: str, name: str, value: str) -> str:
        return f'<meta {key}="{name}" content="{escape(value, quote=True)}">'

    title = str(story.meta.get("title") or "Story map")
    tags = [meta("name", "description", description(story)),
            meta("property", "og:type", "website"),
            meta("property", "og:title", title),
            meta("property", "og:description", description(story))]
    if url:
        tags.append(meta("property", "og:url", url))
    if image:
        width, height = PREVIEW_SIZE
        tags += [meta("property", "og:image", (url or "") + image),
                 meta("property", "og:image:width", str(width)),
                 meta("property", "og:image:height", str(height)),
                 meta("property", "og:image:alt", f"Map: {title}"),
                 meta("name", "twitter:card", "summary_large_image")]
    else:
        tags.append(meta("name", "twitter:card", "summary"))
    if generator:
        tags.append(meta("name", "generator", generator))
    return "\n".join(tags)


def insert_head(page: str, tags: str) -> str:
    """``page`` with ``tags`` at the top of its ``<head>``, after the charset (geo/web/index.html has the
    phone viewport already)."""
    at = page.find("<head>")
    body = page.find("<body>")
    if at < 0 or body < at:  # the map document, embedded as data in the body, has a <head> of its own
        raise ValueError("the standalone page no longer has <head> before <body>; update geo/site.py")
    head = page[at:body]
    at += len("<head>")
    if head.startswith(f"<head>\n{CHARSET}"):  # the encoding stays first: browsers look for it in the first 1024 bytes
        at += len(f"\n{CHARSET}")
    else:
        tags = f"{CHARSET}\n{tags}"
    return f"{page[:at]}\n{tags}{page[at:]}"


def reader_html(story: Story, names: str = "both", image: str | None = None, url: str | None = None,
                generator: str | None = None) -> str:
    """The standalone page, with the tags of ``head_tags``: the same engine, for a phone and a link."""
    from geo.storyview import standalone_html  # imports the view builder only when a page is made

    page = standalone_html(story, names=names, offline_note=False, detail_at="")  # the detail file sits beside it
    return insert_head(page, head_tags(story, image, url, generator))


def site_files(story: Story, names: str = "both", url: str | None = None) -> dict[str, bytes]:
    """Every file of the site, by name: the page, robots.txt, the map picture for link previews and the basemap's
    detail (fetched when a reader zooms in), if the story has one."""
    from geo.mapbuild import detail_file
    from geo.staticmap import map_png

    width, height = PREVIEW_SIZE
    page = reader_html(story, names, image=PREVIEW_FILE, url=url, generator=GENERATOR)
    files = {"index.html": page.encode("utf-8"), "robots.txt": ROBOTS.encode("ascii"),
             PREVIEW_FILE: map_png(story, width=width, height=height, names=names)}
    detail = detail_file(story)
    if detail:
        files[detail[0]] = detail[1]
    return files


def site_url(url: str | None) -> str | None:
    """The site's address as given to --url, ending in "/", or a problem if it is not http(s)."""
    if url is None:
        return None
    if not re.fullmatch(r"https?://[^\s\"'<>]+", url):
        raise SiteError(StoryProblem("--url", "", f"{url!r} is not a web address.",
                                     "give the address the site will have, e.g. --url https://NAME.github.io/REPO/"))
    return url if url.endswith("/") else url + "/"


def is_previous_site(folder: Path) -> bool:
    """Whether ``folder`` holds a site this command wrote (its index.html names the generator)."""
    index = folder / "index.html"
    if not index.is_file():
        return False
    with index.open("rb") as file:
        head = file.read(16_384)  # the marker sits in <head>, near the start
    return f'name="generator" content="{GENERATOR}"'.encode() in head


def check_out_folder(folder: Path) -> None:
    """Raise SiteError unless ``folder`` is new, empty, or a previous site: a user's files are never replaced."""
    if folder.exists() and not folder.is_dir():
        raise SiteError(StoryProblem(str(folder), "", "is a file, not a folder; nothing was written.",
                                     "give a folder for the site with --out, e.g. --out story-site"))
    if folder.is_dir() and any(folder.iterdir()) and not is_previous_site(folder):
        raise SiteError(StoryProblem(
            str(folder), "", f'the folder has files in it and is not a site made by "{GENERATOR}" '
            "(its index.html is missing or was not made by this command); nothing was written, "
            "and its files are left as they are.",
            "give a new or empty folder with --out, e.g. --out story-site"))


def _write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all; a link at ``path`` is replaced, never followed."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as for any file
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_site(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` into ``folder`` (made if missing) after ``check_out_folder``; return the paths written.

    Only the site's own names are written; nothing in the folder is deleted.
    """
    check_out_folder(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, data in files.items():
            _write_file(folder / name, data)
            written.append(folder / name)
    except OSError as exc:
        raise SiteError(StoryProblem(str(folder), "", f"cannot be written ({exc.strerror}).",
                                     "choose a folder you can write to with --out")) from exc
    return written
