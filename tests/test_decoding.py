"""Bytes are decoded in the WHATWG order: BOM, HTTP charset, <meta> prescan, then UTF-8."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import extractor
from extractor.decoding import LABELS, charset_from_headers, decode_html, normalize_label
from extractor.errors import ExtractError
from extractor.html import parse
from extractor.options import ExtractOptions

STORY_RU = "Правительство объявило о новой программе поддержки малого бизнеса в регионах страны. " * 5


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>T</title></head><body><article><p>{body}</p></article></body></html>"


def test_bom_wins_over_everything():
    data = codecs.BOM_UTF8 + page("café " * 60, '<meta charset="windows-1251">').encode("utf-8")
    text, encoding = decode_html(data, {"Content-Type": "text/html; charset=iso-8859-2"})
    assert encoding == "utf-8"
    assert "café" in text


def test_utf16_bom_is_honoured():
    data = codecs.BOM_UTF16_LE + page("naïve " * 60).encode("utf-16-le")
    text, encoding = decode_html(data)
    assert encoding == "utf-16-le"
    assert "naïve" in text


def test_http_charset_beats_meta():
    data = page(STORY_RU, '<meta charset="utf-8">').encode("cp1251")
    text, encoding = decode_html(data, {"content-type": "text/html; charset=windows-1251"})
    assert encoding == "cp1251"
    assert "Правительство" in text


def test_cp1251_page_with_only_meta_charset():
    data = page(STORY_RU, '<meta charset="windows-1251">').encode("cp1251")
    article = extractor.extract(data)
    assert article.encoding == "cp1251"
    assert "Правительство объявило" in article.body


def test_http_equiv_content_type_meta():
    head = '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
    data = page(STORY_RU, head).encode("koi8-r")
    text, encoding = decode_html(data)
    assert encoding == "koi8-r"
    assert "малого бизнеса" in text


def test_utf8_page_mislabelled_latin1_comes_out_right():
    body = "São Paulo: a prefeitura anunciou a ampliação do metrô até a zona leste da cidade. " * 4
    data = page(body).encode("utf-8")
    article = extractor.extract(data, headers={"Content-Type": "text/html; charset=ISO-8859-1"})
    assert article.encoding == "utf-8"
    assert "São Paulo" in article.body and "ampliação do metrô" in article.body


@pytest.mark.parametrize(
    ("label", "body", "real_codec"),
    [
        ("gb2312", "国务院周二公布了新的城市防灾规划，计划增加避难场所并加强堤防。" * 4, "gbk"),
        ("windows-1251", "Правительство объявило о новых мерах поддержки малого бизнеса в регионах. " * 4, "cp1251"),
        ("big5", "颱風周二登陸，氣象局表示將持續帶來豪雨，居民應提高警覺。" * 4, "big5"),
    ],
)
def test_utf8_page_mislabelled_with_a_legacy_charset(label: str, body: str, real_codec: str) -> None:
    # Saved pages and misconfigured servers keep a legacy label on UTF-8 bytes.
    mislabelled = page(body, f'<meta charset="{label}">').encode("utf-8")
    assert decode_html(mislabelled) == (page(body, f'<meta charset="{label}">'), "utf-8")
    # The same page really in that encoding is still read with it.
    text, encoding = decode_html(page(body, f'<meta charset="{label}">').encode(real_codec))
    assert encoding == real_codec and body[:20] in text


def test_real_latin1_stays_latin1():
    body = "Le café de la gare a rouvert ses portes après des travaux de rénovation. " * 4
    data = page(body).encode("cp1252")
    text, encoding = decode_html(data, {"Content-Type": "text/html; charset=latin1"})
    assert encoding == "cp1252"
    assert "rénovation" in text


def test_no_declaration_falls_back_to_utf8_with_replacement():
    data = page("ok " * 80).encode("ascii") + b"\xff\xfe broken"
    text, encoding = decode_html(data)
    assert encoding == "utf-8"
    assert "\ufffd" in text


def test_unknown_label_is_ignored():
    data = page("x " * 80, '<meta charset="no-such-charset">').encode("utf-8")
    assert decode_html(data)[1] == "utf-8"


@pytest.mark.parametrize(
    ("label", "codec"),
    [("UTF-8", "utf-8"), ("latin1", "cp1252"), ("windows-1251", "cp1251"), ("x-sjis", "shift_jis"),
     ("gb2312", "gbk"), ("euc-kr", "cp949"), ("bogus", None)],
)
def test_labels(label, codec):
    assert normalize_label(label) == codec


@pytest.mark.parametrize("label", sorted(LABELS))
def test_every_whatwg_label_decodes_a_page_in_any_spelling(label: str) -> None:
    data = page("ok " * 80, f'<meta charset="{label.upper()}">').encode("ascii")
    for headers in (None, {"Content-Type": f"text/html; charset={label}"}):
        text, encoding = decode_html(data, headers)
        assert "ok ok" in text
        assert encoding == ("utf-8" if LABELS[label].startswith("utf-16") else LABELS[label])


@pytest.mark.parametrize("label", ["hex", "undefined", "base64", "rot13", "zlib", "bz2", "uu", "quopri",
                                   "punycode", "idna", "mbcs", "unicode_escape", "utf-32", "x-user-defined",
                                   "iso-2022-kr", "latin_1", "utf_8", ""])
def test_labels_outside_the_encoding_standard_are_unknown(label: str) -> None:
    # Python has a codec for most of these, some turning bytes into bytes; none is a label.
    assert normalize_label(label) is None
    data = page("Grüße aus Köln " * 20, f'<meta charset="{label}">').encode("utf-8")
    text, encoding = decode_html(data, {"Content-Type": f"text/html; charset={label}"})
    assert encoding == "utf-8" and "Grüße" in text


def test_an_unknown_header_label_falls_through_to_the_meta_charset() -> None:
    data = page(STORY_RU, '<meta charset="windows-1251">').encode("cp1251")
    text, encoding = decode_html(data, {"Content-Type": "text/html; charset=undefined"})
    assert encoding == "cp1251" and "Правительство" in text


def test_header_lookup_is_case_insensitive():
    assert charset_from_headers({"CONTENT-TYPE": 'text/html; charset="utf-8"'}) == "utf-8"
    assert charset_from_headers({"Content-Type": "text/html"}) is None
    assert charset_from_headers(None) is None


def test_str_input_has_no_encoding():
    assert extractor.extract(page("text " * 80)).encoding is None


@pytest.mark.parametrize(
    "data",
    [
        page("Überschwemmungen trafen die Stadt am Dienstag, sagte der Bürgermeister. " * 4).encode("utf-8"),
        codecs.BOM_UTF8 + page("Café society returned to the square after the long renovation. " * 4).encode("utf-8"),
        page("Broken bytes \xff should not stop the story from being read in full. " * 4).encode("latin-1"),
        page("A literal \ufffd replacement character stays what it is in the story text. " * 4).encode("utf-8"),
    ],
)
def test_bytes_and_their_decoded_text_extract_alike(data: bytes) -> None:
    # UTF-8 bytes go to the parser as they are; everything else as decoded text.
    text, _ = decode_html(data)
    from_bytes, from_text = extractor.extract(data), extractor.extract(text)
    assert from_bytes.body == from_text.body and from_bytes.body
    assert from_bytes.headline == from_text.headline


# Byte runs that make invalid UTF-8 in every way (truncated sequences, overlong forms,
# surrogates, stray continuation bytes) beside valid multibyte characters and markup.
_BYTE_RUNS = [
    b"\xff", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80",
    b"\x80", b"\xe2\x82\xac", b"\xf0\x9f\x98\x80", b"\xc3\xa9", b"a", b" ", b"\r\n", b"<b>", b"&amp;",
    b"\xef\xbb\xbf", b"\x00",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_BYTE_RUNS), min_size=1, max_size=16))
def test_undecoded_utf8_parses_as_its_decoded_text(runs: list[bytes]) -> None:
    # UTF-8 pages go to Lexbor as bytes unless they hold a NUL byte: its decoding of invalid
    # bytes must be Python's, in text, attributes and the title.
    soup = b"".join(runs)
    data = b"<html><head><title>t" + soup + b"</title></head><body><p title='" + soup + b"'>x" + soup + b"</p></body></html>"
    try:
        text, encoding = decode_html(data)
    except ExtractError as error:  # mostly NUL bytes: binary data
        assert _parsed_or_refused(data) == type(error)
        return
    assert encoding == "utf-8"
    assert _parsed_or_refused(data) == _parsed_or_refused(text)


def _parsed_or_refused(page: str | bytes) -> str | type[ExtractError]:
    """The parsed page serialised, or the class of the error that refused it (a NUL byte
    near the start makes any page "not HTML")."""
    try:
        return parse(page, None, ExtractOptions()).tree.html or ""
    except ExtractError as error:
        return type(error)
