"""Scale out on Dask: WARC extraction as a bag, and host-partitioned fetching that resumes.

Optional: ``pip install "news-extractor[dask]"`` (dask[bag] + distributed). Not imported by
``import extractor``.

* `extract_warcs` -> a ``dask.bag.Bag`` of `Article` / `ExtractFailure`, one partition per
  record range (`extractor.warc.split_warc`: about ``records_per_task`` records of one file),
  in input order. Works on any scheduler: threads, processes, a ``distributed`` cluster.
* `fetch_urls` -> a bag of `PartitionReport`. URLs are partitioned BY HOST, so every URL of a
  host is fetched by one partition's fetcher and per-host politeness (delay, robots.txt,
  Crawl-delay) needs no coordination between workers. Each partition writes its own
  ``part-NNNNN.warc.gz`` and ``part-NNNNN.jsonl`` into the output directory and then, last and
  atomically, ``part-NNNNN.done``; a rerun after a crash skips every partition with a marker.
* `run_warcs_on_cluster` is what ``extractor warc --workers N / --scheduler ADDR`` runs.

Every task reads its range on the road the ``warc`` command takes (`extractor.warc.batch.WarcRoad`):
each page under the per-page time limit of `extractor.warc.LimitedFile` (a child process,
killed when a page overruns, and kept between tasks when its job ended normally), so one
pathological page costs the same failure record as in the command, never a stuck worker.
A task the cluster loses for good is one ``worker_crashed`` record for its range. When a worker process
dies, ``distributed`` reruns the tasks it held elsewhere: results are per range (or per
partition), so a rerun produces no duplicates, and finished tasks whose results are safe are
not redone.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence, TextIO

try:
    import anyio
    import dask
    import dask.bag as db
    from dask.base import compute
    from dask.delayed import delayed
    from distributed import Client, Future, LocalCluster, as_completed
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        'extractor.dask needs the "dask" extra: pip install "news-extractor[dask]"'
    ) from error

from extractor.fetcher import FetchOptions
from extractor.fetcher.client import host_key
from extractor.options import ExtractOptions
from extractor.record import FETCH_CODES
from extractor.runs.fetching import fetch_to_jsonl
from extractor.warc import (
    DEFAULT_PAGE_TIMEOUT,
    DEFAULT_RECORDS_PER_TASK,
    ReaderName,
    Result,
    SpareProcesses,
    WarcRange,
    WarcSource,
    WarcStats,
    choose_reader,
    split_warc,
)
from extractor.warc.batch import WarcRangeResult, WarcRoad, lost_range, progress_bar, write_results
from extractor.warc.ranges import check_records_per_task

#: Partitions `fetch_urls` splits URLs into when not told. Enough to keep a few dozen worker
#: threads busy; each partition is one fetcher with its own connection pool.
DEFAULT_FETCH_PARTITIONS = 32

#: Digits in partition file names (``part-00042.jsonl``); sorts correctly up to 100,000.
PARTITION_DIGITS = 5

#: Where a local cluster serves its dashboard: any free port, so that several local clusters
#: on one machine do not fight over the default 8787.
LOCAL_DASHBOARD_ADDRESS = ":0"

#: Dask settings of the local clusters `cluster_client` starts. A worker's statistical
#: profiler (for the dashboard's Profile page) samples every thread's stack 100 times a
#: second; while extracting, that is 3-4% of a core per worker, taken from the extraction
#: processes when the workers have no core to spare. An existing cluster keeps its own
#: settings (``distributed.worker.profile.enabled`` in its Dask configuration).
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {"distributed.worker.profile.enabled": False}

#: Suffix of a file being written; renamed to its final name only when complete.
PARTIAL_SUFFIX = ".partial"

#: The extraction processes of the per-page time limit that this worker process keeps between
#: tasks. A task is a range of a few hundred records (`DEFAULT_RECORDS_PER_TASK`); starting a
#: process for each would cost about 0.2 CPU seconds a task. The one piece of state kept across tasks: idle processes, not
#: data (each job carries its file, options and reader), so no result depends on what ran
#: before. Idle processes exit when this process does (their job pipe reads end-of-file).
_WORKER_PROCESSES = SpareProcesses()
atexit.register(_WORKER_PROCESSES.close)


# --------------------------------------------------------------------------------------------
# WARC files


def _road(
    options: ExtractOptions | None, page_timeout: float | None, reader: ReaderName, as_json: bool
) -> WarcRoad:
    """The road every WARC task of this worker process takes, with its kept processes."""
    return WarcRoad(options, page_timeout, reader, _WORKER_PROCESSES, as_json)


def extract_warc_range(
    source: WarcSource,
    *,
    options: ExtractOptions | None = None,
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
    reader: ReaderName = "auto",
    as_json: bool = False,
) -> WarcRangeResult:
    """Extract one range of a WARC file, or a whole file (a Dask task's unit of work), on the
    same road as the ``warc`` command (`WarcRoad`). Never raises for bad data. ``as_json``:
    results as JSON lines (see `iter_warc`)."""
    return _road(options, page_timeout, reader, as_json).extract(source)


def _extract_partition(
    ranges: Iterable[WarcRange], options: ExtractOptions | None, page_timeout: float | None,
    reader: ReaderName, as_json: bool,
) -> list[Result | str]:
    return _road(options, page_timeout, reader, as_json).extract_all(ranges)


def plan_warc_tasks(
    paths: Sequence[str | os.PathLike[str]],
    records_per_task: int | None = DEFAULT_RECORDS_PER_TASK,
    reader: ReaderName = "auto",
) -> list[WarcRange]:
    """The ranges `extract_warcs` makes tasks of, in input order (file order, then record order).

    Runs `split_warc` over the files now, one task per file on the current Dask scheduler (with
    a ``Client``, on its cluster, where the files are readable). ``records_per_task=None``
    skips that pass: one whole-file range per path.
    """
    names = [os.fspath(path) for path in paths]
    if records_per_task is None:
        return [WarcRange(name) for name in names]
    check_records_per_task(records_per_task)
    choose_reader(reader)
    split = [delayed(split_warc, pure=False)(name, records_per_task, reader) for name in names]
    per_file: tuple[list[WarcRange], ...] = compute(*split)  # type: ignore[no-untyped-call]
    return [part for ranges in per_file for part in ranges]


def extract_warcs(
    paths: Sequence[str | os.PathLike[str]],
    *,
    options: ExtractOptions | None = None,
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
    reader: ReaderName = "auto",
    records_per_task: int | None = DEFAULT_RECORDS_PER_TASK,
    as_json: bool = False,
) -> db.Bag:
    """A bag of every `Article` and `ExtractFailure` in ``paths``, in input order (file order,
    then record order), whatever the number of workers. With ``as_json``, a bag of their JSON
    lines (`to_json_line`), made in the extraction processes: the cheapest way to write JSON
    Lines (``bag.to_textfiles(...)``), since no `Article` is pickled from process to process.

    Each file is cut into ranges of ``records_per_task`` records (`split_warc`) and each range
    is one partition, so a few large files spread over all workers. The cheap pass that finds
    where records start runs when this is called (one task per file, see `plan_warc_tasks`);
    the extraction runs when the bag is computed. A file that cannot be cut (one gzip stream)
    is one partition. ``records_per_task=None`` makes every file one partition and skips the
    pass, which reads each file once more: free for local files in the page cache, a second
    download for remote ones, so worth skipping when there are many more files than workers.

    Paths must be readable where the workers run: local paths on one machine or a shared file
    system, or URLs read through fsspec (``s3://commoncrawl/crawl-data/...`` with ``s3fs``).
    ``page_timeout`` (seconds) kills and records as failed any page
    that takes longer; None extracts in the worker process itself, with no limit.

        bag = extract_warcs(paths)
        bag.filter(lambda r: isinstance(r, Article)).map(Article.to_dict).to_textfiles(...)
        extract_warcs(paths, as_json=True).to_textfiles("out/*.jsonl")  # every result
    """
    ranges = _one_per_partition(plan_warc_tasks(paths, records_per_task, reader))
    pages: db.Bag = ranges.map_partitions(  # type: ignore[no-untyped-call]
        _extract_partition, options, page_timeout, reader, as_json
    )
    return pages


def _one_per_partition(items: Sequence[Any]) -> db.Bag:
    """A bag with one item per partition: each range or host group is one task."""
    bag: db.Bag = db.from_sequence(  # type: ignore[no-untyped-call]
        items, npartitions=max(len(items), 1)
    )
    return bag


@contextmanager
def cluster_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client for ``scheduler`` (``tcp://host:8786``), or for a new local cluster of
    ``workers`` processes with one thread each (extraction is CPU-bound and holds the GIL),
    set up with `LOCAL_CLUSTER_CONFIG`."""
    if scheduler is not None:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    with dask.config.set(LOCAL_CLUSTER_CONFIG):  # the workers take it when they are started
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers or 1, threads_per_worker=1, processes=True,
            dashboard_address=LOCAL_DASHBOARD_ADDRESS,
        )
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


def run_warcs_on_cluster(
    paths: Sequence[str | os.PathLike[str]],
    out: TextIO,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    options: ExtractOptions | None = None,
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
    reader: ReaderName = "auto",
    records_per_task: int | None = DEFAULT_RECORDS_PER_TASK,
    progress: bool | None = None,
) -> WarcStats:
    """Extract WARC files on a Dask cluster, writing JSON Lines to ``out`` in input order.

    Each file's `split_warc` pass is a task; as soon as one is done, its ranges are submitted,
    so extraction starts before every file is indexed (``records_per_task=None``: no pass,
    one task per file). Results are gathered as tasks finish (a worker dying later cannot take
    them along) and written in file order, then record order, so the output is the same
    whatever the number of workers. A task that fails for
    good (its worker died more often than ``distributed.scheduler.allowed-failures``) becomes
    one failure line naming the file and range; a file whose pass fails that way is read whole.
    """
    names = [os.fspath(path) for path in paths]
    choose_reader(reader)
    if records_per_task is not None:
        check_records_per_task(records_per_task)
    writer = _InOrderWriter(out, len(names))
    with cluster_client(scheduler, workers) as client, progress_bar(
        len(names), label="WARC files", unit="files", enabled=progress
    ) as advance:
        finished = as_completed()  # type: ignore[no-untyped-call]
        plans: dict[Future[list[WarcRange]], int] = {}
        ranges: dict[Future[WarcRangeResult], tuple[int, int, WarcRange]] = {}

        def submit_ranges(file: int, parts: list[WarcRange]) -> None:
            writer.expect(file, len(parts))
            for number, part in enumerate(parts):
                task = client.submit(extract_warc_range, part, options=options,
                                     page_timeout=page_timeout, reader=reader, as_json=True,
                                     priority=-file, pure=False)
                ranges[task] = (file, number, part)
                finished.add(task)  # type: ignore[no-untyped-call]

        for file, name in enumerate(names):
            if records_per_task is None:
                submit_ranges(file, [WarcRange(name)])
                continue
            # Earlier files first (higher priority): a file's ranges go before later files'
            # passes, so output streams out instead of waiting behind every file's pass.
            plan = client.submit(split_warc, name, records_per_task, reader, priority=-file,
                                 pure=False)
            plans[plan] = file
            finished.add(plan)  # type: ignore[no-untyped-call]
        for future in finished:
            if future in plans:
                file = plans.pop(future)
                submit_ranges(file, _planned(future, names[file]))
            else:
                file, number, part = ranges.pop(future)
                writer.done(file, number, _range_result(future, part))
            future.release()
            advance(writer.files_written, f"{writer.total.articles} articles")
    return writer.total


class _InOrderWriter:
    """Writes range results in input order, holding back those that finish early.

    Files are numbered in input order and their ranges in file order; a range is written once
    every range before it is, so the output does not depend on which worker was quicker.
    """

    def __init__(self, out: TextIO, files: int) -> None:
        self.out = out
        self.total = WarcStats()
        self.files_written = 0
        self._files = files
        self._ranges: dict[int, int] = {}
        self._waiting: dict[tuple[int, int], WarcRangeResult] = {}
        self._next_range = 0

    def expect(self, file: int, ranges: int) -> None:
        """File number ``file`` was cut into ``ranges`` ranges."""
        self._ranges[file] = ranges
        self._flush()

    def done(self, file: int, number: int, result: WarcRangeResult) -> None:
        """Range ``number`` of file ``file`` finished."""
        self._waiting[(file, number)] = result
        self._flush()

    def _flush(self) -> None:
        while self.files_written < self._files and self.files_written in self._ranges:
            file = self.files_written
            if self._next_range == self._ranges[file]:
                self.files_written, self._next_range = file + 1, 0
                continue
            result = self._waiting.pop((file, self._next_range), None)
            if result is None:
                return
            write_results(result.results, self.out, result.range.path)
            self.total.add(result.stats)
            self._next_range += 1


def _planned(future: Future[list[WarcRange]], path: str) -> list[WarcRange]:
    try:
        ranges: list[WarcRange] = future.result()
        return ranges
    except Exception:  # noqa: BLE001 - see below
        # split_warc does not raise for bad data; this is the cluster's own failure (the pass's
        # worker died too often). Reading the file whole still gets its pages, or its failure.
        return [WarcRange(path)]


def _range_result(future: Future[WarcRangeResult], part: WarcRange) -> WarcRangeResult:
    try:
        result: WarcRangeResult = future.result()
        return result
    except Exception as error:  # noqa: BLE001 - any task error becomes this range's failure
        # extract_warc_range does not raise for bad data; what arrives here is the cluster's
        # own failure (KilledWorker, lost connection), recorded so the other ranges still count.
        return lost_range(part, error)


# --------------------------------------------------------------------------------------------
# Fetching


@dataclass(frozen=True)
class FetchPartition:
    """The URLs of some hosts: every URL of a host is in exactly one partition."""

    index: int
    urls: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"part-{self.index:0{PARTITION_DIGITS}d}"

    @property
    def digest(self) -> str:
        """Identifies the URL list, so a resumed run redoes a partition whose URLs changed."""
        return hashlib.sha256("\n".join(self.urls).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PartitionReport:
    """What one fetch partition did; also the content of its ``.done`` marker."""

    index: int
    digest: str
    urls: int
    fetch_failures: int
    articles: int
    failures: int
    warc: str
    jsonl: str
    resumed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def host_partition(url: str, npartitions: int) -> int:
    """The partition of ``url``'s host: a stable hash (the same on every machine and run,
    unlike ``hash()``), so a resumed run assigns every URL to the partition it had before."""
    digest = hashlib.blake2b(host_key(url).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % npartitions


def partition_by_host(urls: Iterable[str], npartitions: int) -> list[FetchPartition]:
    """Split URLs into at most ``npartitions`` partitions by host; empty ones are dropped.

    Blank lines and ``#`` comments are skipped; URL order within a host is kept.
    """
    if npartitions < 1:
        raise ValueError(f"npartitions must be at least 1, got {npartitions}")
    groups: dict[int, list[str]] = {}
    for line in urls:
        url = line.strip()
        if url and not url.startswith("#"):
            groups.setdefault(host_partition(url, npartitions), []).append(url)
    return [FetchPartition(index, tuple(groups[index])) for index in sorted(groups)]


def fetch_partition(
    partition: FetchPartition,
    out_dir: str | os.PathLike[str],
    *,
    fetch_options: FetchOptions | None = None,
    extract_options: ExtractOptions | None = None,
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
) -> PartitionReport:
    """Fetch one partition's URLs into its WARC and extract each page on the runner (in a
    killable process under ``page_timeout``) into its JSONL, then mark it done.

    Skipped (``resumed=True``) when a done marker for the same URL list exists. Files are
    written under ``.partial`` names and renamed when complete, and the marker is written
    last, so a partition killed half-way leaves no marker and is redone from scratch.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    marker = out / f"{partition.name}.done"
    previous = _read_marker(marker, partition.digest)
    if previous is not None:
        return previous
    warc, jsonl = out / f"{partition.name}.warc.gz", out / f"{partition.name}.jsonl"
    warc_partial, jsonl_partial = _partial(warc), _partial(jsonl)
    for leftover in (warc_partial, jsonl_partial):
        leftover.unlink(missing_ok=True)  # a dead run's half-written file: start clean

    with open(jsonl_partial, "w", encoding="utf-8") as lines:
        stats = anyio.run(lambda: fetch_to_jsonl(
            partition.urls, lines, options=fetch_options, extract_options=extract_options,
            warc_path=warc_partial, workers=1 if page_timeout else 0, page_timeout=page_timeout,
        ))
        _sync(lines)
    if warc_partial.exists():
        os.replace(warc_partial, warc)
    os.replace(jsonl_partial, jsonl)
    report = PartitionReport(
        index=partition.index,
        digest=partition.digest,
        urls=len(partition.urls),
        fetch_failures=sum(stats.errors[code] for code in FETCH_CODES),
        articles=stats.done - stats.failed,
        failures=stats.failed,
        warc=warc.name if warc.exists() else "",
        jsonl=jsonl.name,
    )
    _write_atomically(marker, json.dumps(report.to_dict()))
    return report


def fetch_urls(
    urls: Iterable[str],
    out_dir: str | os.PathLike[str],
    *,
    npartitions: int = DEFAULT_FETCH_PARTITIONS,
    fetch_options: FetchOptions | None = None,
    extract_options: ExtractOptions | None = None,
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
) -> db.Bag:
    """A bag that fetches ``urls`` politely, host by host, and extracts what it fetched.

    Compute it (``.compute()``, on any scheduler) to run; it yields one `PartitionReport` per
    non-empty partition. ``out_dir`` must be shared by the workers (it is on one machine).
    Rerunning with the same URLs and ``npartitions`` skips partitions already done.
    """
    parts = _one_per_partition(partition_by_host(urls, npartitions))
    reports: db.Bag = parts.map(  # type: ignore[no-untyped-call]
        fetch_partition,
        os.fspath(out_dir),
        fetch_options=fetch_options,
        extract_options=extract_options,
        page_timeout=page_timeout,
    )
    return reports


def _read_marker(marker: Path, digest: str) -> PartitionReport | None:
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
        report = PartitionReport(**{**data, "resumed": True})
    except (OSError, ValueError, TypeError):
        return None  # no marker, or one from an older format: redo the partition
    return report if report.digest == digest else None


def _partial(path: Path) -> Path:
    return path.with_name(path.name + PARTIAL_SUFFIX)


def _sync(stream: TextIO) -> None:
    stream.flush()
    os.fsync(stream.fileno())


def _write_atomically(path: Path, text: str) -> None:
    """Write via a temporary name and rename: readers see the old state or the whole file."""
    partial = _partial(path)
    with open(partial, "w", encoding="utf-8") as stream:
        stream.write(text)
        _sync(stream)
    os.replace(partial, path)
