"""Failure classes of story extraction on pages nobody tuned for, each pinned by a small page.

Golden pages (fixtures/hand-*) reproduce each class as a whole page; these tests pin the
mechanism behind each fix, so a change that breaks it names what it broke.
"""

from __future__ import annotations

import extractor
from extractor import ExtractOptions

PARAGRAPHS = [
    "The council approved the new budget on Tuesday after a debate that ran late into the night, "
    "with the final vote falling along party lines.",
    "Under the plan, spending on roads and bridges rises by a fifth, while the library service "
    "keeps its funding for a third year running.",
    "Opposition members said the increase would be paid for by cuts elsewhere that residents had "
    "not been told about, and asked for an independent review.",
    "The mayor rejected that, saying every line of the budget had been published in draft two "
    "months ago and discussed at four public meetings.",
]


def paragraphs(items: list[str]) -> str:
    return "".join(f"<p>{text}</p>" for text in items)


def test_react_streamed_segments_are_moved_into_the_story():
    # React streaming: the later sections arrive hidden at the end of the body, and a script
    # swaps each into its <template id="B:n"> placeholder.
    page = (
        "<html><body><article><h1>Council passes budget</h1>"
        f"{paragraphs(PARAGRAPHS[:2])}<template id='B:0'></template><p>Loading...</p>"
        "</article><footer>Footer</footer>"
        f"<div hidden id='S:0'>{paragraphs(PARAGRAPHS[2:])}</div>"
        "<script>$RC('B:0','S:0')</script></body></html>"
    )
    body = extractor.extract(page).body
    assert body.split("\n\n")[:4] == PARAGRAPHS


def test_a_hidden_block_that_no_placeholder_names_stays_hidden():
    page = (
        f"<html><body><article>{paragraphs(PARAGRAPHS[:3])}</article>"
        "<div hidden id='S:7'><p>A draft paragraph the reader never sees, long enough to be one.</p></div>"
        "</body></html>"
    )
    assert "draft paragraph" not in extractor.extract(page).body
