"""What can be wrong with a story folder, said so a teacher can fix it."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass


@dataclass(frozen=True)
class StoryProblem:
    """One thing wrong in a story folder: where it is, what is wrong, how to fix it."""

    file: str
    where: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        place = f"{self.file} {self.where}".strip()
        return f"{place}: {self.message}" + (f" Fix: {self.fix}" if self.fix else "")


class StoryError(ValueError):
    """A story folder that cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[StoryProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Collector:
    def __init__(self) -> None:
        self.problems: list[StoryProblem] = []

    def add(self, file: str, where: str, message: str, fix: str = "") -> None:
        self.problems.append(StoryProblem(file, where, message, fix))


def read_csv_rows(text: str, file: str, columns: tuple[str, ...], required: tuple[str, ...],
                  out: Collector) -> list[tuple[int, dict[str, str]]]:
    """(row number, stripped cells) for each non-blank row of a CSV text; problems go to ``out``.

    Row numbers are a spreadsheet's: the header is row 1. An unreadable file, missing or unknown
    columns, and rows with extra cells are reported here, once, for every CSV of a story.
    """
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
        rows = list(reader)
    except csv.Error as exc:
        out.add(file, f"line {reader.line_num}", f"the file cannot be read as CSV ({exc}).",
                "check that quotes are paired and no cell is huge.")
        return []
    missing = [c for c in required if c not in header]
    if missing:
        out.add(file, "row 1", f"missing columns: {', '.join(missing)}.",
                f"the header must name the columns: {', '.join(columns)}.")
        return []
    unknown = [c for c in header if c not in columns]
    if unknown:
        out.add(file, "row 1", f"unknown columns: {', '.join(unknown)}.", f"use only: {', '.join(columns)}.")
    result = []
    for number, row in enumerate(rows, 2):
        if None in row:
            out.add(file, f"row {number}", "the row has more cells than the header has columns.",
                    "quote any cell that contains a comma.")
            continue
        cells = {k: (v or "").strip() for k, v in row.items() if k}
        if any(cells.values()):
            result.append((number, cells))
    return result
