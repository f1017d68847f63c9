"""extractor.dask on a real LocalCluster of 2 worker processes (no mocks, loopback only)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import dask
import psutil
import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from extractor import Article, ExtractFailure, iter_warc
from extractor.cli import app
from extractor.dask import (
    PartitionReport,
    extract_warcs,
    fetch_urls,
    host_partition,
    partition_by_host,
)
from extractor.fetcher import FetchOptions
from support import assert_valid_record, without_run
from test_warc import WarcBuilder, article_html, mixed_warc

#: How long the test waits for the cluster to show work in progress before killing a worker.
BUSY_WAIT = 30.0


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster, Client(cluster) as client:
        yield client


def story_warc(path: Path, name: str, pages: int) -> Path:
    builder = WarcBuilder()
    for n in range(pages):
        builder.html(f"https://{name}.example/story/{n}", f"{name} story {n}", extra=name)
    return builder.save(path)


def as_lines(results: list[Article | ExtractFailure]) -> list[str]:
    return sorted(json.dumps(r.to_dict(), sort_keys=True) for r in results)


def expected_lines(paths: list[Path]) -> list[str]:
    return as_lines([r for path in paths for r in iter_warc(path)])


def in_order(paths: list[Path]) -> list[str]:
    """What reading the files one after the other in this process gives, as JSON lines."""
    return [json.dumps(without_run(r.to_dict()), sort_keys=True)
            for path in paths for r in iter_warc(path)]


def test_extract_warcs_bag_matches_iter_warc(client: Client, tmp_path: Path) -> None:
    paths = [mixed_warc(tmp_path / "mixed.warc.gz"), story_warc(tmp_path / "a.warc.gz", "a", 5)]
    bag = extract_warcs(paths, page_timeout=30, records_per_task=None)
    assert bag.npartitions == 2
    results = bag.compute()
    assert as_lines(results) == expected_lines(paths)
    assert sum(isinstance(r, Article) for r in results) == 9


def test_files_cut_into_ranges_give_the_same_results_in_input_order(
    client: Client, tmp_path: Path
) -> None:
    plain = WarcBuilder(gzip=False)
    for n in range(7):
        plain.html(f"https://p.example/{n}", f"P story {n}")
    one_stream = tmp_path / "one-stream.warc.gz"
    one_stream.write_bytes(gzip.compress(plain.buffer.getvalue()))
    paths = [story_warc(tmp_path / "big.warc.gz", "big", 11), mixed_warc(tmp_path / "m.warc.gz"),
             one_stream]
    bag = extract_warcs(paths, page_timeout=30, records_per_task=3)
    # 11 records in 4 ranges, 10 in 4, and the single-stream file whole.
    assert bag.npartitions == 9
    results = bag.compute()
    assert [json.dumps(without_run(r.to_dict()), sort_keys=True) for r in results] == in_order(paths)
    lines = extract_warcs(paths, page_timeout=30, records_per_task=3, as_json=True).compute()
    assert [without_run(assert_valid_record(line)) for line in lines] == [
        without_run(result.to_dict()) for result in results]


def test_results_stay_complete_when_a_worker_is_killed_mid_run(
    client: Client, tmp_path: Path
) -> None:
    # Two files of 90 pages in 30-record ranges: 6 tasks spread over both workers.
    paths = [story_warc(tmp_path / f"{n}.warc.gz", f"site{n}", 90) for n in range(2)]
    future = client.compute(extract_warcs(paths, page_timeout=30, records_per_task=30))
    victim = _busy_worker(client)
    killed = client.run(os.getpid)[victim]
    psutil.Process(killed).kill()
    results = future.result(timeout=120)
    assert [json.dumps(without_run(r.to_dict()), sort_keys=True) for r in results] == in_order(paths)
    assert len(results) == 180
    # The nanny brought the worker back: the cluster is two processes strong again.
    client.wait_for_workers(2, timeout=60)
    assert killed not in client.run(os.getpid).values()


def _busy_worker(client: Client) -> str:
    """The address of a worker that is running a task right now."""
    deadline = time.monotonic() + BUSY_WAIT
    while time.monotonic() < deadline:
        busy = [worker for worker, keys in client.processing().items() if keys]
        if busy:
            return busy[0]
        time.sleep(0.02)
    raise AssertionError("no worker started a task")


def test_cli_runs_on_a_scheduler_and_on_a_local_cluster(client: Client, tmp_path: Path) -> None:
    paths = [mixed_warc(tmp_path / "m.warc.gz"), story_warc(tmp_path / "s.warc.gz", "s", 3)]
    expected = in_order(paths)
    runner = CliRunner()
    address = client.scheduler_info()["address"]
    for options in (
        ["--scheduler", address, "--records-per-task", "2"],
        ["--scheduler", address, "--records-per-task", "0"],
        ["--workers", "2"],
    ):
        result = runner.invoke(app, ["warc", *map(str, paths), *options])
        assert result.exit_code == 1, result.output  # the mixed file has 2 broken records
        got = [json.dumps(without_run(assert_valid_record(line)), sort_keys=True)
               for line in result.stdout.splitlines()]
        assert got == expected, options
        assert "13 records: 7 articles, 2 failed, 4 skipped" in result.stderr


def test_a_local_cluster_runs_its_workers_without_the_statistical_profiler() -> None:
    from extractor.dask import cluster_client

    def profiling() -> bool:
        return bool(dask.config.get("distributed.worker.profile.enabled"))

    assert profiling(), "Dask's default, which only our own local clusters change"
    with cluster_client(workers=1) as local:
        assert list(local.run(profiling).values()) == [False]
    assert profiling(), "the setting does not leak into this process's configuration"


# -- fetching ---------------------------------------------------------------------------------

HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3")


class _Site(BaseHTTPRequestHandler):
    hits: Counter[str]

    def do_GET(self) -> None:  # noqa: N802 - the http.server hook name
        self.hits[self.headers["Host"].split(":")[0]] += 1
        if not self.path.startswith("/story/"):
            self.send_error(404)
            return
        body = article_html(f"Story {self.path.rsplit('/', 1)[1]} on {self.headers['Host']}")
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture()
def sites() -> Iterator[tuple[dict[str, int], Counter[str]]]:
    """One small news site on each of three loopback addresses; yields ports and hit counts."""
    hits: Counter[str] = Counter()
    handler = type("Site", (_Site,), {"hits": hits})
    servers = [ThreadingHTTPServer((host, 0), handler) for host in HOSTS]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    yield {host: s.server_address[1] for host, s in zip(HOSTS, servers)}, hits
    for server in servers:
        server.shutdown()
        server.server_close()


def test_urls_are_partitioned_by_host() -> None:
    hosts = ("a.com", "b.com", "c.org", "A.COM")
    urls = [f"https://{host}/{n}" for host in hosts for n in range(3)]
    partitions = partition_by_host(urls + ["", "# comment"], 8)
    seen: dict[str, int] = {}
    for partition in partitions:
        for url in partition.urls:
            host = url.split("/")[2].lower()
            assert seen.setdefault(host, partition.index) == partition.index
    assert sum(len(p.urls) for p in partitions) == 12
    assert host_partition("https://a.com/x", 8) == host_partition("http://A.com:8080/y", 8)
    with pytest.raises(ValueError):
        partition_by_host(urls, 0)


def test_fetch_urls_writes_per_partition_files_and_resumes(
    client: Client, tmp_path: Path, sites: tuple[dict[str, int], Counter[str]]
) -> None:
    ports, hits = sites
    urls = [f"http://{host}:{port}/story/{n}" for host, port in ports.items() for n in range(3)]
    urls.append(f"http://127.0.0.1:{ports['127.0.0.1']}/missing")
    # Pick a partition count that gives each host a partition of its own.
    npartitions = next(
        n for n in range(3, 64) if len({host_partition(u, n) for u in urls}) == len(HOSTS)
    )
    options = FetchOptions(allow_private=True, delay=0, retries=0)
    out = tmp_path / "crawl"

    reports: list[PartitionReport] = fetch_urls(
        urls, out, npartitions=npartitions, fetch_options=options, page_timeout=30
    ).compute()
    assert len(reports) == 3 and not any(r.resumed for r in reports)
    assert sum(r.articles for r in reports) == 9 and sum(r.fetch_failures for r in reports) == 1
    for report in reports:
        assert (out / report.warc).exists() and (out / f"part-{report.index:05d}.done").exists()
        records = [json.loads(line) for line in (out / report.jsonl).read_text().splitlines()]
        hosts = {record["url"].split("/")[2].split(":")[0] for record in records}
        assert len(hosts) == 1, "one partition, one host"
    failures = [
        json.loads(line)
        for report in reports
        for line in (out / report.jsonl).read_text().splitlines()
        if "error" in line
    ]
    assert [f["error"]["type"] for f in failures] == ["FetchError"]
    assert failures[0]["error"]["code"] == "http_status"
    assert not list(out.glob("*.partial"))

    # A run that died while working on one partition: its marker is missing and a half-written
    # file lies around. The rerun redoes that partition only.
    redo = next(r for r in reports if r.articles == 3 and r.fetch_failures == 0)
    (out / f"part-{redo.index:05d}.done").unlink()
    (out / f"{redo.warc}.partial").write_bytes(b"half a record")
    before = hits.copy()
    again: list[PartitionReport] = fetch_urls(
        urls, out, npartitions=npartitions, fetch_options=options, page_timeout=30
    ).compute()
    refetched = {host for host in hits if hits[host] != before[host]}
    assert len(refetched) == 1
    assert sorted((r.index, r.resumed) for r in again) == sorted(
        (r.index, r.index != redo.index) for r in reports
    )
    assert sum(r.articles for r in again) == 9
    assert not list(out.glob("*.partial"))


def test_no_files_is_an_empty_bag() -> None:
    assert extract_warcs([]).compute(scheduler="sync") == []


def test_a_range_size_below_one_is_refused_before_any_task_runs(tmp_path: Path) -> None:
    path = story_warc(tmp_path / "s.warc.gz", "s", 3)
    with pytest.raises(ValueError, match="records_per_task"):
        extract_warcs([path], records_per_task=0)


def test_import_extractor_does_not_import_dask() -> None:
    code = "import sys, extractor; print('dask' in sys.modules, 'extractor.dask' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# -- the one road: what the warc command does, a Dask partition does -----------------------


def test_a_page_that_hangs_in_a_warc_partition_is_the_runners_failure_and_the_run_goes_on(
    client: Client, tmp_path: Path
) -> None:
    from test_warc_worker import LIMIT, assert_placed, pages_around_a_huge_one

    paths = [pages_around_a_huge_one(tmp_path / "huge.warc.gz"), story_warc(tmp_path / "s.warc.gz", "s", 2)]
    results = extract_warcs(paths, page_timeout=LIMIT, records_per_task=None).compute()
    kinds = [r.code if isinstance(r, ExtractFailure) else r.headline for r in results]
    assert kinds == ["Before", "page_timeout", "After", "s story 0", "s story 1"]
    stuck = results[1]
    assert isinstance(stuck, ExtractFailure) and stuck.error_type == "PageTimeoutError"
    assert stuck.url == "https://news.example/huge"
    assert_placed(stuck, paths[0], stuck.url)


def test_warc_partition_lines_validate_and_match_the_warc_command(client: Client, tmp_path: Path) -> None:
    paths = [mixed_warc(tmp_path / "m.warc.gz"), story_warc(tmp_path / "s.warc.gz", "s", 4)]
    lines = extract_warcs(paths, page_timeout=30, records_per_task=3, as_json=True).compute()
    records = [assert_valid_record(line) for line in lines]
    assert sum("error" in r for r in records) == 2, "the mixed file's two broken records"
    assert all(r["run"]["source"] in map(str, paths) for r in records)
    command = CliRunner().invoke(app, ["warc", *map(str, paths)])
    assert [json.loads(line) for line in command.stdout.splitlines()] == records


def test_a_range_the_cluster_lost_is_a_worker_crashed_record() -> None:
    from extractor.warc import WarcRange
    from extractor.warc.batch import lost_range

    part = WarcRange("big.warc.gz", offset=100, first=0, count=7, end=200)
    lost = lost_range(part, OSError("lost the connection to the worker"))
    (failure,) = lost.results
    assert isinstance(failure, ExtractFailure) and failure.code == "worker_crashed"
    assert "big.warc.gz (records 0-6)" in failure.message and lost.stats.failures == 1
    assert failure.origin is not None and failure.origin.offset == 100, "where the range starts"
    assert_valid_record(json.dumps(failure.to_dict()))
