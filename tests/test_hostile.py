"""Input shapes that make the parser or our walk super-linear: refused before parsing, or
extracted on a linear path (issue 22's reproducers, pinned by outcome, never by time)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import extractor
from extractor.content import _clean
from extractor.quotes import MAX_QUOTES
from extractor import html
from extractor.html import BYTES_PER_ELEMENT, FREE_ELEMENTS, MAX_ATTRIBUTES, MAX_OPEN_FORMATTING, MAX_OPTIONS, check_budget

STORY = "<p>" + "A sentence of the story that a reader came for. " * 8 + "</p>"


@pytest.mark.parametrize(
    "page",
    [
        pytest.param("<div " + " ".join(f"a{i}=1" for i in range(MAX_ATTRIBUTES + 1)) + ">" + STORY, id="attributes-on-one-tag"),
        pytest.param("".join(f"<body a{i}=1>" for i in range(MAX_ATTRIBUTES + 1)) + STORY, id="repeated-body-tags"),
        pytest.param("<select>" + "<option>x" * (MAX_OPTIONS + 1) + "</select>" + STORY, id="options-in-one-select"),
        pytest.param("<font>" * (MAX_OPEN_FORMATTING + 1) + STORY, id="unclosed-font"),
        pytest.param("<b><i>w</b>" * (MAX_OPEN_FORMATTING + 1) + STORY, id="misnested-b-i"),
        pytest.param("word<br>" * (FREE_ELEMENTS + 1) + STORY, id="elements-past-the-free-allowance"),
    ],
)
def test_a_page_over_the_work_budget_is_refused_as_too_complex(page):
    with pytest.raises(extractor.DocumentTooComplexError):
        extractor.extract(page)
    with pytest.raises(extractor.DocumentTooComplexError):
        extractor.extract(page.encode())


def test_an_unclosed_attribute_quote_before_the_story_is_extracted_not_refused():
    # Seen on pages of several corpus sources: one open quote turns the words of the story
    # into thousands of attribute names, yet the page parses in milliseconds.
    words = " ".join(f"word{i}" for i in range(3_000))
    page = f'<div id="rail</div><div class="post">{words}"></div>{STORY}{STORY}'
    article = extractor.extract(page)
    assert "a reader came for" in article.body


def test_deeply_nested_inline_elements_give_the_story_inside_them():
    page = "<span>" * 40_000 + STORY + "</span>" * 40_000
    assert extractor.extract(page).body.startswith("A sentence of the story")


def test_deeply_nested_tables_are_refused_by_the_depth_guard():
    with pytest.raises(extractor.DocumentTooDeepError):
        extractor.extract("<table><tr><td>" * 30_000 + STORY)


NESTED_CELLS = "<table><tr><td>Cell words, more words, " * 60 + STORY + "</td></tr></table>" * 60
NESTED_ITEMS = "<ul><li>An item, a list, " + "<blockquote><p>Quoted, " * 30 + STORY + "</ul>" * 30


@pytest.mark.parametrize("page", [NESTED_CELLS, NESTED_ITEMS], ids=["nested-cells", "lists-in-quotes"])
def test_nested_voters_weigh_their_deep_text_without_reading_it_twice(page):
    from selectolax.lexbor import LexborHTMLParser

    from extractor.content import _deep_text_masses, _text_mass

    tree = LexborHTMLParser(page)
    voters = [node for node in tree.body.traverse() if node.tag in ("td", "li", "p", "blockquote")]
    assert len(voters) > 60
    expected = [_text_mass(voter.text(deep=True, strip=True)) for voter in voters]
    assert _deep_text_masses(voters) == expected


def test_prose_mass_of_an_ancestor_chain_counts_every_entry_below_each():
    from selectolax.lexbor import LexborHTMLParser

    from extractor.content import _prose_mass

    tree = LexborHTMLParser("<div id=a><div id=b><p>x</p><div id=c><p>y</p></div></div><p>z</p></div><p>w</p>")
    a, b, c = (tree.css_first(f"#{name}") for name in "abc")
    paragraphs = tree.css("p")
    entries = {para: float(2**i) for i, para in enumerate(paragraphs)}  # x=1, y=2, z=4, w=8
    entries[b] = 16.0
    mass = _prose_mass(entries, [c, tree.body, a, b])
    assert mass == {c: 2.0, b: 19.0, a: 23.0, tree.body: 31.0}


def test_deeply_nested_cells_within_the_depth_limit_give_the_story():
    page = "<table><tr><td>" + "word, " * 40
    article = extractor.extract(page * 900 + STORY)
    assert "a reader came for" in article.body


def test_paragraphs_nested_through_tables_give_the_story():
    # Without a doctype a <table> stays inside the open <p>, so paragraphs nest through cells.
    page = "<p><table><tr><td>" + "word, " * 40
    article = extractor.extract(page * 900 + STORY)
    assert "a reader came for" in article.body


def test_a_page_of_dense_markup_within_the_free_allowance_is_extracted():
    page = "<div>" + "word<br>" * (FREE_ELEMENTS - 10) + "</div>" + STORY
    assert "a reader came for" in extractor.extract(page).body


@pytest.mark.parametrize("as_bytes", [False, True], ids=["text", "bytes"])
def test_a_long_page_may_open_one_element_per_so_many_characters_and_no_more(as_bytes):
    unit = "w" * (BYTES_PER_ELEMENT - len("<br>")) + "<br>"
    at_limit = unit * (2 * FREE_ELEMENTS)
    denser = at_limit + "<br>" * 100
    check_budget(at_limit.encode() if as_bytes else at_limit)
    with pytest.raises(extractor.DocumentTooComplexError, match="elements"):
        check_budget(denser.encode() if as_bytes else denser)


@pytest.mark.parametrize("as_bytes", [False, True], ids=["text", "bytes"])
def test_a_long_page_of_paired_tags_is_refused_for_its_opening_tags_only(as_bytes):
    # Two "<" signs per element: over the limit by its "<" signs, under it by its opening tags.
    unit = "<span>" + "w" * (BYTES_PER_ELEMENT - len("<span></span>")) + "</span>"
    at_limit = unit * (2 * FREE_ELEMENTS)
    check_budget(at_limit.encode() if as_bytes else at_limit)
    denser = at_limit + "<br>" * 100
    elements = 2 * FREE_ELEMENTS + 100
    with pytest.raises(extractor.DocumentTooComplexError, match=f"opens {elements:,} elements"):
        check_budget(denser.encode() if as_bytes else denser)


_FORMATTING_TOKENS = ["<b>", "</b>", "<I x=1>", "</i>", "<a href='/'>", "</a >", "<font/>", "<br>", "</span>", "x"]


@given(st.lists(st.sampled_from(_FORMATTING_TOKENS), max_size=80))
def test_the_bound_on_open_formatting_tags_is_never_under_the_exact_count(tokens):
    page = "".join(tokens)
    for form in (page, page.encode()):
        lowered = html._lowered(form)
        budget = html._BYTES_BUDGET if isinstance(lowered, bytes) else html._TEXT_BUDGET
        exact = html._deepest(budget.formatting.finditer(lowered))
        assert html._left_open_formatting(lowered, budget) >= exact


@pytest.mark.parametrize(
    "markup, most_open",
    [
        # Each <b> closed by the next formatting tag: the bound (1) clears the page at once.
        pytest.param("<b>x</b>" * (2 * MAX_OPEN_FORMATTING), None, id="closed-at-once"),
        # Each <b> closed after an <i> inside it: over the limit by the bound, not by the count.
        pytest.param("<b><i>x</i></b>" * (2 * MAX_OPEN_FORMATTING), None, id="closed-after-one-inside"),
        # A <b> left open before each link: refused with the exact count, the link's one on top.
        pytest.param("<b><a href='/'>x</a>" * (MAX_OPEN_FORMATTING + 1), MAX_OPEN_FORMATTING + 2, id="open-before-links"),
        pytest.param("<i>x</i>" * MAX_OPEN_FORMATTING + "<u>" * (MAX_OPEN_FORMATTING + 1), MAX_OPEN_FORMATTING + 1, id="closed-then-open"),
    ],
)
def test_open_formatting_tags_are_refused_by_their_exact_count(markup, most_open):
    page = "<p>Zürich</p>" + markup + STORY
    for form in (page, page.encode()):
        if most_open is None:
            check_budget(form)
        else:
            with pytest.raises(extractor.DocumentTooComplexError, match=f"has {most_open:,} formatting elements"):
                check_budget(form)


# Tag names in any case, in text beyond ASCII (read as UTF-8 bytes) and in bytes; attribute
# values that hold ">" (the tag goes on past them).
@pytest.mark.parametrize("lead", ["", "Zürich – "], ids=["ascii", "beyond-ascii"])
@pytest.mark.parametrize(
    "markup, what",
    [
        pytest.param("<SeLeCt>" + "<OpTiOn>x" * (MAX_OPTIONS + 1), "options", id="mixed-case-options"),
        pytest.param("<FONT>" * (MAX_OPEN_FORMATTING + 1), "formatting", id="upper-case-font"),
        pytest.param("".join(f"<BoDy a{i}=1>" for i in range(MAX_ATTRIBUTES + 1)), "attribute", id="mixed-case-body"),
        pytest.param("<div " + " ".join(f'a{i}=">"' for i in range(MAX_ATTRIBUTES + 1)) + ">", "attribute", id="quoted-gt"),
    ],
)
def test_the_budget_reads_tag_names_in_any_case_and_attributes_past_quoted_brackets(lead, markup, what):
    page = f"<p>{lead}</p>" + markup + STORY
    for form in (page, page.encode()):
        with pytest.raises(extractor.DocumentTooComplexError, match=what):
            check_budget(form)


@pytest.mark.parametrize(
    "markup",
    [
        pytest.param("<font>x</font>" * (MAX_OPEN_FORMATTING * 2), id="many-formatting-closed-each"),
        pytest.param("<select><option>x</select>" * (MAX_OPTIONS * 2), id="many-short-selects"),
        pytest.param("<body a=1>" + "<p>x</p><body b=2>" * (MAX_ATTRIBUTES // 4), id="repeated-body-under-limit"),
    ],
)
def test_many_counted_tags_under_each_limit_are_not_refused(markup):
    page = "<p>Zürich</p>" + markup + STORY
    for form in (page, page.encode()):
        check_budget(form)


@pytest.mark.parametrize(
    "unit",
    [
        pytest.param("“Words number {i},” said Anna Smith. ", id="attributed-quotes"),
        pytest.param("“We will, {i},” said {name}. ", id="a-speaker-per-quote"),
    ],
)
def test_a_flood_of_quotations_gives_an_article_with_the_first_max_quotes(unit):
    names = [f"Anna B{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676 % 26)}" for i in range(MAX_QUOTES * 2)]
    story = "".join(unit.format(i=i, name=name) for i, name in enumerate(names))
    article = extractor.extract(f"<html><body><article><p>{story}</p></article></body></html>")
    assert len(article.quotes) == MAX_QUOTES
    assert article.quotes[-1].text == unit.format(i=MAX_QUOTES - 1, name="")[1:].split("”")[0]
    assert article.quotes[-1].speaker == ("Anna Smith" if "Smith" in unit else names[MAX_QUOTES - 1])


def test_a_paragraph_of_one_word_quotations_gives_an_article_without_quotes():
    article = extractor.extract("<html><body><p>" + "“x” " * (MAX_QUOTES * 10) + "</p></body></html>")
    assert article.quotes == ()


def test_a_page_long_text_of_one_mark_words_is_extracted_whole():
    # Its text is spaced already: cleaning it must not split it into a list of 300,000 words.
    words = "“ ” ‘ ’ „ « » " * 40_000
    article = extractor.extract(f"<html><body><p>{words}</p>{STORY}</body></html>")
    assert article.body.startswith(words.strip())


@given(st.text(alphabet=st.sampled_from(" \t\n\xa0\u2028\u3000x“é"), max_size=30))
def test_cleaning_a_text_collapses_its_spaces_as_splitting_it_does(text):
    assert _clean(text) == " ".join(text.split())
