"""Direct quotations and their speakers, found in plain text.

    >>> from extractor import find_quotes
    >>> [q.speaker for q in find_quotes("“We will,” said Ghada Waly.")]
    ['Ghada Waly']

Modules: `marks` pairs quotation marks, `attribution` reads the cue and speaker mention
around each quotation, `speakers` splits titles from names and resolves later mentions,
`lexicon` holds the per-language word lists, and `finder` puts them together.
"""

from __future__ import annotations

from ..article import Quote
from .finder import quotes_in
from .marks import MAX_QUOTES


def find_quotes(text: str) -> list[Quote]:
    """Every direct quotation in ``text`` with its speaker, the speaker's title and the cue.

    ``start``/``end`` are offsets of the quoted words (inside the marks, trimmed of spaces):
    ``text[start:end] == quote.text``, except for a quotation that runs over several
    paragraphs, whose ``text`` leaves out the marks that re-open it on each paragraph.
    A quotation split by its attribution ("“We will,” he said, “and soon.”") gives two
    quotes with the same speaker and cue. Never raises; linear in the length of ``text``.
    """
    # Checked here, in Python: the compiled finder rejects a non-string with a TypeError.
    if not isinstance(text, str) or not text:
        return []
    return quotes_in(text)


__all__ = ["MAX_QUOTES", "find_quotes"]
