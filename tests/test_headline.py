"""The headline when the page's ``<title>`` names only the site."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from selectolax.lexbor import LexborHTMLParser

from extractor.metadata import Metadata, read_metadata

NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)
STORY = "<p>" + "The council met on Tuesday to discuss the budget and the new bridge. " * 6 + "</p>"
HEADLINE = "Council approves the new bridge over the river"
# Several h1s (a section label, the story's, a widget's): no lone h1 stands for the headline.
H1S = f"<h1>Local</h1><article><h1>{HEADLINE}</h1>{STORY}</article><aside><h1>Top 10 most read stories</h1></aside>"


def meta_of(html: str, url: str | None = None) -> Metadata:
    return read_metadata(LexborHTMLParser(html), url, now=NOW)


def page(head: str, body: str = H1S) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("head", "url"),
    [
        ("<title>Brandon Sun Online</title>", "http://www.brandonsun.com/story.php?id=1"),
        ('<title>The Valley Courier</title><meta property="og:site_name" content="The Valley Courier">', None),
        ('<title>Valley Courier</title><meta name="application-name" content="Valley Courier">', None),
    ],
)
def test_a_title_that_is_only_the_site_name_yields_to_the_story_heading(head: str, url: str | None) -> None:
    meta = meta_of(page(head), url)
    assert meta.headline == HEADLINE
    assert meta.provenance["headline"].source == "heuristic"


def test_a_story_title_is_kept_when_the_page_has_several_h1s() -> None:
    meta = meta_of(page("<title>Budget talks stall again</title>"), "http://www.brandonsun.com/story.php?id=1")
    assert meta.headline == "Budget talks stall again"


def test_a_domain_prefix_in_a_longer_title_is_no_site_name() -> None:
    title = "<title>Brandon city council approves bridge plan</title>"
    meta = meta_of(page(title), "http://www.brandon.com/story.php?id=1")
    assert meta.headline == "Brandon city council approves bridge plan"


def test_a_site_title_over_label_headings_stays_the_site_name() -> None:
    body = "<h1>Local</h1><h1>News</h1>" + STORY  # labels, not a story's heading
    meta = meta_of(page("<title>Brandon Sun Online</title>", body), "http://www.brandonsun.com/")
    assert meta.headline == "Brandon Sun Online"
