"""What a WARC reader hands to extraction, what extraction hands back, and the counts kept.

A reader turns each WARC record into one of three things:

* a `WarcPage`: an HTML ``response`` with its URL, HTTP headers and decoded body bytes;
* a `SkippedRecord`: a record that is not a page to extract (a request, a PDF, a redirect);
* an `ExtractFailure`: a record that should have been a page but could not be read.

Extraction turns each `WarcPage` into an `Article` or an `ExtractFailure` (or, for a run
that only writes JSON Lines, into a `JsonLine`). All of these are frozen dataclasses, so they
pickle cleanly to a child process or a Dask worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping, Union

from ..article import Article
from ..record import ExtractFailure, Origin, article_line, failure_line


#: What extraction yields for each page.
Result = Union[Article, ExtractFailure]


def to_json_line(result: Result, origin: Origin) -> str:
    """One result as its record line (no trailing newline): see `extractor.record`."""
    if isinstance(result, ExtractFailure):
        return failure_line(result.at(origin))
    return article_line(result, origin)


@dataclass(frozen=True)
class JsonLine:
    """A page's result already turned into its JSON line (`to_json_line`) by the process that
    extracted it, for runs that only write JSON Lines (``as_json=True``).

    An `Article` is pickled and unpickled at every process boundary it crosses (extraction
    process, Dask worker, client): most of what those processes do per page, on cores the
    extraction needs. A line crosses as one string. ``failed`` keeps the counts right.
    """

    line: str
    failed: bool

    @classmethod
    def of(cls, result: Result, origin: Origin) -> JsonLine:
        return cls(to_json_line(result, origin), isinstance(result, ExtractFailure))


@dataclass(frozen=True)
class WarcPage:
    """An HTML response read from a WARC, ready for `extract`.

    ``headers`` are the HTTP response headers (their ``Content-Type`` gives the charset);
    ``body`` is the payload with transfer and content encodings already removed.
    """

    url: str | None
    headers: Mapping[str, str]
    body: bytes
    #: Where the record starts in the file (the ``run.offset`` of its line).
    offset: int | None = None


class SkipReason(str, Enum):
    """Why a record was not extracted."""

    #: A request, metadata, warcinfo, revisit or resource record: no page in it.
    NOT_RESPONSE = "not_response"
    #: A response whose status is not 2xx (a redirect, a 404 page): not the story.
    STATUS = "status"
    #: A response whose payload is an image, a PDF, a script, ...
    NOT_HTML = "not_html"


@dataclass(frozen=True)
class SkippedRecord:
    """A record passed over, with the reason (counted in `WarcStats`)."""

    url: str | None
    reason: SkipReason


@dataclass
class WarcStats:
    """Counts for one pass over one or more WARC files.

    ``records`` counts WARC records read; ``articles`` pages extracted (including pages with no
    story, whose ``is_article`` is False); ``failures`` `ExtractFailure` items yielded;
    ``skipped`` records passed over, by `SkipReason` value; ``bytes_read`` how far the reader got.

    Mutable on purpose: one instance belongs to one `WarcExtraction` and is updated as the
    iteration goes, so a caller can show it live or read it at the end.
    """

    records: int = 0
    articles: int = 0
    failures: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    bytes_read: int = 0

    @property
    def skipped_total(self) -> int:
        """All records passed over, whatever the reason."""
        return sum(self.skipped.values())

    def count_skip(self, reason: SkipReason) -> None:
        self.skipped[reason.value] = self.skipped.get(reason.value, 0) + 1

    def add(self, other: WarcStats) -> None:
        """Fold the counts of another pass (another file) into these."""
        self.records += other.records
        self.articles += other.articles
        self.failures += other.failures
        self.bytes_read += other.bytes_read
        for reason, count in other.skipped.items():
            self.skipped[reason] = self.skipped.get(reason, 0) + count

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "articles": self.articles,
            "failures": self.failures,
            "skipped": dict(sorted(self.skipped.items())),
            "bytes_read": self.bytes_read,
        }

    def summary(self) -> str:
        """One human line: ``120 records: 80 articles, 2 failed, 38 skipped (not_html 10, ...)``."""
        detail = ", ".join(f"{reason} {count}" for reason, count in sorted(self.skipped.items()))
        skipped = f"{self.skipped_total} skipped" + (f" ({detail})" if detail else "")
        done = f"{self.articles} articles, {self.failures} failed"
        return f"{self.records} records: {done}, {skipped}"
