"""The page's copyright holder: who answers for a page that credits no writer.

A personal site or a company's press page often has no byline, no author meta tag and no
JSON-LD author, yet its footer says whose work it is: "© 2025 Jane Doe", "Copyright (c)
2012- Jane Doe. All rights reserved.", "© Acme Energie AG 2022. Alle Rechte vorbehalten."
That holder is the page's author of record, and is read only when no other source names one.
Notices are searched from the end of the page, where the site's footer is: a photo credit
("© Getty Images/Jane Doe") sits in the story, before it, and in elements marked as pictures.
"""

from __future__ import annotations

import re
from itertools import takewhile
from typing import Final

from selectolax.lexbor import LexborHTMLParser

from ..html import select
from .text import short_text

#: Elements that may hold the site's copyright notice.
COPYRIGHT_SELECTOR: Final = (
    "footer, [class*=copyright i], [id*=copyright i], [id*=footer i]"
)

#: Most candidate elements read, from the end of the page.
MAX_NOTICE_NODES: Final = 40

#: Longest element text read as a notice; a longer footer is read through its parts.
MAX_NOTICE_CHARS: Final = 300

#: Characters after the copyright mark that may hold the holder's name.
MAX_HOLDER_CHARS: Final = 100

# The copyright mark, then years ("2012-", "1999 - 2021", "MMVIII"), a second mark and "by".
_MARK: Final = re.compile(
    r"(?:©|\(c\)|\bcopyright\b)(?:\s*(?:©|\(c\)|\bcopyright\b|\d{4}(?:\s*[-–—]\s*(?:\d{4})?)?|"
    r"\b(?-i:[MDCLXVI]{2,})\b|[,.:]))*\s*(?:by\s+)?",
    re.IGNORECASE,
)
# Where the holder's name ends: a separator, a sentence's end (not an initial's dot), a year,
# or the rights clause.
_HOLDER_END: Final = re.compile(
    r"\s*(?:[|•·©;(]|(?<!\b[A-Z])\.(?:\s|$)|,|\s[-–—]\s|\d{4}|"
    r"\b(?:all|alle|tous|todos|tutti)\s+(?:rights|rechte|droits|los derechos|i diritti|os direitos)\b)",
    re.IGNORECASE,
)
# A notice says what it is: a year or a rights clause. A bare "© Jane Doe" is a picture's credit.
_NOTICE_WORDS: Final = re.compile(
    r"\d{4}|\b(?:rights|rechte|droits|derechos|diritti|direitos|rechten)\b", re.IGNORECASE
)
# Elements marked as a picture's credit, whose notice names a photographer.
_PICTURE_MARK: Final = re.compile(
    r"image|img|photo|foto|bild|picture|teaser|caption|media|figure|person", re.IGNORECASE
)
# Words that, right after the mark, show the notice names no holder ("Copyright Notice",
# "© 2025 All rights reserved" is cut before; "© This work is licensed...").
_NOT_HOLDER_START: Final = frozenset(
    "notice policy information infringement statement license licence agent settings text "
    "content contents this our all".split()
)
# The footer's links, which may follow the holder without a separator ("© 2019 Appen Limited
# Privacy Statement") or stand in its place ("© 2008 Advertise | Privacy | Terms").
_FOOTER_LINKS: Final = frozenset(
    "advertise advertising privacy terms contact imprint impressum sitemap site help feedback "
    "about home jobs rss datenschutz".split()
)
# Words that show the text after the mark is the site's software or design credit.
_NOT_HOLDER_WORDS: Final = frozenset("powered designed entries theme wordpress".split())

#: Most words and characters in a holder's name ("Capital Newspapers Division of The Hearst
#: Corporation" is the longest kept).
MAX_HOLDER_WORDS, MAX_HOLDER_CHARS_KEPT = 8, 60


def copyright_holder(tree: LexborHTMLParser) -> str | None:
    """The holder named by the last copyright notice in the page's footer, or None."""
    nodes = select(tree, COPYRIGHT_SELECTOR)
    for node in reversed(nodes[-MAX_NOTICE_NODES:]):
        attrs = node.attributes
        if _PICTURE_MARK.search(f"{attrs.get('class') or ''} {attrs.get('id') or ''}"):
            continue
        text = short_text(node, MAX_NOTICE_CHARS)
        holder = holder_in(text) if text else None
        if holder is not None:
            return holder
    return None


def holder_in(text: str) -> str | None:
    """The holder a notice text names ("© 2025 Jane Doe. All rights reserved." gives "Jane
    Doe"), or None when it names none ("© 2025", "Copyright Notice", a photo's "© Jane Doe")."""
    mark = _MARK.search(text)
    if mark is None or not _NOTICE_WORDS.search(text):
        return None
    after = text[mark.end() : mark.end() + MAX_HOLDER_CHARS]
    end = _HOLDER_END.search(after)
    words = (after[: end.start()] if end else after).strip(" \t:/-–—").split()
    kept = list(takewhile(lambda w: w.casefold() not in _FOOTER_LINKS, words))
    holder = " ".join(kept).rstrip(" :/-–—")
    if (
        not kept or len(kept) > MAX_HOLDER_WORDS or len(holder) > MAX_HOLDER_CHARS_KEPT
        or not kept[0][0].isalpha() or kept[0][0].islower() or kept[0].casefold() in _NOT_HOLDER_START
        or any(w.casefold() in _NOT_HOLDER_WORDS for w in kept)
    ):
        return None
    return holder
