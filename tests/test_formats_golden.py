"""Golden pages with an ``expected.md``: the story still renders to exactly that Markdown.

A failure is a rendering change: if it is intended, run
`python fixtures/regenerate.py NAME` and review the diff of expected.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from support import FIXTURES

sys.path.insert(0, str(FIXTURES))
from regenerate import page_markdown  # noqa: E402

MARKDOWN_PAGES = sorted(p.parent for p in FIXTURES.glob("*/expected.md"))


def test_enough_golden_pages_have_markdown():
    assert len(MARKDOWN_PAGES) >= 10


@pytest.mark.parametrize("page", MARKDOWN_PAGES, ids=[p.name for p in MARKDOWN_PAGES])
def test_golden_markdown(page: Path):
    assert page_markdown(page) == (page / "expected.md").read_text(encoding="utf-8"), f"{page.name}: expected.md changed"
