"""Every golden page still produces exactly its reviewed expected.json, which fits the schema.

A failure here is a behaviour change: if it is intended, run `python fixtures/regenerate.py NAME`
and review the diff of expected.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import FIXTURES, assert_valid_article, fixture_request

import extractor

PAGES = sorted(p.parent for p in FIXTURES.glob("*/source.html"))


def test_there_are_enough_golden_pages():
    assert len(PAGES) >= 30


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_golden_page(page: Path):
    request = fixture_request(page)
    article = extractor.extract(
        (page / "source.html").read_bytes(), request.get("url"), headers=request.get("headers")
    )
    actual = article.to_dict()
    assert_valid_article(actual)
    expected = json.loads((page / "expected.json").read_text(encoding="utf-8"))
    assert_valid_article(expected)
    for key in expected:
        assert actual[key] == expected[key], f"{page.name}: field {key!r} changed"
    assert actual == expected
