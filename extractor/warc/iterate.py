"""`iter_warc`: one WARC file in, a stream of articles and failures out, with counts."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any, Generator, Generic, Iterable, Iterator, Literal, TypeVar, overload

from ..options import ExtractOptions
from .processes import SpareProcesses
from .ranges import WarcSource, as_range
from .readers import ReaderName, choose_reader
from .records import ExtractFailure, JsonLine, Result, SkippedRecord, WarcStats
from .worker import LimitedFile, Step, file_steps

_DEFAULT_OPTIONS = ExtractOptions()

#: What a `WarcExtraction` yields: `Result` objects, or their JSON lines (``as_json=True``).
Output = TypeVar("Output")


class WarcExtraction(Iterator[Output], Generic[Output]):
    """The iterator `iter_warc` returns: results one by one, and ``stats`` kept up to date.

    ``stats.records`` counts WARC records read, ``stats.skipped`` the records passed over by
    reason (``not_response``, ``status``, ``not_html``), ``stats.articles`` and
    ``stats.failures`` what was yielded, and ``stats.bytes_read`` how far into the file (or
    past the start of the range) the reader is (for progress bars). Closing it (or leaving a ``with`` block) stops the
    extraction process, if one was started.
    """

    def __init__(
        self,
        source: WarcSource,
        *,
        options: ExtractOptions | None = None,
        page_timeout: float | None = None,
        reader: ReaderName = "auto",
        spare: SpareProcesses | None = None,
        as_json: bool = False,
    ) -> None:
        self.range = as_range(source)
        self.path = self.range.path
        self.stats = WarcStats()
        self._results = self._run(options or _DEFAULT_OPTIONS, page_timeout, reader, spare, as_json)

    def __iter__(self) -> WarcExtraction[Output]:
        return self

    def __next__(self) -> Output:
        return next(self._results)

    def __enter__(self) -> WarcExtraction[Output]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop early and release the file and the extraction process."""
        self._results.close()

    def _run(
        self, options: ExtractOptions, page_timeout: float | None, reader: ReaderName,
        spare: SpareProcesses | None, as_json: bool,
    ) -> Generator[Any, None, None]:
        with ExitStack() as stack:
            steps: Iterable[Step]
            if page_timeout is None:
                steps = file_steps(self.range, options, reader, as_json=as_json)
            else:
                steps = stack.enter_context(LimitedFile(
                    self.range, options, reader, page_timeout, spare=spare, as_json=as_json
                ))
            for step in steps:
                self.stats.bytes_read = max(self.stats.bytes_read, self._range_bytes(step))
                result = self._count(step)
                if result is not None:
                    yield result

    def _range_bytes(self, step: Step) -> int:
        """Bytes of the range read so far: counted from its start and capped at its end (the
        reader reads ahead), so the ranges of a file add up to the file's size."""
        end = self.range.end
        position = step.bytes_read if end is None else min(step.bytes_read, end)
        return max(position - self.range.offset, 0)

    def _count(self, step: Step) -> Result | str | None:
        stats = self.stats
        stats.records += int(step.record)
        event = step.event
        if isinstance(event, SkippedRecord):
            stats.count_skip(event.reason)
            return None
        result: Result | str
        if isinstance(event, JsonLine):
            failed, result = event.failed, event.line
        else:
            failed, result = isinstance(event, ExtractFailure), event
        if failed:
            stats.failures += 1
        else:
            stats.articles += 1
        return result


@overload
def iter_warc(
    path: WarcSource, *, options: ExtractOptions | None = None, page_timeout: float | None = None,
    reader: ReaderName = "auto", spare: SpareProcesses | None = None,
    as_json: Literal[False] = False,
) -> WarcExtraction[Result]: ...


@overload
def iter_warc(
    path: WarcSource, *, options: ExtractOptions | None = None, page_timeout: float | None = None,
    reader: ReaderName = "auto", spare: SpareProcesses | None = None, as_json: Literal[True],
) -> WarcExtraction[str]: ...


@overload
def iter_warc(
    path: WarcSource, *, options: ExtractOptions | None = None, page_timeout: float | None = None,
    reader: ReaderName = "auto", spare: SpareProcesses | None = None, as_json: bool,
) -> WarcExtraction[Result | str]: ...


def iter_warc(
    path: WarcSource,
    *,
    options: ExtractOptions | None = None,
    page_timeout: float | None = None,
    reader: ReaderName = "auto",
    spare: SpareProcesses | None = None,
    as_json: bool = False,
) -> WarcExtraction[Any]:
    """Extract every HTML response of a ``.warc`` or ``.warc.gz`` file, streaming.

    Each HTML ``response`` record is extracted with its HTTP headers (for the charset) and its
    ``WARC-Target-URI`` (as the URL). Requests, metadata, non-2xx responses and non-HTML
    payloads are skipped and counted in ``.stats``. A record that cannot be decoded or
    extracted, or a file that stops being readable, yields an `ExtractFailure`; nothing raises.

    Args:
        path: the WARC file (gzip per record or whole, or uncompressed): a local path, or a
            URL read through fsspec (``s3://...``, ``https://...``; see `readers.open_warc`).
            Or a `WarcRange` from `split_warc`: only those records (a task's share of a file).
        options: see `ExtractOptions`.
        page_timeout: seconds one page may take; when set, extraction runs in a child process
            that is killed past the limit (the page becomes a ``PageTimeoutError`` failure).
            None (the default) extracts in this process, which is fastest.
        reader: ``auto`` (FastWARC when installed), ``warcio`` or ``fastwarc``.
        spare: with ``page_timeout``, take the extraction process from this pool and give it
            back at the end, so that reading many files or ranges in turn starts one process,
            not one each (see `SpareProcesses`).
        as_json: yield each article or failure as its JSON line (`to_json_line`), made where
            it was extracted. For a run that only writes JSON Lines: with ``page_timeout``,
            a line costs the two processes far less than an `Article` does (`JsonLine`).

    Returns:
        A `WarcExtraction`: iterate it for `Article` and `ExtractFailure` items (``str``
        lines with ``as_json``); its ``stats`` attribute holds the counts.

    Raises:
        ValueError: an unknown ``reader``, or ``fastwarc`` asked for but not installed.
    """
    choose_reader(reader)  # fail now, not at the first next()
    return WarcExtraction(path, options=options, page_timeout=page_timeout, reader=reader,
                          spare=spare, as_json=as_json)
