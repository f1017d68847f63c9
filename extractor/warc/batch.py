"""Many WARC files to one JSON Lines stream, with a progress bar: what ``extractor warc`` runs.

The files are read one after the other in this process (`run_warcs`). Spreading the same work
over a Dask cluster is `extractor.dask`; `extractor.runs.warcs` chooses between the two.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, Literal, Sequence, TextIO

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
from .iterate import iter_warc
from .processes import SpareProcesses
from .readers import ReaderName
from ..record import Origin
from .records import Result, WarcStats, to_json_line

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
    total = WarcStats()
    sizes = [_size(path) for path in paths]
    done = 0
    with progress_bar(
        sum(sizes), label="WARC", unit="bytes", enabled=progress
    ) as advance, SpareProcesses() as spare:
        for path, size in zip(paths, sizes):
            with iter_warc(path, options=options, page_timeout=page_timeout, reader=reader,
                           spare=spare, as_json=True) as run:
                for result in run:
                    write_results((result,), out, run.path)
                    advance(done + run.stats.bytes_read, os.path.basename(run.path))
            done += size
            total.add(run.stats)
            advance(done, f"{total.articles} articles")
    return total


def _size(path: str | os.PathLike[str]) -> int:
    try:
        return os.path.getsize(path)
    except OSError:  # reported as a failure record by iter_warc
        return 0
