"""Direct quotations and their speakers, found in plain text."""

from __future__ import annotations

from ..article import Quote
from .marks import find_spans


def find_quotes(text: str) -> list[Quote]:
    """Every direct quotation in ``text``, with offsets of the quoted words."""
    return [Quote(text=s.words(text), start=s.start, end=s.end) for s in find_spans(text)]
