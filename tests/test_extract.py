"""The extraction core: story found, boilerplate dropped by named rules, output shape fixed."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from support import assert_valid_article

import extractor
from extractor import ExtractOptions
from extractor.article import ARTICLE_KEYS
from extractor.boilerplate import RULES, _word_rule
from extractor.html import select

STORY = [
    "The city council approved a new budget on Tuesday after months of debate, raising spending on schools.",
    "Council members said the plan would add two hundred teachers, repair old buildings and extend bus routes.",
    "Opponents argued that the tax increase needed to pay for it would hurt small businesses in the centre.",
    "The mayor is expected to sign the budget into law next week, officials said after the vote.",
]

PAGE = f"""<!doctype html><html lang="en"><head><title>Council passes budget | City Times</title></head>
<body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
<main><article>
<h1>Council passes budget</h1>
<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<p>{STORY[0]}</p>
<figure><img src="a.jpg"><figcaption>The council chamber. Photo: Jane Roe / City Times</figcaption></figure>
<p>{STORY[1]}</p>
<aside class="newsletter-box"><p>Sign up for our morning newsletter and never miss a story again.</p></aside>
<h2>What happens next</h2>
<p>{STORY[2]}</p>
<ul><li>Schools: two hundred more teachers across the district</li><li>Transport: three extended bus routes</li></ul>
<p>{STORY[3]}</p>
<div class="related-stories"><h3>Related</h3><ul><li><a href="/a">Mayor opens bridge</a></li><li><a href="/b">Schools reopen</a></li></ul></div>
</article></main>
<section id="comments"><h3>Comments</h3><p>Reader one: I think this budget is a terrible idea and here is a long explanation of why it is so.</p></section>
<div class="donation-plea"><h3>Support Our Journalism</h3><p>We cannot do without you. Give today and keep local news alive for everyone.</p></div>
<footer>© 2024 City Times. All rights reserved.</footer>
</body></html>"""


def test_story_is_kept_in_order_with_subheadings_and_lists():
    body = extractor.extract(PAGE).body
    positions = [body.index(sentence) for sentence in STORY]
    assert positions == sorted(positions)
    assert "What happens next" in body
    assert "Schools: two hundred more teachers across the district" in body


def test_boilerplate_is_dropped():
    body = extractor.extract(PAGE).body
    for junk in ("Share on Facebook", "cookies", "Photo: Jane Roe", "morning newsletter", "Mayor opens bridge",
                 "Reader one", "Support Our Journalism", "We cannot do without you", "All rights reserved", "Sport"):
        assert junk not in body, junk


def test_paragraphs_are_separated_by_one_blank_line():
    body = extractor.extract(PAGE).body
    assert "\n\n" in body and "\n\n\n" not in body
    assert all(part.strip() == part and part for part in body.split("\n\n"))


def test_explain_names_the_rule_for_each_dropped_block():
    article = extractor.extract(PAGE, options=ExtractOptions(explain=True))
    assert article.explanation is not None
    by_rule = {}
    for dropped in article.explanation:
        by_rule.setdefault(dropped.rule, []).append(dropped.text)
    assert any("cookies" in text for text in by_rule["cookie-banner"])
    assert any("Share on Facebook" in text for text in by_rule["share-bar"])
    assert any("newsletter" in text for text in by_rule["newsletter"])
    assert any("Reader one" in text for text in by_rule["comments"])
    assert any("Support Our Journalism" in text for text in by_rule["donation-plea"])
    assert "explain" in article.to_dict()
    assert_valid_article(article.to_dict())


def test_explain_is_off_by_default():
    data = extractor.extract(PAGE).to_dict()
    assert "explain" not in data
    assert tuple(data) == ARTICLE_KEYS


def test_every_rule_is_named_and_explained():
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert all(rule.why and (rule.selector or rule.words) for rule in RULES)


def test_class_words_match_whole_words_only():
    page = PAGE.replace('<main><article>', '<main><article class="contextmenu-host elementor-widget-x">')
    assert STORY[0] in extractor.extract(page).body


@pytest.mark.parametrize("classes", ["timeshare", "contextmenu", "Timeshare", "adverb", "top-ad", "x adsx"])
def test_a_rule_word_inside_a_word_names_nothing(classes: str) -> None:
    page = PAGE.replace("<main><article>", f'<main><article><p class="{classes}">{STORY[0]}</p>')
    article = extractor.extract(page, options=ExtractOptions(explain=True))
    assert article.explanation is not None
    assert not any(d.text.startswith(STORY[0][:40]) for d in article.explanation)


@pytest.mark.parametrize(
    ("attributes", "rule"),
    [
        ('class="articleShareBar"', "share-bar"),  # camelCase hump starts a word
        ('class="İtem NewsletterBox"', "newsletter"),  # "İ" lowercases to two characters
        ('class="layout-grid" id="most_read"', "related-links"),  # only the id names it
        ('class="SHARE-TOOLS"', "share-bar"),
        ('class="col2Share"', "share-bar"),  # a capital after a digit starts a word too
        ('class="x-mostRead"', "related-links"),  # a dashed rule word across a hump
        ('class="wide ad"', "advertising"),  # a name: a whole class name
        ('class="box AD-top"', "advertising"),  # or one it opens, in any case
        ('id="ads_1"', "advertising"),
        ('class="post-meta rt-reading-time"', "reading-time"),
        ('class="meta readTime"', "reading-time"),
        ('class="\u212ashare"', "share-bar"),  # the Kelvin sign ends a word, though "k" would not
        ('class="xAdShare"', "share-bar"),  # a hump right after a head that names nothing
    ],
)
def test_class_and_id_words_name_the_rule(attributes: str, rule: str) -> None:
    page = PAGE.replace("<main><article>", f"<main><article><div {attributes}>Box text here</div>")
    article = extractor.extract(page, options=ExtractOptions(explain=True))
    assert article.explanation is not None
    assert any(d.rule == rule and d.text == "Box text here" for d in article.explanation)
    assert "Box text here" not in article.body


# Class strings of every shape around one rule word or name, whole or cut: words that name no
# rule, and what sits between words (a dash, an underscore, a space, a dot; a digit, which
# does not end a word; a non-ASCII letter, which does).
_RULE_PIECES = sorted({piece for rule in RULES for word in (*rule.words, *rule.names) for piece in (word, word[2:])})
_OTHER_PIECES = ["-", "_", " ", ".", "2", "é", "x", "col", "main", "content"]
_AROUND = st.lists(st.sampled_from(_OTHER_PIECES), max_size=4).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.tuples(_AROUND, st.sampled_from(_RULE_PIECES), _AROUND).map("".join))
def test_a_class_string_without_capitals_takes_the_rule_it_would_with_one(classes: str) -> None:
    # Without capitals, rule words are looked for from word break to word break; a capital
    # (a last word "Q", which names no rule) sends the string down the search at every head.
    assert _word_rule("Q") is None and _word_rule("".join(_OTHER_PIECES)) is None
    assert _word_rule(classes) == _word_rule(classes + " Q")


@pytest.mark.parametrize(
    ("element", "rule"),
    [
        ('<div style="color: red; DISPLAY: none">Box text here</div>', "hidden"),
        ('<div style="visibility:hidden">Box text here</div>', "hidden"),
        ('<div role="navigation" style="display:none">Box text here</div>', "hidden"),  # first rule wins
        ('<ul role="menu"><li>Box text here</li></ul>', "navigation"),
        ("<aside>Box text here</aside>", "sidebar"),
        ('<figure class="layout-ad"><figcaption>Box text here</figcaption></figure>', "caption-credit"),
        ('<section class="ad">Box text here</section>', "advertising"),
        ('<aside class="newsletter">Box text here</aside>', "newsletter"),  # a word beats a tag
    ],
)
def test_structure_names_the_rule(element: str, rule: str) -> None:
    page = PAGE.replace("<main><article>", f"<main><article>{element}")
    article = extractor.extract(page, options=ExtractOptions(explain=True))
    assert article.explanation is not None
    assert [d.rule for d in article.explanation if d.text == "Box text here"] == [rule]
    assert "Box text here" not in article.body


def test_a_header_inside_the_story_is_not_page_chrome() -> None:
    page = PAGE.replace("<main><article>", "<main><article><header><p>Story header text</p></header>")
    article = extractor.extract(page, options=ExtractOptions(explain=True))
    assert article.explanation is not None
    assert all("Story header text" not in d.text for d in article.explanation)


def test_story_lineage_survives_a_sidebar_class():
    page = PAGE.replace("<main><article>", '<main class="page-has-sidebar"><article class="ArticlePage-hasRail">')
    assert STORY[2] in extractor.extract(page).body


def test_json_round_trip_and_schema():
    article = extractor.extract(PAGE.encode("utf-8"), "https://city.example/news/budget")
    data = json.loads(article.to_json())
    assert data == article.to_dict()
    assert data["url"] == "https://city.example/news/budget"
    assert data["encoding"] == "utf-8"
    assert_valid_article(data)


def test_same_input_same_output_whatever_ran_before():
    first = extractor.extract(PAGE).to_dict()
    extractor.extract("<html><body><div class='x'><p>" + "other page " * 100 + "</p></div></body></html>")
    assert extractor.extract(PAGE).to_dict() == first


def test_tables_can_be_left_out():
    table = "<table><tr><td>Votes in favour of the budget</td><td>31</td></tr></table>"
    page = PAGE.replace("<h2>What happens next</h2>", table + "<h2>What happens next</h2>")
    assert "Votes in favour" in extractor.extract(page).body
    assert "Votes in favour" not in extractor.extract(page, options=ExtractOptions(tables=False)).body


def test_cjk_text_counts_as_a_story():
    paragraphs = [
        "東京都は火曜日、新しい防災計画を発表した。計画には避難所の増設が含まれる。",
        "知事は記者会見で、計画の費用は来年度の予算で賄うと述べた。",
        "計画は来月から段階的に実施され、住民向けの説明会も開かれる予定だ。",
    ]
    page = f"<html lang='ja'><body><article>{''.join(f'<p>{p}</p>' for p in paragraphs)}</article></body></html>"
    body = extractor.extract(page).body
    assert body.split("\n\n") == paragraphs


def test_a_paragraph_printed_twice_is_kept_once():
    # A second layout of the same story (mobile and desktop copies, a print version).
    story = "".join(f"<p>Paragraph {n} of the council's budget story, with enough words to vote.</p>" for n in range(4))
    page = f"<html><body><article><div class='desktop'>{story}</div><div class='mobile'>{story}</div></article></body></html>"
    body = extractor.extract(page).body
    assert body.count("Paragraph 2 of the council") == 1
    assert len(body.split("\n\n")) == 4


def test_every_rule_is_documented():
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "extraction.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule.name}`" in doc, rule.name
        assert not rule.structure or f"`{rule.structure}`" in doc, rule.name
        assert not rule.names or f"names: {', '.join(rule.names)} |" in doc, rule.name


def test_select_lists_each_element_once_and_caps_distinct_elements():
    # Lexbor lists an element once per selector of a group it matches.
    tree = LexborHTMLParser('<body><div class="a" id="b">x</div><p class="c">y</p><i id="d">z</i></body>')
    assert [node.tag for node in tree.body.css("[class], [id]")] == ["div", "div", "p", "i"]
    assert [node.tag for node in select(tree, "[class], [id]")] == ["div", "p", "i"]
    assert [node.tag for node in select(tree, "[class], [id]", 2)] == ["div", "p"]


@pytest.mark.parametrize(
    ("marked", "is_error"),
    [
        ('<body class="archive error404">', True),
        ('<body class="page-not-found">', True),
        ('<body><main class="wrap not-found">', True),
        ('<body><section class="error-404 wide">', True),
        ('<body><p id="error404">', True),
        ('<body><div class="not-found">', False),  # only the body and main blocks mark a page so
        ('<body class="no-error404">', False),
    ],
)
def test_soft_404_markers(marked: str, is_error: bool) -> None:
    page = PAGE.replace("<body>", marked, 1)
    article = extractor.extract(page)
    assert (article.body == "") is is_error
