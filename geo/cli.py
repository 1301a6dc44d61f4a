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
from geo.story import Story, StoryError, StoryProblem, load_story

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FORMATS: dict[str, Callable[[Story], str]] = {"geojson": write_geojson_text, "csv": events_csv}


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
    print(f"{args.path.resolve().name}: OK — {len(result.places)} places, "
          f"{len(result.routes)} routes, {len(result.events)} events")
    return 0


def _export(args: argparse.Namespace) -> int:
    result = _load(args.story)
    if isinstance(result, list):
        print("\n".join(str(problem) for problem in result), file=sys.stderr)
        return 1
    text = FORMATS[args.format](result)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    data = text.encode("utf-8")
    try:
        args.out.write_bytes(data)
    except OSError as exc:
        print(f"{args.out}: cannot be written ({exc.strerror}).", file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({len(data)} bytes)", file=sys.stderr)
    return 0


def _parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="python -m geo", formatter_class=raw,
        description="Check or export a story folder (story.json, places.geojson, routes.geojson, "
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

    export = commands.add_parser(
        "export", formatter_class=raw, help="write the story as GeoJSON or its events as CSV",
        description="Write the story as one GeoJSON FeatureCollection (places, routes and events),\n"
                    "or its events as events.csv, to stdout or to a file.",
        epilog="Example:\n  python -m geo export geojson --out story.geojson",
    )
    export.add_argument("format", choices=sorted(FORMATS), metavar="FORMAT", help="geojson or csv")
    export.add_argument("--story", type=Path, default=DATA_DIR, metavar="PATH",
                        help=f"the story folder (default: {DATA_DIR})")
    export.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    export.set_defaults(run=_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; the return value is the process exit code."""
    args = _parser().parse_args(argv)
    return args.run(args)
