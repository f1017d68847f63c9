"""What is not the story, as named rules, each with the reason it exists.

A rule is a CSS selector run by Lexbor in C, so the whole pass costs a few tenths of a
millisecond. Rules match on markup (tags, roles, class and id tokens), never on words in a
language, so they work the same on Russian, Japanese or Portuguese pages.

Class and id rules use substring matches (``[class*=share]``) because sites decorate their
tokens (``article-share-bar``, ``ShareButtons``). A match that would swallow the story (it
contains the headline or the marked-up article body) is spared: wrapper classes such as
``page-with-sidebar`` would otherwise take the whole page with them.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Callable, Final, Iterable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .article import DroppedBlock
from .lowercase import lower_aligned
from .streaming import is_placeholder, reveal_segments


@dataclass(frozen=True)
class Rule:
    """One kind of boilerplate: a name for explain mode, why it exists, and what it matches.

    Structure comes as element names (``tags``), ARIA roles (``roles``), inline styles
    (``styles``: ``property:value`` pairs, matched with or without a space after the colon, in
    any case) and, for what those cannot say, a CSS ``selector`` run by Lexbor. ``words``
    match the words of an element's class and id: ``ArticleShareBar`` and
    ``article_share-bar`` both have the word ``share``. A rule word matches the start of a
    class word (``donat`` matches ``donation``), and ``most-read`` matches ``mostRead``,
    ``most_read`` and ``mostread``. Whole words, not substrings, so ``contextmenu`` is not a
    ``menu`` and ``elementor-widget`` is not a sidebar ``widget``. ``names`` are too short to
    be words (``ad`` would match ``adventure``): a class name or id matches one in any case
    when it is the name, or opens with it and a dash or an underscore (``ad``, ``AD-top``,
    ``ad_slot``; not ``adverb`` or ``top-ad``).

    Class words are chosen by people for styling, not for us: ``has-medium-font-size`` is a
    paragraph, a ``grid-toc-content-sidebar`` can hold the whole story. So most rules are
    evidence: their block goes unless it reads as the story's prose. A rule with a
    ``verdict`` drops its block however it reads, and says why.
    """

    name: str
    why: str
    #: Why the rule wins even over story prose; empty for a rule whose match is evidence only,
    #: which spares a block that reads as the story (see `reads_as_prose`).
    verdict: str = ""
    tags: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()
    selector: str = ""
    words: tuple[str, ...] = ()
    names: tuple[str, ...] = ()

    @property
    def structure(self) -> str:
        """What the rule matches besides class and id words, written as CSS (for the docs)."""
        parts = [*self.tags, *(f'[role="{role}"]' for role in self.roles)]
        parts += [f'[style*="{style}" i]' for style in self.styles]
        return ", ".join(part for part in (*parts, self.selector) if part)


# A word starts after a non-alphanumeric character, at the start, or at a camelCase hump
# (checked in Python at the few places a rule word's head is found, see `_word_start`).
_ASCII_ALNUM: Final = frozenset(string.ascii_letters + string.digits)
_HUMP_BEFORE: Final = frozenset(string.ascii_lowercase + string.digits)
_HUMP_AT: Final = frozenset(string.ascii_uppercase)


def trie_pattern(words: frozenset[str]) -> str:
    """A regex matching any of ``words`` (as prefixes), with shared prefixes factored out."""
    by_first: dict[str, set[str]] = {}
    for word in words:
        by_first.setdefault(word[:1], set()).add(word[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        if "" in rests:
            branches.append(re.escape(first))  # a shorter head already matches every longer one
        else:
            branches.append(re.escape(first) + trie_pattern(frozenset(rests)))
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _word_alternatives(words: tuple[str, ...]) -> str:
    return trie_pattern(frozenset(words)).replace("\\-", "[-_]?")


def compile_words(rules: tuple[Rule, ...]) -> re.Pattern[str]:
    """One pattern for every rule's words, in lower case, to match in lowercased text at a word
    start; the named group that matched names the rule."""
    groups = [
        f"(?P<r{index}>{_word_alternatives(tuple(word.lower() for word in rule.words))})"
        for index, rule in enumerate(rules)
        if rule.words
    ]
    return re.compile("|".join(groups))


#: Elements that never hold story text: scripts, styles, embedded media and form controls.
NON_CONTENT_TAGS: Final = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "picture",
    "img",
    "map",
    "select",
    "button",
    "input",
    "textarea",
    "label",
    "dialog",
)

RULES: Final[tuple[Rule, ...]] = (
    Rule(
        "hidden",
        "Text a reader never sees (display:none, hidden, aria-hidden) is not part of the story.",
        verdict="A reader never sees it, however well it reads.",
        styles=("display:none", "visibility:hidden"),
        selector='[hidden], [aria-hidden="true"]',
        words=("sr-only", "visually-hidden", "screen-reader"),
    ),
    Rule(
        "navigation",
        "Menus, breadcrumbs and pagination link to other pages; they are never story text.",
        verdict="A menu holds no story, and mega-menus carry teaser paragraphs that read as prose.",
        tags=("nav",),
        roles=("navigation", "menubar", "menu"),
        words=("breadcrumb", "pagination", "pager", "navbar", "nav-bar", "navigation", "menu", "skip-link",
         "skip-to"),
    ),
    Rule(
        "page-chrome",
        "Site headers, footers and banners repeat on every page of the site.",
        verdict="Footers carry paragraphs about the site (who we are, legal text) that read as prose.",
        tags=("footer",),
        roles=("banner", "contentinfo"),
        # A <header> inside the story holds its headline and byline; only the page's own is chrome.
        selector="body > header",
        words=("site-header", "masthead", "site-footer", "footer", "global-header", "page-header-nav"),
    ),
    Rule(
        "sidebar",
        "Sidebars and complementary regions hold links and widgets beside the story.",
        tags=("aside",),
        roles=("complementary",),
        words=("sidebar", "side-bar", "rail", "sidebox"),
    ),
    Rule(
        "share-bar",
        "Share and follow buttons carry only network names and counts.",
        words=("share", "sharing", "social", "follow-us", "addthis", "sharethis", "sociable"),
    ),
    Rule(
        "ticker",
        "Tickers and 'breaking news' marquees scroll other stories' headlines.",
        tags=("marquee",),
        words=("ticker", "marquee", "breaking-news", "headline-bar", "news-flash"),
    ),
    Rule(
        "donation-plea",
        "Donation and subscription pleas ('Support Our Journalism') address the reader, not the story.",
        verdict="A plea is written as long, link-poor prose addressed to the reader: it reads like a story by design.",
        words=("donat", "support-us", "subscribe", "subscription", "membership",
         "contribut", "piano", "regwall", "register-wall"),
    ),
    Rule(
        "paywall",
        "Paywall prompts ('Subscribe to keep reading') are offers to the reader, not the story.",
        # Evidence only: sites also mark the metered story's own paragraphs with the word.
        words=("paywall", "pay-wall", "metered"),
    ),
    Rule(
        "newsletter",
        "Newsletter sign-up boxes are forms about the site.",
        verdict="A sign-up box is a call to action, however much it says about the newsletter.",
        words=("newsletter", "signup", "sign-up", "optin", "opt-in", "mailing-list", "mailchimp"),
    ),
    Rule(
        "related-links",
        "Related, most-read, trending and 'read more' lists point to other stories.",
        verdict="The next story of an endless scroll, and teasers with excerpts, read as prose by design.",
        words=("related", "most-read", "most-popular", "most-viewed", "popular", "trending",
         "recommend", "read-more", "more-stories", "also-read", "latest-news", "outbrain",
         "taboola", "teaser", "more-from", "further-reading", "next-article", "up-next",
         "you-may-like", "more-on"),
    ),
    Rule(
        "caption-credit",
        "Image captions and photo credits describe pictures, not events.",
        tags=("figure", "figcaption"),
        words=("caption", "credit", "gallery", "slideshow", "carousel", "lightbox", "photo-credit",
         "image-credit", "wp-caption"),
    ),
    Rule(
        "cookie-banner",
        "Cookie and consent banners are legal notices of the site.",
        verdict="A consent notice is paragraphs of legal prose on every page of the site.",
        # Not "cmp-container": Adobe's AEM names every component cmp-, containers included.
        words=("cookie", "consent", "gdpr", "onetrust", "privacy-banner"),
    ),
    Rule(
        "comments",
        "Readers' comments are not the story, however long they run.",
        verdict="Comments are long prose by readers: reading like a story is what they do.",
        words=("comment", "disqus", "respond", "replies", "discussion", "talkback", "reactions"),
    ),
    Rule(
        "advertising",
        "Advertisements and sponsored slots.",
        tags=("amp-ad", "amp-embed", "amp-sticky-ad", "amp-auto-ads"),
        words=("advert", "adslot", "ad-slot", "adunit", "ad-unit", "ad-container", "ad-wrapper",
         "dfp", "sponsor", "promo", "banner", "googlead", "adsense"),
        names=("ad", "ads"),
    ),
    Rule(
        "author-bio",
        "Author biography boxes describe the writer; the byline is read as metadata.",
        words=("author-bio", "authorbio", "author-box", "about-author", "about-the-author",
         "author-info", "bio-box", "author-card"),
    ),
    Rule(
        "reading-time",
        "Reading-time estimates ('4 min read') describe the page's length, not the story.",
        words=("reading-time", "read-time", "readtime", "readingtime", "min-read", "minute-read"),
    ),
    Rule(
        "print-tools",
        "Print, font-size and bookmark toolbars.",
        # Not "font-size": WordPress marks paragraphs with has-small-font-size and the like.
        words=("toolbar", "print", "bookmark", "tools", "utility-bar"),
    ),
    Rule(
        "modal",
        "Pop-ups and modal overlays cover the story; they are not part of it.",
        verdict="An overlay's text is a call to action or a notice, shown over the story.",
        roles=("dialog",),
        words=("modal", "popup", "pop-up", "overlay"),
    ),
)

_RULE_WORDS: Final = compile_words(RULES)
# Names end where the class name or id does, or at a dash or underscore. Longest first: the
# regex takes the first alternative that matches.
_RULE_NAMES: Final = re.compile(
    "(?:"
    + "|".join(
        f"(?P<r{index}>{'|'.join(sorted(map(re.escape, rule.names), key=len, reverse=True))})"
        for index, rule in enumerate(RULES)
        if rule.names
    )
    + r")(?=[-_\s]|\Z)"
)
# The first letters (up to five) of every rule word, and the first part of a dashed one
# ("ad" of "ad-slot"), lowercased, as one pattern shaped like a trie: most class strings share
# no head with any rule word, and this rejects them several times faster than the full
# pattern, whose alternatives Python's regex engine would try one by one at every word start.
# It runs over the lowercased string with no lookbehind and no IGNORECASE (see lowercase.py);
# at each hit that is a word start in the original string (where camelCase humps are still
# visible), the full pattern is tried, anchored.
HEAD_LETTERS: Final = 5
_RULE_HEADS: Final = frozenset(
    head.lower()
    for rule in RULES
    for word in rule.words
    for head in (word.replace("-", "")[:HEAD_LETTERS], word.split("-")[0][:HEAD_LETTERS])
) | frozenset(name.lower()[:HEAD_LETTERS] for rule in RULES for name in rule.names)


_RULE_HEAD_PATTERN: Final = re.compile(trie_pattern(_RULE_HEADS))
# The same heads behind a character that breaks words, for a string with no capital letters
# (most are: "article-body", "share_bar"). With no camelCase humps its words start only at
# its start and after a break, so the search skips from break to break instead of stopping
# at every letter a head opens with. It runs over the string behind a space.
_RULE_HEAD_AFTER_BREAK: Final = re.compile("[^a-z0-9]" + _RULE_HEAD_PATTERN.pattern)

_STORY_MARKERS: Final = 'h1, [itemprop="articlebody" i]'
_UNSEEN: Final = frozenset({"hidden", "modal"})
#: Elements that are one paragraph of text: a long one is prose whatever its class says.
_PARAGRAPH_TAGS: Final = frozenset({"p", "li", "dd", "blockquote"})
# A short post's page holds the most paragraph text in its readers' comments, where the first
# guess then lands: that is no evidence of a story, and sparing the thread hands it the vote.
# Only this verdict overrules the guess: wrappers named for menus or footers do hold stories.
_OVERRULES_GUESS: Final = frozenset({"comments"})
_NEVER_DROP: Final = frozenset({"html", "body", "head", "main", "article"})


def _guess_overruled(index: int | None) -> bool:
    return index is not None and RULES[index].name in _OVERRULES_GUESS


def lineage(node: LexborNode | None) -> set[LexborNode]:
    """``node`` and all its ancestors."""
    out = set()
    while node is not None:
        out.add(node)
        node = node.parent
    return out


def describe_node(node: LexborNode) -> str:
    """A short CSS-like label for a node (``div#main.story``), for explain output."""
    attrs = node.attributes
    out = node.tag or "?"
    if attrs.get("id"):
        out += "#" + str(attrs["id"])
    if attrs.get("class"):
        out += "." + ".".join(str(attrs["class"]).split())
    return out


_NON_CONTENT: Final = frozenset(NON_CONTENT_TAGS)


def _first_rule_by(values_of: Callable[[Rule], tuple[str, ...]]) -> dict[str, int]:
    """Each value some rule names (a tag, a role) mapped to the first such rule's index."""
    out: dict[str, int] = {}
    for index, rule in enumerate(RULES):
        for value in values_of(rule):
            out.setdefault(value, index)
    return out


_TAG_RULES: Final = _first_rule_by(lambda rule: rule.tags)
_ROLE_RULES: Final = _first_rule_by(lambda rule: rule.roles)
_STYLE_RULES: Final = tuple(
    (index, re.compile("|".join(style.replace(":", ": ?") for style in rule.styles), re.IGNORECASE))
    for index, rule in enumerate(RULES)
    if rule.styles
)
_WALKED: Final = _NON_CONTENT | frozenset(_TAG_RULES)


class NonContent:
    """What `strip_non_content` did to a page: the elements boilerplate rules name by tag, with
    their tags, for `strip_boilerplate`; and how many elements it removed from the tree."""

    # A plain class, not a dataclass: mypyc compiles this __init__ (see docs/extraction.md).
    def __init__(self, tagged: list[tuple[LexborNode, str]], removed: int) -> None:
        self.tagged: Final = tagged
        #: Elements removed (hidden segments' placeholders among them): where one stood
        #: between two texts, they are now two text nodes side by side.
        self.removed: Final = removed


def strip_non_content(tree: LexborHTMLParser) -> NonContent:
    """Remove elements that never hold story text (`NON_CONTENT_TAGS`) from the body, in place.

    Returns the elements that boilerplate rules name by tag (``nav``, ``aside``, ...), found on
    the same walk, with their tags, for `strip_boilerplate`, and how many elements went. A page
    streamed by React has its hidden segments moved to their placeholders first (see
    `streaming`).
    """
    # A walk that checks each tag name costs less than a CSS query for twenty tags, and far
    # less than strip_tags, which walks the tree once per tag. remove(), not decompose(): a
    # <script> inside a removed <noscript> is in the list too. Only the body is walked: the
    # head's scripts and styles were read as metadata, and nothing reads the head after.
    if tree.body is None:
        return NonContent([], 0)
    tagged = []
    placeholders = []
    removed = 0
    for node, tag in [(node, tag) for node in tree.body.traverse() if (tag := node.tag) in _WALKED]:
        if tag == "template" and is_placeholder(node):
            placeholders.append(node)
        elif tag in _NON_CONTENT:
            node.remove()
            removed += 1
        else:
            tagged.append((node, tag))
    reveal_segments(tree.body, placeholders)
    return NonContent(tagged, removed + len(placeholders))


class ClassIds:
    """The elements that have a class or an id, each with both ("" for one it lacks), in page
    order, and the distinct class and id strings among them."""

    # A plain class, not a dataclass: mypyc compiles this __init__ (see docs/extraction.md).
    def __init__(self, elements: list[tuple[LexborNode, str, str]], names: list[str]) -> None:
        self.elements: Final = elements
        self.names: Final = names


# ":not([class])" keeps an element with both attributes from being listed twice.
_CLASS_OR_ID: Final = "[class], [id]:not([class])"


def class_ids(root: LexborNode) -> ClassIds:
    """The elements under ``root`` that have a class or an id: one query, read by the error-page
    check and by the boilerplate rules."""
    elements: list[tuple[LexborNode, str, str]] = []
    names: dict[str, None] = {}  # a set that keeps the order (verdicts do not depend on it)
    for node in root.css(_CLASS_OR_ID):
        attrs = node.attributes
        class_name, id_name = attrs.get("class") or "", attrs.get("id") or ""
        elements.append((node, class_name, id_name))
        if class_name:
            names[class_name] = None
        if id_name:
            names[id_name] = None
    return ClassIds(elements, list(names))


def _structure_rule(node: LexborNode) -> int | None:
    """The first rule whose role or inline style ``node`` has, if any."""
    attrs = node.attributes
    found = _ROLE_RULES.get(attrs.get("role") or "")
    style = attrs.get("style")
    if style:
        for index, pattern in _STYLE_RULES:
            if found is not None and found <= index:
                break
            if pattern.search(style):
                found = index
                break
    return found


def _word_rule(class_or_id: str) -> int | None:
    """The index in `RULES` of the first rule whose words or names ``class_or_id`` contains,
    if any (the first found, left to right)."""
    match = _word_match(class_or_id)
    return int(match.lastgroup[1:]) if match is not None and match.lastgroup else None


def _word_match(class_or_id: str) -> re.Match[str] | None:
    """The first rule word or name in ``class_or_id`` (see `_word_rule`), as a match in its
    lowercased text, whose group names the rule."""
    # Every place a rule word starts is a place a head starts, so the full pattern is only
    # tried, anchored, where a head is found: far cheaper than searching the whole string.
    # The full pattern is case-sensitive and run on the lowered text: a case-insensitive
    # alternation compares every character both ways, at a quarter more cost.
    lowered = lower_aligned(class_or_id)
    # Behind the space, a head found at index i of the searched text (its break) starts at
    # index i of ``lowered``, as it does without one.
    if lowered == class_or_id:
        searched, heads = " " + lowered, _RULE_HEAD_AFTER_BREAK
    else:
        searched, heads = lowered, _RULE_HEAD_PATTERN
    head = heads.search(searched)
    while head is not None:
        start = head.start()
        if _word_start(class_or_id, start):
            match = _RULE_WORDS.match(lowered, start)
            if match is None and (start == 0 or class_or_id[start - 1].isspace()):
                match = _RULE_NAMES.match(lowered, start)
            if match is not None and match.lastgroup:
                return match
        head = heads.search(searched, start + 1)
    return None


def _word_start(text: str, index: int) -> bool:
    """Whether a word starts at ``index``: at the start, after a character that is not an ASCII
    letter or digit, or at a camelCase hump (``ShareBar``)."""
    if index == 0:
        return True
    before = text[index - 1]
    return before not in _ASCII_ALNUM or (before in _HUMP_BEFORE and text[index] in _HUMP_AT)


def _detached(node: LexborNode, root: LexborNode) -> bool:
    current: LexborNode | None = node
    while current is not None:
        if current.mem_id == root.mem_id:
            return False
        current = current.parent
    return True


#: A block an evidence rule matched stays when it holds at least this many paragraphs...
PROSE_PARAGRAPHS: Final = 2
#: ... of at least this many characters each (a sentence or two, longer than a teaser's line)...
PROSE_PARAGRAPH_CHARS: Final = 80
#: ... whose text is at most this share links.
PROSE_LINK_DENSITY: Final = 0.2


def _link_poor(paragraph: LexborNode, length: int) -> bool:
    links = sum(len(a.text_lexbor()) for a in paragraph.css("a"))
    return links <= PROSE_LINK_DENSITY * length


def prose_paragraphs(node: LexborNode, limit: int) -> int:
    """How many long, link-poor ``<p>`` paragraphs ``node`` holds, counting up to ``limit``."""
    # Most matched blocks (share bars, menus, credits) are short: one length read rules them out.
    if len(node.text_lexbor()) < PROSE_PARAGRAPHS * PROSE_PARAGRAPH_CHARS:
        return 0
    found = 0
    for paragraph in node.css("p"):
        length = len(paragraph.text_lexbor().strip())
        if length >= PROSE_PARAGRAPH_CHARS and _link_poor(paragraph, length):
            found += 1
            if found == limit:
                break
    return found


def reads_as_prose(node: LexborNode, rule: Rule, story: LexborNode | None) -> bool:
    """Whether ``node`` reads as the story's prose, which a class word alone must not delete:
    a long, link-poor paragraph; a figure round a table (data, not a picture's caption); or
    several long, link-poor paragraphs within the first guess at the story (``story``)."""
    tag = node.tag or ""
    if rule.name == "caption-credit":
        # A caption is a sentence or two of prose by nature: only a table makes it story.
        return tag == "figure" and node.css_first("table") is not None
    if tag in _PARAGRAPH_TAGS:
        length = len(node.text_lexbor().strip())
        return length >= PROSE_PARAGRAPH_CHARS and _link_poor(node, length)
    return story is not None and _inside(node, story) and prose_paragraphs(node, PROSE_PARAGRAPHS) >= PROSE_PARAGRAPHS


def _inside(node: LexborNode, container: LexborNode) -> bool:
    current = node.parent
    while current is not None:
        if current.mem_id == container.mem_id:
            return True
        current = current.parent
    return False


def _match_kind(node: LexborNode, tag: str, rule: Rule) -> str:
    """What in ``node``'s markup the rule matched, for explain mode."""
    if tag in rule.tags:
        return f"tag <{tag}>"
    attrs = node.attributes
    if attrs.get("role") in rule.roles:
        return f'role="{attrs.get("role")}"'
    for name in (attrs.get("class") or "", attrs.get("id") or ""):
        match = _word_match(name) if name else None
        if match is not None and match.lastgroup and RULES[int(match.lastgroup[1:])] is rule:
            return f'class/id word "{name[match.start():match.end()]}" in "{name}"'
    style = attrs.get("style") or ""
    if rule.styles and any(pattern.search(style) for _, pattern in _STYLE_RULES):
        return f'style "{" ".join(style.split())[:60]}"'
    return f"selector {rule.selector}"


def _evidence(node: LexborNode, rule: Rule) -> str:
    kind = _match_kind(node, node.tag or "", rule)
    if rule.verdict:
        return f"{kind}; verdict: {rule.verdict}"
    found = prose_paragraphs(node, PROSE_PARAGRAPHS)
    return f"{kind}; {found} long link-poor paragraph{'s' * (found != 1)} here: does not read as the story's prose"


class Matches:
    """What the rules matched on a page: the blocks to drop, with the index of their rule in
    `RULES`, and those an evidence rule matched but their prose spared."""

    def __init__(self, drops: list[tuple[LexborNode, int]], spared: list[tuple[LexborNode, int]]) -> None:
        self.drops: Final = drops
        self.spared: Final = spared


def match_boilerplate(
    root: LexborNode,
    story: LexborNode | None,
    *,
    tagged: Iterable[tuple[LexborNode, str]],
    classed: ClassIds,
) -> Matches:
    """Which blocks under ``root`` are boilerplate, by which rule (see `strip_boilerplate`);
    nothing is removed."""
    # Each simple selector of a CSS query costs a pass over the page, so tags come from the
    # walk that removed non-content elements, and roles and styles are read in Python from
    # the few elements that have such attributes. What only CSS says well runs in C, one
    # query per rule. Class and id words are tested in Python once per distinct string:
    # a CSS substring selector per word would cost Lexbor a case-insensitive scan of the page.
    matched: dict[LexborNode, int] = {}

    def claim(node: LexborNode, index: int | None) -> None:
        if index is not None and index < matched.get(node, len(RULES)):
            matched[node] = index

    for node, tag in tagged:
        claim(node, _TAG_RULES[tag])
    for node in root.css("[role], [style]:not([role])"):
        claim(node, _structure_rule(node))
    for index, rule in enumerate(RULES):
        if rule.selector:
            for node in root.css(rule.selector):
                claim(node, index)
    # Rule words never span a space, so the class and the id are judged apart, and each
    # distinct string once, though sites repeat theirs on hundreds of elements.
    verdicts = {name: _word_rule(name) for name in classed.names}
    for node, class_name, id_name in classed.elements:
        word_index = verdicts.get(class_name)
        if word_index is None:
            word_index = verdicts.get(id_name)
        if word_index is not None:
            # A class word says more than a tag: an <aside class="newsletter"> is reported
            # as a newsletter box, not as a sidebar.
            matched[node] = word_index
    # Whatever holds the headline or the marked-up article body stays, whatever its class.
    # But a heading the reader never sees, in a hidden box or a pop-up ("Republish this
    # story"), marks no story.
    guessed = lineage(story)
    spared = {node for node in guessed if not _guess_overruled(matched.get(node))}
    markers: set[LexborNode] = set()
    for marker in root.css(_STORY_MARKERS):
        line = lineage(marker)
        if not any(RULES[matched[node]].name in _UNSEEN for node in line if node in matched):
            markers |= line
    matches = _sorted_matches(matched, spared | markers, story)
    if len(spared) < len(guessed) and not _paragraph_outside(root, matches.drops):
        # A comments verdict that would leave the page without a paragraph named a wrapper
        # (a "comment on selection" tool around the post), not a thread beside the story.
        matches = _sorted_matches(matched, guessed | markers, story)
    return matches


def _sorted_matches(matched: dict[LexborNode, int], spared: set[LexborNode], story: LexborNode | None) -> Matches:
    drops: list[tuple[LexborNode, int]] = []
    by_prose: list[tuple[LexborNode, int]] = []
    for node, index in matched.items():
        if node in spared or node.tag in _NEVER_DROP:
            continue
        if not RULES[index].verdict and reads_as_prose(node, RULES[index], story):
            by_prose.append((node, index))  # a class word is evidence; the story's prose outweighs it
        elif RULES[index].name in _LEAD_AWAY and _just_before(node, story) and _linkless_prose(node):
            by_prose.append((node, index))
        else:
            drops.append((node, index))
    return Matches(drops, by_prose)


#: Rules for blocks that lead the reader to other pages: one that links nowhere and reads as a
#: paragraph is the story's own standfirst (German sites call it the "Teaser").
_LEAD_AWAY: Final = frozenset({"related-links"})
#: How far up from a standfirst its story's container may branch off.
_STANDFIRST_LEVELS: Final = 4


def _linkless_prose(node: LexborNode) -> bool:
    """One paragraph of sentences, with no link in or around it. (The next story of an endless
    scroll links nowhere either, but comes with its headline and paragraphs.)"""
    if node.css_first("a[href], h1, h2, h3, h4, h5, h6") is not None or _inside_link(node):
        return False
    if len(node.css("p")) > 1:
        return False
    text = node.text_lexbor().strip()
    return len(text) >= PROSE_PARAGRAPH_CHARS and ". " in text


def _just_before(node: LexborNode, story: LexborNode | None) -> bool:
    """Whether ``node`` comes before ``story`` (the first guess) within a few levels of it,
    where a standfirst stands; teasers of other stories stand after it, or far away."""
    if story is None:
        return False
    branch = node
    for _ in range(_STANDFIRST_LEVELS):
        parent = branch.parent
        if parent is None:
            return False
        if _inside(story, parent):
            child = parent.child
            while child is not None:
                if child.mem_id == branch.mem_id:
                    return True
                if child.mem_id == story.mem_id or _inside(story, child):
                    return False
                child = child.next
            return False
        branch = parent
    return False


def _inside_link(node: LexborNode) -> bool:
    current = node.parent
    while current is not None:
        if current.tag == "a":
            return True
        current = current.parent
    return False


def _paragraph_outside(root: LexborNode, drops: list[tuple[LexborNode, int]]) -> bool:
    """Whether a paragraph's worth of text (in a ``<p>`` or loose, between ``<br>``) lies
    outside every block in ``drops``."""
    dropped = {node for node, _ in drops}
    return any(
        len((node.text_content or "").strip()) >= PROSE_PARAGRAPH_CHARS and not (lineage(node) & dropped)
        for node in root.traverse(include_text=True)
        if node.tag == "-text"
    )


def strip_boilerplate(
    tree: LexborHTMLParser,
    story: LexborNode | None,
    *,
    tagged: Iterable[tuple[LexborNode, str]],
    classed: ClassIds,
    explain: bool = False,
) -> tuple[list[DroppedBlock], int]:
    """Remove every boilerplate block from ``tree`` in place.

    ``tagged`` holds the elements `strip_non_content` found by tag name, with their tags, and
    ``classed`` those with a class or an id (`class_ids`), both from after that pass.
    ``story`` (the first guess at the story's container) and its ancestors are never removed:
    a wrapper named ``mainContent hasActionsRail`` must not take the story with it. Returns what
    was removed, by which rule and on what evidence, when ``explain`` is set (else an empty
    list), and how many blocks were removed.
    """
    dropped: list[DroppedBlock] = []
    root = tree.body
    if root is None:
        return dropped, 0
    drops = match_boilerplate(root, story, tagged=tagged, classed=classed).drops
    for node, index in drops:
        rule = RULES[index]
        if explain:
            if _detached(node, root):
                continue  # inside a block already dropped and reported
            text = " ".join(node.text(separator=" ").split())
            dropped.append(DroppedBlock(rule.name, node.tag or "", describe_node(node), text[:200], _evidence(node, rule)))
        # remove(), not decompose(): later matches may lie inside this node, and a destroyed
        # node's descendants would be dangling pointers.
        node.remove()
    return dropped, len(drops)
