"""CSV in and out: story CSVs read with every problem reported, and cells safe in a spreadsheet."""
from __future__ import annotations

import csv
import io
import itertools
import re

from geo.problems import Collector, text_problem

MAX_CELL_CHARS = 10_000  # one cell: a title, a summary, a quote from one line of the article

# A cell is a formula (or a DDE call) to a spreadsheet if it starts with one of these: "=", "+", "-", "@", and
# their compatibility forms (fullwidth "＝" "＋" "－" "＠", small, superscript and subscript ones: NFKC
# folds each to the ASCII sign, and so may a spreadsheet), and the minus sign U+2212.
FORMULA_SIGNS = "=+-@" "\uff1d\uff0b\uff0d\uff20" "\ufe66\ufe62\ufe63\ufe6b" "\u207c\u207a\u208c\u208a" "\ufb29\u2212"
FORMULA_START = (*FORMULA_SIGNS, "\t", "\r")
# What a spreadsheet may skip before the sign: whitespace, controls, and characters that show nothing
# (soft hyphen, zero-width space and joiners, direction marks and controls, word joiner and invisible
# operators, variation selectors, the byte order mark U+FEFF, Hangul fillers).
_INVISIBLE = ("\\s\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
              "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0")
# A value that starts, after any number of apostrophes, with a tab, a carriage return, or a formula sign
# behind any invisible characters gets one more apostrophe in front.
_NEUTRALISE = re.compile("'*(?:[\t\r]|[" + _INVISIBLE + "]*[" + re.escape(FORMULA_SIGNS) + "])")


def neutralise_cell(value: str) -> str:
    """``value`` with a leading apostrophe if a spreadsheet would otherwise run it as a formula.

    A cell starting with ``=``, ``+``, ``-`` or ``@`` is a formula (or a DDE call) to Excel,
    LibreOffice and Google Sheets; OWASP's "CSV Injection" guidance adds a leading tab and carriage
    return, which some spreadsheets skip before reading a formula. The fullwidth and other
    compatibility forms of those signs (``＝1+1``), and a sign behind spaces or invisible characters
    (a zero-width space, a byte order mark), count too: a spreadsheet may fold or skip them. An
    apostrophe in front makes the spreadsheet take the cell as text (Excel hides the apostrophe;
    some programs show it).

    So that ``unneutralise_cell`` can undo this exactly, a value that already starts with
    apostrophes followed by one of those (``'=1``, ``''+2``) also gets one more apostrophe: ``'=1``
    becomes ``''=1``, which a spreadsheet shows as ``'=1``, and which ``unneutralise_cell`` turns
    back into ``'=1``. Any other value is returned unchanged.
    """
    return "'" + value if _NEUTRALISE.match(value) else value


def unneutralise_cell(value: str) -> str:
    """Undo ``neutralise_cell``: drop one leading apostrophe that stands before what it protects.

    The apostrophe is dropped when the value, after it, is one ``neutralise_cell`` would protect.
    ``unneutralise_cell(neutralise_cell(x)) == x`` for every string ``x``: what follows the
    apostrophes in a protected value never starts with an apostrophe, so a value that was left
    alone is never one this would change. ``read_csv_rows`` applies it to every cell it reads.
    """
    return value[1:] if value.startswith("'") and _NEUTRALISE.match(value, 1) else value


_HEADER = re.compile(r"\s*([^\r\n]{0,%d})" % MAX_CELL_CHARS)  # the first line with text, as far as a cell may go
# What a spreadsheet separates cells with instead of commas: Excel in a region whose decimal mark is a comma
# writes semicolons; "Unicode Text" and text copied from a table have tabs.
SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
SEPARATOR_FIX = ("save it comma-separated, as CSV UTF-8 (LibreOffice Calc: Save As › Text CSV, tick Edit filter "
                 "settings, field delimiter ','; Google Sheets: File › Download › CSV; Excel uses the list separator "
                 "of the computer's region settings).")


def separator(text: str, columns: tuple[str, ...]) -> str | None:
    """The separator the header row uses, if not commas: one that splits it into more cells than commas do,
    one of them a known column name. None for a comma-separated header (or one that is no header at all)."""
    header = _HEADER.match(text).group(1)  # type: ignore[union-attr]  # (it always matches)
    try:
        by_comma = next(csv.reader([header]), [])
        for sep in SEPARATORS:
            cells = [cell.strip() for cell in next(csv.reader([header], delimiter=sep), [])]
            if len(cells) > len(by_comma) and any(cell in columns for cell in cells):
                return sep
    except csv.Error:
        return None
    return None


def read_csv_rows(text: str, file: str, columns: tuple[str, ...], required: tuple[str, ...],
                  out: Collector, max_rows: int | None = None,
                  unshowable: list[dict[str, str]] | None = None) -> list[tuple[int, dict[str, str]]]:
    """(row number, stripped cells) for each non-blank row of a CSV text; problems go to ``out``.

    Row numbers are a spreadsheet's: the header is row 1. An unreadable file, missing or unknown
    columns, rows with extra cells, and cells no output could show (``text_problem``: too long,
    control characters, an unclosed direction control) are reported here, once, for every CSV of a
    story; such a row is left out (and added to ``unshowable``, if given, so that what refers to it
    is not reported as well). A file with more than ``max_rows`` rows is refused whole, read no
    further than one row past the limit. Cells that ``neutralise_cell`` protected from spreadsheets
    are read back as they were. A file whose header is separated by semicolons or tabs is named as such,
    and read no further.
    """
    sep = separator(text, columns)
    if sep is not None:
        out.add(file, "row 1", f"the file is separated by {SEPARATORS[sep]}, not commas.", SEPARATOR_FIX)
        return []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
        rows = list(itertools.islice(reader, max_rows + 1 if max_rows is not None else None))
    except csv.Error as exc:
        out.add(file, f"line {reader.line_num}", f"the file cannot be read as CSV ({exc}).",
                "check that quotes are paired and no cell is huge.")
        return []
    for name in header:
        problem = text_problem(name, MAX_CELL_CHARS)
        if problem:
            out.add(file, "row 1", f"a column name {problem[0]}", problem[1])
            return []
    named: set[str] = set()
    for position, name in enumerate(header, 1):
        if not name.strip() or name in named:
            said = "has no name" if not name.strip() else f"repeats the name {name!r}"
            out.add(file, "row 1", f"column {position} {said}.", f"give each column one of the names: {', '.join(columns)}.")
            return []
        named.add(name)
    missing = [c for c in required if c not in header]
    if missing:
        out.add(file, "row 1", f"missing columns: {', '.join(missing)}.",
                f"the header must name the columns: {', '.join(columns)}.")
        return []
    unknown = [c for c in header if c not in columns]
    if unknown:
        out.add(file, "row 1", f"unknown columns: {', '.join(unknown)}.", f"use only: {', '.join(columns)}.")
    if max_rows is not None and len(rows) > max_rows:
        out.add(file, "", f"the file has more than {max_rows:,} rows; a story may have at most {max_rows:,}.",
                "split the story, or keep the rows that matter most (see Limits in data/README.md).")
        return []
    result = []
    for number, row in enumerate(rows, 2):
        if out.full:
            break
        if None in row:
            out.add(file, f"row {number}", "the row has more cells than the header has columns.",
                    "quote any cell that contains a comma.")
            continue
        cells = {k: (v or "").strip() for k, v in row.items() if k}
        bad = next(((k, p) for k, v in cells.items() if (p := text_problem(v, MAX_CELL_CHARS))), None)
        if bad:
            (column, (message, fix)) = bad
            out.add(file, f"row {number}", f"{column} {message}", fix)
            if unshowable is not None:
                unshowable.append(cells)
            continue
        cells = {k: unneutralise_cell(v) for k, v in cells.items()}
        if any(cells.values()):
            result.append((number, cells))
    return result


_SURROGATE = re.compile("[\ud800-\udfff]")


def csv_text(header: list[str] | tuple[str, ...], rows: list[list[str]], safe: bool = True) -> str:
    """CSV text: ``header``, then ``rows``, cells a spreadsheet would run as formulas neutralised if ``safe``.

    The csv module does not quote a lone "\r" when lines end in "\n", and a reader would split the row
    there: such a row has every cell quoted, so it reads back whole. Lone surrogates become U+FFFD."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    quote_all = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for row in rows:
        if safe:
            row = [neutralise_cell(cell) for cell in row]
        (quote_all if any("\r" in cell for cell in row) else writer).writerow(row)
    return _SURROGATE.sub("\ufffd", buffer.getvalue())
