"""The visible byline and dates near the headline: what a reader sees under the title.

The search starts at the headline element and looks only at the article header: a few blocks
just before it and the short blocks after it, up to the first long paragraph of the story (whose
opening is checked for a dateline such as "NEW DELHI, Aug 11 (IBNS) -"). The page's header bar,
with its clock and ticker, lies before the headline and outside this window, which is why its
"September 10, 2024 23:18 (IST)" is never read as the story's date.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final, Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..html import select
from .authors import AGENCIES, LETTER_RUN, looks_like_byline, other_credit_cut, split_names, strip_lead_in
from .dates import LABEL_CHARS, DateMatch, PageDate, date_role, find_dates, parse_date
from .text import node_text, short_text, squash, text_without_scripts

#: Elements visited after the headline before the search gives up.
MAX_BLOCKS_AFTER: Final = 40

#: Blocks (siblings) looked at before the headline: bylines sometimes sit above the title.
MAX_BLOCKS_BEFORE: Final = 3

#: How many h1 elements are compared with the headline when its element is not known.
MAX_HEADINGS: Final = 10

#: Ancestors of the headline whose preceding siblings are read.
ANCESTOR_LEVELS: Final = 3

#: A block longer than this (characters) is story text, not header furniture; the walk stops
#: at the first one, after reading its opening for a dateline.
MAX_HEADER_BLOCK_CHARS: Final = 300

#: Longest text before a dateline's date ("NEW DELHI, " or "Pressemitteilung vom ").
MAX_DATELINE_PREFIX_CHARS: Final = 40
_DATELINE_WORDS: Final = frozenset("vom am on le du del de el den dated".split())

#: Fewest words of a header block ending in a full stop that make it running text.
MIN_SENTENCE_WORDS: Final = 12

#: How much of the story's first paragraph may hold a dateline.
DATELINE_CHARS: Final = 120

#: Elements whose class/id/rel/itemprop marks them as a byline.
BYLINE_SELECTOR: Final = (
    "[class*=byline i], [id*=byline i], [class*=author i], [id*=author i], [rel~=author], "
    "[itemprop~=author], [class*=writer i], [class*=contributor i], [data-testid*=byline i], "
    "[class*=autor i], [class*=auteur i], [class*=reporter i], [class*=posted-by i], address"
)

#: Links to an author's profile page: in the header under the headline, such a link is the
#: byline even when no class marks it ("<div><a href="/blog/author/jane-doe/">Jane Doe</a>").
PROFILE_LINK_SELECTOR: Final = (
    "a[href*='/author/' i], a[href*='/authors/' i], a[href*='/autor/' i], "
    "a[href*='/autoren/' i], a[href*='/auteur/' i], a[href*='/auteurs/' i]"
)

_HEADER_BYLINE_SELECTOR: Final = f"{BYLINE_SELECTOR}, {PROFILE_LINK_SELECTOR}"

#: Elements inside a byline that hold one author's name (a profile link, a name span).
NAME_SELECTOR: Final = (
    "a[rel~=author], a[href*=author i], a[href*=autor i], a[href*='/people/'], a[href*='/staff/'], "
    "a[href*='/profil'], a[href*='/writer'], a[href*='/journalist'], a[href*='/contributor'], "
    "a[href*='/by/'], a[href*='/team/'], a[href*='/redaktion/'], [itemprop~=name], "
    "[class*=author-name i], [class*=authorname i], [class*=author__name i], [class*=byline__name i]"
)

#: Elements of an author box examined for its name, and the longest text that is only a name.
MAX_BOX_ELEMENTS: Final = 12
MAX_NAME_LINE_CHARS: Final = 60

#: Smallest and largest width and height (pixels, as the ``img`` declares them) of a
#: writer's portrait beside the name, and the most words of that name.
MIN_AVATAR_PIXELS, MAX_AVATAR_PIXELS, MAX_AVATAR_NAME_WORDS = 24, 120, 4

#: Longest unmarked credit line ("Jane Doe | Reuters") read as a byline.
MAX_AGENCY_CREDIT_CHARS: Final = 80

#: Most name links read from one byline.
MAX_LINKED_NAMES: Final = 8

#: Largest container (characters of text) searched for a marked byline when none sits next
#: to the headline: the article itself, not the page around it.
MAX_ARTICLE_CHARS: Final = 60_000

#: Most ancestors of the headline climbed for the article, and the size (characters of text)
#: past which a deep ancestor holds more than the header around the headline.
MAX_SCOPE_LEVELS, MIN_ARTICLE_CHARS = 12, 1_000

#: Elements whose class marks them as the story's date, searched in the article when the
#: header around the headline shows none.
DATE_SELECTOR: Final = (
    "time, [class*=date i], [class*=posted i], [class*=publish i], [class*=datum i], "
    "[class*=fecha i], [class*=data i]:not([class*=database i]), [class*=meta i]"
)

#: Parts of an article written by readers, not the publisher: their "Posted by" lines and
#: dates are never the story's.
READER_CONTENT_SELECTOR: Final = "[id*=comment i], [class*=comment i], [id*=respond i]"

#: Headings that may hold only a credit label, with the name in the next element.
LABEL_HEADING_SELECTOR: Final = "h2, h3, h4, h5, h6, dt, th"
MAX_LABEL_HEADINGS, MAX_LABEL_CHARS = 40, 20
# Each starts with one of `_CREDIT_WORDS` and of `_HEADING_WORDS`, by which the article's text
# is searched first.
_HEADING_WORDS: Final = ("Author", "Autor", "Auteur", "Written by", "Geschrieben von", "Écrit par",
                  "Escrito por", "Scritto da", "Geschreven door", "Article written by",
                  "About the author")
_HEADING_LABELS: Final = frozenset({
    "author", "authors", "autor", "autorin", "autoren", "auteur", "auteurs", "autore", "autori",
    "written by", "geschrieben von", "écrit par", "escrito por", "scritto da", "geschreven door",
    "article written by", "about the author", "über den autor", "über die autorin",
})

# Words one of which the markup of a `BYLINE_SELECTOR` match must contain.
_BYLINE_HINTS: Final = ("byline", "author", "writer", "contributor", "autor", "auteur", "reporter",
                 "posted-by", "<address")

#: Most characters of the article's text searched for a credit label or a publication phrase:
#: its start (under the headline) and its end (after the story), not the middle.
MAX_SCAN_HEAD, MAX_SCAN_TAIL = 60_000, 20_000

# Elements that hold a page clock, a ticker or teasers: their dates are not the story's.
_NOT_STORY: Final = re.compile(
    r"(?<![a-z])(?:clock|current-?date|today|weather|ticker|breaking|related|recommend|trending|"
    r"popular|comments?|newsletter|sidebar|footer|cookie|copyright)(?![a-z])",
    re.IGNORECASE,
)
#: How many elements after the headline may be its standfirst: one long paragraph this close
#: under the headline is passed, since the byline and date may stand under a deck
#: ("<p class=ingress>...</p><p>Jane Doe</p><span>23.07.2025</span>"); past it, a block
#: of running text ends the header.
DECK_BLOCKS: Final = 3

# Labels that credit the writer in running text, often at the story's end ("Autor: Jane Doe").
# Each starts with one of `_CREDIT_WORDS`: those are found with str.find, and the pattern is
# only tried where one occurs (a regular expression alternation scanning a long article costs
# milliseconds; a few str.find calls cost microseconds).
_CREDIT_WORDS: Final = ("Autor", "Author", "Text", "Von", "By", "Auteur", "Redakteur", "Written by",
                 "Article written by", "About the author",
                 "Posted by", "Authored by", "Verfasst von", "Geschrieben von", "Escrito por",
                 "Écrit par", "Scritto da", "Geschreven door")
_CREDIT_LABEL: Final = re.compile(
    r"(?:(?:Autor(?:in)?|Author|Text|Texte|Von|By|Auteur|Autore|Redakteur(?:in)?)\s*:|"
    r"(?:Written|Posted|Authored) by|Verfasst von|Geschrieben von|Escrito por|Écrit par|"
    r"Scritto da|Geschreven door)\s*:?\s*",
)

#: Most capitalised words taken as a name after a credit label when the text runs on.
MAX_NAME_RUN: Final = 4

#: Characters after a credit label read for the names.
CREDIT_NAME_CHARS: Final = 80

# Words that announce the publication date in running text ("Veröffentlicht am 16.08.2019"),
# found in the lower-cased text the same way.
_PUBLISHED_WORDS: Final = ("published", "posted", "veröffentlicht", "erschienen", "publié", "publicado",
                    "pubblicato", "gepubliceerd", "geplaatst")
_PUBLISHED_PHRASE: Final = re.compile(
    r"(?:published|posted|veröffentlicht|erschienen|publié|publicado|pubblicato|"
    r"gepubliceerd|geplaatst)\s*(?:on|am|le|el|il|em|op)?\s*:?\s*",
)
_PUBLISHED_PHRASE_AT_END: Final = re.compile(_PUBLISHED_PHRASE.pattern + "$")
# Labels of the update's date in the article's text ("Aktualisiert am 17.01.2021" after the
# story). Only capitalised, as labels are: "the list was updated on 3 May" is story text.
_UPDATE_WORDS: Final = ("last updated", "updated", "zuletzt aktualisiert", "aktualisiert", "mis à jour",
                 "mise à jour", "actualizado", "aggiornato", "atualizado", "bijgewerkt")
_UPDATE_PHRASE: Final = re.compile(
    r"(?:last updated|updated|zuletzt aktualisiert|aktualisiert|mise? à jour|actualizado|"
    r"aggiornato|atualizado|bijgewerkt)\s*(?:on|am|le|el|il|em|op)?\s*:?\s*",
)

#: Most occurrences of one keyword examined in an article's text.
MAX_KEYWORD_HITS: Final = 20

#: Longest byline ("Posted by Jane Doe on") read as announcing the date after it.
MAX_BYLINE_BEFORE_DATE_CHARS: Final = 80

#: Characters after a publication phrase searched for its date.
PHRASE_DATE_CHARS: Final = 60

_AGENCY_WORD: Final = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)
# A label for a picture's credit, ending the text before a marked name.
_PHOTO_LABEL_END: Final = re.compile(
    r"(?:fotos?|photos?|photograph(?:y|er)?|bild(?:er)?|image|credits?|crédits?|crédito)\s*[:：|]\s*$",
    re.IGNORECASE,
)
_PUNCT_SPACE: Final = re.compile(r"\s+([,.;:!?])")
_DIGIT: Final = re.compile(r"\d")
# Separators between the parts of a credit line ("Jane Doe | Reuters", "A and B").
_CREDIT_PARTS: Final = re.compile(r"\s*[|,/·•]\s*|\s+and\s+")
# Where a labelled credit's names end: the next label, a photo credit, or a new sentence.
_CREDIT_END: Final = re.compile(r"\s(?:[A-ZÄÖÜ][a-zäöü]+\s*:|Fotos?\b|Bild\b|Photos?\b|\S+[!?])|[.!?]\s")
_EMPHASIS: Final = "b, strong, i, em"

#: Most nodes walked back from the article's end to its last paragraph.
MAX_TAIL_NODES: Final = 40
# Classes of an element that holds the update's date ("the-updated-at", Drupal's
# "field--name-changed"); WordPress marks a never-updated post's one <time> "published updated".
_UPDATE_MARK: Final = re.compile(r"updated|modified|last-?mod|(?<![a-z])changed", re.IGNORECASE)
_PUBLISH_MARK: Final = re.compile(r"publish", re.IGNORECASE)

#: Nodes walked back from a date element to read its label ("Last updated on <span class=date>").
MAX_LABEL_STEPS: Final = 12

#: Ancestors of a date element checked for one already judged not to hold the publication.
MAX_DATE_NESTING: Final = 8
_SKIP_TAGS: Final = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "form", "button",
                        "select", "nav", "aside", "footer", "figure", "img", "picture"})


class VisibleByline:
    """What the article header shows: the byline text and its names, and the dates."""

    # A plain class, not a dataclass: mypyc compiles this __init__ (see docs/extraction.md).
    def __init__(
        self, text: str | None = None, names: tuple[str, ...] = (),
        published: PageDate | None = None, published_raw: str | None = None,
        published_source: str = "byline-text", modified: PageDate | None = None,
        modified_raw: str | None = None,
    ) -> None:
        self.text: Final = text
        self.names: Final = names
        self.published: Final = published
        self.published_raw: Final = published_raw
        self.published_source: Final = published_source
        self.modified: Final = modified
        self.modified_raw: Final = modified_raw


def _marked(node: LexborNode) -> str:
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}"


def _blocks_after(start: LexborNode) -> Iterator[tuple[LexborNode, str, bool]]:
    """Short blocks after ``start`` in document order, descending into long containers; ends
    with the first long block (the story's first paragraph) after the deck, if any."""
    node: LexborNode | None = start
    visited = 0
    pending: list[LexborNode] = []
    decked = False
    while visited < MAX_BLOCKS_AFTER:
        if pending:
            node = pending.pop(0)
        else:
            if node is None:
                return
            nxt = node.next
            while nxt is None:
                node = node.parent
                if node is None or node.tag in ("body", "html"):
                    return
                nxt = node.next
            node = nxt
        tag = node.tag
        if tag is None or tag.startswith("-") or tag in _SKIP_TAGS:
            continue
        visited += 1
        if _NOT_STORY.search(_marked(node)):
            continue
        text = short_text(node, MAX_HEADER_BLOCK_CHARS)
        if text is not None and decked and _is_sentence(text):
            return  # past the deck, running text is the story's: the header ended above it
        if text is not None:
            if text:
                yield node, text, False
            continue
        children = list(node.iter())
        if children and tag not in ("p", "blockquote"):
            pending = children + pending
            continue
        if visited <= DECK_BLOCKS and not decked:
            # Read for a dateline as the story's opening would be ("Pressemitteilung vom 25.
            # Januar 2022 | Berlin – ..."), then passed: it may be the deck.
            decked = True
            yield node, squash(node.text(separator=" ")[: DATELINE_CHARS * 2]), True
            continue
        # The story's first paragraph: read its opening for a dateline, then stop.
        yield node, squash(node.text(separator=" ")[: DATELINE_CHARS * 2]), True
        return


def _blocks_before(start: LexborNode) -> list[tuple[LexborNode, str]]:
    """Short blocks just before the headline, and before each of its first few ancestors
    (a kicker line "Topic // 02.11.2021" often sits in a sibling of the headline's wrapper)."""
    out = []
    level: LexborNode | None = start
    for _ in range(ANCESTOR_LEVELS):
        if level is None or level.tag in ("body", "html", "article", "main"):
            break
        node = level.prev
        seen = 0
        while node is not None and seen < MAX_BLOCKS_BEFORE:
            tag = node.tag
            if tag and not tag.startswith("-") and tag not in _SKIP_TAGS:
                seen += 1
                text = short_text(node, MAX_HEADER_BLOCK_CHARS)
                if text and not _NOT_STORY.search(_marked(node)):
                    out.append((node, text))
            node = node.prev
        level = level.parent
    return out


def _names_in(node: LexborNode) -> tuple[str, ...]:
    """Names from the profile links or name elements inside a byline, when it has them: they
    are the names without the roles, dates and labels around them."""
    names: list[str] = []
    # Links after "Edited by", "Reviewed by" credit other work than the writing.
    writers = "".join(other_credit_cut(node_text(node)).split())
    for link in select(node, NAME_SELECTOR, MAX_LINKED_NAMES):
        for name in split_names(node_text(link), acronyms=True):
            if name not in names and "".join(name.split()) in writers:
                names.append(name)
    return tuple(names)


def _marked_byline(node: LexborNode) -> LexborNode | None:
    """The element of a block marked as a byline (the block itself or a descendant), or a link
    to an author's profile in it. The markup is checked for the marker words first: the CSS
    query costs more than the check."""
    markup = (node.html or "").lower()
    if not any(hint in markup for hint in _BYLINE_HINTS):
        return None
    # ``css_first`` tests the node itself too (``css_matches`` is true when any descendant
    # matches, which would return the whole block and its deck or kicker).
    return node.css_first(_HEADER_BYLINE_SELECTOR)


def _agency_credit(text: str) -> bool:
    """True for an unmarked short credit such as "Jane Doe | Reuters": every part a clean name
    and one of them a news agency, which ordinary header text never is."""
    if len(text) > MAX_AGENCY_CREDIT_CHARS or not _AGENCY_WORD.search(text):
        return False
    names = split_names(text)
    parts = [p for p in _CREDIT_PARTS.split(text) if p.strip()]
    return len(names) == len(parts) and any(n.casefold() in AGENCIES for n in names)


def _avatar_name(node: LexborNode, text: str) -> bool:
    """True for a header block holding only a name of two to `MAX_AVATAR_NAME_WORDS`
    capitalised words and the portrait of that person (a blog's avatar-and-name line): a
    small picture whose file, alt text or class names the person or says "avatar". Any other
    picture with a name is a photo and its caption, naming who is shown."""
    words = text.split()
    if not 2 <= len(words) <= MAX_AVATAR_NAME_WORDS or not all(w[:1].isupper() for w in words):
        return False
    image = node.css_first("img")
    if image is None:
        return False
    attrs = image.attributes
    sizes = [attrs.get("width") or "", attrs.get("height") or ""]
    if not all(size.isdigit() and MIN_AVATAR_PIXELS <= int(size) <= MAX_AVATAR_PIXELS for size in sizes):
        return False  # an icon ("Your Say"), or a photo
    described = " ".join(attrs.get(key) or "" for key in ("src", "alt", "class")).casefold()
    if "icon" in described or (
        "avatar" not in described and not all(word.casefold() in described for word in words)
    ):
        return False
    return split_names(text) == [text]


def _postal(address: LexborNode, text: str) -> bool:
    """True for an ``<address>`` holding a postal address ("Juval 2, I-39020 Kastelbell"):
    numbers, and neither a lead-in nor an element marked as a person's name."""
    return bool(_DIGIT.search(text)) and not looks_like_byline(text) and address.css_first(NAME_SELECTOR) is None


def _byline_in(node: LexborNode, text: str) -> tuple[str, tuple[str, ...]] | None:
    """The byline text a block holds and its names, if it holds one."""
    if len(text) > MAX_HEADER_BLOCK_CHARS:
        return None
    if "©" in text:
        # "© Getty Images/Jane Doe" credits a photo, not the story; a link to the writer's
        # profile beside the credit of the writer's own portrait still names the writer.
        linked = _names_in(node)
        return (node_text(node), linked) if linked else None
    marked = _marked_byline(node)
    if marked is not None and marked.tag == "address" and _postal(marked, text):
        return None
    scope = marked if marked is not None else node
    if marked is None and not (
        looks_like_byline(text) or text.lstrip().startswith(("|", "@")) or _agency_credit(text)
        or _avatar_name(node, text)
    ):
        return None
    # The marked element's own names first: the block around it may start with a deck or a
    # kicker ("26 | 01 | 2022 Schweiz | Praxis" before "Text: Jane Doe").
    marked_text = node_text(scope)
    if scope is not node and _PHOTO_LABEL_END.search(text[: max(0, text.find(marked_text))]):
        return None  # "Foto: <p class="autor">Jane Doe</p>": the photographer, not the writer
    found = _credited(scope, marked_text)
    if scope is node or text == marked_text:
        return found
    # A block with one marked element per co-author credits them all: its names win when they
    # hold the marked element's and add more.
    whole = _credited(node, text)
    if found is None or (whole is not None and set(found[1]) < set(whole[1])):
        return whole
    # The block's whole text is the byline line the reader sees (and the story leaves out).
    return text, found[1]


def _credited(node: LexborNode, text: str) -> tuple[str, tuple[str, ...]] | None:
    """The names an element credits: its profile links' or name elements' text, else the
    names its text reads as."""
    linked = _names_in(node)
    if linked:
        return text, linked
    names = tuple(split_names(text))
    return (text, names) if names else None


def _article_scope(start: LexborNode) -> LexborNode | None:
    """The article around the headline: the nearest ``article``/``main`` ancestor, or the
    largest ancestor within four levels whose text stays article-sized; None at the page.
    Past four levels the climb goes on while the ancestor is still header-sized: page builders
    nest the headline so deep that four levels up is only its header bar."""
    scope = start.parent
    for level in range(MAX_SCOPE_LEVELS):
        if scope is None or scope.parent is None or scope.tag in ("body", "html"):
            break
        if scope.tag in ("article", "main"):
            break
        size = len(scope.text_lexbor())  # the same length as text(), at about half the cost
        if size > MAX_ARTICLE_CHARS or (level >= 4 and size >= MIN_ARTICLE_CHARS):
            break
        scope = scope.parent
        if level == 3 and size >= MIN_ARTICLE_CHARS:
            break  # the fourth level holds more than the header: its parent is taken unmeasured
    if scope is None:
        return None
    if scope.tag in ("body", "html"):
        return _story_beside(start, scope)
    return scope


def _story_beside(start: LexborNode, page: LexborNode) -> LexborNode | None:
    """The story block that follows the headline's own block when that block sits right under
    the page's ``<body>`` (a flat layout: title bar, then the story in a sibling), if one of the
    next few elements is article-sized; the page around them is not the article."""
    top = start
    while top.parent is not None and top.parent.mem_id != page.mem_id:
        top = top.parent
    node = top.next
    seen = 0
    while node is not None and seen < MAX_BLOCKS_BEFORE:
        if node.is_element_node and node.tag not in _SKIP_TAGS:
            seen += 1
            if MIN_ARTICLE_CHARS <= len(node.text_lexbor()) <= MAX_ARTICLE_CHARS:
                return node
        node = node.next
    return None


def _article_byline(scope: LexborNode) -> tuple[str, tuple[str, ...]] | None:
    """A marked byline anywhere in the article (a blog's "entry-meta" after the post, a
    byline box beside the body); the page outside the article is not searched."""
    for node in select(scope, BYLINE_SELECTOR, 20):
        if _NOT_STORY.search(_marked(node)):
            continue
        text = short_text(node, MAX_HEADER_BLOCK_CHARS)
        if text and _after_photo_label(node):
            continue
        found = _byline_in(node, text) if text else _author_box_name(node)
        if found is not None:
            return found
    return None


def _after_photo_label(node: LexborNode) -> bool:
    """True when the text just before ``node`` labels a picture's credit ("<strong>Foto:
    </strong><p class="autor">Jane Doe</p>"): the name is the photographer's."""
    return bool(_PHOTO_LABEL_END.search(_label_before(node).rstrip()))


def _label_heading_name(scope: LexborNode) -> tuple[str, tuple[str, ...]] | None:
    """A name under a heading that is only a credit label ("<h3>Author</h3><p>Jane Doe</p>"),
    as fact boxes beside an article present the writer."""
    for node in scope.css(LABEL_HEADING_SELECTOR)[:MAX_LABEL_HEADINGS]:
        label = short_text(node, MAX_LABEL_CHARS)
        if not label or label.rstrip(" :：").casefold() not in _HEADING_LABELS:
            continue
        sibling = node.next
        while sibling is not None and (sibling.tag is None or sibling.tag.startswith("-")):
            sibling = sibling.next
        if sibling is None:
            continue
        text = short_text(sibling, MAX_NAME_LINE_CHARS)
        names = tuple(split_names(text)) if text else ()
        if names:
            return text or "", names
        if text is None:
            # An author box (portrait, name, bio) under the label: its name line.
            boxed = _author_box_name(sibling)
            if boxed is not None:
                return boxed
    return None


def _signature(scope: LexborNode) -> tuple[str, tuple[str, ...]] | None:
    """The writer's name signing off the story: the article's last paragraph, emphasised and
    holding only a name of two words or more ("<p><b><i>Stefan Wasmer</i></b></p>")."""
    last = _last_paragraph(scope)
    if last is None:
        return None
    text = short_text(last, MAX_NAME_LINE_CHARS)
    if not text or len(text.split()) < 2 or last.css_first(_EMPHASIS) is None:
        return None
    names = split_names(text)
    if names != [text] or node_text(last.css_first(_EMPHASIS)) != text or _outside_story(last, scope):
        return None
    return text, (text,)


def _ends_with_name(text: str) -> bool:
    """True when the article's text ends in two capitalised words, as it does when the writer
    signs off: the cheap test before `_signature` walks the tree."""
    words = text[-MAX_NAME_LINE_CHARS:].split()[-2:]
    return len(words) == 2 and all(word[:1].isupper() for word in words)


def _last_paragraph(scope: LexborNode) -> LexborNode | None:
    """The last ``p`` in ``scope`` when it lies among the last `MAX_TAIL_NODES` nodes, found
    walking back from the end (a CSS query for all paragraphs walks the whole article)."""
    node = scope.last_child
    for _ in range(MAX_TAIL_NODES):
        if node is None:
            return None
        if node.tag == "p":
            return node
        if node.last_child is not None:
            node = node.last_child
            continue
        while node is not None and node.prev is None:
            node = node.parent
            if node is None or node.mem_id == scope.mem_id:
                return None
        node = node.prev
    return None  # a long tail after the story (widgets, lists): no signature at its end


def _outside_story(node: LexborNode, scope: LexborNode) -> bool:
    """True when an element between ``node`` and ``scope`` is a sidebar, related box or the like."""
    parent = node.parent
    while parent is not None and parent.mem_id != scope.mem_id and parent.tag not in ("body", "html"):
        if _NOT_STORY.search(_marked(parent)):
            return True
        parent = parent.parent
    return False


def _author_box_name(box: LexborNode) -> tuple[str, tuple[str, ...]] | None:
    """The name heading an author box (name, then a bio paragraph): the first element of the
    box whose whole text is one name."""
    for node in box.css("*")[:MAX_BOX_ELEMENTS]:
        text = short_text(node, MAX_NAME_LINE_CHARS)
        if text:
            names = split_names(text)
            if len(names) == 1 and names[0] == strip_lead_in(text):
                return text, (names[0],)
    return None


def _article_date(
    scope: LexborNode, now: datetime, month_first: bool
) -> tuple[PageDate, str, str] | None:
    """The first date in a date-marked element of the article ("posted-on", "entry-date"). An
    element marked as the update ("the-updated-at", "modified-date") or labelled so ("Last
    updated on <span class=date>...") holds the modified date, and nothing inside it is the
    published one."""
    passed: set[int] = set()  # elements whose dates are not the publication's
    for node in select(scope, DATE_SELECTOR, 20):
        marks = _marked(node)
        if _NOT_STORY.search(marks):
            continue
        if _update_marked(node) or _inside(node, passed) or date_role(_label_before(node)) != "published":
            passed.add(node.mem_id)
            continue
        timed = _time_element_date(node, now)
        if timed is not None:
            return timed[0], timed[1], "time-element"
        text = short_text(node, MAX_HEADER_BLOCK_CHARS)
        if text:
            first, _ = _dates_in(text, now, month_first)
            if first is not None:
                return first.value, text[first.start : first.end], "byline-text"
            passed.add(node.mem_id)  # its dates are labelled otherwise; so are its children's
    return None


def _update_marked(node: LexborNode | None) -> bool:
    """True when the element's class or id marks it as the update's date (and not also as the
    publication's)."""
    if node is None:
        return False
    marks = _marked(node)
    return bool(_UPDATE_MARK.search(marks)) and not _PUBLISH_MARK.search(marks)


def _inside(node: LexborNode, ancestors: set[int]) -> bool:
    """True when one of ``node``'s nearest ancestors is among ``ancestors`` (by ``mem_id``)."""
    parent = node.parent
    for _ in range(MAX_DATE_NESTING):
        if parent is None or not ancestors:
            return False
        if parent.mem_id in ancestors:
            return True
        parent = parent.parent
    return False


def _label_before(node: LexborNode) -> str:
    """The text just before a date element in reading order, at most `LABEL_CHARS`: the label
    that says which date it holds ("<span>Last Updated</span> <span>on</span> <span
    class=date>..."). Read from the text nodes walked back from the element, never from a
    sibling's whole text (which may be the story's)."""
    parts: list[str] = []
    size = 0
    current: LexborNode | None = node
    for _ in range(MAX_LABEL_STEPS):
        if current is None or size >= LABEL_CHARS:
            break
        if current.prev is None:
            current = current.parent
            if current is None or current.tag in ("body", "html"):
                break
            continue
        current = current.prev
        while current.tag not in _SKIP_TAGS and current.last_child is not None:
            current = current.last_child
        if current.tag == "-text":
            text = current.text(deep=False)
            if text.strip():
                parts.append(text)
                size += len(text)
    if not parts:
        return ""
    return squash(" ".join(reversed(parts)))[-LABEL_CHARS:] + " "


def _time_element_date(node: LexborNode, now: datetime) -> tuple[PageDate, str] | None:
    """The first ``<time>`` in ``node`` (or ``node`` itself) that dates the publication: not one
    marked or labelled as the update or as another day ("Updated <time>...")."""
    if _update_marked(node):
        return None
    for time_node in ([node] if node.tag == "time" else []) + list(node.css("time")):
        if _update_marked(time_node) or _update_marked(time_node.parent) or (
            time_node is not node and date_role(_label_before(time_node)) != "published"
        ):
            continue
        raw = time_node.attributes.get("datetime") or node_text(time_node)
        if raw:
            value = parse_date(raw, now)
            if value is not None:
                return value, raw
    return None


def _dates_in(text: str, now: datetime, month_first: bool) -> tuple[DateMatch | None, DateMatch | None]:
    """(published, modified) dates in a header text; "Updated ..." dates are the modified one,
    and dates labelled as something else ("Registriert: 18.09.2008") are neither."""
    published = modified = None
    for match in find_dates(text, now, month_first=month_first):
        role = date_role(text[max(0, match.start - LABEL_CHARS) : match.start])
        if role == "modified":
            modified = modified or match
        elif role == "published":
            published = published or match
    return published, modified


def _byline_date(text: str, now: datetime, month_first: bool) -> tuple[PageDate, str, str] | None:
    """The date printed inside the byline itself ("Luke Kim December 17, 2025", an author box
    with the day under the name), when no date element or phrase gave one: a writer's credit
    is dated with the story it signs."""
    first, _ = _dates_in(text, now, month_first)
    return (first.value, text[first.start : first.end], "byline-text") if first is not None else None


def _is_sentence(text: str) -> bool:
    """True for a header block that is running text (a standfirst: "With the rules in force
    since 15 January 2022, ..."): many words and a full stop."""
    return len(text.split()) >= MIN_SENTENCE_WORDS and text.rstrip()[-1:] in ".!?"


def _announced(text: str, start: int) -> bool:
    """True when the date at ``start`` of running text is the publication's: a dateline at its
    start ("Feb. 23, 2015 -- Life-threatening...") or after a publication phrase ("This entry
    was posted on March 3, 2008"), or after a byline ("Posted by Jane Doe on Friday December
    19, 2025 @08:00PM from the tech dept.")."""
    before = text[max(0, start - PHRASE_DATE_CHARS) : start].lower()
    return (
        _is_dateline_prefix(text[:start]) or bool(_PUBLISHED_PHRASE_AT_END.search(before))
        # The date kept with the names: the byline's reading cuts it off with its weekday.
        or (start <= MAX_BYLINE_BEFORE_DATE_CHARS and looks_like_byline(text[: start + PHRASE_DATE_CHARS]))
    )


def _is_dateline_prefix(text: str) -> bool:
    """True when the words before a date at the story's start are a dateline's (a place and a
    comma, "Pressemitteilung vom"), not a sentence that mentions a date ("From 15 January")."""
    words = LETTER_RUN.findall(text)
    if not words:
        return True
    ends_like_dateline = text.rstrip()[-1:] in (",", "-", "–", "—", ":", "(", "|", "/") or (
        words[-1].casefold() in _DATELINE_WORDS
    )
    return len(text) <= MAX_DATELINE_PREFIX_CHARS and ends_like_dateline and all(
        w[0].isupper() or w.casefold() in _DATELINE_WORDS for w in words
    )


def _keyword_positions(text: str, keywords: tuple[str, ...]) -> list[int]:
    """Where the keywords start as words in ``text`` (not inside another word), in order."""
    found: list[int] = []
    for keyword in keywords:
        position = text.find(keyword)
        hits = 0
        while position >= 0 and hits < MAX_KEYWORD_HITS:
            if position == 0 or not text[position - 1].isalnum():
                found.append(position)
                hits += 1
            position = text.find(keyword, position + 1)
    return sorted(set(found))


def _phrase_date(
    text: str, lowered: str, now: datetime, month_first: bool, *, update: bool = False
) -> tuple[PageDate, str, str] | None:
    """A date announced as the publication date (or with ``update``, labelled as the update's)
    anywhere in the article's ``text`` (``lowered``: the same in lower case)."""
    words, pattern = (_UPDATE_WORDS, _UPDATE_PHRASE) if update else (_PUBLISHED_WORDS, _PUBLISHED_PHRASE)
    for start in _keyword_positions(lowered, words):
        phrase = pattern.match(lowered, start)
        if phrase is None or (update and not text[start : start + 1].isupper()):
            continue
        after = squash(text[phrase.end() : phrase.end() + PHRASE_DATE_CHARS * 2])[:PHRASE_DATE_CHARS]
        found = find_dates(after, now, month_first=month_first)
        if found and found[0].start <= 2:
            return found[0].value, after[found[0].start : found[0].end], "byline-text"
    return None


def _credit_line(text: str, positions: list[int]) -> tuple[str, tuple[str, ...]] | None:
    """A writer credited with a label in the article's ``text`` ("Text: Jane Doe"), at one of
    the ``positions`` where a credit word starts."""
    for start in positions:
        label = _CREDIT_LABEL.match(text, start)
        if label is None:
            continue
        after = squash(text[label.end() : label.end() + CREDIT_NAME_CHARS * 2])[:CREDIT_NAME_CHARS]
        # The names end where the next label or sentence starts.
        # A word before "!" or "?" opens the text after the name ("Jane Doe Hi! I'm Jane").
        after = _CREDIT_END.split(after)[0]
        names = tuple(split_names(after)) or _leading_name(after)
        if names:
            return after, names
    return None


def _leading_name(text: str) -> tuple[str, ...]:
    """The capitalised words a credit starts with ("Cassidy Horton Cassidy Horton is a finance
    writer" gives "Cassidy Horton"): at most `MAX_NAME_RUN` words, ending before the name
    repeats or a lower-case word starts the sentence."""
    run: list[str] = []
    for word in text.split()[:MAX_NAME_RUN + 1]:
        if not word[0].isupper() or (run and word == run[0]):
            break
        run.append(word)
    if not 2 <= len(run) <= MAX_NAME_RUN:
        return ()
    return tuple(split_names(" ".join(run)))


def headline_node(tree: LexborHTMLParser, headline: str | None) -> LexborNode | None:
    """The h1 showing the headline, else the first h1 (when the caller has no element)."""
    h1s = tree.css("h1")[:MAX_HEADINGS]
    if headline:
        for node in h1s:
            if short_text(node, MAX_HEADER_BLOCK_CHARS) == headline:
                return node
    return h1s[0] if h1s else None


def _header_blocks(start: LexborNode, story: list[str]) -> Iterator[tuple[LexborNode, str]]:
    """The blocks read for a byline and dates, in order: the headline's own secondary line
    ("Headline <small>02.02.2022 • Section</small>"), the blocks after the headline, then
    those before it. The opening of the story, where the walk after the headline stops, is
    put in ``story``. A generator: most headers give their byline and date in the first few
    blocks, and each block's text costs a walk of its elements."""
    for node in start.iter():
        if node.tag == "small" and (text := short_text(node, MAX_HEADER_BLOCK_CHARS)):
            yield node, text
    for node, text, is_story in _blocks_after(start):
        if is_story:
            story.append(text)
        else:
            yield node, text
    yield from _blocks_before(start)


def _header_facts(
    start: LexborNode, now: datetime, month_first: bool
) -> tuple[tuple[str, tuple[str, ...]] | None, tuple[PageDate, str, str] | None, tuple[PageDate, str] | None]:
    """(byline, published, modified) from the blocks around the headline and the story's
    opening dateline."""
    byline: tuple[str, tuple[str, ...]] | None = None
    published: tuple[PageDate, str, str] | None = None
    modified: tuple[PageDate, str] | None = None
    story: list[str] = []
    first: DateMatch | None
    update: DateMatch | None
    for node, text in _header_blocks(start, story):
        if byline is None:
            byline = _byline_in(node, text)
        if published is None:
            timed = _time_element_date(node, now)
            if timed is not None:
                published = (timed[0], timed[1], "time-element")
        first, update = _dates_in(text, now, month_first)
        if first is not None and _is_sentence(text) and not _announced(text, first.start):
            first = update = None  # a standfirst's date is what the story is about
        if first is not None and _update_marked(node):
            # "<div class=the-updated-at>": no label needed
            update = update or first
            first = None
        if published is None and first is not None:
            published = (first.value, text[first.start : first.end], "byline-text")
        if modified is None and update is not None:
            modified = (update.value, text[update.start : update.end])
        if byline is not None and published is not None and modified is not None:
            # The header's facts are found; the rest is below them. Without an update's date
            # the walk goes on: forums and blogs print "Last edited on ..." after the post.
            break
    if published is None and story:
        # A dateline: "WASHINGTON, Aug 11, 2024 (Reuters) - ..." at the story's start.
        opening = story[0][:DATELINE_CHARS]
        first, _ = _dates_in(opening, now, month_first)
        if first is not None and _is_dateline_prefix(opening[: first.start]):
            published = (first.value, opening[first.start : first.end], "byline-text")
    return byline, published, modified


def read_visible(
    tree: LexborHTMLParser,
    headline: str | None,
    now: datetime,
    *,
    month_first: bool = False,
    start: LexborNode | None = None,
) -> VisibleByline:
    """The byline and dates shown around the headline element ``start`` (found from the
    headline's text when not given), then in the article (or, without one, the page's text)."""
    start = start or headline_node(tree, headline)
    byline: tuple[str, tuple[str, ...]] | None = None
    published: tuple[PageDate, str, str] | None = None
    modified: tuple[PageDate, str] | None = None
    if start is not None:
        byline, published, modified = _header_facts(start, now, month_first)
        if byline is None and start.tag != "h1":
            # The headline matched a teaser or a caption-sized element (a related story's
            # title); the page's own h1 heads the article whose byline is wanted, and whose
            # date sits beside that byline.
            h1 = tree.css_first("h1")
            if h1 is not None and h1.mem_id != start.mem_id:
                byline, h1_published, h1_modified = _header_facts(h1, now, month_first)
                if byline is not None:
                    published = h1_published or published
                    modified = h1_modified or modified
    if byline is None or published is None:
        # Without a headline element, the article element (or the page) is the scope.
        scope = _article_scope(start) if start is not None else tree.css_first("article, main")
        if scope is not None:
            if byline is None:
                byline = _article_byline(scope)
            if published is None:
                published = _article_date(scope, now, month_first)
        # Labelled credits and publication phrases are read from the article's text; never
        # from the whole page, whose comments and sidebars say "Posted by" too.
        if (byline is None or published is None) and scope is not None:
            text = text_without_scripts(scope, also=READER_CONTENT_SELECTOR)
            if len(text) > MAX_SCAN_HEAD + MAX_SCAN_TAIL:
                text = text[:MAX_SCAN_HEAD] + " \n " + text[-MAX_SCAN_TAIL:]
            if byline is None:
                # A label heading needs its word in the text: the CSS query for headings is
                # run only on articles that have one.
                credits = _keyword_positions(text, _CREDIT_WORDS)
                labelled = any(text.startswith(_HEADING_WORDS, position) for position in credits)
                byline = (
                    (_label_heading_name(scope) if labelled else None)
                    or (_signature(scope) if _ends_with_name(text) else None)
                    or _credit_line(text, credits)
                )
            if published is None:
                lowered = text.lower()
                published = _phrase_date(text, lowered, now, month_first)
                if published is None and modified is None:
                    # The update's label matters when it is the page's only date: it stands in.
                    update = _phrase_date(text, lowered, now, month_first, update=True)
                    modified = update[:2] if update else None
    if published is None and byline is not None:
        published = _byline_date(byline[0], now, month_first)
    return VisibleByline(
        text=_PUNCT_SPACE.sub(r"\1", strip_lead_in(byline[0])) if byline else None,
        names=byline[1] if byline else (),
        published=published[0] if published else None,
        published_raw=published[1] if published else None,
        published_source=published[2] if published else "byline-text",
        modified=modified[0] if modified else None,
        modified_raw=modified[1] if modified else None,
    )
