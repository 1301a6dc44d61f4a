"""A quote from the article set in quotation marks once, in every output that adds marks.

Most quotes are excerpts ("the border city of Goris is being used…") and are shown “in marks”.
A quote that is itself words in quotation marks (``"The fate of our poor people…," he added.
"Those responsible…"``) already shows where it begins and ends: marks added around it would
print twice (“"The fate…”). Every output that adds marks around a quote (the PDF, KML) uses
``quoted``; outputs that show a quote without marks (the card's blockquote) need nothing.
"""
from __future__ import annotations

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
