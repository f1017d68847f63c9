"""The public surface is curated: changing it must be a deliberate, reviewed edit of this list."""

import subprocess
import sys

import pytest

import extractor

EXPECTED_ALL = {
    "Article",
    "Author",
    "Candidate",
    "DocumentTooComplexError",
    "DocumentTooDeepError",
    "DocumentTooLargeError",
    "DroppedBlock",
    "EmptyDocumentError",
    "ExtractError",
    "ExtractFailure",
    "ExtractOptions",
    "FetchError",
    "FetchOptions",
    "FetchResult",
    "Fetcher",
    "NotHTMLError",
    "Provenance",
    "Quote",
    "StoryImage",
    "StoryLink",
    "__version__",
    "extract",
    "fetch",
    "fetch_article",
    "fetch_many",
    "find_quotes",
    "iter_warc",
    "CrawlOptions",
    "Link",
    "SitemapLimits",
    "classify_page",
    "classify_url",
    "crawl",
    "find_feed_links",
    "parse_feed",
    "parse_sitemap",
}


def test_all_is_locked():
    assert set(extractor.__all__) == EXPECTED_ALL


def test_every_exported_name_exists():
    for name in extractor.__all__:
        assert hasattr(extractor, name), name


def test_errors_share_one_base():
    for name in ("DocumentTooComplexError", "DocumentTooDeepError", "DocumentTooLargeError", "EmptyDocumentError", "NotHTMLError"):
        assert issubclass(getattr(extractor, name), extractor.ExtractError)


def test_import_extractor_leaves_the_http_stack_unloaded_until_asked():
    # A pipeline that only calls extract() must not pay httpx's import time.
    code = (
        "import sys, extractor; before = 'httpx' in sys.modules; "
        "extractor.fetch; print(before, 'httpx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        extractor.nothing_here  # noqa: B018
