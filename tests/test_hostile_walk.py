"""The story's walks on hostile shapes (issue 22) give what their plain definitions give.

`content._blocks` and the paragraph vote walk keep as few Python objects alive as they can, so
that a page of tens of thousands of elements costs no more per byte than a small one. These
tests pin what they return against the naive definitions: a recursive walk of the blocks, and
each voter's deep text read on its own. No timing here (bench/hostile.py measures it)."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

import extractor
from extractor import content
from extractor.options import ExtractOptions
from extractor.content import Block, _blocks

PARAGRAPH = "<p>" + "w, " * 100 + "</p>"

#: Small versions of bench/hostile.py's shapes, and a few the walks treat specially.
SHAPES = {
    "links": "<div>" + '<a href="/a">link text, link text, </a>    ' * 300 + "</div>",
    "word-br": "<div>" + "words " * 10 + " words<br>" * 300 + "</div>",
    "divs": "".join("<div>" + "x" * 59 + "</div>" for _ in range(300)) + PARAGRAPH,
    "nested-tables": "<table><tr><td>" * 40 + "word, " * 40 + PARAGRAPH,
    "nested-spans": "<span>" * 200 + PARAGRAPH + "</span>" * 200,
    "nested-lists": "<ul><li>" * 30 + "item text, " * 20 + "</li></ul>" * 30,
    "permalinks": "<h2><a href='#one'>Part one</a></h2>" + PARAGRAPH + "<h2><a href='/x'>Away</a></h2>",
    "link-around-box": "<a href='/box'><div>Boxed <a href='/in'>text</a> here</div></a>" + PARAGRAPH,
    "spacers": "<p>&zwj;</p>" * 5 + PARAGRAPH + "<p> </p>" * 5,
    "mixed-text": "<div>Loose text, " * 3 + "<p>inner, </p>tail text, " + "</div>" * 3,
}


def _body(html: str) -> LexborNode:
    body = LexborHTMLParser(f"<html><body>{html}</body></html>").body
    assert body is not None
    return body


def _recursive_blocks(node: LexborNode, tables: bool) -> list[tuple[str, str, int]]:
    """The blocks by their definition, recursively (fine at these depths)."""
    blocks: list[tuple[str, str, int]] = []
    parts: list[str] = []
    link_chars = [0]
    open_blocks = [node.tag or "div"]

    def flush() -> None:
        if parts:
            text = content._clean("".join(parts))
            parts.clear()
            if text.strip(content._INVISIBLE):
                blocks.append((text, open_blocks[-1], link_chars[0]))
        link_chars[0] = 0

    def visit(current: LexborNode, in_link: bool) -> None:
        if current.is_text_node:
            text = current.text_content or ""
            parts.append(text)
            link_chars[0] += len(text.strip()) if in_link else 0
            return
        if not current.is_element_node:
            return
        tag = current.tag or ""
        inner = in_link or (tag == "a" and not content._permalink(current, open_blocks[-1]))
        block = tag in content._BLOCK_TAGS
        if block:
            if tag in content._TABLE_TAGS and not tables:
                return
            flush()
            if tag in ("td", "th"):
                parts.append(" ")
            open_blocks.append(tag)
        for child in current.iter(include_text=True):
            visit(child, inner)
        if block:
            flush()
            open_blocks.pop()

    for child in node.iter(include_text=True):
        visit(child, False)
    flush()
    return blocks


def _fields(blocks: list[Block]) -> list[tuple[str, str, int]]:
    return [(block.text, block.tag, block.link_chars) for block in blocks]


@pytest.mark.parametrize("tables", [True, False])
@pytest.mark.parametrize("shape", SHAPES)
def test_the_block_walk_gives_the_recursive_walks_blocks(shape: str, tables: bool):
    body = _body(SHAPES[shape])
    expected = _recursive_blocks(body, tables)
    assert _fields(_blocks(body, tables)) == expected
    # Without tables, nested tables hold no blocks; every other shape has text to walk.
    assert bool(expected) == (tables or shape != "nested-tables")


def test_the_block_walk_of_an_empty_element_is_empty():
    div = _body("<div></div>").css_first("div")
    assert div is not None
    assert _blocks(div, True) == []


def test_link_text_is_counted_inside_a_links_siblings_only_once():
    # The link's state must not leak to the text after it: only "link" is link text.
    blocks = _blocks(_body("<p>before <a href='/x'>link</a> after</p>"), True)
    assert _fields(blocks) == [("before link after", "p", len("link"))]


def _positions(body: LexborNode) -> dict[int, int]:
    """Each element's place in document order: how nodes of two parses of a page are matched."""
    return {node.mem_id: position for position, node in enumerate(body.traverse())}


def _plain_votes(tree: LexborHTMLParser, body: LexborNode) -> dict[int, float]:
    """The vote entries by their definition, by document position: inline elements unwrapped
    one name at a time by Lexbor, and each voter's deep text read on its own."""
    tree.unwrap_tags(sorted(content.INLINE_TAGS))
    tree.merge_text_nodes()
    place = _positions(body)
    entries: dict[int, float] = {}
    nodes = list(body.traverse())
    for node in nodes:
        tag = node.tag or ""
        parent = node.parent
        if tag not in content._VOTING_TAGS or parent is None:
            continue
        _, weight, commas = content._text_mass(node.text(deep=True, strip=True))
        if weight >= content.MIN_VOTING_CHARS:
            score = content._score(weight, commas) * (0.5 if tag in ("td", "li", "dd") else 1.0)
            entries[place[parent.mem_id]] = entries.get(place[parent.mem_id], 0.0) + score
    for node in nodes:
        direct = node.text(deep=False, strip=True)
        if node.tag in content._TEXT_BOX_TAGS and content.weighs_at_least(direct, 4 * content.MIN_VOTING_CHARS):
            if content._spaced(direct):
                entries[place[node.mem_id]] = entries.get(place[node.mem_id], 0.0) + content._paragraph_score(direct)
    return entries


VOTED = {
    **SHAPES,
    "unclosed-font": "<font>" * 100 + PARAGRAPH,
    "misnested-b-i": "<b><i>w</b>" * 100 + PARAGRAPH,
    "loose-lines": "<div>" + ("A line of loose text, with commas, " * 3 + "<br>") * 20 + "</div>",
    "span-story": "<div><span>" + "Old pages put whole stories in spans, " * 10 + "</span></div>" + PARAGRAPH,
}


@pytest.mark.parametrize("shape", VOTED)
def test_the_vote_walk_gives_the_plain_votes(shape: str):
    # A closing paragraph, so that every page has a vote beside what its shape makes.
    html = f"<html><body>{VOTED[shape]}{PARAGRAPH}</body></html>"
    plain_tree = LexborHTMLParser(html)
    plain_body = plain_tree.body
    tree = LexborHTMLParser(html)
    body = tree.body
    assert body is not None and plain_body is not None
    expected = _plain_votes(plain_tree, plain_body)
    entries = content._unwrapped_votes(tree, body)
    # The same tree once unwrapped, and the same votes at the same places.
    assert body.html == plain_body.html
    place = _positions(body)
    assert {place[node.mem_id]: score for node, score in entries.items()} == expected
    assert expected


# Markup the parser could have split into text nodes side by side, were it to add a text node
# where it adds to the one before: foster-parented table text, entities, comments, misnesting.
PARSER_TEXTS = {
    "foster-parented": "a<table>b<tr>c<td>d</td>e</tr>f</table>g",
    "entities-and-nul": "a\0b&amp;c&#x41;d",
    "comment": "a<!--x-->b",
    "misnested": "<b>x<p>y</b>z",
    "select": "a<select>b<option>c</select>d",
    "caption": "<table>a<caption>b</caption>c</table>",
}


@pytest.mark.parametrize("shape", PARSER_TEXTS)
def test_the_parser_leaves_no_two_text_nodes_side_by_side(shape: str):
    # What lets the vote walk skip merging text nodes on a page nothing was taken out of.
    tree = LexborHTMLParser(f"<html><body>{PARSER_TEXTS[shape]}</body></html>")
    assert tree.root is not None
    before = sum(1 for _ in tree.root.traverse(include_text=True))
    tree.merge_text_nodes()
    assert sum(1 for _ in tree.root.traverse(include_text=True)) == before


@pytest.mark.parametrize("shape", [name for name in VOTED if "<span" not in VOTED[name] and "<font" not in VOTED[name]])
def test_the_vote_walk_unmerged_gives_the_merged_votes_where_nothing_was_taken_out(shape: str):
    html = f"<html><body>{VOTED[shape]}{PARAGRAPH}</body></html>"
    merged_tree, tree = LexborHTMLParser(html), LexborHTMLParser(html)
    merged_body, body = merged_tree.body, tree.body
    assert merged_body is not None and body is not None
    merged = content._unwrapped_votes(merged_tree, merged_body, edited=True)
    entries = content._unwrapped_votes(tree, body, edited=False)
    place = _positions(body)
    merged_place = _positions(merged_body)
    assert {place[node.mem_id]: score for node, score in entries.items()} == {
        merged_place[node.mem_id]: score for node, score in merged.items()
    }


STORY_WORDS = "The council met on Tuesday and voted, after a long debate, to keep the library open. " * 4

#: Markup the story pass takes out of the tree (or leaves be), and the text it leaves there.
TAKEN_OUT = [
    pytest.param("<script>var x = 1;</script>", "", id="non-content"),
    pytest.param("<span style=\"display:none\">Home</span>", "", id="boilerplate"),
    pytest.param("<em>inside</em>", "inside", id="unwrapped"),
    pytest.param("<i></i>", "", id="empty-inline-left-be"),
    pytest.param("", "", id="nothing"),
]


@pytest.mark.parametrize("taken_out, left", TAKEN_OUT)
@pytest.mark.parametrize("formats", [(), ("markdown",)], ids=["text", "markdown"])
def test_a_word_split_by_an_element_taken_out_reads_whole(taken_out: str, left: str, formats: tuple):
    # A word cut in two by an element that goes: its halves are two text nodes side by side,
    # which read as one word, merged, as on a page with nothing taken out (not merged).
    page = f"<html><body><article><p>{STORY_WORDS}Li{taken_out}brary hours stay the same.</p></article></body></html>"
    article = extractor.extract(page, options=ExtractOptions(formats=formats))
    assert article.body == f"{STORY_WORDS}Li{left}brary hours stay the same.".strip()


def _text_nodes(tree: LexborHTMLParser) -> int:
    assert tree.root is not None
    return sum(1 for node in tree.root.traverse(include_text=True) if node.is_text_node)


@pytest.mark.parametrize("taken_out, left", TAKEN_OUT)
def test_after_the_vote_walk_no_two_text_nodes_stand_side_by_side(taken_out: str, left: str):
    # Elements taken out between two texts leave two text nodes side by side, which the votes
    # (each text node stripped) and the blocks' link counts read apart: the walk merges them
    # whenever anything was taken out, and only then.
    loose = "A line of loose text, with commas, "
    tree = LexborHTMLParser(f"<html><body><div>{loose * 6}{taken_out} {loose * 6}</div>{PARAGRAPH}</body></html>")
    non_content = content.strip_non_content(tree)
    body = tree.body
    assert body is not None
    _, removed = content.strip_boilerplate(tree, content._likely_story(body), tagged=non_content.tagged, classed=content.class_ids(body))
    content._unwrapped_votes(tree, body, edited=bool(non_content.removed or removed))
    walked = _text_nodes(tree)
    tree.merge_text_nodes()
    assert _text_nodes(tree) == walked
