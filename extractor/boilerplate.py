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

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .article import DroppedBlock


@dataclass(frozen=True)
class Rule:
    """One kind of boilerplate: a name for explain mode, why it exists, and what it matches."""

    name: str
    why: str
    selector: str
    #: Spare matches that hold the headline or the article body (see module docstring).
    spare_story: bool = True


def _tokens(*words: str, attrs: tuple[str, ...] = ("class", "id")) -> str:
    return ", ".join(f'[{attr}*="{word}" i]' for word in words for attr in attrs)


#: Elements that never hold story text: scripts, styles, embedded media and form controls.
NON_CONTENT_TAGS = (
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

RULES: tuple[Rule, ...] = (
    Rule(
        "hidden",
        "Text a reader never sees (display:none, hidden, aria-hidden) is not part of the story.",
        '[hidden], [aria-hidden="true"], [style*="display:none" i], [style*="display: none" i],'
        ' [style*="visibility:hidden" i], [style*="visibility: hidden" i]',
    ),
    Rule(
        "navigation",
        "Menus, breadcrumbs and pagination link to other pages; they are never story text.",
        'nav, [role="navigation"], [role="menubar"], [role="menu"], '
        + _tokens("breadcrumb", "pagination", "pager", "navbar", "menu", "skip-link", "skiplink"),
    ),
    Rule(
        "page-chrome",
        "Site headers, footers and banners repeat on every page of the site.",
        'body > header, body > footer, footer, [role="banner"], [role="contentinfo"], '
        + _tokens("site-header", "siteheader", "masthead", "site-footer", "sitefooter", "footer"),
    ),
    Rule(
        "sidebar",
        "Sidebars and complementary regions hold links and widgets beside the story.",
        'aside, [role="complementary"], ' + _tokens("sidebar", "side-bar", "rail", "widget"),
    ),
    Rule(
        "share-bar",
        "Share and follow buttons carry only network names and counts.",
        _tokens("share", "social", "sharing", "follow-us", "followus", "addthis", "sharethis"),
    ),
    Rule(
        "ticker",
        "Tickers and 'breaking news' marquees scroll other stories' headlines.",
        "marquee, " + _tokens("ticker", "marquee", "breaking-news", "breakingnews", "headline-bar"),
    ),
    Rule(
        "donation-plea",
        "Donation and subscription pleas ('Support Our Journalism') address the reader, not the story.",
        _tokens("donat", "support-us", "supportus", "paywall", "subscribe", "subscription",
                "membership", "contribut", "premium-promo", "piano"),
    ),
    Rule(
        "newsletter",
        "Newsletter sign-up boxes are forms about the site.",
        _tokens("newsletter", "signup", "sign-up", "optin", "opt-in", "mailing-list"),
    ),
    Rule(
        "related-links",
        "Related, most-read, trending and 'read more' lists point to other stories.",
        _tokens("related", "most-read", "mostread", "most-popular", "mostpopular", "popular",
                "trending", "recommend", "read-more", "readmore", "more-stories", "morestories",
                "also-read", "alsoread", "latest-news", "latestnews", "outbrain", "taboola",
                "teaser", "more-from", "further-reading", "next-article", "upnext", "up-next"),
    ),
    Rule(
        "caption-credit",
        "Image captions and photo credits describe pictures, not events.",
        "figure, figcaption, " + _tokens("caption", "credit", "photo-", "image-", "gallery",
                                         "slideshow", "carousel", "lightbox", "media-"),
    ),
    Rule(
        "cookie-banner",
        "Cookie and consent banners are legal notices of the site.",
        _tokens("cookie", "consent", "gdpr", "cmp-", "onetrust", "privacy-banner"),
    ),
    Rule(
        "comments",
        "Readers' comments are not the story, however long they run.",
        _tokens("comment", "disqus", "respond", "replies", "discussion", "talkback"),
    ),
    Rule(
        "advertising",
        "Advertisements and sponsored slots.",
        '[class~="ad"], [class~="ads"], [id^="ad-" i], [id^="ad_" i], [class^="ad-" i], '
        + _tokens("advert", "-ad-", "adslot", "ad-slot", "adunit", "ad-unit", "dfp", "sponsor",
                  "promo", "banner", "dotcom-ad"),
    ),
    Rule(
        "author-bio",
        "Author biography boxes describe the writer; the byline is read as metadata.",
        _tokens("author-bio", "authorbio", "author-box", "authorbox", "about-author",
                "about-the-author", "author-info", "bio-box"),
    ),
    Rule(
        "print-tools",
        "Print, font-size and bookmark toolbars.",
        _tokens("toolbar", "print-", "font-size", "fontsize", "bookmark", "tools"),
    ),
    Rule(
        "modal",
        "Pop-ups and modal overlays cover the story; they are not part of it.",
        _tokens("modal", "popup", "pop-up", "overlay", "lightbox"),
    ),
)

_STORY_MARKERS = 'h1, [itemprop="articleBody"], [itemprop="articlebody"]'
_NEVER_DROP = frozenset({"html", "body", "head", "main", "article"})


def _spared(node: LexborNode, protected: frozenset[LexborNode]) -> bool:
    return (
        node in protected
        or node.tag in _NEVER_DROP
        or node.css_first(_STORY_MARKERS) is not None
    )


def describe_node(node: LexborNode) -> str:
    """A short CSS-like label for a node (``div#main.story``), for explain output."""
    attrs = node.attributes
    out = node.tag or "?"
    if attrs.get("id"):
        out += "#" + str(attrs["id"])
    if attrs.get("class"):
        out += "." + ".".join(str(attrs["class"]).split())
    return out


def strip_non_content(tree: LexborHTMLParser) -> None:
    """Remove elements that never hold story text (`NON_CONTENT_TAGS`), in place."""
    tree.strip_tags(list(NON_CONTENT_TAGS))


def strip_boilerplate(
    tree: LexborHTMLParser,
    protected: frozenset[LexborNode] = frozenset(),
    *,
    explain: bool = False,
) -> list[DroppedBlock]:
    """Remove every boilerplate block from ``tree`` in place.

    ``protected`` nodes (the likely story container and its ancestors) are never removed:
    class rules match on substrings, and a wrapper named ``mainContent hasActionsRail`` must
    not take the story with it. Returns what was removed, by which rule, when ``explain`` is
    set (else an empty list).
    """
    dropped: list[DroppedBlock] = []
    root = tree.body
    if root is None:
        return dropped
    for rule in RULES:
        for node in root.css(rule.selector):
            if rule.spare_story and _spared(node, protected):
                continue
            if explain:
                text = " ".join(node.text(separator=" ").split())
                dropped.append(DroppedBlock(rule.name, node.tag or "", describe_node(node), text[:200]))
            node.decompose()
    return dropped
