"""The quote finder on inputs sized like hostile pages: the outcome, and the text it reads.

No timings: the work is counted as characters sliced out of the text, which a quadratic
reading of a paragraph multiplies by the number of its quotations.
"""

from __future__ import annotations

from typing import SupportsIndex

import extractor
from extractor import find_quotes
from extractor.quotes.finder import quotes_in

from support import FIXTURES


class _CountingText(str):
    """A string that counts the characters its slices copy."""

    copied = 0

    def __getitem__(self, key: SupportsIndex | slice) -> str:
        piece = str.__getitem__(self, key)
        _CountingText.copied += len(piece)
        return piece


def _copied_per_char(text: str) -> float:
    _CountingText.copied = 0
    quotes_in(_CountingText(text))
    return _CountingText.copied / len(text)


def test_a_paragraph_of_short_scare_quotes_yields_nothing() -> None:
    assert find_quotes("“x” " * 20_000) == []


def test_a_paragraph_of_attributed_quotes_yields_each_with_its_speaker() -> None:
    sentence = "“We should do it now, with all due respect,” said John Smith. "
    quotes = find_quotes(sentence * 2_000)
    assert len(quotes) == 2_000
    assert {q.speaker for q in quotes} == {"John Smith"}


def test_text_read_per_character_does_not_grow_with_the_paragraph() -> None:
    for unit in ("“x” ", "“We should do it now,” said John Smith. "):
        small, large = _copied_per_char(unit * 250), _copied_per_char(unit * 2_000)
        # Eight times the quotations in one paragraph: the same reading per character.
        assert large <= small * 1.5, (unit, small, large)


def test_every_quote_of_every_golden_page_is_exactly_its_body_span() -> None:
    # The offsets property over real page shapes (multi-paragraph quotes, nested marks, every
    # language of the fixtures); bench/quotes.py --corpus checks it over the whole corpus.
    checked = 0
    for page in sorted(FIXTURES.glob("*/source.html")):
        article = extractor.extract(page.read_bytes())
        for quote in article.quotes:
            assert article.body[quote.start:quote.end] == quote.text, (page.parent.name, quote)
            checked += 1
    assert checked >= 30
