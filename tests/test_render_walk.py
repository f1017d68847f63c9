"""The renderings' walk stands in for the body's (`render.StoryWalk`): it must give the story
pass exactly the blocks `content._blocks` gives, or asking for a format would change ``body``.
And the links it resolves on the quick path resolve as `urljoin` would."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborNode
from support import FIXTURES

from extractor import ExtractOptions
from extractor.content import Block, _blocks, find_story
from extractor.html import parse
from extractor.render import StoryWalk, prepare
from extractor.render.urls import link_url

PAGES = sorted(p.parent for p in FIXTURES.glob("*/source.html"))


def _fields(blocks: list[Block]) -> list[tuple[str, str, int]]:
    return [(block.text, block.tag, block.link_chars) for block in blocks]


@pytest.mark.parametrize("tables", [True, False])
@pytest.mark.parametrize("page_dir", PAGES, ids=[p.name for p in PAGES])
def test_the_story_walk_gives_the_body_walks_blocks(page_dir: Path, tables: bool):
    document = parse((page_dir / "source.html").read_bytes(), None, ExtractOptions())
    walk = StoryWalk(prepare(document.tree))
    compared: list[int] = []

    def both(node: LexborNode, tables_: bool) -> list[Block]:
        walked = walk(node, tables_)
        assert _fields(walked) == _fields(_blocks(node, tables_))
        compared.append(len(walked))
        return walked

    story = find_story(document.tree, ExtractOptions(tables=tables), walk=both)
    assert bool(story.body) <= bool(compared)


def test_link_text_counts_as_the_body_counts_it():
    # A heading's permalink is the heading's own text; a link in a block inside a link is link text.
    html = (
        "<html><body><div><h2><a href='#part'>Part one</a></h2>"
        "<p>Read <a href='/next'>the next story <b>now</b></a> here.</p>"
        "<a href='/box'><div>Boxed text</div></a></div></body></html>"
    )
    document = parse(html, None, ExtractOptions())
    body = document.tree.body
    assert body is not None
    walked = StoryWalk(prepare(document.tree))(body, True)
    assert _fields(walked) == _fields(_blocks(body, True))
    # Each text node counts stripped: "the next story " and "now".
    assert [block.link_chars for block in walked] == [0, len("the next story") + len("now"), len("Boxed text")]


_HOST = st.from_regex(r"[a-z0-9]{1,8}(?:\.[a-z0-9-]{1,8}){0,2}", fullmatch=True)
_PART = st.from_regex(r"[A-Za-z0-9%._~!$&'()*+,=:@/-]{0,12}", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(
    scheme=st.sampled_from(["http", "https"]), host=_HOST, port=st.sampled_from(["", ":8080"]),
    path=_PART, query=st.one_of(st.just(""), _PART.map(lambda part: "?" + part)),
    fragment=st.one_of(st.just(""), _PART.map(lambda part: "#" + part)),
    base=st.sampled_from(["", "https://news.example/city/story.html", "http://other.example/"]),
)
def test_absolute_links_resolve_as_urljoin_resolves_them(
    scheme: str, host: str, port: str, path: str, query: str, fragment: str, base: str
):
    href = f"{scheme}://{host}{port}{'/' + path if path else ''}{query}{fragment}"
    assert link_url(href, base) == urljoin(base, href)


def test_a_plain_leaf_keeps_no_runs_and_a_marked_one_gets_its_plain_text_back():
    html = (
        "<html><body><div><p>Plain <span>text</span> only.</p><p>Plain <b>bold</b> end.</p>"
        "<table><tr><td>Cell <a href='https://a.example/'>link</a></td></tr></table></div></body></html>"
    )
    document = parse(html, None, ExtractOptions())
    body = document.tree.body
    assert body is not None
    walk = StoryWalk(prepare(document.tree))
    walk(body, True)
    plain, marked, cell = walk.found
    assert plain.inlines is None
    # A block with marks keeps runs (the marks are found once the story pass unwraps them); the
    # text nodes before a block's first link are runs again, a cell's leading space is not.
    assert marked.inlines == [("Plain ", None, None), ("bold", None, None), (" end.", None, None)]
    assert cell.inlines == [("Cell ", None, None), ("link", "https://a.example/", None)]
