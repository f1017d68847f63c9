"""What the runner gives for each page: its article line, or its failure.

An `Extracted` holds the article line made where the page was extracted (a string crosses a
process boundary far more cheaply than an `Article`), and the article's own story verdict,
which the crawler keeps or drops the page by.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from ..options import ExtractOptions
from ..pipeline import extract
from ..record import ExtractFailure, article_line, failure_line
from .limit import call_with_limit
from .pages import Input


@dataclass(frozen=True)
class Extracted:
    """One page's article line (no newline) and whether a story body was found."""

    url: str | None
    line: str
    is_article: bool


#: The runner's answer for one page.
Outcome = Union[Extracted, ExtractFailure]


def line_of(outcome: Outcome) -> str:
    """The JSON line written for an outcome (no newline)."""
    return outcome.line if isinstance(outcome, Extracted) else failure_line(outcome)


def extract_outcome(page: Input, options: ExtractOptions, page_timeout: float | None) -> Outcome:
    """Extract one page within ``page_timeout`` seconds (None: no limit, in this thread).

    The page boundary: whatever the page raises becomes its failure record (``internal_error``
    and the exception's type when it is not an `ExtractError`), and the run goes on.
    """
    if isinstance(page, ExtractFailure):
        return page
    try:
        article = call_with_limit(
            lambda: extract(page.body, page.url, headers=page.headers, options=options), page_timeout
        )
        return Extracted(page.url, article_line(article, page.origin), article.is_article)
    except Exception as error:  # noqa: BLE001 - see the docstring
        return ExtractFailure.from_exception(page.url, error, page.origin)
