"""Structured bodies (docs/formats.md): Markdown and safe HTML rendered from the story's blocks,
with the story's pictures and links; nothing of it unless asked for."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser
from support import FIXTURES, assert_valid_article, fixture_request
from typer.testing import CliRunner

import extractor
from extractor import ExtractOptions
from extractor.cli import app
from extractor.boilerplate import strip_non_content
from extractor.content import INLINE_TAGS
from extractor.render import prepare
from extractor.render.markdown import plain_text

BOTH = ExtractOptions(formats=("markdown", "html"))
PAGES = sorted(p.parent for p in FIXTURES.glob("*/source.html"))
PARAGRAPH = "The council approved the new harbour plan after a long debate about costs and the timetable."


def page(story: str, head: str = "") -> str:
    return f"<html><head><title>Harbour plan</title>{head}</head><body><nav><a href='/'>Home</a></nav><article>{story}</article></body></html>"


def story(*blocks: str) -> str:
    return "".join(blocks) + "".join(f"<p>{PARAGRAPH} Part {part}.</p>" for part in range(3))


def render(html: str, url: str | None = "https://news.example/city/story.html") -> extractor.Article:
    return extractor.extract(html, url, options=BOTH)


def test_the_default_call_adds_no_keys_and_renders_nothing():
    article = extractor.extract(page(story("<p>Hello <em>there</em>, a paragraph of text.</p>")))
    assert (article.body_markdown, article.body_html, article.images, article.links) == (None,) * 4
    assert not {"body_markdown", "body_html", "images", "links"} & set(article.to_dict())


def test_only_the_formats_asked_for_are_rendered():
    article = extractor.extract(page(story()), options=ExtractOptions(formats=("markdown",)))
    assert article.body_markdown and article.body_html is None
    data = article.to_dict()
    assert "body_html" not in data and data["images"] == [] and data["links"] == []
    assert_valid_article(data)


@pytest.mark.parametrize("formats", ["markdown", ("pdf",), ("markdown", "text")])
def test_an_unknown_format_is_a_clear_error(formats):
    with pytest.raises(ValueError, match="formats must be a tuple of 'markdown', 'html'"):
        ExtractOptions(formats=formats)


@pytest.mark.parametrize("page_dir", PAGES, ids=[p.name for p in PAGES])
def test_asking_for_formats_leaves_every_other_field_as_it_was(page_dir: Path):
    request = fixture_request(page_dir)
    html = (page_dir / "source.html").read_bytes()
    plain = extractor.extract(html, request.get("url"), headers=request.get("headers")).to_dict()
    rich = extractor.extract(html, request.get("url"), headers=request.get("headers"), options=BOTH).to_dict()
    assert_valid_article(rich)
    assert {key: value for key, value in rich.items() if key in plain} == plain
    assert bool(rich["body_markdown"]) == bool(plain["body"]) == bool(rich["body_html"])


def text_runs(html: str, *, prepared: bool) -> list[str]:
    """The body's text nodes as the story pass reads them (non-content removed, inline
    elements unwrapped, neighbours merged), after the renderings' pass or without it."""
    tree = LexborHTMLParser(html)
    if prepared:
        prepare(tree)
    strip_non_content(tree)
    tree.unwrap_tags(sorted(INLINE_TAGS))
    tree.merge_text_nodes()
    body = tree.body
    assert body is not None
    return [node.text_content or "" for node in body.traverse(include_text=True) if node.is_text_node]


@pytest.mark.parametrize(
    "holder",
    [
        "<div><span>USD 425.05 <img src='/up.png'> </span>EUR 509.29</div>",  # text merges past the span
        "<p><b>Rates <i><img src='/up.png'></i></b> today</p>",  # through inline elements both ways
        "<p>Rates <span><img src='/up.png'><script>x</script> </span><em>today</em></p>",  # past removed ones
        "<p><a href='/x'>Rates <img src='/up.png'> today</a> and more</p>",  # inside a link
        "<p>Rates today <span><img src='/up.png'></span></p><p>Next</p>",  # at a block's end: in place
    ],
)
def test_picture_placeholders_split_no_text_the_story_pass_reads(holder: str):
    # Voting strips each text node: a placeholder splitting a run of text the story pass would
    # have merged changes the votes, and so the body (a ticker of rates beside a story did).
    html = f"<html><body>{holder}</body></html>"
    assert text_runs(html, prepared=True) == text_runs(html, prepared=False)


def test_structure_is_kept_in_markdown_and_html():
    article = render(page(story(
        "<h2>What changes</h2><p>The plan has three parts, listed here in the order of the vote:</p>",
        "<ul><li>A new quay, built first<ol><li>its northern half</li><li>its southern half</li></ol></li><li>A ferry stop</li></ul>",
        "<blockquote><p>We waited ten years for this harbour to be rebuilt, said the mayor.</p></blockquote>",
        "<pre>line one\n  line two</pre>",
    )))
    markdown = article.body_markdown or ""
    assert "## What changes" in markdown
    assert "- A new quay, built first\n  1. its northern half\n  2. its southern half\n- A ferry stop" in markdown
    assert "> We waited ten years for this harbour to be rebuilt, said the mayor." in markdown
    assert "```\nline one\n  line two\n```" in markdown
    html = article.body_html or ""
    assert "<h2>What changes</h2>" in html
    assert "<ul><li><p>A new quay, built first</p><ol><li>its northern half</li><li>its southern half</li></ol></li><li>A ferry stop</li></ul>" in html
    assert "<blockquote><p>We waited ten years" in html
    assert "<pre><code>line one\n  line two</code></pre>" in html


def test_inline_marks_and_links_are_rendered_with_absolute_urls():
    article = render(page(story(
        "<p>The <em>new</em> plan, <strong>approved today</strong>, sets <code>max_draft = 12</code> and "
        "follows <a href='../reports/2024.html'>the report</a> and <a href='https://other.example/x'>a study</a>.</p>"
    )))
    assert ("The *new* plan, **approved today**, sets `max_draft = 12` and follows "
            "[the report](https://news.example/reports/2024.html) and [a study](https://other.example/x).") in (article.body_markdown or "")
    assert ('The <em>new</em> plan, <strong>approved today</strong>, sets <code>max_draft = 12</code> and follows '
            '<a href="https://news.example/reports/2024.html">the report</a>') in (article.body_html or "")
    assert [link.to_dict() for link in article.links or ()] == [
        {"text": "the report", "url": "https://news.example/reports/2024.html"},
        {"text": "a study", "url": "https://other.example/x"},
    ]


def test_marks_and_links_read_as_the_page_wrote_them_across_line_breaks_and_repeats():
    # The mark's text was read collapsed ("two words"); the page's text node holds a line break.
    # The same link twice in one paragraph resolves to the same URL both times.
    article = render(page(story(
        "<p>Say <em>two\n    words</em> to <a href='/a'>the desk</a>, then to <a href='/a'>the desk</a> again, every day.</p>"
    )))
    assert "Say *two words* to [the desk](https://news.example/a), then to [the desk](https://news.example/a) again" in (
        article.body_markdown or ""
    )
    assert [link.to_dict() for link in article.links or ()] == [{"text": "the desk", "url": "https://news.example/a"}]


def test_base_href_resolves_relative_urls():
    article = render(page(story("<p>See <a href='plan.pdf'>the plan itself</a> for all the details of it.</p>"),
                          head="<base href='https://cdn.example/docs/'>"))
    assert "[the plan itself](https://cdn.example/docs/plan.pdf)" in (article.body_markdown or "")


def test_figures_become_pictures_with_caption_and_credit():
    article = render(page(story(
        "<p>The quay as it stands today, before any of the works begin next spring.</p>",
        "<figure><img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' data-src='/img/quay.jpg' alt='The old quay' width='1200' height='800'>"
        "<figcaption>The old quay at dawn. Photo Courtesy: Unsplash</figcaption></figure>",
        "<img src='/static/site-logo.png' alt='Harbour News logo'>",
        "<img src='/pixel.gif' width='1' height='1'>",
    )))
    assert [image.to_dict() for image in article.images or ()] == [{
        "url": "https://news.example/img/quay.jpg", "alt": "The old quay",
        "caption": "The old quay at dawn.", "credit": "Unsplash", "width": 1200, "height": 800,
    }]
    assert "![The old quay](https://news.example/img/quay.jpg)\nThe old quay at dawn. — Unsplash" in (article.body_markdown or "")
    assert '<figure><img src="https://news.example/img/quay.jpg" alt="The old quay" width="1200" height="800">' in (article.body_html or "")


def test_srcset_gives_its_largest_picture():
    article = render(page(story("<figure><img srcset='/a-400.jpg 400w, /a-1600.jpg 1600w, /a-800.jpg 800w' alt='x'></figure>")))
    assert [image.url for image in article.images or ()] == ["https://news.example/a-1600.jpg"]


def test_a_data_table_becomes_a_pipe_table():
    article = render(page(story(
        "<table><tr><th>Berth</th><th>Depth | m</th></tr><tr><td>North</td><td>12</td></tr><tr><td>South</td><td>9</td></tr></table>"
    )))
    assert "| Berth | Depth \\| m |\n| --- | --- |\n| North | 12 |\n| South | 9 |" in (article.body_markdown or "")
    assert "<table><tr><th>Berth</th><th>Depth | m</th></tr><tr><td>North</td><td>12</td></tr>" in (article.body_html or "")


def test_markdown_without_its_syntax_reads_as_the_body():
    article = render((FIXTURES / "hand-structure-kept" / "source.html").read_bytes())
    assert plain_text(article.body_markdown or "").split() == article.body.split()


def test_html_holds_only_the_safe_subset():
    article = render(page(story(
        "<p onclick='steal()'>A paragraph <a href='javascript:alert(1)' onmouseover='x()'>with a bad link</a> "
        "and <a href='  java\nscript:alert(2)'>another one</a> in the middle of the text.</p>",
        "<p>Text with &lt;script&gt;alert(3)&lt;/script&gt; written out as words on the page.</p>",
    )))
    html = article.body_html or ""
    tags = set(re.findall(r"</?([a-z0-9]+)", html))
    assert tags <= {"h2", "h3", "h4", "p", "ul", "ol", "li", "blockquote", "table", "tr", "th", "td", "a", "em",
                    "strong", "code", "pre", "figure", "img", "figcaption"}
    assert "javascript" not in html and "onclick" not in html and "<script" not in html
    assert "&lt;script&gt;" in html
    assert not article.links


def test_cli_prints_markdown_and_html(tmp_path: Path):
    source = tmp_path / "a.html"
    source.write_text(page(story("<h2>Costs</h2>")), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(source), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Harbour plan\n\n## Costs\n\n" + PARAGRAPH + " Part 0.")
    result = CliRunner().invoke(app, ["extract", str(source), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("<h1>Harbour plan</h1>\n\n<h2>Costs</h2>\n<p>" + PARAGRAPH + " Part 0.</p>")
    result = CliRunner().invoke(app, ["extract", str(source), "--format", "jsonl"])
    assert "body_markdown" not in json.loads(result.output)


# A plain paragraph (no link, no mark) keeps no runs and renders from its text (`tree.Leaf`);
# one whose marks or links start after plain text nodes gets those nodes back as runs.
@pytest.mark.parametrize(
    ("paragraph", "markdown", "html"),
    [
        ("<p>Costs rose by 5 * 3_000 [sic] &amp; more.</p>", "Costs rose by 5 \\* 3\\_000 \\[sic\\] & more.",
         "<p>Costs rose by 5 * 3_000 [sic] &amp; more.</p>"),
        ("<p>1. The first  item,\n  plain.</p>", "1\\. The first item, plain.", "<p>1. The first item, plain.</p>"),
        ("<p>Costs <span>rose</span> <em>sharply</em> in <a href='/june'>June</a>.</p>",
         "Costs rose *sharply* in [June](https://news.example/june).",
         '<p>Costs rose <em>sharply</em> in <a href="https://news.example/june">June</a>.</p>'),
        ("<table><tr><td>Plain <b>bold</b> cell</td><td>x</td></tr><tr><td>a</td><td>b</td></tr></table>",
         "| Plain **bold** cell | x |\n| --- | --- |\n| a | b |",
         "<table><tr><td>Plain <strong>bold</strong> cell</td><td>x</td></tr><tr><td>a</td><td>b</td></tr></table>"),
    ],
    ids=["escaped-plain", "line-start-plain", "marks-after-plain-text", "marked-cell-after-plain-text"],
)
def test_plain_and_marked_paragraphs_render_as_the_page_shows_them(paragraph: str, markdown: str, html: str):
    article = render(page(story(paragraph)))
    assert article.body_markdown is not None and article.body_html is not None and article.links is not None
    assert article.body_markdown.split("\n\n")[0] == markdown
    assert article.body_html.startswith(html)
    assert [link.url for link in article.links] == (["https://news.example/june"] if "June" in paragraph else [])
