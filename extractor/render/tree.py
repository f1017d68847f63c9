"""The story's blocks walked with their structure: one tree that every rendering reads.

When a rendering is asked for, this walk stands in for `content._blocks` (`StoryWalk`): it
gives the story pass the same blocks (the same elements start and end a block, the same text
is joined and cleaned, the same link text counted), so the story is walked once, and each
leaf's text is one paragraph the body could hold. The body then decides which leaves are shown: it is a subsequence of the leaves' texts (the story
heuristics drop link lists, repeats, lead lines and calls to action), matched in order. So
`text` stays today's ``body`` and a rendering never shows a paragraph the body dropped, while
the heuristics can change without the renderers knowing them.
"""

from __future__ import annotations

import re
from typing import Final, Iterator, Union

from selectolax.lexbor import LexborNode

from ..article import StoryImage
from ..content import _BLOCK_TAGS, _INVISIBLE, _TABLE_TAGS, Block, _clean, _permalink
from .prepare import PLACEHOLDER_PREFIX, Mark, Prepared
from .urls import link_url

#: Deepest nesting of blocks kept as structure; deeper blocks read as part of the block at this
#: depth (renderers recurse, and a hostile page nests a thousand lists).
MAX_NESTING: Final = 60


#: A run of a leaf's text: its link's ``href`` as the page wrote it (resolved only when a
#: rendering shows the leaf: most links of a story's elements are in the lists it drops), and
#: how the page marks it.
Inline = tuple[str, "str | None", "Mark | None"]


class Links:
    """The page's links resolved against its base, each distinct ``href`` once."""

    __slots__ = ("base", "resolved")

    def __init__(self, base: str | None) -> None:
        self.base = base
        self.resolved: dict[str, str | None] = {}

    def url(self, href: str | None) -> str | None:
        if href is None:
            return None
        if href not in self.resolved:
            self.resolved[href] = link_url(href, self.base)
        return self.resolved[href]


class Leaf:
    """One text block, as `content._blocks` makes it. ``inlines`` is None for plain text (no
    link, no mark: most paragraphs), whose one run is ``text`` itself."""

    __slots__ = ("text", "raw", "inlines", "links", "shown", "runs")

    def __init__(self, text: str, raw: str, inlines: list[Inline] | None, links: Links) -> None:
        self.text = text
        self.raw = raw
        self.inlines = inlines
        self.links = links
        self.shown = False
        #: The inlines as `layout.runs` joins them, once the first rendering asked.
        self.runs: list[tuple[str, str | None, Mark | None]] | None = None


class Picture:
    """A picture of the story, by its number in `Prepared.images`; shown with the leaf whose
    text it stood in (``owner``), or on its own."""

    __slots__ = ("index", "owner")

    def __init__(self, index: int, owner: Leaf | None) -> None:
        self.index = index
        self.owner = owner


Child = Union[Leaf, Picture, "Box"]


class Box:
    """A block element and what it holds, in page order."""

    __slots__ = ("tag", "children", "colspan", "rowspan", "start", "live", "holds_text", "shown", "data_table")

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.children: list[Child] = []
        #: Read from the page only for the elements that have them (cells, ordered lists).
        self.colspan = self.rowspan = self.start = 1
        self.live = False
        #: Whether it holds text, shown or not, at any depth (see `_mark_live`).
        self.holds_text = False
        #: The children a rendering shows (shown leaves, live boxes, pictures of shown text).
        self.shown: list[Child] = []
        #: Whether a table holds data (`layout.is_data_table`), once a rendering asked.
        self.data_table: bool | None = None


def _box(tag: str, node: LexborNode) -> Box:
    box = Box(tag)
    if tag in ("td", "th", "ol"):
        attrs = node.attributes
        box.colspan = _count(attrs.get("colspan"))
        box.rowspan = _count(attrs.get("rowspan"))
        box.start = _count(attrs.get("start"))
    return box


def _count(value: str | None) -> int:
    text = (value or "").strip()
    return int(text) if text.isdigit() and 0 < len(text) < 7 else 1


#: The story's pictures by placeholder number (None: not one of the story's own).
Images = dict[int, StoryImage | None]
_ENTER, _LEAVE, _ENTER_LINK = 0, 1, 2
_EMPTY_BLOCKS: Final = frozenset({"br", "hr"})


class StoryWalk:
    """The story's walk, done once for the body and the renderings both: `find_story` calls it
    (as its ``walk``) on each story element in turn for the element's text blocks, and it
    keeps the structure it met on the way (see `_walk`)."""

    __slots__ = ("prepared", "links", "roots", "found", "boxes")

    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        #: Links are resolved only when a rendering shows them, once the page's base is known.
        self.links = Links(None)
        self.roots: list[Box] = []
        self.found: list[Leaf] = []
        self.boxes: list[Box] = []

    def __call__(self, node: LexborNode, tables: bool) -> list[Block]:
        root, found, boxes, blocks = _walk(node, self.prepared, self.links, tables)
        self.roots.append(root)
        self.found.extend(found)
        self.boxes.extend(boxes)
        return blocks

    def tree(self, body: str, base: str | None) -> list[Box]:
        """The blocks walked, with the leaves ``body`` keeps shown (none when it is empty)."""
        if not body:
            return []
        self.links.base = base
        _show(self.found, body)
        _mark_live(self.boxes)
        return self.roots


def _walk(node: LexborNode, prepared: Prepared, links: Links, tables: bool) -> tuple[Box, list[Leaf], list[Box], list[Block]]:
    """The tree under ``node``, its leaves in page order, its boxes parents first, and the
    text blocks `content._blocks` would make of it (the same text, tag and link characters).

    One read of ``tag`` per node tells text, comments and elements apart (each property read
    of a node costs a call into the parser); a block's marks are looked up once, when its
    children are pushed, not once per text node."""
    root = _box(node.tag or "div", node)
    open_boxes = [root]
    # The tags of the open blocks, past `MAX_NESTING` too: a block's tag is its innermost one's.
    open_tags = [root.tag]
    boxes = [root]
    found: list[Leaf] = []
    blocks: list[Block] = []
    parts: list[str] = []
    # The runs of the block's text so far, kept only once one is linked or marked (a plain
    # block's one run is its text); ``plain_from`` is where its text nodes start in ``parts``.
    inlines: list[Inline] = []
    rich = False
    plain_from = 0
    pending: list[Picture] = []
    has_text = False
    link_chars = 0
    marks_of = prepared.marks

    def flush() -> None:
        nonlocal has_text, link_chars, rich, plain_from
        has_text = False
        box = open_boxes[-1]
        if parts:
            raw = "".join(parts)
            parts.clear()
            text = _clean(raw)
            if text:
                leaf = Leaf(text, raw, inlines.copy() if rich else None, links)
                box.children.append(leaf)
                found.append(leaf)
                for picture in pending:
                    picture.owner = leaf
                if text.strip(_INVISIBLE):
                    blocks.append(Block(text, open_tags[-1], link_chars))
            inlines.clear()
            rich = False
            plain_from = 0
        link_chars = 0
        if pending:
            box.children.extend(pending)
            pending.clear()

    stack: list[tuple[LexborNode, int, str | None, list[tuple[Mark, str]] | None]] = []
    _push_children(stack, node, _ENTER, None, marks_of.get(node) if marks_of else None)
    while stack:
        current, state, href, marks = stack.pop()
        if state == _LEAVE:
            if parts or pending:  # else there is nothing to end (no text: ``has_text`` is False)
                flush()
            open_boxes.pop()
            open_tags.pop()
            continue
        tag = current.tag or ""
        if tag == "-text":
            text = current.text_content or ""
            parts.append(text)
            has_text = has_text or not text.isspace()
            if state == _ENTER_LINK:
                link_chars += len(text.strip())
            if href is not None or marks:
                if not rich:
                    rich = True
                    inlines.extend([(plain, None, None) for plain in parts[plain_from:-1]])
                if marks:
                    inlines.extend(_marked(text, href, marks))
                else:
                    inlines.append((text, href, None))
            elif rich:
                inlines.append((text, None, None))
        elif tag == "-comment":
            content = current.comment_content or ""
            if content.startswith(PLACEHOLDER_PREFIX):
                picture = Picture(int(content[len(PLACEHOLDER_PREFIX) :]), None)
                # A picture amid a paragraph goes with it (after it); else it stands alone.
                (pending if has_text else open_boxes[-1].children).append(picture)
        elif current.is_element_node:
            inner = state
            if tag == "a":
                href = current.attributes.get("href")
                # A heading's permalink is no link text to the body (`content._permalink`).
                if state != _ENTER_LINK and not _permalink(current, open_tags[-1]):
                    inner = _ENTER_LINK
            if tag in _BLOCK_TAGS:
                if tag in _TABLE_TAGS and not tables:
                    continue
                if parts or pending:
                    flush()
                has_text = False
                if tag in _EMPTY_BLOCKS:
                    continue  # a line break or rule ends a block and holds nothing
                if tag in ("td", "th"):
                    parts.append(" ")
                    plain_from = 1  # the cell's space is the block's, not a run of text
                box = open_boxes[-1]
                if len(open_boxes) < MAX_NESTING:
                    box = _box(tag, current)
                    open_boxes[-1].children.append(box)
                    boxes.append(box)
                open_boxes.append(box)
                open_tags.append(tag)
                stack.append((current, _LEAVE, href, None))
            # The children, the first popped first (written out here: a call per element costs).
            marks = marks_of.get(current) if marks_of else None
            child = current.last_child
            while child is not None:
                stack.append((child, inner, href, marks))
                child = child.prev
    flush()
    return root, found, boxes, blocks


def _push_children(
    stack: list[tuple[LexborNode, int, str | None, list[tuple[Mark, str]] | None]],
    node: LexborNode, state: int, href: str | None, marks: list[tuple[Mark, str]] | None,
) -> None:
    """Push ``node``'s children so that the first is popped first."""
    child = node.last_child
    while child is not None:
        stack.append((child, state, href, marks))
        child = child.prev


def _marked(text: str, href: str | None, marks: list[tuple[Mark, str]] | None) -> Iterator[Inline]:
    """``text`` cut into runs at the marked texts its block holds, consumed in page order."""
    while marks:
        mark, marked = marks[0]
        start, end = _find(marked, text)
        if start < 0:
            break
        marks.pop(0)
        if start:
            yield (text[:start], href, None)
        yield (text[start:end], href, mark)
        text = text[end:]
    if text:
        yield (text, href, None)


def _find(marked: str, text: str) -> tuple[int, int]:
    """Where ``marked`` (its whitespace collapsed) is in ``text``: (-1, -1) when it is not."""
    start = text.find(marked)
    if start >= 0:
        return start, start + len(marked)
    # The marked text was read with its whitespace collapsed: only a run of text that reads
    # the same once collapsed can hold it (most that fail hold no part of it at all).
    if " " not in marked or marked not in " ".join(text.split()):
        return -1, -1
    found = re.search(r"\s+".join(map(re.escape, marked.split(" "))), text)
    return (found.start(), found.end()) if found is not None else (-1, -1)


def leaves(box: Box) -> Iterator[Leaf]:
    """Every leaf under ``box``, in page order."""
    stack: list[Child] = list(reversed(box.children))
    while stack:
        child = stack.pop()
        if isinstance(child, Leaf):
            yield child
        elif isinstance(child, Box):
            stack.extend(reversed(child.children))


def _show(found: list[Leaf], body: str) -> None:
    paragraphs = body.split("\n\n") if body else []
    index = 0
    for leaf in found:
        if index < len(paragraphs) and leaf.text == paragraphs[index]:
            leaf.shown = True
            index += 1


def _mark_live(boxes: list[Box]) -> None:
    """A box is rendered when it holds a shown leaf, or pictures and no text at all.
    ``boxes`` lists parents before their children: read backwards, each box's children are
    decided before it."""
    for box in reversed(boxes):
        pictures = shows_text = holds_text = False
        shown = box.shown
        for child in box.children:
            if isinstance(child, Leaf):
                holds_text = True
                if child.shown:
                    shown.append(child)
                    shows_text = True
            elif isinstance(child, Box):
                holds_text = holds_text or child.holds_text
                if child.live:
                    shown.append(child)
                    shows_text = True
            else:
                pictures = True
                if child.owner is None or child.owner.shown:
                    shown.append(child)
        box.holds_text = holds_text
        box.live = shows_text or (pictures and not holds_text)
