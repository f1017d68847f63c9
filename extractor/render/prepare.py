"""What the story's renderings need from the page before boilerplate removal destroys it.

Finding the story removes every ``<img>``, ``<picture>`` and ``<figure>`` (they hold no story
text) and unwraps inline formatting (``<em>``, ``<strong>``, ``<code>``). When a structured
format is asked for, this pass runs first:

- each picture is read (URL, alt, caption, credit, size) and left in the tree as an HTML
  comment naming it, which the story's walk finds in place. A comment holds no text and is no
  element, so none of the story heuristics sees it; it goes where the picture was only when
  that splits no run of text (text nodes either side of it would no longer merge, and voting
  strips each text node), else at the end of the block holding the picture;
- each run of emphasis or code is noted with its text under the block it will be unwrapped
  into, to be found again in that block's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final, Iterator, Literal
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..article import StoryImage
from ..boilerplate import NON_CONTENT_TAGS
from ..content import INLINE_TAGS
from .urls import image_url, largest_in_srcset

#: The comment that stands for picture number N: ``<!--extractor-image N-->``.
PLACEHOLDER_PREFIX: Final = "extractor-image "
Mark = Literal["em", "strong", "code"]
_MARKS: Final[dict[str, Mark]] = {"em": "em", "i": "em", "strong": "strong", "b": "strong", "code": "code"}
#: Attributes that lazy-loading scripts read the real picture from, best first; ``src`` then
#: often holds a placeholder.
_LAZY_SOURCES: Final = ("data-src", "data-lazy-src", "data-original", "data-url", "data-full-src")
_LAZY_SETS: Final = ("data-srcset", "data-lazy-srcset", "srcset")
#: Words (in class, id, alt or file name) of pictures that are not the story's.
_NOT_STORY_WORDS: Final = frozenset({
    "logo", "logos", "avatar", "avatars", "gravatar", "icon", "icons", "favicon", "sprite",
    "emoji", "badge", "pixel", "tracking", "tracker", "beacon", "spacer", "blank", "ad", "ads",
    "advert", "advertisement", "banner", "sponsor", "sponsored", "doubleclick", "profile",
    "author", "headshot", "mugshot",
})  # fmt: skip
_WORDS: Final = re.compile(r"[a-z]+")
#: A picture this small (both sides, in pixels) is an icon; one of 3 pixels or less a tracker.
MAX_ICON_PIXELS: Final = 64
MAX_TRACKER_PIXELS: Final = 3
#: Classes of the element in a caption that holds the photo credit.
_CREDIT_WORDS: Final = frozenset({"credit", "credits", "copyright", "photographer", "source", "byline"})
#: Elements whose class could hold one of `_CREDIT_WORDS` (each is matched as a word after).
_CREDIT_CLASSES: Final = ", ".join(f'[class*="{word}" i]' for word in sorted(_CREDIT_WORDS))
#: A credit written into the caption: "Photo: X", "Photo Courtesy: X", "(Photo by X)", "© X",
#: and the same label in a few more scripts ("Фото:", "تصوير:", "写真:", "사진:").
_CREDIT: Final = re.compile(
    r"[\s(\[|–—-]*(?:(?:photo(?:graph)?s?|picture|image|credit|foto|bild|courtesy|source|фото|تصوير|صورة|写真|撮影|摄影|사진)"
    r"(?:\s+(?:courtesy|credit|by|of|via))?\s*[:：]|(?:photo(?:graph)?|picture|image)\s+by\s|©|\(c\)\s)"
    r"\s*(?P<credit>[^()\[\]]+?)[\s)\]]*\Z",
    re.I,
)
#: Pictures whose caption reads longer than this are not captioned figures but content boxes.
MAX_CAPTION_CHARS: Final = 600
MAX_SIDE: Final = 100_000
#: Most pictures read on one page (a gallery holds a few hundred; more is a hostile page).
MAX_PICTURES: Final = 500


#: A picture as read before the story pass: its holder (itself, a ``picture`` or a
#: ``figure``), its ``img``, caption and credit.
Picture = tuple[LexborNode, "LexborNode | None", str, str]


@dataclass
class Prepared:
    """The pictures found (by placeholder number: the detached elements, read only if the
    story shows them) and the marks of inline formatting, each under the block whose text
    holds it, in page order."""

    pictures: list[Picture] = field(default_factory=list)
    marks: dict[LexborNode, list[tuple[Mark, str]]] = field(default_factory=dict)


_SELECTOR: Final = ", ".join(["figure", "picture", "img", *_MARKS])
#: Elements the story pass removes before paragraphs are read: text either side of one merges.
_REMOVED: Final = frozenset(NON_CONTENT_TAGS)


def prepare(tree: LexborHTMLParser) -> Prepared:
    """Note the inline marks of ``tree``'s body and put placeholders for its pictures (see
    the module docstring); changes nothing that the story's text depends on."""
    prepared = Prepared()
    body = tree.body
    if body is None:
        return prepared
    pictures: list[LexborNode] = []
    blocks: dict[int, tuple[LexborNode | None, bool]] = {}
    held: dict[int, bool] = {}
    for node in body.css(_SELECTOR):
        tag = node.tag or ""
        if tag in _MARKS:
            _note_mark(prepared, node, _MARKS[tag], blocks)
        elif len(pictures) < MAX_PICTURES and not _held(node, held):
            pictures.append(node)
    pictures = [node for node in pictures if _is_picture(node)]
    holders = _caption_holders(body) if pictures else set()
    for node, placeholder in zip(pictures, _comments(tree, len(pictures))):
        _replace_picture(node, placeholder, prepared, holders)
    return prepared


def story_image(picture: Picture, base: str | None) -> StoryImage | None:
    """The picture ``img`` in ``holder`` (itself, a ``picture`` or a ``figure``), or None when
    it is not one of the story's own (a logo, an icon, a tracker) or has no usable URL."""
    holder, img, caption, credit = picture
    if img is None:
        return None
    return _image(img, holder, base, caption, credit)


#: Elements whose pictures are read with them (a ``<noscript>`` copy is the same picture again).
_PICTURE_HOLDERS: Final = frozenset({"picture", "figure", "noscript"})


def _held(node: LexborNode, known: dict[int, bool]) -> bool:
    """Whether ``node`` is inside one of `_PICTURE_HOLDERS`. ``known`` keeps the answer for
    every element climbed through: the pictures of a page share most of their ancestors, and
    a climb to the root for each one passes them again."""
    climbed: list[int] = []
    found = False
    parent = node.parent
    while parent is not None:
        key = parent.mem_id
        if key in known:
            found = known[key]
            break
        if parent.tag in _PICTURE_HOLDERS:
            found = True
            break
        climbed.append(key)
        parent = parent.parent
    for key in climbed:
        known[key] = found
    return found


def _block_of(node: LexborNode) -> LexborNode | None:
    """The nearest ancestor that inline unwrapping leaves in place."""
    parent = node.parent
    while parent is not None and parent.tag in INLINE_TAGS:
        parent = parent.parent
    return parent


def _note_mark(prepared: Prepared, node: LexborNode, mark: Mark, blocks: dict[int, tuple[LexborNode | None, bool]]) -> None:
    block, in_mark = _enclosing(node, blocks)
    if block is None or block.tag == "pre" or in_mark:
        return  # code blocks are rendered verbatim; a mark inside a mark is its outer one's
    text = " ".join(node.text().split())
    if text:
        prepared.marks.setdefault(block, []).append((mark, text))


def _is_picture(node: LexborNode) -> bool:
    """Whether ``node`` is a picture, not a figure round data or prose (story text, left be)."""
    if node.tag != "figure":
        return True
    return node.css_first("img") is not None and node.css_first("table") is None and len(node.text_lexbor()) <= MAX_CAPTION_CHARS


def _replace_picture(node: LexborNode, placeholder: LexborNode, prepared: Prepared, holders: set[int]) -> None:
    # The picture and its caption are kept apart now: the story pass removes both from a figure.
    img = node if node.tag == "img" else node.css_first("img")
    prepared.pictures.append((node, img, *_caption(node if node.tag == "figure" else _caption_box(node, holders))))
    # A figure stays where it is, caption and all: the story pass decides whether its text is
    # story (the picture in it goes anyway); the placeholder stands beside it.
    keep = node.tag == "figure"
    if keep or _splits_no_text(node):
        if keep:
            node.insert_before(placeholder)
        else:
            node.replace_with(placeholder)
        return
    block = _block_of(node)
    if not keep:
        node.remove()
    if block is not None:
        block.insert_child(placeholder)


def _enclosing(node: LexborNode, known: dict[int, tuple[LexborNode | None, bool]]) -> tuple[LexborNode | None, bool]:
    """The block ``node`` will be unwrapped into, and whether a mark holds it on the way.

    ``known`` keeps the answer for every inline element climbed through, so that marks nested
    in thousands of spans cost one climb in all, not one each."""
    climbed: list[LexborNode] = []
    parent = node.parent
    answer: tuple[LexborNode | None, bool] = (None, False)
    while parent is not None:
        if parent.mem_id in known:
            answer = known[parent.mem_id]
            break
        if parent.tag not in INLINE_TAGS:
            answer = (parent, False)
            break
        climbed.append(parent)
        parent = parent.parent
    block, in_mark = answer
    for inline in reversed(climbed):  # outermost first: a mark marks what is inside it
        known[inline.mem_id] = (block, in_mark)
        in_mark = in_mark or inline.tag in _MARKS
    return block, in_mark


def _comments(tree: LexborHTMLParser, count: int) -> list[LexborNode]:
    """The placeholders numbered 0 to ``count - 1``: one fragment of ``tree``'s document parsed
    for all of them (a parser of their own costs three times as much)."""
    if not count:
        return []
    fragment = tree.create_node("div")
    fragment.inner_html = "".join(f"<!--{PLACEHOLDER_PREFIX}{index}-->" for index in range(count))
    comments = []
    child = fragment.child
    while child is not None:
        comments.append(child)
        child = child.next
    return comments


def _splits_no_text(node: LexborNode) -> bool:
    """Whether a node standing at ``node``'s place keeps apart no text that would merge
    without it, once inline elements are unwrapped and non-content ones removed: not when
    text is on both sides of it."""
    return _barrier(node, backwards=True) or _barrier(node, backwards=False)


def _barrier(node: LexborNode, *, backwards: bool) -> bool:
    """Whether, going from ``node`` one way through the block holding it, an element that
    stays (or the block's edge) comes before any text. Inline elements are looked through,
    both into and out of them, as unwrapping will merge what they hold with what is beside
    them; removed elements and blank text are passed over."""
    while True:
        step = node.prev if backwards else node.next
        if step is None:
            parent = node.parent
            if parent is None or parent.tag not in INLINE_TAGS:
                return True
            node = parent
            continue
        while step.is_element_node and step.tag in INLINE_TAGS and step.child is not None:
            inner = step.last_child if backwards else step.child
            if inner is None:
                break
            step = inner
        if step.is_text_node:
            if (step.text_content or "").strip():
                return False
        elif not (step.is_element_node and (step.tag or "") in _REMOVED):
            return True
        node = step


def _caption_holders(body: LexborNode) -> set[int]:
    """The elements (by ``mem_id``) holding an element with a ``caption`` class: one query for
    the page, not one per picture and level. Each climb stops at an element already seen, so
    the whole costs one visit per element at most."""
    holders: set[int] = set()
    for caption in body.css('[class*="caption"]'):
        parent = caption.parent
        while parent is not None and parent.mem_id not in holders:
            holders.add(parent.mem_id)
            parent = parent.parent
    return holders


def _caption_box(node: LexborNode, holders: set[int]) -> LexborNode | None:
    """The element round a picture that also holds its caption (a WordPress ``wp-caption``
    div, an "image-block" with a caption paragraph), if any; ``holders`` are the elements
    holding a caption (`_caption_holders`)."""
    parent = _block_of(node)
    for _ in range(2):
        if parent is None or parent.tag in ("body", "article", "main"):
            return None
        if parent.mem_id in holders:
            return parent
        parent = _block_of(parent)
    return None


def _caption(box: LexborNode | None) -> tuple[str, str]:
    """The caption and the photo credit of a figure or caption box ("" for one not there)."""
    if box is None:
        return "", ""
    # Most boxes hold no credit: one query for a class that could name one (any case) spares
    # reading every classed element's words.
    marked = []
    if box.css_first(_CREDIT_CLASSES) is not None:
        marked = [node for node in box.css("[class]") if _words(node.attributes.get("class")) & _CREDIT_WORDS]
    credit = " ".join(" ".join(node.text().split()) for node in marked if not _inside_any(node, marked))
    caption_node = box.css_first("figcaption") or box.css_first('[class*="caption"]')
    if caption_node is None:
        return "", credit
    text = " ".join(caption_node.text(separator=" ").split())
    if credit and text.endswith(credit):
        text = text[: -len(credit)].rstrip()
    elif credit and text.startswith(credit):
        text = text[len(credit) :].lstrip()
    if credit:
        labelled = _CREDIT.match(credit)
        credit = labelled.group("credit").strip() if labelled is not None else credit
    else:
        found = _CREDIT.search(text)
        if found is not None:
            credit = found.group("credit").strip()
            text = text[: found.start()].rstrip()
    return text, credit


def _inside_any(node: LexborNode, others: list[LexborNode]) -> bool:
    parent = node.parent
    while parent is not None:
        if any(parent.mem_id == other.mem_id for other in others):
            return True
        parent = parent.parent
    return False


def _words(value: str | None) -> set[str]:
    return set(_WORDS.findall((value or "").lower()))


def _image(img: LexborNode, holder: LexborNode, base: str | None, caption: str, credit: str) -> StoryImage | None:
    attrs = img.attributes
    url = _source(img, holder, base)
    if url is None:
        return None
    width, height = _side(attrs.get("width")), _side(attrs.get("height"))
    if width is not None and height is not None:
        if width <= MAX_ICON_PIXELS and height <= MAX_ICON_PIXELS:
            return None
    elif (width or height or MAX_SIDE) <= MAX_TRACKER_PIXELS:
        return None
    path = "" if url.startswith("data:") else urlsplit(url).path[-300:]
    names = [attrs.get("class"), attrs.get("id"), attrs.get("alt"), path]
    parent = img.parent
    if parent is not None and parent.mem_id != holder.mem_id:
        names += [parent.attributes.get("class"), parent.attributes.get("id")]
    if any(_words(name) & _NOT_STORY_WORDS for name in names):
        return None
    alt = " ".join((attrs.get("alt") or "").split())
    return StoryImage(url, alt, caption, credit, width, height)


def _source(img: LexborNode, holder: LexborNode, base: str | None) -> str | None:
    """The real picture's URL: a lazy-loading attribute or the largest of a srcset before
    ``src`` (often a placeholder); a ``<picture>``'s sources after its ``<img>``'s own. An
    inline ``data:`` picture only when there is nothing else."""
    inline: str | None = None
    for candidate in _candidates(img, holder):
        url = image_url(candidate, base)
        if url is not None and not url.startswith("data:"):
            return url
        inline = inline or url
    return inline


def _candidates(img: LexborNode, holder: LexborNode) -> Iterator[str | None]:
    attrs = img.attributes
    yield from (attrs.get(name) for name in _LAZY_SOURCES)
    yield from (largest_in_srcset(attrs.get(name) or "") for name in _LAZY_SETS)
    yield attrs.get("src")
    yield from (largest_in_srcset(source.attributes.get("srcset") or "") for source in holder.css("source"))


def _side(value: str | None) -> int | None:
    digits = (value or "").strip().removesuffix("px")
    if not digits.isdigit() or not 0 < int(digits) <= MAX_SIDE:
        return None
    return int(digits)
