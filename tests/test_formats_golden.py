"""Golden pages with an ``expected.md``: the story still renders to exactly that Markdown.

A failure is a rendering change: if it is intended, run
`python fixtures/regenerate.py NAME` and review the diff of expected.md.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Callable

import pytest
from support import FIXTURES


def _regenerate_page_markdown() -> Callable[[Path], str]:
    """`page_markdown` of fixtures/regenerate.py, the one function that writes expected.md."""
    spec = importlib.util.spec_from_file_location("regenerate", FIXTURES / "regenerate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    function: Callable[[Path], str] = module.page_markdown
    return function


page_markdown = _regenerate_page_markdown()

MARKDOWN_PAGES = sorted(p.parent for p in FIXTURES.glob("*/expected.md"))


def test_enough_golden_pages_have_markdown():
    assert len(MARKDOWN_PAGES) >= 10


@pytest.mark.parametrize("page", MARKDOWN_PAGES, ids=[p.name for p in MARKDOWN_PAGES])
def test_golden_markdown(page: Path):
    assert page_markdown(page) == (page / "expected.md").read_text(encoding="utf-8"), f"{page.name}: expected.md changed"
