"""CSV in and out: story CSVs read with every problem reported, and cells safe in a spreadsheet."""
from __future__ import annotations

import csv
import io
import re

from geo.problems import Collector

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A value that starts with a formula character after any number of apostrophes gets one more apostrophe in front.
_NEUTRALISE = re.compile("'*[" + re.escape("".join(FORMULA_START)) + "]")


def neutralise_cell(value: str) -> str:
    """``value`` with a leading apostrophe if a spreadsheet would otherwise run it as a formula.

    A cell starting with ``=``, ``+``, ``-`` or ``@`` is a formula (or a DDE call) to Excel,
    LibreOffice and Google Sheets; OWASP's "CSV Injection" guidance adds a leading tab and carriage
    return, which some spreadsheets skip before reading a formula. An apostrophe in front makes the
    spreadsheet take the cell as text (Excel hides the apostrophe; some programs show it).

    So that ``unneutralise_cell`` can undo this exactly, a value that already starts with
    apostrophes followed by one of those characters (``'=1``, ``''+2``) also gets one more
    apostrophe: ``'=1`` becomes ``''=1``, which a spreadsheet shows as ``'=1``, and which
    ``unneutralise_cell`` turns back into ``'=1``. Any other value is returned unchanged.
    """
    return "'" + value if _NEUTRALISE.match(value) else value


def unneutralise_cell(value: str) -> str:
    """Undo ``neutralise_cell``: drop one leading apostrophe that stands before a formula character.

    The apostrophe is dropped when the value, after it, starts with ``=``, ``+``, ``-``, ``@``, a
    tab or a carriage return, possibly behind more apostrophes. ``unneutralise_cell(neutralise_cell(x)) == x``
    for every string ``x``. The loader (``geo.story._parse_events``) must apply it to every cell of
    events.csv so that a neutralised file loads back as the same events.
    """
    return value[1:] if value.startswith("'") and _NEUTRALISE.match(value, 1) else value


def read_csv_rows(text: str, file: str, columns: tuple[str, ...], required: tuple[str, ...],
                  out: Collector) -> list[tuple[int, dict[str, str]]]:
    """(row number, stripped cells) for each non-blank row of a CSV text; problems go to ``out``.

    Row numbers are a spreadsheet's: the header is row 1. An unreadable file, missing or unknown
    columns, and rows with extra cells are reported here, once, for every CSV of a story. Cells
    that ``neutralise_cell`` protected from spreadsheets are read back as they were.
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
        cells = {k: unneutralise_cell((v or "").strip()) for k, v in row.items() if k}
        if any(cells.values()):
            result.append((number, cells))
    return result
