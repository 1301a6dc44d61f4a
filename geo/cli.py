"""``python -m geo``: check a story folder or export it, without starting the app.

The commands mirror the library (``geo.story`` and ``geo.export``), so an editor can check
a change to data/ before opening the map, and a script can get the story as GeoJSON or CSV.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from geo.export import events_csv, write_geojson_text
from geo.problems import plural
from geo.story import BOTH, Story, StoryError, StoryProblem, load_story

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _html(story: Story, args: argparse.Namespace) -> str:
    from geo.storyview import standalone_html
    return standalone_html(story, names=args.names)


def _pdf(story: Story, args: argparse.Namespace) -> bytes:
    from geo.handout import handout_pdf

    def progress(fraction: float, message: str) -> None:
        print(f"[{fraction:4.0%}] {message}", file=sys.stderr)

    return handout_pdf(story, paper=args.paper, names=args.names, progress=progress)


def _png(story: Story, args: argparse.Namespace) -> bytes:
    from geo.staticmap import map_png
    return map_png(story, names=args.names)


def _kml(story: Story, args: argparse.Namespace) -> str:
    from geo.kml import story_kml
    return story_kml(story, names=args.names)


# Each format: a function of (story, options) -> text or bytes. The heavy ones import on use.
FORMATS: dict[str, Callable[[Story, argparse.Namespace], str | bytes]] = {
    "geojson": lambda story, args: write_geojson_text(story),
    "csv": lambda story, args: events_csv(story),
    "kml": _kml,
    "html": _html,
    "pdf": _pdf,
    "png": _png,
}


def _site(story: Story, args: argparse.Namespace) -> int:
    """Write the site folder (geo/site.py): the reader page, robots.txt and the link-preview picture."""
    from geo.site import SiteError, check_out_folder, site_files, site_url, write_site

    if args.out is None:
        print("export site: no folder given. Fix: add --out FOLDER, e.g. --out story-site", file=sys.stderr)
        return 1
    try:
        check_out_folder(args.out)  # before the minutes of drawing, not after
        written = write_site(args.out, site_files(story, names=args.names, url=site_url(args.url)))
    except SiteError as exc:
        print(exc, file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path} ({_bytes(path.stat().st_size)})", file=sys.stderr)
    print(f"{args.out}: a static site. Publish the folder as it is (README: \"Publish for many readers\").",
          file=sys.stderr)
    return 0


BINARY_FORMATS = ("pdf", "png")
# Formats written as a folder of files, not one file: --out names the folder.
FOLDER_FORMATS: dict[str, Callable[[Story, argparse.Namespace], int]] = {"site": _site}


def _bytes(count: int) -> str:
    return f"{count} byte{'' if count == 1 else 's'}"  # no thousands separator: a script may read the number


def _load(path: Path) -> Story | list[StoryProblem]:
    """The story at ``path``, or every problem that stops it loading."""
    try:
        return load_story(path)
    except StoryError as exc:  # includes files that cannot be read
        return exc.problems


def _validate(args: argparse.Namespace) -> int:
    # Same check as geo.story.validate_story, but keeps the Story for the summary line.
    result = _load(args.path)
    if isinstance(result, list):
        print("\n".join(str(problem) for problem in result))
        return 1
    print(f"{args.path.resolve().name}: OK — {plural(len(result.places), 'place')}, "
          f"{plural(len(result.routes), 'route')}, {plural(len(result.events), 'event')}")
    return 0


def names_problem(story: Story, names: str) -> str | None:
    """Why ``--names`` does not fit this story (it names a usage the story does not declare); None if it fits."""
    if names in story.name_modes:
        return None
    if not story.name_usages:
        return (f"export: --names {names}: this story declares no name usages; its places have one name each. "
                "Fix: leave out --names.")
    return (f"export: --names {names}: this story has no such name usage. "
            f"Fix: use one of: {', '.join(story.name_modes)}.")


def _export(args: argparse.Namespace) -> int:
    result = _load(args.story)
    if isinstance(result, list):
        print("\n".join(str(problem) for problem in result), file=sys.stderr)
        return 1
    problem = names_problem(result, args.names)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if args.format in FOLDER_FORMATS:
        return FOLDER_FORMATS[args.format](result, args)
    if args.out is None and args.format in BINARY_FORMATS and sys.stdout.isatty():
        # Bytes of a PDF or PNG on a terminal are noise (and can upset it): name a file instead.
        print(f"export {args.format}: this writes a binary file, not text for the screen. "
              f"Fix: add --out FILE, e.g. --out story.{args.format}", file=sys.stderr)
        return 1
    output = FORMATS[args.format](result, args)
    data = output.encode("utf-8") if isinstance(output, str) else output
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        args.out.write_bytes(data)
    except OSError as exc:
        print(f"{args.out}: cannot be written ({exc.strerror}).", file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({_bytes(len(data))})", file=sys.stderr)
    return 0


def _parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="python -m geo", formatter_class=raw,
        description="Check, export or draft a story folder (story.json, places.geojson, routes.geojson, "
                    "events.csv, article.txt).",
        epilog="Example:\n  python -m geo validate data/",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate", formatter_class=raw, help="list every problem in a story folder",
        description="List every problem in a story folder, one per line, each with a fix.\n"
                    "Exits 1 if there is any, 0 (with a one-line summary) if the story is good.",
        epilog="Example:\n  python -m geo validate data/",
    )
    validate.add_argument("path", nargs="?", type=Path, default=DATA_DIR, metavar="PATH",
                          help=f"the story folder (default: {DATA_DIR})")
    validate.set_defaults(run=_validate)

    from geo.draft.cli import add_parser as add_draft_parser  # the drafter imports its gazetteer only when run

    add_draft_parser(commands)

    export = commands.add_parser(
        "export", formatter_class=raw, help="write the story as HTML, PDF, PNG, GeoJSON, CSV or KML, or a site",
        description="Write the story to stdout or to a file:\n"
                    "  html     one offline web page: the map and the story with Previous / Next\n"
                    "  pdf      a printable handout (A4, or --paper letter)\n"
                    "  png      the static map, 1920x1080\n"
                    "  geojson  places, routes and events in one FeatureCollection (QGIS)\n"
                    "  csv      the events, one row each (spreadsheet formulas neutralised)\n"
                    "  kml      placemarks and routes for Google Earth\n"
                    "  site     a folder for any static web host: index.html (the offline page, ready\n"
                    "           for phones and link previews), robots.txt, preview.png; --out FOLDER",
        epilog="Examples:\n  python -m geo export geojson --out story.geojson\n"
               "  python -m geo export pdf --paper letter --out handout.pdf\n"
               "  python -m geo export site --out story-site",
    )
    export.add_argument("format", choices=[*FORMATS, *FOLDER_FORMATS], metavar="FORMAT",
                        help=", ".join([*FORMATS, *FOLDER_FORMATS]))
    export.add_argument("--paper", choices=["a4", "letter"], default="a4", help="paper size for pdf (default: a4)")
    export.add_argument("--names", default=BOTH, metavar="USAGE",
                        help="place names: both (default), or one of the name usages the story declares "
                             "(story.json name_usages; the built-in story's: armenian, azerbaijani)")
    export.add_argument("--story", type=Path, default=DATA_DIR, metavar="PATH",
                        help=f"the story folder (default: {DATA_DIR})")
    export.add_argument("--out", type=Path, metavar="FILE",
                        help="write to FILE instead of stdout (site: the FOLDER to write, new, empty or a previous site)")
    export.add_argument("--url", metavar="URL",
                        help="site only: the address the site will have (e.g. https://NAME.github.io/REPO/), "
                             "so that link previews find the picture")
    export.set_defaults(run=_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; the return value is the process exit code."""
    args = _parser().parse_args(argv)
    return args.run(args)
