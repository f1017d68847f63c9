"""Structured bodies on hostile and awkward markup: valid Markdown and safe HTML, bounded, never
a traceback; text that looks like Markdown syntax renders as the text the page shows."""

from __future__ import annotations

import markdown_it
import pytest
from selectolax.lexbor import LexborHTMLParser

import extractor
from extractor import ExtractOptions
from extractor.render.layout import MAX_TABLE_COLUMNS, MAX_TABLE_ROWS

BOTH = ExtractOptions(formats=("markdown", "html"))
PROSE = "".join(
    f"<p>Paragraph {n} of the story tells how the river flooded the lower town for a week in May.</p>" for n in range(3)
)


def render(story: str, url: str | None = "https://news.example/a/story.html", head: str = "") -> extractor.Article:
    html = f"<html><head><title>Flood</title>{head}</head><body><article>{story}{PROSE}</article></body></html>"
    return extractor.extract(html, url, options=BOTH)


def rendered_words(markdown: str) -> list[str]:
    """The words a CommonMark renderer (with GitHub tables) shows for ``markdown``."""
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(markdown)
    return LexborHTMLParser(html).text(separator=" ").split()


def test_markdown_metacharacters_render_as_the_page_shows_them():
    text = "# not a heading * not a bullet _not emphasis_ `not code` [not](a link) <b>not bold</b> &amp; 1. two | three"
    article = render(f"<p>{text.replace('&amp;', '&amp;amp;').replace('<b>', '&lt;b&gt;').replace('</b>', '&lt;/b&gt;')}</p>"
                     "<p>- not a list item either, but a dash that opens the line</p><p>1) nor this, a number</p>")
    assert rendered_words(article.body_markdown or "") == article.body.split()


def test_pipes_and_line_breaks_in_cells_stay_inside_them():
    article = render("<table><tr><th>a|b</th><th>c</th></tr><tr><td><p>one</p><p>two</p></td><td>x | y</td></tr></table>")
    markdown = article.body_markdown or ""
    assert "| a\\|b | c |\n| --- | --- |\n| one<br>two | x \\| y |" in markdown
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(markdown)
    cells = [cell.text() for cell in LexborHTMLParser(html).css("td")]
    assert cells == ["onetwo", "x | y"]


def test_rowspan_and_colspan_fill_a_rectangular_grid():
    article = render(
        "<table><tr><th>Day</th><th colspan='2'>Level</th></tr>"
        "<tr><td rowspan='2'>Mon</td><td>3 m</td><td>rising</td></tr><tr><td>4 m</td><td>peak</td></tr></table>"
    )
    assert "| Day | Level |  |\n| --- | --- | --- |\n| Mon | 3 m | rising |\n|  | 4 m | peak |" in (article.body_markdown or "")


def test_absurd_spans_are_bounded():
    article = render("<table><tr><td colspan='999999' rowspan='999999'>x</td><td>y</td></tr><tr><td>z</td></tr></table>")
    first = (article.body_markdown or "").split("\n")[0]
    assert first.count("|") == MAX_TABLE_COLUMNS + 1


def test_nested_tables_keep_every_cell_text():
    article = render(
        "<table><tr><td><table><tr><td>inner a</td><td>inner b</td></tr><tr><td>inner c</td><td>inner d</td></tr></table></td>"
        "<td>outer</td></tr></table>"
    )
    markdown = article.body_markdown or ""
    for text in ("inner a", "inner b", "inner c", "inner d", "outer"):
        assert text in markdown
    assert "<table><tr><td>inner a</td>" in (article.body_html or "")


def test_a_ten_thousand_row_table_gives_bounded_output():
    rows = "".join(f"<tr><td>row {n}</td><td>{n * 7}</td></tr>" for n in range(10_000))
    article = render(f"<table>{rows}</table>")
    markdown = article.body_markdown or ""
    assert sum(line.startswith("| row ") for line in markdown.split("\n")) == MAX_TABLE_ROWS
    assert (article.body_html or "").count("<tr>") == MAX_TABLE_ROWS
    assert "row 9999" in article.body  # the text itself stays in the body


@pytest.mark.parametrize("href", ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)",
                                  "vbscript:x", "data:text/html,<script>alert(1)</script>", "#section", ""])
def test_unsafe_or_empty_links_become_plain_text(href: str):
    article = render(f"<p>Read <a href='{href}'>the council's notice</a> before the water comes back again.</p>")
    assert "Read the council's notice before" in (article.body_markdown or "")
    assert "<p>Read the council&#x27;s notice before" in (article.body_html or "") or \
        "<p>Read the council's notice before" in (article.body_html or "")
    assert article.links == ()


def test_relative_urls_with_no_base_are_left_out():
    article = render("<p>See <a href='/notice'>the notice</a> and the map of the flooded streets below it.</p>"
                     "<figure><img src='/map.png' alt='map'></figure>", url=None)
    assert "[the notice]" not in (article.body_markdown or "") and "the notice" in (article.body_markdown or "")
    assert article.links == () and article.images == ()


def test_base_href_beats_the_page_url_and_a_bad_one_is_ignored():
    story = "<p>See <a href='notice.html'>the notice</a> and the map of the flooded streets below it.</p>"
    assert [link.url for link in render(story, head="<base href='/docs/'>").links or ()] == ["https://news.example/docs/notice.html"]
    assert [link.url for link in render(story, head="<base href='javascript:x'>").links or ()] == ["https://news.example/a/notice.html"]


def test_images_with_only_data_uris():
    tiny = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
    real = "data:image/png;base64," + "iVBORw0KGgo" * 40
    svg = "data:image/svg+xml;base64," + "PHN2Zz48c2NyaXB0Pg" * 20
    article = render(f"<figure><img src='{tiny}' alt='placeholder'></figure><figure><img src='{real}' alt='chart'></figure>"
                     f"<figure><img src='{svg}' alt='script'></figure>")
    assert [image.alt for image in article.images or ()] == ["chart"]
    assert f'<img src="{real}" alt="chart">' in (article.body_html or "")


def test_logos_avatars_icons_pixels_and_ads_are_not_story_images():
    article = render(
        "<figure><img src='/photo/flood.jpg' alt='The flooded square'></figure>"
        "<img src='/img/logo.svg' alt='Site'><img class='avatar' src='/u/1.jpg'><img src='/i.png' width='16' height='16'>"
        "<img src='/t.gif' width='1' height='1'><div class='ad-slot'><img src='/banner.jpg'></div>"
        "<img src='/ads/300x250.jpg'><img src='/img/author-headshot.jpg'>"
    )
    assert [image.url for image in article.images or ()] == ["https://news.example/photo/flood.jpg"]


def test_share_links_inside_the_story_are_not_story_links():
    article = render("<p>Tell others: <a href='https://www.facebook.com/sharer/sharer.php?u=x'>share this story</a> or read "
                     "<a href='https://news.example/b'>the earlier report</a> on the same flood of the river.</p>")
    assert [link.text for link in article.links or ()] == ["the earlier report"]


def test_deep_nesting_renders_without_recursion_error():
    article = render("<ul><li>" * 900 + "deep item text" + "</li></ul>" * 900)
    assert "deep item text" in (article.body_markdown or "")
