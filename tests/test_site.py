"""The reader page (static/reader.html) and `python -m geo export site`: geo/site.py and its command."""
from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import struct
import subprocess
import sys
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from geo import site
from geo.cli import main
from geo.mapbuild import detail_file, map_shell_html
from geo.site import GENERATOR, READER_FILE, ROBOTS, description, head_tags, insert_head, reader_html
from geo.story import load_story
from geo.storyview import _script_json, standalone_html
from tests.conftest import DATA, ROOT, edit_event

DETAIL = detail_file(load_story(DATA))[0]  # the basemap's detail, beside the page: fetched when a reader zooms in

# ---- the reader page ------------------------------------------------------------------------


def test_the_basemap_detail_beside_the_reader_page_is_up_to_date(story):
    """The app and the reader page fetch static/basemap-detail-*.json when the map is zoomed in: the one there is
    the built-in story's, and no stale one is left beside it."""
    name, body = detail_file(story)
    assert [p.name for p in READER_FILE.parent.glob("basemap-detail-*.json")] == [name], (
        "static/ holds another basemap detail than the story's: run python scripts/build_reader.py")
    assert (READER_FILE.parent / name).read_bytes() == body
    assert f'"url": "{name}"' in READER_FILE.read_text(encoding="utf-8")


def test_reader_page_is_up_to_date_with_the_data_and_the_code(story):
    """static/reader.html is what Streamlit serves to readers: it must be the built-in story as the code draws it now."""
    committed, fresh = READER_FILE.read_bytes(), reader_html(story).encode("utf-8")
    # Digests, not the texts: a diff of two 300 kB one-line pages says nothing a reader can use.
    assert hashlib.sha256(committed).hexdigest() == hashlib.sha256(fresh).hexdigest(), (
        "static/reader.html is out of date with data/ or the code that draws it: run python scripts/build_reader.py")


READER_DIGEST = """
import hashlib, sys
from geo.site import DATA_DIR, reader_html
from geo.story import load_story
sys.stdout.write(hashlib.sha256(reader_html(load_story(DATA_DIR)).encode("utf-8")).hexdigest())
"""


@pytest.mark.parametrize("seed", ["1", "2"])
def test_reader_build_is_deterministic(story, seed):
    """Another process (another hash seed: set and dict orders) builds the same bytes, so the check above is fair."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", READER_DIGEST], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout == hashlib.sha256(reader_html(story).encode("utf-8")).hexdigest()


def test_the_up_to_date_check_sees_a_change_in_the_story(story_dir):
    edit_event(story_dir, "goris-staging-ground", title="Goris, renamed for this test")
    changed = reader_html(load_story(story_dir))
    assert "Goris, renamed for this test" in changed
    assert changed.encode("utf-8") != READER_FILE.read_bytes()


def test_the_reader_page_is_the_standalone_page_with_head_tags_only(story):
    """One engine: the page is standalone_html (host.js, card.js, the map shell) with tags inserted, nothing else."""
    page = reader_html(story)
    head_end = page.index("<title>")
    plain = standalone_html(story, offline_note=False, detail_at="")
    assert page[head_end:] == plain[plain.index("<title>"):]
    host_js = (ROOT / "geo" / "web" / "host.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    assert host_js in page
    assert _script_json(map_shell_html(inline=True)) in page


def test_the_reader_head_keeps_the_charset_first_and_has_the_phone_viewport(story):
    page = reader_html(story)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="description"')
    head = page[:page.index("<body>")]
    assert head.count('name="viewport"') == 1
    assert head.count("<meta charset") == 1


READER_HEAD = (
    '<meta name="description" content="This map retells one news article&#x27;s account of the exodus of ethnic '
    'Armenians from Nagorno-Karabakh in September 2023.">\n'
    '<meta property="og:type" content="website">\n'
    '<meta property="og:title" content="Leaving Nagorno-Karabakh, September 2023">\n'
    '<meta property="og:description" content="This map retells one news article&#x27;s account of the exodus of '
    'ethnic Armenians from Nagorno-Karabakh in September 2023.">\n'
    '<meta name="twitter:card" content="summary">'
)


def test_reader_head_tags(story):
    assert head_tags(story) == READER_HEAD
    assert READER_HEAD in reader_html(story)


def test_story_text_in_the_head_is_escaped(story_dir):
    """A title or framing cannot close the attribute or the <meta> and put markup or script into the head."""
    meta = json.loads((story_dir / "story.json").read_text(encoding="utf-8"))
    meta["title"] = 'Map "><script>alert(1)</script>'
    meta["framing"] = "It's <b>bold</b> & \"quoted\". The rest."
    (story_dir / "story.json").write_text(json.dumps(meta), encoding="utf-8")
    page = reader_html(load_story(story_dir), image="preview.png")
    head = page[:page.index("<title>")]
    assert '<meta property="og:title" content="Map &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">' in head
    assert '<meta property="og:image:alt" content="Map: Map &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">' in head
    assert ('<meta name="description" content="It&#x27;s &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;.">'
            in head)
    assert "<script" not in head and "<b>" not in head


def test_description_is_the_first_sentence_or_cut_at_a_word(story):
    assert description(story) == ("This map retells one news article's account of the exodus of ethnic Armenians "
                                  "from Nagorno-Karabakh in September 2023.")
    long = dataclasses.replace(story, meta={**story.meta, "framing": "word " * 100})
    cut = description(long)
    assert len(cut) <= site.DESCRIPTION_CHARS and cut.endswith("word…") and "  " not in cut


def test_insert_head_refuses_a_page_it_does_not_know():
    with pytest.raises(ValueError, match="no longer has <head> before <body>"):
        insert_head("<html><body><head></head></body></html>", "")


# ---- export site ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> tuple[Path, str]:
    """The site of the built-in story, written once by the command (drawing the picture takes seconds)."""
    out = tmp_path_factory.mktemp("site") / "story-site"
    err = io.StringIO()
    with redirect_stderr(err):
        assert main(["export", "site", "--out", str(out)]) == 0
    return out, err.getvalue()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_export_site_writes_a_folder_a_static_host_serves_as_it_is(built_site, story):
    out, err = built_site
    assert sorted(p.name for p in out.iterdir()) == [DETAIL, "index.html", "preview.png", "robots.txt"]
    assert (out / "robots.txt").read_text(encoding="ascii") == ROBOTS == "User-agent: *\nAllow: /\n"
    assert png_size((out / "preview.png").read_bytes()) == (1200, 630)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page == reader_html(story, image="preview.png", generator=GENERATOR)
    lines = [f"wrote {out / name} ({(out / name).stat().st_size} bytes)"
             for name in ("index.html", "robots.txt", "preview.png", DETAIL)]
    assert err == "\n".join(lines) + f'\n{out}: a static site. Publish the folder as it is (README: "Publish for many readers").\n'


def test_the_site_page_names_its_preview_picture_and_title(built_site):
    head = (built_site[0] / "index.html").read_text(encoding="utf-8").split("<title>")[0]
    for tag in ('<meta property="og:title" content="Leaving Nagorno-Karabakh, September 2023">',
                '<meta property="og:image" content="preview.png">',
                '<meta property="og:image:width" content="1200">',
                '<meta property="og:image:height" content="630">',
                '<meta name="twitter:card" content="summary_large_image">',
                '<meta name="generator" content="python -m geo export site">'):
        assert tag in head


def test_the_site_page_has_no_address_outside_itself(built_site):
    """Nothing home-made and nothing fetched: no src or href to another host (links in story text are text in JSON)."""
    page = (built_site[0] / "index.html").read_text(encoding="utf-8")
    body = page.split('<script type="application/json"')[0]  # the page's own markup, before the data
    assert "http://" not in body and "https://" not in body


@pytest.fixture
def fast_picture(monkeypatch):
    """A stand-in for the map picture, so the folder tests below do not draw the map each time."""
    import geo.staticmap
    monkeypatch.setattr(geo.staticmap, "map_png", lambda story, width, height, names: b"\x89PNG stand-in")


def refused_message(folder: Path) -> str:
    return (f'{folder}: the folder has files in it and is not a site made by "python -m geo export site" '
            "(its index.html is missing or was not made by this command); nothing was written, and its files "
            "are left as they are. Fix: give a new or empty folder with --out, e.g. --out story-site\n")


@pytest.mark.parametrize("user_file", ["notes.txt", "index.html"])
def test_a_folder_with_a_users_files_is_refused_and_left_as_it_is(tmp_path, capsys, fast_picture, user_file):
    folder = tmp_path / "my-documents"
    folder.mkdir()
    (folder / user_file).write_text("the user's own work", encoding="utf-8")
    assert main(["export", "site", "--out", str(folder)]) == 1
    assert capsys.readouterr().err == refused_message(folder)
    assert [p.name for p in folder.iterdir()] == [user_file]
    assert (folder / user_file).read_text(encoding="utf-8") == "the user's own work"


def test_an_empty_folder_is_used(tmp_path, fast_picture):
    folder = tmp_path / "empty"
    folder.mkdir()
    assert main(["export", "site", "--out", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == [DETAIL, "index.html", "preview.png", "robots.txt"]


def test_a_previous_site_is_written_again_and_other_files_in_it_are_kept(tmp_path, fast_picture, story_dir):
    folder = tmp_path / "site"
    assert main(["export", "site", "--out", str(folder)]) == 0
    (folder / "CNAME").write_text("story.example.org\n", encoding="utf-8")  # a GitHub Pages custom domain
    edit_event(story_dir, "goris-staging-ground", title="A corrected title")
    assert main(["export", "site", "--story", str(story_dir), "--out", str(folder)]) == 0
    assert "A corrected title" in (folder / "index.html").read_text(encoding="utf-8")
    assert (folder / "CNAME").read_text(encoding="utf-8") == "story.example.org\n"
    assert sorted(p.name for p in folder.iterdir()) == ["CNAME", DETAIL, "index.html", "preview.png", "robots.txt"]


def test_a_link_in_a_previous_site_is_replaced_not_followed(tmp_path, fast_picture):
    """robots.txt made a link to a user's file elsewhere: writing the site must not write into that file."""
    folder, elsewhere = tmp_path / "site", tmp_path / "thesis.txt"
    assert main(["export", "site", "--out", str(folder)]) == 0
    elsewhere.write_text("a user's thesis", encoding="utf-8")
    (folder / "robots.txt").unlink()
    (folder / "robots.txt").symlink_to(elsewhere)
    assert main(["export", "site", "--out", str(folder)]) == 0
    assert elsewhere.read_text(encoding="utf-8") == "a user's thesis"
    assert not (folder / "robots.txt").is_symlink() and (folder / "robots.txt").read_text() == ROBOTS
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_out_that_is_a_file_is_refused(tmp_path, capsys, fast_picture):
    file = tmp_path / "story.html"
    file.write_text("keep me", encoding="utf-8")
    assert main(["export", "site", "--out", str(file)]) == 1
    assert capsys.readouterr().err == (f"{file}: is a file, not a folder; nothing was written. "
                                       "Fix: give a folder for the site with --out, e.g. --out story-site\n")
    assert file.read_text(encoding="utf-8") == "keep me"


def test_site_without_out_says_what_to_add(capsys):
    assert main(["export", "site"]) == 1
    assert capsys.readouterr().err == "export site: no folder given. Fix: add --out FOLDER, e.g. --out story-site\n"


def test_site_url_makes_the_preview_address_absolute(tmp_path, fast_picture):
    folder = tmp_path / "site"
    assert main(["export", "site", "--out", str(folder), "--url", "https://teacher.github.io/story"]) == 0
    head = (folder / "index.html").read_text(encoding="utf-8").split("<title>")[0]
    assert '<meta property="og:url" content="https://teacher.github.io/story/">' in head
    assert '<meta property="og:image" content="https://teacher.github.io/story/preview.png">' in head


@pytest.mark.parametrize("url", ["javascript:alert(1)", 'https://x.org/"><script>', "story.example.org"])
def test_a_site_url_that_is_not_a_web_address_is_refused(tmp_path, capsys, fast_picture, url):
    folder = tmp_path / "site"
    assert main(["export", "site", "--out", str(folder), "--url", url]) == 1
    assert capsys.readouterr().err == (f"--url: {url!r} is not a web address. "
                                       "Fix: give the address the site will have, e.g. --url https://NAME.github.io/REPO/\n")
    assert not folder.exists()


def test_the_names_option_reaches_the_site(tmp_path, fast_picture, story):
    folder = tmp_path / "site"
    assert main(["export", "site", "--out", str(folder), "--names", "armenian"]) == 0
    assert (folder / "index.html").read_text(encoding="utf-8") == reader_html(
        story, names="armenian", image="preview.png", generator=GENERATOR)


def test_built_in_data_is_the_site_default():
    assert site.DATA_DIR == DATA
