"""Authors: byline forms, where a visible byline is found, structured versus visible names, and
the copyright holder of a page that credits no one. All pages are hand-made."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from selectolax.lexbor import LexborHTMLParser

import extractor

from extractor.metadata import Metadata, read_metadata
from extractor.metadata.authors import parse_byline, split_names
from extractor.metadata.copyright import holder_in

NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)
STORY = "<p>" + "The council met on Tuesday to discuss the budget and the new bridge. " * 6 + "</p>"


def meta_of(body: str, head: str = "") -> Metadata:
    html = f"<html><head><title>Bridge opens at last</title>{head}</head><body>{body}</body></html>"
    return read_metadata(LexborHTMLParser(html), None, now=NOW)


def names(meta: Metadata) -> list[str]:
    return [a.name for a in meta.authors]


def article(header: str, story: str = STORY, footer: str = "") -> str:
    """A page whose article opens with the headline, then ``header``, then the story."""
    return f"<article><h1>Bridge opens at last</h1>{header}{story}</article>{footer}"


# --------------------------------------------------------------------------- byline strings


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Text & Fotos: Ivan Horvat", ["Ivan Horvat"]),
        ("Text und Bild: Ivan Horvat", ["Ivan Horvat"]),
        ("Auteur(s): Les Membres du Chœur de Lyon", ["Les Membres du Chœur de Lyon"]),
        ("Auteur(s): Jeanne Roy Destinataire(s): M. Paul Martin, Ministre", ["Jeanne Roy"]),
        ("Marta Kloss under Travel, Food", ["Marta Kloss"]),
        ("Marta Kloss Posted in Travel", ["Marta Kloss"]),
        ("Adrian Pop Übersetzt von: Hans Maier", ["Adrian Pop"]),
        ("Adrian Pop traduit par Jean Roy", ["Adrian Pop"]),
        ("Jane Doe Photo: John Roe", ["Jane Doe"]),
        ("Autoren Jelko Dorn und Jutta Klee", ["Jelko Dorn", "Jutta Klee"]),
        ("Richard Brecht im Gespräch mit Karin Fisch", ["Richard Brecht", "Karin Fisch"]),
        ("Jane Doe in conversation with John Roe", ["Jane Doe", "John Roe"]),
        ("About Alexa", ["Alexa"]),
        ("Herausgeber: Windkraft Nord AG", ["Windkraft Nord AG"]),
        ("*****Notes*****", []),
        ("{{ author.name }}", []),
        ("Doris Munoz-Mantel, MD, FOMA, DABOM", ["Doris Munoz-Mantel"]),
        # An author box's title run into the name, no separator between them.
        ("Liz Kenny Former McKinsey Consultant", ["Liz Kenny"]),
        ("Asser Christensen Licensed Q Arabica Grader", ["Asser Christensen"]),
        ("Jane Doe Senior Life Editor", ["Jane Doe"]),
        ("Preetam Jinka Co-founder and Chief Architect", ["Preetam Jinka"]),
        ("Mary Ann Former", ["Mary Ann"]),
        ("Jean-Luc Former", ["Jean-Luc Former"]),
        ("Claire Wilson, Co-Founder & COO", ["Claire Wilson"]),
    ],
)
def test_more_byline_forms(line: str, expected: list[str]) -> None:
    assert split_names(line) == expected


def test_a_lower_case_agency_among_other_credits_is_kept() -> None:
    # "dpa" writes itself in lower case; a lower-case word beside names is otherwise a
    # sentence's and dropped ("det", an editor's initials).
    assert [(a.name, a.kind) for a in parse_byline("Jana Hutter, dpa")] == [
        ("Jana Hutter", "person"), ("dpa", "organization")]
    assert [a.name for a in parse_byline("det/dpa")] == ["dpa"]


def test_a_firm_named_twice_is_one_organization() -> None:
    assert [(a.name, a.kind) for a in parse_byline("Morgan & Morgan", visible=False)] == [
        ("Morgan & Morgan", "organization")]


@pytest.mark.parametrize("name", ["Help Net Security", "Luxury Travel Expert", "Top Growth Marketing"])
def test_a_structured_name_keeps_its_title_words(name: str) -> None:
    assert [a.name for a in parse_byline(name, visible=False)] == [name]
    assert [a.name for a in parse_byline(name)] == [" ".join(name.split()[:2])]


def test_an_acronym_is_a_name_only_alone_in_a_profile_link() -> None:
    assert split_names("LD") == []
    assert split_names("LD", acronyms=True) == ["LD"]
    # A degree after the name stays a degree, even in the link's text.
    assert split_names("Brenda Gold, MA", acronyms=True) == ["Brenda Gold"]


# --------------------------------------------------------------------------- visible bylines


def test_initials_linked_to_an_author_page_are_the_byline() -> None:
    header = '<div class="entry-meta"><span class="byline">by <span class="author vcard">' \
             '<a class="url fn n" href="/author/levente/">LD</a></span></span></div>'
    assert names(meta_of(article(header))) == ["LD"]


def test_an_unmarked_profile_link_under_the_headline_is_the_byline() -> None:
    # The story later credits the author of a software module ("Author: ..."): the header's
    # link to an author page names the writer.
    header = '<div class="mb-3 flex"><a href="/blog/author/spencer-moor/"><img alt="">' \
             '<div>Spencer Moor</div></a></div>'
    story = STORY + "<h3>New module</h3><p>Author: Tarek Nasser</p>" + STORY
    assert names(meta_of(article(header, story))) == ["Spencer Moor"]


def test_a_writer_portrait_credit_beside_a_profile_link_still_names_the_writer() -> None:
    header = (
        '<div class="my-2"><a href="/autoren/kathrin-fuhr-684124"><span class="profilbild">'
        '<img alt="Kathrin Fuhr"><span class="teaser-copyright">© Kathrin Fuhr</span></span>'
        '<span itemprop="name">Kathrin Fuhr</span></a> am Mittwoch, 26.01.2022 - 14:30</div>'
    )
    assert names(meta_of(article(header))) == ["Kathrin Fuhr"]


def test_a_photo_credit_in_the_header_is_not_the_byline() -> None:
    header = '<div class="caption">© Getty Images / Lee Park</div>'
    assert names(meta_of(article(header))) == []


def test_the_marked_element_is_read_not_the_kicker_around_it() -> None:
    header = (
        '<div class="subline"><table><tr><td>26 | 01 | 2022</td><td class="categories">Schweiz | '
        'Praxis | Video</td><td class="authorbold">Text &amp; Fotos: Ivan Horvat</td><td>0</td>'
        "</tr></table></div>"
    )
    meta = meta_of(article(header))
    assert names(meta) == ["Ivan Horvat"]
    # The byline line is the block the reader sees, which the story leaves out.
    assert meta.byline is not None and meta.byline.startswith("26 | 01 | 2022")


def test_a_name_after_a_photo_label_is_the_photographer() -> None:
    header = '<div class="credito"><strong>Foto:</strong><p class="autor">Jaime Nieto</p></div>'
    assert names(meta_of(article(header))) == []


def test_co_authors_marked_one_by_one_are_all_credited() -> None:
    header = (
        '<div class="meta">By <span class="author-name"><a href="/author/paul-frey/">Paul Frey</a>'
        '<span>, Home Security Expert</span></span> &amp; <span class="author-name">'
        '<a href="/author/gene-petro/">Gene Petro</a><span>, Security Expert</span></span></div>'
    )
    assert names(meta_of(article(header))) == ["Paul Frey", "Gene Petro"]


# --------------------------------------------------------------------------- structured vs visible


def ld_author(name: str) -> str:
    data = {"@type": "BlogPosting", "headline": "Bridge opens at last",
            "author": {"@type": "Person", "name": name}}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_the_visible_full_name_beats_a_metadata_first_name() -> None:
    meta = meta_of(article('<p class="byline">Eine Kolumne von Nils Pickler</p>'), ld_author("Nils"))
    assert names(meta) == ["Nils Pickler"]
    assert meta.provenance["authors"].source == "byline-text"


def test_metadata_name_kept_when_the_byline_adds_words_that_are_no_name() -> None:
    meta = meta_of(article('<p class="byline">By Nils Pickler</p>'), ld_author("Nils Pickler"))
    assert names(meta) == ["Nils Pickler"]
    assert meta.provenance["authors"].source == "json-ld"


def test_og_article_author_is_read() -> None:
    meta = meta_of(article(""), '<meta property="og:article:author" content="Bugle News">')
    assert names(meta) == ["Bugle News"]


# --------------------------------------------------------------------------- copyright holder


@pytest.mark.parametrize(
    ("notice", "holder"),
    [
        ("© 2025 Cassie Wills.", "Cassie Wills"),
        ("Copyright (c) 2012- Gregor Szabo. All rights reserved. Design by Templates.", "Gregor Szabo"),
        ("(c) Johann Wolf • Weitere Rechte siehe Impressum", "Johann Wolf"),
        ("© Acme Energie Baden AG 2022. Alle Rechte vorbehalten.", "Acme Energie Baden AG"),
        ("Copyright © 2008 Earl G. Grover, Ltd. All Rights Reserved.", "Earl G. Grover"),
        ("© Copyright 2007 Brandon Sun All Rights Reserved.", "Brandon Sun"),
        ("© 2020 Civil Beat. All rights reserved.", "Civil Beat"),
        ("© 1996-2015 The Washington Herald", "The Washington Herald"),
        ("Copyright 2019. Appen Limited Privacy Statement", "Appen Limited"),
        ("Copyright © Notice 2020", None),
        ("© 2025", None),
        ("© 2025 All rights reserved.", None),
        ("© 2008 Advertise | Privacy | Terms", None),
        ("Copyright | Site Map | RSS", None),
        ("© Marta Burk", None),  # a picture's credit: no year, no rights clause
    ],
)
def test_copyright_holder_in_a_notice(notice: str, holder: str | None) -> None:
    assert holder_in(notice) == holder


def test_a_page_crediting_no_one_gets_its_copyright_holder() -> None:
    meta = meta_of(article("", footer="<footer><p>© 2025 Cassie Wills. All rights reserved.</p></footer>"))
    assert [(a.name, a.kind) for a in meta.authors] == [("Cassie Wills", "person")]
    assert meta.provenance["authors"].source == "heuristic"
    assert "copyright holder" in (meta.provenance["authors"].note or "")


def test_a_one_word_copyright_holder_is_an_organization() -> None:
    meta = meta_of(article("", footer='<div id="footer">Copyright © 2007 Yodel. All rights reserved.</div>'))
    assert [(a.name, a.kind) for a in meta.authors] == [("Yodel", "organization")]


def test_the_copyright_holder_never_replaces_a_byline() -> None:
    meta = meta_of(article('<p class="byline">By Jane Doe</p>',
                           footer="<footer>© 2025 Bugle Media Ltd. All rights reserved.</footer>"))
    assert names(meta) == ["Jane Doe"]


def test_a_photo_credit_is_not_the_copyright_holder() -> None:
    figure = '<figure><img alt=""><figcaption class="image-copyright">© 2024 Lee Park</figcaption></figure>'
    assert names(meta_of(article("", STORY + figure))) == []


def test_the_byline_under_the_page_h1_is_read_when_the_headline_matched_a_teaser() -> None:
    # The metadata title matches a related story's teaser title, not the page's h1.
    body = (
        '<article><h1>AI in patient care: what hospitals already do</h1>'
        '<div class="blog-author">By : Joe Sand.</div>' + STORY + "</article>"
        '<div class="teasers"><div class="short_title">Bridge opens at last</div></div>'
    )
    assert names(meta_of(body)) == ["Joe Sand"]


def test_a_portrait_and_a_name_under_the_headline_are_the_byline() -> None:
    header = ('<p><img class="alignnone" src="/uploads/julia-gralberg-2.jpg" width="70" height="70">'
              '<br><span>Julia Gralberg</span></p>')
    assert names(meta_of(article(header))) == ["Julia Gralberg"]


@pytest.mark.parametrize(
    "picture",
    [
        '<img src="/img/olaf-scholz.jpg" width="640" height="360">',  # a photo and its caption
        '<img src="/img/icon_yoursay.gif" alt="Your Say" width="14" height="14">',  # an icon
        '<img src="/img/bridge.jpg" width="70" height="70">',  # a picture of something else
    ],
)
def test_a_picture_beside_a_name_that_is_no_portrait_is_no_byline(picture: str) -> None:
    header = f"<p>{picture}<span>Olaf Scholz</span></p>"
    assert names(meta_of(article(header))) == []


def test_an_author_box_under_an_article_written_by_label_names_the_writer() -> None:
    # The JSON-LD credits only the publishing association; the box after the story names her.
    box = (
        '<section><h2>Article written by:</h2><div class="flex"><img src="/authors/doris.webp" '
        'alt="Headshot of Doris Munoz-Mantel"><div><h3>Doris Munoz-Mantel, MD, FOMA, DABOM</h3>'
        "</div></div></section>"
    )
    data = {"@type": "BlogPosting", "headline": "Bridge opens at last",
            "author": {"@type": "Organization", "name": "Bridge Medicine Association"}}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    body = f"<main><h1>Bridge opens at last</h1>{STORY}{STORY}{box}</main>"
    assert names(meta_of(body, head)) == ["Doris Munoz-Mantel"]


def test_a_page_with_no_story_credits_no_copyright_holder() -> None:
    footer = "<footer><p>© 2025 Cassie Wills. All rights reserved.</p></footer>"
    story = extractor.extract(article("", footer=footer))
    assert [a.name for a in story.authors] == ["Cassie Wills"]
    home = "<html><body><h1>Welcome</h1><ul><li><a href='/a'>One</a></li></ul>" + footer + "</body></html>"
    page = extractor.extract(home)
    assert not page.is_article and page.authors == () and page.byline is None
    assert "authors" not in page.provenance


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Ein Interview von Eugen Zentner mit Sonja Silberhorn.", ["Eugen Zentner"]),
        ("An interview by Jane Doe with the mayor, John Roe", ["Jane Doe"]),
        ("By Jane Doe with John Roe", ["Jane Doe", "John Roe"]),  # not an interview: co-credit
        ("Richard David Precht im Gespräch mit Karin Fischer", ["Richard David Precht", "Karin Fischer"]),
    ],
)
def test_an_interview_credits_its_writer_not_whom_they_talked_to(byline: str, expected: list[str]) -> None:
    assert split_names(byline) == expected


# --------------------------------------------------------------------------- several names


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("山田太郎、鈴木花子", ["山田太郎", "鈴木花子"]),
        ("张三、李四", ["张三", "李四"]),
        ("김철수·이영희 기자", ["김철수", "이영희"]),
        ("김철수 기자", ["김철수"]),
        ("ジョン・スミス", ["ジョン・スミス"]),  # the middle dot inside a foreign name in katakana
        ("Par LILIAN ALEMAGNA et LAURE BRETTON", ["LILIAN ALEMAGNA", "LAURE BRETTON"]),
        ("Par LILIAN ALEMAGNA, LAURE BRETTON Envoyés spéciaux à Toulouse",
         ["LILIAN ALEMAGNA", "LAURE BRETTON"]),
        ("JOHN SMITH Staff Writer", ["JOHN SMITH"]),
        ("A. J. Neal", ["A. J. Neal"]),  # initials in capitals are no name in capitals
        ("Von Anna Meier und Jonas Roth", ["Anna Meier", "Jonas Roth"]),
        ("Por Ana García y Luis Pérez", ["Ana García", "Luis Pérez"]),
    ],
)
def test_co_authors_are_split_in_the_bylines_language(line: str, expected: list[str]) -> None:
    assert split_names(line) == expected


def test_a_weekday_before_the_date_is_no_part_of_the_name() -> None:
    assert split_names("Posted by BeauHD on Friday December 19, 2025 @08:00PM") == ["BeauHD"]


# --------------------------------------------------------------------------- the portrait author box

_ORG_AUTHOR = '<meta name="author" content="Acme Media">'


def _boxed(box: str) -> str:
    return article("", footer=box)


@pytest.mark.parametrize(
    "box",
    [
        # The name as the box's heading, the portrait before it (the shape of four sites).
        '<div class="callout"><img alt="Jane Doe" src="/jane.jpg"><h3>Jane Doe</h3>'
        "<p>Jane Doe is the head of marketing at Acme.</p></div>",
        # Two paragraphs, no class: the picture, then the name in bold and a one-line bio.
        '<hr><p><img src="https://profile.example.com/jane_100.png" alt="Jane Doe"></p>'
        "<p><strong>Jane Doe</strong> <em>Writer and systems theorist</em></p>",
        # The alt text in another case than the heading; the box's class says "author".
        '<div class="author-card"><img alt="jane doe" width="96" height="96" src="/a.jpg"></div>'
        "<div><h4>Jane Doe</h4></div>",
        # An avatar's picture (a gravatar) without a class.
        '<div><img alt="Jane Doe" src="https://secure.gravatar.com/avatar/abc?s=96"><b>Jane Doe</b></div>',
        # A one-word name, its bio opening with it.
        '<div><img alt="Stefan" src="/s.jpg"><h3>Stefan</h3><p>Stefan is the founder of Acme.</p></div>',
    ],
)
def test_an_author_box_replaces_an_organization_credit(box: str) -> None:
    meta = meta_of(_boxed(box), _ORG_AUTHOR.replace("Acme Media", "Acme Team"))
    assert names(meta) == [box.split("alt=\"")[1].split('"')[0].title()]
    assert meta.authors[0].kind == "person"
    assert meta.provenance["authors"].source == "heuristic"


def test_an_author_box_names_the_writer_of_a_page_crediting_no_one() -> None:
    box = '<div><img alt="Jane Doe" src="/j.jpg"><h3>Jane Doe</h3><p>Jane Doe writes about bridges.</p></div>'
    assert names(meta_of(_boxed(box))) == ["Jane Doe"]


@pytest.mark.parametrize(
    ("box", "why"),
    [
        ('<img alt="Kitchen Remodeling" width="769" height="732" src="/k.jpg"><h3>Kitchen Remodeling</h3>',
         "a picture larger than a portrait"),
        ('<img alt="Search" src="/s.png"><span>Search</span>', "one word without a bio"),
        ('<div><img alt="Jane Doe" src="/jane-doe.jpg"><h3>Jane Doe</h3><p>The senator spoke.</p></div>',
         "a story's photo of a person, nothing marking the writer, no bio"),
        ('<img alt="TOP OF PAGE" src="/t.gif"><b>TOP OF PAGE</b>', "capitals"),
        ('<img alt="The Coffee Belt" src="/c.jpg"><h3>The Coffee Belt</h3>', "a title's words"),
        ('<div class="comment"><img alt="Jane Doe" src="/j.jpg"><cite>Jane Doe</cite></div>',
         "a reader's comment"),
        ('<ul class="team"><li><img alt="Jane Doe" src="/j.jpg"><h3>Jane Doe</h3></li></ul>', "a team"),
        ('<img alt="Jane Doe" src="/j.jpg"><h3>Jane Doe</h3><img alt="John Roe" src="/r.jpg"><h3>John Roe</h3>',
         "two people"),
    ],
)
def test_what_is_no_author_box_keeps_the_credit(box: str, why: str) -> None:
    assert names(meta_of(_boxed(box), _ORG_AUTHOR)) == ["Acme Media"], why


def test_an_organization_the_visible_byline_shows_keeps_its_credit() -> None:
    page = article('<p class="byline">By Acme Editorial Team</p>', footer=(
        '<div><img alt="Jane Doe" src="/j.jpg"><h3>Jane Doe</h3><p>Jane Doe is our editor.</p></div>'))
    assert names(meta_of(page)) == ["Acme Editorial Team"]


def test_an_author_box_does_not_replace_a_person_credit() -> None:
    box = '<div><img alt="Jane Doe" src="/j.jpg"><h3>Jane Doe</h3></div>'
    meta = meta_of(_boxed(box), '<meta name="author" content="John Roe">')
    assert names(meta) == ["John Roe"]
