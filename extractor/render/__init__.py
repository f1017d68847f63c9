"""Structured renderings of the story: Markdown, safe HTML, its pictures and its links.

`prepare` runs before the story is found (it must see the pictures and inline marks that
finding the story removes); a `StoryWalk` is the walk that finding the story makes of its
elements, keeping their structure on the way into one tree (`tree`) that `render` hands to
the Markdown and HTML writers both. Nothing here runs unless
``ExtractOptions.formats`` asks for it. See docs/formats.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from ..article import StoryImage, StoryLink
from ..options import BodyFormat
from . import html, markdown
from .layout import collapse, kind, runs, table_leaves
from .prepare import prepare, story_image
from .tree import Box, Leaf, Picture, StoryWalk
from .urls import page_base

__all__ = ["NOT_RENDERED", "Rendered", "StoryWalk", "page_base", "prepare", "render"]

#: Share buttons are links in the page's text on some sites; they never belong to the story.
_SHARE_TARGETS = ("/sharer", "/share?", "/share/", "/intent/", "/sharearticle", "mailto:?")


@dataclass(frozen=True)
class Rendered:
    """The renderings asked for (None: not asked), and the story's pictures and links."""

    markdown: str | None
    html: str | None
    images: tuple[StoryImage, ...] | None
    links: tuple[StoryLink, ...] | None


NOT_RENDERED = Rendered(None, None, None, None)


def render(walked: StoryWalk, body: str, base: str | None, formats: tuple[BodyFormat, ...]) -> Rendered:
    """The story ``walked`` (whose text is ``body``) in each of ``formats``."""
    roots = walked.tree(body, base)
    prepared = walked.prepared
    content = list(_shown_content(roots))
    # The shown pictures by number, in page order; None for one that is not the story's.
    images = {
        picture.index: story_image(prepared.pictures[picture.index], base)
        for picture in content
        if isinstance(picture, Picture)
    }
    return Rendered(
        markdown.render(roots, images) if "markdown" in formats else None,
        html.render(roots, images) if "html" in formats else None,
        tuple(dict.fromkeys(image for image in images.values() if image is not None)),
        tuple(dict.fromkeys(_links(leaf for leaf in content if isinstance(leaf, Leaf)))),
    )


def _shown_content(roots: list[Box]) -> Iterator[Leaf | Picture]:
    """The leaves and pictures the renderings show, in page order (a table's every cell)."""
    stack: list[Leaf | Picture | Box] = [root for root in reversed(roots) if root.live]
    while stack:
        child = stack.pop()
        if isinstance(child, Box):
            if kind(child) == "table":
                yield from table_leaves(child)
            else:
                stack.extend(reversed(child.shown))
        else:
            yield child


def _links(shown: Iterable[Leaf]) -> Iterator[StoryLink]:
    for leaf in shown:
        if leaf.inlines is None:
            continue  # plain text holds no link
        current: str | None = None
        words: list[str] = []
        for text, href, _ in [*runs(leaf), ("", None, None)]:
            if href != current:
                link_text = collapse("".join(words)).strip()
                if current is not None and link_text and not _share(current):
                    yield StoryLink(link_text, current)
                words = []
            current = href
            words.append(text)


def _share(url: str) -> bool:
    lowered = url.lower()
    return any(target in lowered for target in _SHARE_TARGETS)
