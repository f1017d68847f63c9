"""Failures specific to reading WARC files and running extraction under a time limit.

They extend the package's one hierarchy, so ``except ExtractError`` still catches everything::

    ExtractError
    ├── ContentDecodingError     a payload whose Content-Encoding or chunking is broken
    ├── WarcFormatError          the file stops being a WARC (truncated gzip, garbage)
    ├── PageTimeoutError         one page took longer than the per-page time limit
    └── ExtractorCrashedError    the extraction process died (out of memory, a signal)

In a batch they are not raised but recorded: each becomes an `ExtractFailure` whose
``error_type`` is the class name.
"""

from __future__ import annotations

from ..errors import ExtractError


class ContentDecodingError(ExtractError):
    """The HTTP payload could not be decoded (bad gzip/deflate data, unknown encoding)."""


class WarcFormatError(ExtractError):
    """The WARC file could not be read past this point; the records before it were kept."""


class PageTimeoutError(ExtractError):
    """Extraction of one page ran past the per-page time limit and was killed."""


class ExtractorCrashedError(ExtractError):
    """The process extracting a page died before answering; the page is recorded as failed."""
