"""The story as a small, safe HTML fragment.

Only these elements are written: ``h2``-``h4``, ``p``, ``ul``/``ol``/``li``, ``blockquote``,
``table``/``tr``/``th``/``td``, ``a href``, ``em``, ``strong``, ``code``, ``pre``, ``figure``,
``img`` and ``figcaption``, with no attribute but ``href``, ``src``, ``alt``, ``width``,
``height`` and ``start``. Every text and attribute value is escaped, and every URL was checked
when it was read (`urls`): nothing the page's markup held can reach the output as markup.
"""

from __future__ import annotations

from html import escape
from typing import Final

from ..article import StoryImage
from . import layout
from .tree import Box, Child, Images, Leaf, Picture, leaves

_TAGS: Final = {"em": "em", "strong": "strong", "code": "code"}


def inline(leaf: Leaf) -> str:
    if leaf.inlines is None:
        return escape(leaf.text, quote=False)  # plain text (`tree.Leaf`): no link, no mark
    out: list[str] = []
    for text, href, mark in layout.runs(leaf):
        core = escape(text, quote=False)
        if mark is not None:
            core = f"<{_TAGS[mark]}>{core}</{_TAGS[mark]}>"
        if href is not None:
            core = f'<a href="{escape(href)}">{core}</a>'
        out.append(core)
    return "".join(out)


def picture(image: StoryImage) -> str:
    size = "".join(
        f' {name}="{value}"' for name, value in (("width", image.width), ("height", image.height)) if value
    )
    img = f'<img src="{escape(image.url)}" alt="{escape(image.alt)}"{size}>'
    words = " — ".join(part for part in (image.caption, image.credit) if part)
    caption = f"<figcaption>{escape(words, quote=False)}</figcaption>" if words else ""
    return f"<figure>{img}{caption}</figure>"


def render(roots: list[Box], images: Images) -> str:
    return "\n".join(block for root in roots if root.live for block in _blocks(root, images))


def _heading_tag(tag: str) -> str:
    return f"h{min(max(layout.heading_level(tag), 2), 4)}"


def _blocks(box: Box, images: Images) -> list[str]:
    kind = layout.kind(box)
    if kind == "heading":
        text = " ".join(inline(leaf) for leaf in box.shown if isinstance(leaf, Leaf))
        tag = _heading_tag(box.tag)
        rest = [block for child in box.shown if not isinstance(child, Leaf) for block in _child(child, images)]
        return ([f"<{tag}>{text}</{tag}>"] if text else []) + rest
    if kind == "list":
        return [_list(box, images)]
    if kind == "quote":
        return ["<blockquote>" + "".join(_children(box.shown, images)) + "</blockquote>"]
    if kind == "code":
        code = "\n".join(leaf.raw.strip("\n") for leaf in leaves(box) if leaf.shown)
        return [f"<pre><code>{escape(code, quote=False)}</code></pre>"]
    if kind == "table":
        return [_table(box)]
    if kind == "none":
        return []
    return _children(box.shown, images)


def _child(child: Child, images: Images) -> list[str]:
    if isinstance(child, Leaf):
        return [f"<p>{inline(child)}</p>"]
    if isinstance(child, Picture):
        image = images.get(child.index)
        return [picture(image)] if image is not None else []
    return _blocks(child, images)


def _children(children: list[Child], images: Images) -> list[str]:
    """The blocks of ``children``; a leaf (most children) is its paragraph, with no call."""
    out: list[str] = []
    for child in children:
        if isinstance(child, Leaf):
            out.append(f"<p>{inline(child)}</p>")
        else:
            out.extend(_child(child, images))
    return out


def _list(box: Box, images: Images) -> str:
    items = []
    for content in layout.list_items(box):
        if len(content) == 1 and isinstance(content[0], Leaf):
            items.append(f"<li>{inline(content[0])}</li>")
        else:
            items.append("<li>" + "".join(_children(content, images)) + "</li>")
    start = f' start="{box.start}"' if box.tag == "ol" and box.start != 1 else ""
    return f"<{box.tag}{start}>" + "".join(items) + f"</{box.tag}>"


def _cell(content: list[Leaf] | None, tag: str) -> str:
    if not content:
        return f"<{tag}></{tag}>"
    if len(content) == 1:
        return f"<{tag}>{inline(content[0])}</{tag}>"
    return f"<{tag}>" + "".join(f"<p>{inline(leaf)}</p>" for leaf in content) + f"</{tag}>"


def _table(box: Box) -> str:
    rows, header = layout.grid(box)
    lines = []
    for index, row in enumerate(rows):
        tag = "th" if header and index == 0 else "td"
        lines.append("<tr>" + "".join(_cell(cell, tag) for cell in row) + "</tr>")
    title = " ".join(inline(leaf) for leaf in layout.caption(box))
    return (f"<p>{title}</p>" if title else "") + "<table>" + "".join(lines) + "</table>"
