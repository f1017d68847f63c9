"""The writer's author box: a portrait whose alt text names the person, and that name set as the
box's heading next to it ("<img alt="Jane Doe"> <h3>Jane Doe</h3> <p>Jane Doe is ...</p>").

Blogs and company sites often credit the publisher in their metadata ("Buzzsprout", "Acme
Team") and sign the story only with such a box, usually after the story. The box is read only
when the page credits no one or only organizations, and a picture counts as the writer's only
when its markup says so ("author", "avatar", "profile", "bio" in its class, id or file, or its
box's) or the bio under the name opens with it ("Jane Doe is ..."): a picture beside a name is
also how stories show their subjects, and sites their sections ("Horse Racing") and products.
"""

from __future__ import annotations

import re
from typing import Final, Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..html import select
from .authors import split_names
from .text import attr, short_text

#: Most pictures with alt text looked at, in page order.
MAX_PORTRAITS: Final = 150

#: Elements after the portrait, in page order, searched for the name line.
MAX_STEPS_AFTER: Final = 8

#: Fewest and most words of a portrait's name: a lone word ("Stefan") only when the box's bio
#: opens with it ("Stefan is the founder of ..."), since a lone capitalised word beside a
#: picture is as often a product, a section or a button ("Search", "Python").
MIN_NAME_WORDS, MAX_NAME_WORDS = 2, 4

#: How far after the name line its bio may start (elements), and the longest bio read.
MAX_BIO_STEPS, MAX_BIO_CHARS = 4, 2_000

# A name's word: capitalised, letters (an initial's full stop, a hyphen or an apostrophe
# inside), not all capitals ("TOP OF PAGE", "BMW M3 Touring", "MarTech AI").
_NAME_WORD: Final = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.-](?=[^\W\d_]|$))*\.?")
# Words that start titles and labels ("Send A Tip", "The Coffee Belt", "When Solutions Get
# Fixed"), never a name.
_PHRASE_WORDS: Final = frozenset(
    "a an the in of on at to for and or with when how why what get your our my new top best "
    "more about from".split()
)
_BIO_VERBS: Final = ("is", "was", "has", "writes", "works", "loves", "ist", "est", "es")

#: Longest name line, in characters.
MAX_NAME_CHARS: Final = 60

#: Largest width or height (pixels, as the ``img`` declares them) of a portrait; a larger
#: picture is the story's or a product's, whatever its caption.
MAX_PORTRAIT_PIXELS: Final = 400

#: Elements that may hold the box's name line: a heading, emphasis, a link, a plain block.
_NAME_TAGS: Final = frozenset({"h2", "h3", "h4", "h5", "h6", "strong", "b", "span", "div", "p", "a", "cite"})

#: Ancestors whose class or id marks readers' content (a comment's avatar and name) or a list of
#: people: no writer's box there.
_NOT_WRITER: Final = ("comment", "respond", "review", "testimonial", "team", "member", "speaker")
MAX_ANCESTORS: Final = 8

#: Ancestors of the portrait whose class or id may mark the box as the writer's.
WRITER_MARK_LEVELS: Final = 4
_WRITER_MARK: Final = re.compile(
    r"author|avatar|profile|writer|contributor|byline|autor|auteur|(?<![a-z])bio(?![a-z])|about-?the",
    re.IGNORECASE,
)


def portrait_name(tree: LexborHTMLParser) -> str | None:
    """The one person the page shows in an author box (portrait and name line), or None when
    no box is found or the page shows several people so (a team, a list of speakers)."""
    body = tree.body
    if body is None:
        return None
    found: dict[str, str] = {}
    for img in select(body, "img[alt]", MAX_PORTRAITS):
        name = _box_name(img)
        if name is not None:
            found.setdefault(name.casefold(), name)
    return next(iter(found.values())) if len(found) == 1 else None


def _box_name(img: LexborNode) -> str | None:
    """The name line after ``img`` that repeats its alt text, when the alt is a person's name."""
    alt = attr(img, "alt")
    if not alt or len(alt.split()) > MAX_NAME_WORDS or len(alt) > MAX_NAME_CHARS or _too_large(img):
        return None
    wanted = alt.casefold()
    for node in _following(img, MAX_STEPS_AFTER):
        if node.tag not in _NAME_TAGS:
            continue
        text = short_text(node, MAX_NAME_CHARS)
        if not text or text.casefold() != wanted:
            continue
        if split_names(text) != [text] or not _reads_as_person(text, node) or _among_others(img):
            return None
        if not (_marked_as_writer(img) or _bio_opens_with(text, node)):
            return None
        return text
    return None


def _reads_as_person(name: str, line: LexborNode) -> bool:
    """True when ``name`` is written as a person's name (see `_NAME_WORD`); a lone word only
    when the text after its line opens with it and a verb ("Stefan is the founder of ...")."""
    words = name.split()
    if len(words) > MAX_NAME_WORDS or not all(
        _NAME_WORD.fullmatch(w) and w[:1].isupper() and not (len(w) > 1 and w.isupper())
        and w.casefold() not in _PHRASE_WORDS
        for w in words
    ):
        return False
    return len(words) >= MIN_NAME_WORDS or _bio_opens_with(name, line)


def _bio_opens_with(name: str, line: LexborNode) -> bool:
    """True when an element just after the name line starts with the name and a verb ("Jane
    Doe is the head of ...", "Stefan is the founder of ..."): the box's bio."""
    name_words = name.split()
    size = len(name_words)
    for node in _following(line, MAX_BIO_STEPS, inside=False):
        text = (short_text(node, MAX_BIO_CHARS) or "").split()
        if len(text) > size + 1 and text[:size] == name_words and text[size].casefold() in _BIO_VERBS:
            return True
    return False


def _too_large(img: LexborNode) -> bool:
    """True when the picture declares a width or height larger than a portrait's."""
    for name in ("width", "height"):
        value = attr(img, name).removesuffix("px")
        if value.isdigit() and int(value) > MAX_PORTRAIT_PIXELS:
            return True
    return False


def _following(node: LexborNode, limit: int, *, inside: bool = True) -> Iterator[LexborNode]:
    """The elements after ``node`` in page order, at most ``limit``: its own children first, or
    with ``inside`` False, the elements after its end."""
    current: LexborNode | None = node
    seen = 0
    descend = inside
    while current is not None and seen < limit:
        if descend and current.child is not None:
            current = current.child
        else:
            while current is not None and current.next is None:
                current = current.parent
            if current is None:
                return
            current = current.next
        descend = True
        if current is not None and current.is_element_node:
            seen += 1
            yield current


def _marked_as_writer(img: LexborNode) -> bool:
    """True when the picture's class, id or file, or an ancestor's class or id, says it shows
    the writer ("author__photo", "avatar", a gravatar, "profile/jane_100.png", "author-bio")."""
    marks = " ".join(attr(img, name) for name in ("class", "id", "src", "data-src"))
    parent = img.parent
    for _ in range(WRITER_MARK_LEVELS):
        if parent is None or parent.tag in ("body", "html"):
            break
        marks += f" {parent.attributes.get('class') or ''} {parent.attributes.get('id') or ''}"
        parent = parent.parent
    return bool(_WRITER_MARK.search(marks))


def _among_others(node: LexborNode) -> bool:
    """True when an ancestor of ``node`` is a comment, review, team or speaker list."""
    parent = node.parent
    for _ in range(MAX_ANCESTORS):
        if parent is None or parent.tag in ("body", "html"):
            return False
        marks = f"{parent.attributes.get('class') or ''} {parent.attributes.get('id') or ''}".casefold()
        if any(word in marks for word in _NOT_WRITER):
            return True
        parent = parent.parent
    return False
