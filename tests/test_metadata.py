"""Metadata: structured sources, visible bylines, dates, headline, provenance and bad input."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

import extractor
from extractor.metadata import Metadata, read_metadata
from extractor.metadata.authors import parse_byline, split_names
from extractor.metadata.dates import date_from_url, find_dates, parse_date
from extractor.metadata.headline import HEADLINE_SELECTOR
from extractor.metadata.meta_tags import read_meta_tags

NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BODY = "<p>" + "The council met on Tuesday to discuss the budget and the new bridge. " * 6 + "</p>"


def meta_of(html: str, url: str | None = None) -> Metadata:
    return read_metadata(LexborHTMLParser(html), url, now=NOW)


def page(head: str = "", header: str = "", url_body: str = BODY) -> str:
    return f"<html><head>{head}</head><body>{header}<article>{url_body}</article></body></html>"


def names(meta: Metadata) -> list[str]:
    return [a.name for a in meta.authors]


# --------------------------------------------------------------------------- JSON-LD


def ld(data: object | str) -> str:
    text = data if isinstance(data, str) else json.dumps(data)
    return f'<script type="application/ld+json">{text}</script>'


@pytest.mark.parametrize(
    "kind", ["NewsArticle", "ReportageNewsArticle", "BlogPosting", "LiveBlogPosting", "Article",
             "AnalysisNewsArticle", "TechArticle", "Report"],
)
def test_every_article_subtype_is_read(kind: str) -> None:
    meta = meta_of(page(ld({"@type": kind, "headline": "Bridge opens", "datePublished": "2024-08-11",
                            "author": {"@type": "Person", "name": "Jane Doe"}})))
    assert meta.published == "2024-08-11"
    assert names(meta) == ["Jane Doe"]
    assert meta.provenance["published"].source == "json-ld"


def test_graph_with_author_reference_and_publisher() -> None:
    data = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "@id": "#site", "name": "Daily Bugle"},
        {"@type": "Person", "@id": "#jane", "name": "Jane Doe"},
        {"@type": ["NewsArticle"], "headline": "Bridge opens", "author": [{"@id": "#jane"},
         {"@type": "Person", "name": "John Roe"}], "publisher": {"@id": "#org"},
         "datePublished": "2024-08-11T09:30:00-04:00", "dateModified": "2024-08-12T10:00:00-04:00",
         "articleSection": ["Local"], "keywords": ["bridge", "city"], "inLanguage": "en-US"},
    ]}
    meta = meta_of(page(ld(data)))
    assert names(meta) == ["Jane Doe", "John Roe"]
    assert meta.published == "2024-08-11T09:30:00-04:00"
    assert meta.modified == "2024-08-12T10:00:00-04:00"
    assert meta.section == "Local"
    assert meta.tags == ("bridge", "city")
    assert meta.site_name == "Daily Bugle"


def test_array_of_blocks_and_several_scripts() -> None:
    html = page(ld([{"@type": "BreadcrumbList"}, {"@type": "NewsArticle", "headline": "A",
                                                  "datePublished": "2023-01-02"}])
                + ld({"@type": "Organization", "name": "Bugle"}))
    assert meta_of(html).published == "2023-01-02"


def test_broken_json_that_browsers_tolerate() -> None:
    broken = """<!-- {
      // a comment
      "@type": "NewsArticle", /* another */
      "datePublished": "2022-03-04",
      "author": {"@type": "Person", "name": "Ana Lima",},
    } -->"""
    meta = meta_of(page(ld(broken)))
    assert meta.published == "2022-03-04"
    assert names(meta) == ["Ana Lima"]
    assert "repaired" in (meta.provenance["headline"].note or "") if "headline" in meta.provenance else True


def test_json_ld_with_a_stray_closing_brace_after_the_object() -> None:
    stray = '{"@type": "NewsArticle", "headline": "Bridge opens", "datePublished": "2020-10-26T18:10:00+01:00"}\n  }\n'
    meta = meta_of(page(ld(stray), url_body="<h1>Bridge opens</h1>" + BODY))
    assert meta.published == "2020-10-26T18:10:00+01:00"
    assert "text after the data ignored" in (meta.provenance["headline"].note or "")


def test_a_meta_tag_with_itemprop_is_read_once() -> None:
    head = ('<meta property="og:description" content="Short.">'
            '<meta itemprop="description" content="Longer text.">')
    meta = meta_of(page(head, url_body='<h1 itemprop="headline">Bridge opens</h1>' + BODY))
    assert [c.raw for c in meta.provenance["description"].candidates] == ["Longer text."]
    assert meta.headline == "Bridge opens"


def test_html_escaped_json_ld() -> None:
    escaped = '{&quot;@type&quot;: &quot;NewsArticle&quot;, &quot;datePublished&quot;: &quot;2021-05-06&quot;}'
    assert meta_of(page(ld(escaped))).published == "2021-05-06"


def test_organization_author_is_marked() -> None:
    meta = meta_of(page(ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Reuters"}})))
    assert [(a.name, a.kind) for a in meta.authors] == [("Reuters", "organization")]


# --------------------------------------------------------------------------- meta tags, microdata


def test_opengraph_and_article_tags() -> None:
    head = ('<meta property="og:title" content="Bridge opens | Bugle">'
            '<meta property="og:site_name" content="Bugle">'
            '<meta property="article:published_time" content="2024-01-05T08:00:00+01:00">'
            '<meta property="article:modified_time" content="2024-01-06T08:00:00+01:00">'
            '<meta property="article:section" content="City">'
            '<meta property="article:tag" content="bridges"><meta property="article:tag" content="river">'
            '<meta property="og:image" content="/img/a.jpg"><meta property="og:locale" content="en_GB">')
    meta = meta_of(page(head), "https://bugle.example/city/bridge")
    assert meta.headline == "Bridge opens"
    assert meta.published == "2024-01-05T08:00:00+01:00"
    assert meta.modified == "2024-01-06T08:00:00+01:00"
    assert meta.provenance["published"].source == "opengraph"
    assert meta.section == "City"
    assert meta.tags == ("bridges", "river")
    assert meta.image == "https://bugle.example/img/a.jpg"


@pytest.mark.parametrize("name", ["author", "byl", "parsely-author", "sailthru.author", "dc.creator",
                                  "citation_author"])
def test_common_author_meta_names(name: str) -> None:
    meta = meta_of(page(f'<meta name="{name}" content="By Maria Rossi">'))
    assert names(meta) == ["Maria Rossi"]
    assert meta.provenance["authors"].source == "meta"


@pytest.mark.parametrize("name", ["pubdate", "date", "publish-date", "published-date", "printpubdate", "sailthru.date", "dc.date",
                                  "citation_publication_date", "parsely-pub-date"])
def test_common_date_meta_names(name: str) -> None:
    assert meta_of(page(f'<meta name="{name}" content="2020-02-03">')).published == "2020-02-03"


def test_microdata_author_and_date() -> None:
    body = ('<div itemscope itemtype="https://schema.org/NewsArticle"><span itemprop="author" itemscope>'
            '<span itemprop="name">Pedro Alves</span></span><time itemprop="datePublished" '
            'datetime="2019-07-08">8 July</time></div>' + BODY)
    meta = meta_of(page(url_body=body))
    assert names(meta) == ["Pedro Alves"]
    assert meta.published == "2019-07-08"


def test_rel_author_link() -> None:
    meta = meta_of(page(url_body='<a rel="author" href="/staff/kim">Kim Lee</a>' + BODY))
    assert names(meta) == ["Kim Lee"]


def test_url_meta_values_are_not_authors() -> None:
    meta = meta_of(page('<meta property="article:author" content="https://facebook.com/bugle">'))
    assert meta.authors == ()


def test_twitter_handle_meta_is_not_preferred_over_a_name() -> None:
    meta = meta_of(page('<meta name="author" content="@bugle"><meta name="author" content="Jo Park">'))
    assert names(meta) == ["Jo Park"]


# --------------------------------------------------------------------------- visible bylines


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe | Reuters", ["Jane Doe", "Reuters"]),
        ("Jane Doe, Senior Reporter", ["Jane Doe"]),
        ("Words by Mary Smith", ["Mary Smith"]),
        ("Von Peter Müller", ["Peter Müller"]),
        ("Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
        ("Por Ana García y Luis Gómez", ["Ana García", "Luis Gómez"]),
        ("di Mario Rossi", ["Mario Rossi"]),
        ("Door Jan de Vries", ["Jan de Vries"]),
        ("By Ann Lee, Bo Chan and Cy Diaz", ["Ann Lee", "Bo Chan", "Cy Diaz"]),
        ("BY JANE DOE Updated 3 hours ago", ["JANE DOE"]),
        ("Hours Ago Devin Coldewey", ["Devin Coldewey"]),
        ("Text: 王小明", ["王小明"]),
        ("By Jane Doe jane@bugle.example", ["Jane Doe"]),
        ("By Earl Jessup, Herald Staff Writer", ["Earl Jessup"]),
        ("Evan Halper Staff Writer", ["Evan Halper"]),
        ("gizzmo", ["gizzmo"]),
        ("Sylvia Torres, Director of Education Equity", ["Sylvia Torres"]),
        ("Birgit Posselt | Autorenseite von", ["Birgit Posselt"]),
    ],
)
def test_byline_forms(line: str, expected: list[str]) -> None:
    assert split_names(line) == expected


@pytest.mark.parametrize("noise", ["Minute Read", "Senior Reporter", "Staff", "Updated 5 min ago",
                                   "Share this article", "Agriculture Reporter", "le", "i"])
def test_byline_noise_is_not_a_name(noise: str) -> None:
    assert split_names(noise) == []


def test_agencies_and_publisher_are_organizations() -> None:
    authors = parse_byline("Jane Doe, PTI and IANS", frozenset({"daily bugle"}))
    assert [(a.name, a.kind) for a in authors] == [
        ("Jane Doe", "person"), ("PTI", "organization"), ("IANS", "organization")]
    assert parse_byline("Daily Bugle", frozenset({"daily bugle"}))[0].kind == "organization"
    assert parse_byline("Web Desk")[0].kind == "organization"
    assert parse_byline("ACLU Foundations of California")[0].kind == "organization"


def test_metadata_names_win_over_a_byline_adding_only_titles_and_employers() -> None:
    html = page(
        ld({"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Sarah Hinger"},
                                               {"@type": "Person", "name": "Sylvia Torres"}]}),
        url_body='<h1>Bridge opens</h1><p class="byline">By Sarah Hinger, Staff Attorney, ACLU Racial '
                 'Justice Program &amp; Sylvia Torres, Director of Education Equity, ACLU Foundations of '
                 'California</p>' + BODY,
    )
    assert names(meta_of(html)) == ["Sarah Hinger", "Sylvia Torres"]


def test_handle_kept_only_when_alone() -> None:
    assert [a.name for a in parse_byline("@indiablooms")] == ["@indiablooms"]
    assert [a.name for a in parse_byline("Jane Doe | @janedoe")] == ["Jane Doe"]


def test_a_handle_of_the_publisher_is_an_organization() -> None:
    assert [a.kind for a in parse_byline("@indiablooms", frozenset({"indiablooms"}))] == ["organization"]
    assert [a.kind for a in parse_byline("@janedoe", frozenset({"indiablooms"}))] == ["person"]


@pytest.mark.parametrize("site, url", [
    ("India Blooms", None), ("IndiaBlooms News Service", "https://example.com/a"),
    (None, "https://www.indiablooms.com/news/a"),
])
def test_a_publisher_handle_is_an_organization_however_the_page_names_the_site(
    site: str | None, url: str | None,
) -> None:
    head = f'<meta property="og:site_name" content="{site}">' if site else ""
    body = ('<h1>Farmers adopt solar pumps</h1><div class="author-date">| <a href="/author/x">'
            "@indiablooms</a> | 11 Aug 2024, 03:38 pm</div>" + BODY)
    meta = meta_of(page(head, url_body=body), url)
    assert [(a.name, a.kind) for a in meta.authors] == [("@indiablooms", "organization")]


def test_another_accounts_handle_stays_a_person_on_the_publishers_domain() -> None:
    body = '<h1>Farmers adopt solar pumps</h1><div class="byline">| @janedoe |</div>' + BODY
    meta = meta_of(page(url_body=body), "https://www.indiablooms.com/news/a")
    assert [(a.name, a.kind) for a in meta.authors] == [("@janedoe", "person")]


@pytest.mark.parametrize("shown", [
    "<div>Kendall Breitman</div><div>Social Media Expert</div>",
    "<span>KB</span> <span>Kendall Breitman</span>",
    '<a href="/authors/kb">Kendall Breitman</a> <div>Verified</div>',
])
def test_text_run_into_the_byline_beside_a_metadata_name_is_not_part_of_it(shown: str) -> None:
    html = page(ld({"@type": "BlogPosting", "author": {"@type": "Person", "name": "Kendall Breitman"}}),
                url_body=f'<h1>Streaming platforms</h1><div class="author">{shown}</div>' + BODY)
    assert names(meta_of(html)) == ["Kendall Breitman"]


def test_a_byline_completing_a_metadata_name_still_wins() -> None:
    for given, shown in (("Nils", "Nils Pickert"), ("Jane Doe", "Jane Mary Doe")):
        html = page(ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": given}}),
                    url_body=f'<h1>Bridge opens</h1><p class="byline">By {shown}</p>' + BODY)
        assert names(meta_of(html)) == [shown]


def test_visible_byline_under_headline_wins_and_conflict_is_recorded() -> None:
    html = page(
        ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Pat Morgan"}}),
        url_body='<h1>Bridge opens</h1><div class="byline">By <a href="/author/jd">Jane Doe</a></div>' + BODY,
    )
    meta = meta_of(html)
    assert names(meta) == ["Jane Doe"]
    prov = meta.provenance["authors"]
    assert prov.source == "byline-text"
    assert "visible byline preferred over json-ld" in (prov.note or "")
    assert [c.source for c in prov.candidates] == ["json-ld"]


def test_byline_in_article_footer_meta_is_found() -> None:
    body = ('<h1>Bridge opens</h1>' + BODY + '<footer class="entry-meta">Posted on 3 May 2021 by '
            '<span class="author vcard"><a href="/author/gizzmo">gizzmo</a></span></footer>')
    meta = meta_of(f"<html><body><article>{body}</article></body></html>")
    assert names(meta) == ["gizzmo"]


def test_author_box_found_when_page_builder_wrappers_nest_the_headline_deep() -> None:
    header = "<h1>Bridge opens</h1>"
    for level in range(6):
        header = f'<div class="wrap-{level}">{header}</div>'
    box = '<div class="post-author-box"><div>Jane Doe</div><p>' + 'Jane writes about bridges and the towns they join. ' * 8 + '</p></div>'
    html = f"<html><body><div class=page><div class=content>{header}{BODY * 3}{box}</div></div></body></html>"
    assert names(meta_of(html)) == ["Jane Doe"]


def test_name_under_a_heading_that_is_only_a_credit_label() -> None:
    facts = '<div class="facts"><h3>Published</h3><p>4 May 2022</p><h3>Author</h3><p> Lisa D. Ellis</p></div>'
    html = f"<html><body><article><h1>Bridge opens</h1>{BODY}{facts}</article></body></html>"
    assert names(meta_of(html)) == ["Lisa D. Ellis"]


def test_labelled_credit_ends_before_the_bio_that_runs_on() -> None:
    bio = '<div class="bio"><span>Written by</span><span>Jack Shepherd</span><p>Hi! I am Jack, and I write.</p></div>'
    html = f"<html><body><article><h1>Bridge opens</h1>{BODY}{bio}</article></body></html>"
    assert names(meta_of(html)) == ["Jack Shepherd"]
    assert split_names("Pressemitteilung von Katja Kipping") == ["Katja Kipping"]


def test_emphasised_name_signing_off_the_story() -> None:
    signed = "<p><b><i>Stefan Wasmer</i></b></p>"
    html = f"<html><body><article><h1>Bridge opens</h1>{BODY}{signed}</article></body></html>"
    assert names(meta_of(html)) == ["Stefan Wasmer"]
    plain_end = f"<html><body><article><h1>Bridge opens</h1>{BODY}<p>Stefan Wasmer</p></article></body></html>"
    assert meta_of(plain_end).authors == ()
    sidebar = '<div class="sidebar-box"><p><strong>Happy New Year</strong></p></div>'
    html = f"<html><body><article><h1>Bridge opens</h1>{BODY}{sidebar}</article></body></html>"
    assert meta_of(html).authors == ()


def test_postal_address_is_not_a_byline() -> None:
    footer = "<address>Juval 2, I-39020 Kastelbell-Tschars</address>"
    html = f"<html><body><article><h1>Bridge opens</h1>{BODY}{footer}</article></body></html>"
    assert meta_of(html).authors == ()
    contact = '<address><p itemprop="name">Kathrin Klinkusch</p><p>Tel. 030 652 11</p></address>'
    html = f"<html><body><article><h1>Bridge opens</h1>{BODY}{contact}</article></body></html>"
    assert names(meta_of(html)) == ["Kathrin Klinkusch"]


def test_related_story_bylines_outside_the_article_are_ignored() -> None:
    html = ('<html><body><article><h1>Bridge opens</h1>' + BODY + '</article>'
            '<aside class="related"><div class="byline">By Other Writer</div></aside></body></html>')
    assert meta_of(html).authors == ()


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("11 Aug 2024, 03:38 pm", "2024-08-11T15:38:00"),
        ("August 11, 2024 at 3:38 PM EST", "2024-08-11T15:38:00-05:00"),
        ("Aug. 11, 2024 3:38 p.m. ET", "2024-08-11T15:38:00-04:00"),
        ("11. August 2024, 15:38 Uhr MESZ", "2024-08-11T15:38:00+02:00"),
        ("11 août 2024 à 15h38 CET", "2024-08-11T15:38:00+01:00"),
        ("11 de agosto de 2024", "2024-08-11"),
        ("11 agosto 2024", "2024-08-11"),
        ("11 de agosto de 2024 às 15:38 BST", "2024-08-11T15:38:00+01:00"),
        ("11 augustus 2024", "2024-08-11"),
        ("3 März 2024", "2024-03-03"),
        ("15:38 IST, 11 Aug 2024", "2024-08-11T15:38:00+05:30"),
        ("Tue, 11 Aug 2024 10:08:00 GMT", "2024-08-11T10:08:00+00:00"),
        ("2024-08-11T15:38:00Z", "2024-08-11T15:38:00+00:00"),
        ("11.08.2024", "2024-08-11"),
        ("الأربعاء، 07 أكتوبر 2020", "2020-10-07"),
    ],
)
def test_date_forms(text: str, iso: str) -> None:
    value = parse_date(text, NOW)
    assert value is not None and value.iso() == iso


@pytest.mark.parametrize("bad", ["0000-00-00", "99999-01-01", "2024-13-45", "2031-01-01", "1800-05-05",
                                 "not a date", ""])
def test_invalid_dates_are_rejected(bad: str) -> None:
    assert parse_date(bad, NOW) is None


def test_month_first_only_when_asked() -> None:
    assert parse_date("08/11/2024", NOW) is not None
    assert parse_date("08/11/2024", NOW).iso() == "2024-11-08"  # type: ignore[union-attr]
    assert parse_date("08/11/2024", NOW, month_first=True).iso() == "2024-08-11"  # type: ignore[union-attr]


def test_url_dates() -> None:
    assert date_from_url("https://x.example/2024/08/11/story", NOW).iso() == "2024-08-11"  # type: ignore[union-attr]
    assert date_from_url("https://x.example/news/20240811-story", NOW).iso() == "2024-08-11"  # type: ignore[union-attr]
    assert date_from_url("https://x.example/2024/99/11/story", NOW) is None


def test_url_date_is_the_last_resort() -> None:
    meta = meta_of(page(url_body="<h1>Bridge opens</h1>" + BODY), "https://x.example/2021/02/03/bridge")
    assert meta.published == "2021-02-03"
    assert meta.provenance["published"].source == "url"


def test_header_clock_is_never_the_date() -> None:
    html = ('<html><body><header><span class="clock">September 10, 2024 23:18 (IST)</span></header>'
            '<article><h1>Bridge opens</h1>' + BODY + '</article></body></html>')
    assert meta_of(html).published is None


def test_dates_in_scripts_comments_copyright_and_future_are_ignored() -> None:
    html = ('<html><body><script>var d = "2024-01-01";</script><!-- 2023-05-05 -->'
            '<article><h1>Bridge opens</h1><div class="date">March 3, 2030</div>' + BODY +
            '</article><footer>© 2024 Bugle</footer></body></html>')
    assert meta_of(html).published is None


def test_dates_and_names_in_a_header_script_are_not_read() -> None:
    body = ('<h1>Bridge opens</h1><div class="meta"><script>var published = "2021-01-01"; '
            'var author = "By Script Writer";</script>By Jo Park</div>' + BODY)
    meta = meta_of(page(url_body=body))
    assert meta.published is None
    assert names(meta) == ["Jo Park"]


def test_publication_phrase_in_a_script_is_not_read() -> None:
    body = ('<h1>Bridge opens</h1>' + BODY + '<script>{"published": "2021-01-01"}</script>'
            '<p>Published on 3 May 2022</p>')
    meta = meta_of(f"<html><body><article>{body}</article></body></html>")
    assert meta.published == "2022-05-03"


def test_reader_comments_give_no_byline_or_date() -> None:
    body = ('<h1>Bridge opens</h1>' + BODY + '<div id="comments"><p>Posted on 3 May 2023 by '
            'Bob Miller</p><p>Written by: Ann Reader</p></div>')
    meta = meta_of(f"<html><body><article>{body}</article></body></html>")
    assert meta.published is None
    assert meta.authors == ()


def test_day_only_when_only_the_day_is_known() -> None:
    meta = meta_of(page(url_body='<h1>Bridge opens</h1><p class="meta">By Jo Park | 4 May 2022</p>' + BODY))
    assert meta.published == "2022-05-04"


def test_updated_line_is_modified_not_published() -> None:
    body = ('<h1>Bridge opens</h1><p class="meta">By Jo Park | Published 4 May 2022 | '
            'Updated 6 May 2022</p>' + BODY)
    meta = meta_of(page(url_body=body))
    assert meta.published == "2022-05-04"
    assert meta.modified == "2022-05-06"


def test_update_date_stands_in_when_the_page_gives_no_publication_date() -> None:
    body = '<h1>Bridge opens</h1><p class="meta">By Jo Park | Updated 6 May 2022</p>' + BODY
    meta = meta_of(page(url_body=body))
    assert meta.published == meta.modified == "2022-05-06"
    assert "modification date stands in" in (meta.provenance["published"].note or "")
    assert meta.provenance["modified"].note is None


def test_a_stamp_shared_with_the_last_save_yields_to_the_earlier_day_the_byline_shows() -> None:
    head = ld({"@type": "BlogPosting", "datePublished": "May 24, 2025", "dateModified": "May 24, 2025"})
    body = '<h1>Bridge opens</h1><p class="meta">By Jo Park | August 25, 2024</p>' + BODY
    meta = meta_of(page(head, url_body=body))
    assert meta.published == "2024-08-25"
    assert meta.modified == "2025-05-24"


def test_a_publication_stamp_apart_from_the_last_save_is_kept() -> None:
    head = ld({"@type": "BlogPosting", "datePublished": "2024-08-20", "dateModified": "2025-05-24"})
    body = '<h1>Bridge opens</h1><p class="meta">By Jo Park | August 25, 2024</p>' + BODY
    assert meta_of(page(head, url_body=body)).published == "2024-08-20"


def test_a_byline_sentence_dates_the_story() -> None:
    body = ('<h1>Bridge opens</h1><div class="details">Posted by <a href="https://example.org/jp">'
            "JoPark</a> on Friday December 19, 2024 @08:00PM from the long-awaited dept.</div>" + BODY)
    meta = meta_of(page(url_body=body))
    assert meta.published is not None and meta.published.startswith("2024-12-19")
    assert names(meta) == ["JoPark"]


def test_a_standfirst_sentence_after_a_name_is_still_no_date() -> None:
    body = ("<h1>Bridge opens</h1><p>Jo Park has covered the bridge since December 19, 2015, when "
            "the first plans for the crossing were shown to the town.</p>" + BODY)
    assert meta_of(page(url_body=body)).published is None


@pytest.mark.parametrize("key", ["published", "publication_date", "originalpublicationdate", "w-published-date"])
def test_rarer_publication_meta_keys(key: str) -> None:
    meta = meta_of(page(f'<meta name="{key}" content="July 17, 2024">'))
    assert meta.published == "2024-07-17"


def test_date_in_an_element_marked_as_the_update_is_not_the_published_date() -> None:
    meta_box = ('<div class="header-info"><div class="caption">Updated on</div>'
                '<div class="the-updated-at">April 19, 2025</div></div>')
    html = f"<html><body><article><h1>Bridge opens</h1>{BODY}{meta_box}</article></body></html>"
    meta = meta_of(html)
    # The update is the page's only date: it stands in, and the note says it is the update's.
    assert meta.modified == "2025-04-19"
    assert "modification date stands in" in (meta.provenance["published"].note or "")


def test_secondary_line_in_the_headline_element_is_its_date_not_its_text() -> None:
    head = '<meta property="og:title" content="Fans return to the arenas">'
    body = "<h1>Fans return to the arenas<br><small>02.02.2022 &bull; Press, General</small></h1>" + BODY
    meta = meta_of(page(head, url_body=body))
    assert meta.headline == "Fans return to the arenas"
    assert meta.published == "2022-02-02"


def test_generic_date_meta_ranks_below_the_visible_date() -> None:
    head = '<meta name="date" content="2021-12-20T11:02:44+01:00">'
    body = '<h1>Bridge opens</h1><span class="date">27.01.2022</span>' + BODY
    assert meta_of(page(head, url_body=body)).published == "2022-01-27"
    specific = '<meta property="article:published_time" content="2021-12-20T11:02:44+01:00">'
    assert meta_of(page(specific, url_body=body)).published == "2021-12-20T11:02:44+01:00"
    assert meta_of(page(head, url_body="<h1>Bridge opens</h1>" + BODY)).published == "2021-12-20T11:02:44+01:00"


def test_date_inside_a_standfirst_sentence_is_not_the_published_date() -> None:
    deck = ("<p class=deck>With the rules in force since 15 January 2022, the proofs of vaccination "
            "and recovery were set anew for everyone.</p>")
    body = "<h1>Bridge opens</h1>" + deck + '<p class="date">26.01.2022</p>' + BODY
    assert meta_of(page(url_body=body)).published == "2022-01-26"
    dateline = ("<p class=deck>Feb. 23, 2015 -- Life-threatening peanut allergies have been on the "
                "rise in the past decade, with little hope for a cure.</p>")
    assert meta_of(page(url_body="<h1>Bridge opens</h1>" + dateline + BODY)).published == "2015-02-23"
    footer = ("<p>This entry was posted on March 3, 2008 at 7:14 pm and is filed under About us, "
              "Blogging and Web Analytics.</p>")
    assert meta_of(page(url_body="<h1>Bridge opens</h1>" + footer + BODY)).published == "2008-03-03T19:14:00"


def test_time_element_near_headline() -> None:
    body = '<h1>Bridge opens</h1><time datetime="2022-05-04T10:00:00+02:00">4 May</time>' + BODY
    meta = meta_of(page(url_body=body))
    assert meta.published == "2022-05-04T10:00:00+02:00"
    assert meta.provenance["published"].source == "time-element"


def test_dateline_at_story_start() -> None:
    body = "<h1>Bridge opens</h1><p>NEW DELHI, Aug 11, 2024 (IBNS) - " + "Work began. " * 40 + "</p>"
    assert meta_of(page(url_body=body)).published == "2024-08-11"


def test_a_date_mentioned_in_the_first_sentence_is_not_a_dateline() -> None:
    body = "<h1>Bridge opens</h1><p>From 15 January 2022 the bridge is open to cars. " + "More. " * 60 + "</p>"
    assert meta_of(page(url_body=body)).published is None


def test_unzoned_time_takes_the_zone_of_the_pages_structured_dates() -> None:
    head = '<meta property="article:modified_time" content="2024-08-12T09:00:00+09:00">'
    body = '<h1>Bridge opens</h1><p class="byline">By Jo Park | 11 Aug 2024, 15:38</p>' + BODY
    meta = meta_of(page(head, url_body=body))
    assert meta.published == "2024-08-11T15:38:00+09:00"


def test_unzoned_time_takes_the_zone_of_a_single_zone_country() -> None:
    head = '<meta property="og:locale" content="en_IN">'
    body = '<h1>Bridge opens</h1><p class="byline">By Jo Park | 11 Aug 2024, 15:38</p>' + BODY
    assert meta_of(page(head, url_body=body)).published == "2024-08-11T15:38:00+05:30"


def test_disagreeing_dates_are_recorded_as_candidates() -> None:
    head = ('<meta property="article:published_time" content="2024-08-11">'
            '<meta name="date" content="2023-01-01">')
    prov = meta_of(page(head)).provenance["published"]
    assert [(c.source, c.raw) for c in prov.candidates] == [("meta", "2023-01-01")]


def test_structured_stamp_a_day_off_yields_to_the_url_day() -> None:
    head = '<meta property="article:published_time" content="2020-02-25T02:25:54+00:00">'
    meta = meta_of(page(head), "https://x.example/2020/02/24/story")
    assert meta.published == "2020-02-24"


@pytest.mark.parametrize(
    ("stamp", "published"),
    [
        # A zoned stamp: the byline's next day may be a script's rendering in the reader's zone.
        ("2024-12-02T23:00:55+00:00", "2024-12-02T23:00:55+00:00"),
        # A stamp without a zone may be UTC: the day the page prints is the publisher's.
        ("2024-12-02T23:00:55", "2024-12-03"),
    ],
)
def test_only_an_unzoned_stamp_a_day_off_yields_to_the_bylines_day(stamp: str, published: str) -> None:
    head = f'<meta property="article:published_time" content="{stamp}">'
    body = '<h1>Bridge opens</h1><p class="byline">By Jo Park | 03 Dec 2024</p>' + BODY
    assert meta_of(page(head, url_body=body)).published == published


def test_find_dates_in_free_text() -> None:
    found = find_dates("Posted 3 May 2021, updated May 5, 2021", NOW)
    assert [m.value.iso() for m in found] == ["2021-05-03", "2021-05-05"]


# --------------------------------------------------------------------------- headline


def test_headline_without_site_suffix_prefers_matching_h1() -> None:
    head = '<title>Bridge opens after ten years - The Daily Bugle</title>'
    meta = meta_of(page(head, url_body="<h1>Bridge Opens After Ten Years</h1>" + BODY))
    assert meta.headline == "Bridge Opens After Ten Years"
    assert meta.provenance["headline"].raw == "Bridge opens after ten years - The Daily Bugle"


@pytest.mark.parametrize(
    "title", ["Bridge opens after ten years | Bugle", "Bugle: Bridge opens after ten years",
              "Bridge opens after ten years - Bugle"],
)
def test_site_name_is_cut_from_the_title(title: str) -> None:
    head = f'<title>{title}</title><meta property="og:site_name" content="Bugle">'
    assert meta_of(page(head)).headline == "Bridge opens after ten years"


def test_unrelated_h1_does_not_replace_the_title() -> None:
    head = '<meta property="og:title" content="Bridge opens after ten years">'
    meta = meta_of(page(head, url_body="<h1>Daily Bugle</h1>" + BODY))
    assert meta.headline == "Bridge opens after ten years"
    assert meta.provenance["headline"].source == "opengraph"


def test_lone_h1_beats_a_site_only_title() -> None:
    head = "<title>Edmonton Sun</title>"
    meta = meta_of(page(head, url_body="<h1>Lavigne lawsuit settled out of court</h1>" + BODY))
    assert meta.headline == "Lavigne lawsuit settled out of court"


def test_the_h1_marked_as_headline_beats_teaser_h1s_and_an_unmatched_title() -> None:
    head = '<meta property="og:title" content="Our favourite biking spots">'
    teasers = '<h1 class="item__title">Hiking trails to try this spring</h1>'
    body = ('<h1 class="global-logo">Bugle</h1><h1 class="v2-headline">The best trails for biking in town</h1>'
            + BODY + teasers)
    assert meta_of(page(head, url_body=body)).headline == "The best trails for biking in town"
    # Two headline-marked h1s say nothing about which one is the story's.
    body = body.replace("item__title", "item__headline")
    assert meta_of(page(head, url_body=body)).headline == "Our favourite biking spots"


def test_a_title_naming_only_the_site_is_not_matched_with_the_logo() -> None:
    head = "<title>Cape Argus</title>"
    body = ('<div class="header">Cape Argus</div><h1 class="ArticleHeadline">Ronaldo could earn a fortune'
            '</h1>' + BODY)
    meta = meta_of(page(head, url_body=body), "https://www.capeargus.co.za/news/story")
    assert meta.headline == "Ronaldo could earn a fortune"


def test_kicker_and_screen_reader_label_are_cut_from_the_heading() -> None:
    body = ('<h1><span class="kicker">Olympia 2024</span> <span>Drinks reach the centre by boat</span>'
            '</h1>' + BODY)
    head = "<title>Drinks reach the centre by boat - Olympia 2024 | Bugle</title>"
    assert meta_of(page(head, url_body=body)).headline == "Drinks reach the centre by boat"
    body = '<h1><span class="sr-only">Headline:</span> Bridge opens after ten years</h1>' + BODY
    assert meta_of(page(url_body=body)).headline == "Bridge opens after ten years"


@pytest.mark.parametrize("title", [
    "港特首梁振英就住宅违建事件道歉 - BBC中文网 - 两岸三地",
    "港特首梁振英就住宅违建事件道歉-BBC中文网",
    "港特首梁振英就住宅违建事件道歉｜BBC中文网",
])
def test_chinese_h1_wins_over_a_title_adding_the_site(title: str) -> None:
    meta = meta_of(page(f"<title>{title}</title>", url_body="<h1>港特首梁振英就住宅违建事件道歉</h1>" + BODY),
                   "http://www.bbc.co.uk/zhongwen/simp/a.shtml")
    assert meta.headline == "港特首梁振英就住宅违建事件道歉"


def test_site_glued_to_a_chinese_title_is_cut_without_a_heading() -> None:
    meta = meta_of(page("<title>武汉的声音：有英勇的你，才有英雄的城！-新华网</title>"))
    assert meta.headline == "武汉的声音：有英勇的你，才有英雄的城！"


@pytest.mark.parametrize("credit", [
    '<span class="small">編集委員　中沢克二</span>', "記者 山田太郎", "By Jane Doe", "홍길동 기자",
])
def test_a_credit_line_under_the_headline_is_cut_from_it(credit: str) -> None:
    body = f"<h1><span>Bridge opens after ten years</span><br/>{credit}</h1>" + BODY
    meta = meta_of(page("<title>Bridge opens after ten years</title>", url_body=body))
    assert meta.headline == "Bridge opens after ten years"


def test_a_second_line_that_is_no_credit_stays_in_the_headline() -> None:
    body = "<h1><span>Bridge opens</span><br/><span>after ten years of work</span></h1>" + BODY
    assert meta_of(page(url_body=body)).headline == "Bridge opens after ten years of work"


def test_page_without_title_or_h1_uses_a_headline_like_heading() -> None:
    body = '<h3>Bookmark with:</h3><h3>Gulf states urge peace with Iran</h3>' + BODY
    assert meta_of(page(url_body=body)).headline == "Gulf states urge peace with Iran"


@pytest.mark.parametrize("heading", [
    '<p><span class="headingstory">Leno and Kimmel trade shows during the strike</span></p>',
    '<table><tr><td class="contentheading">Leno and Kimmel trade shows during the strike</td></tr></table>',
    "<h2>Leno and Kimmel trade shows during the strike</h2>",
])
def test_a_generic_title_the_page_never_shows_gives_way_to_the_story_heading(heading: str) -> None:
    head = "<title>Summit Daily News for Breckenridge, Keystone and Frisco</title>"
    meta = meta_of(page(head, url_body=heading + BODY))
    assert meta.headline == "Leno and Kimmel trade shows during the strike"
    assert meta.provenance["headline"].source == "heuristic"


@pytest.mark.parametrize("body", [
    # The title is shown on the page (in a paragraph, not a heading): it is the headline.
    "<p>Bridge opens after ten years of work</p><h2>Council approves the budget</h2>" + BODY,
    # The heading is a variant of the title, not another story.
    "<h2>Bridge opens after a decade</h2>" + BODY,
    # A menu of links and a linked teaser are no story heading.
    '<div class="nav-title"><a href="/a">Sports news</a> <a href="/b">Weather today</a></div>' + BODY,
    '<a href="/other"><h3>Council approves the budget</h3></a>' + BODY,
])
def test_a_title_that_is_a_headline_stays_without_a_matching_heading(body: str) -> None:
    meta = meta_of(page("<title>Bridge opens after ten years of work</title>", url_body=body))
    assert meta.headline == "Bridge opens after ten years of work"


def test_a_generic_title_stays_when_the_page_has_other_metadata_titles() -> None:
    head = ('<title>Summit Daily News for Breckenridge and Frisco</title>'
            '<meta property="og:title" content="Summit Daily News for Breckenridge and Frisco">')
    meta = meta_of(page(head, url_body="<h2>Leno and Kimmel trade shows during the strike</h2>" + BODY))
    assert meta.headline == "Summit Daily News for Breckenridge and Frisco"


def test_a_chinese_title_whose_first_part_is_shown_is_not_generic() -> None:
    head = "<title>海外留学生看两会_教育频道_中国青年网</title>"
    body = '<div class="user-title">登录 我的社区 帮助</div><p>海外留学生看两会</p>' + BODY
    assert meta_of(page(head, url_body=body)).headline == "海外留学生看两会_教育频道_中国青年网"


# --------------------------------------------------------------------------- other fields


def test_language_canonical_description() -> None:
    head = ('<link rel="canonical" href="/a/b"><meta name="description" content="A &amp; B">')
    meta = meta_of(f'<html lang="pt_BR"><head>{head}</head><body>{BODY}</body></html>', "https://x.example/q?a=1")
    assert meta.language == "pt-BR"
    assert meta.canonical_url == "https://x.example/a/b"
    assert meta.description == "A & B"


# --------------------------------------------------------------------------- bad input


def test_malformed_json_ld_falls_through_with_a_note() -> None:
    html = page(ld('{"@type": "NewsArticle", "datePublished": ') +
                '<meta property="article:published_time" content="2024-02-02">')
    meta = meta_of(html)
    assert meta.published == "2024-02-02"


def test_five_megabyte_json_ld() -> None:
    big = {"@type": "NewsArticle", "datePublished": "2024-02-02", "articleBody": "word " * 1_000_000}
    meta = meta_of(page(ld(big)))
    assert meta.published == "2024-02-02"
    broken = json.dumps(big)[:-1]
    meta = meta_of(page(ld(broken)))
    assert meta.published is None
    assert "too large to repair" in (meta.provenance["headline"].note or "") if "headline" in meta.provenance else True


def test_impossible_dates_leave_the_field_empty_and_say_why() -> None:
    head = ('<meta property="article:published_time" content="0000-00-00">'
            '<meta name="date" content="99999-01-01">')
    meta = meta_of(page(head))
    assert meta.published is None
    assert "0000-00-00" in (meta.provenance["published"].note or "")


def test_impossible_date_yields_to_the_next_source() -> None:
    head = ('<meta property="article:published_time" content="0000-00-00">'
            '<meta name="date" content="2022-02-02">')
    meta = meta_of(page(head))
    assert meta.published == "2022-02-02"
    assert "0000-00-00" in (meta.provenance["published"].note or "")


def test_author_field_with_html_or_a_paragraph() -> None:
    meta = meta_of(page('<meta name="author" content="&lt;a href=&quot;/x&quot;&gt;Jo Park&lt;/a&gt;">'))
    assert names(meta) == ["Jo Park"]
    paragraph = "This is a long paragraph that somebody pasted into the author field of the CMS " * 3
    meta = meta_of(page(f'<meta name="author" content="{paragraph}">'))
    assert meta.authors == ()
    assert "ignored author values" in (meta.provenance["authors"].note or "")


def test_thousands_of_meta_tags() -> None:
    head = '<meta name="x" content="y">' * 20_000 + '<meta property="og:title" content="Late title">'
    meta = meta_of(page(head))
    assert isinstance(meta, Metadata)


def test_extract_never_raises_on_hostile_metadata() -> None:
    html = page(ld("{" * 5000) + ld('{"@type": "NewsArticle", "author": [[[[{"name": 5}]]]]}')
                + '<meta property="article:published_time" content="9999999999999999">')
    article = extractor.extract(html)
    assert article.published is None


# --------------------------------------------------------------------------- golden pages


def test_seed_page_byline_and_ist_date() -> None:
    html = (FIXTURES / "meta-seed-indiablooms" / "source.html").read_bytes()
    article = extractor.extract(html, "https://www.indiablooms.com/news-details/N/farmers-in-assam")
    assert article.published == "2024-08-11T15:38:00+05:30"
    assert [(a.name, a.kind) for a in article.authors] == [("@indiablooms", "organization")]
    assert "2024-09-10" not in json.dumps(article.to_dict())


@pytest.mark.parametrize("folder", sorted(p.name for p in FIXTURES.glob("meta-*") if (p / "expected.json").exists()))
def test_metadata_golden_pages(folder: str) -> None:
    base = FIXTURES / folder
    request = json.loads((base / "request.json").read_text()) if (base / "request.json").exists() else {}
    article = extractor.extract((base / "source.html").read_bytes(), request.get("url"))
    expected = json.loads((base / "expected.json").read_text(encoding="utf-8"))
    got = article.to_dict()
    for key in ("headline", "authors", "byline", "published", "modified", "language", "site_name",
                "canonical_url", "tags", "section"):
        assert got[key] == expected[key], key


def test_one_pass_collects_every_headline_candidate_and_link() -> None:
    html = (
        '<html><head><link rel="Canonical" href="/a"><link rel="stylesheet author" href="/me">'
        '<link rel="icon" href="/i"></head><body><div itemprop="name headline">Deck</div>'
        "<h1>Title</h1><span itemprop='author'>Jane Doe</span></body></html>"
    )
    tree = LexborHTMLParser(html)
    read = read_meta_tags(tree)
    expected = [node.mem_id for node in tree.css(HEADLINE_SELECTOR)]
    assert [node.mem_id for node in read.headings] == expected and len(expected) == 2
    assert read.link("canonical") == "/a" and read.link("author") == "/me"
    assert [node.tag for node in read.items] == ["div", "span"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # The title is only the site and a section, and no h1: the marked headline wins.
        ("energie.example | Gaspreise", "Energiepreiskrise: Entlastungen und Rechte auf einen Blick"),
        # A title that reads like a headline stays, even without an h1, when the page shows it.
        ("Gaspreise: Entlastungen und Rechte | energie.example", "Gaspreise: Entlastungen und Rechte"),
    ],
)
def test_a_site_and_section_title_gives_way_to_a_marked_headline(title: str, expected: str) -> None:
    html = (
        f"<html><head><title>{title}</title></head><body><div class='itc-headline'>"
        "Energiepreiskrise: Entlastungen und Rechte auf einen Blick</div>"
        "<div class='headline-note'>Fans reach the page from the social sites every day.</div>"
        f"<p>Gaspreise: Entlastungen und Rechte</p>{BODY}</body></html>"
    )
    assert meta_of(html, "https://energie.example/news/1").headline == expected
