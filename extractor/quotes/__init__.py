"""Direct quotations and their speakers, found in plain text.

    >>> from extractor import find_quotes
    >>> [q.speaker for q in find_quotes("“We will,” said Ghada Waly.")]
    ['Ghada Waly']

Modules: `marks` pairs quotation marks, `attribution` reads the cue and speaker mention
around each quotation, `speakers` splits titles from names and resolves later mentions,
`lexicon` holds the per-language word lists, and `finder` puts them together.
"""

from __future__ import annotations

from .finder import find_quotes

__all__ = ["find_quotes"]
