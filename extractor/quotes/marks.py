"""Quotation marks: which characters open or close a quotation, and how they pair up.

News text mixes styles freely (curly and straight marks in one story, German „…“ next to
»…«, British single marks with double marks nested inside), so a mark's role is read from
three things, in this order: the glyph itself (``„`` always opens), what is currently open
(``“`` closes an open ``„`` but opens otherwise), and its flanking (a mark after a space and
before a letter opens; one after a letter and before a space or punctuation closes).

An apostrophe (``don't``, ``the '90s``, ``Jones' car``) is never an opening mark, and a
closing single mark only counts while a single quotation is open, so possessives outside a
quotation cost nothing.

Pairing is one pass per paragraph with a small bounded stack: linear in the text length
whatever the input (a 1 MB paragraph with one opening mark, thousands of stray marks). The
work is bounded too: past ``MAX_MARKS`` marks, or once ``MAX_QUOTES`` quotations are found,
the rest of the text is not read.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Final

#: Families of marks that close each other. Straight and curly double marks are one family
#: because real stories mix them (“…" and "…” are common typos), likewise the single marks.
DOUBLE: Final = "double"
SINGLE: Final = "single"
GUILLEMET: Final = "guillemet"
SINGLE_GUILLEMET: Final = "single-guillemet"
CORNER: Final = "corner"
WHITE_CORNER: Final = "white-corner"

#: glyph -> family
FAMILY: Final[dict[str, str]] = {
    "“": DOUBLE, "”": DOUBLE, "„": DOUBLE, "‟": DOUBLE, '"': DOUBLE, "〝": DOUBLE, "〞": DOUBLE,
    "‘": SINGLE, "’": SINGLE, "‚": SINGLE, "‛": SINGLE, "'": SINGLE,
    "«": GUILLEMET, "»": GUILLEMET,
    "‹": SINGLE_GUILLEMET, "›": SINGLE_GUILLEMET,
    "「": CORNER, "」": CORNER,
    "『": WHITE_CORNER, "』": WHITE_CORNER,
}

#: Glyphs that only ever open (German low marks, CJK corners).
ALWAYS_OPEN: Final = frozenset("„‚「『〝‟‛")
#: Glyphs that only ever close.
ALWAYS_CLOSE: Final = frozenset("」』〞")
#: Glyphs that open unless something of their family is open and their flanking says "close".
USUALLY_OPEN: Final = frozenset("“‘«‹")
#: Glyphs that close when their family is open, and otherwise open only when flanked like an
#: opener (Swedish ”…”, German »…«).
USUALLY_CLOSE: Final = frozenset("”’»›")
#: Ambiguous straight marks: the role comes from flanking alone.
STRAIGHT: Final = frozenset("\"'")

#: Opening marks of a German pair, whose closing glyph is the English opener (“ and ‘).
LOW_OPENERS: Final = frozenset("„‚")

#: Characters after which a mark may open: spaces, brackets and dashes.
OPEN_CONTEXT: Final = frozenset("([{<—–-/|:;")
#: Characters before which a mark may close: spaces and punctuation.
CLOSE_CONTEXT: Final = frozenset(".,;:!?)]}>—–-…/*")

#: Elisions that start with an apostrophe and must not open a single quotation.
ELISIONS: Final = ("em ", "n ", "n'", "tis ", "twas ", "cause ", "til ", "bout ", "round ", "s ")

#: Deepest nesting tracked. Real quotes nest two or three levels; a deeper stack only
#: happens on broken input, where the oldest open mark is forgotten to keep the pass linear.
MAX_NESTING: Final = 4

#: Longest quotation accepted, in characters (the longest in the development set, a
#: multi-paragraph excerpt, has 6,821). A mark that finds its partner further away is an
#: unbalanced mark, and pairing it would return half the article as one quote.
MAX_QUOTE_CHARS: Final = 8_000

#: Most paragraphs one quotation may run over (news style: every paragraph re-opens the mark).
MAX_QUOTE_PARAGRAPHS: Final = 12

#: Most quotations read in one text; later ones are not reported. The development data's most
#: is 339 quoted stretches (168 of them reported as quotes) in a 118,000-character page; a
#: text of thousands is a flood of marks, not a story, and reading it all costs seconds.
MAX_QUOTES: Final = 2_000

#: Most quotation marks read in one text (the development data's most is 793), so that marks
#: which pair into nothing (thousands of stray or unbalanced ones) bound the work as well.
MAX_MARKS: Final = 10_000

QUOTE_CHARS: Final = frozenset(FAMILY)
_MARK: Final = re.compile("[" + re.escape("".join(FAMILY)) + "]")
_PARAGRAPH: Final = re.compile(r"[^\n]+")


class Pair:
    """One opening mark and the closing mark that ends it, inside one paragraph."""

    # A plain class, not a dataclass: mypyc compiles this __init__ (see docs/extraction.md).
    def __init__(self, open_at: int, close_at: int, family: str) -> None:
        self.open_at: Final = open_at
        self.close_at: Final = close_at
        self.family: Final = family


class QuotedSpan:
    """An outermost quotation: the marks' positions and the quoted words between them.

    ``start``/``end`` delimit the words (inside the outer marks, trimmed of spaces). A
    quotation over several paragraphs runs from its first word to its last, paragraph breaks
    and re-opening marks included.
    """

    # A plain class, not a dataclass: mypyc compiles this __init__ (see docs/extraction.md).
    def __init__(self, open_at: int, close_at: int, start: int, end: int, family: str) -> None:
        self.open_at: Final = open_at
        self.close_at: Final = close_at
        self.start: Final = start
        self.end: Final = end
        self.family: Final = family


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def can_open(before: str, after: str) -> bool:
    """Flanked like an opening mark: a space, bracket or dash before, a non-space after."""
    return not _is_space(after) and (_is_space(before) or before in OPEN_CONTEXT or before in QUOTE_CHARS)


def can_close(before: str, after: str) -> bool:
    """Flanked like a closing mark: a non-space before, a space or punctuation after."""
    return not _is_space(before) and (_is_space(after) or after in CLOSE_CONTEXT or after in QUOTE_CHARS)


def is_apostrophe(text: str, at: int) -> bool:
    """A single mark inside a word, or an elision (``'90s``, ``'em``), not a quote mark."""
    before = text[at - 1] if at > 0 else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    if before.isalnum() and after.isalnum():
        return True
    if after.isdigit() and not before.isalnum():
        return True
    tail = text[at + 1:at + 7].lower()
    return not before.isalnum() and tail.startswith(ELISIONS)


def _role(text: str, at: int, open_families: list[tuple[str, str]]) -> str | None:
    """'open', 'close' or None (not a quote mark here) for the mark at ``at``.

    ``open_families`` is the stack of (family, opening glyph) currently open, innermost last.
    """
    ch = text[at]
    family = FAMILY[ch]
    before = text[at - 1] if at > 0 else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    if family == SINGLE and (is_apostrophe(text, at) or ch == "'" and "'" in (before, after)):
        # Two apostrophes ('') are a typewriter stand-in some feeds use for double marks; they
        # are not read as marks at all (see docs/quotes.md for why).
        return None
    open_glyph = next((g for f, g in reversed(open_families) if f == family), None)
    if ch in ALWAYS_OPEN:
        return "open"
    if ch in ALWAYS_CLOSE:
        return "close" if open_glyph else None
    opener_like = can_open(before, after)
    closer_like = can_close(before, after)
    if ch in USUALLY_OPEN:
        if open_glyph and (open_glyph in LOW_OPENERS or (closer_like and not opener_like)
                           or (family in (GUILLEMET, SINGLE_GUILLEMET) and open_glyph != ch)):
            return "close"
        return "open" if family != SINGLE or opener_like else None
    if ch in USUALLY_CLOSE:
        if open_glyph and (closer_like or not opener_like or open_glyph != ch):
            return "close"
        if opener_like and not closer_like:
            return "open"
        return None
    # Straight marks.
    if open_glyph and closer_like and not (opener_like and family == SINGLE):
        return "close"
    if opener_like and not closer_like:
        return "open"
    if open_glyph and not opener_like:
        return "close"
    return None


def pair_marks(text: str, start: int, end: int) -> tuple[list[Pair], list[tuple[int, str]]]:
    """Pairs of marks in ``text[start:end]`` (one paragraph), and the marks left open at its end.

    Returns the closed pairs (any depth) and the stack of still-open marks (position, family),
    outermost first, which the caller may carry into a multi-paragraph quotation.
    """
    stack: list[tuple[int, str, str]] = []  # (position, family, glyph)
    pairs: list[Pair] = []
    for mark in _MARK.finditer(text, start, end):
        at = mark.start()
        ch = text[at]
        if FAMILY[ch] == SINGLE and is_apostrophe(text, at):
            continue  # most single marks in a story are apostrophes ("don't"): nothing to pair
        role = _role(text, at, [(f, g) for _, f, g in stack])
        if role == "open":
            if len(stack) >= MAX_NESTING:
                del stack[0]
            stack.append((at, FAMILY[ch], ch))
        elif role == "close":
            family = FAMILY[ch]
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][1] == family:
                    opened = stack[depth][0]
                    del stack[depth:]
                    if at - opened <= MAX_QUOTE_CHARS:
                        pairs.append(Pair(opened, at, family))
                    break
    return pairs, [(p, f) for p, f, _ in stack]


def _trimmed(text: str, open_at: int, close_at: int) -> tuple[int, int]:
    """Offsets of the words between two marks, without surrounding spaces."""
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _outermost(pairs: list[Pair], after: int) -> list[Pair]:
    """Pairs not nested in another pair, in text order, opening after ``after``."""
    kept: list[Pair] = []
    reach = after
    for pair in sorted(pairs, key=lambda p: p.open_at):
        if pair.open_at > reach:
            kept.append(pair)
            reach = pair.close_at
    return kept


@dataclass
class _Carry:
    """A quotation left open at the end of a paragraph, waiting for the next to re-open it."""

    open_at: int
    family: str
    #: Paragraphs that re-opened it so far.
    reopened: int


def _first_mark(text: str, start: int, end: int) -> int | None:
    """Position of the quote mark that begins a paragraph, if it begins with one."""
    at = start
    while at < end and text[at].isspace():
        at += 1
    return at if at < end and text[at] in QUOTE_CHARS else None


def reading_end(text: str) -> int:
    """Where reading ``text`` for marks stops: at its ``MAX_MARKS + 1``-th mark, or its end."""
    # islice skips the first matches in C, without Python work per mark.
    past = next(itertools.islice(_MARK.finditer(text), MAX_MARKS, None), None)
    return len(text) if past is None else past.start()


def find_spans(text: str) -> list[QuotedSpan]:
    """The outermost quotations in ``text`` (the first ``MAX_QUOTES``, within its first
    ``MAX_MARKS`` marks), in order, multi-paragraph ones joined.

    A mark left open at the end of a paragraph continues the quotation only when the next
    paragraph opens with a mark of the same family (news style); otherwise it is unbalanced
    and yields nothing.
    """
    spans: list[QuotedSpan] = []
    carry: _Carry | None = None
    for paragraph in _PARAGRAPH.finditer(text, 0, reading_end(text)):
        if len(spans) >= MAX_QUOTES:
            break
        pstart, pend = paragraph.span()
        if _MARK.search(text, pstart, pend) is None:
            carry = None  # a paragraph without marks: nothing to pair, and nothing re-opened
            continue
        pairs, still_open = pair_marks(text, pstart, pend)
        floor = pstart - 1
        if carry is not None:
            first = _first_mark(text, pstart, pend)
            closing = next((p for p in pairs if p.open_at == first), None) if first is not None else None
            if first is None or FAMILY[text[first]] != carry.family:
                carry = None
            elif closing is not None:
                if closing.close_at - carry.open_at <= MAX_QUOTE_CHARS:
                    start, end = _trimmed(text, carry.open_at, closing.close_at)
                    spans.append(QuotedSpan(carry.open_at, closing.close_at, start, end, carry.family))
                floor = closing.close_at
                carry = None
            elif (still_open and still_open[0][0] == first and carry.reopened < MAX_QUOTE_PARAGRAPHS
                  and pend - carry.open_at <= MAX_QUOTE_CHARS):
                carry.reopened += 1
                continue
            else:
                carry = None
        outer = _outermost(pairs, floor)
        for pair in outer:
            start, end = _trimmed(text, pair.open_at, pair.close_at)
            if end > start:
                spans.append(QuotedSpan(pair.open_at, pair.close_at, start, end, pair.family))
        if still_open:
            at, family = still_open[0]
            if at > (outer[-1].close_at if outer else floor) and pend - at <= MAX_QUOTE_CHARS:
                carry = _Carry(at, family, 0)
    return spans[:MAX_QUOTES]
