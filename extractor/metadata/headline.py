"""The headline: the story's title as the page shows it, without the site's name.

Metadata titles (``og:title``, JSON-LD ``headline``, ``<title>``) often carry the site's name
(" | Site", " - Site", "Site: "), and sometimes an SEO variant of the headline. The visible
headline is what readers (and annotators) see, so a visible heading that matches the metadata
title wins; otherwise the metadata title is used with the site suffix cut.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Mapping, Sequence
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..html import select
from .authors import looks_like_byline
from .text import short_text, squash

#: Visible elements that may hold the headline, read first; the second group is read only
#: when no element of the first matches a metadata title (each query walks the whole tree).
HEADLINE_SELECTOR: Final = "h1, [itemprop~=headline]"
SECOND_SELECTOR: Final = "h2, [class*=headline i]"

#: Weaker places for a headline (old layouts), read only when no heading above matches.
FALLBACK_SELECTOR: Final = "h3, [class*=title i], [class*=head i], b, strong"

#: Where an old layout whose ``<title>`` is generic shows the story's headline ("<span
#: class=headingstory>", "<td class=contentheading>", "<h2>"), read only in that case.
STORY_SELECTOR: Final = "h2, h3, h4, [class*=head i], [class*=title i]"

#: Share of a heading's (or the title's, if shorter) words the two may share for the heading to
#: replace the title: more, and the title is a variant of that heading, not a generic title.
MAX_SHARED_SHARE: Final = 0.5

#: Ancestors looked at for a link around a heading.
LINK_DEPTH: Final = 4

#: Parts of a heading that are not the headline: kickers above it, screen-reader labels, and a
#: secondary line in ``<small>`` (a date, a section: "Headline <small>02.02.2022</small>").
KICKER_SELECTOR: Final = (
    "[class*=kicker i], [class*=roofline i], [class*=overline i], [class*=topline i], "
    "[class*=dachzeile i], [class*=eyebrow i], [class*=supertitle i], [class*=spitzmarke i], "
    "[class*=sr-only i], [class*=visually-hidden i], [class*=screen-reader i], "
    "[class*=visuallyhidden i], small"
)

#: Most visible candidates compared with the metadata title (the first ones in page order).
MAX_VISIBLE_CANDIDATES: Final = 60

#: A heading shorter or longer than this (in characters) is not a headline.
MIN_HEADLINE_CHARS, MAX_HEADLINE_CHARS = 6, 400

#: Share of a heading's words that must appear in the metadata title for them to "match".
MIN_MATCH_PRECISION: Final = 0.8

#: Share of the (site-less) metadata title's words the heading must cover.
MIN_MATCH_RECALL: Final = 0.6

#: Fewest words a lone h1 needs to be taken as the headline when no metadata title matches it.
MIN_LONE_H1_WORDS: Final = 3

#: Most h1 elements a page may have for its first headline-like one to be trusted.
MAX_H1S: Final = 1

#: Smallest share of the metadata title's words a part of it must hold to be matched alone
#: (0: any part of three words or more; a higher share lost more headlines than it saved).
MIN_PART_SHARE: Final = 0.0

# Han and kana: written without spaces, so each character is a word for comparisons (a run of
# them would make a whole Chinese or Japanese headline one "word").
_CJK: Final = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Chinese and Japanese titles glue the site's name on without spaces ("标题！-新华网").
_CJK_SEPARATOR: Final = rf"(?<=[{_CJK}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20])[-–—｜]"
_SEPARATORS: Final = re.compile(
    r"\s+[|\-–—:·•»«/~]+\s+|\s*[|·•»«｜]\s*|:\s+|\s+::\s+|" + _CJK_SEPARATOR
)
_WORD: Final = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
_SUFFIX: Final = re.compile(
    r"^(.*\S)(?:\s+[|\-–—]\s+|\s*\|\s*|" + _CJK_SEPARATOR + r")([^|\-–—]{1,60})$"
)
# A writer's credit set on its own line under a headline, inside the heading element: Japanese
# and Chinese role titles before the name ("編集委員　中沢克二", "记者 张三"), Korean after it
# ("홍길동 기자").
_CJK_CREDIT: Final = re.compile(
    r"^(?:(?:上級)?(?:編集|論説|解説|専門)委員|特派員|記者|记者|支局長|編集部|編集長|本社|文|撮影)"
    r"[\s:：/＝=]*\S{1,12}$|^\S{2,5}\s*(?:기자|특파원|논설위원)$"
)

#: Longest line under a headline read as its writer's credit.
MAX_CREDIT_LINE_CHARS: Final = 40


class Headline:
    """The chosen headline, where it came from, the raw value it was cut from, and the visible
    element showing it (where the byline search starts), when one does."""

    # A plain class, not a dataclass: mypyc compiles this __init__ (see docs/extraction.md).
    def __init__(self, text: str, source: str, raw: str, node: LexborNode | None = None) -> None:
        self.text: Final = text
        self.source: Final = source
        self.raw: Final = raw
        self.node: Final = node


def words(text: str) -> list[str]:
    """Comparison tokens: NFKC, case-folded words."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _site_tokens(site_name: str | None, url: str | None) -> set[str]:
    """Words that name the site: its name and its domain's labels (``www.nytimes.com`` -> nytimes)."""
    tokens = set(words(site_name or ""))
    host = urlsplit(url or "").hostname or ""
    for label in host.split(".")[:-1]:
        if label not in ("www", "m", "amp", "co", "com", "news"):
            tokens.add(label)
    return tokens


def _is_site_part(part: str, site: set[str]) -> bool:
    tokens = words(part)
    if not tokens:
        return True
    joined = "".join(tokens)
    return all(t in site for t in tokens) or joined in site or (len(tokens) <= 4 and any(
        t in site and len(t) > 3 for t in tokens))


def strip_site(title: str, site_name: str | None, url: str | None) -> str:
    """The title without the site's name before or after a separator."""
    parts = [p for p in _SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title.strip()
    site = _site_tokens(site_name, url)
    kept = parts
    if site:
        while len(kept) > 1 and _is_site_part(kept[-1], site):
            kept = kept[:-1]
        while len(kept) > 1 and _is_site_part(kept[0], site):
            kept = kept[1:]
    if kept == parts:
        # No known site name: a short last part after " | " or " - " is the site by convention.
        suffix = _SUFFIX.match(title)
        if suffix and len(words(suffix.group(2))) <= 4 and len(words(suffix.group(2))) < len(
            words(suffix.group(1))
        ):
            return suffix.group(1).strip()
        return title.strip()
    # Cut the original string (keeps the headline's own punctuation) between the kept parts.
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    return title[start:end].strip() if start >= 0 and end > start else " ".join(kept)


def _match(tokens: list[str], title_words: list[str]) -> float:
    """How well a visible heading's words match the metadata title's (0 when they do not)."""
    if not tokens or not title_words:
        return 0.0
    pool = set(title_words)
    precision = sum(1 for t in tokens if t in pool) / len(tokens)
    recall = len(set(tokens) & pool) / len(pool)
    if precision < MIN_MATCH_PRECISION or recall < MIN_MATCH_RECALL:
        return 0.0
    return precision + recall


class _Heading:
    """A visible element that may be the headline: its text, its words, the element."""

    # A plain class, not a dataclass: mypyc compiles this __init__ (see docs/extraction.md).
    def __init__(self, text: str, tokens: list[str], node: LexborNode) -> None:
        self.text: Final = text
        self.tokens: Final = tokens
        self.node: Final = node


def is_first_candidate(tag: str | None, attrs: Mapping[str, str | None]) -> bool:
    """True for an element `HEADLINE_SELECTOR` matches (given its tag and attributes)."""
    return tag == "h1" or "headline" in (attrs.get("itemprop") or "").split()


def _headings(nodes: Sequence[LexborNode]) -> list[_Heading]:
    """The first of ``nodes`` that are headline-sized."""
    out = []
    for node in nodes[:MAX_VISIBLE_CANDIDATES]:
        text = short_text(node, MAX_HEADLINE_CHARS)
        tag = node.tag
        if text and tag in ("h1", "h2"):
            text = _without_credit(node, _without_kicker(node, text))
        if text and len(text) >= MIN_HEADLINE_CHARS and tag not in ("title", "meta", "body", "html"):
            out.append(_Heading(text, words(text), node))
    return out


def _marked_headline(node: LexborNode) -> bool:
    """True for a heading whose markup names it the headline (``class="article-headline"``,
    ``itemprop="headline"``), as against the h1s of teasers and widgets on the same page."""
    marks = f"{node.attributes.get('class') or ''} {node.attributes.get('itemprop') or ''}".casefold()
    return "headline" in marks


def _without_kicker(node: LexborNode, text: str) -> str:
    """A heading's text without its kicker ("Olympia 2024" above the headline, in the same
    ``h1``) and without text only screen readers get ("Headline:")."""
    for extra in select(node, KICKER_SELECTOR, 3):
        extra_text = short_text(extra, MAX_HEADLINE_CHARS)
        if extra_text and extra_text != text:
            text = squash(text.replace(extra_text, " ", 1))
    return text


def _without_credit(node: LexborNode, text: str) -> str:
    """A heading's text without the writer's credit set on a line of its own at its end
    (``<h1><span>Headline</span><br><span>編集委員　中沢克二</span></h1>``, "Headline<br>By Jane
    Doe"): the reader sees it as a byline, not as part of the title."""
    last = _last_child_text(node)
    if not last or last == text or len(last) > MAX_CREDIT_LINE_CHARS or not text.endswith(last):
        return text
    if not (_CJK_CREDIT.match(last) or looks_like_byline(last)):
        return text
    kept = text[: len(text) - len(last)].rstrip(" \u3000|/-–—")
    return kept if len(kept) >= MIN_HEADLINE_CHARS else text


def _last_child_text(node: LexborNode) -> str:
    """The folded text of the last child of ``node`` that shows any (element or text)."""
    child = node.last_child
    while child is not None:
        shown = squash(child.text(separator=" ") if child.tag != "-text" else child.text_content)
        if shown:
            return shown
        child = child.prev
    return ""


def _names_only_site(title: str, site: set[str], url: str | None) -> bool:
    """True when ``title`` is the site's name: its words are the site's, or they spell the
    domain's name with at most a word after it ("Brandon Sun Online" on brandonsun.com)."""
    if _is_site_part(title, site):
        return True
    tokens = words(title)
    joined = "".join(tokens)
    host = urlsplit(url or "").hostname or ""
    return len(tokens) <= 4 and any(
        len(label) > 3 and joined.startswith(label) and len(joined) - len(label) <= len(tokens[-1])
        for label in host.split(".")[:-1]
    )


def _best_visible(
    headings: list[_Heading], cleaned: list[tuple[str, str, str]], site: set[str]
) -> Headline | None:
    """The visible heading that best matches the first metadata title any heading matches."""
    for _, raw, title in cleaned:
        if _is_site_part(title, site):
            continue  # a title that is only the site's name would match the logo's element
        # The whole (site-less) title, and each of its parts when the site's name was not
        # recognised ("Headline - Section - Site Slogan"): the visible heading matches one.
        # The part naming the site would match the logo's heading.
        least = max(3, int(len(words(raw)) * MIN_PART_SHARE))
        variants = [words(title)] + [
            words(p) for p in _SEPARATORS.split(raw) if len(words(p)) >= least and not _is_site_part(p, site)
        ]
        best: tuple[float, _Heading] | None = None
        for heading in headings:
            score = max(_match(heading.tokens, variant) for variant in variants)
            if score and (best is None or score > best[0]):
                best = (score, heading)
                if score >= 2.0:
                    break
        if best is not None:
            return Headline(best[1].text, "heuristic", raw, best[1].node)
    return None


def choose_headline(
    tree: LexborHTMLParser,
    titles: list[tuple[str, str]],
    site_name: str | None,
    url: str | None,
    candidates: Sequence[LexborNode] | None = None,
) -> Headline | None:
    """The headline from metadata ``titles`` ((source, raw) best first) and visible headings.

    ``candidates`` are the `HEADLINE_SELECTOR` elements when the caller collected them in its
    own pass over the page (a query of its own walks the whole tree again).
    """
    cleaned = [(source, raw, strip_site(raw, site_name, url)) for source, raw in titles if raw]
    first = _headings(tree.css(HEADLINE_SELECTOR) if candidates is None else candidates)
    site = _site_tokens(site_name, url)
    if cleaned:
        found = _best_visible(first, cleaned, site)
        if found is not None:
            return found
        for selector in (SECOND_SELECTOR, FALLBACK_SELECTOR):
            found = _best_visible(_headings(tree.css(selector)), cleaned, site)
            if found is not None:
                return found
    # No metadata title matches a visible heading: the page's only h1, when it reads like a
    # headline, is what the reader sees as the title (the metadata title is often the site's
    # name or a section's).
    h1s = [h for h in first if h.node.tag == "h1"]
    lone = [h for h in h1s if len(h.tokens) >= MIN_LONE_H1_WORDS and not _is_site_part(h.text, site)]
    if lone and len(h1s) <= MAX_H1S:
        return Headline(lone[0].text, "heuristic", lone[0].text, lone[0].node)
    marked = [h for h in lone if _marked_headline(h.node)]
    if len(marked) == 1:
        return Headline(marked[0].text, "heuristic", marked[0].text, marked[0].node)
    named = next((h for h in h1s if _reads_as_heading(h, site) and not _inside_link(h.node)), None)
    if cleaned and named is not None and _names_only_site(cleaned[0][2], site, url):
        # "Brandon Sun Online" as the title of a page whose h1s are a section label, the story's
        # headline and a widget's: the title names the site, the story's heading is the headline.
        return Headline(named.text, "heuristic", cleaned[0][1], named.node)
    if cleaned and (h1s or len(words(cleaned[0][2])) >= MIN_LONE_H1_WORDS):
        # A page with only a <title> (no og:title, no JSON-LD) is an old layout, often titled
        # by its site or section alone; its story heading is none of the matched ones above.
        story = None if h1s or any(c[0] != "title-element" for c in cleaned) else _story_heading(
            tree, cleaned[0][2], site)
        if story is not None:
            return story
        source, raw, title = cleaned[0]
        return Headline(title, source, raw)
    # No title, or one that is only the site and a section ("example.de | Gaspreise") on a
    # page without an h1: the first heading that reads like a headline, else that title.
    for heading in h1s or _headings(tree.css("h2, h3, [class*=headline i]")):
        # A label ("Related:") or a sentence ("... reflect the fans' counts.") is no headline.
        if len(heading.tokens) >= MIN_LONE_H1_WORDS and not heading.text.endswith((":", ".", "。")):
            return Headline(heading.text, "heuristic", heading.text, heading.node)
    if cleaned:
        source, raw, title = cleaned[0]
        return Headline(title, source, raw)
    return None


def _story_heading(tree: LexborHTMLParser, title: str, site: set[str]) -> Headline | None:
    """The story's heading on an old layout whose ``<title>`` is the site's or a section's
    generic title ("Summit Daily News for Breckenridge, ...", "Latest football news, transfers,
    reports"): a title the page never shows, while the first heading-like element is about
    something else. None when the title is shown (it is a headline, just not in a heading), or
    when the first such heading shares the title's words (the title is a variant of it)."""
    if _shown_on_page(tree, title):
        return None
    title_words = set(words(title))
    for heading in _headings(tree.css(STORY_SELECTOR)):
        if not _reads_as_heading(heading, site):
            continue
        # The first heading links elsewhere, or is a menu: a page of teasers (a home or a
        # section page), whose title is rightly the site's.
        if _inside_link(heading.node) or len(select(heading.node, "a", 2)) > 1:
            return None
        common = set(heading.tokens) & title_words
        if len(common) >= MAX_SHARED_SHARE * min(len(set(heading.tokens)), len(title_words)):
            return None
        return Headline(heading.text, "heuristic", heading.text, heading.node)
    return None


def _shown_on_page(tree: LexborHTMLParser, title: str) -> bool:
    """True when the page's text holds the title, or its first part before an underscore (the
    separator of Chinese portals' "标题_频道_网站", which no headline's words contain), as whole words."""
    body = tree.body
    shown = f" {' '.join(words(body.text(separator=' ')))} " if body is not None else ""
    return any(f" {' '.join(words(part))} " in shown for part in (title, title.split("_")[0]) if words(part))


def _reads_as_heading(heading: _Heading, site: set[str]) -> bool:
    """True for a heading-like element that may be the story's: a phrase of a few words, not a
    label ("More news:") or a sentence, not the site's name."""
    return (
        len(heading.tokens) >= MIN_LONE_H1_WORDS
        and not heading.text.endswith((":", ".", "。"))
        and not _is_site_part(heading.text, site)
    )


def _inside_link(node: LexborNode) -> bool:
    """True when ``node`` or one of its nearest ancestors is a link (a teaser's heading)."""
    current: LexborNode | None = node
    for _ in range(LINK_DEPTH):
        if current is None:
            return False
        if current.tag == "a":
            return True
        current = current.parent
    return False
