"""The explain report: one self-contained HTML page showing what was kept of a page, and why the
rest went.

`render_report` extracts the page in explain mode, then lays the page's text blocks out in page
order: the story's blocks marked kept, each block a boilerplate rule dropped struck through with
the rule and its evidence beside it, and the rest (text outside the chosen container, or
filtered out as a link list, a repeat or a byline line) greyed. The metadata follows, each
value with its source and the candidates that lost. ``docs/report.md`` says how to read it.

Where the dropped blocks were is found again on a second parse of the page, since the pipeline
removes them: the boilerplate rules run again on it, from the state the pipeline ran them in,
and each match is checked against its `DroppedBlock`'s label. Calls to action, removed later,
(and any drop the replay misses) are found by label and the start of their text. The page's
blocks are cut where the story's
are (with `content`'s own block tags and whitespace rule), so a kept block is one whose text is
a paragraph of the body.

Everything from the page is escaped, and the report references nothing outside itself: no
scripts, no images, no links (a Content-Security-Policy forbids loading any, in case).
"""

from __future__ import annotations

import bisect
import dataclasses
import html as html_escape
from collections import Counter
from typing import Final, Literal, Mapping, Sequence

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .article import Article, DroppedBlock, Provenance
from .boilerplate import class_ids, describe_node, match_boilerplate, strip_non_content
from .content import _BLOCK_TAGS, _children, _clean, _likely_story
from .html import parse
from .options import ExtractOptions
from .pipeline import extract

__all__ = ["MAX_BLOCKS", "MAX_BLOCK_CHARS", "PageBlock", "Report", "build_report", "render_report", "report_html"]

#: Most blocks shown; a page with more (a forum thread, a data dump) is cut, and the report says so.
MAX_BLOCKS: Final = 2_000
#: Longest text shown for one block; a longer one is cut, with its full length given.
MAX_BLOCK_CHARS: Final = 1_000
#: How long `DroppedBlock.text` is when the block's text was cut (see `strip_boilerplate`).
DROPPED_TEXT_CHARS: Final = 200

#: The metadata fields shown, in the order of the JSON.
METADATA_FIELDS: Final = (
    "headline", "authors", "byline", "published", "modified", "description", "language",
    "site_name", "canonical_url", "image", "tags", "section",
)  # fmt: skip

Status = Literal["kept", "dropped", "left-out"]


@dataclasses.dataclass(frozen=True)
class PageBlock:
    """One text block of the page, in page order, and what became of it.

    ``drop`` indexes the article's ``explanation`` when a boilerplate rule dropped the block
    (the innermost dropped element holding it).
    """

    text: str
    tag: str
    status: Status
    drop: int | None = None


@dataclasses.dataclass(frozen=True)
class Report:
    """What the report shows: the article (extracted in explain mode), the page's blocks in
    page order, and the indexes of dropped blocks that could not be placed among them."""

    article: Article
    blocks: tuple[PageBlock, ...]
    missing: tuple[int, ...] = ()


def build_report(
    html: str | bytes,
    url: str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    options: ExtractOptions | None = None,
) -> Report:
    """Extract the page in explain mode and place every block on it (see `render_report`)."""
    options = dataclasses.replace(options or ExtractOptions(), explain=True)
    article = extract(html, url, headers=headers, options=options)
    dropped = article.explanation or ()
    # A second parse: the pipeline's tree lost the dropped blocks.
    tree = parse(html, headers, options).tree
    root = tree.body
    if root is None:
        return Report(article, (), tuple(range(len(dropped))))
    marks = _rule_drops(tree, dropped)
    missing = _locate_drops(root, dropped, marks)
    return Report(article, tuple(_page_blocks(root, marks, article.body)), tuple(missing))


def render_report(
    html: str | bytes,
    url: str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    options: ExtractOptions | None = None,
) -> str:
    """The explain report of one page, as a self-contained HTML document.

    Arguments are those of `extract`; ``options.explain`` is turned on whatever it says.

    Raises:
        ExtractError: the page is refused (empty, not HTML, too large, too deep), as by `extract`.
    """
    return report_html(build_report(html, url, headers=headers, options=options))


def _page_blocks(root: LexborNode, marks: Mapping[int, int], body: str) -> list[PageBlock]:
    """The text blocks under ``root`` in page order, each kept, dropped or left out.

    ``marks`` maps the ``mem_id`` of each dropped element to its index in the explanation. The
    body's paragraphs are found among the other blocks in order (the story is gathered in page
    order), so a line printed twice, in a list of key events and as the story's subheading, is
    kept where the story took it.
    """
    walked = _walk(root, marks, None)
    kept = _in_order([text for text, _, drop in walked if drop is None], body.split("\n\n") if body else [])
    out: list[PageBlock] = []
    undropped = 0
    for text, tag, drop in walked:
        if drop is not None:
            out.append(PageBlock(text, tag, "dropped", drop))
            continue
        out.append(PageBlock(text, tag, "kept" if undropped in kept else "left-out"))
        undropped += 1
    return out


def _in_order(texts: Sequence[str], paragraphs: Sequence[str]) -> set[int]:
    """Indexes of ``texts`` matching ``paragraphs`` in order: each paragraph at its first
    occurrence after the previous one's (a paragraph not found after it is skipped)."""
    positions: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        positions.setdefault(text, []).append(index)
    found: set[int] = set()
    after = 0
    for paragraph in paragraphs:
        places = positions.get(paragraph, [])
        at = bisect.bisect_left(places, after)
        if at < len(places):
            found.add(places[at])
            after = places[at] + 1
    return found


def _walk(node: LexborNode, marks: Mapping[int, int], drop: int | None) -> list[tuple[str, str, int | None]]:
    """(text, tag, drop) of each block under ``node``, cut as the story's blocks are.

    A dropped element is skipped as the pipeline removed it, so the text around it joins up
    as it did in the story; its own blocks follow the block it interrupted. Walks with an
    explicit stack (pages nest deeper than Python recurses); only dropped elements nested in
    dropped elements recurse.
    """
    blocks: list[tuple[str, str, int | None]] = []
    parts: list[str] = []
    pending: list[tuple[str, str, int | None]] = []
    open_tags = [node.tag or "div"]

    def flush() -> None:
        text = _clean("".join(parts))
        parts.clear()
        if text:
            blocks.append((text, open_tags[-1], drop))
        blocks.extend(pending)
        pending.clear()

    stack: list[tuple[LexborNode, bool]] = [(child, False) for child in reversed(_children(node))]
    while stack:
        current, leaving = stack.pop()
        if leaving:
            flush()
            open_tags.pop()
            continue
        if current.is_text_node:
            parts.append(current.text_content or "")
            continue
        if not current.is_element_node:
            continue
        inner = marks.get(current.mem_id)
        if inner is not None:
            (pending if "".join(parts).strip() else blocks).extend(_walk(current, marks, inner))
            continue
        tag = current.tag or ""
        if tag in _BLOCK_TAGS:
            flush()
            if tag in ("td", "th"):
                parts.append(" ")
            open_tags.append(tag)
            stack.append((current, True))
        stack.extend((child, False) for child in reversed(_children(current)))
    flush()
    return blocks


def _rule_drops(tree: LexborHTMLParser, dropped: Sequence[DroppedBlock]) -> dict[int, int]:
    """The boilerplate rules' drops, found as the pipeline found them: the ``mem_id`` of each
    dropped element mapped to its index in ``dropped``.

    The rules run again on this tree, from the same state (`find_story` up to its
    `strip_boilerplate`), and a match inside an earlier one is skipped as the pipeline skipped
    it. Each match must carry its drop's label; the first that does not (the pipeline's steps
    changed) ends the run, and `_locate_drops` searches for the rest.
    """
    tagged = strip_non_content(tree).tagged
    root = tree.body
    if root is None or not dropped:
        return {}
    classed = class_ids(root)
    marks: dict[int, int] = {}
    for node, _ in match_boilerplate(root, _likely_story(root), tagged=tagged, classed=classed).drops:
        if _inside_marked(node, marks) or not _attached(node, root):
            continue  # inside a drop, or inside a non-content element (a caption in a <picture>)
        index = len(marks)
        if index >= len(dropped) or describe_node(node) != dropped[index].selector:
            break
        marks[node.mem_id] = index
    return marks


def _locate_drops(root: LexborNode, dropped: Sequence[DroppedBlock], marks: dict[int, int]) -> list[int]:
    """Find the element of each drop not in ``marks`` yet (the calls to action, removed after
    the rules): the first one, in page order, with its label and text, not already taken. Adds
    each found to ``marks`` and returns the indexes of drops not found.

    Drops without text are not looked for: they have no block to show, and an empty element
    has look-alikes (a bare <div> holding empty links) that a wrong guess would take from the
    drops inside them. The text compared leaves out what earlier drops took, as their removal
    did. Whitespace is ignored: blocks dropped after inline elements were unwrapped read their
    text with other separators.
    """
    placed = set(marks.values())
    todo = [index for index, drop in enumerate(dropped) if index not in placed and drop.text]
    labels = {dropped[index].selector for index in todo}
    by_label: dict[str, list[LexborNode]] = {}
    if labels:
        for node in root.traverse():
            label = describe_node(node)
            if label in labels:
                by_label.setdefault(label, []).append(node)
    missing: list[int] = []
    for index in todo:
        drop = dropped[index]
        wanted = "".join(drop.text.split())
        cut = len(drop.text) >= DROPPED_TEXT_CHARS
        found = next(
            (
                node for node in by_label.get(drop.selector, ())
                if node.mem_id not in marks and not _inside_marked(node, marks)
                and _text_matches(_unspaced_text(node, marks, len(wanted) + 1), wanted, cut)
            ),
            None,
        )
        if found is None:
            missing.append(index)
        else:
            marks[found.mem_id] = index
    return missing


def _text_matches(start: str, wanted: str, cut: bool) -> bool:
    """Whether a text that opens with ``start`` (one character longer than ``wanted``, if it
    has as many) is the dropped block's: opens with it when the recorded text was cut, else
    is it."""
    return start.startswith(wanted) if cut else start == wanted


def _inside_marked(node: LexborNode, marks: Mapping[int, int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in marks:
            return True
        parent = parent.parent
    return False


def _attached(node: LexborNode, root: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.mem_id != root.mem_id:
        parent = parent.parent
    return parent is not None


def _unspaced_text(node: LexborNode, marks: Mapping[int, int], limit: int) -> str:
    """The first ``limit`` characters of ``node``'s text without whitespace, leaving out the
    elements in ``marks``. The walk stops there: a bare ``<div>`` around the whole page is a
    candidate for every bare ``<div>`` dropped."""
    parts: list[str] = []
    length = 0
    stack = list(reversed(_children(node)))
    while stack and length < limit:
        current = stack.pop()
        if current.is_text_node:
            part = "".join((current.text_content or "").split())
            parts.append(part)
            length += len(part)
        elif current.is_element_node and current.mem_id not in marks:
            stack.extend(reversed(_children(current)))
    return "".join(parts)[:limit]


# Rendering. Every string that comes from the page goes through _e.


def _e(text: str) -> str:
    return html_escape.escape(text, quote=True)


def _shown(text: str) -> str:
    """A block's text as shown: escaped, and cut when long."""
    if len(text) <= MAX_BLOCK_CHARS:
        return _e(text)
    cut = f" … [cut: {len(text):,} characters in all]"
    return _e(text[:MAX_BLOCK_CHARS]) + f'<span class="cut">{_e(cut)}</span>'


_STYLE: Final = """
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1150px;padding:1em 2em;color:#222;background:#fff}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin:1.5em 0 .5em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f4f4f4}.muted,.cut{color:#777;font-size:.9em}code{font-size:.9em;word-break:break-all}
.legend span{display:inline-block;padding:.1em .5em;margin-right:.5em;border-radius:3px}
.row{display:grid;grid-template-columns:4.5em 1fr 22em;gap:.8em;padding:.35em .5em;border-left:5px solid transparent;margin:2px 0}
.row .tag{font:12px monospace;color:#666}.row .why{font-size:.85em;color:#444}
.kept{background:#eaf7ea;border-left-color:#2e8b3a}.kept .status{color:#2e7d32;font-weight:bold}
.dropped{background:#fdecec;border-left-color:#c62828}.dropped .text{text-decoration:line-through;color:#8a4a4a}
.dropped .rule{font-weight:bold;color:#b71c1c}.left-out{color:#888;border-left-color:#ccc}
.candidates li{margin:.1em 0}.warning{background:#fff6d5;padding:.5em;border:1px solid #e6c200}
""".strip()

_LABELS: Final = {"kept": "kept", "dropped": "dropped", "left-out": "left out"}


def report_html(report: Report) -> str:
    """The report as a self-contained HTML document."""
    article, blocks, missing = report.article, report.blocks, report.missing
    dropped = article.explanation or ()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        # Belt and braces: nothing in the report may load, whatever slipped through escaping.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e('Extraction report: ' + (article.headline or article.url or 'page'))}</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Extraction report</h1>",
        _summary(article, blocks, missing),
        "<h2>Metadata</h2>",
        _metadata_table(article),
        "<h2>Text blocks in page order</h2>",
        '<p class="legend"><span class="kept">kept: in the story</span> '
        '<span class="dropped">dropped by a rule (struck through; the rule and its evidence beside it)</span> '
        '<span class="left-out">left out: not in the chosen story, or filtered from it</span></p>',
        *_block_rows(blocks[:MAX_BLOCKS], dropped),
    ]
    if len(blocks) > MAX_BLOCKS:
        parts.append(f'<p class="warning">{len(blocks) - MAX_BLOCKS:,} more blocks not shown '
                     f"(the report shows the first {MAX_BLOCKS:,}).</p>")
    if missing:
        parts.append("<h2>Dropped blocks not found again on the page</h2>")
        unplaced = [PageBlock(dropped[i].text, dropped[i].tag, "dropped", i) for i in missing[:MAX_BLOCKS]]
        parts += _block_rows(unplaced, dropped)
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _summary(article: Article, blocks: Sequence[PageBlock], missing: Sequence[int]) -> str:
    counts = Counter(block.status for block in blocks)
    rules = Counter(d.rule for d in article.explanation or ())
    body = article.provenance.get("body")
    verdict = "a story was found" if article.is_article else "no story was found"
    lines = [
        f"<p><b>Page:</b> <code>{_e(article.url or 'no URL given')}</code><br>",
        f"<b>Result:</b> {verdict}" + (f": {_e(body.note)}" if body and body.note else "") + "<br>",
    ]
    if body and body.raw:
        lines.append(f"<b>Story containers:</b> <code>{_e(body.raw)}</code><br>")
    lines.append(
        f"<b>Blocks:</b> {len(blocks):,} on the page: {counts['kept']:,} kept, "
        f"{counts['dropped']:,} dropped by rules, {counts['left-out']:,} left out.<br>"
    )
    if rules:
        by_rule = ", ".join(f"{_e(rule)} {count}" for rule, count in rules.most_common())
        empty = sum(1 for d in article.explanation or () if not d.text)
        unshown = f" ({empty:,} of them without text, not shown)" if empty else ""
        lines.append(f"<b>Elements dropped, by rule:</b> {by_rule}{unshown}.")
    lines.append("</p>")
    if len(blocks) > MAX_BLOCKS or any(len(block.text) > MAX_BLOCK_CHARS for block in blocks[:MAX_BLOCKS]):
        lines.append(f'<p class="warning">This report is shortened: at most {MAX_BLOCKS:,} blocks, '
                     f"each cut to {MAX_BLOCK_CHARS:,} characters.</p>")
    if missing:
        lines.append(f'<p class="warning">{len(missing):,} dropped blocks could not be placed on the page; '
                     "they are listed at the end.</p>")
    return "\n".join(lines)


def _block_rows(blocks: Sequence[PageBlock], dropped: Sequence[DroppedBlock]) -> list[str]:
    """One row per block; a dropped element's rule and evidence are given beside its first
    block, and its other blocks say they belong to it."""
    rows = []
    previous: int | None = None
    for block in blocks:
        same = block.drop is not None and block.drop == previous
        rows.append(_block_row(block, _SAME_ELEMENT if same else _why(block.drop, dropped)))
        previous = block.drop
    return rows


_SAME_ELEMENT: Final = '<span class="muted">same dropped element as above</span>'


def _why(drop: int | None, dropped: Sequence[DroppedBlock]) -> str:
    if drop is None:
        return ""
    block = dropped[drop]
    return f'<span class="rule">{_e(block.rule)}</span> <code>{_e(block.selector)}</code><br>{_e(block.evidence)}'


def _block_row(block: PageBlock, why: str) -> str:
    return (
        f'<div class="row {block.status}"><div><span class="status">{_LABELS[block.status]}</span><br>'
        f'<span class="tag">&lt;{_e(block.tag)}&gt;</span></div>'
        f'<div class="text">{_shown(block.text) or "<i>(no text)</i>"}</div><div class="why">{why}</div></div>'
    )


def _field_value(article: Article, name: str) -> str:
    if name == "authors":
        return "; ".join(f"{a.name} ({a.kind})" for a in article.authors)
    if name == "tags":
        return ", ".join(article.tags)
    value = getattr(article, name)
    return value if isinstance(value, str) else ""


def _metadata_table(article: Article) -> str:
    rows = ["<table><tr><th>field</th><th>value</th><th>source and raw value</th>"
            "<th>rejected candidates and notes</th></tr>"]
    for name in METADATA_FIELDS:
        value = _field_value(article, name)
        prov = article.provenance.get(name)
        rows.append(
            f"<tr><td>{name}</td><td>{_e(value) if value else '<span class=muted>none</span>'}</td>"
            f"<td>{_provenance(prov)}</td><td>{_rejected(prov)}</td></tr>"
        )
    rows.append("</table>")
    return "\n".join(rows)


def _provenance(prov: Provenance | None) -> str:
    if prov is None:
        return '<span class="muted">no source</span>'
    raw = f"<br><code>{_e(prov.raw)}</code>" if prov.raw else ""
    return f"<b>{_e(prov.source)}</b>{raw}"


def _rejected(prov: Provenance | None) -> str:
    if prov is None or not (prov.candidates or prov.note):
        return ""
    items = [f"<li><b>{_e(c.source)}</b>: <code>{_e(c.raw or '')}</code></li>" for c in prov.candidates]
    note = f'<p class="muted">{_e(prov.note)}</p>' if prov.note else ""
    return (f'<ul class="candidates">{"".join(items)}</ul>' if items else "") + note
