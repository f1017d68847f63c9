"""Dates: forms the parser reads, labels that say which date a date is, and where a page's
update date must not pass for its publication date."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from extractor.metadata import Metadata, read_metadata
from extractor.lowercase import lower_aligned
from extractor.metadata.data_islands import MAX_ISLAND_CHARS
from extractor.metadata.dates import MAX_UPDATE_NOTICES, date_role, find_dates, parse_date, update_notice

NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)
STORY = "<p>" + "The council met on Tuesday to discuss the budget and the new bridge. " * 6 + "</p>"


def meta_of(html: str, url: str | None = None) -> Metadata:
    return read_metadata(LexborHTMLParser(html), url, now=NOW)


def article(inner: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><article>{inner}</article></body></html>"


# --------------------------------------------------------------------------- forms


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024年11月20日 18時05分", "2024-11-20T18:05:00"),
        ("2024年11月20日(水) 18:05", "2024-11-20T18:05:00"),
        ("2023年11月17日15时13分", "2023-11-17T15:13:00"),
        ("2024 年 3 月 5 日", "2024-03-05"),
        ("2025년 3월 4일 14:22", "2025-03-04T14:22:00"),
        ("26 | 01 | 2022", "2022-01-26"),
        ("26 / 01 / 2022", "2022-01-26"),
    ],
)
def test_cjk_and_spaced_numeric_forms(text: str, iso: str) -> None:
    value = parse_date(text, NOW)
    assert value is not None and value.iso() == iso


@pytest.mark.parametrize("text", ["won 3 - 2 - 2020 season", "2 | 1 | 20", "pages 10 / 12 / 15", "2024年13月40日"])
def test_scores_ranges_and_impossible_cjk_days_are_not_dates(text: str) -> None:
    assert find_dates(text, NOW) == []


def test_cjk_date_in_a_header_takes_the_zone_of_the_country() -> None:
    html = article('<h1>新しい橋が開通</h1><p class="date">2024年11月20日(水) 18時05分</p>' + STORY)
    assert meta_of(html, "https://news.example.jp/a/1").published == "2024-11-20T18:05:00+09:00"


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("before", "role"),
    [
        ("By Jo Park | ", "published"),
        ("Published on ", "published"),
        ("Last updated on ", "modified"),
        ("Aktualisiert am ", "modified"),
        ("mis à jour le ", "modified"),
        ("Registriert: ", "other"),
        ("Joined: ", "other"),
        ("Joined: Thu ", "other"),  # a weekday may stand between the label and the date
        ("Updated Tue, ", "modified"),
        ("by marigold_64 » Wed ", "published"),
        ("Member since ", "other"),
        ("Mitglied seit ", "other"),
        ("Born ", "other"),
        ("Abonné le ", "published"),  # "né" inside a word is no birth label
        ("NATO | ", "published"),  # a kicker, not Italian "nato" (born)
        ("", "published"),
    ],
)
def test_the_label_before_a_date_says_which_date_it_is(before: str, role: str) -> None:
    assert date_role(before) == role


def test_a_forum_members_registration_date_is_not_the_posts_date() -> None:
    post = ('<h2>Was ist Freie Software</h2>'
            '<dl class="postprofile"><dt><a class="username">r23</a></dt>'
            '<dd class="profile-joined"><strong>Registriert:</strong> 18.09.2008, 05:56</dd></dl>'
            '<p class="author">Beitrag von <a class="username">r23</a> » 21.01.2009, 05:42</p>' + STORY)
    html = f'<html><head><title>Was ist Freie Software</title></head><body><div>{post}</div></body></html>'
    assert meta_of(html).published == "2009-01-21T05:42:00"


def test_a_date_element_under_an_update_label_is_not_the_published_date() -> None:
    line = ('<span class="post-date"><span class="desktop">Last Updated</span> '
            '<span class="mobile">on</span> <span class="date">Feb 27, 2025</span></span>')
    meta = meta_of(article("<h1>Bridge opens</h1>" + STORY + line))
    assert meta.modified == "2025-02-27"
    assert "modification date stands in" in (meta.provenance["published"].note or "")
    head = '<meta property="article:published_time" content="2024-05-04T10:00:00+02:00">'
    meta = meta_of(article("<h1>Bridge opens</h1>" + STORY + line, head))
    assert meta.published == "2024-05-04T10:00:00+02:00"
    assert meta.provenance["published"].candidates == ()  # the update's day is no candidate


def test_a_time_element_labelled_or_marked_as_the_update_is_not_the_published_date() -> None:
    labelled = '<p class="meta">Updated <time datetime="2025-03-01T10:00:00Z">Mar 1, 2025</time></p>'
    meta = meta_of(article("<h1>Bridge opens</h1>" + labelled + STORY))
    assert meta.modified == "2025-03-01"
    assert meta.provenance["published"].source == "byline-text"
    assert "modification date stands in" in (meta.provenance["published"].note or "")
    changed = ('<div class="field field--name-changed"><time datetime="2025-03-01T10:00:00-05:00">'
               "March 1</time></div>")
    meta = meta_of(article("<h1>Bridge opens</h1>" + STORY + changed))
    assert meta.published is None


def test_a_time_marked_both_published_and_updated_is_the_published_date() -> None:
    # WordPress marks the one <time> of a post never edited "entry-date published updated".
    stamp = '<time class="entry-date published updated" datetime="2025-03-01T10:00:00+01:00">1 March</time>'
    meta = meta_of(article("<h1>Bridge opens</h1><p>" + stamp + "</p>" + STORY))
    assert meta.published == "2025-03-01T10:00:00+01:00"


def test_an_update_label_after_the_story_gives_the_modified_date() -> None:
    end = "<p><b>Aktualisiert am </b>17.01.2021.</p>"
    meta = meta_of(article("<h1>Heliumkerne in Zinn-Atomen entdeckt</h1>" + STORY + end))
    assert meta.modified == "2021-01-17"
    assert meta.published == "2021-01-17"
    assert "modification date stands in" in (meta.provenance["published"].note or "")


def flat_page(after_title: str) -> str:
    """A flat layout: the title bar and the story are both children of <body>."""
    nav = '<div class="nav"><a href="/">Home</a> <a href="/news">News</a></div>'
    return f'<html><body>{nav}<div id="title"><h1>Bridge opens after two years</h1></div><hr>{after_title}</body></html>'


UPDATE_LINE = "<p><b>Aktualisiert am </b>04.03.2022.</p>"


def test_the_story_block_beside_a_flat_title_bar_is_the_article() -> None:
    story = f'<div class="main">{STORY * 3}{UPDATE_LINE}</div>'
    meta = meta_of(flat_page(story + '<div class="footer">Contact us</div>'))
    assert meta.modified == "2022-03-04"


@pytest.mark.parametrize(
    "after_title",
    [
        # A block the size of a whole site is not the article.
        f'<div class="main">{STORY * 150}{UPDATE_LINE}</div>',
        # Only the next few elements are looked at.
        f'<div>a</div><div>b</div><div>c</div><div class="main">{STORY * 3}{UPDATE_LINE}</div>',
    ],
)
def test_a_flat_title_bar_without_a_story_beside_it_has_no_article(after_title: str) -> None:
    assert meta_of(flat_page(after_title)).modified is None


def test_updated_in_running_text_is_no_update_label() -> None:
    text = "<p>The council said the plan was updated on 3 May 2021 after the vote.</p>"
    assert meta_of(article("<h1>Bridge opens</h1>" + STORY + text)).modified is None


def test_date_update_meta_is_the_modified_date() -> None:
    head = '<meta itemprop="dateUpdate" content="2020-02-14 10:47:36">'
    meta = meta_of(article("<h1>Bridge opens</h1>" + STORY, head))
    assert meta.modified == "2020-02-14T10:47:36"
    assert meta.provenance["modified"].source == "meta"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("PUBLISHED AUGUST 11, 2024", date(2024, 8, 11)),
        ("Mis à jour le 3 DÉCEMBRE 2023", date(2023, 12, 3)),
        ("İstanbul, 5 Mart 2024 · 7 March 2024", date(2024, 3, 7)),  # "İ" lowercases to two characters
    ],
)
def test_month_names_in_any_case_at_their_own_offsets(text: str, day: date) -> None:
    found = find_dates(text, NOW)
    assert found and found[-1].value.day == day
    assert text[found[-1].start : found[-1].end].lower().startswith(("august", "3", "7"))


def test_lower_aligned_keeps_offsets() -> None:
    for text in ("İİ Ab", "Straße ΣΑΣ", "plain"):
        lowered = lower_aligned(text)
        assert len(lowered) == len(text)
        assert lowered == text.lower() or "İ" in text


# --------------------------------------------------------------------------- JSON data islands

ISLAND = (
    '<script type="application/json" id="__NEXT_DATA__">{"props": {"story": {'
    '"createdAt": "2020-01-01T00:00:00Z", "publishedDate": "0000-00-00", '
    '"publishedDate": "2021-03-04T10:00:00Z", "updatedDate": "2021-03-05T08:30:00Z"}}}</script>'
)


def test_a_json_data_island_dates_a_page_nothing_else_dates() -> None:
    meta = meta_of(article("<h1>Council approves the bridge</h1>" + STORY) + ISLAND)
    assert meta.published == "2021-03-04T10:00:00+00:00"  # not createdAt, not the invalid value
    assert meta.modified == "2021-03-05T08:30:00+00:00"
    prov = meta.provenance["published"]
    assert prov.source == "heuristic"
    assert prov.raw == '"publishedDate": "2021-03-04T10:00:00Z"'
    assert prov.note is not None and "application/json" in prov.note


def test_a_json_data_island_yields_to_any_other_date() -> None:
    head = '<meta property="article:published_time" content="2021-02-01">'
    meta = meta_of(article("<h1>Council approves the bridge</h1>" + STORY, head) + ISLAND)
    assert meta.published == "2021-02-01"
    assert meta.modified == "2021-03-05T08:30:00+00:00"  # the page gives no other modification date


@pytest.mark.parametrize(
    "script",
    [
        '<script>var story = {"publishedDate": "2021-03-04T10:00:00Z"};</script>',  # code, not data
        '<script type="application/json">{"createdAt": "2021-03-04T10:00:00Z"}</script>',
        '<script type="application/json">{"date": "2021-03-04"}</script>',
    ],
)
def test_code_and_unnamed_dates_in_scripts_are_never_read(script: str) -> None:
    meta = meta_of(article("<h1>Council approves the bridge</h1>" + STORY) + script)
    assert meta.published is None
    assert meta.modified is None


def test_a_hostile_json_island_costs_a_bounded_number_of_date_parses() -> None:
    junk = ", ".join('"publishedDate": "not a date %05d"' % n for n in range(20_000))
    island = f'<script type="application/json">{{{junk}, "publishedDate": "2021-03-04"}}</script>'
    assert len(island) < MAX_ISLAND_CHARS  # the real value is inside the part that is read...
    meta = meta_of(article("<h1>Council approves the bridge</h1>" + STORY) + island)
    # ...but past the values a key may have parsed: no date, rather than 20,000 parses.
    assert meta.published is None


def test_a_date_inside_the_byline_dates_the_story() -> None:
    # An author box after the story: the writer's name and the day under it, the day's element
    # not marked as a date.
    box = '<div class="resource-author-details"><p>Luke Kim</p><small>December 17, 2024</small></div>'
    meta = meta_of(article("<h1>Introducing the new accelerator</h1>" + STORY + box))
    assert [a.name for a in meta.authors] == ["Luke Kim"]
    assert meta.published == "2024-12-17"
    assert meta.provenance["published"].source == "byline-text"


def test_a_byline_without_a_date_leaves_the_story_undated() -> None:
    box = '<div class="resource-author-details"><p>Luke Kim</p><small>Staff writer</small></div>'
    assert meta_of(article("<h1>Introducing the new accelerator</h1>" + STORY + box)).published is None


def test_a_stamp_on_the_day_the_byline_shows_as_updated_is_a_resave() -> None:
    # The CMS wrote the update's day into datePublished; the byline shows both days.
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Bridge opens",'
          ' "datePublished": "Aug 21, 2024", "dateModified": "Aug 20, 2024"}</script>')
    line = '<p class="byline">By Jane Doe, Published Apr 26, 2023 Updated Aug 21, 2024</p>'
    meta = meta_of(article("<h1>Bridge opens</h1>" + line + STORY, ld))
    assert meta.published == "2023-04-26"
    line = '<p class="byline">By Jane Doe, Published Apr 26, 2023</p>'
    assert meta_of(article("<h1>Bridge opens</h1>" + line + STORY, ld)).published == "2024-08-21"


DECK = ("<p>" + "A long standfirst sums up what the council decided about the budget and the bridge. " * 4
        + "</p>")


def test_the_byline_and_date_under_a_long_standfirst_date_the_story() -> None:
    # The deck is longer than a header block; the name and the day stand under it.
    header = "<h1>Bridge opens</h1>" + DECK + "<p>Jane Doe</p><p><span>23.07.2024</span> · 6 min read</p>"
    meta = meta_of(article(header + STORY))
    assert meta.published == "2024-07-23"
    assert meta.provenance["published"].source == "byline-text"


def test_only_one_long_paragraph_under_the_headline_is_passed() -> None:
    # Past the deck and the story's first paragraph, a short paragraph's date is the story's
    # subject, not its publication.
    meta = meta_of(article("<h1>Bridge opens</h1>" + DECK + STORY + "<p>23.07.2024</p>" + STORY))
    assert meta.published is None
    # The deck's opening is still read for a dateline.
    dated = "<p>Pressemitteilung vom 25. Januar 2022 | Berlin – " + DECK[3:]
    assert meta_of(article("<h1>Bridge opens</h1>" + dated + STORY)).published == "2022-01-25"


def test_a_stamp_on_the_last_save_yields_to_the_headers_time_element() -> None:
    # Both stamps hold the day the page was last saved; the <time> under the headline shows
    # the day the paper appeared.
    ld = ('<script type="application/ld+json">{"@type": "Article", "headline": "Bridge opens",'
          ' "datePublished": "2025-05-01T05:10:15Z", "dateModified": "2025-05-01T05:10:15Z"}</script>')
    header = '<h1>Bridge opens</h1><p><time datetime="4/24/2000 12:00:00 AM">24 Apr 2000</time></p>'
    assert meta_of(article(header + STORY, ld)).published == "2000-04-24T00:00:00+00:00"
    # A <time> after the save day is no evidence of a re-save.
    header = '<h1>Bridge opens</h1><p><time datetime="2025-05-02">2 May 2025</time></p>'
    assert meta_of(article(header + STORY, ld)).published == "2025-05-01T05:10:15+00:00"


# --------------------------------------------------------------------------- update notices


@pytest.mark.parametrize(
    ("notice", "day"),
    [
        ("<p>Last updated: November 13, 2024</p>", "2024-11-13"),
        ("<div>Page last modified Jan. 17, 2025 @ 01:39 PM EST</div>", "2025-01-17"),
        ("<p>Zuletzt aktualisiert am 3. Mai 2025</p>", "2025-05-03"),
        ("<p>Dernière mise à jour le 4 mars 2025</p>", "2025-03-04"),
        ("<p>Última actualización: 5 de abril de 2025</p>", "2025-04-05"),
        ("<p>LAST MODIFIED: 6 May 2025</p>", "2025-05-06"),
        ("<p>ÚLTIMA MODIFICACIÓN: 7 de mayo de 2025</p>", "2025-05-07"),
        ("<p>Letzte Änderung: 8. Mai 2025</p>", "2025-05-08"),
        ("<p>Ultimo aggiornamento: 9 maggio 2025</p>", "2025-05-09"),
        ("<p>Laatst bijgewerkt: 10 mei 2025</p>", "2025-05-10"),
    ],
)
def test_a_last_updated_notice_dates_an_otherwise_undated_page(notice: str, day: str) -> None:
    meta = meta_of(article("<h1>Council approves the bridge</h1>" + STORY) + f"<footer>{notice}</footer>")
    assert meta.published is not None and meta.published.startswith(day)
    assert meta.modified == meta.published
    prov = meta.provenance["published"]
    assert prov.source == "page-text"
    assert prov.note is not None and "stands in" in prov.note


def test_a_last_updated_notice_never_overrides_a_published_date() -> None:
    head = '<meta property="article:published_time" content="2021-02-01">'
    meta = meta_of(article("<h1>Council approves the bridge</h1>" + STORY, head)
                   + "<footer>Last updated: November 13, 2024</footer>")
    assert meta.published == "2021-02-01"
    assert meta.provenance["published"].source != "page-text"


@pytest.mark.parametrize(
    "text",
    [
        "The plan was updated on 3 May 2024 after the vote.",  # no word for "last"
        "Last updated by the editors. The fair opened on 3 May 2024 in town.",  # date too far
        "The last modified car of 3 May 2024 won.",  # "last" is no label here
    ],
)
def test_an_update_mentioned_in_the_story_is_no_update_notice(text: str) -> None:
    assert update_notice(text, NOW) is None


def test_an_update_notice_gives_its_date_and_its_words() -> None:
    found = update_notice("The fair opened. Last updated on Friday, 3 May 2024 by staff", NOW)
    assert found is not None
    raw, value = found
    assert raw == "Last updated on Friday, 3 May 2024"
    assert value.day == date(2024, 5, 3)


@pytest.mark.parametrize(
    "text",
    [
        "Last\n   updated:\n\n\t November 13,\n 2024 by staff",
        "Story.\n\n  Last updated " + " " * 500 + "\n on 3 May 2024",  # a run longer than the window
        "Zuletzt\u00a0aktualisiert am\u00a0\u00a03. Mai 2024",
        "Last updated:" + " " * 80,  # nothing after the label
    ],
)
def test_an_update_notice_reads_unfolded_text_as_if_folded(text: str) -> None:
    # The page's text is searched without folding it whole (that would list every word).
    assert notice_of(text) == notice_of(" ".join(text.split()))
    assert notice_of(text) is not None or text.startswith("Last updated:")


@given(st.lists(st.sampled_from(["Last updated", ":", " ", "\n", "\u00a0", "\t", "3 May", "2024", "on", "x"]), max_size=60))
def test_update_notices_do_not_depend_on_whitespace_runs(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert notice_of(text) == notice_of(" ".join(text.split()))


def notice_of(text: str) -> tuple[str, date, int | None, int, int | None] | None:
    found = update_notice(text, NOW)
    if found is None:
        return None
    raw, value = found
    return raw, value.day, value.hour, value.minute, value.offset


def test_only_the_first_few_update_notices_are_read() -> None:
    undated = "Last updated: soon. " * MAX_UPDATE_NOTICES
    assert update_notice(undated + "Last updated: November 13, 2024", NOW) is None
    assert update_notice(undated[20:] + "Last updated: November 13, 2024", NOW) is not None
