"""Direct quotations and their speakers, found in plain text."""

from __future__ import annotations

import re

from .article import Quote

_DOUBLE = re.compile(r"[“\"]([^“”\"\n]{3,2000})[”\"]")


def find_quotes(text: str) -> list[Quote]:
    """Every direct quotation in ``text``, with offsets of the quoted words."""
    return [Quote(text=m.group(1), start=m.start(1), end=m.end(1)) for m in _DOUBLE.finditer(text)]
