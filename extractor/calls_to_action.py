"""Calls to action inside or beside the story, recognised by what they ask the reader to do.

Donation pleas, subscription and membership offers, newsletter sign-ups and app downloads
often sit in boxes whose class names say nothing (``support-box``, ``callout``), and their
long paragraph of appeal reads like prose. What gives them away is where they send the
reader: a link or a form to a donate, subscribe or join page, or to an app store. A box of
short text around such a link, inside the story's containers, is the call to action.

The target words are URL words, in the few languages sites use for these paths; they only
ever confirm structure (a link or a form in a small box), never stand alone.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

#: Words of a URL's path or query that name what a call to action asks for.
TARGET_WORDS: Final = frozenset({
    "donate", "donation", "donations", "donor", "give", "giving", "contribute", "contribution",
    "support", "supporter", "membership", "member", "members", "join", "subscribe",
    "subscription", "subscriptions", "newsletter", "newsletters", "signup", "sign-up",
    "register", "spenden", "spende", "unterstuetzen", "abo", "abonnement", "abonnieren",
    "abonner", "abonnez", "soutenir", "soutien", "faire-un-don", "don", "dons", "donar",
    "dona", "donazione", "sostieni", "suscribete", "suscripcion", "suscribirse", "assine",
    "assinatura", "apoie", "doe", "steun", "lidmaatschap", "word-lid",
})  # fmt: skip
#: Hosts that sell apps ("Download our app").
APP_STORE_HOSTS: Final = frozenset({"apps.apple.com", "itunes.apple.com", "play.google.com"})
#: A call to action says little: a box with more text than this is story, whatever it links to.
MAX_CHARS: Final = 1000
#: ... and less than this share of the story's text.
MAX_STORY_SHARE: Final = 0.5
#: Boxes a call to action is drawn in (a paragraph with a link in it is the story's own).
BOX_TAGS: Final = frozenset({"div", "section", "aside", "form", "figure", "center"})
_SEGMENT_HEAD: Final = re.compile(
    "(?:" + "|".join(sorted(map(re.escape, TARGET_WORDS), key=len, reverse=True)) + r")(?:[-_.]|\Z)"
)


def asks_reader(href: str) -> bool:
    """Whether a link to ``href`` asks the reader to give, subscribe, join or install: its last
    path segment (or a query value) opens with a target word (``/donate``, ``/join-us``,
    ``?action=subscribe``). A word later in a segment is a story's slug (``to-join-saracens``)."""
    try:
        parts = urlsplit(href.strip().lower())
    except ValueError:
        return False
    if parts.hostname in APP_STORE_HOSTS:
        return True
    # The page asked for is the path's last segment: /donate, /join-us, /newsletters/ (a
    # story filed under /newsletters/playbook/... or /support/healthy-living/... is content).
    path = [segment for segment in parts.path.split("/") if segment]
    values = [pair.partition("=")[2] for pair in parts.query.split("&")]
    return any(_SEGMENT_HEAD.match(segment) is not None for segment in (*path[-1:], *values))


def call_to_action_boxes(story: LexborNode, story_chars: int) -> list[LexborNode]:
    """The boxes under ``story`` (not ``story`` itself) that are calls to action: for each link
    or form asking the reader something, the largest enclosing box that stays short."""
    limit = min(MAX_CHARS, MAX_STORY_SHARE * story_chars)
    found: dict[int, LexborNode] = {}
    for action in story.css("a[href], form"):
        if action.tag == "a" and not asks_reader(action.attributes.get("href") or ""):
            continue
        box = _enclosing_box(action, story, limit)
        if box is not None:
            found.setdefault(box.mem_id, box)
    return _outermost(list(found.values()))


def _enclosing_box(action: LexborNode, story: LexborNode, limit: float) -> LexborNode | None:
    """The largest box between ``action`` and ``story`` whose text stays under ``limit``."""
    box = action if action.tag in BOX_TAGS else None
    node = action.parent
    while node is not None and node.mem_id != story.mem_id:
        if len(node.text_lexbor()) > limit:
            break
        if node.tag in BOX_TAGS:
            box = node
        node = node.parent
    return box


def _outermost(boxes: list[LexborNode]) -> list[LexborNode]:
    ids = {box.mem_id for box in boxes}
    out = []
    for box in boxes:
        node = box.parent
        while node is not None and node.mem_id not in ids:
            node = node.parent
        if node is None:
            out.append(box)
    return out
