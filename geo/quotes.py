"""A quote from the article set in quotation marks once, in every output that adds marks.

Most quotes are excerpts ("the border city of Goris is being used…") and are shown “in marks”.
A quote that is itself words in quotation marks (``"The fate of our poor people…," he added.
"Those responsible…"``) already shows where it begins and ends: marks added around it would
print twice (“"The fate…”). Every output that adds marks around a quote (the PDF, KML) uses
``quoted``; outputs that show a quote without marks (the card's blockquote) need nothing.

``near_miss`` says, for a quote that is not on its article line letter for letter, where the closest
passage is and how it differs ("line 1 has 'bridge', the quote has 'Bridge'").
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# Marks that open or close a quotation, in the scripts a story may use: straight and curly,
# low-9 („ ‚), guillemets (« » ‹ ›), CJK corner brackets (「 」 『 』).
OPENING = "\"'“”„‟‘’‚‛«»‹›「『"
CLOSING = "\"'“”„‟‘’‚‛«»‹›」』"
# After a closing mark, the sentence's own punctuation may follow ("…sins".): still a closed quote.
TRAILING = ".,;:!?…"
OPEN, CLOSE = "“", "”"


def is_quoted(text: str) -> bool:
    """True when ``text`` opens and closes with a quotation mark (before any trailing punctuation).

    Both ends must have one: a quote that only opens with a mark (``"Yes," he said``) is an excerpt
    that contains a quotation, and is set in marks like any other excerpt.
    """
    body = text.strip()
    end = body.rstrip(TRAILING)
    return len(end) >= 2 and body[0] in OPENING and end[-1] in CLOSING


def quoted(text: str) -> str:
    """``text`` in “ ” unless it already opens and closes with quotation marks; its words unchanged."""
    return text if is_quoted(text) else f"{OPEN}{text}{CLOSE}"


# --- Near misses: where and how a quote differs from its article line ------------------------------------------
#
# A quote copied by hand differs from the article in small ways a teacher cannot see: a capital letter, a curly
# apostrophe for a straight one, a double space, a dropped word. The validator says which, and where: the closest
# passage of the line is found word by word (difflib), on a window of the line no longer than twice the quote,
# so the work is bounded whatever the size of the article.

_TOKEN = re.compile(r"\w+|[^\w\s]")  # words, and each other mark on its own: a quotation mark is one token
# Marks that look alike and that programs swap: each folds to one plain form for matching.
_LOOKALIKES = str.maketrans({
    **dict.fromkeys("‘’‛′ʼ`´", "'"), **dict.fromkeys("“”„‟″«»", '"'), **dict.fromkeys("‐‑‒–—―−", "-"),
})
MARK_NAMES = {
    "'": "a straight apostrophe", "’": "a curly apostrophe", "‘": "a curly opening single quotation mark",
    '"': "a straight quotation mark", "“": "a curly opening quotation mark", "”": "a curly closing quotation mark",
    "„": "a low quotation mark", "«": "a guillemet", "»": "a guillemet", "`": "a backtick", "´": "an acute accent",
    "-": "a hyphen", "–": "an en dash", "—": "an em dash", "−": "a minus sign", "‐": "a hyphen", "‑": "a non-breaking hyphen",
}
MAX_NEAR_MISS_TOKENS = 300  # a longer quote gets no near-miss description (only "not found verbatim")
NEAR_MISS_WORK = 1_000_000  # token steps for all near misses of one story: a hostile file stays quick
MAX_DIFFERENCES = 3  # described in one message; the rest are counted
CLOSE_ENOUGH = 0.6  # share of the quote's words a passage must have to be called close


@dataclass(frozen=True)
class NearMiss:
    """The passage of a line closest to a quote (``start``:``end`` in the line) and how they differ, in words."""

    start: int
    end: int
    differences: tuple[str, ...]
    kinds: frozenset[str]  # "case", "mark", "space", "word"


class NearMissBudget:
    """Token steps left for near-miss searches; once spent, quotes are only said to be missing."""

    def __init__(self, work: int | None = None) -> None:
        self.left = NEAR_MISS_WORK if work is None else work

    def spend(self, steps: int) -> bool:
        if steps > self.left:
            self.left = 0
            return False
        self.left -= steps
        return True


def fold(text: str) -> str:
    """``text`` as matching sees it: lower case, look-alike marks made one, spaces run together."""
    return " ".join(text.translate(_LOOKALIKES).casefold().split())


def _shown(text: str, limit: int = 60) -> str:
    text = text if len(text) <= limit else text[: limit // 2 - 1] + "…" + text[-(limit // 2) + 1:]
    return f"'{text}'"


def _gap(text: str) -> str:
    """Spacing in words: "no space", "one space", "3 spaces", "a non-breaking space", "a tab"."""
    if not text:
        return "no space"
    if text == " ":
        return "one space"
    if set(text) == {" "}:
        return f"{len(text)} spaces"
    names = {"\u00a0": "a non-breaking space", "\t": "a tab", "\u202f": "a narrow non-breaking space",
             "\u2009": "a thin space", "\u3000": "an ideographic space"}
    if len(text) == 1:
        return names.get(text, f"a U+{ord(text):04X} space")
    return "spaces (" + ", ".join(names.get(c, "a space" if c == " " else f"U+{ord(c):04X}") for c in text) + ")"


def _mark(char: str) -> str:
    return f"{char} ({MARK_NAMES[char]})" if char in MARK_NAMES else f"{char} (U+{ord(char):04X})"


def _chunk(text: str, start: int, end: int) -> str:
    """The whitespace-delimited stretch of ``text`` around ``start``:``end`` ("don’t" around its apostrophe)."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def _window(line: list[str], quote: list[str]) -> tuple[int, int]:
    """Token range of ``line`` where the quote's words are densest: a window of the quote's length, with half
    that length of slack on each side for words the quote leaves out or adds. One pass over the line."""
    n, m = len(quote), len(line)
    if m <= 2 * n:
        return 0, m
    wanted = set(quote)
    hits = [token in wanted for token in line]
    count = best = sum(hits[:n])
    best_at = 0
    for i in range(n, m):
        count += hits[i] - hits[i - n]
        if count > best:
            best, best_at = count, i - n + 1
    return max(0, best_at - n // 2), min(m, best_at + n + n // 2)


def near_miss(line: str, quote: str, line_number: int, what: str = "the quote",
              budget: NearMissBudget | None = None) -> NearMiss | None:
    """How ``quote`` differs from the closest passage of article line ``line_number`` (text ``line``).

    None if no passage is close (fewer than ``CLOSE_ENOUGH`` of the quote's words), the quote is too
    long to compare (``MAX_NEAR_MISS_TOKENS``), or ``budget`` is spent. ``what`` names the quoted text
    in the descriptions ("the quote", "date_text"): "line 1 has 'bridge', the quote has 'Bridge'".
    """
    q_spans = [m.span() for m in _TOKEN.finditer(quote)]
    if not q_spans or len(q_spans) > MAX_NEAR_MISS_TOKENS:
        return None
    if budget is not None and not budget.spend(len(line) // 4 + 1):  # tokenising and scanning the line
        return None
    l_spans = [m.span() for m in _TOKEN.finditer(line)]
    q_raw = [quote[a:b] for a, b in q_spans]
    l_raw = [line[a:b] for a, b in l_spans]
    q_fold = [t.translate(_LOOKALIKES).casefold() for t in q_raw]
    l_fold = [t.translate(_LOOKALIKES).casefold() for t in l_raw]
    lo, hi = _window(l_fold, q_fold)
    if budget is not None and not budget.spend((hi - lo) * len(q_fold)):
        return None
    matcher = difflib.SequenceMatcher(None, l_fold[lo:hi], q_fold, autojunk=False)
    if sum(block.size for block in matcher.get_matching_blocks()) < CLOSE_ENOUGH * len(q_fold):
        return None
    ops = [(tag, i1 + lo, i2 + lo, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    # The line goes on before and after the passage: words it has there are not differences.
    if ops and ops[0][0] in ("delete", "replace"):
        tag, i1, i2, j1, j2 = ops[0]
        ops[0] = (tag, i2 if tag == "delete" else max(i1, i2 - (j2 - j1)), i2, j1, j2)
    if ops and ops[-1][0] in ("delete", "replace"):
        tag, i1, i2, j1, j2 = ops[-1]
        ops[-1] = (tag, i1, i1 if tag == "delete" else min(i2, i1 + (j2 - j1)), j1, j2)
    ops = [op for op in ops if op[1] != op[2] or op[3] != op[4]]
    if not ops:
        return None
    first, last = ops[0][1], ops[-1][2]
    start, end = l_spans[first][0], l_spans[last - 1][1]

    def line_text(i1: int, i2: int) -> str:
        return line[l_spans[i1][0]:l_spans[i2 - 1][1]]

    def quote_text(j1: int, j2: int) -> str:
        return quote[q_spans[j1][0]:q_spans[j2 - 1][1]]

    said: list[str] = []
    kinds: set[str] = set()
    here = f"line {line_number}"
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            k = 0
            while k < i2 - i1:  # same words once folded: each run of tokens that differ in case or marks
                if l_raw[i1 + k] == q_raw[j1 + k]:
                    k += 1
                    continue
                run = k
                while k < i2 - i1 and l_raw[i1 + k] != q_raw[j1 + k]:
                    k += 1
                ours, theirs = line_text(i1 + run, i1 + k), quote_text(j1 + run, j1 + k)
                if ours.casefold() == theirs.casefold():
                    kinds.add("case")
                    said.append(f"{here} has {_shown(ours)}, {what} has {_shown(theirs)}")
                else:
                    kinds.add("mark")
                    at = next((c for c, (x, y) in enumerate(zip(ours, theirs)) if x.casefold() != y.casefold()), 0)
                    a = l_spans[i1 + run][0] + at
                    said.append(f"{here} has {_mark(ours[at])} in {_shown(_chunk(line, a, a + 1))}, "
                                f"{what} has {_mark(theirs[at])}")
        elif tag == "replace":
            kinds.add("word")
            said.append(f"{here} has {_shown(line_text(i1, i2))}, {what} has {_shown(quote_text(j1, j2))}")
        elif tag == "delete":
            kinds.add("word")
            after = f"after {_shown(l_raw[i1 - 1])}" if i1 > first else f"before {_shown(l_raw[i2])}"
            said.append(f"{what} leaves out {_shown(line_text(i1, i2))}, which {here} has {after}")
        else:  # insert
            kinds.add("word")
            after = f" after {_shown(q_raw[j1 - 1])}" if j1 > 0 else f" before {_shown(q_raw[j2])}" if j2 < len(q_raw) else ""
            said.append(f"{what} has {_shown(quote_text(j1, j2))}{after}, which {here} does not have")
    if not said and len(ops) == 1:  # the same tokens: the spacing between them differs
        _, i1, i2, j1, j2 = ops[0]
        for k in range(i2 - i1 - 1):
            ours = line[l_spans[i1 + k][1]:l_spans[i1 + k + 1][0]]
            theirs = quote[q_spans[j1 + k][1]:q_spans[j1 + k + 1][0]]
            if ours != theirs:
                kinds.add("space")
                said.append(f"{here} has {_gap(ours)} between {_shown(l_raw[i1 + k])} and {_shown(l_raw[i1 + k + 1])}, "
                            f"{what} has {_gap(theirs)}")
    if not said:
        return None
    counts: dict[str, int] = {}
    for text in said:  # the same difference in two places is said once, with how often
        counts[text] = counts.get(text, 0) + 1
    said = [text if n == 1 else f"{text} ({n} times)" for text, n in counts.items()]
    if len(said) > MAX_DIFFERENCES:
        more = len(said) - MAX_DIFFERENCES
        said = [*said[:MAX_DIFFERENCES], f"and {more} more difference{'s' if more != 1 else ''}"]
    return NearMiss(start, end, tuple(said), frozenset(kinds))


def near_miss_fix(miss: NearMiss, line_number: int, what: str = "the quote") -> str:
    """What to do about a near miss, in a teacher's words."""
    fix = f"copy {what} from line {line_number} of article.txt letter for letter, typos included"
    if "mark" in miss.kinds:
        fix += " (copy and paste it rather than typing it: a spreadsheet or word processor may change quotation marks, apostrophes and dashes)"
    elif "space" in miss.kinds:
        fix += " (a non-breaking space or a double space often comes with text copied from a web page)"
    return fix + "."
