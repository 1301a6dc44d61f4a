"""What can be wrong with a story folder, said so a teacher can fix it."""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_MESSAGE = 500  # a problem quoting a huge value still reads as one short line
MAX_PROBLEMS = 100  # problems listed; the rest are counted in one closing line
STOP_AFTER = 1_000  # problems found before the checks stop looking (a hostile file is not read to its end)

# Characters no output can show or carry: C0 and C1 controls (but tab, line feed and carriage return),
# DEL, lone surrogates (only a JSON escape such as "\ud800" makes one: UTF-8 cannot encode it, so the
# page, the PDF and every export would fail on it), and the noncharacters U+FFFE and U+FFFF (not XML, so
# not KML). Each breaks at least one output: a NUL ends a C string in a PDF or font library, XML 1.0
# forbids every C0 control but those three, and str.splitlines() breaks a line at \x0b, \x0c, \x1c-\x1e, \x85.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Bidirectional controls: an embedding or override (U+202A, U+202B, U+202D, U+202E) is closed by U+202C,
# an isolate (U+2066-U+2068) by U+2069. One left open reverses the text after it, the app's own included.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_OPENS_EMBEDDING, _CLOSES_EMBEDDING = "\u202a\u202b\u202d\u202e", "\u202c"
_OPENS_ISOLATE, _CLOSES_ISOLATE = "\u2066\u2067\u2068", "\u2069"


def plural(count: int, word: str, words: str = "") -> str:
    """``count`` with its noun, singular for one: "1 route", "2 routes", "1,000 problems" (``words``: an irregular plural)."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


@dataclass(frozen=True)
class StoryProblem:
    """One thing wrong in a story folder: where it is, what is wrong, how to fix it."""

    file: str
    where: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        place = f"{self.file} {self.where}".strip()
        message = self.message if len(self.message) <= MAX_MESSAGE else self.message[:MAX_MESSAGE] + "… (cut)"
        head = f"{place[:MAX_MESSAGE]}: {message}" if place else message  # the closing "… and N more" has no file
        # A value quoted from the story may hold a direction control: shown by name, it cannot reorder the rest.
        return _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", head + (f" Fix: {self.fix}" if self.fix else ""))


class StoryError(ValueError):
    """A story folder that cannot be used; ``problems`` lists every reason (at most ``MAX_PROBLEMS``,
    then one closing line), ``total`` counts them all."""

    def __init__(self, problems: list[StoryProblem], total: int | None = None):
        self.problems = problems
        self.total = len(problems) if total is None else total
        super().__init__("\n".join(str(p) for p in problems))

    def found(self) -> str:
        """How many problems, in words: "1 problem was found", "at least 1,000 problems were found"."""
        n = self.total
        count = f"at least {n:,}" if n >= STOP_AFTER else f"{n:,}"
        return f"{count} problem was found" if n == 1 else f"{count} problems were found"


class Collector:
    """Problems as the checks find them: the first ``limit`` kept, the rest only counted.

    ``full`` tells a check over many rows, features or points to stop looking: past ``stop_after``
    problems a teacher has enough to fix, and a hostile file cannot make the server list them all.
    """

    def __init__(self, limit: int = MAX_PROBLEMS, stop_after: int = STOP_AFTER) -> None:
        self.problems: list[StoryProblem] = []
        self.limit, self.stop_after = limit, stop_after
        self.count = 0  # every problem found so far, listed or not
        self.full = False  # plain attributes, not properties: read once per point of a long line

    def add(self, file: str, where: str, message: str, fix: str = "") -> None:
        if self.count < self.limit:
            self.problems.append(StoryProblem(file, where, message, fix))
        self.count += 1
        self.full = self.count >= self.stop_after

    @property
    def unlisted(self) -> int:
        return self.count - len(self.problems)

    def listed(self) -> list[StoryProblem]:
        """The problems to show: the first ``limit``, then one line for the rest."""
        if not self.unlisted:
            return list(self.problems)
        more = plural(self.unlisted, "more problem")
        return [*self.problems, StoryProblem("", "", f"… and {'at least ' if self.full else ''}{more} (fix these first).")]

    def error(self) -> StoryError:
        return StoryError(self.listed(), self.count)


def _unbalanced_bidi(value: str) -> tuple[int, str] | None:
    """(index, character) of the first direction control that is never closed or closes nothing."""
    stack: list[tuple[int, str]] = []
    for match in _BIDI.finditer(value):
        at, char = match.start(), match.group()
        if char in _OPENS_EMBEDDING or char in _OPENS_ISOLATE:
            stack.append((at, char))
        elif char == _CLOSES_EMBEDDING:
            if not stack or stack[-1][1] not in _OPENS_EMBEDDING:
                return at, char
            stack.pop()
        else:  # U+2069 closes the innermost isolate and any embedding opened inside it
            while stack and stack[-1][1] in _OPENS_EMBEDDING:
                stack.pop()
            if not stack:
                return at, char
            stack.pop()
    return stack[0] if stack else None


def text_problem(value: str, max_chars: int) -> tuple[str, str] | None:
    """Why ``value`` cannot be shown in every output (page, PDF, PNG, KML, CSV), as (message, fix); None if it can.

    The message reads after the name of what holds the text ("title holds …", "the line is …").
    """
    if len(value) > max_chars:
        return f"is {plural(len(value), 'character')} long; the limit is {max_chars:,}.", "shorten it."
    bad = _UNSHOWABLE.search(value)
    if bad:
        code, at = ord(bad.group()), bad.start() + 1
        if 0xD800 <= code <= 0xDFFF:
            return (f"holds U+{code:04X} at character {at}: half of a character code, which cannot be shown on its own.",
                    "delete that \\u escape, or write the character itself and save the file as UTF-8.")
        if code in (0xFFFE, 0xFFFF):
            return (f"holds U+{code:04X} at character {at}, which is not a character.",
                    "delete it (it may come from a file saved in the wrong encoding).")
        return (f"holds an invisible control character (U+{code:04X}) at character {at}.",
                "delete it (such characters come with text copied from a PDF or another program).")
    bidi = _unbalanced_bidi(value)
    if bidi:
        at, char = bidi
        state = "closes nothing" if char in _CLOSES_EMBEDDING + _CLOSES_ISOLATE else "is never closed"
        return (f"holds an invisible direction control (U+{ord(char):04X}) at character {at + 1} that {state}.",
                "delete it: it turns the direction of the text around it (story text is shown in its own direction anyway).")
    return None
