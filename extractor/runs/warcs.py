"""WARC files to one JSON Lines stream: in this process, or on a Dask cluster.

What ``extractor warc`` runs. Pages of a WARC are read in the process that extracts them
(`extractor.warc.LimitedFile`: a killable child under the per-page time limit), so bodies
never cross a pipe; every line is a record of `extractor.record` all the same. In this
process and on a cluster alike, each file or range goes through `WarcRoad`.
"""

from __future__ import annotations

import os
from typing import Sequence, TextIO

from ..options import ExtractOptions
from ..warc.batch import WarcRoad, run_warcs
from ..warc.ranges import DEFAULT_RECORDS_PER_TASK
from ..warc.readers import ReaderName, choose_reader
from ..warc.records import WarcStats

__all__ = ["WarcRoad", "run_warcs", "run_warcs_anywhere"]


def run_warcs_anywhere(
    paths: Sequence[str | os.PathLike[str]],
    out: TextIO,
    *,
    options: ExtractOptions | None = None,
    page_timeout: float | None = None,
    reader: ReaderName = "auto",
    workers: int | None = None,
    scheduler: str | None = None,
    records_per_task: int | None = DEFAULT_RECORDS_PER_TASK,
    progress: bool | None = None,
) -> WarcStats:
    """`run_warcs` in this process, or on a Dask cluster when ``workers`` (a local cluster of
    that many processes) or ``scheduler`` (an address) is given. On a cluster each file is cut
    into tasks of ``records_per_task`` records (None: one task per file; see `split_warc`).

    Raises:
        ImportError: a cluster was asked for but the ``dask`` extra is not installed.
        ValueError: an unknown ``reader``, or ``fastwarc`` asked for but not installed.
    """
    choose_reader(reader)
    if workers is None and scheduler is None:
        return run_warcs(paths, out, options=options, page_timeout=page_timeout, reader=reader,
                         progress=progress)
    from ..dask import run_warcs_on_cluster

    return run_warcs_on_cluster(paths, out, scheduler=scheduler, workers=workers,
                                options=options, page_timeout=page_timeout, reader=reader,
                                records_per_task=records_per_task, progress=progress)
