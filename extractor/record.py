"""The one record format of every batch run: an article line or a failure line.

Every command that writes JSON Lines (``extract`` over files, ``fetch``, ``crawl``, ``warc``,
the Dask functions) writes exactly these two shapes, pinned by ``docs/record.schema.json``:

* an article line: the `Article`'s keys plus ``run``, where the page came from (`Origin`);
* a failure line: ``{"url", "error": {"code", "type", "message"}, "run"}``.

``error.code`` is one of `ERROR_CODES` (the table in the README); ``error.type`` names the
exception or, for a download that failed, ``FetchError``. This module imports nothing but the
article model, so the fetcher, the WARC reader and the runner can all share it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from .article import Article

#: Codes of a failed download (`extractor.fetcher.ERROR_CODES` is the same list).
FETCH_CODES = (
    "timeout",
    "too_large",
    "robots_disallowed",
    "http_status",
    "dns",
    "connect",
    "tls",
    "too_many_redirects",
    "blocked_address",
    "not_html",
    "decode",
    "invalid_url",
)

#: The exception class names a page can fail with, and the code each is recorded under.
#: Names, not classes: a failure crosses process boundaries as text.
CODE_OF_TYPE: Mapping[str, str] = {
    "EmptyDocumentError": "empty_document",
    "NotHTMLError": "not_html",
    "DocumentTooLargeError": "too_large",
    "DocumentTooDeepError": "too_deep",
    "DocumentTooComplexError": "too_complex",
    "ContentDecodingError": "decode",
    "WarcFormatError": "warc_format",
    "PageTimeoutError": "page_timeout",
    "ExtractorCrashedError": "worker_crashed",
    "OSError": "unreadable",
    "FileNotFoundError": "unreadable",
    "PermissionError": "unreadable",
    "IsADirectoryError": "unreadable",
}

#: Codes of a site that could not be crawled at all (``crawl`` summaries and ``--status``).
SITE_CODES = ("no_feed_or_sitemap",)

#: Anything else raised while handling one page: a bug, recorded so the run goes on.
INTERNAL_ERROR = "internal_error"

ERROR_CODES: tuple[str, ...] = tuple(
    dict.fromkeys((*FETCH_CODES, *CODE_OF_TYPE.values(), *SITE_CODES, INTERNAL_ERROR))
)

#: Codes worth another attempt on ``--resume``: the next try may well succeed.
TRANSIENT_CODES = frozenset(
    {"timeout", "connect", "dns", "tls", "page_timeout", "worker_crashed", INTERNAL_ERROR}
)


def code_for(error_type: str) -> str:
    """The code recorded for an exception named ``error_type`` (`INTERNAL_ERROR` if unknown)."""
    return CODE_OF_TYPE.get(error_type, INTERNAL_ERROR)


@dataclass(frozen=True)
class Origin:
    """Where a page came from: the ``run`` object of its line.

    ``source`` is the file path, the URL asked for, or the WARC file (``offset``: where the
    record starts in it). ``fetch`` holds the download's facts (status, final URL, timing),
    ``crawl`` the crawl's (site, time fetched).
    """

    source: str
    offset: int | None = None
    fetch: Mapping[str, Any] | None = None
    crawl: Mapping[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source}
        for key in ("offset", "fetch", "crawl"):
            value = getattr(self, key)
            if value is not None:
                out[key] = dict(value) if isinstance(value, Mapping) else value
        return out


@dataclass(frozen=True)
class ExtractFailure:
    """One page (or whole input) that gave no article, and why.

    ``error_type`` names the exception (``NotHTMLError``, ``PageTimeoutError``...) or
    ``FetchError``; ``code`` is the stable code (`ERROR_CODES`) a script should branch on.
    """

    url: str | None
    error_type: str
    message: str
    origin: Origin | None = None
    code: str = field(default="")

    def __post_init__(self) -> None:
        if not self.code:
            object.__setattr__(self, "code", code_for(self.error_type))

    @classmethod
    def from_exception(
        cls, url: str | None, error: BaseException, origin: Origin | None = None
    ) -> ExtractFailure:
        """The failure recorded for ``error`` raised while handling ``url``."""
        return cls(url=url, error_type=type(error).__name__, message=str(error), origin=origin)

    def at(self, origin: Origin) -> ExtractFailure:
        """This failure with its origin (kept when it already has one)."""
        return self if self.origin is not None else replace(self, origin=origin)

    def to_dict(self) -> dict[str, Any]:
        origin = self.origin or Origin(self.url or "")
        error = {"code": self.code, "type": self.error_type, "message": self.message}
        return {"url": self.url, "error": error, "run": origin.to_dict()}


#: The short name the runner's docs use.
Failure = ExtractFailure


def article_record(article: Article, origin: Origin) -> dict[str, Any]:
    """An article line's data: the article's keys plus ``run``."""
    return {**article.to_dict(), "run": origin.to_dict()}


def article_line(article: Article, origin: Origin) -> str:
    """An article line (no newline), UTF-8 characters kept."""
    return json.dumps(article_record(article, origin), ensure_ascii=False)


def failure_line(failure: ExtractFailure) -> str:
    """A failure line (no newline), UTF-8 characters kept."""
    return json.dumps(failure.to_dict(), ensure_ascii=False)
