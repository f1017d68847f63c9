"""Hostile and broken input: a documented ExtractError or an empty article, never another
exception and never a hang. Each regression is named for the input that once broke an extractor."""

from __future__ import annotations

import codecs
import encodings
import encodings.aliases
import pkgutil
import re
import threading
from typing import Mapping

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import assert_valid_article

import extractor
from extractor import (
    DocumentTooDeepError,
    DocumentTooLargeError,
    EmptyDocumentError,
    ExtractError,
    ExtractOptions,
    NotHTMLError,
)
from extractor.decoding import LABELS
from extractor.html import _BLOCK_NAMES


def check_article_or_error(data: bytes | str, headers: Mapping[str, str] | None = None) -> None:
    try:
        article = extractor.extract(data, headers=headers)
    except ExtractError as error:
        assert str(error), "an ExtractError must say what was wrong"
        return
    assert_valid_article(article.to_dict())


@pytest.mark.parametrize("data", [b"", "", b"   \n\t ", "\n\n   "])
def test_empty_and_whitespace_input_raise_empty_document(data):
    with pytest.raises(EmptyDocumentError):
        extractor.extract(data)


def test_pdf_is_not_html():
    with pytest.raises(NotHTMLError, match="PDF"):
        extractor.extract(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj")


def test_png_is_not_html():
    with pytest.raises(NotHTMLError, match="PNG"):
        extractor.extract(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)


def test_gzip_bytes_say_to_decompress():
    with pytest.raises(NotHTMLError, match="decompress"):
        extractor.extract(b"\x1f\x8b\x08\x00" + b"\x00" * 100)


def test_binary_garbage_is_not_html():
    garbage = bytes((i * 7919) % 256 for i in range(20_000))
    with pytest.raises(NotHTMLError):
        extractor.extract(garbage)


def test_plain_text_without_markup_is_not_html():
    with pytest.raises(NotHTMLError, match="no HTML markup"):
        extractor.extract("Just a sentence of plain text, no markup at all. " * 20)


def test_fifty_megabyte_page_is_refused_before_parsing():
    huge = b"<html><body>" + b"<p>lorem ipsum dolor sit amet</p>" * (50 * 1024 * 1024 // 33)
    with pytest.raises(DocumentTooLargeError, match="max_bytes"):
        extractor.extract(huge)


def test_size_limit_is_configurable():
    page = "<html><body><p>" + "word " * 1000 + "</p></body></html>"
    with pytest.raises(DocumentTooLargeError):
        extractor.extract(page, options=ExtractOptions(max_bytes=1000))


# Pages given as UTF-8 bytes are checked undecoded (see html._plain_utf8): each guard is
# tested on text and on bytes.
def as_text_and_bytes(page: str) -> list[str | bytes]:
    return [page, page.encode()]


@pytest.mark.parametrize("as_bytes", [False, True])
def test_hundred_thousand_nested_divs_are_refused_fast(as_bytes):
    bomb = "<html><body>" + "<div>" * 100_000 + "deep" + "</div>" * 100_000 + "</body></html>"
    with pytest.raises(DocumentTooDeepError, match="100,000 deep"):
        extractor.extract(bomb.encode() if as_bytes else bomb)


def test_unclosed_nested_sections_are_refused():
    for page in as_text_and_bytes("<body>" + "<SECTION class=x>" * 5_000):
        with pytest.raises(DocumentTooDeepError):
            extractor.extract(page)


@pytest.mark.parametrize("name", re.findall(r"[a-z]+", _BLOCK_NAMES.split("(?=")[0]))
def test_every_block_tag_counts_towards_the_depth_limit(name):
    # The cheap bounds checked before the exact scan must count every block tag, in any case.
    alternating = "".join(c.upper() if i % 2 else c for i, c in enumerate(name))
    for tag in (name, name.upper(), name.title(), alternating):
        for page in as_text_and_bytes(f"<body><{tag}>" * 1_500):
            with pytest.raises(DocumentTooDeepError):
                extractor.extract(page, options=ExtractOptions(max_depth=1_000))


def test_many_closed_siblings_are_not_deep():
    page = "<html><body>" + "<div><p>short paragraph of text here</p></div>" * 3_000 + "</body></html>"
    article = extractor.extract(page)
    assert_valid_article(article.to_dict())


def test_deep_inline_nesting_is_cheap_and_accepted():
    page = "<html><body><p>" + "<b>" * 20_000 + "text " * 100 + "</p></body></html>"
    check_article_or_error(page)


def test_invalid_utf8_is_replaced_not_fatal():
    story = "<p>" + "Die Regierung hat neue Regeln beschlossen, die ab Montag gelten. " * 6 + "</p>"
    data = f'<html><head><meta charset="utf-8"></head><body><article>{story}</article></body></html>'
    article = extractor.extract(data.encode() + b"\xc3\x28\xa0\xa1\xff")
    assert "Die Regierung" in article.body


def test_lone_surrogates_in_text_input():
    page = "<html><body><article><p>" + "Text with a broken \ud800 surrogate. " * 20 + "</p></article></body></html>"
    article = extractor.extract(page)
    assert "broken" in article.body


def test_lone_surrogate_in_utf16_bytes():
    page = "<html><body><article><p>" + "Text with a broken surrogate. " * 20 + "</p></article></body></html>"
    data = b"\xff\xfe" + page.encode("utf-16-le").replace("b\x00r\x00".encode(), b"\x00\xd8", 1)
    article = extractor.extract(data)
    assert "surrogate" in article.body and "\ufffd" in article.body


def test_home_page_is_not_an_article():
    teasers = "".join(
        f'<li><a href="/news/{i}">Headline number {i} about something</a></li>' for i in range(60)
    )
    page = f"<html><body><nav><a href='/'>Home</a></nav><ul>{teasers}</ul><footer>© Site</footer></body></html>"
    article = extractor.extract(page)
    assert article.body == ""
    assert article.is_article is False
    assert "not an article" in (article.provenance["body"].note or "")


def test_page_without_body_element():
    check_article_or_error("<html><head><title>Only a head</title></head></html>")


def test_frameset_page():
    check_article_or_error('<html><frameset><frame src="a.html"></frameset></html>')


def test_unclosed_title_does_not_swallow_the_story():
    story = "Correspondents reported heavy rain across the northern provinces on Tuesday. " * 8
    page = f"<html><head><title>Rain warning\n<script>x=1</script></head><body><div><p>{story}</p></div></body></html>"
    for data in as_text_and_bytes(page):
        article = extractor.extract(data)
        assert "heavy rain" in article.body
        assert article.headline == "Rain warning"


def test_thousands_of_quote_marks_and_attributes():
    page = "<html><body><p>" + '"' * 50_000 + "</p><div " + 'a="b" ' * 5_000 + ">x</div></body></html>"
    check_article_or_error(page)


def test_results_are_the_same_across_threads():
    story = "".join(f"<p>Paragraph {i}: the council voted on the budget, again and again.</p>" for i in range(30))
    page = f"<html><body><header>Site</header><article>{story}</article></body></html>"
    expected = extractor.extract(page).to_dict()
    results: list[dict] = []

    def work() -> None:
        for _ in range(20):
            results.append(extractor.extract(page).to_dict())

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 80 and all(result == expected for result in results)


_FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(st.binary(max_size=4096))
def test_fuzz_arbitrary_bytes(data):
    check_article_or_error(data)


@_FUZZ
@given(st.text(max_size=4096))
def test_fuzz_arbitrary_text(data):
    check_article_or_error(data)


_TAGS = st.sampled_from(["div", "p", "span", "article", "a", "table", "td", "li", "ul", "h1", "script", "br", "title", "nav"])


@_FUZZ
@given(st.lists(st.one_of(
    _TAGS.map(lambda t: f"<{t}>"), _TAGS.map(lambda t: f"</{t}>"),
    st.text(max_size=80), st.sampled_from(['<p class="share">', "<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "\x00"]),
), max_size=200))
def test_fuzz_tag_soup(parts):
    check_article_or_error("<html><body>" + "".join(parts))


@pytest.mark.parametrize("value", [None, 123, ["<p>x</p>"], bytearray(b"<p>x</p>")])
def test_a_non_page_argument_is_a_type_error_that_names_it(value):
    with pytest.raises(TypeError, match=f"html must be str or bytes, not {type(value).__name__}"):
        extractor.extract(value)


_SAFE_HTML_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "blockquote", "table", "tr", "th", "td", "a", "em",
                   "strong", "code", "pre", "figure", "img", "figcaption"}
_FORMATS = ExtractOptions(formats=("markdown", "html"))


def check_formats_or_error(data: bytes | str) -> None:
    """Either a clear error, or an article whose body is the one the plain call gives, with
    Markdown and an HTML fragment of safe tags only."""
    try:
        plain = extractor.extract(data)
    except ExtractError:
        with pytest.raises(ExtractError):
            extractor.extract(data, options=_FORMATS)
        return
    article = extractor.extract(data, options=_FORMATS)
    assert_valid_article(article.to_dict())
    assert article.body == plain.body
    assert isinstance(article.body_markdown, str) and isinstance(article.body_html, str)
    assert set(re.findall(r"<([a-z][a-z0-9]*)", article.body_html)) <= _SAFE_HTML_TAGS
    assert "javascript:" not in article.body_html.lower() and " on" not in re.sub(r">[^<]*<", "><", article.body_html)


_FORMAT_TAGS = st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", "<table>", "</table>", "<tr>", "<td>", '<td colspan="3">', '<td rowspan="99999">',
    "<th>", "</td>", "<ul>", "<ol>", "<li>", "</li>", "</ul>", "<blockquote>", "<pre>", "<code>", "<em>", "<strong>",
    "</em>", "<figure>", "<figcaption>", "</figure>", '<img src="data:image/png;base64,AAAA">', '<img src="/a.jpg" alt="*x*">',
    '<img srcset="a.jpg 2x, b.jpg 1x">', '<a href="javascript:alert(1)">', '<a href="/rel">', "</a>", '<base href="/b/">',
    "<h2>", "</h2>", "<br>", '<p onclick="x()">', "<script>", "</script>", "<article>",
])


@_FUZZ
@given(st.lists(st.one_of(_FORMAT_TAGS, st.text(max_size=80), st.sampled_from(["*", "_", "#", "|", "`", "1. ", "> "])), max_size=200))
def test_fuzz_tag_soup_with_formats(parts):
    check_formats_or_error("<html><body><article>" + "".join(parts))


# Every charset label a page or a server might give: the Encoding Standard's, every name and
# alias of a Python codec (many turn bytes into bytes, or refuse to decode), and a few that
# are neither, spelt oddly.
_PYTHON_CODEC_NAMES = (
    set(encodings.aliases.aliases)
    | set(encodings.aliases.aliases.values())
    | {module.name for module in pkgutil.iter_modules(encodings.__path__)}
)
_CHARSET_LABELS = sorted(
    set(LABELS) | _PYTHON_CODEC_NAMES | {"", " UTF-8 ", "utf-8\x00", '"koi8-r"', "x-user-defined", "utf-7", "no-such"}
)
_LABEL = st.sampled_from(_CHARSET_LABELS)
#: What a page's text may be written in: each codec the standard's labels name.
_WRITTEN_IN = st.sampled_from(sorted(set(LABELS.values())))
# A BOM decides the encoding before any label is read: most pages get none.
_BOM = st.sampled_from([b""] * 6 + [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE])
# Bytes that are not UTF-8 (valid UTF-8 is read as such whatever the labels say), mostly
# without the control bytes that make a page binary data.
_JUNK = st.one_of(st.binary(max_size=64), st.lists(st.integers(0x80, 0xFF), max_size=64).map(bytes))
_DECLARATION = st.one_of(
    st.none(),
    _LABEL.map(lambda label: f'<meta charset="{label}">'),
    _LABEL.map(lambda label: f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'),
)
_MARKUP = st.lists(
    st.one_of(_TAGS.map(lambda t: f"<{t}>"), _TAGS.map(lambda t: f"</{t}>"), st.text(max_size=80), _DECLARATION.map(lambda declaration: declaration or "")),
    max_size=60,
).map("".join)


def _page_labelled(label: str) -> bytes:
    # Not UTF-8 (a valid UTF-8 page is read as UTF-8 whatever its label), so the label decides.
    return f'<html><head><meta charset="{label}"></head><body><p>{"Grüße aus Köln, " * 20}</p>'.encode("latin-1")


@pytest.mark.parametrize("label", _CHARSET_LABELS)
def test_every_codec_name_as_a_label_gives_an_article_or_an_extract_error(label):
    check_article_or_error(_page_labelled(label), {"Content-Type": f"text/html; charset={label}"})


@_FUZZ
@given(
    bom=_BOM,
    declaration=_DECLARATION,
    markup=st.one_of(_MARKUP, st.text(max_size=2000)),
    written_in=_WRITTEN_IN,
    junk=_JUNK,
    header=st.one_of(st.none(), _LABEL),
)
def test_fuzz_declared_charsets_raise_only_extract_errors(bom, declaration, markup, written_in, junk, header):
    text = f"<html><head>{declaration or ''}</head><body>{markup}"
    data = bom + text.encode(written_in, errors="replace") + junk
    check_article_or_error(data, None if header is None else {"Content-Type": f"text/html; charset={header}"})
