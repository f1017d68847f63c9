"""The peer extractors the benches compare with, and the settings each comparison uses.

One place for them, so that the speed bench times the very calls whose accuracy the accuracy
bench scores.
"""

from __future__ import annotations

from typing import Any, Callable

#: trafilatura doing the work `extractor.extract` does: the story with its tables, without
#: reader comments, and the metadata (title, author, date, ...) in a JSON document.
TRAFILATURA_ARTICLE: dict[str, Any] = {
    "output_format": "json",
    "with_metadata": True,
    "include_tables": True,
    "include_comments": False,
}

#: trafilatura as called with nothing but the page, ``trafilatura.extract(html)``: the story's
#: text with its tables and the readers' comments, without metadata.
TRAFILATURA_DEFAULT: dict[str, Any] = {}

#: trafilatura's cheapest useful call: the story's text alone, without metadata or comments.
#: Less work than ours; timed beside the others so that no figure is shown without the rest.
TRAFILATURA_TEXT: dict[str, Any] = {"include_tables": True, "include_comments": False}


def trafilatura_calls() -> dict[str, Callable[..., str | None]]:
    """``trafilatura.extract`` bound to each setting above, by name; empty when trafilatura is
    not installed (it comes with the ``bench`` extra)."""
    try:
        import trafilatura
    except ImportError:
        return {}

    def bound(settings: dict[str, Any]) -> Callable[..., str | None]:
        return lambda html, url=None: trafilatura.extract(html, url=url, **settings)

    return {
        "article": bound(TRAFILATURA_ARTICLE),
        "default": bound(TRAFILATURA_DEFAULT),
        "text": bound(TRAFILATURA_TEXT),
    }
