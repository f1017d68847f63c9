"""Decisions both renderings share: what kind of block a box is, a list's items, a table's grid."""

from __future__ import annotations

import re
from typing import Final, Iterator, Literal

from .prepare import Mark
from .tree import Box, Child, Leaf, leaves

Kind = Literal["heading", "list", "quote", "code", "table", "none", "flow"]
HEADINGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Rows and columns of a table rendered; the rest is left out, so one hostile table cannot
#: make the output grow without bound (its text stays in ``body``).
MAX_TABLE_ROWS: Final = 1_000
MAX_TABLE_COLUMNS: Final = 50
#: A cell holding this much text, this many blocks, or a block like these, lays out a page
#: rather than data.
MAX_DATA_CELL_CHARS: Final = 500
MAX_DATA_CELL_BLOCKS: Final = 3
_LAYOUT_BLOCKS: Final = HEADINGS | {"table", "ul", "ol", "blockquote", "pre"}
#: Whitespace that collapsing changes: a run of two or more, or one that is not a space.
_WHITESPACE: Final = re.compile(r"\s{2,}|[^\S ]")


def kind(box: Box) -> Kind:
    tag = box.tag
    if tag in HEADINGS:
        return "heading"
    if tag in ("ul", "ol"):
        return "list"
    if tag == "blockquote":
        return "quote"
    if tag == "pre":
        return "code"
    if tag == "table":
        return "table" if is_data_table(box) else "flow"
    if tag in ("hr", "br"):
        return "none"
    return "flow"


def heading_level(tag: str) -> int:
    return int(tag[1])


def list_items(box: Box) -> Iterator[list[Child]]:
    """A list's items, each its visible content: an ``<li>``, or a stray block in the list."""
    for child in box.shown:
        if isinstance(child, Box) and child.tag == "li":
            if child.shown:
                yield child.shown
        else:
            yield [child]


def _rows(table: Box) -> list[Box]:
    rows: list[Box] = []
    stack = list(reversed(table.children))
    while stack:
        child = stack.pop()
        if isinstance(child, Box):
            if child.tag == "tr":
                rows.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                stack.extend(reversed(child.children))
    return rows


def _cells(row: Box) -> list[Box]:
    return [child for child in row.children if isinstance(child, Box) and child.tag in ("td", "th")]


def is_data_table(table: Box) -> bool:
    """A table of data (rows and columns of short cells), not one laying out a page. Asked
    by each rendering and by the list of shown content: read once."""
    if table.data_table is None:
        table.data_table = _is_data_table(table)
    return table.data_table


def _is_data_table(table: Box) -> bool:
    rows = _rows(table)
    if len(rows) < 2 and all(len(_cells(row)) < 2 for row in rows):
        return False
    for row in rows[:MAX_TABLE_ROWS]:
        for cell in _cells(row):
            texts = [len(leaf.text) for leaf in leaves(cell)]
            if len(texts) > MAX_DATA_CELL_BLOCKS or sum(texts) > MAX_DATA_CELL_CHARS:
                return False
            if any(isinstance(c, Box) and c.tag in _LAYOUT_BLOCKS for c in _descendants(cell)):
                return False
    return True


def _descendants(box: Box) -> Iterator[Child]:
    stack: list[Child] = list(box.children)
    while stack:
        child = stack.pop()
        yield child
        if isinstance(child, Box):
            stack.extend(child.children)


def table_leaves(table: Box) -> Iterator[Leaf]:
    """The leaves of the rows a rendering shows (`MAX_TABLE_ROWS`), in page order."""
    for row in _rows(table)[:MAX_TABLE_ROWS]:
        for cell in _cells(row):
            yield from (leaf for leaf in leaves(cell) if leaf.shown)


def caption(table: Box) -> list[Leaf]:
    return [leaf for child in table.children if isinstance(child, Box) and child.tag == "caption" for leaf in leaves(child)]


def grid(table: Box) -> tuple[list[list[list[Leaf] | None]], bool]:
    """The table's cells laid on a grid, a spanned place holding None; and whether its first
    row is a header row (all ``<th>``). Bounded by `MAX_TABLE_ROWS` and `MAX_TABLE_COLUMNS`,
    spans included. A cell shows only the text the body kept (else it stays empty), so a
    table misread as data never shows what the story pass dropped."""
    rows = _rows(table)[:MAX_TABLE_ROWS]
    out: list[list[list[Leaf] | None]] = []
    spanned: dict[tuple[int, int], bool] = {}
    for r, row in enumerate(rows):
        line: list[list[Leaf] | None] = []
        column = 0
        for cell in _cells(row):
            while spanned.pop((r, column), False):
                line.append(None)
                column += 1
            if column >= MAX_TABLE_COLUMNS:
                break
            line.append([leaf for leaf in leaves(cell) if leaf.shown])
            colspan = min(cell.colspan, MAX_TABLE_COLUMNS - column)
            line.extend([None] * (colspan - 1))
            for down in range(1, min(cell.rowspan, len(rows) - r)):
                for across in range(colspan):
                    spanned[(r + down, column + across)] = True
            column += colspan
        while spanned.pop((r, column), False) and column < MAX_TABLE_COLUMNS:
            line.append(None)
            column += 1
        out.append(line)
    width = max((len(line) for line in out), default=0)
    for line in out:
        line.extend([None] * (width - len(line)))
    header = bool(rows) and all(cell.tag == "th" for cell in _cells(rows[0]))
    return out, header


def collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", text)


def runs(leaf: Leaf) -> list[tuple[str, str | None, Mark | None]]:
    """A leaf's text in runs of one link target and one mark, with its whitespace collapsed
    as `content._clean` collapses it (runs keep the spaces between them, not at the ends)."""
    if leaf.runs is None:
        leaf.runs = _runs(leaf)
    return leaf.runs


def _runs(leaf: Leaf) -> list[tuple[str, str | None, Mark | None]]:
    if leaf.inlines is None:
        return [(leaf.text, None, None)]  # plain text: one run, the leaf's cleaned text
    pieces: list[tuple[list[str], str | None, Mark | None]] = []
    links = leaf.links
    for text, raw_href, mark in leaf.inlines:
        href = None if raw_href is None else links.url(raw_href)
        if pieces and pieces[-1][1] == href and pieces[-1][2] == mark:
            pieces[-1][0].append(text)
        elif text:
            pieces.append(([text], href, mark))
    if len(pieces) == 1:
        # One run (most paragraphs: no link, no mark) is the leaf's text, already cleaned.
        return [(leaf.text, pieces[0][1], pieces[0][2])]
    merged = [(collapse("".join(texts)), href, mark) for texts, href, mark in pieces]
    out: list[tuple[str, str | None, Mark | None]] = []
    ends_with_space = True  # the leaf's leading space goes
    for text, href, mark in merged:
        if ends_with_space:
            text = text.lstrip(" ")
        if text:
            out.append((text, href, mark))
            ends_with_space = text.endswith(" ")
    if out:
        text, href, mark = out[-1]
        out[-1] = (text.rstrip(" "), href, mark)
    return [run for run in out if run[0]]
