"""Finding the story in a cleaned page and turning it into paragraphs.

The approach scores paragraphs and lets them vote for their containers (the idea behind
Readability), then walks the winning container and its story-like siblings to collect text
blocks, dropping link lists and stubs on the way. Lengths are counted in characters, with CJK
characters weighing more (one carries about as much as a short word), so the same thresholds work
for English, Russian, Japanese or Korean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Final, Iterable, Iterator, Sequence

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .article import DroppedBlock, Provenance
from .calls_to_action import BOX_TAGS, asks_reader, call_to_action_boxes
from .boilerplate import ClassIds, class_ids, describe_node, lineage, strip_boilerplate, strip_non_content
from .options import ExtractOptions

#: Shortest paragraph that votes for its container (shorter ones are labels and buttons).
MIN_VOTING_CHARS: Final = 25
# Latin words average 5-6 letters; one space in 30 characters is far below any prose.
_CHARS_PER_SPACE: Final = 30
#: A paragraph's weight counts towards its score up to this much.
SCORED_WEIGHT: Final = 300
# Not Final: mypyc 2.x leaves a Final tuple of computed floats unset at import.
#: A paragraph's vote for its parent, grandparent and further ancestors, as shares of its score.
#: Votes reach a few levels up so that a story split into sections still elects the element
#: holding all of them, but fade fast so that the page's outer frame does not win.
ANCESTOR_SHARES = (1.0, 0.5, 1 / 6, 1 / 9, 1 / 12)
#: A story whose h2-h4 headings are mostly links away (at least this many, and this share of
#: them, each at least this share link text) is a list of teasers, not an article...
MIN_LINKED_HEADINGS: Final = 4
LINKED_HEADING_SHARE: Final = 0.6
#: ... and the text per linked heading stays under this many characters (teasers are short).
MAX_TEASER_CHARS: Final = 400
#: How many lines at the start of the body may repeat the metadata (headline, byline, date).
MAX_LEAD_LINES: Final = 5
#: ... if shorter than this (a longer one is a paragraph of the story).
LEAD_PARAGRAPH_CHARS: Final = 150
#: How many closing lines may be the site's copyright notice.
MAX_TAIL_LINES: Final = 2
#: A lead line may hold a known text plus this many other words ("By", "Updated", "Posted").
KNOWN_EXTRA_WORDS: Final = 2
#: Blocks sharing the story block's class join it when they hold this much link-poor text.
MIN_BLOCK_CHARS: Final = 150
#: A lead paragraph before the story is looked for this many levels up...
LEAD_LEVELS: Final = 3
#: ... and joins when it holds this much text with fewer links than this.
MIN_LEAD_CHARS: Final = 80
MAX_LEAD_LINK_DENSITY: Final = 0.2
#: How many top-voted containers are weighed for link density before one is chosen.
CONTENDERS: Final = 8
#: How many levels above the best container a story spread over sections is looked for...
GATHER_LEVELS: Final = 5
#: ... in an ancestor holding this many times its prose.
GATHER_SHARE: Final = 2.0
#: A story holding less than this share of the page's prose gets a second look...
THIN_SHARE: Final = 0.4
#: ... for an ancestor holding at least this share.
WIDE_SHARE: Final = 0.7
#: Siblings of the best container join the story when their score reaches this share of it.
SIBLING_SHARE: Final = 0.2
#: A block whose text is mostly link text is navigation, unless it is long.
MAX_LINK_DENSITY: Final = 0.65
#: A block with this share of link text is dropped however long it is.
ALL_LINKS_DENSITY: Final = 0.9
#: A story whose text is this much in <p> paragraphs treats short loose text boxes with a link
#: as calls to action (sign-up, subscribe), not as story.
PROSE_SHARE: Final = 0.8
#: A short block (under this many characters) whose link density passes the limit above is
#: dropped; a longer one is story text that happens to link a lot.
LINKY_BLOCK_CHARS: Final = 200

_BLOCK_TAGS: Final = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote",
        "pre", "ul", "ol", "li", "dl", "dt", "dd", "table", "tbody", "thead", "tfoot", "tr",
        "td", "th", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br", "address",
        "center", "form", "fieldset", "details", "summary", "figure", "hgroup", "body",
    }
)  # fmt: skip
#: Inline elements unwrapped before scoring (links stay: their text must not vote).
INLINE_TAGS: Final = frozenset({
    "span", "font", "b", "i", "em", "strong", "u", "small", "big", "sup", "sub", "abbr",
    "cite", "q", "mark", "s", "strike", "tt", "time", "nobr", "ins", "del", "var", "kbd",
    "code", "bdi", "bdo", "data", "dfn", "samp", "wbr",
})  # fmt: skip
#: Paragraph-like elements whose text votes for their containers.
_VOTING_TAGS: Final = frozenset({"p", "pre", "td", "blockquote", "li", "dd"})
#: Boxes whose own loose text (paragraphs split by <br>) votes for themselves.
_TEXT_BOX_TAGS: Final = frozenset({"div", "td", "section", "article"})
_WALKED_AFTER_STRIP: Final = INLINE_TAGS | _VOTING_TAGS | _TEXT_BOX_TAGS
# Soft 404s: CMS themes mark "nothing found" pages with a class on the body or the main block,
# or an id anywhere. The classes each element may carry (the others' are read only on a page
# whose class and id strings hold one of these words):
_ERROR_CLASSES: Final = {
    "body": frozenset({"error404", "error-404", "page-not-found", "not-found"}),
    "main": frozenset({"error-404", "not-found"}),
    "section": frozenset({"error-404"}),
    "div": frozenset({"error-404"}),
}
_ERROR_IDS: Final = frozenset({"error-404", "error404"})
_ERROR_WORDS: Final = tuple(sorted(_ERROR_IDS.union(*_ERROR_CLASSES.values())))
_OG_TYPE: Final = 'meta[property="og:type"]'
_HEADING_TAGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_FAQ_NAME: Final = re.compile("faq|accordion", re.IGNORECASE)
_FAQ_SELECTOR: Final = '[class*="faq" i], [id*="faq" i], [class*="accordion" i]'

#: Blocks that are part of a story's prose whatever else they hold.
_PROSE_TAGS: Final = frozenset({"p", "li", "dd", "dt", "blockquote", "pre", "td", "th"}) | _HEADING_TAGS
_TABLE_TAGS: Final = frozenset({"table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption"})
_NOT_GATHERED: Final = _TABLE_TAGS | {"body", "html"}
_CJK: Final = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD: Final = re.compile(r"[^\W_]+")
_COPYRIGHT_OPENING: Final = re.compile(r"(?:©|\(c\)|copyright\b)", re.IGNORECASE)
_COMMAS: Final = re.compile(r"[,，、،]")


@dataclass(frozen=True)
class Story:
    """The story text found on a page, and what was dropped on the way."""

    body: str
    dropped: tuple[DroppedBlock, ...] = ()
    provenance: dict[str, Provenance] = field(default_factory=dict)
    #: The elements the body was read from, in page order (what a renderer walks again).
    nodes: tuple[LexborNode, ...] = ()


#: Whitespace that `_clean` changes inside a text: a run of two, or any but a plain space.
_UNEVEN_SPACE: Final = re.compile(r"\s\s|[^\S ]")


def text_weight(text: str) -> int:
    """Length in characters, a CJK character counting as three (about one short word)."""
    if text.isascii():
        return len(text)
    return len(text) + 2 * len(_CJK.findall(text))


def weighs_at_least(text: str, weight: int) -> bool:
    """Whether ``text_weight(text) >= weight``, without counting CJK characters when the length
    alone decides (a text weighs between one and three times its length): most thresholds are
    met or missed by the length, and counting is a regex pass over the text."""
    length = len(text)
    if length >= weight:
        return True
    return 3 * length >= weight and text_weight(text) >= weight


#: Characters that print nothing and are not whitespace to str.split: zero-width space,
#: (non-)joiner, word joiner, byte order mark, soft hyphen, direction marks.
_INVISIBLE: Final = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"


def _clean(text: str) -> str:
    # Text already spaced with single spaces is only stripped: splitting it into a list of its
    # words costs tens of bytes a word (a page-long text node of one-mark words took 20 times
    # the page), and the search allocates nothing.
    if _UNEVEN_SPACE.search(text) is None:
        return text.strip()
    return " ".join(text.split())


def _link_density(node: LexborNode, length: int) -> float:
    if not length:
        return 0.0
    # Lengths come from text_lexbor(), Lexbor's own text walk, which costs about half of
    # text() (which gathers each text node through a callback) and counts the same characters.
    links = sum(len(a.text_lexbor()) for a in node.css("a"))
    return min(links / length, 1.0)


def _comma_count(text: str) -> int:
    # A comma other than the ASCII one is not ASCII.
    return text.count(",") if text.isascii() else len(_COMMAS.findall(text))


def _score(weight: int, commas: int) -> float:
    return 1.0 + commas + min(weight / 100.0, SCORED_WEIGHT / 100.0)


def _paragraph_score(text: str) -> float:
    _, weight, commas = _text_mass(text)
    return _score(weight, commas)


def _vote(scores: dict[LexborNode, float], node: LexborNode | None, score: float) -> None:
    """Add a paragraph's score to its container and, fading, to a few ancestors."""
    for share in ANCESTOR_SHARES:
        if node is None:
            return
        scores[node] = scores.get(node, 0.0) + score * share
        node = node.parent


def _by_parent(scored: Iterable[tuple[LexborNode, float]]) -> dict[LexborNode, float]:
    """Paragraphs' scores added up by parent: where each paragraph's vote enters the tree."""
    by_parent: dict[LexborNode, float] = {}
    for para, score in scored:
        parent = para.parent
        if parent is not None:
            by_parent[parent] = by_parent.get(parent, 0.0) + score
    return by_parent


def _fading_votes(entries: dict[LexborNode, float]) -> dict[LexborNode, float]:
    """Each entry's score voted to its node and fading ancestors (see `_vote`): one climb per
    node where paragraphs vote, not per paragraph."""
    votes: dict[LexborNode, float] = {}
    for node, score in entries.items():
        _vote(votes, node, score)
    return votes


def _votes_by_parent(scored: Iterable[tuple[LexborNode, float]]) -> dict[LexborNode, float]:
    """Each paragraph's score voted to its parent and fading ancestors (see `_vote`)."""
    return _fading_votes(_by_parent(scored))


def _marked_above(node: LexborNode, marked: dict[int, int], known: dict[int, int]) -> int:
    """The value in ``marked`` (keyed by mem_id) of the nearest marked ancestor of ``node``, or
    -1. ``known`` keeps the answer for each element climbed through, so that climbs from many
    nodes pass each element once (a climb per node would be quadratic in a deep nest)."""
    path: list[int] = []
    found = -1
    parent = node.parent
    while parent is not None:
        key = parent.mem_id
        if key in marked:
            found = marked[key]
            break
        if key in known:
            found = known[key]
            break
        path.append(key)
        parent = parent.parent
    for key in path:
        known[key] = found
    return found


def _prose_mass(entries: dict[LexborNode, float], nodes: Sequence[LexborNode]) -> dict[LexborNode, float]:
    """The whole, unfaded score of the paragraphs under each of ``nodes``: how much of the
    page's prose each holds."""
    index = {node.mem_id: position for position, node in enumerate(nodes)}
    known: dict[int, int] = {}
    totals = [0.0] * len(nodes)
    for entry, score in entries.items():
        owner = index.get(entry.mem_id)
        if owner is None:
            owner = _marked_above(entry, index, known)
        if owner >= 0:
            totals[owner] += score
    # Each node holds too what the nodes under it hold: totals go up, each once its own are in.
    above = {position: _marked_above(nodes[position], index, known) for position in index.values()}
    pending = dict.fromkeys(above, 0)
    for up in above.values():
        if up >= 0:
            pending[up] += 1
    ready = [position for position, count in pending.items() if not count]
    while ready:
        position = ready.pop()
        up = above[position]
        if up >= 0:
            totals[up] += totals[position]
            pending[up] -= 1
            if not pending[up]:
                ready.append(up)
    return {node: totals[index[node.mem_id]] for node in nodes}


#: The length of a text, its weight (`text_weight`, counted up to `SCORED_WEIGHT`) and its commas.
TextMass = tuple[int, int, int]


def _text_mass(text: str) -> TextMass:
    # Weights are capped as a sum of them is: a part over the cap puts the sum over it too.
    length = len(text)
    weight = SCORED_WEIGHT if length >= SCORED_WEIGHT else text_weight(text)
    return length, weight, _comma_count(text)


def _deep_text_masses(voters: Sequence[LexborNode]) -> list[TextMass]:
    """The mass of each voter's deep text (``text(deep=True, strip=True)``), reading each text
    node once: a voter holding others (a cell of nested tables, a list in a list item) adds
    their masses to that of its own text around them. Reading each one's deep text would be
    quadratic in the nesting. ``voters`` are in document order."""
    index = {voter.mem_id: position for position, voter in enumerate(voters)}
    known: dict[int, int] = {}
    holders = {_marked_above(voter, index, known) for voter in voters}
    masses: list[TextMass] = [(0, 0, 0)] * len(voters)
    # Backwards, a voter comes after all those it holds.
    for position in range(len(voters) - 1, -1, -1):
        voter = voters[position]
        if position in holders:
            masses[position] = _holder_mass(voter, index, masses)
        else:
            masses[position] = _text_mass(voter.text(deep=True, strip=True))
    return masses


def _holder_mass(node: LexborNode, index: dict[int, int], masses: list[TextMass]) -> TextMass:
    """The mass of ``node``'s deep text, taking that of each voter in it (by ``index``) from
    ``masses``, without looking inside."""
    length = weight = commas = 0
    stack = _children(node)
    while stack:
        current = stack.pop()
        position = index.get(current.mem_id)
        if position is not None:
            part = masses[position]
        elif current.is_text_node:
            part = _text_mass((current.text_content or "").strip())
        else:
            stack.extend(_children(current))
            continue
        length += part[0]
        weight += part[1]
        commas += part[2]
    return length, min(weight, SCORED_WEIGHT), commas


def _paragraph_votes(nodes: Sequence[LexborNode], tags: Sequence[str]) -> Iterator[tuple[LexborNode, float]]:
    voting = [position for position, tag in enumerate(tags) if tag in _VOTING_TAGS]
    masses = _deep_text_masses([nodes[position] for position in voting])
    for position, (_, weight, commas) in zip(voting, masses):
        para, tag = nodes[position], tags[position]
        if weight < MIN_VOTING_CHARS:
            continue
        score = _score(weight, commas)
        if tag in ("td", "li", "dd"):
            # Table cells and list items are often layout or link lists: half a vote.
            score *= 0.5
        yield para, score


def _vote_entries(nodes: Sequence[LexborNode], tags: Sequence[str]) -> dict[LexborNode, float]:
    """Where votes enter the tree among ``nodes`` (the page's, in document order, each with
    its tag name in ``tags``), and how much: each paragraph's score at its parent."""
    entries = _by_parent(_paragraph_votes(nodes, tags))
    # Text written straight into a block (old pages separate paragraphs with <br>) votes too,
    # for that block itself.
    for position, tag in enumerate(tags):
        if tag not in _TEXT_BOX_TAGS:
            continue
        block = nodes[position]
        direct = block.text(deep=False, strip=True)
        if weighs_at_least(direct, 4 * MIN_VOTING_CHARS) and _spaced(direct):
            entries[block] = entries.get(block, 0.0) + _paragraph_score(direct)
    return entries


def _spaced(text: str) -> bool:
    """Whether ``text`` is written in words: Latin prose has a space every few words, while a
    list of domains, a token or an encoded blob written into a box has none. Scripts that use no
    spaces (Chinese, Thai) are not ASCII and always pass."""
    return not text.isascii() or text.count(" ") * _CHARS_PER_SPACE >= len(text)


def _likely_story(root: LexborNode) -> LexborNode | None:
    """Where paragraphs (or <br>-separated text) hold the most text: a cheap guess at the story."""
    # One query for both (each query walks the whole page); the tag tells them apart.
    paragraphs: list[LexborNode] = []
    breaks: list[LexborNode] = []
    for node in root.css("p, br"):
        (paragraphs if node.tag == "p" else breaks).append(node)
    lengths = (length for length, _, _ in _deep_text_masses(paragraphs))
    totals = _votes_by_parent(zip(paragraphs, lengths))
    # Each block once, in page order: a set's order would follow memory addresses, and ties
    # would go a different way from run to run.
    for block in dict.fromkeys(br.parent for br in breaks):
        if block is not None:
            _vote(totals, block, len(block.text(deep=False, strip=True)))
    return max(totals, key=totals.__getitem__) if totals else None


def _best_container(entries: dict[LexborNode, float]) -> tuple[LexborNode | None, dict[LexborNode, float]]:
    scores = _fading_votes(entries)
    best: LexborNode | None = None
    best_score = 0.0
    # Link density is costly to measure (every link's text), so only the front-runners pay it;
    # a container far behind cannot win however few links it has.
    # Link density only lowers a score, so a leader whose raw score cannot beat the best
    # adjusted one so far is not measured, unless it turns out to be the winner's sibling:
    # siblings' scores decide which of them join the story (`_story_nodes`).
    leaders = sorted(scores, key=scores.__getitem__, reverse=True)[:CONTENDERS]
    unmeasured: list[LexborNode] = []
    for node in leaders:
        if node.tag in ("html", "head"):
            continue
        if scores[node] <= best_score:
            unmeasured.append(node)
            continue
        scores[node] = _link_adjusted(node, scores[node])
        if scores[node] > best_score:
            best, best_score = node, scores[node]
    parent = best.parent if best is not None else None
    for node in unmeasured:
        if parent is not None and node.parent is not None and node.parent.mem_id == parent.mem_id:
            scores[node] = _link_adjusted(node, scores[node])
    return best, scores


def _link_adjusted(node: LexborNode, score: float) -> float:
    return score * (1.0 - _link_density(node, len(node.text_lexbor())))


def _same_class_blocks(best: LexborNode, root: LexborNode) -> list[LexborNode]:
    """``best`` and the other link-poor blocks of text that share its tag and class.

    Page builders cut one story into many blocks (text, image, quote box, text) spread over
    rows and columns; the blocks of text keep one class. In document order, outermost only.
    """
    classes = best.attributes.get("class") or ""
    if not classes.strip() or not best.tag:
        return [best]
    # An attribute selector takes any class string ("1col", "@tp-wide") a class selector
    # could not; the whole string must match, which is what same-template blocks share.
    selector = f'{best.tag}[class="{_css_string(classes)}"]'
    chosen: list[LexborNode] = []
    members: set[LexborNode] = set()
    for node in root.css(selector):
        if node.mem_id != best.mem_id:
            text = node.text(strip=True)
            if not weighs_at_least(text, MIN_BLOCK_CHARS) or _link_density(node, len(text)) > MAX_LEAD_LINK_DENSITY:
                continue
            if lineage(node.parent) & members:
                continue
            heading = node.css_first("h1, h2, h3, h4, h5, h6")
            if heading is not None and _links_away(heading):
                continue  # a teaser card built from the story's template: another story
        chosen.append(node)
        members.add(node)
    # The selector can miss ``best`` itself (an attribute value Lexbor normalised): keep it alone.
    return chosen if best in members else [best]


def _css_string(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _loose_text_box(node: LexborNode) -> bool:
    """A text box (div, section, ...) whose text stands in it directly, in no block of its own."""
    if node.tag not in _TEXT_BOX_TAGS:
        return False
    child = node.child
    while child is not None:
        if child.tag in _BLOCK_TAGS and child.tag != "br":
            return False
        child = child.next
    return True


def _lead(node: LexborNode) -> LexborNode | None:
    """The story's lead (standfirst, intro) when it stands in an element just before ``node``.

    Templates often put the lead paragraph in the article header, a cousin of the body's
    container: a link-poor element of paragraphs directly before the story, up a few levels.
    """
    for previous in _neighbours(node, forward=False):
        if previous.tag not in _HEADING_TAGS:
            paragraphs = previous.css("p") if previous.tag != "p" else [previous]
            if not paragraphs and _loose_text_box(previous):
                paragraphs = [previous]  # a lead written straight into its box, no <p>
            text = " ".join(p.text(strip=True) for p in paragraphs)
            if (
                weighs_at_least(text, MIN_LEAD_CHARS)
                and _spaced(text)
                and _link_density(previous, len(text)) < MAX_LEAD_LINK_DENSITY
            ):
                return previous
    return None


def _neighbours(node: LexborNode, *, forward: bool) -> Iterator[LexborNode]:
    """The element just before (or after) ``node``, then just before its parent, and so on up
    `LEAD_LEVELS` levels, below ``<body>``. An empty box in between (an ad slot, a spacer)
    parts nothing, so it is passed over."""
    for _ in range(LEAD_LEVELS):
        sibling = node.next if forward else node.prev
        while sibling is not None and (not sibling.is_element_node or not sibling.text_lexbor().strip()):
            sibling = sibling.next if forward else sibling.prev
        if sibling is not None:
            yield sibling
        parent = node.parent
        if parent is None or parent.tag in ("body", "html"):
            return
        node = parent


def _trailing_faq(node: LexborNode) -> LexborNode | None:
    """The story's questions and answers when they follow it in a box of their own, named for
    what it is (``faq``, ``accordion``), up a few levels: guides end with one, and it holds less
    prose than the story, so the vote that gathers sibling sections leaves it out."""
    for following in _neighbours(node, forward=True):
        faq = following if _FAQ_NAME.search(_names(following)) else following.css_first(_FAQ_SELECTOR)
        if faq is not None:
            text = faq.text_lexbor()
            if weighs_at_least(text, MIN_BLOCK_CHARS) and _link_density(faq, len(text)) < MAX_LEAD_LINK_DENSITY:
                return faq
    return None


def _names(node: LexborNode) -> str:
    attributes = node.attributes
    return f"{attributes.get('class') or ''} {attributes.get('id') or ''}"


def _gathered(best: LexborNode, entries: dict[LexborNode, float]) -> LexborNode:
    """The ancestor of ``best`` that holds the whole story when it is spread over sibling
    sections or widgets (page builders, one section per heading), else ``best``.

    Fading votes elect the section holding the most prose; an ancestor a few levels up that
    holds several times its prose, with few links in what it adds, holds the rest of it.
    """
    ancestors: list[LexborNode] = []
    node = best.parent
    # Table rows and cells lay out a page's columns, not a story's sections.
    while node is not None and len(ancestors) < GATHER_LEVELS and node.tag not in _NOT_GATHERED:
        ancestors.append(node)
        node = node.parent
    if not ancestors:
        return best
    mass = _prose_mass(entries, [best, *ancestors])
    own_text = len(best.text_lexbor())
    own_links = own_text * _link_density(best, own_text)
    chosen = best
    for ancestor in ancestors:
        if mass[ancestor] < GATHER_SHARE * mass[best]:
            continue
        text = len(ancestor.text_lexbor())
        links = text * _link_density(ancestor, text)
        added = text - own_text
        if added > 0 and links - own_links <= MAX_LEAD_LINK_DENSITY * added:
            chosen = ancestor
    return chosen


def _second_opinion(best: LexborNode, root: LexborNode, entries: dict[LexborNode, float]) -> LexborNode:
    """A wider container when ``best`` holds a thin share of the page's prose (what is left
    once boilerplate is gone): the lowest ancestor that holds most of it, if what it adds is
    link-poor. Else ``best``."""
    ancestors: list[LexborNode] = []
    node = best.parent
    while node is not None and node.tag not in _NOT_GATHERED:
        ancestors.append(node)
        node = node.parent
    mass = _prose_mass(entries, [best, root, *ancestors])
    total = mass[root]
    if not total or mass[best] >= THIN_SHARE * total:
        return best
    own_text = len(best.text_lexbor())
    own_links = own_text * _link_density(best, own_text)
    for ancestor in ancestors:
        if mass[ancestor] >= WIDE_SHARE * total:
            text = len(ancestor.text_lexbor())
            links = text * _link_density(ancestor, text)
            added = text - own_text
            if added > 0 and links - own_links <= MAX_LEAD_LINK_DENSITY * added:
                return ancestor
            return best
    return best


def _story_nodes(best: LexborNode, scores: dict[LexborNode, float]) -> list[LexborNode]:
    parent = best.parent
    if parent is None:
        return [best]
    threshold = max(10.0, scores.get(best, 0.0) * SIBLING_SHARE)
    nodes: list[LexborNode] = []
    child = parent.child
    while child is not None:
        # Nodes are compared by identity (mem_id): selectolax's == compares serialised HTML,
        # which costs two serialisations and calls twin elements equal.
        if child.mem_id == best.mem_id:
            nodes.append(child)
        elif child.is_element_node:
            if scores.get(child, 0.0) >= threshold:
                nodes.append(child)
            elif child.tag == "p":
                text = _clean(child.text())
                if weighs_at_least(text, 81) and _link_density(child, len(text)) < 0.25:
                    nodes.append(child)
        child = child.next
    return nodes


def _children(node: LexborNode) -> list[LexborNode]:
    out = []
    child = node.child
    while child is not None:
        out.append(child)
        child = child.next
    return out


_ENTER, _ENTER_LINK, _LEAVE_BLOCK = 0, 1, 2


class Block:
    """A paragraph-like run of text: the element it sits in, and how much of it is links.

    A plain class: a table-heavy story makes tens of thousands of blocks, and mypyc compiles
    this __init__, where a named tuple's or a dataclass's runs interpreted."""

    def __init__(self, text: str, tag: str, link_chars: int) -> None:
        self.text: Final = text
        self.tag: Final = tag
        self.link_chars: Final = link_chars

    @property
    def link_density(self) -> float:
        return self.link_chars / max(len(self.text), 1)


def _permalink(link: LexborNode, block_tag: str) -> bool:
    """A heading's link to its own place on the page (Markdown renderers wrap each heading's
    text in one): it leads nowhere else, so its text is the heading's, not link text."""
    return block_tag in _HEADING_TAGS and (link.attributes.get("href") or "").startswith("#")


def _blocks(node: LexborNode, tables: bool) -> list[Block]:
    """Text blocks under ``node`` in document order.

    Walks with an explicit stack: a page may nest thousands of unknown inline elements, deeper
    than Python's recursion allows.
    """
    blocks: list[Block] = []
    parts: list[str] = []
    link_chars = 0
    open_blocks = [node.tag or "div"]

    def flush() -> None:
        nonlocal link_chars
        if parts:
            text = _clean("".join(parts))
            parts.clear()
            # A paragraph of zero-width characters is a page builder's spacer (<p>&zwj;</p>).
            if text.strip(_INVISIBLE):
                blocks.append(Block(text, open_blocks[-1], link_chars))
        link_chars = 0

    # One pending node per level (the next sibling to visit, or a block to leave), not every
    # child: a flat page of thousands of elements keeps a few nodes alive at a time, not all
    # of them, so the walk adds no generations of the cyclic collector's work.
    first = node.child
    stack = [] if first is None else [(first, _ENTER)]
    while stack:
        current, state = stack.pop()
        if state == _LEAVE_BLOCK:
            flush()
            open_blocks.pop()
            continue
        following = current.next
        if following is not None:
            # Siblings share their parent's link state.
            stack.append((following, state))
        if current.is_text_node:
            text = current.text_content or ""
            parts.append(text)
            if state == _ENTER_LINK:
                link_chars += len(text.strip())
            continue
        if not current.is_element_node:
            continue
        tag = current.tag or ""
        inner = _ENTER_LINK if state == _ENTER_LINK or (tag == "a" and not _permalink(current, open_blocks[-1])) else _ENTER
        if tag in _BLOCK_TAGS:
            if tag in _TABLE_TAGS and not tables:
                continue
            flush()
            if tag in ("td", "th"):
                parts.append(" ")
            open_blocks.append(tag)
            stack.append((current, _LEAVE_BLOCK))
        first = current.child
        if first is not None:
            stack.append((first, inner))
    flush()
    return blocks


def _linky(block: Block) -> bool:
    """A block that is mostly link text: a menu, a 'read more', a list of teasers."""
    if block.link_density > MAX_LINK_DENSITY and not weighs_at_least(block.text, LINKY_BLOCK_CHARS):
        return True
    return block.link_density > ALL_LINKS_DENSITY


def _call_to_action(block: Block, prose_share: float) -> bool:
    """A short box of loose text with a link amid a story told in <p> paragraphs: a sign-up or
    subscription prompt ("Get it in your inbox"), whatever its language or class names."""
    return (
        prose_share >= PROSE_SHARE
        and block.tag not in _PROSE_TAGS
        and block.link_chars > 0
        and not weighs_at_least(block.text, LINKY_BLOCK_CHARS)
    )


#: What turns a story element into its text blocks: `_blocks`, or a walk that gives the same
#: blocks and keeps more on the way (the structured renderings' own, so the story is walked once).
BlockWalk = Callable[[LexborNode, bool], list[Block]]


def _story_blocks(nodes: list[LexborNode], tables: bool, walk: BlockWalk = _blocks) -> list[str]:
    blocks = [block for node in nodes for block in walk(node, tables)]
    text = [block for block in blocks if not _linky(block)]
    total = sum(len(block.text) for block in text) or 1
    prose_share = sum(len(block.text) for block in text if block.tag == "p") / total
    kept: list[Block] = []
    seen: set[str] = set()
    for block in blocks:
        if weighs_at_least(block.text, MIN_VOTING_CHARS):
            # A paragraph printed twice is a second copy of the story (a mobile and a desktop
            # layout, a print version, a gallery's repeated caption): the reader reads it once.
            if block.text in seen:
                continue
            seen.add(block.text)
        if _linky(block) or _call_to_action(block, prose_share):
            # A heading right above a dropped link list ("More on water") goes with it.
            if kept and kept[-1].tag in _HEADING_TAGS:
                kept.pop()
            continue
        kept.append(block)
    return [block.text for block in kept]


def _without_calls_to_action(
    nodes: list[LexborNode], best: LexborNode, dropped: list[DroppedBlock], explain: bool
) -> list[LexborNode]:
    """The story's nodes without the calls to action in or among them (see `calls_to_action`);
    each removed box is reported in ``dropped`` when ``explain`` is set."""
    story_chars = sum(len(node.text_lexbor()) for node in nodes)
    kept = []
    for node in nodes:
        if node.mem_id != best.mem_id and node.tag in BOX_TAGS and _is_call_to_action(node, story_chars):
            boxes = [node]
        else:
            # A story node that is itself the box stays whole: it is not reported as dropped.
            boxes = [box for box in call_to_action_boxes(node, story_chars) if box.mem_id != node.mem_id]
            kept.append(node)
        for box in boxes:
            if explain:
                text = " ".join(box.text(separator=" ").split())
                dropped.append(DroppedBlock("call-to-action", box.tag or "", describe_node(box), text[:200], _action_evidence(box)))
            if box.mem_id != node.mem_id:
                box.remove()
    return kept


def _is_call_to_action(node: LexborNode, story_chars: int) -> bool:
    """Whether ``node``, a box beside the story, is itself a call to action."""
    parent = node.parent
    boxes = call_to_action_boxes(parent, story_chars) if parent is not None else []
    return any(box.mem_id == node.mem_id for box in boxes)


def _action_evidence(box: LexborNode) -> str:
    targets = [a.attributes.get("href") or "" for a in box.css("a[href]") if asks_reader(a.attributes.get("href") or "")]
    what = f"a link to {targets[0][:80]}" if targets else "a form"
    return f"a box of {len(box.text_lexbor())} characters around {what}: it asks the reader to act"


def _error_page(body: LexborNode, classed: ClassIds) -> bool:
    """Whether the page marks itself as an error page ("page not found" served with 200).

    Most pages have no such mark: the elements are looked at only when one of the page's
    class and id strings holds one of the marks' words.
    """
    attrs = body.attributes
    if _error_marked("body", attrs.get("class") or "", attrs.get("id") or ""):
        return True
    names = "\n".join(classed.names)
    if not any(word in names for word in _ERROR_WORDS):
        return False
    return any(_error_marked(node.tag or "", class_name, id_name) for node, class_name, id_name in classed.elements)


def _error_marked(tag: str, class_name: str, id_name: str) -> bool:
    return bool(set(class_name.split()) & _ERROR_CLASSES.get(tag, frozenset())) or id_name in _ERROR_IDS


def _declares_article(tree: LexborHTMLParser) -> bool:
    """Whether the page calls itself an article (og:type): a curated list of links is then a
    listicle, not an index page. Looked for in the few elements of the head first, where it
    usually is, then in what is left of the body."""
    og_type = tree.head.css_first(_OG_TYPE) if tree.head is not None else None
    if og_type is None and tree.body is not None:
        og_type = tree.body.css_first(_OG_TYPE)
    return og_type is not None and (og_type.attributes.get("content") or "").startswith("article")


def _links_away(heading: LexborNode) -> bool:
    """Whether a heading is mostly a link to another page (a teaser's headline)."""
    text = len(heading.text(strip=True))
    links = sum(
        len(a.text(strip=True))
        for a in heading.css("a")
        if not (a.attributes.get("href") or "").startswith("#")  # a table of contents
    )
    return bool(text) and links >= LINKED_HEADING_SHARE * text


def _teaser_list(nodes: list[LexborNode], body: str) -> bool:
    """Whether the story found is a list of teasers: headlines linking elsewhere, each with
    little text of its own (an archive, a section or an author page)."""
    headings = [h for node in nodes for h in node.css("h2, h3, h4")]
    linked = sum(_links_away(heading) for heading in headings)
    return (
        linked >= MIN_LINKED_HEADINGS
        and linked >= LINKED_HEADING_SHARE * len(headings)
        and text_weight(body) < MAX_TEASER_CHARS * linked
    )


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _is_known(block: str, known: Sequence[list[str]]) -> bool:
    """Whether ``block`` only repeats one of the known texts (give or take a word like "By")."""
    words = _words(block)
    if not words:
        return False
    for item in known:
        vocabulary = set(item)
        shared = sum(1 for word in words if word in vocabulary)
        # Most of the line must be the known text, and enough of it to be more than a
        # coincidence ("What is changing" shares only "is" with the headline).
        if len(words) - shared <= KNOWN_EXTRA_WORDS and shared >= min(2, len(item)):
            return True
    return False


def _drop_known_lead(blocks: list[str], known: Sequence[str]) -> list[str]:
    """Drop the byline and dateline lines (and the headline) near the start of the body.

    They were read as metadata; in the body they would repeat it. Only short lines among the
    first few are candidates (a standfirst may come before them), so a sentence that quotes
    the headline stays.
    """
    known_words = [words for words in map(_words, known) if words]
    lead = [
        block
        for block in blocks[:MAX_LEAD_LINES]
        if weighs_at_least(block, LEAD_PARAGRAPH_CHARS) or not _is_known(block, known_words)
    ]
    return lead + blocks[MAX_LEAD_LINES:]


def _drop_copyright_tail(blocks: list[str]) -> list[str]:
    """Drop closing lines that are the site's copyright notice, not the story: short ones
    carrying the mark, and any that opens with it."""
    end = len(blocks)
    while end > 0 and len(blocks) - end < MAX_TAIL_LINES:
        block = blocks[end - 1]
        # A notice that opens with the mark is one however long it runs (agencies append
        # a paragraph of licence terms); elsewhere in a long paragraph the mark is story.
        notice = _COPYRIGHT_OPENING.match(block) or ("©" in block and not weighs_at_least(block, LEAD_PARAGRAPH_CHARS))
        if not notice:
            break
        end -= 1
    return blocks[:end]


def _kept_under(outermost: LexborNode) -> list[LexborNode]:
    """What stays of an inline element once every inline element in it is unwrapped, in
    document order: its descendants that are not inline elements, and the empty inline
    elements (unwrapping leaves those be), each without looking inside it."""
    kept: list[LexborNode] = []
    stack = list(reversed(_children(outermost)))
    while stack:
        node = stack.pop()
        if node.is_element_node and node.tag in INLINE_TAGS and node.child is not None:
            stack.extend(reversed(_children(node)))
        else:
            kept.append(node)
    return kept


def _unwrap_inline(nodes: Sequence[LexborNode], tags: Sequence[str]) -> int:
    """Replace each inline element among ``nodes`` (each with its tag name in ``tags``) with
    its content, as unwrapping each in turn would, but moving every node that stays once,
    straight to its place. Returns how many elements were taken out of the tree.

    Moving a node costs Lexbor time in proportion to its subtree, so unwrapping one element
    at a time is quadratic in the nesting: outermost first, each step moves the whole rest
    of the nest; innermost first, each step moves again all that the steps below moved up.
    """
    unwrapped = 0
    for position, tag in enumerate(tags):
        node = nodes[position]
        if tag not in INLINE_TAGS or node.child is None:
            continue
        parent = node.parent
        if parent is not None and parent.tag in INLINE_TAGS:
            continue  # its outermost inline ancestor moves what it holds
        for kept in _kept_under(node):
            node.insert_before(kept, move=True)
        # Detached, not freed: ``nodes`` still refers to the elements inside.
        node.decompose(recursive=False)
        unwrapped += 1
    return unwrapped


def _unwrapped_votes(tree: LexborHTMLParser, root: LexborNode, *, edited: bool = True) -> dict[LexborNode, float]:
    """Unwrap the inline elements under ``root`` and return where paragraphs' votes enter
    the tree (`_vote_entries`). ``edited`` says whether elements were taken out of ``tree``
    since it was parsed.

    Inline formatting carries no structure; unwrapping it makes text inside <span> or <font>
    count as its block's own text when paragraphs vote (old pages put whole stories there).
    A walk that checks each tag name costs half of a CSS query for thirty tags, and a third
    of unwrap_tags, which walks the tree once per tag name. The same walk lists the elements
    that vote and are voted for: unwrapping leaves them be. Each element's tag is read once
    (each read builds a string) and kept in a list beside the nodes': a tuple per element
    would double the objects the collector tracks on a page of tens of thousands of them.
    The lists die here, before the story's later passes.
    """
    nodes: list[LexborNode] = []
    tags: list[str] = []
    for node in root.traverse():
        tag = node.tag
        if tag in _WALKED_AFTER_STRIP:
            nodes.append(node)
            tags.append(tag)
    # The parser leaves no two text nodes side by side (it adds text to the one before), so
    # only taking elements out makes runs of them, which the votes and blocks must read as
    # one text. The merge walks the whole tree, the one pass here whose cost per byte rises
    # with the page (a large tree's nodes are out of the processor's cache): a page with
    # nothing removed and nothing to unwrap is spared it.
    if _unwrap_inline(nodes, tags) or edited:
        tree.merge_text_nodes()
    return _vote_entries(nodes, tags)


def _empty(dropped: list[DroppedBlock], note: str) -> Story:
    return Story("", tuple(dropped), {"body": Provenance("heuristic", None, note=note)})


def find_story(
    tree: LexborHTMLParser,
    options: ExtractOptions,
    *,
    known: Sequence[str] = (),
    walk: BlockWalk | None = None,
) -> Story:
    """Strip boilerplate from ``tree`` (in place) and return the story's text.

    ``known`` holds texts already read as metadata (headline, byline, date lines): the body
    does not start with them. ``walk`` reads the story elements' text blocks (see `BlockWalk`;
    `_blocks` when None). ``tree`` is as the parser built it, or, when ``walk`` is given, as
    `render.prepare` left it: no other pass may have taken elements out of it before.
    """
    non_content = strip_non_content(tree)
    root = tree.body
    if root is None:
        return _empty([], "no <body>")
    classed = class_ids(root)
    if _error_page(root, classed):
        return _empty([], "the page marks itself as an error page: not an article")
    # A quick first guess at the story, which the boilerplate rules must spare; the full vote,
    # on the cleaned page, decides.
    guess = _likely_story(root)
    dropped, removed = strip_boilerplate(tree, guess, tagged=non_content.tagged, classed=classed, explain=options.explain)
    # Inline formatting is unwrapped after the boilerplate rules, which read the classes of
    # spans (captions, credits, hidden text). A walk for the renderings comes after their
    # pass (`render.prepare`), which takes elements out of the tree too.
    edited = bool(non_content.removed or removed) or walk is not None
    entries = _unwrapped_votes(tree, root, edited=edited)
    best, scores = _best_container(entries)
    if best is None:
        return _empty(dropped, "no paragraph of text anywhere: not an article")
    voted = best
    best = _gathered(voted, entries)
    gathered = best
    best = _second_opinion(gathered, root, entries)
    if best.mem_id != gathered.mem_id:
        path = "second look: the best-voted container held a thin share of the page's prose, widened"
    elif best.mem_id != voted.mem_id:
        path = "the best-voted container's ancestor, gathering the story's sections"
    else:
        path = "the best-voted container"
    nodes = _story_nodes(best, scores)
    if len(nodes) == 1 and nodes[0].mem_id == best.mem_id:
        nodes = _same_class_blocks(best, root)
    lead = _lead(nodes[0])
    if lead is not None:
        nodes.insert(0, lead)
    faq = _trailing_faq(nodes[-1])
    if faq is not None:
        nodes.append(faq)
    nodes = _without_calls_to_action(nodes, best, dropped, options.explain)
    blocks = _drop_known_lead(_story_blocks(nodes, options.tables, _blocks if walk is None else walk), known)
    body = "\n\n".join(_drop_copyright_tail(blocks))
    if _teaser_list(nodes, body) and not _declares_article(tree):
        return _empty(dropped, "a list of linked headlines (an index page): not an article")
    if not weighs_at_least(body, options.min_body_chars):
        return _empty(
            dropped, f"story text shorter than {options.min_body_chars} characters: not an article"
        )
    source = " + ".join(describe_node(node) for node in nodes[:5])
    return Story(body, tuple(dropped), {"body": Provenance("heuristic", source, note=path)}, tuple(nodes))
