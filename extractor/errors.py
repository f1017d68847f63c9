"""The exceptions news-extractor raises.

Callers catch one base class::

    ExtractError                 anything extract() refuses to work on
    ├── EmptyDocumentError       nothing but whitespace (or nothing at all)
    ├── NotHTMLError             binary data, a PDF, an image: not a web page
    ├── DocumentTooLargeError    over ExtractOptions.max_bytes
    ├── DocumentTooDeepError     nesting deeper than ExtractOptions.max_depth
    └── DocumentTooComplexError  markup that would cost the parser quadratic time

Every message says what was wrong with the input, so a batch log is enough to triage.
"""

from __future__ import annotations


class ExtractError(Exception):
    """Base class: the input could not be turned into an article."""


class EmptyDocumentError(ExtractError):
    """The input is empty or only whitespace."""


class NotHTMLError(ExtractError):
    """The input is binary or another format (PDF, image, archive), not HTML or text."""


class DocumentTooLargeError(ExtractError):
    """The input is larger than the configured ``max_bytes``."""


class DocumentTooDeepError(ExtractError):
    """The markup nests deeper than the configured ``max_depth``.

    Guarded before parsing: the parser's cost grows quadratically with depth, so a hostile
    page of 100,000 nested ``<div>`` elements would otherwise take minutes.
    """


class DocumentTooComplexError(ExtractError):
    """The markup has a shape whose parsing costs time growing with the square of its size.

    Guarded before parsing, like depth: thousands of attributes on one element, of
    attributes over repeated ``<body>`` or ``<html>`` tags, of options in one ``<select>``,
    or of formatting elements left open (see "Limits" in docs/extraction.md).
    """
