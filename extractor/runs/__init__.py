"""Batch runs: every source yields `Page` objects, one `Runner` extracts them, every line is
one record (`extractor.record`).

Modules, in the order data flows: `pages` (the `Page` and the file sources), `fetching` (URL
lists through the fetcher), `limit` and `pool` (the per-page time limit in this process and in
child processes), `outcome` and `runner` (extraction), `output` (safe appends, resume),
`warcs` (WARC files, locally or on Dask).
"""

from __future__ import annotations

from .outcome import Extracted, Outcome, extract_outcome, line_of
from .pages import Input, Page, expand_sources, file_page, file_pages
from .runner import Runner

__all__ = [
    "Extracted",
    "Input",
    "Outcome",
    "Page",
    "Runner",
    "expand_sources",
    "extract_outcome",
    "file_page",
    "file_pages",
    "line_of",
]
