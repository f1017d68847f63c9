"""The story's blocks walked again with their structure: one tree that every rendering reads.

The walk mirrors `content._blocks` exactly (the same elements start and end a block, the same
text is joined and cleaned), so each leaf's text is one paragraph the body could hold. The body
then decides which leaves are shown: it is a subsequence of the leaves' texts (the story
heuristics drop link lists, repeats, lead lines and calls to action), matched in order. So
`text` stays today's ``body`` and a rendering never shows a paragraph the body dropped, while
the heuristics can change without the renderers knowing them.
"""

from __future__ import annotations

import re
from typing import Final, Iterator, Union

from selectolax.lexbor import LexborNode

from ..article import StoryImage
from ..content import _BLOCK_TAGS, _TABLE_TAGS, _clean
from .prepare import PLACEHOLDER_PREFIX, Mark, Prepared
from .urls import link_url

#: Deepest nesting of blocks kept as structure; deeper blocks read as part of the block at this
#: depth (renderers recurse, and a hostile page nests a thousand lists).
MAX_NESTING: Final = 60


class Inline:
    """A run of a leaf's text: where it links to, and how the page marks it."""

    __slots__ = ("text", "href", "mark")

    def __init__(self, text: str, href: str | None, mark: Mark | None) -> None:
        self.text = text
        self.href = href
        self.mark = mark


class Leaf:
    """One text block, as `content._blocks` makes it."""

    __slots__ = ("text", "raw", "inlines", "shown", "runs")

    def __init__(self, text: str, raw: str, inlines: list[Inline]) -> None:
        self.text = text
        self.raw = raw
        self.inlines = inlines
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

    __slots__ = ("tag", "children", "colspan", "rowspan", "start", "live", "shown")

    def __init__(self, tag: str, node: LexborNode | None = None) -> None:
        self.tag = tag
        self.children: list[Child] = []
        attrs = node.attributes if node is not None and tag in ("td", "th", "ol") else {}
        self.colspan = _count(attrs.get("colspan"))
        self.rowspan = _count(attrs.get("rowspan"))
        self.start = _count(attrs.get("start"))
        self.live = False
        #: The children a rendering shows (shown leaves, live boxes, pictures of shown text).
        self.shown: list[Child] = []


def _count(value: str | None) -> int:
    text = (value or "").strip()
    return int(text) if text.isdigit() and 0 < len(text) < 7 else 1


#: The story's pictures by placeholder number (None: not one of the story's own).
Images = dict[int, StoryImage | None]
_ENTER, _LEAVE = 0, 1


def story_tree(nodes: tuple[LexborNode, ...], body: str, prepared: Prepared, base: str | None, tables: bool) -> list[Box]:
    """The story's blocks under each of ``nodes``, with the leaves ``body`` keeps shown."""
    roots = [_walk(node, prepared, base, tables) for node in nodes]
    _show(roots, body)
    for root in roots:
        _mark_live(root)
    return roots


def _walk(node: LexborNode, prepared: Prepared, base: str | None, tables: bool) -> Box:
    root = Box(node.tag or "div", node)
    open_boxes = [root]
    parts: list[str] = []
    inlines: list[Inline] = []
    pending: list[Picture] = []
    has_text = False

    def flush() -> None:
        nonlocal has_text
        has_text = False
        if parts:
            raw = "".join(parts)
            parts.clear()
            text = _clean(raw)
            if text:
                leaf = Leaf(text, raw, inlines.copy())
                open_boxes[-1].children.append(leaf)
                for picture in pending:
                    picture.owner = leaf
        open_boxes[-1].children.extend(pending)
        pending.clear()
        inlines.clear()

    stack: list[tuple[LexborNode, int, str | None]] = []
    _push_children(stack, node, None)
    while stack:
        current, state, href = stack.pop()
        if state == _LEAVE:
            flush()
            open_boxes.pop()
        elif current.is_text_node:
            text = current.text_content or ""
            parts.append(text)
            has_text = has_text or not text.isspace()
            marks = prepared.marks.get(current.parent) if prepared.marks and current.parent is not None else None
            if marks:
                inlines.extend(_marked(text, href, marks))
            else:
                inlines.append(Inline(text, href, None))
        elif current.is_element_node:
            tag = current.tag or ""
            if tag in _BLOCK_TAGS:
                if tag in _TABLE_TAGS and not tables:
                    continue
                flush()
                if tag in ("td", "th"):
                    parts.append(" ")
                box = open_boxes[-1]
                if len(open_boxes) < MAX_NESTING:
                    box = Box(tag, current)
                    open_boxes[-1].children.append(box)
                open_boxes.append(box)
                stack.append((current, _LEAVE, href))
            elif tag == "a":
                href = link_url(current.attributes.get("href"), base)
            _push_children(stack, current, href)
        elif current.is_comment_node:
            content = current.comment_content or ""
            if content.startswith(PLACEHOLDER_PREFIX):
                picture = Picture(int(content[len(PLACEHOLDER_PREFIX) :]), None)
                # A picture amid a paragraph goes with it (after it); else it stands alone.
                (pending if has_text else open_boxes[-1].children).append(picture)
    flush()
    return root


def _push_children(stack: list[tuple[LexborNode, int, str | None]], node: LexborNode, href: str | None) -> None:
    """Push ``node``'s children so that the first is popped first."""
    child = node.last_child
    while child is not None:
        stack.append((child, _ENTER, href))
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
            yield Inline(text[:start], href, None)
        yield Inline(text[start:end], href, mark)
        text = text[end:]
    if text:
        yield Inline(text, href, None)


def _find(marked: str, text: str) -> tuple[int, int]:
    """Where ``marked`` (its whitespace collapsed) is in ``text``: (-1, -1) when it is not."""
    start = text.find(marked)
    if start >= 0:
        return start, start + len(marked)
    if " " not in marked:
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


def _show(roots: list[Box], body: str) -> None:
    paragraphs = body.split("\n\n") if body else []
    index = 0
    for root in roots:
        for leaf in leaves(root):
            if index < len(paragraphs) and leaf.text == paragraphs[index]:
                leaf.shown = True
                index += 1


def _mark_live(root: Box) -> None:
    """A box is rendered when it holds a shown leaf, or pictures and no text at all."""
    order: list[Box] = []
    stack = [root]
    while stack:
        box = stack.pop()
        order.append(box)
        stack.extend(child for child in box.children if isinstance(child, Box))
    has_text: set[int] = set()
    for box in reversed(order):  # children before parents
        pictures = False
        for child in box.children:
            if isinstance(child, Leaf):
                has_text.add(id(box))
                if child.shown:
                    box.shown.append(child)
            elif isinstance(child, Picture):
                pictures = True
                if child.owner is None or child.owner.shown:
                    box.shown.append(child)
            else:
                if id(child) in has_text:
                    has_text.add(id(box))
                if child.live:
                    box.shown.append(child)
        box.live = any(not isinstance(child, Picture) for child in box.shown) or (
            pictures and id(box) not in has_text
        )
