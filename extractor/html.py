"""Input to parsed tree: size, format and depth guards, then the Lexbor parser."""

from __future__ import annotations

import codecs
import re
from collections import Counter
from itertools import islice
from typing import Any, AnyStr, Final, Iterator, Mapping

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .decoding import BOM_PREFIXES, declared_codec, decode_html, sniff_binary
from .errors import (
    DocumentTooComplexError,
    DocumentTooDeepError,
    DocumentTooLargeError,
    EmptyDocumentError,
    NotHTMLError,
)
from .options import ExtractOptions

# Opening one of these elements makes the HTML tree builder check the open-element stack for a
# <p> to close, which is what makes parse time grow with the square of the depth. Inline tags
# (<b>, <span>) do not, so only these are counted, and tables: they nest without limit (a cell
# holds the next table), and each cell is a paragraph that votes with all the text below it.
_BLOCK_NAMES: Final = (
    r"(?:div|section|article|aside|main|nav|header|footer|address|blockquote|center|details|"
    r"dialog|dir|dl|fieldset|figcaption|figure|hgroup|menu|ol|ul|pre|search|summary|table)(?=[\s/>])"
)
_BLOCK_TAG: Final = re.compile(r"<(/?)" + _BLOCK_NAMES, re.IGNORECASE)
# Looser patterns that count at least every block opening, as cheap upper bounds: tags whose
# first two letters each could be a block name's (the cheapest, enough for 44 pages in 45:
# few tags pass, and each match costs the regex engine more than the scan between them), then
# tags that open with a block name's own first two letters (an alternation: slower).
_BLOCK_INITIAL_BOUND: Final = r"<[dDsSaAmMnNhHfFbBcCuUoOpPtT][iIlLeEuUrRsSdDaAgGoO]"
_BLOCK_OPEN_BOUND: Final = (
    r"<(?:[dD][iIlLeE]|[sS][eEuU]|[aA][rRsSdD]|[mM][aAeE]|[nN][aA]|[hH][eEgG]|[fF][oOiI]|"
    r"[bB][lL]|[cC][eE]|[uU][lL]|[oO][lL]|[pP][rR]|[tT][aA])"
)
_TITLE_OPEN: Final = r"<title[^>]*>"
_TITLE_CLOSE: Final = r"</title[\s/>]"
_MARKUP: Final = r"<[a-zA-Z!/?]"
# Each pattern above compiled for text and for the bytes of a page that needs no decoding.
_TEXT_BOUNDS: Final = (re.compile(_BLOCK_INITIAL_BOUND), re.compile(_BLOCK_OPEN_BOUND))
_BYTES_BOUNDS: Final = (re.compile(_BLOCK_INITIAL_BOUND.encode()), re.compile(_BLOCK_OPEN_BOUND.encode()))
_TEXT_TITLE: Final = (re.compile(_TITLE_OPEN, re.IGNORECASE), re.compile(_TITLE_CLOSE, re.IGNORECASE))
_BYTES_TITLE: Final = (
    re.compile(_TITLE_OPEN.encode(), re.IGNORECASE), re.compile(_TITLE_CLOSE.encode(), re.IGNORECASE)
)
_TEXT_MARKUP: Final = re.compile(_MARKUP)
_BYTES_MARKUP: Final = re.compile(_MARKUP.encode())

# The work budget: shapes of markup whose parsing Lexbor does in time growing with the square
# of their size (docs/extraction.md, "Limits"), each counted by a regex pass before parsing.
# The patterns that name tags are matched against the page in lower case, without
# IGNORECASE: the regex engine then skips to each "<" at C speed instead of trying every
# position, which made these passes most of the budget's cost.
# A tag, reading quoted values whole (they may hold ">"); possessive, so that it never
# backtracks.
_TAG: Final = r"""<[a-zA-Z](?:[^>"']++|"[^"]*+"|'[^']*+')*+"""
# What a repeated <body> or <html> tag adds to the one element the parser keeps.
_MERGED_TAG: Final = r"""<(?:body|html)(?=[\s/>])((?:[^>"']++|"[^"]*+"|'[^']*+')*+)"""
_QUOTED: Final = r""""[^"]*+"|'[^']*+'"""
# Attribute names and unquoted values: an upper bound on the attributes (at most twice).
_ATTRIBUTE_TOKEN: Final = r"""[^\s/"'=<>]++"""
_SELECT_OR_OPTION: Final = r"<(/?)(?:(select)|option)(?=[\s/>])"
_FORMATTING_NAMES: Final = "a|b|big|code|em|font|i|nobr|s|small|strike|strong|tt|u"
_FORMATTING_SET: Final = frozenset(_FORMATTING_NAMES.split("|"))
_FORMATTING: Final = r"<(/?)(?:" + _FORMATTING_NAMES + r")(?=[\s/>])"
# The opening tags the limits below are about, by name: one pass tallies them all, and the
# exact counts (which walk the tags in Python) run only on a page with more than a limit.
_COUNTED_OPENING: Final = r"<(" + _FORMATTING_NAMES + r"|option|body|html)(?=[\s/>])"
# An opening tag: one element in the tree (text nodes come between them, one at most per tag).
# Its "<" alone is matched, one character, so that listing them builds no new strings.
_OPENING_TAG: Final = r"<(?=[a-zA-Z])"


class _Budget:
    """The budget's patterns, compiled for text or for bytes."""

    def __init__(self, as_bytes: bool) -> None:
        def compiled(pattern: str, flags: int = 0) -> re.Pattern[Any]:
            return re.compile(pattern.encode() if as_bytes else pattern, flags)

        self.tag: Final = compiled(_TAG)
        self.merged_tag: Final = compiled(_MERGED_TAG)
        self.quoted: Final = compiled(_QUOTED)
        self.attribute_token: Final = compiled(_ATTRIBUTE_TOKEN)
        self.select_or_option: Final = compiled(_SELECT_OR_OPTION)
        self.formatting: Final = compiled(_FORMATTING)
        self.counted_opening: Final = compiled(_COUNTED_OPENING)
        self.opening_tag: Final = compiled(_OPENING_TAG)
        # A formatting tag's match (its closing slash or nothing) as one character: "(" opens,
        # ")" closes; and the pair of an opening tag closed at once.
        self.bracket: Final[dict[Any, Any]] = {"": "(", "/": ")"} if not as_bytes else {b"": b"(", b"/": b")"}
        self.no_brackets: Final[Any] = b"" if as_bytes else ""
        self.closed_at_once: Final[Any] = b"()" if as_bytes else "()"
        self.open_bracket: Final[Any] = b"(" if as_bytes else "("


_TEXT_BUDGET: Final = _Budget(as_bytes=False)
_BYTES_BUDGET: Final = _Budget(as_bytes=True)

#: Most attributes one element may carry; repeated ``<body>`` or ``<html>`` tags count
#: together, as the parser adds their attributes to one element. The parser compares each new
#: attribute with all the element's others (about 0.5 s at this limit). Real pages reach
#: thousands when one attribute's quote is left open: the story's words after it are read as
#: attribute names, by the parser as by this count, and the page is still worth extracting.
MAX_ATTRIBUTES: Final = 16_000
#: Most ``<option>`` elements in one ``<select>``: the parser goes over the ones before as it
#: inserts each. The corpus's longest list has 1,908 (a list of places).
MAX_OPTIONS: Final = 5_000
#: Most formatting elements (``<b>``, ``<i>``, ``<font>``, ...) open at once: the parser
#: compares each new one with the open ones, and reopens them all where they are misnested.
#: The corpus's most is 172.
MAX_OPEN_FORMATTING: Final = 2_000
#: Elements any page may hold, whatever its size (the corpus's most is 9,892)...
FREE_ELEMENTS: Final = 50_000
#: ... and past those, one for each this many characters of the page. The tree is what a page
#: costs in memory: Lexbor takes about 200 bytes per element and 150 per text node, against
#: under 2 per character of text, and our walks add to that, so denser markup can take more
#: than 20 times the page (links at one per 50 characters take 27 times). The corpus's
#: densest page has one element per 34 bytes, but 9,753 of them.
BYTES_PER_ELEMENT: Final = 70


#: A ``<title>`` longer than this has swallowed the page (see `_title_swallowed_page`).
MAX_TITLE_CHARS: Final = 2048
#: A title this long whose page has less text in its body than in the title is swallowed too.
LONG_TITLE_CHARS: Final = 300


class Document:
    """A parsed page and the facts gathered while reading it."""

    # A plain class, not a dataclass: mypyc compiles this __init__ (see docs/extraction.md).
    def __init__(self, tree: LexborHTMLParser, encoding: str | None) -> None:
        self.tree: Final = tree
        self.encoding: Final = encoding


def select(node: LexborNode | LexborHTMLParser, selector: str, limit: int | None = None) -> list[LexborNode]:
    """The elements under ``node`` matching ``selector``, in document order, each once (and at
    most ``limit`` of them). Lexbor lists an element once per selector of a group it matches,
    so a capped query would otherwise spend its places on repeats."""
    seen: set[int] = set()
    out: list[LexborNode] = []
    for match in node.css(selector):
        if match.mem_id not in seen:
            seen.add(match.mem_id)
            out.append(match)
            if limit is not None and len(out) >= limit:
                break
    return out


def _deepest(tags: Iterator[re.Match[Any]]) -> int:
    """The most tags open at once, from their opening and closing matches (group 1 is the
    closing slash); a stray closing tag closes nothing."""
    depth = deepest = 0
    for match in tags:
        if match.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def block_depth(text: str) -> int:
    """The deepest nesting of block elements, counted from the tags (no parsing)."""
    return _deepest(_BLOCK_TAG.finditer(text))


def check_budget(page: str | bytes) -> None:
    """Refuse, with `DocumentTooComplexError`, a page over one of the work budget's limits."""
    budget = _BYTES_BUDGET if isinstance(page, bytes) else _TEXT_BUDGET
    # The cheapest count first: a page of dense markup is often over other limits too.
    limit = max(FREE_ELEMENTS, len(page) // BYTES_PER_ELEMENT)
    elements = _elements(page, budget, limit)
    if elements > limit:
        raise DocumentTooComplexError(
            f"the markup opens {elements:,} elements in {len(page):,} characters, over the limit "
            f"of {limit:,} ({FREE_ELEMENTS:,}, or one per {BYTES_PER_ELEMENT} characters of a "
            "longer page): its tree would take more than 20 times the page's size in memory"
        )
    lowered = _lowered(page)
    by_name = _BYTES_BUDGET if isinstance(lowered, bytes) else _TEXT_BUDGET
    opened = _opening_tags(lowered, by_name)
    for what, count, limit in (
        (
            "attribute names and values on one element",
            max(_most_attributes_in_a_tag(page, budget), _merged_attributes(lowered, opened, by_name)),
            MAX_ATTRIBUTES,
        ),
        ("options in one <select>", _most_options(lowered, opened, by_name), MAX_OPTIONS),
        ("formatting elements open at once", _most_open_formatting(lowered, opened, by_name), MAX_OPEN_FORMATTING),
    ):
        if count > limit:
            raise DocumentTooComplexError(
                f"the markup has {count:,} {what}, over the limit of {limit:,} "
                "(parsing it would take time growing with the square of that number)"
            )


def _elements(page: str | bytes, budget: _Budget, limit: int) -> int:
    """How many elements the page's tags open, at most (tags in scripts count too). The tags
    are counted only when the page's ``<`` signs, less those of closing tags, are over
    ``limit``; else that count is it."""
    brackets = page.count(b"<") if isinstance(page, bytes) else page.count("<")
    if brackets <= limit:
        return brackets
    # The "<" of an opening tag is followed by a letter, never by "/": a page with a closing
    # tag for each opening one (as dense as the limit lets through) is not listed tag by tag.
    opening_or_other = brackets - (page.count(b"</") if isinstance(page, bytes) else page.count("</"))
    if opening_or_other <= limit:
        return opening_or_other
    return len(budget.opening_tag.findall(page))


def _lowered(page: str | bytes) -> str | bytes:
    """The page with tag names as the tree builder reads them, ASCII letters in either case:
    in lower case, and as UTF-8 bytes when it is text beyond ASCII (whose ``str.lower`` costs
    several times a pass over the page, and folds letters the tree builder does not)."""
    if isinstance(page, bytes) or page.isascii():
        return page.lower()
    return page.encode("utf-8", "replace").lower()


def _opening_tags(lowered: str | bytes, budget: _Budget) -> dict[str, int]:
    """How many opening tags of each name the limits count ``lowered`` (the page in lower
    case) holds: formatting tags, ``<option>``, ``<body>`` and ``<html>``."""
    tally: Counter[Any] = Counter(budget.counted_opening.findall(lowered))
    return {name if isinstance(name, str) else name.decode(): count for name, count in tally.items()}


def _attribute_count(tag: AnyStr, budget: _Budget) -> int:
    """About how many attributes ``tag`` holds (a bound: at most twice as many)."""
    return len(budget.attribute_token.findall(budget.quoted.sub(tag[:0], tag)))


def _most_attributes_in_a_tag(page: str | bytes, budget: _Budget) -> int:
    """A bound on the most attributes one tag holds, over the tags long enough to hold more
    than the limit (each attribute takes two characters)."""
    # A page too short to hold such a tag is not listed tag by tag, and the tags' lengths are
    # compared one by one only when the longest is long (a Python test per tag costs more).
    tags = budget.tag.findall(page) if len(page) > 2 * MAX_ATTRIBUTES else []
    if max(map(len, tags), default=0) <= 2 * MAX_ATTRIBUTES:
        return 0
    return max(_attribute_count(tag, budget) for tag in tags if len(tag) > 2 * MAX_ATTRIBUTES)


def _merged_attributes(lowered: str | bytes, opened: dict[str, int], budget: _Budget) -> int:
    """A bound on the attributes of all ``<body>`` tags together, and of all ``<html>`` tags
    (the parser adds them to one element), read in ``lowered``, the page in lower case."""
    if opened.get("body", 0) <= 1 and opened.get("html", 0) <= 1:
        # A lone <body> or <html> tag can only be over the limit if it is long, and then the
        # count of long tags has it, its name with it.
        return 0
    merged: dict[str, int] = {}
    for match in budget.merged_tag.finditer(lowered):
        name = "body" if match.group(0)[1:2] in ("b", b"b") else "html"
        merged[name] = merged.get(name, 0) + _attribute_count(match.group(1), budget)
    return max(merged.values(), default=0)


def _most_options(lowered: str | bytes, opened: dict[str, int], budget: _Budget) -> int:
    """The most ``<option>`` tags after one ``<select>`` tag before the next select tag, in
    the page in lower case; or all its ``<option>`` tags, a bound, when they are few enough."""
    if opened.get("option", 0) <= MAX_OPTIONS:
        return opened.get("option", 0)
    count = most = 0
    for match in budget.select_or_option.finditer(lowered):
        if match.group(2):
            count = 0
        elif not match.group(1):
            count += 1
            most = max(most, count)
    return most


def _most_open_formatting(lowered: str | bytes, opened: dict[str, int], budget: _Budget) -> int:
    """The most formatting tags opened and not yet closed, at any point of the page (in lower
    case); or all its opening formatting tags, a bound, when they are few enough."""
    total = sum(count for name, count in opened.items() if name in _FORMATTING_SET)
    if total <= MAX_OPEN_FORMATTING:
        return total
    left_open = _left_open_formatting(lowered, budget)
    if left_open <= MAX_OPEN_FORMATTING:
        return left_open
    return _deepest(budget.formatting.finditer(lowered))


def _left_open_formatting(lowered: str | bytes, budget: _Budget) -> int:
    """A bound on the most formatting tags open at once in ``lowered`` (the page in lower
    case), counted at C speed: one more than its opening formatting tags not closed by the
    next formatting tag.

    A tag closed by the very next formatting tag opens one more at that point and leaves the
    depth after it as it was, so with those pairs taken out of the tags, the depth is at most
    one less and the openings left bound it. On a page of thousands of links, each ``<a>``
    closed before the next, the bound is 1, where the exact count (`_deepest`) steps through
    every tag in Python: that had been the budget's largest cost on such a page.
    """
    tags = budget.no_brackets.join(map(budget.bracket.__getitem__, budget.formatting.findall(lowered)))
    return tags.replace(budget.closed_at_once, budget.no_brackets).count(budget.open_bracket) + 1


def to_text(
    html: str | bytes, headers: Mapping[str, str] | None, options: ExtractOptions
) -> tuple[str, str | None]:
    """Check size and format, decode bytes; returns ``(text, encoding)``."""
    if len(html) > options.max_bytes:
        raise DocumentTooLargeError(
            f"input is {len(html):,} bytes, over the limit of {options.max_bytes:,} "
            "(ExtractOptions.max_bytes)"
        )
    if isinstance(html, bytes):
        if not html or html.isspace():
            raise EmptyDocumentError("input is empty")
        text, encoding = decode_html(html, headers)
    else:
        text, encoding = html, None
    if not text or text.isspace():
        raise EmptyDocumentError("input is empty or only whitespace")
    if "\x00" in text[:4096] or not _TEXT_MARKUP.search(text):
        raise NotHTMLError("input has no HTML markup")
    return text, encoding


def parse(
    html: str | bytes, headers: Mapping[str, str] | None, options: ExtractOptions
) -> Document:
    """Guard, decode and parse a page. Raises a subclass of `ExtractError` on bad input."""
    if isinstance(html, bytes) and _plain_utf8(html, headers, options):
        check_budget(html)
        tree = LexborHTMLParser(html)
        if not (_title_left_open(html) and _title_swallowed_page(tree)):
            return Document(tree=tree, encoding="utf-8")
        # The rare page whose <title> swallowed the rest is repaired on the long way.
    text, encoding = to_text(html, headers, options)
    if _maybe_too_deep(text, options.max_depth):
        depth = block_depth(text)
        if depth > options.max_depth:
            raise DocumentTooDeepError(
                f"block elements nest {depth:,} deep, over the limit of {options.max_depth:,} "
                "(ExtractOptions.max_depth)"
            )
    # Lone surrogates (from str input built out of broken data) make the C parser's encoder
    # fail; replace them the way a browser replaces invalid bytes. Text decoded from bytes here
    # never holds one.
    if isinstance(html, str) and not text.isascii():
        text = text.encode("utf-8", "replace").decode("utf-8")
    check_budget(text)
    tree = LexborHTMLParser(_parser_input(html, text, encoding))
    if _title_left_open(text) and _title_swallowed_page(tree):
        tree = LexborHTMLParser(_close_title(text))
    return Document(tree=tree, encoding=encoding)


def _plain_utf8(data: bytes, headers: Mapping[str, str] | None, options: ExtractOptions) -> bool:
    """Whether a page's bytes can go to the parser as they are, undecoded: UTF-8 by its label
    or by default, with no BOM, within the limits, and markup.

    Decoding a page only to run these checks costs more than they do: they read the bytes
    instead, and Lexbor decodes UTF-8 as Python does, invalid bytes becoming U+FFFD, except
    next to NUL bytes, so a page holding one goes the long way. So does every page that fails
    a check, to be refused there with the same error, or decoded from its legacy encoding
    (or as UTF-8 despite a legacy label, see `decode_html`).
    """
    return (
        len(data) <= options.max_bytes
        and not data.startswith(BOM_PREFIXES)
        and b"\x00" not in data
        and _BYTES_MARKUP.search(data) is not None
        and sniff_binary(data) is None
        and declared_codec(data, headers) in (None, "utf-8")
        and not _maybe_too_deep(data, options.max_depth)
    )


def _maybe_too_deep(page: str | bytes, max_depth: int) -> bool:
    """Whether block elements may nest deeper than ``max_depth``: counting opening tags is a
    cheap upper bound on the depth, and only a page with more of them than the limit needs
    the exact scan (`block_depth`)."""
    if isinstance(page, bytes):
        return _all_over(page, _BYTES_BOUNDS, max_depth)
    return _all_over(page, _TEXT_BOUNDS, max_depth)


def _all_over(page: AnyStr, bounds: tuple[re.Pattern[AnyStr], ...], limit: int) -> bool:
    """Whether each pattern, tried in turn (the cheaper first), matches more than ``limit`` times."""
    return all(_matches_more_than(bound, page, limit) for bound in bounds)


def _matches_more_than(pattern: re.Pattern[AnyStr], page: AnyStr, limit: int) -> bool:
    # Counting stops at limit + 1: a list of every match (findall) costs a string per tag.
    return sum(1 for _ in islice(pattern.finditer(page), limit + 1)) > limit


def _parser_input(html: str | bytes, text: str, encoding: str | None) -> str | bytes:
    """What to hand the parser: the page's own bytes when they are the UTF-8 of ``text``
    (Lexbor reads UTF-8, and encoding the text again costs a pass over the page), else the
    text. Bytes decoded as UTF-8 without a replacement character were valid UTF-8."""
    if isinstance(html, bytes) and encoding == "utf-8" and "\ufffd" not in text:
        return html.removeprefix(codecs.BOM_UTF8)
    return text


def _title_left_open(page: str | bytes) -> bool:
    """Whether the source's first ``<title>`` may run long: not closed within a short title's
    length (counted in bytes for undecoded pages, a longer span than in characters). A regex
    over the page's head costs far less than querying the parsed tree."""
    if isinstance(page, bytes):
        return _left_open(page, *_BYTES_TITLE)
    return _left_open(page, *_TEXT_TITLE)


def _left_open(page: AnyStr, opening_tag: re.Pattern[AnyStr], closing_tag: re.Pattern[AnyStr]) -> bool:
    opening = opening_tag.search(page)
    if opening is None:
        return False
    closing = closing_tag.search(page, opening.end())
    return closing is None or closing.start() - opening.end() > LONG_TITLE_CHARS


def _title_swallowed_page(tree: LexborHTMLParser) -> bool:
    # An unclosed <title> turns the rest of the document into title text (its content is raw
    # text to the parser). Truncated captures and template bugs do this often enough to repair.
    title = tree.css_first("title")
    if title is None:
        return False
    length = len(title.text())
    if length > MAX_TITLE_CHARS:
        return True
    body = tree.body
    return length > LONG_TITLE_CHARS and (body is None or len(body.text(strip=True)) < length)


def _close_title(text: str) -> str:
    """Close the page's ``<title>`` at the end of its first line."""
    match = _TEXT_TITLE[0].search(text)
    if match is None:
        return text
    end = text.find("\n", match.end())
    end = len(text) if end < 0 else end
    return text[:end] + "</title>" + text[end:]
