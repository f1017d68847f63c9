"""Many WARC files to one JSON Lines stream, with a progress bar: what ``extractor warc`` runs.

`WarcRoad` is the one way a file or range of a WARC is extracted in a batch run: the
``warc`` command reads its files through it one after the other in this process
(`run_warcs`), and every Dask task of `extractor.dask` reads its range through it, so both
have the same per-page limit, the same failure records and the same lines.
`extractor.runs.warcs` chooses between this process and a cluster.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Literal, Sequence, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from ..options import ExtractOptions
from ..record import Origin
from .errors import ExtractorCrashedError
from .iterate import WarcExtraction, iter_warc
from .processes import SpareProcesses
from .ranges import WarcRange, WarcSource
from .readers import ReaderName
from .records import ExtractFailure, Result, WarcStats, to_json_line

#: ``(completed, description)`` -> None: how a runner reports progress.
Advance = Callable[[float, str], None]


@contextmanager
def progress_bar(
    total: float, *, label: str, unit: Literal["bytes", "files"], enabled: bool | None = None
) -> Iterator[Advance]:
    """A rich progress bar on stderr; silent when stderr is not a terminal (logs, pipes, CI).

    Yields a function taking the amount completed so far (bytes or files, per ``unit``) and a
    short status text.
    """
    console = Console(stderr=True)
    show = console.is_terminal if enabled is None else enabled
    amount = DownloadColumn() if unit == "bytes" else MofNCompleteColumn()
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), amount, TimeRemainingColumn())
    with Progress(*columns, console=console, disable=not show, transient=False) as progress:
        task = progress.add_task(label, total=total)

        def advance(completed: float, description: str) -> None:
            progress.update(task, completed=completed, description=description)

        yield advance


def write_results(results: Iterable[Result | str], out: TextIO, source: str) -> None:
    """Write results of the WARC file ``source`` as JSON Lines, one per page (a ``str`` is a
    line made already)."""
    for result in results:
        out.write(result if isinstance(result, str) else to_json_line(result, Origin(source)))
        out.write("\n")


@dataclass(frozen=True)
class WarcRangeResult:
    """Everything one range (or whole file) gave: its results in file order (their JSON lines
    when asked ``as_json``), and its counts."""

    range: WarcRange
    results: list[Result | str]
    stats: WarcStats


@dataclass
class WarcRoad:
    """Extracts WARC files or ranges one after another, each page under ``page_timeout``
    (seconds, in a killable child process; None: in this process, no limit), and keeps the
    counts of all of them in ``stats``. With ``spare``, the child of one file or range goes on
    to the next. ``as_json``: results as their JSON lines (see `iter_warc`).
    """

    options: ExtractOptions | None = None
    page_timeout: float | None = None
    reader: ReaderName = "auto"
    spare: SpareProcesses | None = None
    as_json: bool = False
    stats: WarcStats = field(default_factory=WarcStats)

    def open(self, source: WarcSource) -> WarcExtraction[Any]:
        """The results of one file or range, streaming (close it when stopping early)."""
        return iter_warc(source, options=self.options, page_timeout=self.page_timeout,
                         reader=self.reader, spare=self.spare, as_json=self.as_json)

    def extract(self, source: WarcSource) -> WarcRangeResult:
        """Every result of one file or range; never raises for bad data."""
        with self.open(source) as run:
            results: list[Result | str] = list(run)
        self.stats.add(run.stats)
        return WarcRangeResult(range=run.range, results=results, stats=run.stats)

    def extract_all(self, sources: Iterable[WarcSource]) -> list[Result | str]:
        """Every result of ``sources``, in order."""
        return [result for source in sources for result in self.extract(source).results]


def lost_range(part: WarcRange, error: BaseException) -> WarcRangeResult:
    """The result of a range whose task the cluster lost for good (its worker died too often):
    one failure naming the file and range, recorded as a crashed extraction process is."""
    crash = ExtractorCrashedError(
        f"{part.label()}: the worker running it died ({type(error).__name__}: {error})"
    )
    failure = ExtractFailure.from_exception(None, crash, Origin(part.path, part.offset))
    return WarcRangeResult(range=part, results=[failure], stats=WarcStats(failures=1))


def run_warcs(
    paths: Sequence[str | os.PathLike[str]],
    out: TextIO,
    *,
    options: ExtractOptions | None = None,
    page_timeout: float | None = None,
    reader: ReaderName = "auto",
    progress: bool | None = None,
) -> WarcStats:
    """Extract every HTML page of ``paths`` in this process and write JSON Lines to ``out``.

    The progress bar counts bytes read (``progress=None``: only when stderr is a terminal).
    Returns the counts over all files.
    """
    sizes = [_size(path) for path in paths]
    done = 0
    with progress_bar(
        sum(sizes), label="WARC", unit="bytes", enabled=progress
    ) as advance, SpareProcesses() as spare:
        road = WarcRoad(options, page_timeout, reader, spare, as_json=True)
        for path, size in zip(paths, sizes):
            with road.open(path) as run:
                for result in run:
                    write_results((result,), out, run.path)
                    advance(done + run.stats.bytes_read, os.path.basename(run.path))
            done += size
            road.stats.add(run.stats)
            advance(done, f"{road.stats.articles} articles")
    return road.stats


def _size(path: str | os.PathLike[str]) -> int:
    try:
        return os.path.getsize(path)
    except OSError:  # reported as a failure record by iter_warc
        return 0
