"""Pages per second of the WARC path, in-process and on a local Dask cluster of 1 and 2 workers.

    python bench/warc.py [--corpus ../shared/corpus] [--pages 5000] [--files 8]
                         [--page-timeout 30] [--reader auto]

Builds, in a temporary directory, ``--files`` gzipped WARC files holding at least ``--pages``
HTML responses made from the corpus pages (each page repeated under distinct URLs as often as
needed), plus one non-HTML record per 20 pages so skipping is exercised. Then times:

* ``iter_warc`` in this process, no time limit (the floor: read + extract);
* ``iter_warc`` in this process with the per-page time limit (adds the child process and IPC);
* ``extract_warcs`` on a LocalCluster of 1 and of 2 worker processes (one thread each, with
  the per-page time limit), cluster start-up excluded.

Targets (issue 6): >= 250 pages/s per worker process, >= 1.7x from 1 to 2 workers. The
machine's other load counts: the script prints the load average beside the figures.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from extractor import Article, iter_warc  # noqa: E402
from extractor.warc import DEFAULT_PAGE_TIMEOUT, READER_NAMES, ReaderName  # noqa: E402

#: One non-HTML response is written after every this many pages.
NON_HTML_EVERY = 20


def corpus_pages(corpus: Path) -> list[bytes]:
    pages = [path.read_bytes() for path in sorted(corpus.glob("*/html/*.html"))]
    if not pages:
        raise SystemExit(f"no pages under {corpus}/*/html/ (use --corpus)")
    return pages


def build_warcs(pages: list[bytes], total: int, files: int, directory: Path) -> list[Path]:
    """``files`` WARC files holding ``total`` HTML responses between them, round-robin."""
    paths = [directory / f"bench-{n:02d}.warc.gz" for n in range(files)]
    streams = [open(path, "wb") for path in paths]
    writers = [WARCWriter(stream, gzip=True) for stream in streams]
    html = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    for n in range(total):
        writer = writers[n % files]
        body = pages[n % len(pages)]
        writer.write_record(writer.create_warc_record(
            f"https://bench.example/{n}", "response", payload=io.BytesIO(body),
            length=len(body), http_headers=html,
        ))
        if n % NON_HTML_EVERY == 0:
            writer.write_record(writer.create_warc_record(
                f"https://bench.example/{n}.png", "response", payload=io.BytesIO(b"\x89PNG"),
                length=4, http_headers=image,
            ))
    for stream in streams:
        stream.close()
    return paths


def time_in_process(
    paths: list[Path], page_timeout: float | None, reader: ReaderName
) -> tuple[int, float]:
    start = time.perf_counter()
    pages = 0
    for path in paths:
        pages += sum(1 for _ in iter_warc(path, page_timeout=page_timeout, reader=reader))
    return pages, time.perf_counter() - start


def time_cluster(
    paths: list[Path], workers: int, page_timeout: float, reader: ReaderName
) -> tuple[int, float]:
    from distributed import Client, LocalCluster

    from extractor.dask import extract_warcs

    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster, Client(cluster) as client:
        client.wait_for_workers(workers)
        start = time.perf_counter()
        results = client.compute(
            extract_warcs(paths, page_timeout=page_timeout, reader=reader)
        ).result()
        elapsed = time.perf_counter() - start
    assert sum(isinstance(r, Article) for r in results) > 0.9 * len(results)
    return len(results), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--page-timeout", type=float, default=DEFAULT_PAGE_TIMEOUT)
    parser.add_argument("--reader", choices=READER_NAMES, default="auto")
    parser.add_argument("--skip-in-process", action="store_true")
    args = parser.parse_args()

    pages = corpus_pages(args.corpus)
    with tempfile.TemporaryDirectory(prefix="bench-warc-") as tmp:
        paths = build_warcs(pages, args.pages, args.files, Path(tmp))
        size = sum(path.stat().st_size for path in paths)
        print(f"{args.pages} pages from {len(pages)} corpus pages in {len(paths)} WARC files "
              f"({size / 1e6:.0f} MB gzipped); reader={args.reader}; "
              f"load average before: {os.getloadavg()[0]:.2f}")
        rows: list[tuple[str, int, int, float]] = []
        if not args.skip_in_process:
            rows.append(("in-process, no limit", 1, *time_in_process(paths, None, args.reader)))
            rows.append(("in-process, time limit", 1,
                         *time_in_process(paths, args.page_timeout, args.reader)))
        for workers in (1, 2):
            rows.append(("dask LocalCluster", workers,
                         *time_cluster(paths, workers, args.page_timeout, args.reader)))
        print(f"{'mode':<24} {'workers':>7} {'pages':>6} {'seconds':>8} {'pages/s':>8} "
              f"{'per worker':>10}")
        for mode, workers, count, seconds in rows:
            rate = count / seconds
            print(f"{mode:<24} {workers:>7} {count:>6} {seconds:>8.1f} {rate:>8.0f} "
                  f"{rate / workers:>10.0f}")
        one, two = rows[-2], rows[-1]
        speedup = (two[2] / two[3]) / (one[2] / one[3])
        print(f"speed-up 1 -> 2 workers: {speedup:.2f}x (target >= 1.7x); "
              f"load average after: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
