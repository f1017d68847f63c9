"""WARC input: extract every HTML response of a web archive, streaming.

    >>> from extractor import iter_warc
    >>> results = iter_warc("CC-MAIN-...-00000.warc.gz")
    >>> for result in results:
    ...     print(result.to_dict())
    >>> results.stats.summary()

Modules, in the order data flows through them:

* `readers`  splits the file into records (warcio, or FastWARC when installed);
* `ranges`   cuts a file into record ranges, so one large file can be spread over workers;
* `payload`  decides what is a page and undoes chunking and compression;
* `worker`   extracts a file's pages, in this process or in a killable child with a
  per-page time limit (`processes` starts those children and keeps idle ones for reuse;
  `progress` is the page mark that names the page a stopped child was on);
* `iterate`  ties them together as `iter_warc` and keeps the counts.
"""

from __future__ import annotations

from .errors import ContentDecodingError, ExtractorCrashedError, PageTimeoutError, WarcFormatError
from .iterate import WarcExtraction, iter_warc
from .processes import SpareProcesses
from .ranges import DEFAULT_RECORDS_PER_TASK, WarcRange, WarcSource, split_warc
from .readers import READER_NAMES, ReaderName, choose_reader
from .records import (
    ExtractFailure,
    JsonLine,
    Result,
    SkipReason,
    WarcPage,
    WarcStats,
    to_json_line,
)
from .worker import DEFAULT_PAGE_TIMEOUT, LimitedFile, Step, extract_page, file_steps

__all__ = [
    "DEFAULT_PAGE_TIMEOUT",
    "DEFAULT_RECORDS_PER_TASK",
    "READER_NAMES",
    "ContentDecodingError",
    "ExtractFailure",
    "ExtractorCrashedError",
    "JsonLine",
    "LimitedFile",
    "PageTimeoutError",
    "ReaderName",
    "Result",
    "SkipReason",
    "SpareProcesses",
    "Step",
    "WarcExtraction",
    "WarcFormatError",
    "WarcPage",
    "WarcRange",
    "WarcSource",
    "WarcStats",
    "choose_reader",
    "extract_page",
    "file_steps",
    "iter_warc",
    "split_warc",
    "to_json_line",
]
