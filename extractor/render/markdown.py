"""The story as Markdown (CommonMark, with GitHub's pipe tables).

Text is escaped so that the Markdown renders what the page shows: ``*``, ``_``, backticks,
brackets and angle brackets everywhere, ``#``, ``>``, ``-``, ``+``, ``=`` and "1." at a line's
start, ``|`` in table cells. `plain_text` undoes the syntax again (the accuracy bench scores it
against the body).
"""

from __future__ import annotations

import re
from typing import Final

from ..article import StoryImage
from . import layout
from .tree import Box, Child, Images, Leaf, Picture, leaves

_ESCAPED: Final = str.maketrans({char: "\\" + char for char in "\\`*_[]<>~"})
_SPECIAL: Final = re.compile(r"[\\`*_\[\]<>~&]")
_ENTITY: Final = re.compile(r"&(?=#?\w+;)")
#: What opens a block at a line's start: a heading, a quote, a list item, a rule (a line of
#: dashes or of equals signs turns the line above into a heading).
_LINE_START: Final = re.compile(r"(?:#{1,6}|[-+]|\d{1,9}[.)])(?=\s|\Z)|>|[-=](?=[-=\s]*\Z)")
_LINE_OPENERS: Final = "#-+>="
_LIST_ITEM: Final = re.compile(r"(?:[-*+]|\d{1,9}[.)]) ")
_BACKTICKS: Final = re.compile(r"`+")


def escape(text: str) -> str:
    # Most text holds none of the characters: a scan in C finds that faster than translate,
    # which looks each character up in a table.
    if _SPECIAL.search(text) is None:
        return text
    text = text.translate(_ESCAPED)
    return _ENTITY.sub("&amp;", text) if "&" in text else text


def _line_start(text: str) -> str:
    """``text`` with a backslash before a mark that would open a heading, quote or list."""
    if not text or not (text[0] in _LINE_OPENERS or text[0].isdigit()):
        return text  # most lines: no mark can open them (a digit's test is wider than ``\d``)
    found = _LINE_START.match(text)
    if found is None:
        return text
    end = found.end()
    return text[: end - 1] + "\\" + text[end - 1 :]


def _url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def _code(text: str) -> str:
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def inline(leaf: Leaf) -> str:
    if leaf.inlines is None:
        return escape(leaf.text)  # plain text (`tree.Leaf`): its one run, no link and no mark
    out: list[str] = []
    for text, href, mark in layout.runs(leaf):
        if href is None and mark is None:
            out.append(escape(text))  # spaces need no escaping: plain text is escaped whole
            continue
        core = text.strip(" ")
        lead, trail = text[: len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")) :]
        if mark == "code":
            core = _code(core)
        else:
            core = escape(core)
            if mark == "em":
                core = f"*{core}*"
            elif mark == "strong":
                core = f"**{core}**"
        if href is not None:
            core = f"[{core}]({_url(href)})"
        out.append(f"{lead}{core}{trail}")
    return "".join(out)


def picture(image: StoryImage) -> str:
    line = f"![{escape(image.alt)}]({_url(image.url)})"
    words = " — ".join(part for part in (image.caption, image.credit) if part)
    return f"{line}\n{_line_start(escape(words))}" if words else line


def render(roots: list[Box], images: Images) -> str:
    return "\n\n".join(block for root in roots if root.live for block in _blocks(root, images))


def _blocks(box: Box, images: Images) -> list[str]:
    kind = layout.kind(box)
    if kind == "heading":
        text = " ".join(inline(leaf) for leaf in box.shown if isinstance(leaf, Leaf))
        level = "#" * layout.heading_level(box.tag)
        rest = [block for child in box.shown if not isinstance(child, Leaf) for block in _child(child, images)]
        return ([f"{level} {text}"] if text else []) + rest
    if kind == "list":
        return [_list(box, images)]
    if kind == "quote":
        inner = "\n\n".join(_children(box.shown, images))
        return ["\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))] if inner else []
    if kind == "code":
        code = "\n".join(leaf.raw.strip("\n") for leaf in leaves(box) if leaf.shown)
        fence = "`" * max(3, max((len(run) for run in _BACKTICKS.findall(code)), default=0) + 1)
        return [f"{fence}\n{code}\n{fence}"]
    if kind == "table":
        return _table(box)
    if kind == "none":
        return []
    return _children(box.shown, images)


def _child(child: Child, images: Images) -> list[str]:
    if isinstance(child, Leaf):
        return [_line_start(inline(child))]
    if isinstance(child, Picture):
        image = images.get(child.index)
        return [picture(image)] if image is not None else []
    return _blocks(child, images)


def _children(children: list[Child], images: Images) -> list[str]:
    """The blocks of ``children``; a leaf (most children) is its paragraph, with no call."""
    out: list[str] = []
    for child in children:
        if isinstance(child, Leaf):
            out.append(_line_start(inline(child)))
        else:
            out.extend(_child(child, images))
    return out


def _list(box: Box, images: Images) -> str:
    number = box.start
    items = []
    for content in layout.list_items(box):
        blocks = _children(content, images)
        if not blocks:
            continue
        marker = f"{number}. " if box.tag == "ol" else "- "
        number += 1
        text = blocks[0]
        for block in blocks[1:]:
            # A nested list follows its item's text tightly; a paragraph after it is a new one.
            text += ("\n" if _LIST_ITEM.match(block) else "\n\n") + block
        pad = " " * len(marker)
        items.append(marker + "\n".join(pad + line if line and i else line for i, line in enumerate(text.split("\n"))))
    return "\n".join(items)


def _cell(content: list[Leaf] | None) -> str:
    if not content:
        return ""
    return "<br>".join(inline(leaf) for leaf in content).replace("|", "\\|")


def _table(box: Box) -> list[str]:
    rows, _ = layout.grid(box)
    if not rows or not rows[0]:
        return []
    lines = ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    lines.insert(1, "|" + " --- |" * len(rows[0]))
    title = " ".join(inline(leaf) for leaf in layout.caption(box))
    return ([_line_start(title)] if title else []) + ["\n".join(lines)]


_IMAGE: Final = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\([^)]*\)\n?")
_LINK: Final = re.compile(r"\[((?:[^\]\\]|\\.)*)\]\([^)]*\)")
_BLOCK_MARKS: Final = re.compile(r"^(?:>\s?)*(?:#{1,6} |\s*(?:[-*+]|\d{1,9}[.)]) )?", re.M)
_TABLE_RULE: Final = re.compile(r"^\|(?: --- \|)+$", re.M)
_FENCE: Final = re.compile(r"^`{3,}$", re.M)
_EMPHASIS: Final = re.compile(r"(?<!\\)(?:\*\*|\*|`+)")
_UNESCAPE: Final = re.compile(r"\\([\\`*_\[\]<>~|#>+=.)-])")


def plain_text(markdown: str) -> str:
    """The words of ``markdown`` without its syntax (pictures dropped, links kept as their
    text, cells split at their pipes): what a reader of the rendered page reads."""
    text = _IMAGE.sub("", markdown)
    text = _LINK.sub(r"\1", text)
    text = _TABLE_RULE.sub("", text)
    text = _FENCE.sub("", text)
    text = _BLOCK_MARKS.sub("", text)
    text = re.sub(r"(?<!\\)\|", " ", text).replace("<br>", " ")
    text = _EMPHASIS.sub("", text)
    return _UNESCAPE.sub(r"\1", text).replace("&amp;", "&")
