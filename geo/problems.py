"""What can be wrong with a story folder, said so a teacher can fix it."""
from __future__ import annotations

from dataclasses import dataclass


MAX_MESSAGE = 500  # a problem quoting a huge value still reads as one short line


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
        return f"{place[:MAX_MESSAGE]}: {message}" + (f" Fix: {self.fix}" if self.fix else "")


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
